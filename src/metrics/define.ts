import type { AggregateFormula, ExpressionFormula, RelationId, ScalarMetric, SeriesMetric } from './types';

type ScalarFields = Omit<ScalarMetric, 'kind' | 'additive'> & { additive?: boolean };

/** A KPI with one value per period; not additive unless said. */
export const scalar = (fields: ScalarFields): ScalarMetric => ({
  kind: 'scalar',
  additive: false,
  ...fields,
});

/** A KPI whose value is a set of rows. */
export const series = (fields: Omit<SeriesMetric, 'kind'>): SeriesMetric => ({ kind: 'series', ...fields });

/** An aggregate over a relation. */
export const aggregate = (
  from: RelationId,
  sql: string,
  extra: Omit<AggregateFormula, 'from' | 'aggregate'> = {},
): AggregateFormula => ({ from, aggregate: sql, ...extra });

/** `{a} / {b}`, no value when b is 0. */
export const ratio = (
  numerator: string,
  denominator: string,
  extra: Omit<ExpressionFormula, 'expression'> = {},
) => ({
  expression: `{${numerator}} / NULLIF({${denominator}}, 0)`,
  ...extra,
});

/** SQL over other KPIs' values. */
export const expression = (
  sql: string,
  extra: Omit<ExpressionFormula, 'expression'> = {},
): ExpressionFormula => ({
  expression: sql,
  ...extra,
});

/** Sessions counted with their weight (a report row can stand for several sessions). */
export const SESSIONS = 'sum(weight)';
