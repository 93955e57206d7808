// Issue #13 item 10: the README's first example is what most pages copy, so it must be the fast path:
// the one form's own module (its entry and the chunks it imports), not safety-forms-all.js with every form
// (safety-forms.js is a loader that imports the same module, a round trip later: #18 item 3).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dist } from './serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The entry and every chunk it imports statically, transitively (as the bench counts a page). */
async function staticFiles(entry) {
  const seen = new Set();
  const visit = async (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const source = await readFile(path, 'utf8');
    for (const m of source.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"();]*?from\s*)?["'](\.[^"']+)["']/g)) await visit(join(dirname(path), m[1]));
  };
  await visit(entry);
  return [...seen];
}

test("the README's first example loads the form's own module, which is smaller than safety-forms-all.js", async () => {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const first = readme.match(/```html\n([\s\S]*?)```/)?.[1];
  assert.ok(first, 'README.md has an html example');
  const src = first.match(/<script type="module" src="([^"]+)"><\/script>/)?.[1];
  const element = first.match(/<([a-z]+(?:-[a-z]+)+-form)\b/)?.[1];
  assert.ok(src && element, 'the first example has a module script and a form element');
  assert.match(src, new RegExp(`/elements/${element}\\.js$`), `the first example loads ${src}, not ${element}'s own module`);
  const entry = join(dist, 'elements', `${element}.js`);
  assert.ok(existsSync(entry), 'run `node scripts/build.mjs` first');
  const files = await staticFiles(entry);
  const own = (await Promise.all(files.map((f) => stat(f)))).reduce((n, s) => n + s.size, 0);
  // safety-forms-all.js and the chunks it imports statically (what it loads before any form can show).
  const all = (await Promise.all((await staticFiles(join(dist, 'safety-forms-all.js'))).map((f) => stat(f)))).reduce((n, s) => n + s.size, 0);
  assert.ok(own < all, `${element}'s page (${own} bytes) is not smaller than safety-forms-all.js (${all} bytes)`);
});
