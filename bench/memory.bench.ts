import { expect, test, type Browser } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import {
  DATA,
  dataFile,
  hasData,
  LOAD_TIMEOUT_MS,
  machine,
  openApp,
  pageNow,
  sampleMemory,
  saveResult,
  type MemoryPeak,
} from './harness';

// Figure 6: the browser's peak memory while the shop's four files load (1M orders, 2.5M lines,
// 5M events, 10k ad spend rows). Figure 7: events Parquet files of 10M, 20M and 40M rows dropped
// alone: how long they take, or what the app says, or how the page fails.

const SHOP = ['orders.csv', 'order_items.csv', 'events.csv', 'marketing_spend.csv'];

/** What a drop came to: read, a problem shown (e.g. refused as too big), the engine restarted, the page crashed, or no answer. */
interface Outcome {
  outcome: 'loaded' | 'problem' | 'engine-restarted' | 'error' | 'crashed' | 'timeout';
  message: string | null;
  /** Drop → loaded and the page idle, or → the message shown. */
  dropToOutcomeMs: number | null;
  /** The app's own measure of reading the file. */
  fileLoadMs: number | null;
  memory: MemoryPeak;
}

async function drop(browser: Browser, names: string[]): Promise<Outcome> {
  const page = await openApp(browser);
  const stop = sampleMemory(200);
  const crashed = new Promise<'crashed'>((resolve) => page.on('crash', () => resolve('crashed')));
  try {
    const dropped = await pageNow(page);
    await page.locator('input[data-files]').setInputFiles(names.map(dataFile));
    const settled = page
      .waitForFunction(
        (files) => {
          const text = (selector: string): string | null =>
            document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
          const problem = text('[data-problem] .message') ?? text('[data-problem]');
          if (problem) return { outcome: 'problem', message: problem, at: performance.now() };
          const notice = text('[data-engine-notice]');
          if (notice) return { outcome: 'engine-restarted', message: notice, at: performance.now() };
          const fatal = text('.fatal');
          if (fatal) return { outcome: 'error', message: fatal, at: performance.now() };
          const read = files.every((f) => performance.getEntriesByName(`load:${f}`).length > 0);
          const idle = document.querySelector('.app')?.getAttribute('data-busy') === 'false';
          return read && idle ? { outcome: 'loaded', message: null, at: performance.now() } : false;
        },
        names,
        { timeout: LOAD_TIMEOUT_MS, polling: 100 },
      )
      .then(
        (handle) =>
          handle.jsonValue() as Promise<{ outcome: Outcome['outcome']; message: string | null; at?: number }>,
      )
      .catch((error: Error) =>
        /Timeout/i.test(error.message)
          ? { outcome: 'timeout' as const, message: `no answer within ${LOAD_TIMEOUT_MS / 60_000} min` }
          : { outcome: 'crashed' as const, message: error.message.split('\n')[0] ?? null },
      );
    const result = await Promise.race([
      settled,
      crashed.then(() => ({ outcome: 'crashed' as const, message: 'the page crashed' })),
    ]);
    const at = 'at' in result ? result.at : undefined;
    const fileLoadMs =
      result.outcome === 'crashed'
        ? null
        : await page.evaluate(
            (files) =>
              files.reduce(
                (sum, f) => sum + (performance.getEntriesByName(`load:${f}`).at(-1)?.duration ?? 0),
                0,
              ),
            names,
          );
    return {
      outcome: result.outcome,
      message: result.message,
      dropToOutcomeMs: at === undefined ? null : at - dropped,
      fileLoadMs: fileLoadMs || null,
      memory: stop(),
    };
  } finally {
    stop();
    await page.context().close();
  }
}

test('peak memory while the shop loads (four files)', async ({ browser }) => {
  test.skip(!hasData(...SHOP), 'No benchmark data: run `node bench/generate.mjs`.');
  const measurable = await (async () => {
    const page = await browser.newPage();
    await page.goto('./#range=all');
    const why = await page.evaluate(() =>
      'measureUserAgentSpecificMemory' in performance
        ? null
        : crossOriginIsolated
          ? 'unavailable: performance.measureUserAgentSpecificMemory is not in this browser'
          : 'unavailable: performance.measureUserAgentSpecificMemory is only exposed to cross-origin isolated pages (COOP/COEP headers), and the app is served without them',
    );
    await page.close();
    return why;
  })();
  const result = await drop(browser, SHOP);
  expect(result.outcome, result.message ?? '').toBe('loaded');
  saveResult('memory', {
    measuredAt: new Date().toISOString(),
    machine: machine(),
    files: SHOP,
    method: `RSS of the Chromium processes from /proc every ${result.memory.everyMs} ms; the page's renderer holds DuckDB's worker`,
    userAgentSpecificMemory: measurable ?? 'available but not used',
    ...result,
  });
});

test('scale probe: events Parquet of 10M, 20M and 40M rows', async ({ browser }) => {
  const files = readdirSync(DATA)
    .filter((f) => /^events-.+\.parquet$/.test(f))
    .sort((a, b) => statSync(dataFile(a)).size - statSync(dataFile(b)).size);
  test.skip(files.length === 0, 'No scale files: run `node bench/generate.mjs`.');
  // Each probe may take the demo's load and its own, each up to the limit: a hang ends as a figure.
  test.setTimeout((2 * files.length + 1) * LOAD_TIMEOUT_MS);
  const probes: Record<string, Outcome> = {};
  for (const file of files) {
    probes[file] = await drop(browser, [file]);
    saveResult('scale', { measuredAt: new Date().toISOString(), machine: machine(), probes });
  }
});
