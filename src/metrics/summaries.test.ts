import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShop, openKpiShop } from '../../test/helpers/load-shop';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { METRICS } from './catalogue';
import { compileKpis, type KpiRequest } from './compile';
import { RELATIONS, type DimensionId } from './relations';
import { additiveParts, measureName, summedAggregate } from './summaries';
import type { DataShape } from './types';

type Db = Awaited<ReturnType<typeof openDuckDB>>;

describe('which aggregates add up over days and segments', () => {
  const orders = RELATIONS.orders;
  const sessions = RELATIONS.sessions;
  const calls = (sql: string) => additiveParts(sql, orders)?.map((p) => p.text) ?? null;

  it('takes sums and counts, with their filters, joined by arithmetic and NULLIF', () => {
    expect(calls('sum(revenue)')).toEqual(['sum(revenue)']);
    expect(calls('count(*) FILTER (WHERE customer_key IS NULL) / NULLIF(count(*), 0)')).toEqual([
      'count(*) FILTER (WHERE customer_key IS NULL)',
      'count(*)',
    ]);
    expect(calls("sum(revenue) FILTER (WHERE channel = 'web (shop)') - sum(refunded_amount)")).toEqual([
      "sum(revenue) FILTER (WHERE channel = 'web (shop)')",
      'sum(refunded_amount)',
    ]);
  });

  it('leaves distinct counts, averages, quantiles, period bounds and window columns to the rows', () => {
    expect(calls('count(DISTINCT customer_key)')).toBeNull();
    expect(calls('avg(revenue)')).toBeNull();
    expect(calls('sum(revenue) / count(*) + max(revenue)')).toBeNull();
    expect(calls('quantile_cont(revenue, 0.75)')).toBeNull();
    expect(calls('count(*) FILTER (WHERE first_ordered_at < $start)')).toBeNull();
    expect(additiveParts('count(*) FILTER (WHERE visit_number = 1)', sessions)).toBeNull();
    expect(calls('revenue')).toBeNull();
  });

  it('sums each call’s column over the summary rows', () => {
    const sql = 'count(*) FILTER (WHERE customer_key IS NULL) / NULLIF(count(*), 0)';
    const parts = additiveParts(sql, orders) ?? [];
    expect(summedAggregate(sql, parts)).toBe(
      `sum(${measureName('count(*) FILTER (WHERE customer_key IS NULL)')}) / NULLIF(sum(${measureName('count(*)')}), 0)`,
    );
    expect(measureName('count(*)')).toBe(measureName('count(*)  '));
    expect(measureName('count(*)')).not.toBe(measureName('count(order_id)'));
  });
});

/** The shape without summary tables: every KPI reads the rows. */
const rowsOnly = (shape: DataShape): DataShape => ({ ...shape, facts: { ...shape.facts, summaries: {} } });

/** The same rows, numbers equal to 1e-9 of their size (summing sums adds in another order). */
function expectSameRows(
  actual: Record<string, unknown>[],
  expected: Record<string, unknown>[],
  label: string,
): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((row, i) => {
    const other = expected[i] ?? {};
    expect(Object.keys(row), label).toEqual(Object.keys(other));
    for (const [key, value] of Object.entries(row)) {
      const want = other[key];
      if (typeof value === 'number' && typeof want === 'number' && Number.isFinite(want))
        expect(Math.abs(value - want), `${label} ${key}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(want)),
        );
      else expect(value, `${label} ${key}`).toEqual(want);
    }
  });
}

/**
 * Every scalar KPI for a set of requests, once from the summaries and once from the rows: the
 * same rows. Returns how many requests read a summary table.
 */
async function sameBothWays(db: Db, shape: DataShape, requests: KpiRequest[]): Promise<number> {
  const ids = METRICS.filter((m) => m.kind === 'scalar').map((m) => m.id);
  let summarised = 0;
  for (const request of requests) {
    const withSummaries = compileKpis(ids, request, shape);
    const withRows = compileKpis(ids, request, rowsOnly(shape));
    expect(withSummaries.computed).toEqual(withRows.computed);
    if (!withSummaries.sql || !withRows.sql) continue;
    if (withSummaries.sql.includes('main.summary_')) summarised++;
    expect(withRows.sql).not.toContain('main.summary_');
    expectSameRows(await db.run(withSummaries.sql), await db.run(withRows.sql), JSON.stringify(request));
  }
  return summarised;
}

describe('the summary tables on the hand-made shop', () => {
  let db: Db;
  let shape: DataShape;
  beforeAll(async () => {
    ({ db, shape } = await openKpiShop(openDuckDB));
  });
  afterAll(() => db.close());

  it('hold one row per day and value of each split, with the sums of its orders', async () => {
    // January 2025, not cancelled: O02 mobile 50, O03 desktop 80, O04 mobile 120, O05 mobile 30.
    const revenue = measureName('sum(revenue)');
    const orders = measureName('count(order_id)');
    const rows = await db.run(
      `SELECT device, sum(${revenue}) AS revenue, sum(${orders}) AS orders FROM main.summary_orders
       WHERE split = 'device' AND day_start >= TIMESTAMP '2025-01-01' AND day_start < TIMESTAMP '2025-02-01'
       GROUP BY device ORDER BY device`,
    );
    expect(rows).toEqual([
      { device: 'desktop', revenue: 80, orders: 1 },
      { device: 'mobile', revenue: 200, orders: 3 },
    ]);
    const [whole] = await db.run(
      `SELECT sum(${revenue}) AS revenue FROM main.summary_orders
       WHERE split = '' AND day_start >= TIMESTAMP '2025-01-01' AND day_start < TIMESTAMP '2025-02-01'`,
    );
    expect(whole).toEqual({ revenue: 280 });
    expect(shape.facts.summaries?.orders).toContain('device');
    expect(shape.facts.summaries?.sessions).toContain('');
  });

  it('give every KPI the values the rows give, split, filtered, per period and compared', async () => {
    const range = { start: '2025-01-01', end: '2025-03-01' };
    const splits: DimensionId[] = [
      'device',
      'channel',
      'source_class',
      'country',
      'customer_type',
      'cohort',
      'weekday',
    ];
    const requests: KpiRequest[] = [
      { range, compare: 'previous' },
      { range, grain: 'week', compare: 'last-year' },
      { range: { start: '2025-02-01', end: '2025-03-01' }, grain: 'day', compare: 'previous' },
      ...splits.map((segment): KpiRequest => ({ range, compare: 'previous', segment })),
      { range, grain: 'month', segment: 'device', filters: [{ dimension: 'device', values: ['mobile'] }] },
      { range, filters: [{ dimension: 'device', values: ['mobile'], exclude: true }], compare: 'previous' },
      { range, segment: 'weekday', filters: [{ dimension: 'device', values: ['desktop'] }] },
      // Two dimensions: no summary holds both, the rows answer.
      { range, segment: 'country', filters: [{ dimension: 'device', values: ['mobile'] }] },
      // A range that does not start at midnight: the rows answer.
      { range: { start: '2025-01-01T12:00:00', end: '2025-03-01' } },
    ];
    const summarised = await sameBothWays(db, shape, requests);
    expect(summarised).toBeGreaterThanOrEqual(requests.length - 2);
  });
});

const DEMO = fileURLToPath(new URL('../../sample-data/', import.meta.url));

describe('the summary tables on the demo shop', () => {
  let db: Db;
  let shape: DataShape;
  beforeAll(async () => {
    db = await openDuckDB();
    await db.run('CREATE SCHEMA files');
    const files = readdirSync(DEMO).filter((f) => f.endsWith('.csv.gz'));
    shape = await loadShop(
      db,
      files.map((f) => join(DEMO, f)),
    );
  });
  afterAll(() => db.close());

  it('give every KPI the values the rows give', async () => {
    const range = { start: '2025-07-01', end: '2025-10-01' };
    const requests: KpiRequest[] = [
      { range, compare: 'previous' },
      { range, grain: 'week', compare: 'previous' },
      { range, segment: 'source_class', compare: 'last-year' },
      {
        range,
        grain: 'month',
        segment: 'channel',
        filters: [{ dimension: 'channel', values: ['online_store'] }],
      },
      { range, segment: 'country', compare: 'previous' },
    ];
    const summarised = await sameBothWays(db, shape, requests);
    expect(summarised).toBe(requests.length);
  });
});

describe('a split with too many values per day', () => {
  let db: Db;
  let shape: DataShape;
  beforeAll(async () => {
    // One day, 250 orders, each from a campaign of its own; two devices.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-summary-'));
    const lines = ['order_id,ordered_at,customer_id,device,campaign,revenue'];
    for (let i = 1; i <= 250; i++)
      lines.push(`A${i},2025-03-03 10:00:00,C${i},${i % 2 ? 'mobile' : 'desktop'},spring-${i},${i}`);
    writeFileSync(join(dir, 'orders.csv'), lines.join('\n'));
    db = await openDuckDB();
    await db.run('CREATE SCHEMA files');
    shape = await loadShop(db, [join(dir, 'orders.csv')]);
  });
  afterAll(() => db.close());

  it('is left out of the summary, and its KPIs read the rows', async () => {
    expect(shape.facts.summaries?.orders).toContain('device');
    expect(shape.facts.summaries?.orders).not.toContain('campaign');
    const request: KpiRequest = {
      range: { start: '2025-03-03', end: '2025-03-04' },
      filters: [{ dimension: 'campaign', values: ['spring-7', 'spring-8'] }],
    };
    const compiled = compileKpis(['revenue', 'orders'], request, shape);
    expect(compiled.sql).not.toContain('main.summary_');
    const [current] = await db.run(compiled.sql ?? '');
    expect(current).toMatchObject({ key: 'current', revenue: 15, orders: 2 });
    // Split by device, the summary answers: odd numbers are mobile (1 + 3 + … + 249 = 15625).
    const byDevice = compileKpis(['revenue'], { ...request, filters: [], segment: 'device' }, shape);
    expect(byDevice.sql).toContain('main.summary_orders');
    expect(await db.run(byDevice.sql ?? '')).toMatchObject([
      { segment: 'desktop', revenue: 15750 },
      { segment: 'mobile', revenue: 15625 },
    ]);
  });
});
