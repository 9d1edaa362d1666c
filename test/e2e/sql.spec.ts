import { expect, test } from '@playwright/test';
import { dropFiles, openApp, runSql, screenshotPath } from './app';

test('the SQL cell queries a loaded table; a bad query shows DuckDB’s error and the page stays usable', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, 'shop-orders.csv');

  await runSql(
    page,
    'SELECT customer, sum(total) AS spent FROM files.shop_orders GROUP BY customer ORDER BY customer',
  );
  const result = page.locator('[data-sql-result]');
  await expect(result).toHaveAttribute('data-total-rows', '4');
  await expect(result.locator('tbody tr').first()).toContainText('c1');
  await expect(result.locator('tbody tr').first()).toContainText('180');

  await runSql(page, 'SELECT nonsense FROM no_such_table');
  await expect(page.locator('[data-sql-error]')).toContainText('no_such_table');
  await page.screenshot({ path: screenshotPath('sql-error'), fullPage: true });

  await runSql(page, 'SELECT count(*) AS n FROM orders');
  await expect(page.locator('[data-sql-error]')).toHaveCount(0);
  await expect(page.locator('[data-sql-result] tbody')).toContainText('6');
});

test('a big result shows the first 1,000 rows and the total count', async ({ page }) => {
  await openApp(page);
  await runSql(page, 'SELECT range AS n FROM range(2500)');
  const result = page.locator('[data-sql-result]');
  await expect(result).toHaveAttribute('data-total-rows', '2500');
  await expect(result.locator('tbody tr')).toHaveCount(1000);
  await expect(result).toContainText('First 1,000 of 2,500 rows');
});
