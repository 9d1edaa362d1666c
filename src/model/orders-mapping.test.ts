import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { buildOrdersView, draftMappingForTable, guessOrdersMapping, type TableShape } from './orders-mapping';

const shape = (name: string, columns: [string, string][]): TableShape => ({
  name,
  columns: columns.map(([n, type]) => ({ name: n, type })),
});

describe('guessOrdersMapping', () => {
  it.each([
    [
      'plain English names',
      shape('shop', [
        ['order_id', 'BIGINT'],
        ['order_date', 'TIMESTAMP'],
        ['total', 'DOUBLE'],
        ['customer', 'VARCHAR'],
        ['status', 'VARCHAR'],
      ]),
      {
        orderId: 'order_id',
        orderedAt: 'order_date',
        revenue: 'total',
        customerId: 'customer',
        status: 'status',
      },
    ],
    [
      'the demo shop',
      shape('orders', [
        ['order_id', 'VARCHAR'],
        ['ordered_at', 'TIMESTAMP'],
        ['customer_id', 'VARCHAR'],
        ['email', 'VARCHAR'],
        ['status', 'VARCHAR'],
        ['subtotal', 'DOUBLE'],
        ['revenue', 'DOUBLE'],
      ]),
      {
        orderId: 'order_id',
        orderedAt: 'ordered_at',
        revenue: 'revenue',
        customerId: 'customer_id',
        status: 'status',
      },
    ],
    [
      'Title Case with spaces',
      shape('export', [
        ['Order Number', 'VARCHAR'],
        ['Created At', 'VARCHAR'],
        ['Order Total', 'DECIMAL(10,2)'],
      ]),
      {
        orderId: 'Order Number',
        orderedAt: 'Created At',
        revenue: 'Order Total',
        customerId: null,
        status: null,
      },
    ],
  ])('%s', (_name, table, roles) => {
    expect(guessOrdersMapping([table])).toEqual({ table: table.name, ...roles });
  });

  it('does not take a text column as the amount', () => {
    const table = shape('t', [
      ['order_id', 'VARCHAR'],
      ['date', 'DATE'],
      ['total', 'VARCHAR'],
    ]);
    expect(guessOrdersMapping([table])).toBeNull();
    expect(draftMappingForTable(table)).toEqual({
      table: 't',
      orderId: 'order_id',
      orderedAt: 'date',
      revenue: '',
      customerId: null,
      status: null,
    });
  });

  it('prefers a table named like orders', () => {
    const columns: [string, string][] = [
      ['id', 'INTEGER'],
      ['date', 'DATE'],
      ['amount', 'DOUBLE'],
    ];
    expect(guessOrdersMapping([shape('refunds', columns), shape('orders_2024', columns)])?.table).toBe(
      'orders_2024',
    );
  });

  it('finds nothing in a sessions table', () => {
    expect(
      guessOrdersMapping([
        shape('sessions', [
          ['session_id', 'VARCHAR'],
          ['started_at', 'TIMESTAMP'],
          ['pageviews', 'INTEGER'],
        ]),
      ]),
    ).toBeNull();
  });
});

describe('buildOrdersView through real DuckDB', () => {
  let db: Awaited<ReturnType<typeof openDuckDB>>;
  beforeAll(async () => {
    db = await openDuckDB();
    await db.run(`CREATE SCHEMA files;
      CREATE TABLE files."line items" AS SELECT * FROM (VALUES
        ('A', '2024-01-05 10:00:00', 10.0, 'c1', 'paid'),
        ('A', '2024-01-05 10:00:00', 5.5, NULL, NULL),
        ('B', '2024-01-06', 7.0, 'c2', 'Cancelled'),
        (NULL, '2024-01-07', 99.0, 'c3', 'paid'),
        ('C', 'not a date', 1.0, NULL, 'paid')
      ) AS t("Order ""No""", day, amount, cust, state)`);
  });
  afterAll(() => db.close());

  it('gives one row per order, with line amounts added up and cancellations flagged', async () => {
    await db.run(
      buildOrdersView(
        {
          table: 'line items',
          orderId: 'Order "No"',
          orderedAt: 'day',
          revenue: 'amount',
          customerId: 'cust',
          status: 'state',
        },
        'files',
      ),
    );
    const rows = await db.run(
      'SELECT order_id, CAST(ordered_at AS VARCHAR) AS at, revenue, customer_id, status, is_cancelled FROM orders ORDER BY order_id',
    );
    expect(rows).toEqual([
      {
        order_id: 'A',
        at: '2024-01-05 10:00:00',
        revenue: 15.5,
        customer_id: 'c1',
        status: 'paid',
        is_cancelled: false,
      },
      {
        order_id: 'B',
        at: '2024-01-06 00:00:00',
        revenue: 7,
        customer_id: 'c2',
        status: 'Cancelled',
        is_cancelled: true,
      },
      { order_id: 'C', at: null, revenue: 1, customer_id: null, status: 'paid', is_cancelled: false },
    ]);
  });

  it('works without the optional roles', async () => {
    await db.run(
      buildOrdersView(
        {
          table: 'line items',
          orderId: 'Order "No"',
          orderedAt: 'day',
          revenue: 'amount',
          customerId: null,
          status: null,
        },
        'files',
      ),
    );
    expect(
      await db.run('SELECT count(*) AS n, sum(revenue) AS r, bool_or(is_cancelled) AS c FROM orders'),
    ).toEqual([{ n: 3, r: 23.5, c: false }]);
  });
});
