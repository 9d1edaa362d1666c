import type * as Plot from '@observablehq/plot';

/** What a clickable mark says about each of its data: the key `onselect` gets, and a number. */
export interface Selectable<T> {
  key: (d: T) => string;
  value?: (d: T) => number | null;
  onselect?: ((key: string) => void) | undefined;
}

/** The most elements of one mark that become tab stops. */
export const MAX_TAB_STOPS = 24;

/**
 * A render transform that marks each drawn element of a one-element-per-datum mark (bar, dot,
 * cell, text) with `data-select` (and `data-value`), so clicks cross-filter and end-to-end tests
 * can read the numbers. The data must be the mark's own array (no reducing transform), so the
 * index points into it. With `onselect`, elements get a pointer, a click and Enter/Space; they
 * are tab stops only up to MAX_TAB_STOPS (a 7 × 24 heatmap would take 168 presses to get past),
 * past that the tables beside the charts are the keyboard's way to the same numbers.
 */
export function selectable<T>(data: readonly T[], options: Selectable<T>): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const g = next?.(index, scales, values, dimensions, context) ?? null;
    if (!g) return g;
    index.forEach((i, j) => {
      const d = data[i];
      const element = g.children[j];
      if (d === undefined || !element) return;
      const key = options.key(d);
      element.setAttribute('data-select', key);
      const value = options.value?.(d);
      if (value !== undefined && value !== null) element.setAttribute('data-value', String(value));
      const onselect = options.onselect;
      if (!onselect) return;
      (element as SVGElement).style.cursor = 'pointer';
      if (index.length <= MAX_TAB_STOPS) element.setAttribute('tabindex', '0');
      element.setAttribute('role', 'button');
      // On press, not on click: Plot pins its tip under the pointer on press, so the release
      // (and the click) lands on the tip, not on the mark.
      element.addEventListener('pointerdown', (event) => {
        if ((event as MouseEvent).button === 0) onselect(key);
      });
      element.addEventListener('keydown', (event) => {
        const { key: pressed } = event as KeyboardEvent;
        if (pressed !== 'Enter' && pressed !== ' ') return;
        // Space would also scroll the page.
        event.preventDefault();
        onselect(key);
      });
    });
    return g;
  };
}
