import * as Plot from '@observablehq/plot';
import type { Grain } from '../metrics/compile';
import type { Unit } from '../metrics/types';
import { segmentColor } from './colors';
import { formatValue, tickFormat } from './format';
import { rankSegments } from './segment-bars';
import { formatPeriod } from './trend-chart';

/** One segment's value in one period. */
export interface SegmentPeriodRow {
  segment: string;
  period: Date;
  value: number | null;
}

/** The narrowest a panel gets before the grid drops a column. */
const PANEL_WIDTH = 220;
const PANEL_HEIGHT = 110;

/** Where each segment's panel sits: segments ranked by their total, laid out row by row. */
export function layoutPanels(
  rows: readonly SegmentPeriodRow[],
  width: number,
): { segment: string; col: number; row: number }[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.segment, (totals.get(r.segment) ?? 0) + (r.value ?? 0));
  const ranked = rankSegments([...totals].map(([segment, value]) => ({ segment, value })));
  const columns = Math.max(1, Math.min(ranked.length, Math.floor(width / PANEL_WIDTH)));
  return ranked.map((r, i) => ({ segment: r.segment, col: i % columns, row: Math.floor(i / columns) }));
}

/**
 * A KPI per segment over time as small multiples: one panel per segment (ranked by total, in a
 * grid as wide as the chart allows), one line each in its segment's colour, on a shared y scale
 * so panels compare by height.
 */
export function buildSegmentTrends(
  rows: SegmentPeriodRow[],
  options: {
    /** The KPI's name, for the tips' reader (the caption names it). */
    label: string;
    unit: Unit;
    grain: Grain;
    width: number;
    colors?: (s: string) => string;
  },
): Plot.PlotOptions {
  const { unit, grain } = options;
  const panels = layoutPanels(rows, options.width);
  const order = panels.map((p) => p.segment);
  const color = options.colors ?? ((s: string) => segmentColor(s, order));
  const at = new Map(panels.map((p) => [p.segment, p]));
  const data = rows
    .filter((r) => r.value !== null)
    // Engine rows carry timestamps as epoch milliseconds; a Date or a number both read.
    .map((r) => ({
      ...r,
      period: new Date(r.period),
      col: at.get(r.segment)?.col ?? 0,
      row: at.get(r.segment)?.row ?? 0,
    }))
    .sort((a, b) => a.period.getTime() - b.period.getTime());
  const gridRows = Math.max(1, ...panels.map((p) => p.row + 1));
  return {
    width: options.width,
    height: gridRows * PANEL_HEIGHT + 50,
    marginLeft: 56,
    marginTop: 24,
    marginRight: 16,
    fx: { axis: null, padding: 0.18 },
    fy: { axis: null, padding: 0.25 },
    x: { type: 'utc', label: null, ticks: 3 },
    // The panel titles sit where the y label would; the UI's caption names the KPI.
    y: { label: null, grid: true, tickFormat: tickFormat(unit), zero: true, ticks: 3 },
    marks: [
      Plot.frame({ stroke: '#e5e8eb' }),
      Plot.text(panels, {
        fx: 'col',
        fy: 'row',
        text: 'segment',
        frameAnchor: 'top-left',
        dy: -14,
        fontWeight: 600,
        fill: (p: { segment: string }) => color(p.segment),
      }),
      Plot.lineY(data, {
        x: 'period',
        y: 'value',
        fx: 'col',
        fy: 'row',
        z: 'segment',
        stroke: (d: SegmentPeriodRow) => color(d.segment),
        strokeWidth: 1.75,
      }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: 'period',
          y: 'value',
          fx: 'col',
          fy: 'row',
          title: (d: SegmentPeriodRow) =>
            `${d.segment} · ${formatPeriod(d.period, grain)}\n${options.label}: ${formatValue(d.value, unit)}`,
        }),
      ),
    ],
  };
}
