/**
 * The delivery code is a chunk of its own (delivery.ts), fetched once the page is idle or at Submit.
 * When it cannot load (the connection went after the first paint), Submit loses nothing: a record that
 * can be kept waits in the outbox, as offline, and goes once the chunk arrives; one that cannot be kept
 * stays on screen with the notice and Try again. The import really fails here: Chromium fetching a
 * chunk that is not there. One test, before the delivery chunk has loaded on this file's page.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { completeReport } from '../../../../stories/fixtures/threat-report.js';
import { deleteDraftDatabase, rawStore } from '../../../core/src/drafts/test-support.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import '../components/threat-report-form/threat-report-form.js';
import { partLoaders } from './on-demand.js';
import { defaultStrings as S } from './strings.js';
import { $, settle } from './test/helpers.js';

const HOSTILE = `<img src=x onerror="window.__pwned=1"> \u202Eevil ${'é'.repeat(100)}`;
const answers = { ...completeReport, report: { ...completeReport.report, reporterName: HOSTILE } };
const FAST = { attempts: 2, baseDelay: 5, maxDelay: 10, maxRetryAfter: 1000 };
const real = partLoaders.delivery;

const outbox = () => rawStore('submissions');

describe('delivery on demand: a chunk that cannot load', () => {
  let fetch: sinon.SinonStub;
  beforeEach(async () => {
    await deleteDraftDatabase();
    fetch = sinon.stub(window, 'fetch');
    partLoaders.delivery = () => import(/* @vite-ignore */ `/no-such-chunk-${'delivery'}.js`);
  });
  afterEach(async () => {
    partLoaders.delivery = real;
    fetch.restore();
    await deleteDraftDatabase();
  });

  it('keeps the record in the outbox, or on screen with Try again, and sends each once when it arrives', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <threat-report-form id="kept" endpoint="/api/threat-report" user-id="delivery.user" draft="off"></threat-report-form>
      <threat-report-form id="memory" endpoint="/api/threat-report" draft="off"></threat-report-form>
    </div>`);
    const [kept, memory] = [page.querySelector<ThreatReportForm>('#kept')!, page.querySelector<ThreatReportForm>('#memory')!];
    for (const el of [kept, memory]) {
      el.retryPolicy = FAST;
      el.value = answers;
      await settle(el);
    }
    fetch.callsFake(async () => new Response(JSON.stringify({ reference: 'TR-ARRIVED' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));

    // Kept on this device: it waits as it would offline; the queued notice says all there is to say.
    const failed = oneEvent(kept, 'sf-submit-error');
    const error = await kept.submit().catch((e: { kind: string }) => e);
    expect((error as { kind: string }).kind).to.equal('network');
    expect((await failed).detail).to.include({ kind: 'network', queued: true });
    await settle(kept);
    expect(kept.state).to.equal('queued');
    expect($(kept, '[part~=submit-queued]').textContent).to.contain('will be sent automatically');
    expect(kept.shadowRoot!.querySelector('[part~=load-failed]')).to.equal(null);
    expect(await outbox()).to.have.length(1);
    expect(kept.value).to.deep.equal(answers);

    // Not kept (no user, so no outbox): the answers stay on screen, and the page says a part could not load.
    await memory.submit().catch(() => undefined);
    await settle(memory);
    expect(memory.state).to.equal('failed');
    const notice = $(memory, '[part~=load-failed]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.querySelector('p')!.textContent).to.equal(S.partUnavailable);
    expect(notice.textContent).not.to.match(/Error|import|\.js/);
    expect(memory.value).to.deep.equal(answers);
    expect(memory.shadowRoot!.querySelector('img')).to.equal(null);
    expect(fetch.called, 'nothing was sent without the chunk').to.equal(false);
    await expect(memory).to.be.accessible();
    await expect(kept).to.be.accessible();

    // The connection is back: Try again brings the chunk and sends the record on screen.
    partLoaders.delivery = real;
    $<HTMLButtonElement>(memory, '[part~=load-retry-button]').click();
    await waitUntil(() => memory.state === 'sent', 'the record on screen is sent', { timeout: 4000 });
    expect(fetch.callCount).to.equal(1);
    expect(memory.shadowRoot!.querySelector('[part~=load-failed]')).to.equal(null);

    // And the one waiting in the outbox goes on `online`, once.
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => kept.state === 'sent', 'the waiting record is sent', { timeout: 4000 });
    expect(fetch.callCount).to.equal(2);
    const keys = fetch.getCalls().map((c) => ((c.args[1] as RequestInit).headers as Record<string, string>)['Idempotency-Key']);
    expect(new Set(keys).size).to.equal(2);
    await waitUntil(async () => (await outbox()).length === 0, 'the outbox entry goes');
  });
});
