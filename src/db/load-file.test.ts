import { describe, expect, it } from 'vitest';
import { LoadError, toLoadError } from './load-file';

describe('toLoadError', () => {
  it('keeps the line DuckDB names', () => {
    const error = toLoadError(
      'orders.csv',
      new Error('Invalid Input Error: CSV Error on Line: 42\nExpected Number of Columns: 3 Found: 4'),
    );
    expect(error).toBeInstanceOf(LoadError);
    expect(error.fileName).toBe('orders.csv');
    expect(error.line).toBe(42);
    expect(error.message).toContain('Expected Number of Columns: 3 Found: 4');
  });

  it('explains a missing extension instead of passing on the engine’s words alone', () => {
    const error = toLoadError(
      'x.json',
      new Error('Catalog Error: Table Function read_json requires an extension; autoload is disabled'),
    );
    expect(error.message).toMatch(/^This needs a DuckDB extension that the app does not download/);
    expect(error.line).toBeNull();
  });

  it('unwraps the engine’s message from the JSON it sometimes comes in', () => {
    const error = toLoadError(
      'mixed.json',
      new Error(
        '{"exception_type":"Invalid Input","exception_message":"arrow_scan: get_next failed(): Invalid: Invalid field \'order_id\'. Expected signed int or null, got string"}',
      ),
    );
    expect(error.message).toBe(
      "Invalid Input Error: arrow_scan: get_next failed(): Invalid: Invalid field 'order_id'. Expected signed int or null, got string",
    );
  });

  it.each(['unreachable', 'RuntimeError: unreachable', 'Out of Memory Error: could not allocate block'])(
    'says the file was too big when the reader runs out of memory (%s)',
    (raw) => {
      expect(toLoadError('big.parquet', new Error(raw)).message).toBe(
        'The file is too big to read in the browser: the reader ran out of memory.',
      );
    },
  );

  it('passes a LoadError through', () => {
    const original = new LoadError('a.csv', 'The file is empty (0 bytes).');
    expect(toLoadError('b.csv', original)).toBe(original);
  });

  it('shortens a very long message', () => {
    expect(toLoadError('a.csv', 'x'.repeat(2000)).message).toHaveLength(601);
  });
});
