import { defineConfig } from 'vitest/config';

// `npx vitest run -c bench/vitest.config.ts`: the profile of the app's SQL on native DuckDB.
export default defineConfig({
  test: { include: ['bench/**/*.test.ts'], testTimeout: 30 * 60_000, hookTimeout: 30 * 60_000 },
});
