import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  ALL_TIME,
  dropContent,
  dropFiles,
  fixture,
  kpiValue,
  openApp,
  screenshotPath,
  tableRows,
  waitIdle,
} from './app';

// Whatever happens to one file — removed, replaced, refused — to the engine, or to the page
// (a reload), the other files, the person's mapping and the notebook's text stay. Two files: the shop's orders
// (whose customer column the person unmapped) and a tab-separated orders export.
// Each test restarts the engine or loads a big file, on a machine that may be shared.
test.setTimeout(120_000);
const CELL = 'SELECT count(*) AS n FROM orders -- my question';

async function setUp(page: Page): Promise<void> {
  await page.goto(`./?test_hooks${ALL_TIME}`);
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
  await page.locator('[data-cell="sql"]').scrollIntoViewIfNeeded();
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
  await page.locator('[data-cell="sql"]').scrollIntoViewIfNeeded();
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
  // The new version is the one kept in the browser.
  await page.reload();
  await waitIdle(page);
  expect(await tableRows(page, 'files.tab_orders')).toBe(4);
  await expectShopKept(page);
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

test('a reload brings back both files, the mapping, the KPIs and the cell; a restart after it too', async ({
  page,
}) => {
  await setUp(page);
  await expect(page.locator('[data-stored-note="kept"]')).toContainText(
    'Your 2 files are kept in this browser only',
  );
  const before = { orders: await kpiValue(page, 'orders'), revenue: await kpiValue(page, 'revenue') };
  // Shop: 1004 is cancelled, so 100 + 50.50 + 20 + 29.50 + 200 = 400 over 5 orders; tab: 3 + 4 + 5 over 3.
  expect(before.orders).toBe(8);
  expect(before.revenue).toBeCloseTo(412, 9);
  // Without a customer column there is no returning customer rate card.
  const returning = page.locator('[data-kpi="returning_customer_rate"]');
  await expect(returning).toHaveCount(0);

  await page.reload();
  await waitIdle(page);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'files');
  await expect(page.locator('[data-table^="demo."]')).toHaveCount(0);
  await expectShopKept(page);
  expect(await tableRows(page, 'files.tab_orders')).toBe(3);
  expect(await kpiValue(page, 'orders')).toBe(before.orders);
  expect(await kpiValue(page, 'revenue')).toBe(before.revenue);
  await expect(returning).toHaveCount(0);
  await expect(page.locator('[data-views]')).toContainText('orders ← shop-orders.csv, tab-orders.tsv');
  await expect(page.locator('[data-sql-result] tbody td').first()).toHaveText('9');
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  await page.locator('section.tables').screenshot({ path: screenshotPath('nothing-lost-stored-files') });

  // The files read back from the browser's storage are read again by a new engine.
  await page.evaluate(() => window.__kpiTest?.killWorker());
  await expect(page.locator('[data-engine-notice]')).toContainText('restarted', { timeout: 30_000 });
  await waitIdle(page);
  await expectShopKept(page);
  expect(await tableRows(page, 'files.tab_orders')).toBe(3);
  expect(await kpiValue(page, 'revenue')).toBe(before.revenue);
});

test('a removed file stays removed after a reload; forgetting the files brings the demo back', async ({
  page,
}) => {
  await setUp(page);
  await page.getByRole('button', { name: 'Remove tab-orders.tsv' }).click();
  await waitIdle(page);
  await page.reload();
  await waitIdle(page);
  await expectShopKept(page);
  await expect(page.locator('[data-table="files.tab_orders"]')).toHaveCount(0);
  expect(await kpiValue(page, 'orders')).toBe(5);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(400, 9);
  await expect(page.locator('[data-stored-note="kept"]')).toContainText(
    'Your file is kept in this browser only',
  );

  await page.locator('[data-action="forget-files"]').click();
  await waitIdle(page);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'demo');
  await expect(page.locator('[data-table^="files."]')).toHaveCount(0);
  await expect(page.locator('[data-table^="demo."]').first()).toBeVisible();
  await expect(page.locator('[data-stored-note]')).toHaveCount(0);
  const demoOrders = await kpiValue(page, 'orders');
  expect(demoOrders).toBeGreaterThan(1000);

  await page.reload();
  await waitIdle(page);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'demo');
  await expect(page.locator('[data-table^="files."]')).toHaveCount(0);
  expect(await kpiValue(page, 'orders')).toBe(demoOrders);
  await page.locator('[data-cell="sql"]').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-cell="sql"] .cm-content')).toHaveText(CELL);
});

/** Writes files into the app's corner of the browser's storage, as a damaged earlier visit might have left it. */
async function writeStorage(page: Page, files: Record<string, string>): Promise<void> {
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('kpi-notebook', { create: true });
    for (const [path, text] of Object.entries(files)) {
      const [folder, name] = path.includes('/') ? path.split('/') : [null, path];
      const parent = folder ? await dir.getDirectoryHandle(folder, { create: true }) : dir;
      const writable = await (await parent.getFileHandle(name ?? '', { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    }
  }, files);
}

test('a damaged list of stored files is ignored: the page starts as usual', async ({ page }) => {
  await openApp(page);
  const tsv = readFileSync(fixture('tab-orders.tsv'), 'utf8');
  await writeStorage(page, {
    'manifest.json': '{"version":1,"files":[{"name":"tab',
    'files/tab-orders.tsv': tsv,
  });
  await page.reload();
  await waitIdle(page);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'demo');
  await expect(page.locator('[data-table^="files."]')).toHaveCount(0);
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  await expect(page.locator('[data-stored-note]')).toHaveCount(0);
  expect(await kpiValue(page, 'orders')).toBeGreaterThan(1000);

  // A list that names a missing file, and a file with choices that make no sense: the file
  // there comes back, recognised afresh.
  const entry = { size: Buffer.byteLength(tsv), lastModified: 0 };
  const manifest = {
    version: 1,
    files: [
      { name: 'gone.csv', ...entry, choices: null },
      { name: 'tab-orders.tsv', ...entry, choices: { sheet: null, targets: 'orders', dates: {} } },
    ],
  };
  await writeStorage(page, { 'manifest.json': JSON.stringify(manifest), 'files/tab-orders.tsv': tsv });
  await page.reload();
  await waitIdle(page);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'files');
  expect(await tableRows(page, 'files.tab_orders')).toBe(3);
  await expect(page.locator('[data-table^="files."]')).toHaveCount(1);
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  expect(await kpiValue(page, 'orders')).toBe(3);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(12, 9);
});

test('with no room left in the browser’s storage, the files work and the page says they are not kept', async ({
  page,
  baseURL,
}) => {
  await openApp(page);
  // A quota smaller than the file: Chromium refuses the copy as it would on a full disk.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL ?? '').origin, quotaSize: 100 });
  await dropFiles(page, 'shop-orders.csv');
  expect(await kpiValue(page, 'orders')).toBe(5);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(400, 9);
  await expect(page.locator('[data-stored-note="not-kept"]')).toHaveText(
    'shop-orders.csv could not be kept in this browser (no room left in its storage), so after a reload it has to be dropped again.',
  );
  await expect(page.locator('[data-stored-note="kept"]')).toHaveCount(0);
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  await page.locator('section.tables').screenshot({ path: screenshotPath('nothing-lost-not-kept') });

  await page.reload();
  await waitIdle(page);
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'demo');
  await expect(page.locator('[data-table^="files."]')).toHaveCount(0);
});
