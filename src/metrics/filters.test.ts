import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKpiShop } from '../../test/helpers/load-shop';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { compileKpis, type KpiRequest } from './compile';
import { RELATIONS, relationSql, type DimensionId } from './relations';
import { compileSeries } from './series';
import type { DataShape } from './types';

// The dashboard's filters and the dimensions its heatmaps filter by, on the hand-made shop
// (test/fixtures/kpi-shop). February 2025's orders, not cancelled:
//   O07 Mon 3 Feb 10:00 C2 DE  60   (C2's first order: O03, Jan 2025)
//   O08 Fri 7 Feb 11:00 C4 NL  90   (C4's first order)
//   O09 Fri 14 Feb 20:00 C4 NL 40   no source
//   O10 Thu 20 Feb 15:00 C5 BE 70   (C5's first order)
//   O11 Thu 27 Feb 09:00 C1 NL 110  no source (C1's first order: O01, Dec 2024)
const FEB = { start: '2025-02-01', end: '2025-03-01' };

let db: Awaited<ReturnType<typeof openDuckDB>>;
let shape: DataShape;

beforeAll(async () => {
  ({ db, shape } = await openKpiShop(openDuckDB));
});
afterAll(() => db.close());

async function revenueAndOrders(request: KpiRequest): Promise<[unknown, unknown]> {
  const compiled = compileKpis(['revenue', 'orders'], request, shape);
  if (!compiled.sql) throw new Error('nothing to compute');
  const [row] = await db.run(compiled.sql);
  return [row?.revenue, row?.orders];
}

async function revenueBy(segment: DimensionId): Promise<Record<string, number>> {
  const compiled = compileKpis(['revenue'], { range: FEB, segment }, shape);
  if (!compiled.sql) throw new Error('nothing to compute');
  const rows = await db.run(compiled.sql);
  return Object.fromEntries(rows.map((r) => [String(r.segment), Number(r.revenue)]));
}

describe('filters', () => {
  it('keep the rows whose value is empty under "(not set)", as the segment bars label them', async () => {
    // O09 and O11 have no source.
    expect(
      await revenueAndOrders({ range: FEB, filters: [{ dimension: 'source', values: ['(not set)'] }] }),
    ).toEqual([150, 2]);
  });

  it('leave out the values of an exclude filter (the "Other" bar)', async () => {
    // Not NL: O07 (DE, 60) and O10 (BE, 70).
    expect(
      await revenueAndOrders({
        range: FEB,
        filters: [{ dimension: 'country', values: ['NL'], exclude: true }],
      }),
    ).toEqual([130, 2]);
  });

  it('combine across dimensions (and) and within one (or)', async () => {
    // NL and (mobile or tablet): O08 and O09.
    const filters = [
      { dimension: 'country' as const, values: ['NL'] },
      { dimension: 'device' as const, values: ['mobile', 'tablet'] },
    ];
    expect(await revenueAndOrders({ range: FEB, filters })).toEqual([130, 2]);
  });

  it('apply to series KPIs too', async () => {
    const compiled = compileSeries(
      'peak_periods',
      { range: FEB, filters: [{ dimension: 'country', values: ['NL'] }] },
      shape,
    );
    if (!compiled.ok) throw new Error(compiled.reason);
    const rows = await db.run(compiled.sql);
    const months = rows.filter((r) => r.kind === 'month');
    expect(months.map((r) => [Number(r.month), Number(r.orders), Number(r.revenue)])).toEqual([[2, 3, 240]]);
  });
});

describe('the heatmaps’ dimensions', () => {
  it('split orders by ISO weekday (1 = Monday)', async () => {
    expect(await revenueBy('weekday')).toEqual({ '1': 60, '4': 180, '5': 130 });
  });

  it('split orders by hour of day', async () => {
    expect(await revenueBy('hour')).toEqual({ '9': 110, '10': 60, '11': 90, '15': 70, '20': 40 });
  });

  it('split orders by the month of the customer’s first order, over all history', async () => {
    expect(await revenueBy('cohort')).toEqual({ '2024-12': 110, '2025-01': 60, '2025-02': 200 });
  });

  it('filter by a heatmap cell: Friday orders, and the January 2025 cohort', async () => {
    expect(
      await revenueAndOrders({ range: FEB, filters: [{ dimension: 'weekday', values: ['5'] }] }),
    ).toEqual([130, 2]);
    expect(
      await revenueAndOrders({ range: FEB, filters: [{ dimension: 'cohort', values: ['2025-01'] }] }),
    ).toEqual([60, 1]);
  });
});

describe('relationSql', () => {
  it("joins the order's fields to sale lines only when a KPI reads one of them", () => {
    const lines = RELATIONS.order_lines;
    expect(relationSql(lines, ['sum(quantity)'])).toBe('SELECT * FROM main.order_lines');
    expect(
      relationSql(lines, ['sum(quantity)', "coalesce(CAST(device AS VARCHAR), '(not set)') IN ('mobile')"]),
    ).toContain('JOIN main.orders');
    // A word that only contains a field's name is not the field.
    expect(relationSql(lines, ['max(source_file)'])).toBe('SELECT * FROM main.order_lines');
  });
});
