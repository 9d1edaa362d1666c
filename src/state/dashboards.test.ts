import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../test/helpers/memory-storage';
import { DEFAULT_DASHBOARD } from './dashboard';
import { DashboardStore, dashboardFromHash, dashboardHash, rangeFromHash } from './dashboards.svelte';

describe('DashboardStore', () => {
  it('saves, replaces by name, removes, and reads back what it saved', () => {
    const storage = memoryStorage();
    const store = new DashboardStore(storage);
    const spring = {
      ...DEFAULT_DASHBOARD,
      name: 'Spring',
      filters: [{ dimension: 'campaign' as const, values: ['spring'] }],
    };
    store.save(spring);
    store.save({ ...DEFAULT_DASHBOARD, name: 'Mobile' });
    store.save({ ...spring, focus: 'aov' });
    expect(store.saved.map((d) => [d.name, d.focus])).toEqual([
      ['Mobile', 'revenue'],
      ['Spring', 'aov'],
    ]);
    store.remove('Mobile');
    expect(new DashboardStore(storage).saved).toEqual([{ ...spring, focus: 'aov' }]);
  });

  it('starts empty on unreadable storage', () => {
    expect(new DashboardStore(memoryStorage({ 'kpi-notebook.dashboards.v1': '{not json' })).saved).toEqual(
      [],
    );
    expect(new DashboardStore(null).saved).toEqual([]);
  });
});

describe('the dashboard in the page address', () => {
  it('round-trips, and ignores a broken or hostile hash', () => {
    const dashboard = {
      ...DEFAULT_DASHBOARD,
      name: '<img src=x onerror=alert(1)>',
      segment: 'device' as const,
    };
    expect(dashboardFromHash(dashboardHash(dashboard))).toEqual(dashboard);
    expect(dashboardFromHash('#dashboard=%7Bbroken')).toBeNull();
    expect(dashboardFromHash('#other=1')).toBeNull();
    expect(dashboardFromHash('#dashboard=' + encodeURIComponent('{"views":["<script>"]}'))?.views).toEqual(
      [],
    );
  });

  it('carries the range chosen beside the dashboard', () => {
    const hash = dashboardHash(DEFAULT_DASHBOARD, '2025-09-01~2025-09-30');
    expect(rangeFromHash(hash)).toBe('2025-09-01~2025-09-30');
    expect(dashboardFromHash(hash)).toEqual(DEFAULT_DASHBOARD);
    expect(rangeFromHash(dashboardHash(DEFAULT_DASHBOARD))).toBeNull();
    expect(rangeFromHash('#range=all')).toBe('all');
    expect(rangeFromHash('#range=%E0%A4%A')).toBeNull();
  });
});
