import { literal, qualifiedName, quoteIdentifier } from '../sql/sql';
import { TABLE_DEFS } from './canonical';
import { missingRoles, requirementsFor, type TableMapping } from './detect';
import { textSql, valueSql } from './value-sql';
import type { SourceTable } from './views';

// The data report of one file: what was read, what could not be, and what looks wrong.
// One query per file and canonical table computes the figures; describeQuality words them.

/** A line of the data report. */
export interface Finding {
  level: 'info' | 'warn';
  text: string;
}

/** Rows DuckDB could not read, as the loader reports them. */
export interface Rejects {
  count: number;
  first: { line: number; message: string }[];
}

/** Figures of one file for one canonical table, by role. */
export interface QualityStats {
  rows: number;
  roles: {
    role: string;
    column: string;
    kind: string;
    empty: number;
    unreadable: number;
    example: string | null;
    min: string | null;
    max: string | null;
    outOfRange: number;
  }[];
  /** Ids on more than one row, where one row per id is expected. */
  duplicateIds: number | null;
}

const EARLIEST = '2000-01-01';

/** Today's date in the browser's clock, as the upper bound for dates in the data. */
export const isoToday = (): string => new Date().toISOString().slice(0, 10);
const alias = (kind: string, role: string): string => quoteIdentifier(`${kind}:${role}`);

/** The roles of a mapping that read a column (not constants). */
function mappedRoles(mapping: TableMapping): { role: string; column: string; kind: string }[] {
  return TABLE_DEFS[mapping.table].roles.flatMap((def) => {
    const column = mapping.roles[def.role];
    return column && !column.startsWith('=') ? [{ role: def.role, column, kind: def.kind }] : [];
  });
}

/**
 * The mappings of a file a report is made for: those complete by themselves, or for orders with
 * the roles `supplied` by the other files (amounts from payments, say).
 */
export function reportedMappings(source: SourceTable, supplied: string[]): TableMapping[] {
  return source.targets.filter((t) => missingRoles(t, t.table === 'orders' ? supplied : []).length === 0);
}

/** One query giving the figures of a file for one of its canonical tables; `today` bounds dates. */
export function buildQualityQuery(source: SourceTable, mapping: TableMapping, today: string): string {
  // Each role's value and presence is worked out once per row, in the inner query; the figures
  // are counted over those (a file of 5M events is read once, not once per figure).
  const columns: string[] = [];
  const parts = ['count(*) AS "rows"'];
  for (const [i, { role, column, kind }] of mappedRoles(mapping).entries()) {
    const raw = quoteIdentifier(column);
    const type = source.columns.find((c) => c.name === column)?.type ?? 'VARCHAR';
    const [r, p, v] = [`r${i}`, `p${i}`, `v${i}`];
    columns.push(
      `CAST(${raw} AS VARCHAR) AS ${r}`,
      // Present: not empty and not only spaces.
      `(${textSql(raw, type, source.rows)}) IS NOT NULL AS ${p}`,
      `${valueSql(kind as never, raw, type, source.parse[column], source.rows)} AS ${v}`,
    );
    parts.push(`count(*) FILTER (WHERE NOT ${p}) AS ${alias('empty', role)}`);
    parts.push(`count(*) FILTER (WHERE ${p} AND ${v} IS NULL) AS ${alias('bad', role)}`);
    parts.push(`any_value(${r}) FILTER (WHERE ${p} AND ${v} IS NULL) AS ${alias('example', role)}`);
    if (role === 'score') {
      parts.push(`CAST(min(${v}) AS VARCHAR) AS ${alias('min', role)}`);
      parts.push(`CAST(max(${v}) AS VARCHAR) AS ${alias('max', role)}`);
    }
    if (kind === 'time') {
      parts.push(`strftime(min(${v}), '%Y-%m-%d') AS ${alias('min', role)}`);
      parts.push(`strftime(max(${v}), '%Y-%m-%d') AS ${alias('max', role)}`);
      parts.push(
        `count(*) FILTER (WHERE ${v} < TIMESTAMP ${literal(EARLIEST)} OR ${v} >= CAST(${literal(today)} AS TIMESTAMP) + INTERVAL 2 DAY) AS ${alias('range', role)}`,
      );
    }
  }
  const key = uniqueKey(mapping);
  if (key) {
    columns.push(`${quoteIdentifier(key)} AS k`);
    parts.push(`count(k) - count(DISTINCT k) AS "duplicates"`);
  }
  const rows = columns.length
    ? `(SELECT ${columns.join(', ')} FROM ${qualifiedName(source.schema, source.table)})`
    : qualifiedName(source.schema, source.table);
  return `SELECT ${parts.join(', ')} FROM ${rows}`;
}

/** The column that should be unique in the file: an order id in an orders file with one row per order. */
function uniqueKey(mapping: TableMapping): string | null {
  const keys: Partial<Record<string, string>> = {
    orders: 'order_id',
    sessions: 'session_id',
    support_tickets: 'ticket_id',
  };
  const role = keys[mapping.table];
  if (!role || mapping.derivation) return null;
  const column = mapping.roles[role];
  return column && !column.startsWith('=') ? column : null;
}

/** Reads the figures out of the row the quality query returned. */
export function toQualityStats(mapping: TableMapping, row: Record<string, unknown>): QualityStats {
  const number = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    rows: number(row.rows),
    roles: mappedRoles(mapping).map(({ role, column, kind }) => ({
      role,
      column,
      kind,
      empty: number(row[`empty:${role}`]),
      unreadable: number(row[`bad:${role}`]),
      example: text(row[`example:${role}`]),
      min: text(row[`min:${role}`]),
      max: text(row[`max:${role}`]),
      outOfRange: number(row[`range:${role}`]),
    })),
    duplicateIds: uniqueKey(mapping) ? number(row.duplicates) : null,
  };
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const share = (part: number, whole: number): string =>
  `${((part / whole) * 100).toFixed(part / whole < 0.1 ? 1 : 0)} %`;

/** The data report of a file for one canonical table, in sentences. */
export function describeQuality(mapping: TableMapping, stats: QualityStats): Finding[] {
  const findings: Finding[] = [];
  const required = new Set(requirementsFor(mapping.table, mapping.derivation).flat());
  for (const r of stats.roles) {
    if (r.unreadable > 0) {
      const as =
        r.kind === 'time' ? 'dates' : r.kind === 'money' || r.kind === 'number' ? 'numbers' : 'values';
      findings.push({
        level: 'warn',
        text: `${r.role} (${r.column}): ${plural(r.unreadable, 'value')} could not be read as ${as}, e.g. "${r.example ?? ''}"; they count as empty.`,
      });
    }
    if (r.empty > 0 && stats.rows > 0) {
      const missing = `${r.role} (${r.column}) is empty on ${plural(r.empty, 'row')} (${share(r.empty, stats.rows)})`;
      if (
        required.has(r.role) &&
        !(mapping.derivation === 'orders-from-order-lines' && r.role !== 'order_id')
      ) {
        findings.push({ level: 'warn', text: `${missing}: those rows are left out.` });
      } else if (r.role === 'customer_id' || r.role === 'customer_email') {
        findings.push({
          level: 'info',
          text: `${missing}: guest orders, counted in revenue but not in customer KPIs.`,
        });
      } else if (mapping.derivation !== 'orders-from-order-lines') {
        findings.push({ level: 'info', text: `${missing}.` });
      }
    }
    if (r.role === 'score' && r.min !== null && r.max !== null) {
      const low = Number(r.min);
      const high = Number(r.max);
      const scale = high <= 5 && low >= 1 ? '1–5' : high <= 10 && low >= 0 ? '0–10' : null;
      findings.push(
        scale === '1–5'
          ? {
              level: 'info',
              text: `Scores run from ${low} to ${high}: a 1–5 review scale. NPS needs 0–10 answers; review scores are shown instead.`,
            }
          : scale === '0–10'
            ? { level: 'info', text: `Scores run from ${low} to ${high}: a 0–10 scale, as NPS asks.` }
            : { level: 'warn', text: `Scores run from ${low} to ${high}: neither a 0–10 nor a 1–5 scale.` },
      );
    }
    if (r.kind === 'time' && r.min && r.max) {
      findings.push({ level: 'info', text: `${r.role} runs from ${r.min} to ${r.max}.` });
    }
    if (r.outOfRange > 0) {
      findings.push({
        level: 'warn',
        text: `${r.role}: ${plural(r.outOfRange, 'date')} before ${EARLIEST.slice(0, 4)} or in the future; check the date column.`,
      });
    }
  }
  if (stats.duplicateIds) {
    findings.push({
      level: 'warn',
      text: `${plural(stats.duplicateIds, 'id')} ${stats.duplicateIds === 1 ? 'appears' : 'appear'} on more than one row; their rows are taken as one order, amounts added up.`,
    });
  }
  return findings;
}

/** The report line for rows DuckDB could not read. */
export function describeRejects(rejects: Rejects): Finding | null {
  if (rejects.count === 0) return null;
  const lines = rejects.first.map((r) => `line ${r.line}: ${r.message}`).join('; ');
  return {
    level: 'warn',
    text: `${plural(rejects.count, 'row')} could not be read and ${rejects.count === 1 ? 'was' : 'were'} left out (${lines}${rejects.count > rejects.first.length ? '; …' : ''}).`,
  };
}

const OVERLAP_NOUNS: Record<string, [string, string]> = {
  orders: ['order', 'orders'],
  order_items: ['order (its lines)', 'orders (their lines)'],
  sessions: ['session', 'sessions'],
  marketing_spend: ['day × campaign row', 'day × campaign rows'],
  inventory: ['snapshot × SKU row', 'snapshot × SKU rows'],
  support_tickets: ['ticket', 'tickets'],
  email_subscribers: ['subscriber', 'subscribers'],
};

/** The report line for keys a file shares with an earlier file of the same kind. */
export function describeOverlap(table: string, overlap: number): Finding {
  const [one, many] = OVERLAP_NOUNS[table] ?? ['row', 'rows'];
  const n = overlap.toLocaleString('en-US');
  return {
    level: 'warn',
    text: `${n} ${overlap === 1 ? `${one} is` : `${many} are`} also in a file above: counted once.`,
  };
}
