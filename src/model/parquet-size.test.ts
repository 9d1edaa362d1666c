import { describe, expect, it } from 'vitest';
import { formatBytes, parquetSizeProblem, readsAhead } from './parquet-size';

const MB = 1000 ** 2;

describe('parquetSizeProblem', () => {
  it('lets a file through whose row groups fit', () => {
    const groups = Array.from({ length: 10 }, () => ({ compressed: 20 * MB, uncompressed: 100 * MB }));
    expect(parquetSizeProblem(groups, 200 * MB)).toBeNull();
    expect(parquetSizeProblem([], 300)).toBeNull();
  });

  it('refuses a decompression bomb: one row group of a GiB from 34 KB', () => {
    const problem = parquetSizeProblem([{ compressed: 34_000, uncompressed: 1024 ** 3 }], 34_283);
    expect(problem).toBe(
      'One row group of this Parquet file holds 1.1 GB once decompressed (the file is 34 KB on disk): too much to read at once in the browser, so it was not read. Write it with smaller row groups.',
    );
  });

  it('refuses a file whose whole is too big, even in small row groups', () => {
    const groups = Array.from({ length: 30 }, () => ({ compressed: 10 * MB, uncompressed: 100 * MB }));
    expect(parquetSizeProblem(groups, 300 * MB)).toMatch(
      /^This Parquet file holds 3.0 GB once decompressed \(it is 300 MB on disk\)/,
    );
  });
});

describe('readsAhead', () => {
  const group = (uncompressed: number): { compressed: number; uncompressed: number } => ({
    compressed: uncompressed / 4,
    uncompressed,
  });

  it('reads the next row group during the insert when two of the largest fit (128 MiB each)', () => {
    expect(readsAhead([group(12 * MB), group(128 * 1024 ** 2)])).toBe(true);
    expect(readsAhead([])).toBe(true);
  });

  it('reads one row group at a time when any is larger', () => {
    expect(readsAhead([group(12 * MB), group(128 * 1024 ** 2 + 1)])).toBe(false);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [34_283, '34 KB'],
    [1_500_000, '1.5 MB'],
    [4_096_002_681, '4.1 GB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
