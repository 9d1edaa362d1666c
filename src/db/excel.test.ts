import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowsToCsv, sheetToCsv } from './excel';

const workbook = new Blob([readFileSync(new URL('../../test/fixtures/orders.xlsx', import.meta.url))]);

describe('sheetToCsv', () => {
  it('reads the first sheet: dates as Excel shows them, numbers with full precision, quoted text', async () => {
    const result = await sheetToCsv(workbook);
    expect(result.sheet).toBe('Orders');
    expect(result.sheets).toEqual(['Orders', 'Notes']);
    expect(result.csv).toBe(
      [
        'Order ID,Order Date,Customer,Total,Status',
        'X1,2024-01-01,"Jansen, Piet",12.5,paid',
        'X2,2024-01-02 18:00:00,"Anna ""AJ"" de Vries",100,paid',
        'X3,2024-02-01,Piet,7.25,cancelled',
        'X4,2024-02-29,Kees,0.1,paid',
        'X5,2024-03-01,Kees,1234.56,paid',
        'X6,2024-03-31,,30,',
        '',
      ].join('\n'),
    );
  });

  it('reads a chosen sheet', async () => {
    expect(await sheetToCsv(workbook, 'Notes')).toEqual({
      csv: 'Note\nExported by hand\n',
      sheet: 'Notes',
      sheets: ['Orders', 'Notes'],
    });
  });

  it('names the sheets when asked for one that is not there', async () => {
    await expect(sheetToCsv(workbook, 'Sales')).rejects.toThrow(
      'The workbook has no sheet named "Sales"; its sheets are: Orders, Notes.',
    );
  });

  it('says so when the workbook is damaged', async () => {
    const bytes = readFileSync(new URL('../../test/fixtures/orders.xlsx', import.meta.url));
    await expect(sheetToCsv(new Blob([bytes.subarray(0, 400)]))).rejects.toThrow(
      /^This Excel file could not be read/,
    );
  });
});

describe('rowsToCsv', () => {
  it('writes empty cells and booleans', () => {
    expect(rowsToCsv([['a', null, true, false, undefined]])).toBe('a,,true,false,\n');
  });
});
