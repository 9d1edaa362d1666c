/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorker } from './build/service-worker.ts';

export default defineConfig({
  // Relative base: dist/ works from any static host and any sub-path.
  base: './',
  plugins: [svelte(), serviceWorker()],
  // duckdb-wasm ships its own workers and wasm; pre-bundling breaks their ?url imports.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    include: ['src/**/*.test.ts', 'sample-data/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
