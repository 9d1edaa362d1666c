import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKpiShop } from '../../test/helpers/load-shop';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import type { DataShape } from '../metrics/types';
import { DEFAULT_DASHBOARD, type Dashboard } from './dashboard';
import {
  computeViews,
  dimensionValuesSql,
  dimensionsFor,
  filterableDimensions,
  funnelView,
  segmentView,
  trendView,
  type Query,
  type ViewRequest,
} from './dashboard-data';

// The hand-made shop (test/fixtures/kpi-shop). Orders, not cancelled:
//   January 2025: O02 mobile 50, O03 desktop 80, O04 mobile 120, O05 mobile 30
//   February 2025: O07 Mon 3 desktop 60, O08 Fri 7 mobile 90, O09 Fri 14 mobile 40,
//                  O10 Thu 20 tablet 70, O11 Thu 27 desktop 110
const FEB = { start: '2025-02-01', end: '2025-03-01' };

let db: Awaited<ReturnType<typeof openDuckDB>>;
let shape: DataShape;
let query: Query;

beforeAll(async () => {
  ({ db, shape } = await openKpiShop(openDuckDB));
  query = (sql) => db.run(sql);
});
afterAll(() => db.close());

const request = (patch: Partial<Dashboard>, extra: Partial<ViewRequest> = {}): ViewRequest => ({
  range: FEB,
  compare: 'previous',
  grain: 'week',
  dashboard: { ...DEFAULT_DASHBOARD, ...patch },
  ...extra,
});

describe('segment view', () => {
  it('ranks the focus KPI by segment with the comparison period (January)', async () => {
    const result = await segmentView(query, shape, request({ focus: 'revenue', segment: 'device' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.data.rows).toEqual([
      { segment: 'desktop', value: 170, comparison: 80 },
      { segment: 'mobile', value: 130, comparison: 200 },
      { segment: 'tablet', value: 70, comparison: 0 },
    ]);
  });

  it('puts the segments past the top into "Other", computed as one segment', async () => {
    const result = await segmentView(query, shape, request({ focus: 'aov', segment: 'device' }, { top: 1 }));
    if (!result.ok) throw new Error(result.reason);
    // AOV: tablet 70/1, desktop 170/2 = 85, mobile 130/2 = 65. Top 1: desktop. Other (mobile
    // and tablet): 200 / 3; in January mobile only: 200 / 3 too.
    expect(result.data.rows.map((r) => r.segment)).toEqual(['desktop', 'Other']);
    expect(result.data.rows[1]?.value).toBeCloseTo(200 / 3, 9);
    expect(result.data.rows[1]?.comparison).toBeCloseTo(200 / 3, 9);
  });

  it('gives the top segments per period for the small multiples', async () => {
    const result = await segmentView(query, shape, request({ focus: 'revenue', segment: 'device' }));
    if (!result.ok) throw new Error(result.reason);
    const week = (day: string) => Date.parse(`${day}T00:00:00Z`);
    const desktop = result.data.trends.filter((t) => t.segment === 'desktop');
    // Weeks from Monday 27 Jan (clipped to 1–2 Feb): desktop O07 (week of 3 Feb), O11 (24 Feb).
    expect(desktop.map((t) => [t.period, t.value])).toEqual([
      [week('2025-01-27'), 0],
      [week('2025-02-03'), 60],
      [week('2025-02-10'), 0],
      [week('2025-02-17'), 0],
      [week('2025-02-24'), 110],
    ]);
  });

  it('says why a KPI cannot be split by the dimension', async () => {
    const result = await segmentView(query, shape, request({ focus: 'nps', segment: 'device' }));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('Not available by device') });
  });
});

describe('trend view', () => {
  it('gives the focus KPI per period and the look-back for unusual days', async () => {
    const result = await trendView(query, shape, request({ focus: 'revenue' }, { grain: 'day' }));
    if (!result.ok) throw new Error(result.reason);
    const { current, history } = result.data;
    expect(current).toHaveLength(28);
    expect(
      current.filter((p) => p.value !== 0).map((p) => [new Date(p.period).getUTCDate(), p.value]),
    ).toEqual([
      [3, 60],
      [7, 90],
      [14, 40],
      [20, 70],
      [27, 110],
    ]);
    // 56 days before 1 February: from 7 December 2024; O01 (10 Dec, 100) is in it.
    expect(history).toHaveLength(56 + 28);
    expect(new Date(history[0]?.period ?? 0).toISOString().slice(0, 10)).toBe('2024-12-07');
    expect(history.find((p) => p.period === Date.UTC(2024, 11, 10))?.value).toBe(100);
  });

  it('judges a range that starts mid-week on whole weeks before it', async () => {
    // Wednesday 5 February to 1 March, by week: the week of Monday 3 February is clipped to the
    // range in the line (O08 90, not O07 of the 3rd) and whole in the look-back (60 + 90).
    const range = { start: '2025-02-05', end: '2025-03-01' };
    const result = await trendView(query, shape, request({ focus: 'revenue' }, { grain: 'week', range }));
    if (!result.ok) throw new Error(result.reason);
    const { current, history } = result.data;
    const week = (iso: string, list: typeof current): number | null | undefined =>
      list.find((p) => p.period === Date.parse(`${iso}T00:00:00Z`))?.value;
    expect(current.map((p) => p.value)).toEqual([90, 40, 70, 110]);
    expect(week('2025-02-03', history)).toBe(150);
    // 56 days before: Wednesday 11 December, so O01 (Tuesday 10 December, 100) is outside.
    expect(history).toHaveLength(12);
    expect(history[0]).toEqual({ period: Date.UTC(2024, 11, 9), value: 0 });
    expect(history.slice(-3)).toEqual(current.slice(-3));
  });

  it('draws the comparison on the current periods', async () => {
    const result = await trendView(query, shape, request({ focus: 'revenue' }, { grain: 'month' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.data.current.map((p) => p.value)).toEqual([370]);
    expect(result.data.comparison).toEqual([{ period: Date.UTC(2025, 1, 1), value: 280 }]);
  });
});

describe('computeViews', () => {
  it('computes the visible views under the filters, and says what each needs', async () => {
    const views = await computeViews(
      () => query,
      shape,
      request({
        views: ['products', 'traffic', 'peaks'],
        filters: [{ dimension: 'category', values: ['Textiles', 'Lighting'] }],
      }),
    );
    expect(Object.keys(views)).toEqual(['products', 'traffic', 'peaks']);
    if (!views.products?.ok) throw new Error('products');
    // Textiles and Lighting in February: O08 Throw 90, O11 Throw 110, O10 Lamp 70.
    expect(views.products.data.map((r) => [r.product, r.revenue])).toEqual([
      ['Throw', 200],
      ['Lamp', 70],
    ]);
    // Sessions and orders (as a whole) have no category.
    expect(views.traffic).toMatchObject({ ok: false, reason: expect.stringContaining('category') });
    expect(views.peaks).toMatchObject({ ok: false });
  });

  it('lists the dimensions a KPI can be split by on this data', () => {
    expect(dimensionsFor('revenue', shape)).toEqual(
      expect.arrayContaining(['channel', 'device', 'country', 'customer_type', 'weekday', 'hour', 'cohort']),
    );
    expect(dimensionsFor('revenue', shape)).not.toContain('category');
    expect(dimensionsFor('nps', shape)).toEqual([]);
  });
});

describe('dimension values', () => {
  it('lists the dimensions the data has, and a dimension’s values by frequency', async () => {
    const dims = filterableDimensions(shape);
    expect(dims).toEqual(
      expect.arrayContaining(['channel', 'device', 'country', 'category', 'landing_page']),
    );
    const sql = dimensionValuesSql('country', shape);
    if (!sql) throw new Error('no country');
    // Orders not cancelled: NL O00 O01 O02 O04 O08 O09 O11; DE O03 O07; BE O05 O10.
    expect((await query(sql)).map((r) => [r.value, r.n])).toEqual([
      ['NL', 7],
      ['BE', 2],
      ['DE', 2],
    ]);
    expect(dimensionValuesSql('brand', shape)).toBeNull();
  });
});

describe('funnel view', () => {
  it('gives the funnel, and one per top landing page', async () => {
    const result = await funnelView(query, shape, request({}));
    if (!result.ok) throw new Error(result.reason);
    // As the catalogue test has it for February: 5 visits, 2 with a purchase.
    expect(result.data.rows.map((r) => Number(r.sessions))).toEqual([5, 4, 4, 3, 2]);
    // February's five visits land on five pages, one each; the top four by visits, then by name.
    expect(result.data.segments.map((p) => [p.segment, p.rows.map((r) => Number(r.sessions))])).toEqual([
      ['/', [1, 1, 1, 1, 1]],
      ['/blog/x', [1, 0, 0, 0, 0]],
      ['/blog/y', [1, 1, 1, 0, 0]],
      ['/products/a1', [1, 1, 1, 1, 0]],
    ]);
  });
});
