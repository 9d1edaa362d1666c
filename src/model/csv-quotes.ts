import type { CsvHead } from './csv-head';

// DuckDB's CSV sniffer tries each quote and escape character it knows, and that is most of the
// time a small file takes to read. When the head of a file quotes as RFC 4180 does, the app
// names the quote and escape instead. The table must still be the one the sniffer gives: a
// reading that fails, or leaves rows out for another reason than a value's type, asks the
// sniffer, and the file is read again its way when it would quote the file otherwise.

const STANDARD_QUOTES = `, quote = '"', escape = '"'`;

/** The read_csv options every reading of the file takes: the header's line, when lines come before it. */
export function baseCsvOptions(head: CsvHead): string {
  return head.skip > 0 ? `, skip = ${head.skip}, header = true` : '';
}

/** How the file is read into its table, with given read_csv options. */
export interface QuotedReading {
  /** Makes the table, with these columns as text; gives the kinds of error (error_type) of the rows left out. */
  create: (options: string, asText: string[]) => Promise<string[]>;
  /** The quote and escape DuckDB's sniffer chooses with these options; null when it cannot tell. */
  sniff: (options: string) => Promise<{ quote: string; escape: string } | null>;
  /** Drops the table a reading made. */
  drop: () => Promise<void>;
  /** Whether an error ends the reading as it is: the engine stopped or ran out of memory. */
  isFinal: (error: unknown) => boolean;
}

/** Whether the rows a reading left out may come from how it quoted: any kind of error but a value's type. */
export function mayBeQuotedOtherwise(errorTypes: string[]): boolean {
  return errorTypes.some((type) => type !== 'CAST');
}

/**
 * Reads the file with the standard quote and escape named when its head quotes that way, and
 * with the sniffer's choice otherwise or when the sniffer would choose another. Gives the
 * `create` for readCsvExactly, and the options the reading ended with (for later scans).
 */
export function readWithQuotes(
  head: CsvHead,
  reading: QuotedReading,
): { create: (asText: string[]) => Promise<void>; options: () => string } {
  const base = baseCsvOptions(head);
  let options = head.standardQuotes ? base + STANDARD_QUOTES : base;
  // When the sniffer cannot read the file, the reading already made is kept (or its error told).
  const sniffedOtherwise = async (): Promise<boolean> => {
    const sniffed = await reading.sniff(base);
    return sniffed !== null && (sniffed.quote !== '"' || sniffed.escape !== '"');
  };
  const create = async (asText: string[]): Promise<void> => {
    if (options === base) {
      await reading.create(base, asText);
      return;
    }
    try {
      const errorTypes = await reading.create(options, asText);
      if (!mayBeQuotedOtherwise(errorTypes) || !(await sniffedOtherwise())) return;
    } catch (error) {
      if (reading.isFinal(error) || !(await sniffedOtherwise())) throw error;
    }
    await reading.drop();
    options = base;
    await reading.create(base, asText);
  };
  return { create, options: () => options };
}
