import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SqlQuery } from '../../src/sql/sql';

// Values as the app sees them: the browser engine casts BIGINT and DECIMAL to double and gives
// timestamps as epoch milliseconds.
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (value !== null && typeof value === 'object') {
    const decimal = value as { toDouble?: () => number };
    if (typeof decimal.toDouble === 'function') return decimal.toDouble();
    return String(value);
  }
  return value;
}

/** A fresh in-memory native DuckDB for one test file; SQL built by the app runs on it as is. */
export async function openDuckDB(): Promise<{
  run: (query: SqlQuery | string) => Promise<Record<string, unknown>[]>;
  close: () => void;
  connection: DuckDBConnection;
}> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const run = async (query: SqlQuery | string): Promise<Record<string, unknown>[]> => {
    const { text, params } = typeof query === 'string' ? { text: query, params: [] } : query;
    const reader = params.length
      ? await connection.runAndReadAll(text, params as (string | number | boolean | null)[])
      : await connection.runAndReadAll(text);
    return reader
      .getRowObjectsJS()
      .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toPlain(value)])));
  };
  return {
    run,
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
