import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import base from '../playwright.config';

// The benchmark drives the built app like the end-to-end tests, with room for big files. Its
// server builds the app and the bare DuckDB-WASM page (dist/bench/) and is never reused, so
// the figures are always of the code checked out. KPI_E2E_PORT picks the port, as for the tests.
const PORT = Number(process.env.KPI_E2E_PORT ?? 4175);

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  timeout: 30 * 60_000,
  expect: { timeout: 10 * 60_000 },
  use: { ...base.use, baseURL: `http://localhost:${PORT}/` },
  globalTeardown: './report.ts',
  webServer: {
    command: `npm run build && npx vite build -c bench/bare/vite.config.ts && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    // The server runs from the repository root (Playwright starts it in the config's folder).
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  },
});
