// Numbers as the charts write them: compact on axes, in full in labels and tips.
// Charts import only Plot, so this mirrors the cards' formatting in src/ui/format.ts.
import type { Unit } from '../metrics/types';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** Month names as axes and tips write them, January first. */
export const MONTH_NAMES: readonly string[] = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
/** Weekday names in ISO order: Monday is [0], as the engine's isodow 1. */
export const WEEKDAY_NAMES: readonly string[] = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/** The weekday of a UTC date, in full (`Monday`). */
export const weekdayOf = (date: Date): string => WEEKDAY_NAMES[(date.getUTCDay() + 6) % 7] ?? '';

/** Tick format for a unit: compact money and counts, percentages from fractions. */
export function tickFormat(unit: Unit): (value: number) => string {
  switch (unit) {
    case 'percent':
      return (v) => `${(v * 100).toFixed(1)}%`;
    case 'money':
    case 'count':
      return (v) => compact.format(v);
    case 'ratio':
      return (v) => v.toFixed(2);
    case 'duration':
      return (v) => `${Math.round(v)} s`;
    case 'nps':
      return (v) => String(Math.round(v * 100));
  }
}

/** A value in full for a label or a tip, as on the cards; null is an em dash. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'money':
      return money.format(value);
    case 'count':
      return whole.format(value);
    case 'percent':
      return `${decimal.format(value * 100)}%`;
    case 'ratio':
      return decimal.format(value);
    case 'duration':
      return formatDuration(value);
    case 'nps':
      return `${value > 0 ? '+' : ''}${whole.format(value * 100)}`;
  }
}

/** Seconds for people: 8.2 s, 2 min 26 s, 13 h 44 min, 2.1 days. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 60) return `${sign}${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (s < 172_800) return `${sign}${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${sign}${(s / 86_400).toFixed(1)} days`;
}

/** The change from `before` to `now` as a signed percentage (+12.2%), or null when it has no meaning. */
export function formatChange(now: number | null, before: number | null): string | null {
  if (now === null || before === null || before === 0 || !Number.isFinite(now / before)) return null;
  const change = (now - before) / Math.abs(before);
  const text = `${Math.abs(change * 100).toFixed(1)}%`;
  return change > 0 ? `+${text}` : change < 0 ? `−${text}` : '±0.0%';
}

/** "value (prev. comparison, +x%)": a value with its comparison, for tips. */
export function formatWithComparison(
  value: number | null,
  comparison: number | null | undefined,
  unit: Unit,
  comparisonLabel = 'prev.',
): string {
  const text = formatValue(value, unit);
  if (comparison === null || comparison === undefined) return text;
  const change = formatChange(value, comparison);
  return `${text} (${comparisonLabel} ${formatValue(comparison, unit)}${change ? `, ${change}` : ''})`;
}

/** A rough width in pixels of the longest label, for a left margin that fits it. */
export function labelMargin(labels: readonly string[], min = 40, max = 180): number {
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.min(max, Math.max(min, Math.round(longest * 6.2) + 14));
}
