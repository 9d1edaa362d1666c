import { summaryFactsQuery } from './summaries';
import type { DataFacts, DataShape, RelationId } from './types';

/** A view and the roles in it that carry data, as the canonical views report them. */
export interface ViewRoles {
  table: string;
  files: readonly string[];
  roles: readonly string[];
  helper?: boolean;
}

/** The tables and roles of the loaded data (no facts yet). */
export function shapeOf(views: readonly ViewRoles[]): Omit<DataShape, 'facts'> {
  const tables: DataShape['tables'] = {};
  for (const view of views) if (view.roles.length > 0) tables[view.table] = view.roles;
  return { tables };
}

/** One query that probes what KPIs' meaning depends on: the survey scale and the event types present. */
export function buildFactsQuery(tables: DataShape['tables']): string | null {
  const parts: string[] = [];
  if (tables.surveys?.includes('score'))
    parts.push(`SELECT 'survey_max' AS fact, CAST(max(score) AS VARCHAR) AS value FROM main.surveys`);
  if (tables.events?.includes('event_type'))
    parts.push(
      `SELECT DISTINCT 'event_type' AS fact, event_type AS value FROM main.events WHERE event_type IS NOT NULL`,
    );
  parts.push(...summaryFactsQuery(tables));
  return parts.length ? parts.join('\nUNION ALL\n') : null;
}

/** The facts from the probe's rows. A top score above 5 means 0–10 answers; up to 5, review scores. */
export function toFacts(rows: readonly { fact: string; value: string | null }[]): DataFacts {
  const facts: DataFacts = {};
  const max = rows.find((r) => r.fact === 'survey_max')?.value;
  if (max !== undefined) facts.surveyScale = max === null ? null : Number(max) > 5 ? '0-10' : '1-5';
  const types = rows.filter((r) => r.fact === 'event_type' && r.value !== null).map((r) => String(r.value));
  if (types.length) facts.eventTypes = types.sort();
  for (const row of rows) {
    if (!row.fact.startsWith('summary:') || row.value === null) continue;
    const relation = row.fact.slice('summary:'.length) as RelationId;
    facts.summaries = {
      ...facts.summaries,
      [relation]: [...(facts.summaries?.[relation] ?? []), String(row.value)].sort(),
    };
  }
  return facts;
}
