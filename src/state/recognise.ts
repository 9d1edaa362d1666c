import type { Engine } from '../db/engine';
import type { LoadedTable } from '../db/load-file';
import { TABLE_DEFS } from '../model/canonical';
import { detectFormat, type ColumnInfo, type Detection, type TableMapping } from '../model/detect';
import { lossyIdQuery, withoutLossyIds } from '../model/lossy-ids';
import { columnsToSample, planColumnParsing, type ParseHints } from '../model/parse-plan';
import type { ColumnParse } from '../model/value-sql';
import { qualifiedName, quoteIdentifier } from '../sql/sql';

/** What a loaded file was recognised as, and how its columns feed the canonical tables. */
export interface Recognition {
  detection: Detection;
  /** The mapping in force: the detection's, as the person changed it. Plain data: it travels in links. */
  targets: TableMapping[];
  parse: Record<string, ColumnParse>;
  hints: ParseHints;
  /** Non-ISO date patterns DuckDB used for typed date columns. */
  dateFormats: string[];
  /** What was left out of the detected mapping, and why. */
  notes: string[];
}

const SAMPLE_VALUES = 500;

/** Distinct text values of some columns, to decide how they are written. */
export async function sampleColumns(
  engine: Engine,
  schema: string,
  table: string,
  columns: string[],
): Promise<Record<string, string[]>> {
  const samples: Record<string, string[]> = {};
  for (const column of columns) {
    const name = quoteIdentifier(column);
    const rows = await engine.query<{ v: string }>(
      `SELECT DISTINCT CAST(${name} AS VARCHAR) AS v FROM ${qualifiedName(schema, table)}
       WHERE ${name} IS NOT NULL AND trim(CAST(${name} AS VARCHAR)) <> '' LIMIT ${SAMPLE_VALUES}`,
    );
    samples[column] = rows.map((r) => r.v);
  }
  return samples;
}

function timeColumns(columns: ColumnInfo[], targets: TableMapping[]): string[] {
  const found = new Set<string>();
  for (const mapping of targets) {
    for (const def of TABLE_DEFS[mapping.table].roles) {
      const column = mapping.roles[def.role];
      const type = columns.find((c) => c.name === column)?.type ?? '';
      if (def.kind === 'time' && column && /^(DATE|TIMESTAMP)/i.test(type)) found.add(column);
    }
  }
  return [...found];
}

/** The order DuckDB read a typed date column in, and whether every value would read the other way too. */
async function typedDateOrders(
  engine: Engine,
  schema: string,
  table: string,
  columns: string[],
  dateFormats: string[],
): Promise<Record<string, ColumnParse>> {
  // Year-first patterns (ISO) read one way only.
  const pattern = dateFormats.find((f) => /^%[dm]/.test(f.trim()) && /%d/.test(f) && /%m/.test(f));
  if (!pattern) return {};
  const order = pattern.indexOf('%d') < pattern.indexOf('%m') ? 'dmy' : 'mdy';
  const parse: Record<string, ColumnParse> = {};
  for (const column of columns) {
    const name = quoteIdentifier(column);
    const [row] = await engine.query<{ ambiguous: boolean | null }>(
      `SELECT bool_and(day(${name}) <= 12) AS ambiguous FROM ${qualifiedName(schema, table)}`,
    );
    parse[column] = { typed: { order, pattern, ambiguous: row?.ambiguous === true } };
  }
  return parse;
}

/** Works out how the columns of a file's current mapping are read. */
export async function planParsing(
  engine: Engine,
  schema: string,
  table: string,
  columns: ColumnInfo[],
  targets: TableMapping[],
  hints: ParseHints,
  dateFormats: string[],
  previous: Record<string, ColumnParse> = {},
): Promise<Record<string, ColumnParse>> {
  const samples = await sampleColumns(engine, schema, table, columnsToSample(columns, targets));
  const typed = await typedDateOrders(engine, schema, table, timeColumns(columns, targets), dateFormats);
  const parse = { ...planColumnParsing(columns, targets, samples, hints), ...typed };
  // Keep what the person corrected.
  for (const [column, old] of Object.entries(previous)) {
    const now = parse[column];
    if (!now) continue;
    if (old.swapDayMonth) now.swapDayMonth = true;
    if (old.format?.kind === 'date' && now.format?.kind === 'date') now.format = old.format;
  }
  return parse;
}

/** Recognises a loaded file and plans how its columns are read. */
export async function recogniseTable(
  engine: Engine,
  schema: string,
  table: string,
  fileName: string,
  loaded: LoadedTable,
): Promise<Recognition> {
  const columns = loaded.columns;
  const detection = detectFormat(fileName, columns);
  const semicolon = loaded.csv?.delimiter === ';';
  const hints: ParseHints = {
    decimalComma: semicolon,
    dayFirst: semicolon || loaded.dateFormats.some((f) => f.startsWith('%d')),
  };
  const check = lossyIdQuery(schema, table, detection.targets, columns);
  const [lossy] = check ? await engine.query<Record<string, unknown>>(check) : [];
  const { targets, notes } = withoutLossyIds(structuredClone(detection.targets), columns, lossy ?? {});
  const parse = await planParsing(engine, schema, table, columns, targets, hints, loaded.dateFormats);
  return { detection, targets, parse, hints, dateFormats: loaded.dateFormats, notes };
}
