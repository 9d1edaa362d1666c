import { aggregate, expression, scalar, series } from './define';
import type { DataFacts, FactCheck, Metric } from './types';

const group = 'Behaviour and funnel';
const has = (type: string, label: string): FactCheck => ({
  test: (facts: DataFacts) => facts.eventTypes?.includes(type) ?? false,
  message: `${label} events`,
});
const CART = has('add_to_cart', 'add-to-cart');
const CHECKOUT = has('begin_checkout', 'checkout');

/** Journey overlap's default pages: A = blog pages, B = a purchase. */
export const JOURNEY_DEFAULT = { a: '/blog*', b: '' };

/** What visitors do on the site and where the funnel leaks. */
export const BEHAVIOUR: Metric[] = [
  scalar({
    id: 'bounce_rate',
    name: 'Bounce rate',
    group,
    help: 'Share of visits that see one page and leave.',
    formula: 'Sessions with at most one page view / sessions with a page count.',
    unit: 'percent',
    direction: 'lower-is-better',
    seeds: '002#2',
    formulas: [
      aggregate(
        'sessions',
        'coalesce(sum(weight) FILTER (WHERE pageviews <= 1), 0) / NULLIF(sum(weight) FILTER (WHERE pageviews IS NOT NULL), 0)',
        {
          needs: ['pageviews'],
        },
      ),
    ],
  }),
  scalar({
    id: 'pageviews',
    name: 'Page views',
    group,
    help: 'Pages seen by visitors.',
    formula: 'Sum of page views over the sessions.',
    unit: 'count',
    direction: 'higher-is-better',
    additive: true,
    seeds: '000',
    formulas: [aggregate('sessions', 'sum(pageviews)', { needs: ['pageviews'] })],
  }),
  scalar({
    id: 'pages_per_session',
    name: 'Pages per session',
    group,
    help: 'How many pages a visit sees on average.',
    formula: 'Page views / sessions with a page count.',
    unit: 'ratio',
    direction: 'higher-is-better',
    seeds: '000',
    formulas: [
      aggregate('sessions', 'sum(pageviews) / NULLIF(sum(weight) FILTER (WHERE pageviews IS NOT NULL), 0)', {
        needs: ['pageviews'],
      }),
    ],
  }),
  scalar({
    id: 'avg_session_duration',
    name: 'Time on site',
    group,
    help: 'How long a visit lasts on average.',
    formula: 'Average session duration (first to last hit) over sessions with a duration.',
    unit: 'duration',
    direction: 'higher-is-better',
    seeds: '000',
    formulas: [aggregate('sessions', 'avg(duration_s)', { needs: ['duration_s'] })],
  }),
  scalar({
    id: 'sessions_to_purchase',
    name: 'Visits before conversion',
    group,
    help: 'How many visits a customer makes up to and including their first purchase.',
    formula:
      "Average, over visitors whose first purchase is in the period, of the number of that visitor's sessions up to and including it.",
    unit: 'ratio',
    direction: 'lower-is-better',
    seeds: '000',
    formulas: [
      aggregate('sessions', 'avg(visit_number) FILTER (WHERE started_at = first_converted_at)', {
        needs: ['visitor_id', 'converted'],
      }),
    ],
  }),
  scalar({
    id: 'add_to_cart_rate',
    name: 'Add-to-cart rate',
    group,
    help: 'Share of visits in which something is put in the cart.',
    formula: 'Sessions with an add-to-cart / sessions (sessions from the events).',
    correction:
      'Seed 002#6 divides sessions by add-to-carts; the rate is add-to-cart sessions over all sessions.',
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '002#6',
    formulas: [
      aggregate('visits', 'count(*) FILTER (WHERE has_cart) / NULLIF(count(*), 0)', { requires: CART }),
    ],
  }),
  scalar({
    id: 'cart_to_purchase_rate',
    name: 'Cart conversion',
    group,
    help: 'Share of visits with an add-to-cart that end in a purchase.',
    formula: 'Sessions with an add-to-cart and a purchase / sessions with an add-to-cart.',
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '002#6',
    formulas: [
      aggregate(
        'visits',
        'count(*) FILTER (WHERE has_cart AND converted) / NULLIF(count(*) FILTER (WHERE has_cart), 0)',
        {
          requires: CART,
        },
      ),
    ],
  }),
  scalar({
    id: 'cart_abandonment_rate',
    name: 'Cart abandonment',
    group,
    help: 'Share of visits with an add-to-cart that leave without buying.',
    formula: '1 − sessions with an add-to-cart and a purchase / sessions with an add-to-cart.',
    correction:
      "Seed 002#7's formula gives the share that did buy (the complement); abandonment is 1 minus that.",
    unit: 'percent',
    direction: 'lower-is-better',
    seeds: '000, 002#7, 003#7, 004#6',
    formulas: [expression('1 - {cart_to_purchase_rate}')],
  }),
  scalar({
    id: 'checkout_abandonment_rate',
    name: 'Checkout abandonment',
    group,
    help: 'Share of visits that start the checkout and do not finish it.',
    formula: '1 − sessions with a checkout and a purchase / sessions that started the checkout.',
    unit: 'percent',
    direction: 'lower-is-better',
    seeds: '004#6',
    formulas: [
      aggregate(
        'visits',
        '1 - count(*) FILTER (WHERE has_checkout AND converted) / NULLIF(count(*) FILTER (WHERE has_checkout), 0)',
        { requires: CHECKOUT },
      ),
    ],
  }),
  scalar({
    id: 'journey_overlap',
    name: 'Journey overlap',
    group,
    help: 'Of the visitors who saw pages A (by default the blog), the share who also saw pages B (by default: bought).',
    formula:
      'Visitors with a page view matching A and one matching B (or a purchase when B is empty) / visitors with a page view matching A.',
    unit: 'percent',
    direction: 'higher-is-better',
    seeds: '000',
    formulas: [
      aggregate(
        'events',
        'count(*) FILTER (WHERE saw_a AND saw_b) / NULLIF(count(*) FILTER (WHERE saw_a), 0)',
        {
          needs: ['visitor_id', 'page'],
          per: { key: 'visitor_id', inner: 'bool_or($journey_a) AS saw_a, bool_or($journey_b) AS saw_b' },
        },
      ),
    ],
  }),
  series({
    id: 'funnel',
    name: 'Traffic funnel',
    group,
    help: 'Visits that reach each step: visit, product view, add to cart, checkout, purchase.',
    formula: 'Sessions (from the events) with each step, the share of the step before, and the drop-off.',
    seeds: '000',
    formulas: [aggregate('visits', 'count(*)', { requires: CART })],
  }),
  series({
    id: 'customer_actions',
    name: 'Customer actions',
    group,
    help: 'How often each kind of event happens per period.',
    formula: 'Count of events per event type and period.',
    seeds: '000',
    formulas: [aggregate('events', 'count(*)', { needs: ['event_type'] })],
  }),
];
