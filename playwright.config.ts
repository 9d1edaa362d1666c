import { defineConfig } from '@playwright/test';
import { findChromium } from './test/e2e/find-chromium';

// KPI_E2E_PORT lets two checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.KPI_E2E_PORT ?? 4174);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1280, height: 900 },
    // The app's service worker precaches ~45 MB in the background: only offline.spec.ts wants it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: findChromium(),
      // Debian's Chromium as root, on a machine without outside network: no sandbox,
      // and none of the browser's own background connections.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
  },
});
