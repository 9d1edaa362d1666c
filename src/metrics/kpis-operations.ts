import { aggregate, expression, ratio, scalar } from './define';
import type { DataFacts, Metric } from './types';

const group = 'Operations and service';
/** Days of cover above which a stock counts as overstock. */
export const OVERSTOCK_DAYS = 180;
const SCALE_0_10 = {
  test: (facts: DataFacts) => facts.surveyScale === '0-10',
  message: 'survey answers on a 0–10 scale (1–5 review scores give the review score instead)',
};
const SCALE_1_5 = {
  test: (facts: DataFacts) => facts.surveyScale === '1-5',
  message: 'survey or review scores',
};
const stockPerSku = { key: 'sku', inner: 'arg_max(on_hand, snapshot_at) AS stock' };

/** Returns, stock, satisfaction and service. */
export const OPERATIONS: Metric[] = [
  scalar({
    id: 'returned_units',
    name: 'Returned units',
    group,
    help: 'Items sent back.',
    formula: 'Sum of returned quantity (a return row without quantity counts 1), by return date.',
    unit: 'count',
    direction: 'lower-is-better',
    additive: true,
    seeds: '002#9',
    formulas: [aggregate('returns', 'sum(coalesce(quantity, 1))')],
  }),
  scalar({
    id: 'return_rate',
    name: 'Return rate',
    group,
    help: 'Share of the items sold that came back.',
    formula: 'Returned units / units sold, same period (200 of 1,000 = 20 %).',
    unit: 'percent',
    direction: 'lower-is-better',
    seeds: '002#9, 003#12, 004#4',
    formulas: [ratio('returned_units', 'units')],
  }),
  scalar({
    id: 'refund_rate',
    name: 'Refund rate',
    group,
    help: 'Share of revenue paid back.',
    formula: 'Refunded amount / revenue.',
    unit: 'percent',
    direction: 'lower-is-better',
    seeds: '002#9, 004#4',
    formulas: [ratio('refunded_amount', 'revenue')],
  }),
  scalar({
    id: 'page_load_time',
    name: 'Page load time',
    group,
    help: 'How long pages take to load on average.',
    formula: 'Average page load time over the sessions that measured it.',
    unit: 'duration',
    direction: 'lower-is-better',
    seeds: '003#8',
    formulas: [aggregate('sessions', 'avg(page_load_ms) / 1000', { needs: ['page_load_ms'] })],
  }),
  scalar({
    id: 'page_load_p75',
    name: 'Page load time, 75th percentile',
    group,
    help: 'Three in four visits load at least this fast.',
    formula: '75th percentile of page load time over the sessions that measured it.',
    unit: 'duration',
    direction: 'lower-is-better',
    seeds: '003#8',
    formulas: [
      aggregate('sessions', 'quantile_cont(page_load_ms, 0.75) / 1000', { needs: ['page_load_ms'] }),
    ],
  }),
  scalar({
    id: 'inventory',
    name: 'Stock on hand',
    group,
    help: 'Units in stock at the period end, from the latest count of each SKU.',
    formula: 'Sum over SKUs of the on-hand count of the latest snapshot before the period end.',
    unit: 'count',
    direction: 'higher-is-better',
    seeds: '003#9',
    formulas: [aggregate('inventory', 'sum(stock)', { per: stockPerSku, history: {} })],
  }),
  scalar({
    id: 'stock_outs',
    name: 'Stock-outs',
    group,
    help: 'SKUs with nothing in stock at the period end.',
    formula: 'Count of SKUs whose latest on-hand count before the period end is 0 or less.',
    unit: 'count',
    direction: 'lower-is-better',
    seeds: '003#9',
    formulas: [
      aggregate('inventory', 'count(*) FILTER (WHERE stock <= 0)', { per: stockPerSku, history: {} }),
    ],
  }),
  scalar({
    id: 'days_of_cover',
    name: 'Days of cover',
    group,
    help: `How many days the stock lasts at the period's sales pace; above ${OVERSTOCK_DAYS} days is overstock.`,
    formula: 'Stock on hand at the period end / (units sold in the period / days in the period).',
    unit: 'ratio',
    direction: 'lower-is-better',
    seeds: '003#9',
    formulas: [expression('{inventory} / NULLIF({units} / $days, 0)')],
  }),
  scalar({
    id: 'nps',
    name: 'Net Promoter Score',
    group,
    help: 'Promoters (9–10) minus detractors (0–6), on 0–10 answers only.',
    formula: 'Share of answers 9–10 − share of answers 0–6, over 0–10 answers; shown from −100 to 100.',
    unit: 'nps',
    direction: 'higher-is-better',
    seeds: '003#10',
    formulas: [
      aggregate(
        'surveys',
        '(count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / NULLIF(count(score), 0)',
        {
          requires: SCALE_0_10,
        },
      ),
    ],
  }),
  scalar({
    id: 'review_score',
    name: 'Review score',
    group,
    help: 'The average score customers give.',
    formula: 'Average survey or review score, on its own scale (1–5 or 0–10).',
    unit: 'ratio',
    direction: 'higher-is-better',
    seeds: '—',
    formulas: [aggregate('surveys', 'avg(score)')],
  }),
  scalar({
    id: 'review_top_share',
    name: 'Top scores',
    group,
    help: 'Share of answers with a top score: 4–5 of 5, or 9–10 of 10.',
    formula: 'Answers of 4–5 (1–5 scale) or 9–10 (0–10 scale) / answers.',
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '—',
    formulas: [
      aggregate('surveys', 'count(*) FILTER (WHERE score >= 4) / NULLIF(count(score), 0)', {
        requires: SCALE_1_5,
      }),
      aggregate('surveys', 'count(*) FILTER (WHERE score >= 9) / NULLIF(count(score), 0)', {
        requires: SCALE_0_10,
      }),
    ],
  }),
  scalar({
    id: 'support_response_time',
    name: 'Response time',
    group,
    help: 'How long customers wait for a first answer, typically (the median).',
    formula: 'Median of first response − ticket creation, over tickets answered.',
    unit: 'duration',
    direction: 'lower-is-better',
    seeds: '003#11',
    formulas: [
      aggregate('tickets', 'median(epoch(first_response_at) - epoch(created_at))', {
        needs: ['first_response_at'],
      }),
    ],
  }),
  scalar({
    id: 'support_response_p90',
    name: 'Response time, 90th percentile',
    group,
    help: 'Nine in ten customers get a first answer within this time.',
    formula: '90th percentile of first response − ticket creation, over tickets answered.',
    unit: 'duration',
    direction: 'lower-is-better',
    seeds: '003#11',
    formulas: [
      aggregate('tickets', 'quantile_cont(epoch(first_response_at) - epoch(created_at), 0.9)', {
        needs: ['first_response_at'],
      }),
    ],
  }),
];
