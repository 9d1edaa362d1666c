// The rows behind each dashboard view, for a range, grain, comparison and filters: the SQL
// comes from the KPI compiler (metrics/), so a view shows the catalogue's numbers.

import { createResolver } from '../metrics/availability';
import { findMetric } from '../metrics/catalogue';
import { compileKpis, LOOK_BACK, type KpiRequest } from '../metrics/compile';
import {
  addMonths,
  formatDate,
  parseTime,
  type Compare,
  type DateRange,
  type Grain,
} from '../metrics/periods';
import { DIMENSIONS, NOT_SET, RELATIONS, type DimensionId, type Filter } from '../metrics/relations';
import { compileSeries, dimensionValuesSql as valuesSql, funnelSql } from '../metrics/series';
import type { DataShape, RelationId } from '../metrics/types';
import type { Dashboard, ViewId } from './dashboard';

export type Row = Record<string, unknown>;
export type Query = (sql: string) => Promise<Row[]>;

/** A view's rows, or why the data cannot give them. */
export type ViewResult<T> = { ok: true; data: T } | { ok: false; reason: string };

/** One period's value; `period` is epoch milliseconds of the bucket's start. */
export interface PeriodValue {
  period: number;
  value: number | null;
}

export interface TrendData {
  /** The grain the periods are of (the dashboard's may have changed since). */
  grain: Grain;
  current: PeriodValue[];
  /** The comparison period's values, on the current periods (same `period`). */
  comparison: PeriodValue[];
  /** The range and the periods before it that unusual-day detection compares with. */
  history: PeriodValue[];
}

export interface SegmentValue {
  segment: string;
  value: number | null;
  comparison: number | null;
}

export interface SegmentData {
  /** The dimension split by, and the grain of the small multiples' periods. */
  dimension: DimensionId;
  grain: Grain;
  /** The top segments by value, then "Other" (the rest together) when there are more. */
  rows: SegmentValue[];
  /** The top segments' values per period (small multiples). */
  trends: { segment: string; period: number; value: number | null }[];
}

export interface FunnelData {
  /** The steps over all visits (under the filters). */
  rows: Row[];
  /** The steps for each of the most frequent landing pages, when the visits have them. */
  segments: { segment: string; rows: Row[] }[];
}

/** How many landing pages get a funnel of their own. */
export const TOP_FUNNELS = 4;

export interface ViewData {
  trend?: ViewResult<TrendData>;
  segments?: ViewResult<SegmentData>;
  funnel?: ViewResult<FunnelData>;
  cohorts?: ViewResult<Row[]>;
  products?: ViewResult<Row[]>;
  peaks?: ViewResult<Row[]>;
  traffic?: ViewResult<Row[]>;
}

export interface ViewRequest {
  range: DateRange;
  compare: Compare;
  grain: Grain;
  dashboard: Dashboard;
  /** Segments with a bar of their own (default TOP_SEGMENTS). */
  top?: number;
}

/** How many segments get a bar of their own; the rest are "Other". */
export const TOP_SEGMENTS = 8;
/** How many segments get a small multiple. */
export const TOP_TRENDS = 6;
/** Periods before the range that unusual-day detection looks back over (8 weeks of days). */
const HISTORY_DAYS = 56;

const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

/** The dimensions a KPI can be split by on this data, in the catalogue's order. */
export function dimensionsFor(id: string, shape: DataShape, filters: readonly Filter[] = []): DimensionId[] {
  const filtered = filters.map((f) => f.dimension);
  return (Object.keys(DIMENSIONS) as DimensionId[]).filter(
    (d) => createResolver(shape, [d, ...filtered])(id).ok,
  );
}

/**
 * The rows of the dashboard's visible views; `onView` hears each view as soon as it is computed,
 * in the dashboard's order. Every view asks for its rows at once, through its own query function
 * (`queryFor`): that decides how many run together and in which order.
 */
export async function computeViews(
  queryFor: (view: ViewId) => Query,
  shape: DataShape,
  request: ViewRequest,
  onView?: (data: ViewData) => void,
): Promise<ViewData> {
  const asked = request.dashboard.views.map((view) => {
    const result = VIEW_BUILDERS[view](queryFor(view), shape, request);
    // A view after one that failed is not awaited: its failure is not news.
    result.catch(() => undefined);
    return [view, result] as const;
  });
  const out: ViewData = {};
  for (const [view, result] of asked) {
    const data = await result;
    Object.assign(out, { [view]: data });
    onView?.({ [view]: data });
  }
  return out;
}

const VIEW_BUILDERS: Record<
  ViewId,
  (q: Query, s: DataShape, r: ViewRequest) => Promise<ViewResult<unknown>>
> = {
  trend: trendView,
  segments: segmentView,
  funnel: funnelView,
  cohorts: (q, s, r) => seriesView(q, s, r, 'cohort_retention'),
  products: (q, s, r) => seriesView(q, s, r, 'top_products'),
  peaks: (q, s, r) => seriesView(q, s, r, 'peak_periods'),
  traffic: async (q, s, r) => {
    const result = await seriesView(q, s, r, 'traffic_by_source');
    return result.ok ? { ok: true, data: result.data.filter((row) => row.key === 'current') } : result;
  },
};

/** The base request of a view: range and filters. */
const base = (r: ViewRequest): KpiRequest => ({ range: r.range, filters: r.dashboard.filters });

async function seriesView(
  q: Query,
  shape: DataShape,
  r: ViewRequest,
  id: string,
): Promise<ViewResult<Row[]>> {
  const compiled = compileSeries(id, { ...base(r), compare: 'none', rank: r.dashboard.rank }, shape);
  if (!compiled.ok) return compiled;
  return { ok: true, data: await q(compiled.sql) };
}

/** The funnel, and the funnel of each of the top landing pages (the visits' one dimension). */
export async function funnelView(
  q: Query,
  shape: DataShape,
  r: ViewRequest,
): Promise<ViewResult<FunnelData>> {
  const all = await seriesView(q, shape, r, 'funnel');
  if (!all.ok) return all;
  const segments: FunnelData['segments'] = [];
  const filtered = r.dashboard.filters.some((f) => f.dimension === 'landing_page');
  // The funnels of the landing pages with the most visits in the range, under the filters: one query.
  if (!filtered && shape.tables.event_sessions?.includes('landing_page')) {
    const rows = await q(funnelSql(base(r), TOP_FUNNELS));
    const pages = new Map<string, Row[]>();
    for (const { segment, ...step } of rows) {
      const page = String(segment);
      pages.set(page, [...(pages.get(page) ?? []), step]);
    }
    // Most visits first (the first step counts every visit), then by name.
    const order = (rows: Row[]): number => Number(rows[0]?.sessions ?? 0);
    for (const [segment, steps] of [...pages].sort(
      ([a, x], [b, y]) => order(y) - order(x) || (a < b ? -1 : a > b ? 1 : 0),
    ))
      segments.push({ segment, rows: steps });
  }
  return { ok: true, data: { rows: all.data, segments } };
}

/** The focus KPI per period with its comparison, and the history unusual points are judged on. */
export async function trendView(q: Query, shape: DataShape, r: ViewRequest): Promise<ViewResult<TrendData>> {
  const id = r.dashboard.focus;
  // One query: the range, its comparison, and the look-back before it.
  const lookBack = historyStart(r.range, r.grain);
  const compiled = compileKpis([id], { ...base(r), grain: r.grain, compare: r.compare, lookBack }, shape);
  const resolution = compiled.resolutions[id];
  if (!compiled.sql || !resolution?.ok)
    return { ok: false, reason: resolution && !resolution.ok ? resolution.reason : 'Nothing to compute.' };
  const rows = await q(compiled.sql);
  const pick = (key: string): PeriodValue[] =>
    rows.filter((row) => row.key === key).map((row) => ({ period: Number(row.period), value: num(row[id]) }));
  const current = pick('current');
  // The look-back has the bucket the range starts in whole; the range's own buckets follow it.
  const before = pick(LOOK_BACK);
  const last = before.at(-1)?.period ?? -Infinity;
  const history = [...before, ...current.filter((p) => p.period > last)];
  return { ok: true, data: { grain: r.grain, current, comparison: pick('comparison'), history } };
}

/** Where the look-back for unusual points starts: 8 periods (8 weeks of days) before the range. */
function historyStart(range: DateRange, grain: Grain): string | null {
  const start = parseTime(range.start);
  switch (grain) {
    case 'day':
    case 'week':
      return formatDate(start - HISTORY_DAYS * 86_400_000);
    case 'month':
      return formatDate(addMonths(start, -8));
    case 'quarter':
      return formatDate(addMonths(start, -24));
    case 'year':
      return null;
  }
}

/** The focus KPI per segment of the chosen dimension, ranked, with "Other" and small multiples. */
export async function segmentView(
  q: Query,
  shape: DataShape,
  r: ViewRequest,
): Promise<ViewResult<SegmentData>> {
  const { focus: id, segment, filters } = r.dashboard;
  const compiled = compileKpis([id], { ...base(r), compare: r.compare, segment }, shape);
  const resolution = compiled.resolutions[id];
  if (!compiled.sql || !resolution?.ok)
    return { ok: false, reason: resolution && !resolution.ok ? resolution.reason : 'Nothing to compute.' };
  const rows = await q(compiled.sql);
  const bySegment = new Map<string, SegmentValue>();
  for (const row of rows) {
    const name = String(row.segment ?? NOT_SET);
    const entry = bySegment.get(name) ?? { segment: name, value: null, comparison: null };
    if (row.key === 'current') entry.value = num(row[id]);
    else entry.comparison = num(row[id]);
    bySegment.set(name, entry);
  }
  // Segments with data in the range, largest first; ones seen only in the comparison period drop.
  const ranked = [...bySegment.values()]
    .filter((s) => s.value !== null)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || a.segment.localeCompare(b.segment));
  const limit = r.top ?? TOP_SEGMENTS;
  const top = ranked.slice(0, limit);
  const out: SegmentValue[] = [...top];
  if (ranked.length > limit) {
    const rest: Filter = { dimension: segment, values: top.map((s) => s.segment), exclude: true };
    const other = compileKpis([id], { ...base(r), filters: [...filters, rest], compare: r.compare }, shape);
    if (other.sql) {
      const otherRows = await q(other.sql);
      const value = (key: string): number | null => num(otherRows.find((row) => row.key === key)?.[id]);
      out.push({ segment: 'Other', value: value('current'), comparison: value('comparison') });
    }
  }
  const shown = top.slice(0, TOP_TRENDS).map((s) => s.segment);
  let trends: SegmentData['trends'] = [];
  if (shown.length > 0) {
    const only: Filter = { dimension: segment, values: shown };
    const perPeriod = compileKpis(
      [id],
      { ...base(r), filters: [...filters, only], grain: r.grain, segment },
      shape,
    );
    if (perPeriod.sql)
      trends = (await q(perPeriod.sql)).map((row) => ({
        segment: String(row.segment),
        period: Number(row.period),
        value: num(row[id]),
      }));
  }
  return { ok: true, data: { dimension: segment, grain: r.grain, rows: out, trends } };
}

/** A KPI's unit, for views that draw it. */
export function unitOf(id: string): 'money' | 'count' | 'ratio' | 'percent' | 'duration' | 'nps' {
  const metric = findMetric(id);
  return metric?.kind === 'scalar' ? metric.unit : 'count';
}

/** Where a dimension's values are listed from: the first relation, in this order, that has it. */
const VALUE_SOURCES: RelationId[] = [
  'orders',
  'order_lines',
  'sessions',
  'visits',
  'spend',
  'returns',
  'events',
];

function valueSource(dimension: DimensionId, shape: DataShape): RelationId | null {
  for (const id of VALUE_SOURCES) {
    const relation = RELATIONS[id];
    const dim = relation.dimensions[dimension];
    if (!dim || !relation.tables.every((t) => shape.tables[t])) continue;
    const [table, role] = dim.needs.split('.');
    if (shape.tables[table ?? '']?.includes(role ?? '')) return id;
  }
  return null;
}

/** The dimensions the loaded data has (a filter bar offers these). */
export function filterableDimensions(shape: DataShape): DimensionId[] {
  return (Object.keys(DIMENSIONS) as DimensionId[]).filter((d) => valueSource(d, shape) !== null);
}

/** How many values of a dimension are listed to pick from. */
export const MAX_VALUES = 200;

/** The values of a dimension with their row counts, most frequent first; null when no data has it. */
export function dimensionValuesSql(dimension: DimensionId, shape: DataShape): string | null {
  const source = valueSource(dimension, shape);
  return source ? valuesSql(source, dimension, { limit: MAX_VALUES }) : null;
}
