// Test helper: a chart's options rendered to markup with every number rounded to one decimal,
// so golden files do not churn on floating-point noise (as Plot's own tests do).
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';

/** Renders Plot options in a fresh JSDOM document and returns the rounded markup, a mark a line. */
export function renderGolden(options: Plot.PlotOptions): string {
  return breakLines(roundNumbers(renderNode(options).outerHTML)) + '\n';
}

/**
 * A line break before each group and each drawn element, so a golden's diff shows which mark
 * changed. Breaks fall only where SVG ignores whitespace (never inside a text element).
 */
export function breakLines(markup: string): string {
  return markup.replace(
    /(?<!^)<(?=\/?g[ >]|\/svg>|(?:circle|rect|path|line|text|image|svg|div)[ >])/g,
    '\n<',
  );
}

/** Renders Plot options in a fresh JSDOM document: the figure or SVG element, for events. */
export function renderNode(options: Plot.PlotOptions): Element {
  const { window } = new JSDOM('');
  // JSDOM has no canvas; Plot draws continuous colour ramps on one. A blank image stands in.
  window.HTMLCanvasElement.prototype.getContext = (() => ({
    fillRect: () => undefined,
    fillStyle: '',
  })) as never;
  window.HTMLCanvasElement.prototype.toDataURL = () => 'data:image/png;base64,';
  return Plot.plot({ ...options, document: window.document });
}

/**
 * Every decimal number inside the tags rounded to one decimal (−0 written 0). Text between tags
 * is left alone: labels are the charts' own formatting, which the goldens should show as is.
 */
export function roundNumbers(markup: string): string {
  return markup.replace(/<[^>]*>/g, (tag) =>
    tag.replace(/-?\d+\.\d+/g, (n) => {
      const r = Math.round(Number(n) * 10) / 10;
      return String(Object.is(r, -0) ? 0 : r);
    }),
  );
}

/**
 * Renders a chart built with an `onselect` that records, presses the first element matching
 * `selector` (then presses Enter on it) and returns what `onselect` got.
 */
export function selectionsFrom(
  build: (onselect: (key: string) => void) => Plot.PlotOptions,
  selector: string,
): string[] {
  const picked: string[] = [];
  const node = renderNode(build((key) => picked.push(key)));
  const view = node.ownerDocument.defaultView;
  const element = node.querySelector(selector);
  if (!view || !element) throw new Error(`Nothing matches ${selector}.`);
  element.dispatchEvent(new view.MouseEvent('pointerdown', { button: 0 }));
  element.dispatchEvent(new view.KeyboardEvent('keydown', { key: 'Enter' }));
  return picked;
}
