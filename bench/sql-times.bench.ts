import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Times single SQL statements in the browser's engine, on the benchmark data as the app loads it:
//   SQL_DIR=folder npx playwright test -c bench/playwright.config.ts sql-times
// runs every .sql file of the folder 9 times and prints the median (EXPLAIN=1 adds each plan with
// its timings). The profile (bench/profile.test.ts, SQL_DIR=…) writes the dashboard's queries to
// such folders; the same files timed natively show what the browser adds. Skipped without SQL_DIR.
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const FILES = ['orders.csv', 'order_items.csv', 'events.csv', 'marketing_spend.csv'];
const DIR = process.env.SQL_DIR;

test('each SQL file of SQL_DIR, timed in the browser', async ({ page }) => {
  test.skip(!DIR, 'Set SQL_DIR to a folder of .sql files.');
  test.skip(
    !FILES.every((f) => existsSync(`${DATA}${f}`)),
    'No benchmark data: run `node bench/generate.mjs`.',
  );
  await page.goto('./?test_hooks#range=all');
  await expect(page.locator('.app')).toHaveAttribute('data-busy', 'false');
  await page.locator('input[data-files]').setInputFiles(FILES.map((f) => `${DATA}${f}`));
  await expect(page.locator('.app')).toHaveAttribute('data-source', 'files');
  // Loaded, built, and the summary tables made after the first cards.
  await expect(page.locator('[data-kpi="orders"]')).toHaveAttribute('data-value', /^9\d{5}$/, {
    timeout: 10 * 60_000,
  });
  await expect(page.locator('.app')).toHaveAttribute('data-busy', 'false', { timeout: 10 * 60_000 });
  const files = readdirSync(DIR ?? '').filter((f) => f.endsWith('.sql'));
  const statements: [string, string][] = [
    ['SELECT 1 (a round trip)', 'SELECT 1 AS x'],
    ...files.map((f): [string, string] => [f, readFileSync(`${DIR}/${f}`, 'utf8')]),
  ];
  const lines = await page.evaluate(async (list) => {
    const out: string[] = [];
    for (const [name, sql] of list) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 9; i++) {
        const t = performance.now();
        const hooks = window.__kpiTest;
        if (!hooks) throw new Error('The page has no test hooks (?test_hooks).');
        rows = (await hooks.query(sql)).length;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      out.push(
        `${(times[4] ?? NaN).toFixed(1).padStart(7)} ms (min ${(times[0] ?? NaN).toFixed(1)})  ${rows} rows  ${name}`,
      );
    }
    return out;
  }, statements);
  console.log(lines.join('\n'));
  if (process.env.EXPLAIN)
    for (const [name, sql] of statements.slice(1)) {
      const rows = await page.evaluate((s) => window.__kpiTest?.query(`EXPLAIN ANALYZE ${s}`), sql);
      console.log(`==== ${name}\n${String(Object.values(rows?.[0] ?? {})[1])}`);
    }
});
