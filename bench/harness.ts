import { expect, type Browser, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What the benchmark specs share: where the data is, how many runs, statistics, results.json,
// waiting for the app, and the browser's memory as the operating system sees it.

/** The generated data (bench/generate.mjs); KPI_BENCH_DATA points elsewhere, e.g. a small set. */
export const DATA = process.env.KPI_BENCH_DATA ?? fileURLToPath(new URL('./data/', import.meta.url));
export const RUNS = Number(process.env.KPI_BENCH_RUNS ?? 3);
/** KPI_BENCH_RESULTS writes elsewhere, e.g. when trying the benchmark on small data. */
export const RESULTS =
  process.env.KPI_BENCH_RESULTS ?? fileURLToPath(new URL('./results.json', import.meta.url));
export const REPO = fileURLToPath(new URL('..', import.meta.url));
/** Longest wait for one load in the browser before it counts as hung. */
export const LOAD_TIMEOUT_MS = Number(process.env.KPI_BENCH_TIMEOUT_MS ?? 10 * 60_000);

export const dataFile = (name: string): string => join(DATA, name);
export const hasData = (...names: string[]): boolean => names.every((n) => existsSync(dataFile(n)));

/** Median, min and max of a figure's runs. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function stat(values: number[]): Stat {
  // A run without the figure (NaN) is left out rather than sorted at random.
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? (sorted[Math.floor(mid)] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    median: round(median),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
    runs: sorted.length,
  };
}

/** Writes one key of bench/results.json, keeping the others. */
export function saveResult(key: string, value: unknown): void {
  const previous = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>)
    : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, [key]: value }, null, 2)}\n`);
}

export const machine = (): string => `${process.platform} ${process.arch}, Chromium headless`;

/** A fresh page of the app (its own context), once the demo shop is loaded and the page idle. */
export async function openApp(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('./#range=all');
  await page.waitForFunction(() => performance.getEntriesByName('kpi:demo-loaded').length > 0, null, {
    timeout: LOAD_TIMEOUT_MS,
  });
  await expect(page.locator('.app')).toHaveAttribute('data-busy', 'false', { timeout: LOAD_TIMEOUT_MS });
  return page;
}

/** The page's clock (ms since navigation): drop times are taken where the app's work happens. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** The Chromium processes started from this test process, as /proc shows them now. */
function browserProcesses(): { pid: number; renderer: boolean }[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields follow the last ')'.
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while the list was read.
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return [...parents.keys()].filter(ours).map((pid) => {
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // Gone.
    }
    return { pid, renderer: command.includes('--type=renderer') };
  });
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Peak resident memory while sampling: of the largest renderer, and of the whole browser. */
export interface MemoryPeak {
  rendererMb: number;
  browserMb: number;
  samples: number;
  everyMs: number;
}

/**
 * Samples the RSS of the browser's processes every `everyMs` until `stop()`. The page's
 * renderer hosts its workers, so DuckDB-WASM's memory counts there.
 */
export function sampleMemory(everyMs = 200): () => MemoryPeak {
  let renderer = 0;
  let browser = 0;
  let samples = 0;
  const sample = (): void => {
    let total = 0;
    for (const { pid, renderer: isRenderer } of browserProcesses()) {
      const rss = rssBytes(pid);
      total += rss;
      if (isRenderer) renderer = Math.max(renderer, rss);
    }
    browser = Math.max(browser, total);
    samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    const mb = (bytes: number): number => Math.round(bytes / 1024 ** 2);
    return { rendererMb: mb(renderer), browserMb: mb(browser), samples, everyMs };
  };
}
