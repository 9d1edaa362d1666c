import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dropContent, dropFiles, fixture, kpiValue, screenshotPath, tableRows, waitIdle } from './app';

// Whatever happens to one file — removed, replaced, refused — or to the engine, the other
// files, the person's mapping and the notebook's text stay. Two files: the shop's orders
// (whose customer column the person unmapped) and a tab-separated orders export.
// Each test restarts the engine or loads a big file, on a machine that may be shared.
test.setTimeout(120_000);
const CELL = 'SELECT count(*) AS n FROM orders -- my question';

async function setUp(page: Page): Promise<void> {
  await page.goto('./?test_hooks');
  await waitIdle(page);
  await dropFiles(page, 'shop-orders.csv', 'tab-orders.tsv');
  const shop = page.locator('[data-mapping="files.shop_orders"]');
  await shop.locator('summary').click();
  await expect(shop.locator('select[data-role="orders.customer_id"]')).toHaveValue('customer');
  await shop.locator('select[data-role="orders.customer_id"]').selectOption('');
  await waitIdle(page);
  await writeCell(page, CELL);
}

async function writeCell(page: Page, text: string): Promise<void> {
  await page.locator('[data-cell="sql"] .cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitIdle(page);
}

/** The shop's file is there with the person's mapping, and the cell holds its text. */
async function expectShopKept(page: Page): Promise<void> {
  expect(await tableRows(page, 'files.shop_orders')).toBe(6);
  const shop = page.locator('[data-mapping="files.shop_orders"]');
  if ((await shop.getAttribute('open')) === null) await shop.locator('summary').click();
  // A role left empty is listed once all roles are shown.
  const all = shop.locator('[data-action="all-roles"]');
  if ((await all.count()) > 0) await all.click();
  await expect(shop.locator('select[data-role="orders.customer_id"]')).toHaveValue('');
  await expect(shop.locator('select[data-role="orders.order_id"]')).toHaveValue('order_id');
  await expect(page.locator('[data-cell="sql"] .cm-content')).toHaveText(CELL);
}

test('removing one file keeps the other, its mapping and the cell', async ({ page }) => {
  await setUp(page);
  await page.getByRole('button', { name: 'Remove tab-orders.tsv' }).click();
  await waitIdle(page);
  await expect(page.locator('[data-table="files.tab_orders"]')).toHaveCount(0);
  await expectShopKept(page);
  await expect(page.locator('[data-views]')).toContainText('orders ← shop-orders.csv');
  await expect(page.locator('[data-views]')).not.toContainText('tab-orders.tsv');
});

test('a new version of a file replaces it in place; the other file and its mapping stay', async ({
  page,
}) => {
  await setUp(page);
  await dropContent(
    page,
    'tab-orders.tsv',
    readFileSync(fixture('tab-orders.tsv'), 'utf8') + 'T4\t2024-05-04\t6\n',
  );
  // The same table name, read again: one entry, four rows.
  await expect(page.locator('[data-table^="files.tab_orders"]')).toHaveCount(1);
  expect(await tableRows(page, 'files.tab_orders')).toBe(4);
  await expectShopKept(page);
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  // The cell ran again on the new data: 6 shop orders and 4 from the new version.
  await expect(page.locator('[data-sql-result] tbody td').first()).toHaveText('10');
});

test('a file that cannot be read keeps everything', async ({ page }) => {
  await setUp(page);
  const orders = await kpiValue(page, 'orders');
  await dropFiles(page, 'broken.parquet');
  await expect(page.locator('[data-problem="broken.parquet"]')).toHaveCount(1);
  await expectShopKept(page);
  expect(await tableRows(page, 'files.tab_orders')).toBe(3);
  expect(await kpiValue(page, 'orders')).toBe(orders);
});

test('an engine restart keeps every file, the mapping and the cell', async ({ page }) => {
  await setUp(page);
  const orders = await kpiValue(page, 'orders');
  const revenue = await kpiValue(page, 'revenue');
  await page.evaluate(() => window.__kpiTest?.killWorker());
  await expect(page.locator('[data-engine-notice]')).toContainText('restarted', { timeout: 30_000 });
  await waitIdle(page);
  await expectShopKept(page);
  expect(await tableRows(page, 'files.tab_orders')).toBe(3);
  expect(await kpiValue(page, 'orders')).toBe(orders);
  expect(await kpiValue(page, 'revenue')).toBe(revenue);
  await expect(page.locator('[data-sql-result] tbody td').first()).toHaveText('9');
  await page.screenshot({ path: screenshotPath('nothing-lost-restart'), fullPage: true });
});

test('a reload keeps the cell’s text; the files are not stored, so the demo shop is back', async ({
  page,
}) => {
  await setUp(page);
  await page.reload();
  await waitIdle(page);
  await expect(page.locator('[data-cell="sql"] .cm-content')).toHaveText(CELL);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'demo');
  await expect(page.locator('[data-table^="files."]')).toHaveCount(0);
  // The kept query runs on what is there now: the demo shop's orders.
  await expect(page.locator('[data-sql-result] tbody td').first()).not.toHaveText('9');
});
