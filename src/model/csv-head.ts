// What the first bytes of a text file say before DuckDB reads it: its encoding, lines to skip
// before the header (GA's `#` comments, report titles), its delimiter, and whether it quotes as
// RFC 4180 does (csv-quotes.ts). DuckDB's own sniffer does the rest (types, date formats).

/** How to read a delimited text file. */
export interface CsvHead {
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  /** Lines before the header: comments, titles, blank lines. */
  skip: number;
  delimiter: ',' | ';' | '\t' | '|';
  /**
   * Every quote in the rows opens or closes a field, or is doubled inside one (RFC 4180), and no
   * field opens with a single quote: the engine need not try other quote and escape characters.
   */
  standardQuotes: boolean;
  /** What was noticed, for the data report. */
  notes: string[];
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Whether bytes are valid UTF-8, ignoring a sequence cut off at the end of the sample. */
export function isUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Step back over a multi-byte sequence the sample cut in two.
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i] ?? 0;
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Splits text into lines, keeping quoted newlines inside their line. */
function logicalLines(text: string, limit: number): string[] {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text.replace(/\r\n?/g, '\n')) {
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      lines.push(current);
      current = '';
      if (lines.length >= limit) return lines;
      continue;
    }
    current += char;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function fieldCount(line: string, delimiter: string): number {
  let count = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * `#` starts a comment line (GA's "# Start date: 20241001"), except in a first line that heads
 * rows of its width and reads like names, not a note: "#,Product,Qty", "# of items;total".
 */
function isHashHeader(lines: string[], counts: number[], index: number): boolean {
  const next = lines[index + 1];
  return (
    index === 0 &&
    next !== undefined &&
    !next.startsWith('#') &&
    counts[1] === counts[0] &&
    !lines[0]?.includes(':')
  );
}

/**
 * Whether the file must be decoded to UTF-8 in the page before DuckDB reads it (DuckDB reads
 * UTF-8; it decompresses .gz itself, so a compressed file in another encoding is left to it).
 */
export function needsUtf8Copy(head: CsvHead, gzipped: boolean): boolean {
  return head.encoding !== 'utf-8' && !gzipped;
}

/** Reads the first bytes of a delimited text file (64 KiB is plenty). */
export function sniffCsvHead(head: Uint8Array): CsvHead {
  const notes: string[] = [];
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const utf16 =
    head[0] === 0xff && head[1] === 0xfe
      ? 'utf-16le'
      : head[0] === 0xfe && head[1] === 0xff
        ? 'utf-16be'
        : null;
  const utf8 = !utf16 && isUtf8(head);
  const encoding = utf16 ?? (utf8 ? 'utf-8' : 'windows-1252');
  if (bom) notes.push('The file starts with a UTF-8 byte-order mark (skipped).');
  if (utf16)
    notes.push(`The file is UTF-16 text (${utf16 === 'utf-16le' ? 'little' : 'big'}-endian): read as such.`);
  else if (!utf8) notes.push('The file is not UTF-8: read as Windows-1252 (Western European).');
  // The decoder drops a UTF-16 byte-order mark itself.
  const text = new TextDecoder(encoding).decode(
    head.subarray(bom ? 3 : 0, utf16 ? head.length & ~1 : undefined),
  );
  const lines = logicalLines(text, 200);
  // Rows of a table share their field count: the header is the first line of the longest run.
  const body = lines.length > 1 ? lines.slice(0, -1) : lines;
  let best = { delimiter: ',' as CsvHead['delimiter'], skip: 0, run: 0, fields: 1 };
  for (const delimiter of DELIMITERS) {
    const counts = body.map((line) => fieldCount(line, delimiter));
    for (let start = 0; start < Math.min(body.length, 30); start++) {
      const line = body[start] ?? '';
      const fields = counts[start] ?? 1;
      if (line.trim() === '' || fields < 2) continue;
      if (line.startsWith('#') && !isHashHeader(body, counts, start)) continue;
      let run = 1;
      while (counts[start + run] === fields) run++;
      if (run * 100 + fields > best.run * 100 + best.fields) best = { delimiter, skip: start, run, fields };
    }
  }
  // The header is where the run starts; what comes before is skipped.
  const skip = best.skip;
  if (skip > 0) {
    const comments = lines.slice(0, skip).filter((l) => l.startsWith('#')).length;
    notes.push(
      comments > 0
        ? `Skipped ${skip} line${skip === 1 ? '' : 's'} before the header (${comments} comment line${comments === 1 ? '' : 's'} starting with #).`
        : `The header is on line ${skip + 1}; the ${skip} line${skip === 1 ? '' : 's'} above it ${skip === 1 ? 'was' : 'were'} skipped.`,
    );
  }
  const rows = text.replace(/\r\n?/g, '\n').split('\n').slice(skip);
  // The last line may be cut off by the sample's end.
  const whole = rows.length > 1 ? rows.slice(0, -1) : rows;
  const standardQuotes = hasStandardQuotes(whole.join('\n'), best.delimiter);
  return { encoding, bom, skip, delimiter: best.delimiter, standardQuotes, notes };
}

/**
 * Whether text of whole lines quotes as RFC 4180 does: a quote only opens a field, closes it
 * (before a delimiter or the line's end), or is doubled inside it. A quote inside an unquoted
 * value (12" pizza), a backslash-escaped one (\"), a field opening with a single quote, or a
 * quote left open at the end says the file follows another convention, or may: for the engine to
 * find out.
 */
export function hasStandardQuotes(text: string, delimiter: string): boolean {
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '\\' && text[i + 1] === '"') return false;
      if (char !== '"') continue;
      const next = text[i + 1];
      if (next === '"') {
        i++;
      } else if (next === undefined || next === delimiter || next === '\n') {
        quoted = false;
      } else {
        return false;
      }
      continue;
    }
    if (char === delimiter || char === '\n') {
      fieldStart = true;
      continue;
    }
    if (fieldStart && char === '"') {
      quoted = true;
    } else if (char === '"' || (fieldStart && char === "'")) {
      return false;
    }
    fieldStart = false;
  }
  // A quote still open at the end was never closed, or the sample cut a field: either way, unsure.
  return !quoted;
}
