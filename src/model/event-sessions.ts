import { createWithEmptyColumns, quoteIdentifier } from '../sql/sql';
import { TABLE_DEFS } from './canonical';
import { sqlTypeOf } from './value-sql';
import type { ViewStatement } from './views';

/** Minutes of inactivity that end a visit when events carry no session id (GA's rule). */
export const SESSION_GAP_MINUTES = 30;

/**
 * `main.event_sessions`: the visits in the events, one row per session id or, where events
 * have none, per visitor with a new visit after a 30-minute gap; with a flag per funnel step.
 * Funnel and cart KPIs read it, and sessions are made from it when no sessions file is loaded.
 */
export function eventSessionsStatement(eventRoles: string[], rows = 0): ViewStatement {
  const table = 'event_sessions';
  if (eventRoles.length === 0)
    return { table, files: [], sql: `DROP TABLE IF EXISTS main.${table}`, roles: [] };
  const step = (type: string): string => `coalesce(bool_or(event_type = '${type}'), false)`;
  // The columns of the visits, each from the events' roles it needs. Those the events do not
  // have are added empty after the visits are made and sorted.
  const all: { name: string; sql: string; type: string; needs?: string }[] = [
    { name: 'session_id', sql: 'visit', type: 'VARCHAR' },
    { name: 'started_at', sql: 'min(occurred_at)', type: 'TIMESTAMP' },
    { name: 'visitor_id', sql: 'max(visitor_id)', type: 'VARCHAR', needs: 'visitor_id' },
    { name: 'landing_page', sql: 'arg_min(page, occurred_at)', type: 'VARCHAR', needs: 'page' },
    {
      name: 'pageviews',
      sql: "CAST(count(*) FILTER (WHERE event_type IN ('page_view', 'product_view')) AS DOUBLE)",
      type: 'DOUBLE',
    },
    {
      name: 'duration_s',
      sql: "CAST(date_diff('second', min(occurred_at), max(occurred_at)) AS DOUBLE)",
      type: 'DOUBLE',
    },
    { name: 'has_product_view', sql: step('product_view'), type: 'BOOLEAN' },
    { name: 'has_cart', sql: step('add_to_cart'), type: 'BOOLEAN' },
    { name: 'has_checkout', sql: step('begin_checkout'), type: 'BOOLEAN' },
    { name: 'converted', sql: step('purchase'), type: 'BOOLEAN' },
    { name: 'order_id', sql: 'max(order_id)', type: 'VARCHAR', needs: 'order_id' },
    {
      name: 'revenue',
      sql: "sum(price) FILTER (WHERE event_type = 'purchase')",
      type: 'DOUBLE',
      needs: 'price',
    },
  ];
  const columns = all.filter((c) => !c.needs || eventRoles.includes(c.needs));
  const empty = all.filter((c) => !columns.includes(c)).map((c) => ({ name: c.name, type: c.type }));
  return {
    table,
    files: [],
    helper: true,
    reads: ['events'],
    roles: [
      'session_id',
      'started_at',
      'visitor_id',
      'has_product_view',
      'has_cart',
      'has_checkout',
      'converted',
      // The first page of a visit, where the events name pages.
      ...(eventRoles.includes('page') ? ['landing_page'] : []),
    ],
    sql: createWithEmptyColumns(
      table,
      `WITH ${numbered(eventRoles.includes('session_id'))}
SELECT ${columns.map((c) => `${c.sql} AS ${c.name}`).join(',\n  ')}
FROM numbered WHERE visit IS NOT NULL AND occurred_at IS NOT NULL GROUP BY visit
ORDER BY started_at`,
      empty,
      rows,
    ),
  };
}

/**
 * The events with their visit (`visit`): the session id, else the visitor and the number of the
 * visitor's visit, a new one after a gap. Where the events have session ids, only the events
 * without one are put in time order per visitor (two passes over every event cost most of the
 * build, and are not needed for events whose visit is named).
 */
function numbered(withSessionIds: boolean): string {
  const gaps = (rows: string): string => `ordered AS (
  SELECT *, lag(occurred_at) OVER (PARTITION BY visitor_id ORDER BY occurred_at) AS previous_at FROM ${rows}
), counted AS (
  SELECT * EXCLUDE (previous_at), visitor_id || '#' || sum(CASE WHEN previous_at IS NULL
      OR occurred_at > previous_at + INTERVAL ${SESSION_GAP_MINUTES} MINUTE THEN 1 ELSE 0 END)
    OVER (PARTITION BY visitor_id ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS visit
  FROM ordered
)`;
  if (!withSessionIds) return `${gaps('main.events')}, numbered AS (SELECT * FROM counted)`;
  return `${gaps('(SELECT * FROM main.events WHERE session_id IS NULL)')}, numbered AS (
  SELECT *, session_id AS visit FROM main.events WHERE session_id IS NOT NULL
  UNION ALL BY NAME
  SELECT * FROM counted
)`;
}

/** The canonical sessions view over the visits in the events, for data with events and no sessions file. */
export function sessionsFromEvents(): string {
  const fromVisits = [
    'session_id',
    'started_at',
    'visitor_id',
    'landing_page',
    'pageviews',
    'duration_s',
    'converted',
    'order_id',
    'revenue',
  ];
  const nulls = TABLE_DEFS.sessions.roles
    .filter((d) => !fromVisits.includes(d.role))
    .map((d) => `CAST(NULL AS ${sqlTypeOf(d.kind)}) AS ${quoteIdentifier(d.role)}`);
  return `CREATE OR REPLACE VIEW main.sessions AS
SELECT ${fromVisits.join(', ')}, ${nulls.join(', ')},
  CAST(NULL AS VARCHAR) AS source_class, CAST(NULL AS BOOLEAN) AS is_paid, 'events' AS source_file
FROM main.event_sessions`;
}

/** The session roles that carry data when sessions are made from events with these roles. */
export function sessionRolesFromEvents(eventRoles: string[]): string[] {
  const roles = ['session_id', 'started_at', 'pageviews', 'duration_s', 'converted'];
  if (eventRoles.includes('visitor_id')) roles.push('visitor_id');
  if (eventRoles.includes('page')) roles.push('landing_page');
  if (eventRoles.includes('order_id')) roles.push('order_id');
  if (eventRoles.includes('price')) roles.push('revenue');
  return roles;
}
