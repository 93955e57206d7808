// Submission bench: the server's own form page (/forms/threat-report, signed in as a member of staff)
// in headless Chromium sends threat reports to packages/server (SQLite in a temp folder) through the
// fault proxy of the end-to-end tests.
//   (a) no faults: time from clicking Submit (on "Check your answers") to the confirmation panel being
//       in the DOM, `runs` times (one page, `el.reset()` between runs, one unmeasured warm-up first)
//   (b) a fault mix: `faultRuns` submissions, the proxy injecting in rotation 500, 503 Retry-After: 1,
//       409, a 200 HTML page, a connection dropped after the record was stored, and nothing; each
//       fault is followed by a clean forward. Reports how many were confirmed and how many records
//       the server holds (they must be equal: one record per confirmed submission).
// It reports; it never fails on a number. `node --import tsx bench/submit.mjs` runs it on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { seedDemo } from '../packages/server/src/services/accounts.ts';
import { startFaultProxy } from '../packages/server/test/support/fault-proxy.mjs';
import { validThreatReport } from '../packages/server/test/support/fixtures.ts';

const PASSWORD = 'bench password for the submit bench';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Short backoff so the bench measures the SDK and the server, not the default 0.5-8 s waits. */
const RETRY_POLICY = { attempts: 4, baseDelay: 50, maxDelay: 200, maxRetryAfter: 5000 };
const FAULTS = [
  ['500', { status: 500 }],
  ['503 Retry-After: 1', { status: 503, headers: { 'Retry-After': '1' } }],
  ['409', { status: 409 }],
  ['200 text/html', 'html'],
  ['dropped after store', 'drop'],
  ['none', 'forward'],
];

const round = (x) => Math.round(x * 10) / 10;
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]) };
}

/**
 * One submission from a ready page: resets the form, fills it, clicks Submit and resolves when the
 * confirmation panel is in the shadow DOM (or the submission finally failed or was queued).
 * @returns {{ ms: number, outcome: 'sent' | 'failed' | 'queued', reference?: string }}
 */
function submitOnce(page, data) {
  return page.evaluate(
    async ([data, policy]) => {
      const el = document.querySelector('threat-report-form');
      el.reset();
      el.retryPolicy = policy;
      el.value = data;
      await el.updateComplete;
      const root = el.shadowRoot;
      // The Submit button is on "Check your answers": open it first when it is not shown.
      if (!root.querySelector('#submit')) {
        root.querySelector('[part~=check-answers-link], #continue, [part~=return-to-check-button]')?.click();
        await el.updateComplete;
      }
      const button = root.querySelector('#submit');
      if (!button) return { ms: NaN, outcome: 'no submit button' };
      return new Promise((resolve) => {
        let t0 = 0;
        let timer;
        const done = (outcome) => {
          const ms = performance.now() - t0;
          observer.disconnect();
          el.removeEventListener('sf-submit-error', onError);
          clearTimeout(timer);
          resolve({ ms, outcome, reference: root.querySelector('[part="reference"]')?.textContent?.trim() });
        };
        const observer = new MutationObserver(() => {
          if (root.querySelector('[part="confirmation"]')) done('sent');
        });
        const onError = () => done(el.state === 'queued' ? 'queued' : 'failed');
        observer.observe(root, { childList: true, subtree: true });
        el.addEventListener('sf-submit-error', onError);
        timer = setTimeout(() => done('timeout'), 20_000);
        t0 = performance.now();
        button.click();
      });
    },
    [data, RETRY_POLICY],
  );
}

/**
 * @param {{ browser: import('playwright-core').Browser, root?: string, runs?: number, faultRuns?: number }} options
 * @returns {Promise<{
 *   noFaults: { runs: number, median: number, min: number, max: number },
 *   faultMix: { submissions: number, confirmed: number, stored: number, matched: number, attempts: number, oneKeyEach: boolean, ms: number, mix: string[] }
 * }>} times in ms; `matched`: confirmed references found in the server; `oneKeyEach`: every
 * submission's attempts carried one Idempotency-Key.
 */
export async function submitBench({ browser, root = ROOT, runs = 20, faultRuns = runs }) {
  const dir = mkdtempSync(join(tmpdir(), 'sf-bench-submit-'));
  const config = loadConfig('test', { SAFETY_ROOT: root }, { dataDir: dir, logLevel: 'warn' });
  const server = await buildApp(config);
  await seedDemo(server.services.accounts, PASSWORD);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const stored = async () => Number((await server.services.db.kysely.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const hasReference = async (reference) => !!(await server.services.records.byReference(reference));
  const proxy = await startFaultProxy({ upstream: `http://127.0.0.1:${server.app.server.address().port}` });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // Signed in through the proxy (it forwards everything but the submission POSTs it is told to fault).
    await page.goto(`${proxy.base}/sign-in`, { waitUntil: 'load' });
    await page.fill('input[name="username"]', 'staff.demo');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), page.locator('form[method="post"] button, form[method="post"] [type="submit"]').first().click()]);
    await page.goto(`${proxy.base}/forms/threat-report`, { waitUntil: 'load' });
    await page.waitForFunction(() => !!document.querySelector('threat-report-form')?.shadowRoot?.querySelector('[part~="section"], form, fieldset'));
    const data = validThreatReport();

    // (a) no faults
    await submitOnce(page, data); // warm-up, not counted
    const times = [];
    for (let i = 0; i < runs; i++) {
      const r = await submitOnce(page, data);
      if (r.outcome !== 'sent') throw new Error(`submit bench: a clean submission ended ${r.outcome}`);
      times.push(r.ms);
    }
    const noFaults = { runs, ...stats(times) };

    // (b) fault mix
    const before = await stored();
    let confirmed = 0;
    let matched = 0;
    let attempts = 0;
    let oneKeyEach = true;
    const t0 = performance.now();
    for (let i = 0; i < faultRuns; i++) {
      const [, fault] = FAULTS[i % FAULTS.length];
      proxy.clear().script([fault, 'forward']);
      const r = await submitOnce(page, data);
      attempts += proxy.attempts.length;
      if (new Set(proxy.keys).size !== 1) oneKeyEach = false;
      if (r.outcome === 'sent') {
        confirmed++;
        if (r.reference && (await hasReference(r.reference))) matched++;
      }
    }
    const faultMix = {
      submissions: faultRuns,
      confirmed,
      stored: (await stored()) - before,
      matched,
      attempts,
      oneKeyEach,
      ms: round(performance.now() - t0),
      mix: FAULTS.map(([name]) => name),
    };
    return { noFaults, faultMix };
  } finally {
    await context.close().catch(() => undefined);
    await proxy.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });
  try {
    const runs = Number(process.env.BENCH_RUNS ?? 20);
    const { noFaults, faultMix } = await submitBench({ browser, root: ROOT, runs });
    console.log(`submit to confirmation, local server, no faults (median of ${noFaults.runs}): ${noFaults.median} ms (min ${noFaults.min} ms, max ${noFaults.max} ms)`);
    console.log(
      `fault mix (${faultMix.mix.join(', ')}, in rotation): ${faultMix.submissions} submissions, ${faultMix.confirmed} confirmed, ` +
        `${faultMix.stored} stored, ${faultMix.matched} references matched, ${faultMix.attempts} attempts, ` +
        `one key per submission: ${faultMix.oneKeyEach ? 'yes' : 'NO'}, ${faultMix.ms} ms in all`,
    );
    console.log(JSON.stringify({ noFaults, faultMix }));
    if (faultMix.confirmed !== faultMix.stored || faultMix.stored !== faultMix.submissions) {
      console.log('warning: confirmed, stored and submissions differ');
    }
  } finally {
    await browser.close();
  }
}
