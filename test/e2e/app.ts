import { expect, type BrowserContext, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

/** Absolute path of a test fixture. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Where screenshots are kept for a person to look at (Playwright wipes test-results/). */
export const screenshotPath = (name: string): string =>
  fileURLToPath(new URL(`../../screenshots/${name}.png`, import.meta.url));

/** Waits until nothing loads or computes. */
export async function waitIdle(page: Page): Promise<void> {
  await expect(page.locator('.app')).toHaveAttribute('data-busy', 'false', { timeout: 45_000 });
}

/**
 * The page address's hash that opens the dashboard on all time (the range the tests' numbers are
 * worked out for); without it the dashboard opens on the last whole month of data.
 */
export const ALL_TIME = '#range=all';

/** Opens the app on all time and waits for the demo shop to be loaded. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`./${ALL_TIME}`);
  await waitIdle(page);
}

/** The raw `data-value` of a KPI card, as a number (null when the card has no value). */
export async function kpiValue(page: Page, id: string): Promise<number | null> {
  const raw = await page.locator(`[data-kpi="${id}"]`).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

/** Drops files through the file input and waits for the loads to finish. */
export async function dropFiles(page: Page, ...names: string[]): Promise<void> {
  await page.locator('input[data-files]').setInputFiles(names.map(fixture));
  await waitIdle(page);
}

/** Row count shown for a table in the table list. */
export async function tableRows(page: Page, qualifiedName: string): Promise<number> {
  const item = page.locator(`[data-table="${qualifiedName}"][data-status="ready"]`);
  await expect(item).toHaveCount(1);
  return Number(await item.getAttribute('data-rows'));
}

/** Types a query into the first SQL cell and runs it with Ctrl/Cmd+Enter. */
export async function runSql(page: Page, text: string): Promise<void> {
  // The editor loads when the cell comes into view, as when a person scrolls to it.
  await page.locator('[data-cell="sql"]').scrollIntoViewIfNeeded();
  const editor = page.locator('[data-cell="sql"] .cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitIdle(page);
}

/** Drops a file made in the test, as if picked from disk. */
export async function dropContent(page: Page, name: string, content: string | Buffer): Promise<void> {
  await page.locator('input[data-files]').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: typeof content === 'string' ? Buffer.from(content) : content,
  });
  await waitIdle(page);
}

/** Requests the pages of a context made, and those that went to another origin. */
export interface RequestLog {
  requests: string[];
  foreign(): string[];
}

/**
 * Records every request of the context — seen there, the DuckDB worker's count too — and
 * blocks those to another origin, so an attempt fails loudly instead of hanging on a closed network.
 */
export async function guardOrigin(context: BrowserContext, baseURL: string | undefined): Promise<RequestLog> {
  const origin = new URL(baseURL ?? '').origin;
  const local = (url: URL): boolean =>
    url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:';
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route(
    (url) => !local(url),
    (route) => route.abort('blockedbyclient'),
  );
  return { requests, foreign: () => requests.filter((url) => !local(new URL(url))) };
}
