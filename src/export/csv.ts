// Rows as CSV text for download (RFC 4180), safe to open in a spreadsheet: a text cell that a
// spreadsheet would run as a formula gets a leading `'` (OWASP, "CSV Injection"). Pure: the
// caller makes the Blob.

/** How to write the CSV. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, so Excel reads the text as UTF-8. */
  bom?: boolean;
}

// What a spreadsheet reads as the start of a formula (or, for tab and CR, hides one behind).
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain number in text: it stays a number, even with a sign ("-12.50", "+3", "-1e3").
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One value as the text of a cell, before quoting. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  const text =
    typeof value === 'string'
      ? value
      : (JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? String(value));
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One field: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
function field(value: unknown): string {
  const text = cellText(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header and rows as CSV: CRLF line ends, every line (the last too) ended. */
export function toCsv(columns: string[], rows: unknown[][], options: CsvOptions = {}): string {
  const lines = [columns, ...rows].map((row) => row.map(field).join(',') + '\r\n');
  return (options.bom ? '\uFEFF' : '') + lines.join('');
}
