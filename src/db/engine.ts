import * as duckdb from '@duckdb/duckdb-wasm';
import type { Table } from 'apache-arrow';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { literal, type SqlQuery } from '../sql/sql';
import {
  EngineOutOfMemory,
  EngineStopped,
  isFatalWasmError,
  isOutOfMemory,
  parseByteSize,
} from './engine-errors';

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

/** How the engine starts. */
export interface EngineOptions {
  /** DuckDB's memory_limit, e.g. "64MB"; DuckDB's own default when absent. */
  memoryLimit?: string | null;
}

// AsyncDuckDB keeps its execution-progress listeners protected; a subclass exposes them.
class ObservableDuckDB extends duckdb.AsyncDuckDB {
  addProgressListener(listener: (entry: duckdb.ProgressEntry) => void): void {
    this._onExecutionProgress.push(listener);
  }
}

// A worker that dies answers nothing, and AsyncDuckDB drops the calls it was waiting for
// without failing them: the engine pings the worker while it is idle, and fails every call
// in flight when the worker is gone.
const PING_EVERY_MS = 2_000;
const PING_TIMEOUT_MS = 4_000;

/**
 * The one door to DuckDB-WASM. It runs in a Web Worker loaded from the app's own origin,
 * and never downloads extensions: everything it reads goes through the core engine.
 */
export class Engine {
  #db: ObservableDuckDB;
  #conn: duckdb.AsyncDuckDBConnection;
  #worker: Worker;
  #progress: ProgressListener | null = null;
  /** DuckDB's memory limit as it writes it ("3.1 GiB"), and in bytes. */
  readonly memoryLimit: string;
  readonly memoryLimitBytes: number;
  #stopped: EngineStopped | null = null;
  #onStop: ((reason: string) => void)[] = [];
  #gone: Promise<never>;
  #stop: (error: EngineStopped) => void = () => undefined;
  #calls = 0;
  #pinging = false;
  #timer: ReturnType<typeof setInterval>;

  private constructor(
    db: ObservableDuckDB,
    conn: duckdb.AsyncDuckDBConnection,
    worker: Worker,
    memoryLimit: string,
  ) {
    this.#db = db;
    this.#conn = conn;
    this.#worker = worker;
    this.memoryLimit = memoryLimit;
    this.memoryLimitBytes = parseByteSize(memoryLimit) ?? Infinity;
    db.addProgressListener((entry) => {
      const fraction = Number(entry.percentage) / 100;
      if (this.#progress && Number.isFinite(fraction)) this.#progress(Math.min(1, fraction));
    });
    this.#gone = new Promise<never>((_, reject) => (this.#stop = reject));
    this.#gone.catch(() => undefined);
    worker.addEventListener('error', (event) => this.#die(`worker error: ${event.message}`));
    worker.addEventListener('messageerror', () => this.#die('worker message could not be read'));
    this.#timer = setInterval(() => {
      if (this.#calls === 0) void this.#check();
    }, PING_EVERY_MS);
  }

  static async start(options: EngineOptions = {}): Promise<Engine> {
    performance.mark('engine:start');
    // The worker and its WebAssembly start at once, before anything is awaited: the caller's
    // script goes on (the app renders) while they load. Each step is a performance mark, for
    // the first-load benchmark's timeline.
    const worker = new Worker(workerUrl);
    performance.mark('engine:worker-created');
    const db = new ObservableDuckDB(new duckdb.VoidLogger(), worker);
    const instantiated = db.instantiate(wasmUrl);
    instantiated.catch(() => undefined);
    const features = await duckdb.getPlatformFeatures();
    if (!features.wasmExceptions) {
      worker.terminate();
      throw new Error(
        'This browser lacks WebAssembly exception handling; use a current Chrome, Edge, Firefox or Safari.',
      );
    }
    await instantiated;
    performance.mark('engine:wasm-instantiated');
    await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    performance.mark('engine:db-opened');
    const conn = await db.connect();
    // Known extensions (parquet, json, icu) would be fetched from a remote repository:
    // the product never leaves the page's origin, so that path is closed.
    await conn.query(
      'SET autoload_known_extensions = false; SET autoinstall_known_extensions = false; SET enable_progress_bar = true; SET progress_bar_time = 0',
    );
    if (options.memoryLimit) await conn.query(`SET memory_limit = ${literal(options.memoryLimit)}`);
    const limit = await conn.query(`SELECT current_setting('memory_limit') AS m`);
    const memoryLimit = String(tableToRows(limit)[0]?.m ?? '');
    performance.mark('engine:settings-done');
    return new Engine(db, conn, worker, memoryLimit);
  }

  /** True once the worker is gone: every call fails with EngineStopped. */
  get stopped(): boolean {
    return this.#stopped !== null;
  }

  /** Called once, when the worker is found dead (the reason is for logs, not for people). */
  onStop(listener: (reason: string) => void): void {
    this.#onStop.push(listener);
  }

  /**
   * For the end-to-end tests: ends the worker the way a crash does, telling no one. The engine
   * has to find out by itself that its worker is gone.
   */
  killWorker(): void {
    this.#worker.terminate();
  }

  #die(reason: string): void {
    if (this.#stopped) return;
    clearInterval(this.#timer);
    this.#stopped = new EngineStopped(reason);
    this.#stop(this.#stopped);
    for (const listener of this.#onStop) listener(reason);
    void this.#db.terminate().catch(() => undefined);
  }

  /**
   * Pings the worker when no call runs (a running statement holds the worker's one thread),
   * and as a call starts, ahead of it: a worker that died idle is found by the next call.
   */
  async #check(): Promise<void> {
    if (this.#stopped || this.#pinging) return;
    this.#pinging = true;
    try {
      if (!(await this.#answers())) this.#die('worker stopped answering');
    } finally {
      this.#pinging = false;
    }
  }

  async #answers(): Promise<boolean> {
    const pong = this.#db.ping().then(
      () => true,
      () => false,
    );
    const after = (ms: number): Promise<false> =>
      new Promise((resolve) => setTimeout(() => resolve(false), ms));
    if (await Promise.race([pong, after(PING_TIMEOUT_MS)])) return true;
    // A page kept busy past the timeout may not have read the answer yet: one more turn.
    return Promise.race([pong, after(200)]);
  }

  /**
   * Every call goes through here: it fails at once when the worker is gone, and DuckDB's
   * out-of-memory errors and WebAssembly faults come out as errors a person can read.
   */
  async #call<T>(work: () => Promise<T>): Promise<T> {
    if (this.#stopped) throw this.#stopped;
    if (this.#calls === 0) void this.#check();
    this.#calls++;
    try {
      return await Promise.race([work(), this.#gone]);
    } catch (error) {
      if (this.#stopped) throw this.#stopped;
      if (isFatalWasmError(error)) {
        this.#die(String(error));
        throw this.#stopped ?? error;
      }
      if (isOutOfMemory(error)) {
        throw new EngineOutOfMemory(this.memoryLimit, error instanceof Error ? error.message : String(error));
      }
      throw error;
    } finally {
      this.#calls--;
    }
  }

  async version(): Promise<string> {
    return this.#call(() => this.#db.getVersion());
  }

  /** What DuckDB's tables and buffers hold now, in bytes. */
  async memoryUsed(): Promise<number> {
    const [row] = await this.query<{ used: number | null }>(
      'SELECT sum(memory_usage_bytes) AS used FROM duckdb_memory()',
    );
    return Number(row?.used ?? 0);
  }

  /** Runs a statement and returns all rows as plain objects. */
  async query<Row extends Record<string, unknown>>(query: SqlQuery | string): Promise<Row[]> {
    const table = await this.queryTable(query);
    return tableToRows(table) as Row[];
  }

  async queryTable(query: SqlQuery | string): Promise<Table> {
    const { text, params } = typeof query === 'string' ? { text: query, params: [] } : query;
    return this.#call(async () => {
      if (params.length === 0) return this.#conn.query(text);
      const statement = await this.#conn.prepare(text);
      try {
        return await statement.query(...params);
      } finally {
        await statement.close();
      }
    });
  }

  /**
   * Runs a statement with progress reports. The worker posts DuckDB's progress while it
   * executes, so the page hears of it before the statement returns.
   */
  async run(text: string, onProgress?: ProgressListener): Promise<void> {
    this.#progress = onProgress ?? null;
    try {
      await this.#call(() => this.#conn.query(text));
    } finally {
      this.#progress = null;
    }
  }

  /** Streams a result: keeps the first `keep` rows and counts the rest. */
  async page(text: string, keep: number): Promise<ResultPage> {
    return this.#call(() => this.#page(text, keep));
  }

  async #page(text: string, keep: number): Promise<ResultPage> {
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
    await this.#call(() =>
      this.#db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true),
    );
  }

  async registerBuffer(name: string, bytes: Uint8Array): Promise<void> {
    await this.#call(() => this.#db.registerFileBuffer(name, bytes));
  }

  async dropFile(name: string): Promise<void> {
    await this.#call(() => this.#db.dropFile(name));
  }

  /**
   * Reads a registered JSON file — an array of objects — into a new table, with duckdb-wasm's
   * built-in reader (DuckDB's own JSON reader is a remote extension).
   */
  async insertJson(path: string, schema: string, table: string): Promise<void> {
    await this.#call(() => this.#conn.insertJSONFromPath(path, { schema, name: table, create: true }));
  }

  /** Appends Arrow IPC stream bytes to `schema.table`, creating the table on the first call. */
  async insertArrow(bytes: Uint8Array, schema: string, table: string, create: boolean): Promise<void> {
    await this.#call(() => this.#conn.insertArrowFromIPCStream(bytes, { schema, name: table, create }));
  }
}

/** Arrow table → plain row objects (for small results only). */
export function tableToRows(table: Table): Record<string, unknown>[] {
  return table.toArray().map((row) => (row as { toJSON(): Record<string, unknown> }).toJSON());
}
