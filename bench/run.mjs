// npm run bench (issue #8): size and speed of safety-forms in headless Chromium (Debian's, through
// playwright-core), beside react-jsonschema-form rendering the same threat-report schema in the same
// run. Prints one table to stdout (progress to stderr) and writes bench/results.json. It reports; it
// never fails on a number (exit 0 unless something broke).
//
//   BENCH_RUNS=15      page loads per form and speed (navigation-to-form)
//   BENCH_KEYS=100     input events per keystroke run
//   BENCH_GEN_RUNS=3   page loads per generated-schema size
//   BENCH_SUBMIT=10    submissions of the submit bench (0 skips it)
//   BENCH_ONLY=nav     only these parts, comma-separated (bytes are always measured): nav, latency, keys,
//                      core, generated, submit
//   BENCH_FORMS=a,b    only these forms in the navigation runs (RJSF and the safety-forms.js page stay)
//   BENCH_DIST=path    another build of packages/elements/dist (e.g. a copy from before a change)
//   BENCH_COMPARE=path a second build measured in the same run: the threat report's page and the page on
//                      safety-forms.js, on that build too, interleaved with the others (rows "... (compare)")
//   CHROME_PATH        another Chromium
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { generateSchema } from './lib/generate-schema.mjs';
import { busyLoop, cspProbe, firstValidation, keystrokes, readyProbe, renderGenerated, rjsfCompileCheck } from './lib/in-page.mjs';
import { bundleRjsf } from './lib/rjsf.mjs';
import { threatReportInputs } from './lib/schema.mjs';
import { pageBytes } from './lib/sizes.mjs';
import { startServer } from './lib/server.mjs';
import { submitBench } from './submit.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.BENCH_DIST ?? join(root, 'packages/elements/dist');
const COMPARE = process.env.BENCH_COMPARE || null;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((p) => p.trim())) : null;
/** Whether this part of the bench runs (BENCH_ONLY). */
const runs = (part) => !ONLY || ONLY.has(part);
const NAV_FORMS = process.env.BENCH_FORMS ? process.env.BENCH_FORMS.split(',').map((f) => f.trim()) : null;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const KEYS = Number(process.env.BENCH_KEYS ?? 100);
/** The round trip of the latency pass (an intranet proxy): Network.emulateNetworkConditions. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const GEN_RUNS = Number(process.env.BENCH_GEN_RUNS ?? 3);
const SUBMIT_RUNS = runs('submit') ? Number(process.env.BENCH_SUBMIT ?? 10) : 0;
const GEN_SIZES = [100, 1000, 5000];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const started = performance.now();
const progress = (text) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}\n`);

/** The form elements: tag, its attributes on the bench page. The first section of each has a control. */
const FORMS = {
  'threat-report-form': {},
  'threat-interview-form': { interviewee: 'subject' },
  'risk-matrix-form': {},
  'risk-strategy-meeting-form': {},
  'incident-report-form': {},
  'risk-assessment-form': {},
  'traffic-light-referral-form': {},
  'emergency-contact-form': {},
  'offender-description-form': {},
};
/** Entry points measured for bytes (a page with one form loads one of these). */
const ENTRIES = [...Object.keys(FORMS), 'safety-form'];
const SDK_FIELD = '#f--report--reporterName';
/** The navigation target of a page with the threat report that loads dist/safety-forms.js (since #18 item 3 a
 * loader that imports the element's own module; before it, every element in one file). */
const BUNDLE_TARGET = 'threat-report-form on safety-forms.js';
const RJSF_FIELD = '#root_report_reporterName';
/** Suffix of the navigation targets on the BENCH_COMPARE build. */
const COMPARED = ' (compare)';

// ---------------------------------------------------------------------------------------------
// statistics and formatting

const sorted = (xs) => [...xs].filter(Number.isFinite).sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const stats = (xs) => {
  const s = sorted(xs);
  return { n: s.length, median: median(s), p95: pct(s, 95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 1 ? 3 : x < 10 ? 2 : 0)} ms` : 'n/a');
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;
const mb = (x) => `${(x / 1048576).toFixed(2)} MB`;
const range = (s) => (Number.isFinite(s.min) ? `${ms(s.min)} - ${ms(s.max)}` : '');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const x = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');

/** One row of the printed table; `met`: true / false / null (no budget or no figure). */
const rows = [];
const row = (measure, figure, spread = '', budget = '', met = null) => rows.push({ measure, figure, spread, budget, met });
const section = (title) => rows.push({ section: title });

// ---------------------------------------------------------------------------------------------
// bytes

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

function entryPath(tag) {
  // dist/elements/<element>.js today; dist/<element>.js is the issue's spelling.
  for (const p of [join(dist, 'elements', `${tag}.js`), join(dist, `${tag}.js`)]) {
    try {
      return pageBytes(p, dist).missing.length ? null : p;
    } catch {
      /* next */
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// the browser side

/** A fresh context and page; CPU throttled through CDP before anything loads. */
async function freshPage(browser, rate, latency = 0) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  if (latency > 0) {
    // Every request waits a round trip, as through an intranet proxy: a module that imports chunks
    // pays for the extra round trip that loopback hides.
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.name || 'Error'));
  return { context, page, cdp, errors };
}

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

const waitReady = (page, timeout = 60_000) =>
  page.evaluate(
    (t) => Promise.race([window.__benchReady, new Promise((resolve) => setTimeout(() => resolve(null), t))]),
    timeout,
  );

/**
 * One navigation: fresh context, CPU rate set, the page loaded; returns navigation-to-form
 * (see readyProbe in lib/in-page.mjs), heap after GC (1x only), the first validation, CSP violations.
 */
async function navigateOnce(browser, url, target, rate, latency = 0) {
  const { context, page, cdp, errors } = await freshPage(browser, rate, latency);
  try {
    await page.addInitScript(cspProbe);
    await page.addInitScript(readyProbe, target.probe);
    await page.goto(url + target.path, { waitUntil: 'commit' });
    const ready = await waitReady(page);
    if (!ready) return { ready: NaN, dom: NaN, errors };
    // What the page fetched from the SDK before its form showed (resource timing, paths under /assets/).
    const assets = await page.evaluate(
      (t) =>
        performance
          .getEntriesByType('resource')
          .map((e) => ({ start: e.startTime, path: new URL(e.name).pathname.match(/^(?:\/compare)?\/assets\/(.+)$/)?.[1] }))
          .filter((e) => e.start <= t && e.path)
          .map((e) => e.path),
      ready.ready,
    );
    const heap = rate === 1 ? await heapAfterGc(cdp) : NaN;
    const validation = await page.evaluate(firstValidation, target.probe);
    const violations = await page.evaluate(() => window.__cspViolations.length);
    return { ...ready, assets, heap, validation, violations, errors };
  } finally {
    await context.close();
  }
}

async function typing(browser, url, target, field, rate, kind = target.probe.kind) {
  const { context, page, cdp } = await freshPage(browser, 1);
  try {
    await page.addInitScript(readyProbe, target.probe);
    await page.goto(url + target.path);
    if (!(await waitReady(page))) throw new Error(`${target.name}: the form never showed`);
    if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    return await page.evaluate(keystrokes, { ...target.probe, kind, field, count: KEYS, warmup: 5 });
  } finally {
    await context.close();
  }
}

/** Whole-form validation, classification and encrypted drafts through core (bench/core-entry.ts). */
async function coreTimes(browser, url) {
  const { context, page } = await freshPage(browser, 1);
  try {
    await page.goto(`${url}/core`);
    const result = await page.evaluate(() => {
      const { validateWith, threatReport, classifyThreat, completeReport } = window.__sfBench;
      // performance.now() is coarsened (0.1 ms here: not cross-origin isolated), so time batches of
      // 50 calls and keep the mean per call of each batch.
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
      // The first five warm the key and the connection.
      return { save: save.slice(5), restore: restore.slice(5), bytes: JSON.stringify({ data: fullReport, leftovers: [] }).length };
    });
    return { ...result, drafts };
  } finally {
    await context.close();
  }
}

/** RJSF's validator on the complete report after its first (compiling) call, and its page under a strict CSP. */
async function rjsfExtras(browser, url, completeReport) {
  const out = {};
  {
    const { context, page } = await freshPage(browser, 1);
    try {
      await page.addInitScript(readyProbe, { kind: 'rjsf' });
      await page.goto(`${url}/rjsf`);
      await waitReady(page);
      out.validateComplete = await page.evaluate((data) => {
        const { validator, schema } = window.__rjsfBench;
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
        const errors = validator.validateFormData(data, schema).errors.length;
        return { times: time(() => validator.validateFormData(data, schema)), errors };
      }, completeReport);
    } finally {
      await context.close();
    }
  }
  {
    const { context, page } = await freshPage(browser, 1);
    try {
      await page.addInitScript(cspProbe);
      await page.addInitScript(readyProbe, { kind: 'rjsf' });
      await page.goto(`${url}/rjsf-strict-csp`);
      out.strictRenders = !!(await waitReady(page, 15_000));
      out.strictCompileError = out.strictRenders ? await page.evaluate(rjsfCompileCheck) : 'not rendered';
      out.strictViolations = await page.evaluate(() => [...new Set(window.__cspViolations)]);
    } finally {
      await context.close();
    }
  }
  return out;
}

async function generated(browser, url, sizes) {
  const out = {};
  for (const fields of sizes) {
    const schema = generateSchema(fields);
    const runs = [];
    for (let i = 0; i < GEN_RUNS; i++) {
      const { context, page, cdp, errors } = await freshPage(browser, 1);
      try {
        await page.goto(`${url}/generated`);
        const { has } = await page.evaluate(renderGenerated, undefined);
        if (!has) return { missing: true };
        await page.evaluate((s) => void (window.__schema = s), schema);
        const before = await heapAfterGc(cdp);
        const r = await page.evaluate(renderGenerated, 'window.__schema');
        const after = await heapAfterGc(cdp);
        runs.push({ ...r, heap: after - before, errors });
      } finally {
        await context.close();
      }
    }
    out[fields] = runs;
    progress(`generated schema, ${fields} questions: ${runs.map((r) => ms(r.render)).join(', ')}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// main

progress(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work makes every figure noisy: read min-max)`);
const { schema, completeReport } = await threatReportInputs(root);
const [rjsfJs, coreJs] = await Promise.all([bundleRjsf({ root, schema }), coreScript()]);
const size = {
  bundle: pageBytes(join(dist, 'safety-forms.js'), dist),
  all: existsSync(join(dist, 'safety-forms-all.js')) ? pageBytes(join(dist, 'safety-forms-all.js'), dist) : null,
  entries: Object.fromEntries(ENTRIES.map((e) => [e, entryPath(e)]).map(([e, p]) => [e, p ? pageBytes(p, dist) : null])),
  rjsf: { minified: Buffer.byteLength(rjsfJs), gzip: gzipSync(rjsfJs, { level: 9 }).length },
};
progress('bytes measured; RJSF bundled (production React 18)');

const forms = Object.fromEntries(
  Object.entries(FORMS).map(([tag, attrs]) => [
    tag,
    { module: entryPath(tag) ? entryPath(tag).slice(dist.length + 1) : 'safety-forms.js', attrs: { 'user-id': 'bench.user', endpoint: '/api/bench', ...attrs } },
  ]),
);
const server = await startServer({ root, dist, compare: COMPARE, rjsf: rjsfJs, core: coreJs, forms });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });
const results = { date: new Date().toISOString(), chromium: browser.version(), cpus: cpus().length, loadavg: loadavg(), runs: RUNS, size };
try {
  // CPU throttling check: the same busy loop at 1x and 4x.
  const throttle = {};
  for (const rate of [1, 4]) {
    const { context, page } = await freshPage(browser, rate);
    await page.goto(`${server.url}/core`);
    const loops = [];
    for (let i = 0; i < 3; i++) loops.push((await page.evaluate(busyLoop)).ms);
    throttle[rate] = median(loops);
    await context.close();
  }
  results.throttle = throttle;
  progress(`CPU throttling check: busy loop ${ms(throttle[1])} at 1x, ${ms(throttle[4])} at 4x (${x(throttle[4] / throttle[1])})`);

  // Navigation-to-form: every form and RJSF, interleaved run by run so the machine's noise falls on all alike.
  // The threat report first (the latency and keystroke runs take it from here), then the other forms,
  // the threat report on a page that loads the all-forms safety-forms.js, and RJSF last.
  const targets = [
    ...Object.keys(FORMS)
      .filter((tag) => !NAV_FORMS || tag === 'threat-report-form' || NAV_FORMS.includes(tag))
      .map((tag) => ({ name: tag, path: `/form/${tag}`, probe: { kind: 'sdk', tag } })),
    { name: BUNDLE_TARGET, path: '/bundle/threat-report-form', probe: { kind: 'sdk', tag: 'threat-report-form' } },
    ...(COMPARE
      ? [
          { name: `threat-report-form${COMPARED}`, path: '/compare/form/threat-report-form', probe: { kind: 'sdk', tag: 'threat-report-form' } },
          { name: `${BUNDLE_TARGET}${COMPARED}`, path: '/compare/bundle/threat-report-form', probe: { kind: 'sdk', tag: 'threat-report-form' } },
        ]
      : []),
    { name: 'rjsf', path: '/rjsf', probe: { kind: 'rjsf' } },
  ];
  const nav = {};
  for (const rate of runs('nav') ? [1, 4] : []) {
    nav[rate] = Object.fromEntries(targets.map((t) => [t.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (let j = 0; j < targets.length; j++) {
        const t = targets[(i + j) % targets.length];
        nav[rate][t.name].push(await navigateOnce(browser, server.url, t, rate));
      }
      progress(`navigation-to-form ${rate}x: run ${i + 1} of ${RUNS}`);
    }
  }
  results.navigation = nav;

  // The same, threat report and RJSF only, at 1x with a 40 ms round trip on every request.
  const latencyTargets = [
    targets[0],
    { name: 'threat-report-form (modulepreload)', path: '/form/threat-report-form/preload', probe: targets[0].probe },
    targets.find((t) => t.name === BUNDLE_TARGET),
    targets[targets.length - 1],
  ];
  const navLatency = Object.fromEntries(latencyTargets.map((t) => [t.name, []]));
  for (let i = 0; i < (runs('latency') ? RUNS : 0); i++) {
    for (let j = 0; j < latencyTargets.length; j++) {
      const t = latencyTargets[(i + j) % latencyTargets.length];
      navLatency[t.name].push(await navigateOnce(browser, server.url, t, 1, LATENCY_MS));
    }
  }
  if (runs('latency')) progress(`navigation-to-form with ${LATENCY_MS} ms round trips done`);
  results.navigationWithLatency = { latencyMs: LATENCY_MS, runs: navLatency };

  // Keystrokes: the threat report's first text field, ours and RJSF's, 1x and 4x.
  const sdkTarget = targets[0];
  const rjsfTarget = targets[targets.length - 1];
  const keys = {};
  for (const rate of runs('keys') ? [1, 4] : []) {
    keys[rate] = {
      sdk: await typing(browser, server.url, sdkTarget, SDK_FIELD, rate),
      rjsf: await typing(browser, server.url, rjsfTarget, RJSF_FIELD, rate),
      // The method's own cost: a plain <input> added to the same threat report page, timed alike.
      floor: await typing(browser, server.url, sdkTarget, '#sf-bench-floor', rate, 'floor'),
    };
    progress(`keystrokes ${rate}x done`);
  }
  results.keystrokes = keys;

  const core = runs('core') ? await coreTimes(browser, server.url) : null;
  results.core = core;
  if (core) progress('validation and drafts done');
  const rjsf = runs('core') ? await rjsfExtras(browser, server.url, completeReport) : null;
  results.rjsf = rjsf;
  if (rjsf) progress('RJSF validation and strict-CSP check done');

  const gen = runs('generated') ? await generated(browser, server.url, GEN_SIZES) : null;
  results.generated = gen;

  let submit = null;
  if (SUBMIT_RUNS > 0) {
    try {
      submit = await submitBench({ browser, root, runs: SUBMIT_RUNS });
    } catch (e) {
      submit = { error: e instanceof Error ? e.message : String(e) };
    }
    progress('submit bench done');
  }
  results.submit = submit;

  // -------------------------------------------------------------------------------------------
  // the table

  section(`Bytes (gzip level 9, each file on its own as a server sends it; minified in the spread column). First load: the entry and every chunk it imports statically, all fetched before the form can paint; on demand: each import() chunk with what it adds, fetched at first use (or preloaded once the page is idle)`);
  const chunkName = (file) => file.replace(/^.*\//, '').replace(/-[A-Z0-9]{8}\.js$/, '.js');
  const onDemandRows = (s) => {
    for (const c of s.lazy.chunks ?? []) row(`  + on demand: ${chunkName(c.file)}`, kb(c.gzip), `${kb(c.minified)} min, ${c.files.length} file(s)`);
  };
  const b = size.bundle;
  row('safety-forms.js, every form: first load', kb(b.gzip), `${kb(b.minified)} min, ${b.files.length} file(s)${b.lazy.files.length ? `; + ${kb(b.lazy.gzip)} on demand in ${b.lazy.files.length}` : ''}`, '<= 60 KB', b.gzip <= 60 * 1024);
  onDemandRows(b);
  // What a page on safety-forms.js with one form really fetched before the form showed (the loader
  // imports the element's module; a one-file bundle is all of it): the first 1x navigation that showed.
  const fetched = (name, from = dist) => {
    const shown = runs('nav') ? nav[1][name]?.find((r) => Array.isArray(r.assets)) : undefined;
    if (!shown) return null;
    const files = [...new Set(shown.assets)].filter((f) => existsSync(join(from, f)));
    return { files, gzip: files.reduce((n, f) => n + gzipSync(readFileSync(join(from, f)), { level: 9 }).length, 0), minified: files.reduce((n, f) => n + readFileSync(join(from, f)).length, 0) };
  };
  const fetchedRow = (measure, f) => f && row(measure, kb(f.gzip), `${kb(f.minified)} min, ${f.files.length} file(s), from resource timing`);
  fetchedRow('  page on safety-forms.js with the threat report: fetched before it showed', fetched(BUNDLE_TARGET));
  if (size.all) row('safety-forms-all.js, every element in one file (defined on load, classes exported)', kb(size.all.gzip), `${kb(size.all.minified)} min, ${size.all.files.length} file(s)`);
  if (COMPARE) {
    const c = pageBytes(join(COMPARE, 'safety-forms.js'), COMPARE);
    row(`safety-forms.js, every form: first load${COMPARED}`, kb(c.gzip), `${kb(c.minified)} min, ${c.files.length} file(s)`, '<= 60 KB', c.gzip <= 60 * 1024);
    fetchedRow(`  page on safety-forms.js with the threat report: fetched before it showed${COMPARED}`, fetched(`${BUNDLE_TARGET}${COMPARED}`, COMPARE));
    fetchedRow(`  threat report page: fetched before it showed${COMPARED}`, fetched(`threat-report-form${COMPARED}`, COMPARE));
  }
  for (const e of ENTRIES) {
    const s = size.entries[e];
    if (!s) {
      row(`page with one form: ${e}`, 'n/a', 'entry point missing');
      continue;
    }
    row(
      `page with one form: ${e}, first screen`,
      kb(s.gzip),
      `${kb(s.minified)} min, entry + ${s.files.length - 1} chunk(s)${s.lazy.files.length ? `; + ${kb(s.lazy.gzip)} on demand in ${s.lazy.files.length}` : ''}`,
      '<= 25 KB',
      s.gzip <= 25 * 1024,
    );
    // The on-demand chunks of the threat report page and of <safety-form> (the other forms share the threat report's).
    if (e === 'threat-report-form' || e === 'safety-form') onDemandRows(s);
    if (e === 'threat-report-form') fetchedRow('  threat report page: fetched before it showed', fetched(e));
  }
  row('RJSF 6.11 + React 18 + ajv8, threat report (bench build)', kb(size.rjsf.gzip), `${kb(size.rjsf.minified)} min`);
  const trBytes = size.entries['threat-report-form']?.gzip;
  row('  ours / RJSF, threat report page', x(ratio(trBytes, size.rjsf.gzip)));

  const navStats = (rate, name) => stats(nav[rate][name].map((r) => r.ready));
  for (const rate of runs('nav') ? [1, 4] : []) {
    section(`Navigation to form, ${rate}x CPU (median of ${RUNS}, fresh context each; start of navigation to the first section's controls painted and the main thread free)`);
    const rj = navStats(rate, 'rjsf');
    for (const t of targets) {
      const s = navStats(rate, t.name);
      const failed = nav[rate][t.name].filter((r) => !Number.isFinite(r.ready)).length;
      const isTr = [BUNDLE_TARGET, 'threat-report-form'].includes(t.name.replace(COMPARED, ''));
      row(
        t.name === 'rjsf' ? 'RJSF, threat report schema' : t.name,
        ms(s.median),
        `${range(s)}${failed ? `; ${failed} never showed` : ''}`,
        isTr ? `<= 1/2 RJSF (${ms(rj.median / 2)})` : '',
        isTr ? s.median <= rj.median / 2 : null,
      );
    }
    row('  ours / RJSF, threat report', x(ratio(navStats(rate, 'threat-report-form').median, rj.median)), '', '<= 0.50x', ratio(navStats(rate, 'threat-report-form').median, rj.median) <= 0.5);
    const onBundle = ratio(navStats(rate, BUNDLE_TARGET).median, rj.median);
    row('  ours on safety-forms.js / RJSF, threat report', x(onBundle), '', '<= 0.50x', onBundle <= 0.5);
    if (COMPARE) {
      const page = ratio(navStats(rate, `threat-report-form${COMPARED}`).median, rj.median);
      row(`  ours / RJSF, threat report${COMPARED}`, x(page), '', '<= 0.50x', page <= 0.5);
      const bundle = ratio(navStats(rate, `${BUNDLE_TARGET}${COMPARED}`).median, rj.median);
      row(`  ours on safety-forms.js / RJSF, threat report${COMPARED}`, x(bundle), '', '<= 0.50x', bundle <= 0.5);
    }
  }

  if (runs('latency')) {
    section(`Navigation to form, 1x CPU, every request ${LATENCY_MS} ms away (median of ${RUNS}); our page fetches its entry, then the chunks it imports`);
    const ours = stats(navLatency['threat-report-form'].map((r) => r.ready));
    const theirs = stats(navLatency.rjsf.map((r) => r.ready));
    const preloaded = stats(navLatency['threat-report-form (modulepreload)'].map((r) => r.ready));
    row('threat-report-form', ms(ours.median), range(ours), `<= 1/2 RJSF (${ms(theirs.median / 2)})`, ours.median <= theirs.median / 2);
    row('threat-report-form, chunks as <link rel="modulepreload">', ms(preloaded.median), range(preloaded));
    const onLoader = stats(navLatency[BUNDLE_TARGET].map((r) => r.ready));
    row(BUNDLE_TARGET, ms(onLoader.median), range(onLoader));
    row('RJSF, threat report schema', ms(theirs.median), range(theirs));
    row('  ours / RJSF, threat report', x(ratio(ours.median, theirs.median)), '', '<= 0.50x', ratio(ours.median, theirs.median) <= 0.5);
    row('  ours with modulepreload / RJSF', x(ratio(preloaded.median, theirs.median)), '', '<= 0.50x', ratio(preloaded.median, theirs.median) <= 0.5);
    row('  ours on safety-forms.js / RJSF', x(ratio(onLoader.median, theirs.median)), '', '<= 0.50x', ratio(onLoader.median, theirs.median) <= 0.5);
  }

  if (runs('keys')) {
    section(`Keystroke update (${KEYS} input events on the reporter's name, one per frame; input to update committed + forced layout; median, p95 in spread)`);
    for (const rate of [1, 4]) {
      const budget = rate === 1 ? 1 : 5;
      const s = stats(keys[rate].sdk.rows.map((r) => r.ms));
      const r = stats(keys[rate].rjsf.rows.map((r) => r.ms));
      row(`threat report, ${rate}x`, ms(s.median), `p95 ${ms(s.p95)}, ${range(s)}${keys[rate].sdk.kept ? '' : '; TEXT LOST'}`, `<= ${budget} ms`, s.median <= budget);
      row(`RJSF, ${rate}x`, ms(r.median), `p95 ${ms(r.p95)}, ${range(r)}${keys[rate].rjsf.kept ? '' : '; TEXT LOST'}`);
      row(`  ours / RJSF, ${rate}x`, x(ratio(s.median, r.median)));
      const f = stats(keys[rate].floor.rows.map((r) => r.ms));
      row(`  plain <input> on the same page, ${rate}x (the method's own floor)`, ms(f.median), `p95 ${ms(f.p95)}, ${range(f)}`);
    }
    const per = (rs, k) => median(rs.map((r) => r[k]));
    const k1 = keys[1];
    row(
      'per keystroke, threat report: DOM mutation records / whole-form validations / renders',
      `${per(k1.sdk.rows, 'mutations')} / ${per(k1.sdk.rows, 'validations')} / ${per(k1.sdk.rows, 'renders')}`,
      'median; issue #8: typing must not re-render or re-validate the whole form',
    );
    row('per keystroke, RJSF: DOM mutation records / validator calls', `${per(k1.rjsf.rows, 'mutations')} / ${per(k1.rjsf.rows, 'validations')}`, 'median');
  }

  if (core && rjsf && runs('nav')) {
    section('Validation');
    const vc = stats(core.validateComplete);
    row('whole-form validation, complete threat report (40 x 50 calls)', ms(vc.median), `p95 ${ms(vc.p95)}`, '<= 1 ms', vc.median <= 1);
    const ve = stats(core.validateEmpty);
    row('whole-form validation, empty threat report (40 x 50 calls)', ms(ve.median), `p95 ${ms(ve.p95)}`);
    const rv = stats(rjsf.validateComplete.times);
    row('RJSF validateFormData, complete threat report (after compiling)', ms(rv.median), `p95 ${ms(rv.p95)}; ${rjsf.validateComplete.errors} error(s) on our complete report`);
    for (const rate of [1, 4]) {
      const fv = (name) => stats(nav[rate][name].map((r) => r.validation?.shown));
      const ours = fv('threat-report-form');
      const theirs = fv('rjsf');
      const ourErrors = median(nav[rate]['threat-report-form'].map((r) => r.validation?.errors));
      row(`first validation of a fresh empty form, ${rate}x: threat report (errors shown)`, ms(ours.median), `${range(ours)}; ${ourErrors} errors`);
      row(`first validation of a fresh empty form, ${rate}x: RJSF (compiles its schema)`, ms(theirs.median), range(theirs));
      row(`  ours / RJSF, ${rate}x`, x(ratio(ours.median, theirs.median)));
    }
    const sdkViolations = targets.filter((t) => t.name !== 'rjsf').reduce((n, t) => n + nav[1][t.name].reduce((m, r) => m + (r.violations ?? 0), 0), 0);
    row("renders and validates under script-src 'self': safety-forms", sdkViolations === 0 ? 'yes' : 'NO', `every SDK page is served with the strict CSP; ${sdkViolations} violation(s)`);
    row(
      "renders and validates under script-src 'self': RJSF",
      `${rjsf.strictRenders ? 'renders' : 'does not render'}, ${rjsf.strictCompileError ? 'validation blocked' : 'validates'}`,
      `${rjsf.strictCompileError ? `ajv compile: ${rjsf.strictCompileError}; ` : ''}violated: ${rjsf.strictViolations.join(', ') || 'none'}`,
    );

    section('Drafts and result');
    const ds = stats(core.drafts.save);
    const dr = stats(core.drafts.restore);
    row(`encrypted draft save, full report (${core.drafts.bytes} B JSON, ${ds.n} runs)`, ms(ds.median), `p95 ${ms(ds.p95)}, ${range(ds)}`, '<= 5 ms', ds.median <= 5);
    row(`draft restore (read + decrypt, ${dr.n} runs)`, ms(dr.median), `p95 ${ms(dr.p95)}, ${range(dr)}`);
    const cl = stats(core.classify);
    row('classifyThreat (40 x 50 calls)', ms(cl.median), `p95 ${ms(cl.p95)}`);
  }

  if (runs('nav')) {
    section('Memory (JS heap after GC, form shown, 1x; median of the navigation runs)');
    const heap = (name) => median(nav[1][name].map((r) => r.heap));
    row('threat report page', mb(heap('threat-report-form')));
    row('RJSF page, threat report schema', mb(heap('rjsf')));
    row('  ours / RJSF', x(ratio(heap('threat-report-form'), heap('rjsf'))));
  }

  if (gen) {
    section(`Generated schema in <safety-form> (.schema = {...}, max-schema-bytes raised to 64 MB, drafts off; sections of 25 questions; median of ${GEN_RUNS} fresh pages, 1x)`);
    if (gen.missing) {
      for (const n of GEN_SIZES) row(`${n} questions`, 'n/a', '(safety-form schema property missing)');
    } else {
      let previous = null;
      for (const n of GEN_SIZES) {
        const rs = gen[n];
        const refused = rs.find((r) => r.refused || !r.controls);
        if (refused) {
          row(`${n} questions (${n / 25} sections)`, 'refused', `schema-error: ${refused.refused ?? 'no controls shown'}`);
          continue;
        }
        const render = stats(rs.map((r) => r.render));
        const next = stats(rs.map((r) => r.next));
        const key = stats(rs.flatMap((r) => r.keys));
        const h = median(rs.map((r) => r.heap));
        // Growth from the size before: what one more question costs once the fixed costs are paid.
        const added = previous ? n - previous.n : 0;
        const signed = (v, digits) => `${v < 0 ? '-' : '+'} ${Math.abs(v).toFixed(digits)}`;
        const slope = (a, b) => (added ? `; ${signed(((a - b) / added) * 1000, 1)} us per question added since ${previous.n}` : '');
        const heapSlope = previous ? `; ${signed((h - previous.h) / added / 1024, 2)} KB per question added since ${previous.n}` : '';
        row(`${n} questions (${n / 25} sections): first section shown`, ms(render.median), `${range(render)}; ${((render.median / n) * 1000).toFixed(1)} us per question${slope(render.median, previous?.render ?? 0)}`);
        row(`${n} questions: heap retained by the form`, mb(h), `${(h / n / 1024).toFixed(2)} KB per question${heapSlope}`);
        row(`${n} questions: next section / keystroke`, `${ms(next.median)} / ${ms(key.median)}`, `next ${range(next)}; keystroke p95 ${ms(key.p95)}`);
        previous = { n, render: render.median, h };
      }
    }
  }

  if (submit && !submit.error) {
    section('Submission (demo page, reference receiver through the fault proxy)');
    row(`Submit to confirmation, local receiver (median of ${submit.noFaults.runs})`, ms(submit.noFaults.median), `${ms(submit.noFaults.min)} - ${ms(submit.noFaults.max)}`);
    row(
      `fault mix, ${submit.faultMix.submissions} submissions (${submit.faultMix.mix.join(', ')})`,
      `${submit.faultMix.stored} stored`,
      `${submit.faultMix.confirmed} confirmed, ${submit.faultMix.attempts} attempts, one key each: ${submit.faultMix.oneKeyEach ? 'yes' : 'NO'}`,
    );
  } else if (submit?.error) {
    section('Submission');
    row('submit bench', 'failed', submit.error.split('\n')[0].slice(0, 160));
  }

  print();
  results.rows = rows;
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2));
  console.log('\nwritten: bench/results.json');
  progress('done');
} finally {
  await browser.close();
  await server.close();
}

function print() {
  const w = [0, 0, 0, 0];
  const cells = (r) => [r.measure, r.figure, r.budget ? `${r.budget} ${r.met === true ? 'met' : r.met === false ? 'OVER' : ''}` : '', r.spread];
  for (const r of rows) if (!r.section) cells(r).forEach((c, i) => (w[i] = Math.max(w[i], c.length)));
  console.log(`\nsafety-forms bench (${results.date}, Chromium ${results.chromium}, ${results.cpus} CPUs, load average ${results.loadavg.map((l) => l.toFixed(2)).join(' ')} at start)`);
  console.log(`figure = median unless said; budget from issue #8 beside it ("met" / "OVER"); spread = min - max of the samples, or as said\n`);
  console.log(`${'measure'.padEnd(w[0])}  ${'figure'.padStart(w[1])}  ${'budget'.padEnd(w[2])}  spread`);
  for (const r of rows) {
    if (r.section) {
      console.log(`\n${r.section}`);
      continue;
    }
    const [a, b2, c, d] = cells(r);
    console.log(`${a.padEnd(w[0])}  ${b2.padStart(w[1])}  ${c.padEnd(w[2])}  ${d}`);
  }
}
