import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_TIME, kpiValue, waitIdle } from './app';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const SUB_PATH = '/shops/kpi-notebook/';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

let server: Server;
let origin = '';

// A bare static server: no COOP/COEP or other special headers, the app under a sub-path.
test.beforeAll(async () => {
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) {
      response.writeHead(404).end();
      return;
    }
    const relative = normalize(path.slice(SUB_PATH.length) || 'index.html');
    if (relative.startsWith('..')) {
      response.writeHead(403).end();
      return;
    }
    readFile(join(DIST, relative)).then(
      (body) =>
        response
          .writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('dist/ works from a plain static server under a sub-path', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${origin}${SUB_PATH}${ALL_TIME}`);
  await waitIdle(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  expect(await kpiValue(page, 'orders')).toBeGreaterThan(0);
  expect(failed).toEqual([]);
});
