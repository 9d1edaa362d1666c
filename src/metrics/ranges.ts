import { addMonths, formatDate, parseTime, truncate, type DateRange } from './periods';

/** The range presets a person picks from. */
export const RANGE_PRESETS = [
  { id: 'last-7', label: 'Last 7 days' },
  { id: 'last-30', label: 'Last 30 days' },
  { id: 'last-90', label: 'Last 90 days' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'this-quarter', label: 'This quarter' },
  { id: 'ytd', label: 'Year to date' },
  { id: 'last-12-months', label: 'Last 12 months' },
  { id: 'all', label: 'All time' },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];

/** The first and last day with data (`YYYY-MM-DD`). */
export interface DataExtent {
  first: string;
  last: string;
}

const DAY = 86_400_000;

/**
 * The day ranges end on: today, or the data's last day when the data ends before today (an
 * export from last month should not show empty "last 7 days"). `pastData` says which.
 */
export function rangeAnchor(extent: DataExtent, today: string): { day: string; pastData: boolean } {
  return extent.last < today ? { day: extent.last, pastData: true } : { day: today, pastData: false };
}

/** A preset as a half-open range of whole days, ending after the anchor day. */
export function presetRange(preset: RangePreset, anchorDay: string, extent: DataExtent): DateRange {
  const end = parseTime(anchorDay) + DAY;
  const anchor = parseTime(anchorDay);
  const days = (n: number): number => end - n * DAY;
  const start = ((): number => {
    switch (preset) {
      case 'last-7':
        return days(7);
      case 'last-30':
        return days(30);
      case 'last-90':
        return days(90);
      case 'this-month':
        return truncate(anchor, 'month');
      case 'last-month':
        return addMonths(truncate(anchor, 'month'), -1);
      case 'this-quarter':
        return truncate(anchor, 'quarter');
      case 'ytd':
        return truncate(anchor, 'year');
      case 'last-12-months':
        return addMonths(end, -12);
      case 'all':
        return Math.min(parseTime(extent.first), anchor);
    }
  })();
  const finish = preset === 'last-month' ? truncate(anchor, 'month') : end;
  return { start: formatDate(start), end: formatDate(finish) };
}

/**
 * The range the dashboard opens on: the last whole month of data (the anchor's month when the
 * anchor is its last day, else the month before), so that every card has a period to be
 * compared with; all time when the data does not cover that month from its first day.
 */
export function defaultPreset(extent: DataExtent, anchorDay: string): RangePreset {
  const anchor = parseTime(anchorDay);
  const monthEnds = truncate(anchor + DAY, 'month') === anchor + DAY;
  const preset = monthEnds ? 'this-month' : 'last-month';
  return presetRange(preset, anchorDay, extent).start >= extent.first ? preset : 'all';
}

/** A range as a page address names it: a preset's id, or a custom range's days (`first~last`). */
export function rangeParam(preset: RangePreset | 'custom', custom: DateRange | null): string | null {
  if (preset !== 'custom') return preset;
  return custom ? `${custom.start}~${lastDayOf(custom)}` : null;
}

/** The preset or custom range a page address names, or null. */
export function parseRangeParam(
  text: string,
): { preset: RangePreset } | { preset: 'custom'; custom: DateRange } | null {
  const preset = RANGE_PRESETS.find((p) => p.id === text);
  if (preset) return { preset: preset.id };
  const [first, last] = text.split('~');
  const custom = first && last ? customRange(first, last) : null;
  return custom ? { preset: 'custom', custom } : null;
}

/** A custom range from two inclusive days (as a date input gives them), as a half-open range. */
export function customRange(firstDay: string, lastDay: string): DateRange | null {
  const a = Date.parse(`${firstDay}T00:00:00Z`);
  const b = Date.parse(`${lastDay}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return null;
  return { start: formatDate(a), end: formatDate(b + DAY) };
}

/** The inclusive last day of a half-open range of whole days. */
export function lastDayOf(range: DateRange): string {
  return formatDate(parseTime(range.end) - DAY);
}
