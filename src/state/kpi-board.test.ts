import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKpiShop } from '../../test/helpers/load-shop';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import type { Engine } from '../db/engine';
import type { ViewRoles } from '../metrics/facts';
import type { DataShape } from '../metrics/types';
import { KpiBoard } from './kpi-board.svelte';

// The board on the hand-made shop (test/fixtures/kpi-shop), with an engine that works like the
// browser's: one statement at a time, in the order sent, each answered in a later task.

let db: Awaited<ReturnType<typeof openDuckDB>>;
let shape: DataShape;
let views: ViewRoles[];

beforeAll(async () => {
  ({ db, shape } = await openKpiShop(openDuckDB));
  views = Object.entries(shape.tables).map(([table, roles]) => ({ table, files: [], roles: roles ?? [] }));
});
afterAll(() => db.close());

/** An engine that runs statements one by one and records the order they were sent in. */
function serialEngine(): { engine: Engine; sent: string[] } {
  const sent: string[] = [];
  let last: Promise<unknown> = Promise.resolve();
  const query = (sql: string): Promise<Record<string, unknown>[]> => {
    sent.push(sql);
    const result = last.then(async () => {
      const rows = await db.run(sql);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return rows;
    });
    last = result.catch(() => undefined);
    return result;
  };
  return { engine: { query } as unknown as Engine, sent };
}

// What each query of the dashboard is, by what only it contains.
const isSegmentView = (sql: string): boolean =>
  /coalesce\(CAST\("?channel"? AS VARCHAR\), '\(not set\)'\) AS segment/.test(sql);
const isCohorts = (sql: string): boolean => sql.includes('AS cohort,');
const isProducts = (sql: string): boolean => sql.startsWith('WITH lines AS');
const isPeaks = (sql: string): boolean => sql.includes('GROUPING SETS');
const isCards = (sql: string): boolean =>
  sql.includes('AS "returning_customer_rate"') && !sql.includes('segment');

describe('KPI board', () => {
  it('asks for the parts on screen first, a view’s later queries before the views after it', async () => {
    const { engine, sent } = serialEngine();
    const board = new KpiBoard();
    board.onScreen('segments', true);
    await board.refresh(engine, views);
    expect(board.error).toBeNull();
    const first = (test: (sql: string) => boolean): number => sent.findIndex(test);
    const last = (test: (sql: string) => boolean): number =>
      sent.reduce((at, sql, i) => (test(sql) ? i : at), -1);
    // The segment view's queries: the split, then the small multiples of the top segments.
    expect(sent.filter(isSegmentView).length).toBeGreaterThanOrEqual(2);
    for (const later of [isCohorts, isProducts, isPeaks, isCards]) {
      expect(first(later)).toBeGreaterThan(last(isSegmentView));
    }
    // The cards are off screen: after every view's first query.
    expect(first(isCards)).toBeGreaterThan(Math.max(first(isCohorts), first(isProducts), first(isPeaks)));
    // Everything was computed and shown.
    expect(board.views.segments?.ok).toBe(true);
    expect(board.views.products?.ok).toBe(true);
    expect(board.values.revenue?.value).toBeGreaterThan(0);
  });

  it('drops what a replaced request has not sent yet, and shows the newer one', async () => {
    const { engine, sent } = serialEngine();
    const board = new KpiBoard();
    await board.refresh(engine, views);
    const before = sent.length;
    const replaced = board.setDashboard({ segment: 'device' });
    const newer = board.setDashboard({ segment: 'country' });
    await Promise.all([replaced, newer]);
    const byDevice = sent
      .slice(before)
      .filter((sql) => /CAST\("?device"? AS VARCHAR\), '\(not set\)'\) AS segment/.test(sql));
    // The device split was sent at once (the engine was idle); its small multiples, asked once
    // the split came back, were not: the request was stale by then.
    expect(byDevice).toHaveLength(1);
    const segments = board.views.segments;
    if (!segments?.ok) throw new Error('no segment view');
    expect(segments.data.dimension).toBe('country');
  });

  it('ends a replaced request whose parts off screen were waiting for the parts on screen', async () => {
    const { engine } = serialEngine();
    const board = new KpiBoard();
    board.onScreen('segments', true);
    await board.refresh(engine, views);
    // The cards are off screen: they wait for the segments, which the newer request makes stale.
    const replaced = board.setDashboard({
      segment: 'device',
      filters: [{ dimension: 'device', values: ['mobile'] }],
    });
    const newer = board.setDashboard({ segment: 'country' });
    await Promise.all([replaced, newer]);
    expect(board.running).toBe(0);
    expect(board.error).toBeNull();
    expect(board.values.revenue?.value).toBeGreaterThan(0);
    expect(board.views.segments?.ok && board.views.segments.data.dimension).toBe('country');
  });
});
