import { describe, expect, it } from 'vitest';
import { buildTrendChart, describeUnusual, formatPeriod, toTrendPoints, trendTip } from './trend-chart';
import { renderGolden } from './golden';

const DAY = 86_400_000;

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
    expect(options.color).toMatchObject({ domain: ['Revenue'], legend: false });
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

  it('adds the comparison line and the unusual rings, with a legend', () => {
    const options = buildTrendChart(points, {
      label: 'Revenue',
      unit: 'money',
      grain: 'month',
      width: 800,
      comparison: toTrendPoints([{ period: Date.UTC(2024, 0, 1), value: 150 }]),
      comparisonLabel: 'previous period',
      unusual: [{ period: new Date(Date.UTC(2024, 2, 1)), value: 200, usual: 120, deviations: 4.2 }],
    });
    expect(options.marks).toHaveLength(5);
    expect(options.color).toMatchObject({
      domain: ['Revenue', 'previous period', 'Unusual'],
      range: ['var(--accent)', '#8a939c', '#d9480f'],
      legend: true,
    });
  });

  it('returns options Plot can draw for an empty series', () => {
    const svg = renderGolden(
      buildTrendChart([], { label: 'Orders', unit: 'count', grain: 'day', width: 400 }),
    );
    expect(svg).toContain('<svg');
  });
});

describe('trend chart golden', () => {
  // Two weeks of orders from Friday 1 March 2024; the comparison is the two weeks before.
  const start = Date.UTC(2024, 2, 1);
  const values = [120, 80, 70, 110, 115, 118, 121, 125, 82, 75, 240, 119, 117, 122];
  const previous = [100, 90, 60, 100, 105, 110, 112, 118, 85, 72, 112, null, 108, 115];
  const at = (i: number) => new Date(start + i * DAY);

  it('draws the current line, the dashed comparison, an unusual ring and tips', async () => {
    const options = buildTrendChart(
      values.map((value, i) => ({ period: at(i), value })),
      {
        label: 'Orders',
        unit: 'count',
        grain: 'day',
        width: 640,
        comparison: previous.map((value, i) => ({ period: at(i), value })),
        comparisonLabel: 'previous period',
        unusual: [{ period: at(10), value: 240, usual: 111, deviations: 4.1 }],
      },
    );
    const svg = renderGolden(options);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain('data-unusual="2024-03-11"');
    await expect(svg).toMatchFileSnapshot('./golden/trend-chart.svg');
  });
});

describe('formatPeriod and describeUnusual', () => {
  const monday = new Date(Date.UTC(2024, 2, 4));

  it.each([
    ['day', 'Mon 4 Mar 2024'],
    ['week', 'Week of 4 Mar 2024'],
    ['month', 'Mar 2024'],
    ['quarter', 'Q1 2024'],
    ['year', '2024'],
  ] as const)('%s → %s', (grain, text) => {
    expect(formatPeriod(monday, grain)).toBe(text);
  });

  it('names the weekday at day grain and the history otherwise', () => {
    const point = { period: monday, value: 2340, usual: 1100, deviations: 4.14 };
    expect(describeUnusual(point, 'count', 'day')).toBe(
      'Mon 4 Mar 2024: 2,340 — 4.1 robust deviations above the usual Monday (1,100)',
    );
    expect(describeUnusual({ ...point, value: 700, deviations: -3.26 }, 'money', 'month')).toBe(
      'Mar 2024: 700.00 — 3.3 robust deviations below the usual of the 8 months before (1,100.00)',
    );
  });
});

describe('trendTip', () => {
  const point = { period: new Date(Date.UTC(2024, 2, 11)), value: 240 };
  const options = {
    unit: 'count',
    grain: 'day',
    comparison: 112,
    comparisonLabel: 'previous period',
  } as const;

  it('gives the value with the comparison and the change', () => {
    expect(trendTip(point, options)).toBe('Mon 11 Mar 2024: 240 (previous period 112, +114.3%)');
    expect(trendTip(point, { ...options, comparison: null })).toBe('Mon 11 Mar 2024: 240');
  });

  it('says why an unusual period is unusual, then the comparison', () => {
    const unusual = { ...point, usual: 111, deviations: 4.1 };
    expect(trendTip(point, { ...options, unusual })).toBe(
      'Mon 11 Mar 2024: 240 — 4.1 robust deviations above the usual Monday (111)\nprevious period: 112',
    );
  });
});
