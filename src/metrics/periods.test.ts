import { describe, expect, it } from 'vitest';
import { buckets, comparisonRange, previousRange, truncate, parseTime, formatTime } from './periods';
import { customRange, defaultPreset, parseRangeParam, presetRange, rangeAnchor, rangeParam } from './ranges';
import { attain, monthsIn } from './targets';
import type { ScalarMetric } from './types';
import { findMetric } from './catalogue';

const metric = (id: string): ScalarMetric => findMetric(id) as ScalarMetric;

describe('previous period and last year', () => {
  it.each([
    // Whole months step back by months: March (31 days) → February.
    [
      { start: '2025-03-01', end: '2025-04-01' },
      { start: '2025-02-01 00:00:00', end: '2025-03-01 00:00:00' },
    ],
    // A quarter → the quarter before.
    [
      { start: '2025-04-01', end: '2025-07-01' },
      { start: '2025-01-01 00:00:00', end: '2025-04-01 00:00:00' },
    ],
    // Any other range: its own length just before (7 days).
    [
      { start: '2025-03-10', end: '2025-03-17' },
      { start: '2025-03-03 00:00:00', end: '2025-03-10 00:00:00' },
    ],
  ])('previous of %j is %j', (range, expected) => {
    expect(previousRange(range)).toEqual(expected);
  });

  it('shifts last year by 52 weeks at day and week grain (same weekday), by 12 months at month grain', () => {
    const week = { start: '2025-03-10', end: '2025-03-17' }; // a Monday to a Monday
    expect(comparisonRange(week, 'last-year', 'week')).toEqual({
      start: '2024-03-11 00:00:00',
      end: '2024-03-18 00:00:00',
    });
    expect(comparisonRange({ start: '2025-03-01', end: '2025-04-01' }, 'last-year', 'month')).toEqual({
      start: '2024-03-01 00:00:00',
      end: '2024-04-01 00:00:00',
    });
    expect(comparisonRange(week, 'none', 'week')).toBeNull();
  });
});

describe('buckets', () => {
  it('starts weeks on Monday and clips the first and last bucket to the range', () => {
    expect(buckets({ start: '2025-01-01', end: '2025-01-15' }, 'week')).toEqual([
      { period: '2024-12-30 00:00:00', start: '2025-01-01 00:00:00', end: '2025-01-06 00:00:00' },
      { period: '2025-01-06 00:00:00', start: '2025-01-06 00:00:00', end: '2025-01-13 00:00:00' },
      { period: '2025-01-13 00:00:00', start: '2025-01-13 00:00:00', end: '2025-01-15 00:00:00' },
    ]);
  });

  it.each([
    ['2025-05-17 13:45:00', 'quarter', '2025-04-01 00:00:00'],
    ['2025-05-17 13:45:00', 'year', '2025-01-01 00:00:00'],
    ['2025-05-17 13:45:00', 'day', '2025-05-17 00:00:00'],
  ] as const)('truncates %s to its %s: %s', (time, grain, start) => {
    expect(formatTime(truncate(parseTime(time), grain))).toBe(start);
  });
});

describe('range presets', () => {
  const extent = { first: '2024-05-01', last: '2025-10-31' };

  it('end on the data’s last day when the data ends before today, and say so', () => {
    expect(rangeAnchor(extent, '2026-11-24')).toEqual({ day: '2025-10-31', pastData: true });
    expect(rangeAnchor({ first: '2026-01-01', last: '2026-11-24' }, '2026-11-24')).toEqual({
      day: '2026-11-24',
      pastData: false,
    });
  });

  it.each([
    ['last-7', { start: '2025-10-25', end: '2025-11-01' }],
    ['last-30', { start: '2025-10-02', end: '2025-11-01' }],
    ['last-90', { start: '2025-08-03', end: '2025-11-01' }],
    ['this-month', { start: '2025-10-01', end: '2025-11-01' }],
    ['last-month', { start: '2025-09-01', end: '2025-10-01' }],
    ['this-quarter', { start: '2025-10-01', end: '2025-11-01' }],
    ['ytd', { start: '2025-01-01', end: '2025-11-01' }],
    ['last-12-months', { start: '2024-11-01', end: '2025-11-01' }],
    ['all', { start: '2024-05-01', end: '2025-11-01' }],
  ] as const)('%s', (preset, range) => {
    expect(presetRange(preset, '2025-10-31', extent)).toEqual(range);
  });

  it('open on the last whole month of data, or all time when the data does not cover it', () => {
    // Data up to 31 Oct: October is whole. Up to 15 Oct: September is the last whole month.
    expect(defaultPreset(extent, '2025-10-31')).toBe('this-month');
    expect(defaultPreset({ first: '2024-05-01', last: '2025-10-15' }, '2025-10-15')).toBe('last-month');
    // Data from 10 Sep: September is not whole, and a shop with three days of data sees them all.
    expect(defaultPreset({ first: '2025-09-10', last: '2025-10-15' }, '2025-10-15')).toBe('all');
    expect(defaultPreset({ first: '2025-10-13', last: '2025-10-15' }, '2025-10-15')).toBe('all');
    // Data from the 1st of last month is enough.
    expect(defaultPreset({ first: '2025-09-01', last: '2025-10-15' }, '2025-10-15')).toBe('last-month');
  });

  it('name a range in the page address and read it back', () => {
    expect(rangeParam('last-90', null)).toBe('last-90');
    const custom = { start: '2025-09-01', end: '2025-10-01' };
    expect(rangeParam('custom', custom)).toBe('2025-09-01~2025-09-30');
    expect(parseRangeParam('2025-09-01~2025-09-30')).toEqual({ preset: 'custom', custom });
    expect(parseRangeParam('all')).toEqual({ preset: 'all' });
    expect(parseRangeParam('2025-09-30~2025-09-01')).toBeNull();
    expect(parseRangeParam('<script>')).toBeNull();
  });

  it('reads a custom range of inclusive days; a reversed one is refused', () => {
    expect(customRange('2025-09-01', '2025-09-30')).toEqual({ start: '2025-09-01', end: '2025-10-01' });
    expect(customRange('2025-09-30', '2025-09-01')).toBeNull();
  });
});

describe('targets', () => {
  const march = { start: '2025-03-01', end: '2025-04-01' };
  const q1 = { start: '2025-01-01', end: '2025-04-01' };

  it('scales a monthly target of a sum with the months shown, not a rate’s', () => {
    expect(monthsIn(q1)).toBe(3);
    expect(attain(metric('revenue'), 240_000, { value: 100_000, per: 'month' }, q1)).toEqual({
      target: 300_000,
      attainment: 0.8,
      onTrack: false,
    });
    expect(attain(metric('conversion_rate'), 0.03, { value: 0.025, per: 'month' }, q1)).toMatchObject({
      target: 0.025,
      onTrack: true,
    });
  });

  it('takes the direction into account: lower is better for CAC and return rate', () => {
    expect(attain(metric('cac'), 40, { value: 50, per: 'range' }, march)).toEqual({
      target: 50,
      attainment: 0.8,
      onTrack: true,
    });
    expect(attain(metric('return_rate'), 0.12, { value: 0.1, per: 'range' }, march).onTrack).toBe(false);
    expect(attain(metric('revenue'), null, { value: 1, per: 'range' }, march)).toEqual({
      target: 1,
      attainment: null,
      onTrack: null,
    });
  });
});
