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
