import * as Plot from '@observablehq/plot';
import { segmentColor } from './colors';
import { formatValue, labelMargin, tickFormat } from './format';
import { rankSegments } from './segment-bars';
import { selectable } from './select';

/** Sessions, sessions with a purchase and conversion rate of one traffic source class. */
export interface TrafficRow {
  segment: string;
  sessions: number;
  converted_sessions: number;
  conversion_rate: number | null;
}

const BAR_STEP = 28;
/** Width of the conversion column right of the bars. */
const RATE_COLUMN = 84;

/**
 * Traffic by source class: sessions as bars ranked by volume (Other last), each in its source's
 * colour with the count at its end, and the conversion rate as a column of figures right of the
 * bars, on the same row. Sessions and a rate have different units: a second axis over the bars
 * would invite reading the two heights against each other, and two panels would split the eye
 * between two rankings. A column keeps each rate beside the volume it comes from, where the
 * rates still read down as a list. Clicking a bar or a rate calls `onselect` with the source.
 */
export function buildTrafficChart(
  rows: TrafficRow[],
  options: { width: number; colors?: (s: string) => string; onselect?: (s: string) => void },
): Plot.PlotOptions {
  const data = rankSegments(rows.map((r) => ({ ...r, value: r.sessions })));
  const order = data.map((d) => d.segment);
  const color = options.colors ?? ((s: string) => segmentColor(s, order));
  // One decimal throughout, so the column's figures line up.
  const rate = (d: TrafficRow): string =>
    d.conversion_rate === null ? '—' : `${(d.conversion_rate * 100).toFixed(1)}%`;
  return {
    width: options.width,
    height: Math.max(1, data.length) * BAR_STEP + 56,
    marginLeft: labelMargin(order),
    marginTop: 26,
    // The count after the longest bar, then the conversion column.
    marginRight: 60 + RATE_COLUMN,
    y: { domain: order, label: null, tickSize: 0, padding: 0.25 },
    x: { label: 'Sessions', grid: true, tickFormat: tickFormat('count'), nice: true },
    marks: [
      Plot.barX(data, {
        y: 'segment',
        x: 'sessions',
        fill: (d: TrafficRow) => color(d.segment),
        title: (d: TrafficRow) =>
          `${d.segment}: ${formatValue(d.sessions, 'count')} sessions\n${formatValue(d.converted_sessions, 'count')} with a purchase (${rate(d)})`,
        tip: true,
        render: selectable(data, {
          key: (d) => d.segment,
          value: (d) => d.sessions,
          onselect: options.onselect,
        }),
      }),
      Plot.text(data, {
        y: 'segment',
        x: 'sessions',
        text: (d: TrafficRow) => formatValue(d.sessions, 'count'),
        textAnchor: 'start',
        dx: 5,
      }),
      Plot.text(data, {
        y: 'segment',
        text: rate,
        frameAnchor: 'right',
        textAnchor: 'end',
        dx: 60 + RATE_COLUMN - 8,
        fontVariant: 'tabular-nums',
        render: selectable(data, {
          key: (d) => d.segment,
          value: (d) => d.conversion_rate,
          onselect: options.onselect,
        }),
      }),
      Plot.text(['Conversion'], {
        frameAnchor: 'top-right',
        textAnchor: 'end',
        dx: 60 + RATE_COLUMN - 8,
        dy: -16,
        fontWeight: 600,
      }),
      Plot.ruleX([0]),
    ],
  };
}
