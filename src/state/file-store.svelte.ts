import {
  EMPTY_MANIFEST,
  isStorableName,
  parseManifest,
  withChoices,
  withFile,
  withoutFile,
  type FileChoices,
  type Manifest,
  type StoredFile,
} from './stored-files';

// The person's files are kept in the browser's origin-private file system: nothing leaves the
// browser, and a reload reads them back. `kpi-notebook/files/<name>` holds each file under its
// own name (so the File read back is named as dropped); `kpi-notebook/manifest.json` lists them.
const DIR = 'kpi-notebook';
const FILES = 'files';
const MANIFEST = 'manifest.json';

/** A kept file read back: the File to load and what the manifest says of it. */
export interface KeptFile {
  file: File;
  stored: StoredFile;
}

interface Folders {
  root: FileSystemDirectoryHandle;
  files: FileSystemDirectoryHandle;
}

async function openFolders(): Promise<Folders> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.getDirectory || !('createWritable' in FileSystemFileHandle.prototype)) {
    throw new Error('no file storage');
  }
  const root = await (await storage.getDirectory()).getDirectoryHandle(DIR, { create: true });
  return { root, files: await root.getDirectoryHandle(FILES, { create: true }) };
}

async function readText(folder: FileSystemDirectoryHandle, name: string): Promise<string | null> {
  try {
    return await (await (await folder.getFileHandle(name)).getFile()).text();
  } catch {
    return null;
  }
}

/** The names in a folder (DOM.AsyncIterable is not among the project's libs). */
async function listNames(folder: FileSystemDirectoryHandle): Promise<string[]> {
  const names: string[] = [];
  for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  return names;
}

const isQuotaError = (error: unknown): boolean =>
  error instanceof DOMException && error.name === 'QuotaExceededError';

/**
 * The files kept in this browser. Every change waits for the one before it, so the manifest
 * always lists files that are written in full; when the browser cannot keep files, nothing is
 * kept and the page works as before.
 */
export class FileStore {
  /** Why files cannot be kept in this browser at all (null: they can, or not known yet). */
  unavailable = $state<string | null>(null);
  /** Files that could not be kept, with why. */
  notKept = $state<{ name: string; reason: string }[]>([]);
  /** The names of the files kept, in order. */
  names = $state<string[]>([]);
  #folders: Folders | null = null;
  #manifest: Manifest = EMPTY_MANIFEST;
  #queue: Promise<unknown> = Promise.resolve();

  #run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The kept files, read back in order. A manifest that cannot be read counts as none; a file
   * it lists that is missing or of another size is left out, and files it does not list are
   * deleted. Never throws.
   */
  open(): Promise<KeptFile[]> {
    return this.#run(async () => {
      try {
        this.#folders = await openFolders();
      } catch {
        this.unavailable =
          'This browser cannot keep your files, so after a reload they have to be dropped again.';
        return [];
      }
      const { root, files } = this.#folders;
      const text = await readText(root, MANIFEST);
      const listed = text === null ? EMPTY_MANIFEST : parseManifest(text);
      const kept: KeptFile[] = [];
      for (const stored of listed.files) {
        try {
          const file = await (await files.getFileHandle(stored.name)).getFile();
          if (file.size === stored.size) kept.push({ file, stored });
        } catch {
          // Missing or unreadable: left out.
        }
      }
      this.#manifest = { version: 1, files: kept.map((k) => k.stored) };
      try {
        const names = this.#manifest.files.map((f) => f.name);
        for (const name of await listNames(files)) {
          if (!names.includes(name)) await files.removeEntry(name);
        }
        if (text !== JSON.stringify(this.#manifest)) await this.#writeManifest();
      } catch {
        // Tidying up can wait for the next start.
      }
      this.names = this.#manifest.files.map((f) => f.name);
      return kept;
    });
  }

  /**
   * Copies a file into the store (in place of a kept file of the same name), streaming it so a
   * big file is not held in memory. False when it could not be kept; the reason is noted.
   */
  keep(file: File, choices: FileChoices | null): Promise<boolean> {
    return this.#run(async () => {
      const folders = this.#folders;
      if (!folders) return false;
      this.notKept = this.notKept.filter((n) => n.name !== file.name);
      try {
        if (!isStorableName(file.name)) throw new TypeError('name');
        const handle = await folders.files.getFileHandle(file.name, { create: true });
        // The new content replaces the old only once it is all written; pipeTo closes the stream.
        await file.stream().pipeTo(await handle.createWritable());
        const stored = { name: file.name, size: file.size, lastModified: file.lastModified, choices };
        this.#manifest = withFile(this.#manifest, stored);
        await this.#writeManifest();
        return true;
      } catch (error) {
        // An older version kept under this name would come back after a reload in its place.
        await this.#remove(file.name).catch(() => undefined);
        const reason = isQuotaError(error) ? 'no room left in its storage' : 'its storage refused it';
        this.notKept = [...this.notKept, { name: file.name, reason }];
        return false;
      } finally {
        this.names = this.#manifest.files.map((f) => f.name);
      }
    });
  }

  /** Records what the person chose for a kept file. */
  setChoices(name: string, choices: FileChoices): Promise<void> {
    return this.#run(async () => {
      if (!this.#manifest.files.some((f) => f.name === name)) return;
      this.#manifest = withChoices(this.#manifest, name, choices);
      await this.#writeManifest().catch(() => undefined);
    });
  }

  /** Deletes a kept file. */
  drop(name: string): Promise<void> {
    return this.#run(async () => {
      this.notKept = this.notKept.filter((n) => n.name !== name);
      await this.#remove(name).catch(() => undefined);
      this.names = this.#manifest.files.map((f) => f.name);
    });
  }

  /** Deletes every kept file and the manifest. */
  forget(): Promise<void> {
    return this.#run(async () => {
      this.#manifest = EMPTY_MANIFEST;
      this.names = [];
      this.notKept = [];
      const folders = this.#folders;
      if (!folders) return;
      try {
        for (const name of await listNames(folders.files)) await folders.files.removeEntry(name);
        await folders.root.removeEntry(MANIFEST);
      } catch {
        // Already gone.
      }
    });
  }

  async #remove(name: string): Promise<void> {
    const listed = this.#manifest.files.some((f) => f.name === name);
    this.#manifest = withoutFile(this.#manifest, name);
    // The file first: it frees the room a manifest write may need.
    await this.#folders?.files.removeEntry(name).catch(() => undefined);
    if (listed) await this.#writeManifest();
  }

  async #writeManifest(): Promise<void> {
    if (!this.#folders) return;
    const handle = await this.#folders.root.getFileHandle(MANIFEST, { create: true });
    const writable = await handle.createWritable();
    await writable.write(JSON.stringify(this.#manifest));
    await writable.close();
  }
}
