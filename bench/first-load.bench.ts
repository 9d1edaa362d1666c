import { test, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LOAD_TIMEOUT_MS, machine, REPO, RUNS, saveResult, stat } from './harness';

// Figure 5: the first visit (a new browser profile, empty HTTP cache) and the second (same profile):
// when the shell shows, when the engine is ready and the file input enabled, when the demo
// shop's KPIs show; the bytes that came over the network; and the JavaScript's gzip size.

const ASSETS = join(REPO, 'dist', 'assets');

/** Times in ms since navigation start, taken in the page as the DOM changes. */
interface Visit {
  shellMs: number;
  firstPaintMs: number;
  inputEnabledMs: number;
  engineReadyMs: number;
  demoKpisMs: number;
  demoLoadedMs: number;
  transferredBytes: number;
  requests: number;
  /** The app's own marks and measures (engine steps, demo files, KPI phases): start and end in ms. */
  timeline: Record<string, { start: number; end: number }>;
  javascript: string[];
  /** The JavaScript asked for before the demo's KPIs showed (the first screen). */
  firstScreenJavascript: string[];
}

// Runs in the page before its scripts: notes the first moment each milestone is in the DOM.
function watchMilestones(): void {
  const seen: Record<string, number> = {};
  (window as unknown as { __milestones: Record<string, number> }).__milestones = seen;
  const check = (): void => {
    const now = performance.now();
    if (!seen.shell && document.querySelector('.app h1')) seen.shell = now;
    const input = document.querySelector<HTMLInputElement>('input[data-files]');
    if (!seen.inputEnabled && input && !input.disabled) seen.inputEnabled = now;
    const revenue = document.querySelector('[data-kpi="revenue"]')?.getAttribute('data-value');
    if (!seen.demoKpis && revenue) seen.demoKpis = now;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

async function visit(context: BrowserContext): Promise<Visit> {
  const page: Page = await context.newPage();
  const sizes: Promise<{ url: string; bytes: number; startedAt: number }>[] = [];
  // Requests of the page and of its workers (DuckDB's worker fetches the engine's wasm), with
  // when each started (epoch ms).
  page.on('requestfinished', (request) =>
    sizes.push(
      request.sizes().then((s) => ({
        url: request.url(),
        bytes: s.responseBodySize + s.responseHeadersSize,
        startedAt: request.timing().startTime,
      })),
    ),
  );
  try {
    await page.goto('./');
    await page.waitForFunction(() => performance.getEntriesByName('kpi:demo-loaded').length > 0, null, {
      timeout: LOAD_TIMEOUT_MS,
    });
    const times = await page.evaluate(() => {
      const mark = (name: string): number => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const m = (window as unknown as { __milestones: Record<string, number> }).__milestones;
      return {
        shellMs: m.shell ?? NaN,
        firstPaintMs: mark('first-contentful-paint'),
        inputEnabledMs: m.inputEnabled ?? NaN,
        engineReadyMs: mark('kpi:engine-ready'),
        demoKpisMs: m.demoKpis ?? NaN,
        demoLoadedMs: mark('kpi:demo-loaded'),
      };
    });
    // The first of each name: a phase that runs again (KPI refreshes) counts as it first ran.
    const timeline = await page.evaluate(() => {
      const out: Record<string, { start: number; end: number }> = {};
      for (const e of performance.getEntries()) {
        if (!/^(engine|demo|load|model|kpi):/.test(e.name) || out[e.name]) continue;
        out[e.name] = { start: e.startTime, end: e.startTime + e.duration };
      }
      return out;
    });
    const responses = await Promise.all(sizes);
    const origin = await page.evaluate(() => performance.timeOrigin);
    const javascript = (list: typeof responses): string[] =>
      list.map((r) => new URL(r.url).pathname).filter((p) => p.endsWith('.js'));
    return {
      ...times,
      timeline,
      transferredBytes: responses.reduce((sum, r) => sum + r.bytes, 0),
      requests: responses.length,
      javascript: javascript(responses),
      firstScreenJavascript: javascript(responses.filter((r) => r.startedAt - origin < times.demoKpisMs)),
    };
  } finally {
    await page.close();
  }
}

/** Each phase's median start and end, in the order the phases end. */
function summariseTimeline(visits: Visit[]): Record<string, { startMs: number; endMs: number }> {
  const names = [...new Set(visits.flatMap((v) => Object.keys(v.timeline)))];
  const median = (values: number[]): number => stat(values).median;
  const rows = names.map((name) => {
    const entries = visits.flatMap((v) => (v.timeline[name] ? [v.timeline[name]] : []));
    return [
      name,
      { startMs: median(entries.map((e) => e.start)), endMs: median(entries.map((e) => e.end)) },
    ] as const;
  });
  return Object.fromEntries(rows.sort((a, b) => a[1].endMs - b[1].endMs));
}

const gzipSize = (file: string): number => gzipSync(readFileSync(file)).length;

test('first load: shell, engine, demo KPIs, bytes, JavaScript size', async ({
  playwright,
  launchOptions,
  baseURL,
}) => {
  test.skip(!existsSync(ASSETS), 'No build in dist/ (the web server builds it).');
  const cold: Visit[] = [];
  const warm: Visit[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A new profile per run, with a disk cache as a person's browser has: a test's usual
    // context keeps its cache in memory and does not keep the 34 MB engine at all.
    const profile = mkdtempSync(join(tmpdir(), 'kpi-bench-profile-'));
    const context = await playwright.chromium.launchPersistentContext(profile, {
      ...launchOptions,
      baseURL,
      viewport: { width: 1280, height: 900 },
    });
    try {
      await context.addInitScript(watchMilestones);
      cold.push(await visit(context));
      warm.push(await visit(context));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const summary = (visits: Visit[]) => ({
    shellMs: stat(visits.map((v) => v.shellMs)),
    firstContentfulPaintMs: stat(visits.map((v) => v.firstPaintMs)),
    inputEnabledMs: stat(visits.map((v) => v.inputEnabledMs)),
    engineReadyMs: stat(visits.map((v) => v.engineReadyMs)),
    demoKpisMs: stat(visits.map((v) => v.demoKpisMs)),
    demoLoadedMs: stat(visits.map((v) => v.demoLoadedMs)),
    transferredBytes: stat(visits.map((v) => v.transferredBytes)),
    requests: visits[0]?.requests,
    timeline: summariseTimeline(visits),
  });

  // JavaScript of the build, wasm aside: all of it, and what the first visit fetched.
  const chunks = readdirSync(ASSETS)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({
      file: f,
      bytes: readFileSync(join(ASSETS, f)).length,
      gzipBytes: gzipSize(join(ASSETS, f)),
    }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  const names = (paths: string[] | undefined): Set<string | undefined> =>
    new Set((paths ?? []).map((p) => p.split('/').at(-1)));
  const fetched = names(cold[0]?.javascript);
  const firstScreen = names(cold[0]?.firstScreenJavascript);
  const sum = (list: typeof chunks): number => list.reduce((s, c) => s + c.gzipBytes, 0);
  const atStart = chunks.filter((c) => fetched.has(c.file));
  const workers = atStart.filter((c) => /worker/.test(c.file));
  const beforeCards = chunks.filter((c) => firstScreen.has(c.file) && !/worker/.test(c.file));
  saveResult('firstLoad', {
    measuredAt: new Date().toISOString(),
    machine: machine(),
    server:
      'vite preview (JS, CSS, HTML gzipped on the fly; wasm sent uncompressed; Cache-Control: no-cache with ETag)',
    cold: summary(cold),
    warm: summary(warm),
    javascriptGzip: {
      allChunksBytes: sum(chunks),
      fetchedAtStartBytes: sum(atStart),
      fetchedAtStartWithoutWorkersBytes: sum(atStart) - sum(workers),
      // What the first screen (the shell and the demo's KPI cards) waited for, workers aside.
      firstScreenWithoutWorkersBytes: sum(beforeCards),
      largest: chunks.slice(0, 8).map((c) => ({
        ...c,
        atStart: fetched.has(c.file),
        firstScreen: firstScreen.has(c.file),
      })),
    },
  });
});
