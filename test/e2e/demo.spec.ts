import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDuckDB } from '../helpers/native-duckdb';
import { kpiValue, openApp, screenshotPath, tableRows } from './app';

const SAMPLE_DATA = fileURLToPath(new URL('../../sample-data/', import.meta.url));
const demoFiles = readdirSync(SAMPLE_DATA).filter((name) => name.endsWith('.csv.gz'));

// The expected values come from native DuckDB reading the demo files with plain SQL, apart
// from the app's mapping, view and KPI compiler.
async function expectedDemo(): Promise<{ revenue: number; orders: number; rows: Record<string, number> }> {
  const db = await openDuckDB();
  try {
    const [kpis] = await db.run(
      `SELECT sum(revenue) AS revenue, count(DISTINCT order_id) AS orders
       FROM read_csv('${SAMPLE_DATA}orders.csv.gz') WHERE status <> 'cancelled'`,
    );
    const rows: Record<string, number> = {};
    for (const file of demoFiles) {
      const [count] = await db.run(`SELECT count(*) AS n FROM read_csv('${SAMPLE_DATA}${file}')`);
      rows[file.replace('.csv.gz', '')] = Number(count?.n);
    }
    return { revenue: Number(kpis?.revenue), orders: Number(kpis?.orders), rows };
  } finally {
    db.close();
  }
}

test('the page opens with the demo shop: its tables, KPIs and monthly revenue trend', async ({ page }) => {
  expect(demoFiles).toEqual(
    expect.arrayContaining(['orders.csv.gz', 'order_items.csv.gz', 'sessions.csv.gz']),
  );
  const expected = await expectedDemo();
  await openApp(page);

  await expect(page.locator('[data-banner="demo"]')).toBeVisible();
  for (const [table, rows] of Object.entries(expected.rows)) {
    expect(await tableRows(page, `demo.${table}`), table).toBe(rows);
  }
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(expected.revenue, 6);
  expect(await kpiValue(page, 'orders')).toBe(expected.orders);
  expect(await kpiValue(page, 'aov')).toBeCloseTo(expected.revenue / expected.orders, 9);

  // 18 months of orders: one point per month in the trend.
  await expect(page.locator('[data-chart="trend"]')).toHaveAttribute('data-points', '18');
  await expect(page.locator('[data-view-panel="trend"] h3')).toHaveText('Revenue by month');
  // The first SQL cell has run against the demo's orders.
  await expect(page.locator('[data-sql-result]')).toHaveAttribute('data-total-rows', '18');
  await page.screenshot({ path: screenshotPath('demo'), fullPage: true });
});
