import { aggregate, expression, ratio, scalar, series } from './define';
import type { Metric } from './types';

const group = 'Customers';
const customer = ['customer_key'];
/** The look-back that makes a customer "active" for retention and CLV. */
export const ACTIVE_DAYS = 365;
const inYearBeforeEnd = `ordered_at >= $end - INTERVAL ${ACTIVE_DAYS} DAY`;
const lastTwoYears = { days: 2 * ACTIVE_DAYS, before: 'end' } as const;

/** Customer KPIs: who buys, who comes back, what a customer is worth. */
export const CUSTOMERS: Metric[] = [
  scalar({
    id: 'customers',
    name: 'Customers',
    group,
    help: 'Distinct customers who ordered (guest orders have no customer).',
    formula: 'Count of distinct customers (customer id, else lower-cased e-mail) with an order.',
    unit: 'count',
    direction: 'higher-is-better',
    seeds: '002#3',
    formulas: [aggregate('orders', 'count(DISTINCT customer_key)', { needs: customer })],
  }),
  scalar({
    id: 'new_customers',
    name: 'New customers',
    group,
    help: 'Customers whose first order ever falls in the period.',
    formula:
      "Count of customers whose first-ever order is in the period (first order over all data, whatever the filters' range).",
    unit: 'count',
    direction: 'higher-is-better',
    additive: true,
    seeds: '002#3',
    formulas: [
      aggregate('orders', 'count(DISTINCT customer_key) FILTER (WHERE ordered_at = first_ordered_at)', {
        needs: customer,
      }),
    ],
  }),
  scalar({
    id: 'returning_customers',
    name: 'Returning customers',
    group,
    help: 'Customers who ordered in the period and had ordered before it.',
    formula: 'Count of customers with an order in the period and an earlier order before the period.',
    unit: 'count',
    direction: 'higher-is-better',
    seeds: '000',
    formulas: [
      aggregate('orders', 'count(DISTINCT customer_key) FILTER (WHERE first_ordered_at < $start)', {
        needs: customer,
      }),
    ],
  }),
  scalar({
    id: 'returning_customer_rate',
    name: 'Returning customer rate',
    group,
    help: 'Share of the period’s customers who had ordered before.',
    formula: 'Returning customers / customers with an order in the period.',
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '000',
    formulas: [ratio('returning_customers', 'customers')],
  }),
  scalar({
    id: 'guest_order_share',
    name: 'Guest orders',
    group,
    help: 'Share of orders with no customer id or e-mail: they count in revenue, not in customer KPIs.',
    formula: 'Orders with neither customer id nor e-mail / orders.',
    unit: 'percent',
    direction: 'lower-is-better',
    seeds: '—',
    formulas: [aggregate('orders', 'count(*) FILTER (WHERE customer_key IS NULL) / NULLIF(count(*), 0)')],
  }),
  scalar({
    id: 'retention_rate',
    name: 'Customer retention rate',
    group,
    help: `Share of the customers active at the start who are still active at the end; active = ordered in the last ${ACTIVE_DAYS} days.`,
    formula: `(E − N) / S: E customers active at the period end, N new customers in the period, S customers active at the period start; active means an order in the ${ACTIVE_DAYS} days before.`,
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '002#5, 003#6, 004#7',
    formulas: [expression('({active_at_end} - {new_customers}) / NULLIF({active_at_start}, 0)')],
  }),
  scalar({
    id: 'active_at_end',
    name: 'Active customers at the period end',
    group,
    help: `Customers with an order in the ${ACTIVE_DAYS} days before the period end.`,
    formula: `Count of customers with an order in [end − ${ACTIVE_DAYS} days, end).`,
    unit: 'count',
    direction: 'higher-is-better',
    seeds: '002#5',
    hidden: true,
    formulas: [
      aggregate('orders', `count(DISTINCT customer_key) FILTER (WHERE ${inYearBeforeEnd})`, {
        needs: customer,
        history: { days: ACTIVE_DAYS, before: 'end' },
        split: false,
      }),
    ],
  }),
  scalar({
    id: 'active_at_start',
    name: 'Active customers at the period start',
    group,
    help: `Customers with an order in the ${ACTIVE_DAYS} days before the period start.`,
    formula: `Count of customers with an order in [start − ${ACTIVE_DAYS} days, start).`,
    unit: 'count',
    direction: 'higher-is-better',
    seeds: '002#5',
    hidden: true,
    formulas: [
      aggregate(
        'orders',
        `count(DISTINCT customer_key) FILTER (WHERE ordered_at >= $start - INTERVAL ${ACTIVE_DAYS} DAY AND ordered_at < $start)`,
        { needs: customer, history: { days: ACTIVE_DAYS, before: 'start' }, split: false },
      ),
    ],
  }),
  scalar({
    id: 'repeat_purchase_rate',
    name: 'Repeat purchase rate',
    group,
    help: 'Share of the period’s customers who ordered at least twice in it.',
    formula: 'Customers with 2 or more orders in the period / customers with an order in the period.',
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '—',
    formulas: [
      aggregate('orders', 'count(*) FILTER (WHERE customer_orders >= 2) / NULLIF(count(*), 0)', {
        needs: customer,
        per: { key: 'customer_key', inner: 'count(order_id) AS customer_orders' },
      }),
    ],
  }),
  scalar({
    id: 'customer_orders',
    name: 'Orders by customers',
    group,
    help: 'Orders that carry a customer (not guest orders).',
    formula: 'Count of distinct orders with a customer id or e-mail.',
    unit: 'count',
    direction: 'higher-is-better',
    additive: true,
    seeds: '002#4',
    hidden: true,
    formulas: [
      aggregate('orders', 'count(order_id) FILTER (WHERE customer_key IS NOT NULL)', {
        needs: customer,
      }),
    ],
  }),
  scalar({
    id: 'purchase_frequency',
    name: 'Purchase frequency',
    group,
    help: 'How many orders a customer places in the period on average.',
    formula: 'Orders by customers / distinct customers, in the period.',
    unit: 'ratio',
    direction: 'higher-is-better',
    seeds: '002#4',
    formulas: [ratio('customer_orders', 'customers')],
  }),
  scalar({
    id: 'clv',
    name: 'Customer lifetime value',
    group,
    help: 'What a customer is expected to spend over their whole time with the shop, from the last 12 months.',
    formula:
      'AOV × purchase frequency per year × expected lifespan in years, over the 12 months before the period end: AOV = revenue / orders, frequency = orders per customer, lifespan = 1 / (1 − the 12-month retention rate).',
    correction:
      'Seed 002#4 subtracts the frequency from the AOV; that is a translation error: the three factors multiply.',
    unit: 'money',
    direction: 'higher-is-better',
    seeds: '000, 002#4, 003#3',
    formulas: [
      expression(
        '({year_revenue} / NULLIF({year_orders}, 0)) * ({year_customer_orders} / NULLIF({year_customers}, 0)) / NULLIF(1 - ({year_customers} - {year_new_customers}) / NULLIF({year_active_before}, 0), 0)',
      ),
    ],
  }),
  ...yearParts(),
  scalar({
    id: 'historical_clv',
    name: 'Historical CLV',
    group,
    help: 'What customers have spent on average so far, from their first order to the period end.',
    formula: "Revenue of customers' orders before the period end / customers with an order before it.",
    unit: 'money',
    direction: 'higher-is-better',
    seeds: '000, 002#4',
    formulas: [
      aggregate(
        'orders',
        'sum(revenue) FILTER (WHERE customer_key IS NOT NULL) / NULLIF(count(DISTINCT customer_key), 0)',
        { needs: customer, history: {}, split: false },
      ),
    ],
  }),
  scalar({
    id: 'ltv_cac_ratio',
    name: 'CLV : CAC',
    group,
    help: 'Customer lifetime value per euro spent winning a customer; below 1 each new customer costs more than they bring.',
    formula: 'CLV / CAC.',
    unit: 'ratio',
    direction: 'higher-is-better',
    seeds: '002#4',
    formulas: [ratio('clv', 'cac')],
  }),
  series({
    id: 'cohort_retention',
    name: 'Cohort retention',
    group,
    help: 'For customers grouped by the month of their first order, the share who order again k months later.',
    formula:
      'Customers of a first-order month with an order in month k after it / customers of that month (k = 0 is 100 %).',
    seeds: '002#5',
    formulas: [{ expression: '{new_customers}' }],
  }),
];

/** The 12-month building blocks of CLV. */
function yearParts(): Metric[] {
  const part = (id: string, name: string, sql: string, history = lastTwoYears): Metric =>
    scalar({
      id,
      name,
      group,
      help: `${name} in the 12 months before the period end.`,
      formula: `${name} over [end − ${ACTIVE_DAYS} days, end).`,
      unit: id === 'year_revenue' ? 'money' : 'count',
      direction: 'higher-is-better',
      seeds: '002#4',
      hidden: true,
      formulas: [aggregate('orders', sql, { needs: customer, history, split: false })],
    });
  return [
    part('year_revenue', 'Revenue', `sum(revenue) FILTER (WHERE ${inYearBeforeEnd})`),
    part('year_orders', 'Orders', `count(order_id) FILTER (WHERE ${inYearBeforeEnd})`),
    part(
      'year_customer_orders',
      'Orders by customers',
      `count(order_id) FILTER (WHERE ${inYearBeforeEnd} AND customer_key IS NOT NULL)`,
    ),
    part('year_customers', 'Customers', `count(DISTINCT customer_key) FILTER (WHERE ${inYearBeforeEnd})`),
    part(
      'year_new_customers',
      'New customers',
      `count(DISTINCT customer_key) FILTER (WHERE ${inYearBeforeEnd} AND first_ordered_at >= $end - INTERVAL ${ACTIVE_DAYS} DAY)`,
    ),
    part(
      'year_active_before',
      'Customers active a year earlier',
      `count(DISTINCT customer_key) FILTER (WHERE ordered_at >= $end - INTERVAL ${2 * ACTIVE_DAYS} DAY AND ordered_at < $end - INTERVAL ${ACTIVE_DAYS} DAY)`,
    ),
  ];
}
