import { needsUtf8Copy, sniffCsvHead, type CsvHead } from '../model/csv-head';
import { isGzip } from '../model/file-kind';
import { readWithQuotes } from '../model/csv-quotes';
import type { Rejects } from '../model/quality';
import { readCsvExactly, textTypesOption } from '../model/read-as-text';
import { literal, quoteIdentifier } from '../sql/sql';
import type { Engine, ProgressListener } from './engine';
import { isEngineStopped, isFatalWasmError, isOutOfMemory } from './engine-errors';

// Delimited text into a table: the head read in the page (encoding, lines before the header,
// quoting), then DuckDB's read_csv, with the rows it leaves out and the date formats it chose.

/** The bytes of a file's start read in the page (64 KiB is plenty for the head). */
export const HEAD_BYTES = 64 * 1024;
/** Readings so far in this page: each names its own rejects tables. */
let readings = 0;

/** What reading a delimited file found besides its rows. */
export interface CsvRead {
  csv: CsvHead;
  dateFormats: string[];
  rejects: Rejects;
}

/** Reads delimited text into `target`, registering the file as `path` (the caller drops it after). */
export async function loadCsv(
  engine: Engine,
  file: File,
  head: Uint8Array,
  path: string,
  target: string,
  onProgress: ProgressListener,
): Promise<CsvRead> {
  const gzipped = isGzip(head);
  const csv = sniffCsvHead(gzipped ? await gunzipHead(file) : head);
  await engine.registerFile(path, needsUtf8Copy(csv, gzipped) ? await toUtf8(file, csv.encoding) : file);
  let rejects: Rejects = { count: 0, first: [] };
  let dateFormats: string[] = [];
  const quoted = readWithQuotes(csv, {
    create: async (options, asText) => {
      const rejectsTable = `kpi_rejects_${++readings}`;
      const scansTable = `kpi_scans_${readings}`;
      await engine.run(
        `CREATE TABLE ${target} AS SELECT * FROM read_csv(${literal(path)}${options}${textTypesOption(asText)}, store_rejects = true, rejects_table = ${literal(rejectsTable)}, rejects_scan = ${literal(scansTable)})`,
        onProgress,
      );
      const read = await readRejects(engine, rejectsTable, scansTable);
      rejects = read.rejects;
      return read.errorTypes;
    },
    sniff: (options) => sniffQuotes(engine, path, options),
    drop: async () => {
      await engine.query(`DROP TABLE IF EXISTS ${target}`);
    },
    isFinal: (error) => isEngineStopped(error) || isOutOfMemory(error) || isFatalWasmError(error),
  });
  await readCsvExactly((query) => engine.query(query), target, {
    create: quoted.create,
    scan: (asText) =>
      `read_csv(${literal(path)}${quoted.options()}${textTypesOption(asText)}, ignore_errors = true)`,
  });
  // Only dates written day or month first have an order worth stating.
  if (/\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/.test(new TextDecoder(csv.encoding).decode(head))) {
    dateFormats = await sniffDateFormats(engine, path, quoted.options());
  }
  return { csv, dateFormats, rejects };
}

/** The first 64 KiB of a gzip file's content. */
async function gunzipHead(file: File): Promise<Uint8Array> {
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.length;
    }
  } catch {
    // A damaged stream: sniff what was read, and DuckDB will say what is wrong.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  const head = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    head.set(part, offset);
    offset += part.length;
  }
  return head.subarray(0, HEAD_BYTES);
}

/** The file decoded from its encoding and written out as UTF-8, chunk by chunk (of an even size, for UTF-16). */
async function toUtf8(file: File, encoding: CsvHead['encoding']): Promise<File> {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const chunk = 8 * 1024 * 1024;
  for (let offset = 0; offset < file.size; offset += chunk) {
    const bytes = new Uint8Array(await file.slice(offset, offset + chunk).arrayBuffer());
    parts.push(encoder.encode(decoder.decode(bytes, { stream: offset + chunk < file.size })));
  }
  return new File(parts as BlobPart[], file.name);
}

/**
 * The rows DuckDB left out of a CSV, with the first few line numbers and reasons, and the kinds
 * of error among them; the tables are dropped after.
 */
async function readRejects(
  engine: Engine,
  rejectsTable: string,
  scansTable: string,
): Promise<{ rejects: Rejects; errorTypes: string[] }> {
  try {
    const first = await engine.query<{ line: number; message: string; lines: number }>(
      `SELECT line, first(error_message ORDER BY column_idx) AS message, count(*) OVER () AS lines
       FROM ${quoteIdentifier(rejectsTable)} GROUP BY line ORDER BY line LIMIT 3`,
    );
    const types =
      first.length === 0
        ? []
        : await engine.query<{ error_type: string }>(
            `SELECT DISTINCT CAST(error_type AS VARCHAR) AS error_type FROM ${quoteIdentifier(rejectsTable)}`,
          );
    return {
      rejects: {
        count: Number(first[0]?.lines ?? 0),
        first: first.map((r) => ({ line: Number(r.line), message: r.message })),
      },
      errorTypes: types.map((t) => t.error_type),
    };
  } catch {
    return { rejects: { count: 0, first: [] }, errorTypes: [] };
  } finally {
    await engine
      .query(
        `DROP TABLE IF EXISTS ${quoteIdentifier(rejectsTable)}; DROP TABLE IF EXISTS ${quoteIdentifier(scansTable)}`,
      )
      .catch(() => undefined);
  }
}

/** The quote and escape DuckDB's sniffer chooses for the file; null when it cannot read it. */
async function sniffQuotes(
  engine: Engine,
  path: string,
  options: string,
): Promise<{ quote: string; escape: string } | null> {
  try {
    const [row] = await engine.query<{ quote: string; escape: string }>(
      `SELECT Quote AS quote, Escape AS escape FROM sniff_csv(${literal(path)}${options})`,
    );
    return row ? { quote: String(row.quote), escape: String(row.escape) } : null;
  } catch {
    return null;
  }
}

/** Non-ISO date formats DuckDB chose for the file, so the person sees how dates were read. */
async function sniffDateFormats(engine: Engine, path: string, options: string): Promise<string[]> {
  try {
    const [row] = await engine.query<{ DateFormat: string | null; TimestampFormat: string | null }>(
      `SELECT DateFormat, TimestampFormat FROM sniff_csv(${literal(path)}${options})`,
    );
    return [row?.DateFormat, row?.TimestampFormat].filter(
      (f): f is string => typeof f === 'string' && f !== '',
    );
  } catch {
    return [];
  }
}
