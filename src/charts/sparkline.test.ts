import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline';

describe('sparklinePath', () => {
  it('scales the values to the box, highest at the top', () => {
    // x: 0, 50, 100; y: 20 → 1.5 (top), 10 → 1.5 + 17 / 2 = 10, 0 → 20 - 1.5 = 18.5.
    expect(sparklinePath([0, 10, 20], 100, 20)).toBe('M0,18.5L50,10L100,1.5');
  });

  it('leaves a gap where a value is missing', () => {
    expect(sparklinePath([1, null, 3, 5], 30, 10)).toBe('M0,8.5M20,5L30,1.5');
  });

  it('draws a flat series through the middle, and nothing without values', () => {
    expect(sparklinePath([4, 4], 10, 10)).toBe('M0,5L10,5');
    expect(sparklinePath([null, null], 10, 10)).toBe('');
  });
});
