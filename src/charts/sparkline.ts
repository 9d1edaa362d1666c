// A sparkline: the shape of a KPI over the range at the current grain, small enough for a card.
// Pure: values in, an SVG path out (no axes; the card states the value and the comparison).

/** The SVG path of a line through the values, scaled to width × height; a gap where a value is missing. */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number): string {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return '';
  const min = Math.min(...known);
  const max = Math.max(...known);
  const pad = 1.5;
  const x = (i: number): number => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * width);
  // A flat series is drawn through the middle.
  const y = (v: number): number =>
    max === min ? height / 2 : pad + (1 - (v - min) / (max - min)) * (height - 2 * pad);
  let path = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${round(x(i))},${round(y(v))}`;
    drawing = true;
  });
  return path;
}

const round = (n: number): number => Math.round(n * 10) / 10;
