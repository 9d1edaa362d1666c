import type * as Plot from '@observablehq/plot';

/** What a clickable mark says about each of its data: the key `onselect` gets, and a number. */
export interface Selectable<T> {
  key: (d: T) => string;
  value?: (d: T) => number | null;
  onselect?: ((key: string) => void) | undefined;
}

/**
 * A render transform that marks each drawn element of a one-element-per-datum mark (bar, dot,
 * cell, text) with `data-select` (and `data-value`), so clicks cross-filter and end-to-end tests
 * can read the numbers. The data must be the mark's own array (no reducing transform), so the
 * index points into it. With `onselect`, elements get a pointer, a click and Enter/Space.
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
      element.setAttribute('tabindex', '0');
      element.setAttribute('role', 'button');
      element.addEventListener('click', () => onselect(key));
      element.addEventListener('keydown', (event) => {
        const { key: pressed } = event as KeyboardEvent;
        if (pressed === 'Enter' || pressed === ' ') onselect(key);
      });
    });
    return g;
  };
}
