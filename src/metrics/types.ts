/** How a KPI's value reads. Percentages are fractions (0.034 = 3.4 %), durations seconds, NPS −1…1. */
export type Unit = 'money' | 'count' | 'ratio' | 'percent' | 'duration' | 'nps';

/** Whether a higher value is good news. */
export type Direction = 'higher-is-better' | 'lower-is-better';

/** The catalogue's sections. */
export type Group =
  'Sales' | 'Customers' | 'Marketing and traffic' | 'Behaviour and funnel' | 'Operations and service';

/** The row sets KPIs aggregate over (see relations.ts). */
export type RelationId =
  | 'orders'
  | 'order_lines'
  | 'sessions'
  | 'visits'
  | 'events'
  | 'spend'
  | 'returns'
  | 'inventory'
  | 'surveys'
  | 'tickets'
  | 'subscribers';

/** What a probe of the loaded data found, for KPIs whose meaning depends on the values. */
export interface DataFacts {
  /** 0–10 answers (NPS) or 1–5 review scores. */
  surveyScale?: '0-10' | '1-5' | null;
  /** Canonical event types present in the events. */
  eventTypes?: string[];
  /** The splits each summary table kept ('' is the whole day; see summaries.ts). */
  summaries?: Partial<Record<RelationId, string[]>>;
}

/** Which canonical views exist and which of their roles carry data; plus the data probe. */
export interface DataShape {
  tables: Partial<Record<string, readonly string[]>>;
  facts: DataFacts;
}

/** A condition on the data probe; `message` says what is missing when it fails. */
export interface FactCheck {
  test: (facts: DataFacts) => boolean;
  message: string;
}

/**
 * An aggregate over a relation's rows. By default the rows are those in the period; `history`
 * widens them to rows before the period end (for look-back KPIs such as retention), and the
 * aggregate then selects with `$start` and `$end`, the period's bounds.
 */
export interface AggregateFormula {
  from: RelationId;
  aggregate: string;
  /** Roles of the relation's table this formula reads (`customer_key`, `orders.channel`…). */
  needs?: string[];
  requires?: FactCheck;
  /** Aggregate per `key` first (`inner`, naming its columns), then `aggregate` over those rows. */
  per?: { key: string; inner: string };
  /** Rows from `days` before the period's start (or end), up to its end; no `days`: all history. */
  history?: { days?: number; before?: 'start' | 'end' };
  /** Which way of computing this is, when the KPI has several (shown on the card). */
  note?: string;
  /** False for KPIs that follow customers over time: an order's segment does not say which customers they are. */
  split?: false;
}

/** SQL over other KPIs' values: `{id}`, or `{id~before}` for the period just before. */
export interface ExpressionFormula {
  expression: string;
  requires?: FactCheck;
  note?: string;
}

export type Formula = AggregateFormula | ExpressionFormula;

interface KpiBase {
  id: string;
  name: string;
  /** One line for a person, in the product's own words. */
  help: string;
  /** The definition in words, as in docs/kpis.md. */
  formula: string;
  group: Group;
  /** The seed articles that ask for it (see docs/kpis.md). */
  seeds: string;
  /** Where a seed's formula is wrong: one sentence on what the product does instead. */
  correction?: string;
}

/** A KPI with one value per period (and segment). */
export interface ScalarMetric extends KpiBase {
  kind: 'scalar';
  unit: Unit;
  direction: Direction;
  /** Sums over time (revenue, orders): an empty period is 0 and a monthly target scales with the range. */
  additive: boolean;
  /** Ways to compute it, best first; the first the data supports is used. */
  formulas: Formula[];
  /** A building block of other KPIs, not listed on its own. */
  hidden?: boolean;
}

/** A KPI whose value is a set of rows (a ranking, a funnel, a heatmap). */
export interface SeriesMetric extends KpiBase {
  kind: 'series';
  /** KPIs and relation roles it needs, checked like a scalar's formula. */
  formulas: Formula[];
}

export type Metric = ScalarMetric | SeriesMetric;
