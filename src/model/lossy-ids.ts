import { qualifiedName, quoteIdentifier } from '../sql/sql';
import { TABLE_DEFS } from './canonical';
import type { ColumnInfo, TableMapping } from './detect';
import { LONG_NUMBER } from './read-as-text';

const FLOATING = /^(DOUBLE|FLOAT|REAL)/i;

/** Id roles mapped to columns read as floating point numbers (17850.0 is fine; 2.82E+18 is not). */
function floatingIds(targets: TableMapping[], columns: ColumnInfo[]): { role: string; column: string }[] {
  return targets.flatMap((mapping) =>
    TABLE_DEFS[mapping.table].roles
      .filter((def) => def.kind === 'id')
      .map((def) => ({ role: def.role, column: mapping.roles[def.role] ?? '' }))
      .filter(({ column }) => FLOATING.test(columns.find((c) => c.name === column)?.type ?? '')),
  );
}

/**
 * A query telling which floating point id columns hold numbers past a spreadsheet's 15 digits
 * (their digits are gone), one boolean column per id column; null when no id is floating point.
 * Ids written out digit for digit are read as text (`readCsvExactly`): a floating point column
 * this long was written rounded in the file itself.
 */
export function lossyIdQuery(
  schema: string,
  table: string,
  targets: TableMapping[],
  columns: ColumnInfo[],
): string | null {
  const names = [...new Set(floatingIds(targets, columns).map((f) => f.column))];
  if (names.length === 0) return null;
  const checks = names.map(
    (n) => `coalesce(max(abs(${quoteIdentifier(n)})) >= ${LONG_NUMBER}, false) AS ${quoteIdentifier(n)}`,
  );
  return `SELECT ${checks.join(', ')} FROM ${qualifiedName(schema, table)}`;
}

/**
 * Leaves out id roles whose column lost its digits (`lossy`, from `lossyIdQuery`): a spreadsheet
 * wrote the ids in scientific notation (2.82E+18), so they cannot tell people or visits apart. A
 * KPI that needs the id then says so instead of counting the rounded values.
 */
export function withoutLossyIds(
  targets: TableMapping[],
  columns: ColumnInfo[],
  lossy: Record<string, unknown>,
): { targets: TableMapping[]; notes: string[] } {
  const notes = new Set<string>();
  const kept = targets.map((mapping) => {
    const roles = { ...mapping.roles };
    for (const { role, column } of floatingIds([mapping], columns)) {
      if (lossy[column] !== true) continue;
      delete roles[role];
      notes.add(
        `${column} holds rounded numbers, not ids (a spreadsheet wrote them as 2.82E+18): it is not used as ${role.replace('_', ' ')}. Export the ids as text to count them.`,
      );
    }
    return { ...mapping, roles };
  });
  return { targets: kept, notes: [...notes] };
}
