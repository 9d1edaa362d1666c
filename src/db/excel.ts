// Excel workbooks become CSV text, which then takes the CSV path (sniffing, parsing, report).
// read-excel-file is maintained and reads .xlsx in the browser; it loads only when a
// workbook is dropped.

/** A sheet of a workbook as CSV, with the workbook's sheet names. */
export interface SheetCsv {
  csv: string;
  sheet: string;
  sheets: string[];
}

type Cell = string | number | boolean | Date | null | undefined;

const pad = (n: number): string => String(n).padStart(2, '0');

/** A cell as CSV text: dates as the wall-clock time Excel shows (no zone), numbers with "." decimals. */
function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h || m || s ? `${date} ${pad(h)}:${pad(m)}:${pad(s)}` : date;
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as RFC 4180 CSV. */
export function rowsToCsv(rows: Cell[][]): string {
  return rows.map((row) => row.map(cellText).join(',')).join('\n') + '\n';
}

/** Reads one sheet (the first unless named) of an .xlsx workbook as CSV. */
export async function sheetToCsv(file: Blob, sheet?: string): Promise<SheetCsv> {
  const { default: readWorkbook } = await import('read-excel-file/browser');
  let sheets: { sheet: string; data: Cell[][] }[];
  try {
    const book = await readWorkbook<number>(file);
    sheets = book.map((s) => ({ sheet: s.sheet, data: s.data as unknown as Cell[][] }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `This Excel file could not be read (${message}). Is it a damaged or old-style .xls file?`,
      { cause: error },
    );
  }
  const names = sheets.map((s) => s.sheet);
  const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === sheet);
  if (!chosen) {
    throw new Error(
      sheet === undefined
        ? 'The workbook has no sheet.'
        : `The workbook has no sheet named "${sheet}"; its sheets are: ${names.join(', ')}.`,
    );
  }
  return { csv: rowsToCsv(chosen.data), sheet: chosen.sheet, sheets: names };
}
