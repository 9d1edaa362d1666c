import { describe, expect, it } from 'vitest';
import { findUnusual } from './unusual';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1); // a Monday

/** Daily points from Monday 1 Jan 2024; `value(i, weekday)` with weekday 0 = Monday. */
function days(count: number, value: (i: number, weekday: number) => number | null) {
  return Array.from({ length: count }, (_, i) => ({
    period: new Date(START + i * DAY),
    value: value(i, i % 7),
  }));
}

describe('findUnusual at day grain', () => {
  // Mondays of weeks 1–8: 80, 120, 100, 100, 90, 110, 100, 100; the ninth (26 Feb) is 130.
  const mondays = [80, 120, 100, 100, 90, 110, 100, 100, 130];
  const flatWithSpike = days(63, (i, weekday) =>
    weekday === 0 ? (mondays[i / 7] ?? null) : i === 58 ? 20 : 50,
  );

  it('flags a Monday far above the usual Monday, with the robust deviations', () => {
    const found = findUnusual(flatWithSpike, 'day');
    // 26 Feb: usual = median of the 8 Mondays = 100; |deviations| 20, 20, 0, 0, 10, 10, 0, 0 → MAD 5;
    // spread 1.4826 × 5 = 7.413 (above the 5 % floor of 5); (130 − 100) / 7.413 = 4.047.
    const monday = found.find((p) => p.period.getTime() === Date.UTC(2024, 1, 26));
    expect(monday).toMatchObject({ value: 130, usual: 100 });
    expect(monday?.deviations).toBeCloseTo(4.047, 3);
  });

  it('flags a drop below a steady weekday, with the floor as spread', () => {
    const found = findUnusual(flatWithSpike, 'day');
    // 28 Feb (day 58, a Wednesday): eight Wednesdays of 50, MAD 0 → floor 5 % × 50 = 2.5; (20 − 50) / 2.5 = −12.
    expect(found.map((p) => [p.period.toISOString().slice(0, 10), p.deviations])).toEqual([
      ['2024-02-26', expect.closeTo(4.047, 3)],
      ['2024-02-28', -12],
    ]);
  });

  it('does not flag a weekday that is always high', () => {
    const saturdays = days(70, (_i, weekday) => (weekday === 5 ? 300 : 100));
    expect(findUnusual(saturdays, 'day')).toEqual([]);
  });

  it('needs four earlier same weekdays with a value', () => {
    // Four weeks: the last Monday has only three Mondays before it.
    const short = days(28, (i) => (i === 21 ? 1000 : 100));
    expect(findUnusual(short, 'day')).toEqual([]);
    const enough = days(29, (i) => (i === 28 ? 1000 : 100));
    expect(findUnusual(enough, 'day').map((p) => p.deviations)).toEqual([180]);
  });

  it('skips missing values, in the history and as the point itself', () => {
    // Mondays 1–8: five are missing, so the ninth Monday has three to compare with.
    const sparse = days(57, (i, weekday) => (weekday === 0 && i < 35 ? null : i === 56 ? 1000 : 100));
    expect(findUnusual(sparse, 'day')).toEqual([]);
    // Four missing: four left, enough.
    const four = days(57, (i, weekday) => (weekday === 0 && i < 28 ? null : i === 56 ? 1000 : 100));
    expect(findUnusual(four, 'day')).toHaveLength(1);
    expect(
      findUnusual(
        days(57, (i) => (i === 56 ? null : 100)),
        'day',
      ),
    ).toEqual([]);
  });
});

describe('findUnusual at other grains', () => {
  const months = (values: (number | null)[]) =>
    values.map((value, i) => ({ period: new Date(Date.UTC(2023, i, 1)), value }));

  it('compares a month with the eight months before it', () => {
    // Usual 100, MAD 0 → spread 5; (200 − 100) / 5 = 20. The order of the input does not matter.
    const found = findUnusual(months([100, 100, 100, 100, 100, 100, 100, 100, 200]).reverse(), 'month');
    expect(found).toEqual([
      { period: new Date(Date.UTC(2023, 8, 1)), value: 200, usual: 100, deviations: 20 },
    ]);
  });

  it('flags nothing after a history of zeros', () => {
    expect(findUnusual(months([0, 0, 0, 0, 0, 5]), 'month')).toEqual([]);
  });

  it('steps weeks by seven days and quarters by three months', () => {
    const weeks = Array.from({ length: 6 }, (_, i) => ({
      period: new Date(START + i * 7 * DAY),
      value: i === 5 ? 10 : 100,
    }));
    expect(findUnusual(weeks, 'week').map((p) => p.deviations)).toEqual([-18]);
    const quarters = [0, 3, 6, 9, 12].map((m, i) => ({
      period: new Date(Date.UTC(2022, m, 1)),
      value: i < 4 ? 50 : 60,
    }));
    // 60 vs 50: spread 2.5 → 4.
    expect(findUnusual(quarters, 'quarter').map((p) => p.deviations)).toEqual([4]);
  });
});
