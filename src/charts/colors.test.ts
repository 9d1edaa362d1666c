import { describe, expect, it } from 'vitest';
import { NOT_SET_COLOR, OTHER_COLOR, SEGMENT_PALETTE, segmentColor } from './colors';

describe('segmentColor', () => {
  const known = ['Web', 'Shop', 'Other', 'App', '(not set)'];

  it('picks the palette colour by rank, skipping the grey buckets', () => {
    expect(segmentColor('Web', known)).toBe(SEGMENT_PALETTE[0]);
    expect(segmentColor('Shop', known)).toBe(SEGMENT_PALETTE[1]);
    expect(segmentColor('App', known)).toBe(SEGMENT_PALETTE[2]);
  });

  it('greys Other and (not set)', () => {
    expect(segmentColor('Other', known)).toBe(OTHER_COLOR);
    expect(segmentColor('(not set)', known)).toBe(NOT_SET_COLOR);
  });

  it('wraps past the palette', () => {
    const many = Array.from({ length: 12 }, (_, i) => `s${i}`);
    expect(segmentColor('s10', many)).toBe(SEGMENT_PALETTE[0]);
    expect(segmentColor('s11', many)).toBe(SEGMENT_PALETTE[1]);
  });

  it('gives a value missing from the list the same palette colour every time', () => {
    const color = segmentColor('Marketplace', known);
    expect(SEGMENT_PALETTE).toContain(color);
    expect(segmentColor('Marketplace', [])).toBe(color);
  });

  it('has ten distinct colours', () => {
    expect(new Set(SEGMENT_PALETTE).size).toBe(10);
  });
});
