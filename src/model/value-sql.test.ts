import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { LARGE_TABLE_ROWS, literal } from '../sql/sql';
import { inferNumberFormat, inferTimeFormat } from './value-format';
import { numberSql, textSql, timeSql } from './value-sql';

let db: Awaited<ReturnType<typeof openDuckDB>>;
beforeAll(async () => {
  db = await openDuckDB();
});
afterAll(() => db.close());

async function read(values: string[], decimalComma = false): Promise<(number | null)[]> {
  const format = inferNumberFormat(values, decimalComma);
  if (!format) throw new Error('not numbers');
  const rows = await db.run(
    `SELECT ${numberSql('v', format)} AS n FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) AS t(i, v) ORDER BY i`,
  );
  return rows.map((r) => r.n as number | null);
}

describe('numberSql', () => {
  it('reads accounting negatives: parentheses and a trailing minus', async () => {
    expect(await read(['(12.50)', '12.50-', '100.00', '-3.25'])).toEqual([-12.5, -12.5, 100, -3.25]);
  });

  it('keeps the sign with currency signs and European separators', async () => {
    expect(await read(['€ -1.234,50', '(2,00) €', '1.234.567,89'], true)).toEqual([-1234.5, -2, 1234567.89]);
  });

  it('gives no number for a minus between digits', async () => {
    expect(
      await read([
        '12.5',
        '10',
        '1-2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '11',
        '13',
        '14',
        '15',
        '16',
        '17',
        '18',
        '19',
        '20',
        '21',
        '22',
      ]),
    ).toEqual([12.5, 10, null, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]);
  });
});

describe('dates with month names', () => {
  it('reads English month names, day before or after the month, with or without a time', async () => {
    const values = ['January 10, 2012', 'Feb 3, 2012', '10 March 2012', '3 Sep. 2012', 'May 5, 2012 14:05'];
    const format = inferTimeFormat(values);
    expect(format?.kind).toBe('named');
    const rows = await db.run(
      `SELECT strftime(${timeSql('v', 'VARCHAR', { format: format ?? undefined })}, '%Y-%m-%d %H:%M') AS t
       FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) AS x(i, v) ORDER BY i`,
    );
    expect(rows.map((r) => r.t)).toEqual([
      '2012-01-10 00:00',
      '2012-02-03 00:00',
      '2012-03-10 00:00',
      '2012-09-03 00:00',
      '2012-05-05 14:05',
    ]);
  });

  it('does not take other text for named dates', () => {
    expect(inferTimeFormat(['January', '10 March'])).toBeNull();
  });
});

describe('Excel day numbers', () => {
  it.each([
    ['DOUBLE', ['45296', '45297.5', '25569', '45351.999988426']],
    ['BIGINT', ['45296', '45297', '25569', '45351']],
  ])('reads %s day numbers as Excel does (day 0 is 30 Dec 1899)', async (type, values) => {
    const format = inferTimeFormat(values);
    expect(format?.kind).toBe('serial');
    const rows = await db.run(
      `SELECT strftime(${timeSql('v', type, { format: format ?? undefined })}, '%Y-%m-%d %H:%M:%S') AS t
       FROM (VALUES ${values.map((v, i) => `(${i}, CAST(${v} AS ${type}))`).join(', ')}) AS x(i, v) ORDER BY i`,
    );
    expect(rows.map((r) => r.t)).toEqual(
      type === 'DOUBLE'
        ? ['2024-01-05 00:00:00', '2024-01-06 12:00:00', '1970-01-01 00:00:00', '2024-02-29 23:59:59']
        : ['2024-01-05 00:00:00', '2024-01-06 00:00:00', '1970-01-01 00:00:00', '2024-02-29 00:00:00'],
    );
  });

  it.each([[['12345']], [['45296', 'x']], [['80000']], [['45296.5.1']]])(
    'does not take %j for day numbers',
    (values) => {
      expect(inferTimeFormat(values)?.kind).not.toBe('serial');
    },
  );
});

describe('textSql', () => {
  it('takes away the spaces trim takes, Unicode spaces included, and makes empty text no value', async () => {
    const values = [
      'abc',
      ' abc',
      'abc  ',
      '\u00a0abc',
      'abc\u00a0',
      'abc\u3000',
      '\u2007abc\u202f',
      'é',
      'caf\u00e9 ',
      '\tabc\n',
      '',
      '   ',
      '\u00a0',
      'a b',
    ];
    const rows = await db.run(
      `SELECT ${textSql('v', 'VARCHAR', LARGE_TABLE_ROWS)} AS t, ${textSql('v', 'VARCHAR')} AS small FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}, (${values.length}, NULL)) AS x(i, v) ORDER BY i`,
    );
    // A small table's plain trim gives the same values.
    expect(rows.map((r) => r.small)).toEqual(rows.map((r) => r.t));
    expect(rows.map((r) => r.t)).toEqual([
      'abc',
      'abc',
      'abc',
      'abc',
      'abc',
      'abc',
      'abc',
      'é',
      'café',
      // trim leaves tabs and line breaks, as before
      '\tabc\n',
      null,
      null,
      null,
      'a b',
      null,
    ]);
  });

  it('casts numbers and times without trimming them', () => {
    expect(textSql('"id"', 'BIGINT')).toBe('CAST("id" AS VARCHAR)');
    expect(textSql('"at"', 'TIMESTAMP')).toBe('CAST("at" AS VARCHAR)');
  });
});
