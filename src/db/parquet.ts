import type { ParquetFile } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { parquetSizeProblem, readsAhead, type RowGroupSize } from '../model/parquet-size';
import type { Engine, ProgressListener } from './engine';

type ParquetModule = typeof import('parquet-wasm/esm');
let parquetModule: Promise<ParquetModule> | null = null;

// DuckDB-WASM's own Parquet reader is an extension fetched from a remote host; parquet-wasm
// is bundled, so Parquet loads offline. Loaded on first use to keep it off the start-up path.
export function parquet(): Promise<ParquetModule> {
  parquetModule ??= import('parquet-wasm/esm').then(async (module) => {
    await module.default({ module_or_path: parquetWasmUrl });
    return module;
  });
  return parquetModule;
}

/**
 * The reader's failure in words for a person: a trap's own text ("unreachable") says nothing,
 * where it happened does.
 */
function readerError(error: unknown, rowGroup?: { index: number; of: number }): Error {
  const where = rowGroup ? `row group ${rowGroup.index + 1} of ${rowGroup.of}` : null;
  if (error instanceof WebAssembly.RuntimeError) {
    return new Error(
      where
        ? `The Parquet reader failed on ${where}: the file looks damaged there.`
        : 'The Parquet reader failed on this file, which looks damaged.',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (where) return new Error(`The Parquet reader could not read ${where}: ${message}`);
  // The footer is the file's table of contents, at its very end: a copy cut short loses it first.
  if (/corrupt footer/i.test(message)) {
    return new Error(
      `This Parquet file is cut short or its footer is damaged, so its contents cannot be found (${message}).`,
    );
  }
  return new Error(message);
}

/**
 * The reader's result, or its failure in words for a person (`readerError`). On some damaged files
 * parquet-wasm panics inside its own callbacks: the trap surfaces as an uncaught error or unhandled
 * rejection of the page, and the reader's promise never settles, so the load would wait for ever.
 */
function untilTrap<T>(read: Promise<T>, rowGroup?: { index: number; of: number }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => {
      globalThis.removeEventListener('error', onError);
      globalThis.removeEventListener('unhandledrejection', onRejection);
    };
    // After a trap the read never settles: its listeners go at once.
    const fail = (error: unknown): void => {
      stop();
      reject(readerError(error, rowGroup));
    };
    const trapped = (error: unknown, event: Event): void => {
      if (!(error instanceof WebAssembly.RuntimeError)) return;
      event.preventDefault();
      fail(error);
    };
    const onError = (event: ErrorEvent): void => trapped(event.error, event);
    const onRejection = (event: PromiseRejectionEvent): void => trapped(event.reason, event);
    globalThis.addEventListener('error', onError);
    globalThis.addEventListener('unhandledrejection', onRejection);
    read.then(resolve, fail).finally(stop);
  });
}

/** Each row group's size as the footer states it. */
function rowGroupSizes(reader: ParquetFile): RowGroupSize[] {
  const metadata = reader.metadata();
  return Array.from({ length: metadata.numRowGroups() }, (_, i) => {
    const group = metadata.rowGroup(i);
    let uncompressed = 0;
    for (let c = 0; c < group.numColumns(); c++) {
      const column = group.column(c);
      uncompressed += column.uncompressedSize();
      column.free();
    }
    const size = {
      compressed: group.compressedSize(),
      uncompressed: Math.max(uncompressed, group.totalByteSize()),
    };
    group.free();
    return size;
  });
}

/**
 * Inserts every row group in order. The page decodes the next row group while the engine's
 * worker inserts this one (two cores at work), when two fit in memory side by side.
 */
async function insertRowGroups(
  engine: Engine,
  reader: ParquetFile,
  sizes: readonly RowGroupSize[],
  target: { schema: string; table: string },
  onProgress: ProgressListener,
): Promise<void> {
  const groups = sizes.length;
  const readGroup = (index: number): Promise<Uint8Array> =>
    untilTrap(
      reader.read({ rowGroups: [index] }).then((batch) => batch.intoIPCStream()),
      { index, of: groups },
    );
  const ahead = readsAhead(sizes);
  let next: Promise<Uint8Array> | null = null;
  try {
    for (let group = 0; group < groups; group++) {
      const bytes = await (next ?? readGroup(group));
      next = ahead && group + 1 < groups ? readGroup(group + 1) : null;
      // Its failure is thrown when the loop awaits it, not reported as unhandled meanwhile.
      next?.catch(() => undefined);
      await engine.insertArrow(bytes, target.schema, target.table, group === 0);
      onProgress((group + 1) / groups);
    }
  } finally {
    // A read still going when an insert failed ends before the reader is freed under it.
    await next?.catch(() => undefined);
  }
}

/** Reads a Parquet file row group by row group into `schema.table`, so memory stays bounded. */
export async function loadParquet(
  engine: Engine,
  file: Blob,
  schema: string,
  table: string,
  onProgress: ProgressListener,
): Promise<void> {
  const { ParquetFile } = await parquet();
  const reader = await untilTrap(ParquetFile.fromFile(file));
  const read = async (): Promise<void> => {
    const sizes = rowGroupSizes(reader);
    const problem = parquetSizeProblem(sizes, file.size);
    if (problem) throw new Error(problem);
    if (sizes.length === 0) {
      const empty = await untilTrap(reader.read());
      await engine.insertArrow(empty.intoIPCStream(), schema, table, true);
      return;
    }
    await insertRowGroups(engine, reader, sizes, { schema, table }, onProgress);
  };
  try {
    await read();
  } catch (error) {
    try {
      reader.free();
    } catch {
      // A read that trapped never gives the reader back, so it cannot be freed: the read's own
      // error is the one to report.
    }
    throw error;
  }
  reader.free();
}
