import { describe, expect, it } from 'vitest';
import { unifyJsonTypes } from './json-rows';

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
