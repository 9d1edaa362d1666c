import { expect, test } from '@playwright/test';
import { dropContent, kpiValue, openApp, runSql, screenshotPath } from './app';

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
