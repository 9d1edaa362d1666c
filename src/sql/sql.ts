/** A SQL statement with positional `?` parameters. */
export interface SqlQuery {
  text: string;
  params: SqlValue[];
}

export type SqlValue = string | number | boolean | null;

/** Quotes an identifier (table, column, schema) for DuckDB: `a"b` → `"a""b"`. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\u0000')) throw new Error('An identifier cannot contain a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.table`, each part quoted. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/** A SQL literal for a value, for the few places DuckDB takes no parameter (table functions, DDL). */
export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (value.includes('\u0000')) throw new Error('A string literal cannot contain a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}

/** Tagged template: interpolated values become `?` parameters, never SQL text. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlQuery {
  let text = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) text += `?${strings[i + 1] ?? ''}`;
  return { text, params: values };
}

/** A column added to a table after its rows are made: NULL, or one value on every row. */
export interface AddedColumn {
  name: string;
  type: string;
  value?: string;
}

/**
 * Statements (each after a `;`) that add columns to a table in `main`. A table made and sorted
 * with only the columns that carry data gets the empty ones this way: writing and sorting a
 * million NULLs costs more than adding the column after.
 */
function addColumnsSql(table: string, columns: AddedColumn[]): string {
  return columns
    .map(
      (c) =>
        `;\nALTER TABLE main.${quoteIdentifier(table)} ADD COLUMN ${quoteIdentifier(c.name)} ${c.type}${c.value === undefined ? '' : ` DEFAULT ${literal(c.value)}`}`,
    )
    .join('');
}

/**
 * Rows from which a table is large: SQL made for it then saves work per row at some cost per
 * statement. Empty columns are added after the rows are made (`ALTER TABLE … ADD COLUMN`, a few
 * milliseconds whatever the size) rather than written and sorted with them (a million rows of an
 * empty text column are 16 MB); text is trimmed only where it may need it. A small table (the
 * demo shop's 2,000 orders) gets the plain SQL, which the engine plans sooner.
 */
export const LARGE_TABLE_ROWS = 100_000;

/**
 * `CREATE OR REPLACE TABLE main.<table>` from `select`, with the empty `columns` after the
 * selected ones: added after the rows are made for a large table, selected with them for a
 * small one. Either way the table has the same columns in the same order.
 */
export function createWithEmptyColumns(
  table: string,
  select: string,
  columns: AddedColumn[],
  rows: number,
): string {
  const create = `CREATE OR REPLACE TABLE main.${quoteIdentifier(table)} AS\n`;
  if (columns.length === 0) return create + select;
  if (rows >= LARGE_TABLE_ROWS) return create + select + addColumnsSql(table, columns);
  const empty = columns.map(
    (c) =>
      `CAST(${c.value === undefined ? 'NULL' : literal(c.value)} AS ${c.type}) AS ${quoteIdentifier(c.name)}`,
  );
  return `${create}SELECT *, ${empty.join(', ')} FROM (\n${select}\n)`;
}
