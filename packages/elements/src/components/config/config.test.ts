import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { highRisk } from '../../../../../stories/fixtures/risk-matrix.js';
import { greenReferral, redReferral } from '../../../../../stories/fixtures/traffic-light-referral.js';
import type { SfFormBase } from '../../internal/form-base.js';
import { defaultStrings, type Strings } from '../../internal/strings.js';
import '../risk-matrix-form/risk-matrix-form.js';
import '../traffic-light-referral-form/traffic-light-referral-form.js';
import { completeReport } from '../../../../../stories/fixtures/threat-report.js';
import { $, settle, openCheckAnswers } from '../../internal/test/helpers.js';
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
    await openCheckAnswers(a);
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

  describe('strings', () => {
    /** Page-wide wording: a button, the error summary heading, a banner and result panel labels. */
    const wording: Partial<Strings> = {
      next: 'Carry on',
      errorSummaryTitle: 'Some answers need another look',
      'failed-auth': 'Please sign in again in a new tab; nothing you typed is lost.',
      resultHeading: 'Outcome so far',
      howReached: 'Why this status',
      riskScore: 'Points',
      riskStrategyGroup: 'RSG meeting',
      riskStrategyGroupRequired: 'Needed',
    };

    async function inConfig(tag: 'risk-matrix-form' | 'traffic-light-referral-form', strings: Partial<Strings> = wording): Promise<SfFormBase> {
      const config = await fixture<SafetyFormsConfigElement>(html`<safety-forms-config endpoint-base="/api" .strings=${strings}></safety-forms-config>`);
      const el = document.createElement(tag) as SfFormBase;
      el.setAttribute('draft', 'off');
      config.append(el);
      await settle(el);
      return el;
    }

    const text = (el: Element, selector: string) => $(el, selector).textContent!.replace(/\s+/g, ' ').trim();

    it("shows the page's wording on buttons, the error summary and result panels, and passes axe", async () => {
      const referral = await inConfig('traffic-light-referral-form');
      expect(text(referral, '[part~=next-button]')).to.equal('Carry on');
      referral.validate();
      await settle(referral);
      expect(text(referral, '[part=error-summary] h2')).to.equal('Some answers need another look');
      referral.value = redReferral;
      await settle(referral);
      expect(text(referral, '#result-heading')).to.equal('Outcome so far');
      expect(text(referral, '[part=result]')).to.contain('Why this status');
      expect(text(referral, '[part=result]')).not.to.contain(defaultStrings.howReached);
      await expect(referral).to.be.accessible();

      const matrix = await inConfig('risk-matrix-form');
      matrix.value = highRisk;
      await settle(matrix);
      expect(text(matrix, '[part=result-score]')).to.match(/^Points: \d+ out of \d+$/);
      expect(text(matrix, '[part=result-rsg]')).to.match(/^RSG meeting: Needed/);
      expect(text(matrix, '#result-heading')).to.equal('Outcome so far');
    });

    it("shows the page's wording in a banner when sending fails", async () => {
      fetch.callsFake(async () => new Response('', { status: 401 }));
      const referral = await inConfig('traffic-light-referral-form');
      referral.value = greenReferral;
      await settle(referral);
      await referral.submit().catch(() => undefined);
      await settle(referral);
      expect(text(referral, '[part~=submit-error]')).to.contain(wording['failed-auth']!);
      await expect(referral).to.be.accessible();
    });

    it('keeps the default for every string the page does not override, and follows a change of wording', async () => {
      const referral = await inConfig('traffic-light-referral-form', { errorSummaryTitle: 'Check these answers' });
      expect(text(referral, '[part~=next-button]')).to.equal(defaultStrings.next);
      const config = referral.parentElement as SafetyFormsConfigElement;
      config.strings = { next: 'Onwards' };
      await config.updateComplete;
      await settle(referral);
      expect(text(referral, '[part~=next-button]')).to.equal('Onwards');
    });
  });
});
