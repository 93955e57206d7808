// End to end in real Chromium: the demo page, served by the receiver with its strict
// Content-Security-Policy, renders the threat report form without a single violation, shows the GOV.UK
// error summary, and sends a complete record that the live receiver stores.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CSP } from '../dist/server.js';
import { FAKE_NAME, FIXTURE_OUTCOME, SCHEMA_VERSION, startReceiver, validThreatReport } from './helpers.mjs';

const LAUNCH = {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

describe('demo page in Chromium under the strict CSP', { timeout: 120_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startReceiver>>} */
  let rx;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  const consoleMessages = [];
  const pageErrors = [];
  const failedRequests = [];
  let mainResponseCsp;

  before(async () => {
    rx = await startReceiver();
    browser = await chromium.launch(LAUNCH);
    const context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (msg) => consoleMessages.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
    page.on('requestfailed', (req) => failedRequests.push(`${req.url()} ${req.failure()?.errorText}`));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile });
      });
    });
    const response = await page.goto(`${rx.base}/`, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    mainResponseCsp = await response.headerValue('content-security-policy');
    await page.waitForFunction(
      () => !!customElements.get('threat-report-form') && !!document.querySelector('threat-report-form')?.shadowRoot?.querySelector('input'),
      undefined,
      { timeout: 20_000 },
    );
  });

  after(async () => {
    await browser?.close();
    await rx?.close();
  });

  const form = () => page.locator('threat-report-form');

  it('is served with the strict policy', () => {
    assert.equal(mainResponseCsp, CSP);
    assert.match(mainResponseCsp, /script-src 'self'/);
    assert.match(mainResponseCsp, /style-src 'self'/);
  });

  it('defines <threat-report-form> and renders the first question in its shadow root', async () => {
    const state = await page.evaluate(() => {
      const el = document.querySelector('threat-report-form');
      const root = el?.shadowRoot;
      const input = root?.querySelector('input');
      const label = input && root.querySelector(`label[for="${CSS.escape(input.id)}"]`);
      return {
        defined: !!customElements.get('threat-report-form'),
        upgraded: el instanceof customElements.get('threat-report-form'),
        hasShadow: !!root,
        label: label?.textContent?.trim() ?? null,
        adoptedSheets: root?.adoptedStyleSheets?.length ?? 0,
      };
    });
    assert.equal(state.defined, true);
    assert.equal(state.upgraded, true);
    assert.equal(state.hasShadow, true);
    assert.equal(state.label, 'Name of person reporting threat');
    assert.ok(state.adoptedSheets > 0, 'styles come from constructable stylesheets, not inline <style>');
    await assert.doesNotReject(form().getByLabel('Name of person reporting threat', { exact: true }).waitFor({ state: 'visible' }));
  });

  it('runs with zero CSP violations and zero page errors', async () => {
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(violations, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(
      consoleMessages.filter((m) => /Content.Security.Policy|Refused to/i.test(m)),
      [],
    );
  });

  it('shows the GOV.UK error summary when Submit is pressed with nothing filled in', async () => {
    const before = rx.records.size;
    // Submit is on "Check your answers", after the last section.
    await form().locator('[part~="check-answers-link"]').click();
    await form().locator('#submit').click();
    const summary = form().locator('[part="error-summary"]');
    await summary.waitFor({ state: 'visible' });
    await assert.doesNotReject(summary.getByText('There is a problem', { exact: true }).waitFor());
    const links = await summary.locator('a').allInnerTexts();
    assert.ok(links.length > 1, `links: ${links}`);
    assert.ok(
      links.map((t) => t.trim()).includes('Enter the name of the person who made the threat'),
      `error summary links: ${JSON.stringify(links)}`,
    );
    assert.equal(rx.records.size, before, 'nothing is sent while answers need correcting');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
  });

  it('sends a complete threat report to the live receiver and shows the reference', async () => {
    assert.equal(rx.records.size, 0, 'no record before the end-to-end submission');
    const fixture = validThreatReport();
    await page.evaluate((data) => {
      document.querySelector('threat-report-form').value = data;
    }, fixture);
    // The form reads back exactly what it was given: the fixture has no hidden fields.
    assert.deepEqual(await page.evaluate(() => document.querySelector('threat-report-form').value), fixture);

    await form().locator('#submit').click();
    const confirmation = form().locator('[part="confirmation"]');
    await confirmation.waitFor({ state: 'visible', timeout: 30_000 });
    await assert.doesNotReject(confirmation.getByText('Form sent', { exact: true }).waitFor());
    const shownReference = (await form().locator('[part="reference"]').innerText()).trim();
    assert.match(shownReference, /^TR-\d{8}-[0-9A-F]{6}$/);

    assert.equal(rx.records.size, 1, 'exactly one record');
    const [record] = [...rx.records.values()];
    assert.equal(record.reference, shownReference);
    assert.equal(record.formId, 'threat-report');
    const sent = record.envelope;
    assert.equal(sent.formId, 'threat-report');
    assert.equal(sent.schemaVersion, SCHEMA_VERSION);
    assert.ok(!Number.isNaN(Date.parse(sent.submittedAt)), `submittedAt ${sent.submittedAt}`);
    assert.deepEqual(sent.data, fixture);
    assert.equal(sent.result?.outcome, FIXTURE_OUTCOME);
    assert.equal(sent.result?.crisis, false);
    assert.equal(sent.result?.suggestedPriority, 3);
    assert.equal(sent.result?.priority, 2, 'the team chose priority 2');
    assert.equal(sent.result?.priorityChanged, true);
    assert.deepEqual(
      sent.result?.actions?.map((a) => a.code),
      ['a', 'b', 'c', 'd'],
    );

    // The demo page reports the reference too (and nothing else).
    await page.waitForFunction((ref) => document.getElementById('demo-status')?.textContent?.includes(ref), shownReference);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(pageErrors, []);
  });

  it('never prints an answer to the console', () => {
    const words = [FAKE_NAME, ...FAKE_NAME.split(/[\s-]+/).filter((w) => w.length > 5)];
    for (const message of consoleMessages) {
      for (const word of words) assert.ok(!message.includes(word), `console leaks "${word}": ${message}`);
    }
    for (const line of rx.logLines) {
      for (const word of words) assert.ok(!line.includes(word), `receiver log leaks "${word}": ${line}`);
    }
  });

  it('would have noticed a violation (the detector works)', async () => {
    const probe = await page.context().newPage();
    try {
      await probe.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
      });
      await probe.goto(`${rx.base}/`, { waitUntil: 'load' });
      await probe.evaluate(() => {
        const style = document.createElement('style');
        style.textContent = 'body { outline: 1px solid red; }';
        document.head.append(style);
      });
      await probe.waitForFunction(() => window.__violations.length > 0, undefined, { timeout: 10_000 });
      assert.ok((await probe.evaluate(() => window.__violations)).some((d) => d.startsWith('style-src')));
    } finally {
      await probe.close();
    }
  });

  it('the one-file bundle (safety-forms.js, every element) renders each form under the same policy', async () => {
    const probe = await page.context().newPage();
    const errors = [];
    probe.on('pageerror', (err) => errors.push(String(err)));
    try {
      await probe.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
      });
      for (const [id, tag] of [
        ['threat-interview', 'threat-interview-form'],
        ['risk-matrix', 'risk-matrix-form'],
        ['traffic-light-referral', 'traffic-light-referral-form'],
        ['emergency-contact', 'emergency-contact-form'],
        ['offender-description', 'offender-description-form'],
      ]) {
        const response = await probe.goto(`${rx.base}/demo/form.html?form=${id}`, { waitUntil: 'load' });
        assert.equal(response?.headers()['content-security-policy'], CSP);
        assert.match(await response.text(), /src="\/assets\/safety-forms\.js"/);
        await probe.waitForFunction((t) => !!document.querySelector(t)?.shadowRoot?.querySelector('input, select, textarea'), tag, { timeout: 20_000 });
        assert.deepEqual(await probe.evaluate(() => window.__violations), [], id);
      }
      assert.deepEqual(errors, []);
    } finally {
      await probe.close();
    }
  });

  it("renders an organisation's own schema from schema-src (demo form=custom) and validates it, eval-free", async () => {
    const probe = await page.context().newPage();
    const errors = [];
    const messages = [];
    probe.on('pageerror', (err) => errors.push(String(err)));
    probe.on('console', (msg) => messages.push(`${msg.type()}: ${msg.text()}`));
    try {
      await probe.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
      });
      const response = await probe.goto(`${rx.base}/demo/form.html?form=custom`, { waitUntil: 'load' });
      assert.equal(response?.headers()['content-security-policy'], CSP);
      const schema = await probe.request.get(`${rx.base}/demo/schemas/lone-working-check.schema.json`);
      assert.match(schema.headers()['content-type'] ?? '', /^application\/json/);
      const custom = probe.locator('safety-form');
      await custom.locator('[part="title"]').waitFor({ state: 'visible', timeout: 20_000 });
      assert.equal((await custom.locator('[part="title"]').innerText()).trim(), 'Lone working visit check-in');
      // A pattern and a required field, checked by the interpreting validator under script-src 'self'.
      const reference = custom.getByLabel('Case reference', { exact: false });
      await reference.fill('Jo Bloggs');
      await reference.blur();
      await assert.doesNotReject(custom.getByText('Enter a case reference like CS123456').first().waitFor({ state: 'visible' }));
      await probe.evaluate(() => document.querySelector('safety-form').validate());
      await custom.locator('[part="error-summary"]').waitFor({ state: 'visible' });
      await assert.doesNotReject(custom.locator('[part="error-summary"]').getByText('Enter date of visit').waitFor());
      assert.deepEqual(await probe.evaluate(() => window.__violations), []);
      assert.deepEqual(errors, []);
      assert.deepEqual(
        messages.filter((m) => /Content.Security.Policy|Refused to|unsafe-eval|EvalError/i.test(m)),
        [],
      );
    } finally {
      await probe.close();
    }
  });

  it('made no failed requests', () => {
    assert.deepEqual(failedRequests, []);
  });
});
