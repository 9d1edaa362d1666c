import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALL_TIME, kpiValue, screenshotPath, waitIdle } from './app';

// After one visit the app opens with no server at all: the service worker (sw.js, made at
// build time) keeps the page, the scripts, the engine and the demo shop. The test serves the
// built app (dist/, built by the test server) on a port of its own, and stops that server.

test.use({ serviceWorkers: 'allow' });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = Number(process.env.KPI_E2E_PORT ?? 4174) + 100;

async function serve(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  await expect
    .poll(
      () =>
        fetch(`http://localhost:${PORT}/`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
  return server;
}

test('after one visit the app opens offline, with the demo shop, its KPIs and charts', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await serve();
  let stopped = false;
  const stop = (): void => {
    if (stopped || server.pid === undefined) return;
    stopped = true;
    process.kill(-server.pid);
  };
  try {
    await page.goto(`http://localhost:${PORT}/${ALL_TIME}`);
    await waitIdle(page);
    const revenue = await kpiValue(page, 'revenue');
    expect(revenue).toBeGreaterThan(0);
    // The worker is installed (everything cached) and controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    stop();
    await expect
      .poll(
        () =>
          fetch(`http://localhost:${PORT}/`).then(
            () => 'up',
            () => 'down',
          ),
        { timeout: 10_000 },
      )
      .toBe('down');
    await page.reload();
    await waitIdle(page);
    expect(await kpiValue(page, 'revenue')).toBe(revenue);
    // The chart library and the SQL editor load as chunks of their own: they come from the cache too.
    await expect(page.locator('[data-view-panel="trend"] svg').first()).toBeVisible();
    await page.locator('[data-cell="sql"]').scrollIntoViewIfNeeded();
    await expect(page.locator('.cm-content')).toBeVisible();
    await page.screenshot({ path: screenshotPath('offline'), fullPage: false });
  } finally {
    stop();
  }
});
