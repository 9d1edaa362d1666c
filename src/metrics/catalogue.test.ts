import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKpiShop } from '../../test/helpers/load-shop';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { METRICS } from './catalogue';
import { compileKpis, type Filter, type KpiRequest } from './compile';
import { DIMENSIONS, type DimensionId } from './relations';
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

const SCALARS = METRICS.filter((m) => m.kind === 'scalar' && !m.hidden).map((m) => m.id);

let db: Awaited<ReturnType<typeof openDuckDB>>;
let shape: DataShape;

beforeAll(async () => {
  ({ db, shape } = await openKpiShop(openDuckDB));
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

  it('joins periods on the day when they are whole days, and on the time when they are not: same values', async () => {
    const days = compileKpis(SCALARS, { range: FEB }, shape).sql ?? '';
    expect(days).toContain('generate_series');
    // One second before February: no row falls in that second, so the values are February's
    // (but days of cover, which divides by the period's length in days).
    const range = { start: '2025-01-31 23:59:59', end: FEB.end };
    const times = compileKpis(SCALARS, { range }, shape).sql ?? '';
    expect(times).not.toContain('generate_series');
    const values = readScalars(await db.run(times), SCALARS);
    for (const id of SCALARS.filter((id) => id !== 'days_of_cover'))
      expectValue(values[id]?.value, EXPECTED[id]?.[2] ?? null, id);
    expectValue(values.days_of_cover?.value, 10 / (11 / (28 + 1 / 86_400)), 'days_of_cover');
  });

  it('gives one row per month at month grain, equal to each month on its own', async () => {
    const rows = await run(SCALARS, { range: { start: JAN.start, end: FEB.end }, grain: 'month' });
    expect(rows.map((r) => [r.key, r.period])).toEqual([
      ['current', Date.UTC(2025, 0, 1)],
      ['current', Date.UTC(2025, 1, 1)],
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

  it('keeps a segment whose orders are all by guests, with 0 customers', async () => {
    // January by country: BE has only O05, a guest order; DE C2 (O03); NL C1 and C3.
    const rows = await run(['customers', 'returning_customers'], { range: JAN, segment: 'country' });
    const by = Object.fromEntries(rows.map((r) => [r.segment, [r.customers, r.returning_customers]]));
    // C1's first order (O01) was in December: returning; C2 and C3 ordered first in January.
    expect(by).toEqual({ BE: [0, 0], DE: [1, 0], NL: [2, 1] });
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

// Every scalar KPI split and filtered, in February 2025. Worked out by hand in
// test/fixtures/kpi-shop/README.md ("Segments and filters"). A KPI whose data has no such
// dimension gets the product's reason instead of a value; the reasons below are true of the
// fixture's files.

/** The product's reason when the data a KPI reads has no such dimension. */
const absent = (label: string, data: string): string =>
  `Not available by ${label}: no ${label} in the ${data}.`;
/** The product's reason for KPIs that follow customers over time. */
const overTime = (label: string): string =>
  `Not available by ${label}: it follows customers over time, not single orders.`;

type PerDevice = readonly [desktop: V, mobile: V, tablet: V];
const DEVICES = ['desktop', 'mobile', 'tablet'] as const;

/** February split by device (orders', order lines' and sessions' device): desktop, mobile, tablet. */
const BY_DEVICE: Record<string, PerDevice | string> = {
  revenue: [170, 130, 70],
  orders: [2, 2, 1],
  aov: [85, 65, 70],
  refunded_amount: [0, 20, 0],
  net_revenue: [170, 110, 70],
  units: [6, 4, 1],
  units_per_order: [3, 2, 1],
  conversion_rate: [1 / 3, 1 / 3, 1],
  revenue_per_visit: [170 / 3, 130 / 3, 70],
  customers: [2, 1, 1],
  new_customers: [0, 1, 1],
  returning_customers: [2, 0, 0],
  returning_customer_rate: [1, 0, 0],
  guest_order_share: [0, 0, 0],
  retention_rate: overTime('device'),
  repeat_purchase_rate: [0, 1, 0],
  purchase_frequency: [1, 2, 1],
  clv: overTime('device'),
  historical_clv: overTime('device'),
  ltv_cac_ratio: overTime('device'),
  sessions: [3, 3, 1],
  visitors: [2, 1, 1],
  traffic_growth: [0.5, 0.5, null],
  organic_vs_paid: [1, 1 / 3, 1],
  spend: absent('device', 'ad spend'),
  cac: absent('device', 'ad spend'),
  cpa: absent('device', 'ad spend'),
  leads: absent('device', 'ad spend'),
  cost_per_lead: absent('device', 'ad spend'),
  cost_per_visit: absent('device', 'ad spend'),
  roas: absent('device', 'ad spend'),
  email_signups: absent('device', 'e-mail subscribers'),
  email_signup_rate: absent('device', 'e-mail subscribers'),
  unsubscribe_rate: absent('device', 'e-mail subscribers'),
  bounce_rate: [2 / 3, 1 / 3, 0],
  pageviews: [7, 9, 3],
  pages_per_session: [7 / 3, 3, 3],
  avg_session_duration: [140, 590 / 3, 200],
  sessions_to_purchase: [null, 2, 1],
  add_to_cart_rate: absent('device', 'events'),
  cart_to_purchase_rate: absent('device', 'events'),
  cart_abandonment_rate: absent('device', 'events'),
  checkout_abandonment_rate: absent('device', 'events'),
  journey_overlap: absent('device', 'events'),
  returned_units: absent('device', 'returns'),
  return_rate: absent('device', 'returns'),
  refund_rate: [0, 20 / 130, 0],
  page_load_time: [4.4 / 3, 2.35, 1.6],
  page_load_p75: [1.6, 2.425, 1.6],
  inventory: absent('device', 'stock levels'),
  stock_outs: absent('device', 'stock levels'),
  days_of_cover: absent('device', 'stock levels'),
  nps: absent('device', 'survey answers'),
  review_score: absent('device', 'survey answers'),
  review_top_share: absent('device', 'survey answers'),
  support_response_time: absent('device', 'support tickets'),
  support_response_p90: absent('device', 'support tickets'),
};

const NL: Filter = { dimension: 'country', values: ['NL'] };

/** February filtered to country NL (orders' and sessions' country). */
const IN_NL: Record<string, V | string> = {
  revenue: 240,
  orders: 3,
  aov: 80,
  refunded_amount: 20,
  net_revenue: 220,
  units: 6,
  units_per_order: 2,
  conversion_rate: 0.25,
  revenue_per_visit: 60,
  customers: 2,
  new_customers: 1,
  returning_customers: 1,
  returning_customer_rate: 0.5,
  guest_order_share: 0,
  retention_rate: overTime('country'),
  repeat_purchase_rate: 0.5,
  purchase_frequency: 1.5,
  clv: overTime('country'),
  historical_clv: overTime('country'),
  ltv_cac_ratio: overTime('country'),
  sessions: 4,
  visitors: 2,
  traffic_growth: 1,
  organic_vs_paid: 0.5,
  spend: absent('country', 'ad spend'),
  cac: absent('country', 'ad spend'),
  cpa: absent('country', 'ad spend'),
  leads: absent('country', 'ad spend'),
  cost_per_lead: absent('country', 'ad spend'),
  cost_per_visit: absent('country', 'ad spend'),
  roas: absent('country', 'ad spend'),
  email_signups: absent('country', 'e-mail subscribers'),
  email_signup_rate: absent('country', 'e-mail subscribers'),
  unsubscribe_rate: absent('country', 'e-mail subscribers'),
  bounce_rate: 0.5,
  pageviews: 10,
  pages_per_session: 2.5,
  avg_session_duration: 151.25,
  sessions_to_purchase: 2,
  add_to_cart_rate: absent('country', 'events'),
  cart_to_purchase_rate: absent('country', 'events'),
  cart_abandonment_rate: absent('country', 'events'),
  checkout_abandonment_rate: absent('country', 'events'),
  journey_overlap: absent('country', 'events'),
  returned_units: absent('country', 'returns'),
  return_rate: absent('country', 'returns'),
  refund_rate: 20 / 240,
  page_load_time: 6.1 / 3,
  page_load_p75: 2.35,
  inventory: absent('country', 'stock levels'),
  stock_outs: absent('country', 'stock levels'),
  days_of_cover: absent('country', 'stock levels'),
  nps: absent('country', 'survey answers'),
  review_score: absent('country', 'survey answers'),
  review_top_share: absent('country', 'survey answers'),
  support_response_time: absent('country', 'support tickets'),
  support_response_p90: absent('country', 'support tickets'),
};

/** KPIs that take neither device nor country, split by a dimension they do take: segment → KPI → value. */
const OTHER_SPLITS: { dimension: DimensionId; expected: Record<string, Record<string, V>> }[] = [
  {
    dimension: 'campaign',
    expected: {
      brand: { spend: 30, leads: 1, cost_per_lead: 30 },
      spring: { spend: 70, leads: 2, cost_per_lead: 35 },
    },
  },
  {
    dimension: 'event_type',
    expected: {
      add_to_cart: { journey_overlap: null },
      begin_checkout: { journey_overlap: null },
      page_view: { journey_overlap: 0 },
      product_view: { journey_overlap: null },
      purchase: { journey_overlap: null },
      signup: { journey_overlap: 0 },
    },
  },
  {
    dimension: 'return_reason',
    expected: { 'changed my mind': { returned_units: 1 }, damaged: { returned_units: 2 } },
  },
];

/** The same KPIs under a filter they take. */
const OTHER_FILTERS: { filter: Filter; expected: Record<string, V> }[] = [
  {
    filter: { dimension: 'campaign', values: ['brand'] },
    expected: { spend: 30, leads: 1, cost_per_lead: 30 },
  },
  {
    filter: { dimension: 'event_type', values: ['page_view', 'purchase'] },
    expected: { journey_overlap: 0.5 },
  },
  { filter: { dimension: 'return_reason', values: ['damaged'] }, expected: { returned_units: 2 } },
];

/** The funnel KPIs by the visit's landing page (its first event's page), which the product refuses today. */
const BY_LANDING_PAGE: Record<string, Record<string, V>> = {
  '/': {
    add_to_cart_rate: 1,
    cart_to_purchase_rate: 1,
    cart_abandonment_rate: 0,
    checkout_abandonment_rate: 0,
  },
  '/blog/x': {
    add_to_cart_rate: 0,
    cart_to_purchase_rate: null,
    cart_abandonment_rate: null,
    checkout_abandonment_rate: null,
  },
  '/blog/y': {
    add_to_cart_rate: 1,
    cart_to_purchase_rate: 0,
    cart_abandonment_rate: 1,
    checkout_abandonment_rate: null,
  },
  '/products/a1': {
    add_to_cart_rate: 1,
    cart_to_purchase_rate: 0,
    cart_abandonment_rate: 1,
    checkout_abandonment_rate: 1,
  },
  '/products/c1': {
    add_to_cart_rate: 1,
    cart_to_purchase_rate: 1,
    cart_abandonment_rate: 0,
    checkout_abandonment_rate: 0,
  },
};
const LANDING_FILTER: Filter = { dimension: 'landing_page', values: ['/', '/blog/x', '/products/a1'] };
const IN_LANDING_FILTER: Record<string, V> = {
  add_to_cart_rate: 2 / 3,
  cart_to_purchase_rate: 0.5,
  cart_abandonment_rate: 0.5,
  checkout_abandonment_rate: 0.5,
};

/** Return rate by product, which is its SKU: returns name the SKU, and so do the order lines. */
const RETURN_RATE_BY_PRODUCT: Record<string, V> = { A1: 1, A2: 0, B1: 0, C1: 0.25 };

/** KPIs no dimension can split on this data, and why. */
const UNSPLITTABLE: Record<string, string> = {
  retention_rate: 'follows customers over time',
  clv: 'follows customers over time',
  historical_clv: 'follows customers over time',
  ltv_cac_ratio: 'CLV follows customers over time',
  cac: 'ad spend has only a campaign (its channel is the ad platform); the orders carry no campaign',
  cpa: 'ad spend has only a campaign (its channel is the ad platform); the orders carry no campaign',
  roas: 'ad spend has only a campaign (its channel is the ad platform); the orders carry no campaign',
  cost_per_visit: 'ad spend has only a campaign; the sessions carry none',
  email_signups: 'the subscriber list has no dimension',
  email_signup_rate: 'the subscriber list has no dimension',
  unsubscribe_rate: 'the subscriber list has no dimension',
  inventory: 'stock levels have no dimension',
  stock_outs: 'stock levels have no dimension',
  days_of_cover: 'stock levels have no dimension',
  nps: 'survey answers have no dimension',
  review_score: 'survey answers have no dimension',
  review_top_share: 'survey answers have no dimension',
  support_response_time: 'support tickets have no dimension',
  support_response_p90: 'support tickets have no dimension',
};

describe('every KPI split and filtered on the hand-computed shop (February)', () => {
  async function bySegment(
    ids: readonly string[],
    segment: DimensionId,
  ): Promise<{ rows: Record<string, Record<string, unknown>>; compiled: ReturnType<typeof compileKpis> }> {
    const compiled = compileKpis(ids, { range: FEB, segment }, shape);
    if (!compiled.sql) throw new Error(`nothing to compute by ${segment}`);
    const rows = await db.run(compiled.sql);
    return { rows: Object.fromEntries(rows.map((r) => [String(r.segment), r])), compiled };
  }

  async function filtered(
    ids: readonly string[],
    filter: Filter,
  ): Promise<{ values: ReturnType<typeof readScalars>; compiled: ReturnType<typeof compileKpis> }> {
    const compiled = compileKpis(ids, { range: FEB, filters: [filter] }, shape);
    if (!compiled.sql) throw new Error(`nothing to compute under ${filter.dimension}`);
    return { values: readScalars(await db.run(compiled.sql), compiled.computed), compiled };
  }

  it('has a hand-checked split and filter for every scalar KPI, or says none can be had', () => {
    expect(Object.keys(BY_DEVICE).sort()).toEqual([...SCALARS].sort());
    expect(Object.keys(IN_NL).sort()).toEqual([...SCALARS].sort());
    const split = new Set([
      ...SCALARS.filter((id) => typeof BY_DEVICE[id] !== 'string'),
      ...OTHER_SPLITS.flatMap((s) => Object.values(s.expected).flatMap((v) => Object.keys(v))),
      ...Object.values(BY_LANDING_PAGE).flatMap((v) => Object.keys(v)),
      'return_rate',
    ]);
    const filteredIds = new Set([
      ...SCALARS.filter((id) => typeof IN_NL[id] !== 'string'),
      ...OTHER_FILTERS.flatMap((f) => Object.keys(f.expected)),
      ...Object.keys(IN_LANDING_FILTER),
      'return_rate',
    ]);
    for (const id of SCALARS) {
      expect(split.has(id) !== id in UNSPLITTABLE, `${id} split`).toBe(true);
      expect(filteredIds.has(id) !== id in UNSPLITTABLE, `${id} filtered`).toBe(true);
    }
  });

  it('splits every KPI by device, or gives the reason it cannot', async () => {
    const { rows, compiled } = await bySegment(SCALARS, 'device');
    expect(Object.keys(rows).sort()).toEqual([...DEVICES]);
    for (const id of SCALARS) {
      const expected = BY_DEVICE[id] ?? 'missing';
      if (typeof expected === 'string') {
        expect(compiled.resolutions[id], id).toEqual({ ok: false, reason: expected });
        continue;
      }
      DEVICES.forEach((device, i) => {
        const label = `${id} ${device}`;
        expectValue(rows[device]?.[id], expected[i] ?? null, label);
      });
    }
  });

  it('filters every KPI to the Netherlands, or gives the reason it cannot', async () => {
    const { values, compiled } = await filtered(SCALARS, NL);
    for (const id of SCALARS) {
      const expected = IN_NL[id] ?? 'missing';
      if (typeof expected === 'string')
        expect(compiled.resolutions[id], id).toEqual({ ok: false, reason: expected });
      else expectValue(values[id]?.value, expected, id);
    }
  });

  it.each(OTHER_SPLITS)(
    'splits by $dimension the KPIs device cannot split',
    async ({ dimension, expected }) => {
      const ids = Object.keys(Object.values(expected)[0] ?? {});
      const { rows } = await bySegment(ids, dimension);
      expect(Object.keys(rows).sort()).toEqual(Object.keys(expected).sort());
      for (const [segment, values] of Object.entries(expected))
        for (const [id, value] of Object.entries(values))
          expectValue(rows[segment]?.[id], value, `${id} ${segment}`);
    },
  );

  it.each(OTHER_FILTERS)(
    'filters by $filter.dimension the KPIs country cannot filter',
    async ({ filter, expected }) => {
      const { values } = await filtered(Object.keys(expected), filter);
      for (const [id, value] of Object.entries(expected)) expectValue(values[id]?.value, value, id);
    },
  );

  it('says why the KPIs that combine ad spend with orders or sessions cannot be split by campaign', () => {
    const compiled = compileKpis(
      ['cac', 'cpa', 'roas', 'cost_per_visit'],
      { range: FEB, segment: 'campaign' },
      shape,
    );
    // orders.csv and sessions.csv have no campaign column.
    expect(compiled.resolutions).toEqual({
      cac: { ok: false, reason: 'Needs a campaign column in the orders.' },
      cpa: { ok: false, reason: 'Needs a campaign column in the orders.' },
      roas: { ok: false, reason: 'Needs a campaign column in the orders.' },
      cost_per_visit: { ok: false, reason: 'Needs a campaign column in the sessions.' },
    });
  });

  it('splits by no dimension at all the KPIs whose data has none', () => {
    for (const id of Object.keys(UNSPLITTABLE))
      for (const dimension of Object.keys(DIMENSIONS) as DimensionId[]) {
        const compiled = compileKpis([id], { range: FEB, segment: dimension }, shape);
        expect(compiled.resolutions[id]?.ok, `${id} by ${dimension}`).toBe(false);
      }
  });

  // No session bounced: the tablet's one session (S10, 3 pages) is 0 of 1, not no value.
  it('gives a bounce rate of 0, not no value, where no session bounced (tablet)', async () => {
    const { rows } = await bySegment(['bounce_rate'], 'device');
    expectValue(rows.tablet?.bounce_rate, (BY_DEVICE.bounce_rate as PerDevice)[2], 'bounce_rate tablet');
  });

  // Social traffic in February is S07 and S08, both facebook / cpc (paid): 0 of 2 is unpaid.
  it('gives an organic share of 0, not no value, where all traffic is paid (social)', async () => {
    const { rows } = await bySegment(['organic_vs_paid'], 'source_class');
    // direct: S09; organic search: S05 S06 S10 S11; social: S07 S08.
    const expected: Record<string, V> = { direct: 1, 'organic search': 1, social: 0 };
    expect(Object.keys(rows).sort()).toEqual(Object.keys(expected));
    for (const [cls, value] of Object.entries(expected))
      expectValue(rows[cls]?.organic_vs_paid, value, `organic_vs_paid ${cls}`);
  });

  // The shop's scores are 0–10, so review_top_share takes its second formula; what stops it is
  // the dimension, and that is the reason given (not the first formula's 1–5 scale).
  it.each([
    ['device', BY_DEVICE],
    ['country', IN_NL],
  ] as const)(
    'says review_top_share is not available by %s because the survey answers have none',
    (dimension, table) => {
      const request: KpiRequest =
        dimension === 'device' ? { range: FEB, segment: 'device' } : { range: FEB, filters: [NL] };
      const compiled = compileKpis(['review_top_share'], request, shape);
      expect(compiled.resolutions.review_top_share).toEqual({ ok: false, reason: table.review_top_share });
    },
  );

  // The visits in the events start on a landing page (their first page).
  it('splits the funnel KPIs by landing page', async () => {
    const ids = Object.keys(BY_LANDING_PAGE['/'] ?? {});
    const compiled = compileKpis(ids, { range: FEB, segment: 'landing_page' }, shape);
    for (const id of ids) expect(compiled.resolutions[id], id).toMatchObject({ ok: true });
    const { rows } = await bySegment(ids, 'landing_page');
    expect(Object.keys(rows).sort()).toEqual(Object.keys(BY_LANDING_PAGE).sort());
    for (const [page, values] of Object.entries(BY_LANDING_PAGE))
      for (const [id, value] of Object.entries(values)) expectValue(rows[page]?.[id], value, `${id} ${page}`);
  });

  it('filters the funnel KPIs by landing page', async () => {
    const { values } = await filtered(Object.keys(IN_LANDING_FILTER), LANDING_FILTER);
    for (const [id, value] of Object.entries(IN_LANDING_FILTER)) expectValue(values[id]?.value, value, id);
  });

  // Returned units and units sold meet on the SKU (A1 Mug, A2 Plate, B1 Lamp, C1 Throw).
  it('splits the return rate by product', async () => {
    const { rows } = await bySegment(['return_rate'], 'product');
    expect(Object.keys(rows).sort()).toEqual(Object.keys(RETURN_RATE_BY_PRODUCT));
    for (const [product, value] of Object.entries(RETURN_RATE_BY_PRODUCT))
      expectValue(rows[product]?.return_rate, value, product);
  });

  // Filtered to the Throw (C1): 1 of 4 came back.
  it('filters the return rate to one product', async () => {
    const { values } = await filtered(['return_rate'], { dimension: 'product', values: ['C1'] });
    expectValue(values.return_rate?.value, RETURN_RATE_BY_PRODUCT.C1 ?? null, 'return_rate C1');
  });

  // "channel" is the ad platform in the ad spend (Google Ads, Meta Ads) and the sales channel in
  // the orders (web, marketplace): a ratio of the two has no common segment.
  it.each(['cac', 'cpa', 'roas'])('does not split %s by sales channel: the ad spend has none', (id) => {
    const compiled = compileKpis([id], { range: FEB, segment: 'channel' }, shape);
    expect(compiled.resolutions[id]?.ok).toBe(false);
  });

  // A dimension the KPI's own data lacks does not switch it to another formula (signup events for
  // subscribers and leads, the returns' amounts for refunds): it is not available, or adds up.
  it.each([
    ['email_signups', 'event_type', 2],
    ['leads', 'event_type', 3],
    ['refunded_amount', 'return_reason', 20],
  ] as const)('splits %s by %s only if the parts add up to the whole (%d)', async (id, dimension, whole) => {
    expect(EXPECTED[id]?.[2]).toBe(whole);
    const compiled = compileKpis([id], { range: FEB, segment: dimension }, shape);
    if (!compiled.resolutions[id]?.ok) return;
    const rows = await db.run(compiled.sql ?? '');
    expect(rows.reduce((sum, r) => sum + Number(r[id] ?? 0), 0)).toBeCloseTo(whole, 9);
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

  it('ranks the top products by revenue, with units and return rate', async () => {
    // Throw O08 2 × 45 + O11 2 × 55; Lamp O10; Plate O07 4 × 15; Mug O09 2 × 20.
    // Returned in February: R2 one Throw (C1), R3 two Mugs (A1).
    expect(
      (await series('top_products')).map((r) => [
        r.product,
        r.product_key,
        r.revenue,
        r.units,
        r.return_rate,
      ]),
    ).toEqual([
      ['Throw', 'C1', 200, 4, 0.25],
      ['Lamp', 'B1', 70, 1, 0],
      ['Plate', 'A2', 60, 4, 0],
      ['Mug', 'A1', 40, 2, 1],
    ]);
  });

  it('ranks the top products by units when asked, ties by name', async () => {
    const compiled = compileSeries('top_products', { range: FEB, rank: 'units' }, shape);
    if (!compiled.ok) throw new Error(compiled.reason);
    expect((await db.run(compiled.sql)).map((r) => [r.product, r.units])).toEqual([
      ['Plate', 4],
      ['Throw', 4],
      ['Mug', 2],
      ['Lamp', 1],
    ]);
  });

  it('leaves the top products’ return rate empty under a filter the returns cannot take', async () => {
    const compiled = compileSeries(
      'top_products',
      { range: FEB, filters: [{ dimension: 'country', values: ['NL'] }] },
      shape,
    );
    if (!compiled.ok) throw new Error(compiled.reason);
    // NL in February: O08 Throw 2 × 45, O09 Mug 2 × 20, O11 Throw 2 × 55.
    expect((await db.run(compiled.sql)).map((r) => [r.product, r.revenue, r.return_rate])).toEqual([
      ['Throw', 200, null],
      ['Mug', 40, null],
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
    const month = (ms: unknown): string => new Date(Number(ms)).toISOString().slice(0, 7);
    expect(rows.map((r) => [month(r.cohort), r.months_since, r.customers, r.share])).toEqual([
      ['2024-12', 0, 1, 1],
      ['2024-12', 1, 1, 1],
      ['2024-12', 2, 1, 1],
      ['2025-01', 0, 2, 1],
      ['2025-01', 1, 1, 0.5],
      ['2025-02', 0, 2, 1],
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
    // One row per period and channel (each channel once, also where one query unit gives them).
    const byWeek = await series('sales_by_channel', { range: FEB, grain: 'week' });
    expect(byWeek).toHaveLength(5 * 2);
    expect(byWeek.filter((r) => r.segment === 'marketplace').map((r) => r.revenue)).toEqual([0, 0, 40, 0, 0]);
  });
});
