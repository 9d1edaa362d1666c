import { BEHAVIOUR } from './kpis-behaviour';
import { CUSTOMERS } from './kpis-customers';
import { MARKETING } from './kpis-marketing';
import { OPERATIONS } from './kpis-operations';
import { SALES } from './kpis-sales';
import type { Metric, ScalarMetric } from './types';

export type { Direction, Metric, ScalarMetric, SeriesMetric, Unit } from './types';

/** The KPI catalogue (ids as in ../shared/spec/kpi-catalogue.md), in the spec's order. */
export const METRICS: readonly Metric[] = [...SALES, ...CUSTOMERS, ...MARKETING, ...BEHAVIOUR, ...OPERATIONS];

/** Looks a KPI up by id. */
export function findMetric(id: string): Metric | undefined {
  return METRICS.find((m) => m.id === id);
}

/** The scalar KPIs a person sees (building blocks left out). */
export const VISIBLE_SCALARS: readonly ScalarMetric[] = METRICS.filter(
  (m): m is ScalarMetric => m.kind === 'scalar' && !m.hidden,
);
