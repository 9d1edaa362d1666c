import { parseTime, type DateRange } from './periods';
import type { ScalarMetric } from './types';

/** A goal for a KPI: a value per month, or for whatever range is shown. */
export interface Target {
  value: number;
  per: 'month' | 'range';
}

/** How a KPI stands against its target. */
export interface Attainment {
  /** The target for the range shown. */
  target: number;
  /** Value / target (1 = exactly on target); null without a value or with a zero target. */
  attainment: number | null;
  /** On track: at or above the target, or at or below it for a KPI where lower is better. */
  onTrack: boolean | null;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** Months in a range: whole calendar months count exactly, any other range by its days. */
export function monthsIn(range: DateRange): number {
  const start = new Date(parseTime(range.start));
  const end = new Date(parseTime(range.end));
  const whole = [start, end].every((d) => d.getUTCDate() === 1 && d.getTime() % 86_400_000 === 0);
  if (whole)
    return (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  return (end.getTime() - start.getTime()) / 86_400_000 / DAYS_PER_MONTH;
}

/**
 * The target for the range: a monthly target of an additive KPI (revenue, orders) scales with
 * the months shown; for a rate or an average it is the level to reach whatever the range.
 */
export function targetForRange(metric: ScalarMetric, target: Target, range: DateRange): number {
  return target.per === 'month' && metric.additive ? target.value * monthsIn(range) : target.value;
}

/** Attainment and status of a value against a target, with the KPI's direction taken into account. */
export function attain(
  metric: ScalarMetric,
  value: number | null,
  target: Target,
  range: DateRange,
): Attainment {
  const goal = targetForRange(metric, target, range);
  if (value === null) return { target: goal, attainment: null, onTrack: null };
  const onTrack = metric.direction === 'higher-is-better' ? value >= goal : value <= goal;
  return { target: goal, attainment: goal === 0 ? null : value / goal, onTrack };
}
