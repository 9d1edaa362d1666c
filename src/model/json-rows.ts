// JSON rows whose keys change type from row to row (an id that is a number here and text
// there, an amount as "20.5" and 20.5) stop the engine's JSON reader, which types each key from
// the first rows. Such keys are made text throughout; the parsing rules read them later.

/** The rows with every key of mixed types written as text, and the names of those keys. */
export function unifyJsonTypes(rows: unknown[]): { rows: Record<string, unknown>[]; mixed: string[] } {
  const kinds = new Map<string, Set<string>>();
  rows.forEach((row, index) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new Error(`Row ${index + 1} is not a JSON object but ${JSON.stringify(row)?.slice(0, 40)}.`);
    }
    for (const [key, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      const kind = Array.isArray(value) ? 'array' : typeof value;
      let set = kinds.get(key);
      if (!set) kinds.set(key, (set = new Set()));
      set.add(kind);
    }
  });
  const mixed = [...kinds].filter(([, set]) => set.size > 1).map(([key]) => key);
  if (mixed.length === 0) return { rows: rows as Record<string, unknown>[], mixed };
  const text = (value: unknown): unknown =>
    value === null || value === undefined || typeof value === 'string'
      ? value
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return {
    rows: (rows as Record<string, unknown>[]).map((row) => {
      const copy = { ...row };
      for (const key of mixed) if (key in copy) copy[key] = text(copy[key]);
      return copy;
    }),
    mixed,
  };
}

// A JSON string, or an integer of 16 digits or more outside any string.
const TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![\w.])/g;
const ZONED_TIME = /^"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|[+-]\d{2}:?\d{2})"$/;

/**
 * JSON text as the engine's reader should see it. That reader turns a time written with an
 * offset ("10:00+02:00") into UTC (08:00, sometimes another day) and an integer of 16 digits or
 * more into a rounded double: times keep the shop's wall time (the offset dropped, as for CSV
 * files), and long integers become strings, so ids keep every digit.
 */
export function keepWallTimeAndLongIds(json: string): string {
  return json.replace(TOKEN, (token) => {
    if (!token.startsWith('"')) return `"${token}"`;
    const zoned = ZONED_TIME.exec(token);
    return zoned ? `"${zoned[1]}"` : token;
  });
}
