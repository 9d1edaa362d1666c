// Periods are half-open [start, end) in the data's local time, kept as UTC-naive timestamps:
// no time-zone conversion anywhere. Weeks start on Monday (ISO).

/** A half-open date range [start, end), as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`. */
export interface DateRange {
  start: string;
  end: string;
}

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'week', 'month', 'quarter', 'year'];

/** What a KPI is compared with. */
export type Compare = 'previous' | 'last-year' | 'none';

/** One period of a series: `period` names it (its bucket), [start, end) is what it covers. */
export interface Period {
  period: string;
  start: string;
  end: string;
}

const DAY = 86_400_000;

// Compiling a day-grain series with its comparison and look-back reads and writes thousands
// of period bounds, the same few hundred days each time: both conversions are remembered.
const MEMO_LIMIT = 20_000;
const parsed = new Map<string, number>();
const formatted = new Map<number, string>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Milliseconds of a `YYYY-MM-DD[ HH:MM:SS]` local time read as UTC. */
export function parseTime(text: string): number {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const ms = Date.parse(`${text.length <= 10 ? `${text}T00:00:00` : text.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`Not a date: "${text}"`);
  return remember(parsed, text, ms);
}

/** `YYYY-MM-DD HH:MM:SS` of milliseconds (UTC-naive). */
export function formatTime(ms: number): string {
  return (
    formatted.get(ms) ?? remember(formatted, ms, new Date(ms).toISOString().slice(0, 19).replace('T', ' '))
  );
}

/** `YYYY-MM-DD` of milliseconds. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const isMonthStart = (ms: number): boolean => {
  const d = new Date(ms);
  return d.getUTCDate() === 1 && ms % DAY === 0;
};

/** Adds months, keeping the day (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime() + (ms % DAY);
}

const monthsBetween = (a: number, b: number): number => {
  const x = new Date(a);
  const y = new Date(b);
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + y.getUTCMonth() - x.getUTCMonth();
};

const shiftRange = (range: DateRange, shift: (ms: number) => number): DateRange => ({
  start: formatTime(shift(parseTime(range.start))),
  end: formatTime(shift(parseTime(range.end))),
});

const isWholeMonths = (range: DateRange): boolean =>
  isMonthStart(parseTime(range.start)) && isMonthStart(parseTime(range.end));

/**
 * How a comparison moves a time. Previous: back by the range's length, or, for a range of whole
 * calendar months, by as many months (March → February, Q2 → Q1). Last year: 52 weeks (same
 * weekdays) for day and week grains, 12 months otherwise; a single value over whole months
 * uses months, any other single value weeks.
 */
export function comparisonShift(
  range: DateRange,
  compare: Compare,
  grain: Grain | null,
): ((ms: number) => number) | null {
  if (compare === 'none') return null;
  const months = isWholeMonths(range);
  if (compare === 'previous') {
    if (months) {
      const n = monthsBetween(parseTime(range.start), parseTime(range.end));
      return (ms) => addMonths(ms, -n);
    }
    const length = parseTime(range.end) - parseTime(range.start);
    return (ms) => ms - length;
  }
  const byWeeks = grain ? grain === 'day' || grain === 'week' : !months;
  return byWeeks ? (ms) => ms - 364 * DAY : (ms) => addMonths(ms, -12);
}

/** The period of equal length just before (see comparisonShift). */
export function previousRange(range: DateRange): DateRange {
  return comparisonRange(range, 'previous', null) ?? range;
}

/** The range a comparison reads, or null for none. */
export function comparisonRange(range: DateRange, compare: Compare, grain: Grain | null): DateRange | null {
  const shift = comparisonShift(range, compare, grain);
  return shift ? shiftRange(range, shift) : null;
}

/** The start of the bucket of a grain that holds a time. */
export function truncate(ms: number, grain: Grain): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (grain) {
    case 'day':
      return ms - (ms % DAY);
    case 'week': {
      const day = ms - (ms % DAY);
      return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
    }
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
}

/** The start of the next bucket. */
export function nextBucket(ms: number, grain: Grain): number {
  if (grain === 'day') return ms + DAY;
  if (grain === 'week') return ms + 7 * DAY;
  return addMonths(ms, grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12);
}

/** The most buckets one series may have (ten years of days). */
export const MAX_BUCKETS = 3700;

/** The buckets of a grain over a range, the first and last clipped to it. */
export function buckets(range: DateRange, grain: Grain): Period[] {
  const start = parseTime(range.start);
  const end = parseTime(range.end);
  const periods: Period[] = [];
  for (let b = truncate(start, grain); b < end; b = nextBucket(b, grain)) {
    if (periods.length >= MAX_BUCKETS)
      throw new Error(`More than ${MAX_BUCKETS} ${grain}s in the range: pick a coarser grain`);
    periods.push({
      period: formatTime(b),
      start: formatTime(Math.max(b, start)),
      end: formatTime(Math.min(nextBucket(b, grain), end)),
    });
  }
  return periods;
}

/** Days in a range, fractional for partial days. */
export function rangeDays(range: DateRange): number {
  return (parseTime(range.end) - parseTime(range.start)) / DAY;
}
