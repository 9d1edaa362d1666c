import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDuckDB } from '../helpers/native-duckdb';
import { kpiValue, openApp, screenshotPath, waitIdle } from './app';

// The dashboard's views on the demo shop, September 2025 ("Last month": the demo ends on
// 31 October 2025). Each view's numbers are checked against plain SQL on the demo files, or
// against the catalogue's KPI cards after a cross-filter.

const DATA = fileURLToPath(new URL('../../sample-data/', import.meta.url));
const CUSTOMER = 'coalesce(customer_id, lower(email))';
const ORDERS = `(SELECT * FROM read_csv('${DATA}orders.csv.gz') WHERE status <> 'cancelled'
  AND ordered_at >= '2025-09-01' AND ordered_at < '2025-10-01')`;

async function sql(text: string): Promise<Record<string, unknown>[]> {
  const db = await openDuckDB();
  try {
    return await db.run(text);
  } finally {
    db.close();
  }
}

const panel = (page: Page, id: string): Locator => page.locator(`[data-view-panel="${id}"]`);

/** `data-select` → `data-value` of a view's clickable marks. */
async function marks(view: Locator, selector = '[data-select][data-value]'): Promise<Record<string, number>> {
  const pairs = await view
    .locator(selector)
    .evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-select'), Number(e.getAttribute('data-value'))]),
    );
  return Object.fromEntries(pairs);
}

/** Saves a view's numbers through its CSV button and parses them (no quoted commas in these). */
async function exportCsv(page: Page, view: Locator): Promise<string[][]> {
  const download = page.waitForEvent('download');
  await view.locator('[data-export="csv"]').click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

async function openSeptember(page: Page): Promise<void> {
  await openApp(page);
  await page.locator('[data-range="last-month"]').click();
  await waitIdle(page);
  await expect(page.locator('[data-range-shown]')).toContainText('1 Sept 2025 – 30 Sept 2025');
}

test('trend: revenue per day of September matches plain SQL day by day, with August drawn as the comparison', async ({
  page,
}) => {
  await openSeptember(page);
  const view = panel(page, 'trend');
  await expect(view.locator('h3')).toHaveText('Revenue by day');
  await expect(view.locator('.when')).toHaveText(
    '1 Sept 2025 – 30 Sept 2025, compared with the previous period',
  );
  await expect(view.locator('[data-chart="trend"]')).toHaveAttribute('data-points', '30');
  // The rule unusual days follow is stated under the chart.
  await expect(view.locator('[data-note]')).toContainText('3 robust deviations');

  const rows = await exportCsv(page, view);
  expect(rows[0]).toEqual(['period', 'revenue', 'revenue_previous_period', 'unusual_deviations', 'usual']);
  const expected = await sql(
    `SELECT day(ordered_at) AS d, sum(revenue) AS revenue FROM ${ORDERS} GROUP BY 1`,
  );
  const byDay = new Map(expected.map((r) => [Number(r.d), Number(r.revenue)]));
  expect(rows.slice(1)).toHaveLength(30);
  for (const [i, row] of rows.slice(1).entries())
    expect(Number(row[1]), `day ${i + 1}`).toBeCloseTo(byDay.get(i + 1) ?? 0, 6);
  // The days add up to the revenue card (the catalogue's value).
  const total = rows.slice(1).reduce((sum, row) => sum + Number(row[1]), 0);
  expect(total).toBeCloseTo((await kpiValue(page, 'revenue')) ?? NaN, 6);
  // The comparison line: a whole month's previous period is the month before, so each day of
  // September is drawn with the same day of August, and the last day with the rest of August
  // (30 and 31 August): the days add up to August, the card's previous value.
  const august =
    await sql(`SELECT day(ordered_at) AS d, sum(revenue) AS revenue FROM read_csv('${DATA}orders.csv.gz')
    WHERE status <> 'cancelled' AND ordered_at >= '2025-08-01' AND ordered_at < '2025-09-01' GROUP BY 1`);
  const augustByDay = new Map(august.map((r) => [Number(r.d), Number(r.revenue)]));
  for (const [i, row] of rows.slice(1, 30).entries())
    expect(Number(row[2]), `August ${i + 1}`).toBeCloseTo(augustByDay.get(i + 1) ?? 0, 6);
  expect(Number(rows[30]?.[2])).toBeCloseTo((augustByDay.get(30) ?? 0) + (augustByDay.get(31) ?? 0), 6);
  const previous = Number(await page.locator('[data-kpi="revenue"]').getAttribute('data-previous'));
  expect(rows.slice(1).reduce((sum, row) => sum + Number(row[2]), 0)).toBeCloseTo(previous, 6);

  // Another KPI and grain: orders by week.
  await view.locator('[data-trend-kpi]').selectOption('orders');
  await page.locator('[data-grain]').selectOption('week');
  await waitIdle(page);
  await expect(view.locator('h3')).toHaveText('Orders by week');
  await view.screenshot({ path: screenshotPath('dashboard-trend') });
});

test('segment comparison: revenue by channel adds up, and clicking a bar filters every view until the chip is removed', async ({
  page,
}) => {
  await openSeptember(page);
  const view = panel(page, 'segments');
  await expect(view.locator('h3')).toHaveText('Revenue by sales channel');
  const bars = await marks(view, 'rect[data-select]');
  const expected = await sql(`SELECT channel, sum(revenue) AS revenue FROM ${ORDERS} GROUP BY 1`);
  expect(Object.keys(bars).sort()).toEqual(expected.map((r) => String(r.channel)).sort());
  for (const r of expected)
    expect(bars[String(r.channel)], String(r.channel)).toBeCloseTo(Number(r.revenue), 6);
  const revenue = (await kpiValue(page, 'revenue')) ?? NaN;

  await view.locator('rect[data-select="marketplace"]').click();
  await waitIdle(page);
  await expect(page.locator('[data-filter-chip="channel:marketplace"]')).toBeVisible();
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(bars.marketplace ?? NaN, 6);
  const [mp] = await sql(`SELECT count(*) AS n FROM ${ORDERS} WHERE channel = 'marketplace'`);
  expect(await kpiValue(page, 'orders')).toBe(Number(mp?.n));
  // Every view follows: the peak heatmap now counts marketplace orders only.
  const cells = await marks(panel(page, 'peaks'), 'rect[data-select*="-"]');
  expect(Object.values(cells).reduce((a, b) => a + b, 0)).toBe(Number(mp?.n));
  await page.screenshot({ path: screenshotPath('dashboard-filtered'), fullPage: true });

  await page.locator('[data-filter-chip="channel:marketplace"] button').click();
  await waitIdle(page);
  await expect(page.locator('[data-filter-chip]')).toHaveCount(0);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(revenue, 6);

  // By device: the small multiples draw one panel per device.
  await view.locator('[data-segment-dimension]').selectOption('device');
  await waitIdle(page);
  await expect(view.locator('h3')).toHaveText('Revenue by device');
  await view.screenshot({ path: screenshotPath('dashboard-segments') });
});

test('funnel: the steps of September’s visits match plain SQL over the events', async ({ page }) => {
  await openSeptember(page);
  const view = panel(page, 'funnel');
  const [s] = await sql(`WITH v AS (
      SELECT session_id, min(occurred_at) AS started, bool_or(event_type = 'product_view') AS pv,
        bool_or(event_type = 'add_to_cart') AS cart, bool_or(event_type = 'begin_checkout') AS checkout,
        bool_or(event_type = 'purchase') AS purchase
      FROM read_csv('${DATA}events.csv.gz') GROUP BY 1)
    SELECT count(*) AS sessions, count(*) FILTER (WHERE pv) AS product_view, count(*) FILTER (WHERE cart) AS add_to_cart,
      count(*) FILTER (WHERE checkout) AS checkout, count(*) FILTER (WHERE purchase) AS purchase
    FROM v WHERE started >= '2025-09-01' AND started < '2025-10-01'`);
  const rows = await exportCsv(page, view);
  expect(rows[0]).toEqual(['landing_page', 'step', 'sessions', 'step_conversion', 'drop_off']);
  expect(rows.slice(1, 6).map((r) => [r[1], Number(r[2])])).toEqual([
    ['Sessions', Number(s?.sessions)],
    ['Product view', Number(s?.product_view)],
    ['Add to cart', Number(s?.add_to_cart)],
    ['Checkout', Number(s?.checkout)],
    ['Purchase', Number(s?.purchase)],
  ]);
  expect(Number(rows[5]?.[3])).toBeCloseTo(Number(s?.purchase) / Number(s?.checkout), 9);

  // The same steps for the four landing pages with the most visits (a visit lands on its first page).
  const pages = await sql(`WITH v AS (
      SELECT session_id, min(occurred_at) AS started, arg_min(page, occurred_at) AS landing,
        bool_or(event_type = 'purchase') AS purchase
      FROM read_csv('${DATA}events.csv.gz') GROUP BY 1)
    SELECT landing, count(*) AS sessions, count(*) FILTER (WHERE purchase) AS purchase
    FROM v WHERE started >= '2025-09-01' AND started < '2025-10-01' AND landing IS NOT NULL
    GROUP BY 1 ORDER BY sessions DESC, landing LIMIT 4`);
  const shown = await view
    .locator('[data-funnel-page]')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-funnel-page'),
        Number(tr.querySelector('[data-step="sessions"]')?.getAttribute('data-sessions')),
        Number(tr.querySelector('[data-step="purchase"]')?.getAttribute('data-sessions')),
      ]),
    );
  expect(shown).toEqual(pages.map((p) => [p.landing, Number(p.sessions), Number(p.purchase)]));
  const first = String(pages[0]?.landing);
  await view.locator(`[data-funnel-page="${first}"]`).click();
  await waitIdle(page);
  await expect(page.locator(`[data-filter-chip="landing_page:${first}"]`)).toBeVisible();
  const funnel = await exportCsv(page, view);
  expect(Number(funnel[1]?.[2])).toBe(Number(pages[0]?.sessions));
  await view.screenshot({ path: screenshotPath('dashboard-funnel') });
});

test('cohorts: September’s new customers form the cohort, and a cell filters by it', async ({ page }) => {
  await openSeptember(page);
  const view = panel(page, 'cohorts');
  // A customer is their id, else their e-mail address (guest checkouts).
  const [c] = await sql(`SELECT count(*) AS n FROM (
      SELECT ${CUSTOMER} AS customer FROM read_csv('${DATA}orders.csv.gz') WHERE status <> 'cancelled' AND ${CUSTOMER} IS NOT NULL
      GROUP BY 1 HAVING min(ordered_at) >= '2025-09-01' AND min(ordered_at) < '2025-10-01')`);
  const rows = await exportCsv(page, view);
  expect(rows[0]).toEqual(['cohort', 'months_since', 'customers', 'cohort_size', 'share']);
  expect(rows.slice(1).map((r) => r.join(','))).toEqual([`2025-09,0,${c?.n},${c?.n},1`]);

  await view.locator('[data-select="2025-09"]').first().click();
  await waitIdle(page);
  await expect(page.locator('[data-filter-chip="cohort:2025-09"]')).toBeVisible();
  const [o] = await sql(`SELECT count(*) AS n, sum(revenue) AS revenue FROM ${ORDERS} WHERE ${CUSTOMER} IN (
      SELECT ${CUSTOMER} FROM read_csv('${DATA}orders.csv.gz') WHERE status <> 'cancelled'
      GROUP BY 1 HAVING min(ordered_at) >= '2025-09-01')`);
  expect(await kpiValue(page, 'orders')).toBe(Number(o?.n));
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(Number(o?.revenue), 6);
  await page.locator('[data-range="last-12-months"]').click();
  await waitIdle(page);
  await expect(view.locator('[data-empty]')).toHaveCount(0);
  await view.screenshot({ path: screenshotPath('dashboard-cohorts') });
});

test('top products: by revenue and by units as plain SQL ranks them, sortable, and a row filters', async ({
  page,
}) => {
  await openSeptember(page);
  const view = panel(page, 'products');
  const lines = `(SELECT i.* FROM read_csv('${DATA}order_items.csv.gz') AS i JOIN ${ORDERS} AS o USING (order_id)
    WHERE i.quantity > 0)`;
  const byRevenue = await sql(`SELECT sku, sum(line_total) AS revenue, sum(quantity) AS units FROM ${lines}
    GROUP BY 1 ORDER BY revenue DESC, any_value(product_name) LIMIT 10`);
  const shown = await view
    .locator('[data-product-row]')
    .evaluateAll((rows) =>
      rows.map((r) => [
        r.getAttribute('data-product-row'),
        Number(r.querySelector('[data-col="revenue"]')?.getAttribute('data-raw')),
      ]),
    );
  expect(shown.map(([sku]) => sku)).toEqual(byRevenue.map((r) => r.sku));
  for (const [i, [, revenue]] of shown.entries())
    expect(revenue).toBeCloseTo(Number(byRevenue[i]?.revenue), 6);

  await view.locator('[data-products-rank]').selectOption('units');
  await waitIdle(page);
  const byUnits = await sql(
    `SELECT sku, sum(quantity) AS units FROM ${lines} GROUP BY 1 ORDER BY units DESC LIMIT 10`,
  );
  const units = await view
    .locator('[data-col="units"]')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-raw'))));
  expect(units).toEqual(byUnits.map((r) => Number(r.units)));

  // Sorting by a column header reorders the ten.
  await view.locator('[data-sort="revenue"]').click();
  const sorted = await view
    .locator('[data-col="revenue"]')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-raw'))));
  expect(sorted).toEqual([...sorted].sort((a, b) => b - a));

  const first = String(byUnits[0]?.sku);
  await view.locator(`[data-product-row="${first}"]`).click();
  await waitIdle(page);
  await expect(page.locator(`[data-filter-chip="product:${first}"]`)).toBeVisible();
  await expect(view.locator('[data-product-row]')).toHaveCount(1);
  await view.screenshot({ path: screenshotPath('dashboard-products') });
});

test('peak periods: the weekday × hour cells add up to the orders card, and a cell filters by its weekday and hour', async ({
  page,
}) => {
  await openSeptember(page);
  const view = panel(page, 'peaks');
  // Cells are keyed weekday-hour ('5-20'); the seasonality bars by month name.
  const cells = await marks(view, 'rect[data-select*="-"]');
  expect(Object.keys(cells)).toHaveLength(7 * 24);
  expect(Object.values(cells).reduce((a, b) => a + b, 0)).toBe(await kpiValue(page, 'orders'));
  const [busiest] =
    await sql(`SELECT isodow(ordered_at) AS d, hour(ordered_at) AS h, count(*) AS n FROM ${ORDERS}
    GROUP BY ALL ORDER BY n DESC, d, h LIMIT 1`);
  const key = `${busiest?.d}-${String(busiest?.h).padStart(2, '0')}`;
  expect(cells[key]).toBe(Number(busiest?.n));

  await view.locator(`rect[data-select="${key}"]`).click();
  await waitIdle(page);
  await expect(page.locator('[data-filter-chip^="weekday:"]')).toBeVisible();
  await expect(page.locator('[data-filter-chip^="hour:"]')).toBeVisible();
  expect(await kpiValue(page, 'orders')).toBe(Number(busiest?.n));
  await page.locator('[data-action="clear-filters"]').click();
  await waitIdle(page);
  await view.locator('[data-peaks-metric]').selectOption('revenue');
  await waitIdle(page);
  await view.screenshot({ path: screenshotPath('dashboard-peaks') });
});

test('traffic sources: sessions per source add up to the sessions KPI, and a source’s rate is the filtered conversion rate', async ({
  page,
}) => {
  await openSeptember(page);
  const view = panel(page, 'traffic');
  const rows = await exportCsv(page, view);
  expect(rows[0]).toEqual(['source_class', 'sessions', 'converted_sessions', 'conversion_rate']);
  const [s] = await sql(
    `SELECT count(*) AS n FROM read_csv('${DATA}sessions.csv.gz') WHERE started_at >= '2025-09-01' AND started_at < '2025-10-01'`,
  );
  expect(rows.slice(1).reduce((sum, r) => sum + Number(r[1]), 0)).toBe(Number(s?.n));

  const [source, , , rate] = rows[1] ?? [];
  await view.locator(`rect[data-select="${source}"]`).click();
  await waitIdle(page);
  await expect(page.locator(`[data-filter-chip="source_class:${source}"]`)).toBeVisible();
  expect(await kpiValue(page, 'conversion_rate')).toBeCloseTo(Number(rate), 9);
  await view.screenshot({ path: screenshotPath('dashboard-traffic') });
});

test('customising: cards and views chosen and ordered, saved by name, and reopened from the link', async ({
  page,
}) => {
  // The page is opened twice (the demo shop is read twice).
  test.setTimeout(120_000);
  await openSeptember(page);
  await page.locator('[data-action="customise"]').click();
  const editor = page.locator('[data-dashboard-editor]');
  await editor.locator('[data-hide-view="funnel"]').click();
  await editor.locator('[data-add-card]').selectOption('units');
  await editor.locator('[data-remove-card="cac"]').click();
  await editor.locator('[data-view-item="products"] button[aria-label$="up"]').click();
  await waitIdle(page);
  await page.locator('[data-add-filter]').selectOption('device');
  await page.locator('[data-filter-picker] input[data-value="mobile"]').check();
  await page.locator('[data-action="apply-filter"]').click();
  await waitIdle(page);
  await editor.locator('[data-dashboard-name]').fill('Mobile <b>shoppers</b>');
  await editor.locator('[data-action="save-dashboard"]').click();
  await waitIdle(page);

  const order = ['trend', 'segments', 'products', 'cohorts', 'peaks', 'traffic'];
  const shownViews = () =>
    page.locator('[data-view-panel]').evaluateAll((els) => els.map((e) => e.getAttribute('data-view-panel')));
  expect(await shownViews()).toEqual(order);
  await expect(page.locator('[data-kpi="units"]')).toBeVisible();
  await expect(page.locator('[data-kpi="cac"]')).toHaveCount(0);
  await expect(page.locator('[data-dashboard-title]')).toHaveText('Mobile <b>shoppers</b>');
  const [mobile] = await sql(`SELECT count(*) AS n FROM ${ORDERS} WHERE device = 'mobile'`);

  // The page address carries the dashboard: reloading it (or opening the link) gives it back.
  await expect.poll(() => decodeURIComponent(page.url())).toContain('Mobile <b>shoppers</b>');
  await page.reload();
  await waitIdle(page);
  await page.locator('[data-range="last-month"]').click();
  await waitIdle(page);
  expect(await shownViews()).toEqual(order);
  await expect(page.locator('[data-filter-chip="device:mobile"]')).toBeVisible();
  expect(await kpiValue(page, 'orders')).toBe(Number(mobile?.n));
  await page.locator('[data-action="customise"]').click();
  await expect(page.locator('[data-open-dashboard="Mobile <b>shoppers</b>"]')).toBeVisible();
  await page.screenshot({ path: screenshotPath('dashboard-customised'), fullPage: true });
});

test('exports: a chart as a standalone SVG and as PNG; printing gives a clean report', async ({ page }) => {
  await openSeptember(page);
  const view = panel(page, 'segments');
  let download = page.waitForEvent('download');
  await view.locator('[data-export="svg"]').click();
  const svg = readFileSync(await (await download).path(), 'utf8');
  expect((await download).suggestedFilename()).toBe('revenue-by-sales-channel-1-sept-2025-30-sept-2025.svg');
  expect(svg).toContain('data-select="marketplace"');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  // The page's colours are written in; only Plot's own variables, defined in the file, remain.
  expect(svg).not.toMatch(/var\(--(?!plot-)/);
  expect(svg).toContain('marketplace');

  download = page.waitForEvent('download');
  await panel(page, 'trend').locator('[data-export="png"]').click();
  const png = readFileSync(await (await download).path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Twice the chart's size: width is bytes 16–19 of the header.
  expect(png.readUInt32BE(16)).toBeGreaterThan(1000);

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.notebook')).toBeHidden();
  await expect(page.locator('[data-range="last-7"]')).toBeHidden();
  await expect(panel(page, 'trend')).toBeVisible();
  await page.pdf({ path: screenshotPath('dashboard-report').replace(/\.png$/, '.pdf'), format: 'A4' });
});
