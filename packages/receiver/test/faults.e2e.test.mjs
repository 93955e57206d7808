// End to end in real Chromium: the demo page talks to the real receiver through a fault-injecting
// proxy (fault-proxy.mjs), and each test scripts what the submission attempts meet on the way, as
// RELIABILITY.md's Submission table lists: 500, 503 with Retry-After, 409, 401, 413, a 200 HTML login
// page, a slow reply, a connection dropped after the record was stored, a 422 with field errors,
// offline, and a receiver restart mid-submission. For each: what the user sees, how many records the
// receiver kept, that every attempt carried the same Idempotency-Key, and that the answers stayed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startFaultProxy } from './fault-proxy.mjs';
import { FAKE_NAME, startReceiver, tempDataFile, validThreatReport } from './helpers.mjs';

const LAUNCH = {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

/** Fast retries for the tests: the behaviour is the same as the defaults', the waits are shorter. */
const FAST_RETRIES = { attempts: 4, baseDelay: 50, maxDelay: 200, maxRetryAfter: 5000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^TR-\d{8}-[0-9A-F]{6}$/;
const WAIT = 10_000;

const TEXT = {
  auth: 'Your sign-in has expired. Sign in again in a new tab, then come back and press Submit. Your answers are still here.',
  tooLarge: 'The form is too large for the service to accept. Shorten the longest answers and try again.',
  invalid: 'The service found problems with some answers. Correct them and press Submit again.',
  queued: 'Your form is saved on this device and will be sent automatically when the connection is back.',
};

describe('submission faults, end to end in Chromium through a fault proxy', { timeout: 90_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const consoleMessages = [];
  const pageErrors = [];
  const receiverLogs = [];

  before(async () => {
    browser = await chromium.launch(LAUNCH);
  });

  after(async () => {
    await browser?.close();
  });

  /**
   * A receiver (in memory unless `receiver.dataFile`), the proxy in front of it, and the demo page in
   * a fresh browser context (its own IndexedDB, so no outbox entry survives from another test), loaded
   * through the proxy, with drafts ready, fast retries and the complete fixture as its value.
   */
  async function setup(t, { receiver = {} } = {}) {
    const rx = await startReceiver(receiver);
    const proxy = await startFaultProxy({ upstream: rx.base });
    const context = await browser.newContext();
    const env = { rx, proxy, context, page: undefined, fixture: validThreatReport() };
    t.after(async () => {
      await context.close().catch(() => undefined);
      await proxy.close();
      receiverLogs.push(...env.rx.logLines);
      await env.rx.close().catch(() => undefined);
    });
    const page = await context.newPage();
    env.page = page;
    page.setDefaultTimeout(WAIT);
    page.on('console', (msg) => consoleMessages.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
    await page.addInitScript(() => {
      window.__sfEvents = [];
      for (const type of ['sf-submit', 'sf-submitted', 'sf-submit-error']) {
        document.addEventListener(type, (e) => {
          const d = e.detail ?? {};
          window.__sfEvents.push({ type, kind: d.kind, status: d.status, queued: d.queued, reference: d.reference, key: d.idempotencyKey, fieldErrors: d.fieldErrors });
        });
      }
    });
    const response = await page.goto(`${proxy.base}/`, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    // Ready: rendered, and the drafts store (which holds the outbox) open.
    await page.waitForFunction(
      () => !!document.querySelector('threat-report-form')?.shadowRoot?.querySelector('[part="draft-status"] .hint'),
      undefined,
      { timeout: WAIT },
    );
    await page.evaluate(
      ([policy, data]) => {
        const el = document.querySelector('threat-report-form');
        el.retryPolicy = policy;
        el.value = data;
        return el.updateComplete;
      },
      [FAST_RETRIES, env.fixture],
    );
    // Submit is on "Check your answers", after the last section.
    await form(page).locator('[part~="check-answers-link"]').click();
    return env;
  }

  const form = (page) => page.locator('threat-report-form');
  const submitButton = (page) => form(page).locator('#submit');
  /** From "Check your answers": the answer's Change link, a new answer, and back to "Check your answers" (where Submit is). */
  async function changeAnswer(page, id, text) {
    await form(page).locator(`a[href="${id}"]`).click();
    await form(page).locator(id).fill(text);
    await form(page).locator('[part~="return-to-check-button"]').click();
  }
  const state = (page) => page.evaluate(() => document.querySelector('threat-report-form').state);
  const events = (page) => page.evaluate(() => window.__sfEvents);

  /** Waits for the confirmation panel and returns the reference it shows. */
  async function confirmed(page, timeout = WAIT) {
    await form(page).locator('[part="confirmation"]').waitFor({ state: 'visible', timeout });
    const reference = (await form(page).locator('[part="reference"]').innerText()).trim();
    assert.match(reference, REFERENCE);
    assert.equal(await state(page), 'sent');
    return reference;
  }

  /** Every attempt carried one and the same Idempotency-Key (a UUID); returns it. */
  function oneKey(proxy, { min = 1, max = Infinity } = {}) {
    const keys = proxy.keys;
    assert.ok(keys.length >= min && keys.length <= max, `attempts: ${keys.length} (expected ${min}..${max}): ${JSON.stringify(proxy.attempts)}`);
    assert.match(keys[0] ?? '', UUID);
    assert.deepEqual(new Set(keys), new Set([keys[0]]), `keys: ${JSON.stringify(keys)}`);
    return keys[0];
  }

  /** The receiver kept exactly this one record, under the reference the user was shown. */
  function oneRecord(rx, reference, fixture) {
    assert.equal(rx.records.size, 1, 'exactly one record');
    const [record] = [...rx.records.values()];
    assert.equal(record.reference, reference);
    assert.deepEqual(record.envelope.data, fixture);
  }

  async function valueKept(page, fixture) {
    assert.deepEqual(await page.evaluate(() => document.querySelector('threat-report-form').value), fixture, 'the answers are still in el.value');
  }

  async function outboxSize(page) {
    return page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('safety-forms');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('outbox')) return db.close(), resolve(0);
            const count = db.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => (db.close(), resolve(count.result));
            count.onerror = () => (db.close(), reject(count.error));
          };
        }),
    );
  }

  async function submitError(page) {
    const notice = form(page).locator('[part~="submit-error"]');
    await notice.waitFor({ state: 'visible' });
    return (await notice.locator('p').innerText()).trim();
  }

  it('500, 500, then through: retried with the same key, confirmed with the receiver reference, one record', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script([{ status: 500 }, { status: 500 }, 'forward']);
    await submitButton(page).click();
    const reference = await confirmed(page);
    const key = oneKey(proxy, { min: 3, max: 3 });
    assert.deepEqual(proxy.attempts.map((a) => a.status), [500, 500, 201]);
    oneRecord(rx, reference, fixture);
    const sent = (await events(page)).filter((e) => e.type === 'sf-submitted');
    assert.deepEqual(sent.map((e) => [e.reference, e.key]), [[reference, key]]);
    assert.equal(await outboxSize(page), 0, 'the outbox entry goes once confirmed');
  });

  it('503 with Retry-After: 1: waits about a second, then the retry is confirmed', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script([{ status: 503, headers: { 'Retry-After': '1' } }, 'forward']);
    await submitButton(page).click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 2, max: 2 });
    const gap = proxy.attempts[1].at - proxy.attempts[0].at;
    assert.ok(gap >= 900, `Retry-After honoured: ${gap} ms between attempts`);
    oneRecord(rx, reference, fixture);
  });

  it('409 (another attempt in flight): waits and retries, one record', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script([{ status: 409, json: { type: 'about:blank', title: 'A request with this Idempotency-Key is in progress', status: 409 } }, 'forward']);
    await submitButton(page).click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 2, max: 2 });
    oneRecord(rx, reference, fixture);
  });

  it('401: says sign in again, keeps everything, and Try again after signing in sends it', async (t) => {
    const { rx, proxy, page, context, fixture } = await setup(t);
    // The intranet's gateway: 401 without a session cookie.
    proxy.always(({ req }) => (/(^|;\s*)sf-session=ok/.test(req.headers.cookie ?? '') ? 'forward' : { status: 401 }));
    await submitButton(page).click();
    assert.equal(await submitError(page), TEXT.auth);
    assert.equal(await state(page), 'failed');
    assert.equal(rx.records.size, 0);
    oneKey(proxy, { min: 1, max: 1 });
    await valueKept(page, fixture);
    assert.equal(await outboxSize(page), 1, 'the entry is kept in the outbox');
    const errors = (await events(page)).filter((e) => e.type === 'sf-submit-error');
    assert.deepEqual(errors.map((e) => [e.kind, e.status]), [['auth', 401]]);

    // Try again while still signed out: the same message, nothing stored.
    await form(page).locator('[part~="try-again-button"]').click();
    await page.waitForFunction(() => window.__sfEvents.filter((e) => e.type === 'sf-submit-error').length === 2, undefined, { timeout: WAIT });
    assert.equal(await submitError(page), TEXT.auth);
    assert.equal(rx.records.size, 0);

    // "Sign in again in a new tab": the session cookie arrives, then Try again.
    await context.addCookies([{ name: 'sf-session', value: 'ok', url: proxy.base }]);
    await form(page).locator('[part~="try-again-button"]').click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 3, max: 3 });
    oneRecord(rx, reference, fixture);
    assert.equal(await outboxSize(page), 0);
  });

  it('413 from the proxy: stops, says the form is too large, stores nothing, keeps the answers', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.always({ status: 413, json: { type: 'about:blank', title: 'Payload too large', status: 413 } });
    await submitButton(page).click();
    assert.equal(await submitError(page), TEXT.tooLarge);
    assert.equal(await state(page), 'failed');
    oneKey(proxy, { min: 1, max: 1 });
    assert.equal(rx.records.size, 0);
    await valueKept(page, fixture);
    assert.equal(await form(page).locator('[part~="try-again-button"]').count(), 0, 'no Try again for a record that is too large');
    const errors = (await events(page)).filter((e) => e.type === 'sf-submit-error');
    assert.deepEqual(errors.map((e) => [e.kind, e.status, e.queued]), [['too-large', 413, false]]);
  });

  it('a 200 text/html login page (unknown outcome): retried with the same key, one record', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script(['html', 'forward']);
    await submitButton(page).click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 2, max: 2 });
    assert.deepEqual(proxy.attempts.map((a) => a.status), [200, 201]);
    oneRecord(rx, reference, fixture);
  });

  it('a slow reply (3 s): the button stays busy, a second press sends nothing, then it is confirmed', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script([{ delay: 3000 }]);
    await submitButton(page).click();
    await proxy.waitFor(() => proxy.attempts.length === 1, WAIT, 'the first attempt');
    await page.waitForFunction(() => document.querySelector('threat-report-form').shadowRoot.querySelector('#submit')?.getAttribute('aria-disabled') === 'true', undefined, { timeout: WAIT });
    assert.equal(await state(page), 'sending');
    assert.equal((await submitButton(page).innerText()).trim(), 'Sending…');
    // Pressing again while busy (click and Enter): still one request.
    await submitButton(page).click({ force: true });
    await submitButton(page).press('Enter');
    await page.evaluate(() => document.querySelector('threat-report-form').submit().catch(() => undefined) && undefined);
    const reference = await confirmed(page);
    oneKey(proxy, { min: 1, max: 1 });
    oneRecord(rx, reference, fixture);
  });

  it('connection dropped after the receiver stored the record: the retry gets the replayed reply, not a second record', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script(['drop', 'forward']);
    await submitButton(page).click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 2, max: 3 });
    assert.equal(proxy.attempts[0].status, 'dropped');
    assert.equal(proxy.attempts[0].upstreamStatus, 201, 'the first attempt was stored');
    oneRecord(rx, reference, fixture);
  });

  it('422 problem+json with a field error: stops, shows it on /incident/subjectName, stores nothing', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.always({
      status: 422,
      json: { type: 'about:blank', title: 'Some answers need correcting', status: 422, errors: [{ pointer: '/data/incident/subjectName', detail: 'Not on the roll' }] },
    });
    await submitButton(page).click();
    assert.equal(await submitError(page), TEXT.invalid);
    assert.equal(await state(page), 'failed');
    oneKey(proxy, { min: 1, max: 1 });
    assert.equal(rx.records.size, 0);
    await valueKept(page, fixture);
    const summary = form(page).locator('[part="error-summary"]');
    await summary.waitFor({ state: 'visible' });
    const link = summary.getByRole('link', { name: 'Not on the roll', exact: true });
    await link.click();
    const fieldError = form(page).locator('#f--incident--subjectName-error');
    await fieldError.waitFor({ state: 'visible' });
    assert.match((await fieldError.innerText()).trim(), /Not on the roll$/);
    assert.equal(await form(page).locator('#f--incident--subjectName').getAttribute('aria-invalid'), 'true');
    const errors = (await events(page)).filter((e) => e.type === 'sf-submit-error');
    assert.deepEqual(errors.map((e) => [e.kind, e.status, e.fieldErrors]), [['invalid', 422, [{ pointer: '/incident/subjectName', message: 'Not on the roll' }]]]);
    assert.equal(await outboxSize(page), 0, 'a refused record does not wait in the outbox');
  });

  it('offline: queued in the outbox with a notice, sent when the browser is back online', async (t) => {
    const { rx, proxy, page, context, fixture } = await setup(t);
    await context.setOffline(true);
    await submitButton(page).click();
    const queued = form(page).locator('[part~="submit-queued"]');
    await queued.waitFor({ state: 'visible' });
    assert.ok((await queued.innerText()).includes(TEXT.queued));
    assert.equal(await state(page), 'queued');
    assert.equal(await outboxSize(page), 1, 'the entry waits in the outbox');
    assert.equal(proxy.attempts.length, 0, 'nothing reached the network');
    assert.equal(rx.records.size, 0);
    await valueKept(page, fixture);

    await context.setOffline(false);
    const reference = await confirmed(page);
    oneKey(proxy, { min: 1, max: 1 });
    oneRecord(rx, reference, fixture);
    assert.equal(await outboxSize(page), 0);
    const errors = (await events(page)).filter((e) => e.type === 'sf-submit-error');
    assert.deepEqual(errors.map((e) => [e.kind, e.queued]), [['network', true]]);
  });

  it('receiver restarted after storing, before the reply reached the browser: one record after the retry', async (t) => {
    const data = tempDataFile();
    t.after(() => data.cleanup());
    let stored;
    const wasStored = new Promise((resolve) => (stored = resolve));
    let first = true;
    const env = await setup(t, {
      receiver: {
        dataFile: data.file,
        // The receiver "dies" between the durable write and the reply.
        onStored: ({ res }) => {
          if (!first) return;
          first = false;
          res.socket?.destroy();
          stored();
        },
      },
    });
    const { proxy, page, fixture } = env;
    let restarted;
    const isBack = new Promise((resolve) => (restarted = resolve));
    // Every retry waits at the proxy until the receiver is back (as a load balancer would).
    proxy.script(['forward']);
    proxy.always(async () => {
      await isBack;
      return 'forward';
    });
    await submitButton(page).click();
    let timer;
    await Promise.race([wasStored, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the record was not stored')), WAIT)))]).finally(() =>
      clearTimeout(timer),
    );
    const old = env.rx;
    await old.close();
    receiverLogs.push(...old.logLines);
    env.rx = await startReceiver({ dataFile: data.file });
    assert.equal(env.rx.records.size, 1, 'the record survived the restart');
    proxy.setUpstream(env.rx.base);
    restarted();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 2, max: 4 });
    assert.equal(proxy.attempts[0].status, 'dropped');
    oneRecord(env.rx, reference, fixture);
  });

  it('every attempt fails (503 x 4): kept in the outbox with "Try again now", which sends it', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.always({ status: 503 });
    await submitButton(page).click();
    const queued = form(page).locator('[part~="submit-queued"]');
    await queued.waitFor({ state: 'visible' });
    assert.equal(await state(page), 'queued');
    oneKey(proxy, { min: FAST_RETRIES.attempts, max: FAST_RETRIES.attempts });
    assert.equal(rx.records.size, 0);
    assert.equal(await outboxSize(page), 1);
    await valueKept(page, fixture);
    proxy.always('forward');
    await queued.locator('[part~="try-again-button"]').click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: FAST_RETRIES.attempts + 1, max: FAST_RETRIES.attempts + 1 });
    oneRecord(rx, reference, fixture);
    assert.equal(await outboxSize(page), 0);
  });

  it('Retry-After longer than maxRetryAfter: not waited for, queued at once, sent by "Try again now"', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.script([{ status: 503, headers: { 'Retry-After': '60' } }, 'forward']);
    await submitButton(page).click();
    await form(page).locator('[part~="submit-queued"]').waitFor({ state: 'visible' });
    oneKey(proxy, { min: 1, max: 1 });
    assert.equal(rx.records.size, 0);
    await valueKept(page, fixture);
    await form(page).locator('[part~="try-again-button"]').click();
    const reference = await confirmed(page);
    oneKey(proxy, { min: 2, max: 2 });
    oneRecord(rx, reference, fixture);
  });

  // Each of these was a bug in form-base.ts, found by this suite and fixed.

  it('an answer changed after a 401, then Submit once signed in: one record, no stale entry left to send later', async (t) => {
    const { rx, proxy, page, context } = await setup(t);
    proxy.always(({ req }) => (/(^|;\s*)sf-session=ok/.test(req.headers.cookie ?? '') ? 'forward' : { status: 401 }));
    await submitButton(page).click();
    assert.equal(await submitError(page), TEXT.auth);
    await changeAnswer(page, '#f--report--reporterName', 'Pat Reporter-Edited');
    await context.addCookies([{ name: 'sf-session', value: 'ok', url: proxy.base }]);
    await submitButton(page).click();
    await confirmed(page);
    assert.equal(rx.records.size, 1);
    const outbox = await outboxSize(page);
    // The next page load sends whatever is still in the outbox.
    await page.reload({ waitUntil: 'load' });
    await proxy.waitFor(() => proxy.attempts[2]?.status !== undefined, 3000, 'a stale outbox entry').catch(() => undefined);
    assert.equal(rx.records.size, 1, `one record, not a second one with the old answers (attempts: ${JSON.stringify(proxy.attempts.map((a) => a.status))})`);
    assert.equal(outbox, 0, 'nothing left in the outbox after the confirmed submission');
  });

  it('an answer changed while queued offline is not lost: the old record is dropped, and Submit sends what is on screen', async (t) => {
    const { rx, page, context } = await setup(t);
    await context.setOffline(true);
    await submitButton(page).click();
    await form(page).locator('[part~="submit-queued"]').waitFor({ state: 'visible' });
    await changeAnswer(page, '#f--report--reporterName', 'Pat Reporter-Edited');
    const onScreen = await page.evaluate(() => document.querySelector('threat-report-form').value);
    // The edit supersedes the queued record: the form waits for Submit again instead of sending old answers.
    await form(page).locator('[part~="submit-queued"]').waitFor({ state: 'detached' });
    await context.setOffline(false);
    await page.waitForTimeout(300);
    assert.equal(rx.records.size, 0, 'nothing old was sent');
    await submitButton(page).click();
    await confirmed(page);
    assert.equal(rx.records.size, 1);
    const [record] = [...rx.records.values()];
    assert.equal(record.envelope.data.report.reporterName, onScreen.report.reporterName, '"Form sent" was shown, so the answer on screen is what was stored');
    assert.deepEqual(record.envelope.data, onScreen);
  });

  it('stored but never confirmed (connection dropped every time), then Submit again: confirmed, one record', async (t) => {
    const { rx, proxy, page, fixture } = await setup(t);
    proxy.always('drop');
    await submitButton(page).click();
    await form(page).locator('[part~="submit-queued"]').waitFor({ state: 'visible' });
    assert.equal(rx.records.size, 1, 'the receiver stored it on the first attempt');
    proxy.always('forward');
    // README: "pressing Submit again reuses the key, so the backend stores one record".
    await submitButton(page).click();
    await page.waitForFunction(() => ['sent', 'failed', 'queued'].includes(document.querySelector('threat-report-form').state) && document.querySelector('threat-report-form').state !== 'queued', undefined, { timeout: WAIT });
    oneKey(proxy);
    const last = proxy.attempts.at(-1);
    assert.equal(last.status, 201, `the retry got the stored reply, not ${last.status}`);
    const reference = await confirmed(page);
    oneRecord(rx, reference, fixture);
  });

  it('printed no answer to the console or the receiver log, and threw no page error', () => {
    assert.ok(consoleMessages.length >= 0);
    const words = [FAKE_NAME, ...FAKE_NAME.split(/[\s-]+/).filter((w) => w.length > 5)];
    for (const message of [...consoleMessages, ...receiverLogs]) {
      for (const word of words) assert.ok(!message.includes(word), `leaks "${word}": ${message}`);
    }
    assert.deepEqual(pageErrors, []);
  });
});
