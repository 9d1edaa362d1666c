import {
  createWithEmptyColumns,
  literal,
  qualifiedName,
  quoteIdentifier,
  type AddedColumn,
} from '../sql/sql';
import { CANONICAL_TABLES, TABLE_DEFS, type CanonicalTable } from './canonical';
import { missingRoles, suppliedRoles, type ColumnInfo, type TableMapping } from './detect';
import {
  eventSessionsStatement,
  sessionRolesFromEvents,
  sessionsFromEvents,
  SESSION_GAP_MINUTES,
} from './event-sessions';
import { paidSql, sourceClassSql } from './source-class';
import { sqlTypeOf, valueSql, type ColumnParse } from './value-sql';

/** A loaded file as the canonical views read it: where it is, its columns, how they parse, what it feeds. */
export interface SourceTable {
  schema: string;
  table: string;
  fileName: string;
  columns: ColumnInfo[];
  parse: Record<string, ColumnParse>;
  targets: TableMapping[];
  /** Rows in the file, where known: how a large table is best made (see ADD_COLUMNS_FROM_ROWS). */
  rows?: number;
}

/** Statuses that mean an order did not happen (EN, NL, DE, SV, and the platforms' own words). */
export const CANCELLED_STATUSES = [
  'cancelled',
  'canceled',
  'voided',
  'void',
  'wc-cancelled',
  'failed',
  'wc-failed',
  'geannuleerd',
  'storniert',
  'annulliert',
  'avbruten',
  'makulerad',
];

/** One role of a file's mapping as a typed value: NULL where the file has no column for it. */
function roleValue(source: SourceTable, mapping: TableMapping, role: string, from = ''): string {
  const kind = TABLE_DEFS[mapping.table].roles.find((r) => r.role === role)?.kind ?? 'text';
  const column = mapping.roles[role];
  if (column?.startsWith('=')) return literal(column.slice(1));
  if (!column) return `CAST(NULL AS ${sqlTypeOf(kind)})`;
  const type = source.columns.find((c) => c.name === column)?.type ?? 'VARCHAR';
  return valueSql(kind, `${from}${quoteIdentifier(column)}`, type, source.parse[column], source.rows);
}

/** The SELECT list of one part: every role of the table, typed, NULL where the file has no column. */
function roleColumns(source: SourceTable, mapping: TableMapping, roles: string[]): string[] {
  return roles.map((role) => `${roleValue(source, mapping, role)} AS ${quoteIdentifier(role)}`);
}

const ORDER_FIELDS = [
  'order_id',
  'ordered_at',
  'revenue',
  'customer_id',
  'customer_email',
  'status',
  'channel',
  'source',
  'medium',
  'campaign',
  'device',
  'country',
  'currency',
  'discount',
  'shipping',
  'tax',
  'refunded_amount',
];

/**
 * One file's orders, one row per order id. Order-level rows are summed (an order split over
 * rows); line rows carrying the order's fields take them once; line items give revenue as
 * Σ quantity × unit price over sale lines (quantity and price above 0), and an invoice number
 * starting with C is a cancellation.
 */
function ordersPart(
  source: SourceTable,
  mapping: TableMapping,
  index: number,
  amounts: string | null,
): string {
  const select = roleColumns(source, mapping, [...ORDER_FIELDS, 'cancelled_at', 'quantity', 'unit_price']);
  const file = qualifiedName(source.schema, source.table);
  const rows = `SELECT ${select.join(', ')} FROM ${file}`;
  const fromLines = mapping.derivation === 'orders-from-order-lines';
  const aggregates = ORDER_FIELDS.filter((f) => f !== 'order_id' && f !== 'revenue').map((f) => {
    if (f === 'ordered_at') return 'min(ordered_at) AS ordered_at';
    // Amounts of an order split over rows add up; on line rows they are the order's, once.
    if (MONEY_FIELDS.includes(f) && !fromLines) return `sum(${f}) AS ${f}`;
    return `max(${f}) AS ${f}`;
  });
  const statusCancelled = `(list_contains([${CANCELLED_STATUSES.map((s) => literal(s)).join(', ')}], lower(max(status))) OR max(cancelled_at) IS NOT NULL)`;
  let revenue = fromLines ? 'max(revenue)' : 'sum(revenue)';
  let cancelled = statusCancelled;
  let having = '';
  if (mapping.derivation === 'orders-from-line-items') {
    revenue = 'sum(quantity * unit_price) FILTER (WHERE quantity > 0 AND unit_price > 0)';
    // A cancellation invoice (UCI: "C" and digits) holds only negative lines.
    const cancellation = `(regexp_matches(order_id, '^C[0-9]+$') AND max(quantity) <= 0)`;
    cancelled = `(${cancellation} OR ${statusCancelled})`;
    // An order with no sale line left (only adjustments) is not an order.
    having = `HAVING count(*) FILTER (WHERE quantity > 0 AND unit_price > 0) > 0 OR ${cancellation}`;
  }
  const tail = `${literal(source.fileName)} AS source_file, ${index} AS source_rank`;
  const grouped = (from: string): string => `SELECT order_id, ${aggregates.join(', ')}, ${revenue} AS revenue,
    coalesce(${cancelled}, false) AS is_cancelled, ${tail}
  FROM ${from} GROUP BY order_id ${having}`;
  // Most order files hold one row per order: those rows are taken as they are, and only ids on
  // several rows are grouped (grouping a million orders on every column is the build's largest
  // cost). A row on its own is its group: min, max and sum of one value are the value. The ids
  // on several rows are found from the id column alone, and the file's rows are typed once, as
  // they are read, rather than kept typed in between.
  const single = (sql: string): string => sql.replace(/\b(?:min|max|sum)\(([a-z_]+)\)/g, '$1');
  const id = roleValue(source, mapping, 'order_id', 'src.');
  const matching = (join: string): string =>
    `SELECT ${select.join(', ')} FROM ${file} AS src ${join} JOIN twice ON twice.${DUPLICATE_ID} = ${id}`;
  const part =
    mapping.derivation === 'orders-from-line-items'
      ? grouped(`(${rows}) WHERE order_id IS NOT NULL`)
      : `(WITH twice AS MATERIALIZED (SELECT ${id} AS ${DUPLICATE_ID} FROM ${file} AS src GROUP BY 1 HAVING count(*) > 1)
  SELECT order_id, ${aggregates.map(single).join(', ')}, ${single(revenue)} AS revenue,
    coalesce(${single(cancelled)}, false) AS is_cancelled, ${tail}
  FROM (${matching('ANTI')}) WHERE order_id IS NOT NULL
  UNION ALL
  ${grouped(`(${matching('SEMI')})`)})`;
  if (mapping.roles.revenue || !amounts) return part;
  // Revenue from another file's amounts (Olist payments), summed per order.
  return `SELECT p.* REPLACE (a.amount AS revenue) FROM (${part}) AS p
    LEFT JOIN (SELECT order_id, sum(revenue) AS amount FROM (${amounts}) GROUP BY order_id) AS a ON a.order_id = p.order_id`;
}

/** The column naming an order id found on several rows of a file; no file's column is called so. */
const DUPLICATE_ID = '"__kpi_order_id_twice"';

/**
 * Adds `source_class` and `is_paid` from the rows' source and medium; both stay NULL when the
 * file has neither (no information is not "direct").
 */
function withSourceClass(rows: string, mapping: TableMapping): string {
  const known = mapping.roles.source || mapping.roles.medium;
  if (!known)
    return `SELECT *, CAST(NULL AS VARCHAR) AS source_class, CAST(NULL AS BOOLEAN) AS is_paid FROM (${rows})`;
  return `(WITH r AS MATERIALIZED (${rows}),
  classes AS (${classesOf('SELECT DISTINCT source, medium FROM r')})
  SELECT r.*, c.source_class, c.is_paid FROM r LEFT JOIN classes AS c
    ON c.source IS NOT DISTINCT FROM r.source AND c.medium IS NOT DISTINCT FROM r.medium)`;
}

/**
 * The traffic class of each pair of source and medium in `pairs` (a query giving distinct pairs).
 * The rules are many string tests: each pair is classed once, and the rows take their pair's
 * class (a million orders come from a few hundred pairs).
 */
function classesOf(pairs: string): string {
  return `SELECT source, medium, ${sourceClassSql('source', 'medium')} AS source_class, ${paidSql('source', 'medium')} AS is_paid
    FROM (${pairs})`;
}

/** Some roles of a file's mapping, typed: amounts per order (payments), customer links. */
function plainRoles(source: SourceTable, mapping: TableMapping, roles: string[]): string {
  const select = roleColumns(source, mapping, roles);
  return `SELECT ${select.join(', ')} FROM ${qualifiedName(source.schema, source.table)}`;
}

/** Derivations of files that support the orders of other files rather than hold orders. */
const SUPPORTING: string[] = ['order-amounts', 'customer-links'];

const MONEY_FIELDS = ['discount', 'shipping', 'tax', 'refunded_amount'];

/**
 * The canonical `orders` table: one row per order id over all files; an id in two files counts
 * once (the first file's). The customer is the person a links file names for the customer id,
 * else the customer id, else the e-mail. Each order also carries its customer's first order
 * (`first_ordered_at`, over the orders that were not cancelled), worked out once here rather
 * than in every KPI query. Rows are stored in time order, so that a query over a range reads
 * only the blocks of that range.
 */
function ordersView(parts: OrdersPart[], links: string | null, roles: string[]): string {
  // The rows are made and sorted with the columns that carry data only; the columns no file has
  // are added empty after (a million rows of an absent text column are 16 MB to write and sort).
  const has = (field: string): boolean => REQUIRED_ORDER_FIELDS.includes(field) || roles.includes(field);
  const stored = ORDER_FIELDS.filter(has);
  const fields = stored.map((c) => `o.${quoteIdentifier(c)}`).join(', ');
  const email = roles.includes('customer_email') ? 'lower(trim(o.customer_email))' : null;
  const key = email ? `coalesce(o.customer_id, ${email})` : 'o.customer_id';
  const join = links
    ? `LEFT JOIN (SELECT customer_id, min(person_id) AS person_id FROM (${links}) WHERE customer_id IS NOT NULL GROUP BY customer_id) AS l
  ON l.customer_id = o.customer_id`
    : '';
  const keyed = roles.includes('customer_key');
  const customerKey = links ? `coalesce(l.person_id, ${key})` : key;
  // Each part has one row per order id already: only several files can repeat an id.
  const once =
    parts.length > 1 ? 'QUALIFY row_number() OVER (PARTITION BY o.order_id ORDER BY o.source_rank) = 1' : '';
  // The rows are kept once, typed: the classes and the first orders read them, and so does the
  // table. A file without source or medium gets no class: no information is not "direct".
  const known = parts.filter((p) => p.classed).map((p) => p.rank);
  const pair = ['source', 'medium'];
  const classes = known.length
    ? `, classes AS (
  ${classesOf(`SELECT DISTINCT ${pair.map((c) => (has(c) ? c : `CAST(NULL AS VARCHAR) AS ${c}`)).join(', ')} FROM one${known.length < parts.length ? ` WHERE source_rank IN (${known.join(', ')})` : ''}`)}
)`
    : '';
  const classed = (column: string): string =>
    known.length === parts.length
      ? `c.${column}`
      : `CASE WHEN one.source_rank IN (${known.join(', ')}) THEN c.${column} END AS ${column}`;
  const firsts = keyed
    ? `, firsts AS (
  SELECT customer_key, min(ordered_at) AS first_ordered_at FROM one
  WHERE NOT is_cancelled AND customer_key IS NOT NULL GROUP BY customer_key
)`
    : '';
  const columns = [
    ...stored.map((c) => `one.${quoteIdentifier(c)}`),
    'one.is_cancelled',
    ...(known.length ? [classed('source_class'), classed('is_paid')] : []),
    ...(parts.length > 1 ? ['one.source_file'] : []),
    ...(keyed
      ? ['one.customer_key', 'CASE WHEN NOT one.is_cancelled THEN f.first_ordered_at END AS first_ordered_at']
      : []),
  ];
  const single = parts.length === 1 ? parts[0]?.file : undefined;
  const empty: AddedColumn[] = [
    ...ORDER_FIELDS.filter((c) => !has(c)).map((c) => ({ name: c, type: orderFieldType(c) })),
    ...(known.length
      ? []
      : [
          { name: 'source_class', type: 'VARCHAR' },
          { name: 'is_paid', type: 'BOOLEAN' },
        ]),
    ...(single === undefined ? [] : [{ name: 'source_file', type: 'VARCHAR', value: single }]),
    ...(keyed
      ? []
      : [
          { name: 'customer_key', type: 'VARCHAR' },
          { name: 'first_ordered_at', type: 'TIMESTAMP' },
        ]),
  ];
  const select = `WITH one AS MATERIALIZED (
  SELECT ${fields}, o.is_cancelled, o.source_file, o.source_rank${keyed ? `,\n    ${customerKey} AS customer_key` : ''}
  FROM (${parts.map((p) => p.sql).join('\nUNION ALL\n')}) AS o ${join}
  ${once}
)${classes}${firsts}
SELECT ${columns.join(', ')}
FROM one ${known.length ? `LEFT JOIN classes AS c ON ${pair.map((c) => (has(c) ? `c.${c} IS NOT DISTINCT FROM one.${c}` : `c.${c} IS NULL`)).join(' AND ')}` : ''}
${keyed ? 'LEFT JOIN firsts AS f ON f.customer_key = one.customer_key' : ''} ORDER BY one.ordered_at`;
  const rows = parts.reduce((sum, p) => sum + p.rows, 0);
  return createWithEmptyColumns('orders', select, empty, rows);
}

/** Order columns every orders table has, whatever the files map. */
const REQUIRED_ORDER_FIELDS = ['order_id', 'ordered_at', 'revenue'];

function orderFieldType(field: string): string {
  const kind = TABLE_DEFS.orders.roles.find((r) => r.role === field)?.kind ?? 'text';
  return sqlTypeOf(kind);
}

/** One orders file's rows, one per order id, and whether they carry a source or medium to class. */
interface OrdersPart {
  sql: string;
  rank: number;
  classed: boolean;
  file: string;
  rows: number;
}

const EVENT_TYPES: [string, string[]][] = [
  ['page_view', ['page_view', 'pageview', 'page', 'screen_view']],
  ['product_view', ['view', 'product_view', 'view_item', 'detail', 'product_detail', 'item_view']],
  ['add_to_cart', ['add_to_cart', 'addtocart', 'cart', 'add', 'added_to_cart']],
  ['begin_checkout', ['begin_checkout', 'checkout', 'checkout_started', 'initiate_checkout']],
  ['purchase', ['purchase', 'transaction', 'order', 'order_completed', 'checkout_completed']],
  ['signup', ['signup', 'sign_up', 'subscribe', 'newsletter_signup', 'lead']],
  ['unsubscribe', ['unsubscribe', 'unsubscribed']],
];

/**
 * Maps the event names of GA4, REES46, Retailrocket and shop platforms to the canonical types,
 * whatever their case and the spaces around them. A name written as listed is matched as it is;
 * only the others are lower-cased and trimmed first (5M events lower-case in 0.6 s natively, and
 * events are a view, read again by each query over them).
 */
export function eventTypeSql(column: string): string {
  const cases = (value: string): string[] =>
    EVENT_TYPES.map(
      ([type, names]) =>
        `WHEN list_contains([${names.map((n) => literal(n)).join(', ')}], ${value}) THEN ${literal(type)}`,
    );
  return `CASE ${cases(column).join(' ')} ELSE CASE ${cases(`lower(trim(${column}))`).join(' ')} ELSE 'other' END END`;
}

function plainPart(source: SourceTable, mapping: TableMapping): string {
  const roles = TABLE_DEFS[mapping.table].roles.map((r) => r.role);
  const select = roleColumns(source, mapping, roles);
  if (mapping.table === 'events') {
    const raw = mapping.roles.event_type;
    const i = roles.indexOf('event_type');
    if (raw && !raw.startsWith('=')) {
      select[i] = `${eventTypeSql(`CAST(${quoteIdentifier(raw)} AS VARCHAR)`)} AS event_type`;
      select.push(`CAST(${quoteIdentifier(raw)} AS VARCHAR) AS event_name`);
    } else select.push(`CAST(NULL AS VARCHAR) AS event_name`);
  }
  if (mapping.table === 'order_items' && mapping.derivation === 'one-unit-per-row') {
    select[roles.indexOf('quantity')] = '1.0 AS quantity';
  }
  select.push(`${literal(source.fileName)} AS source_file`);
  let rows = `SELECT ${select.join(', ')} FROM ${qualifiedName(source.schema, source.table)}`;
  if (mapping.derivation === 'returns-from-negative-lines') {
    // A negative line with a price is a return; at price 0 it is a stock adjustment.
    rows = `SELECT * REPLACE (abs(quantity) AS quantity, abs(quantity) * unit_price AS amount)
      FROM (${rows}) WHERE quantity < 0 AND unit_price > 0`;
  }
  const one = mapping.derivation === 'ga-hits' ? sessionsFromHits(rows) : rows;
  return mapping.table === 'sessions' ? withSourceClass(one, mapping) : one;
}

/**
 * One row per visit from hit rows that repeat the visit's fields; GA money is in micros. A visit
 * is GA's visitor id and visit id together: two visitors can start a visit with the same id.
 */
function sessionsFromHits(rows: string): string {
  const aggregates = TABLE_DEFS.sessions.roles
    .filter((def) => def.role !== 'session_id' && def.role !== 'visitor_id')
    .map((def) => {
      const name = quoteIdentifier(def.role);
      if (def.role === 'revenue') return `max(${name}) / 1000000 AS ${name}`;
      if (def.kind === 'time') return `min(${name}) AS ${name}`;
      if (def.kind === 'boolean') return `coalesce(bool_or(${name}), false) AS ${name}`;
      return `max(${name}) AS ${name}`;
    });
  return `SELECT concat_ws('/', visitor_id, session_id) AS session_id, visitor_id, ${aggregates.join(', ')},
    max(source_file) AS source_file
    FROM (${rows}) WHERE session_id IS NOT NULL GROUP BY visitor_id, session_id`;
}

/** A statement that makes or drops one canonical view. */
export interface ViewStatement {
  table: CanonicalTable | 'event_sessions' | 'order_lines' | `summary_${string}`;
  /** A view the KPIs read that no file feeds directly (not listed as data). */
  helper?: boolean;
  /** The files feeding the view, in order; empty when the view is dropped. */
  files: string[];
  sql: string;
  /** How the view is made when no file holds it as such, in a sentence for the person. */
  derived?: string;
  /** The roles that carry data in the view (mapped, or derived such as `customer_key`); empty when dropped. */
  roles: string[];
  /** Canonical tables it is made from: it is made again when they are. */
  reads?: string[];
  /** Rows in the files that feed it, where known. */
  rows?: number;
}

/** The canonical views over every loaded file: one statement per canonical table. */
export function buildCanonicalViews(sources: SourceTable[]): ViewStatement[] {
  const statements = CANONICAL_TABLES.map((table) => buildView(table, sources));
  const events = statements.find((s) => s.table === 'events');
  const sessions = statements.findIndex((s) => s.table === 'sessions');
  // The visits in the events (for funnels) come after events, which they read.
  statements.push(eventSessionsStatement(events?.roles ?? [], events?.rows ?? 0));
  statements.push(
    orderLinesStatement(
      statements.find((s) => s.table === 'orders'),
      statements.find((s) => s.table === 'order_items'),
    ),
  );
  if (events && events.files.length > 0 && statements[sessions]?.files.length === 0) {
    // Sessions are made from those visits: the views are made in this order.
    statements.splice(sessions, 1);
    statements.push({
      table: 'sessions',
      files: events.files,
      sql: sessionsFromEvents(),
      derived: `made from events: one per session id, or per visitor with a new session after ${SESSION_GAP_MINUTES} minutes without events`,
      roles: sessionRolesFromEvents(events.roles),
      reads: ['event_sessions'],
    });
  }
  return statements;
}

/**
 * `main.order_lines`: the sale lines of orders that happened (quantity and price above 0; the
 * rest are adjustments) with their revenue and their order's time, stored once. A KPI over
 * lines would otherwise read, trim and join every line of the files with its order on each
 * query (0.7 s for 2.5M lines where this reads the range's lines in 20 ms). They are stored
 * in time order, so a range reads only its blocks.
 */
function orderLinesStatement(
  orders: ViewStatement | undefined,
  items: ViewStatement | undefined,
): ViewStatement {
  const table = 'order_lines';
  if (!orders?.roles.length || !items?.roles.length)
    return { table, files: [], sql: `DROP TABLE IF EXISTS main.${table}`, roles: [] };
  // As for orders, the columns no file has are added empty after the rows are made and sorted.
  const roles = TABLE_DEFS.order_items.roles;
  const kept = roles.filter((r) => items.roles.includes(r.role)).map((r) => `i.${quoteIdentifier(r.role)}`);
  const empty = roles
    .filter((r) => !items.roles.includes(r.role))
    .map((r) => ({ name: r.role, type: sqlTypeOf(r.kind) }));
  return {
    table,
    files: [],
    helper: true,
    reads: ['orders', 'order_items'],
    roles: [...items.roles, 'line_revenue', 'ordered_at'],
    sql: createWithEmptyColumns(
      table,
      `SELECT ${kept.join(', ')}, coalesce(i.line_total, i.quantity * i.unit_price) AS line_revenue, o.ordered_at
FROM main.order_items AS i JOIN main.orders AS o ON o.order_id = i.order_id
WHERE NOT o.is_cancelled AND i.quantity > 0 AND coalesce(i.unit_price, i.line_total, 1) > 0
ORDER BY o.ordered_at`,
      empty,
      items.rows ?? 0,
    ),
  };
}

/** The roles a view has data for: every role some feeding file maps, plus what the view derives. */
function viewRoles(table: CanonicalTable, mappings: TableMapping[]): string[] {
  const roles = new Set<string>();
  for (const mapping of mappings) {
    for (const [role, column] of Object.entries(mapping.roles)) if (column) roles.add(role);
    if (mapping.derivation === 'orders-from-line-items' || mapping.derivation === 'order-amounts')
      roles.add('revenue');
    if (mapping.derivation === 'one-unit-per-row') roles.add('quantity');
    if (mapping.derivation === 'returns-from-negative-lines') roles.add('amount');
  }
  if (table === 'orders') {
    roles.add('is_cancelled');
    if (roles.has('customer_id') || roles.has('customer_email')) roles.add('customer_key');
  }
  if ((table === 'orders' || table === 'sessions') && (roles.has('source') || roles.has('medium'))) {
    roles.add('source_class');
    roles.add('is_paid');
  }
  return [...roles];
}

/** One canonical view over the files that feed it, or a DROP when none does. */
function buildView(table: CanonicalTable, sources: SourceTable[]): ViewStatement {
  const feeds = sources.flatMap((source) =>
    source.targets
      .filter((t) => t.table === table && missingRoles(t).length === 0)
      .map((mapping) => ({ source, mapping })),
  );
  // The canonical tables are views over the files, so that the files' rows are not held twice in
  // the engine's memory (5M events would be). What KPI queries would otherwise group again each
  // time is stored once: the orders (one row per order), the visits in the events and the sale
  // lines with their order's time.
  const kind = table === 'orders' ? 'TABLE' : 'VIEW';
  const drop = { table, files: [], sql: `DROP ${kind} IF EXISTS main.${table}`, roles: [] };
  if (table === 'orders') {
    const all = sources.flatMap((source) => source.targets.filter((t) => t.table === 'orders'));
    const supplied = suppliedRoles('orders', all);
    const amounts = feeds.filter((f) => f.mapping.derivation === 'order-amounts');
    const links = feeds.filter((f) => f.mapping.derivation === 'customer-links');
    const orders = sources.flatMap((source) =>
      source.targets
        .filter((t) => t.table === 'orders' && !SUPPORTING.includes(t.derivation ?? ''))
        .filter((t) => missingRoles(t, supplied).length === 0)
        .map((mapping) => ({ source, mapping })),
    );
    if (orders.length === 0) return drop;
    const amountSql = amounts.length
      ? amounts.map((f) => plainRoles(f.source, f.mapping, ['order_id', 'revenue'])).join(' UNION ALL ')
      : null;
    const parts = orders.map((f, i) => ({
      sql: ordersPart(f.source, f.mapping, i, amountSql),
      rank: i,
      classed: Boolean(f.mapping.roles.source || f.mapping.roles.medium),
      file: f.source.fileName,
      rows: f.source.rows ?? 0,
    }));
    // Links count only where the orders name customers by id.
    const linked = orders.some((f) => f.mapping.roles.customer_id) ? links : [];
    const linkSql = linked.length
      ? linked.map((f) => plainRoles(f.source, f.mapping, ['customer_id', 'person_id'])).join(' UNION ALL ')
      : null;
    const roles = viewRoles(
      table,
      [...orders, ...amounts, ...linked].map((f) => f.mapping),
    );
    return {
      table,
      files: [...orders, ...amounts, ...linked].map((f) => f.source.fileName),
      sql: ordersView(parts, linkSql, roles),
      roles,
      rows: parts.reduce((sum, p) => sum + p.rows, 0),
    };
  }
  if (feeds.length === 0) return drop;
  const files = feeds.map((f) => f.source.fileName);
  const rows = feeds.reduce((sum, f) => sum + (f.source.rows ?? 0), 0);
  const roles = viewRoles(
    table,
    feeds.map((f) => f.mapping),
  );
  const keys = ROW_KEYS[table];
  if (feeds.length === 1 || !keys) {
    const parts = feeds.map((f) => plainPart(f.source, f.mapping));
    return {
      table,
      files,
      sql: `CREATE OR REPLACE ${kind} main.${table} AS\n${parts.join('\nUNION ALL BY NAME\n')}`,
      roles,
      rows,
    };
  }
  // Files that overlap (monthly exports over the same days): a key's rows come from the first file that has it.
  const parts = feeds.map((f, i) => `SELECT *, ${i} AS source_rank FROM (${plainPart(f.source, f.mapping)})`);
  const partition = keys.map((k) => quoteIdentifier(k)).join(', ');
  const anyNull = keys.map((k) => `${quoteIdentifier(k)} IS NULL`).join(' OR ');
  return {
    table,
    files,
    sql: `CREATE OR REPLACE ${kind} main.${table} AS
SELECT * EXCLUDE (source_rank) FROM (${parts.join('\nUNION ALL BY NAME\n')})
QUALIFY ${anyNull} OR source_rank = min(source_rank) OVER (PARTITION BY ${partition})`,
    roles,
    rows,
  };
}

/** The columns that name the same thing in two files of one kind; their rows count once. */
export const ROW_KEYS: Partial<Record<CanonicalTable, string[]>> = {
  orders: ['order_id'],
  order_items: ['order_id'],
  sessions: ['session_id'],
  marketing_spend: ['date', 'channel', 'campaign'],
  inventory: ['snapshot_at', 'sku'],
  support_tickets: ['ticket_id'],
  email_subscribers: ['email'],
};

/** How many keys of a later file an earlier file of the same kind already has. */
export interface Overlap {
  table: CanonicalTable;
  file: string;
  overlap: number;
}

/**
 * One query over every canonical table fed by several files: for each file after the first,
 * how many of its keys (order ids, session ids, day × campaign…) an earlier file already has.
 * Those rows count once, the first file's, and the data report says so.
 */
export function buildOverlapQuery(sources: SourceTable[]): string | null {
  const ctes: string[] = [];
  const counts: string[] = [];
  for (const table of CANONICAL_TABLES) {
    const keys = ROW_KEYS[table];
    if (!keys) continue;
    const feeds = sources.flatMap((source) =>
      source.targets
        .filter((t) => t.table === table && !SUPPORTING.includes(t.derivation ?? ''))
        .filter(
          (t) =>
            missingRoles(
              t,
              table === 'orders'
                ? suppliedRoles(
                    'orders',
                    sources.flatMap((x) => x.targets),
                  )
                : [],
            ).length === 0,
        )
        .map((mapping) => ({ source, mapping })),
    );
    if (feeds.length < 2) continue;
    const list = keys.map((k) => quoteIdentifier(k)).join(', ');
    feeds.forEach((f, i) => {
      const rows =
        table === 'orders'
          ? `SELECT ${roleColumns(f.source, f.mapping, keys).join(', ')} FROM ${qualifiedName(f.source.schema, f.source.table)}`
          : plainPart(f.source, f.mapping);
      ctes.push(
        `${table}_${i} AS (SELECT DISTINCT ${list} FROM (${rows}) WHERE ${keys.map((k) => `${quoteIdentifier(k)} IS NOT NULL`).join(' AND ')})`,
      );
      if (i === 0) return;
      const earlier = feeds
        .slice(0, i)
        .map((_, j) => `SELECT ${list} FROM ${table}_${j}`)
        .join(' UNION ');
      counts.push(
        `SELECT ${literal(table)} AS "table", ${literal(f.source.fileName)} AS file, count(*) AS overlap FROM ${table}_${i} SEMI JOIN (${earlier}) AS earlier USING (${list})`,
      );
    });
  }
  return counts.length ? `WITH ${ctes.join(',\n')}\n${counts.join('\nUNION ALL\n')}` : null;
}
