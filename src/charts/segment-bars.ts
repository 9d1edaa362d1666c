import * as Plot from '@observablehq/plot';
import type { Unit } from '../metrics/types';
import { segmentColor } from './colors';
import { formatValue, formatWithComparison, labelMargin, tickFormat } from './format';
import { selectable } from './select';

/** One segment's value over the range and over the comparison range. */
export interface SegmentRow {
  segment: string;
  value: number | null;
  comparison: number | null;
}

const BAR_STEP = 28;
/** The opacity of segments outside the selection. */
export const FADED = 0.3;

/** Segments by value, highest first; segments without a value after them, then '(not set)', then 'Other'. */
export function rankSegments<T extends { segment: string; value: number | null }>(rows: readonly T[]): T[] {
  const tail = (s: string): number => (s === 'Other' ? 2 : s === '(not set)' ? 1 : 0);
  return [...rows].sort(
    (a, b) =>
      tail(a.segment) - tail(b.segment) ||
      (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
      a.segment.localeCompare(b.segment),
  );
}

/**
 * A KPI per segment as horizontal bars, ranked, each in its segment's colour, with the
 * comparison value as a black tick and the value written at the bar's end. With a selection,
 * the selected segments stay solid and the others fade; clicking a bar calls `onselect`.
 */
export function buildSegmentBars(
  rows: SegmentRow[],
  options: {
    label: string;
    unit: Unit;
    width: number;
    colors?: (s: string) => string;
    onselect?: (s: string) => void;
    selected?: readonly string[];
    /** How tips name the comparison value: 'prev.' unless given. */
    comparisonLabel?: string;
  },
): Plot.PlotOptions {
  const { unit } = options;
  const data = rankSegments(rows);
  const order = data.map((d) => d.segment);
  const color = options.colors ?? ((s: string) => segmentColor(s, order));
  const selected = options.selected ?? [];
  const opacity = (d: SegmentRow): number =>
    selected.length === 0 || selected.includes(d.segment) ? 1 : FADED;
  const labelAt = (d: SegmentRow): number => Math.max(d.value ?? 0, d.comparison ?? 0, 0);
  return {
    width: options.width,
    height: Math.max(1, data.length) * BAR_STEP + 40,
    marginLeft: labelMargin(order),
    // Room for the value written after the longest bar.
    marginRight: 80,
    y: { domain: order, label: null, tickSize: 0, padding: 0.25 },
    x: { label: options.label, grid: true, tickFormat: tickFormat(unit), nice: true },
    marks: [
      Plot.barX(data, {
        y: 'segment',
        x: 'value',
        fill: (d: SegmentRow) => color(d.segment),
        fillOpacity: opacity,
        title: (d: SegmentRow) =>
          `${d.segment}: ${formatWithComparison(d.value, d.comparison, unit, options.comparisonLabel)}`,
        tip: true,
        render: selectable(data, {
          key: (d) => d.segment,
          value: (d) => d.value,
          onselect: options.onselect,
        }),
      }),
      Plot.tickX(
        data.filter((d) => d.comparison !== null),
        { y: 'segment', x: 'comparison', stroke: 'black', strokeWidth: 2, strokeOpacity: opacity },
      ),
      Plot.text(data, {
        y: 'segment',
        x: labelAt,
        text: (d: SegmentRow) => formatValue(d.value, unit),
        textAnchor: 'start',
        dx: 5,
        fillOpacity: opacity,
      }),
      Plot.ruleX([0]),
    ],
  };
}
