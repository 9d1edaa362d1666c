import { detectFileKind, type FileKind } from '../model/file-kind';
import { literal, qualifiedName, quoteIdentifier } from '../sql/sql';
import type { Engine, ProgressListener, ResultColumn } from './engine';
import { loadParquet } from './parquet';

/** A table read from a file. */
export interface LoadedTable {
  name: string;
  kind: FileKind;
  rowCount: number;
  columns: ResultColumn[];
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

const HEAD_BYTES = 64 * 1024;
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
): Promise<LoadedTable> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const verdict = detectFileKind(file.name, file.size, head);
  if (!verdict.ok) throw new LoadError(file.name, verdict.problem);
  const target = qualifiedName(schema, table);
  await engine.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  // A registered name per load, keeping the extension DuckDB uses to pick a decompressor.
  const path = `upload-${++registrations}-${file.name.replace(/[^\w.-]/g, '_')}`;
  try {
    if (verdict.kind === 'parquet') {
      await loadParquet(engine, file, schema, table, onProgress);
    } else {
      if (verdict.kind === 'csv') {
        await engine.registerFile(path, file);
        await engine.run(`CREATE TABLE ${target} AS SELECT * FROM read_csv(${literal(path)})`, onProgress);
      } else {
        await engine.registerBuffer(path, await jsonRowArray(file));
        await engine.insertJson(path, schema, table);
      }
    }
    return await describeTable(engine, target, table, verdict.kind);
  } catch (error) {
    await engine.query(`DROP TABLE IF EXISTS ${target}`).catch(() => undefined);
    throw toLoadError(file.name, error);
  } finally {
    if (verdict.kind !== 'parquet') await engine.dropFile(path).catch(() => undefined);
  }
}

/**
 * The file as a JSON array of objects, the one shape the built-in reader takes: an array is
 * passed through, newline-delimited objects (NDJSON) are joined into one.
 */
async function jsonRowArray(file: File): Promise<Uint8Array> {
  const text = await file.text();
  const start = text.search(/\S/);
  if (start === -1) throw new LoadError(file.name, 'The file holds only white space, no JSON.');
  if (text[start] === '[') return new TextEncoder().encode(text);
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
  return new TextEncoder().encode(`[${objects.join(',')}]`);
}

async function describeTable(
  engine: Engine,
  target: string,
  table: string,
  kind: FileKind,
): Promise<LoadedTable> {
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

function explainEngineError(raw: string): string {
  const firstLine = raw.split('\n').find((l) => l.trim() !== '') ?? raw;
  if (/No files found|could not be found/i.test(raw)) return 'The file could not be read by the browser.';
  if (/extension/i.test(raw) && /autoload|install/i.test(raw)) {
    return `This needs a DuckDB extension that the app does not download: ${firstLine}`;
  }
  return raw.length > 600 ? `${raw.slice(0, 600)}…` : raw.trim() || firstLine;
}
