import * as duckdb from '@duckdb/duckdb-wasm';
import type { Table } from 'apache-arrow';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { SqlQuery } from '../sql/sql';

/** Progress of a running statement, as a fraction 0..1. */
export type ProgressListener = (fraction: number) => void;

/** One result column: its name and DuckDB/Arrow type name. */
export interface ResultColumn {
  name: string;
  type: string;
}

/** A result read row by row: the first rows kept, all of them counted. */
export interface ResultPage {
  columns: ResultColumn[];
  rows: Record<string, unknown>[];
  total: number;
}

// AsyncDuckDB keeps its execution-progress listeners protected; a subclass exposes them.
class ObservableDuckDB extends duckdb.AsyncDuckDB {
  addProgressListener(listener: (entry: duckdb.ProgressEntry) => void): void {
    this._onExecutionProgress.push(listener);
  }
}

/**
 * The one door to DuckDB-WASM. It runs in a Web Worker loaded from the app's own origin,
 * and never downloads extensions: everything it reads goes through the core engine.
 */
export class Engine {
  #db: ObservableDuckDB;
  #conn: duckdb.AsyncDuckDBConnection;
  #progress: ProgressListener | null = null;

  private constructor(db: ObservableDuckDB, conn: duckdb.AsyncDuckDBConnection) {
    this.#db = db;
    this.#conn = conn;
    db.addProgressListener((entry) => {
      const fraction = Number(entry.percentage) / 100;
      if (this.#progress && Number.isFinite(fraction)) this.#progress(Math.min(1, fraction));
    });
  }

  static async start(): Promise<Engine> {
    const features = await duckdb.getPlatformFeatures();
    if (!features.wasmExceptions) {
      throw new Error(
        'This browser lacks WebAssembly exception handling; use a current Chrome, Edge, Firefox or Safari.',
      );
    }
    const worker = new Worker(workerUrl);
    const db = new ObservableDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(wasmUrl);
    await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    const conn = await db.connect();
    // Known extensions (parquet, json, icu) would be fetched from a remote repository:
    // the product never leaves the page's origin, so that path is closed.
    await conn.query(
      'SET autoload_known_extensions = false; SET autoinstall_known_extensions = false; SET enable_progress_bar = true; SET progress_bar_time = 0',
    );
    return new Engine(db, conn);
  }

  async version(): Promise<string> {
    return this.#db.getVersion();
  }

  /** Runs a statement and returns all rows as plain objects. */
  async query<Row extends Record<string, unknown>>(query: SqlQuery | string): Promise<Row[]> {
    const table = await this.queryTable(query);
    return tableToRows(table) as Row[];
  }

  async queryTable(query: SqlQuery | string): Promise<Table> {
    const { text, params } = typeof query === 'string' ? { text: query, params: [] } : query;
    if (params.length === 0) return this.#conn.query(text);
    const statement = await this.#conn.prepare(text);
    try {
      return await statement.query(...params);
    } finally {
      await statement.close();
    }
  }

  /**
   * Runs a statement with progress reports. The worker posts DuckDB's progress while it
   * executes, so the page hears of it before the statement returns.
   */
  async run(text: string, onProgress?: ProgressListener): Promise<void> {
    this.#progress = onProgress ?? null;
    try {
      await this.#conn.query(text);
    } finally {
      this.#progress = null;
    }
  }

  /** Streams a result: keeps the first `keep` rows and counts the rest. */
  async page(text: string, keep: number): Promise<ResultPage> {
    const conn = await this.#db.connect();
    try {
      const reader = await conn.send(text);
      const rows: Record<string, unknown>[] = [];
      let total = 0;
      if (!reader) return { columns: [], rows, total };
      let fields = reader.schema?.fields;
      for await (const batch of reader) {
        fields ??= batch.schema.fields;
        total += batch.numRows;
        for (let i = 0; i < batch.numRows && rows.length < keep; i++) {
          const row = batch.get(i);
          if (row) rows.push(row.toJSON() as Record<string, unknown>);
        }
      }
      const columns = (fields ?? reader.schema?.fields ?? []).map((f) => ({
        name: f.name,
        type: String(f.type),
      }));
      return { columns, rows, total };
    } finally {
      await conn.close();
    }
  }

  async registerFile(name: string, file: File): Promise<void> {
    await this.#db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    await this.#db.registerFileBuffer(name, bytes);
  }

  async dropFile(name: string): Promise<void> {
    await this.#db.dropFile(name);
  }

  /**
   * Reads a registered JSON file — an array of objects — into a new table, with duckdb-wasm's
   * built-in reader (DuckDB's own JSON reader is a remote extension).
   */
  async insertJson(path: string, schema: string, table: string): Promise<void> {
    await this.#conn.insertJSONFromPath(path, { schema, name: table, create: true });
  }

  /** Appends Arrow IPC stream bytes to `schema.table`, creating the table on the first call. */
  async insertArrow(bytes: Uint8Array, schema: string, table: string, create: boolean): Promise<void> {
    await this.#conn.insertArrowFromIPCStream(bytes, { schema, name: table, create });
  }
}

/** Arrow table → plain row objects (for small results only). */
export function tableToRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
}
