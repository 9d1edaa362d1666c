import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import {
  buildQualityQuery,
  describeOverlap,
  describeQuality,
  describeRejects,
  toQualityStats,
} from './quality';
import type { TableMapping } from './detect';
import { buildOverlapQuery, type SourceTable } from './views';

let db: Awaited<ReturnType<typeof openDuckDB>>;

beforeAll(async () => {
  db = await openDuckDB();
  await db.run(`CREATE SCHEMA files;
    CREATE TABLE files.messy AS SELECT * FROM (VALUES
      ('A1', '2024-01-05', '12,50', 'k1'),
      ('A2', '2024-01-06', 'n/a', NULL),
      ('A2', '2024-01-06', '3,00', ''),
      ('A3', '1970-01-01', '7,00', 'k2'),
      ('A4', NULL, '1,00', 'k2')
    ) AS t(id, day, amount, customer);
    CREATE TABLE files.more AS SELECT * FROM (VALUES ('A3', 5.0), ('A9', 9.0)) AS t(id, amount);`);
});
afterAll(() => db.close());

const orders: TableMapping = {
  table: 'orders',
  roles: { order_id: 'id', ordered_at: 'day', revenue: 'amount', customer_id: 'customer' },
};
const messy: SourceTable = {
  schema: 'files',
  table: 'messy',
  fileName: 'messy.csv',
  columns: [
    { name: 'id', type: 'VARCHAR' },
    { name: 'day', type: 'VARCHAR' },
    { name: 'amount', type: 'VARCHAR' },
    { name: 'customer', type: 'VARCHAR' },
  ],
  parse: { amount: { format: { kind: 'number', decimal: ',', thousands: '', currency: null, reason: '' } } },
  targets: [orders],
};

describe('the data report', () => {
  it('counts empty, unreadable and out-of-range values, and duplicate ids', async () => {
    const [row] = await db.run(buildQualityQuery(messy, orders, '2025-06-30'));
    const stats = toQualityStats(orders, row ?? {});
    expect(stats.rows).toBe(5);
    expect(stats.duplicateIds).toBe(1);
    expect(stats.roles.find((r) => r.role === 'revenue')).toMatchObject({
      empty: 0,
      unreadable: 1,
      example: 'n/a',
    });
    expect(stats.roles.find((r) => r.role === 'ordered_at')).toMatchObject({
      empty: 1,
      unreadable: 0,
      min: '1970-01-01',
      max: '2024-01-06',
      outOfRange: 1,
    });
    expect(describeQuality(orders, stats)).toEqual([
      { level: 'warn', text: 'ordered_at (day) is empty on 1 row (20 %): those rows are left out.' },
      { level: 'info', text: 'ordered_at runs from 1970-01-01 to 2024-01-06.' },
      { level: 'warn', text: 'ordered_at: 1 date before 2000 or in the future; check the date column.' },
      {
        level: 'warn',
        text: 'revenue (amount): 1 value could not be read as numbers, e.g. "n/a"; they count as empty.',
      },
      {
        level: 'info',
        text: 'customer_id (customer) is empty on 2 rows (40 %): guest orders, counted in revenue but not in customer KPIs.',
      },
      {
        level: 'warn',
        text: '1 id appears on more than one row; their rows are taken as one order, amounts added up.',
      },
    ]);
  });

  it('says which orders a later file repeats', async () => {
    const more: SourceTable = {
      schema: 'files',
      table: 'more',
      fileName: 'more.csv',
      columns: [
        { name: 'id', type: 'VARCHAR' },
        { name: 'amount', type: 'DOUBLE' },
      ],
      parse: {},
      targets: [{ table: 'orders', roles: { order_id: 'id', ordered_at: '=2024-01-01', revenue: 'amount' } }],
    };
    const query = buildOverlapQuery([messy, more]);
    expect(await db.run(query ?? '')).toEqual([{ table: 'orders', file: 'more.csv', overlap: 1 }]);
    expect(buildOverlapQuery([messy])).toBeNull();
    expect(describeOverlap('orders', 1).text).toBe('1 order is also in a file above: counted once.');
    expect(describeOverlap('sessions', 1200).text).toBe(
      '1,200 sessions are also in a file above: counted once.',
    );
  });

  it('states the scale of survey scores', async () => {
    await db.run(
      `CREATE TABLE files.reviews AS SELECT * FROM (VALUES ('2024-01-01', 1), ('2024-01-02', 5)) AS t(day, stars)`,
    );
    const surveys: TableMapping = { table: 'surveys', roles: { answered_at: 'day', score: 'stars' } };
    const source: SourceTable = {
      schema: 'files',
      table: 'reviews',
      fileName: 'reviews.csv',
      columns: [
        { name: 'day', type: 'VARCHAR' },
        { name: 'stars', type: 'INTEGER' },
      ],
      parse: {},
      targets: [surveys],
    };
    const [row] = await db.run(buildQualityQuery(source, surveys, '2025-01-01'));
    expect(describeQuality(surveys, toQualityStats(surveys, row ?? {}))).toContainEqual({
      level: 'info',
      text: 'Scores run from 1 to 5: a 1–5 review scale. NPS needs 0–10 answers; review scores are shown instead.',
    });
  });

  it('words the rows DuckDB rejected with their line numbers', () => {
    expect(
      describeRejects({ count: 3, first: [{ line: 4, message: 'Expected Number of Columns: 3 Found: 4' }] }),
    ).toEqual({
      level: 'warn',
      text: '3 rows could not be read and were left out (line 4: Expected Number of Columns: 3 Found: 4; …).',
    });
    expect(describeRejects({ count: 0, first: [] })).toBeNull();
  });
});
