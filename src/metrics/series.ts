import { literal, quoteIdentifier } from '../sql/sql';
import { createResolver, type Resolution } from './availability';
import { compileKpis, type KpiRequest } from './compile';
import { formatTime, parseTime } from './periods';
import { filterSql, NOT_SET, PRODUCT_KEY, RELATIONS, relationSql, type DimensionId } from './relations';
import type { DataShape, RelationId } from './types';

/** A series KPI compiled: its query, or why it cannot be computed. */
export type CompiledSeries = { ok: true; sql: string } | { ok: false; reason: string };

/** How many products the ranking lists. */
export const TOP_PRODUCTS = 10;

/** The rows of a relation in the request's range, under its filters (`t` is the row). */
function rowsInRange(from: RelationId, request: KpiRequest, reads: string[]): string {
  const relation = RELATIONS[from];
  const time = quoteIdentifier(relation.time);
  const filters = (request.filters ?? []).map((f) => filterSql(relation, f));
  const bounds = [request.range.start, request.range.end].map(
    (t) => `TIMESTAMP ${literal(formatTime(parseTime(t)))}`,
  );
  const where = [`${time} >= ${bounds[0]}`, `${time} < ${bounds[1]}`, ...filters].join(' AND ');
  return `SELECT * FROM (${relationSql(relation, [...reads, ...filters])}) AS t WHERE ${where}`;
}

/**
 * A dimension's values in a relation with their row counts (`value`, `n`), most frequent first;
 * with a request, only its rows (range and filters). An empty value is "(not set)", as filters
 * and segments name it, unless `known` leaves such rows out.
 */
export function dimensionValuesSql(
  from: RelationId,
  dimension: DimensionId,
  options: { limit: number; request?: KpiRequest; known?: boolean },
): string {
  const relation = RELATIONS[from];
  const dim = relation.dimensions[dimension]?.sql ?? 'NULL';
  const rows = options.request ? rowsInRange(from, options.request, [dim]) : relationSql(relation, [dim]);
  const where = options.known ? `WHERE ${dim} IS NOT NULL` : '';
  return `SELECT coalesce(CAST(${dim} AS VARCHAR), ${literal(NOT_SET)}) AS value, count(*) AS n FROM (${rows}) AS t
${where} GROUP BY ALL ORDER BY n DESC, value LIMIT ${options.limit}`;
}

/** Queries of the series KPIs: a set of rows each, ready for a chart or a table. */
const BUILDERS: Record<string, (request: KpiRequest, shape: DataShape) => string | null> = {
  sales_by_channel: (request, shape) =>
    compileKpis(['revenue'], { ...request, grain: request.grain ?? 'month', segment: 'channel' }, shape).sql,
  traffic_by_source: (request, shape) => breakdown(request, shape, 'source_class'),
  sessions_by_device: (request, shape) => breakdown(request, shape, 'device'),
  top_products: (request, shape) => {
    const lines = rowsInRange('order_lines', request, []);
    // Return rate as the catalogue defines it (returned units / units sold, both in the range),
    // where returns are loaded and every filter is one the returns can take.
    const returns =
      shape.tables.returns &&
      (request.filters ?? []).every((f) => RELATIONS.returns.dimensions[f.dimension] !== undefined);
    const back = returns
      ? `SELECT CAST(product_id AS VARCHAR) AS product_key, sum(coalesce(quantity, 1)) AS returned_units
  FROM (${rowsInRange('returns', request, [])}) GROUP BY ALL`
      : 'SELECT NULL::VARCHAR AS product_key, NULL::DOUBLE AS returned_units WHERE false';
    const rank = request.rank === 'units' ? 'units' : 'revenue';
    return `WITH lines AS (
  SELECT ${PRODUCT_KEY} AS product_key, any_value(product_name) AS name, sum(line_revenue) AS revenue,
    sum(quantity) AS units
  FROM (${lines}) GROUP BY ALL
), back AS (${back})
SELECT coalesce(name, product_key) AS product, product_key, revenue, units,
  ${returns ? 'coalesce(returned_units, 0)' : 'NULL::DOUBLE'} AS returned_units,
  ${returns ? 'coalesce(returned_units, 0) / NULLIF(units, 0)' : 'NULL::DOUBLE'} AS return_rate
FROM lines LEFT JOIN back USING (product_key)
ORDER BY ${rank} DESC NULLS LAST, product LIMIT ${TOP_PRODUCTS}`;
  },
  // Weekday × hour and month of year, in one pass over the orders.
  peak_periods: (
    request,
  ) => `SELECT CASE WHEN grouping(month) = 1 THEN 'weekday-hour' ELSE 'month' END AS kind,
  weekday, hour, month, count(order_id) AS orders, sum(revenue) AS revenue
FROM (SELECT isodow(ordered_at) AS weekday, hour(ordered_at) AS hour, month(ordered_at) AS month, order_id, revenue
  FROM (${rowsInRange('orders', request, [])}))
GROUP BY GROUPING SETS ((weekday, hour), (month))
ORDER BY kind DESC, weekday, hour, month`,
  cohort_retention: (request) => `WITH o AS (
  SELECT customer_key, date_trunc('month', first_ordered_at) AS cohort,
    date_diff('month', date_trunc('month', first_ordered_at), date_trunc('month', ordered_at)) AS months_since
  FROM (${rowsInRange('orders', request, ['first_ordered_at'])}) WHERE customer_key IS NOT NULL
), sizes AS (SELECT cohort, count(DISTINCT customer_key) AS size FROM o WHERE months_since = 0 GROUP BY cohort)
SELECT o.cohort, o.months_since, count(DISTINCT o.customer_key) AS customers, any_value(s.size) AS cohort_size,
  count(DISTINCT o.customer_key) / any_value(s.size) AS share
FROM o JOIN sizes AS s USING (cohort) GROUP BY ALL ORDER BY o.cohort, o.months_since`,
  funnel: (request) => funnelSql(request),
  customer_actions: (
    request,
  ) => `SELECT date_trunc('${request.grain ?? 'month'}', occurred_at) AS period, event_type, count(*) AS events
FROM (${rowsInRange('events', request, [])}) GROUP BY ALL ORDER BY period, event_type`,
};

/** Sessions, sessions with a purchase and conversion rate per value of a dimension, over the range. */
function breakdown(request: KpiRequest, shape: DataShape, segment: 'source_class' | 'device'): string | null {
  const ids = ['sessions', 'converted_sessions', 'conversion_rate'];
  return compileKpis(ids, { ...request, grain: null, compare: 'none', segment }, shape).sql;
}

/** Compiles a series KPI for a request, or says what it needs. */
export function compileSeries(id: string, request: KpiRequest, shape: DataShape): CompiledSeries {
  const dimensions = (request.filters ?? []).map((f) => f.dimension);
  const resolution: Resolution = createResolver(shape, dimensions)(id);
  if (!resolution.ok) return { ok: false, reason: resolution.reason };
  const build = BUILDERS[id];
  const sql = build ? build(request, shape) : null;
  return sql ? { ok: true, sql } : { ok: false, reason: `There is no series KPI "${id}".` };
}

const FUNNEL_STEPS: [string, string][] = [
  ['sessions', 'true'],
  ['product_view', 'has_product_view'],
  ['add_to_cart', 'has_cart'],
  ['checkout', 'has_checkout'],
  ['purchase', 'converted'],
];

/**
 * The funnel over the visits in range: a row per step with its visits and the rate from the step
 * before. With `top`, one funnel per value of the visits' landing page, for the `top` pages with
 * the most visits (then by name), in one query: rows carry the page as `segment`.
 */
export function funnelSql(request: KpiRequest, top?: number): string {
  const counts = FUNNEL_STEPS.map(([name, flag]) => `count(*) FILTER (WHERE ${flag}) AS ${name}`).join(', ');
  const segment = top === undefined ? '' : 'segment, ';
  const rows = FUNNEL_STEPS.map(
    ([name], i) =>
      `SELECT ${segment}${i + 1} AS step, '${name}' AS name, ${name} AS sessions, ${name} / NULLIF(${FUNNEL_STEPS[Math.max(0, i - 1)]?.[0]}, 0) AS step_rate FROM c`,
  );
  const visits = rowsInRange('visits', request, top === undefined ? [] : ['landing_page']);
  const c =
    top === undefined
      ? `c AS (SELECT ${counts} FROM (${visits}))`
      : // Every page's steps in one pass; the pages with the most visits kept (the first step
        // counts every visit).
        `c AS (SELECT CAST(landing_page AS VARCHAR) AS segment, ${counts}
  FROM (${visits}) WHERE landing_page IS NOT NULL
  GROUP BY ALL ORDER BY sessions DESC, segment LIMIT ${top})`;
  return `WITH ${c}
${rows.join('\nUNION ALL\n')}
ORDER BY ${segment}step`;
}
