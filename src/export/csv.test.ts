import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

/** The one data line of a CSV with a single column `v`. */
const line = (value: unknown): string => toCsv(['v'], [[value]]).slice('v\r\n'.length, -2);

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(
      toCsv(
        ['order_id', 'revenue'],
        [
          ['1001', 100],
          ['1002', 50.5],
        ],
      ),
    ).toBe('order_id,revenue\r\n1001,100\r\n1002,50.5\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });

  it('starts with a UTF-8 byte-order mark when asked', () => {
    expect(toCsv(['a'], [['é']], { bom: true })).toBe('\uFEFFa\r\né\r\n');
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['crlf\r\nhere', '"crlf\r\nhere"'],
    ['', ''],
    [' padded ', ' padded '],
    ['Zoë 🛒', 'Zoë 🛒'],
  ])('quotes %j as %j', (value, expected) => {
    expect(line(value)).toBe(expected);
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    [`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['+1+1', `'+1+1`],
    ['-2+3', `'-2+3`],
    ['-', `'-`],
    ['--1', `'--1`],
    ['+', `'+`],
    ['\tSUM(A1)', `'\tSUM(A1)`],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
  ])('neutralises the formula %j as %j', (value, expected) => {
    expect(line(value)).toBe(expected);
  });

  it.each([
    ['-12.50', '-12.50'],
    ['+3', '+3'],
    ['-1e3', '-1e3'],
    ['-.5', '-.5'],
    ['12', '12'],
  ])('keeps the plain number %j as %j', (value, expected) => {
    expect(line(value)).toBe(expected);
  });

  it.each([
    [-12.5, '-12.5'],
    [0, '0'],
    [1e21, '1e+21'],
    [Number.NaN, ''],
    [-9007199254740993n, '-9007199254740993'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    [new Date(Date.UTC(2024, 0, 5, 10, 15)), '2024-01-05T10:15:00.000Z'],
    [new Date(Number.NaN), ''],
    [{ a: 1, b: '=x', n: 2n }, '"{""a"":1,""b"":""=x"",""n"":""2""}"'],
  ])('writes %s as %j', (value, expected) => {
    expect(line(value)).toBe(expected);
  });

  it('neutralises column names too', () => {
    expect(toCsv(['=1+1', 'a,b'], [[1, 2]])).toBe(`'=1+1,"a,b"\r\n1,2\r\n`);
  });
});
