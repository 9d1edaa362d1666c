import { expect, test } from '@playwright/test';
import { ALL_TIME, dropFiles, guardOrigin, kpiValue, waitIdle } from './app';

test('from page load to KPIs on dropped Parquet and Excel files, no request leaves the page’s origin', async ({
  page,
  context,
  baseURL,
}) => {
  const log = await guardOrigin(context, baseURL);

  await page.goto(`./${ALL_TIME}`);
  await waitIdle(page);
  await dropFiles(page, 'shop-orders.parquet');
  expect(await kpiValue(page, 'orders')).toBe(10_000);
  await dropFiles(page, 'orders.xlsx');
  await expect(page.locator('[data-mapping="files.orders"]')).toHaveAttribute('data-format', 'generic');

  expect(log.foreign()).toEqual([]);
  // The engine, its worker and the Parquet reader did come from the app's own origin.
  expect(log.requests.some((url) => url.endsWith('.wasm') && url.includes('duckdb'))).toBe(true);
  expect(log.requests.some((url) => url.includes('parquet_wasm'))).toBe(true);
});
