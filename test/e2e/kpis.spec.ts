import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { METRICS } from '../../src/metrics/catalogue';
import { openDuckDB } from '../helpers/native-duckdb';
import { kpiValue, openApp, screenshotPath, waitIdle } from './app';

const SAMPLE_DATA = fileURLToPath(new URL('../../sample-data/', import.meta.url));
const VISIBLE = METRICS.filter((m) => m.kind === 'series' || !m.hidden);

// Independent figures for October 2025 (the demo's last month) and September, by plain SQL on
// the demo files.
async function demoMonth(
  start: string,
  end: string,
): Promise<{ revenue: number; orders: number; sessions: number }> {
  const db = await openDuckDB();
  try {
    const [row] = await db.run(
      `SELECT (SELECT sum(revenue) FROM read_csv('${SAMPLE_DATA}orders.csv.gz')
                WHERE status <> 'cancelled' AND ordered_at >= '${start}' AND ordered_at < '${end}') AS revenue,
              (SELECT count(*) FROM read_csv('${SAMPLE_DATA}orders.csv.gz')
                WHERE status <> 'cancelled' AND ordered_at >= '${start}' AND ordered_at < '${end}') AS orders,
              (SELECT count(*) FROM read_csv('${SAMPLE_DATA}sessions.csv.gz')
                WHERE started_at >= '${start}' AND started_at < '${end}') AS sessions`,
    );
    return { revenue: Number(row?.revenue), orders: Number(row?.orders), sessions: Number(row?.sessions) };
  } finally {
    db.close();
  }
}

test('the All KPIs view shows every catalogue KPI with a value for the demo shop', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-view="all-kpis"]').click();
  await page.locator('[data-range="this-month"]').click();
  await waitIdle(page);
  // The demo ends on 31 October 2025, before today: ranges end there, and the page says so.
  await expect(page.locator('[data-range-shown]')).toContainText('1 Oct 2025 – 31 Oct 2025');
  await expect(page.locator('[data-range-shown]')).toContainText('the data ends on 31 Oct 2025');

  for (const metric of VISIBLE) {
    const card = page.locator(`[data-kpi="${metric.id}"]`);
    await expect(card, metric.id).toHaveAttribute('data-status', 'ok');
    if (metric.kind === 'scalar') expect(await card.getAttribute('data-value'), metric.id).not.toBe('');
    else expect(Number(await card.getAttribute('data-rows')), metric.id).toBeGreaterThan(0);
  }
  const october = await demoMonth('2025-10-01', '2025-11-01');
  const september = await demoMonth('2025-09-01', '2025-10-01');
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(october.revenue, 6);
  expect(await kpiValue(page, 'orders')).toBe(october.orders);
  expect(await kpiValue(page, 'sessions')).toBe(october.sessions);
  // The comparison is the previous period: September.
  const previous = await page.locator('[data-kpi="revenue"]').getAttribute('data-previous');
  expect(Number(previous)).toBeCloseTo(september.revenue, 6);
  expect(Number(await page.locator('[data-kpi="traffic_growth"]').getAttribute('data-value'))).toBeCloseTo(
    (october.sessions - september.sessions) / september.sessions,
    9,
  );
  await page.screenshot({ path: screenshotPath('all-kpis'), fullPage: true });
  await page.locator('section[aria-label="Sales"]').screenshot({ path: screenshotPath('all-kpis-sales') });
  await page
    .locator('section[aria-label="Behaviour and funnel"]')
    .screenshot({ path: screenshotPath('all-kpis-behaviour') });
});

test('ranges: all time, a custom range, and the comparison with last year', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-range="all"]').click();
  await waitIdle(page);
  const all = await demoMonth('2024-05-01', '2025-11-01');
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(all.revenue, 6);
  // Each headline card draws its KPI over the range: May 2024 – October 2025 is 18 months.
  for (const id of ['revenue', 'orders', 'aov', 'conversion_rate', 'returning_customer_rate', 'cac']) {
    await expect(page.locator(`[data-kpi="${id}"] [data-sparkline]`), id).toHaveAttribute(
      'data-points',
      '18',
    );
  }

  await page.locator('[data-range-start]').fill('2025-09-01');
  await page.locator('[data-range-end]').fill('2025-09-30');
  await page.locator('button[data-range="custom"]').click();
  await waitIdle(page);
  const september = await demoMonth('2025-09-01', '2025-10-01');
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(september.revenue, 6);
  // Thirty days, drawn by day.
  await expect(page.locator('[data-kpi="revenue"] [data-sparkline]')).toHaveAttribute('data-points', '30');
  await expect(page.locator('[data-kpi="revenue"] [data-sparkline]')).toHaveAttribute(
    'aria-label',
    'Revenue by day over the range',
  );
  await page
    .locator('.cards')
    .first()
    .screenshot({ path: screenshotPath('headline-sparklines') });

  await page.locator('select[data-compare]').selectOption('last-year');
  await waitIdle(page);
  const lastYear = await demoMonth('2024-09-01', '2024-10-01');
  const previous = await page.locator('[data-kpi="revenue"]').getAttribute('data-previous');
  expect(Number(previous)).toBeCloseTo(lastYear.revenue, 6);
});

test('a KPI without its data says what to add; a target shows attainment by direction', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-range="this-month"]').click();
  await waitIdle(page);
  const october = await demoMonth('2025-10-01', '2025-11-01');

  // Revenue: 10,000 a month is below October's revenue: on track.
  const revenue = page.locator('[data-kpi="revenue"]');
  await revenue.locator('[data-action="set-target"]').click();
  await revenue.locator('[data-target-value]').fill('10000');
  await revenue.locator('[data-action="save-target"]').click();
  await expect(revenue).toHaveAttribute('data-on-track', 'true');
  expect(Number(await revenue.locator('[data-attainment]').getAttribute('data-attainment'))).toBeCloseTo(
    october.revenue / 10_000,
    9,
  );

  // CAC is better lower: a target below the actual CAC is off track.
  await page.locator('[data-view="all-kpis"]').click();
  await waitIdle(page);
  const cac = page.locator('[data-kpi="cac"]');
  await cac.locator('[data-action="set-target"]').click();
  await cac.locator('[data-target-value]').fill('1');
  await cac.locator('[data-action="save-target"]').click();
  await expect(cac).toHaveAttribute('data-on-track', 'false');
  await page.screenshot({ path: screenshotPath('kpi-targets'), fullPage: false });
});
