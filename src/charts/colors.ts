// One colour per segment value, the same in every chart: the UI passes the dimension's values
// ranked by their total over the whole range, so a channel keeps its colour across views.

/** Ten categorical colours, each dark enough to read as a line or a bar on white. */
export const SEGMENT_PALETTE: readonly string[] = [
  '#4269d0',
  '#e8590c',
  '#2f9e44',
  '#c2255c',
  '#7048e8',
  '#0c8599',
  '#a86d00',
  '#9c6b4e',
  '#e64980',
  '#5c940d',
];

/** The grey of the "Other" bucket. */
export const OTHER_COLOR = '#9aa3ad';
/** The light grey of rows without a value. */
export const NOT_SET_COLOR = '#c8ced6';

/**
 * The colour of a segment value: its rank in `known` picks a palette colour (wrapping past ten);
 * 'Other' and '(not set)' are greys. A value missing from `known` gets a colour from its text,
 * so it is still the same wherever it shows.
 */
export function segmentColor(value: string, known: readonly string[]): string {
  if (value === 'Other') return OTHER_COLOR;
  if (value === '(not set)') return NOT_SET_COLOR;
  const ranked = known.filter((k) => k !== 'Other' && k !== '(not set)');
  const index = ranked.indexOf(value);
  const n = SEGMENT_PALETTE.length;
  return SEGMENT_PALETTE[(index >= 0 ? index : hash(value)) % n] ?? OTHER_COLOR;
}

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (h * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return h;
}
