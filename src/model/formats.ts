import type { CanonicalTable } from './canonical';

// Export formats recognised by their headers (../shared/spec/data-model.md, "Formats to
// recognise"). Column names are normalised (see normaliseName); a name ending in `*` matches
// any column that starts with it (`amountspent*` ← "Amount spent (EUR)").

/** How a format's rows become a canonical table when they are not one row per table row. */
export type Derivation =
  /** Line-item rows carry the order's fields (on every line, or only on the first): one order per id. */
  | 'orders-from-order-lines'
  /** Line items only: order revenue is Σ quantity × unit price of the sale lines; `C…` invoices are cancellations. */
  | 'orders-from-line-items'
  /** Each row is one unit sold. */
  | 'one-unit-per-row'
  /** Amounts per order from another file (payments): an order's revenue is their sum. */
  | 'order-amounts'
  /** Customer ids linked to the person behind them (Olist issues a customer id per order). */
  | 'customer-links'
  /** Google Analytics hit rows: one session per visit id; money in millionths (micros). */
  | 'ga-hits'
  /** Order lines with a negative quantity and a price are returned units (UCI: the lines of C invoices). */
  | 'returns-from-negative-lines';

/** One canonical table a format feeds, and which of its columns play which role. */
export interface FormatTarget {
  table: CanonicalTable;
  /** role → candidate columns, best first; `=text` is a constant. */
  roles: Record<string, string[]>;
  derivation?: Derivation;
}

/** A recognised export format. */
export interface FormatDef {
  id: string;
  label: string;
  /** Every entry must match a column; an entry lists alternatives. */
  signature: string[][];
  targets: FormatTarget[];
  /** What the format holds that no canonical table takes, said to the person. */
  note?: string;
}

export const FORMATS: FormatDef[] = [
  {
    id: 'shopify-orders',
    label: 'Shopify orders export',
    signature: [
      ['name'],
      ['financialstatus'],
      ['lineitemquantity'],
      ['lineitemprice'],
      ['createdat'],
      ['total'],
    ],
    targets: [
      {
        table: 'orders',
        derivation: 'orders-from-order-lines',
        roles: {
          order_id: ['name'],
          ordered_at: ['createdat'],
          revenue: ['total'],
          customer_email: ['email'],
          status: ['financialstatus'],
          currency: ['currency'],
          discount: ['discountamount'],
          shipping: ['shipping'],
          tax: ['taxes'],
          refunded_amount: ['refundedamount'],
          cancelled_at: ['cancelledat'],
          country: ['billingcountry', 'shippingcountry'],
          source: ['source'],
        },
      },
      {
        table: 'order_items',
        roles: {
          order_id: ['name'],
          sku: ['lineitemsku'],
          product_name: ['lineitemname'],
          quantity: ['lineitemquantity'],
          unit_price: ['lineitemprice'],
          brand: ['vendor'],
        },
      },
    ],
  },
  {
    id: 'woocommerce-orders',
    label: 'WooCommerce orders export',
    signature: [
      ['ordernumber', 'orderid'],
      ['orderdate'],
      ['orderstatus'],
      ['ordertotal', 'ordertotalamount'],
    ],
    targets: [
      {
        table: 'orders',
        derivation: 'orders-from-order-lines',
        roles: {
          order_id: ['ordernumber', 'orderid'],
          ordered_at: ['orderdate'],
          revenue: ['ordertotal', 'ordertotalamount'],
          status: ['orderstatus'],
          customer_id: ['customeruserid', 'customerid'],
          customer_email: ['customeremail', 'billingemail', 'emailbilling'],
          country: ['billingcountry', 'countrycodebilling', 'shippingcountry'],
          currency: ['ordercurrency', 'currency'],
          discount: ['cartdiscount', 'orderdiscount', 'discountamount'],
          shipping: ['ordershipping', 'ordershippingamount', 'shippingcost'],
          tax: ['ordertax', 'taxtotal', 'ordertaxamount'],
          refunded_amount: ['orderrefund', 'refundedamount'],
        },
      },
      {
        table: 'order_items',
        roles: {
          order_id: ['ordernumber', 'orderid'],
          product_name: ['itemname', 'productname'],
          sku: ['itemsku', 'sku'],
          product_id: ['productid', 'itemid'],
          quantity: ['quantity', 'itemquantity', 'qty'],
          unit_price: ['itemcost', 'itemprice'],
          line_total: ['itemtotal', 'linetotal'],
        },
      },
    ],
  },
  {
    id: 'uci-transactions',
    label: 'Transaction log (UCI Online Retail style)',
    signature: [
      ['invoiceno', 'invoice'],
      ['stockcode'],
      ['quantity'],
      ['invoicedate'],
      ['unitprice', 'price'],
    ],
    targets: [
      {
        table: 'order_items',
        roles: {
          order_id: ['invoiceno', 'invoice'],
          sku: ['stockcode'],
          product_name: ['description'],
          quantity: ['quantity'],
          unit_price: ['unitprice', 'price'],
        },
      },
      {
        table: 'orders',
        derivation: 'orders-from-line-items',
        roles: {
          order_id: ['invoiceno', 'invoice'],
          ordered_at: ['invoicedate'],
          customer_id: ['customerid'],
          country: ['country'],
          quantity: ['quantity'],
          unit_price: ['unitprice', 'price'],
        },
      },
      {
        table: 'returns',
        derivation: 'returns-from-negative-lines',
        roles: {
          order_id: ['invoiceno', 'invoice'],
          returned_at: ['invoicedate'],
          product_id: ['stockcode'],
          quantity: ['quantity'],
          unit_price: ['unitprice', 'price'],
        },
      },
    ],
  },
  {
    id: 'olist-orders',
    label: 'Olist orders',
    signature: [['orderid'], ['customerid'], ['orderstatus'], ['orderpurchasetimestamp']],
    note: 'Olist keeps order amounts in the payments file: drop olist_order_payments_dataset.csv too.',
    targets: [
      {
        table: 'orders',
        roles: {
          order_id: ['orderid'],
          ordered_at: ['orderpurchasetimestamp'],
          customer_id: ['customerid'],
          status: ['orderstatus'],
        },
      },
    ],
  },
  {
    id: 'olist-order-items',
    label: 'Olist order items',
    signature: [['orderid'], ['orderitemid'], ['productid'], ['sellerid'], ['price'], ['freightvalue']],
    targets: [
      {
        table: 'order_items',
        derivation: 'one-unit-per-row',
        roles: { order_id: ['orderid'], product_id: ['productid'], unit_price: ['price'], quantity: ['=1'] },
      },
    ],
  },
  {
    id: 'olist-payments',
    label: 'Olist order payments',
    signature: [['orderid'], ['paymentsequential'], ['paymenttype'], ['paymentvalue']],
    note: 'Payments give each Olist order its amount.',
    targets: [
      {
        table: 'orders',
        derivation: 'order-amounts',
        roles: { order_id: ['orderid'], revenue: ['paymentvalue'] },
      },
    ],
  },
  {
    id: 'olist-reviews',
    label: 'Olist order reviews (1–5)',
    signature: [['reviewid'], ['orderid'], ['reviewscore'], ['reviewcreationdate']],
    targets: [{ table: 'surveys', roles: { answered_at: ['reviewcreationdate'], score: ['reviewscore'] } }],
  },
  {
    id: 'olist-customers',
    label: 'Olist customers',
    signature: [['customerid'], ['customeruniqueid']],
    note: 'Links each order to the person who placed it (customer_unique_id).',
    targets: [
      {
        table: 'orders',
        derivation: 'customer-links',
        roles: { customer_id: ['customerid'], person_id: ['customeruniqueid'] },
      },
    ],
  },
  {
    id: 'olist-products',
    label: 'Olist products',
    signature: [['productid'], ['productcategoryname']],
    note: 'Product categories for Olist order items.',
    targets: [],
  },
  {
    id: 'olist-leads',
    label: 'Olist marketing qualified leads',
    signature: [['mqlid'], ['firstcontactdate'], ['origin']],
    note: 'Leads by origin: a lead funnel, not web sessions.',
    targets: [],
  },
  {
    id: 'olist-closed-deals',
    label: 'Olist closed deals',
    signature: [['mqlid'], ['sellerid'], ['wondate']],
    note: 'Leads that became sellers.',
    targets: [],
  },
  {
    id: 'rees46-events',
    label: 'Clickstream events (REES46 style)',
    signature: [['eventtime'], ['eventtype'], ['productid'], ['userid'], ['usersession']],
    targets: [
      {
        table: 'events',
        roles: {
          occurred_at: ['eventtime'],
          event_type: ['eventtype'],
          session_id: ['usersession'],
          visitor_id: ['userid'],
          product_id: ['productid'],
          price: ['price'],
        },
      },
    ],
  },
  {
    id: 'retailrocket-events',
    label: 'Clickstream events (Retailrocket style)',
    signature: [['timestamp'], ['visitorid'], ['event'], ['itemid']],
    targets: [
      {
        table: 'events',
        roles: {
          occurred_at: ['timestamp'],
          event_type: ['event'],
          visitor_id: ['visitorid'],
          product_id: ['itemid'],
          order_id: ['transactionid'],
        },
      },
    ],
  },
  {
    id: 'ga-report',
    label: 'Google Analytics report export',
    signature: [
      ['date'],
      ['sessionsourcemedium', 'sessionsource', 'sourcemedium', 'sessiondefaultchannelgroup'],
      ['sessions'],
    ],
    targets: [
      {
        table: 'sessions',
        roles: {
          started_at: ['date'],
          source: ['sessionsourcemedium', 'sessionsource', 'sourcemedium', 'sessiondefaultchannelgroup'],
          session_count: ['sessions'],
          converted_count: ['conversions', 'keyevents', 'transactions'],
          revenue: ['totalrevenue', 'purchaserevenue', 'revenue'],
        },
      },
    ],
  },
  {
    id: 'ga-bigquery-sessions',
    label: 'Google Analytics sessions (BigQuery sample export)',
    signature: [['fullvisitorid'], ['visitid'], ['channelgrouping']],
    note: 'Visitor ids in this export may be damaged by Excel (2.82E+18): visits are told apart by visit id.',
    targets: [
      {
        table: 'sessions',
        derivation: 'ga-hits',
        roles: {
          session_id: ['visitid'],
          visitor_id: ['fullvisitorid'],
          started_at: ['visitstarttime', 'date', 'purchasedate'],
          source: ['channelgrouping'],
          country: ['country'],
          pageviews: ['pageviews'],
          duration_s: ['timeonsite'],
          converted: ['transactions', 'revenue'],
          revenue: ['totaltransactionsrevenue', 'revenue'],
        },
      },
    ],
  },
  {
    id: 'google-ads',
    label: 'Google Ads report',
    signature: [['day'], ['campaign'], ['cost'], ['impr', 'impressions'], ['clicks']],
    targets: [
      {
        table: 'marketing_spend',
        roles: {
          date: ['day'],
          campaign: ['campaign'],
          spend: ['cost'],
          impressions: ['impr', 'impressions'],
          clicks: ['clicks'],
          channel: ['=Google Ads'],
        },
      },
    ],
  },
  {
    id: 'meta-ads',
    label: 'Meta Ads report',
    signature: [['reportingstarts'], ['campaignname', 'adsetname', 'adname'], ['amountspent*']],
    targets: [
      {
        table: 'marketing_spend',
        roles: {
          date: ['reportingstarts'],
          campaign: ['campaignname', 'adsetname', 'adname'],
          spend: ['amountspent*'],
          impressions: ['impressions'],
          clicks: ['linkclicks', 'clicksall', 'clicks'],
          leads: ['leads'],
          channel: ['=Meta Ads'],
        },
      },
    ],
  },
  {
    id: 'facebook-ads-kaggle',
    label: 'Facebook ads conversion data',
    signature: [['adid'], ['xyzcampaignid'], ['fbcampaignid'], ['impressions'], ['clicks'], ['spent']],
    targets: [
      {
        table: 'marketing_spend',
        roles: {
          date: ['date', 'reportingstart'],
          campaign: ['xyzcampaignid'],
          spend: ['spent'],
          impressions: ['impressions'],
          clicks: ['clicks'],
          leads: ['totalconversion'],
          channel: ['=Facebook Ads'],
        },
      },
    ],
  },
  {
    id: 'online-shoppers-intention',
    label: 'Online shoppers intention (one row per session)',
    signature: [
      ['administrative'],
      ['productrelated'],
      ['bouncerates'],
      ['exitrates'],
      ['visitortype'],
      ['revenue'],
    ],
    note: 'Sessions without a date (only a month name): counts and conversion, no trend.',
    targets: [],
  },
  {
    id: 'shopify-products',
    label: 'Shopify products export',
    signature: [['handle'], ['title'], ['variantsku'], ['variantprice']],
    note: 'A product catalogue: names, prices and stock, no sales.',
    targets: [],
  },
];
