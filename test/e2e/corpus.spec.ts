import { expect, test, type Page } from '@playwright/test';
import { ALL_TIME, dropFiles, runSql, screenshotPath, tableRows } from './app';

// The messy-input corpus (test/fixtures/corrupt, each file described in its README): every file
// is dropped after a good one; it loads with the right values or is refused with a message that
// names it, and the good file stays.

type Outcome =
  | { refused: RegExp; line?: number; gone?: string }
  | { table: string; rows: number; report?: RegExp; preview?: string; orders?: string[][] };

const HOSTILE = '<img src=x onerror=window.__pwned=5>.csv';

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
  // The head quotes the standard way; past it, a quote is opened and never closed: read as the
  // engine's sniffer reads it (without quotes), every row kept.
  'late-unclosed-quote.csv': { table: 'files.late_unclosed_quote', rows: 3002 },
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
  'truncated.parquet': {
    refused:
      /This Parquet file is cut short or its footer is damaged, so its contents cannot be found \(Parquet error: Invalid Parquet file\. Corrupt footer\)/,
  },
  // The footer is sound; the fourth row group is not, and the reader finds out while the third
  // goes into the engine: refused, and the rows already in the engine go with it.
  'damaged-row-group.parquet': {
    refused:
      /damaged-row-group.parquet could not be loaded: The Parquet reader failed on row group 4 of 5: the file looks damaged there\./,
    gone: 'files.damaged_row_group',
  },
  'crlf.csv': { table: 'files.crlf', rows: 2 },
  'json-not-array.json': { refused: /must start with \[/ },
  'broken.json': { refused: /./ },

  // Empty, binary and misnamed files.
  'empty.csv': { refused: /The file is empty \(0 bytes\)/ },
  'png-named.csv': { refused: /binary data \(a NUL byte at byte 9\), so it is not CSV text/ },
  'gzip-named.csv': { refused: /gzip-compressed file; name it like data\.csv\.gz/ },
  'csv-named.parquet': { refused: /does not start with the Parquet signature/ },
  'not-a-workbook.xlsx': { refused: /This Excel file could not be read/ },
  'zip-bomb.parquet': { refused: /holds 1\.0 GB once decompressed \(the file is 34 KB on disk\)/ },
  // Read after the bomb: the Parquet reader still works.
  'parquet-named.csv': { table: 'files.parquet_named', rows: 10_000 },
  'wide-10000-columns.parquet': { table: 'files.wide_10000_columns', rows: 2 },

  // Separators, encodings and line structure.
  'orders.tsv': {
    table: 'files.orders',
    rows: 2,
    orders: [
      ['t1', '10.50', '2024-01-05'],
      ['t2', '20.00', '2024-01-06'],
    ],
  },
  'pipe-delimited.txt': {
    table: 'files.pipe_delimited',
    rows: 2,
    orders: [
      ['p1', '10.00', '2024-01-05'],
      ['p2', '20.00', '2024-01-06'],
    ],
  },
  'semicolon-decimal-comma.csv': {
    table: 'files.semicolon_decimal_comma',
    rows: 3,
    report: /Dates read day first/,
    orders: [
      ['h1', '12.50', '2024-01-25'],
      ['h2', '7.05', '2024-02-13'],
      ['h3', '1000.00', '2024-03-01'],
    ],
  },
  'utf16le-bom.csv': {
    table: 'files.utf16le_bom',
    rows: 2,
    report: /UTF-16 text \(little-endian\)/,
    preview: 'Øster',
    orders: [
      ['v1', '10.00', '2024-01-05'],
      ['v2', '20.00', '2024-01-06'],
    ],
  },
  'utf16be-bom.txt': {
    table: 'files.utf16be_bom',
    rows: 2,
    report: /UTF-16 text \(big-endian\)/,
    preview: '山田',
    orders: [
      ['ue1', '10.50', '2024-01-05'],
      ['ue2', '20.00', '2024-01-06'],
    ],
  },
  'windows-1252.csv': {
    table: 'files.windows_1252',
    rows: 2,
    report: /not UTF-8: read as Windows-1252/,
    preview: 'Renée',
    orders: [
      ['x1', '1234.50', '2024-01-05'],
      ['x2', '10.00', '2024-01-06'],
    ],
  },
  'quoted-newlines.csv': {
    table: 'files.quoted_newlines',
    rows: 3,
    orders: [
      ['n1', '10.00', '2024-01-05'],
      ['n2', '20.00', '2024-01-06'],
      ['n3', '30.00', '2024-01-07'],
    ],
  },
  'trailing-delimiter.csv': {
    table: 'files.trailing_delimiter',
    rows: 2,
    orders: [
      ['td1', '10.00'],
      ['td2', '20.00'],
    ],
  },
  'utf8-bom.csv': {
    table: 'files.utf8_bom',
    rows: 2,
    report: /UTF-8 byte-order mark \(skipped\)/,
    orders: [
      ['bo1', '10.00'],
      ['bo2', '20.00'],
    ],
  },
  'title-rows.csv': {
    table: 'files.title_rows',
    rows: 2,
    report: /The header is on line 4/,
    orders: [
      ['tr1', '10.00'],
      ['tr2', '20.00'],
    ],
  },

  // Numbers as shops write them.
  'currency-euro.csv': {
    table: 'files.currency_euro',
    rows: 3,
    orders: [
      ['eu1', '1234.50'],
      ['eu2', '99.95'],
      ['eu3', '0.50'],
    ],
  },
  'currency-dollar.csv': {
    table: 'files.currency_dollar',
    rows: 3,
    orders: [
      ['us1', '1234.50'],
      ['us2', '99.95'],
      ['us3', '12000.00'],
    ],
  },
  'percent.csv': {
    table: 'files.percent',
    rows: 2,
    report: /2 values could not be read as numbers, e\.g\. "12\.5%"/,
    orders: [
      ['pc1', '10.00'],
      ['pc2', '20.00'],
    ],
  },
  'scientific.csv': {
    table: 'files.scientific',
    rows: 3,
    orders: [
      ['sc1', '150.00'],
      ['sc2', '20.00'],
      ['sc3', '0.33'],
    ],
  },
  'bigint-overflow.csv': {
    table: 'files.bigint_overflow',
    rows: 2,
    orders: [
      ['123456789012345678901234567890', '10.00', '2024-01-05'],
      ['123456789012345678901234567891', '20.00', '2024-01-06'],
    ],
  },
  'duplicate-rows.csv': {
    table: 'files.duplicate_rows',
    rows: 4,
    report: /2 ids appear on more than one row; their rows are taken as one order, amounts added up/,
    orders: [
      ['du1', '20.00'],
      ['du2', '40.00'],
    ],
  },
  'negative-quantities.csv': {
    table: 'files.negative_quantities',
    rows: 3,
    orders: [['ng1', '25.00', '2024-01-05']],
  },

  // Dates and times.
  'dates-underscores.csv': {
    table: 'files.dates_underscores',
    rows: 2,
    report: /2 values could not be read as dates, e\.g\. "41_10_1"/,
    orders: [
      ['us_1', '10.00', ''],
      ['us_2', '20.00', ''],
    ],
  },
  'iso-offsets.csv': {
    table: 'files.iso_offsets',
    rows: 3,
    orders: [
      ['io1', '10.00', '2024-01-01 10:00'],
      ['io2', '20.00', '2024-01-02 23:30'],
      ['io3', '30.00', '2024-01-03 08:00'],
    ],
  },
  'epoch-seconds.csv': {
    table: 'files.epoch_seconds',
    rows: 2,
    report: /Unix times in seconds/,
    orders: [
      ['es1', '10.00', '2024-01-05 10:00'],
      ['es2', '20.00', '2024-01-06 10:00'],
    ],
  },
  'epoch-millis.csv': {
    table: 'files.epoch_millis',
    rows: 2,
    report: /Unix times in milliseconds/,
    orders: [
      ['em1', '10.00', '2024-01-05 10:00'],
      ['em2', '20.00', '2024-01-06 10:00'],
    ],
  },
  'excel-serial-dates.csv': {
    table: 'files.excel_serial_dates',
    rows: 2,
    report: /Excel day numbers/,
    orders: [
      ['xs1', '10.00', '2024-01-05'],
      ['xs2', '20.00', '2024-01-06 12:00'],
    ],
  },

  // Shapes of columns and rows.
  'all-empty-column.csv': {
    table: 'files.all_empty_column',
    rows: 2,
    orders: [
      ['ae1', '10.00'],
      ['ae2', '20.00'],
    ],
  },
  'one-row.csv': { table: 'files.one_row', rows: 1, orders: [['or1', '42.42', '2024-01-05']] },
  'whitespace-headers.csv': {
    table: 'files.whitespace_headers',
    rows: 2,
    preview: 'column4',
    orders: [
      ['wh1', '10.00'],
      ['wh2', '20.00'],
    ],
  },
  'emoji-columns.csv': {
    table: 'files.emoji_columns',
    rows: 2,
    preview: '🛒 basket',
    orders: [
      ['ej1', '10.00'],
      ['ej2', '20.00'],
    ],
  },

  // JSON shapes.
  'lines.ndjson': {
    table: 'files.lines',
    rows: 2,
    orders: [
      ['nd1', '10.00', '2024-01-05'],
      ['nd2', '20.50', '2024-01-06'],
    ],
  },
  'nested.json': {
    table: 'files.nested',
    rows: 2,
    preview: 'Utrecht',
    orders: [
      ['js1', '10.00'],
      ['js2', '20.00'],
    ],
  },
  'mixed-types.json': {
    table: 'files.mixed_types',
    rows: 3,
    orders: [
      ['1', '10.00', '2024-01-05'],
      ['3', '', '2024-01-07'],
      ['mt2', '20.50', '2024-01-06'],
    ],
  },

  // Markup and script: shown as text, never run (the test also checks that nothing ran).
  [HOSTILE]: {
    table: 'files.img_src_x_onerror_window_pwned_5',
    rows: 1,
    preview: '<script>window.__pwned=6</script>',
    orders: [['hx1', '10.00']],
  },
};

/** The canonical orders of several files: per file, id, revenue and day (with the time when not midnight). */
async function ordersFrom(page: Page, files: string[]): Promise<Map<string, string[][]>> {
  const names = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  await runSql(
    page,
    `SELECT source_file, order_id, coalesce(printf('%.2f', revenue), '') AS revenue,
       coalesce(strftime(ordered_at, '%Y-%m-%d %H:%M'), '') AS day
     FROM orders WHERE source_file IN (${names}) ORDER BY source_file, order_id`,
  );
  const rows = await page
    .locator('[data-sql-result] table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const byFile = new Map<string, string[][]>(files.map((f) => [f, []]));
  for (const [file = '', ...order] of rows) byFile.get(file)?.push(order);
  return byFile;
}

/** An order as the test writes it: the day alone stands for midnight, no day for no check. */
function asExpected(actual: string[], expected: string[]): string[] {
  const [id = '', revenue = '', day = ''] = actual;
  if (expected.length < 3) return [id, revenue];
  const wanted = expected[2] ?? '';
  return [id, revenue, wanted.length === 10 && day.endsWith(' 00:00') ? day.slice(0, 10) : day];
}

// Several files per drop keep the test short; each is still checked on its own.
const GROUP_SIZE = 6;
const groups = Object.entries(CORPUS).reduce<[string, Outcome][][]>((all, entry, i) => {
  if (i % GROUP_SIZE === 0) all.push([]);
  all.at(-1)?.push(entry);
  return all;
}, []);

test.describe('messy and hostile files', () => {
  test.setTimeout(4 * 60_000);

  test('each loads with the right values or is refused by name; the good file stays', async ({ page }) => {
    await page.goto(`./${ALL_TIME}`);
    await dropFiles(page, 'shop-orders.csv');
    for (const group of groups) {
      await dropFiles(page, ...group.map(([file]) => `corrupt/${file}`));
      for (const [file, outcome] of group) {
        if ('refused' in outcome) {
          const problem = page.locator(`[data-problem="${file.replaceAll('"', '\\"')}"]`);
          await expect(problem, file).toContainText(outcome.refused);
          if (outcome.line) await expect(problem, file).toContainText(`(line ${outcome.line})`);
          // The rows read before the failure are not kept: the engine holds no such table.
          if (outcome.gone) {
            const [schema, name] = outcome.gone.split('.');
            await runSql(
              page,
              `SELECT count(*) AS tables FROM duckdb_tables() WHERE schema_name = '${schema}' AND table_name = '${name}'`,
            );
            await expect(page.locator('[data-sql-result] tbody td').first(), file).toHaveText('0');
          }
          continue;
        }
        expect(await tableRows(page, outcome.table), file).toBe(outcome.rows);
        if (outcome.report) {
          await expect(page.locator(`[data-mapping="${outcome.table}"]`), file).toContainText(outcome.report);
        }
        if (outcome.preview) {
          const table = page.locator(`[data-table="${outcome.table}"]`);
          await table.getByText('Columns and first rows').click();
          await expect(table.locator('table'), file).toContainText(outcome.preview);
        }
      }
      const withOrders = group.filter(([, o]) => 'orders' in o && o.orders);
      if (withOrders.length > 0) {
        const orders = await ordersFrom(
          page,
          withOrders.map(([file]) => file),
        );
        for (const [file, outcome] of withOrders) {
          const expected = 'orders' in outcome ? (outcome.orders ?? []) : [];
          const actual = (orders.get(file) ?? []).map((order, i) => asExpected(order, expected[i] ?? []));
          expect(actual, file).toEqual(expected);
        }
      }
      // The good file is still there, whole.
      expect(await tableRows(page, 'files.shop_orders'), group.map(([f]) => f).join(', ')).toBe(6);
    }
    // Markup in the file name, column names and cells stayed text.
    await expect(page.getByText(HOSTILE).first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], script:not([src])').count()).toBe(0);
    await page.locator('[data-problem]').first().scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, window.scrollY));
    await page.screenshot({ path: screenshotPath('corpus-problems') });
  });
});
