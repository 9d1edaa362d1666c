import { describe, expect, it } from 'vitest';
import { detectFileKind, fileExtension } from './file-kind';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const utf16le = (s: string): Uint8Array => new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]);
const utf16be = (s: string): Uint8Array =>
  new Uint8Array([0xfe, 0xff, ...Buffer.from(s, 'utf16le').swap16()]);

describe('fileExtension', () => {
  it.each([
    ['orders.csv', 'csv'],
    ['Orders.CSV', 'csv'],
    ['orders.csv.gz', 'csv'],
    ['data.parquet', 'parquet'],
    ['README', ''],
    ['archive.gz', 'gz'],
  ])('%s → %s', (name, ext) => {
    expect(fileExtension(name)).toBe(ext);
  });
});

describe('detectFileKind', () => {
  it.each([
    ['orders.csv', text('id,total\n1,2\n'), 'csv'],
    ['orders.tsv', text('id\ttotal\n'), 'csv'],
    ['orders.txt', text('id;total\n'), 'csv'],
    ['noextension', text('id,total\n'), 'csv'],
    ['rows.json', text('[{"a":1}]'), 'json'],
    ['rows.ndjson', text('{"a":1}\n'), 'json'],
    ['export.dat2', text('[{"a":1}]'), 'json'],
    ['orders.parquet', text('PAR1....'), 'parquet'],
    ['parquet-named.csv', text('PAR1....'), 'parquet'],
    ['unicode.txt', utf16le('id\ttotal\n1\t2\n'), 'csv'],
    ['unicode-be.csv', utf16be('id,total\n'), 'csv'],
    ['cut-in-a-pair.csv', utf16le('id,🛒').subarray(0, 12), 'csv'],
    ['orders.csv.gz', bytes(0x1f, 0x8b, 8, 0), 'csv'],
    ['book.xlsx', bytes(0x50, 0x4b, 0x03, 0x04, 1), 'xlsx'],
  ])('%s is read as %s', (name, head, kind) => {
    expect(detectFileKind(name, head.length, head)).toEqual({ ok: true, kind });
  });

  it.each([
    ['empty.csv', new Uint8Array(), /empty/],
    [
      'binary.csv',
      bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0),
      /binary data \(a NUL byte at byte 9\)/,
    ],
    ['broken.parquet', text('not parquet at all'), /not a valid Parquet file/],
    ['book.xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1), /old-style Excel \(\.xls\)/],
    ['files.zip', bytes(0x50, 0x4b, 0x03, 0x04, 1), /zip archive/],
    ['blob.bin.gz', bytes(0x1f, 0x8b, 8), /gzip/],
    ['utf16.json', bytes(0xff, 0xfe, 0x5b, 0), /UTF-16 text; save it as UTF-8/],
    [
      'utf16-binary.csv',
      bytes(0xff, 0xfe, 0x61, 0, 0, 0, 0x62, 0),
      /starts like UTF-16 text but holds binary data/,
    ],
    [
      'utf16-broken.csv',
      bytes(0xff, 0xfe, 0x00, 0xdc, 0x61, 0),
      /starts like UTF-16 text but holds binary data/,
    ],
    ['blank.csv', text('\n\r\n  \n'), /only empty lines/],
  ])('%s is refused', (name, head, problem) => {
    const verdict = detectFileKind(name, name === 'empty.csv' ? 0 : head.length, head);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toMatch(problem);
  });

  it('names the line of a NUL byte', () => {
    expect(detectFileKind('nul.csv', 14, text('id,total\n1,2\n3\u00004'))).toMatchObject({
      ok: false,
      line: 3,
    });
  });

  it('reads a file with blank lines beyond its head', () => {
    expect(detectFileKind('big.csv', 100_000, text('\n\n'))).toEqual({ ok: true, kind: 'csv' });
  });
});
