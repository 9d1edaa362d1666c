import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The bare DuckDB-WASM page, built on its own into dist/bench/ after the app's build: the app's
// own chunks stay as they are, and the preview server serves both.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../../dist/bench/', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: { input: fileURLToPath(new URL('./bare.html', import.meta.url)) },
  },
});
