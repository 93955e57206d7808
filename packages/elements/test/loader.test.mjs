// Issue #18 item 3: dist/safety-forms.js is a loader. It defines each element when it first appears on
// the page, importing that element's module from dist/elements/ and naming its chunks (the manifest,
// inlined at build time) as modulepreload links. The built loader (run `node scripts/build.mjs` first)
// is served from a path of its own under `Content-Security-Policy: script-src 'self'`, in Chromium.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { dist, LAUNCH } from './serve.mjs';

/** dist/ is hosted under this path, not /assets/ or /dist/: every URL must come from the loader's own. */
const HOSTED = '/intranet/static/sdk-1.2/';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
const TYPES = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };
const doc = (body) =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Loader</title><script type="module" src="${HOSTED}safety-forms.js"></script></head><body>${body}</body></html>`;
const pages = {
  '/one.html': doc('<main><threat-report-form user-id="loader.test" draft="off"></threat-report-form></main>'),
  '/empty.html': doc('<main id="slot"></main>'),
  '/config.html': doc('<safety-forms-config endpoint-base="/api/from-config" user-id="loader.test"><emergency-contact-form draft="off"></emergency-contact-form></safety-forms-config>'),
  '/generated.html': doc('<safety-form form="threat-report" draft="off"></safety-form>'),
};

let server;
let origin;
let browser;
/** Paths whose responses wait this many ms (to force an order of arrival). */
const delays = new Map();
before(async () => {
  assert.ok(existsSync(join(dist, 'safety-forms.js')), 'run `node scripts/build.mjs` first');
  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const headers = { 'cache-control': 'no-store', 'content-security-policy': CSP };
    if (pages[path]) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      return res.end(pages[path]);
    }
    if (path.startsWith(HOSTED) && !path.includes('..')) {
      const wait = delays.get(path.slice(HOSTED.length));
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        const body = await readFile(join(dist, path.slice(HOSTED.length)));
        res.writeHead(200, { ...headers, 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        // 404 below
      }
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch(LAUNCH);
});
after(async () => {
  await browser?.close();
  server?.close();
});

const manifest = async () => JSON.parse(await readFile(join(dist, 'elements/manifest.json'), 'utf8'));

/** A fresh page that records CSP violations, page errors, console errors and every request path. */
async function open(path) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const errors = [];
  const consoleErrors = [];
  const requested = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  tab.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await tab.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.effectiveDirective));
  });
  await tab.goto(origin + path);
  return { context, tab, errors, consoleErrors, requested, violations: () => tab.evaluate(() => window.__violations) };
}

const defined = (tab, tag) => tab.evaluate((t) => !!customElements.get(t), tag);

test('a page with one form loads that form: its entry and chunks (as modulepreload, from the loader\'s URL), no other element, under script-src \'self\'', async () => {
  const { context, tab, errors, requested, violations } = await open('/one.html');
  try {
    await tab.evaluate(() => customElements.whenDefined('threat-report-form'));
    await tab.locator('threat-report-form [part~="section"] input').first().waitFor({ timeout: 15_000 });
    const files = (await manifest())['threat-report-form'];
    const hrefs = await tab.evaluate(() => [...document.querySelectorAll('link[rel=modulepreload]')].map((l) => new URL(l.href).pathname));
    assert.deepEqual(hrefs.sort(), files.map((f) => `${HOSTED}elements/${f}`).sort());
    for (const f of files) assert.ok(requested.includes(`${HOSTED}elements/${f}`), `${f} was fetched`);
    // No other element's entry; every script came from the hosted folder.
    const entries = requested.filter((p) => /\/elements\/[a-z-]+\.js$/.test(p));
    assert.deepEqual(entries, [`${HOSTED}elements/threat-report-form.js`]);
    assert.ok(requested.filter((p) => p.endsWith('.js')).every((p) => p.startsWith(HOSTED)), requested.join(' '));
    for (const tag of ['risk-matrix-form', 'safety-form', 'safety-forms-config']) assert.equal(await defined(tab, tag), false, tag);
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an element added later, deep in the page, is defined then; a property set before it was defined is kept; load() gives the class', async () => {
  const { context, tab, errors, violations } = await open('/empty.html');
  try {
    await tab.waitForFunction(() => document.querySelector('script[type=module]') && performance.getEntriesByType('resource').some((e) => e.name.endsWith('/safety-forms.js')));
    const kept = await tab.evaluate(async () => {
      const wrapper = document.createElement('div');
      wrapper.innerHTML = '<section><p>Before a visit</p></section>';
      const form = document.createElement('risk-matrix-form');
      const handler = async () => ({ reference: 'X' });
      form.submitHandler = handler;
      form.setAttribute('draft', 'off');
      wrapper.querySelector('section').append(form);
      document.getElementById('slot').append(wrapper);
      await customElements.whenDefined('risk-matrix-form');
      // Lit puts back a property set before the upgrade at the element's first update.
      await form.updateComplete;
      return form.submitHandler === handler && form.shadowRoot !== null;
    });
    assert.equal(kept, true);
    const loaded = await tab.evaluate(async (url) => {
      const sdk = await import(url);
      const ctor = await sdk.load('offender-description-form');
      let refused = '';
      await sdk.load('no-such-form').catch((e) => (refused = e.name));
      return { same: ctor === customElements.get('offender-description-form'), onPage: !!document.querySelector('offender-description-form'), refused, tags: sdk.tags.length };
    }, `${HOSTED}safety-forms.js`);
    assert.deepEqual(loaded, { same: true, onPage: false, refused: 'TypeError', tags: 11 });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('<safety-forms-config> is defined before the form inside it, even when its module arrives last', async () => {
  delays.set('elements/safety-forms-config.js', 600);
  const { context, tab, errors } = await open('/config.html');
  try {
    await tab.evaluate(() => customElements.whenDefined('emergency-contact-form'));
    await tab.locator('emergency-contact-form [part~="section"] input').first().waitFor({ timeout: 15_000 });
    // The form took the page's defaults from the config element that encloses it.
    const config = await tab.evaluate(() => document.querySelector('emergency-contact-form').config);
    assert.equal(config?.endpointBase, '/api/from-config');
    assert.equal(config?.userId, 'loader.test');
    assert.deepEqual(errors, []);
  } finally {
    delays.clear();
    await context.close();
  }
});

test('our elements in a shadow root: defined once the host calls observe(shadowRoot)', async () => {
  const { context, tab, errors } = await open('/empty.html');
  try {
    await tab.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/safety-forms.js')));
    const result = await tab.evaluate(async (url) => {
      const sdk = await import(url);
      const host = document.createElement('div');
      const shadow = host.attachShadow({ mode: 'open' });
      document.getElementById('slot').append(host);
      shadow.innerHTML = '<incident-report-form draft="off"></incident-report-form>';
      // The document's observer does not see into a shadow root.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = !!customElements.get('incident-report-form');
      sdk.observe(shadow);
      await customElements.whenDefined('incident-report-form');
      const later = document.createElement('emergency-contact-form');
      shadow.append(later);
      await customElements.whenDefined('emergency-contact-form');
      return { before, upgraded: shadow.querySelector('incident-report-form').shadowRoot !== null && later.shadowRoot !== null };
    }, `${HOSTED}safety-forms.js`);
    assert.deepEqual(result, { before: false, upgraded: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an element whose module cannot load says so in the console, and loads when the next one appears', async () => {
  const { context, tab, errors, consoleErrors } = await open('/empty.html');
  try {
    await tab.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/safety-forms.js')));
    let fail = true;
    await tab.route('**/elements/threat-interview-form.js', (route) => (fail ? route.abort() : route.continue()));
    await tab.evaluate(() => document.getElementById('slot').insertAdjacentHTML('beforeend', '<threat-interview-form interviewee="subject" draft="off"></threat-interview-form>'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(await defined(tab, 'threat-interview-form'), false);
    assert.ok(consoleErrors.some((m) => m.includes('<threat-interview-form> could not load')), consoleErrors.join(' | '));
    fail = false;
    await tab.evaluate(() => document.getElementById('slot').insertAdjacentHTML('beforeend', '<threat-interview-form interviewee="witness" draft="off"></threat-interview-form>'));
    await tab.evaluate(() => customElements.whenDefined('threat-interview-form'));
    const upgraded = await tab.evaluate(() => [...document.querySelectorAll('threat-interview-form')].every((el) => el.shadowRoot !== null));
    assert.equal(upgraded, true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('<safety-form form> through the loader: its generated form and its chunks come from the hosted folder', async () => {
  const { context, tab, errors, requested, violations } = await open('/generated.html');
  try {
    await tab.locator('safety-form [part="title"]').waitFor({ timeout: 15_000 });
    assert.equal(await tab.locator('safety-form [part="title"]').textContent(), 'Threat report');
    assert.ok(requested.filter((p) => p.endsWith('.js')).every((p) => p.startsWith(HOSTED)), requested.join(' '));
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
