import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { literal, qualifiedName } from '../sql/sql';
import {
  integersToText,
  longNumberQuery,
  readCsvExactly,
  textTypesOption,
  wholeNumberQuery,
  zonedColumns,
} from './read-as-text';

describe('the SQL that finds columns to read as text', () => {
  const columns = [
    { name: 'order_id', type: 'DOUBLE' },
    { name: 'at', type: 'TIMESTAMP WITH TIME ZONE' },
    { name: 'day', type: 'DATE' },
    { name: 'qty', type: 'BIGINT' },
    { name: 'n', type: 'INTEGER' },
    { name: 'note', type: 'VARCHAR' },
  ];

  it('checks the numeric types wide enough for 16 digits', () => {
    expect(longNumberQuery('"files"."t"', columns)).toBe(
      'SELECT max(abs("order_id")) >= 1000000000000000 AS c0, max(abs("qty")) >= 1000000000000000 AS c1 FROM "files"."t"',
    );
    expect(longNumberQuery('"files"."t"', [{ name: 'n', type: 'INTEGER' }])).toBeNull();
  });

  it('finds the columns typed with a time zone', () => {
    expect(zonedColumns(columns)).toEqual(['at']);
    expect(zonedColumns([{ name: 'at', type: 'TIMESTAMP' }])).toEqual([]);
  });

  it('writes the types option with quoted names', () => {
    expect(textTypesOption([])).toBe('');
    expect(textTypesOption(['order_id', "it's"])).toBe(
      ", types = {'order_id': 'VARCHAR', 'it''s': 'VARCHAR'}",
    );
  });

  it('asks whether the text is whole numbers, ignoring empty values', () => {
    expect(wholeNumberQuery('"files"."t"', ['id'])).toBe(
      `SELECT coalesce(bool_and(regexp_full_match(trim("id"), '[+-]?[0-9]+')) FILTER (WHERE trim("id") <> ''), true) AS c0 FROM "files"."t"`,
    );
  });
});

// Each file is read the app's way on native DuckDB; the types and values are what the file says.
let db: Awaited<ReturnType<typeof openDuckDB>>;
let dir: string;

async function read(
  fileName: string,
  text: string,
): Promise<{ asText: string[]; types: Record<string, string> }> {
  const path = join(dir, fileName);
  writeFileSync(path, text);
  const target = qualifiedName('files', fileName.replace(/\W/g, '_'));
  const asText = await readCsvExactly(db.run, target, {
    create: async (names) => {
      await db.run(
        `CREATE TABLE ${target} AS SELECT * FROM read_csv(${literal(path)}${textTypesOption(names)})`,
      );
    },
    scan: (names) => `read_csv(${literal(path)}${textTypesOption(names)}, ignore_errors = true)`,
  });
  const described = await db.run(`DESCRIBE ${target}`);
  return {
    asText,
    types: Object.fromEntries(described.map((c) => [String(c.column_name), String(c.column_type)])),
  };
}

beforeAll(async () => {
  db = await openDuckDB();
  dir = mkdtempSync(join(tmpdir(), 'read-as-text-'));
  await db.run('CREATE SCHEMA files');
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('readCsvExactly', () => {
  it('reads times with an offset as text, as written', async () => {
    const { asText, types } = await read(
      'zoned.csv',
      'order_id,ordered_at,revenue\nz1,2024-01-01T10:00:00+02:00,10\nz2,2024-01-02T23:30:00-05:00,20\n',
    );
    expect(asText).toEqual(['ordered_at']);
    expect(types).toEqual({ order_id: 'VARCHAR', ordered_at: 'VARCHAR', revenue: 'BIGINT' });
    expect(await db.run('SELECT ordered_at FROM files.zoned_csv ORDER BY order_id')).toEqual([
      { ordered_at: '2024-01-01T10:00:00+02:00' },
      { ordered_at: '2024-01-02T23:30:00-05:00' },
    ]);
  });

  it('reads ids of 16 digits and more as text, digit for digit; shorter ones stay integers', async () => {
    const { asText, types } = await read(
      'long.csv',
      [
        'order_id,visitor_id,shopify_id,quantity,revenue',
        '123456789012345678901234567890,1234567890123456789,5123456789012,1,10.5',
        '123456789012345678901234567891,9007199254740993,5123456789013,99999999999999999999999,20',
      ].join('\n'),
    );
    expect(asText).toEqual(['order_id', 'visitor_id', 'quantity']);
    expect(types).toEqual({
      order_id: 'VARCHAR',
      visitor_id: 'VARCHAR',
      shopify_id: 'BIGINT',
      quantity: 'VARCHAR',
      revenue: 'DOUBLE',
    });
    // 9007199254740993 is 2^53 + 1: a double would read it as ...992.
    expect(await db.run('SELECT order_id, visitor_id FROM files.long_csv ORDER BY order_id')).toEqual([
      { order_id: '123456789012345678901234567890', visitor_id: '1234567890123456789' },
      { order_id: '123456789012345678901234567891', visitor_id: '9007199254740993' },
    ]);
  });

  it('keeps numbers a spreadsheet rounded already (2.82E+18) as numbers, for the lossy-id check', async () => {
    const { asText, types } = await read(
      'rounded.csv',
      'full_visitor_id,visit_id,big_amount\n2.82E+18,1473757371,1234567890123456.5\n6.94E+18,1492809942,1\n',
    );
    expect(asText).toEqual([]);
    expect(types).toEqual({ full_visitor_id: 'DOUBLE', visit_id: 'BIGINT', big_amount: 'DOUBLE' });
    expect(await db.run('SELECT full_visitor_id FROM files.rounded_csv ORDER BY 1')).toEqual([
      { full_visitor_id: 2.82e18 },
      { full_visitor_id: 6.94e18 },
    ]);
  });

  it('reads again a long column whose first rows are whole numbers, and makes it a number when later ones are not', async () => {
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `12345678901234567890${String(i).padStart(4, '0')},${i}`,
    );
    rows[1100] = '2.82E+18,1100';
    const { asText, types } = await read('rounded-later.csv', ['visitor_id,n', ...rows].join('\n'));
    expect(asText).toEqual([]);
    expect(types).toEqual({ visitor_id: 'DOUBLE', n: 'BIGINT' });
  });

  it('reads a file with nothing to change once, as DuckDB typed it', async () => {
    const { asText, types } = await read('plain.csv', 'id,day,total\n1,2024-01-05,10.5\n2,2024-01-06,20\n');
    expect(asText).toEqual([]);
    expect(types).toEqual({ id: 'BIGINT', day: 'DATE', total: 'DOUBLE' });
  });
});

describe('integersToText', () => {
  it('makes integer columns of 16 digits and more text (JSON, Parquet), and leaves the rest', async () => {
    await db.run(`CREATE TABLE files.ints AS SELECT * FROM (VALUES
      (1234567890123456789::BIGINT, 5123456789012::BIGINT, 2.82e18::DOUBLE),
      (9007199254740993::BIGINT, 5123456789013::BIGINT, 1::DOUBLE)) t(id, shopify_id, rounded)`);
    expect(await integersToText(db.run, 'files.ints')).toEqual(['id']);
    const described = await db.run('DESCRIBE files.ints');
    expect(described.map((c) => c.column_type)).toEqual(['VARCHAR', 'BIGINT', 'DOUBLE']);
    expect(await db.run('SELECT id FROM files.ints ORDER BY id')).toEqual([
      { id: '1234567890123456789' },
      { id: '9007199254740993' },
    ]);
  });
});
