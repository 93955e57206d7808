/**
 * A form element draws its first screen from the schema alone; its precompiled validator is its own
 * chunk (on-demand.ts), fetched once the page is idle, or at once when the user moves into the form.
 * Validation asked for before it arrives waits for it: Submit, a host <form>'s validity. The real
 * generated validators are used; only when they arrive is held back. These tests run first in this
 * file's page, before any validator has loaded on it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { completeReport } from '../../../../stories/fixtures/threat-report.js';
import '../components/risk-matrix-form/risk-matrix-form.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import '../components/threat-report-form/threat-report-form.js';
import { validatorLoader, type OnDemandForm } from './on-demand.js';
import { $, settle } from './test/helpers.js';

const real = { ...validatorLoader };

/** Holds every validator back until `release()`; `asked` lists the form ids, and whether the form's first section was on screen then. */
function holdValidators(tag: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const asked: { id: string; drawn: boolean }[] = [];
  validatorLoader.load = (form: OnDemandForm) => {
    asked.push({ id: form.id, drawn: !!document.querySelector(tag)?.shadowRoot?.querySelector('[part~=section] input') });
    return gate.then(() => real.load(form));
  };
  return { asked, release: () => release() };
}

const drawn = (el: Element) => !!el.shadowRoot?.querySelector('[part~=section] input');
const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the validator, loaded on demand', () => {
  afterEach(() => {
    Object.assign(validatorLoader, real);
    sinon.restore();
    document.querySelectorAll('form.under-test').forEach((f) => f.remove());
  });

  it('is fetched after the first screen, once; Submit and a host <form> wait for it, and a second form on the page validates at once', async () => {
    const { asked, release } = holdValidators('threat-report-form');
    const host = document.createElement('form');
    host.className = 'under-test';
    const el = document.createElement('threat-report-form') as ThreatReportForm;
    el.setAttribute('draft', 'off');
    el.setAttribute('name', 'report');
    host.append(el);
    document.body.append(host);
    await waitUntil(() => drawn(el), 'the first section is drawn');
    await waitUntil(() => asked.length === 1, 'the validator is asked for once the page is idle', { timeout: 5000 });
    expect(asked).to.deep.equal([{ id: 'threat-report', drawn: true }]);

    // Not checked yet: never valid, nothing shown, and a host <form> does not submit.
    expect(el.validate()).to.deep.equal({ valid: false, errors: [] });
    expect(host.checkValidity()).to.equal(false);
    const handler = sinon.fake.resolves({ reference: 'TR-1' });
    el.submitHandler = handler;
    const invalid: string[][] = [];
    el.addEventListener('sf-invalid', (e) => invalid.push((e as CustomEvent<{ errors: { pointer: string }[] }>).detail.errors.map((x) => x.pointer)));
    const submitting = el.submit();
    await tick();
    expect(invalid, 'Submit waits for the validator').to.deep.equal([]);
    expect(handler.called).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part~=error-summary]')).to.equal(null);

    // It arrives: the empty form is refused, with its errors, as it would have been at once.
    release();
    expect(await submitting).to.equal(undefined);
    expect(invalid).to.have.length(1);
    expect(invalid[0]).to.include('/report/reporterName');
    expect(handler.called).to.equal(false);
    await settle(el);
    expect($(el, '[part~=error-summary]').textContent).to.contain('There is a problem');
    expect(host.checkValidity()).to.equal(false);
    expect(asked, 'Submit used the validator already on its way').to.have.length(1);

    // Complete answers are valid for the host form and are sent.
    el.value = completeReport;
    await settle(el);
    expect(host.checkValidity()).to.equal(true);
    expect((await el.submit())?.reference).to.equal('TR-1');
    expect(handler.calledOnce).to.equal(true);

    // Another threat report on the page: validated in its first render, nothing fetched again.
    const second = await fixture<ThreatReportForm>(html`<threat-report-form draft="off"></threat-report-form>`);
    expect(second.validate().errors.map((e) => e.pointer)).to.include('/report/reporterName');
    expect(asked).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('is fetched at once when the user moves into the form, before the page is idle', async () => {
    // The page never idles here: only focus asks for the validator.
    sinon.stub(window, 'requestIdleCallback').returns(0);
    const { asked, release } = holdValidators('risk-matrix-form');
    const host = document.createElement('form');
    host.className = 'under-test';
    const el = document.createElement('risk-matrix-form');
    el.setAttribute('draft', 'off');
    host.append(el);
    document.body.append(host);
    await waitUntil(() => drawn(el), 'the first section is drawn');
    await tick(200);
    expect(asked, 'nothing fetched before the user moves into the form').to.deep.equal([]);
    el.shadowRoot!.querySelector<HTMLElement>('[part~=section] :is(input, textarea, select)')!.focus();
    expect(asked).to.deep.equal([{ id: 'risk-matrix', drawn: true }]);
    release();
    await el.updateComplete;
    expect(el.validate().valid).to.equal(false);
    expect(el.validate().errors.length).to.be.greaterThan(0);
  });
});
