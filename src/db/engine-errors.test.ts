import { describe, expect, it } from 'vitest';
import {
  EngineOutOfMemory,
  EngineStopped,
  formatBytes,
  isEngineStopped,
  isFatalWasmError,
  isOutOfMemory,
  memoryLimitFromUrl,
  outOfMemoryMessage,
  parseByteSize,
  refuseTooLarge,
} from './engine-errors';

const DUCKDB_OOM =
  'Out of Memory Error: could not allocate block of size 256.0 KiB (60.7 MiB/61.0 MiB used)\nDatabase is launched in in-memory mode';

describe('engine errors', () => {
  it.each([
    [DUCKDB_OOM, true],
    ['RuntimeError: Aborted(OOM)', true],
    ['malloc of size 1073741824 failed', true],
    ['Cannot enlarge memory arrays to size 4294967296 bytes', true],
    [outOfMemoryMessage('61.0 MiB', 'big.csv'), true],
    ['Parser Error: syntax error at or near "SELEC"', false],
    ['Conversion Error: Could not convert string "x" to INT32 on line 3', false],
  ])('isOutOfMemory(%j) is %s', (message, expected) => {
    expect(isOutOfMemory(new Error(message))).toBe(expected);
  });

  it.each([
    [Object.assign(new Error('unreachable'), { name: 'RuntimeError' }), true],
    [Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' }), true],
    [new Error('RuntimeError: memory access out of bounds'), true],
    [new Error('Aborted(OOM). Build with -sASSERTIONS for more info.'), true],
    [new Error(DUCKDB_OOM), false],
    [new Error('Catalog Error: Table with name x does not exist!'), false],
    [new Error('Conversion Error: Could not convert string "RuntimeError: unreachable" to INT64'), false],
    ['RuntimeError: not an Error object', false],
  ])('isFatalWasmError(%s) is %s', (error, expected) => {
    expect(isFatalWasmError(error)).toBe(expected);
  });

  it('knows a stopped engine also after a loader re-wrapped the error', () => {
    const stopped = new EngineStopped('worker error');
    expect(isEngineStopped(stopped)).toBe(true);
    expect(isEngineStopped(new Error(stopped.message))).toBe(true);
    expect(isEngineStopped(new Error('other'))).toBe(false);
  });

  it('says what ran out, the limit and what to do, never the raw DuckDB text', () => {
    const error = new EngineOutOfMemory('1.2 GiB', DUCKDB_OOM);
    expect(error.message).toMatch(
      /^The engine ran out of memory running this query \(limit 1\.2 GiB\)\. Filter/,
    );
    expect(error.message).not.toContain('temp_directory');
    expect(outOfMemoryMessage('1.2 GiB', 'orders.csv')).toContain(
      'The engine ran out of memory reading orders.csv (limit 1.2 GiB).',
    );
  });

  it.each([
    ['3.1 GiB', Math.round(3.1 * 2 ** 30)],
    ['64MB', 64e6],
    ['64 mb', 64e6],
    ['512KiB', 512 * 1024],
    ['100', 100],
    ['lots', null],
    ['-1GB', null],
    ['', null],
  ])('parseByteSize(%j) is %s', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each([
    [512, '512 bytes'],
    [2048, '2.0 KiB'],
    [64e6, '61.0 MiB'],
    [3.1 * 2 ** 30, '3.1 GiB'],
    [300 * 2 ** 20, '300 MiB'],
  ])('formatBytes(%d) is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    ['?memory_limit=64MB', '64MB'],
    ['?memory_limit=1.5%20GB&x=1', '1.5GB'],
    ['?memory_limit=lots', null],
    ['?memory_limit=64MB;DROP', null],
    ['', null],
  ])('memoryLimitFromUrl(%j) is %s', (search, limit) => {
    expect(memoryLimitFromUrl(search)).toBe(limit);
  });
});

describe('refuseTooLarge', () => {
  const MiB = 2 ** 20;
  const GiB = 2 ** 30;
  it.each([
    ['orders.csv', 50 * MiB, { limit: 100 * MiB, used: 40 * MiB }, null],
    ['orders.csv', 70 * MiB, { limit: 100 * MiB, used: 40 * MiB }, 'needs about 70.0 MiB'],
    ['events.csv.gz', 20 * MiB, { limit: 100 * MiB, used: 0 }, 'needs about 120 MiB'],
    ['shop.parquet', 10 * MiB, { limit: 100 * MiB, used: 0 }, null],
    ['book.xlsx', 20 * MiB, { limit: 100 * MiB, used: 0 }, 'needs about 200 MiB'],
    ['orders.csv', 1.5 * GiB, { limit: 3.1 * GiB, used: 0, deviceMemory: 2 }, 'about 2 GiB of memory'],
    ['orders.csv', 1.5 * GiB, { limit: 3.1 * GiB, used: 0, deviceMemory: 8 }, null],
  ])('%s of %d bytes with %j', (name, size, budget, expected) => {
    const refusal = refuseTooLarge({ name, size }, budget);
    if (expected === null) expect(refusal).toBeNull();
    else {
      expect(refusal).toContain(expected);
      expect(refusal).toMatch(new RegExp(`^${name.replace('.', '\\.')} is too large to read in this tab`));
      expect(refusal).toContain('remove tables you no longer need');
    }
  });
});
