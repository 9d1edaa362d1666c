import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BareResult } from './bare/bare';
import {
  dataFile,
  hasData,
  LOAD_TIMEOUT_MS,
  machine,
  openApp,
  pageNow,
  RUNS,
  saveResult,
  stat,
} from './harness';

// Figures 1–3: the orders file alone (CSV, then the same rows as Parquet) dropped into the app
// until its headline KPI cards show; the same file read by a bare DuckDB-WASM page (same
// bundle, browser and server); and by native DuckDB, one thread and all. Each run measures
// every path once, so the ratios pair runs taken side by side.

const NATIVE = fileURLToPath(new URL('./native.mjs', import.meta.url));
const FORMATS = [
  ['csv', 'orders.csv'],
  ['parquet', 'orders.parquet'],
] as const;

interface AppDrop {
  /** Drop → the first KPI batch over the file done and its cards in the page. */
  cardsMs: number;
  /** Drop → the page idle (data report and views included). */
  idleMs: number;
  /** The app's own measure of reading the file (load:<name>). */
  loadMs: number;
  /** Building the canonical orders table from it (model:build:orders). */
  buildMs: number;
  /** The first KPI batch over it, the one the cards wait for (kpi:scalars). */
  kpisMs: number;
  cards: number;
  orders: string | null;
  revenue: string | null;
}

async function dropIntoApp(browser: Browser, file: string, name: string): Promise<AppDrop> {
  const page = await openApp(browser);
  try {
    const batches = await page.evaluate(() => performance.getEntriesByName('kpi:scalars').length);
    const dropped = await pageNow(page);
    await page.locator('input[data-files]').setInputFiles(file);
    const shown = await page.waitForFunction(
      (before) => {
        const failed = document.querySelector('.fatal, [data-problem]');
        if (failed) return `failed: ${failed.textContent?.trim()}`;
        if (document.querySelector('.app')?.getAttribute('data-source') !== 'files') return false;
        if (performance.getEntriesByName('kpi:scalars').length <= before) return false;
        if (document.querySelectorAll('.cards [data-kpi]').length === 0) return false;
        return performance.now();
      },
      batches,
      { timeout: LOAD_TIMEOUT_MS, polling: 'raf' },
    );
    const shownAt = await shown.jsonValue();
    if (typeof shownAt !== 'number') throw new Error(`${name}: ${String(shownAt)}`);
    const cards = page.locator('.cards [data-kpi]');
    const seen = {
      cards: await cards.count(),
      orders: await page.locator('.cards [data-kpi="orders"]').getAttribute('data-value'),
      revenue: await page.locator('.cards [data-kpi="revenue"]').getAttribute('data-value'),
    };
    await expect(page.locator('.app')).toHaveAttribute('data-busy', 'false', { timeout: LOAD_TIMEOUT_MS });
    const idleAt = await pageNow(page);
    // The drop's own measures only (the demo shop's came before it).
    const phases = await page.evaluate(
      ([n, since]) => {
        const first = (measure: string): number =>
          performance.getEntriesByName(measure).find((e) => e.startTime >= since)?.duration ?? NaN;
        return {
          loadMs: first(`load:${n}`),
          buildMs: first('model:build:orders'),
          kpisMs: first('kpi:scalars'),
        };
      },
      [name, dropped] as const,
    );
    return { cardsMs: shownAt - dropped, idleMs: idleAt - dropped, ...phases, ...seen };
  } finally {
    await page.context().close();
  }
}

/**
 * The first 512 KB of the orders CSV. The app's engine has read the demo shop's CSV files and
 * computed its KPIs before the drop: the bare page does the same with this, so neither pays
 * for the browser compiling the engine's code paths on their first use.
 */
function warmUpFile(): string {
  const head = Buffer.alloc(512 * 1024);
  const fd = openSync(dataFile('orders.csv'), 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const path = join(tmpdir(), 'kpi-bench-orders-head.csv');
  writeFileSync(path, head.subarray(0, head.subarray(0, read).lastIndexOf(10) + 1));
  return path;
}

async function loadBare(browser: Browser, file: string, warmUp: string): Promise<BareResult> {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  try {
    await page.goto('./bench/bare.html');
    await page.evaluate(() => window.bareReady);
    const input = page.locator('input[data-bare-file]');
    await input.setInputFiles(warmUp);
    await page.evaluate(() => window.bareLoad());
    await input.setInputFiles(file);
    return await page.evaluate(() => window.bareLoad());
  } finally {
    await context.close();
  }
}

interface NativeResult {
  threads: number;
  loadMs: number;
  queryMs: number;
  rows: number;
  kpis: Record<string, unknown>;
  peakRssMb: number;
}

function loadNative(file: string, threads?: number): NativeResult {
  const args = [NATIVE, file, ...(threads ? ['--threads', String(threads)] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as NativeResult;
}

test('orders alone: the app, a bare DuckDB-WASM page and native DuckDB', async ({ browser }) => {
  test.skip(!hasData('orders.csv', 'orders.parquet'), 'No benchmark data: run `node bench/generate.mjs`.');
  // The bare page and the app must come from the same build.
  const bare = await browser.newPage();
  const response = await bare.goto('./bench/bare.html');
  expect(response?.status(), 'bench/bare.html: is the preview server from an older build?').toBe(200);
  await bare.close();

  const figures: Record<string, unknown> = {};
  const warmUp = warmUpFile();
  for (const [format, name] of FORMATS) {
    const file = dataFile(name);
    const app: AppDrop[] = [];
    const wasm: BareResult[] = [];
    const native1: NativeResult[] = [];
    const nativeAll: NativeResult[] = [];
    for (let run = 0; run < RUNS; run++) {
      app.push(await dropIntoApp(browser, file, name));
      wasm.push(await loadBare(browser, file, warmUp));
      native1.push(loadNative(file, 1));
      nativeAll.push(loadNative(file));
    }
    const total = (r: { loadMs: number; queryMs: number }): number => r.loadMs + r.queryMs;
    const pairs = (f: (i: number) => number): number[] => app.map((_, i) => f(i));
    figures[format] = {
      file: name,
      rows: wasm[0]?.rows,
      app: {
        dropToCardsMs: stat(app.map((r) => r.cardsMs)),
        dropToIdleMs: stat(app.map((r) => r.idleMs)),
        fileLoadMs: stat(app.map((r) => r.loadMs)),
        ordersBuildMs: stat(app.map((r) => r.buildMs)),
        firstKpisMs: stat(app.map((r) => r.kpisMs)),
        cards: app[0]?.cards,
        ordersCard: app[0]?.orders,
        revenueCard: app[0]?.revenue,
      },
      bare: {
        loadMs: stat(wasm.map((r) => r.loadMs)),
        queryMs: stat(wasm.map((r) => r.queryMs)),
        kpis: wasm[0]?.kpis,
      },
      native1Thread: {
        loadMs: stat(native1.map((r) => r.loadMs)),
        queryMs: stat(native1.map((r) => r.queryMs)),
        totalMs: stat(native1.map(total)),
        peakRssMb: Math.max(...native1.map((r) => r.peakRssMb)),
      },
      nativeDefault: {
        threads: nativeAll[0]?.threads,
        loadMs: stat(nativeAll.map((r) => r.loadMs)),
        queryMs: stat(nativeAll.map((r) => r.queryMs)),
        totalMs: stat(nativeAll.map(total)),
        peakRssMb: Math.max(...nativeAll.map((r) => r.peakRssMb)),
        kpis: nativeAll[0]?.kpis,
      },
      ratios: {
        appCardsOverBareLoad: stat(pairs((i) => app[i]!.cardsMs / wasm[i]!.loadMs)),
        appCardsOverNative1Thread: stat(pairs((i) => app[i]!.cardsMs / total(native1[i]!))),
        bareOverNative1Thread: stat(pairs((i) => total(wasm[i]!) / total(native1[i]!))),
      },
    };
  }
  saveResult('engines', {
    measuredAt: new Date().toISOString(),
    machine: machine(),
    kpiQuery:
      'bare page and native: revenue, orders, AOV, distinct customers over non-cancelled orders (bench/orders-kpis.mjs)',
    ...figures,
  });
});
