// Issue #13 item 7: after "Form sent" the user needs somewhere to go: what happens next, a way to start
// another, and a copy of what was sent (print or download).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { completeReport } from '../../../../stories/fixtures/threat-report.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import '../components/threat-report-form/threat-report-form.js';
import { $, settle } from './test/helpers.js';

describe('after "Form sent"', () => {
  afterEach(() => sinon.restore());

  async function sent(): Promise<ThreatReportForm> {
    sinon.stub(window, 'fetch').callsFake(async () => new Response(JSON.stringify({ reference: 'TR-77' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    const el = await fixture<ThreatReportForm>(html`<threat-report-form draft="off" endpoint="/api/threat-report"></threat-report-form>`);
    el.value = completeReport;
    await el.submit();
    await settle(el);
    expect(el.state).to.equal('sent');
    return el;
  }

  it('says what happens next, and passes accessibility tests', async () => {
    const el = await sent();
    const next = $(el, '[part~=what-next]');
    expect(next.querySelector('h3')!.textContent!.trim()).to.equal('What happens next');
    expect(next.textContent).to.contain('TR-77');
    await expect(el).to.be.accessible();
  });

  it('downloads what was sent as JSON (the answers, the reference), and prints it', async () => {
    const el = await sent();
    const blobs: Blob[] = [];
    sinon.stub(URL, 'createObjectURL').callsFake((b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:test'));
    sinon.stub(URL, 'revokeObjectURL');
    sinon.stub(HTMLAnchorElement.prototype, 'click');
    $<HTMLButtonElement>(el, '[part~=confirmation-actions] [part~=download-button]').click();
    // The download code is its own chunk (#18): a click before it has arrived downloads when it does.
    await waitUntil(() => blobs.length > 0, 'the download happened');
    expect(blobs).to.have.length(1);
    const record = JSON.parse(await blobs[0]!.text());
    expect(record).to.include({ formId: 'threat-report', reference: 'TR-77' });
    expect(record.data).to.deep.equal(el.value);
    const print = sinon.stub(window, 'print');
    $<HTMLButtonElement>(el, '[part~=confirmation-actions] [part~=print-button]').click();
    await waitUntil(() => print.callCount > 0, 'printed');
    expect(print.callCount).to.equal(1);
  });

  it('"Start another" opens a new, empty form at its first section', async () => {
    const el = await sent();
    $<HTMLButtonElement>(el, '[part~=start-another-button]').click();
    await settle(el);
    expect(el.state).to.equal('idle');
    expect(el.value).to.deep.equal({});
    expect(el.shadowRoot!.querySelector('[part~=confirmation]')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal('section-heading');
  });
});
