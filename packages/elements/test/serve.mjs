// A tiny static server for the Node browser tests: the built bundle (packages/elements/dist, run
// `node scripts/build.mjs` first) under /dist/, a few fixed pages, and a receiver that says 201.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TYPES = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.json': 'application/json' };

/** A page that loads the whole bundle, with `body` in it. */
export const page = (body) => `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Form</title>
<script type="module" src="/dist/safety-forms.js"></script></head><body>${body}</body></html>`;

export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

/** Serves `pages` (path -> html) and the bundle; resolves with `{ origin, close }`. */
export async function serve(pages) {
  assert.ok(existsSync(join(dist, 'safety-forms.js')), 'run `node scripts/build.mjs` first: packages/elements/dist/safety-forms.js is missing');
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (pages[path]) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      return res.end(pages[path]);
    }
    if (path === '/api/records' && req.method === 'POST') {
      req.resume();
      await once(req, 'end');
      res.writeHead(201, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ reference: 'EC-1' }));
    }
    if (path.startsWith('/dist/') && !path.includes('..')) {
      try {
        const body = await readFile(join(dist, path.slice('/dist/'.length)));
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        // falls through to 404
      }
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
