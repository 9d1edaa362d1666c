import { literal, qualifiedName, quoteIdentifier } from '../sql/sql';

/**
 * Which table and columns hold the orders: the source of the canonical `orders` view.
 * An empty string marks a required role not chosen yet.
 */
export interface OrdersMapping {
  table: string;
  orderId: string;
  orderedAt: string;
  revenue: string;
  customerId: string | null;
  status: string | null;
}

/** A loaded table as the mapping sees it. */
export interface TableShape {
  name: string;
  columns: { name: string; type: string }[];
}

export type OrdersRole = Exclude<keyof OrdersMapping, 'table'>;

/** Column names that mean each role, normalised (lower-case, letters and digits only), best first. */
const ROLE_NAMES: Record<OrdersRole, string[]> = {
  orderId: [
    'orderid',
    'ordernumber',
    'orderno',
    'ordernr',
    'order',
    'invoiceno',
    'invoice',
    'invoiceid',
    'transactionid',
    'name',
    'id',
  ],
  orderedAt: [
    'orderedat',
    'orderdate',
    'orderdatetime',
    'ordertime',
    'createdat',
    'invoicedate',
    'purchasedate',
    'purchasedat',
    'paidat',
    'date',
    'datetime',
    'timestamp',
    'time',
  ],
  revenue: [
    'revenue',
    'ordertotal',
    'total',
    'totalamount',
    'grandtotal',
    'amount',
    'totalprice',
    'sales',
    'value',
    'ordervalue',
  ],
  customerId: ['customerid', 'customer', 'customerno', 'clientid', 'userid', 'customeremail', 'email'],
  status: ['status', 'orderstatus', 'financialstatus'],
};

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const TEMPORAL = /^(DATE|TIMESTAMP)/i;
const TEXTUAL = /^VARCHAR/i;

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function fits(role: OrdersRole, type: string): boolean {
  if (role === 'revenue') return NUMERIC.test(type);
  if (role === 'orderedAt') return TEMPORAL.test(type) || TEXTUAL.test(type);
  return true;
}

/** The best column for a role in a table, by name first, then by type. */
export function guessColumn(table: TableShape, role: OrdersRole, exclude: string[] = []): string | null {
  const candidates = table.columns.filter((c) => !exclude.includes(c.name) && fits(role, c.type));
  for (const wanted of ROLE_NAMES[role]) {
    const hit = candidates.find((c) => normalise(c.name) === wanted);
    if (hit) return hit.name;
  }
  return null;
}

/** The roles of the orders mapping, in the order a person reads them. */
export const ORDERS_ROLES: { role: OrdersRole; label: string; required: boolean }[] = [
  { role: 'orderId', label: 'Order id', required: true },
  { role: 'orderedAt', label: 'Order date', required: true },
  { role: 'revenue', label: 'Amount', required: true },
  { role: 'customerId', label: 'Customer', required: false },
  { role: 'status', label: 'Status', required: false },
];

/** True when every required role has a column. */
export function isComplete(mapping: OrdersMapping): boolean {
  return mapping.orderId !== '' && mapping.orderedAt !== '' && mapping.revenue !== '';
}

/** The best mapping for a table a person picked: guessed roles filled, the others left empty. */
export function draftMappingForTable(table: TableShape): OrdersMapping {
  const orderId = guessColumn(table, 'orderId') ?? '';
  const orderedAt = guessColumn(table, 'orderedAt', [orderId]) ?? '';
  const revenue = guessColumn(table, 'revenue', [orderId]) ?? '';
  const used = [orderId, orderedAt, revenue];
  return {
    table: table.name,
    orderId,
    orderedAt,
    revenue,
    customerId: guessColumn(table, 'customerId', used),
    status: guessColumn(table, 'status', used),
  };
}

/** Guesses the orders mapping for a table, or null when a required role has no column. */
export function guessMappingForTable(table: TableShape): OrdersMapping | null {
  const draft = draftMappingForTable(table);
  return isComplete(draft) ? draft : null;
}

/** The first table that looks like orders, preferring one named so. */
export function guessOrdersMapping(tables: TableShape[]): OrdersMapping | null {
  const ranked = [...tables].sort((a, b) => Number(/order/i.test(b.name)) - Number(/order/i.test(a.name)));
  for (const table of ranked) {
    const mapping = guessMappingForTable(table);
    if (mapping) return mapping;
  }
  return null;
}

const CANCELLED = ['cancelled', 'canceled', 'voided', 'void', 'annulled'];

/**
 * The canonical `orders` view: one row per order id. Amounts of several rows with the same
 * order id add up (line-level exports); cancelled orders are flagged, not dropped, so that
 * each KPI decides what to do with them.
 */
export function buildOrdersView(mapping: OrdersMapping, schema: string): string {
  const col = (name: string): string => `src.${quoteIdentifier(name)}`;
  const optional = (name: string | null): string =>
    name ? `any_value(CAST(${col(name)} AS VARCHAR))` : 'CAST(NULL AS VARCHAR)';
  const cancelled = mapping.status
    ? `coalesce(bool_or(lower(trim(CAST(${col(mapping.status)} AS VARCHAR))) IN (${CANCELLED.map(literal).join(', ')})), false)`
    : 'false';
  return `CREATE OR REPLACE VIEW main.orders AS
SELECT
  CAST(${col(mapping.orderId)} AS VARCHAR) AS order_id,
  min(TRY_CAST(${col(mapping.orderedAt)} AS TIMESTAMP)) AS ordered_at,
  sum(TRY_CAST(${col(mapping.revenue)} AS DOUBLE)) AS revenue,
  ${optional(mapping.customerId)} AS customer_id,
  ${optional(mapping.status)} AS status,
  ${cancelled} AS is_cancelled
FROM ${qualifiedName(schema, mapping.table)} AS src
WHERE ${col(mapping.orderId)} IS NOT NULL
GROUP BY 1`;
}
