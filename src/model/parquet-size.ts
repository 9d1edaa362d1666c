// A Parquet file says in its footer how big its columns are once decompressed. A few kilobytes
// can claim gigabytes (a decompression bomb); reading such a file kills the tab, so it is
// refused from the footer alone, before a byte of data is read.

/** One row group's size as the footer states it, in bytes. */
export interface RowGroupSize {
  compressed: number;
  uncompressed: number;
}

/** A row group is decompressed whole, and copied twice on its way into the engine. */
export const MAX_ROW_GROUP_BYTES = 512 * 1024 ** 2;
/** Row groups up to this size are read one ahead of the engine's insert (two in memory at once). */
const READ_AHEAD_MAX_BYTES = 128 * 1024 ** 2;
/** The whole table must fit in the engine's memory (WebAssembly's 4 GiB, shared with the rest). */
export const MAX_PARQUET_BYTES = 2 * 1024 ** 3;

/** `1.2 GB`, `34 KB`: a size for people (decimal units, as file browsers show them). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Why a Parquet file is too big to read once decompressed, or null when it fits. */
export function parquetSizeProblem(groups: readonly RowGroupSize[], fileSize: number): string | null {
  const total = groups.reduce((sum, g) => sum + g.uncompressed, 0);
  const largest = groups.reduce((max, g) => Math.max(max, g.uncompressed), 0);
  const onDisk = formatBytes(fileSize);
  if (total > MAX_PARQUET_BYTES) {
    return `This Parquet file holds ${formatBytes(total)} once decompressed (it is ${onDisk} on disk): more than the browser can hold, so it was not read.`;
  }
  if (largest > MAX_ROW_GROUP_BYTES) {
    return `One row group of this Parquet file holds ${formatBytes(largest)} once decompressed (the file is ${onDisk} on disk): too much to read at once in the browser, so it was not read. Write it with smaller row groups.`;
  }
  return null;
}

/**
 * Whether the next row group may be decoded while the engine takes in the one before: only when
 * two of the largest fit in memory beside each other.
 */
export function readsAhead(groups: readonly RowGroupSize[]): boolean {
  return groups.every((g) => g.uncompressed <= READ_AHEAD_MAX_BYTES);
}
