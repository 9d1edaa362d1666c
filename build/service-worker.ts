import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Writes `sw.js` next to index.html: a service worker that keeps the built app (page, scripts,
 * the engine's WebAssembly and worker, the demo shop) in the browser's cache, so a later visit
 * starts from the cache and the app works offline. The page is asked for from the network first
 * (a new version is picked up at once), the files with a content hash in their name from the
 * cache first (they never change).
 */
export function serviceWorker(): Plugin {
  return {
    name: 'kpi-notebook-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map'))
        .sort();
      const assets = ['./', ...files.map((name) => `./${name}`)];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(version, assets) });
    },
  };
}

/** The worker's code: plain JavaScript, the file list written in. */
function serviceWorkerSource(version: string, assets: string[]): string {
  return `// KPI Notebook's service worker (generated at build time by build/service-worker.ts).
const CACHE = 'kpi-notebook-${version}';
const ASSETS = ${JSON.stringify(assets, null, 2)};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('kpi-notebook-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page: from the network when there is one, else the cached copy (whatever the query).
    event.respondWith(
      fetch(request).catch(() =>
        caches.match('./', { ignoreSearch: true, ignoreVary: true }).then((cached) => cached || Response.error()),
      ),
    );
    return;
  }
  // The server may say "Vary: Origin"; the files are the same for the page whatever it sends.
  event.respondWith(
    caches.match(request, { ignoreVary: true }).then((cached) => cached || fetch(request)),
  );
});
`;
}
