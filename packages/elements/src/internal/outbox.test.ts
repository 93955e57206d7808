/**
 * Submission from the form element (RELIABILITY.md, "Submission"): the record is kept in the encrypted
 * outbox before the first attempt; offline or after the retries it waits there and goes on `online`,
 * on load and from "Try again now"; a Web Lock stops two tabs sending one entry; the outbox entry and
 * the draft go only after a 2xx; 4xx replies stop with the right message.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import { sendKeys } from '@web/test-runner-commands';
import { completeReport, FAKE_SUBJECT } from '../../../../stories/fixtures/threat-report.js';
import { deleteDraftDatabase, dumpAsText, oldLayoutWithQueuedRecord, rawDump, rawStore } from '../../../core/src/drafts/test-support.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import '../components/threat-report-form/threat-report-form.js';
import type { DraftController } from './draft-controller.js';
import { $, settle } from './test/helpers.js';

async function until(check: () => boolean | Promise<boolean>, ms = 4000, what = 'the condition'): Promise<void> {
  const end = performance.now() + ms;
  for (;;) {
    if (await check()) return;
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const drafts = (el: ThreatReportForm) => (el as unknown as { drafts: DraftController }).drafts;
const FAST = { attempts: 2, baseDelay: 5, maxDelay: 10, maxRetryAfter: 1000 };

async function open(user = 'outbox.user'): Promise<ThreatReportForm> {
  const el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report" user-id=${user}></threat-report-form>`);
  el.retryPolicy = FAST;
  await until(() => drafts(el).state.kind !== 'starting', 4000, 'drafts to start');
  await settle(el);
  return el;
}

/** The raw records of the outbox (the `submissions` store since database version 3) or of the drafts. */
function store(name: 'outbox' | 'drafts'): Promise<unknown[]> {
  return rawStore(name === 'outbox' ? 'submissions' : name);
}

const reply = (status: number, body: unknown = {}, type = 'application/json') => async () =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const keyOf = (call: sinon.SinonSpyCall) => ((call.args[1] as RequestInit).headers as Record<string, string>)['Idempotency-Key'];

function setOnline(online: boolean): () => void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  return () => delete (navigator as unknown as Record<string, unknown>)['onLine'];
}

/**
 * A form (with its draft saved) submitted offline, so its record waits in the outbox; the form is then
 * closed, as a tab would be.
 */
async function leaveQueuedRecord(): Promise<void> {
  const restore = setOnline(false);
  const first = await open();
  first.value = completeReport;
  await first.saveDraft();
  await first.submit().catch(() => undefined);
  restore();
  first.remove();
}

describe('submitting through the outbox', () => {
  let fetch: sinon.SinonStub;
  beforeEach(async () => {
    await deleteDraftDatabase();
    fetch = sinon.stub(window, 'fetch');
  });
  afterEach(async () => {
    fetch.restore();
    await deleteDraftDatabase();
  });

  it('passes accessibility tests while queued', async () => {
    fetch.callsFake(reply(503));
    const el = await open();
    el.value = completeReport;
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(el.state).to.equal('queued');
    await expect(el).to.be.accessible();
  });

  it('offline: keeps the record encrypted on the device, then sends it once when back online', async () => {
    const restore = setOnline(false);
    const el = await open();
    el.value = completeReport;
    try {
      const error = await el.submit().catch((e: { kind: string }) => e);
      await settle(el);
      expect((error as { kind: string }).kind).to.equal('network');
      expect(el.state).to.equal('queued');
      expect($(el, '[part~=submit-queued]').textContent).to.contain('will be sent automatically');
      expect(fetch.called).to.equal(false);
      expect(await store('outbox')).to.have.length(1);
      expect(dumpAsText(await rawDump())).not.to.contain(FAKE_SUBJECT);
      expect(el.value).to.deep.equal(completeReport);
    } finally {
      restore();
    }
    fetch.callsFake(reply(201, { reference: 'TR-ONLINE' }));
    const sent = oneEvent(el, 'sf-submitted');
    window.dispatchEvent(new Event('online'));
    expect((await sent).detail.reference).to.equal('TR-ONLINE');
    await settle(el);
    expect(fetch.callCount).to.equal(1);
    expect($(el, '[part~=reference]').textContent).to.equal('TR-ONLINE');
    await until(async () => (await store('outbox')).length === 0 && (await store('drafts')).length === 0, 3000, 'outbox and draft to go');
  });

  it('after the retries, waits in the outbox; "Try again now" sends it with the same key', async () => {
    fetch.callsFake(reply(503));
    const el = await open();
    el.value = completeReport;
    const failed = oneEvent(el, 'sf-submit-error');
    await el.submit().catch(() => undefined);
    expect((await failed).detail).to.include({ kind: 'server', status: 503, queued: true });
    await settle(el);
    expect(fetch.callCount).to.equal(2);
    const outbox = (await store('outbox')) as { attempts: number; lastFailure: string }[];
    expect(outbox).to.have.length(1);
    expect([outbox[0]!.attempts, outbox[0]!.lastFailure]).to.deep.equal([1, 'server']);
    fetch.callsFake(reply(201, { reference: 'TR-LATER' }));
    $<HTMLButtonElement>(el, '[part~=try-again-button]').click();
    await until(() => el.state === 'sent', 3000, 'the record to be sent');
    const keys = fetch.getCalls().map(keyOf);
    expect(new Set(keys).size).to.equal(1);
    expect(await store('outbox')).to.have.length(0);
  });

  it('401: says to sign in again, keeps the record, and resumes from Try again', async () => {
    fetch.callsFake(reply(401));
    const el = await open();
    el.value = completeReport;
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(el.state).to.equal('failed');
    expect($(el, '[part~=submit-error]').textContent).to.contain('Sign in again in a new tab');
    expect(fetch.callCount).to.equal(1);
    expect(await store('outbox')).to.have.length(1);
    fetch.callsFake(reply(201, { reference: 'TR-AUTH' }));
    $<HTMLButtonElement>(el, '[part~=try-again-button]').click();
    await until(() => el.state === 'sent', 3000, 'the record to be sent');
    expect(await store('outbox')).to.have.length(0);
  });

  it('422: shows the errors on their fields, drops the outbox entry and keeps the draft', async () => {
    fetch.callsFake(reply(422, { errors: [{ pointer: '/data/incident/subjectName', detail: 'Not on the roll' }] }, 'application/problem+json'));
    const el = await open();
    el.value = completeReport;
    await el.saveDraft();
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(el.state).to.equal('failed');
    expect(el.shadowRoot!.querySelector('.error-summary')!.textContent).to.contain('Not on the roll');
    expect(await store('outbox')).to.have.length(0);
    expect(await store('drafts')).to.have.length(1);
    expect(el.value).to.deep.equal(completeReport);
  });

  it('sends what waited in the outbox when the form opens again', async () => {
    await leaveQueuedRecord();
    fetch.callsFake(reply(201, { reference: 'TR-ON-LOAD' }));
    const el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report" user-id="outbox.user"></threat-report-form>`);
    await until(() => el.state === 'sent', 4000, 'the waiting record to be sent on load');
    await settle(el);
    expect(fetch.callCount).to.equal(1);
    expect($(el, '[part~=reference]').textContent).to.equal('TR-ON-LOAD');
    expect(await store('outbox')).to.have.length(0);
    await until(async () => (await store('drafts')).length === 0, 3000, 'the draft to go');
  });

  it('sends an earlier waiting report in the background without touching the form on screen', async () => {
    const restore = setOnline(false);
    const first = await open();
    first.value = completeReport;
    await first.submit().catch(() => undefined);
    // The user starts another report: the first stays queued as a separate one.
    first.reset();
    first.value = { report: { receiverName: 'Second report' } };
    restore();
    fetch.callsFake(reply(201, { reference: 'TR-EARLIER' }));
    window.dispatchEvent(new Event('online'));
    await until(() => !!first.shadowRoot!.querySelector('[part~=sent-earlier]'), 3000, 'the earlier report to be sent');
    await settle(first);
    expect(first.shadowRoot!.querySelector('[part~=sent-earlier]')!.textContent).to.contain('TR-EARLIER');
    expect(first.state).to.equal('idle');
    expect(first.value).to.deep.equal({ report: { receiverName: 'Second report' } });
    expect(await store('outbox')).to.have.length(0);
    await expect(first).to.be.accessible();
  });

  it('an answer changed after a failed submission drops the old waiting record: only what is on screen is sent', async () => {
    fetch.callsFake(reply(503));
    const el = await open();
    el.value = completeReport;
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(el.state).to.equal('queued');
    expect(await store('outbox')).to.have.length(1);
    const input = $<HTMLInputElement>(el, '#f--report--reporterName');
    input.value = 'Corrected Name';
    input.dispatchEvent(new Event('input'));
    await settle(el);
    expect(el.state).to.equal('idle');
    await until(async () => (await store('outbox')).length === 0, 3000, 'the superseded record to go');
    fetch.callsFake(reply(201, { reference: 'TR-NEW' }));
    await el.submit();
    const keys = fetch.getCalls().map(keyOf);
    expect(new Set(keys).size).to.equal(2);
    const last = JSON.parse(String((fetch.lastCall.args[1] as RequestInit).body));
    expect(last.data.report.reporterName).to.equal('Corrected Name');
  });

  it('a second Submit after an unconfirmed attempt sends the very same request (same key, same body)', async () => {
    fetch.callsFake(reply(200, '<html>login</html>', 'text/html'));
    const el = await open();
    el.value = completeReport;
    await el.submit().catch(() => undefined);
    fetch.callsFake(reply(201, { reference: 'TR-SAME' }));
    await el.sendQueued();
    const bodies = fetch.getCalls().map((c) => (c.args[1] as RequestInit).body);
    expect(new Set(bodies).size).to.equal(1);
    expect(new Set(fetch.getCalls().map(keyOf)).size).to.equal(1);
  });

  it('two tabs with the same waiting record send it once (Web Lock)', async () => {
    await leaveQueuedRecord();
    fetch.callsFake(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return reply(201, { reference: 'TR-ONCE' })();
    });
    const [a, b] = await Promise.all([
      fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report" user-id="outbox.user"></threat-report-form>`),
      fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report" user-id="outbox.user"></threat-report-form>`),
    ]);
    await until(() => a.state === 'sent' || b.state === 'sent', 4000, 'one tab to send it');
    await new Promise((r) => setTimeout(r, 400));
    expect(fetch.callCount).to.equal(1);
  });

  it('without a user id there is no outbox: a failure says so, and Try again resends with the same key', async () => {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report"></threat-report-form>`);
    el.retryPolicy = FAST;
    el.value = completeReport;
    fetch.callsFake(reply(502));
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(el.state).to.equal('failed');
    expect($(el, '[part~=submit-error]').textContent).to.contain('problem with the service');
    fetch.callsFake(reply(201, { reference: 'TR-MEM' }));
    $<HTMLButtonElement>(el, '[part~=try-again-button]').click();
    await until(() => el.state === 'sent', 3000, 'the resend');
    expect(new Set(fetch.getCalls().map(keyOf)).size).to.equal(1);
  });

  it('sends the page\'s CSRF token; no header can replace the Idempotency-Key', async () => {
    const meta = Object.assign(document.createElement('meta'), { name: 'csrf-token', content: 'page-csrf' });
    document.head.append(meta);
    try {
      fetch.callsFake(reply(201, { reference: 'R' }));
      const el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report"></threat-report-form>`);
      el.headers = { 'X-Team': 'safety', 'idempotency-key': 'host-key' };
      el.value = completeReport;
      await el.submit();
      const headers = (fetch.firstCall.args[1] as RequestInit).headers as Record<string, string>;
      expect(headers['X-CSRF-Token']).to.equal('page-csrf');
      expect(headers['X-Team']).to.equal('safety');
      expect(new Headers(headers).get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
    } finally {
      meta.remove();
    }
  });

  // Issue #13 item 2: the native change event comes after the submit when focus was still in the field.
  it('the change event of the field still focused at Submit does not drop the queued record', async () => {
    const el = await open();
    el.value = completeReport;
    await settle(el);
    const input = $<HTMLInputElement>(el, '#f--report--reporterName');
    input.focus();
    await sendKeys({ type: ' Jr' });
    const restore = setOnline(false);
    try {
      const failed = oneEvent(el, 'sf-submit-error');
      await el.submit().catch(() => undefined);
      expect((await failed).detail.queued).to.equal(true);
      // Focus leaves the field: the browser fires its change event now, with the same value.
      await sendKeys({ press: 'Tab' });
      await settle(el);
      await new Promise((r) => setTimeout(r, 200));
      expect(el.state).to.equal('queued');
      expect(el.shadowRoot!.querySelector('[part~=submit-queued]')).to.exist;
      expect(await store('outbox')).to.have.length(1);
    } finally {
      restore();
    }
    fetch.callsFake(reply(201, { reference: 'TR-KEPT' }));
    window.dispatchEvent(new Event('online'));
    await until(() => el.state === 'sent', 3000, 'the kept record to be sent');
    const body = JSON.parse(String((fetch.lastCall.args[1] as RequestInit).body));
    expect(body.data.report.reporterName).to.match(/ Jr$/);
  });

  // Issue #13 item 4: "Keep this page open" must mean something.
  it('while queued with the page open, the record is sent again on a timer (backoff) once the backend is back', async () => {
    fetch.callsFake(reply(503));
    const el = await open();
    el.retryPolicy = { ...FAST, resendDelay: 150, maxResendDelay: 600 };
    el.value = completeReport;
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(el.state).to.equal('queued');
    const first = fetch.callCount;
    await until(() => fetch.callCount > first, 3000, 'a resend on the timer');
    // The resend is in flight ('sending') until its 503 comes back: then it is queued again, not dropped.
    await until(() => el.state === 'queued', 3000, 'queued again after the failed resend');
    fetch.callsFake(reply(201, { reference: 'TR-TIMER' }));
    await until(() => el.state === 'sent', 5000, 'the record to be sent by the timer');
    await settle(el);
    expect($(el, '[part~=reference]').textContent).to.equal('TR-TIMER');
    expect(new Set(fetch.getCalls().map(keyOf)).size).to.equal(1);
    await until(async () => (await store('outbox')).length === 0, 3000, 'the outbox entry to go');
  });

  it('a record another tab delivered is shown as sent here too, not left saying queued', async () => {
    fetch.callsFake(reply(503));
    const a = await open();
    a.value = completeReport;
    await a.saveDraft();
    await a.submit().catch(() => undefined);
    await settle(a);
    expect(a.state).to.equal('queued');
    fetch.callsFake(reply(201, { reference: 'TR-OTHER-TAB' }));
    // The other tab: the same user's form opens, restores the draft and sends what waited.
    const b = await open();
    await until(() => b.state === 'sent', 4000, 'the other tab to send it');
    await until(() => a.state === 'sent', 3000, 'this tab to hear it was sent');
    await settle(a);
    expect($(a, '[part~=reference]').textContent).to.equal('TR-OTHER-TAB');
    expect(a.shadowRoot!.querySelector('[part~=submit-queued]')).to.equal(null);
    expect(fetch.callCount).to.equal(3);
  });

  // Issue #18 item 5: the outbox is the submission's own, not the drafts'.
  describe('without drafts (draft="off")', () => {
    const openNoDrafts = async () => {
      const el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report" user-id="outbox.nodrafts" draft="off"></threat-report-form>`);
      el.retryPolicy = FAST;
      await settle(el);
      return el;
    };

    it('queues offline, encrypted, and delivers once on reconnect with one idempotency key; no draft is ever written', async () => {
      const restore = setOnline(false);
      const el = await openNoDrafts();
      el.value = completeReport;
      try {
        const failed = oneEvent(el, 'sf-submit-error');
        await el.submit().catch(() => undefined);
        expect((await failed).detail).to.include({ kind: 'network', queued: true });
        await settle(el);
        expect(el.state).to.equal('queued');
        expect($(el, '[part~=submit-queued]').textContent).to.contain('will be sent automatically');
        expect(await store('outbox')).to.have.length(1);
        expect(await store('drafts')).to.have.length(0);
        expect(dumpAsText(await rawDump())).not.to.contain(FAKE_SUBJECT);
        await expect(el).to.be.accessible();
      } finally {
        restore();
      }
      fetch.callsFake(reply(201, { reference: 'TR-NO-DRAFTS' }));
      const submitted: string[] = [];
      el.addEventListener('sf-submitted', (e) => submitted.push((e as CustomEvent<{ idempotencyKey: string }>).detail.idempotencyKey));
      window.dispatchEvent(new Event('online'));
      window.dispatchEvent(new Event('online'));
      await until(() => el.state === 'sent', 3000, 'the record to be sent');
      await new Promise((r) => setTimeout(r, 300));
      await settle(el);
      expect(fetch.callCount).to.equal(1);
      expect(submitted).to.have.length(1);
      expect(submitted[0]).to.equal(keyOf(fetch.firstCall));
      expect($(el, '[part~=reference]').textContent).to.equal('TR-NO-DRAFTS');
      expect(await store('outbox')).to.have.length(0);
      expect(await store('drafts')).to.have.length(0);
    });

    it('a record queued before the tab closed is sent once when the form opens again', async () => {
      const restore = setOnline(false);
      const first = await openNoDrafts();
      first.value = completeReport;
      await first.submit().catch(() => undefined);
      restore();
      first.remove();
      expect(await store('outbox')).to.have.length(1);
      fetch.callsFake(reply(201, { reference: 'TR-REOPENED' }));
      const el = await openNoDrafts();
      await until(() => !!el.shadowRoot!.querySelector('[part~=sent-earlier]'), 4000, 'the waiting record to be sent on open');
      expect(el.shadowRoot!.querySelector('[part~=sent-earlier]')!.textContent).to.contain('TR-REOPENED');
      expect(fetch.callCount).to.equal(1);
      expect(JSON.parse(String((fetch.firstCall.args[1] as RequestInit).body)).data).to.deep.equal(completeReport);
      expect(await store('outbox')).to.have.length(0);
    });
  });

  it('after upgrading from the old layout (outbox inside the drafts store), the record queued yesterday is sent once', async () => {
    const envelope = { formId: 'threat-report', schemaVersion: '1.0.0', submittedAt: '2026-11-21T09:00:00.000Z', data: completeReport, result: null };
    await oldLayoutWithQueuedRecord('key-yesterday', 'outbox.user', envelope);
    fetch.callsFake(reply(201, { reference: 'TR-YESTERDAY' }));
    const el = await open();
    await until(() => !!el.shadowRoot!.querySelector('[part~=sent-earlier]'), 4000, 'the old record to be sent');
    await new Promise((r) => setTimeout(r, 200));
    expect(fetch.callCount).to.equal(1);
    expect(keyOf(fetch.firstCall)).to.equal('key-yesterday');
    expect(JSON.parse(String((fetch.firstCall.args[1] as RequestInit).body))).to.deep.equal(envelope);
    const dump = await rawDump();
    expect(Object.keys(dump)).not.to.include('outbox');
    expect(dump['submissions']).to.deep.equal([]);
  });

  it('storage full on the outbox write: a plain message, the answers stay on screen, and Try again sends it', async () => {
    const el = await open();
    el.value = completeReport;
    await settle(el);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'submissions') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    const restore = setOnline(false);
    fetch.rejects(new TypeError('Failed to fetch'));
    try {
      const failed = oneEvent(el, 'sf-submit-error');
      await el.submit().catch(() => undefined);
      expect((await failed).detail).to.include({ kind: 'network', queued: false });
      await settle(el);
    } finally {
      IDBObjectStore.prototype.put = put;
      restore();
    }
    expect(el.state).to.equal('failed');
    const notice = $(el, '[part~=submit-error]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent).to.contain('Your answers are still here');
    expect($(el, '[part~=submit-not-kept]').textContent).to.contain('This device is out of space');
    expect(el.value).to.deep.equal(completeReport);
    expect($<HTMLInputElement>(el, '#f--report--reporterName').value).to.equal(completeReport.report.reporterName);
    expect(await store('outbox')).to.have.length(0);
    await expect(el).to.be.accessible();
    fetch.reset();
    fetch.callsFake(reply(201, { reference: 'TR-AFTER-FULL' }));
    $<HTMLButtonElement>(el, '[part~=try-again-button]').click();
    await until(() => el.state === 'sent', 3000, 'the record to be sent');
    expect(fetch.callCount).to.equal(1);
  });

  it('a 500 then a success: delivered once, with one key, and nothing left waiting', async () => {
    const el = await open();
    el.value = completeReport;
    fetch.onFirstCall().callsFake(reply(500));
    fetch.onSecondCall().callsFake(reply(201, { reference: 'TR-SECOND' }));
    const submitted: unknown[] = [];
    el.addEventListener('sf-submitted', (e) => submitted.push((e as CustomEvent).detail));
    const receipt = await el.submit();
    await settle(el);
    expect(receipt?.reference).to.equal('TR-SECOND');
    expect(fetch.callCount).to.equal(2);
    expect(new Set(fetch.getCalls().map(keyOf)).size).to.equal(1);
    expect(new Set(fetch.getCalls().map((c) => (c.args[1] as RequestInit).body)).size).to.equal(1);
    expect(submitted).to.have.length(1);
    expect(el.state).to.equal('sent');
    expect(await store('outbox')).to.have.length(0);
    // Nothing is sent again later: not on `online`, not on a timer.
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 300));
    expect(fetch.callCount).to.equal(2);
  });
});
