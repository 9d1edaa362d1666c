/** How a dropped file is read. */
export type FileKind = 'csv' | 'parquet' | 'json' | 'xlsx';

/** The verdict on a file's first bytes: a kind to read it as, or why it cannot be read. */
export type FileKindVerdict = { ok: true; kind: FileKind } | { ok: false; problem: string; line?: number };

const TEXT_EXTENSIONS = new Set(['csv', 'tsv', 'txt', 'tab', 'psv', 'dat']);
const JSON_EXTENSIONS = new Set(['json', 'ndjson', 'jsonl']);

/** `orders.csv.gz` → `csv`; `data.PARQUET` → `parquet`. */
export function fileExtension(name: string): string {
  const parts = name.toLowerCase().split('.');
  if (parts.length < 2) return '';
  const last = parts.at(-1) ?? '';
  return last === 'gz' && parts.length > 2 ? (parts.at(-2) ?? '') : last;
}

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const GZIP_MAGIC = [0x1f, 0x8b];
/** Whether bytes start as gzip does. */
export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, GZIP_MAGIC);
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // old Office files (.xls)
const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

/** Whether bytes after a UTF-16 byte-order mark are text: valid UTF-16 with no NUL character. */
function isUtf16Text(head: Uint8Array): boolean {
  const encoding = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
  // A sample may end inside a character: keep whole code units, and drop a lone high surrogate.
  let end = head.length & ~1;
  const last = encoding === 'utf-16le' ? head[end - 1] : head[end - 2];
  if (end >= 4 && last !== undefined && last >= 0xd8 && last <= 0xdb) end -= 2;
  try {
    return !new TextDecoder(encoding, { fatal: true }).decode(head.subarray(0, end)).includes('\0');
  } catch {
    return false;
  }
}

/**
 * Decides how to read a file from its name, size and first bytes (up to 64 KiB).
 * Content wins over the name: a Parquet file named `.csv` is read as Parquet, and binary
 * bytes named `.csv` are refused with a reason instead of becoming a table of garbage.
 */
export function detectFileKind(name: string, size: number, head: Uint8Array): FileKindVerdict {
  const ext = fileExtension(name);
  if (size === 0) return { ok: false, problem: 'The file is empty (0 bytes).' };
  if (startsWith(head, PARQUET_MAGIC)) return { ok: true, kind: 'parquet' };
  if (ext === 'parquet' || ext === 'pq') {
    return {
      ok: false,
      problem: 'This is not a valid Parquet file: it does not start with the Parquet signature "PAR1".',
    };
  }
  if (startsWith(head, ZIP_MAGIC)) {
    if (ext === 'xlsx' || ext === 'xlsm') return { ok: true, kind: 'xlsx' };
    return {
      ok: false,
      problem: 'This is a zip archive, not a data file. Unpack it and drop the files inside.',
    };
  }
  if (startsWith(head, OLE_MAGIC)) {
    return {
      ok: false,
      problem: 'This is an old-style Excel (.xls) file. Save it as .xlsx or CSV in Excel and drop that file.',
    };
  }
  if (isGzip(head)) {
    if (name.toLowerCase().endsWith('.gz') && (TEXT_EXTENSIONS.has(ext) || JSON_EXTENSIONS.has(ext)))
      return { ok: true, kind: JSON_EXTENSIONS.has(ext) ? 'json' : 'csv' };
    return { ok: false, problem: 'This is a gzip-compressed file; name it like data.csv.gz to load it.' };
  }
  if (UTF16_BOMS.some((bom) => startsWith(head, bom))) {
    // Excel's "Unicode text" is UTF-16 with tabs: read as text when it decodes to text.
    if (!JSON_EXTENSIONS.has(ext) && isUtf16Text(head)) return { ok: true, kind: 'csv' };
    return {
      ok: false,
      problem: JSON_EXTENSIONS.has(ext)
        ? 'The file is UTF-16 text; save it as UTF-8 and drop it again.'
        : 'The file starts like UTF-16 text but holds binary data, so it is not CSV text.',
    };
  }
  const nul = head.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      problem: `The file contains binary data (a NUL byte at byte ${nul + 1}), so it is not ${
        JSON_EXTENSIONS.has(ext) ? 'JSON' : 'CSV'
      } text.`,
      line: head.subarray(0, nul).filter((b) => b === 0x0a).length + 1,
    };
  }
  // Only white space (blank lines) in a file that fits in the head: nothing to read.
  if (size <= head.length && head.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
    return { ok: false, problem: 'The file holds only empty lines: there is no header and no data.' };
  }
  if (JSON_EXTENSIONS.has(ext)) return { ok: true, kind: 'json' };
  if (TEXT_EXTENSIONS.has(ext) || ext === '') return { ok: true, kind: 'csv' };
  const firstChar = String.fromCharCode(head.find((b) => b > 0x20) ?? 0);
  if (firstChar === '[' || firstChar === '{') return { ok: true, kind: 'json' };
  return { ok: true, kind: 'csv' };
}
