import { expect, test } from '@playwright/test';
import { dropFiles, kpiValue, waitIdle } from './app';

test('from page load to KPIs on dropped Parquet and Excel files, no request leaves the page’s origin', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  // Seen at the context, so requests from the DuckDB worker count too; anything foreign is
  // also blocked, so an attempt fails loudly instead of hanging on a closed network.
  context.on('request', (request) => requests.push(request.url()));
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort('blockedbyclient'),
  );

  await page.goto('./');
  await waitIdle(page);
  await dropFiles(page, 'shop-orders.parquet');
  expect(await kpiValue(page, 'orders')).toBe(10_000);
  await dropFiles(page, 'orders.xlsx');
  await expect(page.locator('[data-mapping="files.orders"]')).toHaveAttribute('data-format', 'generic');

  const foreign = requests.filter((url) => {
    const parsed = new URL(url);
    return parsed.protocol !== 'data:' && parsed.protocol !== 'blob:' && parsed.origin !== origin;
  });
  expect(foreign).toEqual([]);
  // The engine, its worker and the Parquet reader did come from the app's own origin.
  expect(requests.some((url) => url.endsWith('.wasm') && url.includes('duckdb'))).toBe(true);
  expect(requests.some((url) => url.includes('parquet_wasm'))).toBe(true);
});
