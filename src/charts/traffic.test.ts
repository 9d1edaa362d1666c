import { describe, expect, it } from 'vitest';
import { buildTrafficChart, type TrafficRow } from './traffic';
import { renderGolden, selectionsFrom } from './golden';
import { OTHER_COLOR, SEGMENT_PALETTE } from './colors';

// Organic search converts 2.4 % of 12,345 sessions (296); paid search 5 % of 4,000; Other 1 % of 5,000.
const rows: TrafficRow[] = [
  { segment: 'Other', sessions: 5000, converted_sessions: 50, conversion_rate: 0.01 },
  { segment: 'Paid search', sessions: 4000, converted_sessions: 200, conversion_rate: 0.05 },
  { segment: 'Organic search', sessions: 12345, converted_sessions: 296, conversion_rate: 296 / 12345 },
  { segment: 'Email', sessions: 0, converted_sessions: 0, conversion_rate: null },
];

describe('buildTrafficChart', () => {
  it('ranks sources by sessions with Other last', () => {
    const plot = buildTrafficChart(rows, { width: 640 });
    expect(plot.y).toMatchObject({ domain: ['Organic search', 'Paid search', 'Email', 'Other'] });
    expect(plot.height).toBe(4 * 28 + 56);
    expect(plot.marginLeft).toBe(101);
  });

  it('draws coloured session bars with counts and a conversion column, each tagged', async () => {
    const svg = renderGolden(buildTrafficChart(rows, { width: 640, onselect: () => {} }));
    expect(svg).toContain(`fill="${SEGMENT_PALETTE[0]}" data-select="Organic search" data-value="12345"`);
    expect(svg).toContain(`fill="${OTHER_COLOR}" data-select="Other" data-value="5000"`);
    expect(svg).toContain('>12,345</text>');
    expect(svg).toMatch(/data-select="Organic search" data-value="0"[^>]*>2.4%<\/text>/);
    expect(svg).toContain('>5.0%</text>');
    expect(svg).toContain('>1.0%</text>');
    expect(svg).toContain('>—</text>');
    expect(svg).toContain('>Conversion</text>');
    await expect(svg).toMatchFileSnapshot('./golden/traffic.svg');
  });

  it('calls onselect with the source from a bar, on a click and on Enter', () => {
    expect(
      selectionsFrom(
        (onselect) => buildTrafficChart(rows, { width: 640, onselect }),
        'rect[data-select="Paid search"]',
      ),
    ).toEqual(['Paid search', 'Paid search']);
  });

  it('returns options Plot can draw for no rows', () => {
    expect(renderGolden(buildTrafficChart([], { width: 640 }))).toContain('<svg');
  });
});
