import { describe, expect, it } from 'vitest';
import { DEFAULT_DASHBOARD, move, parseDashboard, toggleFilter } from './dashboard';

describe('parseDashboard', () => {
  it('keeps what it knows and drops the rest', () => {
    const parsed = parseDashboard({
      name: '  Spring campaign ',
      cards: ['revenue', 'no_such_kpi', 'revenue', 'top_products', 'aov'],
      views: ['funnel', 'bogus', 'trend'],
      filters: [
        { dimension: 'campaign', values: ['spring', 3, 'spring'] },
        { dimension: 'planet', values: ['mars'] },
        { dimension: 'country', values: [] },
        { dimension: 'device', values: ['mobile'], exclude: true },
      ],
      focus: 'aov',
      segment: 'device',
      grain: 'week',
      rank: 'units',
      peaks: 'revenue',
    });
    expect(parsed).toEqual({
      name: 'Spring campaign',
      cards: ['revenue', 'aov'],
      views: ['funnel', 'trend'],
      filters: [
        { dimension: 'campaign', values: ['spring'] },
        { dimension: 'device', values: ['mobile'], exclude: true },
      ],
      focus: 'aov',
      segment: 'device',
      grain: 'week',
      rank: 'units',
      peaks: 'revenue',
    });
  });

  it('fills what is missing with the defaults, and refuses what is not an object', () => {
    expect(parseDashboard({})).toEqual(DEFAULT_DASHBOARD);
    expect(parseDashboard({ focus: 'funnel', grain: 'fortnight', segment: '__proto__' })).toEqual(
      DEFAULT_DASHBOARD,
    );
    expect(parseDashboard(null)).toBeNull();
    expect(parseDashboard([])).toBeNull();
    expect(parseDashboard('x')).toBeNull();
  });

  it('survives a round trip through JSON', () => {
    const dashboard = { ...DEFAULT_DASHBOARD, filters: [{ dimension: 'country' as const, values: ['NL'] }] };
    expect(parseDashboard(JSON.parse(JSON.stringify(dashboard)))).toEqual(dashboard);
  });
});

describe('toggleFilter', () => {
  it('adds a value, adds a second to the same dimension, and removes them again', () => {
    const one = toggleFilter([], 'country', 'NL');
    expect(one).toEqual([{ dimension: 'country', values: ['NL'] }]);
    const two = toggleFilter(one, 'country', 'BE');
    expect(two).toEqual([{ dimension: 'country', values: ['NL', 'BE'] }]);
    const other = toggleFilter(two, 'device', 'mobile');
    expect(other).toHaveLength(2);
    expect(toggleFilter(toggleFilter(other, 'country', 'NL'), 'country', 'BE')).toEqual([
      { dimension: 'device', values: ['mobile'] },
    ]);
  });
});

describe('move', () => {
  it('moves an item one place and stops at the ends', () => {
    expect(move(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 'z', 1)).toEqual(['a', 'b', 'c']);
  });
});
