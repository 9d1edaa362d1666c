import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import base from '../playwright.config';

const server = base.webServer;
if (!server || Array.isArray(server)) throw new Error('playwright.config.ts: expected one web server');

// The benchmark drives the built app like the end-to-end tests, with room for big files.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'kpis.bench.ts',
  timeout: 30 * 60_000,
  expect: { timeout: 10 * 60_000 },
  // The server runs from the repository root (Playwright starts it in the config's folder).
  webServer: { ...server, cwd: fileURLToPath(new URL('..', import.meta.url)) },
});
