// npm run bench: measures size and speed in headless Chromium (Debian's, through playwright-core) and
// prints one table; writes bench/results.json. It reports; it never fails on a number.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createReceiver } from '../packages/receiver/dist/server.js';
import { submitBench } from './submit.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x) => `${x.toFixed(x < 0.1 ? 4 : x < 10 ? 2 : 1)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;

function sizeOf(path) {
  const bundle = readFileSync(join(root, path));
  return { minified: bundle.length, gzip: gzipSync(bundle, { level: 9 }).length };
}

const ELEMENTS = ['threat-report-form', 'threat-interview-form', 'risk-matrix-form', 'traffic-light-referral-form', 'emergency-contact-form', 'offender-description-form'];

function sizes() {
  return {
    ...sizeOf('packages/elements/dist/safety-forms.js'),
    elements: Object.fromEntries(ELEMENTS.map((e) => [e, sizeOf(`packages/elements/dist/elements/${e}.js`)])),
  };
}

async function coreScript() {
  const out = await build({
    entryPoints: [join(root, 'bench/core-entry.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** Navigation start to the first completed render of <threat-report-form>, fresh context each run. */
async function firstRender(browser, url, throttle) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    }
    await page.addInitScript(() => {
      window.__sfRendered = customElements
        .whenDefined('threat-report-form')
        .then(() => document.querySelector('threat-report-form').updateComplete)
        .then(() => performance.now());
    });
    await page.goto(url);
    times.push(await page.evaluate(() => window.__sfRendered));
    await context.close();
  }
  return times;
}

/** 100 `input` events on one field, each awaited to the end of its render. */
async function keystrokes(browser, url, throttle) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('threat-report-form')?.shadowRoot?.querySelector('#f--report--reporterName'));
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  const times = await page.evaluate(async () => {
    const el = document.querySelector('threat-report-form');
    const input = el.shadowRoot.querySelector('#f--report--reporterName');
    const out = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      input.value += 'a';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
      out.push(performance.now() - t0);
    }
    return out;
  });
  await context.close();
  return times;
}

async function coreTimes(browser, url) {
  // The receiver's origin, for IndexedDB; CSP bypassed so the bench script can be injected.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.addScriptTag({ content: await coreScript() });
  const result = await page.evaluate(() => {
    const { validateWith, threatReport, classifyThreat, completeReport } = window.__sfBench;
    // performance.now() is coarsened (0.1 ms) on pages that are not cross-origin isolated, so time
    // batches of 50 calls and report the mean per call of each batch.
    const time = (fn, batches = 40, per = 50) => {
      for (let i = 0; i < 50; i++) fn();
      const xs = [];
      for (let b = 0; b < batches; b++) {
        const t0 = performance.now();
        for (let i = 0; i < per; i++) fn();
        xs.push((performance.now() - t0) / per);
      }
      return xs;
    };
    return {
      validateComplete: time(() => validateWith(threatReport, completeReport)),
      validateEmpty: time(() => validateWith(threatReport, {})),
      classify: time(() => classifyThreat(completeReport)),
    };
  });
  const drafts = await page.evaluate(async () => {
    const { DraftStore, fullReport } = window.__sfBench;
    const store = await DraftStore.open();
    const slot = { formId: 'threat-report', userId: 'bench.user', draftId: 'bench' };
    const save = [];
    const restore = [];
    let rev = 0;
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const saved = await store.save({ ...slot, schemaVersion: '1.0.0', payload: { data: fullReport, leftovers: [] }, ttlDays: 30, expectedRev: rev, writer: 'bench' });
      save.push(performance.now() - t0);
      rev = saved.rev;
      const t1 = performance.now();
      await store.latest(slot.formId, slot.userId);
      restore.push(performance.now() - t1);
    }
    await store.remove(slot);
    store.close();
    return { save: save.slice(5), restore: restore.slice(5), bytes: JSON.stringify({ data: fullReport, leftovers: [] }).length };
  });
  await context.close();
  return { ...result, drafts };
}

const server = createServer((await createReceiver({ root })).handler);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });
try {
  const size = sizes();
  const render1 = await firstRender(browser, url, 1);
  const render4 = await firstRender(browser, url, 4);
  const keys1 = await keystrokes(browser, url, 1);
  const keys4 = await keystrokes(browser, url, 4);
  const core = await coreTimes(browser, url);
  const submit = await submitBench({ browser, root });
  const rows = [
    ['safety-forms.js, all forms (minified)', kb(size.minified), ''],
    ['safety-forms.js, all forms (gzip -9)', kb(size.gzip), 'budget (issue 8): full bundle <= 60 KB gzip'],
    ...ELEMENTS.map((e) => [`elements/${e}.js, one form alone (gzip -9)`, kb(size.elements[e].gzip), `${kb(size.elements[e].minified)} minified; budget (issue 8): <= 25 KB gzip`]),
    [`navigation to threat report rendered (its own module), 1x (median of ${RUNS})`, ms(median(render1)), `min ${ms(Math.min(...render1))}, max ${ms(Math.max(...render1))}`],
    [`navigation to threat report rendered, 4x CPU (median of ${RUNS})`, ms(median(render4)), `min ${ms(Math.min(...render4))}, max ${ms(Math.max(...render4))}`],
    ['keystroke to render, 1x (100 inputs)', ms(median(keys1)), `p95 ${ms(pct(keys1, 95))}; budget <= 1 ms`],
    ['keystroke to render, 4x CPU (100 inputs)', ms(median(keys4)), `p95 ${ms(pct(keys4, 95))}; budget <= 5 ms`],
    ['whole-form validation, complete report (40 x 50 runs)', ms(median(core.validateComplete)), `p95 ${ms(pct(core.validateComplete, 95))}; budget <= 1 ms`],
    ['whole-form validation, empty report (40 x 50 runs)', ms(median(core.validateEmpty)), `p95 ${ms(pct(core.validateEmpty, 95))}`],
    [`encrypted draft save, full report (${core.drafts.bytes} B JSON, 35 runs)`, ms(median(core.drafts.save)), `p95 ${ms(pct(core.drafts.save, 95))}; budget <= 5 ms`],
    ['draft restore (read + decrypt), full report (35 runs)', ms(median(core.drafts.restore)), `p95 ${ms(pct(core.drafts.restore, 95))}`],
    [`Submit to confirmation, local receiver (median of ${submit.noFaults.runs})`, ms(submit.noFaults.median), `min ${ms(submit.noFaults.min)}, max ${ms(submit.noFaults.max)}`],
    [
      `fault mix (${submit.faultMix.submissions} submissions: ${submit.faultMix.mix.join(', ')})`,
      `${submit.faultMix.stored} stored`,
      `${submit.faultMix.confirmed} confirmed, ${submit.faultMix.attempts} attempts, one key each: ${submit.faultMix.oneKeyEach ? 'yes' : 'NO'}`,
    ],
    ['classifyThreat (40 x 50 runs)', ms(median(core.classify)), `p95 ${ms(pct(core.classify, 95))}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nsafety-forms bench (${new Date().toISOString()}, Chromium ${browser.version()}, ${process.platform})\n`);
  for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${note}`);
  writeFileSync(
    join(root, 'bench/results.json'),
    JSON.stringify({ date: new Date().toISOString(), chromium: browser.version(), size, render1, render4, keys1, keys4, core, submit }, null, 2),
  );
  console.log('\nwritten: bench/results.json');
} finally {
  await browser.close();
  server.close();
}
