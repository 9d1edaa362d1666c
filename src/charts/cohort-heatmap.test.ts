import { describe, expect, it } from 'vitest';
import { buildCohortHeatmap, cellPercent, cohortKey, cohortLabel, type CohortRow } from './cohort-heatmap';
import { renderGolden, selectionsFrom } from './golden';

const jan = new Date(Date.UTC(2024, 0, 1));
const feb = new Date(Date.UTC(2024, 1, 1));
const mar = new Date(Date.UTC(2024, 2, 1));
// January: 20 customers, 8 back in month 1 (40 %), 3 in month 2 (15 %). February: 10, then 1 (10 %). March: 4.
const rows: CohortRow[] = [
  { cohort: feb, months_since: 1, customers: 1, cohort_size: 10, share: 0.1 },
  { cohort: jan, months_since: 0, customers: 20, cohort_size: 20, share: 1 },
  { cohort: jan, months_since: 1, customers: 8, cohort_size: 20, share: 0.4 },
  { cohort: jan, months_since: 2, customers: 3, cohort_size: 20, share: 0.15 },
  { cohort: feb, months_since: 0, customers: 10, cohort_size: 10, share: 1 },
  { cohort: mar, months_since: 0, customers: 4, cohort_size: 4, share: 1 },
];

describe('cohort labels', () => {
  it('names a cohort month and keys it', () => {
    expect(cohortLabel(feb)).toBe('Feb 2024');
    expect(cohortKey(feb)).toBe('2024-02');
  });

  it.each([
    [1, '100%'],
    [0.4, '40%'],
    [0.045, '4.5%'],
    [0, '0%'],
  ])('%s → %s', (share, text) => {
    expect(cellPercent(share)).toBe(text);
  });
});

describe('buildCohortHeatmap', () => {
  it('puts cohorts oldest first on y, every month since on x, and spans the colour to the best later month', () => {
    const plot = buildCohortHeatmap(rows, { width: 400 });
    expect(plot.y).toMatchObject({ domain: ['Jan 2024', 'Feb 2024', 'Mar 2024'] });
    expect(plot.x).toMatchObject({ domain: [0, 1, 2] });
    expect(plot.color).toMatchObject({ domain: [0, 0.4], clamp: true, legend: true });
    expect((plot.color as { tickFormat: (v: number) => string }).tickFormat(0.3)).toBe('30%');
    expect(plot.height).toBe(3 * 24 + 50);
  });

  it('writes the share in each cell, white on dark, and tags cells with the cohort month', async () => {
    const svg = renderGolden(buildCohortHeatmap(rows, { width: 400, onselect: () => {} }));
    expect(svg).toContain('data-select="2024-01" data-value="0.4"');
    expect(svg).toMatch(/fill="white"[^>]*>40%<\/text>/);
    expect(svg).toMatch(/fill="black"[^>]*>10%<\/text>/);
    await expect(svg).toMatchFileSnapshot('./golden/cohort-heatmap.svg');
  });

  it('calls onselect with the cohort month, on a click and on Enter', () => {
    expect(
      selectionsFrom(
        (onselect) => buildCohortHeatmap(rows, { width: 400, onselect }),
        '[data-select="2024-02"]',
      ),
    ).toEqual(['2024-02', '2024-02']);
  });

  it('reads cohorts given as epoch milliseconds, as the engine returns them', () => {
    const engineRows = rows.map((r) => ({ ...r, cohort: r.cohort.getTime() as unknown as Date }));
    expect(renderGolden(buildCohortHeatmap(engineRows, { width: 400 }))).toBe(
      renderGolden(buildCohortHeatmap(rows, { width: 400 })),
    );
  });

  it('returns options Plot can draw for no rows', () => {
    expect(renderGolden(buildCohortHeatmap([], { width: 400 }))).toContain('<svg');
  });
});
