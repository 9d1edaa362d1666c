import { expect, test, type Page } from '@playwright/test';
import { kpiValue, openApp, runSql, screenshotPath, waitIdle } from './app';

// Exports with no public sample in ../shared/data, written here from the formats' documented
// headers, small enough to check by hand. Expected values are worked out in the comments.

async function dropFiles(page: Page, files: Record<string, string | Buffer>): Promise<void> {
  await page.locator('input[data-files]').setInputFiles(
    Object.entries(files).map(([name, content]) => ({
      name,
      mimeType: 'text/csv',
      buffer: typeof content === 'string' ? Buffer.from(content) : content,
    })),
  );
  await waitIdle(page);
}

async function sqlRow(page: Page, query: string): Promise<string> {
  await runSql(page, query);
  const error = page.locator('[data-sql-error]');
  if ((await error.count()) > 0) throw new Error(`SQL failed: ${await error.textContent()}`);
  return (await page.locator('[data-sql-result] tbody tr').first().textContent()) ?? '';
}

const format = (page: Page, table: string) => page.locator(`[data-mapping="files.${table}"]`);

test('WooCommerce: order fields repeated on each line count once; cancelled orders do not count', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, {
    'woocommerce-orders.csv': [
      'Order Number,Order Date,Order Status,Customer Email,Billing Country,Order Total,Item Name,Quantity,Item Cost',
      '1001,2024-03-01 10:00,completed,a@example.nl,NL,45.00,Mug,1,15.00',
      '1001,2024-03-01 10:00,completed,a@example.nl,NL,45.00,Plate,2,15.00',
      '1002,2024-03-02 11:00,cancelled,b@example.nl,BE,20.00,Bowl,1,20.00',
      '1003,2024-03-03 12:00,processing,c@example.nl,DE,30.50,Cup,1,30.50',
    ].join('\n'),
  });
  await expect(format(page, 'woocommerce_orders')).toHaveAttribute('data-format', 'woocommerce-orders');
  // 1001 (45.00) and 1003 (30.50); 1002 is cancelled.
  expect(await kpiValue(page, 'orders')).toBe(2);
  expect(await kpiValue(page, 'revenue')).toBeCloseTo(75.5, 9);
  expect(await sqlRow(page, 'SELECT count(*) || ' + "' '" + ' || sum(quantity) FROM order_items')).toBe(
    '4 5.0',
  );
});

test('GA4, Google Ads and Meta exports: comment lines and report titles above the header', async ({
  page,
}) => {
  await openApp(page);
  await dropFiles(page, {
    'ga4-traffic.csv': [
      '# ----------------------------------------',
      '# Traffic acquisition: Session primary channel group (Default Channel Group)',
      '# Account: Huis & Haard',
      '# Start date: 20241001',
      '# End date: 20241003',
      '# ----------------------------------------',
      '',
      'Date,Session source / medium,Sessions,Engaged sessions,Key events,Total revenue',
      '20241001,google / organic,120,80,3,150.50',
      '20241001,(direct) / (none),60,40,2,99.00',
      '20241002,google / cpc,45,30,1,49.95',
      '20241003,newsletter / email,30,25,2,120.00',
    ].join('\n'),
    'google-ads.csv': [
      'Campaign performance',
      '"October 1, 2024 - October 3, 2024"',
      'Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions',
      '2024-10-01,Brand,EUR,12.50,"1,234",40,2',
      '2024-10-02,Brand,EUR,10.00,"1,100",35,1',
      '2024-10-02,Generic,EUR,"1,020.75","12,000",300,4',
    ].join('\n'),
    'meta-ads.csv': [
      'Reporting starts,Reporting ends,Campaign name,Amount spent (EUR),Impressions,Link clicks,Leads',
      '2024-10-01,2024-10-01,Prospecting,25.40,5000,60,3',
      '2024-10-02,2024-10-02,Prospecting,30.10,6100,72,',
      '2024-10-02,2024-10-02,Retargeting,12.00,1500,40,1',
    ].join('\n'),
  });
  await expect(format(page, 'ga4_traffic')).toHaveAttribute('data-format', 'ga-report');
  await expect(format(page, 'google_ads')).toHaveAttribute('data-format', 'google-ads');
  await expect(format(page, 'meta_ads')).toHaveAttribute('data-format', 'meta-ads');
  // 120 + 60 + 45 + 30 sessions from four source classes; the first day is 1 October.
  expect(
    await sqlRow(
      page,
      "SELECT CAST(sum(session_count) AS BIGINT) || ' ' || string_agg(DISTINCT source_class, '|' ORDER BY source_class) || ' ' || strftime(min(started_at), '%Y-%m-%d') FROM sessions",
    ),
  ).toBe('255 direct|email|organic search|paid search 2024-10-01');
  // Google: 12.50 + 10.00 + 1020.75 = 1043.25 spent, 1234 + 1100 + 12000 impressions.
  // Meta: 25.40 + 30.10 + 12.00 = 67.50 spent, 4 leads.
  expect(
    await sqlRow(
      page,
      "SELECT string_agg(channel || ':' || s || ':' || i || ':' || l, ' ' ORDER BY channel) FROM (SELECT channel, round(sum(spend), 2) AS s, sum(impressions) AS i, coalesce(sum(leads), 0) AS l FROM marketing_spend GROUP BY channel)",
    ),
  ).toBe('Google Ads:1043.25:14334.0:0.0 Meta Ads:67.5:12600.0:4.0');
  const ads = format(page, 'google_ads');
  await ads.locator('summary').click();
  await expect(ads.locator('[data-report]')).toContainText(
    'The header is on line 3; the 2 lines above it were skipped.',
  );
  await page.screenshot({ path: screenshotPath('exports-marketing'), fullPage: true });
});

test('REES46 events give sessions by their session id and a funnel of event types', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, {
    'events-2019-oct.csv': [
      'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session',
      '2019-10-01 00:00:00 UTC,view,1,10,,a,10.00,u1,s1',
      '2019-10-01 00:01:00 UTC,cart,1,10,,a,10.00,u1,s1',
      '2019-10-01 00:03:00 UTC,purchase,1,10,,a,10.00,u1,s1',
      '2019-10-01 05:00:00 UTC,view,2,10,,b,20.00,u2,s2',
      '2019-10-02 09:00:00 UTC,view,2,10,,b,20.00,u1,s3',
    ].join('\n'),
  });
  await expect(format(page, 'events_2019_oct')).toHaveAttribute('data-format', 'rees46-events');
  await expect(page.locator('[data-views]')).toContainText('sessions ← made from events');
  expect(
    await sqlRow(
      page,
      "SELECT count(*) || ' ' || count(*) FILTER (WHERE converted) || ' ' || sum(pageviews) FROM sessions",
    ),
  ).toBe('3 1 3.0');
  expect(
    await sqlRow(
      page,
      "SELECT string_agg(event_type || '=' || n, ' ' ORDER BY event_type) FROM (SELECT event_type, count(*) AS n FROM events GROUP BY ALL)",
    ),
  ).toBe('add_to_cart=1 product_view=3 purchase=1');
});

test.describe('European and messy CSV', () => {
  const cases: { name: string; content: string | Buffer; revenue: number; orders: number; first: string }[] =
    [
      {
        // 1234.50 + 99.00: space thousands, decimal comma, "kr" after the amount.
        name: 'ordrar.csv',
        content:
          'Ordernummer;Orderdatum;Kund;Belopp\n1;2024-12-30;K1;1 234,50 kr\n2;2024-12-31;K2;99,00 kr\n',
        revenue: 1333.5,
        orders: 2,
        first: '2024-12-30',
      },
      {
        // 1234.56 + 12.00; dd.mm.yyyy.
        name: 'bestellungen.csv',
        content:
          'Bestellnummer;Bestelldatum;Kunde;Betrag\n1;31.12.2024;A;1.234,56 €\n2;02.01.2025;B;12,00 €\n',
        revenue: 1246.56,
        orders: 2,
        first: '2024-12-31',
      },
      {
        // 1234.50 + 99.95; 12/31 can only be month first.
        name: 'us-orders.csv',
        content: 'Order ID,Order Date,Customer,Amount\n1,12/31/2024,A,"$1,234.50"\n2,01/02/2025,B,$99.95\n',
        revenue: 1334.45,
        orders: 2,
        first: '2024-12-31',
      },
      {
        // Windows-1252: € is byte 0x80; 12.50 + 7.00; 15-02 is day first.
        name: 'cp1252-orders.csv',
        content: Buffer.from(
          'Ordernummer;Datum;Kunde;Omschrijving;Bedrag\r\n1;01-02-2024;José;Crème brûlée set;\u20ac 12,50\r\n2;15-02-2024;Müller;Kaffeemühle;\u20ac 7,00\r\n'.replace(
            /\u20ac/g,
            '\x80',
          ),
          'latin1',
        ),
        revenue: 19.5,
        orders: 2,
        first: '2024-02-01',
      },
      {
        // UTF-8 byte-order mark, CRLF, a quoted note over two lines: 10 + 20.
        name: 'bom-orders.csv',
        content:
          '\uFEFForder_id,order_date,total,note\r\n1,2024-01-01,10,"two\r\nlines"\r\n2,2024-01-02,20,plain\r\n',
        revenue: 30,
        orders: 2,
        first: '2024-01-01',
      },
      {
        // Three lines above the header; 10.50 + 20.
        name: 'preamble-orders.csv',
        content:
          'Export from ShopX, all stores\nGenerated 2024-11-01\n\norder_id,date,revenue,customer\n1,2024-10-01,10.5,a\n2,2024-10-02,20,b\n',
        revenue: 30.5,
        orders: 2,
        first: '2024-10-01',
      },
      {
        // Unix seconds: 1727740800 is 2024-10-01 00:00.
        name: 'epoch-orders.csv',
        content: 'order_id,created,total\n1,1727740800,10\n2,1727827200,20\n',
        revenue: 30,
        orders: 2,
        first: '2024-10-01',
      },
    ];
  for (const c of cases) {
    test(c.name, async ({ page }) => {
      await openApp(page);
      await dropFiles(page, { [c.name]: c.content });
      expect(await kpiValue(page, 'orders')).toBe(c.orders);
      expect(await kpiValue(page, 'revenue')).toBeCloseTo(c.revenue, 9);
      expect(await sqlRow(page, "SELECT strftime(min(ordered_at), '%Y-%m-%d') FROM orders")).toBe(c.first);
    });
  }

  test('Windows-1252 text keeps its accents', async ({ page }) => {
    await openApp(page);
    const cp1252 = cases.find((c) => c.name === 'cp1252-orders.csv');
    await dropFiles(page, { 'cp1252-orders.csv': cp1252?.content ?? '' });
    expect(await sqlRow(page, "SELECT string_agg(customer_id, ' ' ORDER BY order_id) FROM orders")).toBe(
      'José Müller',
    );
    const file = format(page, 'cp1252_orders');
    await file.locator('summary').click();
    await expect(file.locator('[data-report]')).toContainText(
      'The file is not UTF-8: read as Windows-1252 (Western European).',
    );
  });
});
