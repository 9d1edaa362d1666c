import { it } from 'vitest';
import { join } from 'node:path';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { loadShop } from '../../test/helpers/load-shop';
import { METRICS } from './catalogue';
import { compileKpis } from './compile';
import { CANONICAL_TABLES } from '../model/canonical';

it('scratch', async () => {
  const db = await openDuckDB();
  await db.run('CREATE SCHEMA files');
  const shape = await loadShop(db, CANONICAL_TABLES.map((t) => join('sample-data', `${t}.csv.gz`)));
  console.log(JSON.stringify(shape.facts));
  const ids = METRICS.map((m) => m.id);
  for (const req of [
    { range: { start: '2024-05-01', end: '2025-11-01' } },
    { range: { start: '2025-10-01', end: '2025-11-01' }, compare: 'previous' as const },
    { range: { start: '2025-01-01', end: '2025-11-01' }, grain: 'month' as const, compare: 'last-year' as const },
    { range: { start: '2025-10-01', end: '2025-11-01' }, segment: 'device' as const },
  ]) {
    const c = compileKpis(ids, req, shape);
    const t = performance.now();
    try {
      const rows = await db.run(c.sql!);
      console.log(JSON.stringify(req), (performance.now() - t).toFixed(0), 'ms', rows.length);
      console.log(JSON.stringify(rows.slice(0, 2), null, 0));
    } catch (e) { console.log(c.sql); throw e; }
    console.log(Object.entries(c.resolutions).filter(([, r]) => !r.ok).map(([id, r]) => `${id}: ${(r as {needs:string}).needs}`).join('\n'));
  }
}, 120000);
