import { expect, test } from '@playwright/test';
import { dropContent, fixture, kpiValue, openApp, runSql, screenshotPath, tableRows, waitIdle } from './app';

test('a Dutch export: semicolons, decimal commas, euro signs and day-first dates give the right numbers', async ({
  page,
}) => {
  await openApp(page);
  await dropContent(
    page,
    'bestellingen.csv',
    'Ordernummer;Besteldatum;Klant;Bedrag\n1001;31-12-2024;K1;12,50\n1002;05-01-2025;K2;€ 1.234,56\n1003;15-01-2025;K1;99,95\n',
  );
  const file = page.locator('[data-mapping="files.bestellingen"]');
  await expect(file).toHaveAttribute('data-complete', 'true');
  await expect(file).toHaveAttribute('data-format', 'generic');
  // 12.50 + 1234.56 + 99.95 over three orders.
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(1347.01, 9);
  expect(await kpiValue(page, 'orders')).toBe(3);
  expect(await kpiValue(page, 'aov')).toBeCloseTo(1347.01 / 3, 9);

  await file.locator('summary').click();
  await expect(file.locator('select[data-role="orders.order_id"]')).toHaveValue('Ordernummer');
  await expect(file.locator('select[data-role="orders.ordered_at"]')).toHaveValue('Besteldatum');
  await expect(file.locator('select[data-role="orders.revenue"]')).toHaveValue('Bedrag');
  await expect(file.locator('tr', { has: page.locator('[data-role="orders.revenue"]') })).toContainText(
    'Numbers: decimal ",", "." between thousands, "€" removed.',
  );
  await expect(file.locator('tr', { has: page.locator('[data-role="orders.ordered_at"]') })).toContainText(
    'Dates read day first.',
  );
  await runSql(page, "SELECT strftime(min(ordered_at), '%Y-%m-%d') AS first FROM orders");
  await expect(page.locator('[data-sql-result] tbody')).toContainText('2024-12-31');
  await page.screenshot({ path: screenshotPath('formats-dutch'), fullPage: true });
});

test('JSON times written with an offset keep the wall time, and long ids every digit', async ({ page }) => {
  await openApp(page);
  await dropContent(
    page,
    'zoned.json',
    `[{"order_id":1234567890123456789012,"ordered_at":"2024-01-01T10:00:00+02:00","revenue":10},
      {"order_id":1234567890123456789013,"ordered_at":"2024-01-02T23:30:00-05:00","revenue":20.5},
      {"order_id":9007199254740993,"ordered_at":"2024-01-03T08:00:00Z","revenue":30}]`,
  );
  await expect(page.locator('[data-mapping="files.zoned"]')).toHaveAttribute('data-complete', 'true');
  // 10 + 20.5 + 30 over three orders; 9007199254740993 is 2^53 + 1, which a double reads as ...992.
  expect(await kpiValue(page, 'orders')).toBe(3);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(60.5, 9);
  await runSql(
    page,
    "SELECT string_agg(order_id || ' ' || strftime(ordered_at, '%Y-%m-%d %H:%M'), '; ' ORDER BY ordered_at) AS o FROM orders",
  );
  await expect(page.locator('[data-sql-result] tbody')).toContainText(
    '1234567890123456789012 2024-01-01 10:00; 1234567890123456789013 2024-01-02 23:30; 9007199254740993 2024-01-03 08:00',
  );
});

test('dates that read both ways are stated, and one click reads them the other way', async ({ page }) => {
  await openApp(page);
  await dropContent(page, 'orders.csv', 'order_id,order_date,amount\n1,01/02/2024,10\n2,03/04/2024,20\n');
  await runSql(
    page,
    "SELECT string_agg(strftime(ordered_at, '%Y-%m-%d'), ' ' ORDER BY order_id) AS d FROM orders",
  );
  await expect(page.locator('[data-sql-result] tbody')).toContainText('2024-02-01 2024-04-03');

  const file = page.locator('[data-mapping="files.orders"]');
  await file.locator('summary').click();
  const dateRow = file.locator('tr', { has: page.locator('[data-role="orders.ordered_at"]') });
  await expect(dateRow).toContainText('Every date reads both ways');
  await dateRow.locator('[data-action="swap-dates"]').click();
  // The SQL cell runs again on the rebuilt view.
  await expect(page.locator('[data-sql-result] tbody')).toContainText('2024-01-02 2024-03-04');
  await expect(dateRow).toContainText('Dates read month first.');
});

test('the data report lists rejected lines, unreadable values and orders repeated across files', async ({
  page,
}) => {
  await openApp(page);
  await page.locator('input[data-files]').setInputFiles([
    {
      name: 'orders-2024-01.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'order_id,order_date,total\nA1,2024-01-30,10\nA2,2024-01-31,n/a\nA3,2024-01-31,5,extra\n',
      ),
    },
    {
      name: 'orders-2024-02.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('order_id,order_date,total\nA2,2024-01-31,20\nA4,2024-02-01,30\n'),
    },
  ]);
  await waitIdle(page);
  const january = page.locator('[data-mapping="files.orders_2024_01"]');
  const february = page.locator('[data-mapping="files.orders_2024_02"]');
  await expect(january.locator('[data-warnings]')).toHaveText('2 to check');
  await january.locator('summary').click();
  await expect(january.locator('[data-report] [data-level="warn"]')).toHaveText([
    '1 row could not be read and was left out (line 4: Expected Number of Columns: 3 Found: 4).',
    'revenue (total): 1 value could not be read as numbers, e.g. "n/a"; they count as empty.',
  ]);
  // ISO dates read one way only: nothing to state about their order.
  await expect(
    january.locator('tr', { has: page.locator('[data-role="orders.ordered_at"]') }),
  ).not.toContainText('Dates read');
  await february.locator('summary').click();
  await expect(february.locator('[data-report] [data-level="warn"]')).toHaveText([
    '1 order is also in a file above: counted once.',
  ]);
  // A1 (10) and A4 (30); A2 counts once, from the first file, where its amount is unreadable.
  expect(await kpiValue(page, 'orders')).toBe(3);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(40, 9);
  await page.screenshot({ path: screenshotPath('formats-report'), fullPage: true });
});

test('an Excel workbook loads its first sheet, and another sheet on request', async ({ page }) => {
  await openApp(page);
  await page.locator('input[data-files]').setInputFiles(fixture('orders.xlsx'));
  await waitIdle(page);
  const book = page.locator('[data-mapping="files.orders"]');
  await expect(book.locator('summary')).toContainText('sheet “Orders”');
  // X3 is cancelled: 12.50 + 100 + 0.10 + 1234.56 + 30 over five orders.
  expect(await kpiValue(page, 'orders')).toBe(5);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(1377.16, 9);
  await runSql(page, "SELECT strftime(ordered_at, '%Y-%m-%d %H:%M') FROM orders WHERE order_id = 'X2'");
  await expect(page.locator('[data-sql-result] tbody')).toContainText('2024-01-02 18:00');

  await book.locator('summary').click();
  await book.locator('select[data-sheet]').selectOption('Notes');
  await waitIdle(page);
  await expect(book.locator('summary')).toContainText('sheet “Notes”');
  await expect(page.locator('[data-no-orders]')).toBeVisible();
  expect(await tableRows(page, 'files.orders')).toBe(1);
});
