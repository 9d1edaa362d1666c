import type { Workspace } from './workspace.svelte';

/** What the end-to-end tests may do that a person cannot: only with `?test_hooks` in the address. */
export interface KpiTestHooks {
  /** Ends the engine's worker the way a crash does. */
  killWorker(): void;
  /** The notice shown after the engine restarted, if any. */
  engineNotice(): string | null;
  /** DuckDB's memory limit as the engine reports it ("3.1 GiB"). */
  memoryLimit(): string | null;
  /** Forgets the KPI results kept for repeated requests (the benchmark times computing). */
  clearResultCache(): void;
  /** Runs SQL on the engine as it is (the benchmark times single statements); the rows. */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

declare global {
  interface Window {
    __kpiTest?: KpiTestHooks;
  }
}

/** Sets `window.__kpiTest` when the page's address asks for it (`?test_hooks`), and only then. */
export function installTestHooks(workspace: Workspace, search: string): void {
  if (!new URLSearchParams(search).has('test_hooks')) return;
  window.__kpiTest = {
    killWorker: () => workspace.killWorker(),
    engineNotice: () => workspace.engineNotice,
    memoryLimit: () => workspace.engine?.memoryLimit ?? null,
    clearResultCache: () => workspace.board.clearCache(),
    query: async (sql) => {
      const engine = workspace.engine;
      if (!engine) throw new Error('The engine has not started.');
      return engine.query(sql);
    },
  };
}
