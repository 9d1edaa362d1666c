// How the text in a column is to be read as a number or a time, decided from sample values.
// DuckDB types clean columns itself (ISO dates, `.` decimals); these rules cover the rest:
// decimal commas, thousands separators, currency signs, day-first or month-first dates,
// compact yyyymmdd dates and Unix epochs.

/** A number written as text: which separators it uses and which currency sign was stripped. */
export interface NumberFormat {
  kind: 'number';
  decimal: '.' | ',';
  thousands: '' | '.' | ',' | ' ';
  currency: string | null;
  /** Why this reading, for the person. */
  reason: string;
}

/** A time written as text or as an integer. */
export type TimeFormat =
  | {
      kind: 'date';
      order: 'dmy' | 'mdy' | 'ymd';
      separator: string;
      /** True when every sample reads both ways (all day and month values ≤ 12). */
      ambiguous: boolean;
      twoDigitYear: boolean;
      reason: string;
    }
  | { kind: 'compact'; reason: string }
  /** English month names: "January 10, 2012", "10 Jan 2012", with or without a time. */
  | { kind: 'named'; reason: string }
  | { kind: 'epoch'; unit: 's' | 'ms'; reason: string }
  /** Excel's day numbers (45292 = 1 Jan 2024), a fraction for the time: a date cell saved as General. */
  | { kind: 'serial'; reason: string };

const CURRENCY = /(€|\$|£|¥|₹|kr\.?|sek|nok|dkk|eur|usd|gbp|chf|zł|pln)/i;
const SPACES = /[\s\u00a0\u202f]/g;

function cleanNumber(text: string): { body: string; currency: string | null } {
  const currency = CURRENCY.exec(text)?.[0] ?? null;
  // "-€ 12,50": the sign stays with the digits once the currency sign is gone.
  const body = text
    .replace(CURRENCY, '')
    .replace(SPACES, ' ')
    .trim()
    .replace(/^([-+(]) +/, '$1');
  return { body, currency };
}

const NUMBER_SHAPE = /^[-+]?\(?[0-9][0-9., ]*\)?-?$/;

/**
 * Decides how text numbers are written. `decimalCommaHint` (a `;`-separated file) breaks ties
 * such as "1.234", which is 1234 in a European file and 1.234 elsewhere. Null when the values
 * are not numbers.
 */
export function inferNumberFormat(samples: string[], decimalCommaHint = false): NumberFormat | null {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return null;
  const cleaned = values.map(cleanNumber);
  const numeric = cleaned.filter((c) => NUMBER_SHAPE.test(c.body));
  if (numeric.length < values.length * 0.95) return null;
  const currency = cleaned.find((c) => c.currency)?.currency ?? null;
  const bodies = numeric.map((c) => c.body);

  const spaceGrouped = bodies.some((b) => /\d \d{3}\b/.test(b));
  // A value with both separators shows which one is the decimal: the last.
  const both = bodies.find((b) => b.includes('.') && b.includes(','));
  if (both) {
    const decimal = both.lastIndexOf(',') > both.lastIndexOf('.') ? ',' : '.';
    return {
      kind: 'number',
      decimal,
      thousands: decimal === ',' ? '.' : ',',
      currency,
      reason: `"${both}" has both separators: "${decimal}" is the decimal one.`,
    };
  }
  for (const separator of [',', '.'] as const) {
    const withIt = bodies.filter((b) => b.includes(separator));
    if (withIt.length === 0) continue;
    const other = separator === ',' ? '.' : ',';
    const decimalLike = withIt.find(
      (b) => !new RegExp(`\\${separator}\\d{3}$`).test(b) || countOf(b, separator) > 1,
    );
    if (decimalLike && countOf(decimalLike, separator) === 1) {
      return {
        kind: 'number',
        decimal: separator,
        thousands: bodies.some((b) => b.includes(other)) ? other : spaceGrouped ? ' ' : '',
        currency,
        reason: `"${decimalLike}" has ${digitsAfter(decimalLike, separator)} digits after "${separator}": a decimal separator.`,
      };
    }
    if (decimalLike) {
      return {
        kind: 'number',
        decimal: other,
        thousands: separator,
        currency,
        reason: `"${decimalLike}" repeats "${separator}": a thousands separator.`,
      };
    }
    // Every value has exactly three digits after the one separator: "1,234" or "1.234".
    const decimal = decimalCommaHint ? ',' : '.';
    return {
      kind: 'number',
      decimal,
      thousands: separator === decimal ? '' : separator,
      currency,
      reason: `Every value has three digits after "${separator}", which reads both ways; ${
        decimalCommaHint ? 'the file uses ";" between columns, as European files do' : 'taken as in English'
      }: "${decimal}" is the decimal separator.`,
    };
  }
  return {
    kind: 'number',
    decimal: decimalCommaHint ? ',' : '.',
    thousands: spaceGrouped ? ' ' : '',
    currency,
    reason: currency ? `Whole numbers with "${currency}".` : 'Whole numbers.',
  };
}

const countOf = (text: string, char: string): number => text.split(char).length - 1;
const digitsAfter = (text: string, char: string): number => text.length - text.lastIndexOf(char) - 1;

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const NAMED_DATE = new RegExp(
  `^(${MONTH}\\s+\\d{1,2},?|\\d{1,2}\\s+${MONTH})\\s+\\d{4}(\\s+\\d{1,2}:\\d{2}(:\\d{2})?)?$`,
  'i',
);
const DATE_SHAPE = /^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * Decides how text (or integer) times are written. `dayFirstHint` decides an ambiguous
 * `/`-date (a European file); `-` and `.` dates default to day first.
 */
export function inferTimeFormat(samples: string[], dayFirstHint = false): TimeFormat | null {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return null;

  if (values.every((v) => /^\d{9,13}$/.test(v))) {
    const numbers = values.map(Number);
    if (numbers.every((n) => n >= 946_684_800 && n < 4_102_444_800)) {
      return {
        kind: 'epoch',
        unit: 's',
        reason: 'Integers in the range of Unix times in seconds (2000–2100).',
      };
    }
    if (numbers.every((n) => n >= 946_684_800_000 && n < 4_102_444_800_000)) {
      return {
        kind: 'epoch',
        unit: 'ms',
        reason: 'Integers in the range of Unix times in milliseconds (2000–2100).',
      };
    }
  }
  // 25569–73050: 1970 to 2099 as Excel counts days (from 30 Dec 1899).
  if (values.every((v) => /^\d{5}(\.\d+)?$/.test(v) && Number(v) >= 25_569 && Number(v) < 73_051)) {
    return {
      kind: 'serial',
      reason: 'Numbers in the range of Excel day numbers (1970–2099): dates saved without their format.',
    };
  }

  if (values.every((v) => /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(v))) {
    return { kind: 'compact', reason: 'Eight digits that read as year, month and day (yyyymmdd).' };
  }

  if (values.every((v) => NAMED_DATE.test(v))) {
    return { kind: 'named', reason: 'Dates with English month names ("January 10, 2012").' };
  }

  const parts = values.map((v) => DATE_SHAPE.exec(v));
  if (parts.some((p) => p === null)) return null;
  const matches = parts as RegExpExecArray[];
  const separator = matches[0]?.[2] ?? '-';
  if (matches.some((m) => m[2] !== separator)) return null;
  if (matches.every((m) => (m[1] ?? '').length === 4)) {
    return {
      kind: 'date',
      order: 'ymd',
      separator,
      ambiguous: false,
      twoDigitYear: false,
      reason: 'Year first.',
    };
  }
  if (matches.some((m) => (m[4] ?? '').length !== 4 && (m[4] ?? '').length !== 2)) return null;
  const twoDigitYear = matches.some((m) => (m[4] ?? '').length === 2);
  const first = matches.map((m) => Number(m[1]));
  const second = matches.map((m) => Number(m[3]));
  const firstOver = matches.find((m) => Number(m[1]) > 12);
  const secondOver = matches.find((m) => Number(m[3]) > 12);
  if (firstOver && secondOver) return null;
  if (first.some((n) => n < 1 || n > 31) || second.some((n) => n < 1 || n > 31)) return null;
  if (firstOver) {
    return {
      kind: 'date',
      order: 'dmy',
      separator,
      ambiguous: false,
      twoDigitYear,
      reason: `"${firstOver[0]}" can only be day first.`,
    };
  }
  if (secondOver) {
    return {
      kind: 'date',
      order: 'mdy',
      separator,
      ambiguous: false,
      twoDigitYear,
      reason: `"${secondOver[0]}" can only be month first.`,
    };
  }
  const dayFirst = separator !== '/' || dayFirstHint;
  return {
    kind: 'date',
    order: dayFirst ? 'dmy' : 'mdy',
    separator,
    ambiguous: true,
    twoDigitYear,
    reason: `Every date reads both ways (no day above 12); taken as ${dayFirst ? 'day' : 'month'} first${
      separator === '/'
        ? dayFirstHint
          ? ', as European files do'
          : ', as US files do'
        : ` ("${separator}" dates usually are)`
    }. Change it if that is wrong.`,
  };
}
