import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { completeReport } from '../../../../../stories/fixtures/threat-report.js';
import { $, settle } from '../../internal/test/helpers.js';
import type ThreatReportForm from '../threat-report-form/threat-report-form.component.js';
import '../threat-report-form/threat-report-form.js';
import type SafetyFormsConfigElement from './config.component.js';
import './config.js';

describe('<safety-forms-config>', () => {
  let fetch: sinon.SinonStub;
  beforeEach(() => {
    fetch = sinon
      .stub(window, 'fetch')
      .callsFake(async () => new Response(JSON.stringify({ reference: 'R-1' }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
  });
  afterEach(() => fetch.restore());

  it('passes accessibility tests', async () => {
    const el = await fixture(html`<safety-forms-config><threat-report-form></threat-report-form></safety-forms-config>`);
    await expect(el).to.be.accessible();
  });

  it('gives forms the endpoint base, headers and strings; a form attribute wins', async () => {
    const config = await fixture<SafetyFormsConfigElement>(html`<safety-forms-config
      endpoint-base="/api/"
      .headers=${{ 'X-CSRF-Token': 'page-token', 'X-Team': 'safety' }}
      .strings=${{ submit: 'Send report' }}
    >
      <threat-report-form id="a"></threat-report-form>
      <threat-report-form id="b" endpoint="/own/endpoint" .headers=${{ 'X-CSRF-Token': 'own-token' }}></threat-report-form>
    </safety-forms-config>`);
    const a = config.querySelector<ThreatReportForm>('#a')!;
    const b = config.querySelector<ThreatReportForm>('#b')!;
    await settle(a);
    expect($(a, '#submit').textContent!.trim()).to.equal('Send report');
    a.value = completeReport;
    b.value = completeReport;
    await a.submit();
    await b.submit();
    const [urlA, initA] = fetch.firstCall.args as [string, RequestInit];
    const [urlB, initB] = fetch.secondCall.args as [string, RequestInit];
    expect(urlA).to.equal('/api/threat-report');
    expect((initA.headers as Record<string, string>)['X-CSRF-Token']).to.equal('page-token');
    expect(urlB).to.equal('/own/endpoint');
    expect((initB.headers as Record<string, string>)['X-CSRF-Token']).to.equal('own-token');
    expect((initB.headers as Record<string, string>)['X-Team']).to.equal('safety');
  });
});
