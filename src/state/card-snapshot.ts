import type { DataExtent } from '../metrics/ranges';
import type { KpiValue } from '../metrics/results';
import type { DataShape } from '../metrics/types';

/** What the headline cards showed for the demo shop: enough to show them again before the engine starts. */
export interface CardSnapshot {
  /** The demo's build and the request the cards answered (dashboard, range, comparison, day). */
  key: string;
  shape: DataShape;
  extent: DataExtent | null;
  values: Record<string, KpiValue>;
  trends: Record<string, { period: number; value: number | null }[]>;
}

const STORAGE_KEY = 'kpi-notebook:demo-cards';

/** The key of a request: the same key means the same data and question, so the same numbers. */
export function snapshotKey(parts: unknown[]): string {
  return JSON.stringify(parts);
}

/** The snapshot kept for `key`, or null (none, another request, unreadable storage). */
export function readSnapshot(storage: Storage | null, key: string): CardSnapshot | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const snapshot = JSON.parse(raw) as Partial<CardSnapshot>;
    const complete = snapshot.shape && snapshot.values && snapshot.trends && snapshot.extent !== undefined;
    return snapshot.key === key && complete ? (snapshot as CardSnapshot) : null;
  } catch {
    return null;
  }
}

/** Keeps one snapshot (the last), replacing the one before; a full or closed storage keeps none. */
export function writeSnapshot(storage: Storage | null, snapshot: CardSnapshot): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(snapshot));
  } catch {
    // Not kept: the next visit computes the cards as a first one does.
  }
}
