import * as Plot from '@observablehq/plot';
import type { Unit } from '../metrics/types';
import type { Grain } from '../metrics/compile';
import type { UnusualPoint } from '../metrics/unusual';
import { formatValue, formatWithComparison, MONTH_NAMES, tickFormat, weekdayOf } from './format';

export { tickFormat } from './format';

/** One point of a KPI series. */
export interface TrendPoint {
  period: Date;
  value: number | null;
}

/** Engine rows (`period` as epoch milliseconds) → points. */
export function toTrendPoints(rows: { period: number; value: number | null }[]): TrendPoint[] {
  return rows.map((row) => ({ period: new Date(row.period), value: row.value }));
}

const TICK_FORMAT: Record<Grain, string> = {
  day: '%b %-d',
  week: '%b %-d',
  month: '%b %Y',
  quarter: '%b %Y',
  year: '%Y',
};

/** The comparison series' grey and the ring around unusual periods. */
export const COMPARISON_COLOR = '#8a939c';
export const UNUSUAL_COLOR = '#d9480f';

/** A period as a person names it at a grain: Mon 4 Mar 2024, week of 4 Mar 2024, Mar 2024, Q1 2024, 2024. */
export function formatPeriod(period: Date, grain: Grain): string {
  const day = period.getUTCDate();
  const month = MONTH_NAMES[period.getUTCMonth()] ?? '';
  const year = period.getUTCFullYear();
  switch (grain) {
    case 'day':
      return `${weekdayOf(period).slice(0, 3)} ${day} ${month} ${year}`;
    case 'week':
      return `Week of ${day} ${month} ${year}`;
    case 'month':
      return `${month} ${year}`;
    case 'quarter':
      return `Q${Math.floor(period.getUTCMonth() / 3) + 1} ${year}`;
    case 'year':
      return String(year);
  }
}

/** The tip of an unusual period: how far from which usual value, in robust deviations. */
export function describeUnusual(point: UnusualPoint, unit: Unit, grain: Grain): string {
  const side = point.deviations >= 0 ? 'above' : 'below';
  const usual =
    grain === 'day' ? `the usual ${weekdayOf(point.period)}` : `the usual of the 8 ${grain}s before`;
  const amount = Math.abs(point.deviations).toFixed(1);
  return `${formatPeriod(point.period, grain)}: ${formatValue(point.value, unit)} — ${amount} robust deviations ${side} ${usual} (${formatValue(point.usual, unit)})`;
}

/**
 * The tip of a period: its value with the comparison and change; for an unusual period, how far
 * from the usual it is (one tip per period: the rings have none, so two never overlap).
 */
export function trendTip(
  point: TrendPoint,
  options: {
    unit: Unit;
    grain: Grain;
    comparison: number | null;
    comparisonLabel: string;
    unusual?: UnusualPoint;
  },
): string {
  const { unit, grain, comparison, comparisonLabel, unusual } = options;
  if (!unusual)
    return `${formatPeriod(point.period, grain)}: ${formatWithComparison(point.value, comparison, unit, comparisonLabel)}`;
  const change =
    comparison === null ? '' : `\n${comparisonLabel}: ${formatWithComparison(comparison, null, unit)}`;
  return describeUnusual(unusual, unit, grain) + change;
}

/**
 * A KPI's trend at a grain as Plot options: a line with dots and a zero rule; optionally the
 * comparison series (its values placed on the current periods) as a dashed grey line, and
 * unusual periods ringed, with a legend when either is drawn.
 */
export function buildTrendChart(
  points: TrendPoint[],
  options: {
    label: string;
    unit: Unit;
    grain: Grain;
    width: number;
    comparison?: TrendPoint[];
    comparisonLabel?: string;
    unusual?: UnusualPoint[];
  },
): Plot.PlotOptions {
  const { label, unit, grain } = options;
  const data = points.filter((p) => p.value !== null);
  const comparison = (options.comparison ?? []).filter((p) => p.value !== null);
  const comparisonLabel = options.comparisonLabel ?? 'comparison';
  const unusual = options.unusual ?? [];
  const before = new Map(comparison.map((p) => [p.period.getTime(), p.value]));
  const unusualAt = new Map(unusual.map((p) => [p.period.getTime(), p]));
  // Few periods: one tick per period, so a three-month file does not get day ticks.
  const perPeriod = data.length <= Math.floor(options.width / 80);
  const series = [
    label,
    ...(comparison.length ? [comparisonLabel] : []),
    ...(unusual.length ? ['Unusual'] : []),
  ];
  const colors = [
    'var(--accent)',
    ...(comparison.length ? [COMPARISON_COLOR] : []),
    ...(unusual.length ? [UNUSUAL_COLOR] : []),
  ];
  return {
    width: options.width,
    height: 260,
    marginLeft: 56,
    // Room for the last period's label, which is centred on the last point.
    marginRight: 28,
    x: {
      type: 'utc',
      label: null,
      ...(perPeriod ? { ticks: grain, tickFormat: TICK_FORMAT[grain] } : {}),
    },
    y: { label, grid: true, tickFormat: tickFormat(unit), zero: true },
    color: { domain: series, range: colors, legend: series.length > 1 },
    marks: [
      Plot.ruleY([0]),
      ...(comparison.length
        ? [
            Plot.lineY(comparison, {
              x: 'period',
              y: 'value',
              stroke: () => comparisonLabel,
              strokeWidth: 1.5,
              strokeDasharray: '4 3',
            }),
          ]
        : []),
      Plot.lineY(data, { x: 'period', y: 'value', stroke: () => label, strokeWidth: 2 }),
      Plot.dot(data, {
        x: 'period',
        y: 'value',
        fill: () => label,
        r: 3,
        tip: true,
        title: (p: TrendPoint) =>
          trendTip(p, {
            unit,
            grain,
            comparison: before.get(p.period.getTime()) ?? null,
            comparisonLabel,
            unusual: unusualAt.get(p.period.getTime()),
          }),
      }),
      ...(unusual.length
        ? [
            Plot.dot(unusual, {
              x: 'period',
              y: 'value',
              r: 7,
              stroke: () => 'Unusual',
              strokeWidth: 2,
              fill: 'none',
              render: markUnusual(unusual),
            }),
          ]
        : []),
    ],
  };
}

/** Unusual rings carry their period and deviations, for end-to-end tests and the UI's own use. */
function markUnusual(unusual: readonly UnusualPoint[]): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const g = next?.(index, scales, values, dimensions, context) ?? null;
    index.forEach((i, j) => {
      const p = unusual[i];
      const element = g?.children[j];
      if (!p || !element) return;
      element.setAttribute('data-unusual', p.period.toISOString().slice(0, 10));
      element.setAttribute('data-value', String(p.deviations));
    });
    return g;
  };
}
