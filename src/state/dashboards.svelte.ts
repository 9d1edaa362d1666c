import { parseDashboard, type Dashboard } from './dashboard';

/** Where saved dashboards are kept in this browser. */
const KEY = 'kpi-notebook.dashboards.v1';
/** Where the dashboard on screen is kept in the page's address, so a link reopens it. */
const HASH = 'dashboard=';
const RANGE = 'range=';

/** The dashboards a person saved in this browser (local storage; nothing leaves the page). */
export class DashboardStore {
  saved = $state.raw<Dashboard[]>([]);
  #storage: Storage | null;

  constructor(storage: Storage | null) {
    this.#storage = storage;
    try {
      const raw: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
      this.saved = (Array.isArray(raw) ? raw : []).flatMap((d) => parseDashboard(d) ?? []);
    } catch {
      // Unreadable storage is as good as none: the person starts with the default.
      this.saved = [];
    }
  }

  /** Keeps a dashboard under its name, replacing one of the same name. */
  save(dashboard: Dashboard): void {
    const others = this.saved.filter((d) => d.name !== dashboard.name);
    this.saved = [...others, dashboard];
    this.#persist();
  }

  remove(name: string): void {
    this.saved = this.saved.filter((d) => d.name !== name);
    this.#persist();
  }

  #persist(): void {
    try {
      this.#storage?.setItem(KEY, JSON.stringify(this.saved));
    } catch {
      // Storage full or blocked: the dashboards stay for this visit.
    }
  }
}

/** The dashboard a page address carries, or null. */
export function dashboardFromHash(hash: string): Dashboard | null {
  const at = hash.indexOf(HASH);
  if (at < 0) return null;
  try {
    return parseDashboard(JSON.parse(decodeURIComponent(hash.slice(at + HASH.length).split('&')[0] ?? '')));
  } catch {
    return null;
  }
}

/** The page address's hash for a dashboard, and the range when one was chosen (`&range=last-month`). */
export function dashboardHash(dashboard: Dashboard, range: string | null = null): string {
  const tail = range ? `&${RANGE}${encodeURIComponent(range)}` : '';
  return `#${HASH}${encodeURIComponent(JSON.stringify(dashboard))}${tail}`;
}

/** The range a page address names (`range=…` in its hash), as `rangeParam` wrote it, or null. */
export function rangeFromHash(hash: string): string | null {
  const param = hash
    .replace(/^#/, '')
    .split('&')
    .find((part) => part.startsWith(RANGE));
  try {
    return param ? decodeURIComponent(param.slice(RANGE.length)) : null;
  } catch {
    return null;
  }
}
