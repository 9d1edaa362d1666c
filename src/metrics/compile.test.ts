import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { buildCanonicalViews } from '../model/views';
import { METRICS, findMetric, type Metric } from './catalogue';
import { compileScalars, compileTrend, type Grain } from './compile';

const FIXTURE = new URL('../../test/fixtures/shop-orders.csv', import.meta.url).pathname;
const metric = (id: string): Metric => {
  const found = findMetric(id);
  if (!found) throw new Error(`no KPI ${id}`);
  return found;
};

describe('compileScalars', () => {
  it('builds one query with derived KPIs over their parts', () => {
    const compiled = compileScalars(METRICS, { range: { start: '2024-01-01', end: '2024-02-01' } });
    expect(compiled).toEqual({
      ok: true,
      query: {
        text:
          'SELECT "revenue" AS "revenue", "orders" AS "orders", ("revenue" / NULLIF("orders", 0)) AS "aov" FROM ' +
          '(SELECT sum(revenue) AS "revenue", count(DISTINCT order_id) AS "orders" FROM "orders" ' +
          'WHERE NOT is_cancelled AND "ordered_at" >= CAST(? AS TIMESTAMP) AND "ordered_at" < CAST(? AS TIMESTAMP)) AS base',
        params: ['2024-01-01', '2024-02-01'],
      },
    });
  });

  it('returns an error for a KPI that refers to an unknown one', () => {
    const broken: Metric = {
      ...metric('aov'),
      id: 'broken',
      kind: 'ratio',
      numerator: 'nope',
      denominator: 'orders',
    };
    expect(compileScalars([broken])).toEqual({
      ok: false,
      error: 'KPI "broken" refers to unknown KPI "nope"',
    });
  });

  it('returns an error for an empty request', () => {
    expect(compileScalars([])).toEqual({ ok: false, error: 'No KPI requested' });
  });
});

describe('KPIs on the hand-computed fixture, through real DuckDB', () => {
  let db: Awaited<ReturnType<typeof openDuckDB>>;
  beforeAll(async () => {
    db = await openDuckDB();
    await db.run(`CREATE SCHEMA files; CREATE TABLE files.shop AS SELECT * FROM read_csv('${FIXTURE}')`);
    const views = buildCanonicalViews([
      {
        schema: 'files',
        table: 'shop',
        fileName: 'shop-orders.csv',
        columns: [
          { name: 'order_id', type: 'BIGINT' },
          { name: 'order_date', type: 'TIMESTAMP' },
          { name: 'total', type: 'DOUBLE' },
          { name: 'customer', type: 'VARCHAR' },
          { name: 'status', type: 'VARCHAR' },
        ],
        parse: {},
        targets: [
          {
            table: 'orders',
            roles: {
              order_id: 'order_id',
              ordered_at: 'order_date',
              revenue: 'total',
              customer_id: 'customer',
              status: 'status',
            },
          },
        ],
      },
    ]);
    for (const view of views) await db.run(view.sql);
  });
  afterAll(() => db.close());

  const scalars = async (range?: { start: string; end: string }): Promise<Record<string, unknown>> => {
    const compiled = compileScalars(METRICS, { range: range ?? null });
    if (!compiled.ok) throw new Error(compiled.error);
    const [row] = await db.run(compiled.query);
    return row ?? {};
  };

  it('all time: cancelled order 1004 left out', async () => {
    expect(await scalars()).toEqual({ revenue: 400, orders: 5, aov: 80 });
  });

  it('a range is half-open: the order at 2024-01-31 23:59:59 is in January, 2024-02-01 00:00 is not', async () => {
    expect(await scalars({ start: '2024-01-01', end: '2024-02-01' })).toEqual({
      revenue: 170.5,
      orders: 3,
      aov: 170.5 / 3,
    });
  });

  it('an empty range has no AOV (zero denominator), not 0', async () => {
    expect(await scalars({ start: '2023-01-01', end: '2023-02-01' })).toEqual({
      revenue: null,
      orders: 0,
      aov: null,
    });
  });

  it.each([
    [
      'month',
      'revenue',
      [
        ['2024-01-01', 170.5],
        ['2024-02-01', 29.5],
        ['2024-03-01', 200],
      ],
    ],
    ['quarter', 'orders', [['2024-01-01', 5]]],
    [
      'week',
      'orders',
      [
        ['2024-01-01', 1],
        ['2024-01-15', 1],
        ['2024-01-29', 1],
        ['2024-02-05', 1],
        ['2024-03-04', 1],
      ],
    ],
    [
      'month',
      'aov',
      [
        ['2024-01-01', 170.5 / 3],
        ['2024-02-01', 29.5],
        ['2024-03-01', 200],
      ],
    ],
  ] as [Grain, string, [string, number][]][])('trend by %s of %s', async (grain, id, expected) => {
    const compiled = compileTrend(metric(id), { grain });
    if (!compiled.ok) throw new Error(compiled.error);
    const rows = await db.run({
      ...compiled.query,
      text: `SELECT CAST(CAST(period AS DATE) AS VARCHAR) AS p, value FROM (${compiled.query.text})`,
    });
    expect(rows.map((r) => [r.p, r.value])).toEqual(expected);
  });
});
