// Seeded shop data at benchmark scale: 1M orders, ~2.5M order lines, 5M events, 10k ad spend
// rows, as CSV in bench/data/ (ignored by git); the orders again as Parquet, and events Parquet
// files of 10M, 20M and 40M rows for the scale probe. Same seed, same files: when the folder already
// holds what was asked for (manifest.json), nothing is written again.
//   node bench/generate.mjs [--orders 1000000] [--events 5000000] [--scale 10000000,20000000,40000000]
//                           [--out bench/data] [--force]
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ORDERS = Number(arg('orders', 1_000_000));
const EVENTS = Number(arg('events', 5_000_000));
const SCALE = String(arg('scale', '10000000,20000000,40000000')).split(',').filter(Boolean).map(Number);
const OUT = arg('out', process.env.KPI_BENCH_DATA ?? new URL('./data/', import.meta.url).pathname);
const SPEND_ROWS = 10_000;
const FORMAT = 2; // bump when the files' content changes

/** The events Parquet file of the scale probe with `rows` rows. */
const scaleFile = (rows) => `events-${rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : rows}.parquet`;
const manifest = { format: FORMAT, orders: ORDERS, events: EVENTS, scale: SCALE };
const files = [
  'orders.csv',
  'order_items.csv',
  'events.csv',
  'marketing_spend.csv',
  'orders.parquet',
  ...SCALE.map(scaleFile),
];
const manifestPath = join(OUT, 'manifest.json');
if (
  !process.argv.includes('--force') &&
  existsSync(manifestPath) &&
  readFileSync(manifestPath, 'utf8') === JSON.stringify(manifest) &&
  files.every((f) => existsSync(join(OUT, f)))
) {
  console.log(`Benchmark data in ${OUT} is up to date (--force writes it again)`);
  process.exit(0);
}
rmSync(manifestPath, { force: true });

let seed = 20_251_124;
const random = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const START = Date.UTC(2024, 0, 1);
const SPAN = 730 * 86_400_000;
const pad = (n) => String(n).padStart(2, '0');
const stamp = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

async function write(name, header, rows, make) {
  const stream = createWriteStream(join(OUT, name));
  stream.write(`${header}\n`);
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(make(i));
    if (chunk.length === 10_000) {
      if (!stream.write(`${chunk.join('\n')}\n`)) await once(stream, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) stream.write(`${chunk.join('\n')}\n`);
  stream.end();
  await once(stream, 'finish');
}

const SOURCES = [
  ['google', 'organic'],
  ['google', 'cpc'],
  ['facebook', 'cpc'],
  ['newsletter', 'email'],
  ['', ''],
  ['instagram', 'social'],
];
const CHANNELS = ['online_store', 'online_store', 'online_store', 'marketplace', 'pos'];
const DEVICES = ['mobile', 'mobile', 'desktop', 'tablet'];
const COUNTRIES = ['NL', 'DE', 'BE', 'SE', 'FR'];
const CATEGORIES = ['Kitchen', 'Textiles', 'Lighting', 'Decor', 'Bath'];

mkdirSync(OUT, { recursive: true });
const started = performance.now();
await write(
  'orders.csv',
  'order_id,ordered_at,customer_id,status,channel,source,medium,device,country,revenue',
  ORDERS,
  (i) => {
    const at = START + Math.floor(random() * SPAN);

    const customer = random() < 0.1 ? '' : `C${Math.floor(random() * ORDERS * 0.3)}`;
    const [source, medium] = pick(SOURCES);
    const status = random() < 0.02 ? 'cancelled' : 'paid';
    const revenue = (10 + random() * 190).toFixed(2);
    return `O${i},${stamp(at)},${customer},${status},${pick(CHANNELS)},${source},${medium},${pick(DEVICES)},${pick(COUNTRIES)},${revenue}`;
  },
);
let line = 0;
let lineOrder = 0;
let linesLeft = 0;
await write('order_items.csv', 'order_id,sku,category,quantity,unit_price', Math.round(ORDERS * 2.5), () => {
  if (linesLeft === 0) {
    lineOrder = Math.min(line++, ORDERS - 1);
    linesLeft = 1 + Math.floor(random() * 4);
  }
  linesLeft--;
  const sku = Math.floor(random() * 500);
  return `O${lineOrder},SKU${sku},${CATEGORIES[sku % 5]},${1 + Math.floor(random() * 3)},${(5 + random() * 60).toFixed(2)}`;
});
const TYPES = [
  'page_view',
  'page_view',
  'product_view',
  'product_view',
  'add_to_cart',
  'begin_checkout',
  'purchase',
];
const EVENTS_HEADER = 'occurred_at,event_type,session_id,visitor_id,page,product_id';
/** A row maker for `count` events: sessions of 1–8 events, visitors about 5% of the events. */
function eventRows(count) {
  let session = 0;
  let sessionLeft = 0;
  let sessionStart = 0;
  let visitor = 0;
  return () => {
    if (sessionLeft === 0) {
      session++;
      sessionLeft = 1 + Math.floor(random() * 8);
      sessionStart = START + Math.floor(random() * SPAN);
      visitor = Math.floor(random() * count * 0.05);
    }
    sessionLeft--;
    sessionStart += Math.floor(random() * 120_000);
    const type = pick(TYPES);
    const product = type === 'page_view' ? '' : `SKU${Math.floor(random() * 500)}`;
    const page =
      type === 'page_view' ? pick(['/', '/blog/a', '/collections/b', '/pages/c']) : `/products/${product}`;
    return `${stamp(sessionStart)},${type},S${session},V${visitor},${page},${product}`;
  };
}
await write('events.csv', EVENTS_HEADER, EVENTS, eventRows(EVENTS));
await write('marketing_spend.csv', 'date,channel,campaign,spend,clicks,impressions', SPEND_ROWS, (i) => {
  const day = START + Math.floor((i / SPEND_ROWS) * SPAN);
  return `${stamp(day).slice(0, 10)},${pick(['Google Ads', 'Meta Ads'])},campaign_${i % 14},${(random() * 80).toFixed(2)},${Math.floor(random() * 200)},${Math.floor(random() * 5000)}`;
});
// Parquet: written by native DuckDB from the CSV (zstd, DuckDB's row groups of 122,880 rows).
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const literal = (text) => `'${text.replaceAll("'", "''")}'`;
const toParquet = (csv, parquet) =>
  connection.run(
    `COPY (SELECT * FROM read_csv(${literal(join(OUT, csv))})) TO ${literal(join(OUT, parquet))} (FORMAT parquet, COMPRESSION zstd)`,
  );
await toParquet('orders.csv', 'orders.parquet');
for (const rows of SCALE) {
  // Each scale file has its own seed, so adding one leaves the others as they were.
  seed = 20_251_124 + rows;
  const csv = `${scaleFile(rows)}.csv`;
  await write(csv, EVENTS_HEADER, rows, eventRows(rows));
  await toParquet(csv, scaleFile(rows));
  rmSync(join(OUT, csv));
}
connection.closeSync();
instance.closeSync();
writeFileSync(manifestPath, JSON.stringify(manifest));
console.log(
  `Wrote ${ORDERS} orders, ${EVENTS} events${SCALE.map((n) => `, ${n} events (Parquet)`).join('')} to ${OUT} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
