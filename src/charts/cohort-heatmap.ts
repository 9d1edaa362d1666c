import * as Plot from '@observablehq/plot';
import { formatValue, MONTH_NAMES } from './format';
import { selectable } from './select';

/** Customers of a first-order month still ordering some months later, as the cohort query returns them. */
export interface CohortRow {
  cohort: Date;
  months_since: number;
  customers: number;
  cohort_size: number;
  /** customers / cohort_size, 0–1. */
  share: number;
}

/** A cohort month as a person reads it ('Jan 2024') and as `onselect` gets it ('2024-01'). */
export function cohortLabel(cohort: Date): string {
  return `${MONTH_NAMES[cohort.getUTCMonth()]} ${cohort.getUTCFullYear()}`;
}
export function cohortKey(cohort: Date): string {
  return `${cohort.getUTCFullYear()}-${String(cohort.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A share for a small cell: whole percents, one decimal under 10 %. */
export function cellPercent(share: number): string {
  const p = share * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

const CELL_HEIGHT = 24;

/**
 * Cohort retention as a heatmap: a row per first-order month (oldest on top), a column per month
 * since the first order, each cell filled by the share of the cohort that ordered again and
 * showing it. The colour scale spans 0 to the highest share after month 0 (month 0 is always
 * 100 % and would otherwise wash out the rest; it is drawn at the darkest colour). Clicking a
 * cell calls `onselect` with the cohort month ('2024-01').
 */
export function buildCohortHeatmap(
  rows: CohortRow[],
  options: { width: number; onselect?: (cohort: string) => void },
): Plot.PlotOptions {
  // Engine rows carry timestamps as epoch milliseconds; a Date or a number both read.
  const data = rows
    .map((r) => ({ ...r, cohort: new Date(r.cohort) }))
    .sort((a, b) => a.cohort.getTime() - b.cohort.getTime() || a.months_since - b.months_since);
  const cohorts = [...new Set(data.map((r) => cohortLabel(r.cohort)))];
  const maxMonths = Math.max(0, ...data.map((r) => r.months_since));
  const top = Math.max(0.01, ...data.filter((r) => r.months_since > 0).map((r) => r.share));
  // Text turns white where the fill is dark enough for it.
  const dark = (r: CohortRow): boolean => r.share >= top * 0.55;
  return {
    width: options.width,
    height: Math.max(1, cohorts.length) * CELL_HEIGHT + 50,
    marginLeft: 64,
    marginTop: 40,
    x: {
      type: 'band',
      domain: Array.from({ length: maxMonths + 1 }, (_, i) => i),
      axis: 'top',
      label: 'Months since first order',
      labelAnchor: 'left',
      tickSize: 0,
    },
    y: { type: 'band', domain: cohorts, label: null, tickSize: 0 },
    color: {
      type: 'linear',
      scheme: 'blues',
      domain: [0, top],
      clamp: true,
      legend: true,
      label: 'Share of the cohort ordering',
      tickFormat: (v: number) => cellPercent(v),
    },
    marks: [
      Plot.cell(data, {
        x: 'months_since',
        y: (r: CohortRow) => cohortLabel(r.cohort),
        fill: 'share',
        inset: 0.5,
        title: (r: CohortRow) =>
          `${cohortLabel(r.cohort)} cohort, month ${r.months_since}\n${formatValue(r.customers, 'count')} of ${formatValue(r.cohort_size, 'count')} customers (${formatValue(r.share, 'percent')})`,
        tip: true,
        render: selectable(data, {
          key: (r) => cohortKey(r.cohort),
          value: (r) => r.share,
          onselect: options.onselect,
        }),
      }),
      Plot.text(data, {
        x: 'months_since',
        y: (r: CohortRow) => cohortLabel(r.cohort),
        text: (r: CohortRow) => cellPercent(r.share),
        fill: (r: CohortRow) => (dark(r) ? 'white' : 'black'),
        pointerEvents: 'none',
      }),
    ],
  };
}
