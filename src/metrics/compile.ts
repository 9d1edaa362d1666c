import { literal, quoteIdentifier } from '../sql/sql';
import { createResolver, type Resolution } from './availability';
import { findMetric } from './catalogue';
import { JOURNEY_DEFAULT } from './kpis-behaviour';
import {
  buckets,
  comparisonShift,
  formatTime,
  parseTime,
  truncate,
  type Compare,
  type DateRange,
  type Grain,
  type Period,
} from './periods';
import { filterSql, NOT_SET, RELATIONS, relationSql, type DimensionId, type Filter } from './relations';
import { summaryFor } from './summaries';
import type { AggregateFormula, DataShape, ScalarMetric } from './types';

export { GRAINS, type Compare, type DateRange, type Grain } from './periods';

export type { Filter } from './relations';

/** What to compute: KPIs over a range, optionally per period, compared, split and filtered. */
export interface KpiRequest {
  range: DateRange;
  /** Per period of this grain (a series); without it one value for the whole range. */
  grain?: Grain | null;
  compare?: Compare;
  segment?: DimensionId | null;
  filters?: Filter[];
  /** Journey overlap's page patterns (`*` matches anything; an empty B means "purchased"). */
  journey?: { a: string; b: string };
  /** What the top products are ranked by. */
  rank?: 'revenue' | 'units';
  /**
   * With a grain: also the periods from this day up to the range (key 'history'), whole, for
   * judging the range's values against the ones before (unusual points). The bucket the range
   * starts in is whole there, where 'current' clips it to the range.
   */
  lookBack?: string | null;
}

/** A compiled request: the query, and per requested KPI its resolution. */
export interface CompiledKpis {
  /** Null when no requested KPI can be computed. */
  sql: string | null;
  resolutions: Record<string, Resolution>;
  /** The KPI ids the query returns, one column each. */
  computed: string[];
}

/** Where a base KPI's value sits: the CTE that aggregates it. */
interface Unit {
  name: string;
  formula: AggregateFormula;
  ids: string[];
  /** Computed from the relation's summary table (see summaries.ts). */
  summary: boolean;
  /** The column every aggregate of the unit counts the distinct values of, if they all do. */
  distinct: string | null;
}

/** `count(DISTINCT key)`, with a filter or without: the key and the filter's condition. */
export function distinctCount(aggregate: string): { key: string; where: string | null } | null {
  const match = /^count\(DISTINCT ([a-z_][a-z0-9_]*)\)(?: FILTER \(WHERE (.+)\))?$/.exec(aggregate.trim());
  if (!match) return null;
  const where = match[2] ?? null;
  // The condition is one expression: `… FILTER (WHERE a) - count(…) FILTER (WHERE b)` is not one.
  return where === null || balanced(where) ? { key: match[1] ?? '', where } : null;
}

/** Whether every bracket of an expression closes, none before it opens. */
function balanced(sql: string): boolean {
  let depth = 0;
  for (const c of sql) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const BEFORE = '~before';
/** The key of the look-back's periods. */
export const LOOK_BACK = 'history';

/** The key of the rows a unit's value is read from: the period itself or the one just before it. */
const alias = (unit: string, before: boolean): string => (before ? `${unit}_b` : unit);

/**
 * Compiles KPIs for a request into one query: rows of key ('current' | 'comparison' | 'history'),
 * period, [segment], a column per KPI.
 */
export function compileKpis(ids: readonly string[], request: KpiRequest, shape: DataShape): CompiledKpis {
  const dimensions = [
    ...(request.segment ? [request.segment] : []),
    ...(request.filters ?? []).map((f) => f.dimension),
  ];
  const resolve = createResolver(shape, dimensions);
  const resolutions: Record<string, Resolution> = {};
  for (const id of ids) resolutions[id] = resolve(id);
  const computed = ids.filter((id) => resolutions[id]?.ok && findMetric(id)?.kind === 'scalar');
  if (computed.length === 0) return { sql: null, resolutions, computed };

  // Every base KPI the computed ones rest on, grouped into one CTE per relation and scope, and
  // whether its summary table holds it.
  const units: Unit[] = [];
  const wholeDays = boundsOf(periodSets(request, true).flatMap(([, list]) => list)).wholeDays;
  const summarised = (formula: AggregateFormula): boolean =>
    summaryFor(formula, [formula.aggregate], dimensions, shape, wholeDays) !== null;
  let needsBefore = false;
  const visit = (id: string, seen: Set<string>): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const resolution = resolve(id);
    if (!resolution.ok) return;
    const formula = resolution.formula;
    if ('expression' in formula) {
      if (formula.expression.includes(BEFORE)) needsBefore = true;
      for (const [, ref] of formula.expression.matchAll(/\{([a-z0-9_]+)(?:~before)?\}/g))
        visit(ref ?? '', seen);
      return;
    }
    const summary = summarised(formula);
    // Distinct counts of one column go in a unit of their own, which counts them in two steps
    // (not with a look-back: that would join each period with its history twice).
    const distinct = formula.per || formula.history ? null : (distinctCount(formula.aggregate)?.key ?? null);
    const keyOf = (u: Omit<Unit, 'name' | 'ids'>): string =>
      JSON.stringify([u.formula.from, u.formula.per, u.formula.history, u.summary, u.distinct]);
    const key = keyOf({ formula, summary, distinct });
    const unit = units.find((u) => keyOf(u) === key);
    if (unit) unit.ids.push(id);
    else units.push({ name: `u${units.length}`, formula, ids: [id], summary, distinct });
  };
  const seen = new Set<string>();
  for (const id of computed) visit(id, seen);

  const sets = periodSets(request, needsBefore);
  const bounds = boundsOf(sets.flatMap(([, list]) => list));
  const ctes = [periodsCte(sets)];
  for (const unit of units)
    ctes.push(`${unit.name} AS (${unitSql(unit, request, resolve, bounds, dimensions, shape)})`);

  const grid = request.segment
    ? `SELECT p.*, s.segment FROM periods AS p CROSS JOIN (SELECT DISTINCT segment FROM (${units.map((u) => `SELECT segment FROM ${u.name}`).join(' UNION ALL ')})) AS s`
    : 'SELECT * FROM periods';
  ctes.push(`grid AS (${grid})`);
  const joins = units.flatMap((unit) =>
    [false, ...(needsBefore ? [true] : [])].map((before) => {
      const name = alias(unit.name, before);
      const key = before ? `g.key || '${BEFORE}'` : 'g.key';
      const seg = request.segment ? ` AND ${name}.segment IS NOT DISTINCT FROM g.segment` : '';
      return `LEFT JOIN ${unit.name} AS ${name} ON ${name}.key = ${key} AND ${name}.period = g.period${seg}`;
    }),
  );
  const valueOf = (id: string, before: boolean): string => {
    const resolution = resolve(id);
    if (!resolution.ok) return 'NULL';
    const formula = resolution.formula;
    if ('expression' in formula) {
      const body = formula.expression
        .replace(
          /\{([a-z0-9_]+)(~before)?\}/g,
          (_m, ref: string, shifted?: string) => `(${valueOf(ref, before || Boolean(shifted))})`,
        )
        .replaceAll('$days', "(date_diff('second', g.period_start, g.period_end) / 86400.0)");
      return body;
    }
    const unit = units.find((u) => u.ids.includes(id));
    const column = `${alias(unit?.name ?? '', before)}.${quoteIdentifier(id)}`;
    const metric = findMetric(id) as ScalarMetric;
    // A sum or a count over a period without rows is 0 (no orders); a ratio or an average stays
    // "no value", and so does a latest-known count (stock) where nothing was counted yet.
    const zero = metric.additive || (metric.unit === 'count' && !formula.per);
    return zero ? `coalesce(${column}, 0)` : column;
  };
  const columns = computed.map((id) => `${valueOf(id, false)} AS ${quoteIdentifier(id)}`);
  const sql = `WITH ${ctes.join(',\n')}
SELECT g.key, g.period${request.segment ? ', g.segment' : ''}, ${columns.join(', ')}
FROM grid AS g ${joins.join(' ')}
WHERE g.key NOT LIKE '%${BEFORE}'
ORDER BY g.key DESC, g.period${request.segment ? ', g.segment' : ''}`;
  return { sql, resolutions, computed };
}

/**
 * The periods as one string constant, split into rows by the engine. A day-grain series with its
 * comparison and look-back has hundreds of periods: as a VALUES list each bound is a constant the
 * planner binds and folds, which took more time than running the query on summary rows.
 */
function periodsCte(sets: [string, Period[]][]): string {
  const text = sets
    .flatMap(([key, list]) => list.map((p) => [key, p.period, p.start, p.end].map(stamp).join('|')))
    .join(';');
  const at = (i: number): string => `CAST(p[${i}] AS TIMESTAMP)`;
  return `periods(key, period, period_start, period_end) AS (SELECT p[1], ${at(2)}, ${at(3)}, ${at(4)} FROM (SELECT string_split(unnest(string_split(${literal(text)}, ';')), '|') AS p))`;
}

/** A period's key as it is, a time in full (`YYYY-MM-DD HH:MM:SS`). */
const stamp = (value: string, i: number): string => (i === 0 ? value : formatTime(parseTime(value)));

/** The periods by key: current, comparison, the look-back, and the periods just before each when asked. */
function periodSets(request: KpiRequest, withBefore: boolean): [string, Period[]][] {
  const grain = request.grain ?? null;
  const current = grain ? buckets(request.range, grain) : [{ period: request.range.start, ...request.range }];
  const sets: [string, Period[]][] = [['current', current]];
  const shift = comparisonShift(request.range, request.compare ?? 'none', grain);
  if (shift) sets.push(['comparison', current.map((p) => movePeriod(p, shift))]);
  if (grain && request.lookBack) {
    const start = parseTime(request.range.start);
    const before = buckets({ start: request.lookBack, end: request.range.end }, grain).filter(
      (p) => parseTime(p.period) < start,
    );
    if (before.length > 0) sets.push([LOOK_BACK, before]);
  }
  if (withBefore) {
    for (const [key, list] of [...sets]) {
      const before = list.map((p) =>
        grain
          ? previousBucket(p, grain)
          : movePeriod(p, comparisonShift(p, 'previous', null) ?? ((ms) => ms)),
      );
      sets.push([`${key}${BEFORE}`, before]);
    }
  }
  return sets;
}

/** The earliest start, and the earliest and latest end, of all periods (epoch ms). */
interface Bounds {
  start: number;
  firstEnd: number;
  end: number;
  /** Every period starts and ends at midnight. */
  wholeDays: boolean;
}

const DAY_MS = 86_400_000;

function boundsOf(periods: Period[]): Bounds {
  const starts = periods.map((p) => parseTime(p.start));
  const ends = periods.map((p) => parseTime(p.end));
  return {
    start: Math.min(...starts),
    firstEnd: Math.min(...ends),
    end: Math.max(...ends),
    wholeDays: [...starts, ...ends].every((ms) => ms % DAY_MS === 0),
  };
}

const ts = (time: string): string => `TIMESTAMP ${literal(formatTime(parseTime(time)))}`;

/** A period moved by a shift, keeping the name of the period it is compared with. */
const movePeriod = (p: Period, shift: (ms: number) => number): Period => ({
  period: p.period,
  start: formatTime(shift(parseTime(p.start))),
  end: formatTime(shift(parseTime(p.end))),
});

/** The bucket before a series' bucket, over the same part of it when the bucket is clipped. */
function previousBucket(p: Period, grain: Grain): Period {
  const bucket = parseTime(p.period);
  const previous = truncate(bucket - 1, grain);
  const start = previous + (parseTime(p.start) - bucket);
  const end = Math.min(bucket, previous + (parseTime(p.end) - bucket));
  return { period: p.period, start: formatTime(start), end: formatTime(end) };
}

/**
 * The aggregates of one unit: per key, period and segment, over the relation's rows in scope, or
 * over its summary rows when the unit is summarised (`dimensions` are those split or filtered by).
 */
function unitSql(
  unit: Unit,
  request: KpiRequest,
  resolve: (id: string) => Resolution,
  bounds: Bounds,
  dimensions: DimensionId[],
  shape: DataShape,
): string {
  const formula = unit.formula;
  const raw = unit.ids.map((id) => {
    const r = resolve(id);
    return r.ok && 'aggregate' in r.formula ? r.formula.aggregate : 'NULL';
  });
  const summed = unit.summary ? summaryFor(formula, raw, dimensions, shape, bounds.wholeDays) : null;
  const relation = summed?.relation ?? RELATIONS[formula.from];
  const time = `t.${quoteIdentifier(relation.time)}`;
  const segment = request.segment ? relation.dimensions[request.segment]?.sql : undefined;
  const filters = (request.filters ?? []).map((f) => filterSql(relation, f));
  const aggregates = (summed?.aggregates ?? raw).map(
    (sql, i) => `${bind(sql, request)} AS ${quoteIdentifier(unit.ids[i] ?? '')}`,
  );
  const reads = [...aggregates, segment ?? '', formula.per?.key ?? '', formula.per?.inner ?? '', ...filters];
  const rows = relationSql(relation, reads);
  const history = formula.history;
  const lower = history
    ? history.days === undefined
      ? null
      : `${time} >= p.period_${history.before ?? 'start'} - INTERVAL ${history.days} DAY`
    : `${time} >= p.period_start`;
  const on = [lower, `${time} < p.period_end`].filter(Boolean).join(' AND ');
  // The same bounds as constants over all periods: the engine reads only the blocks in them.
  const first = history
    ? history.days === undefined
      ? null
      : (history.before === 'end' ? bounds.firstEnd : bounds.start) - history.days * DAY_MS
    : bounds.start;
  const scope = [
    ...(first === null ? [] : [`${time} >= ${ts(formatTime(first))}`]),
    `${time} < ${ts(formatTime(bounds.end))}`,
  ];
  const where = `WHERE ${[...scope, ...filters].join(' AND ')}`;
  const seg = segment ? `, coalesce(CAST(${segment} AS VARCHAR), ${literal(NOT_SET)}) AS segment` : '';
  // Periods are whole days: each period is joined with the days it covers on the row's day (an
  // equality, which the engine hashes), not on a time range (a range join, slow with many periods).
  const firstDay = history
    ? history.days === undefined
      ? null
      : `p.period_${history.before ?? 'start'} - INTERVAL ${history.days} DAY`
    : 'p.period_start';
  const periods =
    firstDay !== null && bounds.wholeDays
      ? `(SELECT *, CAST(unnest(generate_series(${firstDay}, p.period_end - INTERVAL 1 DAY, INTERVAL 1 DAY)) AS DATE) AS day
    FROM periods AS p) AS p`
      : null;
  const from = periods
    ? `FROM ${periods} JOIN (${rows}) AS t ON CAST(${time} AS DATE) = p.day ${where}`
    : `FROM periods AS p JOIN (${rows}) AS t ON ${on} ${where}`;
  if (unit.distinct && !summed) {
    // Distinct counts, in two steps: one row per period, segment and counted value, with whether
    // any of its rows meets each count's condition; then those rows counted. The same numbers as
    // count(DISTINCT …) FILTER (…), in about half the time (one grouping instead of one per count).
    // Rows without a value count in no count, yet keep their segment in the grid (with 0).
    const key = `t.${quoteIdentifier(unit.distinct)}`;
    const flags = raw.map((sql, i) => {
      const where = distinctCount(sql)?.where;
      return `bool_or(${key} IS NOT NULL${where ? ` AND (${bind(where, request)})` : ''}) AS f${i}`;
    });
    const counts = unit.ids.map((id, i) => `count(*) FILTER (WHERE f${i}) AS ${quoteIdentifier(id)}`);
    const inner = `SELECT p.key, p.period${seg}, ${key} AS distinct_key, ${flags.join(', ')} ${from} GROUP BY ALL`;
    return `SELECT key, period${segment ? ', segment' : ''}, ${counts.join(', ')} FROM (${inner}) AS t GROUP BY ALL`;
  }
  if (!formula.per) return `SELECT p.key, p.period${seg}, ${aggregates.join(', ')} ${from} GROUP BY ALL`;
  const per = formula.per;
  const inner = `SELECT p.key, p.period${seg}, t.${quoteIdentifier(per.key)} AS per_key, ${bind(per.inner, request)} ${from}
    AND t.${quoteIdentifier(per.key)} IS NOT NULL GROUP BY ALL`;
  return `SELECT key, period${segment ? ', segment' : ''}, ${aggregates.join(', ')} FROM (${inner}) AS t GROUP BY ALL`;
}

/** Fills a formula's placeholders: the period bounds and the journey patterns. */
function bind(sql: string, request: KpiRequest): string {
  const journey = request.journey ?? JOURNEY_DEFAULT;
  return sql
    .replaceAll('$start', 'p.period_start')
    .replaceAll('$end', 'p.period_end')
    .replaceAll('$journey_a', pagePattern(journey.a))
    .replaceAll('$journey_b', journey.b.trim() ? pagePattern(journey.b) : "t.event_type = 'purchase'");
}

/** A page glob (`/blog*`) as an ILIKE over the events' page. */
function pagePattern(glob: string): string {
  const like = glob
    .trim()
    .replace(/[%_\\]/g, (c) => `\\${c}`)
    .replaceAll('*', '%');
  return `t.page ILIKE ${literal(like)} ESCAPE '\\'`;
}
