import { Engine, type EngineOptions } from '../db/engine';
import { memoryLimitFromUrl } from '../db/engine-errors';

/** The engine's options as the page's address sets them. */
export function engineOptions(search: string): EngineOptions {
  return { memoryLimit: memoryLimitFromUrl(search) };
}

let early: Promise<Engine> | null = null;

/**
 * Starts the engine as the page's script first runs, before the app renders: the engine's
 * start (worker, 34 MB of WebAssembly) is the longest part of a first load, and it need not
 * wait for the page.
 */
export function startEngineEarly(): void {
  early ??= Engine.start(engineOptions(location.search));
  early.catch(() => undefined);
}

/** The engine started early, once; null when none was (or it was taken already). */
export function takeEarlyEngine(): Promise<Engine> | null {
  const engine = early;
  early = null;
  return engine;
}
