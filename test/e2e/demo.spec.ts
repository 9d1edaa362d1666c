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

test('without a range in the address, the dashboard opens on the last whole month, compared with the month before', async ({
  page,
}) => {
  // The last day with data over the files the range follows; its month is whole when that day
  // is the month's last, else the month before is the last whole one.
  const db = await openDuckDB();
  let month: { preset: string; start: string; end: string; revenue: number };
  try {
    const read = (file: string): string => `read_csv('${SAMPLE_DATA}${file}.csv.gz')`;
    const [row] = await db.run(`WITH last AS (
        SELECT CAST(max(d) AS DATE) AS day FROM (
          SELECT max(ordered_at) AS d FROM ${read('orders')} UNION ALL
          SELECT max(started_at) FROM ${read('sessions')} UNION ALL
          SELECT max(occurred_at) FROM ${read('events')} UNION ALL
          SELECT max(date) FROM ${read('marketing_spend')})
      ), month AS (
        SELECT CASE WHEN day + 1 = date_trunc('month', day + 1) THEN 'this-month' ELSE 'last-month' END AS preset,
          CASE WHEN day + 1 = date_trunc('month', day + 1) THEN date_trunc('month', day)
            ELSE date_trunc('month', day) - INTERVAL 1 MONTH END AS start
        FROM last
      )
      SELECT preset, strftime(start, '%Y-%m-%d') AS start, strftime(start + INTERVAL 1 MONTH, '%Y-%m-%d') AS "end",
        (SELECT sum(revenue) FROM ${read('orders')} WHERE status <> 'cancelled'
          AND ordered_at >= start AND ordered_at < start + INTERVAL 1 MONTH) AS revenue
      FROM month`);
    month = {
      preset: String(row?.preset),
      start: String(row?.start),
      end: String(row?.end),
      revenue: Number(row?.revenue),
    };
  } finally {
    db.close();
  }
  await page.goto('./');
  await expect(page.locator('.app')).toHaveAttribute('data-busy', 'false', { timeout: 45_000 });
  await expect(page.locator('[data-range][aria-pressed="true"]')).toHaveAttribute('data-range', month.preset);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(month.revenue, 6);
  // Every headline card has a change against the month before.
  for (const id of ['revenue', 'orders', 'aov', 'conversion_rate'])
    await expect(page.locator(`[data-kpi="${id}"] [data-delta]`)).toBeVisible();
  await page.screenshot({ path: screenshotPath('demo-last-month'), fullPage: true });
  // The default is not written into the address; a range chosen is, and a reload keeps it.
  await page.waitForTimeout(400);
  expect(page.url()).not.toContain('range=');
  await page.locator('[data-range="last-90"]').click();
  await expect.poll(() => page.url()).toContain('range=last-90');
  await page.reload();
  await expect(page.locator('[data-range="last-90"]')).toHaveAttribute('aria-pressed', 'true');
});
