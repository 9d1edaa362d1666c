import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TIME, dropFiles, kpiValue, runSql, screenshotPath, tableRows, waitIdle } from './app';

// The engine's memory and its worker: a file that does not fit is refused or explained, a
// crashed worker is replaced, and nothing already loaded is lost either way. `?memory_limit`
// lowers DuckDB's limit so a test file can reach it; `?test_hooks` lets the test end the worker.
// Each test restarts the engine or loads a big file, on a machine that may be shared.
test.setTimeout(120_000);
const LIMIT = '100MB';
const dir = mkdtempSync(join(tmpdir(), 'kpi-memory-'));

/** A CSV of one-digit numbers: small as text, eight 8-byte integers a row once read. */
function numbersCsv(name: string, rows: number): string {
  const path = join(dir, name);
  const line = '2,3,4,5,6,7,8,9\n';
  writeFileSync(path, 'a,b,c,d,e,f,g,h\n' + line.repeat(rows));
  return path;
}

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`./?${query}${ALL_TIME}`);
  await waitIdle(page);
}

async function answers(page: Page): Promise<void> {
  await runSql(page, 'SELECT 6 * 7 AS answer');
  await expect(page.locator('[data-sql-result] tbody td').first()).toHaveText('42');
}

test('a file that runs the engine out of memory is explained, and what was loaded stays', async ({
  page,
}) => {
  await open(page, `memory_limit=${LIMIT}&test_hooks`);
  expect(await page.evaluate(() => window.__kpiTest?.memoryLimit())).toBe('95.3 MiB');
  await dropFiles(page, 'shop-orders.parquet');
  expect(await kpiValue(page, 'orders')).toBe(10_000);

  // 20 MB of text, about 80 MB once read: small enough to be tried, too big to fit.
  const big = numbersCsv('wide-numbers.csv', 1_250_000);
  await page.locator('input[data-files]').setInputFiles(big);
  await waitIdle(page);
  const problem = page.locator('[data-problem="wide-numbers.csv"]');
  await expect(problem).toContainText(
    'The engine ran out of memory reading wide-numbers.csv (limit 95.3 MiB). Load fewer or smaller files',
  );
  await expect(problem).not.toContainText('temp_directory');
  await expect(page.locator('[data-table="files.wide_numbers"]')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('memory-out-of-memory'), fullPage: true });

  // The earlier file, its KPIs and the notebook still work.
  expect(await tableRows(page, 'files.shop_orders')).toBe(10_000);
  expect(await kpiValue(page, 'orders')).toBe(10_000);
  await answers(page);

  // A query too big for the limit says so in words, and the next one runs.
  await runSql(page, "SELECT count(DISTINCT range::VARCHAR || '-padding-padding') FROM range(20000000)");
  await expect(page.locator('[data-sql-error]')).toHaveText(
    /^The engine ran out of memory running this query \(limit 95\.3 MiB\)\. Filter or aggregate first/,
  );
  await answers(page);
  expect(await kpiValue(page, 'orders')).toBe(10_000);
});

test('a file clearly too large for the tab is refused before it is read', async ({ page }) => {
  await open(page, `memory_limit=${LIMIT}`);
  await dropFiles(page, 'shop-orders.parquet');
  // 112 MB of text: more than the engine's whole limit.
  const huge = numbersCsv('huge-numbers.csv', 7_000_000);
  const started = Date.now();
  await page.locator('input[data-files]').setInputFiles(huge);
  await waitIdle(page);
  const problem = page.locator('[data-problem="huge-numbers.csv"]');
  await expect(problem).toContainText(
    'huge-numbers.csv is too large to read in this tab: it needs about 107 MiB',
  );
  await expect(problem).toContainText('(limit 95.3 MiB)');
  // Refused from its size, not after reading it.
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await kpiValue(page, 'orders')).toBe(10_000);
  await answers(page);
});

test('a crashed engine worker is restarted, the files read again, the mapping and KPIs back', async ({
  page,
}) => {
  await open(page, 'test_hooks');
  await dropFiles(page, 'shop-orders.csv', 'shop-orders.parquet');
  const before = await kpiValue(page, 'orders');
  expect(before).not.toBeNull();
  await answers(page);

  await page.evaluate(() => window.__kpiTest?.killWorker());
  // A query sent at once to the dead worker does not hang: the engine pings the worker ahead
  // of it, finds it gone, starts again, and the cell runs again on the new engine.
  await runSql(page, 'SELECT 6 * 7 AS answer');
  await expect(page.locator('[data-sql-result] tbody td').first()).toHaveText('42');
  await expect(page.locator('[data-engine-notice]')).toContainText(
    'The engine stopped and was restarted; your 2 files were read again.',
    { timeout: 30_000 },
  );
  await waitIdle(page);
  expect(await tableRows(page, 'files.shop_orders')).toBe(6);
  expect(await tableRows(page, 'files.shop_orders_2')).toBe(10_000);
  await expect(page.locator('[data-views]')).toContainText('orders ← shop-orders.csv, shop-orders.parquet');
  expect(await kpiValue(page, 'orders')).toBe(before);
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  await answers(page);
});
