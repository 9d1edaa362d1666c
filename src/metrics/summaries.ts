// Summary tables: the additive parts of KPIs per day and dimension value, computed once after the
// canonical tables. A dashboard change then reads a few hundred summary rows per day range
// instead of every order or visit in it. Sums and counts add up over days and segments; distinct
// counts, averages, quantiles and look-backs do not, and keep reading the rows themselves.

import { literal, quoteIdentifier } from '../sql/sql';
import { METRICS } from './catalogue';
import { NOT_SET, RELATIONS, type DimensionId, type Relation } from './relations';
import type { AggregateFormula, DataShape, RelationId } from './types';

/** The relations with a summary table, and the dimensions it is split by (one at a time). */
const SUMMARISED: Partial<Record<RelationId, DimensionId[]>> = {
  orders: ['channel', 'source_class', 'source', 'campaign', 'device', 'country', 'customer_type', 'cohort'],
  sessions: ['source_class', 'source', 'campaign', 'device', 'country'],
};

/** The tables a summary is made from: it is made again when one of them is. */
const READS: Partial<Record<RelationId, string[]>> = {
  orders: ['orders'],
  // Sessions can be a view over the visits in the events.
  sessions: ['sessions', 'event_sessions'],
};

/** Dimensions the summary's day gives, whatever the split: SQL over the summary's `day`. */
const FROM_DAY: Partial<Record<DimensionId, string>> = { weekday: 'isodow(day_start)' };

/**
 * A split is kept when it has at most this many rows per day on average: past it (a campaign per
 * order, say) the summary would be as large as the rows, and its KPIs read the rows instead.
 */
const MAX_VALUES_PER_DAY = 200;

/** The summary table of a relation. */
export const summaryTable = (relation: RelationId): `summary_${RelationId}` => `summary_${relation}`;

/** The row's split in the summary: '' for the whole day, else the dimension's id. */
const SPLIT = 'split';

/** A sum or count call of an aggregate, with its FILTER clause, as written. */
interface Part {
  text: string;
  start: number;
  end: number;
}

/** The index just past the parenthesis that closes the one at `open`, or -1. */
function closing(sql: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The sum and count calls an aggregate is made of, when it is made of nothing else (sums and
 * counts, optionally filtered, combined by arithmetic and NULLIF); null when it reads anything
 * that does not add up over days and segments.
 */
export function additiveParts(sql: string, relation: Relation): Part[] | null {
  if (sql.includes('$') || /\bDISTINCT\b/i.test(sql)) return null;
  const computed = Object.keys(relation.computed ?? {});
  const parts: Part[] = [];
  const call = /\b(sum|count)\s*\(/gi;
  let rest = '';
  let at = 0;
  for (let m = call.exec(sql); m; m = call.exec(sql)) {
    if (m.index < at) continue;
    let end = closing(sql, m.index + m[0].length - 1);
    if (end < 0) return null;
    const filter = /^\s*FILTER\s*\(/i.exec(sql.slice(end));
    if (filter) {
      end = closing(sql, end + filter[0].length - 1);
      if (end < 0) return null;
    }
    const text = sql.slice(m.index, end);
    if (computed.some((name) => new RegExp(`\\b${name}\\b`).test(text))) return null;
    rest += sql.slice(at, m.index);
    parts.push({ text, start: m.index, end });
    at = end;
    call.lastIndex = end;
  }
  rest += sql.slice(at);
  if (parts.length === 0) return null;
  // What joins the calls: numbers, arithmetic, parentheses and NULLIF only.
  return /^[\s\d.+\-*/(),]*$/.test(rest.replace(/\bNULLIF\b/gi, '')) ? parts : null;
}

/** A summary column's name for a call: the same call always gets the same name. */
export function measureName(call: string): string {
  const text = call.replace(/\s+/g, ' ').trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `m_${(hash >>> 0).toString(36)}`;
}

/** The aggregate over summary rows: each call becomes the sum of its column. */
export function summedAggregate(sql: string, parts: Part[]): string {
  let out = '';
  let at = 0;
  for (const part of parts) {
    out += `${sql.slice(at, part.start)}sum(${measureName(part.text)})`;
    at = part.end;
  }
  return out + sql.slice(at);
}

/** Every additive call of the catalogue's scalar KPIs over a relation. */
function measuresOf(relation: RelationId): string[] {
  const calls = new Set<string>();
  for (const metric of METRICS) {
    if (metric.kind !== 'scalar') continue;
    for (const formula of metric.formulas) {
      if (!('aggregate' in formula) || formula.from !== relation || formula.per || formula.history) continue;
      for (const part of additiveParts(formula.aggregate, RELATIONS[relation]) ?? []) calls.add(part.text);
    }
  }
  return [...calls];
}

/** The dimensions a relation's summary splits by on this data (their roles carry data). */
function splitsOf(relation: RelationId, tables: DataShape['tables']): DimensionId[] {
  return (SUMMARISED[relation] ?? []).filter((id) => {
    const needs = RELATIONS[relation].dimensions[id]?.needs ?? '';
    const [table, role] = needs.split('.');
    return tables[table ?? '']?.includes(role ?? '') ?? false;
  });
}

/** A statement making one summary table, as the canonical build runs it. */
export interface SummaryStatement {
  table: `summary_${string}`;
  helper: true;
  files: string[];
  sql: string;
  roles: string[];
  reads: string[];
}

/**
 * The statements that make (or drop) each summary table after the canonical tables: one row per
 * day, split (one dimension, or none) and value, with a column per additive call.
 */
export function summaryStatements(
  views: readonly { table: string; roles: readonly string[] }[],
): SummaryStatement[] {
  const tables: DataShape['tables'] = {};
  for (const view of views) if (view.roles.length > 0) tables[view.table] = view.roles;
  return (Object.keys(SUMMARISED) as RelationId[]).map((id) => {
    const relation = RELATIONS[id];
    const table = summaryTable(id);
    const base = { table, helper: true as const, files: [], reads: READS[id] ?? relation.tables };
    if (!relation.tables.every((t) => tables[t])) {
      return { ...base, sql: `DROP TABLE IF EXISTS main.${table}`, roles: [] };
    }
    const splits = splitsOf(id, tables);
    const measures = measuresOf(id);
    const values = splits.map(
      (d) =>
        `coalesce(CAST(${relation.dimensions[d]?.sql ?? 'NULL'} AS VARCHAR), ${literal(NOT_SET)}) AS ${quoteIdentifier(`~${d}`)}`,
    );
    const time = quoteIdentifier(relation.time);
    const label = splits.map((d) => `WHEN grouping(${quoteIdentifier(`~${d}`)}) = 0 THEN ${literal(d)}`);
    const sets = ['("~day")', ...splits.map((d) => `("~day", ${quoteIdentifier(`~${d}`)})`)];
    const sql = `CREATE OR REPLACE TABLE main.${table} AS
WITH cube AS (
  SELECT ${label.length ? `CASE ${label.join(' ')} ELSE '' END` : "''"} AS ${SPLIT}, "~day" AS day_start,
    ${[...splits.map((d) => `${quoteIdentifier(`~${d}`)} AS ${quoteIdentifier(d)}`), ...measures.map((m) => `${m} AS ${measureName(m)}`)].join(',\n    ')}
  FROM (SELECT *, date_trunc('day', ${time}) AS "~day"${values.map((v) => `, ${v}`).join('')}
    FROM (${relation.sql}) WHERE ${time} IS NOT NULL)
  GROUP BY GROUPING SETS (${sets.join(', ')})
), days AS (SELECT count(*) AS n FROM cube WHERE ${SPLIT} = '')
SELECT * FROM cube
WHERE ${SPLIT} IN (SELECT ${SPLIT} FROM cube GROUP BY ${SPLIT} HAVING count(*) <= ${MAX_VALUES_PER_DAY} * (SELECT n FROM days))
ORDER BY ${SPLIT}, day_start`;
    return { ...base, sql, roles: [SPLIT, 'day_start', ...splits, ...measures.map(measureName)] };
  });
}

/** The probe of which splits each summary kept (facts `summary:<relation>`). */
export function summaryFactsQuery(tables: DataShape['tables']): string[] {
  return (Object.keys(SUMMARISED) as RelationId[])
    .filter((id) => tables[summaryTable(id)])
    .map((id) => `SELECT DISTINCT 'summary:${id}' AS fact, ${SPLIT} AS value FROM main.${summaryTable(id)}`);
}

/**
 * The summary to compute a unit's aggregates from, when there is one that holds them: no
 * look-back, per-key step or period-bound placeholder; periods of whole days; every call a
 * summary column; and at most one dimension split or filtered by (besides those of the day).
 * Returns the summary as a relation and the aggregates over it.
 */
export function summaryFor(
  formula: AggregateFormula,
  aggregates: string[],
  dimensions: DimensionId[],
  shape: DataShape,
  wholeDays: boolean,
): { relation: Relation; aggregates: string[] } | null {
  if (!wholeDays || formula.per || formula.history) return null;
  const id = formula.from;
  const relation = RELATIONS[id];
  const kept = shape.facts.summaries?.[id];
  const columns = shape.tables[summaryTable(id)];
  if (!kept || !columns) return null;
  const split = [...new Set(dimensions.filter((d) => !(d in FROM_DAY)))];
  if (split.length > 1) return null;
  const key = split[0] ?? '';
  if (!kept.includes(key) || (key && !columns.includes(key))) return null;
  const summed: string[] = [];
  for (const sql of aggregates) {
    const parts = additiveParts(sql, relation);
    if (!parts || parts.some((p) => !columns.includes(measureName(p.text)))) return null;
    summed.push(summedAggregate(sql, parts));
  }
  const dims: Relation['dimensions'] = {};
  for (const [d, sql] of Object.entries(FROM_DAY)) dims[d as DimensionId] = { sql, needs: '' };
  if (key) dims[key as DimensionId] = { sql: quoteIdentifier(key), needs: '' };
  return {
    relation: {
      sql: `SELECT * FROM main.${summaryTable(id)} WHERE ${SPLIT} = ${literal(key)}`,
      time: 'day_start',
      tables: relation.tables,
      dimensions: dims,
    },
    aggregates: summed,
  };
}
