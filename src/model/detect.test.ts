import { describe, expect, it } from 'vitest';
import { normaliseName } from './canonical';
import { detectFormat, matchRoles, missingRoles, type ColumnInfo, type Detection } from './detect';

/** Columns from a header line; all text unless a type is given as `name:TYPE`. */
const header = (line: string, separator = ','): ColumnInfo[] =>
  line.split(separator).map((cell) => {
    const [name = '', type = 'VARCHAR'] = cell.split(':');
    return { name, type };
  });

const target = (d: Detection, table: string) => d.targets.find((t) => t.table === table);

const SHOPIFY =
  'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Country,Cancelled at,Payment Method,Refunded Amount,Vendor,Id,Tags,Source';

describe('detectFormat: known export formats', () => {
  it.each([
    ['orders_export_1.csv', SHOPIFY, 'shopify-orders'],
    [
      'orders.csv',
      'Order Number,Order Date,Order Status,Customer Email,Customer User ID,Billing Country,Order Currency,Order Shipping,Order Total,Item Name,Item SKU,Quantity,Item Cost,Payment Method',
      'woocommerce-orders',
    ],
    [
      'online_retail.csv',
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      'uci-transactions',
    ],
    [
      'online_retail_II.csv',
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
      'uci-transactions',
    ],
    [
      'olist_orders_dataset.csv',
      'order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date',
      'olist-orders',
    ],
    [
      'olist_order_items_dataset.csv',
      'order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value',
      'olist-order-items',
    ],
    [
      'olist_order_payments_dataset.csv',
      'order_id,payment_sequential,payment_type,payment_installments,payment_value',
      'olist-payments',
    ],
    [
      'olist_order_reviews_dataset.csv',
      'review_id,order_id,review_score,review_comment_title,review_comment_message,review_creation_date,review_answer_timestamp',
      'olist-reviews',
    ],
    [
      'olist_customers_dataset.csv',
      'customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state',
      'olist-customers',
    ],
    [
      'olist_products_dataset.csv',
      'product_id,product_category_name,product_name_lenght,product_description_lenght,product_photos_qty',
      'olist-products',
    ],
    ['mql.csv', 'mql_id,first_contact_date,landing_page_id,origin', 'olist-leads'],
    ['closed.csv', 'mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type', 'olist-closed-deals'],
    [
      '2019-Oct.csv',
      'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session',
      'rees46-events',
    ],
    ['events.csv', 'timestamp,visitorid,event,itemid,transactionid', 'retailrocket-events'],
    [
      'traffic.csv',
      'Date,Session source / medium,Sessions,Engaged sessions,Conversions,Total revenue',
      'ga-report',
    ],
    [
      'all_sessions.csv',
      'full_visitor_id,channel_grouping,elapsed_time,country,city,total_transactions_revenue,transactions,time_on_site,page_views,session_quality_dim,purchase_date,visit_id',
      'ga-bigquery-sessions',
    ],
    ['report.csv', 'Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions', 'google-ads'],
    [
      'meta.csv',
      'Reporting starts,Reporting ends,Campaign name,Amount spent (EUR),Impressions,Link clicks,Leads',
      'meta-ads',
    ],
    [
      'KAG_conversion_data.csv',
      'Date,ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion',
      'facebook-ads-kaggle',
    ],
    [
      'online_shoppers_intention.csv',
      'Administrative,Administrative_Duration,Informational,Informational_Duration,ProductRelated,ProductRelated_Duration,BounceRates,ExitRates,PageValues,SpecialDay,Month,OperatingSystems,Browser,Region,TrafficType,VisitorType,Weekend,Revenue',
      'online-shoppers-intention',
    ],
    [
      'products_export_1.csv',
      'Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price',
      'shopify-products',
    ],
  ])('%s is a %s… file', (fileName, line, format) => {
    const detection = detectFormat(fileName, header(line));
    expect(detection.format).toBe(format);
    expect(detection.confidence).toBeGreaterThan(0.9);
    for (const mapping of detection.targets) {
      if (mapping.table !== 'orders' || format !== 'olist-orders') expect(missingRoles(mapping)).toEqual([]);
    }
  });

  it('maps a Shopify export to orders (order fields on the first line) and to order lines', () => {
    const d = detectFormat('orders_export_1.csv', header(SHOPIFY));
    expect(target(d, 'orders')).toEqual({
      table: 'orders',
      derivation: 'orders-from-order-lines',
      roles: {
        order_id: 'Name',
        ordered_at: 'Created at',
        revenue: 'Total',
        customer_email: 'Email',
        status: 'Financial Status',
        currency: 'Currency',
        discount: 'Discount Amount',
        shipping: 'Shipping',
        tax: 'Taxes',
        refunded_amount: 'Refunded Amount',
        cancelled_at: 'Cancelled at',
        country: 'Billing Country',
        source: 'Source',
      },
    });
    expect(target(d, 'order_items')?.roles).toEqual({
      order_id: 'Name',
      sku: 'Lineitem sku',
      product_name: 'Lineitem name',
      quantity: 'Lineitem quantity',
      unit_price: 'Lineitem price',
      brand: 'Vendor',
    });
  });

  it('derives UCI orders from the invoice lines', () => {
    const d = detectFormat(
      'online_retail.csv',
      header('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'),
    );
    expect(target(d, 'orders')).toEqual({
      table: 'orders',
      derivation: 'orders-from-line-items',
      roles: {
        order_id: 'InvoiceNo',
        ordered_at: 'InvoiceDate',
        customer_id: 'CustomerID',
        country: 'Country',
        quantity: 'Quantity',
        unit_price: 'UnitPrice',
      },
    });
  });

  it('takes the spend column of a Meta export whatever its currency', () => {
    const d = detectFormat(
      'meta.csv',
      header('Reporting starts,Campaign name,Amount spent (SEK),Impressions'),
    );
    expect(target(d, 'marketing_spend')?.roles).toMatchObject({
      date: 'Reporting starts',
      spend: 'Amount spent (SEK)',
      channel: '=Meta Ads',
    });
  });
});

describe('detectFormat: generic files, by column names in four languages', () => {
  it.each([
    [
      'bestellingen.csv',
      'Ordernummer;Besteldatum;Klant;Bedrag',
      ['Ordernummer', 'Besteldatum', 'Bedrag', 'Klant'],
    ],
    ['ordrar.csv', 'Ordernummer;Orderdatum;Kund;Belopp', ['Ordernummer', 'Orderdatum', 'Belopp', 'Kund']],
    [
      'bestellungen.csv',
      'Bestellnummer;Bestelldatum;Kunde;Betrag',
      ['Bestellnummer', 'Bestelldatum', 'Betrag', 'Kunde'],
    ],
    [
      'export.csv',
      'order_id,order_date,total:DOUBLE,customer',
      ['order_id', 'order_date', 'total', 'customer'],
    ],
    [
      'sales.csv',
      'Order ID,Created At:TIMESTAMP,Order Total (EUR):DOUBLE',
      ['Order ID', 'Created At', 'Order Total (EUR)', undefined],
    ],
  ])('%s → orders', (fileName, line, [orderId, orderedAt, revenue, customer]) => {
    const d = detectFormat(fileName, header(line, line.includes(';') ? ';' : ','));
    expect(d.format).toBe('generic');
    expect(d.targets.map((t) => t.table)).toEqual(['orders']);
    const roles = d.targets[0]?.roles ?? {};
    expect([roles.order_id, roles.ordered_at, roles.revenue, roles.customer_id]).toEqual([
      orderId,
      orderedAt,
      revenue,
      customer,
    ]);
    expect(d.confidence).toBeGreaterThan(0.6);
  });

  it('reads order lines without a total as line items, and derives the orders from them', () => {
    const d = detectFormat('regels.csv', header('Ordernummer;Datum;Artikelnummer;Aantal;Prijs', ';'));
    expect(d.targets).toEqual([
      {
        table: 'order_items',
        roles: { order_id: 'Ordernummer', sku: 'Artikelnummer', quantity: 'Aantal', unit_price: 'Prijs' },
      },
      {
        table: 'orders',
        derivation: 'orders-from-line-items',
        roles: { order_id: 'Ordernummer', ordered_at: 'Datum', quantity: 'Aantal', unit_price: 'Prijs' },
      },
    ]);
  });

  it.each([
    ['spend.csv', 'date,channel,campaign,spend', 'marketing_spend'],
    ['stock.csv', 'snapshot_date,sku,on_hand', 'inventory'],
    ['nps.csv', 'submitted_at,score,customer_id', 'surveys'],
    ['tickets.csv', 'ticket_id,created_at,first_response_at,resolved_at,channel', 'support_tickets'],
    ['returns.csv', 'order_id,return_date,sku,quantity,refund_amount,reason', 'returns'],
    ['sessions.csv', 'session_id,started_at,visitor_id,source,medium,device,pageviews', 'sessions'],
    ['events.csv', 'event_time,event_name,session_id,page', 'events'],
    ['subscribers.csv', 'email,subscribed_at,unsubscribed_at', 'email_subscribers'],
  ])('%s → %s', (fileName, line, table) => {
    const d = detectFormat(fileName, header(line));
    expect(d.targets[0]?.table).toBe(table);
    expect(missingRoles(d.targets[0]!)).toEqual([]);
  });
});

describe('detectFormat: near misses are not taken for something else', () => {
  it.each([
    [
      'a Shopify customers export is not an orders export',
      'customers_export.csv',
      'First Name,Last Name,Email,Accepts Marketing,Total Spent,Total Orders',
    ],
    ['a product list has no date, so no orders', 'products.csv', 'id,name,price,stock'],
    ['a customer list is not a subscriber list', 'customers.csv', 'customer_id,email,created_at'],
    ['amounts per day without order ids are not orders', 'daily.csv', 'date,revenue'],
  ])('%s', (_, fileName, line) => {
    const d = detectFormat(fileName, header(line));
    expect(d.targets.filter((t) => missingRoles(t).length === 0)).toEqual([]);
    expect(d.confidence).toBeLessThan(0.5);
  });

  it('a spend file without impressions is generic spend, not a Google Ads report', () => {
    const d = detectFormat('ads.csv', header('Day,Campaign,Cost'));
    expect(d.format).toBe('generic');
    expect(d.targets[0]?.table).toBe('marketing_spend');
  });

  it('a Retailrocket look-alike without its visitor id is not Retailrocket', () => {
    expect(detectFormat('log.csv', header('timestamp,user,event,itemid')).format).not.toBe(
      'retailrocket-events',
    );
  });

  it('an amount column stored as a date is not taken as revenue', () => {
    const d = detectFormat('orders.csv', header('order_id,order_date:DATE,total:DATE'));
    expect(d.targets.filter((t) => missingRoles(t).length === 0)).toEqual([]);
  });
});

describe('detectFormat: Excel day numbers', () => {
  it('takes a fractional number column under a date name for the order date', () => {
    const detection = detectFormat('orders.csv', [
      { name: 'order_id', type: 'VARCHAR' },
      { name: 'ordered_at', type: 'DOUBLE' },
      { name: 'revenue', type: 'DOUBLE' },
    ]);
    expect(detection.targets[0]).toMatchObject({ table: 'orders', roles: { ordered_at: 'ordered_at' } });
  });

  it('does not take a fractional number for a time from part of its name', () => {
    const { roles } = matchRoles('orders', [
      { name: 'order_id', type: 'VARCHAR' },
      { name: 'date_score', type: 'DOUBLE' },
    ]);
    expect(roles.ordered_at).toBeUndefined();
  });
});

describe('normaliseName', () => {
  it.each([
    ['Order ID', 'orderid'],
    ['Köpdatum', 'kopdatum'],
    ['Amount spent (EUR)', 'amountspenteur'],
    ['Straße', 'strasse'],
    ['  Impr. ', 'impr'],
  ])('%s → %s', (name, normal) => expect(normaliseName(name)).toBe(normal));
});

describe('the demo shop', () => {
  // Headers as sample-data/generate.mjs writes them; every table maps to itself, completely.
  it.each([
    ['email_subscribers', 'email,subscribed_at,unsubscribed_at,signup_source'],
    ['events', 'occurred_at,event_type,session_id,visitor_id,page,product_id,price,order_id'],
    ['inventory', 'snapshot_at,sku,product_name,on_hand'],
    ['marketing_spend', 'date,channel,campaign,impressions,clicks,spend,leads'],
    ['order_items', 'order_id,line_no,sku,product_name,category,brand,quantity,unit_price,line_total'],
    [
      'orders',
      'order_id,ordered_at,customer_id,email,status,channel,source,medium,campaign,device,country,currency,subtotal,discount,shipping,tax,revenue,refunded_amount',
    ],
    ['returns', 'return_id,order_id,returned_at,sku,quantity,amount,reason'],
    [
      'sessions',
      'session_id,started_at,visitor_id,customer_id,source,medium,campaign,device,country,landing_page,pageviews,duration_s,page_load_ms,converted,order_id,revenue',
    ],
    [
      'support_tickets',
      'ticket_id,created_at,first_response_at,resolved_at,channel,topic,customer_id,order_id',
    ],
    ['surveys', 'response_id,answered_at,customer_id,order_id,score,comment'],
  ])('%s.csv maps to %s', (table, line) => {
    const d = detectFormat(`${table}.csv`, header(line));
    expect(d.targets.map((t) => t.table)).toEqual([table]);
    expect(missingRoles(d.targets[0]!)).toEqual([]);
    // Every column named after a role of its table is taken for that role.
    for (const [role, column] of Object.entries(d.targets[0]?.roles ?? {})) {
      if (line.split(',').includes(role)) expect(column).toBe(role);
    }
  });
});
