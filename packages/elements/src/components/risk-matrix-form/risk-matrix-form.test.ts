import { riskMatrix, schemaAt, validate, type FormSchema } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import {
  Empty,
  HighRisk,
  LowRisk,
  MediumRisk,
  PartFilled,
  PoliceReported,
  RaisedOnJudgement,
  ReadOnly,
  VeryHighRisk,
  WithActionPlan,
  WithErrors,
} from '../../../../../stories/risk-matrix-form.stories.js';
import { completeMatrix, FAKE_ASSESSOR, FAKE_TARGET, lowRisk, mediumRisk } from '../../../../../stories/fixtures/risk-matrix.js';
import { hostileStrings } from '../../../../../stories/fixtures/threat-report.js';
import { scoreRiskMatrix, type RiskMatrixResult } from '@safety-forms/core';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, settle, tabTo, typeInto, goToSection, setInput, expectAccessibleInEverySection, submitWithKeyboard } from '../../internal/test/helpers.js';
import type RiskMatrixForm from './risk-matrix-form.component.js';
import './risk-matrix-form.js';

const SECTIONS = 6;
const RISK_SECTION = 4;
const ACTION_PLAN = 5;

const goTo = goToSection;


async function click(el: RiskMatrixForm, selector: string) {
  $<HTMLInputElement>(el, selector).click();
  await settle(el);
}

const text = (el: RiskMatrixForm, selector: string) => $(el, selector).textContent!.replace(/\s+/g, ' ').trim();
const score = (el: RiskMatrixForm) => el.currentResult as RiskMatrixResult;

describe('<risk-matrix-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    await expect(el).to.be.accessible();
  });

  it('passes axe in every section: empty, with every error shown, and part filled', async () => {
    for (const story of [Empty, WithErrors, PartFilled]) {
      const el = await fixture<RiskMatrixForm>(story());
      await settle(el);
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
        await expect(el).to.be.accessible();
      }
    }
  });

  it('passes axe in every section in every band, police-reported, raised, with an action plan and read-only', async () => {
    for (const story of [LowRisk, MediumRisk, HighRisk, VeryHighRisk, PoliceReported, RaisedOnJudgement, WithActionPlan, ReadOnly]) {
      const el = await fixture<RiskMatrixForm>(story());
      await expectAccessibleInEverySection(el);
    }
  });

  it('shows the RESTRICTED marking on every section, and says why', async () => {
    expect(riskMatrix.schema['x-marking']).to.equal('RESTRICTED');
    for (const story of [Empty, VeryHighRisk, ReadOnly]) {
      const el = await fixture<RiskMatrixForm>(story());
      // A read-only record shows every section on one page.
      for (let i = 0; i < (el.readonly ? 1 : SECTIONS); i++) {
        if (!el.readonly) await goTo(el, i);
        const marking = $(el, '[part=marking]');
        expect(marking.textContent).to.equal('RESTRICTED');
        expect(marking.getBoundingClientRect().height).to.be.greaterThan(10);
        expect(getComputedStyle(marking).visibility).to.equal('visible');
        // Above the title, so it is the first thing read.
        expect(marking.compareDocumentPosition($(el, '[part=title]')) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
      }
      if (!el.readonly) await goTo(el, 0);
      expect(el.shadowRoot!.textContent).to.contain('This form is classified as RESTRICTED when information added.');
    }
  });

  it('renders the sections of Appendix 4, then the action plan', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    expect($(el, '[part=title]').textContent).to.equal('Risk Matrix (to help assess potential threat level)');
    expect($$(el, '.sections__link').map((b) => b.textContent!.trim())).to.deep.equal([
      '1. About this assessment',
      '2. A. Nature of Threat',
      '3. B. Subject Background',
      '4. C. Person(s) Under Threat',
      '5. Overall Score and Risk',
      '6. Action plan',
    ]);
  });

  it('asks all 21 subject background and all 10 person(s) under threat questions, in the document\u2019s words', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    await goTo(el, 2);
    const b = $$(el, 'fieldset legend').map((l) => l.textContent!.trim());
    expect(b).to.have.length(21);
    expect(b[0]).to.equal('Does the individual have any previous relevant convictions?');
    expect(b).to.include('Does the person have a social support system?');
    expect(b).to.include('Is the person or (previously been) willing to seek help?');
    expect(b[20]).to.equal('Do they have an interest in extremist ideas or radical groups?');
    for (const row of $$(el, 'fieldset')) expect(row.querySelectorAll('input[type=radio]').length).to.be.within(3, 5);
    await goTo(el, 3);
    const c = $$(el, 'fieldset legend').map((l) => l.textContent!.trim());
    expect(c).to.deep.equal([
      'Do they have young children?',
      'Do they live alone?',
      'Do they live in a remote location without close neighbours?',
      'Contact telephone numbers \u2013 do they have a mobile phone (network coverage?)',
      'Is their home telephone number ex-directory?',
      'Are they removed from 192.com etc.?',
      'Are they on the electoral roll?',
      'Is their vehicle registration blocked by DVLA or listed at work/P.O Box?',
      'Have they received any malicious phone calls?',
      'Has anything unusual/odd occurred recently? e.g. strange/unusual cars/calls etc.?',
    ]);
  });

  it('gives every property a title and a $comment citing the protocol, and every string a maxLength', () => {
    let count = 0;
    const walk = (node: FormSchema, pointer: string) => {
      for (const key of Object.keys(node.properties ?? {})) {
        const c = schemaAt(riskMatrix.schema, `${pointer}/${key}`)!;
        expect(c.title, `${pointer}/${key}`).to.be.a('string');
        expect(c.$comment, `${pointer}/${key}`).to.match(/Derbyshire Serious Threat Response Protocol, (Section|Appendix) \d/);
        if (c.type === 'string' && !c.oneOf) expect(c.maxLength ?? (c.format ? 1 : undefined), `${pointer}/${key}`).to.be.a('number');
        count++;
        if (c.items && c.items.properties) walk(c.items, `${pointer}/${key}/0`);
        else walk(c, `${pointer}/${key}`);
      }
    };
    walk(riskMatrix.schema, '');
    expect(count).to.be.greaterThan(50);
  });

  it('updates the live result panel as answers change', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    const title = () => text(el, '[part=result-title]');
    expect(title()).to.equal('Not yet scored');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 0 out of 119');
    expect(text(el, '[part=result-rsg]')).to.equal(
      'Risk Strategy Group meeting: Not required so far (answer every question, including whether the incident was reported to the Police)',
    );
    expect($(el, '[part=result-title]').getAttribute('role')).to.equal('status');

    await goTo(el, 1);
    await click(el, '#f--natureOfThreat--levelOfSeverity-1');
    expect(title()).to.equal('Low risk');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 5 out of 119');
    expect(text(el, '[part=result-treatment]')).to.equal('Risk treatment plan: Lower level operational meeting');
    expect(text(el, '[part=result-summary]')).to.match(/lower level operational meeting/);
    expect(text(el, '[part=result-provisional]')).to.equal(
      'Provisional: 1 of 32 questions answered. Unanswered questions score 0, so the score may rise.',
    );
    expect($$(el, '[part=result-reasons] li').map((li) => li.textContent)).to.deep.equal([
      'Level of severity: Moderate \u2013 an implied or conditional threat of harm (+5)',
    ]);
    await click(el, '#f--natureOfThreat--levelOfSeverity-2');
    expect(title()).to.equal('Medium risk');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 10 out of 119');

    await goTo(el, 2);
    await click(el, '#f--subjectBackground--addressKnowledge');
    await click(el, '#f--subjectBackground--weapons');
    await click(el, '#f--subjectBackground--actionPlan');
    await click(el, '#f--subjectBackground--violentBehaviour');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 34 out of 119');
    expect($$(el, '[part=result-reasons] li')[0]!.textContent).to.match(/^Level of severity/);
    // A protective answer does not move the score.
    await click(el, '#f--subjectBackground--socialSupport');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 34 out of 119');
    await click(el, '#f--subjectBackground--socialSupport-1');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 36 out of 119');

    await goTo(el, 3);
    for (const id of ['livesAlone', 'remoteLocation', 'maliciousCalls', 'unusualEvents']) await click(el, `#f--personsUnderThreat--${id}`);
    await click(el, '#f--personsUnderThreat--mobilePhone-2');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 54 out of 119');
    expect(title()).to.equal('Medium risk');
    await click(el, '#f--personsUnderThreat--youngChildren');
    expect(title()).to.equal('High risk');
    expect(text(el, '[part=result-rsg]')).to.match(/^Risk Strategy Group meeting: Required High risk: a significant level of risk/);
    expect(text(el, '[part=result-treatment]')).to.equal('Risk treatment plan: Full Risk Strategy Group meeting');
    expect($$(el, '[part=result-actions] li').length).to.equal(5);

    await goTo(el, 0);
    await click(el, '#f--assessment--policeReported');
    expect(text(el, '[part=result-rsg]')).to.contain('formally reported to the Police');
    expect(el.currentResult).to.deep.equal(scoreRiskMatrix(el.value));
    await expect(el).to.be.accessible();
  });

  it('shows a police-reported low score as needing a Risk Strategy Group meeting', async () => {
    const el = await fixture<RiskMatrixForm>(PoliceReported());
    expect(text(el, '[part=result-title]')).to.equal('Low risk');
    expect(text(el, '[part=result-rsg]')).to.equal(
      'Risk Strategy Group meeting: Required The incident has been formally reported to the Police: a Risk Strategy Group meeting should be arranged whatever the score.',
    );
    expect(text(el, '[part=result-summary]')).to.match(/^A full Risk Strategy Group meeting is required/);
    expect(el.shadowRoot!.querySelector('.result--crisis')).to.equal(null);
    const low = await fixture<RiskMatrixForm>(LowRisk());
    expect(text(low, '[part=result-rsg]')).to.equal('Risk Strategy Group meeting: Not required');
    expect(text(low, '[part=result-summary]')).to.match(/^A lower threat level has been identified/);
  });

  it('makes a very high risk stand out in words as well as with a heavier border', async () => {
    const el = await fixture<RiskMatrixForm>(VeryHighRisk());
    expect($(el, '[part=result]').classList.contains('result--crisis')).to.equal(true);
    expect(text(el, '[part=result-title]')).to.equal('Very high risk');
    expect(text(el, '[part=result-summary]')).to.contain('without delay');
    expect(text(el, '[part=result-score]')).to.equal('Overall score: 89 out of 119');
  });

  it('shows the calculated risk in the Overall Score and Risk section, and raises it only with a reason', async () => {
    const el = await fixture<RiskMatrixForm>(MediumRisk());
    await goTo(el, RISK_SECTION);
    expect(text(el, '[part=calculated-risk]')).to.equal('Calculated risk: Medium risk (overall score 38 out of 119).');
    expect(el.shadowRoot!.querySelector('#f--risk--raisedRisk')).to.equal(null);
    await click(el, '#f--risk--professionalJudgement-1');
    const levels = $$(el, 'input[name="/risk/raisedRisk"] + label').map((l) => l.textContent);
    expect(levels).to.deep.equal(['Medium risk', 'High risk', 'Very high risk']);
    await click(el, '#f--risk--raisedRisk-1');
    expect(text(el, '[part=result-title]')).to.equal('Medium risk');
    expect(text(el, '[part=result-judgement]')).to.equal('To raise the risk on professional judgement, give the reason.');
    expect(await el.submit()).to.equal(undefined);
    await settle(el);
    expect($$(el, '.error-summary__list a').map((a) => a.textContent)).to.deep.equal(['Enter the reason for raising the risk']);
    setInput(el, '#f--risk--raiseReason', '   ');
    await settle(el);
    expect(text(el, '#f--risk--raiseReason-error')).to.contain('Enter the reason for raising the risk');
    setInput(el, '#f--risk--raiseReason', 'Seen outside the office twice.');
    await settle(el);
    expect(text(el, '[part=result-title]')).to.equal('High risk');
    expect(text(el, '[part=result-calculated]')).to.equal('Calculated risk: Medium risk, raised to High risk on professional judgement');
    expect(text(el, '[part=result-rsg]')).to.contain('High risk (raised on professional judgement)');
    // Choosing the calculated level is not a raise, and the panel says so.
    await click(el, '#f--risk--raisedRisk');
    expect(text(el, '[part=result-title]')).to.equal('Medium risk');
    expect(text(el, '[part=result-judgement]')).to.equal('The calculated risk is already Medium risk.');
    await expect(el).to.be.accessible();
  });

  it('never lowers the risk on professional judgement, and says so', async () => {
    const el = await fixture<RiskMatrixForm>(VeryHighRisk());
    el.value = { ...el.value, risk: { professionalJudgement: 'raise', raisedRisk: 'medium', raiseReason: 'Calmer now.' } };
    await settle(el);
    expect(text(el, '[part=result-title]')).to.equal('Very high risk');
    expect(text(el, '[part=result-judgement]')).to.equal(
      'Professional judgement can raise the risk, never lower it: the calculated Very high risk stands.',
    );
  });

  it('shows the raised story with both the calculated and the raised risk', async () => {
    const el = await fixture<RiskMatrixForm>(RaisedOnJudgement());
    expect(text(el, '[part=result-title]')).to.equal('High risk');
    expect(text(el, '[part=result-calculated]')).to.contain('Medium risk, raised to High risk');
    expect(el.shadowRoot!.querySelector('[part=result-judgement]')).to.equal(null);
  });

  it('can be completed and submitted with the keyboard alone', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    const handler = sinon.stub().resolves({ reference: 'RM-KEYBOARD' });
    el.submitHandler = handler;
    const next = async () => {
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
    };
    await tabTo(el, '#f--assessment--assessorName');
    await sendKeys({ type: FAKE_ASSESSOR });
    await typeInto(el, '#f--assessment--assessmentDate', '20');
    await typeInto(el, '#f--assessment--assessmentDate-month', '11');
    await typeInto(el, '#f--assessment--assessmentDate-year', '2026');
    await chooseRadio(el, '/assessment/policeReported', 1);
    await next();
    expect($(el, '#section-heading').textContent).to.equal('A. Nature of Threat');
    await chooseRadio(el, '/natureOfThreat/levelOfSeverity', 1);
    await next();
    // Section B: "No" to each risk factor, "Yes" to the protective ones, "No factors either way".
    const b: Record<string, number> = { socialSupport: 0, willingToSeekHelp: 0, violentBehaviour: 2, emotionalDetachment: 2, lifeFactors: 3 };
    for (const key of Object.keys(riskMatrix.schema.properties!['subjectBackground']!.properties!)) {
      if (key === 'lifeFactorsDetails') continue;
      await chooseRadio(el, `/subjectBackground/${key}`, b[key] ?? 1);
    }
    await next();
    const c: Record<string, number> = { mobilePhone: 0, exDirectory: 0, peopleFinderRemoved: 0, vehicleBlocked: 0, maliciousCalls: 0 };
    for (const key of Object.keys(riskMatrix.schema.properties!['personsUnderThreat']!.properties!)) {
      await chooseRadio(el, `/personsUnderThreat/${key}`, c[key] ?? 1);
    }
    await next();
    expect($(el, '#section-heading').textContent).to.equal('Overall Score and Risk');
    await chooseRadio(el, '/risk/professionalJudgement', 0);
    await submitWithKeyboard(el);
    expect(handler.calledOnce, JSON.stringify(el.validate().errors)).to.equal(true);
    const [envelope] = handler.firstCall.args;
    expect(envelope.formId).to.equal('risk-matrix');
    expect(envelope.data.assessment).to.deep.equal({ assessorName: FAKE_ASSESSOR, assessmentDate: '2026-11-20', policeReported: 'no' });
    expect(envelope.data.subjectBackground.lifeFactors).to.equal('none');
    expect(envelope.data.personsUnderThreat.maliciousCalls).to.equal('yes');
    expect(envelope.result.total).to.equal(9);
    expect(envelope.result.band).to.equal('low');
    expect(envelope.result.status).to.equal('complete');
    expect(envelope.result.riskStrategyGroup.required).to.equal(false);
    expect($(el, '[part~=reference]').textContent).to.equal('RM-KEYBOARD');
  });

  it('adds potential targets and their actions in priority order from the keyboard, and ticks measures', async () => {
    const el = await fixture<RiskMatrixForm>(LowRisk());
    await goTo(el, ACTION_PLAN);
    await tabTo(el, '#f--actionPlan--targets');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)?.id).to.equal('f--actionPlan--targets-0-legend');
    await typeInto(el, '#f--actionPlan--targets--0--target', FAKE_TARGET);
    await chooseRadio(el, '/actionPlan/targets/0/levelOfRisk', 2);
    await tabTo(el, '#f--actionPlan--targets--0--actions');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await typeInto(el, '#f--actionPlan--targets--0--actions--0--action', 'Fit a personal alarm.');
    await typeInto(el, '#f--actionPlan--targets--0--actions--0--responsiblePerson', 'Hana Placeholder');
    await typeInto(el, '#f--actionPlan--targets--0--actions--0--timescale', 'Within 24 hours');
    await tabTo(el, '#f--actionPlan--targets--0--actions');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await typeInto(el, '#f--actionPlan--targets--0--actions--1--action', 'Move visits to the office.');
    await sendKeys({ press: 'Tab' });
    await settle(el);
    await tabTo(el, '#f--actionPlan--measures-5');
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(el.value.actionPlan).to.deep.equal({
      targets: [
        {
          target: FAKE_TARGET,
          levelOfRisk: 'high',
          actions: [
            { action: 'Fit a personal alarm.', responsiblePerson: 'Hana Placeholder', timescale: 'Within 24 hours' },
            { action: 'Move visits to the office.' },
          ],
        },
      ],
      measures: ['personal-alarms'],
    });
    const labels = $$(el, 'input[name="/actionPlan/measures"] + label').map((l) => l.textContent);
    expect(labels).to.deep.equal([
      'Police Statements',
      'Crime Prevention reports',
      'Procedures \u2013 office relocation',
      'Control of telephone calls',
      'Personal Safety Training',
      'Personal Alarms',
      'Mobile Phones',
    ]);
    expect((await el.submit())).to.equal(undefined);
    await settle(el);
    expect($$(el, '.error-summary__list a').map((a) => a.textContent)).to.deep.equal(['Enter the responsible person', 'Enter the timescale']);
    await expect(el).to.be.accessible();
  });

  it('shows markup, templates and odd Unicode in answers as text, and keeps them exactly', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    const values = Object.values(hostileStrings);
    el.value = {
      ...completeMatrix,
      assessment: { ...completeMatrix.assessment, assessorName: hostileStrings.markup, assessorDesignation: hostileStrings.template },
      natureOfThreat: { ...completeMatrix.natureOfThreat, details: values.join('\n') },
      risk: { professionalJudgement: 'raise', raisedRisk: 'very-high', raiseReason: values.join(' ') },
      actionPlan: { targets: [{ target: hostileStrings.rtl, levelOfRisk: 'low', factors: hostileStrings.script }], otherMeasures: hostileStrings.invisible },
    };
    await settle(el);
    for (let i = 0; i < SECTIONS; i++) {
      await goTo(el, i);
      expect(el.shadowRoot!.querySelector('img, script'), `section ${i + 1}`).to.equal(null);
    }
    expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    await goTo(el, 0);
    expect($<HTMLInputElement>(el, '#f--assessment--assessorName').value).to.equal(hostileStrings.markup);
    expect($<HTMLInputElement>(el, '#f--assessment--assessorDesignation').value).to.equal('{{7*7}} ${1+1}');
    expect(el.shadowRoot!.textContent).not.to.contain('49');
    await goTo(el, ACTION_PLAN);
    expect($<HTMLInputElement>(el, '#f--actionPlan--targets--0--target').value).to.equal(hostileStrings.rtl);
    expect((el.value.natureOfThreat as Record<string, unknown>)['details']).to.equal(values.join('\n'));
    expect((el.value.actionPlan as Record<string, unknown>)['otherMeasures']).to.equal(hostileStrings.invisible);
    expect(el.validate().valid).to.equal(true);
    // The odd reason still counts as a reason: the risk is raised.
    expect(score(el).band).to.equal('very-high');
    expect(JSON.stringify(score(el))).not.to.contain('onerror');
  });

  it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
    const el = await fixture<RiskMatrixForm>(LowRisk());
    await goTo(el, 1);
    const huge = 'x'.repeat(1024 * 1024);
    setInput(el, '#f--natureOfThreat--details', huge);
    await settle(el);
    expect($(el, '#f--natureOfThreat--details-error').textContent).to.match(/20,000 characters or fewer/);
    expect((el.value.natureOfThreat as { details: string }).details.length).to.equal(huge.length);
    expect($<HTMLTextAreaElement>(el, '#f--natureOfThreat--details').value.length).to.equal(huge.length);
    // The score does not depend on free text.
    expect(score(el).total).to.equal(14);
    await expect(el).to.be.accessible();
  });

  it('keeps an impossible date of assessment on screen with a clear message', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    setInput(el, '#f--assessment--assessmentDate', '31');
    setInput(el, '#f--assessment--assessmentDate-month', '2');
    setInput(el, '#f--assessment--assessmentDate-year', '2026');
    await settle(el);
    expect($(el, '#f--assessment--assessmentDate-error').textContent).to.contain('Date of assessment must be a real date');
    expect($<HTMLInputElement>(el, '#f--assessment--assessmentDate').value).to.equal('31');
    setInput(el, '#f--assessment--assessmentDate-month', '13');
    await settle(el);
    expect($<HTMLInputElement>(el, '#f--assessment--assessmentDate-month').value).to.equal('13');
    expect($(el, '#f--assessment--assessmentDate-error').textContent).to.contain('must be a real date');
    setInput(el, '#f--assessment--assessmentDate-month', '2');
    setInput(el, '#f--assessment--assessmentDate-year', '0000');
    await settle(el);
    expect($(el, '#f--assessment--assessmentDate-error').textContent).to.contain('must be a real date');
  });

  it('ignores __proto__, unknown keys, answers that are not options and huge arrays in a prefill', async () => {
    const el = await fixture<RiskMatrixForm>(Empty());
    el.initialValue = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "unknown": 1, "natureOfThreat": {"levelOfSeverity": "extreme"}, "subjectBackground": {"weapons": "yes", "actionPlan": 6, "extra": true}, "assessment": {"policeReported": "yes"}}',
    );
    await settle(el);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(el.value).to.deep.equal({ subjectBackground: { weapons: 'yes' }, assessment: { policeReported: 'yes' } });
    expect(score(el).status).to.equal('incomplete');
    expect(score(el).total).to.equal(6);
    expect(score(el).riskStrategyGroup.required).to.equal(true);
    el.initialValue = { actionPlan: { targets: Array.from({ length: 10000 }, () => ({ target: 'x', levelOfRisk: 'low' })) } };
    await settle(el);
    expect((el.value.actionPlan as { targets: unknown[] }).targets.length).to.be.at.most(50);
  });

  it('validates the required questions with GOV.UK messages', () => {
    const errors = validate('risk-matrix', {}).errors;
    expect(errors.length).to.equal(3 + 1 + 21 + 10 + 1);
    expect(errors[0]).to.deep.equal({ pointer: '/assessment/assessorName', message: 'Enter the name of the person completing the risk matrix' });
    expect(errors.map((e) => e.message)).to.include.members([
      'Select whether the incident has been formally reported to the Police',
      'Select the level of severity',
      'Select whether the person has a social support system',
      'Select whether their vehicle registration is blocked by DVLA or listed at work or a P.O. Box',
      'Select whether you want to raise the risk on professional judgement',
    ]);
    for (const e of errors) expect(e.message, e.pointer).to.match(/^(Enter|Select) /);
    for (const data of [lowRisk, mediumRisk, completeMatrix]) expect(validate('risk-matrix', data).errors).to.deep.equal([]);
  });



  it('shows the answers and the result without editing when read-only', async () => {
    const el = await fixture<RiskMatrixForm>(ReadOnly());
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    // Read-only shows the record as "Check your answers" does: every section's summary list, no inputs.
    expect($$(el, 'input, select, textarea')).to.have.length(0);
    expect(text(el, '[part=result-title]')).to.equal('High risk');
    expect($$(el, '.summary-list__value').map((v) => v.textContent!.trim())).to.include(FAKE_TARGET);
    expect(el.shadowRoot!.querySelector('[part~=add-button]')).to.equal(null);
  });

  it('puts every schema string on the page as text (no HTML from the schema)', async () => {
    const el = await fixture<RiskMatrixForm>(html`<risk-matrix-form></risk-matrix-form>`);
    for (let i = 0; i < SECTIONS; i++) {
      await goTo(el, i);
      expect(el.shadowRoot!.querySelector('a[href^="javascript"], img, script, iframe')).to.equal(null);
    }
  });
});

runFormContractTests('risk-matrix-form', completeMatrix);
