import { TABLE_DEFS, type CanonicalTable, type RoleDef } from '../model/canonical';
import { missingRoles, requirementsFor, type TableMapping } from '../model/detect';
import type { Derivation } from '../model/formats';
import type { ColumnParse } from '../model/value-sql';
import type { ResultPage } from '../db/engine';
import { formatCell } from './format';

// Words for the mapping panel: what a derivation does, how a column is read, which roles show.

const DERIVATIONS: Record<Derivation, string> = {
  'orders-from-order-lines':
    'One row per order line: each order is taken once, with its amounts from the line that carries them.',
  'orders-from-line-items':
    'Orders are made from the lines: revenue = Σ quantity × unit price over lines with quantity and price above 0; an invoice of only returned lines starting with "C" is a cancellation.',
  'one-unit-per-row': 'Each row is one unit sold (quantity 1).',
  'ga-hits':
    'Rows are hits (pages, products) of visits: one session per visit id, its fields taken once; revenue is in millionths and divided by 1,000,000.',
  'returns-from-negative-lines':
    'Returns are the lines with a negative quantity and a price (the lines of "C" invoices); negative lines at price 0 are stock adjustments, not returns.',
  'order-amounts': 'Amounts per order: the orders from another file take their revenue as the sum of these.',
  'customer-links':
    'Links customer ids to people: orders from another file count the person (customer_unique_id), not the id, which Olist makes anew for every order.',
};

/** What a derivation does, in a sentence. */
export const describeDerivation = (derivation: Derivation): string => DERIVATIONS[derivation];

/** How a column's text is read, or null when DuckDB typed it from clean values. */
export function describeParse(parse: ColumnParse | undefined): string | null {
  if (!parse) return null;
  if (parse.typed) {
    const order =
      (parse.swapDayMonth ? flip(parse.typed.order) : parse.typed.order) === 'dmy' ? 'day' : 'month';
    const guess = parse.typed.ambiguous ? ' Every date reads both ways (no day above 12): a guess.' : '';
    return `Dates read ${order} first.${guess}`;
  }
  const format = parse.format;
  if (!format) return null;
  if (format.kind === 'number') {
    const parts = [`decimal "${format.decimal}"`];
    if (format.thousands)
      parts.push(`"${format.thousands === ' ' ? 'space' : format.thousands}" between thousands`);
    if (format.currency) parts.push(`"${format.currency}" removed`);
    return `Numbers: ${parts.join(', ')}. ${format.reason}`;
  }
  if (format.kind === 'date') {
    const order = { dmy: 'day first', mdy: 'month first', ymd: 'year first' }[format.order];
    return `Dates ${order}. ${format.reason}`;
  }
  return format.reason;
}

const flip = (order: 'dmy' | 'mdy'): 'dmy' | 'mdy' => (order === 'dmy' ? 'mdy' : 'dmy');

/** Whether a column's dates could be read the other way round. */
export function canSwapDates(parse: ColumnParse | undefined): boolean {
  if (parse?.typed) return parse.typed.ambiguous;
  return parse?.format?.kind === 'date' && parse.format.ambiguous;
}

/** The roles the panel lists for a mapping: the table's own, plus those its derivation reads. */
export function rolesToShow(mapping: TableMapping): (RoleDef & { required: boolean })[] {
  const required = new Set(requirementsFor(mapping.table, mapping.derivation).flat());
  return TABLE_DEFS[mapping.table].roles
    .filter((def) => def.names.length > 0 || required.has(def.role) || mapping.roles[def.role])
    .map((def) => ({ ...def, required: required.has(def.role) }));
}

/** "order id, order date" — what a mapping still needs, each requirement with its alternatives. */
export function describeMissing(mapping: TableMapping, supplied: readonly string[] = []): string {
  return missingRoles(mapping, supplied)
    .map((options) => options.join(' or '))
    .join(', ');
}

/** The canonical tables a file can be used as. */
export const USES: CanonicalTable[] = Object.keys(TABLE_DEFS) as CanonicalTable[];

/** The first three distinct values of a column in a preview, as text. */
export function firstValues(preview: ResultPage | null, column: string | undefined): string {
  if (!column || column.startsWith('=') || !preview) return '';
  // Preview values are Arrow values: format them by their Arrow type.
  const type = preview.columns.find((c) => c.name === column)?.type ?? '';
  const seen = new Set<string>();
  for (const row of preview.rows) {
    const value = row[column];
    if (value === null || value === undefined || value === '') continue;
    seen.add(formatCell(value, type));
    if (seen.size === 3) break;
  }
  return [...seen].join(' · ');
}
