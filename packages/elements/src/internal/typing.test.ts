// Typing in one field must not render or validate the whole form (issue #8): a keystroke costs a
// `setAt`; validation, the result and a render follow a pause in typing, or anything that needs them
// sooner (a condition reading the field, a change, validate(), submit(), another render).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { threatReport } from '@safety-forms/core';
import type { FormSchema } from '@safety-forms/core';
import '../components/threat-report-form/threat-report-form.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import { completeReport } from '../../../../stories/fixtures/threat-report.js';
import { $, settle, testDefinition, type SfTestForm } from './test/helpers.js';

const REPORTER = '#f--report--reporterName';

function typeChars(el: Element, selector: string, text: string): void {
  const input = $<HTMLInputElement>(el, selector);
  for (const ch of text) {
    input.value += ch;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
}

describe('typing', () => {
  afterEach(() => sinon.restore());

  it('a keystroke neither renders nor validates the form; a pause in typing does both once', async () => {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form draft="off"></threat-report-form>`);
    const render = sinon.spy(el as unknown as { render(): unknown }, 'render');
    const validate = sinon.spy(threatReport, 'validate');
    const changes: string[] = [];
    el.addEventListener('sf-change', (e) => changes.push((e as CustomEvent<{ pointer: string }>).detail.pointer));

    typeChars(el, REPORTER, 'Priya Example');
    await el.updateComplete;
    expect(render.callCount, 'renders while typing').to.equal(0);
    expect(validate.callCount, 'validations while typing').to.equal(0);
    // The answer itself is kept at once (drafts and `value` see it), and every keystroke is announced.
    expect((el.value as { report?: { reporterName?: string } }).report?.reporterName).to.equal('Priya Example');
    expect(changes).to.have.length(13);

    await waitUntil(() => render.callCount > 0, 'a render after the pause', { timeout: 2000 });
    await settle(el);
    expect(render.callCount).to.equal(1);
    expect(validate.callCount).to.equal(1);
    expect($<HTMLInputElement>(el, REPORTER).value).to.equal('Priya Example');
  });

  it('validate() straight after typing sees the last keystroke', async () => {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form draft="off"></threat-report-form>`);
    const before = el.validate().errors.map((e) => e.pointer);
    expect(before).to.include('/report/reporterName');
    typeChars(el, REPORTER, 'P');
    const after = el.validate().errors.map((e) => e.pointer);
    expect(after).not.to.include('/report/reporterName');
  });

  it('submit() straight after typing sends the last keystroke', async () => {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form draft="off" .initialValue=${completeReport}></threat-report-form>`);
    const sent: unknown[] = [];
    el.submitHandler = async (envelope: { data: unknown }) => {
      sent.push(envelope.data);
      return { reference: 'REF-1' };
    };
    $<HTMLInputElement>(el, REPORTER).value = '';
    typeChars(el, REPORTER, 'Sam Placeholder');
    await el.submit();
    expect((sent[0] as { report: { reporterName: string } }).report.reporterName).to.equal('Sam Placeholder');
  });

  it('currentResult read in an sf-change listener already reflects the keystroke', async () => {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form draft="off" .initialValue=${completeReport}></threat-report-form>`);
    const before = JSON.stringify(el.currentResult);
    const seen: string[] = [];
    el.addEventListener('sf-change', () => seen.push(JSON.stringify(el.currentResult)));
    const validate = sinon.spy(threatReport, 'validate');
    typeChars(el, REPORTER, 'x');
    // The getter brings the pending work forward; the result object is the up-to-date one.
    expect(seen).to.have.length(1);
    expect(validate.callCount).to.equal(1);
    expect(seen[0]).to.equal(before);
  });

  it('inside a host <form>, FormData follows every keystroke (form-value="answers")', async () => {
    const host = await fixture<HTMLFormElement>(html`<form><threat-report-form name="report" form-value="answers" draft="off"></threat-report-form></form>`);
    const el = host.querySelector('threat-report-form')!;
    await el.updateComplete;
    typeChars(el, REPORTER, 'Priya');
    const sent = JSON.parse(String(new FormData(host).get('report'))) as { report?: { reporterName?: string } };
    expect(sent.report?.reporterName).to.equal('Priya');
  });

  it('a field that a condition reads renders at once, so the question it reveals appears while typing', async () => {
    const schema: FormSchema = {
      type: 'object',
      properties: {
        other: { type: 'string', title: 'Other concern' },
        detail: { type: 'string', title: 'Tell us more', 'x-ui': { showIf: { path: '/other', notEmpty: true } } },
      },
    };
    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${testDefinition(schema)}></sf-test-form>`);
    expect(el.shadowRoot!.querySelector('#f--detail')).to.equal(null);
    typeChars(el, '#f--other', 'x');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#f--detail')).to.exist;
  });

  // Issue #13 item 1: the browser keeps a form value for session restore, in clear on disk.
  it('by default a host <form> gets no answers as the value, only the reference once sent', async () => {
    const host = await fixture<HTMLFormElement>(html`<form><threat-report-form name="report" draft="off" endpoint="/api/tr"></threat-report-form></form>`);
    const el = host.querySelector('threat-report-form')!;
    await el.updateComplete;
    typeChars(el, REPORTER, 'Priya');
    el.value = completeReport;
    expect(new FormData(host).has('report')).to.equal(false);
    const fetch = sinon.stub(window, 'fetch').callsFake(async () => new Response(JSON.stringify({ reference: 'TR-42' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    await el.submit();
    fetch.restore();
    expect(new FormData(host).get('report')).to.equal('TR-42');
    // The host form still knows whether the answers are valid.
    el.reset();
    await el.updateComplete;
    expect(new FormData(host).has('report')).to.equal(false);
    expect(host.checkValidity()).to.equal(false);
  });
});
