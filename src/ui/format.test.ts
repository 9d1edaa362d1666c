import { describe, expect, it } from 'vitest';
import { filterValueText, formatBytes, formatCell, formatTimestamp, formatValue, rangeText } from './format';

describe('formatValue', () => {
  it.each([
    [400, 'money', '400.00'],
    [1234567.891, 'money', '1,234,567.89'],
    [5, 'count', '5'],
    [0.0345, 'percent', '3.45%'],
    [null, 'money', '—'],
    [Number.NaN, 'count', '—'],
    [8.24, 'duration', '8.2 s'],
    [146.3, 'duration', '2 min 26 s'],
    [49_427, 'duration', '13 h 44 min'],
    [182_212, 'duration', '2.1 days'],
    [0.1327, 'nps', '+13'],
    [-0.154, 'nps', '-15'],
  ] as const)('%s as %s → %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe('formatCell', () => {
  it.each([
    [Date.UTC(2024, 0, 31, 23, 59, 59), 'Timestamp<MICROSECOND>', '2024-01-31 23:59:59'],
    [Date.UTC(2024, 0, 31), 'Date32<DAY>', '2024-01-31'],
    [12.5, 'Float64', '12.5'],
    [null, 'Utf8', ''],
    [{ a: 1 }, 'Struct', '{"a":1}'],
    ['<script>', 'Utf8', '<script>'],
  ])('%s (%s) → %s', (value, type, text) => {
    expect(formatCell(value, type)).toBe(text);
  });
});

describe('formatTimestamp and formatBytes', () => {
  it('drops a midnight time', () => {
    expect(formatTimestamp(Date.UTC(2025, 9, 31))).toBe('2025-10-31');
  });
  it.each([
    [512, '512 B'],
    [2048, '2.0 KB'],
    [45 * 1024 * 1024, '45.0 MB'],
  ])('%s bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('rangeText', () => {
  it('names the first and the last day of a half-open range', () => {
    expect(rangeText({ start: '2025-01-01', end: '2025-03-01' })).toBe('1 Jan 2025 – 28 Feb 2025');
    expect(rangeText({ start: '2025-02-03', end: '2025-02-04' })).toBe('3 Feb 2025');
  });
});

describe('filterValueText', () => {
  it('names weekdays and hours, and leaves other values as they are', () => {
    expect(filterValueText('weekday', '1')).toBe('Monday');
    expect(filterValueText('weekday', '7')).toBe('Sunday');
    expect(filterValueText('hour', '9')).toBe('09:00–09:59');
    expect(filterValueText('country', 'NL')).toBe('NL');
  });
});
