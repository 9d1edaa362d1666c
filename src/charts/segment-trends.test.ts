import { describe, expect, it } from 'vitest';
import { buildSegmentTrends, layoutPanels, type SegmentPeriodRow } from './segment-trends';
import { renderGolden } from './golden';
import { SEGMENT_PALETTE } from './colors';

const month = (m: number) => new Date(Date.UTC(2024, m, 1));
const series = (segment: string, values: (number | null)[]): SegmentPeriodRow[] =>
  values.map((value, m) => ({ segment, period: month(m), value }));
// Totals: Web 600, Shop 300, Other 900 (still last), App 90.
const rows = [
  ...series('Other', [300, 300, 300]),
  ...series('Shop', [100, 100, 100]),
  ...series('Web', [150, 200, 250]),
  ...series('App', [20, null, 70]),
];

describe('layoutPanels', () => {
  it('ranks segments by total, Other last, and fills the grid row by row', () => {
    expect(layoutPanels(rows, 480)).toEqual([
      { segment: 'Web', col: 0, row: 0 },
      { segment: 'Shop', col: 1, row: 0 },
      { segment: 'App', col: 0, row: 1 },
      { segment: 'Other', col: 1, row: 1 },
    ]);
    expect(layoutPanels(rows, 1000).map((p) => p.row)).toEqual([0, 0, 0, 0]);
    expect(layoutPanels(rows, 100).map((p) => p.col)).toEqual([0, 0, 0, 0]);
  });
});

describe('buildSegmentTrends', () => {
  const options = { label: 'Revenue', unit: 'money', grain: 'month', width: 480 } as const;

  it('shares one y scale from zero and sizes the grid', () => {
    const plot = buildSegmentTrends(rows, options);
    expect(plot.y).toMatchObject({ zero: true, label: null });
    expect(plot.height).toBe(2 * 110 + 50);
    expect(plot.fx).toMatchObject({ axis: null });
  });

  it('draws one line per segment in its colour, in a panel of its own', async () => {
    const svg = renderGolden(buildSegmentTrends(rows, options));
    for (const color of SEGMENT_PALETTE.slice(0, 3)) expect(svg).toContain(`stroke="${color}"`);
    expect(svg).toContain('stroke="#9aa3ad"');
    for (const segment of ['Web', 'Shop', 'App', 'Other']) expect(svg).toContain(`>${segment}</text>`);
    await expect(svg).toMatchFileSnapshot('./golden/segment-trends.svg');
  });

  it('uses the colours it is given', () => {
    const svg = renderGolden(buildSegmentTrends(rows, { ...options, colors: () => '#123456' }));
    expect(svg).toContain('stroke="#123456"');
  });

  it('reads periods given as epoch milliseconds, as the engine returns them', () => {
    const engineRows = rows.map((r) => ({ ...r, period: r.period.getTime() as unknown as Date }));
    expect(renderGolden(buildSegmentTrends(engineRows, options))).toBe(
      renderGolden(buildSegmentTrends(rows, options)),
    );
  });

  it('returns options Plot can draw for no rows', () => {
    expect(renderGolden(buildSegmentTrends([], options))).toContain('<svg');
  });
});
