import { describe, expect, it } from 'vitest';
import { buildFunnelChart, funnelSteps, stepName, type FunnelRow } from './funnel';
import { renderGolden, selectionsFrom } from './golden';

// 1,000 sessions → 380 view a product (38 %) → 95 add to cart (25 %) → 38 check out (40 %) → 19 buy (50 %).
const rows: FunnelRow[] = [
  { step: 3, name: 'add_to_cart', sessions: 95, step_rate: 0.25 },
  { step: 1, name: 'sessions', sessions: 1000, step_rate: 1 },
  { step: 2, name: 'product_view', sessions: 380, step_rate: 0.38 },
  { step: 4, name: 'checkout', sessions: 38, step_rate: 0.4 },
  { step: 5, name: 'purchase', sessions: 19, step_rate: 0.5 },
];

describe('funnelSteps', () => {
  it('orders the steps, names them and works out the drop-off from the step before', () => {
    const steps = funnelSteps(rows);
    expect(steps.map((s) => s.label)).toEqual([
      'Sessions',
      'Product view',
      'Add to cart',
      'Checkout',
      'Purchase',
    ]);
    expect(steps.map((s) => s.before)).toEqual([null, 1000, 380, 95, 38]);
    expect(steps.map((s) => s.dropOff)).toEqual([null, 0.62, 0.75, 0.6, 0.5]);
  });

  it('names unknown steps readably', () => {
    expect(stepName('begin_checkout')).toBe('Begin checkout');
  });
});

describe('buildFunnelChart', () => {
  it('sizes the chart by steps and keeps their order on y', () => {
    const plot = buildFunnelChart(rows, { width: 600 });
    expect(plot.y).toMatchObject({
      domain: ['Sessions', 'Product view', 'Add to cart', 'Checkout', 'Purchase'],
    });
    expect(plot.height).toBe(5 * 44 + 40);
  });

  it('writes counts, step conversion and drop-off, and tags each step', async () => {
    const svg = renderGolden(buildFunnelChart(rows, { width: 600, onselect: () => {} }));
    expect(svg).toContain('>1,000</text>');
    expect(svg).toContain('>380 · 38.0%</text>');
    expect(svg).toContain('>−62.0% drop-off</text>');
    expect(svg).toContain('data-select="add_to_cart" data-value="95"');
    await expect(svg).toMatchFileSnapshot('./golden/funnel.svg');
  });

  it('calls onselect with the step name, on a click and on Enter', () => {
    expect(
      selectionsFrom(
        (onselect) => buildFunnelChart(rows, { width: 600, onselect }),
        '[data-select="checkout"]',
      ),
    ).toEqual(['checkout', 'checkout']);
  });

  it('draws no drop-off over a step with no sessions before it, and nothing for no rows', () => {
    const empty = funnelSteps([
      { step: 1, name: 'sessions', sessions: 0, step_rate: null },
      { step: 2, name: 'product_view', sessions: 0, step_rate: null },
    ]);
    expect(empty.map((s) => s.dropOff)).toEqual([null, null]);
    expect(renderGolden(buildFunnelChart([], { width: 600 }))).toContain('<svg');
  });
});
