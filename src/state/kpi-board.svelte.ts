import { tick } from 'svelte';
import type { Engine } from '../db/engine';
import { createResolver, type Resolution } from '../metrics/availability';
import { METRICS } from '../metrics/catalogue';
import { compileKpis, type KpiRequest } from '../metrics/compile';
import { buildFactsQuery, shapeOf, toFacts, type ViewRoles } from '../metrics/facts';
import type { Compare, DateRange, Grain } from '../metrics/periods';
import {
  customRange,
  defaultPreset,
  presetRange,
  rangeAnchor,
  type DataExtent,
  type RangePreset,
} from '../metrics/ranges';
import { readScalars, type KpiValue } from '../metrics/results';
import { compileSeries } from '../metrics/series';
import type { Target } from '../metrics/targets';
import { summaryFactsQuery } from '../metrics/summaries';
import type { DataShape } from '../metrics/types';
import { isoToday } from '../model/quality';
import type { CardSnapshot } from './card-snapshot';
import { DEFAULT_DASHBOARD, toggleFilter, type Dashboard } from './dashboard';
import {
  computeViews,
  dimensionValuesSql,
  filterableDimensions,
  type Query,
  type ViewData,
} from './dashboard-data';
import type { DimensionId } from '../metrics/relations';

/** A series KPI's rows, or why there are none. */
export type SeriesResult = { ok: true; rows: Record<string, unknown>[] } | { ok: false; reason: string };

/** One point of the headline trend. */
export interface TrendRow {
  period: number;
  value: number | null;
}

/** The time columns that say which days the data covers (activity, not sign-up history). */
const EXTENT_COLUMNS: [string, string][] = [
  ['orders', 'ordered_at'],
  ['sessions', 'started_at'],
  ['events', 'occurred_at'],
  ['marketing_spend', 'date'],
];

/**
 * The value before when the new one is the same (equal as JSON): what is on screen then keeps
 * its identity, and the charts drawn from it are not drawn again.
 */
function same<T>(before: T, next: T): T {
  return before === next || JSON.stringify(before) === JSON.stringify(next) ? before : next;
}

/** A view set whose unchanged views keep the objects on screen. */
function sameViews(before: ViewData, next: ViewData): ViewData {
  const out: ViewData = {};
  for (const [key, value] of Object.entries(next)) {
    Object.assign(out, { [key]: same(before[key as keyof ViewData], value) });
  }
  return out;
}

/** Every KPI that is resolved for the page: the series and the visible scalars. */
const KPI_IDS = METRICS.filter((m) => m.kind === 'series' || !m.hidden).map((m) => m.id);

/** How many query results are kept for answering a repeated request at once. */
const CACHE_SIZE = 200;
/** A query waiting for its turn: the lower its rank, the sooner it goes (the page's order). */
interface Waiting {
  rank: number;
  go: () => void;
}

/**
 * How many of the page's KPI queries are at the engine at once: one running, the next waiting
 * (a dimension's values, listed once per data load, do not wait for a turn).
 */
const QUERIES_IN_FLIGHT = 2;

/** The grain a range's trend is drawn at: days up to two months, weeks up to a year, then months. */
export function trendGrain(range: DateRange): Grain {
  const days = (Date.parse(range.end) - Date.parse(range.start)) / 86_400_000;
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** The KPIs for the chosen range and comparison, over the loaded data; targets per KPI. */
export class KpiBoard {
  shape = $state.raw<DataShape>({ tables: {}, facts: {} });
  extent = $state.raw<DataExtent | null>(null);
  preset = $state<RangePreset | 'custom'>('all');
  /** The person (or the page address) chose the range; else each data load opens on the default. */
  rangeChosen = $state(false);
  custom = $state.raw<DateRange | null>(null);
  compare = $state<Compare>('previous');
  targets = $state<Record<string, Target>>({});
  values = $state.raw<Record<string, KpiValue>>({});
  resolutions = $state.raw<Record<string, Resolution>>({});
  series = $state.raw<Record<string, SeriesResult>>({});
  /** Each card's KPI over the range at the dashboard's grain (its sparkline). */
  trends = $state.raw<Record<string, TrendRow[]>>({});
  error = $state<string | null>(null);
  /** Every KPI and the series KPIs are computed only while the All KPIs page shows them. */
  wantSeries = $state(false);
  /** The dashboard shown: cards, views, filters; plain state (saved, shared). */
  dashboard = $state.raw<Dashboard>(DEFAULT_DASHBOARD);
  /** Dashboard views are computed only while the dashboard shows. */
  wantViews = $state(true);
  /** The rows of the dashboard's views. */
  views = $state.raw<ViewData>({});
  /** The dimensions the loaded data has. */
  filterable = $derived(filterableDimensions(this.shape));
  /** Each dimension's values, most frequent first (filter choices; the order segment colours follow). */
  dimensionValues = $state.raw<Partial<Record<DimensionId, string[]>>>({});
  grain = $derived.by((): Grain => {
    const chosen = this.dashboard.grain;
    return chosen === 'auto' ? trendGrain(this.range ?? { start: '', end: '' }) : chosen;
  });
  today = $state(isoToday());
  /** How many computations are under way (the page shows it is busy). */
  running = $state(0);

  anchor = $derived(this.extent ? rangeAnchor(this.extent, this.today) : null);
  range = $derived.by((): DateRange | null => {
    if (this.preset === 'custom') return this.custom;
    if (!this.extent || !this.anchor) return null;
    return presetRange(this.preset, this.anchor.day, this.extent);
  });

  #engine: Engine | null = null;
  #generation = 0;
  #inFlight = 0;
  #waiting: Waiting[] = [];
  /** The parts of the dashboard on screen now ('cards' and view ids), as the page reports them. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: read when a change is computed
  #onScreen = new Set<string>();

  /** The page says a part of the dashboard came into view or left it. */
  onScreen(part: string, visible: boolean): void {
    if (visible) this.#onScreen.add(part);
    else this.#onScreen.delete(part);
  }
  /** Results by SQL text, for the data as loaded now (cleared when the data changes). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, not state: nothing renders it
  #cache = new Map<string, Promise<Record<string, unknown>[]>>();

  /** What was made of each kept result, by the KPIs read from it (the same result gives the same object). */
  #derived = new WeakMap<object, Map<string, unknown>>();

  #derive<T>(rows: Record<string, unknown>[], ids: readonly string[], make: () => T): T {
    const key = ids.join(',');
    let made = this.#derived.get(rows);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, not state: nothing renders it
    if (!made) this.#derived.set(rows, (made = new Map()));
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  }

  /** What the cards answer (with the data): a snapshot of them holds for this request only. */
  requestKey(): unknown[] {
    // Unless chosen, the range is the data's default (the same data gives the same one).
    const range = this.rangeChosen ? [this.preset, this.custom] : 'default';
    return [this.dashboard, range, this.compare, this.today];
  }

  /** What the cards show now, to show them again at once on the next visit. */
  cardSnapshot(key: string): CardSnapshot {
    return { key, shape: this.shape, extent: this.extent, values: this.values, trends: this.trends };
  }

  /**
   * Shows the cards of a snapshot while no engine runs yet: the same data and request give the
   * same numbers. The first computation replaces them.
   */
  restore(snapshot: CardSnapshot): void {
    if (this.#engine) return;
    this.shape = snapshot.shape;
    this.extent = snapshot.extent;
    if (!this.rangeChosen && this.extent)
      this.preset = defaultPreset(this.extent, rangeAnchor(this.extent, this.today).day);
    this.values = snapshot.values;
    this.trends = snapshot.trends;
    const resolve = createResolver(
      this.shape,
      this.dashboard.filters.map((f) => f.dimension),
    );
    this.resolutions = Object.fromEntries(KPI_IDS.map((id) => [id, resolve(id)]));
  }

  /** Forgets the kept results: the next requests are computed again. */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Runs a query, or answers from the cache when the same query ran on the same data. */
  #query(engine: Engine, sql: string): Promise<Record<string, unknown>[]> {
    const known = this.#cache.get(sql);
    if (known) {
      // Most recently used last, so the oldest is dropped first.
      this.#cache.delete(sql);
      this.#cache.set(sql, known);
      return known;
    }
    const started = performance.now();
    const running = engine.query(sql);
    // For the benchmark: where a change's time goes, query by query (the query's start names it;
    // the browser keeps every measure, so not the whole text).
    void running.then(
      () => performance.measure('kpi:query', { start: started, detail: sql.slice(0, 120) }),
      () => undefined,
    );
    this.#cache.set(sql, running);
    running.catch(() => this.#cache.delete(sql));
    if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value as string);
    return running;
  }

  /** Reads the shape of freshly built views, probes the data, and computes the KPIs. */
  async refresh(engine: Engine, views: readonly ViewRoles[]): Promise<void> {
    this.#engine = engine;
    this.#cache.clear();
    this.dimensionValues = {};
    const { tables } = shapeOf(views);
    const started = performance.now();
    try {
      const probe = buildFactsQuery(tables);
      const facts = probe ? toFacts(await engine.query<{ fact: string; value: string | null }>(probe)) : {};
      this.shape = { tables, facts };
      this.extent = await this.#readExtent(engine, tables);
      if (!this.rangeChosen && this.extent)
        this.preset = defaultPreset(this.extent, rangeAnchor(this.extent, this.today).day);
      performance.measure('kpi:probe', { start: started });
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.compute();
  }

  /**
   * Reads the summary tables made after the first KPIs: later requests compute from them (the
   * same numbers, sooner). What is on screen stays; only the summaries' facts are probed.
   */
  async addSummaries(engine: Engine, views: readonly ViewRoles[]): Promise<void> {
    if (engine !== this.#engine) return;
    const { tables } = shapeOf(views);
    const parts = summaryFactsQuery(tables);
    const rows = parts.length
      ? await engine.query<{ fact: string; value: string | null }>(parts.join('\nUNION ALL\n'))
      : [];
    this.shape = {
      tables,
      facts: { ...this.shape.facts, summaries: toFacts(rows).summaries ?? {} },
    };
  }

  async #readExtent(engine: Engine, tables: DataShape['tables']): Promise<DataExtent | null> {
    const parts = EXTENT_COLUMNS.filter(([table]) => tables[table]).map(
      ([table, column]) => `SELECT min(${column}) AS first, max(${column}) AS last FROM main.${table}`,
    );
    if (parts.length === 0) return null;
    const [row] = await engine.query<{ first: string | null; last: string | null }>(
      `SELECT strftime(min(first), '%Y-%m-%d') AS first, strftime(max(last), '%Y-%m-%d') AS last FROM (${parts.join(' UNION ALL ')})`,
    );
    return row?.first && row.last ? { first: row.first, last: row.last } : null;
  }

  setPreset(preset: RangePreset): Promise<void> {
    this.preset = preset;
    this.rangeChosen = true;
    return this.compute();
  }

  /** A custom range from two inclusive days; an invalid pair is ignored. */
  setCustom(firstDay: string, lastDay: string): Promise<void> {
    const range = customRange(firstDay, lastDay);
    if (!range) return Promise.resolve();
    this.custom = range;
    this.preset = 'custom';
    this.rangeChosen = true;
    return this.compute();
  }

  setCompare(compare: Compare): Promise<void> {
    this.compare = compare;
    return this.compute();
  }

  setTarget(id: string, target: Target | null): void {
    if (target === null) delete this.targets[id];
    else this.targets[id] = target;
  }

  /** Changes the dashboard (filters, views, focus…) and computes what it shows. */
  setDashboard(patch: Partial<Dashboard>): Promise<void> {
    this.dashboard = { ...this.dashboard, ...patch };
    return this.compute();
  }

  /** Adds a value to a dimension's filter or takes it out (a click on a bar or a cell). */
  toggleFilter(dimension: DimensionId, value: string): Promise<void> {
    return this.setDashboard({ filters: toggleFilter(this.dashboard.filters, dimension, value) });
  }

  /** Lists a dimension's values (once per data load). */
  async loadValues(dimension: DimensionId): Promise<string[]> {
    const known = this.dimensionValues[dimension];
    const engine = this.#engine;
    if (known || !engine) return known ?? [];
    const sql = dimensionValuesSql(dimension, this.shape);
    const values = sql ? (await this.#query(engine, sql)).map((r) => String(r.value)) : [];
    this.dimensionValues = { ...this.dimensionValues, [dimension]: values };
    return values;
  }

  showViews(want: boolean): Promise<void> {
    this.wantViews = want;
    return want ? this.compute() : Promise.resolve();
  }

  showSeries(want: boolean): Promise<void> {
    this.wantSeries = want;
    return want ? this.compute() : Promise.resolve();
  }

  /** Computes every KPI for the range; a newer request wins over one still running. */
  async compute(): Promise<void> {
    this.running++;
    const started = performance.now();
    try {
      await this.#compute();
    } finally {
      this.running--;
      // For the benchmark: how long a change (range, grain, filter…) takes to give every view,
      // in the page (its effects have run and the charts are in the DOM; painting follows).
      await tick();
      performance.measure('kpi:compute', { start: started });
    }
  }

  async #compute(): Promise<void> {
    const engine = this.#engine;
    const range = this.range;
    // Without an engine nothing is computed, and a restored snapshot answers another request.
    if (!engine) {
      this.values = {};
      this.trends = {};
      return;
    }
    const generation = ++this.#generation;
    if (!range) {
      this.values = {};
      this.resolutions = {};
      this.series = {};
      this.trends = {};
      this.views = {};
      this.error = null;
      return;
    }
    const { dashboard, grain } = this;
    const filters = dashboard.filters;
    const request: KpiRequest = { range, compare: this.compare, filters };
    // A request is current until a newer one replaces it or one of its queries fails.
    let failed = false;
    const current = (): boolean => !failed && generation === this.#generation;
    // Queries go to the engine two at a time: while the page draws one result, the engine has
    // the next query to run. Each part of the page asks with its rank (its place in the order
    // below), so a view's later queries, which wait for its first, go before the parts after it.
    // A newer request makes this one stale: its queries not yet sent are not run.
    const queryAt =
      (rank: number) =>
      (sql: string): Promise<Record<string, unknown>[]> =>
        this.#cache.get(sql) ??
        this.#turn(async () => {
          if (!current()) throw new Error('A newer request replaced this one, or a query of it failed.');
          return this.#query(engine, sql);
        }, rank);
    // The parts off screen ask once every part on screen has its rows (or one failed, or the request ended):
    // until then the engine works only for what a person sees change.
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((open) => (openGate = open));
    const later =
      (query: Query) =>
      (sql: string): Promise<Record<string, unknown>[]> =>
        gate.then(() => query(sql));
    const asked: Promise<unknown>[] = [];
    const ask = <T>(work: Promise<T>): Promise<T> => {
      // Awaited below, unless something before it failed; a failure lets the rest go (and fail).
      work.catch(() => openGate());
      asked.push(work);
      return work;
    };
    const ids = KPI_IDS;
    try {
      const started = performance.now();
      // Every KPI is resolved (what the data supports), but only those on screen are computed:
      // the dashboard's cards, or all of them on the All KPIs page.
      const resolve = createResolver(
        this.shape,
        filters.map((f) => f.dimension),
      );
      const resolutions = Object.fromEntries(ids.map((id) => [id, resolve(id)]));
      const compiled = compileKpis(this.wantSeries ? ids : dashboard.cards, request, this.shape);
      // The cards' sparklines: each card's KPI per period of the grain, in one query.
      const trend = compileKpis(dashboard.cards, { range, grain, filters }, this.shape);
      // What is on screen is asked for first, the rest once it has its rows (everything counts
      // as on screen until the page says what is). What is on screen is read as the change
      // starts: a view added by this change, or scrolled to meanwhile, counts as off screen.
      const onScreen = (part: string): boolean => this.#onScreen.size === 0 || this.#onScreen.has(part);
      const cardsFirst = onScreen('cards');
      const viewOrder = [
        ...dashboard.views.filter((v) => onScreen(v)),
        ...dashboard.views.filter((v) => !onScreen(v)),
      ];
      // For the benchmark: when every part on screen shows the new request.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: a count of what is left
      const pending = new Set<string>([
        ...(cardsFirst ? ['cards', 'sparklines'] : []),
        ...(this.wantViews ? dashboard.views.filter((v) => onScreen(v)) : []),
      ]);
      // A part is done when its rows are in: shown, or not shown because the request is stale.
      const done = (part: string): void => {
        if (!pending.delete(part) || pending.size > 0) return;
        openGate();
        if (current()) void tick().then(() => performance.measure('kpi:visible', { start: started }));
      };
      if (pending.size === 0) openGate();
      // The cards and their sparklines rank before the views when on screen, else after them.
      const cardsRank = cardsFirst ? 0 : viewOrder.length + 2;
      const cardsQuery = (rank: number): Query => (cardsFirst ? queryAt(rank) : later(queryAt(rank)));
      const askCards = (): [Promise<Record<string, unknown>[]>, Promise<Record<string, unknown>[]>] => [
        ask(compiled.sql ? cardsQuery(cardsRank)(compiled.sql) : Promise.resolve([])),
        ask(trend.sql ? cardsQuery(cardsRank + 1)(trend.sql) : Promise.resolve([])),
      ];
      // Asked in the order they go (off screen, the views' first queries go before the cards').
      const first = cardsFirst ? askCards() : null;
      const seriesRows = this.wantSeries ? ask(this.#computeSeries(cardsQuery(cardsRank), request)) : null;
      // The segment colours follow each dimension's values by frequency: known before the views
      // are drawn, so that they are drawn once.
      const shownDimensions: DimensionId[] = [dashboard.segment, 'source_class'];
      const valuesKnown = this.wantViews
        ? ask(
            Promise.all(
              shownDimensions.filter((d) => this.filterable.includes(d)).map((d) => this.loadValues(d)),
            ),
          )
        : null;
      const viewsStarted = performance.now();
      const viewRows = this.wantViews
        ? ask(
            computeViews(
              (view) => {
                const query = queryAt(2 + viewOrder.indexOf(view));
                return onScreen(view) ? query : later(query);
              },
              this.shape,
              { range, compare: this.compare, grain, dashboard: { ...dashboard, views: viewOrder } },
              (view) => {
                void valuesKnown?.then(
                  () => {
                    if (current()) {
                      this.views = { ...this.views, ...sameViews(this.views, view) };
                      this.error = null;
                    }
                    for (const id of Object.keys(view)) done(id);
                  },
                  () => undefined,
                );
              },
            ),
          )
        : null;
      const [cardRows, trendRows] = first ?? askCards();

      // Each part is shown as soon as it is computed (unless the request is no longer current).
      const rows = await cardRows;
      // For the benchmark: how long one batch of every scalar KPI takes.
      performance.measure('kpi:scalars', { start: started, detail: { kpis: compiled.computed.length } });
      const values = this.#derive(rows, compiled.computed, () => readScalars(rows, compiled.computed));
      if (current()) {
        this.resolutions = same(this.resolutions, resolutions);
        this.values = same(this.values, values);
        this.error = null;
      }
      done('cards');
      const points = await trendRows;
      const trends = this.#derive(points, trend.computed, () =>
        Object.fromEntries(
          trend.computed.map((id) => [
            id,
            points.map((p) => ({
              period: Number(p.period),
              value: p[id] === null || p[id] === undefined ? null : Number(p[id]),
            })),
          ]),
        ),
      );
      if (current()) {
        this.trends = same(this.trends, trends);
      }
      done('sparklines');
      const series = seriesRows ? await seriesRows : this.series;
      // For the benchmark: the All KPIs page, every KPI and the series KPIs.
      if (seriesRows) performance.measure('kpi:series', { start: started });
      await valuesKnown;
      const views = viewRows ? await viewRows : this.views;
      if (viewRows) performance.measure('kpi:views', { start: viewsStarted });
      if (!current()) return;
      this.resolutions = same(this.resolutions, resolutions);
      this.values = same(this.values, values);
      this.trends = same(this.trends, trends);
      this.series = same(this.series, series);
      this.views = { ...sameViews(this.views, views) };
      this.error = null;
    } catch (error) {
      const replaced = !current();
      failed = true;
      if (!replaced) this.#fail(error);
    } finally {
      // Whatever was asked and not awaited (after a failure) settles before the next request.
      openGate();
      await Promise.allSettled(asked);
    }
  }

  async #computeSeries(
    query: (sql: string) => Promise<Record<string, unknown>[]>,
    request: KpiRequest,
  ): Promise<Record<string, SeriesResult>> {
    const asked = METRICS.filter((m) => m.kind === 'series').map((metric) => {
      const compiled = compileSeries(metric.id, { ...request, compare: 'none' }, this.shape);
      const rows: Promise<SeriesResult> = compiled.ok
        ? query(compiled.sql).then((r) => ({ ok: true, rows: r }))
        : Promise.resolve(compiled);
      rows.catch(() => undefined);
      return [metric.id, rows] as const;
    });
    const out: Record<string, SeriesResult> = {};
    for (const [id, rows] of asked) out[id] = await rows;
    return out;
  }

  /**
   * Runs `work` when fewer than QUERIES_IN_FLIGHT queries are at the engine, lowest rank first,
   * then in the order asked: the engine has the next query while the page draws the last result.
   */
  #turn<T>(work: () => Promise<T>, rank: number): Promise<T> {
    const run = async (): Promise<T> => {
      try {
        return await work();
      } finally {
        // The turn passes to the first waiting with the lowest rank, else the place is free.
        const next = this.#waiting.reduce<Waiting | null>((a, b) => (a && a.rank <= b.rank ? a : b), null);
        if (next) {
          this.#waiting.splice(this.#waiting.indexOf(next), 1);
          next.go();
        } else this.#inFlight--;
      }
    };
    if (this.#inFlight < QUERIES_IN_FLIGHT) {
      this.#inFlight++;
      return run();
    }
    return new Promise<void>((go) => this.#waiting.push({ rank, go })).then(run);
  }

  #fail(error: unknown): void {
    this.values = {};
    this.trends = {};
    this.views = {};
    this.error = error instanceof Error ? error.message : String(error);
  }
}
