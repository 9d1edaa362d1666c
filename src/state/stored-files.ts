import { CANONICAL_TABLES, TABLE_DEFS, type CanonicalTable } from '../model/canonical';
import type { ColumnInfo, TableMapping } from '../model/detect';
import { FORMATS, type Derivation } from '../model/formats';
import type { ColumnParse } from '../model/value-sql';

// The manifest of the files kept in this browser, as plain data: read back on start-up, where
// anything that does not look right is left out rather than trusted.

/** How the person had a date column read: a typed column swapped, or text dates in this order. */
export type DateChoice = 'swapped' | 'dmy' | 'mdy';

/** What the person chose for a file: the sheet read, the mapping in force, how dates read. */
export interface FileChoices {
  sheet: string | null;
  targets: TableMapping[];
  dates: Record<string, DateChoice>;
}

/** A kept file: its name (also its name in storage), size and date when dropped, and the choices. */
export interface StoredFile {
  name: string;
  size: number;
  lastModified: number;
  choices: FileChoices | null;
}

/** The kept files, in the order the page lists them. */
export interface Manifest {
  version: 1;
  files: StoredFile[];
}

export const EMPTY_MANIFEST: Manifest = { version: 1, files: [] };

const DERIVATIONS = new Set<string>(
  FORMATS.flatMap((f) => f.targets.flatMap((t) => (t.derivation ? [t.derivation] : []))),
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A name the browser's file storage takes as one file's name. */
export function isStorableName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 255 &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\0]/.test(name)
  );
}

function readMapping(value: unknown): TableMapping | null {
  if (!isRecord(value) || !isRecord(value.roles)) return null;
  const table = value.table;
  if (typeof table !== 'string' || !(CANONICAL_TABLES as readonly string[]).includes(table)) return null;
  const known = new Set(TABLE_DEFS[table as CanonicalTable].roles.map((r) => r.role));
  const roles: Record<string, string> = {};
  for (const [role, column] of Object.entries(value.roles)) {
    if (!known.has(role) || typeof column !== 'string' || column === '') return null;
    roles[role] = column;
  }
  const mapping: TableMapping = { table: table as CanonicalTable, roles };
  if (value.derivation !== undefined) {
    if (typeof value.derivation !== 'string' || !DERIVATIONS.has(value.derivation)) return null;
    mapping.derivation = value.derivation as Derivation;
  }
  return mapping;
}

function readChoices(value: unknown): FileChoices | null {
  if (!isRecord(value) || !Array.isArray(value.targets) || !isRecord(value.dates)) return null;
  const sheet = value.sheet;
  if (sheet !== null && typeof sheet !== 'string') return null;
  const targets = value.targets.map(readMapping);
  if (targets.some((t) => t === null)) return null;
  const dates: Record<string, DateChoice> = {};
  for (const [column, choice] of Object.entries(value.dates)) {
    if (choice !== 'swapped' && choice !== 'dmy' && choice !== 'mdy') return null;
    dates[column] = choice;
  }
  return { sheet, targets: targets as TableMapping[], dates };
}

function readStoredFile(value: unknown): StoredFile | null {
  if (!isRecord(value) || !isStorableName(value.name)) return null;
  const { size, lastModified } = value;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return null;
  if (typeof lastModified !== 'number' || !Number.isFinite(lastModified)) return null;
  return { name: value.name, size, lastModified, choices: readChoices(value.choices) };
}

/**
 * The manifest in a stored text. Text that is not a manifest gives an empty one; a file entry
 * that does not look right is left out, and choices that do not are dropped (the file is then
 * recognised afresh).
 */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return EMPTY_MANIFEST;
  }
  if (!isRecord(value) || value.version !== 1 || !Array.isArray(value.files)) return EMPTY_MANIFEST;
  const files: StoredFile[] = [];
  for (const entry of value.files) {
    const file = readStoredFile(entry);
    if (file && !files.some((f) => f.name === file.name)) files.push(file);
  }
  return { version: 1, files };
}

/** The manifest with a file added at the end, or put in place of the one of the same name. */
export function withFile(manifest: Manifest, file: StoredFile): Manifest {
  const files = manifest.files.some((f) => f.name === file.name)
    ? manifest.files.map((f) => (f.name === file.name ? file : f))
    : [...manifest.files, file];
  return { version: 1, files };
}

export function withoutFile(manifest: Manifest, name: string): Manifest {
  return { version: 1, files: manifest.files.filter((f) => f.name !== name) };
}

/** The manifest with new choices for a file it lists (unchanged when it does not list it). */
export function withChoices(manifest: Manifest, name: string, choices: FileChoices): Manifest {
  return { version: 1, files: manifest.files.map((f) => (f.name === name ? { ...f, choices } : f)) };
}

/** How the date columns of a parse plan are read, as the person may have set it. */
export function dateChoices(parse: Record<string, ColumnParse>): Record<string, DateChoice> {
  const dates: Record<string, DateChoice> = {};
  for (const [column, p] of Object.entries(parse)) {
    if (p.typed && p.swapDayMonth) dates[column] = 'swapped';
    else if (p.format?.kind === 'date' && p.format.order !== 'ymd') dates[column] = p.format.order;
  }
  return dates;
}

/** A parse plan with the date choices put back, where the columns still read that way. */
export function applyDateChoices(
  parse: Record<string, ColumnParse>,
  dates: Record<string, DateChoice>,
): Record<string, ColumnParse> {
  const result: Record<string, ColumnParse> = {};
  for (const [column, p] of Object.entries(parse)) {
    const choice = dates[column];
    if (choice === 'swapped' && p.typed) result[column] = { ...p, swapDayMonth: true };
    else if (choice && choice !== 'swapped' && p.format?.kind === 'date' && p.format.order !== 'ymd') {
      result[column] = { ...p, format: { ...p.format, order: choice } };
    } else result[column] = p;
  }
  return result;
}

/** True when every column a mapping names (not `=constant`s) is one of the file's. */
export function mappingFits(targets: TableMapping[], columns: ColumnInfo[]): boolean {
  const names = new Set(columns.map((c) => c.name));
  return targets.every((t) =>
    Object.values(t.roles).every((column) => column.startsWith('=') || names.has(column)),
  );
}
