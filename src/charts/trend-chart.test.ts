import { describe, expect, it } from 'vitest';
import { buildTrendChart, tickFormat, toTrendPoints } from './trend-chart';

describe('buildTrendChart', () => {
  const points = toTrendPoints([
    { period: Date.UTC(2024, 0, 1), value: 170.5 },
    { period: Date.UTC(2024, 1, 1), value: null },
    { period: Date.UTC(2024, 2, 1), value: 200 },
  ]);

  it('draws a rule, a line and dots over the periods that have a value', () => {
    const options = buildTrendChart(points, { label: 'Revenue', unit: 'money', grain: 'month', width: 800 });
    expect(options.marks).toHaveLength(3);
    expect(options.width).toBe(800);
    expect(options.x).toMatchObject({ type: 'utc', ticks: 'month', tickFormat: '%b %Y' });
  });

  it('leaves ticks to Plot when there are more periods than room', () => {
    const many = toTrendPoints(
      Array.from({ length: 30 }, (_, i) => ({ period: Date.UTC(2024, i, 1), value: i })),
    );
    const options = buildTrendChart(many, { label: 'Revenue', unit: 'money', grain: 'month', width: 800 });
    expect(options.x).not.toHaveProperty('ticks');
  });

  it('turns engine timestamps into dates', () => {
    expect(points[0]?.period.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('tickFormat', () => {
  it.each([
    ['percent', 0.034, '3.4%'],
    ['money', 125_000, '125K'],
    ['count', 1_500_000, '1.5M'],
    ['ratio', 1.2345, '1.23'],
  ] as const)('%s %s → %s', (unit, value, text) => {
    expect(tickFormat(unit)(value)).toBe(text);
  });
});
