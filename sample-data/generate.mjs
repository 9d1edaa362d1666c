#!/usr/bin/env node
// Generates the demo shop: "Huis & Haard", a Dutch home-and-living web shop selling in six
// countries, 1 May 2024 – 31 October 2025. The data is synthetic and deterministic: the same
// seed gives byte-identical files, so tests can compute expected KPIs from them.
//
//   node sample-data/generate.mjs [--out <dir>]     (default: this folder)
//
// Node built-ins only. Every table of the canonical model gets a file `<table>.csv.gz`; the
// story in the data (seasonality, Black Friday, repeat customers, an outage, a viral post,
// a slow-page week, a stock-out) is described in README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const SEED = 20240501;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
// Times are wall-clock local times, kept as UTC milliseconds so no time zone ever applies.
const START = Date.UTC(2024, 4, 1);
const END = Date.UTC(2025, 10, 1); // exclusive
const BASE_SESSIONS_PER_DAY = 64;

// ---------------------------------------------------------------------------- randomness

/** mulberry32: small, fast, good enough for synthetic data, and identical on every platform. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(SEED);
const uniform = (low, high) => low + (high - low) * rand();
const chance = (p) => rand() < p;
const pick = (items) => items[Math.floor(rand() * items.length)];

function normal() {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const lognormal = (median, sigma) => median * Math.exp(sigma * normal());

function poisson(lambda) {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/** Picks from [value, weight] pairs. */
function weighted(entries) {
  let total = 0;
  for (const [, w] of entries) total += w;
  let r = rand() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1][0];
}

/** An index into a list of n, favouring the end (recent entries); uniform when the draw overshoots. */
function recentIndex(n, scale) {
  const index = n - 1 - Math.floor(-Math.log(1 - rand()) * scale);
  return index >= 0 ? index : Math.floor(rand() * n);
}

const round2 = (x) => Math.round(x * 100) / 100;
const money = (x) => x.toFixed(2);
const timestamp = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const date = (ms) => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms) => new Date(ms).getUTCMonth(); // 0 = January
const weekdayOf = (ms) => (new Date(ms).getUTCDay() + 6) % 7; // 0 = Monday
const dayStart = (ms) => ms - (ms % DAY);
const at = (y, m, d) => Date.UTC(y, m - 1, d);
const between = (ms, from, to) => ms >= from && ms < to;

// ---------------------------------------------------------------------------- catalogue

const CATEGORIES = {
  Kitchen: {
    prefix: 'KIT',
    returnRate: 0.04,
    season: [1, 0.9, 0.95, 1, 1, 0.95, 0.9, 0.9, 1, 1.05, 1.3, 1.5],
  },
  'Home decor': {
    prefix: 'DEC',
    returnRate: 0.06,
    season: [0.9, 0.9, 1, 1.05, 1, 0.9, 0.85, 0.9, 1, 1.1, 1.3, 1.45],
  },
  Textiles: {
    prefix: 'TEX',
    returnRate: 0.12,
    season: [1.2, 1.1, 0.9, 0.8, 0.7, 0.6, 0.6, 0.7, 0.95, 1.25, 1.45, 1.4],
  },
  Lighting: {
    prefix: 'LIG',
    returnRate: 0.08,
    season: [1.15, 1, 0.85, 0.7, 0.6, 0.5, 0.5, 0.6, 0.9, 1.3, 1.5, 1.5],
  },
  Garden: {
    prefix: 'GAR',
    returnRate: 0.05,
    season: [0.3, 0.4, 0.9, 1.6, 1.9, 1.8, 1.5, 1.1, 0.7, 0.5, 0.4, 0.5],
  },
  Gifts: {
    prefix: 'GFT',
    returnRate: 0.01,
    season: [0.5, 0.8, 0.7, 0.7, 0.8, 0.7, 0.6, 0.6, 0.7, 0.9, 1.6, 3],
  },
};

// [category, brand, name, price, popularity]
const PRODUCT_ROWS = [
  ['Kitchen', 'Kookgoed', "Chef's knife 20 cm", 59.95, 9],
  ['Kitchen', 'Kookgoed', 'Cast iron pan 28 cm', 49.95, 8],
  ['Kitchen', 'Nordhem', 'Oak cutting board', 34.95, 10],
  ['Kitchen', 'Nordhem', 'Espresso cups, set of 4', 24.95, 12],
  ['Kitchen', 'Kookgoed', 'Linen tea towel', 12.95, 14],
  ['Kitchen', 'Nordhem', 'Ceramic mixing bowl', 29.95, 6],
  ['Kitchen', 'Kookgoed', 'Pour-over coffee set', 39.95, 7],
  ['Kitchen', 'Nordhem', 'Olive wood salad servers', 19.95, 6],
  ['Home decor', 'Vaas & Co', 'Stoneware vase, large', 44.95, 9],
  ['Home decor', 'Linde', 'Round wall mirror 60 cm', 89.95, 5],
  ['Home decor', 'Vaas & Co', 'Scented candle "Fig & Cedar"', 18.95, 15],
  ['Home decor', 'Linde', 'Oak photo frame', 16.95, 8],
  ['Home decor', 'Linde', 'Woven seagrass basket', 32.95, 7],
  ['Home decor', 'Vaas & Co', 'Ceramic planter', 27.95, 8],
  ['Home decor', 'Linde', 'Art print "Dunes" 50x70', 39.95, 6],
  ['Home decor', 'Vaas & Co', 'Table clock', 34.95, 2],
  ['Textiles', 'Wolwerk', 'Wool throw', 79.95, 8],
  ['Textiles', 'Linde', 'Linen duvet cover', 119.95, 6],
  ['Textiles', 'Wolwerk', 'Velvet cushion cover', 24.95, 12],
  ['Textiles', 'Linde', 'Bath towel set', 49.95, 7],
  ['Textiles', 'Wolwerk', 'Cotton rug 160x230', 149.95, 3],
  ['Textiles', 'Linde', 'Linen curtains, 2 panels', 89.95, 4],
  ['Textiles', 'Wolwerk', 'Waffle bath robe', 59.95, 5],
  ['Textiles', 'Linde', 'Table runner', 22.95, 6],
  ['Lighting', 'Lumen Noord', 'Rattan pendant lamp', 129.95, 5],
  ['Lighting', 'Lumen Noord', 'Brass table lamp', 99.95, 5],
  ['Lighting', 'Lumen Noord', 'Linen floor lamp', 159.95, 3],
  ['Lighting', 'Lumen Noord', 'LED string lights', 19.95, 11],
  ['Lighting', 'Lumen Noord', 'Wall sconce', 69.95, 3],
  ['Lighting', 'Lumen Noord', 'Vintage bulb E27', 8.95, 9],
  ['Garden', 'Tuinhuis', 'Zinc watering can', 29.95, 7],
  ['Garden', 'Tuinhuis', 'Herb planter set', 24.95, 8],
  ['Garden', 'Tuinhuis', 'Leather garden gloves', 12.95, 9],
  ['Garden', 'Tuinhuis', 'Outdoor cushion', 34.95, 6],
  ['Garden', 'Tuinhuis', 'Glass lantern', 39.95, 6],
  ['Garden', 'Tuinhuis', 'Bird feeder', 17.95, 5],
  ['Gifts', 'Huis & Haard', 'Gift card EUR 25', 25, 6],
  ['Gifts', 'Huis & Haard', 'Gift card EUR 50', 50, 4],
  ['Gifts', 'Vaas & Co', 'Candle gift box', 34.95, 6],
  ['Gifts', 'Linde', 'Linen notebook', 14.95, 7],
  ['Gifts', 'Nordhem', 'Mug set, set of 2', 22.95, 8],
];

const counters = {};
const PRODUCTS = PRODUCT_ROWS.map(([category, brand, name, price, popularity]) => {
  const { prefix } = CATEGORIES[category];
  counters[prefix] = (counters[prefix] ?? 0) + 1;
  const sku = `${prefix}-${String(counters[prefix]).padStart(3, '0')}`;
  return { sku, category, brand, name, price, popularity, stocked: !name.startsWith('Gift card') };
});
const productBySku = new Map(PRODUCTS.map((p) => [p.sku, p]));
const STOCKOUT_SKU = 'LIG-004'; // LED string lights: the supplier stops delivering in August 2025
const OVERSTOCK_SKU = 'DEC-008'; // bought two years' worth at the start

// ---------------------------------------------------------------------------- markets and traffic

const COUNTRIES = [
  // code, share, VAT rate, free-shipping threshold, shipping fee
  ['NL', 0.48, 0.21, 50, 4.95],
  ['BE', 0.17, 0.21, 50, 4.95],
  ['DE', 0.18, 0.19, 75, 6.95],
  ['SE', 0.07, 0.25, 150, 12.95],
  ['FR', 0.06, 0.2, 75, 6.95],
  ['GB', 0.04, 0, 150, 12.95],
];
const countryInfo = new Map(COUNTRIES.map(([code, , vat, free, fee]) => [code, { vat, free, fee }]));

const DEVICES = [
  ['mobile', 0.58, 0.7, 2300],
  ['desktop', 0.35, 1.5, 1400],
  ['tablet', 0.07, 1.0, 1800],
];
const deviceInfo = new Map(DEVICES.map(([name, , conversion, loadMs]) => [name, { conversion, loadMs }]));

const BF_FROM = at(2024, 11, 22);
const BF_TO = at(2024, 12, 3);
const META_FROM = at(2024, 9, 1);

/** The traffic sources live on a day: [source, medium, campaign, weight, conversion factor, bounce]. */
function trafficSources(day) {
  const weekday = weekdayOf(day);
  const newsletterBoost = weekday === 3 ? 3 : weekday === 4 ? 1.5 : 0.6;
  const bf = between(day, BF_FROM, BF_TO);
  const sources = [
    ['(direct)', '(none)', '', 22, 1.4, 0.38],
    ['google', 'organic', '', 24, 1.0, 0.42],
    ['bing', 'organic', '', 2, 1.0, 0.42],
    ['duckduckgo', 'organic', '', 1, 1.1, 0.4],
    ['google', 'cpc', 'brand_search', 5, 2.0, 0.3],
    ['google', 'cpc', 'generic_home', 6, 0.9, 0.5],
    ['google', 'cpc', 'shopping_pmax', 5, 1.0, 0.45],
    ['google', 'display', 'display_remarketing', 3, 0.4, 0.62],
    ['instagram', 'social', '', 3.5, 0.5, 0.55],
    ['facebook', 'social', '', 1.5, 0.5, 0.55],
    ['pinterest', 'social', '', 1.5, 0.6, 0.5],
    ['newsletter', 'email', 'weekly_newsletter', 6 * newsletterBoost, 2.0, 0.3],
    ['klaviyo', 'email', 'abandoned_cart', 1.2, 3.0, 0.25],
    ['wonenblog.nl', 'referral', '', 2.5, 1.1, 0.45],
    ['trustpilot.com', 'referral', '', 1.5, 1.4, 0.35],
    ['tradetracker', 'affiliate', 'tt_partners', 2, 1.2, 0.4],
  ];
  if (day >= META_FROM) {
    sources.push(['facebook', 'paid_social', 'meta_prospecting', 6, 0.55, 0.6]);
    sources.push(['instagram', 'paid_social', 'meta_retargeting', 3, 1.3, 0.45]);
  }
  if (bf) {
    sources.push(['newsletter', 'email', 'bf_2024', 14, 2.5, 0.25]);
    sources.push(['facebook', 'paid_social', 'bf_2024', 10, 1.0, 0.45]);
  }
  return sources;
}

const MONTH_TRAFFIC = [0.9, 0.85, 0.95, 1, 1, 0.92, 0.85, 0.88, 1, 1.1, 1.35, 1.4];
const WEEKDAY_TRAFFIC = [1.1, 1.05, 1, 0.98, 0.88, 0.82, 1.12];
const HOURS = [
  0.3, 0.15, 0.1, 0.07, 0.06, 0.1, 0.3, 0.6, 0.85, 1, 1.1, 1.15, 1.25, 1.2, 1.1, 1.05, 1.05, 1.05, 1.15, 1.45,
  1.65, 1.6, 1.1, 0.6,
].map((w, hour) => [hour, w]);

/** Day-level multipliers for traffic and conversion: the season, the growth and the story. */
function dayFactors(day) {
  const yearsIn = (day - START) / (365 * DAY);
  let traffic = MONTH_TRAFFIC[monthOf(day)] * WEEKDAY_TRAFFIC[weekdayOf(day)] * (1 + 0.25 * yearsIn);
  let conversion = 1 + 0.08 * yearsIn;
  if (between(day, BF_FROM, BF_TO)) {
    traffic *= 1.8;
    conversion *= 1.4;
  }
  if (day === at(2024, 11, 29)) {
    traffic *= 1.7; // Black Friday itself
    conversion *= 1.3;
  }
  if (between(day, at(2024, 12, 14), at(2024, 12, 21))) conversion *= 1.25; // last order date for Christmas
  if (between(day, at(2024, 12, 24), at(2024, 12, 27))) traffic *= 0.6;
  if (between(day, at(2025, 2, 3), at(2025, 2, 10))) conversion *= 0.75; // slow-page week
  return { traffic, conversion };
}

const OUTAGE_DAY = at(2025, 3, 18); // site down 09:00–15:00
const VIRAL_DAY = at(2025, 6, 10); // an interior influencer posts a product
const SLOW_FROM = at(2025, 2, 3);
const SLOW_TO = at(2025, 2, 10);

// ---------------------------------------------------------------------------- people

const FIRST_NAMES = [
  'anna',
  'daan',
  'emma',
  'lucas',
  'sophie',
  'noah',
  'julia',
  'sem',
  'lisa',
  'finn',
  'eva',
  'milan',
  'sara',
  'lars',
  'elin',
  'jonas',
  'marie',
  'lena',
  'paul',
  'chloe',
  'hugo',
  'ines',
  'oscar',
  'freya',
  'tom',
  'nina',
];
const LAST_NAMES = [
  'devries',
  'jansen',
  'bakker',
  'visser',
  'smit',
  'peeters',
  'maes',
  'mueller',
  'schmidt',
  'andersson',
  'johansson',
  'martin',
  'bernard',
  'smith',
  'dekker',
  'mulder',
  'dijkstra',
  'vandenberg',
  'claes',
  'weber',
];

let visitorCount = 0;
let customerCount = 0;
const visitors = [];
const buyers = [];

function newVisitor(day) {
  visitorCount++;
  const visitor = {
    id: `V${String(visitorCount).padStart(6, '0')}`,
    email: `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${visitorCount}@example.com`,
    country: weighted(COUNTRIES.map(([code, share]) => [code, share])),
    device: weighted(DEVICES.map(([name, share]) => [name, share])),
    customerId: null,
    subscribed: false,
    orders: 0,
    firstSeen: day,
  };
  visitors.push(visitor);
  return visitor;
}

function returningVisitor() {
  const r = rand();
  if (r < 0.14 && buyers.length > 0) return buyers[recentIndex(buyers.length, 400)];
  if (r < 0.3 && visitors.length > 0) return visitors[recentIndex(visitors.length, 3000)];
  return null;
}

// ---------------------------------------------------------------------------- output tables

const tables = {
  orders: [
    'order_id',
    'ordered_at',
    'customer_id',
    'email',
    'status',
    'channel',
    'source',
    'medium',
    'campaign',
    'device',
    'country',
    'currency',
    'subtotal',
    'discount',
    'shipping',
    'tax',
    'revenue',
    'refunded_amount',
  ],
  order_items: [
    'order_id',
    'line_no',
    'sku',
    'product_name',
    'category',
    'brand',
    'quantity',
    'unit_price',
    'line_total',
  ],
  sessions: [
    'session_id',
    'started_at',
    'visitor_id',
    'customer_id',
    'source',
    'medium',
    'campaign',
    'device',
    'country',
    'landing_page',
    'pageviews',
    'duration_s',
    'page_load_ms',
    'converted',
    'order_id',
    'revenue',
  ],
  events: [
    'occurred_at',
    'event_type',
    'session_id',
    'visitor_id',
    'page',
    'product_id',
    'price',
    'order_id',
  ],
  marketing_spend: ['date', 'channel', 'campaign', 'impressions', 'clicks', 'spend', 'leads'],
  returns: ['return_id', 'order_id', 'returned_at', 'sku', 'quantity', 'amount', 'reason'],
  inventory: ['snapshot_at', 'sku', 'product_name', 'on_hand'],
  surveys: ['response_id', 'answered_at', 'customer_id', 'order_id', 'score', 'comment'],
  support_tickets: [
    'ticket_id',
    'created_at',
    'first_response_at',
    'resolved_at',
    'channel',
    'topic',
    'customer_id',
    'order_id',
  ],
  email_subscribers: ['email', 'subscribed_at', 'unsubscribed_at', 'signup_source'],
};
const rows = Object.fromEntries(Object.keys(tables).map((name) => [name, []]));

// ---------------------------------------------------------------------------- inventory

const stock = new Map();
const arrivals = []; // { day, sku, quantity }
const weeklyDemand = (p) => p.popularity * 0.18;

for (const p of PRODUCTS.filter((p) => p.stocked)) {
  const weeks = p.sku === OVERSTOCK_SKU ? 110 : 8 + Math.floor(rand() * 4);
  stock.set(p.sku, Math.round(weeklyDemand(p) * weeks));
}

function restock(day) {
  for (let i = arrivals.length - 1; i >= 0; i--) {
    const arrival = arrivals[i];
    if (arrival.day <= day) {
      stock.set(arrival.sku, stock.get(arrival.sku) + arrival.quantity);
      arrivals.splice(i, 1);
    }
  }
  for (const p of PRODUCTS) {
    if (!p.stocked || p.sku === OVERSTOCK_SKU) continue;
    if (p.sku === STOCKOUT_SKU && day >= at(2025, 8, 1)) continue;
    const onOrder = arrivals.some((a) => a.sku === p.sku);
    const season = CATEGORIES[p.category].season[monthOf(day)];
    if (!onOrder && stock.get(p.sku) < Math.max(4, weeklyDemand(p) * season * 4)) {
      const quantity = Math.round(weeklyDemand(p) * season * uniform(8, 12)) + 6;
      arrivals.push({ day: day + DAY * Math.round(uniform(7, 14)), sku: p.sku, quantity });
    }
  }
}

function snapshot(day) {
  for (const p of PRODUCTS) {
    if (!p.stocked) continue;
    rows.inventory.push([timestamp(day + 6 * HOUR), p.sku, p.name, stock.get(p.sku)]);
  }
}

// ---------------------------------------------------------------------------- orders

function productWeights(day) {
  const month = monthOf(day);
  return PRODUCTS.filter((p) => !p.stocked || stock.get(p.sku) > 0).map((p) => [
    p,
    p.popularity * CATEGORIES[p.category].season[month],
  ]);
}

function basket(weights, viral) {
  const lines = [];
  const count = weighted([
    [1, 55],
    [2, 28],
    [3, 12],
    [4, 5],
  ]);
  while (lines.length < count) {
    const product = viral && lines.length === 0 ? productBySku.get('DEC-001') : weighted(weights);
    if (lines.some((l) => l.product === product)) {
      if (lines.length >= weights.length) break;
      continue;
    }
    const quantity = weighted([
      [1, 85],
      [2, 12],
      [3, 3],
    ]);
    lines.push({ product, quantity });
  }
  return lines;
}

const pendingOrders = []; // orders of the current day, numbered once the day is sorted

function createOrder({ at: orderedAt, visitor, session, channel, lines, discountRate }) {
  const country = visitor?.country ?? session?.country ?? 'NL';
  const { vat, free, fee } = countryInfo.get(country);
  const subtotal = round2(lines.reduce((sum, l) => sum + l.quantity * l.product.price, 0));
  const discount = round2(subtotal * discountRate);
  const shipping = channel === 'pos' || subtotal - discount >= free ? 0 : fee;
  const revenue = round2(subtotal - discount + shipping);
  const tax = round2(revenue - revenue / (1 + vat));
  const cancelled = chance(channel === 'marketplace' ? 0.05 : 0.022);
  const order = {
    id: '',
    orderedAt,
    visitor,
    session,
    channel,
    lines,
    country,
    discountRate,
    subtotal,
    discount,
    shipping,
    tax,
    revenue,
    status: cancelled ? 'cancelled' : 'paid',
    refunded: 0,
    customerId: '',
    email: '',
  };
  if (visitor) {
    if (!visitor.customerId && chance(0.86)) {
      customerCount++;
      visitor.customerId = `C${String(customerCount).padStart(5, '0')}`;
    }
    if (visitor.orders === 0) buyers.push(visitor);
    visitor.orders++;
    order.customerId = visitor.customerId ?? '';
    // Guest checkouts type their e-mail address by hand, sometimes capitalised.
    order.email = !visitor.customerId && chance(0.3) ? capitalise(visitor.email) : visitor.email;
  }
  for (const line of lines) {
    if (line.product.stocked)
      stock.set(line.product.sku, Math.max(0, stock.get(line.product.sku) - line.quantity));
  }
  pendingOrders.push(order);
  return order;
}

const capitalise = (email) => email.replace(/(^|\.)([a-z])/g, (_, dot, c) => dot + c.toUpperCase());

function discountFor(day, campaign, visitor) {
  if (between(day, BF_FROM, BF_TO) && chance(0.7)) return 0.2;
  if (campaign === 'abandoned_cart' && chance(0.6)) return 0.1;
  if (campaign === 'weekly_newsletter' && chance(0.15)) return 0.1;
  if (visitor && visitor.orders === 0 && visitor.subscribed && chance(0.5)) return 0.1; // welcome code
  return 0;
}

// ---------------------------------------------------------------------------- sessions and events

const PAGES = {
  home: '/',
  collection: () =>
    `/collections/${pick(['kitchen', 'home-decor', 'textiles', 'lighting', 'garden', 'gifts', 'new'])}`,
  blog: () =>
    `/blog/${pick(['styling-a-small-living-room', 'autumn-table', 'caring-for-linen', 'gift-guide'])}`,
  info: () => pick(['/pages/shipping', '/pages/returns', '/pages/contact', '/pages/about']),
};
const productPage = (p) => `/products/${p.sku.toLowerCase()}`;

function landingPage(medium, campaign, weights) {
  if (medium === '(none)') return PAGES.home;
  if (medium === 'email') return campaign === 'abandoned_cart' ? '/cart' : '/collections/new';
  if (medium === 'cpc' && campaign === 'brand_search') return PAGES.home;
  if (medium === 'organic' && chance(0.25)) return PAGES.blog();
  if (chance(0.55)) return productPage(weighted(weights));
  return chance(0.5) ? PAGES.collection() : PAGES.home;
}

let sessionSeq = 0;

function simulateSession(day, factors, weights, sourceList, options = {}) {
  const hour = options.hour ?? weighted(HOURS);
  const startedAt = day + hour * HOUR + Math.floor(rand() * HOUR);
  const [source, medium, campaign, , sourceConversion, sourceBounce] =
    options.source ?? weighted(sourceList.map((s) => [s, s[3]]));
  const visitor = returningVisitor() ?? newVisitor(day);
  const device = chance(0.7) ? visitor.device : weighted(DEVICES.map(([name, share]) => [name, share]));
  const deviceFactor = deviceInfo.get(device);
  const slow = between(day, SLOW_FROM, SLOW_TO) ? 1.8 : 1;
  const pageLoadMs = Math.round(lognormal(deviceFactor.loadMs * slow, 0.35));

  const loyal = visitor.orders > 0 ? 2.6 : 1;
  const pConvert = Math.min(
    0.5,
    0.0215 * factors.conversion * sourceConversion * deviceFactor.conversion * loyal,
  );
  const converted = !options.neverConverts && chance(options.conversion ?? pConvert);
  const bounced = !converted && chance(sourceBounce);
  const carted = converted || (!bounced && chance(0.11));
  const checkout = converted || (carted && chance(0.36));

  // The page path: landing page, browsing, then cart and checkout pages as the journey goes.
  const path = [];
  const landing = options.landing ?? landingPage(medium, campaign, weights);
  path.push(landing);
  const lines = converted ? basket(weights, options.viral) : [];
  const viewed = lines.map((l) => l.product);
  if (!bounced) {
    const browse = 1 + Math.floor(-Math.log(1 - rand()) * 3.2);
    for (let i = 0; i < browse; i++) {
      const r = rand();
      path.push(
        r < 0.58
          ? productPage(weighted(weights))
          : r < 0.8
            ? PAGES.collection()
            : r < 0.9
              ? PAGES.info()
              : PAGES.blog(),
      );
    }
    for (const p of viewed) path.push(productPage(p));
    if (carted) path.push('/cart');
    if (checkout) path.push('/checkout');
    if (converted) path.push('/checkout/thank-you');
  }

  const session = {
    id: '',
    startedAt,
    visitor,
    source,
    medium,
    campaign,
    device,
    country: visitor.country,
    landing,
    pageviews: path.length,
    durationS: 0,
    pageLoadMs,
    converted,
    order: null,
    events: [],
  };

  // Events, spaced like a person reading pages.
  let t = startedAt;
  const cartProduct = carted ? (viewed[0] ?? productFromPath(path) ?? weighted(weights)) : null;
  let cartAdded = false;
  for (const page of path) {
    const product = page.startsWith('/products/') ? productBySku.get(page.slice(10).toUpperCase()) : null;
    session.events.push([
      t,
      product ? 'product_view' : 'page_view',
      page,
      product?.sku ?? '',
      product?.price ?? '',
      '',
    ]);
    if (page === '/cart' && cartProduct && !cartAdded) {
      cartAdded = true;
      const added = lines.length > 0 ? lines.map((l) => l.product) : [cartProduct];
      for (const p of added)
        session.events.push([
          Math.max(startedAt, t - 20_000),
          'add_to_cart',
          productPage(p),
          p.sku,
          p.price,
          '',
        ]);
    }
    if (page === '/checkout') session.events.push([t + 5_000, 'begin_checkout', page, '', '', '']);
    t += Math.round(lognormal(38_000, 0.7));
  }
  session.durationS = bounced ? 0 : Math.round((t - startedAt) / 1000);

  if (!bounced && !visitor.subscribed && chance(0.011)) {
    visitor.subscribed = true;
    session.events.push([t - 10_000, 'signup', '/pages/newsletter', '', '', '']);
    subscribers.push({ email: visitor.email, at: t - 10_000, source: 'website' });
  }

  if (converted) {
    const order = createOrder({
      at: t,
      visitor,
      session,
      channel: 'online_store',
      lines,
      discountRate: discountFor(day, campaign, visitor),
    });
    session.order = order;
    session.events.push([t, 'purchase', '/checkout/thank-you', '', order.revenue, order]);
  }
  sessions.push(session);
  return session;
}

function productFromPath(path) {
  const page = path.find((p) => p.startsWith('/products/'));
  return page ? productBySku.get(page.slice(10).toUpperCase()) : undefined;
}

const sessions = [];
const subscribers = [];

// ---------------------------------------------------------------------------- other channels

function marketplaceOrders(day, factors, weights) {
  const n = poisson(0.55 * factors.traffic);
  for (let i = 0; i < n; i++) {
    const orderedAt = day + weighted(HOURS) * HOUR + Math.floor(rand() * HOUR);
    const visitor = null;
    const order = createOrder({
      at: orderedAt,
      visitor,
      session: { country: chance(0.7) ? 'NL' : 'BE' },
      channel: 'marketplace',
      lines: basket(weights).slice(0, 2),
      discountRate: 0,
    });
    order.session = null;
  }
}

/** A pop-up store on Saturdays in the gift season; known customers give their e-mail at the till. */
function storeOrders(day, weights) {
  const month = monthOf(day);
  if (weekdayOf(day) !== 5 || !(month === 10 || month === 11 || month === 9)) return;
  const n = poisson(9);
  for (let i = 0; i < n; i++) {
    const orderedAt = day + (10 + Math.floor(rand() * 7)) * HOUR + Math.floor(rand() * HOUR);
    const visitor = chance(0.35) && buyers.length > 0 ? buyers[recentIndex(buyers.length, 600)] : null;
    createOrder({
      at: orderedAt,
      visitor,
      session: { country: 'NL' },
      channel: 'pos',
      lines: basket(weights).slice(0, 2),
      discountRate: 0,
    });
  }
}

// ---------------------------------------------------------------------------- after the sale

const RETURN_REASONS = [
  ['not as expected', 35],
  ['damaged in transit', 20],
  ['colour differs from photo', 18],
  ['changed my mind', 17],
  ['wrong item sent', 6],
  ['arrived too late', 4],
];

const returnsToWrite = [];

function afterSale(order) {
  if (order.status === 'cancelled') return;
  let returnedAll = true;
  let returnedAny = false;
  const returnedAt = order.orderedAt + DAY * uniform(4, 28);
  for (const line of order.lines) {
    const rate = CATEGORIES[line.product.category].returnRate * (line.product.stocked ? 1 : 0);
    const lineReturned = returnedAt < END && order.channel !== 'pos' && chance(rate * 1.6);
    if (!lineReturned) {
      returnedAll = false;
      continue;
    }
    returnedAny = true;
    const quantity = line.quantity > 1 && chance(0.4) ? line.quantity - 1 : line.quantity;
    if (quantity < line.quantity) returnedAll = false;
    const amount = round2(quantity * line.product.price * (1 - order.discountRate));
    order.refunded = round2(order.refunded + amount);
    returnsToWrite.push([returnedAt + Math.floor(rand() * HOUR), order, line.product, quantity, amount]);
  }
  if (returnedAny) {
    if (returnedAll) order.refunded = round2(order.refunded + order.shipping);
    order.status = returnedAll ? 'refunded' : 'partially_refunded';
  }
  order.returned = returnedAny;
}

const COMMENTS = {
  promoter: ['Beautiful quality, fast delivery', 'Lovely packaging', 'Will order again', 'Great service', ''],
  passive: ['Nice, but delivery took a while', 'Good product, a bit pricey', '', ''],
  detractor: ['Item arrived damaged', 'Took too long to get my refund', 'Colour was different', ''],
};

const surveyRows = [];

function survey(order) {
  if (order.status === 'cancelled' || !order.email || order.channel === 'marketplace') return;
  if (!chance(0.2)) return;
  const answeredAt = order.orderedAt + DAY * uniform(12, 20);
  if (answeredAt >= END) return;
  const base = order.returned ? 5.5 : 8.6;
  const score = Math.max(0, Math.min(10, Math.round(base + 1.8 * normal())));
  const kind = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  surveyRows.push([answeredAt, order, score, pick(COMMENTS[kind])]);
}

/** The next moment the service desk is open (Mon–Fri 09:00–17:00). */
function nextOpen(ms) {
  let t = ms;
  for (;;) {
    const day = dayStart(t);
    const hour = (t - day) / HOUR;
    if (weekdayOf(day) < 5 && hour >= 9 && hour < 17) return t;
    t = weekdayOf(day) < 5 && hour < 9 ? day + 9 * HOUR : day + DAY + 9 * HOUR;
  }
}

const TOPICS = [
  ['where is my order', 35],
  ['return request', 25],
  ['damaged item', 12],
  ['product question', 15],
  ['invoice', 8],
  ['change address', 5],
];
const ticketRows = [];

function ticket(createdAt, order) {
  if (createdAt >= END) return;
  const channel = weighted([
    ['email', 55],
    ['chat', 35],
    ['phone', 10],
  ]);
  const open = nextOpen(createdAt);
  const delay =
    channel === 'phone'
      ? uniform(0, 2) * MINUTE
      : channel === 'chat'
        ? lognormal(4, 0.8) * MINUTE
        : lognormal(4, 0.7) * HOUR;
  const firstResponse = nextOpen(open + delay);
  const resolved = nextOpen(firstResponse + lognormal(20, 1) * HOUR);
  const topic = order?.returned && chance(0.6) ? 'return request' : weighted(TOPICS);
  ticketRows.push([
    createdAt,
    firstResponse < END ? timestamp(firstResponse) : '',
    resolved < END ? timestamp(resolved) : '',
    channel,
    topic,
    order?.customerId ?? '',
    order,
  ]);
}

// ---------------------------------------------------------------------------- the days

const orders = [];
const spendByDay = new Map(); // `${date}|${medium}|${campaign}` → paid sessions

for (let day = START; day < END; day += DAY) {
  restock(day);
  if (weekdayOf(day) === 0) snapshot(day);
  const factors = dayFactors(day);
  const weights = productWeights(day);
  const sourceList = trafficSources(day);
  const daySessionsFrom = sessions.length;

  let n = poisson(BASE_SESSIONS_PER_DAY * factors.traffic);
  if (day === OUTAGE_DAY) n = Math.round(n * 0.45);
  for (let i = 0; i < n; i++) {
    let hour = weighted(HOURS);
    if (day === OUTAGE_DAY) while (hour >= 9 && hour < 15) hour = weighted(HOURS);
    simulateSession(day, factors, weights, sourceList, { hour });
  }
  if (day === VIRAL_DAY) {
    const viralSource = ['instagram', 'social', '', 0, 1, 0.7];
    for (let i = 0; i < 900; i++) {
      simulateSession(day, factors, weights, sourceList, {
        hour: 18 + Math.floor(rand() * 6),
        source: viralSource,
        landing: productPage(productBySku.get('DEC-001')),
        conversion: 0.009,
        viral: true,
      });
    }
  }
  marketplaceOrders(day, factors, weights);
  storeOrders(day, weights);

  // Number the day's sessions and orders in time order.
  const daySessions = sessions.slice(daySessionsFrom).sort((a, b) => a.startedAt - b.startedAt);
  for (const s of daySessions) {
    sessionSeq++;
    s.id = `S${String(sessionSeq).padStart(7, '0')}`;
    if (s.medium === 'cpc' || s.medium === 'display' || s.medium === 'paid_social' || s.medium === 'email') {
      const key = `${date(day)}|${s.medium}|${s.campaign}`;
      spendByDay.set(key, (spendByDay.get(key) ?? 0) + 1);
    }
  }
  pendingOrders.sort((a, b) => a.orderedAt - b.orderedAt);
  for (const order of pendingOrders) {
    order.id = `NL${10000 + orders.length + 1}`;
    orders.push(order);
    afterSale(order);
    survey(order);
    const needsHelp = order.returned ? 0.45 : 0.05;
    if (chance(needsHelp)) ticket(order.orderedAt + DAY * uniform(1, 12), order);
  }
  pendingOrders.length = 0;
  // Questions before buying, from chat on the site.
  for (let i = poisson(0.25); i > 0; i--)
    ticket(day + weighted(HOURS) * HOUR + Math.floor(rand() * HOUR), null);
}

// ---------------------------------------------------------------------------- spend

const SPEND = {
  cpc: { channel: 'Google Ads', cpc: [0.6, 1.4], ctr: [0.03, 0.08] },
  display: { channel: 'Google Ads', cpc: [0.25, 0.6], ctr: [0.002, 0.005] },
  paid_social: { channel: 'Meta Ads', cpc: [0.5, 1.1], ctr: [0.008, 0.016] },
};
const spendKeys = [...spendByDay.keys()].sort();
for (const key of spendKeys) {
  const [day, medium, campaign] = key.split('|');
  const sessionsCount = spendByDay.get(key);
  if (medium === 'email') continue;
  const terms = SPEND[medium];
  const clicks = Math.round(sessionsCount * uniform(1.05, 1.3));
  const costPerClick = campaign === 'brand_search' ? uniform(0.2, 0.45) : uniform(...terms.cpc);
  const impressions = Math.round(clicks / uniform(...terms.ctr));
  const leads = campaign === 'meta_prospecting' ? poisson(clicks * 0.03) : 0;
  rows.marketing_spend.push([
    day,
    terms.channel,
    campaign,
    impressions,
    clicks,
    money(clicks * costPerClick),
    leads,
  ]);
  for (let i = 0; i < leads; i++) {
    visitorCount++;
    const email = `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${visitorCount}@example.com`;
    subscribers.push({
      email,
      at: Date.parse(`${day}T00:00:00Z`) + weighted(HOURS) * HOUR,
      source: 'meta_lead_ad',
    });
  }
}
// The newsletter goes out every Thursday; the e-mail platform bills per send.
for (let day = START; day < END; day += DAY) {
  if (weekdayOf(day) !== 3) continue;
  const clicks = spendByDay.get(`${date(day)}|email|weekly_newsletter`) ?? 0;
  rows.marketing_spend.push([date(day), 'Email', 'weekly_newsletter', 0, clicks, money(24), 0]);
}
rows.marketing_spend.sort((a, b) => (a[0] + a[2]).localeCompare(b[0] + b[2]));

// ---------------------------------------------------------------------------- subscribers

// The list existed before the data starts.
for (let i = 0; i < 1600; i++) {
  visitorCount++;
  const email = `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${visitorCount}@example.com`;
  const from = at(2022, 3, 1);
  subscribers.push({ email, at: from + Math.floor(rand() * (START - from)), source: 'website' });
}
subscribers.sort((a, b) => a.at - b.at || a.email.localeCompare(b.email));
for (const s of subscribers) {
  let unsubscribedAt = '';
  for (let day = dayStart(s.at) + DAY; day < END; day += DAY) {
    const hazard = between(day, at(2024, 12, 1), at(2025, 1, 1)) ? 0.0005 : 0.00018;
    if (chance(hazard)) {
      unsubscribedAt = timestamp(day + weighted(HOURS) * HOUR + Math.floor(rand() * HOUR));
      break;
    }
  }
  rows.email_subscribers.push([s.email, timestamp(s.at), unsubscribedAt, s.source]);
}

// ---------------------------------------------------------------------------- rows

for (const o of orders) {
  const s = o.session;
  rows.orders.push([
    o.id,
    timestamp(o.orderedAt),
    o.customerId,
    o.email,
    o.status,
    o.channel,
    s?.source ?? (o.channel === 'marketplace' ? 'bol.com' : ''),
    s?.medium ?? (o.channel === 'marketplace' ? 'marketplace' : ''),
    s?.campaign ?? '',
    s?.device ?? '',
    o.country,
    'EUR',
    money(o.subtotal),
    money(o.discount),
    money(o.shipping),
    money(o.tax),
    money(o.revenue),
    money(o.refunded),
  ]);
  o.lines.forEach((line, i) => {
    const p = line.product;
    rows.order_items.push([
      o.id,
      i + 1,
      p.sku,
      p.name,
      p.category,
      p.brand,
      line.quantity,
      money(p.price),
      money(line.quantity * p.price),
    ]);
  });
  // Free gift wrap in December: a zero-price line, which the KPIs treat as no sale.
  if (monthOf(o.orderedAt) === 11 && o.channel === 'online_store' && chance(0.2)) {
    rows.order_items.push([
      o.id,
      o.lines.length + 1,
      'WRAP-001',
      'Gift wrapping',
      'Service',
      'Huis & Haard',
      1,
      money(0),
      money(0),
    ]);
  }
}

for (const s of sessions) {
  rows.sessions.push([
    s.id,
    timestamp(s.startedAt),
    s.visitor.id,
    s.order?.customerId ?? s.visitor.customerId ?? '',
    s.source,
    s.medium,
    s.campaign,
    s.device,
    s.country,
    s.landing,
    s.pageviews,
    s.durationS,
    s.pageLoadMs,
    s.converted ? 'true' : 'false',
    s.order?.id ?? '',
    s.order ? money(s.order.revenue) : '',
  ]);
  for (const [t, type, page, productId, price, order] of s.events.sort((a, b) => a[0] - b[0])) {
    rows.events.push([
      timestamp(t),
      type,
      s.id,
      s.visitor.id,
      page,
      productId,
      price === '' ? '' : money(price),
      order ? order.id : '',
    ]);
  }
}

returnsToWrite.sort((a, b) => a[0] - b[0]);
returnsToWrite.forEach(([returnedAt, order, product, quantity, amount], i) => {
  rows.returns.push([
    `R${String(i + 1).padStart(5, '0')}`,
    order.id,
    timestamp(returnedAt),
    product.sku,
    quantity,
    money(amount),
    weighted(RETURN_REASONS),
  ]);
});

surveyRows.sort((a, b) => a[0] - b[0]);
surveyRows.forEach(([answeredAt, order, score, comment], i) => {
  rows.surveys.push([
    `NPS${String(i + 1).padStart(5, '0')}`,
    timestamp(answeredAt),
    order.customerId,
    order.id,
    score,
    comment,
  ]);
});

ticketRows.sort((a, b) => a[0] - b[0]);
ticketRows.forEach(([createdAt, firstResponse, resolved, channel, topic, customerId, order], i) => {
  rows.support_tickets.push([
    `T${String(i + 1).padStart(5, '0')}`,
    timestamp(createdAt),
    firstResponse,
    resolved,
    channel,
    topic,
    customerId,
    order?.id ?? '',
  ]);
});

// ---------------------------------------------------------------------------- files

const csvField = (value) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function toCsv(header, body) {
  const lines = [header.join(',')];
  for (const row of body) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? process.argv[outArg + 1] : fileURLToPath(new URL('.', import.meta.url));
mkdirSync(outDir, { recursive: true });
let totalBytes = 0;
for (const [name, header] of Object.entries(tables)) {
  const gz = gzipSync(toCsv(header, rows[name]), { level: 9 });
  writeFileSync(join(outDir, `${name}.csv.gz`), gz);
  totalBytes += gz.length;
  console.log(
    `${name.padEnd(18)} ${String(rows[name].length).padStart(7)} rows ${(gz.length / 1024).toFixed(0).padStart(6)} KiB`,
  );
}
console.log(`${'total'.padEnd(32)} ${(totalBytes / 1024).toFixed(0).padStart(6)} KiB`);
