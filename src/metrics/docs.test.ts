import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRICS } from './catalogue';
import { renderKpiDocs } from './docs';

const DOCS = fileURLToPath(new URL('../../docs/kpis.md', import.meta.url));

describe('docs/kpis.md', () => {
  // `npm run docs` writes the file; in every other run the test checks it is up to date.
  it('is what the catalogue code generates', () => {
    const generated = renderKpiDocs();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOCS, generated);
    expect(readFileSync(DOCS, 'utf8'), 'docs/kpis.md is out of date: run npm run docs').toBe(generated);
  });

  it('lists every KPI id, and every seed correction', () => {
    const docs = renderKpiDocs();
    for (const metric of METRICS) expect(docs).toContain(`\`${metric.id}\``);
    for (const id of ['clv', 'add_to_cart_rate', 'cart_abandonment_rate'])
      expect(docs).toMatch(new RegExp(`\`${id}\`[\\s\\S]*?Seed correction`));
  });
});
