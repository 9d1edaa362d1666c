import { literal, quoteIdentifier } from '../sql/sql';

// Two types DuckDB's CSV sniffer picks change what the file says, and the change cannot be
// undone once read: TIMESTAMP WITH TIME ZONE moves "10:00+02:00" to 08:00 UTC (another day,
// sometimes), and DOUBLE rounds a 19- or 30-digit id. Such columns are read again as text: the
// shop's wall time is read by the time rule (the offset dropped), and long ids keep every digit.

/** A column of a table as DuckDB typed it. */
export interface TypedColumn {
  name: string;
  type: string;
}

/** Runs a query and gives its rows. */
export type RunQuery = (query: string) => Promise<Record<string, unknown>[]>;

const ZONED = /^(TIMESTAMP WITH TIME ZONE|TIMESTAMPTZ)/i;
const WIDE_NUMBER = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DOUBLE|FLOAT|REAL|DECIMAL)/i;
const INTEGER = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)/i;

/**
 * 16 digits and more: past what a double keeps exactly (2^53 has 16 digits), and the width of
 * ids (order and visitor ids of 19 digits) rather than of amounts.
 */
export const LONG_NUMBER = 1e15;

/** Columns typed with a time zone: their wall time is gone once read. */
export function zonedColumns(columns: TypedColumn[]): string[] {
  return columns.filter((c) => ZONED.test(c.type)).map((c) => c.name);
}

/** A query telling which numeric columns hold a number of 16 digits or more (a boolean per column); null when none is numeric. */
export function longNumberQuery(target: string, columns: TypedColumn[]): string | null {
  const numeric = columns.filter((c) => WIDE_NUMBER.test(c.type));
  if (numeric.length === 0) return null;
  // As plain as can be: a file of 10,000 columns plans 10,000 of these (null means no value).
  const checks = numeric.map((c, i) => `max(abs(${quoteIdentifier(c.name)})) >= ${LONG_NUMBER} AS c${i}`);
  return `SELECT ${checks.join(', ')} FROM ${target}`;
}

/** The columns the answer of `longNumberQuery` flags. */
export function longNumberColumns(
  columns: TypedColumn[],
  row: Record<string, unknown> | undefined,
): string[] {
  const numeric = columns.filter((c) => WIDE_NUMBER.test(c.type));
  return numeric.filter((_, i) => row?.[`c${i}`] === true).map((c) => c.name);
}

/** The `types` option of read_csv that reads these columns as text ('' when none). */
export function textTypesOption(names: string[]): string {
  if (names.length === 0) return '';
  return `, types = {${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`;
}

/**
 * A query telling, per text column, whether every value is written as a whole number (digits,
 * an optional sign): a boolean per column. `2.82E+18` is not: a spreadsheet rounded it already.
 */
export function wholeNumberQuery(target: string, names: string[]): string {
  const checks = names.map((n, i) => {
    const text = `trim(${quoteIdentifier(n)})`;
    return `coalesce(bool_and(regexp_full_match(${text}, '[+-]?[0-9]+')) FILTER (WHERE ${text} <> ''), true) AS c${i}`;
  });
  return `SELECT ${checks.join(', ')} FROM ${target}`;
}

/** Makes a text column a number again: its values were numbers already rounded in the file. */
export function numberAgainSql(target: string, name: string): string {
  const column = quoteIdentifier(name);
  return `ALTER TABLE ${target} ALTER COLUMN ${column} SET DATA TYPE DOUBLE USING TRY_CAST(trim(${column}) AS DOUBLE)`;
}

/** Makes an integer column text, digit for digit (for readers that take no types: JSON, Parquet). */
export function integerToTextSql(target: string, name: string): string {
  const column = quoteIdentifier(name);
  return `ALTER TABLE ${target} ALTER COLUMN ${column} SET DATA TYPE VARCHAR USING CAST(${column} AS VARCHAR)`;
}

/** How a delimited file is read: into the table, or as a scan for a query, with some columns as text. */
export interface CsvReading {
  create: (asText: string[]) => Promise<void>;
  /** The read_csv(...) call, for a query over the file's first rows. */
  scan: (asText: string[]) => string;
}

const SAMPLE_ROWS = 1000;

/**
 * Reads delimited text into `target` so that no value is changed by the type DuckDB chose.
 * After a first reading, columns with a time zone, and numeric columns with 16 digits or more,
 * are read again as text. A long column whose first rows are not written as whole numbers
 * (2.82E+18: rounded in the file already) is left a number without reading the file again, and
 * so is one found so further down; the lossy-id check then tells of it. Returns the columns read
 * as text.
 */
export async function readCsvExactly(run: RunQuery, target: string, reading: CsvReading): Promise<string[]> {
  await reading.create([]);
  const columns = await describe(run, target);
  const check = longNumberQuery(target, columns);
  let long = check ? longNumberColumns(columns, (await run(check))[0]) : [];
  if (long.length > 0) {
    const first = `(SELECT * FROM ${reading.scan(long)} LIMIT ${SAMPLE_ROWS})`;
    const [whole] = await run(wholeNumberQuery(first, long));
    long = long.filter((_, i) => whole?.[`c${i}`] === true);
  }
  const asText = [...zonedColumns(columns), ...long];
  if (asText.length === 0) return [];
  await run(`DROP TABLE ${target}`);
  await reading.create(asText);
  if (long.length === 0) return asText;
  const [whole] = await run(wholeNumberQuery(target, long));
  const rounded = long.filter((_, i) => whole?.[`c${i}`] !== true);
  for (const name of rounded) await run(numberAgainSql(target, name));
  return asText.filter((name) => !rounded.includes(name));
}

/** Integer columns of 16 digits and more become text (JSON and Parquet readers take no types). */
export async function integersToText(run: RunQuery, target: string): Promise<string[]> {
  const columns = (await describe(run, target)).filter((c) => INTEGER.test(c.type));
  const check = longNumberQuery(target, columns);
  const long = check ? longNumberColumns(columns, (await run(check))[0]) : [];
  for (const name of long) await run(integerToTextSql(target, name));
  return long;
}

async function describe(run: RunQuery, target: string): Promise<TypedColumn[]> {
  const rows = await run(`DESCRIBE ${target}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
