import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { literal, qualifiedName, quoteIdentifier, sql } from './sql';

describe('quoteIdentifier', () => {
  it.each([
    ['orders', '"orders"'],
    ['Order "Total"', '"Order ""Total"""'],
    ['"; DROP TABLE orders; --', '"""; DROP TABLE orders; --"'],
    ['', '""'],
  ])('%s → %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });

  it('rejects a NUL character', () => {
    expect(() => quoteIdentifier('a\u0000b')).toThrow(/NUL/);
  });
});

describe('literal', () => {
  it.each([
    [null, 'NULL'],
    [true, 'TRUE'],
    [12.5, '12.5'],
    ["O'Brien", "'O''Brien'"],
  ] as const)('%s → %s', (value, text) => {
    expect(literal(value)).toBe(text);
  });

  it('rejects non-finite numbers', () => {
    expect(() => literal(Number.NaN)).toThrow(/finite/);
  });
});

describe('sql tag', () => {
  it('turns values into parameters', () => {
    const query = sql`SELECT * FROM t WHERE a = ${"x'; DROP TABLE t; --"} AND b < ${3}`;
    expect(query).toEqual({
      text: 'SELECT * FROM t WHERE a = ? AND b < ?',
      params: ["x'; DROP TABLE t; --", 3],
    });
  });
});

describe('through real DuckDB', () => {
  let db: Awaited<ReturnType<typeof openDuckDB>>;
  beforeAll(async () => {
    db = await openDuckDB();
  });
  afterAll(() => db.close());

  it('a hostile name stays one identifier', async () => {
    const name = '"; DROP TABLE orders; --';
    await db.run(
      `CREATE SCHEMA files; CREATE TABLE ${qualifiedName('files', name)} AS SELECT 1 AS ${quoteIdentifier('a "b"')}`,
    );
    expect(
      await db.run(`SELECT ${quoteIdentifier('a "b"')} AS v FROM ${qualifiedName('files', name)}`),
    ).toEqual([{ v: 1 }]);
  });

  it('a literal round-trips', async () => {
    const text = 'it\'s "quoted" -- not a comment';
    expect(await db.run(`SELECT ${literal(text)} AS v`)).toEqual([{ v: text }]);
  });

  it('parameters bind', async () => {
    expect(await db.run(sql`SELECT ${2} + ${3} AS v, ${'a'} AS s`)).toEqual([{ v: 5, s: 'a' }]);
  });
});
