import type { Grain } from './periods';

/** A period whose value is far from what the periods before it make usual. */
export interface UnusualPoint {
  period: Date;
  value: number;
  /** The median of the history it was compared with. */
  usual: number;
  /** (value − usual) / spread: signed, positive above the usual. */
  deviations: number;
}

/** How many periods back a value is compared with, and how many of them need a value. */
export const UNUSUAL_HISTORY = 8;
export const UNUSUAL_MIN_HISTORY = 4;
/** How far from the usual, in robust deviations, a value must be to count as unusual. */
export const UNUSUAL_THRESHOLD = 3;
/** The smallest spread, as a share of the usual value. */
export const UNUSUAL_SPREAD_FLOOR = 0.05;

/**
 * The unusual periods of a series. The rule, in words: each day is compared with the same
 * weekday in the 8 weeks before it (each week, month, quarter or year with the 8 before it),
 * and needs at least 4 of those with a value. The usual value is their median; the spread is
 * 1.4826 × their median absolute deviation (the robust stand-in for a standard deviation), but
 * never less than 5 % of the usual value, so a perfectly steady history does not make a 1 % wobble
 * news (and a history of zeros with a zero spread flags nothing). A period is unusual when it is at
 * least 3 spreads above or below the usual. Periods without a value are skipped.
 */
export function findUnusual(points: { period: Date; value: number | null }[], grain: Grain): UnusualPoint[] {
  const byTime = new Map<number, number>();
  for (const p of points)
    if (p.value !== null && Number.isFinite(p.value)) byTime.set(p.period.getTime(), p.value);
  const unusual: UnusualPoint[] = [];
  for (const p of [...points].sort((a, b) => a.period.getTime() - b.period.getTime())) {
    const value = p.value;
    if (value === null || !Number.isFinite(value)) continue;
    const history: number[] = [];
    for (let k = 1; k <= UNUSUAL_HISTORY; k++) {
      const before = byTime.get(shift(p.period, grain, -k));
      if (before !== undefined) history.push(before);
    }
    if (history.length < UNUSUAL_MIN_HISTORY) continue;
    const usual = median(history);
    const mad = median(history.map((v) => Math.abs(v - usual)));
    const spread = Math.max(1.4826 * mad, UNUSUAL_SPREAD_FLOOR * Math.abs(usual));
    if (spread === 0) continue;
    const deviations = (value - usual) / spread;
    if (Math.abs(deviations) >= UNUSUAL_THRESHOLD)
      unusual.push({ period: p.period, value, usual, deviations });
  }
  return unusual;
}

/** The start of the period `k` periods away (a day steps by weeks: the same weekday), in UTC. */
function shift(period: Date, grain: Grain, k: number): number {
  const d = new Date(period.getTime());
  switch (grain) {
    case 'day':
    case 'week':
      return d.setUTCDate(d.getUTCDate() + 7 * k);
    case 'month':
      return d.setUTCMonth(d.getUTCMonth() + k);
    case 'quarter':
      return d.setUTCMonth(d.getUTCMonth() + 3 * k);
    case 'year':
      return d.setUTCFullYear(d.getUTCFullYear() + k);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
