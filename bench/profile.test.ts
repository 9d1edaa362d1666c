import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, test } from 'vitest';
import { METRICS } from '../src/metrics/catalogue';
import { compileKpis, type DateRange, type KpiRequest } from '../src/metrics/compile';
import { presetRange } from '../src/metrics/ranges';
import { DEFAULT_DASHBOARD, type Dashboard } from '../src/state/dashboard';
import { trendGrain } from '../src/state/kpi-board.svelte';
import { computeViews } from '../src/state/dashboard-data';
import type { DataShape } from '../src/metrics/types';
import { loadShop } from '../test/helpers/load-shop';
import { openDuckDB } from '../test/helpers/native-duckdb';

// The app's SQL on the benchmark data in native DuckDB (one thread): where a batch's time goes.
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const FILES = ['orders.csv', 'order_items.csv', 'events.csv', 'marketing_spend.csv'];
const have = FILES.every((f) => existsSync(DATA + f));

let db: Awaited<ReturnType<typeof openDuckDB>>;
let shape: DataShape;

beforeAll(async () => {
  if (!have) return;
  db = await openDuckDB();
  await db.run('CREATE SCHEMA files');
  const t = performance.now();
  shape = await loadShop(
    db,
    FILES.map((f) => DATA + f),
  );
  console.log(`load + build ${Math.round(performance.now() - t)} ms`);
  // SAVE=path keeps the loaded database, for trying SQL by hand.
  if (process.env.SAVE) {
    await db.run(`ATTACH '${process.env.SAVE}' AS saved`);
    await db.run('COPY FROM DATABASE memory TO saved');
    await db.run('DETACH saved');
  }
});
afterAll(() => db?.close());

const time = async (label: string, sql: string): Promise<number> => {
  const t = performance.now();
  await db.run(sql);
  const ms = performance.now() - t;
  console.log(`${String(Math.round(ms)).padStart(7)} ms  ${label}`);
  return ms;
};

const label = (sql: string): string => sql.replace(/\s+/g, ' ').slice(0, 100);

/** What the dashboard computes for one state: its cards, their sparklines, and every view. */
async function overview(name: string, dashboard: Dashboard, range: DateRange): Promise<void> {
  console.log(`--- ${name}`);
  const t = performance.now();
  // SQL_DIR=path writes each query to a folder per dashboard state, for timing them one by one.
  const dir = process.env.SQL_DIR ? `${process.env.SQL_DIR}/${name.replace(/\W+/g, '-')}` : null;
  if (dir) mkdirSync(dir, { recursive: true });
  const request: KpiRequest = { range, compare: 'previous', filters: dashboard.filters };
  const cards = compileKpis(dashboard.cards, request, shape);
  if (dir) writeFileSync(`${dir}/cards.sql`, cards.sql ?? '');
  if (cards.sql) await time('cards', cards.sql);
  const grain = trendGrain(range);
  const trend = compileKpis(dashboard.cards, { range, grain, filters: dashboard.filters }, shape);
  if (dir) writeFileSync(`${dir}/sparklines.sql`, trend.sql ?? '');
  if (trend.sql) await time('sparklines', trend.sql);
  let n = 0;
  // The views ask for their queries at once: they run here one at a time, in the order asked,
  // so that each line times one query.
  let previous: Promise<unknown> = Promise.resolve();
  await computeViews(
    () => (sql) => {
      const run = previous.then(async () => {
        if (dir) writeFileSync(`${dir}/view-${++n}.sql`, sql);
        await time(label(sql), sql);
        return db.run(sql);
      });
      previous = run.catch(() => undefined);
      return run;
    },
    shape,
    { range, compare: 'previous', grain, dashboard },
  );
  console.log(`${String(Math.round(performance.now() - t)).padStart(7)} ms  total (${name})`);
}

test.skipIf(!have)('where the dashboard spends its time', async () => {
  const extent = { first: '2024-01-01', last: '2025-12-30' };
  const range = presetRange((process.env.RANGE ?? 'last-30') as never, extent.last, extent);
  await overview('default dashboard', DEFAULT_DASHBOARD, range);
  await overview(
    'filtered by channel',
    {
      ...DEFAULT_DASHBOARD,
      filters: [{ dimension: 'channel', values: [process.env.CHANNEL ?? 'paid_search'] }],
    },
    range,
  );
  await overview(
    'filtered by device, split by country',
    { ...DEFAULT_DASHBOARD, segment: 'country', filters: [{ dimension: 'device', values: ['mobile'] }] },
    range,
  );
});

test.skipIf(!have || !process.env.ALL)('where the batch of every KPI spends its time', async () => {
  const extent = { first: '2024-01-01', last: '2025-12-30' };
  const range = presetRange((process.env.RANGE ?? 'last-30') as never, extent.last, extent);
  const request: KpiRequest = { range, compare: 'previous', filters: [] };
  const ids = METRICS.filter((m) => m.kind === 'scalar' && !m.hidden).map((m) => m.id);
  const all = compileKpis(ids, request, shape);
  if (process.env.SQL_DIR) writeFileSync(`${process.env.SQL_DIR}/batch.sql`, all.sql ?? '');
  await time(`batch of ${all.computed.length}`, all.sql ?? '');
  for (const id of all.computed) {
    const one = compileKpis([id], request, shape);
    if (process.env.SQL_DIR) writeFileSync(`${process.env.SQL_DIR}/${id}.sql`, one.sql ?? '');
    await time(id, one.sql ?? '');
  }
});
