/**
 * A table name for a file: lower-case letters, digits and `_`, from the file name without its
 * extensions (`Orders Export (1).csv` → `orders_export_1`), made unique against `taken`.
 * The name is still quoted wherever it reaches SQL; this only keeps it easy to type.
 */
export function tableNameForFile(fileName: string, taken: readonly string[]): string {
  const stem = fileName
    .replace(/\.(gz)$/i, '')
    .replace(/\.[a-z0-9]{1,8}$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  const base = stem === '' ? 'table' : /^[0-9]/.test(stem) ? `t_${stem}` : stem;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!taken.includes(candidate)) return candidate;
  }
}
