import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANONICAL_TABLES } from '../src/model/canonical';
import { openDuckDB } from '../test/helpers/native-duckdb';

const HERE = fileURLToPath(new URL('.', import.meta.url));
// The demo shop has one file per canonical table.
const TABLES = [...CANONICAL_TABLES];

describe('the committed demo shop', () => {
  it('is exactly what the seeded generator writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'demo-shop-'));
    try {
      execFileSync(process.execPath, [join(HERE, 'generate.mjs'), '--out', out]);
      const made = readdirSync(out).sort();
      expect(made).toEqual(TABLES.map((t) => `${t}.csv.gz`).sort());
      for (const file of made) {
        // Compare the CSV text: gzip bytes may differ between zlib builds.
        const csv = gunzipSync(readFileSync(join(out, file)));
        expect(csv.equals(gunzipSync(readFileSync(join(HERE, file)))), file).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the demo tables agree with each other', () => {
  let db: Awaited<ReturnType<typeof openDuckDB>>;
  const one = async (sql: string): Promise<Record<string, unknown>> => {
    const [row] = await db.run(sql);
    if (!row) throw new Error(`no row from ${sql}`);
    return row;
  };

  beforeAll(async () => {
    db = await openDuckDB();
    for (const table of TABLES) {
      await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${join(HERE, `${table}.csv.gz`)}')`);
    }
  });
  afterAll(() => db.close());

  it('covers 1 May 2024 to 31 October 2025 with orders in every month', async () => {
    const visits =
      await one(`SELECT min(started_at)::DATE::VARCHAR AS first, max(started_at)::DATE::VARCHAR AS last
      FROM sessions`);
    expect(visits).toEqual({ first: '2024-05-01', last: '2025-10-31' });
    const orders = await one(`SELECT count(DISTINCT date_trunc('month', ordered_at)) AS months
      FROM orders WHERE status <> 'cancelled' AND ordered_at >= '2024-05-01' AND ordered_at < '2025-11-01'`);
    expect(orders.months).toBe(18);
  });

  it('has unique keys', async () => {
    for (const [table, key] of [
      ['orders', 'order_id'],
      ['sessions', 'session_id'],
      ['returns', 'return_id'],
      ['surveys', 'response_id'],
      ['support_tickets', 'ticket_id'],
      ['email_subscribers', 'email'],
    ]) {
      const row = await one(`SELECT count(*) - count(DISTINCT ${key}) AS duplicates FROM ${table}`);
      expect(row.duplicates, table).toBe(0);
    }
  });

  it('adds up orders: revenue = subtotal − discount + shipping, lines sum to the subtotal', async () => {
    const row = await one(`SELECT
        count(*) FILTER (WHERE abs(revenue - (subtotal - discount + shipping)) > 0.005) AS bad_totals,
        (SELECT count(*) FROM orders o WHERE abs(o.subtotal - (SELECT sum(line_total) FROM order_items i
           WHERE i.order_id = o.order_id)) > 0.005) AS bad_subtotals,
        (SELECT count(*) FROM order_items WHERE abs(line_total - quantity * unit_price) > 0.005) AS bad_lines,
        (SELECT count(*) FROM order_items i ANTI JOIN orders o USING (order_id)) AS orphan_lines
      FROM orders`);
    expect(row).toEqual({ bad_totals: 0, bad_subtotals: 0, bad_lines: 0, orphan_lines: 0 });
  });

  it('links every web order to the converted session it came from, and nothing else', async () => {
    const row = await one(`SELECT
        (SELECT count(*) FROM orders WHERE channel = 'online_store') AS web_orders,
        (SELECT count(*) FROM sessions WHERE converted) AS converted_sessions,
        (SELECT count(*) FROM sessions s JOIN orders o USING (order_id)
           WHERE s.converted AND o.channel = 'online_store' AND abs(s.revenue - o.revenue) < 0.005
             AND s.started_at <= o.ordered_at) AS linked,
        (SELECT count(*) FROM events WHERE event_type = 'purchase') AS purchase_events`);
    expect(row.linked).toBe(row.web_orders);
    expect(row.converted_sessions).toBe(row.web_orders);
    expect(row.purchase_events).toBe(row.web_orders);
  });

  it('counts page views in sessions as the page and product views in events', async () => {
    const row = await one(`SELECT count(*) AS mismatches FROM sessions s JOIN (
        SELECT session_id, count(*) AS views FROM events
        WHERE event_type IN ('page_view', 'product_view') GROUP BY ALL) e USING (session_id)
      WHERE e.views <> s.pageviews`);
    expect(row.mismatches).toBe(0);
  });

  it('refunds exactly what was returned, and only on refunded orders', async () => {
    const row = await one(`WITH r AS (SELECT order_id, sum(amount) AS returned FROM returns GROUP BY ALL)
      SELECT
        count(*) FILTER (WHERE o.status IN ('refunded', 'partially_refunded') AND r.order_id IS NULL) AS refunded_without_return,
        count(*) FILTER (WHERE r.order_id IS NOT NULL AND o.status NOT IN ('refunded', 'partially_refunded')) AS return_without_refund,
        count(*) FILTER (WHERE o.status = 'partially_refunded' AND abs(o.refunded_amount - r.returned) > 0.005) AS bad_partial,
        count(*) FILTER (WHERE o.status = 'refunded' AND abs(o.refunded_amount - r.returned - o.shipping) > 0.005) AS bad_full,
        count(*) FILTER (WHERE r.order_id IS NOT NULL AND o.status = 'cancelled') AS cancelled_returns
      FROM orders o LEFT JOIN r USING (order_id)`);
    expect(row).toEqual({
      refunded_without_return: 0,
      return_without_refund: 0,
      bad_partial: 0,
      bad_full: 0,
      cancelled_returns: 0,
    });
  });

  it('gives every KPI family something to show', async () => {
    const row = await one(`SELECT
        (SELECT count(*) FROM sessions) AS sessions,
        (SELECT count(*) FILTER (WHERE status <> 'cancelled') FROM orders) AS orders,
        (SELECT count(*) FROM (SELECT coalesce(customer_id, lower(email)) AS who FROM orders
           WHERE status <> 'cancelled' AND coalesce(customer_id, email) IS NOT NULL
           GROUP BY ALL HAVING count(*) >= 2)) AS repeat_customers,
        (SELECT count(*) FROM orders WHERE customer_id IS NULL AND email <> lower(email)) AS capitalised_guest_emails,
        (SELECT count(DISTINCT device) FROM sessions) AS devices,
        (SELECT count(DISTINCT country) FROM orders) AS countries,
        (SELECT count(DISTINCT category) FROM order_items) AS categories,
        (SELECT count(DISTINCT channel) FROM marketing_spend) AS spend_channels,
        (SELECT count(DISTINCT event_type) FROM events) AS event_types,
        (SELECT count(*) FROM inventory WHERE on_hand = 0) AS stock_outs,
        (SELECT min(score) FROM surveys) AS min_score,
        (SELECT max(score) FROM surveys) AS max_score,
        (SELECT count(*) FROM support_tickets WHERE first_response_at IS NOT NULL) AS answered_tickets,
        (SELECT count(*) FROM email_subscribers WHERE unsubscribed_at IS NOT NULL) AS unsubscribes,
        (SELECT count(*) FROM order_items WHERE unit_price = 0) AS zero_price_lines`);
    expect(row.sessions as number).toBeGreaterThan(30_000);
    expect(row.orders as number).toBeGreaterThan(1_500);
    expect(row.repeat_customers as number).toBeGreaterThan(150);
    expect(row.capitalised_guest_emails as number).toBeGreaterThan(0);
    expect(row).toMatchObject({ devices: 3, countries: 6, categories: 7, spend_channels: 3, event_types: 6 });
    expect(row.stock_outs as number).toBeGreaterThan(0);
    // A 0–10 scale with detractors (0–6) and promoters (9–10).
    expect(row.min_score as number).toBeLessThanOrEqual(6);
    expect(row.max_score).toBe(10);
    expect(row.answered_tickets as number).toBeGreaterThan(100);
    expect(row.unsubscribes as number).toBeGreaterThan(0);
    expect(row.zero_price_lines as number).toBeGreaterThan(0);
  });
});
