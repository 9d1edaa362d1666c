// A dashboard as plain, serialisable state: which KPI cards and views it shows, in which
// order, under which filters. Several can be kept (e.g. one per campaign: a saved filter).

import { findMetric } from '../metrics/catalogue';
import { GRAINS, type Grain } from '../metrics/periods';
import { DIMENSIONS, type DimensionId, type Filter } from '../metrics/relations';

/** The views a dashboard can show, in their default order. */
export const VIEWS = [
  { id: 'trend', label: 'Trend' },
  { id: 'segments', label: 'Segment comparison' },
  { id: 'funnel', label: 'Funnel' },
  { id: 'cohorts', label: 'Cohort retention' },
  { id: 'products', label: 'Top products' },
  { id: 'peaks', label: 'Peak periods' },
  { id: 'traffic', label: 'Traffic sources' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export interface Dashboard {
  name: string;
  /** KPI ids of the cards, in order. */
  cards: string[];
  /** The views shown, in order. */
  views: ViewId[];
  filters: Filter[];
  /** The KPI the trend and segment views show. */
  focus: string;
  /** The dimension the segment view splits by. */
  segment: DimensionId;
  /** The trend grain; `auto` follows the range (days up to two months, weeks up to a year, then months). */
  grain: Grain | 'auto';
  /** What the top products are ranked by. */
  rank: 'revenue' | 'units';
  /** What the peak-period heatmap counts. */
  peaks: 'orders' | 'revenue';
}

export const DEFAULT_CARDS = [
  'revenue',
  'orders',
  'aov',
  'conversion_rate',
  'returning_customer_rate',
  'cac',
];

export const DEFAULT_DASHBOARD: Dashboard = {
  name: 'Overview',
  cards: DEFAULT_CARDS,
  views: VIEWS.map((v) => v.id),
  filters: [],
  focus: 'revenue',
  segment: 'channel',
  grain: 'auto',
  rank: 'revenue',
  peaks: 'orders',
};

const VIEW_IDS = new Set<string>(VIEWS.map((v) => v.id));
const isScalar = (id: unknown): id is string => {
  const metric = typeof id === 'string' ? findMetric(id) : undefined;
  return metric?.kind === 'scalar' && !metric.hidden;
};
const isDimension = (id: unknown): id is DimensionId =>
  typeof id === 'string' && Object.hasOwn(DIMENSIONS, id);

/**
 * A dashboard from untrusted JSON (local storage, a shared link): unknown KPIs, views and
 * dimensions are dropped, missing fields take their defaults; null when it is not an object.
 */
export function parseDashboard(value: unknown): Dashboard | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
  const filters: Filter[] = [];
  for (const f of list(v.filters)) {
    if (typeof f !== 'object' || f === null) continue;
    const { dimension, values, exclude } = f as Record<string, unknown>;
    const texts = list(values).filter((x): x is string => typeof x === 'string');
    if (!isDimension(dimension) || texts.length === 0) continue;
    filters.push({ dimension, values: unique(texts), ...(exclude === true ? { exclude: true } : {}) });
  }
  const d = DEFAULT_DASHBOARD;
  return {
    name: typeof v.name === 'string' && v.name.trim() ? v.name.trim().slice(0, 80) : d.name,
    cards: Array.isArray(v.cards) ? unique(v.cards.filter(isScalar)) : d.cards,
    views: Array.isArray(v.views)
      ? unique(v.views.filter((x): x is ViewId => typeof x === 'string' && VIEW_IDS.has(x)))
      : d.views,
    filters,
    focus: isScalar(v.focus) ? v.focus : d.focus,
    segment: isDimension(v.segment) ? v.segment : d.segment,
    grain: v.grain === 'auto' || GRAINS.includes(v.grain as Grain) ? (v.grain as Grain | 'auto') : d.grain,
    rank: v.rank === 'units' ? 'units' : 'revenue',
    peaks: v.peaks === 'revenue' ? 'revenue' : 'orders',
  };
}

/** Adds a value to a dimension's filter, or takes it out when it is there (a click on a bar). */
export function toggleFilter(filters: readonly Filter[], dimension: DimensionId, value: string): Filter[] {
  const at = filters.findIndex((f) => f.dimension === dimension && !f.exclude);
  if (at < 0) return [...filters, { dimension, values: [value] }];
  const current = filters[at] as Filter;
  const values = current.values.includes(value)
    ? current.values.filter((x) => x !== value)
    : [...current.values, value];
  return values.length === 0
    ? filters.filter((_, i) => i !== at)
    : filters.map((f, i) => (i === at ? { ...f, values } : f));
}

/** Moves an item of a list one place up (-1) or down (+1). */
export function move<T>(list: readonly T[], item: T, by: -1 | 1): T[] {
  const from = list.indexOf(item);
  const to = from + by;
  if (from < 0 || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[from], out[to]] = [out[to] as T, out[from] as T];
  return out;
}
