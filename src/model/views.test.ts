import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../test/helpers/native-duckdb';
import { LARGE_TABLE_ROWS, literal, qualifiedName } from '../sql/sql';
import { detectFormat, type ColumnInfo } from './detect';
import { columnsToSample, planColumnParsing } from './parse-plan';
import { readCsvExactly, textTypesOption } from './read-as-text';
import { buildCanonicalViews, buildOverlapQuery, type SourceTable } from './views';

// Each case goes the app's way: DuckDB reads the CSV with its own sniffing (long numbers and
// times with an offset as text), the file is
// recognised from its columns, text columns are sampled and parsed by our rules, and the
// canonical views are queried. Expected values are computed by hand in the comments.

let db: Awaited<ReturnType<typeof openDuckDB>>;
let dir: string;
const sources: SourceTable[] = [];

async function load(fileName: string, text: string): Promise<SourceTable> {
  const path = join(dir, fileName);
  writeFileSync(path, text);
  const table = fileName.replace(/\W/g, '_');
  await readCsvExactly(db.run, qualifiedName('files', table), {
    create: async (asText) => {
      await db.run(
        `CREATE TABLE ${qualifiedName('files', table)} AS SELECT * FROM read_csv(${literal(path)}${textTypesOption(asText)})`,
      );
    },
    scan: (asText) => `read_csv(${literal(path)}${textTypesOption(asText)}, ignore_errors = true)`,
  });
  const described = await db.run(`DESCRIBE ${qualifiedName('files', table)}`);
  const columns: ColumnInfo[] = described.map((c) => ({
    name: String(c.column_name),
    type: String(c.column_type),
  }));
  const detection = detectFormat(fileName, columns);
  const samples: Record<string, string[]> = {};
  for (const column of columnsToSample(columns, detection.targets)) {
    const rows = await db.run(
      `SELECT DISTINCT CAST("${column}" AS VARCHAR) AS v FROM ${qualifiedName('files', table)} WHERE "${column}" IS NOT NULL LIMIT 500`,
    );
    samples[column] = rows.map((r) => String(r.v));
  }
  const semicolon = text.split('\n')[0]?.includes(';') ?? false;
  const parse = planColumnParsing(columns, detection.targets, samples, {
    decimalComma: semicolon,
    dayFirst: semicolon,
  });
  const source: SourceTable = {
    schema: 'files',
    table,
    fileName,
    columns,
    parse,
    targets: detection.targets,
  };
  sources.push(source);
  return source;
}

async function rebuild(only: SourceTable[]): Promise<void> {
  for (const statement of buildCanonicalViews(only)) await db.run(statement.sql);
}

beforeAll(async () => {
  db = await openDuckDB();
  dir = mkdtempSync(join(tmpdir(), 'views-'));
  await db.run('CREATE SCHEMA files');
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('canonical orders', () => {
  it('reads a Dutch export: semicolons, decimal commas, euro signs, day-first dates', async () => {
    const nl = await load(
      'bestellingen.csv',
      'Ordernummer;Besteldatum;Klant;Bedrag\n1001;31-12-2024;K1;12,50\n1002;05-01-2025;K2;€ 1.234,56\n1003;05-01-2025;;99,95\n',
    );
    await rebuild([nl]);
    // 12.50 + 1234.56 + 99.95 = 1347.01 over 3 orders; the first on 31 December 2024.
    const [row] = await db.run(`SELECT count(*) AS orders, round(sum(revenue), 2) AS revenue,
      strftime(min(ordered_at), '%Y-%m-%d') AS first, strftime(max(ordered_at), '%Y-%m-%d') AS last,
      count(customer_key) AS known FROM orders WHERE NOT is_cancelled`);
    expect(row).toEqual({ orders: 3, revenue: 1347.01, first: '2024-12-31', last: '2025-01-05', known: 2 });
  });

  it('derives orders from UCI-style invoice lines: C-invoices cancel, zero-price lines are no sale', async () => {
    const uci = await load(
      'online_retail.csv',
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,85123A,HEART HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
        '536365,71053,LANTERN,2,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
        '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom',
        '536367,POST,POSTAGE,1,2010-12-01 08:34:00,0,12583.0,France',
        'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom',
      ].join('\n'),
    );
    await rebuild([uci]);
    // 536365: 6 × 2.55 + 2 × 3.39 = 22.08; 536366: 6 × 1.85 = 11.10; 536367 has no sale line;
    // C536379 is a cancellation. Customer ids read as 17850.0 come back as "17850".
    const rows = await db.run(
      `SELECT order_id, round(revenue, 2) AS revenue, is_cancelled, customer_key FROM orders ORDER BY order_id`,
    );
    expect(rows).toEqual([
      { order_id: '536365', revenue: 22.08, is_cancelled: false, customer_key: '17850' },
      { order_id: '536366', revenue: 11.1, is_cancelled: false, customer_key: null },
      { order_id: 'C536379', revenue: null, is_cancelled: true, customer_key: '14527' },
    ]);
    const [items] = await db.run(`SELECT count(*) AS n, sum(quantity) AS units FROM order_items`);
    expect(items).toEqual({ n: 5, units: 14 });
    // The stored sale lines: quantity and price above 0, of orders not cancelled, with their time.
    expect(
      await db.run(
        `SELECT order_id, sku, round(line_revenue, 2) AS revenue, strftime(ordered_at, '%H:%M') AS at
        FROM order_lines ORDER BY order_id, sku`,
      ),
    ).toEqual([
      { order_id: '536365', sku: '71053', revenue: 6.78, at: '08:26' },
      { order_id: '536365', sku: '85123A', revenue: 15.3, at: '08:26' },
      { order_id: '536366', sku: '22633', revenue: 11.1, at: '08:28' },
    ]);
    // The C invoice's line is the one return: 1 unit at 27.50.
    expect(await db.run(`SELECT order_id, product_id, quantity, amount FROM returns`)).toEqual([
      { order_id: 'C536379', product_id: 'D', quantity: 1, amount: 27.5 },
    ]);
  });

  it('takes a Shopify order once from its line rows; voided orders are cancelled', async () => {
    const shopify = await load(
      'orders_export_1.csv',
      [
        'Name,Email,Financial Status,Created at,Total,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku',
        '#1001,a@example.com,paid,2024-03-01 10:00:00 +0100,45.00,1,Mug,15.00,MUG',
        '#1001,,,2024-03-01 10:00:00 +0100,,2,Plate,15.00,PLT',
        '#1002,B@Example.com,voided,2024-03-02 11:00:00 +0100,20.00,1,Bowl,20.00,BWL',
        '#1003,b@example.com,refunded,2024-03-03 12:00:00 +0100,30.50,1,Cup,30.50,CUP',
      ].join('\n'),
    );
    await rebuild([shopify]);
    const rows = await db.run(
      `SELECT order_id, revenue, is_cancelled, customer_key, strftime(ordered_at, '%H:%M') AS at FROM orders ORDER BY order_id`,
    );
    // Wall-clock time as exported (no zone conversion); e-mail addresses match lower-cased.
    expect(rows).toEqual([
      { order_id: '#1001', revenue: 45, is_cancelled: false, customer_key: 'a@example.com', at: '10:00' },
      { order_id: '#1002', revenue: 20, is_cancelled: true, customer_key: 'b@example.com', at: '11:00' },
      { order_id: '#1003', revenue: 30.5, is_cancelled: false, customer_key: 'b@example.com', at: '12:00' },
    ]);
    const [items] = await db.run(
      `SELECT count(*) AS lines, sum(quantity * unit_price) AS value FROM order_items`,
    );
    expect(items).toEqual({ lines: 4, value: 95.5 });
  });

  it('keeps the wall time of times written with an offset, and long order ids digit for digit', async () => {
    const zoned = await load(
      'zoned-orders.csv',
      [
        'order_id,ordered_at,revenue',
        '1234567890123456789012345,2024-01-01T10:00:00+02:00,10',
        '1234567890123456789012346,2024-01-02T23:30:00-05:00,20.5',
        '9007199254740993,2024-01-03T08:00:00Z,30',
      ].join('\n'),
    );
    await rebuild([zoned]);
    // As written, offsets dropped: 10:00 on 1 Jan (not 08:00 UTC), 23:30 on 2 Jan (not 04:30 on
    // 3 Jan), 08:00 on 3 Jan. 9007199254740993 is 2^53 + 1, which a double reads as ...992.
    const rows = await db.run(
      `SELECT order_id, revenue, strftime(ordered_at, '%Y-%m-%d %H:%M') AS ordered FROM orders ORDER BY ordered`,
    );
    expect(rows).toEqual([
      { order_id: '1234567890123456789012345', revenue: 10, ordered: '2024-01-01 10:00' },
      { order_id: '1234567890123456789012346', revenue: 20.5, ordered: '2024-01-02 23:30' },
      { order_id: '9007199254740993', revenue: 30, ordered: '2024-01-03 08:00' },
    ]);
    // 10 + 20.5 + 30 = 60.5 over 3 orders, one a day.
    const [total] = await db.run(
      `SELECT count(DISTINCT order_id) AS orders, sum(revenue) AS revenue, count(DISTINCT CAST(ordered_at AS DATE)) AS days FROM orders`,
    );
    expect(total).toEqual({ orders: 3, revenue: 60.5, days: 3 });
  });

  it('appends monthly exports and counts an order in two files once', async () => {
    const jan = await load(
      'orders-2024-01.csv',
      'order_id,order_date,total\nA1,2024-01-30,10\nA2,2024-01-31,20\n',
    );
    const feb = await load(
      'orders-2024-02.csv',
      'order_id,order_date,total\nA2,2024-01-31,20\nA3,2024-02-01,30\n',
    );
    await rebuild([jan, feb]);
    const rows = await db.run(`SELECT order_id, revenue, source_file FROM orders ORDER BY order_id`);
    expect(rows).toEqual([
      { order_id: 'A1', revenue: 10, source_file: 'orders-2024-01.csv' },
      { order_id: 'A2', revenue: 20, source_file: 'orders-2024-01.csv' },
      { order_id: 'A3', revenue: 30, source_file: 'orders-2024-02.csv' },
    ]);
  });

  it('reads Unix epoch seconds and US dates with dollar amounts', async () => {
    const epoch = await load(
      'epoch.csv',
      'order_id,created,total\n1,1727740800,"$1,234.50"\n2,1727827200,$99.95\n',
    );
    await rebuild([epoch]);
    const rows = await db.run(
      `SELECT order_id, strftime(ordered_at, '%Y-%m-%d %H:%M') AS at, revenue FROM orders ORDER BY 1`,
    );
    expect(rows).toEqual([
      { order_id: '1', at: '2024-10-01 00:00', revenue: 1234.5 },
      { order_id: '2', at: '2024-10-02 00:00', revenue: 99.95 },
    ]);
  });
});

describe('canonical events', () => {
  it('normalises REES46 event types and keeps the raw name', async () => {
    const events = await load(
      '2019-Oct.csv',
      [
        'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session',
        '2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,s1',
        '2019-10-01 00:00:05 UTC,cart,44600062,2103807459595387724,,shiseido,35.79,541312140,s1',
        '2019-10-01 00:01:00 UTC,remove_from_cart,44600062,2103807459595387724,,shiseido,35.79,541312140,s1',
        '2019-10-01 00:02:00 UTC,purchase,44600062,2103807459595387724,,shiseido,35.79,541312140,s1',
      ].join('\n'),
    );
    await rebuild([events]);
    const rows = await db.run(
      `SELECT event_type, event_name, strftime(occurred_at, '%H:%M:%S') AS at FROM events ORDER BY occurred_at`,
    );
    expect(rows).toEqual([
      { event_type: 'product_view', event_name: 'view', at: '00:00:00' },
      { event_type: 'add_to_cart', event_name: 'cart', at: '00:00:05' },
      { event_type: 'other', event_name: 'remove_from_cart', at: '00:01:00' },
      { event_type: 'purchase', event_name: 'purchase', at: '00:02:00' },
    ]);
  });
});

describe('event names', () => {
  it('match whatever their case and the spaces around them', async () => {
    const events = await load(
      'shop-events.csv',
      [
        'event_time,event_name,session_id',
        '2024-05-01 10:00:00,page_view,s1',
        '2024-05-01 10:00:01,Page_View,s1',
        '2024-05-01 10:00:02," ADD_TO_CART ",s1',
        '2024-05-01 10:00:03,Checkout,s1',
        '2024-05-01 10:00:04,Purchase ,s1',
        '2024-05-01 10:00:05,scroll,s1',
        '2024-05-01 10:00:06,SCROLL,s1',
      ].join('\n'),
    );
    await rebuild([events]);
    const rows = await db.run(`SELECT event_type FROM events ORDER BY occurred_at`);
    expect(rows.map((r) => r.event_type)).toEqual([
      'page_view',
      'page_view',
      'add_to_cart',
      'begin_checkout',
      'purchase',
      'other',
      'other',
    ]);
  });
});

describe('overlapping files of one kind', () => {
  it('count a session or a day × campaign once, from the first file that has it', async () => {
    const week1 = await load(
      'sessions-w1.csv',
      'session_id,started_at,source\ns1,2024-01-01 10:00:00,google\ns2,2024-01-02 10:00:00,bing\n',
    );
    const week2 = await load(
      'sessions-w2.csv',
      'session_id,started_at,source\ns2,2024-01-02 10:00:00,bing\ns3,2024-01-08 10:00:00,google\n',
    );
    const adsA = await load(
      'spend-a.csv',
      'date,channel,campaign,spend\n2024-01-01,Google Ads,Brand,10\n2024-01-02,Google Ads,Brand,12\n',
    );
    const adsB = await load(
      'spend-b.csv',
      'date,channel,campaign,spend\n2024-01-02,Google Ads,Brand,12\n2024-01-02,Meta Ads,Brand,5\n',
    );
    await rebuild([week1, week2, adsA, adsB]);
    expect(await db.run(`SELECT string_agg(session_id, ' ' ORDER BY session_id) AS s FROM sessions`)).toEqual(
      [{ s: 's1 s2 s3' }],
    );
    // 10 + 12 from the first file, and Meta's 5 (not in the first file): 27, not 39.
    expect(await db.run(`SELECT sum(spend) AS spend FROM marketing_spend`)).toEqual([{ spend: 27 }]);
    const overlap = await db.run(buildOverlapQuery([week1, week2, adsA, adsB]) ?? '');
    expect(overlap).toEqual([
      { table: 'sessions', file: 'sessions-w2.csv', overlap: 1 },
      { table: 'marketing_spend', file: 'spend-b.csv', overlap: 1 },
    ]);
  });
});

describe('sessions made from events', () => {
  it('split a visitor into visits after 30 minutes without events (Retailrocket style)', async () => {
    // Visitor 1: 10:00, 10:20 (same visit), 11:00 (40 minutes later: a new visit, with a purchase).
    // Visitor 2: one view. Times are Unix milliseconds.
    const ms = (time: string): number => Date.parse(`2015-06-01T${time}:00Z`);
    const events = await load(
      'events.csv',
      [
        'timestamp,visitorid,event,itemid,transactionid',
        `${ms('10:00')},1,view,100,`,
        `${ms('10:20')},1,addtocart,100,`,
        `${ms('11:00')},1,transaction,100,T1`,
        `${ms('10:05')},2,view,200,`,
      ].join('\n'),
    );
    const statements = buildCanonicalViews([events]);
    expect(statements.find((v) => v.table === 'sessions')?.derived).toBe(
      'made from events: one per session id, or per visitor with a new session after 30 minutes without events',
    );
    await rebuild([events]);
    expect(
      await db.run(
        `SELECT session_id, strftime(started_at, '%H:%M') AS at, pageviews, duration_s, converted, order_id
         FROM sessions ORDER BY visitor_id, started_at`,
      ),
    ).toEqual([
      { session_id: '1#1', at: '10:00', pageviews: 1, duration_s: 1200, converted: false, order_id: null },
      { session_id: '1#2', at: '11:00', pageviews: 0, duration_s: 0, converted: true, order_id: 'T1' },
      { session_id: '2#1', at: '10:05', pageviews: 1, duration_s: 0, converted: false, order_id: null },
    ]);
  });
});

describe('visits from events with and without a session id', () => {
  it('take the session id where there is one, and the 30-minute rule for the other events', async () => {
    // Visitor v1: two events of session S1 (10:00, 10:10), then three without an id: 10:15,
    // 10:30 (same visit) and 11:05 (35 minutes later: a new visit, with a purchase).
    const events = await load(
      'events-mixed.csv',
      [
        'event_time,event_type,user_id,user_session,order_id',
        '2024-03-01 10:00:00,page_view,v1,S1,',
        '2024-03-01 10:10:00,add_to_cart,v1,S1,',
        '2024-03-01 10:15:00,page_view,v1,,',
        '2024-03-01 10:30:00,page_view,v1,,',
        '2024-03-01 11:05:00,purchase,v1,,T9',
      ].join('\n'),
    );
    await rebuild([events]);
    expect(
      await db.run(
        `SELECT session_id, strftime(started_at, '%H:%M') AS at, pageviews, duration_s, has_cart, converted
         FROM event_sessions ORDER BY started_at`,
      ),
    ).toEqual([
      { session_id: 'S1', at: '10:00', pageviews: 1, duration_s: 600, has_cart: true, converted: false },
      { session_id: 'v1#1', at: '10:15', pageviews: 2, duration_s: 900, has_cart: false, converted: false },
      { session_id: 'v1#2', at: '11:05', pageviews: 0, duration_s: 0, has_cart: false, converted: true },
    ]);
  });
});

describe('orders with an id on several rows', () => {
  it('group those rows into one order and take the others as they are', async () => {
    // A1 is split over two rows (amounts add up, the earliest time counts); A2 and A3 are single.
    const orders = await load(
      'orders-split.csv',
      [
        'order_id,created_at,customer_id,status,channel,total,shipping',
        'A1,2024-02-01 09:00:00,C1,paid,web,30,2',
        'A2,2024-02-01 10:00:00,C2,cancelled,pos,15,0',
        'A1,2024-02-01 08:30:00,C1,paid,web,20,3',
        'A3,2024-02-02 11:00:00,,paid,web,7,',
      ].join('\n'),
    );
    await rebuild([orders]);
    expect(
      await db.run(
        `SELECT order_id, strftime(ordered_at, '%d %H:%M') AS at, revenue, shipping, is_cancelled, customer_key
         FROM orders ORDER BY order_id`,
      ),
    ).toEqual([
      { order_id: 'A1', at: '01 08:30', revenue: 50, shipping: 5, is_cancelled: false, customer_key: 'C1' },
      { order_id: 'A2', at: '01 10:00', revenue: 15, shipping: 0, is_cancelled: true, customer_key: 'C2' },
      { order_id: 'A3', at: '02 11:00', revenue: 7, shipping: null, is_cancelled: false, customer_key: null },
    ]);
  });
});

describe('source classes', () => {
  it('classify sessions from source and medium, and stay empty where a file has neither', async () => {
    const visits = await load(
      'sessions.csv',
      [
        'session_id,started_at,source,medium',
        's1,2024-01-01 10:00:00,(direct),(none)',
        's2,2024-01-01 11:00:00,google,organic',
        's3,2024-01-01 12:00:00,google,cpc',
        's4,2024-01-01 13:00:00,newsletter,email',
      ].join('\n'),
    );
    const plain = await load('plain-orders.csv', 'order_id,order_date,total\nP1,2024-01-01,5\n');
    await rebuild([visits, plain]);
    expect(await db.run('SELECT session_id, source_class, is_paid FROM sessions ORDER BY 1')).toEqual([
      { session_id: 's1', source_class: 'direct', is_paid: false },
      { session_id: 's2', source_class: 'organic search', is_paid: false },
      { session_id: 's3', source_class: 'paid search', is_paid: true },
      { session_id: 's4', source_class: 'email', is_paid: false },
    ]);
    expect(await db.run('SELECT source_class, is_paid FROM orders')).toEqual([
      { source_class: null, is_paid: null },
    ]);
  });
});

describe('orders stored once', () => {
  it('are made with the columns a file has, and the others added empty', async () => {
    const plain = await load('plain-orders-2.csv', 'order_id,order_date,total\nQ1,2024-01-01,5\n');
    await rebuild([plain]);
    const columns = await db.run('SELECT column_name FROM (DESCRIBE orders)');
    // Without customers there is no key and no first order; one file's name is the same on every row.
    expect(columns.map((r) => r.column_name).slice(0, 4)).toEqual([
      'order_id',
      'ordered_at',
      'revenue',
      'is_cancelled',
    ]);
    expect(columns).toHaveLength(23);
    expect(
      await db.run(
        'SELECT order_id, customer_key, campaign, discount, source_file, first_ordered_at FROM orders',
      ),
    ).toEqual([
      {
        order_id: 'Q1',
        customer_key: null,
        campaign: null,
        discount: null,
        source_file: 'plain-orders-2.csv',
        first_ordered_at: null,
      },
    ]);
  });

  it('are the same table whether the empty columns are added after or selected with the rows', async () => {
    const lines = await load(
      'order-lines-x.csv',
      'order_id,order_date,sku,quantity,price\nX1,2024-02-01,A,2,5\nX1,2024-02-01,B,1,3\nX2,2024-02-02,A,1,5\n',
    );
    const orders = await load(
      'orders-x.csv',
      'order_id,order_date,total,email\nX1,2024-02-01,13,a@x.nl\nX2,2024-02-02,5,\n',
    );
    const snapshot = async (): Promise<Record<string, unknown>[]> => [
      ...(await db.run('SELECT * FROM orders ORDER BY order_id')),
      ...(await db.run('SELECT * FROM order_lines ORDER BY order_id, sku')),
      ...(await db.run(
        "SELECT string_agg(column_name || ' ' || column_type, ', ') AS c FROM (DESCRIBE orders)",
      )),
      ...(await db.run(
        "SELECT string_agg(column_name || ' ' || column_type, ', ') AS c FROM (DESCRIBE order_lines)",
      )),
    ];
    await rebuild([orders, lines]);
    const small = await snapshot();
    const statements = buildCanonicalViews([orders, lines].map((s) => ({ ...s, rows: LARGE_TABLE_ROWS })));
    expect(statements.find((s) => s.table === 'orders')?.sql).toContain('ADD COLUMN');
    for (const statement of statements) await db.run(statement.sql);
    expect(await snapshot()).toEqual(small);
    expect(small).toHaveLength(7);
  });

  it('class the orders of a file with a source, and leave a file without one unclassed', async () => {
    const web = await load(
      'web-orders.csv',
      'order_id,order_date,total,customer_id,source,medium\nW1,2024-01-02,10,c1,google,cpc\nW2,2024-01-03,20,c1,(direct),(none)\nW3,2024-01-04,30,,,\n',
    );
    const shop = await load(
      'shop-orders.csv',
      'order_id,order_date,total,customer_id\nS1,2024-01-01,5,c1\nW2,2024-01-03,99,c9\n',
    );
    await rebuild([web, shop]);
    // W2 is in both files: the first file's row counts. c1's first order is S1, on 1 January.
    expect(
      await db.run(
        `SELECT order_id, revenue, customer_key, source_class, is_paid, source_file,
           strftime(first_ordered_at, '%Y-%m-%d') AS first FROM orders ORDER BY ordered_at`,
      ),
    ).toEqual([
      {
        order_id: 'S1',
        revenue: 5,
        customer_key: 'c1',
        source_class: null,
        is_paid: null,
        source_file: 'shop-orders.csv',
        first: '2024-01-01',
      },
      {
        order_id: 'W1',
        revenue: 10,
        customer_key: 'c1',
        source_class: 'paid search',
        is_paid: true,
        source_file: 'web-orders.csv',
        first: '2024-01-01',
      },
      {
        order_id: 'W2',
        revenue: 20,
        customer_key: 'c1',
        source_class: 'direct',
        is_paid: false,
        source_file: 'web-orders.csv',
        first: '2024-01-01',
      },
      // A row of a file with sources that names none is direct; a guest has no first order.
      {
        order_id: 'W3',
        revenue: 30,
        customer_key: null,
        source_class: 'direct',
        is_paid: false,
        source_file: 'web-orders.csv',
        first: null,
      },
    ]);
  });
});

describe('buildCanonicalViews', () => {
  it('drops the views no file feeds, and says which files feed the others', () => {
    const statements = buildCanonicalViews(sources.filter((s) => s.fileName === 'bestellingen.csv'));
    expect(statements.find((s) => s.table === 'orders')?.files).toEqual(['bestellingen.csv']);
    expect(statements.find((s) => s.table === 'sessions')).toEqual({
      table: 'sessions',
      files: [],
      sql: 'DROP VIEW IF EXISTS main.sessions',
      roles: [],
    });
  });

  it('lists the roles that carry data, with the ones the view derives', () => {
    const statements = buildCanonicalViews(sources.filter((s) => s.fileName === 'bestellingen.csv'));
    const orders = statements.find((s) => s.table === 'orders');
    expect(orders?.roles).toEqual(
      expect.arrayContaining(['order_id', 'ordered_at', 'revenue', 'is_cancelled', 'customer_key']),
    );
    expect(statements.find((s) => s.table === 'event_sessions')?.sql).toBe(
      'DROP TABLE IF EXISTS main.event_sessions',
    );
  });

  it('stores the sale lines with their order time only when orders and order lines are both loaded', () => {
    const alone = buildCanonicalViews(sources.filter((s) => s.fileName === 'bestellingen.csv'));
    expect(alone.find((s) => s.table === 'order_lines')?.sql).toBe('DROP TABLE IF EXISTS main.order_lines');
    const orders = alone.findIndex((s) => s.table === 'orders');
    const lines = alone.findIndex((s) => s.table === 'order_lines');
    expect(lines).toBeGreaterThan(orders);
  });
});
