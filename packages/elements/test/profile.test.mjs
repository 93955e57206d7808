// Issue #13 item 1: Chromium writes a page's restorable form state to the profile (Sessions/, Tabs_)
// for session restore. The answers must never be in it: drafts are encrypted, and nothing else may
// put them on disk in clear. A real profile is used: a persistent context with its own user-data-dir,
// the built bundle (run `node scripts/build.mjs` first) served by a tiny static server.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { LAUNCH, page, serve } from './serve.mjs';

const NAME = 'Quibblethorpe Zanzibarova';
const pages = {
  '/alone.html': page('<emergency-contact-form user-id="profile.test" endpoint="/api/records"></emergency-contact-form>'),
  '/in-form.html': page('<form action="/next.html"><emergency-contact-form user-id="profile.test" name="record" endpoint="/api/records"></emergency-contact-form></form>'),
  '/next.html': page('<p>Another page</p>'),
};

let server;
let origin;
before(async () => {
  server = await serve(pages);
  origin = server.origin;
});
after(() => server?.close());

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The profile files (relative paths) whose bytes hold `text` as UTF-8 or UTF-16LE. */
async function filesHolding(profile, text, only) {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const hits = [];
  for (const path of await files(profile)) {
    const rel = relative(profile, path);
    if (only && !only(rel)) continue;
    if ((await stat(path)).size > 50_000_000) continue;
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes && needles.some((n) => bytes.includes(n))) hits.push(rel);
  }
  return hits;
}

const sessionFile = (rel) => /(^|[\\/])Sessions[\\/]/.test(rel) || /(^|[\\/])Tabs_/.test(rel) || /(^|[\\/])Session_/.test(rel);

/** Types the name into the form, leaves the page (so its state is committed to the session), closes the browser. */
async function run(path, { submit = false } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'sf-profile-'));
  const context = await chromium.launchPersistentContext(profile, LAUNCH);
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(origin + path);
    const name = tab.locator('emergency-contact-form input').first();
    await name.waitFor();
    await name.click();
    await tab.keyboard.type(NAME);
    await tab.keyboard.press('Tab');
    // The draft saved (encrypted), and the form's state has settled.
    await tab.locator('emergency-contact-form [part~="draft-status"]').getByText(/saved/i).waitFor({ timeout: 10_000 });
    if (submit) {
      await tab.evaluate(() => document.querySelector('emergency-contact-form').submit().catch(() => undefined));
    }
    // Navigating away commits the page's state (form state included) to the session's history entry.
    await tab.goto(origin + '/next.html');
    await tab.waitForTimeout(500);
    await tab.goBack();
    await tab.locator('emergency-contact-form input').first().waitFor();
    await tab.goto(origin + '/next.html');
    // Session commands are written on a timer (about 2.5 s) and on shutdown.
    await tab.waitForTimeout(3500);
  } finally {
    await context.close();
  }
  return profile;
}

for (const path of ['/alone.html', '/in-form.html']) {
  test(`no answer is written to the profile's session files (${path})`, async () => {
    const profile = await run(path);
    try {
      const sessions = await filesHolding(profile, NAME, sessionFile);
      assert.deepEqual(sessions, [], `the answers were found in clear in ${sessions.join(', ')}`);
      // Nowhere else in the profile either (drafts are ciphertext; nothing goes to localStorage).
      const anywhere = await filesHolding(profile, NAME);
      assert.deepEqual(anywhere, [], `the answers were found in clear in ${anywhere.join(', ')}`);
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });
}
