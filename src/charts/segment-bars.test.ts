import { describe, expect, it } from 'vitest';
import { buildSegmentBars, rankSegments, type SegmentRow } from './segment-bars';
import { renderGolden, selectionsFrom } from './golden';
import { SEGMENT_PALETTE } from './colors';

const rows: SegmentRow[] = [
  { segment: 'Other', value: 500, comparison: 400 },
  { segment: 'Shop', value: 8000, comparison: 9000 },
  { segment: '(not set)', value: 1200, comparison: null },
  { segment: 'App', value: null, comparison: 300 },
  { segment: 'Web', value: 12345.67, comparison: 11000 },
];

describe('rankSegments', () => {
  it('ranks by value, then those without one, then (not set), then Other', () => {
    expect(rankSegments(rows).map((r) => r.segment)).toEqual(['Web', 'Shop', 'App', '(not set)', 'Other']);
  });
});

describe('buildSegmentBars', () => {
  const options = { label: 'Revenue', unit: 'money', width: 600 } as const;

  it('orders the bars, fits the labels and formats the axis by unit', () => {
    const plot = buildSegmentBars(rows, options);
    expect(plot.y).toMatchObject({ domain: ['Web', 'Shop', 'App', '(not set)', 'Other'] });
    expect(plot.height).toBe(5 * 28 + 40);
    expect(plot.marginLeft).toBe(70);
    expect(plot.marks).toHaveLength(4);
    const format = (plot.x as { tickFormat: (v: number) => string }).tickFormat;
    expect(format(12000)).toBe('12K');
  });

  it('colours, labels and tags each bar, and fades the unselected ones', () => {
    const svg = renderGolden(buildSegmentBars(rows, { ...options, selected: ['Shop'], onselect: () => {} }));
    expect(svg).toContain(
      `fill="${SEGMENT_PALETTE[0]}" fill-opacity="0.3" data-select="Web" data-value="12345.7"`,
    );
    expect(svg).toContain(
      `fill="${SEGMENT_PALETTE[1]}" fill-opacity="1" data-select="Shop" data-value="8000"`,
    );
    expect(svg).toContain('>12,345.67</text>');
    expect(svg).toContain('>—</text>');
  });

  it('calls onselect with the segment of the clicked bar, on a click and on Enter', () => {
    expect(
      selectionsFrom((onselect) => buildSegmentBars(rows, { ...options, onselect }), '[data-select="Shop"]'),
    ).toEqual(['Shop', 'Shop']);
  });

  it('matches the golden SVG', async () => {
    const svg = renderGolden(buildSegmentBars(rows, { ...options, onselect: () => {} }));
    await expect(svg).toMatchFileSnapshot('./golden/segment-bars.svg');
  });

  it('draws nothing, without failing, for no rows', () => {
    expect(renderGolden(buildSegmentBars([], options))).toContain('<svg');
  });
});
