/** How a KPI's value reads. Percentages are stored as fractions (0.034 = 3.4 %). */
export type Unit = 'money' | 'count' | 'ratio' | 'percent';

/** Whether a higher value is good news. */
export type Direction = 'higher-is-better' | 'lower-is-better';

interface MetricBase {
  id: string;
  label: string;
  help: string;
  unit: Unit;
  direction: Direction;
}

/** A KPI aggregated straight from a canonical table. */
export interface BaseMetric extends MetricBase {
  kind: 'base';
  table: 'orders';
  /** Canonical columns the KPI reads. */
  needs: string[];
  /** SQL aggregate over the table's rows that count (cancelled orders excluded). */
  aggregate: string;
}

/** A KPI that divides one KPI by another, referring to them by id. */
export interface RatioMetric extends MetricBase {
  kind: 'ratio';
  numerator: string;
  denominator: string;
}

export type Metric = BaseMetric | RatioMetric;

/** The KPI catalogue (ids as in the spec's catalogue). */
export const METRICS: readonly Metric[] = [
  {
    id: 'revenue',
    kind: 'base',
    label: 'Revenue',
    help: 'Sum of the order totals of all orders that were not cancelled.',
    unit: 'money',
    direction: 'higher-is-better',
    table: 'orders',
    needs: ['revenue'],
    aggregate: 'sum(revenue)',
  },
  {
    id: 'orders',
    kind: 'base',
    label: 'Orders',
    help: 'Number of distinct orders that were not cancelled.',
    unit: 'count',
    direction: 'higher-is-better',
    table: 'orders',
    needs: ['order_id'],
    aggregate: 'count(DISTINCT order_id)',
  },
  {
    id: 'aov',
    kind: 'ratio',
    label: 'Average order value',
    help: 'Revenue divided by orders: what an order brings in on average.',
    unit: 'money',
    direction: 'higher-is-better',
    numerator: 'revenue',
    denominator: 'orders',
  },
];

/** Looks a KPI up by id. */
export function findMetric(id: string): Metric | undefined {
  return METRICS.find((m) => m.id === id);
}
