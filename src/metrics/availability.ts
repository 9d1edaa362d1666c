import { findMetric } from './catalogue';
import { DIMENSIONS, RELATIONS, type DimensionId } from './relations';
import type { DataShape, Formula, Metric } from './types';

/** How a KPI is computed for the loaded data, or what data it still needs. */
export type Resolution = { ok: true; formula: Formula; note?: string } | { ok: false; reason: string };

/** What to add for each canonical table, as a person would name it. */
const TABLE_NEEDS: Record<string, string> = {
  orders: 'orders',
  order_items: 'order lines (line items with quantity)',
  sessions: 'web sessions or events',
  event_sessions: 'web events (page views, add to cart, purchases)',
  events: 'web events',
  marketing_spend: 'ad spend',
  returns: 'returns',
  inventory: 'stock levels',
  surveys: 'survey or review scores',
  support_tickets: 'support tickets',
  email_subscribers: 'an e-mail subscriber list',
};

const ROLE_NEEDS: Record<string, string> = {
  customer_key: 'a customer id or e-mail',
  source_class: 'a source or medium',
  refunded_amount: 'refunded amounts',
  converted: 'a purchase flag or order id',
  converted_count: 'a count of converted sessions',
  visitor_id: 'a visitor id',
  pageviews: 'page views',
  duration_s: 'session durations',
  page_load_ms: 'page load times',
  first_response_at: 'first response times',
  unsubscribed_at: 'unsubscribe dates',
};

/** How the product names a loaded table in a sentence. */
const TABLE_NAMES: Record<string, string> = {
  order_items: 'order lines',
  sessions: 'sessions',
  event_sessions: 'events',
  marketing_spend: 'ad spend',
  inventory: 'stock levels',
  surveys: 'survey answers',
  support_tickets: 'support tickets',
  email_subscribers: 'e-mail subscribers',
};

/** "a customer id or e-mail in the orders". */
function roleNeeds(table: string, role: string): string {
  const what = ROLE_NEEDS[role] ?? `a ${role.replaceAll('_', ' ')} column`;
  return `Needs ${what} in the ${TABLE_NAMES[table] ?? table}.`;
}

/** Why a formula cannot be computed on this data and under these dimensions, or null when it can. */
function formulaGap(
  formula: Formula,
  shape: DataShape,
  dimensions: readonly DimensionId[],
  resolve: (id: string) => Resolution,
): string | null {
  if (formula.requires && !formula.requires.test(shape.facts)) return `Needs ${formula.requires.message}.`;
  if ('expression' in formula) {
    for (const [, id] of formula.expression.matchAll(/\{([a-z0-9_]+)(?:~before)?\}/g)) {
      const part = resolve(id ?? '');
      if (!part.ok) return part.reason;
    }
    return null;
  }
  const relation = RELATIONS[formula.from];
  for (const table of relation.tables)
    if (!shape.tables[table]) return `Add ${TABLE_NEEDS[table] ?? table} to see this.`;
  const main = relation.tables[0] ?? '';
  for (const need of formula.needs ?? []) {
    const [table, role] = need.includes('.') ? need.split('.') : [main, need];
    if (!shape.tables[table ?? '']?.includes(role ?? '')) return roleNeeds(table ?? '', role ?? '');
  }
  for (const dimension of dimensions) {
    const dim = relation.dimensions[dimension];
    const label = DIMENSIONS[dimension].label;
    if (formula.split === false)
      return `Not available by ${label}: it follows customers over time, not single orders.`;
    if (!dim) return `Not available by ${label}: no ${label} in the ${TABLE_NAMES[main] ?? main}.`;
    const [table, role] = dim.needs.split('.');
    if (!shape.tables[table ?? '']?.includes(role ?? '')) return roleNeeds(table ?? '', role ?? '');
  }
  return null;
}

/**
 * Resolves KPIs against the loaded data: each gets its first computable formula, or the data it
 * needs (from its first formula: the way it is best computed). Memoised per call.
 */
export function createResolver(
  shape: DataShape,
  dimensions: readonly DimensionId[] = [],
): (id: string) => Resolution {
  const cache = new Map<string, Resolution>();
  const whole = dimensions.length > 0 ? createResolver(shape) : null;
  const resolve = (id: string): Resolution => {
    const known = cache.get(id);
    if (known) return known;
    const metric: Metric | undefined = findMetric(id);
    if (!metric) return { ok: false, reason: `There is no KPI "${id}".` };
    // Guards a KPI that refers to itself: it resolves to a gap, not to a loop.
    cache.set(id, { ok: false, reason: `KPI "${id}" refers to itself.` });
    let result: Resolution | null = null;
    let firstGap: string | null = null;
    for (const formula of metric.formulas) {
      // The formula is chosen on the data alone; a segment or filter it cannot take makes the
      // KPI unavailable rather than switch it to another definition whose parts differ.
      const dataGap = formulaGap(formula, shape, [], whole ?? resolve);
      if (dataGap !== null) {
        firstGap ??= dataGap;
        continue;
      }
      const gap = formulaGap(formula, shape, dimensions, resolve);
      result =
        gap === null
          ? { ok: true, formula, ...(formula.note ? { note: formula.note } : {}) }
          : { ok: false, reason: gap };
      break;
    }
    result ??= { ok: false, reason: firstGap ?? 'Needs more data.' };
    cache.set(id, result);
    return result;
  };
  return resolve;
}
