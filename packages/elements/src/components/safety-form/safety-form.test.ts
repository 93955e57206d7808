import { expect, fixture, html } from '@open-wc/testing';
import { completeReport } from '../../../../../stories/fixtures/threat-report.js';
import { ThreatReportById, UnknownForm } from '../../../../../stories/safety-form.stories.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, settle } from '../../internal/test/helpers.js';
import type SafetyForm from './safety-form.component.js';
import './safety-form.js';

describe('<safety-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<SafetyForm>(ThreatReportById());
    await expect(el).to.be.accessible();
  });

  it('renders a generated schema by form id, with its live result', async () => {
    const el = await fixture<SafetyForm>(ThreatReportById());
    expect($(el, '[part=title]').textContent).to.equal('Threat report');
    expect($$(el, '.sections__link').length).to.equal(9);
    el.value = completeReport;
    await settle(el);
    expect($(el, '[part=result-title]').textContent!.trim()).to.equal('Serious substantive threat');
  });

  it('says plainly when the form id is unknown', async () => {
    const el = await fixture<SafetyForm>(UnknownForm());
    expect($(el, '[part=schema-error]').textContent).to.contain('This form could not be shown');
    await expect(el).to.be.accessible();
  });

  it('re-reads its answers against a new schema when the form id changes', async () => {
    const el = await fixture<SafetyForm>(html`<safety-form form="no-such-form"></safety-form>`);
    el.value = { report: { receiverName: 'Kept' }, stray: 1 };
    el.formId = 'threat-report';
    await settle(el);
    expect(el.value).to.deep.equal({ report: { receiverName: 'Kept' } });
  });
});

// The contract runs on a wrapper tag so that <safety-form> is exercised with its form attribute set.
class ThreatReportViaSafetyForm extends (customElements.get('safety-form') as typeof SafetyForm) {
  override formId = 'threat-report';
}
customElements.define('sf-safety-form-threat-report', ThreatReportViaSafetyForm);
runFormContractTests('sf-safety-form-threat-report', completeReport);
