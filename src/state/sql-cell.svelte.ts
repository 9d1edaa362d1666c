import type { Engine, ResultPage } from '../db/engine';

/** Rows a result keeps for display; the rest are only counted. */
export const RESULT_ROW_LIMIT = 1000;

const FIRST_QUERY = `-- Monthly orders and revenue from the canonical orders view
SELECT date_trunc('month', ordered_at) AS month,
       count(*) AS orders,
       round(sum(revenue), 2) AS revenue
FROM orders
WHERE NOT is_cancelled
GROUP BY ALL
ORDER BY month;`;

// The cell's text outlives a reload (the files do not: they are never stored).
const SAVED_TEXT = 'kpi-notebook:sql-cell';

function savedText(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(SAVED_TEXT);
  } catch {
    return null;
  }
}

function saveText(text: string): void {
  try {
    if (typeof localStorage === 'undefined') return;
    if (text === FIRST_QUERY) localStorage.removeItem(SAVED_TEXT);
    else localStorage.setItem(SAVED_TEXT, text);
  } catch {
    // Storage full or turned off: the text stays for this visit only.
  }
}

/** A SQL cell: its text, and the result or the engine's error of its last run. */
export class SqlCell {
  #text = $state(savedText() ?? FIRST_QUERY);
  /** The query as written; kept in the browser's storage, so a reload keeps it. */
  get text(): string {
    return this.#text;
  }
  set text(text: string) {
    this.#text = text;
    saveText(text);
  }
  result = $state.raw<ResultPage | null>(null);
  error = $state<string | null>(null);
  running = $state(false);
  elapsedMs = $state(0);
  #again = false;

  /** Runs the cell; a run asked for while one is going happens right after it, on the latest text. */
  async run(engine: Engine | null): Promise<void> {
    if (!engine) return;
    if (this.running) {
      this.#again = true;
      return;
    }
    this.running = true;
    this.error = null;
    const started = performance.now();
    try {
      this.result = await engine.page(this.text, RESULT_ROW_LIMIT);
    } catch (error) {
      this.result = null;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.elapsedMs = performance.now() - started;
      this.running = false;
    }
    if (this.#again) {
      this.#again = false;
      await this.run(engine);
    }
  }
}
