import * as Plot from '@observablehq/plot';
import { formatValue, labelMargin, tickFormat } from './format';
import { selectable } from './select';

/** One step of the session funnel, as the funnel series query returns it. */
export interface FunnelRow {
  step: number;
  name: string;
  sessions: number;
  /** Sessions at this step over sessions at the step before (null: no sessions before). */
  step_rate: number | null;
}

const STEP_NAMES: Record<string, string> = {
  sessions: 'Sessions',
  product_view: 'Product view',
  add_to_cart: 'Add to cart',
  checkout: 'Checkout',
  purchase: 'Purchase',
};

/** The name a person reads for a funnel step. */
export function stepName(name: string): string {
  return STEP_NAMES[name] ?? name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** A funnel step with what the chart draws beside it. */
export interface FunnelStep extends FunnelRow {
  label: string;
  /** Sessions at the step before, drawn as a lighter bar behind this one (null for the first). */
  before: number | null;
  /** Share of the step before's sessions lost at this step, 0–1. */
  dropOff: number | null;
}

/** The steps in order, each with the sessions of the step before and the drop-off from it. */
export function funnelSteps(rows: readonly FunnelRow[]): FunnelStep[] {
  const sorted = [...rows].sort((a, b) => a.step - b.step);
  return sorted.map((row, i) => {
    const before = i > 0 ? (sorted[i - 1]?.sessions ?? null) : null;
    return {
      ...row,
      label: stepName(row.name),
      before,
      dropOff: before ? 1 - row.sessions / before : null,
    };
  });
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
const STEP_HEIGHT = 44;
const LOST = '#dbe2ea';

/**
 * The session funnel as horizontal bars, one per step in order. Behind each step a lighter bar
 * as long as the step before shows what was lost; beside it the sessions with the step's
 * conversion, and under that the drop-off ("−62.0% drop-off"). Clicking a step calls `onselect`
 * with its name (`add_to_cart`).
 */
export function buildFunnelChart(
  rows: FunnelRow[],
  options: { width: number; onselect?: (step: string) => void },
): Plot.PlotOptions {
  const steps = funnelSteps(rows);
  const labels = steps.map((s) => s.label);
  const labelAt = (s: FunnelStep): number => Math.max(s.sessions, s.before ?? 0);
  return {
    width: options.width,
    height: Math.max(1, steps.length) * STEP_HEIGHT + 40,
    marginLeft: labelMargin(labels),
    // Room for "12,345 · 38.0%" after the longest bar.
    marginRight: 110,
    y: { domain: labels, label: null, tickSize: 0, padding: 0.2 },
    x: { label: 'Sessions', grid: true, tickFormat: tickFormat('count'), nice: true },
    marks: [
      Plot.barX(
        steps.filter((s) => s.before !== null),
        { y: 'label', x: 'before', fill: LOST },
      ),
      Plot.barX(steps, {
        y: 'label',
        x: 'sessions',
        fill: 'var(--accent)',
        title: (s: FunnelStep) =>
          s.before === null
            ? `${s.label}: ${formatValue(s.sessions, 'count')} sessions`
            : `${s.label}: ${formatValue(s.sessions, 'count')} sessions\n${s.step_rate === null ? '—' : percent(s.step_rate)} of ${formatValue(s.before, 'count')} at the step before (${s.dropOff === null ? '—' : `−${percent(s.dropOff)}`} drop-off)`,
        tip: true,
        render: selectable(steps, {
          key: (s) => s.name,
          value: (s) => s.sessions,
          onselect: options.onselect,
        }),
      }),
      // The first step has one line beside it; the others two (conversion, then drop-off).
      ...[false, true].map((hasBefore) =>
        Plot.text(
          steps.filter((s) => (s.before !== null) === hasBefore),
          {
            y: 'label',
            x: labelAt,
            text: (s: FunnelStep) =>
              formatValue(s.sessions, 'count') +
              (s.step_rate === null || !hasBefore ? '' : ` · ${percent(s.step_rate)}`),
            textAnchor: 'start',
            dx: 5,
            dy: hasBefore ? -6 : 0,
          },
        ),
      ),
      Plot.text(
        steps.filter((s) => s.dropOff !== null),
        {
          y: 'label',
          x: labelAt,
          text: (s: FunnelStep) => `−${percent(s.dropOff ?? 0)} drop-off`,
          textAnchor: 'start',
          dx: 5,
          dy: 7,
          fill: '#6b7580',
        },
      ),
      Plot.ruleX([0]),
    ],
  };
}
