import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { parquet } from '../../src/db/parquet';
import { ORDERS_KPI_SQL } from '../orders-kpis.mjs';

// DuckDB-WASM as the app starts it (src/db/engine.ts: eh bundle, one thread, no extension
// downloads), without the app: the benchmark's measure of what the engine alone takes.

/** One file read into table `t`, then the orders KPI query, timed apart. */
export interface BareResult {
  loadMs: number;
  queryMs: number;
  rows: number;
  kpis: Record<string, unknown>;
}

declare global {
  interface Window {
    /** Resolves once the engine is open (rejects when it cannot start). */
    bareReady: Promise<void>;
    /** Reads the file chosen in `input[data-bare-file]` into `t` and runs the KPI query. */
    bareLoad(): Promise<BareResult>;
  }
}

interface Bare {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
}

async function start(): Promise<Bare> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(workerUrl));
  await db.instantiate(wasmUrl);
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = await db.connect();
  await conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
  return { db, conn };
}
const engine = start();
window.bareReady = engine.then(() => undefined);

/** The app's Parquet path (src/db/parquet.ts, whose reader it loads): row group by row group, as Arrow IPC. */
async function insertParquet(conn: duckdb.AsyncDuckDBConnection, file: File): Promise<void> {
  const { ParquetFile } = await parquet();
  const reader = await ParquetFile.fromFile(file);
  try {
    const groups = reader.metadata().numRowGroups();
    if (groups === 0) {
      const empty = await reader.read();
      await conn.insertArrowFromIPCStream(empty.intoIPCStream(), { name: 't', create: true });
    }
    for (let group = 0; group < groups; group++) {
      const batch = await reader.read({ rowGroups: [group] });
      await conn.insertArrowFromIPCStream(batch.intoIPCStream(), { name: 't', create: group === 0 });
    }
  } finally {
    reader.free();
  }
}

window.bareLoad = async () => {
  const { db, conn } = await engine;
  const input = document.querySelector<HTMLInputElement>('input[data-bare-file]');
  const file = input?.files?.[0];
  if (!file) throw new Error('Choose a file in input[data-bare-file] first');
  await conn.query('DROP TABLE IF EXISTS t');
  const started = performance.now();
  if (/\.parquet$/i.test(file.name)) {
    await insertParquet(conn, file);
  } else {
    const name = `bare-${file.name.replace(/[^\w.-]/g, '_')}`;
    await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    await conn.query(`CREATE TABLE t AS SELECT * FROM read_csv('${name}')`);
    await db.dropFile(name);
  }
  const loadMs = performance.now() - started;
  const queried = performance.now();
  const result = await conn.query(ORDERS_KPI_SQL);
  const queryMs = performance.now() - queried;
  const count = await conn.query('SELECT count(*) AS n FROM t');
  const kpis = (result.toArray()[0] as { toJSON(): Record<string, unknown> } | undefined)?.toJSON() ?? {};
  return { loadMs, queryMs, rows: Number(count.getChildAt(0)?.get(0) ?? 0), kpis };
};
