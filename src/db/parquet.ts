import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { parquetSizeProblem, readsAhead } from '../model/parquet-size';
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
 * The reader's result, or its failure when it traps. On some damaged files parquet-wasm panics
 * inside its own callbacks: the trap surfaces as an uncaught error or unhandled rejection of the
 * page, and the reader's promise never settles, so the load would wait for ever.
 */
function untilTrap<T>(read: Promise<T>, rowGroup?: { index: number; of: number }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const trapped = (error: unknown, event: Event): void => {
      if (!(error instanceof WebAssembly.RuntimeError)) return;
      event.preventDefault();
      // The trap's own text ("unreachable") says nothing to a person; where it happened does.
      reject(
        new Error(
          rowGroup
            ? `The Parquet reader failed on row group ${rowGroup.index + 1} of ${rowGroup.of}: the file looks damaged there.`
            : 'The Parquet reader failed on this file, which looks damaged.',
        ),
      );
    };
    const onError = (event: ErrorEvent): void => trapped(event.error, event);
    const onRejection = (event: PromiseRejectionEvent): void => trapped(event.reason, event);
    globalThis.addEventListener('error', onError);
    globalThis.addEventListener('unhandledrejection', onRejection);
    read.then(resolve, reject).finally(() => {
      globalThis.removeEventListener('error', onError);
      globalThis.removeEventListener('unhandledrejection', onRejection);
    });
  });
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
  try {
    const metadata = reader.metadata();
    const groups = metadata.numRowGroups();
    const sizes = Array.from({ length: groups }, (_, i) => {
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
    const problem = parquetSizeProblem(sizes, file.size);
    if (problem) throw new Error(problem);
    if (groups === 0) {
      const empty = await untilTrap(reader.read());
      await engine.insertArrow(empty.intoIPCStream(), schema, table, true);
      return;
    }
    const readGroup = (group: number): Promise<Uint8Array> =>
      untilTrap(reader.read({ rowGroups: [group] }), { index: group, of: groups }).then((batch) =>
        batch.intoIPCStream(),
      );
    // The page decodes the next row group while the engine's worker inserts this one: two cores
    // at work instead of one.
    const ahead = readsAhead(sizes);
    let next: Promise<Uint8Array> | null = null;
    try {
      for (let group = 0; group < groups; group++) {
        const bytes = await (next ?? readGroup(group));
        next = ahead && group + 1 < groups ? readGroup(group + 1) : null;
        // Its failure is thrown when the loop awaits it, not reported as unhandled meanwhile.
        next?.catch(() => undefined);
        await engine.insertArrow(bytes, schema, table, group === 0);
        onProgress((group + 1) / groups);
      }
    } finally {
      // A read still going when an insert failed ends before the reader is freed under it.
      await next?.catch(() => undefined);
    }
  } finally {
    try {
      reader.free();
    } catch {
      // A read that trapped on a damaged row group never gives the reader back, so it cannot be
      // freed: the read's own error is the one to report.
    }
  }
}
