import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The browser for end-to-end tests: KPI_CHROMIUM if set, else a system Chromium, else the
 * browser Playwright downloaded itself. Says what to install when there is none.
 */
export function findChromium(): string {
  const explicit = process.env.KPI_CHROMIUM;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`KPI_CHROMIUM=${explicit}, but no file is there.`);
    return explicit;
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return system;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    [
      'No Chromium found for the end-to-end tests. Do one of these:',
      '  - Debian/Ubuntu: apt-get install -y chromium',
      '  - any machine with internet access: npx playwright install chromium',
      '  - point KPI_CHROMIUM at a Chrome or Chromium binary',
    ].join('\n'),
  );
}
