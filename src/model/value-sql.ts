import { LARGE_TABLE_ROWS, literal } from '../sql/sql';
import type { ValueKind } from './canonical';
import type { NumberFormat, TimeFormat } from './value-format';

// SQL that turns a raw column into a canonical value. `column` is SQL already (a quoted name).

const TEMPORAL = /^(DATE|TIMESTAMP)/i;
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

/** How a raw column is read: the format decided for its text, and whether day and month are swapped. */
export interface ColumnParse {
  format?: NumberFormat | TimeFormat;
  /** A DATE/TIMESTAMP column DuckDB read from day-first or month-first text, and whether that was a guess. */
  typed?: { order: 'dmy' | 'mdy'; pattern: string; ambiguous: boolean };
  /** Read the typed column the other way round (day ↔ month): the person's correction of a guess. */
  swapDayMonth?: boolean;
}

/**
 * A number from text written with the given separators and currency sign. A minus before or
 * after the digits, or parentheses (accounting: "(12.50)", "12.50-"), make it negative; a minus
 * between digits is not a number.
 */
export function numberSql(column: string, format: NumberFormat): string {
  const raw = `CAST(${column} AS VARCHAR)`;
  let text = `regexp_replace(regexp_replace(${raw}, '[^0-9,.\\-]', '', 'g'), '^-|-$', '', 'g')`;
  if (format.thousands === '.' || format.thousands === ',')
    text = `replace(${text}, ${literal(format.thousands)}, '')`;
  if (format.decimal === ',') text = `replace(${text}, ',', '.')`;
  const negative = `regexp_matches(${raw}, '^[^0-9]*[-(]|-[^0-9]*$')`;
  return `CASE WHEN ${negative} THEN -1 ELSE 1 END * TRY_CAST(${text} AS DOUBLE)`;
}

const PART: Record<'d' | 'm' | 'y', string> = { d: '%d', m: '%m', y: '%Y' };

/** The strptime patterns a date format stands for, with and without a time of day. */
export function datePatterns(format: Extract<TimeFormat, { kind: 'date' }>): string[] {
  const order = format.order.split('') as ('d' | 'm' | 'y')[];
  const year = format.twoDigitYear ? '%y' : '%Y';
  const date = order.map((p) => (p === 'y' ? year : PART[p])).join(format.separator);
  return [`${date} %H:%M:%S.%f`, `${date} %H:%M:%S`, `${date} %H:%M`, `${date}T%H:%M:%S`, date];
}

/** A TIMESTAMP from a column of any type, read with the format decided for it. */
export function timeSql(column: string, type: string, parse: ColumnParse = {}): string {
  const format = parse.format;
  if (TEMPORAL.test(type)) {
    const value = `CAST(${column} AS TIMESTAMP)`;
    if (!parse.swapDayMonth) return value;
    return `TRY_CAST(make_timestamp(year(${value}), day(${value}), month(${value}), hour(${value}), minute(${value}), second(${value})) AS TIMESTAMP)`;
  }
  if (format?.kind === 'epoch') {
    const ms = format.unit === 's' ? `TRY_CAST(${column} AS BIGINT) * 1000` : `TRY_CAST(${column} AS BIGINT)`;
    return `epoch_ms(${ms})`;
  }
  if (format?.kind === 'serial') {
    // Excel's day 0 is 30 Dec 1899 (its day 60, 29 Feb 1900, never was: later days line up).
    const micros = `CAST(round(TRY_CAST(${column} AS DOUBLE) * 86400000000) AS BIGINT)`;
    return `(TIMESTAMP '1899-12-30 00:00:00' + to_microseconds(${micros}))`;
  }
  if (format?.kind === 'compact') return `try_strptime(CAST(${column} AS VARCHAR), '%Y%m%d')`;
  if (format?.kind === 'named') {
    const dates = ['%B %d, %Y', '%b %d, %Y', '%B %d %Y', '%b %d %Y', '%d %B %Y', '%d %b %Y'];
    const patterns = dates.flatMap((d) => [`${d} %H:%M:%S`, `${d} %H:%M`, d]).map((p) => literal(p));
    // "Jan." reads as "Jan"; the names are English, as strptime knows them.
    return `try_strptime(replace(trim(CAST(${column} AS VARCHAR)), '.', ''), [${patterns.join(', ')}])`;
  }
  if (format?.kind === 'date') {
    const patterns = datePatterns(format).map((p) => literal(p));
    return `try_strptime(trim(CAST(${column} AS VARCHAR)), [${patterns.join(', ')}])`;
  }
  // ISO text, possibly with a zone suffix that DuckDB without ICU cannot apply: wall-clock time.
  return `TRY_CAST(regexp_replace(trim(CAST(${column} AS VARCHAR)), '\\s*(UTC|Z|[+-]\\d{2}:?\\d{2})$', '') AS TIMESTAMP)`;
}

/** A canonical value of a role's kind from a raw column. */
export function valueSql(
  kind: ValueKind,
  column: string,
  type: string,
  parse: ColumnParse = {},
  rows = 0,
): string {
  switch (kind) {
    case 'time':
      return timeSql(column, type, parse);
    case 'money':
    case 'number':
      if (NUMERIC.test(type)) return `CAST(${column} AS DOUBLE)`;
      return parse.format?.kind === 'number'
        ? numberSql(column, parse.format)
        : `TRY_CAST(trim(CAST(${column} AS VARCHAR)) AS DOUBLE)`;
    case 'boolean':
      if (/^BOOLEAN/i.test(type)) return column;
      if (NUMERIC.test(type)) return `(${column} > 0)`;
      return `(lower(trim(CAST(${column} AS VARCHAR))) IN ('true', 't', '1', 'yes', 'y', 'ja', 'j'))`;
    case 'id':
      // Ids read as numbers lose their text form ("17850.0"): give whole numbers back without ".0".
      if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/i.test(type)) {
        return `CASE WHEN ${column} = trunc(${column}) THEN CAST(CAST(${column} AS HUGEINT) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END`;
      }
      return textSql(column, type, rows);
    default:
      return textSql(column, type, rows);
  }
}

/**
 * Text as given, without the spaces around it; empty text is no value. Only text can carry
 * spaces: other types are cast. Trimming copies every value, so in a large table (`rows`) it runs
 * only on values that may need it (a space at either end, or any character beyond ASCII, as
 * `trim` also takes Unicode spaces away): the same values at half the cost on a million rows.
 */
export function textSql(column: string, type: string, rows = 0): string {
  if (/^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|DATE|TIME|TIMESTAMP)/i.test(type))
    return `CAST(${column} AS VARCHAR)`;
  if (!/^VARCHAR$/i.test(type) || rows < LARGE_TABLE_ROWS)
    return `NULLIF(trim(CAST(${column} AS VARCHAR)), '')`;
  // The cast costs nothing on text, and keeps the SQL valid should the type be other than said.
  const c = `CAST(${column} AS VARCHAR)`;
  // LIKE ' %' / '% ' tests the ends in about half the time starts_with and ends_with take.
  return `CASE WHEN ${c} LIKE ' %' OR ${c} LIKE '% ' OR strlen(${c}) <> length(${c}) THEN NULLIF(trim(${c}), '') WHEN ${c} = '' THEN NULL ELSE ${c} END`;
}

/** The SQL type of a canonical role's values. */
export function sqlTypeOf(kind: ValueKind): string {
  switch (kind) {
    case 'time':
      return 'TIMESTAMP';
    case 'money':
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}
