import { expect, test } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableNameForFile } from '../../src/model/table-name';
import { guardOrigin, openApp, runSql, waitIdle } from './app';

// Every public data set in ../shared/data, one per page: dropped, shown in every view, queried
// in SQL, and not one request leaves the page's origin. Each folder's SOURCE.md lists its quirks
// (Excel-damaged ids, multi-line quoted fields, CRLF, a BOM, NULL booleans): all of them are
// read as they are.
const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const sets = existsSync(DATA)
  ? readdirSync(DATA, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];
const absent = `The shared data sets are absent: ${DATA} not found beside the checkout; these tests need it.`;
if (sets.length === 0) {
  // Without the folder there is no data set to make a test of: one test says why, skipped.
  test(`every public data set — skipped: ${DATA} not found`, () => test.skip(true, absent));
}

test.setTimeout(150_000);

for (const set of sets) {
  test(`${set}: every file loads and no request leaves the page's origin`, async ({
    page,
    context,
    baseURL,
  }) => {
    const files = readdirSync(`${DATA}${set}`)
      .filter((f) => /\.(csv|tsv|txt|gz|parquet|xlsx|json|ndjson)$/i.test(f))
      .sort();
    expect(files.length, `${DATA}${set} holds no data file`).toBeGreaterThan(0);
    const log = await guardOrigin(context, baseURL);

    await openApp(page);
    await page.locator('input[data-files]').setInputFiles(files.map((f) => `${DATA}${set}/${f}`));
    await waitIdle(page);
    await expect(page.locator('[data-problem]')).toHaveCount(0);
    const taken: string[] = [];
    for (const file of files) {
      const name = tableNameForFile(file, taken);
      taken.push(name);
      await expect(page.locator(`[data-table="files.${name}"][data-status="ready"]`)).toHaveCount(1);
    }

    // Every view the page has, then a query in the notebook.
    await page.locator('[data-view="all-kpis"]').click();
    await waitIdle(page);
    await expect(page.locator('[data-all-kpis]')).toBeVisible();
    await page.locator('[data-view="overview"]').click();
    await waitIdle(page);
    await runSql(page, `SELECT count(*) AS n FROM files.${taken[0]}`);
    await expect(page.locator('[data-sql-result]')).toBeVisible();
    await expect(page.locator('[data-sql-error]')).toHaveCount(0);

    expect(log.foreign()).toEqual([]);
    expect(log.requests.length).toBeGreaterThan(0);
  });
}
