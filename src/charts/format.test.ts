import { describe, expect, it } from 'vitest';
import { formatChange, formatValue, formatWithComparison, labelMargin, tickFormat } from './format';

describe('tickFormat', () => {
  it.each([
    ['percent', 0.034, '3.4%'],
    ['money', 125_000, '125K'],
    ['count', 1_500_000, '1.5M'],
    ['ratio', 1.2345, '1.23'],
    ['duration', 61.4, '61 s'],
  ] as const)('%s %s → %s', (unit, value, text) => {
    expect(tickFormat(unit)(value)).toBe(text);
  });
});

describe('formatValue', () => {
  it.each([
    ['money', 12345.674, '12,345.67'],
    ['count', 2340, '2,340'],
    ['percent', 0.1234, '12.34%'],
    ['duration', 146, '2 min 26 s'],
    ['nps', 0.42, '+42'],
    ['money', null, '—'],
  ] as const)('%s %s → %s', (unit, value, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe('formatChange and formatWithComparison', () => {
  it('signs the change and leaves it out over zero', () => {
    expect(formatChange(12345.67, 11000)).toBe('+12.2%');
    expect(formatChange(90, 100)).toBe('−10.0%');
    expect(formatChange(5, 0)).toBeNull();
  });

  it('writes a value with its comparison', () => {
    expect(formatWithComparison(12345.67, 11000, 'money')).toBe('12,345.67 (prev. 11,000.00, +12.2%)');
    expect(formatWithComparison(3, null, 'count')).toBe('3');
  });
});

describe('labelMargin', () => {
  it('fits the longest label between the bounds', () => {
    expect(labelMargin(['Web'])).toBe(40);
    expect(labelMargin(['Organic search'])).toBe(101);
    expect(labelMargin(['x'.repeat(100)])).toBe(180);
  });
});
