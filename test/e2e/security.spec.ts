import { expect, test } from '@playwright/test';
import { dropContent, openApp, runSql, screenshotPath, waitIdle } from './app';

// Markup and script in cells, column names and the file name are data: shown as text, never run.
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">.csv';
const HOSTILE_CSV = [
  'order_id,ordered_at,revenue,"<script>window.__pwned=2</script>"',
  '1,2024-01-05,10,"<img src=x onerror=""window.__pwned=3"">"',
  '2,2024-01-06,20,"javascript:window.__pwned=4"',
  '3,2024-01-07,30,"=HYPERLINK(""http://example.com"",""x"")"',
].join('\n');

test('hostile cells, column names and file names are shown as text: no script runs, no CSP violation', async ({
  page,
}) => {
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  await openApp(page);
  // The policy is in force on the page that is served.
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /script-src 'self' 'wasm-unsafe-eval'/,
  );

  await dropContent(page, HOSTILE_NAME, HOSTILE_CSV);
  await expect(page.locator('[data-banner="files"]')).toBeVisible();
  // The file name and the markup column are on the page as text.
  await expect(page.getByText(HOSTILE_NAME).first()).toBeVisible();
  const table = page.locator('[data-table^="files."]').first();
  await table.getByText('Columns and first rows').click();
  await expect(table.getByText('<script>window.__pwned=2</script>').first()).toBeVisible();
  await expect(table.getByText('<img src=x onerror="window.__pwned=3">')).toBeVisible();
  // The SQL cell's results too.
  await runSql(page, `SELECT * FROM ${await table.getAttribute('data-table')}`);
  await expect(page.locator('[data-sql-result]')).toContainText('javascript:window.__pwned=4');
  await page.locator('[data-view="all-kpis"]').click();
  await waitIdle(page);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], script:not([src])').count()).toBe(0);
  expect(violations).toEqual([]);
  await page.screenshot({ path: screenshotPath('security-hostile'), fullPage: true });
});
