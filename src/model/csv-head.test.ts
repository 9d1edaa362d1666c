import { describe, expect, it } from 'vitest';
import { hasStandardQuotes, isUtf8, sniffCsvHead } from './csv-head';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sniffCsvHead', () => {
  it.each([
    ['plain comma file', 'order_id,date,total\n1,2024-01-01,10\n2,2024-01-02,20\n', ',', 0],
    [
      'semicolons with decimal commas',
      'Ordernummer;Datum;Bedrag\n1;31-12-2024;12,50\n2;01-01-2025;3,10\n',
      ';',
      0,
    ],
    ['tabs', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n', '\t', 0],
    [
      'GA comment lines and a blank line before the header',
      '# ----\n# Traffic acquisition\n# Start date: 20241001\n\nDate,Session source / medium,Sessions\n20241001,google / organic,12\n20241002,(direct) / (none),7\n',
      ',',
      4,
    ],
    [
      'a Google Ads report title and date range',
      'Campaign report\n"October 1, 2024 - October 7, 2024"\nDay,Campaign,Cost,Impr.,Clicks\n2024-10-01,Brand,12.50,"1,234",40\n2024-10-02,Brand,10.00,"1,100",35\n',
      ',',
      2,
    ],
    [
      'a preamble line that itself has a comma',
      'Export from ShopX, all stores\nGenerated 2024-11-01\n\norder_id,date,revenue,customer\n1,2024-10-01,10.5,a\n2,2024-10-02,20,b\n3,2024-10-03,30,c\n',
      ',',
      3,
    ],
    ['a first column named #', '#,Product,Qty\n1,a,2\n2,b,3\n', ',', 0],
    ['a first column named "# of items"', '# of items;total\n1;2\n3;4\n', ';', 0],
    [
      'a comment line with commas right above the header',
      '# Start date: 2024, End date: 2025\nDate,Sessions\n20240101,3\n20240102,4\n',
      ',',
      1,
    ],
    ['CRLF and a quoted newline', 'id,note,total\r\n1,"two\r\nlines",10\r\n2,plain,20\r\n3,x,30\r\n', ',', 0],
  ])('%s', (_, text, delimiter, skip) => {
    const head = sniffCsvHead(bytes(text));
    expect(head).toMatchObject({ delimiter, skip, encoding: 'utf-8', bom: false });
  });

  it.each([
    [
      'utf-16le',
      'little',
      Buffer.from('\ufeffOrder ID\tDate\tTotal\nA1\t2024-01-05\t10\nA2\t2024-01-06\t20\n', 'utf16le'),
    ],
    ['utf-16be', 'big', Buffer.from('\ufeffid;naam\n1;Zoë\n2;Øster\n', 'utf16le').swap16()],
  ])('reads %s text', (encoding, endian, content) => {
    const head = sniffCsvHead(new Uint8Array(content));
    expect(head).toMatchObject({ encoding, skip: 0, bom: false });
    expect(head.delimiter).toBe(encoding === 'utf-16le' ? '\t' : ';');
    expect(head.notes).toEqual([`The file is UTF-16 text (${endian}-endian): read as such.`]);
  });

  it('notices a byte-order mark', () => {
    const head = sniffCsvHead(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a,b\n1,2\n3,4\n')]));
    expect(head).toMatchObject({ bom: true, skip: 0, delimiter: ',' });
    expect(head.notes).toEqual(['The file starts with a UTF-8 byte-order mark (skipped).']);
  });

  it('reads bytes that are not UTF-8 as Windows-1252', () => {
    // "Bedrag;Klant\n€ 12,50;José\n" in Windows-1252: € is 0x80, é is 0xE9.
    const cp1252 = new Uint8Array([...bytes('Bedrag;Klant\n'), 0x80, ...bytes(' 12,50;Jos'), 0xe9, 0x0a]);
    expect(sniffCsvHead(cp1252)).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
  });

  it('says what it skipped', () => {
    expect(sniffCsvHead(bytes('# a\n# b\nx,y\n1,2\n3,4\n')).notes).toEqual([
      'Skipped 2 lines before the header (2 comment lines starting with #).',
    ]);
    expect(sniffCsvHead(bytes('Report\nx,y\n1,2\n3,4\n')).notes).toEqual([
      'The header is on line 2; the 1 line above it was skipped.',
    ]);
  });
});

describe('isUtf8', () => {
  it('accepts a sample that ends inside a multi-byte character', () => {
    const euro = bytes('total €'); // € is three bytes
    expect(isUtf8(euro.subarray(0, euro.length - 1))).toBe(true);
  });
  it('rejects a Latin-1 byte in the middle', () => {
    expect(isUtf8(new Uint8Array([0x41, 0xe9, 0x41]))).toBe(false);
  });
});

describe('hasStandardQuotes', () => {
  it.each([
    ['no quotes at all', 'id,name\n1,Ann\n', ',', true],
    ['quoted fields with the delimiter inside', 'id,name\n1,"Smith, Ann"\n2,"x"\n', ',', true],
    ['a doubled quote inside a quoted field', 'id,name\n1,"12"" pizza"\n', ',', true],
    ['a quoted line break', 'id,note\n1,"two\nlines"\n', ',', true],
    ['an empty quoted field', 'id;name\n1;""\n', ';', true],
    ['a quote closing the last field of the sample', 'id,name\n1,"Ann"', ',', true],
    ['a single quote inside a value', "id,name\n1,O'Brien\n", ',', true],
    ['a quote inside an unquoted value', 'id,name\n1,12" pizza\n', ',', false],
    ['a backslash-escaped quote', 'id,name\n1,"say \\"hi\\""\n', ',', false],
    ['text after a closing quote', 'id,name\n1,"Ann"x\n', ',', false],
    ['a space before an opening quote', 'id,name\n1, "Ann"\n', ',', false],
    ['a field quoted with single quotes', "id,name\n1,'Smith, Ann'\n", ',', false],
    ['a quote left open at the end', 'id,note\n1,"never closed\n2,ok\n', ',', false],
  ])('%s: %s', (_, text, delimiter, standard) => {
    expect(hasStandardQuotes(text, delimiter)).toBe(standard);
  });

  it('is judged on the rows under the header, with the line the sample cut off left out', () => {
    // The title line's quote and the cut last line are not rows of the table.
    expect(sniffCsvHead(bytes('Report "May"\nid,name\n1,"Ann"\n2,"Bo"\n3,12" pi')).standardQuotes).toBe(true);
    expect(sniffCsvHead(bytes('id,name\n1,"Ann"\n2,12" pizza\n3,"Bo"\n')).standardQuotes).toBe(false);
  });
});
