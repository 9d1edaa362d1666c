import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShop } from '../../test/helpers/load-shop';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { METRICS } from './catalogue';
import { compileKpis, type KpiRequest } from './compile';
import { readScalars } from './results';
import { compileSeries } from './series';
import type { DataShape } from './types';

// The hand-made shop in test/fixtures/kpi-shop (a dozen rows per table, Dec 2024 – Feb 2025,
// plus one order in Feb 2024). Every value below is worked out by hand from those files; the
// working is in test/fixtures/kpi-shop/README.md. Columns: whole range (1 Jan 2024 – 28 Feb
// 2025), January 2025, February 2025, March 2025 (no data: zero denominators).
const WHOLE = { start: '2024-01-01', end: '2025-03-01' };
const JAN = { start: '2025-01-01', end: '2025-02-01' };
const FEB = { start: '2025-02-01', end: '2025-03-01' };
const MAR = { start: '2025-03-01', end: '2025-04-01' };

type V = number | null;
const EXPECTED: Record<string, [whole: V, jan: V, feb: V, mar: V]> = {
  revenue: [790, 280, 370, 0],
  orders: [11, 4, 5, 0],
  aov: [790 / 11, 70, 74, null],
  refunded_amount: [30, 10, 20, 0],
  net_revenue: [760, 270, 350, 0],
  units: [22, 8, 11, 0],
  units_per_order: [2, 2, 2.2, null],
  conversion_rate: [5 / 12, 0.5, 3 / 7, null],
  revenue_per_visit: [790 / 12, 70, 370 / 7, null],
  customers: [6, 3, 4, 0],
  new_customers: [6, 2, 2, 0],
  returning_customers: [0, 1, 2, 0],
  returning_customer_rate: [0, 1 / 3, 0.5, null],
  guest_order_share: [1 / 11, 0.25, 0, null],
  retention_rate: [null, 1, 0.75, 1],
  repeat_purchase_rate: [0.5, 0, 0.25, null],
  purchase_frequency: [10 / 6, 1, 1.25, null],
  clv: [135, null, 135, 135],
  historical_clv: [760 / 6, 97.5, 760 / 6, 760 / 6],
  ltv_cac_ratio: [135 / (160 / 6), null, 2.7, null],
  sessions: [12, 4, 7, 0],
  visitors: [6, 3, 4, 0],
  traffic_growth: [null, 3, 0.75, -1],
  organic_vs_paid: [0.75, 0.75, 5 / 7, null],
  spend: [160, 60, 100, 0],
  cac: [160 / 6, 30, 50, null],
  cpa: [160 / 11, 15, 20, null],
  leads: [4, 1, 3, 0],
  cost_per_lead: [40, 60, 100 / 3, null],
  cost_per_visit: [160 / 12, 15, 100 / 7, null],
  roas: [170 / 160, 80 / 60, 0.9, null],
  email_signups: [6, 2, 2, 0],
  email_signup_rate: [1, 2 / 3, 0.5, null],
  unsubscribe_rate: [null, 0.5, 1 / 3, 0],
  bounce_rate: [4 / 12, 0.25, 3 / 7, null],
  pageviews: [31, 10, 19, 0],
  pages_per_session: [31 / 12, 2.5, 19 / 7, null],
  avg_session_duration: [1730 / 12, 122.5, 1210 / 7, null],
  sessions_to_purchase: [1.75, 2, 1.5, null],
  add_to_cart_rate: [6 / 7, 1, 0.8, null],
  cart_to_purchase_rate: [0.5, 0.5, 0.5, null],
  cart_abandonment_rate: [0.5, 0.5, 0.5, null],
  checkout_abandonment_rate: [0.25, 0, 1 / 3, null],
  journey_overlap: [2 / 3, 1, 0.5, null],
  returned_units: [4, 1, 3, 0],
  return_rate: [4 / 22, 0.125, 3 / 11, null],
  refund_rate: [30 / 790, 10 / 280, 20 / 370, null],
  page_load_time: [19.3 / 11, 1.875, 10.7 / 6, null],
  page_load_p75: [2.1, 2.25, 2.1, null],
  inventory: [10, 15, 10, 10],
  stock_outs: [1, 1, 1, 1],
  days_of_cover: [10 / (22 / 425), 15 / (8 / 31), 10 / (11 / 28), null],
  nps: [1 / 6, 0, 0.25, null],
  review_score: [44 / 6, 7.5, 7.25, null],
  review_top_share: [0.5, 0.5, 0.5, null],
  support_response_time: [7200, 46_800, 3600, null],
  support_response_p90: [57_600, 78_480, 12_240, null],
};

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/kpi-shop/', import.meta.url));
const SCALARS = METRICS.filter((m) => m.kind === 'scalar' && !m.hidden).map((m) => m.id);

let db: Awaited<ReturnType<typeof openDuckDB>>;
let shape: DataShape;

beforeAll(async () => {
  db = await openDuckDB();
  await db.run('CREATE SCHEMA files');
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));
  shape = await loadShop(
    db,
    files.map((f) => join(FIXTURES, f)),
  );
});
afterAll(() => db.close());

async function run(ids: readonly string[], request: KpiRequest): Promise<Record<string, unknown>[]> {
  const compiled = compileKpis(ids, request, shape);
  if (!compiled.sql) throw new Error('nothing to compute');
  return db.run(compiled.sql);
}

function expectValue(actual: unknown, expected: V, label: string): void {
  if (expected === null) expect(actual, label).toBeNull();
  else {
    // toBeCloseTo takes null for 0: the type is checked first.
    expect(typeof actual, label).toBe('number');
    expect(actual, label).toBeCloseTo(expected, 9);
  }
}

describe('the catalogue on the hand-computed shop', () => {
  it('has a hand-computed value for every scalar KPI a person sees', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...SCALARS].sort());
  });

  it.each([
    ['the whole range', WHOLE, 0],
    ['January', JAN, 1],
    ['February', FEB, 2],
    ['March, a month without data (zero denominators are no value)', MAR, 3],
  ] as const)('computes every KPI over %s', async (_label, range, column) => {
    const values = readScalars(await run(SCALARS, { range }), SCALARS);
    for (const id of SCALARS) expectValue(values[id]?.value, EXPECTED[id]?.[column] ?? null, id);
  });

  it('compares February with the previous period (January, a whole month back)', async () => {
    const values = readScalars(await run(SCALARS, { range: FEB, compare: 'previous' }), SCALARS);
    for (const id of SCALARS) {
      expectValue(values[id]?.value, EXPECTED[id]?.[2] ?? null, id);
      expectValue(values[id]?.previous, EXPECTED[id]?.[1] ?? null, `${id} previous`);
    }
  });

  it('gives one row per month at month grain, equal to each month on its own', async () => {
    const rows = await run(SCALARS, { range: { start: JAN.start, end: FEB.end }, grain: 'month' });
    expect(rows.map((r) => [r.key, String(r.period)])).toEqual([
      ['current', String(new Date('2025-01-01T00:00:00Z'))],
      ['current', String(new Date('2025-02-01T00:00:00Z'))],
    ]);
    for (const id of SCALARS) {
      expectValue(rows[0]?.[id], EXPECTED[id]?.[1] ?? null, `${id} January`);
      expectValue(rows[1]?.[id], EXPECTED[id]?.[2] ?? null, `${id} February`);
    }
  });
});

describe('segments and filters on the hand-computed shop (February)', () => {
  const ids = [
    'revenue',
    'orders',
    'aov',
    'units',
    'sessions',
    'conversion_rate',
    'new_customers',
    'spend',
    'retention_rate',
  ];

  it('splits by device: order and session KPIs per device, and says why the others cannot be split', async () => {
    const compiled = compileKpis(ids, { range: FEB, segment: 'device' }, shape);
    const rows = await db.run(compiled.sql ?? '');
    const by = Object.fromEntries(rows.map((r) => [r.segment, r]));
    expect(Object.keys(by).sort()).toEqual(['desktop', 'mobile', 'tablet']);
    // desktop: O07 60 + O11 110; mobile: O08 90 + O09 40; tablet: O10 70.
    expect([by.desktop?.revenue, by.mobile?.revenue, by.tablet?.revenue]).toEqual([170, 130, 70]);
    expect([by.desktop?.orders, by.mobile?.orders, by.tablet?.orders]).toEqual([2, 2, 1]);
    expect(by.mobile?.aov).toBeCloseTo(65, 9);
    // Units: desktop O07 4 + O11 2; mobile O08 2 (+ a 0-quantity adjustment) + O09 2; tablet O10 1.
    expect([by.desktop?.units, by.mobile?.units, by.tablet?.units]).toEqual([6, 4, 1]);
    // Sessions: desktop S05 S06 S11 (S06 bought), mobile S07 S08 S09 (S08 bought), tablet S10 (bought).
    expect([by.desktop?.sessions, by.mobile?.sessions, by.tablet?.sessions]).toEqual([3, 3, 1]);
    expect(by.desktop?.conversion_rate).toBeCloseTo(1 / 3, 9);
    expect(by.tablet?.conversion_rate).toBe(1);
    // C4's first order (O08) was on mobile, C5's (O10) on a tablet.
    expect([by.desktop?.new_customers, by.mobile?.new_customers, by.tablet?.new_customers]).toEqual([
      0, 1, 1,
    ]);
    expect(compiled.resolutions.spend).toEqual({
      ok: false,
      reason: 'Not available by device: no device in the ad spend.',
    });
    expect(compiled.resolutions.retention_rate).toEqual({
      ok: false,
      reason: 'Not available by device: it follows customers over time, not single orders.',
    });
  });

  it('splits units by category', async () => {
    const rows = await run(['units'], { range: FEB, segment: 'category' });
    // Kitchen: O07 4 plates + O09 2 mugs; Textiles: O08 2 + O11 2; Lighting: O10 1.
    expect(rows.map((r) => [r.segment, r.units])).toEqual([
      ['Kitchen', 6],
      ['Lighting', 1],
      ['Textiles', 4],
    ]);
  });

  it('filters to the Netherlands', async () => {
    const request: KpiRequest = { range: FEB, filters: [{ dimension: 'country', values: ['NL'] }] };
    const compiled = compileKpis([...ids, 'customers', 'returning_customers'], request, shape);
    const values = readScalars(await db.run(compiled.sql ?? ''), compiled.computed);
    // NL orders: O08 90, O09 40, O11 110; NL sessions: S07 S08 S09 S11, S08 bought.
    expect(values.revenue?.value).toBe(240);
    expect(values.orders?.value).toBe(3);
    expect(values.aov?.value).toBe(80);
    expect(values.sessions?.value).toBe(4);
    expect(values.conversion_rate?.value).toBe(0.25);
    // Customers C4 (new: first order O08) and C1 (returning).
    expect([values.customers?.value, values.new_customers?.value, values.returning_customers?.value]).toEqual(
      [2, 1, 1],
    );
    expect(compiled.resolutions.spend?.ok).toBe(false);
  });

  it('filters ad spend by campaign, and orders by the same campaign name where they carry one', async () => {
    const request: KpiRequest = { range: FEB, filters: [{ dimension: 'campaign', values: ['spring'] }] };
    const compiled = compileKpis(['spend', 'leads'], request, shape);
    const values = readScalars(await db.run(compiled.sql ?? ''), compiled.computed);
    expect(values.spend?.value).toBe(70);
    expect(values.leads?.value).toBe(2);
  });
});

describe('availability: what a KPI needs when the data lacks it', () => {
  const only = (tables: Record<string, string[]>, facts: DataShape['facts'] = {}): DataShape => ({
    tables,
    facts,
  });
  const ORDERS = ['order_id', 'ordered_at', 'revenue', 'is_cancelled'];

  it.each([
    ['conversion_rate', 'Add web sessions or events to see this.'],
    ['units_per_order', 'Add order lines (line items with quantity) to see this.'],
    ['new_customers', 'Needs a customer id or e-mail in the orders.'],
    ['cac', 'Add ad spend to see this.'],
    ['add_to_cart_rate', 'Needs add-to-cart events.'],
    ['nps', 'Needs survey answers on a 0–10 scale (1–5 review scores give the review score instead).'],
    ['support_response_time', 'Add support tickets to see this.'],
  ])('%s on orders alone: %s', (id, reason) => {
    const compiled = compileKpis([id], { range: FEB }, only({ orders: ORDERS }));
    expect(compiled.resolutions[id]).toEqual({ ok: false, reason });
    expect(compiled.sql).toBeNull();
  });

  it('gives no NPS from 1–5 review scores, but the review score', () => {
    const shape15 = only({ orders: ORDERS, surveys: ['answered_at', 'score'] }, { surveyScale: '1-5' });
    const compiled = compileKpis(['nps', 'review_score', 'review_top_share'], { range: FEB }, shape15);
    expect(compiled.resolutions.nps?.ok).toBe(false);
    expect(compiled.computed).toEqual(['review_score', 'review_top_share']);
  });

  it('says which way conversion rate was computed', () => {
    const linked = compileKpis(['conversion_rate'], { range: FEB }, shape);
    expect(linked.resolutions.conversion_rate).toMatchObject({
      ok: true,
      note: 'sessions with a purchase / sessions',
    });
    const unlinked = compileKpis(
      ['conversion_rate'],
      { range: FEB },
      only({ orders: ORDERS, sessions: ['session_id', 'started_at'] }),
    );
    expect(unlinked.resolutions.conversion_rate).toMatchObject({
      ok: true,
      note: 'orders / sessions: the sessions carry no purchase',
    });
  });
});

describe('series KPIs on the hand-computed shop (February)', () => {
  async function series(
    id: string,
    request: KpiRequest = { range: FEB },
  ): Promise<Record<string, unknown>[]> {
    const compiled = compileSeries(id, request, shape);
    if (!compiled.ok) throw new Error(compiled.reason);
    return db.run(compiled.sql);
  }

  it('ranks the top products by revenue, with units', async () => {
    // Throw O08 2 × 45 + O11 2 × 55; Lamp O10; Plate O07 4 × 15; Mug O09 2 × 20.
    expect((await series('top_products')).map((r) => [r.product, r.revenue, r.units])).toEqual([
      ['Throw', 200, 4],
      ['Lamp', 70, 1],
      ['Plate', 60, 4],
      ['Mug', 40, 2],
    ]);
  });

  it('counts the funnel steps with their step conversion', async () => {
    const rows = await series('funnel');
    expect(rows.map((r) => [r.name, r.sessions])).toEqual([
      ['sessions', 5],
      ['product_view', 4],
      ['add_to_cart', 4],
      ['checkout', 3],
      ['purchase', 2],
    ]);
    expect(rows.map((r) => Number(r.step_rate).toFixed(4))).toEqual([
      '1.0000',
      '0.8000',
      '1.0000',
      '0.7500',
      '0.6667',
    ]);
  });

  it('follows cohorts by month of first order', async () => {
    const rows = await series('cohort_retention', { range: { start: '2024-12-01', end: FEB.end } });
    expect(rows.map((r) => [String(r.cohort).slice(4, 15), r.months_since, r.customers, r.share])).toEqual([
      ['Dec 01 2024', 0, 1, 1],
      ['Dec 01 2024', 1, 1, 1],
      ['Dec 01 2024', 2, 1, 1],
      ['Jan 01 2025', 0, 2, 1],
      ['Jan 01 2025', 1, 1, 0.5],
      ['Feb 01 2025', 0, 2, 1],
    ]);
  });

  it('finds the peak weekday × hour and the month of year', async () => {
    const rows = await series('peak_periods');
    // O07 Monday 10 h, O08 Friday 11 h, O09 Friday 20 h, O10 Thursday 15 h, O11 Thursday 9 h.
    expect(rows.filter((r) => r.kind === 'weekday-hour').map((r) => [r.weekday, r.hour, r.orders])).toEqual([
      [1, 10, 1],
      [4, 9, 1],
      [4, 15, 1],
      [5, 11, 1],
      [5, 20, 1],
    ]);
    expect(rows.filter((r) => r.kind === 'month').map((r) => [r.month, r.orders, r.revenue])).toEqual([
      [2, 5, 370],
    ]);
  });

  it('splits traffic by source class and by device, with conversion', async () => {
    const sources = await series('traffic_by_source');
    expect(sources.map((r) => [r.segment, r.sessions, r.converted_sessions, r.conversion_rate])).toEqual([
      ['direct', 1, 0, 0],
      ['organic search', 4, 2, 0.5],
      ['social', 2, 1, 0.5],
    ]);
    const devices = await series('sessions_by_device');
    expect(devices.map((r) => [r.segment, r.sessions, r.converted_sessions])).toEqual([
      ['desktop', 3, 1],
      ['mobile', 3, 1],
      ['tablet', 1, 1],
    ]);
  });

  it('counts customer actions and sales by channel per month', async () => {
    const actions = await series('customer_actions', { range: FEB, grain: 'month' });
    expect(actions.map((r) => [r.event_type, r.events])).toEqual([
      ['add_to_cart', 4],
      ['begin_checkout', 3],
      ['page_view', 3],
      ['product_view', 4],
      ['purchase', 2],
      ['signup', 1],
    ]);
    const channels = await series('sales_by_channel', { range: FEB, grain: 'month' });
    expect(channels.map((r) => [r.segment, r.revenue])).toEqual([
      ['marketplace', 40],
      ['web', 330],
    ]);
  });
});
