import * as Plot from '@observablehq/plot';
import type { Unit } from '../metrics/types';
import type { Grain } from '../metrics/compile';
import { tickFormat } from './format';

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

/** A KPI's trend at a grain as Plot options: a line with dots and a zero rule. */
export function buildTrendChart(
  points: TrendPoint[],
  options: { label: string; unit: Unit; grain: Grain; width: number },
): Plot.PlotOptions {
  const data = points.filter((p) => p.value !== null);
  // Few periods: one tick per period, so a three-month file does not get day ticks.
  const perPeriod = data.length <= Math.floor(options.width / 80);
  return {
    width: options.width,
    height: 260,
    marginLeft: 56,
    // Room for the last period's label, which is centred on the last point.
    marginRight: 28,
    x: {
      type: 'utc',
      label: null,
      ...(perPeriod ? { ticks: options.grain, tickFormat: TICK_FORMAT[options.grain] } : {}),
    },
    y: { label: options.label, grid: true, tickFormat: tickFormat(options.unit), zero: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 'period', y: 'value', stroke: 'var(--accent)', strokeWidth: 2 }),
      Plot.dot(data, { x: 'period', y: 'value', fill: 'var(--accent)', r: 3, tip: true }),
    ],
  };
}
