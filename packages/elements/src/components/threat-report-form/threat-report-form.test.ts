import { classifyThreat } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { Complete, Crisis, Empty, EverySection, ReadOnly } from '../../../../../stories/threat-report-form.stories.js';
import { completeReport, FAKE_SUBJECT, hostileStrings } from '../../../../../stories/fixtures/threat-report.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, settle, tabTo, typeInto, goToSection, expectAccessibleInEverySection, submitWithKeyboard } from '../../internal/test/helpers.js';
import type ThreatReportForm from './threat-report-form.component.js';
import './threat-report-form.js';

const SECTIONS = 9;

const goTo = goToSection;

describe('<threat-report-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await expect(el).to.be.accessible();
  });

  it('passes axe in every section, empty and with every error shown', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    for (let i = 0; i < SECTIONS; i++) {
      await goTo(el, i);
      expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
      await expect(el).to.be.accessible();
    }
    el.validate();
    await expectAccessibleInEverySection(el);
  });

  it('passes axe in the completed, every-section, crisis and read-only states', async () => {
    for (const story of [Complete, EverySection, Crisis, ReadOnly]) {
      const el = await fixture<ThreatReportForm>(story());
      await expectAccessibleInEverySection(el);
    }
  });

  it('renders every section of the CSTAG packet as "Section N of M" with navigation', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    const titles = $$(el, '.sections__link').map((b) => b.textContent!.trim());
    expect(titles).to.deep.equal([
      '1. Threat report',
      '2. Incident or behaviour of concern',
      '3. Assessment findings',
      '4. Key observations',
      '5. Threat evaluation',
      '6. Threat priority level classification',
      '7. Observations suggesting need for intervention',
      '8. Threat response',
      '9. Case plan',
    ]);
    expect($(el, '.sections__link[aria-current=step]').textContent!.trim()).to.equal('1. Threat report');
    $<HTMLButtonElement>(el, '[part~=next-button]').click();
    await settle(el);
    expect(active(el)?.id).to.equal('section-heading');
    expect($(el, '#section-heading').textContent).to.equal('Incident or behaviour of concern');
  });

  it('shows the key observations as a grid of fieldsets with legends, never a score', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await goTo(el, 3);
    const rows = $$(el, '.scale__fieldset');
    expect(rows.length).to.equal(18);
    for (const row of rows) {
      expect(row.querySelector('legend')!.textContent!.length).to.be.greaterThan(5);
      expect(row.querySelectorAll('input[type=radio]').length).to.equal(4);
    }
    expect(el.shadowRoot!.textContent).not.to.match(/(total|score)\s*[:=]?\s*\d/i);
  });

  it('updates the live classification as the evaluation is answered', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await goTo(el, 4);
    const title = () => $(el, '[part=result-title]').textContent!.trim();
    expect(title()).to.equal('Not yet classified');
    $<HTMLInputElement>(el, '#f--evaluation--intentToHarm').click();
    await settle(el);
    $<HTMLInputElement>(el, '#f--evaluation--resolvedAsTransient-1').click();
    await settle(el);
    $<HTMLInputElement>(el, '#f--evaluation--seriousness-1').click();
    await settle(el);
    expect(title()).to.equal('Very serious substantive threat');
    expect($$(el, '[part=result-actions] li').length).to.equal(7);
    expect($(el, '[part=result-title]').getAttribute('role')).to.equal('status');
    $<HTMLInputElement>(el, '#f--evaluation--violenceImminent').click();
    await settle(el);
    expect(title()).to.equal('Crisis response');
    expect(el.currentResult).to.deep.equal(classifyThreat(el.value));
    await expect(el).to.be.accessible();
  });

  it('asks for a reason when the team chooses a different priority', async () => {
    const el = await fixture<ThreatReportForm>(Complete());
    await goTo(el, 5);
    expect($(el, '[part=priority-suggestion]').textContent).to.contain('Priority 3 (Moderate Risk)');
    $<HTMLInputElement>(el, '#f--priority--decision-1').click();
    await settle(el);
    const result = await el.submit();
    await settle(el);
    expect(result).to.equal(undefined);
    const messages = $$(el, '.error-summary__list a').map((a) => a.textContent);
    expect(messages).to.include('Select a priority level');
    expect(messages.some((m) => /reason/i.test(m ?? ''))).to.equal(true);
  });

  it('moves to the field in another section from an error summary link', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await el.submit();
    await settle(el);
    const link = $$<HTMLAnchorElement>(el, '.error-summary__list a').find((a) => a.textContent === 'Enter the name of the person who made the threat')!;
    expect(link).to.exist;
    link.click();
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('Incident or behaviour of concern');
    expect(active(el)?.id).to.equal('f--incident--subjectName');
    expect($(el, '#f--incident--subjectName').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#f--incident--subjectName').getAttribute('aria-describedby')).to.contain('f--incident--subjectName-error');
    expect($(el, '#f--incident--subjectName-error').textContent).to.contain('Error:');
  });

  it('can be completed and submitted with the keyboard alone', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    const handler = sinon.stub().resolves({ reference: 'TR-KEYBOARD' });
    el.submitHandler = handler;
    await tabTo(el, '#f--report--reporterName');
    await sendKeys({ type: 'Priya Example' });
    await typeInto(el, '#f--report--reportedAt', '20');
    await typeInto(el, '#f--report--reportedAt-month', '11');
    await typeInto(el, '#f--report--reportedAt-year', '2026');
    await typeInto(el, '#f--report--reportedAt-time', '09:15');
    await chooseRadio(el, '/report/reporterAffiliation', 2);
    await typeInto(el, '#f--report--receiverName', 'Sam Placeholder');
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await typeInto(el, '#f--incident--subjectName', FAKE_SUBJECT);
    await typeInto(el, '#f--incident--threatMadeAt', '20');
    await typeInto(el, '#f--incident--threatMadeAt-month', '11');
    await typeInto(el, '#f--incident--threatMadeAt-year', '2026');
    await typeInto(el, '#f--incident--threatMadeAt-time', '8:50');
    await chooseRadio(el, '/incident/subjectAffiliation', 0);
    await chooseRadio(el, '/incident/location', 0);
    await typeInto(el, '#f--incident--summary', 'Said "I will punch you" in the corridor.');
    // Section 5, the evaluation, through the section navigation.
    await tabTo(el, '[part~=next-button]');
    for (let i = 0; i < 2; i++) {
      await sendKeys({ press: 'Enter' });
      await settle(el);
      await tabTo(el, '[part~=next-button]');
    }
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('Threat evaluation');
    await chooseRadio(el, '/evaluation/violenceImminent', 1);
    await chooseRadio(el, '/evaluation/intentToHarm', 0);
    await chooseRadio(el, '/evaluation/resolvedAsTransient', 1);
    await chooseRadio(el, '/evaluation/seriousness', 0);
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await chooseRadio(el, '/priority/decision', 0);
    await typeInto(el, '#f--priority--date', '20');
    await typeInto(el, '#f--priority--date-month', '11');
    await typeInto(el, '#f--priority--date-year', '2026');
    await submitWithKeyboard(el);
    expect(handler.calledOnce, JSON.stringify(el.validate().errors)).to.equal(true);
    const [envelope] = handler.firstCall.args;
    expect(envelope.data.report.reporterAffiliation).to.equal('staff');
    expect(envelope.data.report.reportedAt).to.match(/^2026-11-20T09:15:00[+-]\d{2}:\d{2}$/);
    expect(envelope.data.incident.threatMadeAt).to.match(/^2026-11-20T08:50:00/);
    expect(envelope.data.incident.subjectName).to.equal(FAKE_SUBJECT);
    expect(envelope.result.outcome).to.equal('serious-substantive');
    expect(envelope.result.priority).to.equal(3);
    expect($(el, '[part~=reference]').textContent).to.equal('TR-KEYBOARD');
  });

  it('shows markup, templates and odd Unicode in answers as text, and keeps them exactly', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    const values = Object.values(hostileStrings);
    el.value = {
      ...completeReport,
      report: { ...completeReport.report, reporterName: values[0], receiverName: values[1] },
      incident: { ...completeReport.incident, summary: values.join('\n'), subjectName: values[2] },
    };
    await settle(el);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect($<HTMLInputElement>(el, '#f--report--reporterName').value).to.equal(hostileStrings.markup);
    expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    await goTo(el, 1);
    expect($<HTMLTextAreaElement>(el, '#f--incident--summary').value).to.equal(values.join('\n').replace(/\r\n?/g, '\n'));
    expect((el.value.incident as Record<string, unknown>)['summary']).to.equal(values.join('\n'));
    expect(el.validate().valid).to.equal(true);
  });

  it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
    const el = await fixture<ThreatReportForm>(Complete());
    await goTo(el, 1);
    const huge = 'x'.repeat(1024 * 1024);
    const area = $<HTMLTextAreaElement>(el, '#f--incident--summary');
    area.value = huge;
    area.dispatchEvent(new Event('input'));
    area.dispatchEvent(new Event('change'));
    await settle(el);
    expect($(el, '#f--incident--summary-error').textContent).to.match(/20,000 characters or fewer/);
    expect((el.value.incident as { summary: string }).summary.length).to.equal(huge.length);
    await expect(el).to.be.accessible();
  });

  it('keeps an impossible date on screen with a clear message', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await goTo(el, 5);
    const set = (id: string, v: string) => {
      const input = $<HTMLInputElement>(el, id);
      input.value = v;
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('change'));
    };
    set('#f--priority--date', '31');
    set('#f--priority--date-month', '2');
    set('#f--priority--date-year', '2026');
    await settle(el);
    expect($(el, '#f--priority--date-error').textContent).to.contain('must be a real date');
    expect($<HTMLInputElement>(el, '#f--priority--date').value).to.equal('31');
    set('#f--priority--date-month', '13');
    await settle(el);
    expect($<HTMLInputElement>(el, '#f--priority--date-month').value).to.equal('13');
    expect($(el, '#f--priority--date-error').textContent).to.contain('must be a real date');
    set('#f--priority--date-month', '');
    await settle(el);
    expect($(el, '#f--priority--date-error').textContent).to.contain('must include a month');
    set('#f--priority--date-month', '2');
    set('#f--priority--date-year', '0000');
    await settle(el);
    expect($(el, '#f--priority--date-error').textContent).to.contain('must be a real date');
  });

  it('reads numbers as people type them and keeps what is not a number', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await goTo(el, 1);
    const age = () => $<HTMLInputElement>(el, '#f--incident--subjectAge');
    const type = async (v: string) => {
      age().value = v;
      age().dispatchEvent(new Event('input'));
      age().dispatchEvent(new Event('change'));
      await settle(el);
    };
    await type('٣٠');
    expect((el.value.incident as Record<string, unknown>)['subjectAge']).to.equal(30);
    for (const bad of ['-3', '1e3', '0x10', 'NaN', 'Infinity']) {
      await type(bad);
      expect(age().value).to.equal(bad);
      expect($(el, '#f--incident--subjectAge-error').textContent!.length, bad).to.be.greaterThan(10);
    }
  });

  it('ignores __proto__, unknown keys, wrong types and huge arrays in a prefill', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    el.initialValue = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "unknown": 1, "report": {"reporterName": 42, "receiverName": "Ok Name", "extra": true}, "casePlan": {"followUps": []}}',
    );
    (el.initialValue as { casePlan?: unknown }).casePlan;
    await settle(el);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(el.value).to.deep.equal({ report: { receiverName: 'Ok Name' }, casePlan: { followUps: [] } });
    el.initialValue = { casePlan: { followUps: Array.from({ length: 10000 }, () => ({ date: '2026-01-01', status: 'x' })) } };
    await settle(el);
    expect((el.value.casePlan as { followUps: unknown[] }).followUps.length).to.be.at.most(50);
  });

  it('adds and removes follow-ups from the keyboard', async () => {
    const el = await fixture<ThreatReportForm>(Empty());
    await goTo(el, 8);
    await tabTo(el, '#f--casePlan--followUps');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)?.id).to.equal('f--casePlan--followUps-0-legend');
    await typeInto(el, '#f--casePlan--followUps--0--date', '1');
    await typeInto(el, '#f--casePlan--followUps--0--date-month', '12');
    await typeInto(el, '#f--casePlan--followUps--0--date-year', '2026');
    await typeInto(el, '#f--casePlan--followUps--0--status', 'Reviewed with parents.');
    await sendKeys({ press: 'Tab' });
    await settle(el);
    expect(el.value.casePlan).to.deep.equal({ followUps: [{ date: '2026-12-01', status: 'Reviewed with parents.' }] });
    await tabTo(el, '[part~=remove-button]');
    expect(active(el)?.textContent).to.match(/Remove\s+Follow-up or revision 1/);
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.value.casePlan).to.equal(undefined);
    await expect(el).to.be.accessible();
  });



  it('puts every schema string on the page as text (no HTML from the schema)', async () => {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form></threat-report-form>`);
    expect(el.shadowRoot!.querySelector('a[href^="javascript"], img, script, iframe')).to.equal(null);
  });
});

runFormContractTests('threat-report-form', completeReport);

describe('<threat-report-form> submission over HTTP', () => {
  let fetch: sinon.SinonStub;
  const reply = (status: number, body: unknown, type = 'application/json') => async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
  beforeEach(() => (fetch = sinon.stub(window, 'fetch')));
  afterEach(() => fetch.restore());

  async function ready() {
    const el = await fixture<ThreatReportForm>(html`<threat-report-form endpoint="/api/threat-report"></threat-report-form>`);
    // One attempt: these tests are about what each reply means, not about retrying (deliver.test.ts).
    el.retryPolicy = { attempts: 1 };
    el.value = completeReport;
    await settle(el);
    return el;
  }

  it('posts the contract envelope with an Idempotency-Key and shows the reference', async () => {
    fetch.callsFake(reply(201, { reference: 'TR-20261122-ABC123' }));
    const el = await ready();
    await el.submit();
    await settle(el);
    const [url, init] = fetch.firstCall.args as [string, RequestInit];
    expect(url).to.equal('/api/threat-report');
    expect(url).not.to.contain(FAKE_SUBJECT);
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).to.equal('application/json');
    expect(headers['Idempotency-Key']).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = JSON.parse(String(init.body));
    expect(Object.keys(body)).to.deep.equal(['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);
    expect(body.formId).to.equal('threat-report');
    expect(body.schemaVersion).to.equal('1.0.0');
    expect(body.data).to.deep.equal(completeReport);
    expect(body.result.outcome).to.equal('serious-substantive');
    expect($(el, '[part~=reference]').textContent).to.equal('TR-20261122-ABC123');
    expect(active(el)?.id).to.equal('confirmation');
  });

  for (const [status, text] of [
    [500, 'problem with the service'],
    [503, 'problem with the service'],
    [401, 'Sign in again in a new tab'],
    [403, 'Sign in again in a new tab'],
    [413, 'too large'],
    [404, 'refused the form'],
  ] as const) {
    it(`keeps every answer and explains a ${status}`, async () => {
      fetch.callsFake(reply(status, { title: 'x' }, 'application/problem+json'));
      const el = await ready();
      const before = el.value;
      const error = await el.submit().catch((e: Error) => e);
      await settle(el);
      expect((error as Error).name).to.equal('SubmissionError');
      expect($(el, '[part~=submit-error]').textContent).to.contain(text);
      expect(active(el)?.id).to.equal('submit-failure');
      expect(el.value).to.deep.equal(before);
      expect((error as Error).message).not.to.contain(FAKE_SUBJECT);
      await expect(el).to.be.accessible();
    });
  }

  it('keeps every answer when offline', async () => {
    fetch.rejects(new TypeError('Failed to fetch'));
    const el = await ready();
    const error = await el.submit().catch((e: { kind: string }) => e);
    await settle(el);
    expect((error as { kind: string }).kind).to.equal('network');
    expect($(el, '[part~=submit-error]').textContent).to.contain('connection was lost');
    expect(el.value).to.deep.equal(completeReport);
  });

  it('treats a 200 that is not JSON as an unknown outcome and keeps the same key for the retry', async () => {
    fetch.onFirstCall().callsFake(reply(200, '<html>Login</html>', 'text/html'));
    fetch.onSecondCall().callsFake(reply(201, { reference: 'R-2' }));
    const el = await ready();
    await el.submit().catch(() => undefined);
    await settle(el);
    expect($(el, '[part~=submit-error]').textContent).to.contain('it will not be recorded twice');
    await el.submit();
    const key = (i: number) => ((fetch.getCall(i).args[1] as RequestInit).headers as Record<string, string>)['Idempotency-Key'];
    expect(key(0)).to.equal(key(1));
  });

  it('shows the backend\'s problem+json errors on the fields they point at', async () => {
    fetch.callsFake(
      reply(422, { title: 'Invalid', errors: [{ pointer: '/data/incident/subjectName', detail: 'This name is not on the pupil roll' }] }, 'application/problem+json'),
    );
    const el = await ready();
    await el.submit().catch(() => undefined);
    await settle(el);
    const links = $$(el, '.error-summary__list a').map((a) => a.textContent);
    expect(links).to.deep.equal(['This name is not on the pupil roll']);
    expect(active(el)?.id).to.equal('error-summary');
    $$<HTMLAnchorElement>(el, '.error-summary__list a')[0]!.click();
    await settle(el);
    expect($(el, '#f--incident--subjectName-error').textContent).to.contain('This name is not on the pupil roll');
    await expect(el).to.be.accessible();
  });
});
