import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffCsvHead } from './csv-head';
import { detectFormat, type ColumnInfo } from './detect';
import { detectFileKind } from './file-kind';
import { inferNumberFormat, inferTimeFormat } from './value-format';

// Properties of the pure parts of loading a file, over random bytes and random CSV-like text.
// Each property runs for FUZZ_SECONDS (5 by default) from FUZZ_SEED (fixed, so a failure
// is found again); run longer locally with, e.g.,
//   FUZZ_SECONDS=300 FUZZ_SEED=$RANDOM npx vitest run src/model/loading.fuzz.test.ts

const seconds = Number(process.env.FUZZ_SECONDS ?? 5);
const seed = Number(process.env.FUZZ_SEED ?? 20_240_105);
const params: fc.Parameters<unknown> = {
  seed,
  numRuns: Number.MAX_SAFE_INTEGER,
  interruptAfterTimeLimit: seconds * 1000,
  markInterruptAsFailure: false,
};
const timeout = (seconds + 30) * 1000;
const check = <T>(property: fc.IProperty<T>): void => {
  fc.assert(property, params as fc.Parameters<T>);
};

const DELIMITERS = [',', ';', '\t', '|'] as const;
const SIGNATURES = [
  [0x50, 0x41, 0x52, 0x31],
  [0x50, 0x4b, 0x03, 0x04],
  [0x1f, 0x8b],
  [0xd0, 0xcf, 0x11, 0xe0],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xef, 0xbb, 0xbf],
];

const fileName = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('csv', 'tsv', 'txt', 'json', 'ndjson', 'parquet', 'xlsx', 'gz', 'csv.gz', 'png', ''),
  )
  .map(([stem, ext]) => (ext === '' ? stem : `${stem}.${ext}`));

/** Random bytes, sometimes after a file signature, so every branch of the sniffing is reached. */
const fileBytes = fc
  .tuple(fc.option(fc.constantFrom(...SIGNATURES), { nil: undefined }), fc.uint8Array({ maxLength: 2048 }))
  .map(([magic, rest]) => new Uint8Array([...(magic ?? []), ...rest]));

const cellText = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((n) => n.toFixed(2)),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', '"', '""', ',', ';', '\t', '|', '\n', '\r\n', '#', '€1.234,50', '(12.50)', 'Zoë'),
  fc.string({ unit: fc.constantFrom('a', '"', ',', ';', '\n', '\r', ' ', '1', '.', '#'), maxLength: 10 }),
);

/** A field as a CSV writer writes it: quoted when it holds a delimiter, quote, line break or `#`. */
const field = (text: string): string =>
  /[,;\t|"\r\n#]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

/** A table as CSV text: the header (unique, non-empty names), then rows of the same width. */
const csvTable = fc
  .record({
    delimiter: fc.constantFrom(...DELIMITERS),
    width: fc.integer({ min: 2, max: 8 }),
    newline: fc.constantFrom('\n', '\r\n'),
    height: fc.integer({ min: 2, max: 12 }),
  })
  .chain(({ delimiter, width, newline, height }) =>
    fc.record({
      delimiter: fc.constant(delimiter),
      newline: fc.constant(newline),
      header: fc.uniqueArray(
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
          fc.constantFrom('#', '# of items', '#id'),
        ),
        {
          minLength: width,
          maxLength: width,
        },
      ),
      rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), {
        minLength: height,
        maxLength: height,
      }),
    }),
  )
  .map(({ delimiter, newline, header, rows }) => ({
    delimiter,
    // A header may start with `#` unquoted ("#,Product,Qty"), as writers quote only what they
    // must; with a `:` it reads as a comment ("# Start date: 20240101"), so it is quoted then.
    text:
      [
        header.map((h) =>
          h.startsWith('#') && !/[,;\t|"\r\n]/.test(h) && !header.join('').includes(':') ? h : field(h),
        ),
        ...rows.map((r) => r.map(field)),
      ]
        .map((r) => r.join(delimiter))
        .join(newline) + newline,
  }));

describe('file kind', () => {
  it(
    'any name and bytes get a kind or a reason, never an exception',
    () => {
      check(
        fc.property(fileName, fileBytes, (name, head) => {
          const verdict = detectFileKind(name, head.length, head);
          if (verdict.ok) {
            expect(['csv', 'parquet', 'json', 'xlsx']).toContain(verdict.kind);
            if (head.length === 0) throw new Error('an empty file was accepted');
          } else {
            expect(verdict.problem.length).toBeGreaterThan(10);
            if (verdict.line !== undefined) {
              expect(Number.isInteger(verdict.line) && verdict.line >= 1).toBe(true);
              expect(verdict.line).toBeLessThanOrEqual(head.filter((b) => b === 0x0a).length + 1);
            }
          }
        }),
      );
    },
    timeout,
  );
});

describe('CSV head', () => {
  it(
    'random bytes give a well-formed reading',
    () => {
      check(
        fc.property(fileBytes, (head) => {
          const csv = sniffCsvHead(head);
          expect(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']).toContain(csv.encoding);
          expect(DELIMITERS).toContain(csv.delimiter);
          expect(Number.isInteger(csv.skip) && csv.skip >= 0).toBe(true);
          expect(csv.skip).toBeLessThan(200);
          expect(csv.bom).toBe(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf);
          for (const note of csv.notes) expect(note).toMatch(/^[A-Z].*\.$/s);
        }),
      );
    },
    timeout,
  );

  it(
    'a table written as CSV is read with its delimiter and its header on the first line',
    () => {
      check(
        fc.property(csvTable, ({ delimiter, text }) => {
          const csv = sniffCsvHead(new TextEncoder().encode(text));
          expect({ delimiter: csv.delimiter, skip: csv.skip, encoding: csv.encoding }).toEqual({
            delimiter,
            skip: 0,
            encoding: 'utf-8',
          });
        }),
      );
    },
    timeout,
  );
});

/** A number written the way a shop writes it, with the separators given. */
function writeNumber(
  cents: number,
  decimal: '.' | ',',
  thousands: '' | '.' | ',' | ' ',
  currency: string,
): string {
  const sign = cents < 0 ? '-' : '';
  const whole = String(Math.floor(Math.abs(cents) / 100)).replace(/\B(?=(\d{3})+$)/g, thousands);
  return `${sign}${currency}${whole}${decimal}${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}

/** The number a format reads from text, as the SQL of value-sql does. */
function readNumber(text: string, format: { decimal: string; thousands: string }): number {
  let body = text.replace(/[^0-9,.-]/g, '').replace(/^-|-$/g, '');
  if (format.thousands === '.' || format.thousands === ',') body = body.replaceAll(format.thousands, '');
  if (format.decimal === ',') body = body.replace(',', '.');
  return (/^[^0-9]*[-(]|-[^0-9]*$/.test(text) ? -1 : 1) * Number(body);
}

const SEPARATORS = [
  ['.', ''],
  ['.', ','],
  ['.', ' '],
  [',', ''],
  [',', '.'],
  [',', ' '],
] as const;

describe('value formats', () => {
  it(
    'any text gives a number format or none, never an exception',
    () => {
      check(
        fc.property(fc.array(cellText, { maxLength: 20 }), fc.boolean(), (samples, hint) => {
          const format = inferNumberFormat(samples, hint);
          if (format) {
            expect(['.', ',']).toContain(format.decimal);
            expect(format.thousands).not.toBe(format.decimal);
            expect(format.reason).not.toBe('');
          }
          const time = inferTimeFormat(samples, hint);
          if (time) expect(['date', 'compact', 'named', 'epoch', 'serial']).toContain(time.kind);
        }),
      );
    },
    timeout,
  );

  it(
    'amounts with two decimals are read back as written, whatever the separators',
    () => {
      check(
        fc.property(
          fc.constantFrom(...SEPARATORS),
          fc.constantFrom('', '€', '$', '£ '),
          fc.array(fc.integer({ min: -10_000_000_00, max: 10_000_000_00 }), { minLength: 1, maxLength: 15 }),
          ([decimal, thousands], currency, amounts) => {
            const samples = amounts.map((c) => writeNumber(c, decimal, thousands, currency));
            const format = inferNumberFormat(samples, decimal === ',');
            expect(format, samples.join(' ')).not.toBeNull();
            if (!format) return;
            for (const [i, text] of samples.entries()) {
              expect(readNumber(text, format), text).toBeCloseTo((amounts[i] ?? 0) / 100, 6);
            }
          },
        ),
      );
    },
    timeout,
  );

  it(
    'dates are read in their order whenever one of them can only be read one way',
    () => {
      check(
        fc.property(
          fc.constantFrom('dmy', 'mdy', 'ymd'),
          fc.constantFrom('-', '/', '.'),
          fc.array(
            fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }),
            {
              minLength: 1,
              maxLength: 15,
            },
          ),
          (order, separator, dates) => {
            const pad = (n: number): string => String(n).padStart(2, '0');
            const samples = dates.map((d) => {
              const parts = {
                d: pad(d.getUTCDate()),
                m: pad(d.getUTCMonth() + 1),
                y: String(d.getUTCFullYear()),
              };
              return order
                .split('')
                .map((p) => parts[p as 'd' | 'm' | 'y'])
                .join(separator);
            });
            const format = inferTimeFormat(samples);
            expect(format?.kind, samples.join(' ')).toBe('date');
            if (format?.kind !== 'date') return;
            const telling = order !== 'ymd' && dates.some((d) => d.getUTCDate() > 12);
            if (order === 'ymd' || telling) expect(format.order, samples.join(' ')).toBe(order);
            else expect(format.ambiguous, samples.join(' ')).toBe(true);
          },
        ),
      );
    },
    timeout,
  );
});

const TYPES = ['VARCHAR', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'DECIMAL(10,2)'];
const columnName = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.constantFrom(
    'order_id',
    'Order ID',
    'created_at',
    'Besteldatum',
    'total',
    'Bedrag',
    'revenue',
    'customer_id',
    'session_id',
    'event_time',
    'event_type',
    'spend',
    'clicks',
    'quantity',
    'unit_price',
    'sku',
    '',
  ),
);

describe('recognition', () => {
  it(
    'any columns give a detection whose roles name columns of the file',
    () => {
      check(
        fc.property(
          fc.string({ maxLength: 20 }),
          fc.uniqueArray(fc.record({ name: columnName, type: fc.constantFrom(...TYPES) }), {
            selector: (c) => c.name,
            maxLength: 12,
          }),
          (name, columns: ColumnInfo[]) => {
            const detection = detectFormat(name, columns);
            expect(detection.confidence).toBeGreaterThanOrEqual(0);
            expect(detection.confidence).toBeLessThanOrEqual(1);
            const names = new Set(columns.map((c) => c.name));
            for (const target of detection.targets) {
              for (const column of Object.values(target.roles)) {
                expect(column.startsWith('=') || names.has(column), column).toBe(true);
              }
            }
          },
        ),
      );
    },
    timeout,
  );
});
