import * as Plot from '@observablehq/plot';
import type { Unit } from '../metrics/types';
import { formatValue, MONTH_NAMES, tickFormat, WEEKDAY_NAMES } from './format';
import { selectable } from './select';

/** Orders and revenue in one hour of one ISO weekday (1 = Monday … 7 = Sunday) over the range. */
export interface WeekdayHourRow {
  weekday: number;
  hour: number;
  orders: number;
  revenue: number;
}

/** Orders and revenue in one month of the year (1 = January) over the range. */
export interface MonthRow {
  month: number;
  orders: number;
  revenue: number;
}

/** Which figure the peak charts draw. */
export type PeakMetric = 'orders' | 'revenue';

const UNIT: Record<PeakMetric, Unit> = { orders: 'count', revenue: 'money' };
const hours = (h: number): string => `${String(h).padStart(2, '0')}:00`;

/** The key a weekday-hour cell selects: ISO weekday and hour, '1-09' for Monday 09:00–10:00. */
export function peakKey(weekday: number, hour: number): string {
  return `${weekday}-${String(hour).padStart(2, '0')}`;
}

/** All 7 × 24 cells, Monday 00:00 first; an hour without orders is a zero. */
export function fillWeek(rows: readonly WeekdayHourRow[]): WeekdayHourRow[] {
  const found = new Map(rows.map((r) => [peakKey(r.weekday, r.hour), r]));
  return Array.from({ length: 7 * 24 }, (_, i) => {
    const weekday = Math.floor(i / 24) + 1;
    const hour = i % 24;
    return found.get(peakKey(weekday, hour)) ?? { weekday, hour, orders: 0, revenue: 0 };
  });
}

/**
 * When orders come in: a weekday (Mon…Sun, top to bottom) × hour (0–23) heatmap filled by orders
 * or revenue, every hour drawn (hours without orders at zero). Clicking a cell calls `onselect`
 * with its key ('1-09', see peakKey).
 */
export function buildPeakHeatmap(
  rows: WeekdayHourRow[],
  options: { metric: PeakMetric; width: number; onselect?: (cell: string) => void },
): Plot.PlotOptions {
  const { metric } = options;
  const unit = UNIT[metric];
  const data = fillWeek(rows);
  return {
    width: options.width,
    height: 7 * 26 + 40,
    marginLeft: 40,
    x: {
      type: 'band',
      domain: Array.from({ length: 24 }, (_, h) => h),
      label: 'Hour of day',
      labelAnchor: 'left',
      tickSize: 0,
      tickFormat: (h: number) => (h % 3 === 0 ? hours(h) : ''),
    },
    y: {
      type: 'band',
      domain: [1, 2, 3, 4, 5, 6, 7],
      label: null,
      tickSize: 0,
      tickFormat: (d: number) => WEEKDAY_NAMES[d - 1]?.slice(0, 3) ?? '',
    },
    color: {
      type: 'linear',
      scheme: 'oranges',
      domain: [0, Math.max(1, ...data.map((r) => r[metric]))],
      legend: true,
      label: metric === 'orders' ? 'Orders' : 'Revenue',
      tickFormat: tickFormat(unit),
    },
    marks: [
      Plot.cell(data, {
        x: 'hour',
        y: 'weekday',
        fill: metric,
        inset: 0.5,
        title: (r: WeekdayHourRow) =>
          `${WEEKDAY_NAMES[r.weekday - 1]?.slice(0, 3)} ${hours(r.hour)}–${hours((r.hour + 1) % 24)}\n${formatValue(r.orders, 'count')} orders · ${formatValue(r.revenue, 'money')} revenue`,
        tip: true,
        render: selectable(data, {
          key: (r) => peakKey(r.weekday, r.hour),
          value: (r) => r[metric],
          onselect: options.onselect,
        }),
      }),
    ],
  };
}

/**
 * Seasonality: a bar per month of the year, January to December, all twelve shown; a month the
 * data has no orders in gets no bar and a dash, so a gap is not read as a bad month.
 */
export function buildSeasonalityChart(
  rows: MonthRow[],
  options: { metric: PeakMetric; width: number },
): Plot.PlotOptions {
  const { metric } = options;
  const unit = UNIT[metric];
  const found = new Map(rows.map((r) => [r.month, r]));
  const months = MONTH_NAMES.map((name, i) => ({ name, row: found.get(i + 1) ?? null }));
  const data = months.flatMap(({ name, row }) => (row ? [{ name, ...row }] : []));
  return {
    width: options.width,
    height: 240,
    marginLeft: 56,
    x: { domain: MONTH_NAMES, label: null, tickSize: 0, padding: 0.2 },
    y: {
      label: metric === 'orders' ? 'Orders' : 'Revenue',
      grid: true,
      tickFormat: tickFormat(unit),
      nice: true,
    },
    marks: [
      Plot.barY(data, {
        x: 'name',
        y: metric,
        fill: 'var(--accent)',
        title: (r: MonthRow & { name: string }) =>
          `${r.name}: ${formatValue(r.orders, 'count')} orders · ${formatValue(r.revenue, 'money')} revenue`,
        tip: true,
        render: selectable(data, { key: (r) => r.name, value: (r) => r[metric] }),
      }),
      Plot.text(
        months.filter((m) => m.row === null),
        { x: 'name', y: 0, text: () => '—', dy: -8, fill: '#6b7580' },
      ),
      Plot.ruleY([0]),
    ],
  };
}
