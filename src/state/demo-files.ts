// The demo shop's files, emitted by Vite as hashed assets of the app's own origin.
import { isGzip } from '../model/file-kind';
const urls = import.meta.glob('../../sample-data/*.csv.gz', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** The demo shop's tables, in load order: file name and URL. */
export const DEMO_FILES: { fileName: string; url: string }[] = Object.entries(urls)
  .map(([path, url]) => ({ fileName: path.split('/').at(-1) ?? path, url }))
  .sort((a, b) => a.fileName.localeCompare(b.fileName));

/**
 * Fetches a demo file as a File. Some static hosts send `.gz` files with
 * `Content-Encoding: gzip`, so the browser may hand over plain CSV: name it by its content.
 */
export async function fetchDemoFile(fileName: string, url: string): Promise<File> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${fileName}: HTTP ${response.status} ${response.statusText}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  performance.mark(`demo:fetched:${fileName}`);
  return new File([bytes], isGzip(bytes) ? fileName : fileName.replace(/\.gz$/, ''));
}

/** Fetches every demo file. */
export function fetchDemoFiles(): Promise<File[]> {
  return Promise.all(DEMO_FILES.map((f) => fetchDemoFile(f.fileName, f.url)));
}
