/**
 * A form whose validator cannot load (the connection went after the first paint): the form says so
 * plainly, keeps every answer, and Submit still keeps the record in the outbox, to be sent when the
 * connection is back (the service validates it again on receipt). The import really fails here:
 * Chromium fetching a chunk that is not there. These tests run first in this file's page, before any
 * validator has loaded on it.
 */
import { expect, html, fixture, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { deleteDraftDatabase, rawStore } from '../../../core/src/drafts/test-support.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import '../components/threat-report-form/threat-report-form.js';
import type { DraftController } from './draft-controller.js';
import { validatorLoader } from './on-demand.js';
import { defaultStrings as S } from './strings.js';
import { $, $$, settle, setInput } from './test/helpers.js';

const real = { ...validatorLoader };
let missing = 0;
/** Offline: the validator's import() asks for a chunk the server does not have. */
function goOffline(): void {
  validatorLoader.load = () => import(/* @vite-ignore */ `/no-such-chunk-validator-${++missing}.js`);
}

function setOnline(online: boolean): () => void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  return () => delete (navigator as unknown as Record<string, unknown>)['onLine'];
}

const HOSTILE = `<img src=x onerror="window.__pwned=1"> \u202Eevil ${'é'.repeat(5_000)}`;
const drafts = (el: ThreatReportForm) => (el as unknown as { drafts: DraftController }).drafts;
const outbox = () => rawStore('submissions');

describe('a validator that cannot load', () => {
  let fetch: sinon.SinonStub;
  beforeEach(async () => {
    await deleteDraftDatabase();
    fetch = sinon.stub(window, 'fetch');
  });
  afterEach(async () => {
    Object.assign(validatorLoader, real);
    fetch.restore();
    await deleteDraftDatabase();
  });

  it('says so, keeps the answers, and Submit keeps the record in the outbox; back online it loads and the record is sent', async () => {
    goOffline();
    const restoreOnline = setOnline(false);
    let el: ThreatReportForm;
    try {
      el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report" user-id="offline.user"></threat-report-form>`);
      el.retryPolicy = { attempts: 1, baseDelay: 5, maxDelay: 10, maxRetryAfter: 100 };
      await waitUntil(() => drafts(el).state.kind !== 'starting', 'drafts to start', { timeout: 4000 });
      await settle(el);
      // Said plainly, once, with Try again; nothing about chunks or errors.
      const notice = $(el, '[part~=load-failed]');
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.querySelector('p')!.textContent).to.equal(S.validatorUnavailable);
      expect(notice.textContent).not.to.match(/Error|import|\.js|chunk/);
      expect($$(el, '[part~=load-failed]')).to.have.length(1);

      // The user answers (only some questions: nothing here can check them) and submits.
      setInput(el, '#f--report--reporterName', HOSTILE);
      await settle(el);
      expect(el.value).to.deep.equal({ report: { reporterName: HOSTILE } });
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      const invalid = sinon.spy();
      el.addEventListener('sf-invalid', invalid);
      const error = await el.submit().catch((e: { kind: string }) => e);
      await settle(el);
      expect((error as { kind: string }).kind).to.equal('network');
      expect(invalid.called, 'not refused unchecked').to.equal(false);
      expect(el.state).to.equal('queued');
      expect($(el, '[part~=submit-queued]').textContent).to.contain('will be sent automatically');
      expect(await outbox()).to.have.length(1);
      expect(fetch.called).to.equal(false);
      expect(el.value).to.deep.equal({ report: { reporterName: HOSTILE } });
      expect($(el, '[part~=load-failed] p').textContent).to.equal(S.validatorUnavailable);
      await expect(el).to.be.accessible();
    } finally {
      restoreOnline();
    }

    // Back online: Try again brings the validator (the notice goes), and the waiting record is sent once.
    Object.assign(validatorLoader, real);
    $<HTMLButtonElement>(el, '[part~=load-retry-button]').click();
    await settle(el);
    await waitUntil(() => !el.shadowRoot!.querySelector('[part~=load-failed]'), 'the notice goes once the validator is here');
    expect(el.validate().errors.map((e) => e.pointer)).to.include('/incident/subjectName');
    fetch.callsFake(async () => new Response(JSON.stringify({ reference: 'TR-LATER' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    const sent = oneEvent(el, 'sf-submitted');
    window.dispatchEvent(new Event('online'));
    expect((await sent).detail.reference).to.equal('TR-LATER');
    expect(fetch.callCount).to.equal(1);
    const body = JSON.parse(String((fetch.firstCall.args[1] as RequestInit).body)) as { data: unknown };
    expect(body.data).to.deep.equal({ report: { reporterName: HOSTILE } });
    await waitUntil(async () => (await outbox()).length === 0, 'the outbox to empty', { timeout: 3000 });
  });
});
