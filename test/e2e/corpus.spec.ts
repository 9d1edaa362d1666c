import { expect, test, type Page } from '@playwright/test';
import { dropFiles, runSql, tableRows } from './app';

// The messy-input corpus (test/fixtures/corrupt, each file described in its README): every file
// is dropped after a good one; it loads with the right values or is refused with a message that
// names it, and the good file stays.

type Outcome =
  | { refused: RegExp; line?: number }
  | { table: string; rows: number; report?: RegExp; preview?: string; orders?: string[][] };

const CORPUS: Record<string, Outcome> = {
  'header-only.csv': { table: 'files.header_only', rows: 0 },
  'only-newlines.csv': { refused: /only empty lines/ },
  'ragged.csv': {
    table: 'files.ragged',
    rows: 2,
    report: /2 rows could not be read and were left out \(line 3: .*; line 4: /,
    orders: [
      ['r1', '10.00'],
      ['r4', '40.00'],
    ],
  },
  'unclosed-quote.csv': {
    table: 'files.unclosed_quote',
    rows: 3,
    orders: [
      ['u1', '10.00'],
      ['u2', '20.00'],
      ['u3', '30.00'],
    ],
  },
  'long-line.csv': { table: 'files.long_line', rows: 2 },
  'ten-thousand-columns.csv': { table: 'files.ten_thousand_columns', rows: 2 },
  'duplicate-headers.csv': { table: 'files.duplicate_headers', rows: 2, report: /order_id_1/ },
  'nul-bytes.csv': { refused: /binary data \(a NUL byte at byte \d+\)/, line: 3 },
  'bom-in-middle.csv': { table: 'files.bom_in_middle', rows: 2 },
  'mixed-encoding.csv': { table: 'files.mixed_encoding', rows: 2, report: /not UTF-8: read as Windows-1252/ },
  'dates-slashes.csv': {
    table: 'files.dates_slashes',
    rows: 2,
    orders: [
      ['s1', '10.00', '2024-12-12'],
      ['s2', '20.00', '2024-12-13'],
    ],
  },
  'dates-words.csv': {
    table: 'files.dates_words',
    rows: 2,
    orders: [
      ['w1', '10.00', '2012-01-10'],
      ['w2', '20.00', '2012-02-03'],
    ],
  },
  'numbers-european.csv': {
    table: 'files.numbers_european',
    rows: 2,
    orders: [
      ['e1', '1234567.89', '2024-01-05'],
      ['e2', '0.11', '2024-01-06'],
    ],
  },
  'numbers-accounting.csv': {
    table: 'files.numbers_accounting',
    rows: 3,
    orders: [
      ['a1', '-12.50'],
      ['a2', '-12.50'],
      ['a3', '100.00'],
    ],
  },
  'formula-payloads.csv': {
    table: 'files.formula_payloads',
    rows: 3,
    preview: `=cmd|' /C calc'!A0`,
  },
  '"; DROP TABLE orders; --.csv': { table: 'files.drop_table_orders', rows: 1, orders: [['d1', '10.00']] },
  'wrong-magic.parquet': { refused: /does not start with the Parquet signature/ },
  'truncated.parquet': { refused: /Parquet/ },
  'crlf.csv': { table: 'files.crlf', rows: 2 },
  'json-not-array.json': { refused: /must start with \[/ },
  'broken.json': { refused: /./ },
};

/** The canonical orders from one file: id, revenue and (when asked) the day, as shown. */
async function ordersFrom(page: Page, file: string, withDay: boolean): Promise<string[][]> {
  const day = withDay ? ", strftime(ordered_at, '%Y-%m-%d') AS day" : '';
  await runSql(
    page,
    `SELECT order_id, printf('%.2f', revenue) AS revenue${day} FROM orders WHERE source_file = '${file.replaceAll("'", "''")}' ORDER BY order_id`,
  );
  const rows = page.locator('[data-sql-result] table tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
  );
}

test.describe('messy and hostile files', () => {
  test.setTimeout(4 * 60_000);

  test('each loads with the right values or is refused by name; the good file stays', async ({ page }) => {
    await page.goto('./');
    await dropFiles(page, 'shop-orders.csv');
    for (const [file, outcome] of Object.entries(CORPUS)) {
      await dropFiles(page, `corrupt/${file}`);
      if ('refused' in outcome) {
        const problem = page.locator(`[data-problem="${file.replaceAll('"', '\\"')}"]`);
        await expect(problem, file).toContainText(outcome.refused);
        if (outcome.line) await expect(problem, file).toContainText(`(line ${outcome.line})`);
      } else {
        expect(await tableRows(page, outcome.table), file).toBe(outcome.rows);
        if (outcome.report) {
          await expect(page.locator(`[data-mapping="${outcome.table}"]`), file).toContainText(outcome.report);
        }
        if (outcome.preview) {
          const table = page.locator(`[data-table="${outcome.table}"]`);
          await table.getByText('Columns and first rows').click();
          await expect(table.locator('table'), file).toContainText(outcome.preview);
        }
        if (outcome.orders) {
          const withDay = (outcome.orders[0]?.length ?? 0) > 2;
          expect(await ordersFrom(page, file, withDay), file).toEqual(outcome.orders);
        }
      }
      // The good file is still there, whole.
      expect(await tableRows(page, 'files.shop_orders'), file).toBe(6);
    }
  });
});
