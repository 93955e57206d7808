import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { classifyReferral } from '@safety-forms/core';
import { Amber, Empty, Green, ReadOnly, Red } from '../../../../../stories/traffic-light-referral-form.stories.js';
import { amberReferral, completeReferral, FAKE_BUDDY, greenReferral, hostileStrings, redReferral } from '../../../../../stories/fixtures/traffic-light-referral.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, chooseRadio, settle, tabTo, typeInto, goToSection, expectAccessibleInEverySection, submitWithKeyboard } from '../../internal/test/helpers.js';
import type TrafficLightReferralForm from './traffic-light-referral-form.component.js';
import './traffic-light-referral-form.js';

const SECTIONS = 3;

const goTo = goToSection;

/** Sets a text input as a user would (input, then change) and waits for the render. */
async function setText(el: TrafficLightReferralForm, selector: string, value: string) {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('change'));
  await settle(el);
}

const panel = (el: TrafficLightReferralForm) => $(el, '[part~=result]');
const statusLine = (el: TrafficLightReferralForm) => $(el, '[part~=result-title]');
const listed = (el: TrafficLightReferralForm, part: string) => $$(el, `[part~=${part}] li`).map((li) => li.textContent!.replace(/\s+/g, ' ').trim());

/** The status line as a screen reader gets it: everything not aria-hidden. */
function spoken(node: Element): string {
  let out = '';
  for (const child of node.childNodes) {
    if (child instanceof Element) {
      if (child.getAttribute('aria-hidden') === 'true') continue;
      out += spoken(child);
    } else if (child.nodeType === Node.TEXT_NODE) out += child.textContent ?? '';
  }
  return out.replace(/\s+/g, ' ').trim();
}

const STATUSES = [
  {
    name: 'RED',
    story: Red,
    data: redReferral,
    status: 'red',
    icon: '■',
    title: 'RED: STOP',
    reasons: ['■ RED: Self-Referral', '■ RED: Service User known to have a history of violence or other high-risk factors.'],
    actions: ['Individual Risk Assessment'],
  },
  {
    name: 'AMBER',
    story: Amber,
    data: amberReferral,
    status: 'amber',
    icon: '▲',
    title: 'AMBER: PROCEED WITH CAUTION',
    reasons: [
      '▲ AMBER: Referral from other agency (No risk assessment available)',
      '▲ AMBER: New referral/first visit by worker',
      '▲ AMBER: Not known whether the Service User has a history of violence or other high-risk factors',
    ],
    actions: [
      'Check all data management systems and referral information',
      'Meet in a KCC building',
      'Discuss joint visit with line manager or meet in a KCC building',
    ],
  },
  {
    name: 'GREEN',
    story: Green,
    data: greenReferral,
    status: 'green',
    icon: '●',
    title: 'GREEN: GO',
    reasons: ['● GREEN: Previously known to ICS (No history of violence or other high-risk factors)', '● GREEN: Referral from other agency (Risk Assessment available)'],
    actions: ['Following Lone Working Procedures'],
  },
] as const;

describe('<traffic-light-referral-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    await expect(el).to.be.accessible();
  });

  it('renders the three sections as "Section N of M" with navigation', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    expect($$(el, '.sections__link').map((b) => b.textContent!.trim())).to.deep.equal(['1. Type of referral', '2. The visit', '3. Purple File Procedure']);
    expect($(el, '[part=marking]').textContent).to.equal('OFFICIAL-SENSITIVE');
    for (let i = 0; i < SECTIONS; i++) {
      await goTo(el, i);
      expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
    }
    expect($(el, '.section').textContent).to.contain('I will need the purple file when I get back to the office');
  });

  it('passes axe in every section, empty and with every error shown', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    await expectAccessibleInEverySection(el);
    el.validate();
    await settle(el);
    expect($$(el, '.error-summary__list a').map((a) => a.textContent)).to.include.members([
      'Select the type of referral',
      'Select whether the Service User is known to have a history of violence or other high-risk factors',
      'Enter the date of the visit',
      'Enter the name of your ‘buddy’',
      'Select whether you will use the ‘Purple File’ procedure for this visit',
    ]);
    await expectAccessibleInEverySection(el);
  });

  it('shows "Not yet classified" with the question still to answer when empty', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    expect(panel(el).dataset['status']).to.equal('incomplete');
    expect(spoken(statusLine(el))).to.equal('Not yet classified');
    expect(panel(el).textContent).to.contain('Still to answer: Type of referral');
    expect($$(el, '[part~=result-actions]')).to.have.length(0);
    expect(el.currentResult).to.deep.equal(classifyReferral({}));
  });

  for (const s of STATUSES) {
    describe(`${s.name} status panel`, () => {
      it('says the status in words with a text icon, every reason and the actions', async () => {
        const el = await fixture<TrafficLightReferralForm>(s.story());
        const line = statusLine(el);
        expect(panel(el).dataset['status']).to.equal(s.status);
        expect(line.getAttribute('role')).to.equal('status');
        const icon = line.querySelector('[part~=result-icon]')!;
        expect(icon.textContent).to.equal(s.icon);
        expect(icon.getAttribute('aria-hidden')).to.equal('true');
        expect(spoken(line)).to.equal(s.title);
        expect(line.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`${s.icon} ${s.title}`);
        expect(listed(el, 'result-reasons')).to.deep.equal([...s.reasons]);
        for (const i of $$(el, '[part~=result-reasons] .traffic-light__icon')) expect(i.getAttribute('aria-hidden')).to.equal('true');
        expect(listed(el, 'result-actions')).to.deep.equal([...s.actions]);
        expect(el.currentResult).to.deep.equal(classifyReferral(s.data));
      });

      it('does not rely on colour: the words stay when every colour is the same', async () => {
        const el = await fixture<TrafficLightReferralForm>(s.story());
        for (const c of ['red', 'amber', 'green']) el.style.setProperty(`--sf-traffic-light-${c}`, 'rgb(128, 128, 128)');
        await settle(el);
        expect(getComputedStyle(statusLine(el)).backgroundColor).to.equal('rgb(128, 128, 128)');
        expect(spoken(statusLine(el))).to.equal(s.title);
        expect(panel(el).textContent).to.contain(s.title.split(': ')[1]!);
      });

      it('passes axe in every section', async () => {
        const el = await fixture<TrafficLightReferralForm>(s.story());
        for (let i = 0; i < SECTIONS; i++) {
          await goTo(el, i);
          expect(spoken(statusLine(el))).to.equal(s.title);
          await expect(el).to.be.accessible();
        }
      });

      it('submits the status with the answers', async () => {
        const el = await fixture<TrafficLightReferralForm>(s.story());
        const handler = sinon.stub().resolves({ reference: `TL-${s.name}` });
        el.submitHandler = handler;
        await el.submit();
        const [envelope] = handler.firstCall.args;
        expect(envelope.formId).to.equal('traffic-light-referral');
        expect(envelope.data).to.deep.equal(s.data);
        expect(envelope.result.status).to.equal(s.status);
        expect(envelope.result.title).to.equal(s.title);
        expect(envelope.result.actions.map((a: { text: string }) => a.text)).to.deep.equal([...s.actions]);
      });
    });
  }

  it('colours come from the component\'s own --sf-traffic-light-* properties, with GOV.UK defaults', async () => {
    const el = await fixture<TrafficLightReferralForm>(Red());
    expect(getComputedStyle(statusLine(el)).backgroundColor).to.equal('rgb(212, 53, 28)');
    expect(getComputedStyle(statusLine(el)).color).to.equal('rgb(255, 255, 255)');
    el.style.setProperty('--sf-traffic-light-red', 'rgb(150, 0, 0)');
    await settle(el);
    expect(getComputedStyle(statusLine(el)).backgroundColor).to.equal('rgb(150, 0, 0)');
    expect(getComputedStyle(panel(el)).borderTopColor).to.equal('rgb(150, 0, 0)');
  });

  it('updates the live status as the type of referral is answered: the worst signal wins', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    const title = () => spoken(statusLine(el));
    $<HTMLInputElement>(el, '#f--referral--referralType-1').click();
    await settle(el);
    $<HTMLInputElement>(el, '#f--referral--riskAssessment').click();
    await settle(el);
    $<HTMLInputElement>(el, '#f--referral--historyOfViolence-1').click();
    $<HTMLInputElement>(el, '#f--referral--previouslyKnown').click();
    $<HTMLInputElement>(el, '#f--referral--newReferralOrFirstVisit-1').click();
    await settle(el);
    expect(title()).to.equal('GREEN: GO');
    $<HTMLInputElement>(el, '#f--referral--newReferralOrFirstVisit').click();
    await settle(el);
    expect(title()).to.equal('AMBER: PROCEED WITH CAUTION');
    expect(listed(el, 'result-reasons')).to.include('● GREEN: Referral from other agency (Risk Assessment available)');
    $<HTMLInputElement>(el, '#f--referral--historyOfViolence').click();
    await settle(el);
    expect(title()).to.equal('RED: STOP');
    expect(panel(el).classList.contains('result--crisis')).to.equal(true);
    expect(listed(el, 'result-actions')).to.deep.equal(['Individual Risk Assessment']);
    // An unknown history is never GREEN.
    $<HTMLInputElement>(el, '#f--referral--historyOfViolence-2').click();
    $<HTMLInputElement>(el, '#f--referral--newReferralOrFirstVisit-1').click();
    await settle(el);
    expect(title()).to.equal('AMBER: PROCEED WITH CAUTION');
    // A self-referral hides the risk assessment question, and its old answer no longer counts.
    $<HTMLInputElement>(el, '#f--referral--referralType').click();
    await settle(el);
    expect(el.shadowRoot!.querySelector('#f--referral--riskAssessment')).to.equal(null);
    expect(title()).to.equal('RED: STOP');
    expect(listed(el, 'result-reasons').join(' ')).not.to.contain('Risk Assessment available');
    await expect(el).to.be.accessible();
  });

  it('can be completed and submitted with the keyboard alone', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    const handler = sinon.stub().resolves({ reference: 'TL-KEYBOARD' });
    el.submitHandler = handler;
    await chooseRadio(el, '/referral/referralType', 1);
    await chooseRadio(el, '/referral/riskAssessment', 0);
    await chooseRadio(el, '/referral/historyOfViolence', 1);
    await chooseRadio(el, '/referral/previouslyKnown', 0);
    await chooseRadio(el, '/referral/newReferralOrFirstVisit', 1);
    await typeInto(el, '#f--referral--referralInformation', 'Nothing flagged on Liberi.');
    await sendKeys({ press: 'Tab' });
    await settle(el);
    expect(spoken(statusLine(el))).to.equal('GREEN: GO');
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('The visit');
    await typeInto(el, '#f--visit--date', '23');
    await typeInto(el, '#f--visit--date-month', '11');
    await typeInto(el, '#f--visit--date-year', '2026');
    await chooseRadio(el, '/visit/arrangement', 1);
    await settle(el);
    await typeInto(el, '#f--visit--jointVisitAgreedBy', 'Morgan Manager');
    await typeInto(el, '#f--visit--buddyName', FAKE_BUDDY);
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('Purple File Procedure');
    await chooseRadio(el, '/purpleFile/checkIn', 1);
    await settle(el);
    await typeInto(el, '#f--purpleFile--checkInAt', '23');
    await typeInto(el, '#f--purpleFile--checkInAt-month', '11');
    await typeInto(el, '#f--purpleFile--checkInAt-year', '2026');
    await typeInto(el, '#f--purpleFile--checkInAt-time', '11:30');
    await submitWithKeyboard(el);
    expect(handler.calledOnce, JSON.stringify(el.validate().errors)).to.equal(true);
    const [envelope] = handler.firstCall.args;
    expect(envelope.data.referral).to.deep.equal({
      referralType: 'other-agency',
      riskAssessment: 'available',
      historyOfViolence: 'no',
      previouslyKnown: 'yes',
      newReferralOrFirstVisit: 'no',
      referralInformation: 'Nothing flagged on Liberi.',
    });
    expect(envelope.data.visit).to.deep.equal({ date: '2026-11-23', arrangement: 'joint-visit', jointVisitAgreedBy: 'Morgan Manager', buddyName: FAKE_BUDDY });
    expect(envelope.data.purpleFile.checkIn).to.equal('buddy-call');
    expect(envelope.data.purpleFile.checkInAt).to.match(/^2026-11-23T11:30:00([+-]\d{2}:\d{2}|Z)$/);
    expect(envelope.result.status).to.equal('green');
    expect($(el, '[part~=reference]').textContent).to.equal('TL-KEYBOARD');
  });

  it('asks for the conditional answers it needs, and not for hidden ones', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    el.value = { ...completeReferral, referral: { ...completeReferral.referral, referralType: 'other', riskAssessment: undefined }, visit: { ...completeReferral.visit, arrangement: 'joint-visit' } };
    await settle(el);
    const messages = el.validate().errors.map((e) => e.message);
    expect(messages).to.include.members(['Enter the type of referral', 'Enter the name of the manager who agreed the joint visit']);
    expect(messages).not.to.include('Select whether a risk assessment is available from the other agency');
    el.value = { ...completeReferral, purpleFile: { checkIn: 'call-office' } };
    await settle(el);
    expect(el.validate().errors.map((e) => e.message)).to.deep.equal(['Enter the date and time of the check-in call']);
    el.value = { ...completeReferral, purpleFile: { checkIn: 'no', checkInAt: '2026-11-23T11:30:00Z' } };
    await settle(el);
    expect(el.validate().valid).to.equal(true);
    expect(el.value.purpleFile).to.deep.equal({ checkIn: 'no' });
  });

  it('shows markup, templates and odd Unicode in answers as text, and keeps them exactly', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    const values = Object.values(hostileStrings);
    el.value = {
      ...completeReferral,
      referral: { ...completeReferral.referral, referralType: 'other', referralTypeOther: values[0], referralInformation: values.join('\n') },
      visit: { ...completeReferral.visit, buddyName: values[1], systemReference: values[2] },
    };
    await settle(el);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    expect($<HTMLInputElement>(el, '#f--referral--referralTypeOther').value).to.equal(hostileStrings.markup);
    expect($<HTMLTextAreaElement>(el, '#f--referral--referralInformation').value).to.equal(values.join('\n').replace(/\r\n?/g, '\n'));
    expect((el.value.referral as Record<string, unknown>)['referralInformation']).to.equal(values.join('\n'));
    expect(el.shadowRoot!.textContent).not.to.contain('49');
    await goTo(el, 1);
    expect($<HTMLInputElement>(el, '#f--visit--buddyName').value).to.equal(hostileStrings.script);
    expect($<HTMLInputElement>(el, '#f--visit--systemReference').value).to.equal(hostileStrings.template);
    expect(el.validate().valid).to.equal(true);
    // Free text never changes the status: only the options do.
    expect(el.currentResult).to.deep.equal(classifyReferral({ ...el.value, referral: { ...(el.value.referral as object), referralInformation: '', referralTypeOther: '' } }));
  });

  it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
    const el = await fixture<TrafficLightReferralForm>(Green());
    const huge = 'x'.repeat(1024 * 1024);
    await setText(el, '#f--referral--referralInformation', huge);
    expect($(el, '#f--referral--referralInformation-error').textContent).to.match(/20,000 characters or fewer/);
    expect((el.value.referral as { referralInformation: string }).referralInformation.length).to.equal(huge.length);
    expect(spoken(statusLine(el))).to.equal('GREEN: GO');
    await goTo(el, 1);
    await setText(el, '#f--visit--systemReference', huge);
    expect($(el, '#f--visit--systemReference-error').textContent).to.match(/100 characters or fewer/);
    expect((el.value.visit as { systemReference: string }).systemReference.length).to.equal(huge.length);
    await expect(el).to.be.accessible();
  });

  it('keeps an impossible visit date on screen with a clear message', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    await goTo(el, 1);
    await setText(el, '#f--visit--date', '31');
    await setText(el, '#f--visit--date-month', '2');
    await setText(el, '#f--visit--date-year', '2026');
    expect($(el, '#f--visit--date-error').textContent).to.contain('Date of the visit must be a real date');
    expect($<HTMLInputElement>(el, '#f--visit--date').value).to.equal('31');
    await setText(el, '#f--visit--date-month', '13');
    expect($<HTMLInputElement>(el, '#f--visit--date-month').value).to.equal('13');
    expect($(el, '#f--visit--date-error').textContent).to.contain('must be a real date');
    await setText(el, '#f--visit--date-month', '2');
    await setText(el, '#f--visit--date-year', '0000');
    expect($(el, '#f--visit--date-error').textContent).to.contain('must be a real date');
    await expect(el).to.be.accessible();
  });

  it('ignores __proto__, unknown keys and wrong types in a prefill, and they never change the status', async () => {
    const el = await fixture<TrafficLightReferralForm>(Empty());
    el.initialValue = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "unknown": 1, "referral": {"__proto__": {"historyOfViolence": "no"}, "referralType": "other-agency", "riskAssessment": "available", "historyOfViolence": 42, "previouslyKnown": "yes", "newReferralOrFirstVisit": "no", "extra": true}}',
    );
    await settle(el);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(el.value).to.deep.equal({ referral: { referralType: 'other-agency', riskAssessment: 'available', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' } });
    expect(spoken(statusLine(el))).to.equal('Not yet classified');
    expect(panel(el).textContent).to.contain('Still to answer: Is the Service User known to have a history of violence or other high-risk factors?');
  });

  it('shows the status read-only, without a submit button', async () => {
    const el = await fixture<TrafficLightReferralForm>(ReadOnly());
    expect(spoken(statusLine(el))).to.equal('RED: STOP');
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    await expect(el).to.be.accessible();
  });



  it('puts every schema string on the page as text (no HTML from the schema)', async () => {
    const el = await fixture<TrafficLightReferralForm>(html`<traffic-light-referral-form></traffic-light-referral-form>`);
    for (let i = 0; i < SECTIONS; i++) {
      await goTo(el, i);
      expect(el.shadowRoot!.querySelector('a[href^="javascript"], img, script, iframe')).to.equal(null);
    }
  });
});

runFormContractTests('traffic-light-referral-form', completeReferral);
