import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ALL_TIME, dropContent, dropFiles, fixture, runSql, tableRows } from './app';

// Generated files (fixed seed: the same files on every run; FUZZ_SEED picks others, FUZZ_FILES
// how many; FUZZ_DUMP=dir keeps a copy of each) are dropped one after another after a good file. Each is read or refused by name,
// the page stays usable, and the good file stays whole.

const seed = Number(process.env.FUZZ_SEED ?? 7);
const count = Number(process.env.FUZZ_FILES ?? 50);

const shopCsv = readFileSync(fixture('shop-orders.csv'));
const shopParquet = readFileSync(fixture('shop-orders.parquet'));
const workbook = readFileSync(fixture('orders.xlsx'));

const cell = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, min: -1e9, max: 1e9 }).map((n) => n.toFixed(2)),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    '"',
    ',',
    ';',
    '\n',
    '€1.234,50',
    '(12.50)',
    '1e400',
    '99999999999999999999999',
    '<b>x</b>',
  ),
);

/** CSV-like text: a delimiter, a header and rows, quoted or not, ragged or not. */
const csvText = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    quote: fc.boolean(),
    header: fc.array(
      fc.oneof(fc.constantFrom('order_id', 'ordered_at', 'revenue', 'customer', ''), fc.string()),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
    rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 30 }),
  })
  .map(({ delimiter, newline, quote, header, rows }) =>
    [header, ...rows]
      .map((r) => r.map((v) => (quote ? `"${v.replaceAll('"', '""')}"` : v)).join(delimiter))
      .join(newline),
  );

/** A good file with a few bytes changed, dropped or added. */
const mutated = (base: Buffer): fc.Arbitrary<Buffer> =>
  fc
    .array(
      fc.tuple(
        fc.nat({ max: base.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('set', 'cut', 'add'),
      ),
      {
        minLength: 1,
        maxLength: 12,
      },
    )
    .map((edits) => {
      const bytes = [...base];
      for (const [at, value, edit] of edits) {
        const i = Math.min(at, bytes.length - 1);
        if (edit === 'set') bytes[i] = value;
        else if (edit === 'cut') bytes.splice(i, 1);
        else bytes.splice(i, 0, value);
      }
      return Buffer.from(bytes);
    });

const json = fc.oneof(
  fc
    .array(
      fc.dictionary(fc.constantFrom('order_id', 'revenue', 'ordered_at', 'x'), fc.jsonValue({ maxDepth: 2 })),
    )
    .map((rows) => JSON.stringify(rows)),
  fc
    .array(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })), { maxLength: 10 })
    .map((rows) => rows.map((r) => JSON.stringify(r)).join('\n')),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

const file = fc.oneof(
  fc.record({ ext: fc.constantFrom('csv', 'tsv', 'txt', ''), content: csvText.map((t) => Buffer.from(t)) }),
  fc.record({
    ext: fc.constantFrom('csv', 'json', 'parquet', 'xlsx'),
    content: fc.uint8Array({ maxLength: 4096 }).map(Buffer.from),
  }),
  fc.record({ ext: fc.constant('csv'), content: mutated(shopCsv) }),
  fc.record({ ext: fc.constantFrom('parquet', 'csv'), content: mutated(shopParquet) }),
  fc.record({ ext: fc.constant('xlsx'), content: mutated(workbook) }),
  fc.record({ ext: fc.constantFrom('json', 'ndjson'), content: json.map((t) => Buffer.from(t)) }),
);

const files = fc.sample(file, { seed, numRuns: count }).map(({ ext, content }, i) => ({
  name: ext === '' ? `fuzz-${i}` : `fuzz-${i}.${ext}`,
  table: `files.fuzz_${i}`,
  content,
}));

test('generated files are each read or refused by name; the page stays usable and the good file whole', async ({
  page,
}) => {
  test.setTimeout(4 * 60_000);
  await page.goto(`./${ALL_TIME}`);
  await dropFiles(page, 'shop-orders.csv');
  const outcomes: Record<string, number> = { read: 0, refused: 0 };
  for (const { name, table, content } of files) {
    if (process.env.FUZZ_DUMP) {
      mkdirSync(process.env.FUZZ_DUMP, { recursive: true });
      writeFileSync(`${process.env.FUZZ_DUMP}/${name}`, content);
    }
    await dropContent(page, name, content);
    const read = page.locator(`[data-table="${table}"][data-status="ready"]`);
    const refused = page.locator(`[data-problem="${name}"]`);
    await expect(read.or(refused), name).toHaveCount(1);
    if ((await refused.count()) > 0) {
      await expect(refused, name).toContainText(`${name} could not be loaded`);
      outcomes.refused = (outcomes.refused ?? 0) + 1;
    } else outcomes.read = (outcomes.read ?? 0) + 1;
    expect(await tableRows(page, 'files.shop_orders'), name).toBe(6);
  }
  // The Parquet reader still reads a good file after the damaged ones.
  await dropFiles(page, 'shop-orders.parquet');
  expect(await tableRows(page, 'files.shop_orders_2')).toBe(10_000);
  // The engine still answers, and the good file's orders are all there.
  await runSql(
    page,
    `SELECT count(*) AS n, sum(revenue) AS r FROM orders WHERE source_file = 'shop-orders.csv'`,
  );
  await expect(page.locator('[data-sql-result] table tbody')).toContainText('6');
  await expect(page.locator('[data-sql-result] table tbody')).toContainText('480');
  test.info().annotations.push({ type: 'outcomes', description: JSON.stringify(outcomes) });
  console.log(`fuzz seed ${seed}: ${files.length} files, ${JSON.stringify(outcomes)}`);
});
