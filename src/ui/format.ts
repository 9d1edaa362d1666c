// One way to write a KPI's value, on the cards and in the charts (charts import only Plot and
// their own helpers, so the definition lives there).
export { formatDuration, formatValue } from '../charts/format';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:MM:SS` in UTC, which is how the engine keeps local times. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** A result cell as text, using the column's Arrow type for dates and times. */
export function formatCell(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatTimestamp(value.getTime());
  if (typeof value === 'number' && /^(Timestamp|Date)/.test(type)) return formatTimestamp(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object')
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/** A byte count for people: 1.2 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const DAY_MS = 86_400_000;
const longDay = (ms: number): string =>
  new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** A half-open range of days for people: "1 Jan 2025 – 28 Feb 2025" (the end day included). */
export function rangeText(range: { start: string; end: string }): string {
  const start = Date.parse(`${range.start.slice(0, 10)}T00:00:00Z`);
  const last = Date.parse(`${range.end.slice(0, 10)}T00:00:00Z`) - DAY_MS;
  return last <= start ? longDay(start) : `${longDay(start)} – ${longDay(last)}`;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A filter value for people: weekday 1 is Monday, hour 9 is 09:00–09:59. */
export function filterValueText(dimension: string, value: string): string {
  if (dimension === 'weekday') return WEEKDAYS[Number(value) - 1] ?? value;
  if (dimension === 'hour' && /^\d{1,2}$/.test(value))
    return `${value.padStart(2, '0')}:00–${value.padStart(2, '0')}:59`;
  return value;
}
