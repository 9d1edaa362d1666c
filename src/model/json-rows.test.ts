import { describe, expect, it } from 'vitest';
import { keepWallTimeAndLongIds, unifyJsonTypes } from './json-rows';

describe('unifyJsonTypes', () => {
  it('passes rows of one type per key through unchanged', () => {
    const rows = [
      { id: 1, total: 10.5, tags: ['a'], customer: { id: 'c1' } },
      { id: 2, total: null, tags: [], customer: { id: 'c2' } },
    ];
    expect(unifyJsonTypes(rows)).toEqual({ rows, mixed: [] });
  });

  it('writes keys of mixed types as text throughout', () => {
    const { rows, mixed } = unifyJsonTypes([
      { order_id: 1, revenue: 10, paid: true },
      { order_id: 'mt2', revenue: '20.5', paid: 'yes' },
      { order_id: 3, revenue: null, paid: { at: 1 }, extra: true },
    ]);
    expect(mixed).toEqual(['order_id', 'revenue', 'paid']);
    expect(rows).toEqual([
      { order_id: '1', revenue: '10', paid: 'true' },
      { order_id: 'mt2', revenue: '20.5', paid: 'yes' },
      { order_id: '3', revenue: null, paid: '{"at":1}', extra: true },
    ]);
  });

  it.each([[[1, 2]], [[{ a: 1 }, 'x']], [[{ a: 1 }, [1]]], [[null]]])(
    'refuses a row that is not an object: %j',
    (rows) => {
      expect(() => unifyJsonTypes(rows)).toThrow(/^Row \d+ is not a JSON object/);
    },
  );
});

describe('keepWallTimeAndLongIds', () => {
  it.each([
    ['{"at":"2024-01-01T10:00:00+02:00"}', '{"at":"2024-01-01T10:00:00"}'],
    ['{"at":"2024-01-02T23:30:00-05:00"}', '{"at":"2024-01-02T23:30:00"}'],
    ['{"at":"2024-01-03T08:00:00Z"}', '{"at":"2024-01-03T08:00:00"}'],
    ['{"at":"2024-03-01 10:00:00 +0100"}', '{"at":"2024-03-01 10:00:00"}'],
    ['{"at":"2024-03-01 10:00:00.250+01:00"}', '{"at":"2024-03-01 10:00:00.250"}'],
    ['{"id":123456789012345678901234567890}', '{"id":"123456789012345678901234567890"}'],
    [
      '[{"id": 1234567890123456789 },{"id":-9007199254740993}]',
      '[{"id": "1234567890123456789" },{"id":"-9007199254740993"}]',
    ],
  ])('%s → %s', (json, expected) => {
    expect(keepWallTimeAndLongIds(json)).toBe(expected);
  });

  it.each([
    '{"id":5123456789012,"n":123456789012345}',
    '{"x":1.2345678901234567,"y":1234567890123456.5,"z":1234567890123456e2,"w":2.82E+18}',
    '{"note":"ordered 2024-01-01T10:00:00+02:00","at":"2024-01-01T10:00:00"}',
    '{"id":"1234567890123456789","s":"a \\"1234567890123456789\\" b"}',
    '{"1234567890123456789":true}',
  ])('leaves %s as it is', (json) => {
    expect(keepWallTimeAndLongIds(json)).toBe(json);
  });
});
