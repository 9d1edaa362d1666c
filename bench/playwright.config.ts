import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// The benchmark drives the built app like the end-to-end tests, with room for big files.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'kpis.bench.ts',
  timeout: 30 * 60_000,
  expect: { timeout: 10 * 60_000 },
});
