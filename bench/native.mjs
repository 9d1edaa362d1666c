// Native DuckDB (@duckdb/node-api) on one file: read into table `t`, then the orders KPI query.
// Prints one JSON line: { threads, loadMs, queryMs, rows, kpis, peakRssMb }. A process per
// measurement, so each starts cold and its memory is its own.
//   node bench/native.mjs <orders.csv|orders.parquet> [--threads 1]
import { DuckDBInstance } from '@duckdb/node-api';
import { ORDERS_KPI_SQL } from './orders-kpis.mjs';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/native.mjs <file> [--threads N]');
const i = process.argv.indexOf('--threads');
const threads = i > 0 ? process.argv[i + 1] : undefined;

const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
const connection = await instance.connect();
const reader = /\.parquet$/i.test(file) ? 'read_parquet' : 'read_csv';
let peakRss = process.memoryUsage.rss();
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);

const started = performance.now();
await connection.run(`CREATE TABLE t AS SELECT * FROM ${reader}('${file.replaceAll("'", "''")}')`);
const loadMs = performance.now() - started;
const queried = performance.now();
const result = await connection.runAndReadAll(ORDERS_KPI_SQL);
const queryMs = performance.now() - queried;
const count = await connection.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM t');
const used = await connection.runAndReadAll("SELECT current_setting('threads')::INTEGER AS threads");
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
console.log(
  JSON.stringify({
    threads: Number(used.getRowObjectsJson()[0]?.threads),
    loadMs,
    queryMs,
    rows: Number(count.getRowObjectsJson()[0]?.n),
    kpis: result.getRowObjectsJson()[0],
    peakRssMb: Math.round(peakRss / 1024 ** 2),
  }),
);
connection.closeSync();
instance.closeSync();
