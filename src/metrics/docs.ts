import { ACTIVE_DAYS } from './kpis-customers';
import { JOURNEY_DEFAULT } from './kpis-behaviour';
import { OVERSTOCK_DAYS } from './kpis-operations';
import { METRICS } from './catalogue';
import { RELATIONS } from './relations';
import type { Formula, Metric } from './types';

const SEEDS = `Seed references: 000 and 001 are the same Adobe Commerce page (Dutch, Swedish); 002 the
Salesforce article (10 metrics with formulas); 003 the 12-KPI list; 004 the Pionect dashboard
article (10 dashboard metrics); \`#n\` is the item number in the article.`;

const UNITS: Record<string, string> = {
  money: 'money',
  count: 'count',
  ratio: 'ratio',
  percent: 'percent (stored as a fraction)',
  duration: 'duration (seconds)',
  nps: 'score −100…100 (stored as −1…1)',
};

/** The data one formula reads, in words: tables with the roles it needs, or the KPIs it combines. */
function inputsOf(formula: Formula): string {
  if ('expression' in formula) {
    const ids = [
      ...new Set([...formula.expression.matchAll(/\{([a-z0-9_]+)(~before)?\}/g)].map((m) => m[1])),
    ];
    return `KPIs ${ids.map((id) => `\`${id}\``).join(', ')}`;
  }
  const relation = RELATIONS[formula.from];
  const roles = (formula.needs ?? []).map((r) => `\`${r}\``).join(', ');
  const tables = relation.tables.map((t) => `\`${t}\``).join(' + ');
  const extra = formula.requires ? `; needs ${formula.requires.message}` : '';
  return `${tables}${roles ? ` (${roles})` : ''}${extra}`;
}

function section(metric: Metric): string {
  const lines = [`### ${metric.name} — \`${metric.id}\``, '', metric.help, ''];
  lines.push(`- **Definition:** ${metric.formula}`);
  if (metric.kind === 'scalar') {
    lines.push(
      `- **Unit:** ${UNITS[metric.unit] ?? metric.unit}; **${metric.direction.replaceAll('-', ' ')}**`,
    );
    if (metric.additive)
      lines.push('- **Adds up over time:** a monthly target scales with the months shown.');
  } else lines.push('- **Result:** rows (a table or chart), not one value.');
  const inputs = metric.formulas.map((f) => `${inputsOf(f)}${f.note ? ` — ${f.note}` : ''}`);
  if (inputs.length === 1) lines.push(`- **Inputs:** ${inputs[0] ?? ''}`);
  else lines.push('- **Inputs**, the first the data supports:', ...inputs.map((i, n) => `  ${n + 1}. ${i}`));
  lines.push(`- **Seeds:** ${metric.seeds}`);
  if (metric.correction) lines.push(`- **Seed correction:** ${metric.correction}`);
  return lines.join('\n');
}

/** docs/kpis.md: every KPI of the catalogue with its definition, formula, inputs and seeds. */
export function renderKpiDocs(): string {
  const visible = METRICS.filter((m) => m.kind === 'series' || !m.hidden);
  const parts = METRICS.filter((m) => m.kind === 'scalar' && m.hidden);
  const groups = [...new Set(visible.map((m) => m.group))];
  const out = [
    '# KPI catalogue',
    '',
    'Generated from `src/metrics/` by `npm run docs`; a test fails when this file and the code',
    'disagree. Every KPI is computed for any date range, at day, week, month, quarter or year grain,',
    'against the previous period or the same period last year, split by a dimension and under',
    'filters — unless its inputs say otherwise.',
    '',
    '## Rules that hold for every KPI',
    '',
    '- Cancelled orders count in no KPI. Line items with quantity or price of 0 or less are adjustments, not sales.',
    '- Periods are half-open [start, end) in the data’s own local time; weeks start on Monday.',
    '- The previous period has the same length, just before; a range of whole months steps back by months.',
    '  The same period last year is 52 weeks back at day and week grain, 12 months back otherwise.',
    '- Customers are the customer id, else the lower-cased e-mail; guest orders count in revenue and orders only.',
    '- A ratio over 0 is no value, never 0. Sums and counts over a period without rows are 0.',
    `- "Active" customers ordered in the ${ACTIVE_DAYS} days before; overstock is more than ${OVERSTOCK_DAYS} days of cover;`,
    `  journey overlap's default pages are A = \`${JOURNEY_DEFAULT.a}\`, B = a purchase.`,
    '- A KPI whose inputs are missing says which data to add; it is never shown as 0.',
    '',
    SEEDS,
    '',
  ];
  for (const group of groups) {
    out.push(`## ${group}`, '');
    for (const metric of visible.filter((m) => m.group === group)) out.push(section(metric), '');
  }
  out.push(
    '## Building blocks',
    '',
    'Not shown on their own; the KPIs above combine them.',
    '',
    ...parts.map(
      (m) =>
        `- \`${m.id}\` — ${m.name}: ${m.formula} Inputs: ${inputsOf(m.formulas[0] ?? { expression: '' })}.`,
    ),
    '',
  );
  return out.join('\n');
}
