import {
  CANONICAL_TABLES,
  TABLE_DEFS,
  normaliseName,
  type CanonicalTable,
  type ValueKind,
} from './canonical';
import { FORMATS, type Derivation, type FormatDef } from './formats';

/** A column of a loaded file, as DuckDB typed it. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** One canonical table a file feeds: role → column (or `=constant`). */
export interface TableMapping {
  table: CanonicalTable;
  roles: Record<string, string>;
  derivation?: Derivation;
}

/** What a file was recognised as, how sure that is, and the tables it feeds. */
export interface Detection {
  format: string;
  label: string;
  /** 0–1: 0.98 for a format recognised by its signature, less for a guess from names. */
  confidence: number;
  reason: string;
  targets: TableMapping[];
  note?: string;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/i;
const TEMPORAL = /^(DATE|TIMESTAMP)/i;
const FRACTIONAL = /^(DOUBLE|FLOAT|REAL|DECIMAL)/i;
const TEXT = /^VARCHAR/i;

/** Whether a column of this DuckDB type can hold a role of this kind (text is parsed later). */
export function typeFits(kind: ValueKind, type: string): boolean {
  switch (kind) {
    case 'time':
      return TEMPORAL.test(type) || TEXT.test(type) || INTEGER.test(type);
    case 'money':
    case 'number':
      return NUMERIC.test(type) || TEXT.test(type);
    case 'boolean':
      return /^BOOLEAN/i.test(type) || TEXT.test(type) || INTEGER.test(type);
    default:
      return true;
  }
}

/** The requirements of a table as fed by a derivation (line items stand in for an order total). */
export function requirementsFor(table: CanonicalTable, derivation?: Derivation): string[][] {
  const required = TABLE_DEFS[table].required;
  if (table === 'orders' && derivation === 'orders-from-line-items') {
    return [...required.filter((r) => !r.includes('revenue')), ['quantity'], ['unit_price']];
  }
  if (table === 'orders' && derivation === 'order-amounts') return [['order_id'], ['revenue']];
  if (table === 'orders' && derivation === 'customer-links') return [['customer_id'], ['person_id']];
  if (table === 'returns' && derivation === 'returns-from-negative-lines') {
    return [['returned_at'], ['quantity'], ['unit_price']];
  }
  return required;
}

/**
 * The requirements a mapping still misses, each as its alternative roles. `supplied` are roles
 * another file provides (an orders file's revenue from a payments file).
 */
export function missingRoles(mapping: TableMapping, supplied: readonly string[] = []): string[][] {
  return requirementsFor(mapping.table, mapping.derivation).filter(
    (options) => !options.some((r) => mapping.roles[r] || supplied.includes(r)),
  );
}

/** Roles of a canonical table that files of another kind provide: order amounts from payments. */
export function suppliedRoles(table: string, targets: readonly TableMapping[]): string[] {
  const amounts = targets.some((t) => t.derivation === 'order-amounts' && missingRoles(t).length === 0);
  return table === 'orders' && amounts ? ['revenue'] : [];
}

function findColumn(pattern: string, columns: ColumnInfo[]): ColumnInfo | undefined {
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return columns.find((c) => normaliseName(c.name).startsWith(prefix));
  }
  return columns.find((c) => normaliseName(c.name) === pattern);
}

function matchesSignature(format: FormatDef, columns: ColumnInfo[]): boolean {
  return format.signature.every((options) => options.some((p) => findColumn(p, columns)));
}

function resolveFormat(format: FormatDef, columns: ColumnInfo[]): Detection {
  const targets: TableMapping[] = [];
  for (const target of format.targets) {
    const roles: Record<string, string> = {};
    for (const [role, candidates] of Object.entries(target.roles)) {
      for (const candidate of candidates) {
        const found = candidate.startsWith('=') ? candidate : findColumn(candidate, columns)?.name;
        if (found) {
          roles[role] = found;
          break;
        }
      }
    }
    targets.push({
      table: target.table,
      roles,
      ...(target.derivation ? { derivation: target.derivation } : {}),
    });
  }
  return {
    format: format.id,
    label: format.label,
    confidence: 0.98,
    reason: `Its columns are those of a ${format.label}.`,
    targets,
    ...(format.note ? { note: format.note } : {}),
  };
}

interface Candidate {
  role: string;
  column: string;
  quality: number;
}

/** How well a column name means a role: 1 for the best synonym, less for later ones and partial matches. */
function nameQuality(names: string[], column: string): number {
  const normal = normaliseName(column);
  const exact = names.indexOf(normal);
  if (exact >= 0) return 1 - exact * 0.005;
  for (const name of names) {
    if (name.length >= 4 && (normal.startsWith(name) || normal.endsWith(name))) return 0.6;
  }
  return 0;
}

/** Assigns columns to a table's roles by name, best matches first, each column at most once. */
export function matchRoles(
  table: CanonicalTable,
  columns: ColumnInfo[],
): { roles: Record<string, string>; quality: number } {
  const candidates: Candidate[] = [];
  for (const def of TABLE_DEFS[table].roles) {
    for (const column of columns) {
      const quality = nameQuality(def.names, column.name);
      // A fractional number is a time only under a time's own name: Excel day numbers ("45292.5").
      const serialTime = def.kind === 'time' && quality > 0.9 && FRACTIONAL.test(column.type);
      if (quality > 0 && (typeFits(def.kind, column.type) || serialTime))
        candidates.push({ role: def.role, column: column.name, quality });
    }
  }
  candidates.sort((a, b) => b.quality - a.quality);
  const roles: Record<string, string> = {};
  const used = new Set<string>();
  let quality = 0;
  for (const c of candidates) {
    if (roles[c.role] || used.has(c.column)) continue;
    roles[c.role] = c.column;
    used.add(c.column);
    quality += c.quality;
  }
  return { roles, quality };
}

function fileHint(table: CanonicalTable, fileName: string): boolean {
  const name = normaliseName(fileName.replace(/\.[^.]*$/, ''));
  return TABLE_DEFS[table].fileHints.some((hint) => name.includes(hint));
}

/** Guesses the canonical table of a file that matches no known format, from its column names. */
function detectGeneric(fileName: string, columns: ColumnInfo[]): Detection {
  let best: { mapping: TableMapping; score: number; requiredQuality: number } | null = null;
  for (const table of CANONICAL_TABLES) {
    const { roles, quality } = matchRoles(table, columns);
    const mapping: TableMapping = { table, roles };
    if (missingRoles(mapping).length > 0) continue;
    const required = TABLE_DEFS[table].required.flat().filter((r) => roles[r]);
    const requiredQuality =
      required.reduce((sum, r) => sum + nameQuality(roleNames(table, r), roles[r] ?? ''), 0) /
      required.length;
    const score = quality + required.length * 2 + (fileHint(table, fileName) ? 1.5 : 0);
    if (!best || score > best.score) best = { mapping, score, requiredQuality };
  }
  if (!best) return lineItemsOrUnknown(fileName, columns);
  const { mapping, requiredQuality } = best;
  const hint = fileHint(mapping.table, fileName);
  const confidence = Math.min(0.95, 0.45 + 0.4 * requiredQuality + (hint ? 0.1 : 0));
  const targets = [mapping];
  // Line items with a date and no order total also give the orders.
  if (mapping.table === 'order_items' && !mapping.roles.line_total) {
    const orders = deriveOrdersFromItems(mapping, columns);
    if (orders) targets.push(orders);
  }
  return {
    format: 'generic',
    label: `${tableLabel(mapping.table)} (recognised from column names)`,
    confidence,
    reason: `Column names match the roles of ${mapping.table}${hint ? ', and so does the file name' : ''}.`,
    targets,
  };
}

function deriveOrdersFromItems(items: TableMapping, columns: ColumnInfo[]): TableMapping | null {
  const { roles } = matchRoles('orders', columns);
  if (!roles.ordered_at || !items.roles.order_id || !items.roles.quantity || !items.roles.unit_price)
    return null;
  const orders: Record<string, string> = {
    order_id: items.roles.order_id,
    ordered_at: roles.ordered_at,
    quantity: items.roles.quantity,
    unit_price: items.roles.unit_price,
  };
  for (const role of ['customer_id', 'customer_email', 'country', 'status', 'channel', 'currency']) {
    const column = roles[role];
    if (column && !Object.values(items.roles).includes(column)) orders[role] = column;
  }
  return { table: 'orders', roles: orders, derivation: 'orders-from-line-items' };
}

function lineItemsOrUnknown(fileName: string, columns: ColumnInfo[]): Detection {
  // The best partial match, so the person only has to pick what is missing.
  let best: { mapping: TableMapping; met: number } | null = null;
  for (const table of CANONICAL_TABLES) {
    const mapping: TableMapping = { table, roles: matchRoles(table, columns).roles };
    const met = TABLE_DEFS[table].required.length - missingRoles(mapping).length;
    const score = met + (fileHint(table, fileName) ? 0.5 : 0);
    if (met > 0 && (!best || score > best.met)) best = { mapping, met: score };
  }
  if (!best || best.met < 1.5) {
    return {
      format: 'unknown',
      label: 'Not recognised',
      confidence: 0,
      reason:
        'No column name matches the roles of a canonical table. Pick the table and its columns by hand.',
      targets: [],
    };
  }
  return {
    format: 'generic',
    label: `${tableLabel(best.mapping.table)}? (some columns not found)`,
    confidence: 0.3,
    reason: `Some column names match ${best.mapping.table}, but not every column it needs.`,
    targets: [best.mapping],
  };
}

const roleNames = (table: CanonicalTable, role: string): string[] =>
  TABLE_DEFS[table].roles.find((r) => r.role === role)?.names ?? [];

const TABLE_LABELS: Record<CanonicalTable, string> = {
  orders: 'Orders',
  order_items: 'Order lines',
  sessions: 'Web sessions',
  events: 'Web events',
  marketing_spend: 'Ad spend',
  returns: 'Returns',
  inventory: 'Stock levels',
  surveys: 'Survey answers',
  support_tickets: 'Support tickets',
  email_subscribers: 'E-mail subscribers',
};

/** A table's name for people. */
export const tableLabel = (table: CanonicalTable): string => TABLE_LABELS[table];

/** Recognises a file from its columns: a known export format first, else a guess from column names. */
export function detectFormat(fileName: string, columns: ColumnInfo[]): Detection {
  const format = FORMATS.find((f) => matchesSignature(f, columns));
  return format ? resolveFormat(format, columns) : detectGeneric(fileName, columns);
}
