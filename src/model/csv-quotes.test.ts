import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { literal } from '../sql/sql';
import { needsUtf8Copy, sniffCsvHead, type CsvHead } from './csv-head';
import { readWithQuotes } from './csv-quotes';
import { detectFileKind, isGzip } from './file-kind';

// Naming the quote and escape (when the head quotes as RFC 4180 does) must change nothing but
// the time the engine takes: every delimited file of the repository and of the real data sets
// in ../shared/data is read both ways, the app's (the options of csvReadOptions in turn, as
// loadFile does) and the engine's own sniffing, and the tables must be the same: columns,
// types, rows, and the rows left out.

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DATA = resolve(REPO, '../shared/data');
const TEXT = /\.(csv|tsv|txt)(\.gz)?$/i;
const MAX_BYTES = 25_000_000;

function delimitedFiles(folder: string, recursive = false): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return recursive ? delimitedFiles(path, true) : [];
    return TEXT.test(entry.name) && statSync(path).size <= MAX_BYTES ? [path] : [];
  });
}

const repoFiles = [
  ...delimitedFiles(join(REPO, 'test/fixtures')),
  ...delimitedFiles(join(REPO, 'test/fixtures/corrupt')),
  ...delimitedFiles(join(REPO, 'test/fixtures/kpi-shop')),
  ...delimitedFiles(join(REPO, 'sample-data')),
];
const dataFiles = delimitedFiles(DATA, true);

let db: Awaited<ReturnType<typeof openDuckDB>>;
let dir: string;
let tables = 0;

beforeAll(async () => {
  db = await openDuckDB();
  dir = mkdtempSync(join(tmpdir(), 'kpi-quotes-'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reading {
  table: string | null;
  error: string | null;
  rejects: string[];
  /** The options of each reading made, in turn. */
  readings: string[];
}

/** A table made the way loadFile makes it; the rows left out and their kinds of error. */
async function create(
  path: string,
  table: string,
  options: string,
): Promise<{ rejects: string[]; types: string[] }> {
  const n = ++tables;
  await db.run(
    `CREATE TABLE ${table} AS SELECT * FROM read_csv(${literal(path)}${options}, store_rejects = true, rejects_table = 'r${n}', rejects_scan = 's${n}')`,
  );
  const rows = await db.run(
    `SELECT line, CAST(error_type AS VARCHAR) AS type, error_message FROM r${n} ORDER BY line, column_idx`,
  );
  return {
    rejects: rows.map((r) => `${String(r.line)}: ${String(r.error_message)}`),
    types: rows.map((r) => String(r.type)),
  };
}

/** The app's reading (readWithQuotes, as loadFile uses it), or the sniffer's alone (`head` with no standard quotes). */
async function readAsApp(path: string, head: CsvHead): Promise<Reading> {
  const table = `t${++tables}`;
  const reading: Reading = { table, error: null, rejects: [], readings: [] };
  const quoted = readWithQuotes(head, {
    create: async (options) => {
      reading.readings.push(options);
      const made = await create(path, table, options);
      reading.rejects = made.rejects;
      return made.types;
    },
    sniff: async (options) => {
      try {
        const [row] = await db.run(
          `SELECT Quote AS quote, Escape AS escape FROM sniff_csv(${literal(path)}${options})`,
        );
        return row ? { quote: String(row.quote), escape: String(row.escape) } : null;
      } catch {
        return null;
      }
    },
    drop: async () => {
      await db.run(`DROP TABLE IF EXISTS ${table}`);
    },
    isFinal: () => false,
  });
  try {
    await quoted.create([]);
  } catch (error) {
    return { ...reading, table: null, error: error instanceof Error ? error.message : String(error) };
  }
  return reading;
}

/** The file as loadFile reads it: UTF-8 (transcoded when the head says another encoding), and its head. */
function prepare(path: string): { path: string; head: CsvHead } | null {
  const bytes = readFileSync(path);
  const start = bytes.subarray(0, 64 * 1024);
  const verdict = detectFileKind(path, bytes.length, start);
  if (!verdict.ok || verdict.kind !== 'csv') return null;
  const gzipped = isGzip(start);
  const head = sniffCsvHead(gzipped ? gunzipSync(bytes).subarray(0, 64 * 1024) : start);
  if (!needsUtf8Copy(head, gzipped)) return { path, head };
  const utf8 = join(dir, `${++tables}.csv`);
  writeFileSync(utf8, new TextDecoder(head.encoding).decode(bytes));
  return { path: utf8, head };
}

/** Reads the file the app's way and the sniffer's, expects the same table, and gives the app's readings' options. */
async function sameReading(path: string): Promise<string[]> {
  const prepared = prepare(path);
  if (!prepared) return [];
  const app = await readAsApp(prepared.path, prepared.head);
  const engine = await readAsApp(prepared.path, { ...prepared.head, standardQuotes: false });
  expect(app.error, path).toBe(engine.error);
  expect(app.rejects, path).toEqual(engine.rejects);
  if (app.table && engine.table && app.error === null) {
    expect(await db.run(`DESCRIBE ${app.table}`), path).toEqual(await db.run(`DESCRIBE ${engine.table}`));
    const [difference] = await db.run(
      `SELECT (SELECT count(*) FROM (FROM ${app.table} EXCEPT ALL FROM ${engine.table})) + (SELECT count(*) FROM (FROM ${engine.table} EXCEPT ALL FROM ${app.table})) AS n`,
    );
    expect(difference?.n, path).toBe(0);
  }
  return app.readings;
}

const NAMED = `, quote = '"', escape = '"'`;
const namedOnly = (readings: string[]): boolean =>
  readings.length === 1 && readings[0]?.endsWith(NAMED) === true;

describe('naming the quote and escape reads the same tables as the engine’s sniffing', () => {
  it('on every delimited file of the repository, and reads most of them once, with the quote named', async () => {
    expect(repoFiles.length).toBeGreaterThan(50);
    let named = 0;
    for (const path of repoFiles) if (namedOnly(await sameReading(path))) named++;
    // Every file but the few with odd quoting (the corpus's unclosed quote, for one) is read the quicker way.
    expect(named).toBeGreaterThan(repoFiles.length * 0.8);
    expect(named).toBeLessThan(repoFiles.length);
  }, 120_000);

  const rows = Array.from({ length: 3000 }, (_, i) => `o${i},2024-01-01,Mug blue,${i % 50}`);
  const header = 'order_id,ordered_at,product,revenue';

  it.each([
    // Past the 64 KiB head: a backslash-escaped quote, which the named reading leaves out with
    // a quote left open; the sniffer reads with a backslash escape.
    ['a backslash-escaped quote', ['o3000,2024-01-02,"say \\"hi\\", ok",9'], 2],
    // A quote opened in a plain value and never closed: the named reading runs the rest of the
    // file into one value; the sniffer reads without quotes.
    ['a quote opened and never closed', ['o3000,2024-01-02,"Vintage poster,9', 'o3001,2024-01-02,Mug,4'], 2],
    // An inch mark inside a plain value reads the same either way: no second reading.
    ['an inch mark inside a value', ['o3000,2024-01-02,12" pizza,9'], 1],
  ])('when %s comes past the head, as the engine reads it', async (_, late, readings) => {
    const path = join(dir, `late-${readings}-${late.length}.csv`);
    writeFileSync(path, [header, ...rows, ...late, ''].join('\n'));
    expect(sniffCsvHead(readFileSync(path).subarray(0, 64 * 1024)).standardQuotes).toBe(true);
    const taken = await sameReading(path);
    expect(taken).toHaveLength(readings);
    expect(taken[0]).toBe(NAMED);
  });

  it.skipIf(dataFiles.length === 0)(
    `on the real data sets${dataFiles.length === 0 ? ` — skipped: ${DATA} not found` : ''}`,
    async () => {
      let named = 0;
      for (const path of dataFiles) if (namedOnly(await sameReading(path))) named++;
      expect(named).toBeGreaterThan(dataFiles.length / 2);
    },
    300_000,
  );
});

describe('readWithQuotes', () => {
  const head = sniffCsvHead(new TextEncoder().encode('a,b\n1,"x"\n2,"y"\n'));
  const other = { quote: '"', escape: '\\' };
  const standard = { quote: '"', escape: '"' };

  /** A reading whose named attempt gives `first` (error types, or an error to throw), and whose sniffer says `sniffed`. */
  function fake(first: string[] | Error, sniffed: typeof other | null, final = false) {
    const calls: string[] = [];
    const quoted = readWithQuotes(head, {
      create: async (options) => {
        calls.push(`create${options}`);
        if (calls.length === 1 && first instanceof Error) throw first;
        return calls.length === 1 && Array.isArray(first) ? first : [];
      },
      sniff: async () => {
        calls.push('sniff');
        return sniffed;
      },
      drop: async () => {
        calls.push('drop');
      },
      isFinal: () => final,
    });
    return { quoted, calls };
  }

  it('reads once, with the quote named, when no row is left out or only values of the wrong type', async () => {
    for (const first of [[], ['CAST', 'CAST']]) {
      const { quoted, calls } = fake(first, other);
      await quoted.create([]);
      expect(calls).toEqual([`create${NAMED}`]);
      expect(quoted.options()).toBe(NAMED);
    }
  });

  it('reads again the sniffer’s way when rows were left out and the sniffer quotes otherwise', async () => {
    const { quoted, calls } = fake(['TOO MANY COLUMNS'], other);
    await quoted.create([]);
    expect(calls).toEqual([`create${NAMED}`, 'sniff', 'drop', 'create']);
    expect(quoted.options()).toBe('');
  });

  it('keeps the reading when the sniffer quotes the same way, or cannot read the file', async () => {
    for (const sniffed of [standard, null]) {
      const { quoted, calls } = fake(['UNQUOTED VALUE'], sniffed);
      await quoted.create([]);
      expect(calls).toEqual([`create${NAMED}`, 'sniff']);
      expect(quoted.options()).toBe(NAMED);
    }
  });

  it('after an error, reads again only when the sniffer quotes otherwise, else tells the error', async () => {
    const failed = fake(new Error('CSV Error on Line: 9'), other);
    await failed.quoted.create([]);
    expect(failed.calls).toEqual([`create${NAMED}`, 'sniff', 'drop', 'create']);
    for (const sniffed of [standard, null]) {
      const { quoted, calls } = fake(new Error('CSV Error on Line: 9'), sniffed);
      await expect(quoted.create([])).rejects.toThrow('CSV Error on Line: 9');
      expect(calls).toEqual([`create${NAMED}`, 'sniff']);
    }
  });

  it('tells an engine that stopped or ran out of memory at once', async () => {
    const { quoted, calls } = fake(new Error('Out of Memory Error'), other, true);
    await expect(quoted.create([])).rejects.toThrow('Out of Memory Error');
    expect(calls).toEqual([`create${NAMED}`]);
  });

  it('leaves a file whose head quotes otherwise to the sniffer from the start', async () => {
    const calls: string[] = [];
    const quoted = readWithQuotes(
      sniffCsvHead(new TextEncoder().encode('# report\na,b\n1,12" pizza\n3,4\n')),
      {
        create: async (options) => {
          calls.push(`create${options}`);
          return ['TOO MANY COLUMNS'];
        },
        sniff: async () => other,
        drop: async () => undefined,
        isFinal: () => false,
      },
    );
    await quoted.create([]);
    expect(calls).toEqual(['create, skip = 1, header = true']);
    expect(quoted.options()).toBe(', skip = 1, header = true');
  });
});
