import { literal } from '../sql/sql';
import type { RelationId } from './types';

/** The dimensions a KPI can be split or filtered by. */
export type DimensionId =
  | 'channel'
  | 'source_class'
  | 'source'
  | 'campaign'
  | 'device'
  | 'country'
  | 'category'
  | 'product'
  | 'brand'
  | 'customer_type'
  | 'landing_page'
  | 'event_type'
  | 'return_reason'
  | 'weekday'
  | 'hour'
  | 'cohort';

/** The segment of rows whose dimension is empty. */
export const NOT_SET = '(not set)';

/** Keeps rows whose dimension has one of the values (`exclude`: none of them). */
export interface Filter {
  dimension: DimensionId;
  values: string[];
  exclude?: boolean;
}

/** A dimension's name for people, and the role (of the relation's table) that must carry data. */
export const DIMENSIONS: Record<DimensionId, { label: string }> = {
  weekday: { label: 'weekday' },
  hour: { label: 'hour of day' },
  cohort: { label: 'first-order month' },
  channel: { label: 'sales channel' },
  source_class: { label: 'traffic source' },
  source: { label: 'source' },
  campaign: { label: 'campaign' },
  device: { label: 'device' },
  country: { label: 'country' },
  category: { label: 'category' },
  product: { label: 'product' },
  brand: { label: 'brand' },
  customer_type: { label: 'new or returning customer' },
  landing_page: { label: 'landing page' },
  event_type: { label: 'event type' },
  return_reason: { label: 'return reason' },
};

/** A dimension in one relation: its SQL over the relation's columns and the role it needs. */
interface DimensionSql {
  sql: string;
  needs: string;
}

/**
 * A set of rows KPIs aggregate over: SQL over the canonical views, the time column that puts a
 * row in a period, the canonical tables it needs, window columns added only when a KPI reads
 * them, and its dimensions.
 */
export interface Relation {
  sql: string;
  time: string;
  tables: string[];
  computed?: Record<string, string>;
  /** The rows with more columns, joined from another table, read only when a KPI reads them. */
  wide?: { sql: string; columns: string[] };
  dimensions: Partial<Record<DimensionId, DimensionSql>>;
}

const dim = (sql: string, needs: string): DimensionSql => ({ sql, needs });
const plain = (role: string, table: string): DimensionSql => dim(role, `${table}.${role}`);

// When an order was placed: weekday 1 (Monday) … 7 and hour 0–23, as the peak heatmap shows them.
const ORDER_TIME_DIMENSIONS = {
  weekday: dim('isodow(ordered_at)', 'orders.ordered_at'),
  hour: dim('hour(ordered_at)', 'orders.ordered_at'),
};

const ORDER_DIMENSIONS = {
  ...ORDER_TIME_DIMENSIONS,
  channel: plain('channel', 'orders'),
  source_class: plain('source_class', 'orders'),
  source: plain('source', 'orders'),
  campaign: plain('campaign', 'orders'),
  device: plain('device', 'orders'),
  country: plain('country', 'orders'),
};

// A product is its id or SKU (what returns and stock name it by), else its name.
export const PRODUCT_KEY = 'coalesce(CAST(product_id AS VARCHAR), CAST(sku AS VARCHAR), product_name)';

/** The order's fields a sale line can be split or filtered by. */
const ORDER_LINE_FIELDS = [
  'channel',
  'source_class',
  'source',
  'campaign',
  'device',
  'country',
  'customer_key',
];

export const RELATIONS: Record<RelationId, Relation> = {
  // Orders that happened: cancelled ones count in no KPI. `first_ordered_at` is the customer's
  // first order ever (the orders table has it), whatever the range or filters.
  orders: {
    sql: 'SELECT * FROM main.orders WHERE NOT is_cancelled',
    time: 'ordered_at',
    tables: ['orders'],
    dimensions: {
      ...ORDER_DIMENSIONS,
      customer_type: dim(
        "CASE WHEN customer_key IS NULL THEN 'guest' WHEN ordered_at = first_ordered_at THEN 'new' ELSE 'returning' END",
        'orders.customer_key',
      ),
      // The month of the customer's first order (the cohort heatmap's rows), as YYYY-MM.
      cohort: dim("strftime(first_ordered_at, '%Y-%m')", 'orders.customer_key'),
    },
  },
  // Sale lines of orders that happened: quantity and price above 0 (the rest are adjustments).
  // The canonical build stores them once with their order's time (main.order_lines), so a range
  // reads only its lines; the order's fields are joined only when a KPI reads them.
  order_lines: {
    sql: 'SELECT * FROM main.order_lines',
    wide: {
      // The join on the time as well lets the engine bound the orders by the lines' range.
      sql: `SELECT l.*, ${ORDER_LINE_FIELDS.map((f) => `o.${f}`).join(', ')}
FROM main.order_lines AS l JOIN main.orders AS o ON o.order_id = l.order_id AND o.ordered_at = l.ordered_at`,
      columns: ORDER_LINE_FIELDS,
    },
    time: 'ordered_at',
    tables: ['order_items', 'orders'],
    dimensions: {
      ...ORDER_DIMENSIONS,
      category: plain('category', 'order_items'),
      product: dim(PRODUCT_KEY, 'order_items.order_id'),
      brand: plain('brand', 'order_items'),
    },
  },
  sessions: {
    sql: 'SELECT *, coalesce(session_count, 1) AS weight FROM main.sessions',
    time: 'started_at',
    tables: ['sessions'],
    computed: {
      visit_number: 'row_number() OVER (PARTITION BY visitor_id ORDER BY started_at, session_id)',
      first_converted_at: 'min(started_at) FILTER (WHERE converted) OVER (PARTITION BY visitor_id)',
    },
    dimensions: {
      source_class: plain('source_class', 'sessions'),
      source: plain('source', 'sessions'),
      campaign: plain('campaign', 'sessions'),
      device: plain('device', 'sessions'),
      country: plain('country', 'sessions'),
      landing_page: plain('landing_page', 'sessions'),
    },
  },
  // The visits in the events, with a flag per funnel step.
  visits: {
    sql: 'SELECT * FROM main.event_sessions',
    time: 'started_at',
    tables: ['event_sessions'],
    dimensions: { landing_page: plain('landing_page', 'event_sessions') },
  },
  events: {
    sql: 'SELECT * FROM main.events',
    time: 'occurred_at',
    tables: ['events'],
    dimensions: { event_type: plain('event_type', 'events') },
  },
  spend: {
    sql: 'SELECT * FROM main.marketing_spend',
    time: 'date',
    tables: ['marketing_spend'],
    // The spend's channel is the ad platform (Google Ads, Meta Ads), not the orders' sales
    // channel (web shop, marketplace): spend does not split by sales channel.
    dimensions: { campaign: plain('campaign', 'marketing_spend') },
  },
  returns: {
    sql: 'SELECT * FROM main.returns',
    time: 'returned_at',
    tables: ['returns'],
    dimensions: {
      product: dim('CAST(product_id AS VARCHAR)', 'returns.product_id'),
      return_reason: plain('reason', 'returns'),
    },
  },
  inventory: {
    sql: 'SELECT * FROM main.inventory',
    time: 'snapshot_at',
    tables: ['inventory'],
    dimensions: {},
  },
  surveys: { sql: 'SELECT * FROM main.surveys', time: 'answered_at', tables: ['surveys'], dimensions: {} },
  tickets: {
    sql: 'SELECT * FROM main.support_tickets',
    time: 'created_at',
    tables: ['support_tickets'],
    dimensions: {},
  },
  subscribers: {
    sql: 'SELECT * FROM main.email_subscribers',
    time: 'subscribed_at',
    tables: ['email_subscribers'],
    dimensions: {},
  },
};

/** The relation's rows with the window columns the given SQL texts read. */
export function relationSql(relation: Relation, reads: string[]): string {
  const mentioned = (name: string): boolean => reads.some((text) => new RegExp(`\\b${name}\\b`).test(text));
  const rows = relation.wide?.columns.some(mentioned) ? relation.wide.sql : relation.sql;
  const used = Object.entries(relation.computed ?? {}).filter(([name]) => mentioned(name));
  if (used.length === 0) return rows;
  return `SELECT *, ${used.map(([name, sql]) => `${sql} AS ${name}`).join(', ')} FROM (${rows})`;
}

/** A filter as SQL over a relation's row (`t`): an empty value counts as "(not set)". */
export function filterSql(relation: Relation, filter: Filter): string {
  const dimension = relation.dimensions[filter.dimension]?.sql ?? 'NULL';
  const list = filter.values.map((v) => literal(v)).join(', ') || 'NULL';
  return `${filter.exclude ? 'NOT ' : ''}coalesce(CAST(${dimension} AS VARCHAR), ${literal(NOT_SET)}) IN (${list})`;
}
