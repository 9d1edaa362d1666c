import { quoteIdentifier, type SqlQuery, type SqlValue } from '../sql/sql';
import { findMetric, type BaseMetric, type Metric } from './catalogue';

/** A half-open date range [start, end), as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` local times. */
export interface DateRange {
  start: string;
  end: string;
}

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'week', 'month', 'quarter', 'year'];

/** What to compute: the range (none = all time) and, for series, the grain. */
export interface MetricRequest {
  range?: DateRange | null;
  grain?: Grain;
}

/** A compiled query, or the reason the request cannot be compiled. */
export type Compiled = { ok: true; query: SqlQuery } | { ok: false; error: string };

const TIME_COLUMN = { orders: 'ordered_at' } as const;
const ROW_FILTER = { orders: 'NOT is_cancelled' } as const;

/** Resolves a KPI to the base KPIs it is built from, in a stable order, checking ids. */
function baseMetricsOf(metric: Metric, seen: string[] = []): BaseMetric[] | string {
  if (metric.kind === 'base') return [metric];
  if (seen.includes(metric.id)) return `KPI "${metric.id}" refers to itself`;
  const parts: BaseMetric[] = [];
  for (const id of [metric.numerator, metric.denominator]) {
    const part = findMetric(id);
    if (!part) return `KPI "${metric.id}" refers to unknown KPI "${id}"`;
    const bases = baseMetricsOf(part, [...seen, metric.id]);
    if (typeof bases === 'string') return bases;
    for (const b of bases) if (!parts.includes(b)) parts.push(b);
  }
  return parts;
}

/** The SQL expression for a KPI over the columns of an aggregate row named by base KPI id. */
function outerExpression(metric: Metric): string {
  if (metric.kind === 'base') return quoteIdentifier(metric.id);
  const numerator = findMetric(metric.numerator);
  const denominator = findMetric(metric.denominator);
  if (!numerator || !denominator) throw new Error(`unknown KPI in ${metric.id}`);
  // A ratio over a zero denominator has no value: NULL, never 0 or infinity.
  return `(${outerExpression(numerator)} / NULLIF(${outerExpression(denominator)}, 0))`;
}

function whereClause(
  table: BaseMetric['table'],
  range: DateRange | null | undefined,
): { text: string; params: SqlValue[] } {
  const conditions: string[] = [ROW_FILTER[table]];
  const params: SqlValue[] = [];
  if (range) {
    const time = quoteIdentifier(TIME_COLUMN[table]);
    conditions.push(`${time} >= CAST(? AS TIMESTAMP)`, `${time} < CAST(? AS TIMESTAMP)`);
    params.push(range.start, range.end);
  }
  return { text: `WHERE ${conditions.join(' AND ')}`, params };
}

function collectBases(metrics: readonly Metric[]): BaseMetric[] | string {
  const bases: BaseMetric[] = [];
  for (const metric of metrics) {
    const parts = baseMetricsOf(metric);
    if (typeof parts === 'string') return parts;
    for (const p of parts) if (!bases.includes(p)) bases.push(p);
  }
  if (new Set(bases.map((b) => b.table)).size > 1) return 'KPIs over different tables need separate queries';
  return bases;
}

/** One query that returns one row with a column per requested KPI id, for the range. */
export function compileScalars(metrics: readonly Metric[], request: MetricRequest = {}): Compiled {
  const bases = collectBases(metrics);
  if (typeof bases === 'string') return { ok: false, error: bases };
  const table = bases[0]?.table;
  if (!table) return { ok: false, error: 'No KPI requested' };
  const where = whereClause(table, request.range);
  const inner = bases.map((b) => `${b.aggregate} AS ${quoteIdentifier(b.id)}`).join(', ');
  const outer = metrics.map((m) => `${outerExpression(m)} AS ${quoteIdentifier(m.id)}`).join(', ');
  return {
    ok: true,
    query: {
      text: `SELECT ${outer} FROM (SELECT ${inner} FROM ${quoteIdentifier(table)} ${where.text}) AS base`,
      params: where.params,
    },
  };
}

/** A series: one row per period (`period`, a TIMESTAMP) with the KPI as `value`, oldest first. */
export function compileTrend(metric: Metric, request: MetricRequest): Compiled {
  const grain = request.grain ?? 'month';
  if (!GRAINS.includes(grain)) return { ok: false, error: `Unknown grain "${String(grain)}"` };
  const bases = collectBases([metric]);
  if (typeof bases === 'string') return { ok: false, error: bases };
  const table = bases[0]?.table;
  if (!table) return { ok: false, error: 'No KPI requested' };
  const where = whereClause(table, request.range);
  const time = quoteIdentifier(TIME_COLUMN[table]);
  const inner = bases.map((b) => `${b.aggregate} AS ${quoteIdentifier(b.id)}`).join(', ');
  return {
    ok: true,
    query: {
      text:
        `SELECT period, ${outerExpression(metric)} AS value FROM (` +
        `SELECT date_trunc('${grain}', ${time}) AS period, ${inner} FROM ${quoteIdentifier(table)} ` +
        `${where.text} AND ${time} IS NOT NULL GROUP BY 1) AS base ORDER BY period`,
      params: where.params,
    },
  };
}
