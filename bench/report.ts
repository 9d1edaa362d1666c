import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Prints bench/results.json as one table after every benchmark run (Playwright's global
// teardown), failed tests included: what is missing shows as "–".

type Json = Record<string, unknown>;
const RESULTS = process.env.KPI_BENCH_RESULTS ?? fileURLToPath(new URL('./results.json', import.meta.url));

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Json)[key] : undefined), value);

const ms = (n: unknown): string =>
  typeof n === 'number' && Number.isFinite(n) ? `${Math.round(n).toLocaleString('en')} ms` : '–';
const ratio = (n: unknown): string =>
  typeof n === 'number' && Number.isFinite(n) ? `${n.toFixed(2)}×` : '–';
const kb = (n: unknown): string => (typeof n === 'number' ? `${(n / 1024).toFixed(0)} KB` : '–');
const mb = (n: unknown): string =>
  typeof n !== 'number' ? '–' : n < 1024 ** 2 ? kb(n) : `${(n / 1024 ** 2).toFixed(1)} MB`;

/** One row: a figure's median, min and max, formatted by `format`. */
function row(label: string, value: unknown, format: (n: unknown) => string = ms, note = ''): string[] {
  const isStat = value !== null && typeof value === 'object' && 'median' in value;
  return isStat
    ? [label, format(at(value, 'median')), format(at(value, 'min')), format(at(value, 'max')), note]
    : [label, format(value), '', '', note];
}

export function formatResults(results: Json): string {
  const rows: string[][] = [['figure', 'median', 'min', 'max', 'note']];
  const engines = results.engines;
  for (const format of ['csv', 'parquet']) {
    const e = at(engines, format);
    if (!e) continue;
    const rowsNote = `${Number(at(e, 'rows')).toLocaleString('en')} orders`;
    rows.push(
      row(`1 app: drop → KPI cards (${format})`, at(e, 'app.dropToCardsMs'), ms, rowsNote),
      row(`  app: drop → idle (${format})`, at(e, 'app.dropToIdleMs')),
      row(`  app: file read (${format})`, at(e, 'app.fileLoadMs')),
      row(`  app: canonical orders table (${format})`, at(e, 'app.ordersBuildMs'), ms, 'made from the read'),
      row(`  app: first KPI batch (${format})`, at(e, 'app.firstKpisMs'), ms, 'the cards wait for it'),
      row(`2 bare WASM: load (${format})`, at(e, 'bare.loadMs')),
      row(`  bare WASM: KPI query (${format})`, at(e, 'bare.queryMs')),
      row(`  ratio app cards / bare load (${format})`, at(e, 'ratios.appCardsOverBareLoad'), ratio),
      row(`3 native 1 thread: load + query (${format})`, at(e, 'native1Thread.totalMs')),
      row(
        `  native ${String(at(e, 'nativeDefault.threads'))} threads: load + query (${format})`,
        at(e, 'nativeDefault.totalMs'),
      ),
      row(
        `  ratio app cards / native 1 thread (${format})`,
        at(e, 'ratios.appCardsOverNative1Thread'),
        ratio,
      ),
      row(
        `  ratio bare / native 1 thread (${format})`,
        at(e, 'ratios.bareOverNative1Thread'),
        ratio,
        'load + query',
      ),
    );
  }
  const computed = at(results, 'kpis.interactionsMs.computed');
  if (computed) {
    const samples = `${String(at(computed, 'samples'))} samples, from kpis.bench.ts`;
    rows.push(row('4 interaction computed p50', at(computed, 'p50'), ms, samples));
    rows.push(row('  interaction computed p95', at(computed, 'p95'), ms, 'every view, on screen or not'));
  }
  const computedOnScreen = at(results, 'kpis.interactionsMs.computedOnScreen');
  if (computedOnScreen) {
    rows.push(row('  interaction computed, on screen p50', at(computedOnScreen, 'p50'), ms, 'views in view'));
    rows.push(
      row('  interaction computed, on screen p95', at(computedOnScreen, 'p95'), ms, 'target ≤ 100 ms'),
    );
  }
  const repeated = at(results, 'kpis.interactionsMs.repeated');
  if (repeated) {
    const samples = `${String(at(repeated, 'samples'))} samples, from the result cache`;
    rows.push(row('  interaction asked again p50', at(repeated, 'p50'), ms, samples));
    rows.push(row('  interaction asked again p95', at(repeated, 'p95'), ms, samples));
  }
  const used = at(results, 'kpis.interactionsMs.asUsed');
  if (used) {
    const samples = `${String(at(used, 'samples'))} samples, new states, results kept`;
    rows.push(row('  interaction as used p50', at(used, 'p50'), ms, samples));
    rows.push(row('  interaction as used p95', at(used, 'p95'), ms, samples));
  }
  const usedOnScreen = at(results, 'kpis.interactionsMs.asUsedOnScreen');
  if (usedOnScreen) {
    rows.push(row('  interaction as used, on screen p50', at(usedOnScreen, 'p50'), ms, 'views in view'));
    rows.push(row('  interaction as used, on screen p95', at(usedOnScreen, 'p95'), ms, 'views in view'));
  }
  const load = results.firstLoad;
  for (const visit of ['cold', 'warm']) {
    const v = at(load, visit);
    if (!v) continue;
    rows.push(
      row(`5 ${visit}: shell shown`, at(v, 'shellMs'), ms, 'target ≤ 1 s'),
      row(`  ${visit}: engine ready, input enabled`, at(v, 'inputEnabledMs')),
      row(
        `  ${visit}: demo KPIs shown`,
        at(v, 'demoKpisMs'),
        ms,
        visit === 'cold' ? 'target ≤ 3 s' : 'target ≤ 1 s',
      ),
      // Cards restored from the last visit show before the engine has computed them.
      row(
        `  ${visit}: demo KPIs computed by the engine`,
        at(v, 'timeline.kpi:scalars.endMs'),
        ms,
        'first KPI batch done',
      ),
      row(
        `  ${visit}: bytes transferred`,
        at(v, 'transferredBytes'),
        mb,
        `${String(at(v, 'requests'))} requests`,
      ),
    );
  }
  if (load) {
    rows.push(
      row(
        '  JS before the demo KPIs, gzip (no workers)',
        at(load, 'javascriptGzip.firstScreenWithoutWorkersBytes'),
        kb,
        'target ≤ 200 KB',
      ),
      row(
        '  JS of the first visit, gzip (no workers)',
        at(load, 'javascriptGzip.fetchedAtStartWithoutWorkersBytes'),
        kb,
      ),
      row('  JS of the first visit, gzip (with workers)', at(load, 'javascriptGzip.fetchedAtStartBytes'), kb),
      row('  JS of the whole build, gzip', at(load, 'javascriptGzip.allChunksBytes'), kb),
    );
    for (const chunk of (at(load, 'javascriptGzip.largest') as Json[] | undefined)?.slice(0, 5) ?? []) {
      rows.push(
        row(
          `    ${String(chunk.file)}`,
          chunk.gzipBytes,
          kb,
          chunk.firstScreen
            ? 'before the demo KPIs'
            : chunk.atStart
              ? 'later in the first visit'
              : 'on demand',
        ),
      );
    }
  }
  const memory = results.memory;
  if (memory) {
    const mbOf = (n: unknown): string => (typeof n === 'number' ? `${n.toLocaleString('en')} MB` : '–');
    rows.push(
      row(
        '6 peak RSS, page renderer (4 files)',
        at(memory, 'memory.rendererMb'),
        mbOf,
        String(at(memory, 'outcome')),
      ),
    );
    rows.push(row('  peak RSS, whole browser (4 files)', at(memory, 'memory.browserMb'), mbOf));
  }
  for (const [file, probe] of Object.entries((at(results, 'scale.probes') as Json | undefined) ?? {})) {
    const outcome = String(at(probe, 'outcome'));
    const note =
      outcome === 'loaded'
        ? `renderer peak ${String(at(probe, 'memory.rendererMb'))} MB`
        : String(at(probe, 'message'));
    rows.push(row(`7 ${file}: ${outcome}`, at(probe, 'dropToOutcomeMs'), ms, note));
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export default function report(): void {
  if (!existsSync(RESULTS)) return;
  console.log(`\n${RESULTS}\n${formatResults(JSON.parse(readFileSync(RESULTS, 'utf8')) as Json)}\n`);
}
