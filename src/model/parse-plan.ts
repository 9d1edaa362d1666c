import { TABLE_DEFS } from './canonical';
import type { ColumnInfo, TableMapping } from './detect';
import { inferNumberFormat, inferTimeFormat } from './value-format';
import type { ColumnParse } from './value-sql';

// Fractional numbers in a time role are Excel day numbers with a time of day.
const NEEDS_PARSING =
  /^(VARCHAR|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DOUBLE|FLOAT|REAL|DECIMAL)/i;

/** The columns whose text must be read by our rules: mapped to a number or time role and not typed by DuckDB. */
export function columnsToSample(columns: ColumnInfo[], targets: TableMapping[]): string[] {
  const wanted = new Set<string>();
  for (const mapping of targets) {
    for (const def of TABLE_DEFS[mapping.table].roles) {
      const column = mapping.roles[def.role];
      if (!column || column.startsWith('=')) continue;
      const type = columns.find((c) => c.name === column)?.type ?? '';
      const isText = /^VARCHAR/i.test(type);
      if ((def.kind === 'money' || def.kind === 'number') && isText) wanted.add(column);
      if (def.kind === 'time' && NEEDS_PARSING.test(type)) wanted.add(column);
    }
  }
  return [...wanted];
}

/** File-wide hints: a `;`-separated file writes decimal commas and puts the day first. */
export interface ParseHints {
  decimalComma: boolean;
  dayFirst: boolean;
}

/** How each sampled column is read, from its sample values; columns that fit no format are left out. */
export function planColumnParsing(
  columns: ColumnInfo[],
  targets: TableMapping[],
  samples: Record<string, string[]>,
  hints: ParseHints,
): Record<string, ColumnParse> {
  const plan: Record<string, ColumnParse> = {};
  const kinds = new Map<string, string>();
  for (const mapping of targets) {
    for (const def of TABLE_DEFS[mapping.table].roles) {
      const column = mapping.roles[def.role];
      if (column && !column.startsWith('=')) kinds.set(column, def.kind);
    }
  }
  for (const column of columnsToSample(columns, targets)) {
    const values = samples[column] ?? [];
    const kind = kinds.get(column);
    const format =
      kind === 'time'
        ? inferTimeFormat(values, hints.dayFirst)
        : inferNumberFormat(values, hints.decimalComma);
    if (format) plan[column] = { format };
  }
  return plan;
}
