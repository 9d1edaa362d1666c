import { expect, test } from '@playwright/test';
import { dropFiles, kpiValue, openApp, screenshotPath, tableRows, waitIdle } from './app';

test('a dropped CSV replaces the demo shop and gives its hand-computed KPIs', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, 'shop-orders.csv');

  await expect(page.locator('[data-banner="files"]')).toBeVisible();
  expect(await tableRows(page, 'files.shop_orders')).toBe(6);
  await expect(page.locator('[data-table^="demo."]')).toHaveCount(0);
  // 1004 is cancelled: 100 + 50.50 + 20 + 29.50 + 200 = 400 over 5 orders.
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(400, 9);
  expect(await kpiValue(page, 'orders')).toBe(5);
  expect(await kpiValue(page, 'aov')).toBeCloseTo(80, 9);
  await expect(page.locator('[data-chart="trend"] svg[viewBox]')).toBeVisible();
  // The SQL cell ran again on the new orders view: three months (Jan–Mar 2024), not the demo's 18.
  await expect(page.locator('[data-sql-result]')).toHaveAttribute('data-total-rows', '3');

  // Columns, types and first rows are there to look at.
  const table = page.locator('[data-table="files.shop_orders"]');
  await table.getByText('Columns and first rows').click();
  await expect(table.locator('table tbody tr')).toHaveCount(6);
  await expect(table.getByText('order_date', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('files-csv'), fullPage: true });
});

test('a Parquet file loads row group by row group; the person leaves the other orders file out', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, 'shop-orders.csv', 'shop-orders.parquet');

  expect(await tableRows(page, 'files.shop_orders')).toBe(6);
  expect(await tableRows(page, 'files.shop_orders_2')).toBe(10_000);
  // Both are orders: they append, and the ids 1001–1006 in both count once.
  await expect(page.locator('[data-views]')).toContainText('orders ← shop-orders.csv, shop-orders.parquet');

  await page.locator('[data-mapping="files.shop_orders"] summary').click();
  await page.locator('[data-mapping="files.shop_orders"] select[data-use]').selectOption('');
  await waitIdle(page);
  await expect(page.locator('[data-mapping="files.shop_orders"] summary')).toContainText('not used');
  const parquet = page.locator('[data-mapping="files.shop_orders_2"]');
  await parquet.locator('summary').click();
  await expect(parquet.locator('select[data-role="orders.ordered_at"]')).toHaveValue('created_at');
  await expect(parquet.locator('select[data-role="orders.revenue"]')).toHaveValue('amount');
  // Σ (i mod 50) + 0.25 over i = 1..10000 = 200 × 1225 + 2500.
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(247_500, 6);
  expect(await kpiValue(page, 'orders')).toBe(10_000);
  expect(await kpiValue(page, 'aov')).toBeCloseTo(24.75, 9);
  await page.screenshot({ path: screenshotPath('files-parquet'), fullPage: true });
});

test('NDJSON loads, one object per line', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, 'shop-orders.ndjson');
  expect(await tableRows(page, 'files.shop_orders')).toBe(3);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(60, 9);
  expect(await kpiValue(page, 'orders')).toBe(3);
});

test('unreadable files say which file and why, and what was loaded stays', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, 'shop-orders.csv');
  await dropFiles(page, 'binary.csv', 'empty.csv', 'broken.parquet');

  await expect(page.locator('[data-problem="binary.csv"]')).toContainText('binary data');
  await expect(page.locator('[data-problem="empty.csv"]')).toContainText('empty');
  await expect(page.locator('[data-problem="broken.parquet"]')).toContainText(
    'broken.parquet could not be loaded',
  );
  expect(await tableRows(page, 'files.shop_orders')).toBe(6);
  await expect(page.locator('[data-table]')).toHaveCount(1);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(400, 9);
  await page.screenshot({ path: screenshotPath('files-bad'), fullPage: true });

  await page.locator('[data-problem="binary.csv"]').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('[data-problem="binary.csv"]')).toHaveCount(0);
});

test('a bad first drop keeps the demo shop', async ({ page }) => {
  await openApp(page);
  const demoRevenue = await kpiValue(page, 'revenue');
  await dropFiles(page, 'binary.csv');
  await expect(page.locator('[data-banner="demo"]')).toBeVisible();
  expect(await kpiValue(page, 'revenue')).toBe(demoRevenue);
});

test('the person picks the columns when the guess fails', async ({ page }) => {
  await openApp(page);
  await page.locator('input[data-files]').setInputFiles({
    name: 'bestellingen.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('nummer,dag,bedrag\nB1,2024-03-01,12.5\nB2,2024-03-02,7.5\nB2,2024-03-02,5\n'),
  });
  await waitIdle(page);
  const file = page.locator('[data-mapping="files.bestellingen"]');
  await expect(file).toHaveAttribute('data-complete', 'false');
  await expect(file.locator('[data-target="orders"] .missing')).toHaveText(
    'Pick the column for: order_id, ordered_at.',
  );
  await expect(page.locator('[data-kpi]')).toHaveCount(0);
  await expect(page.locator('[data-no-orders]')).toBeVisible();

  await file.locator('select[data-role="orders.order_id"]').selectOption('nummer');
  await waitIdle(page);
  await file.locator('select[data-role="orders.ordered_at"]').selectOption('dag');
  await waitIdle(page);
  await expect(file).toHaveAttribute('data-complete', 'true');
  // B2 has two lines: 7.5 + 5.
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(25, 9);
  expect(await kpiValue(page, 'orders')).toBe(2);
  expect(await kpiValue(page, 'aov')).toBeCloseTo(12.5, 9);
});

test('one click brings the demo back, and the files are still there after', async ({ page }) => {
  await openApp(page);
  const demoOrders = await kpiValue(page, 'orders');
  await dropFiles(page, 'shop-orders.csv');
  expect(await kpiValue(page, 'orders')).toBe(5);

  await page.locator('[data-action="show-demo"]').click();
  await waitIdle(page);
  expect(await kpiValue(page, 'orders')).toBe(demoOrders);
  await expect(page.locator('[data-sql-result]')).toHaveAttribute('data-total-rows', '18');

  await page.locator('[data-action="show-files"]').click();
  await waitIdle(page);
  expect(await kpiValue(page, 'orders')).toBe(5);
});

test('semicolon- and tab-separated files are split on their own delimiter', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, 'semicolon-orders.csv', 'tab-orders.tsv');
  expect(await tableRows(page, 'files.semicolon_orders')).toBe(2);
  expect(await tableRows(page, 'files.tab_orders')).toBe(3);
  const semicolon = page.locator('[data-table="files.semicolon_orders"]');
  await semicolon.getByText('Columns and first rows').click();
  await expect(semicolon.locator('.columns li')).toHaveText([/ordernr/, /datum/, /totaal/]);
  // Dutch and English names both read as orders: the two files append.
  await expect(page.locator('[data-mapping="files.semicolon_orders"]')).toHaveAttribute(
    'data-format',
    'generic',
  );
  await expect(page.locator('[data-views]')).toContainText('orders ← semicolon-orders.csv, tab-orders.tsv');
  // 10.5 + 20 + 3 + 4 + 5.
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(42.5, 9);
  expect(await kpiValue(page, 'orders')).toBe(5);
});
