import { describe, expect, it } from 'vitest';
import {
  buildPeakHeatmap,
  buildSeasonalityChart,
  fillWeek,
  peakKey,
  type WeekdayHourRow,
} from './peak-heatmap';
import { renderGolden, selectionsFrom } from './golden';

// Monday 09:00: 4 orders, 200.00; Monday 10:00: 2, 90.50; Saturday 20:00: 10, 1,000.00.
const rows: WeekdayHourRow[] = [
  { weekday: 1, hour: 9, orders: 4, revenue: 200 },
  { weekday: 1, hour: 10, orders: 2, revenue: 90.5 },
  { weekday: 6, hour: 20, orders: 10, revenue: 1000 },
];

describe('fillWeek', () => {
  it('gives all 168 weekday-hours, zero where there were no orders', () => {
    const week = fillWeek(rows);
    expect(week).toHaveLength(168);
    expect(week[9]).toEqual(rows[0]);
    expect(week[5 * 24 + 20]).toEqual(rows[2]);
    expect(week[0]).toEqual({ weekday: 1, hour: 0, orders: 0, revenue: 0 });
    expect(week[167]).toEqual({ weekday: 7, hour: 23, orders: 0, revenue: 0 });
  });

  it('keys a cell by weekday and hour', () => {
    expect(peakKey(1, 9)).toBe('1-09');
  });
});

describe('buildPeakHeatmap', () => {
  it('labels weekdays Mon…Sun and every third hour, and scales colour to the busiest hour', () => {
    const plot = buildPeakHeatmap(rows, { metric: 'revenue', width: 640 });
    const y = plot.y as { domain: number[]; tickFormat: (d: number) => string };
    expect(y.domain.map(y.tickFormat)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    const x = plot.x as { domain: number[]; tickFormat: (h: number) => string };
    expect(x.domain).toHaveLength(24);
    expect([0, 1, 9, 21].map(x.tickFormat)).toEqual(['00:00', '', '09:00', '21:00']);
    expect(plot.color).toMatchObject({ domain: [0, 1000], label: 'Revenue' });
    expect((plot.color as { tickFormat: (v: number) => string }).tickFormat(1000)).toBe('1K');
  });

  it('draws a cell per weekday-hour tagged with its key and value', async () => {
    const svg = renderGolden(buildPeakHeatmap(rows, { metric: 'orders', width: 640, onselect: () => {} }));
    expect(svg.match(/data-select="/g)).toHaveLength(168);
    expect(svg).toContain('data-select="6-20" data-value="10"');
    await expect(svg).toMatchFileSnapshot('./golden/peak-heatmap.svg');
  });

  it('calls onselect with the cell key, on a click and on Enter', () => {
    expect(
      selectionsFrom(
        (onselect) => buildPeakHeatmap(rows, { metric: 'orders', width: 640, onselect }),
        '[data-select="1-09"]',
      ),
    ).toEqual(['1-09', '1-09']);
  });

  it('returns options Plot can draw for no rows', () => {
    expect(renderGolden(buildPeakHeatmap([], { metric: 'orders', width: 640 }))).toContain('<svg');
  });
});

describe('buildSeasonalityChart', () => {
  const months = [
    { month: 1, orders: 120, revenue: 6000 },
    { month: 3, orders: 80, revenue: 4100.25 },
    { month: 12, orders: 300, revenue: 15000 },
  ];

  it('shows all twelve months, a bar where there is data and a dash where there is none', async () => {
    const plot = buildSeasonalityChart(months, { metric: 'revenue', width: 600 });
    expect((plot.x as { domain: string[] }).domain).toEqual([
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
    ]);
    const svg = renderGolden(plot);
    expect(svg.match(/data-select="/g)).toHaveLength(3);
    expect(svg).toContain('data-select="Mar" data-value="4100.3"');
    expect(svg.match(/>—<\/text>/g)).toHaveLength(9);
    await expect(svg).toMatchFileSnapshot('./golden/seasonality.svg');
  });

  it('returns options Plot can draw for no rows', () => {
    expect(renderGolden(buildSeasonalityChart([], { metric: 'orders', width: 600 }))).toContain('<svg');
  });
});
