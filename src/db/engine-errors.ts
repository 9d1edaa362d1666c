// What can go wrong with the engine itself — memory, a dead worker — said so a person can act on it.

const STOPPED = 'The engine stopped (its worker crashed or stopped answering); it is being restarted.';

/** The engine's worker died or stopped answering: every call in flight fails with this. */
export class EngineStopped extends Error {
  constructor(readonly reason: string) {
    super(STOPPED);
    this.name = 'EngineStopped';
  }
}

/** True for EngineStopped, also after a loader wrapped it in an error of its own. */
export function isEngineStopped(error: unknown): boolean {
  return error instanceof EngineStopped || (error instanceof Error && error.message === STOPPED);
}

/** DuckDB's memory limit was reached, or WebAssembly could not grow its memory. */
export class EngineOutOfMemory extends Error {
  constructor(
    readonly limit: string,
    readonly raw: string,
  ) {
    super(
      `The engine ran out of memory running this query (limit ${limit}). Filter or aggregate ` +
        `first, ask for fewer columns, or remove tables you no longer need.`,
    );
    this.name = 'EngineOutOfMemory';
  }
}

// DuckDB's limit, and the WebAssembly heap itself (duckdb/duckdb-wasm#706: "malloc of size … failed").
const OUT_OF_MEMORY =
  /Out of Memory Error|ran out of memory|could not allocate|malloc of size \d+ failed|Aborted\(OOM\)|Cannot enlarge memory|bad_alloc|WebAssembly\.Memory/i;

/** True when an engine error (or its message) says memory ran out. */
export function isOutOfMemory(error: unknown): boolean {
  return OUT_OF_MEMORY.test(error instanceof Error ? error.message : String(error));
}

/**
 * Errors after which the WebAssembly instance cannot be used again: the engine must restart.
 * A trap or an abort is a WebAssembly RuntimeError (its name survives the trip from the
 * worker); DuckDB's own errors never have that name, and their text may quote the data.
 */
export function isFatalWasmError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'RuntimeError' || /^(RuntimeError: |Aborted\()/.test(error.message);
}

/** "The engine ran out of memory reading orders.csv (limit 1.2 GiB). …" */
export function outOfMemoryMessage(limit: string, fileName: string): string {
  return (
    `The engine ran out of memory reading ${fileName} (limit ${limit}). Load fewer or smaller ` +
    `files (a shorter date range, fewer columns), or remove tables you no longer need.`
  );
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** "3.1 GiB", "64MB" → bytes; null when it is not a size. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = UNITS[(match[2] ?? 'b').toLowerCase()];
  return unit === undefined ? null : Math.round(Number(match[1]) * unit);
}

/** Bytes as a person reads them, in binary units as DuckDB writes its limit: "1.2 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/**
 * Memory a file needs while it is read, per byte of file, at the least: a table is about as
 * large as its text, a compressed file unpacks to several times its size, and JSON and
 * workbooks are held whole in the page before the engine reads them.
 */
function bytesPerFileByte(fileName: string): number {
  const name = fileName.toLowerCase();
  if (name.endsWith('.gz')) return 6;
  if (name.endsWith('.parquet')) return 4;
  if (/\.xls[xm]$/.test(name)) return 10;
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 3;
  return 1;
}

/** What the engine can still take: its limit, and what the device's memory allows a tab. */
export interface MemoryBudget {
  /** DuckDB's memory_limit, in bytes. */
  limit: number;
  /** What the engine's tables and buffers hold now, in bytes. */
  used: number;
  /** navigator.deviceMemory (GiB, rounded; absent in some browsers). */
  deviceMemory?: number;
}

/**
 * Refuses a file clearly too large to be read before it is tried (null: try it). Clearly:
 * the estimate is a lower bound, so a file refused would have run out of memory or crashed the tab.
 */
export function refuseTooLarge(file: { name: string; size: number }, budget: MemoryBudget): string | null {
  const needed = file.size * bytesPerFileByte(file.name);
  // A tab gets about half the device's memory before the browser reclaims it.
  const device = budget.deviceMemory ? (budget.deviceMemory * 2 ** 30) / 2 : Infinity;
  const ceiling = Math.min(budget.limit, device);
  const left = Math.max(0, ceiling - budget.used);
  if (needed <= left) return null;
  const limit =
    device < budget.limit
      ? `this device has about ${budget.deviceMemory} GiB of memory`
      : `limit ${formatBytes(budget.limit)}`;
  return (
    `${file.name} is too large to read in this tab: it needs about ${formatBytes(needed)} of memory, ` +
    `and the engine has ${formatBytes(left)} left (${limit}). Load a smaller file (a shorter date ` +
    `range, fewer columns), or remove tables you no longer need.`
  );
}

/** `?memory_limit=64MB`: a memory limit for the engine, when the page's address sets a valid one. */
export function memoryLimitFromUrl(search: string): string | null {
  const value = new URLSearchParams(search).get('memory_limit');
  return value !== null && parseByteSize(value) !== null ? value.replace(/\s+/g, '') : null;
}
