import { riskAssessment, schemaAt, scoreRiskAssessment, setAt, validate, type FormSchema, type RiskAssessmentResult } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { Empty, Errors, ExtremeRisk, HighRisk, LowRisk, Minimal, PartFilled, ReadOnly, WithErrors } from '../../../../../stories/risk-assessment-form.stories.js';
import { FAKE_ASSESSOR, extremeRisk, hostileStrings, minimalAssessment, trustWide } from '../../../../../stories/fixtures/risk-assessment.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, expectAccessibleInEverySection, goToSection, settle, setInput, submitWithKeyboard, tabTo, typeInto } from '../../internal/test/helpers.js';
import type RiskAssessmentForm from './risk-assessment-form.component.js';
import './risk-assessment-form.js';

const FORM = 'risk-assessment';
const SCHEMA = riskAssessment.schema;
const SECTIONS = 2;
const goTo = goToSection;
const LIST = '/risks/hazards';

/**
 * The General Risk Assessment Form (seeds/001), its heading and its four steps' columns, copied here
 * from the document so a schema edit that loses or rewords one fails.
 */
const PROMPTS: [pointer: string, words: RegExp][] = [
  ['/assessment/assessmentNumber', /^Assessment No\./],
  ['/assessment/completedBy', /^Completed by and role$/],
  ['/assessment/initialAssessmentDate', /^Initial assessment date$/],
  ['/assessment/location', /^Location of the risk$/],
  ['/assessment/taskOrHazard', /^Task \/ Hazard being Assessed$/],
  ['/assessment/linkedIncident', /^Linked incident reference/],
  [`${LIST}/0/activity`, /^Activity$/],
  [`${LIST}/0/hazard`, /^Hazard$/],
  [`${LIST}/0/personsAffected`, /^Person\(s\) affected and how$/],
  [`${LIST}/0/controlMeasures`, /^Current control measures$/],
  [`${LIST}/0/likelihood`, /^Likelihood \(L\)$/],
  [`${LIST}/0/consequence`, /^Consequence \(C\)$/],
  [`${LIST}/0/furtherActions`, /^Further action required/],
];

const EMPTY_ERRORS = [
  ['#f--assessment--completedBy', 'Enter who completed the assessment and their role'],
  ['#f--assessment--initialAssessmentDate', 'Enter the initial assessment date'],
  ['#f--assessment--location', 'Enter the location of the risk'],
  ['#f--assessment--taskOrHazard', 'Enter the task or hazard being assessed'],
  ['#f--risks--hazards', 'Add at least one hazard'],
];

const summaryLinks = (el: RiskAssessmentForm) => $$<HTMLAnchorElement>(el, '.error-summary__list a').map((a) => [a.getAttribute('href'), a.textContent]);
const result = (el: RiskAssessmentForm) => el.currentResult as unknown as RiskAssessmentResult;
const text = (e: Element | null | undefined) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const ratings = (el: RiskAssessmentForm) => $$(el, '[part~=hazard-rating]').map(text);
const panelHazards = (el: RiskAssessmentForm) => $$(el, '[part~=result-hazard]').map((li) => [li.dataset['band'] ?? null, text(li)]);

describe('<risk-assessment-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<RiskAssessmentForm>(Empty());
    await expect(el).to.be.accessible();
  });

  describe('accessibility in every state', () => {
    it('passes axe in every section: empty, and with every error shown', async () => {
      const el = await fixture<RiskAssessmentForm>(Empty());
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
        await expect(el).to.be.accessible();
      }
      el.validate();
      await expectAccessibleInEverySection(el);
      for (const story of [WithErrors, Errors]) {
        const shown = await fixture<RiskAssessmentForm>(story());
        expect($$(shown, '.error-summary__list a').length).to.be.greaterThan(0);
        await expectAccessibleInEverySection(shown);
      }
    });

    it('passes axe in every section with every kind of result: part filled, low, high, extreme, minimal, read-only', async () => {
      for (const story of [PartFilled, LowRisk, HighRisk, ExtremeRisk, Minimal, ReadOnly]) {
        const el = await fixture<RiskAssessmentForm>(story());
        expect(el.shadowRoot!.querySelector('[part~=result]'), story.name).to.not.equal(null);
        await expectAccessibleInEverySection(el);
        // "How the risk rating is reached", opened.
        $(el, '[part~=result-bands] summary').click();
        await settle(el);
        await expect(el).to.be.accessible();
      }
    });

    it('passes axe once submitted, with the confirmation focused', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      el.submitHandler = sinon.stub().resolves({ reference: 'GRA-20261122-AXE' });
      await submitWithKeyboard(el);
      expect(el.state).to.equal('sent');
      expect($(el, '[part~=reference]').textContent).to.equal('GRA-20261122-AXE');
      expect(active(el)?.id).to.equal('confirmation');
      await expect(el).to.be.accessible();
    });
  });

  describe('follows SECAmb\u2019s General Risk Assessment Form', () => {
    it('asks every heading and column of the form in its words, each shown as a label or legend', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      const shown: string[] = [];
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        shown.push(...$$(el, '[part=section] label, [part=section] legend').map((e) => text(e)));
      }
      for (const [pointer, words] of PROMPTS) {
        const t = schemaAt(SCHEMA, pointer)!.title!;
        expect(t, pointer).to.match(words);
        expect(shown.filter((s) => s === t), `${pointer}: "${t}"`).to.have.length.at.least(1);
      }
      expect($$(el, '[part~=repeat-item-legend]').map(text)).to.deep.equal(['Hazard 1', 'Hazard 2', 'Hazard 3']);
      expect($$(el, `input[name="${LIST}/0/likelihood"] + label`).map(text)).to.deep.equal(['1 Rare', '2 Unlikely', '3 Possible', '4 Likely', '5 Almost certain']);
      expect($$(el, `input[name="${LIST}/0/consequence"] + label`).map(text)).to.deep.equal(['1 Negligible', '2 Minor', '3 Moderate', '4 Major', '5 Catastrophic']);
    });

    it('gives every property a title and a $comment citing the documents, and every string a maxLength', () => {
      const missing: string[] = [];
      const walk = (pointer: string) => {
        const node = schemaAt(SCHEMA, pointer)!;
        const children = node.type === 'array' && node.items && (node.items as FormSchema).properties ? [`${pointer}/0`] : [];
        for (const key of Object.keys(node.properties ?? {})) children.push(`${pointer}/${key}`);
        for (const child of children) {
          const c = schemaAt(SCHEMA, child)!;
          if (!child.endsWith('/0')) {
            if (typeof c.title !== 'string') missing.push(`${child}: title`);
            if (!/SECAmb|Issue #17/.test(c.$comment ?? '')) missing.push(`${child}: $comment`);
          }
          if (c.type === 'string' && !c.oneOf && !c.format && typeof c.maxLength !== 'number') missing.push(`${child}: maxLength`);
          walk(child);
        }
      };
      walk('');
      expect(missing).to.deep.equal([]);
      expect(SCHEMA['x-form-id']).to.equal('risk-assessment');
    });

    it('is marked OFFICIAL-SENSITIVE on every section, with its two sections', async () => {
      expect(SCHEMA['x-marking']).to.equal('OFFICIAL-SENSITIVE');
      const el = await fixture<RiskAssessmentForm>(Empty());
      expect($(el, '[part=title]').textContent).to.equal('General Risk Assessment Form');
      expect($$(el, '.sections__link').map((b) => b.textContent!.trim())).to.deep.equal(['1. The assessment', '2. Hazards and risk ratings']);
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=marking]').textContent).to.equal('OFFICIAL-SENSITIVE');
      }
      expect(el.shadowRoot!.textContent).to.contain('likelihood (L) x consequence (C) = risk rating (R)');
    });
  });

  describe('the risk ratings, under each hazard and in the result panel', () => {
    it('waits for a hazard to be rated, and names what to do', async () => {
      const el = await fixture<RiskAssessmentForm>(Empty());
      expect(text($(el, '[part~=result-title]'))).to.equal('Not yet rated');
      expect(text($(el, '[part~=result-summary]'))).to.equal('Choose the likelihood and the consequence of a hazard to see its risk rating.');
      expect(text($(el, '[part~=result-next]'))).to.equal('Still to answer: Hazards');
      expect(el.shadowRoot!.querySelector('[part~=result-overall], [part~=result-hazards]')).to.equal(null);
      expect($$(el, '[part~=result-bands] li').map(text)).to.deep.equal(['Low risk: 1 to 3', 'Moderate risk: 4 to 6', 'High risk: 8 to 12', 'Extreme risk: 15 to 25']);
    });

    it('the form\u2019s rows 3 x 3, 2 x 3, 1 x 3: each rating and band under its hazard and in the panel, the overall rating the highest', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      await goTo(el, 1);
      expect(ratings(el)).to.deep.equal(['Risk rating (L x C = R): 3 x 3 = 9, High risk', 'Risk rating (L x C = R): 2 x 3 = 6, Moderate risk', 'Risk rating (L x C = R): 1 x 3 = 3, Low risk']);
      // Each rating sits in its own hazard, after its consequence.
      const second = $$(el, '[part~=repeat-item]')[1]!;
      expect(text(second.querySelector('[part~=hazard-rating]'))).to.contain('2 x 3 = 6');
      expect(text($(el, '[part~=result-title]'))).to.equal('High risk');
      expect(text($(el, '[part~=result-overall]'))).to.equal('Overall risk rating: 9 out of 25, High risk: the highest rating, of hazard 1.');
      expect(panelHazards(el)).to.deep.equal([
        ['high', 'Hazard 1: likelihood 3 Possible x consequence 3 Moderate = 9, High risk.'],
        ['moderate', 'Hazard 2: likelihood 2 Unlikely x consequence 3 Moderate = 6, Moderate risk.'],
        ['low', 'Hazard 3: likelihood 1 Rare x consequence 3 Moderate = 3, Low risk.'],
      ]);
      expect(el.shadowRoot!.querySelector('[part~=result-actions]')).to.equal(null);
      expect($(el, '[part~=result]').classList.contains('result--crisis')).to.equal(false);
    });

    it('follows the answers with the keyboard: a higher consequence raises the hazard and the overall rating to extreme', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      await goTo(el, 1);
      await tabTo(el, `input[name="${LIST}/0/consequence"]`);
      expect(active(el)?.id).to.equal('f--risks--hazards--0--consequence-2');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--risks--hazards--0--consequence-4');
      expect(ratings(el)[0]).to.equal('Risk rating (L x C = R): 3 x 5 = 15, Extreme risk');
      expect(text($(el, '[part~=result-title]'))).to.equal('Extreme risk');
      expect($(el, '[part~=result]').classList.contains('result--crisis')).to.equal(true);
      expect(result(el)).to.include({ overallRating: 15, band: 'extreme', crisis: true });
      // Its further action is recorded, so nothing more is asked; blank it and the panel asks for it.
      setInput(el, '#f--risks--hazards--0--furtherActions', '  ');
      await settle(el);
      expect($$(el, '[part~=result-actions] li').map(text)).to.deep.equal(['Hazard 1 is rated Extreme risk: record the further action needed to reduce the risk.']);
      await expect(el).to.be.accessible();
    });

    it('a hazard not yet rated never counts: the overall rating is provisional and names the question still to answer', async () => {
      const el = await fixture<RiskAssessmentForm>(PartFilled());
      await goTo(el, 1);
      expect(ratings(el)).to.deep.equal(['Risk rating (L x C = R): 2 x 3 = 6, Moderate risk', 'Risk rating (L x C = R): Not yet rated']);
      expect(text($(el, '[part~=result-title]'))).to.equal('Moderate risk');
      expect(text($(el, '[part~=result-provisional]'))).to.equal('Not every hazard is rated yet: the overall rating may still rise.');
      expect(text($(el, '[part~=result-next]'))).to.equal('Still to answer: Consequence (C)');
      expect(panelHazards(el)[1]).to.deep.equal([null, 'Hazard 2: not yet rated (choose its consequence).']);
      await chooseRadio(el, `${LIST}/1/consequence`, 4);
      await settle(el);
      expect(ratings(el)[1]).to.equal('Risk rating (L x C = R): 3 x 5 = 15, Extreme risk');
      expect(result(el)).to.include({ status: 'complete', overallRating: 15 });
      expect(el.shadowRoot!.querySelector('[part~=result-provisional]')).to.equal(null);
    });

    it('an extreme hazard with no controls stands out, and asks for the further action of every hazard rated high or extreme', async () => {
      const el = await fixture<RiskAssessmentForm>(ExtremeRisk());
      expect($(el, '[part~=result]').classList.contains('result--crisis')).to.equal(true);
      expect(text($(el, '[part~=result-title]'))).to.equal('Extreme risk');
      expect(text($(el, '[part~=result-summary]'))).to.contain('Act now');
      expect($$(el, '[part~=result-actions] li').map(text)).to.deep.equal([
        'Hazard 1 is rated High risk: record the further action needed to reduce the risk.',
        'Hazard 2 is rated Extreme risk: record the further action needed to reduce the risk.',
      ]);
      expect(text($(el, '[part~=result-overall]'))).to.contain('20 out of 25');
    });

    it('removing the highest hazard lowers the overall rating to the next highest', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      await goTo(el, 1);
      $$<HTMLButtonElement>(el, '[part~=remove-button]')[0]!.click();
      await settle(el);
      expect(result(el)).to.include({ overallRating: 6, band: 'moderate' });
      expect(ratings(el)).to.have.length(2);
      expect($$(el, '[part~=repeat-item-legend]').map(text)).to.deep.equal(['Hazard 1', 'Hazard 2']);
    });

    it('sends core\u2019s ratings as the envelope\u2019s result', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      const handler = sinon.stub().resolves({ reference: 'GRA-1' });
      el.submitHandler = handler;
      await el.submit();
      const [envelope] = handler.firstCall.args;
      expect(envelope.formId).to.equal('risk-assessment');
      expect(envelope.schemaVersion).to.equal('1.0.0');
      expect(envelope.data).to.deep.equal(trustWide);
      expect(envelope.result).to.deep.equal(scoreRiskAssessment(trustWide));
      expect(envelope.result.overallRating).to.equal(9);
      expect(envelope.data.assessment.linkedIncident).to.equal('IWR-20261121-7Q2K');
    });
  });

  describe('validation and the error summary', () => {
    it('asks for what an assessment cannot do without, with GOV.UK messages', () => {
      for (const data of [trustWide, extremeRisk, minimalAssessment]) expect(validate(FORM, data)).to.deep.equal({ valid: true, errors: [] });
      expect(validate(FORM, {}).errors.map((e) => [`#f${e.pointer.replace(/\//g, '--')}`, e.message])).to.deep.equal(EMPTY_ERRORS);
      const errors = (pointer: string, value: unknown) => validate(FORM, setAt(structuredClone(minimalAssessment), pointer, value)).errors;
      expect(errors(`${LIST}/0/hazard`, ' \n\t ')).to.deep.equal([{ pointer: `${LIST}/0/hazard`, message: 'Enter the hazard' }]);
      expect(errors(`${LIST}/0/likelihood`, 'very')).to.deep.equal([{ pointer: `${LIST}/0/likelihood`, message: 'Select the likelihood' }]);
      expect(errors(LIST, [])).to.deep.equal([{ pointer: LIST, message: 'Add at least one hazard' }]);
    });

    it('links each error to its field, in whichever section it is, and focuses the field', async () => {
      const el = await fixture<RiskAssessmentForm>(Empty());
      expect(await el.submit()).to.equal(undefined);
      await settle(el);
      expect(active(el)).to.equal($(el, '.error-summary'));
      expect(summaryLinks(el)).to.deep.equal(EMPTY_ERRORS);
      for (const [href, message] of EMPTY_ERRORS) {
        const link = $$<HTMLAnchorElement>(el, '.error-summary__list a').find((a) => a.getAttribute('href') === href)!;
        link.click();
        await settle(el);
        expect(active(el)?.id, href).to.equal(href!.slice(1));
        expect(active(el)!.closest('[part~=form-group--error], [part~=repeat--error], [part~=group--error], fieldset')?.textContent, href).to.contain(message);
      }
      await expect(el).to.be.accessible();
    });

    it('names the hazard that needs correcting, and clears as it is corrected', async () => {
      const el = await fixture<RiskAssessmentForm>(Errors());
      expect(summaryLinks(el)).to.deep.equal([
        ['#f--assessment--completedBy', 'Enter who completed the assessment and their role'],
        ['#f--assessment--initialAssessmentDate', 'Initial assessment date must be a real date'],
        ['#f--risks--hazards--0--activity', 'Enter the activity'],
        ['#f--risks--hazards--1--consequence', 'Select the consequence'],
      ]);
      $$<HTMLAnchorElement>(el, '.error-summary__list a')[3]!.click();
      await settle(el);
      expect(active(el)?.id).to.equal('f--risks--hazards--1--consequence');
      await sendKeys({ press: 'Space' });
      await settle(el);
      expect(el.shadowRoot!.querySelector('#f--risks--hazards--1--consequence-error')).to.equal(null);
      expect(summaryLinks(el)).to.have.length(3);
      expect(ratings(el)[1]).to.equal('Risk rating (L x C = R): 1 x 1 = 1, Low risk');
    });
  });

  describe('keyboard alone', () => {
    it('completes an assessment of one hazard rated 4 x 4 = 16, and the panel says Extreme risk', async () => {
      const el = await fixture<RiskAssessmentForm>(Empty());
      const handler = sinon.stub().resolves({ reference: 'GRA-KEYBOARD' });
      el.submitHandler = handler;
      await typeInto(el, '#f--assessment--completedBy', `${FAKE_ASSESSOR}, Team Leader`);
      await typeInto(el, '#f--assessment--initialAssessmentDate', '2');
      await typeInto(el, '#f--assessment--initialAssessmentDate-month', '11');
      await typeInto(el, '#f--assessment--initialAssessmentDate-year', '2026');
      await typeInto(el, '#f--assessment--location', 'Trust Wide');
      await typeInto(el, '#f--assessment--taskOrHazard', 'Violence and Aggression');
      await typeInto(el, '#f--assessment--linkedIncident', 'IWR-1');
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '#section-heading').textContent).to.equal('Hazards and risk ratings');
      await tabTo(el, '#f--risks--hazards');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--risks--hazards-0-legend');
      await typeInto(el, '#f--risks--hazards--0--activity', 'Attendance at local prisons');
      await typeInto(el, '#f--risks--hazards--0--hazard', 'Aggressive prisoner');
      await typeInto(el, '#f--risks--hazards--0--personsAffected', 'Ambulance Staff, volunteers');
      await typeInto(el, '#f--risks--hazards--0--controlMeasures', 'Prison escort whilst on premises');
      await chooseRadio(el, `${LIST}/0/likelihood`, 3);
      await chooseRadio(el, `${LIST}/0/consequence`, 3);
      await settle(el);
      expect(ratings(el)).to.deep.equal(['Risk rating (L x C = R): 4 x 4 = 16, Extreme risk']);
      expect(text($(el, '[part~=result-title]'))).to.equal('Extreme risk');
      await submitWithKeyboard(el);
      expect(handler.calledOnce).to.equal(true);
      const [envelope] = handler.firstCall.args;
      expect(envelope.data).to.deep.equal({
        assessment: { completedBy: `${FAKE_ASSESSOR}, Team Leader`, initialAssessmentDate: '2026-11-02', location: 'Trust Wide', taskOrHazard: 'Violence and Aggression', linkedIncident: 'IWR-1' },
        risks: { hazards: [{ activity: 'Attendance at local prisons', hazard: 'Aggressive prisoner', personsAffected: 'Ambulance Staff, volunteers', controlMeasures: 'Prison escort whilst on premises', likelihood: 'likely', consequence: 'major' }] },
      });
      expect(envelope.result).to.include({ overallRating: 16, band: 'extreme', status: 'complete' });
      expect($(el, '[part~=reference]').textContent).to.equal('GRA-KEYBOARD');
    });
  });

  describe('hostile and odd input', () => {
    /** `trustWide` with hostile strings in every string field. */
    function hostileAssessment() {
      const h = hostileStrings;
      const all = Object.values(h).join('\n');
      return {
        assessment: { assessmentNumber: h.template, completedBy: h.rtl, initialAssessmentDate: '2026-11-02', location: h.markup, taskOrHazard: h.emoji, linkedIncident: h.script },
        risks: {
          hazards: [
            { activity: h.combining, hazard: all, personsAffected: h.invisible, controlMeasures: h.lineEndings, likelihood: 'likely', consequence: 'catastrophic', furtherActions: h.markup },
            { activity: h.markup, hazard: h.script, personsAffected: h.template, controlMeasures: h.emoji, likelihood: 'rare', consequence: 'minor' },
          ],
        },
      };
    }
    /** Every string field of `hostileAssessment()`, by input id. */
    const FIELDS: [section: number, id: string, pointer: string][] = [
      [0, 'f--assessment--assessmentNumber', '/assessment/assessmentNumber'],
      [0, 'f--assessment--completedBy', '/assessment/completedBy'],
      [0, 'f--assessment--location', '/assessment/location'],
      [0, 'f--assessment--taskOrHazard', '/assessment/taskOrHazard'],
      [0, 'f--assessment--linkedIncident', '/assessment/linkedIncident'],
      [1, 'f--risks--hazards--0--activity', `${LIST}/0/activity`],
      [1, 'f--risks--hazards--0--hazard', `${LIST}/0/hazard`],
      [1, 'f--risks--hazards--0--personsAffected', `${LIST}/0/personsAffected`],
      [1, 'f--risks--hazards--0--controlMeasures', `${LIST}/0/controlMeasures`],
      [1, 'f--risks--hazards--0--furtherActions', `${LIST}/0/furtherActions`],
      [1, 'f--risks--hazards--1--activity', `${LIST}/1/activity`],
      [1, 'f--risks--hazards--1--hazard', `${LIST}/1/hazard`],
      [1, 'f--risks--hazards--1--personsAffected', `${LIST}/1/personsAffected`],
      [1, 'f--risks--hazards--1--controlMeasures', `${LIST}/1/controlMeasures`],
    ];
    const at = (data: unknown, pointer: string) => pointer.split('/').slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], data);

    it('covers every string field of the schema', () => {
      const strings: string[] = [];
      const walk = (pointer: string) => {
        const node = schemaAt(SCHEMA, pointer)!;
        if (node.type === 'string' && !node.oneOf && !node.format) strings.push(pointer);
        if (node.type === 'array' && node.items && (node.items as FormSchema).properties) walk(`${pointer}/0`);
        for (const key of Object.keys(node.properties ?? {})) walk(`${pointer}/${key}`);
      };
      walk('');
      expect(strings.sort()).to.deep.equal(FIELDS.map(([, , p]) => p).filter((p) => !p.includes('/1/')).sort());
    });

    it('shows markup, templates and odd Unicode in every text field as text, keeps and sends them exactly, and rates the hazards all the same', async () => {
      const data = hostileAssessment();
      const el = await fixture<RiskAssessmentForm>(Empty());
      el.value = data;
      await settle(el);
      expect(el.validate()).to.deep.equal({ valid: true, errors: [] });
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect(el.shadowRoot!.querySelector('img, script, iframe'), `section ${i + 1}`).to.equal(null);
        for (const [section, id, pointer] of FIELDS) {
          if (section !== i) continue;
          const typed = at(data, pointer) as string;
          const input = $<HTMLInputElement | HTMLTextAreaElement>(el, `#${id}`);
          expect(input.value, id).to.equal(input instanceof HTMLTextAreaElement ? typed.replace(/\r\n?/g, '\n') : typed);
        }
        await expect(el).to.be.accessible();
      }
      expect(ratings(el)).to.deep.equal(['Risk rating (L x C = R): 4 x 5 = 20, Extreme risk', 'Risk rating (L x C = R): 1 x 2 = 2, Low risk']);
      // The panel names hazards by number, never by what was typed.
      expect($(el, '[part~=result]').textContent).to.not.contain('<img');
      expect(el.value).to.deep.equal(data);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      const handler = sinon.stub().resolves({ reference: 'GRA-HOSTILE' });
      el.submitHandler = handler;
      await el.submit();
      expect(JSON.parse(JSON.stringify(handler.firstCall.args[0])).data).to.deep.equal(data);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    });

    it('shows hostile answers as text in the read-only record too', async () => {
      const data = hostileAssessment();
      const el = await fixture<RiskAssessmentForm>(html`<risk-assessment-form readonly draft="off" .value=${data}></risk-assessment-form>`);
      await settle(el);
      expect(el.shadowRoot!.querySelector('img, script, iframe, input, textarea')).to.equal(null);
      const shown = el.shadowRoot!.textContent!;
      for (const value of [hostileStrings.markup, hostileStrings.script, hostileStrings.template, hostileStrings.emoji, hostileStrings.combining]) expect(shown).to.contain(value);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      const huge = 'x'.repeat(1024 * 1024);
      setInput(el, '#f--assessment--location', huge);
      await goTo(el, 1);
      setInput(el, '#f--risks--hazards--0--controlMeasures', `"${huge}"`);
      await settle(el);
      expect($(el, '#f--risks--hazards--0--controlMeasures-error').textContent).to.contain('Current control measures must be 20,000 characters or fewer');
      expect((el.value.assessment as { location: string }).location.length).to.equal(huge.length);
      expect(ratings(el)[0]).to.contain('3 x 3 = 9');
      expect(await el.submit()).to.equal(undefined);
      await settle(el);
      expect(summaryLinks(el).map(([, t]) => t)).to.deep.equal(['Location of the risk must be 500 characters or fewer', 'Current control measures must be 20,000 characters or fewer']);
      await expect(el).to.be.accessible();
    });

    it('ignores __proto__, unknown keys, wrong types, ratings that are not options and huge lists in a prefill', async () => {
      const el = await fixture<RiskAssessmentForm>(Empty());
      el.initialValue = JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "result": {"overallRating": 25},' +
          ' "assessment": {"__proto__": {"polluted": true}, "location": "Trust Wide", "initialAssessmentDate": 20261102, "extra": true},' +
          ' "risks": {"hazards": [{"activity": "Responding", "likelihood": 5, "consequence": "CATASTROPHIC", "rating": 25}]}}',
      );
      await settle(el);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect((Object.prototype as Record<string, unknown>)['x']).to.equal(undefined);
      expect(el.value).to.deep.equal({ assessment: { location: 'Trust Wide' }, risks: { hazards: [{ activity: 'Responding' }] } });
      expect(result(el)).to.include({ status: 'incomplete', rated: 0, nextQuestion: `${LIST}/0/likelihood` });
      expect(result(el).overallRating).to.equal(undefined);
      el.initialValue = { risks: { hazards: Array.from({ length: 10000 }, () => ({ activity: 'A', likelihood: 'rare', consequence: 'minor' })) } };
      await settle(el);
      const hazards = (el.value.risks as { hazards?: unknown[] } | undefined)?.hazards ?? [];
      expect(hazards.length).to.be.at.most(100);
      expect(result(el).hazards.length).to.equal(hazards.length);
    });

    it('keeps an impossible date on screen with a clear message', async () => {
      const el = await fixture<RiskAssessmentForm>(Empty());
      for (const [day, month, year] of [['31', '2', '2026'], ['1', '13', '2026'], ['1', '1', '0000']] as const) {
        setInput(el, '#f--assessment--initialAssessmentDate', day);
        setInput(el, '#f--assessment--initialAssessmentDate-month', month);
        setInput(el, '#f--assessment--initialAssessmentDate-year', year);
        await settle(el);
        expect($(el, '#f--assessment--initialAssessmentDate-error').textContent, `${day}/${month}/${year}`).to.contain('Initial assessment date must be a real date');
        expect($<HTMLInputElement>(el, '#f--assessment--initialAssessmentDate-month').value).to.equal(month);
      }
      await expect(el).to.be.accessible();
    });
  });

  it('shows the assessment without editing when read-only, with its risk ratings', async () => {
    const el = await fixture<RiskAssessmentForm>(ReadOnly());
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    expect($$(el, 'input, select, textarea')).to.have.length(0);
    const values = $$(el, '.summary-list__value').map((v) => v.textContent!.trim());
    expect(values).to.include('3 Possible');
    expect(values).to.include('IWR-20261121-7Q2K');
    expect(text($(el, '[part~=result-overall]'))).to.contain('9 out of 25, High risk');
  });

  it('logs no Lit warnings and no names while rendering, typing and submitting', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    try {
      const el = await fixture<RiskAssessmentForm>(HighRisk());
      setInput(el, '#f--assessment--completedBy', `${FAKE_ASSESSOR}, Manager`);
      await goTo(el, 1);
      el.submitHandler = async () => ({ reference: 'R' });
      await el.submit().catch(() => undefined);
      await settle(el);
      const logged = spies.flatMap((s) => s.getCalls().map((c) => c.args.map(String).join(' ')));
      expect(logged.filter((l) => /lit\.dev\/msg|change-in-update/.test(l))).to.deep.equal([]);
      expect(logged.filter((l) => l.includes(FAKE_ASSESSOR))).to.deep.equal([]);
    } finally {
      spies.forEach((s) => s.restore());
    }
  });
});

runFormContractTests('risk-assessment-form', trustWide);

describe('<risk-assessment-form> submission over HTTP', () => {
  let fetch: sinon.SinonStub;
  const reply = (status: number, body: unknown, type = 'application/json') => async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
  beforeEach(() => (fetch = sinon.stub(window, 'fetch')));
  afterEach(() => fetch.restore());

  async function ready() {
    const el = await fixture<RiskAssessmentForm>(html`<risk-assessment-form endpoint="/api/risk-assessment" draft="off"></risk-assessment-form>`);
    el.retryPolicy = { attempts: 1 };
    el.value = trustWide;
    await settle(el);
    return el;
  }

  it('posts the contract envelope with an Idempotency-Key and the ratings, and shows the reference', async () => {
    fetch.callsFake(reply(201, { reference: 'GRA-20261122-ABC123' }));
    const el = await ready();
    await el.submit();
    await settle(el);
    const [url, init] = fetch.firstCall.args as [string, RequestInit];
    expect(url).to.equal('/api/risk-assessment');
    expect((init.headers as Record<string, string>)['Idempotency-Key']).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = JSON.parse(String(init.body));
    expect(Object.keys(body)).to.deep.equal(['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);
    expect(body.data).to.deep.equal(trustWide);
    expect(body.result).to.deep.equal(scoreRiskAssessment(trustWide));
    expect($(el, '[part~=reference]').textContent).to.equal('GRA-20261122-ABC123');
  });

  it('keeps every answer and explains a 503', async () => {
    fetch.callsFake(reply(503, { title: 'x' }, 'application/problem+json'));
    const el = await ready();
    const error = await el.submit().catch((e: Error) => e);
    await settle(el);
    expect((error as Error).name).to.equal('SubmissionError');
    expect($(el, '[part~=submit-error]').textContent).to.contain('problem with the service');
    expect(el.value).to.deep.equal(trustWide);
    expect((error as Error).message).not.to.contain(FAKE_ASSESSOR);
    await expect(el).to.be.accessible();
  });

  it('shows the backend\u2019s problem+json errors on the hazard field they point at', async () => {
    fetch.callsFake(reply(422, { title: 'Invalid', errors: [{ pointer: '/data/risks/hazards/1/controlMeasures', detail: 'List the control measures one on each line' }] }, 'application/problem+json'));
    const el = await ready();
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(summaryLinks(el)).to.deep.equal([['#f--risks--hazards--1--controlMeasures', 'List the control measures one on each line']]);
    $$<HTMLAnchorElement>(el, '.error-summary__list a')[0]!.click();
    await settle(el);
    expect(active(el)?.id).to.equal('f--risks--hazards--1--controlMeasures');
    await expect(el).to.be.accessible();
  });
});
