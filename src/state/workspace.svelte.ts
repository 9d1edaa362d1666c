import { Engine, type EngineOptions, type ResultColumn, type ResultPage } from '../db/engine';
import { isEngineStopped, isOutOfMemory, outOfMemoryMessage, refuseTooLarge } from '../db/engine-errors';
import { LoadError, loadFile, toLoadError } from '../db/load-file';
import type { CanonicalTable } from '../model/canonical';
import { matchRoles, suppliedRoles } from '../model/detect';
import {
  buildQualityQuery,
  describeQuality,
  describeOverlap,
  describeRejects,
  isoToday,
  reportedMappings,
  toQualityStats,
  type Finding,
  type Rejects,
} from '../model/quality';
import { summaryStatements } from '../metrics/summaries';
import { buildCanonicalViews, buildOverlapQuery, type SourceTable, type ViewStatement } from '../model/views';
import { tableNameForFile } from '../model/table-name';
import { qualifiedName, quoteIdentifier } from '../sql/sql';
import { readSnapshot, snapshotKey, writeSnapshot } from './card-snapshot';
import { DEMO_FILES, fetchDemoFiles } from './demo-files';
import { engineOptions, takeEarlyEngine } from './early-engine';
import { FileStore, type KeptFile } from './file-store.svelte';
import { KpiBoard } from './kpi-board.svelte';
import { planParsing, recogniseTable, type Recognition } from './recognise';
import { applyDateChoices, dateChoices, mappingFits, type FileChoices } from './stored-files';
import { installTestHooks } from './test-hooks';

/** Where a table's rows come from: the demo shop, or the person's own files. */
export type Source = 'demo' | 'files';

/** A loaded (or loading) table, as the table list shows it. */
export interface TableEntry {
  id: number;
  source: Source;
  name: string;
  fileName: string;
  size: number;
  status: 'queued' | 'loading' | 'ready';
  progress: number;
  rowCount: number;
  columns: ResultColumn[];
  preview: ResultPage | null;
  loadMs: number;
  /** What the file was recognised as and how it feeds the canonical tables (null while loading). */
  recognition: Recognition | null;
  /** What reading the file noticed: encoding, skipped lines. */
  notes: string[];
  /** Rows the reader left out. */
  rejects: Rejects;
  /** The data report: what was read, what could not be, what looks wrong. */
  findings: Finding[];
  /** For a workbook: the sheet read, and the sheets to choose from. */
  sheet: string | null;
  sheets: string[];
}

/** A file that could not be read, with the reason. */
export interface LoadProblem {
  id: number;
  fileName: string;
  message: string;
  line: number | null;
}

const PREVIEW_ROWS = 10;

/** The data side of the notebook: the engine, the tables, their mapping to canonical views, and the KPIs. */
export class Workspace {
  engine = $state.raw<Engine | null>(null);
  engineError = $state<string | null>(null);
  /** Said once the engine restarted after its worker died (null: nothing to say). */
  engineNotice = $state<string | null>(null);
  tables = $state<TableEntry[]>([]);
  problems = $state<LoadProblem[]>([]);
  source = $state<Source>('demo');
  /** The canonical views as last built for the current source. */
  views = $state.raw<ViewStatement[]>([]);
  /** The KPIs over the canonical views, for the chosen range. */
  readonly board = new KpiBoard();
  /** Why the canonical views could not be made, when they could not. */
  kpiError = $state<string | null>(null);
  /** Goes up each time the canonical views are rebuilt: cells that read them run again. */
  dataVersion = $state(0);
  #pending = $state(0);
  /** Data reports by table entry, with the mapping they were made for. */
  #reports: Record<number, { key: string; findings: Finding[] }> = {};
  /** The dropped files by table entry, to read another sheet of a workbook. */
  #files: Record<number, File> = {};
  /** When each table's rows were last read (a counter): a canonical table over it is made again after. */
  #readStamps: Record<number, number> = {};
  #reads = 0;
  /** What each canonical table was last made from: it is not made again while that holds. */
  #built: Record<string, string> = {};
  #nextId = 1;
  /** Settles when the engine has started or failed to: files dropped before then wait for it. */
  #engineSettled: Promise<void>;
  #settleEngine: () => void = () => undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #options: EngineOptions = {};
  /** Settles when a restart after a crash is over; null when none runs. */
  #restarting: Promise<void> | null = null;
  /** The person's files kept in this browser, read back on start. */
  readonly store = new FileStore();
  /** The demo shop's loading, once it was asked for. */
  #demo: Promise<void> | null = null;

  /** True while anything loads or computes, including the engine's start. */
  busy = $derived(this.#pending > 0 || (this.engine === null && this.engineError === null));
  /** The current source's tables, and every table still loading whatever its source. */
  visibleTables = $derived(this.tables.filter((t) => t.source === this.source || t.status !== 'ready'));
  hasOwnFiles = $derived(this.tables.some((t) => t.source === 'files'));
  readyTables = $derived(this.visibleTables.filter((t) => t.status === 'ready'));
  /** Roles of orders that a file of another kind provides (revenue from payments). */
  supplied = $derived(
    suppliedRoles(
      'orders',
      this.readyTables.flatMap((t) => t.recognition?.targets ?? []),
    ),
  );
  /** The files feeding the canonical orders view, when there are any. */
  orderFiles = $derived(this.views.find((v) => v.table === 'orders')?.files ?? []);

  /** Wraps work so that `busy` is true while it runs. */
  async #track<T>(work: () => Promise<T>): Promise<T> {
    this.#pending++;
    try {
      return await work();
    } finally {
      this.#pending--;
    }
  }

  /** Loads are serialised: the engine has one thread, and progress belongs to one load. */
  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Where the demo's cards are kept between visits (null: nowhere). */
  #snapshots: Storage | null;
  /** True when the cards show the last visit's snapshot of the whole demo. */
  #cardsRestored = false;

  constructor(snapshots: Storage | null = null) {
    this.#snapshots = snapshots;
    this.#engineSettled = new Promise((resolve) => (this.#settleEngine = resolve));
  }

  async start(): Promise<void> {
    await this.#track(async () => {
      const kept = this.store.open();
      // The demo files download while the engine starts, unless the person's kept files come back.
      const demo = kept.then((files) => (files.length > 0 ? null : fetchDemoFiles()));
      demo.catch(() => undefined);
      // The demo's cards as the last visit computed them show while the engine starts.
      void kept.then(
        (files) => {
          const snapshot = readSnapshot(this.#snapshots, this.#demoCardsKey());
          if (files.length === 0 && this.source === 'demo' && snapshot) {
            this.board.restore(snapshot);
            this.#cardsRestored = true;
            performance.mark('kpi:cards-restored');
          }
        },
        () => undefined,
      );
      const search = typeof location === 'undefined' ? '' : location.search;
      this.#options = engineOptions(search);
      installTestHooks(this, search);
      try {
        this.engine = this.#watch(await (takeEarlyEngine() ?? Engine.start(this.#options)));
        performance.mark('kpi:engine-ready');
      } catch (error) {
        this.engineError = error instanceof Error ? error.message : String(error);
        return;
      } finally {
        this.#settleEngine();
      }
      if (await this.#restore(await kept)) return;
      await this.#showDemo(demo.then((files) => files ?? fetchDemoFiles()));
    });
  }

  /** Loads the demo shop the first time it is shown. */
  #showDemo(download?: Promise<File[]>): Promise<void> {
    this.#demo ??= (download ?? fetchDemoFiles()).then(
      (files) => this.#loadDemo(files),
      (error: unknown) => {
        this.#demo = null;
        const message = error instanceof Error ? error.message : String(error);
        this.problems.push({ id: this.#nextId++, fileName: 'demo shop', message, line: null });
      },
    );
    return this.#demo;
  }

  /** Reads the kept files again with the person's choices; false when none could be read. */
  async #restore(kept: KeptFile[]): Promise<boolean> {
    const sheet = (k: KeptFile): string | undefined => k.stored.choices?.sheet ?? undefined;
    const results = await Promise.all(kept.map((k) => this.#load(k.file, 'files', sheet(k))));
    for (const [i, { stored }] of kept.entries()) {
      // One that cannot be read now is not kept: the problem list says why.
      if (!results[i]) await this.store.drop(stored.name);
      const entry = this.#ownEntry(stored.name);
      if (entry && stored.choices) await this.#applyChoices(entry, stored.choices);
    }
    if (!results.some(Boolean)) return false;
    this.source = 'files';
    await this.refreshKpis();
    return true;
  }

  async #applyChoices(entry: TableEntry, choices: FileChoices): Promise<void> {
    const r = entry.recognition;
    if (!r) return;
    const changed = JSON.stringify(choices.targets) !== JSON.stringify($state.snapshot(r.targets));
    if (changed && mappingFits(choices.targets, entry.columns)) {
      r.targets = choices.targets;
      await this.#replan(entry);
    }
    r.parse = applyDateChoices($state.snapshot(r.parse), choices.dates);
  }

  #ownEntry(fileName: string): TableEntry | undefined {
    return this.tables.find((t) => t.source === 'files' && t.fileName === fileName && t.status === 'ready');
  }

  #choices(entry: TableEntry): FileChoices | null {
    const r = entry.recognition;
    if (!r) return null;
    return {
      sheet: entry.sheet,
      targets: $state.snapshot(r.targets),
      dates: dateChoices($state.snapshot(r.parse)),
    };
  }

  /** Records the person's choices for a kept file, so a reload brings them back. */
  async #remember(entry: TableEntry): Promise<void> {
    const choices = this.#choices(entry);
    if (entry.source === 'files' && choices) await this.store.setChoices(entry.fileName, choices);
  }

  /**
   * Orders first: the KPI cards need only them, and show while the other tables load. Cards
   * restored from the last visit already show the whole demo: they wait for all of it.
   */
  async #loadDemo(files: File[]): Promise<void> {
    const isOrders = (file: File): boolean => file.name.startsWith('orders.');
    await Promise.all(files.filter(isOrders).map((file) => this.#load(file, 'demo')));
    performance.mark('kpi:demo-orders-loaded');
    const showing = this.#cardsRestored && Object.keys(this.board.values).length > 0;
    if (!showing) await this.refreshKpis();
    performance.mark('kpi:demo-kpis');
    await Promise.all(files.filter((file) => !isOrders(file)).map((file) => this.#load(file, 'demo')));
    await this.refreshKpis();
    performance.mark('kpi:demo-loaded');
    // Kept only when the cards answer the request as it stands (no newer one still computing).
    if (this.source === 'demo' && this.board.running === 0 && !this.board.error) {
      writeSnapshot(this.#snapshots, this.board.cardSnapshot(this.#demoCardsKey()));
    }
  }

  /**
   * The build (this script's hashed name changes with any change of the code), the demo's files
   * (their hashed names) and the request the cards answer.
   */
  #demoCardsKey(): string {
    return snapshotKey([import.meta.url, DEMO_FILES.map((f) => f.url), ...this.board.requestKey()]);
  }

  /** A dead engine is replaced at once. */
  #watch(engine: Engine): Engine {
    engine.onStop(() => void this.#restart());
    return engine;
  }

  /**
   * Starts a new engine after the worker died, reads every loaded file into it again and
   * keeps their mapping; loads that were cut off try again once it is back.
   */
  #restart(): Promise<void> {
    this.#restarting ??= this.#track(async () => {
      this.engine = null;
      const engine = await this.#startAndReread();
      if (!engine) return;
      this.#built = {};
      this.#reports = {};
      this.engine = engine;
      const files = this.tables.filter((t) => t.status === 'ready' && t.source === 'files').length;
      this.engineNotice =
        `The engine stopped and was restarted` +
        (files > 0 ? `; your ${files === 1 ? 'file was' : `${files} files were`} read again.` : '.');
      await this.refreshKpis();
    }).finally(() => (this.#restarting = null));
    return this.#restarting;
  }

  /**
   * A new engine with every loaded file read into it again. A file whose reading stops the new
   * engine too is left out (with a problem saying so), and the others are read into another.
   */
  async #startAndReread(): Promise<Engine | null> {
    const entries = this.tables.filter((t) => t.status === 'ready');
    for (let attempt = 0; attempt < 3; attempt++) {
      let engine: Engine;
      try {
        engine = this.#watch(await Engine.start(this.#options));
      } catch (error) {
        this.engineError = error instanceof Error ? error.message : String(error);
        return null;
      }
      for (const entry of entries.filter((e) => this.tables.some((t) => t.id === e.id))) {
        const file = this.#files[entry.id];
        if (!file) continue;
        try {
          await this.#reread(engine, entry, file);
        } catch (error) {
          this.#dropEntry(
            entry,
            engine.stopped ? new Error('Reading it again stopped the engine, so it was left out.') : error,
          );
          if (engine.stopped) break;
        }
      }
      if (!engine.stopped) return engine;
    }
    this.engineError = 'it stopped each time it was started again.';
    return null;
  }

  /** The engine, once a restart that runs is over. */
  async #currentEngine(): Promise<Engine | null> {
    while (this.#restarting) await this.#restarting;
    return this.engine;
  }

  dismissEngineNotice(): void {
    this.engineNotice = null;
  }

  /** For the end-to-end tests (`?test_hooks`): ends the engine's worker as a crash would. */
  killWorker(): void {
    this.engine?.killWorker();
  }

  /** Reads the person's files; the first one that loads switches the notebook away from the demo. */
  async addFiles(files: File[]): Promise<void> {
    await this.#track(async () => {
      // Dropped while the engine starts: the files wait for it rather than go missing.
      await this.#engineSettled;
      await this.#currentEngine();
      if (!this.engine) {
        for (const file of files) {
          const message = `The engine did not start, so the file cannot be read: ${this.engineError ?? 'unknown error'}`;
          this.problems.push({ id: this.#nextId++, fileName: file.name, message, line: null });
        }
        return;
      }
      const loads = files.map((file) => this.#load(file, 'files'));
      const results = await Promise.all(loads);
      if (!results.some(Boolean)) return;
      this.source = 'files';
      await this.refreshKpis();
      for (const file of files.filter((_, i) => results[i])) {
        const entry = this.#ownEntry(file.name);
        if (entry) await this.store.keep(file, this.#choices(entry));
      }
    });
  }

  /** Switches between the demo shop and the person's files; neither is dropped. */
  async showSource(source: Source): Promise<void> {
    if (source === this.source) return;
    this.source = source;
    await this.#track(async () => {
      if (source === 'demo') await this.#showDemo();
      await this.refreshKpis();
    });
  }

  async removeTable(entry: TableEntry): Promise<void> {
    const engine = this.engine;
    if (!engine || entry.status !== 'ready') return;
    await this.#track(async () => {
      await this.#remove(engine, entry);
      if (entry.source === 'files') await this.store.drop(entry.fileName);
      if (entry.source === 'files' && !this.hasOwnFiles) this.source = 'demo';
      if (this.source === 'demo') await this.#showDemo();
      await this.refreshKpis();
    });
  }

  /** Takes the person's files off the page and out of this browser's storage: the demo shows again. */
  async forgetFiles(): Promise<void> {
    const engine = await this.#currentEngine();
    if (!engine) return;
    await this.#track(async () => {
      await this.store.forget();
      for (const entry of this.tables.filter((t) => t.source === 'files' && t.status === 'ready')) {
        await this.#remove(engine, entry);
      }
      this.source = 'demo';
      await this.#showDemo();
      await this.refreshKpis();
    });
  }

  async #remove(engine: Engine, entry: TableEntry): Promise<void> {
    await engine.query(`DROP TABLE IF EXISTS ${qualifiedName(entry.source, entry.name)}`);
    this.tables = this.tables.filter((t) => t.id !== entry.id);
    delete this.#files[entry.id];
    delete this.#reports[entry.id];
  }

  dismissProblem(id: number): void {
    this.problems = this.problems.filter((p) => p.id !== id);
  }

  /** Assigns a column to a role (or clears it with null); the views and KPIs follow at once. */
  async setRole(entryId: number, table: CanonicalTable, role: string, column: string | null): Promise<void> {
    const entry = this.tables.find((t) => t.id === entryId);
    const mapping = entry?.recognition?.targets.find((t) => t.table === table);
    if (!entry || !mapping) return;
    if (column === null) delete mapping.roles[role];
    else mapping.roles[role] = column;
    await this.#track(async () => {
      await this.#replan(entry);
      await this.refreshKpis();
      await this.#remember(entry);
    });
  }

  /** Decides which canonical table a file feeds (null: none), starting from the roles its names suggest. */
  async setUse(entryId: number, table: CanonicalTable | null): Promise<void> {
    const entry = this.tables.find((t) => t.id === entryId);
    const recognition = entry?.recognition;
    if (!entry || !recognition) return;
    if (table === null) recognition.targets = [];
    else {
      const detected = recognition.detection.targets.find((t) => t.table === table);
      recognition.targets = [
        structuredClone(detected ?? { table, roles: matchRoles(table, entry.columns).roles }),
      ];
    }
    await this.#track(async () => {
      await this.#replan(entry);
      await this.refreshKpis();
      await this.#remember(entry);
    });
  }

  /** Reads an ambiguous date column the other way round (day first ↔ month first). */
  async swapDateOrder(entryId: number, column: string): Promise<void> {
    const entry = this.tables.find((t) => t.id === entryId);
    const parse = entry?.recognition?.parse[column];
    if (!entry || !parse) return;
    if (parse.typed) parse.swapDayMonth = !parse.swapDayMonth;
    else if (parse.format?.kind === 'date' && parse.format.order !== 'ymd') {
      parse.format = { ...parse.format, order: parse.format.order === 'dmy' ? 'mdy' : 'dmy' };
    }
    await this.#track(async () => {
      await this.refreshKpis();
      await this.#remember(entry);
    });
  }

  async #replan(entry: TableEntry): Promise<void> {
    const engine = this.engine;
    const r = entry.recognition;
    if (!engine || !r) return;
    r.parse = await planParsing(
      engine,
      entry.source,
      entry.name,
      entry.columns,
      $state.snapshot(r.targets),
      r.hints,
      r.dateFormats,
      $state.snapshot(r.parse),
    );
  }

  /** Loads one file as a table; records a problem and returns false when it cannot be read. */
  async #load(file: File, source: Source, sheet?: string): Promise<boolean> {
    if (!this.engine) return false;
    const taken = this.tables.filter((t) => t.source === source).map((t) => t.name);
    const entry: TableEntry = {
      id: this.#nextId++,
      source,
      name: tableNameForFile(file.name, taken),
      fileName: file.name,
      size: file.size,
      status: 'queued',
      progress: 0,
      rowCount: 0,
      columns: [],
      preview: null,
      loadMs: 0,
      recognition: null,
      notes: [],
      rejects: { count: 0, first: [] },
      findings: [],
      sheet: null,
      sheets: [],
    };
    this.tables.push(entry);
    const live = this.tables.at(-1) as TableEntry;
    this.#files[live.id] = file;
    return this.#enqueue(async () => {
      for (let attempt = 0; ; attempt++) {
        const current = await this.#currentEngine();
        try {
          if (!current) throw new LoadError(file.name, 'The engine is not running.');
          const refused = refuseTooLarge(file, {
            limit: current.memoryLimitBytes,
            used: await current.memoryUsed(),
            deviceMemory: (navigator as { deviceMemory?: number }).deviceMemory,
          });
          if (refused) throw new LoadError(file.name, refused);
          await this.#read(current, live, file, sheet);
          const previous = this.tables.find(
            (t) =>
              t.id !== live.id && t.source === source && t.fileName === file.name && t.status === 'ready',
          );
          if (previous) await this.#replace(current, previous, live);
          return true;
        } catch (error) {
          // Cut off by a crash: the restart reads it once the engine is back.
          if (isEngineStopped(error) && attempt === 0) continue;
          this.#dropEntry(live, error, current);
          return false;
        }
      }
    });
  }

  /**
   * A new version of a file already loaded takes its place and its table name (queries that
   * name it still work); with the same columns, the person's mapping of the old one stays.
   */
  async #replace(engine: Engine, previous: TableEntry, live: TableEntry): Promise<void> {
    await engine.query(
      `DROP TABLE IF EXISTS ${qualifiedName(previous.source, previous.name)}; ` +
        `ALTER TABLE ${qualifiedName(live.source, live.name)} RENAME TO ${quoteIdentifier(previous.name)}`,
    );
    live.name = previous.name;
    const kept = previous.recognition?.targets;
    if (kept && live.recognition && JSON.stringify(previous.columns) === JSON.stringify(live.columns)) {
      live.recognition.targets = $state.snapshot(kept);
      await this.#replan(live);
    }
    this.tables = this.tables.filter((t) => t.id !== live.id).map((t) => (t.id === previous.id ? live : t));
    delete this.#files[previous.id];
    delete this.#reports[previous.id];
    delete this.#readStamps[previous.id];
  }

  /** Takes a table that could not be read off the list, and says why. */
  #dropEntry(live: TableEntry, error: unknown, engine: Engine | null = this.engine): void {
    const problem = toLoadError(live.fileName, error);
    const message = isOutOfMemory(problem.message)
      ? outOfMemoryMessage(engine?.memoryLimit ?? 'unknown', live.fileName)
      : problem.message;
    this.tables = this.tables.filter((t) => t.id !== live.id);
    delete this.#files[live.id];
    this.problems.push({
      id: live.id,
      fileName: problem.fileName,
      message,
      line: message === problem.message ? problem.line : null,
    });
  }

  /** Reads a file into a new engine, keeping what was recognised and chosen for it. */
  async #reread(engine: Engine, live: TableEntry, file: File): Promise<void> {
    await loadFile(engine, file, live.source, live.name, () => undefined, { sheet: live.sheet ?? undefined });
    live.preview = await engine.page(
      `SELECT * FROM ${qualifiedName(live.source, live.name)} LIMIT ${PREVIEW_ROWS}`,
      PREVIEW_ROWS,
    );
    this.#readStamps[live.id] = ++this.#reads;
  }

  /** Reads a file into its entry's table (again, for another sheet), and recognises it. */
  async #read(engine: Engine, live: TableEntry, file: File, sheet?: string): Promise<void> {
    live.status = 'loading';
    live.progress = 0;
    const started = performance.now();
    const loaded = await loadFile(engine, file, live.source, live.name, (p) => (live.progress = p), {
      sheet,
    });
    live.preview = await engine.page(
      `SELECT * FROM ${qualifiedName(live.source, live.name)} LIMIT ${PREVIEW_ROWS}`,
      PREVIEW_ROWS,
    );
    live.recognition = await recogniseTable(engine, live.source, live.name, file.name, loaded);
    live.notes = [...(loaded.csv?.notes ?? []), ...live.recognition.notes];
    live.rejects = loaded.rejects;
    live.sheet = loaded.sheet;
    live.sheets = loaded.sheets;
    live.rowCount = loaded.rowCount;
    live.columns = loaded.columns;
    live.progress = 1;
    live.loadMs = performance.now() - started;
    performance.measure(`load:${file.name}`, { start: started });
    live.status = 'ready';
    this.#readStamps[live.id] = ++this.#reads;
  }

  /** Reads another sheet of a workbook in place of the one shown. */
  async chooseSheet(entryId: number, sheet: string): Promise<void> {
    const engine = this.engine;
    const entry = this.tables.find((t) => t.id === entryId);
    const file = this.#files[entryId];
    if (!engine || !entry || !file || entry.sheet === sheet) return;
    const previous = entry.sheet ?? undefined;
    await this.#track(() =>
      this.#enqueue(async () => {
        await engine.query(`DROP TABLE IF EXISTS ${qualifiedName(entry.source, entry.name)}`);
        try {
          await this.#read(engine, entry, file, sheet);
        } catch (error) {
          const problem = toLoadError(file.name, error);
          this.problems.push({
            id: this.#nextId++,
            fileName: problem.fileName,
            message: problem.message,
            line: problem.line,
          });
          // The sheet that was there comes back.
          await this.#read(engine, entry, file, previous);
        }
        await this.refreshKpis();
        await this.#remember(entry);
      }),
    );
  }

  /** Rebuilds the canonical `orders` view for the current source and recomputes the KPIs. */
  async refreshKpis(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    try {
      await this.#computeKpis(engine);
    } finally {
      this.dataVersion++;
    }
  }

  async #computeKpis(engine: Engine): Promise<void> {
    this.kpiError = null;
    const sources: SourceTable[] = this.tables
      .filter((t) => t.source === this.source && t.status === 'ready' && t.recognition)
      .map((t) => ({
        schema: t.source,
        table: t.name,
        fileName: t.fileName,
        columns: t.columns,
        parse: $state.snapshot(t.recognition?.parse ?? {}),
        targets: $state.snapshot(t.recognition?.targets ?? []),
        rows: t.rowCount,
      }));
    const views = buildCanonicalViews(sources);
    // The summary tables serve later changes of the dashboard, not the first cards: they are
    // made once the KPIs are shown, and read from then on.
    const summaries = summaryStatements(views);
    // Each phase is a performance measure, for the benchmark.
    let started = performance.now();
    let remade: string[] = [];
    try {
      remade = await this.#build(engine, views);
      this.views = views;
    } catch (error) {
      this.#built = {};
      this.views = [];
      // A crash is not the data's fault: the restart computes them again.
      if (isEngineStopped(error)) this.kpiError = null;
      else if (isOutOfMemory(error)) {
        this.kpiError =
          `the engine ran out of memory making the canonical tables (limit ${engine.memoryLimit}). ` +
          `Load fewer or smaller files, or remove tables you no longer need.`;
      } else this.kpiError = error instanceof Error ? error.message : String(error);
    }
    performance.measure('model:build', { start: started });
    started = performance.now();
    await this.board.refresh(engine, this.views);
    performance.measure('kpi:refresh', { start: started });
    started = performance.now();
    if (this.views.length > 0) {
      try {
        await this.#build(engine, summaries, remade);
        this.views = [...views, ...summaries];
        await this.board.addSummaries(engine, this.views);
      } catch (error) {
        // Without them every KPI reads the rows: the same numbers, computed more slowly.
        if (!isEngineStopped(error)) console.warn('The summary tables could not be made:', error);
      }
    }
    performance.measure('model:summaries', { start: started });
    started = performance.now();
    // The report comes after the KPIs: it reads whole files, and the cards should not wait for it.
    await this.#checkQuality(engine, sources);
    performance.measure('model:quality', { start: started });
  }

  /**
   * Makes the canonical tables (materialised once, so KPI queries do not parse the files again),
   * skipping those whose statement and files are as last time and whose inputs were not remade.
   */
  async #build(engine: Engine, views: ViewStatement[], before: string[] = []): Promise<string[]> {
    const remade = [...before];
    for (const view of views) {
      const stamps = view.files.map((fileName) => {
        const entry = this.tables.find((t) => t.source === this.source && t.fileName === fileName);
        return entry ? `${entry.id}:${this.#readStamps[entry.id] ?? 0}` : fileName;
      });
      const key = `${view.sql}\u0000${stamps.join(',')}`;
      if (this.#built[view.table] === key && !view.reads?.some((t) => remade.includes(t))) continue;
      delete this.#built[view.table];
      const started = performance.now();
      await engine.query(view.sql);
      performance.measure(`model:build:${view.table}`, { start: started });
      this.#built[view.table] = key;
      remade.push(view.table);
    }
    return remade;
  }

  /** Writes each file's data report; a report that cannot be made says so instead. */
  async #checkQuality(engine: Engine, sources: SourceTable[]): Promise<void> {
    const today = isoToday();
    const reports: Record<string, Finding[]> = {};
    const supplied = suppliedRoles(
      'orders',
      sources.flatMap((s) => s.targets),
    );
    for (const source of sources) {
      const entry = this.tables.find((t) => t.source === this.source && t.name === source.table);
      if (!entry) continue;
      // A report stands until the file's mapping or parsing changes (or another orders file comes).
      const key = JSON.stringify([source.targets, source.parse, supplied]);
      const cached = this.#reports[entry.id];
      if (cached?.key === key) {
        reports[source.table] = [...cached.findings];
        continue;
      }
      const findings: Finding[] = [];
      const rejected = describeRejects(entry.rejects);
      if (rejected) findings.push(rejected);
      const complete = reportedMappings(source, supplied);
      for (const mapping of complete) {
        try {
          const [row] = await engine.query(buildQualityQuery(source, mapping, today));
          const lines = describeQuality(mapping, toQualityStats(mapping, row ?? {}));
          const prefix = complete.length > 1 ? `${mapping.table}: ` : '';
          findings.push(...lines.map((f) => ({ ...f, text: prefix + f.text })));
        } catch (error) {
          findings.push({ level: 'warn', text: `The data report failed: ${String(error)}` });
        }
      }
      this.#reports[entry.id] = { key, findings: [...findings] };
      reports[source.table] = findings;
    }
    const overlap = buildOverlapQuery(sources);
    if (overlap) {
      type Row = { table: string; file: string; overlap: number };
      const rows = await engine.query<Row>(overlap).catch(() => [] as Row[]);
      for (const row of rows.filter((r) => Number(r.overlap) > 0)) {
        const source = sources.find((s) => s.fileName === row.file);
        const finding = describeOverlap(row.table, Number(row.overlap));
        const prefix = (source?.targets.length ?? 0) > 1 ? `${row.table}: ` : '';
        reports[source?.table ?? '']?.push({ ...finding, text: prefix + finding.text });
      }
    }
    for (const entry of this.tables) {
      const findings = reports[entry.name];
      if (entry.source === this.source && findings) entry.findings = findings;
    }
  }
}
