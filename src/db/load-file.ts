import type { CsvHead } from '../model/csv-head';
import { detectFileKind, type FileKind } from '../model/file-kind';
import { keepWallTimeAndLongIds, unifyJsonTypes } from '../model/json-rows';
import type { Rejects } from '../model/quality';
import { integersToText } from '../model/read-as-text';
import { qualifiedName, quoteIdentifier } from '../sql/sql';
import type { Engine, ProgressListener, ResultColumn } from './engine';
import { sheetToCsv } from './excel';
import { HEAD_BYTES, loadCsv } from './load-csv';
import { loadParquet } from './parquet';

/** A table read from a file. */
export interface LoadedTable {
  name: string;
  kind: FileKind;
  rowCount: number;
  columns: ResultColumn[];
  /** For delimited text: encoding, skipped lines and what was noticed. */
  csv: CsvHead | null;
  /** The date and timestamp formats DuckDB's sniffer chose (strptime patterns), when not ISO. */
  dateFormats: string[];
  /** Rows of delimited text DuckDB could not read, left out. */
  rejects: Rejects;
  /** For a workbook: the sheet read, and all its sheets. */
  sheet: string | null;
  sheets: string[];
}

/** A file that could not be read: names the file, and the line when DuckDB gave one. */
export class LoadError extends Error {
  readonly fileName: string;
  readonly line: number | null;
  constructor(fileName: string, message: string, line: number | null = null) {
    super(message);
    this.name = 'LoadError';
    this.fileName = fileName;
    this.line = line;
  }
}

let registrations = 0;

/**
 * Reads one file into `<schema>.<table>` (a schema apart from the canonical views). On any failure the half-made table is dropped and a
 * LoadError says why; tables already loaded are never touched.
 */
export async function loadFile(
  engine: Engine,
  file: File,
  schema: string,
  table: string,
  onProgress: ProgressListener,
  options: { sheet?: string } = {},
): Promise<LoadedTable> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const verdict = detectFileKind(file.name, file.size, head);
  if (!verdict.ok) throw new LoadError(file.name, verdict.problem, verdict.line ?? null);
  if (verdict.kind === 'xlsx') {
    // A sheet becomes CSV text and is read like any CSV file, under the workbook's name.
    try {
      const book = await sheetToCsv(file, options.sheet);
      const text = new File([book.csv], file.name.replace(/\.xls[xm]$/i, '.csv'));
      const loaded = await loadFile(engine, text, schema, table, onProgress);
      return { ...loaded, kind: 'xlsx', sheet: book.sheet, sheets: book.sheets };
    } catch (error) {
      throw toLoadError(file.name, error instanceof LoadError ? new Error(error.message) : error);
    }
  }
  const target = qualifiedName(schema, table);
  await engine.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  // A registered name per load, keeping the extension DuckDB uses to pick a decompressor.
  const registration = ++registrations;
  const path = `upload-${registration}-${file.name.replace(/[^\w.-]/g, '_')}`;
  let csv: CsvHead | null = null;
  let dateFormats: string[] = [];
  let rejects: Rejects = { count: 0, first: [] };
  try {
    if (verdict.kind === 'parquet') {
      await loadParquet(engine, file, schema, table, onProgress);
      await integersToText((query) => engine.query(query), target);
    } else {
      if (verdict.kind === 'csv') {
        ({ csv, dateFormats, rejects } = await loadCsv(engine, file, head, path, target, onProgress));
      } else {
        await insertJsonRows(engine, file, path, schema, table);
      }
    }
    const described = await describeTable(engine, target, table, verdict.kind);
    if (described.rowCount === 0 && rejects.count > 0) {
      const first = rejects.first[0];
      throw new LoadError(
        file.name,
        `No row could be read. Line ${first?.line}: ${first?.message}`,
        first?.line ?? null,
      );
    }
    return { ...described, csv, dateFormats, rejects, sheet: null, sheets: [] };
  } catch (error) {
    await engine.query(`DROP TABLE IF EXISTS ${target}`).catch(() => undefined);
    throw toLoadError(file.name, error);
  } finally {
    if (verdict.kind !== 'parquet') await engine.dropFile(path).catch(() => undefined);
  }
}

/**
 * The file as a JSON array of objects, the one shape the built-in reader takes: an array is
 * passed through, newline-delimited objects (NDJSON) are joined into one. Times with an offset
 * keep their wall time and long integers their digits (`keepWallTimeAndLongIds`).
 */
async function jsonRowArray(file: File): Promise<Uint8Array> {
  const text = await file.text();
  const start = text.search(/\S/);
  if (start === -1) throw new LoadError(file.name, 'The file holds only white space, no JSON.');
  if (text[start] === '[') return new TextEncoder().encode(keepWallTimeAndLongIds(text));
  if (text[start] !== '{') {
    throw new LoadError(
      file.name,
      'This is not JSON: it must start with [ (an array of rows) or { (one row per line).',
    );
  }
  const lines = text.split(/\r?\n/);
  const objects: string[] = [];
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (!trimmed.startsWith('{')) {
      throw new LoadError(
        file.name,
        `Line ${index + 1} is not a JSON object: ${trimmed.slice(0, 60)}`,
        index + 1,
      );
    }
    objects.push(trimmed);
  });
  return new TextEncoder().encode(keepWallTimeAndLongIds(`[${objects.join(',')}]`));
}

/**
 * Reads a JSON array of rows into `schema.table`. The engine types each key from the first rows;
 * when a key changes type further on, the rows are read again with such keys as text.
 */
async function insertJsonRows(
  engine: Engine,
  file: File,
  path: string,
  schema: string,
  table: string,
): Promise<void> {
  // The engine takes the buffer over (it moves to the worker): a second reading reads the file again.
  await engine.registerBuffer(path, await jsonRowArray(file));
  try {
    await engine.insertJson(path, schema, table);
    return;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/Expected .+ got|Invalid field|changed from/i.test(message)) throw error;
  } finally {
    await engine.dropFile(path).catch(() => undefined);
  }
  await engine.query(`DROP TABLE IF EXISTS ${qualifiedName(schema, table)}`);
  const parsed: unknown = JSON.parse(new TextDecoder().decode(await jsonRowArray(file)));
  const { rows } = unifyJsonTypes(Array.isArray(parsed) ? parsed : [parsed]);
  await engine.registerBuffer(path, new TextEncoder().encode(JSON.stringify(rows)));
  await engine.insertJson(path, schema, table);
}

async function describeTable(
  engine: Engine,
  target: string,
  table: string,
  kind: FileKind,
): Promise<Omit<LoadedTable, 'csv' | 'dateFormats' | 'rejects' | 'sheet' | 'sheets'>> {
  const described = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${target}`);
  const [count] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${target}`);
  return {
    name: table,
    kind,
    rowCount: count?.n ?? 0,
    columns: described.map((c) => ({ name: c.column_name, type: c.column_type })),
  };
}

/** Turns an engine error into a message for a person: the file, the problem, the line. */
export function toLoadError(fileName: string, error: unknown): LoadError {
  if (error instanceof LoadError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const lineMatch = /line[: ]+(\d+)/i.exec(raw);
  const line = lineMatch ? Number(lineMatch[1]) : null;
  return new LoadError(fileName, explainEngineError(raw), line);
}

function explainEngineError(message: string): string {
  const raw = engineMessage(message);
  if (/^(unreachable|RuntimeError: unreachable)\b|out of memory/i.test(raw.trim())) {
    return 'The file is too big to read in the browser: the reader ran out of memory.';
  }
  const firstLine = raw.split('\n').find((l) => l.trim() !== '') ?? raw;
  if (/No files found|could not be found/i.test(raw)) return 'The file could not be read by the browser.';
  if (/extension/i.test(raw) && /autoload|install/i.test(raw)) {
    return `This needs a DuckDB extension that the app does not download: ${firstLine}`;
  }
  return raw.length > 600 ? `${raw.slice(0, 600)}…` : raw.trim() || firstLine;
}

/** The engine's own words: DuckDB-WASM sometimes wraps them in a JSON object. */
function engineMessage(raw: string): string {
  if (!raw.trimStart().startsWith('{')) return raw;
  try {
    const parsed = JSON.parse(raw) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof parsed.exception_message !== 'string') return raw;
    return typeof parsed.exception_type === 'string'
      ? `${parsed.exception_type} Error: ${parsed.exception_message}`
      : parsed.exception_message;
  } catch {
    return raw;
  }
}
