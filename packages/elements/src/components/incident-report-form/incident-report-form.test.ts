import { classifyIncident, describeOffender, getAt, incidentReport, offenderDescription, optionsOf, schemaAt, setAt, validate, type FormSchema, type IncidentResult } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import {
  DeArrested,
  Empty,
  Errors,
  MedicalFactor,
  Minimal,
  OffenderAidErrors,
  OffenderSeen,
  PartFilled,
  PhysicalAssault,
  ReadOnly,
  RiddorReportable,
  SeveralVictims,
  VerbalAbuse,
  WithErrors,
  WitnessedAggression,
} from '../../../../../stories/incident-report-form.stories.js';
import {
  FAKE_OFFENDER,
  FAKE_VICTIM,
  hostileStrings,
  incidentsBeforeTheAid,
  incidentWithErrors,
  medicalFactorAssault,
  minimalIncident,
  offenderSeenAssault,
  physicalAssault,
  severalVictims,
  verbalAbuse,
} from '../../../../../stories/fixtures/incident-report.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, expectAccessibleInEverySection, goToSection, settle, setInput, submitWithKeyboard, tabTo, typeInto } from '../../internal/test/helpers.js';
import type IncidentReportForm from './incident-report-form.component.js';
import './incident-report-form.js';

const FORM = 'incident-report';
const SCHEMA = incidentReport.schema;
const SECTIONS = 8;
const goTo = goToSection;
const SUB = '/category/subCategory';
const AID = '/offender/descriptionAid';

/**
 * The Datix Investigations Guidance Document (seeds/001), Appendix part 1: the violence and aggression
 * sub-categories and the start of each explanation, copied here from the document so a schema edit
 * that loses, rewords or reorders one fails. (The document writes "Direct Verbal Abuse (Homophobic
 * Aggravated)"; the form says "Directed", and shows the document's word with wording="document".)
 */
const APPENDIX_PART_1: [title: string, explanation: string][] = [
  ['Witnessed Aggression (Not directed at SECAmb Staff)', 'E.g. witnessing domestic abuse'],
  ['Anti-social Behaviour/Aggression Experienced (Causing Distress/Discomfort)', 'Would tend to be a category more used by Field Ops than EOC/111'],
  ['Directed Verbal Abuse (General)', 'More used by EOC/111 than Field Ops'],
  ['Directed Verbal Abuse (Sexually Aggravated)', 'More used by EOC/111 than Field Ops'],
  ['Directed Verbal Abuse (Homophobic Aggravated)', 'More used by EOC/111 than Field Ops'],
  ['Directed Verbal Abuse (Racially/Religiously Aggravated)', 'More used by EOC/111 than Field Ops'],
  ['Non-Physical Assault (Words/Behaviour - Physical Violence Anticipated)', 'This may occur where a credible threat can be established'],
  ['Attempted Physical Assault (Attempted but failed)', 'This is a case of swing and miss'],
  ['Physical Assault (General)', 'There is a physical application of touching, hit, punch or force'],
  ['Physical Assault (Sexually Aggravated)', 'There is a physical application of touching, hit, punch or force'],
  ['Physical Assault (Homophobic Aggravated)', 'There is a physical application of touching, hit, punch or force'],
  ['Physical Assault (Racially/Religiously Aggravated)', 'There is a physical application of touching, hit, punch or force'],
];

/** The prompts of the issue's "Report an incident", each in the documents' words, at its pointer. */
const PROMPTS: [pointer: string, words: RegExp][] = [
  ['/incident/location', /^Where did it happen\?$/],
  ['/incident/dateTime', /^When did it happen\?$/],
  ['/incident/natureOfAct', /the nature of the act/],
  [SUB, /^Violence and Aggression sub-category$/],
  ['/category/aggravatingFactors', /^Aggravating factors$/],
  ['/category/aggravatingWhen', /immediately before, during or after the act\?$/],
  ['/circumstances/medicalFactor', /medical factor operative/],
  ['/circumstances/intoxication', /intoxicated by alcohol or dangerous drugs/],
  ['/people/victims', /^Victim\(s\) of violence or aggression$/],
  ['/people/witnesses', /^Witnesses and others in attendance$/],
  ['/police/called', /^Were the Police called\?$/],
  ['/police/attended', /^Did they attend\?$/],
  ['/police/outcome', /^Was any aggression\/assault dealt with as an offence or was the attendance only for scene management\?$/],
  ['/police/deArrested', /de-arrested at any point/],
  ['/police/crimeReference', /^Police Crime Reference Number \(CRN\)$/],
  ['/police/officerInCharge', /^Officer in charge$/],
  ['/police/officerContact', /^Contact details$/],
  ['/evidence/available', /^What other evidence is available\?$/],
  ['/injury/injured', /injured/],
  ['/injury/daysOffWork', /off sick as a result of the injury/],
  ['/offender/detailsKnown', /^Are the offender's details\/address known\?$/],
  ['/offender/seen', /^Did you see the offender\?$/],
  ['/offender/description', /^Anything else about the offender/],
];

const summaryLinks = (el: IncidentReportForm) => $$<HTMLAnchorElement>(el, '.error-summary__list a').map((a) => [a.getAttribute('href'), a.textContent]);
const routeState = (el: IncidentReportForm, code: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=result-route][data-route="${code}"]`)?.dataset['state'];
const result = (el: IncidentReportForm) => el.currentResult as unknown as IncidentResult;
const panelText = (el: IncidentReportForm) => ($(el, '[part~=result]').textContent ?? '').replace(/\s+/g, ' ');

/** The stored value the date-time widget gives for a local date and time on this device. */
function localDateTime(y: number, m: number, d: number, hh: number, mm: number): string {
  const minutes = -new Date(y, m - 1, d, hh, mm).getTimezoneOffset();
  const abs = Math.abs(minutes);
  const offset = `${minutes >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(m)}-${p(d)}T${p(hh)}:${p(mm)}:00${offset}`;
}

const EMPTY_ERRORS = [
  ['#f--incident--location', 'Enter where it happened'],
  ['#f--incident--dateTime', 'Enter the date and time of the incident'],
  ['#f--incident--natureOfAct', 'Describe what happened'],
  ['#f--category--subCategory', 'Select the violence and aggression sub-category'],
  ['#f--circumstances--medicalFactor', 'Select whether a medical factor was operative in the act'],
  ['#f--people--victims', 'Add at least one victim of violence or aggression'],
  ['#f--police--called', 'Select whether the Police were called'],
  ['#f--injury--injured', 'Select whether the staff member was injured'],
  ['#f--offender--detailsKnown', "Select whether the offender's details or address are known"],
];

describe('<incident-report-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<IncidentReportForm>(Empty());
    await expect(el).to.be.accessible();
  });

  describe('accessibility in every state', () => {
    it('passes axe in every section: empty, and with every error shown', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
        await expect(el).to.be.accessible();
      }
      el.validate();
      await expectAccessibleInEverySection(el);
      for (const story of [WithErrors, Errors]) {
        const shown = await fixture<IncidentReportForm>(story());
        expect($$(shown, '.error-summary__list a').length).to.be.greaterThan(0);
        await expectAccessibleInEverySection(shown);
      }
    });

    it('passes axe in every section with every kind of result: part filled, physical assault, verbal abuse, medical factor, RIDDOR, de-arrested, witnessed, minimal, read-only', async () => {
      for (const story of [PartFilled, PhysicalAssault, VerbalAbuse, MedicalFactor, RiddorReportable, DeArrested, WitnessedAggression, Minimal, ReadOnly]) {
        const el = await fixture<IncidentReportForm>(story());
        expect(el.shadowRoot!.querySelector('[part~=result]'), story.name).to.not.equal(null);
        await expectAccessibleInEverySection(el);
      }
    });

    it('passes axe on "Check your answers" and once submitted, with the confirmation focused', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      el.submitHandler = sinon.stub().resolves({ reference: 'IWR-20261122-AXE' });
      await submitWithKeyboard(el);
      expect(el.state).to.equal('sent');
      expect($(el, '[part~=reference]').textContent).to.equal('IWR-20261122-AXE');
      expect(active(el)?.id).to.equal('confirmation');
      await expect(el).to.be.accessible();
    });
  });

  describe('follows SECAmb\u2019s procedure and Datix guidance', () => {
    it('offers the Appendix part 1 sub-categories in order, each with its explanation as its own hint', async () => {
      const node = schemaAt(SCHEMA, SUB)!;
      expect(node.$comment).to.contain('Appendix part 1');
      expect(node.oneOf!.map((o) => o.title)).to.deep.equal(APPENDIX_PART_1.map(([t]) => t));
      node.oneOf!.forEach((o, i) => expect(o.description, o.title).to.satisfy((d: string) => d.startsWith(APPENDIX_PART_1[i]![1])));
      const el = await fixture<IncidentReportForm>(Empty());
      await goTo(el, 1);
      const radios = $$<HTMLInputElement>(el, `input[type=radio][name="${SUB}"]`);
      expect(radios).to.have.length(12);
      radios.forEach((radio, i) => {
        const label = $(el, `label[for="${radio.id}"]`).textContent;
        expect(label).to.equal(APPENDIX_PART_1[i]![0]);
        const hint = $(el, `#${radio.getAttribute('aria-describedby')}`);
        expect(hint.getAttribute('part')).to.equal('radio-hint');
        expect(hint.textContent).to.equal(node.oneOf![i]!.description);
      });
      expect(radios[0]!.id).to.equal('f--category--subCategory');
      expect($(el, '#f--category--subCategory').closest('fieldset')!.querySelector('legend')!.textContent).to.equal('Violence and Aggression sub-category');
    });

    it('shows the document\u2019s own word with wording="document"', async () => {
      const el = await fixture<IncidentReportForm>(html`<incident-report-form draft="off" wording="document"></incident-report-form>`);
      await goTo(el, 1);
      const labels = $$(el, `input[name="${SUB}"] + .radios__text label`).map((l) => l.textContent);
      expect(labels[4]).to.equal('Direct Verbal Abuse (Homophobic Aggravated)');
      expect(labels[5]).to.equal('Directed Verbal Abuse (Racially/Religiously Aggravated)');
    });

    it('asks every prompt of the issue in the documents\u2019 words, each shown once as a label or legend', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      el.value = setAt(setAt(physicalAssault, '/category/aggravatingFactors', ['sexual']), '/category/aggravatingWhen', 'during');
      await settle(el);
      const shown: string[] = [];
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        shown.push(...$$(el, '[part=section] label, [part=section] legend').map((e) => e.textContent!.replace(/\s+/g, ' ').trim()));
      }
      for (const [pointer, words] of PROMPTS) {
        const t = schemaAt(SCHEMA, pointer)!.title!;
        expect(t, pointer).to.match(words);
        expect(shown.filter((s) => s === t), `${pointer}: "${t}"`).to.have.length.at.least(1);
      }
      const nature = schemaAt(SCHEMA, '/incident/natureOfAct')!;
      expect(nature['x-ui']!.hint).to.equal('Provide specific information on the nature of the act, e.g. if physical, was it a push, punch etc. Where words used, what type of words, what tone etc.');
      expect(nature.$comment).to.contain('4.4.8');
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
            // The embedded description aid has no title of its own: its sections are the groups in the offender section.
            if (typeof c.title !== 'string' && child !== AID) missing.push(`${child}: title`);
            if (!/SECAmb|KCC ICS|Issue #17/.test(c.$comment ?? '')) missing.push(`${child}: $comment`);
          }
          if (c.type === 'string' && !c.oneOf && !c.format && typeof c.maxLength !== 'number') missing.push(`${child}: maxLength`);
          walk(child);
        }
      };
      walk('');
      expect(missing).to.deep.equal([]);
      expect(SCHEMA['x-form-id']).to.equal('incident-report');
    });

    it('is marked OFFICIAL-SENSITIVE on every section, with the sections in the document\u2019s order', async () => {
      expect(SCHEMA['x-marking']).to.equal('OFFICIAL-SENSITIVE');
      const el = await fixture<IncidentReportForm>(Empty());
      expect($(el, '[part=title]').textContent).to.equal('Report an incident of violence or aggression');
      expect($$(el, '.sections__link').map((b) => b.textContent!.trim())).to.deep.equal([
        '1. The incident',
        '2. Sub-category and aggravating factors',
        '3. Medical factor and intoxication',
        '4. Victims and witnesses',
        '5. Police',
        '6. Evidence',
        '7. Injury and days off work',
        '8. The offender',
      ]);
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=marking]').textContent).to.equal('OFFICIAL-SENSITIVE');
      }
      await goTo(el, 3);
      expect(el.shadowRoot!.textContent).to.contain('must be recorded with a role of victim of violence or aggression only');
    });

    it('asks when an aggravating factor occurred only when there is one, and the de-arrest and CRN only when the Police were called', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      await goTo(el, 1);
      expect(el.shadowRoot!.querySelector('[name="/category/aggravatingWhen"]')).to.equal(null);
      $<HTMLInputElement>(el, '#f--category--aggravatingFactors-3').click();
      await settle(el);
      expect($$(el, '[name="/category/aggravatingWhen"] + label').map((l) => l.textContent)).to.deep.equal(['Immediately before the act', 'During the act', 'Immediately after the act', 'No, it was merely present']);
      await goTo(el, 4);
      expect(el.shadowRoot!.querySelector('#f--police--crimeReference, [name="/police/deArrested"]')).to.equal(null);
      $<HTMLInputElement>(el, '#f--police--called').click();
      await settle(el);
      expect($(el, '#f--police--crimeReference-hint').textContent).to.equal('Where not available, their attendance number.');
      expect($(el, '#f--police--deArrested-hint').textContent).to.contain('cannot be pursued');
      await expect(el).to.be.accessible();
    });
  });

  describe('the result panel: the routes of action', () => {
    it('waits for the sub-category, and names it as the question still to answer', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      expect($(el, '[part~=result-title]').textContent).to.equal('Not yet categorised');
      expect($(el, '[part~=result-next]').textContent).to.equal('Still to answer: Violence and Aggression sub-category');
      expect(el.shadowRoot!.querySelector('[part~=result-routes]')).to.equal(null);
    });

    it('a physical assault, no medical factor, the offender known: the history marker is required, and says why', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      expect($(el, '[part~=result-title]').textContent).to.equal('Physical Assault (General)');
      expect($(el, '[part~=result]').classList.contains('result--crisis')).to.equal(true);
      expect($$(el, '[part~=result-highlights] li').map((li) => li.textContent)).to.deep.equal(['A history marker must be applied for']);
      expect($(el, '[part~=result-offences]').textContent).to.contain('Battery (Common Assault) ABH, GBH, GBH with intent');
      expect(routeState(el, 'history-marker')).to.equal('required');
      expect(routeState(el, 'prosecution')).to.equal('recommended');
      const marker = $(el, '[part~=result-route][data-route="history-marker"]');
      expect(marker.querySelector('[part~=result-route-state]')!.textContent).to.equal('Required');
      expect(marker.textContent).to.contain('irrespective of whether the matter is progressing through the Police and/or Courts');
      expect($$(el, '[part~=result-routes] h5').map((h) => h.textContent)).to.deep.equal(['Internal', 'External']);
      const reasons = $(el, '[part~=result-reasons]');
      expect([...reasons.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['Category', 'History marker', 'Intoxication', 'RIDDOR']);
      expect(reasons.textContent).to.contain('Voluntary intoxication by alcohol or dangerous drugs is NO defence');
    });

    it('follows the answers: a medical factor closes the redress routes and removes the history marker highlight', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      await goTo(el, 2);
      await tabTo(el, 'input[name="/circumstances/medicalFactor"]');
      expect(active(el)?.id).to.equal('f--circumstances--medicalFactor-1');
      await sendKeys({ press: 'ArrowUp' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--circumstances--medicalFactor');
      expect(routeState(el, 'history-marker')).to.equal('not-sought');
      expect(routeState(el, 'prosecution')).to.equal('not-sought');
      expect(panelText(el)).to.contain('No history marker is required: the physical assault was caused by a medical factor.');
      expect(panelText(el)).to.contain('potentially no redress would be sought');
      expect(el.shadowRoot!.querySelector('[part~=result-highlights]')?.textContent ?? '').to.not.contain('history marker');
    });

    it('RIDDOR: 8 days off sick is reportable, 7 is not', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      await goTo(el, 6);
      setInput(el, '#f--injury--daysOffWork', '8');
      await settle(el);
      expect($$(el, '[part~=result-highlights] li').map((li) => li.textContent)).to.include('RIDDOR reportable');
      expect(result(el).riddorReportable).to.equal(true);
      setInput(el, '#f--injury--daysOffWork', '7');
      await settle(el);
      expect($$(el, '[part~=result-highlights] li').map((li) => li.textContent)).to.not.include('RIDDOR reportable');
      expect(panelText(el)).to.contain('Not RIDDOR reportable: 7 days or fewer off sick.');
    });

    it('aggravated verbal abuse: automatically a strong case, prosecution pursued', async () => {
      const el = await fixture<IncidentReportForm>(VerbalAbuse());
      expect($$(el, '[part~=result-highlights] li').map((li) => li.textContent)).to.deep.equal(['Automatically a strong case']);
      expect(routeState(el, 'prosecution')).to.equal('recommended');
      expect(routeState(el, 'history-marker')).to.equal('consider');
      expect(panelText(el)).to.contain('any case which is aggravated is automatically a strong case');
    });

    it('a de-arrested perpetrator: prosecution is not sought, the history marker is still required', async () => {
      const el = await fixture<IncidentReportForm>(DeArrested());
      expect(routeState(el, 'prosecution')).to.equal('not-sought');
      expect(routeState(el, 'history-marker')).to.equal('required');
      expect($$(el, '[part~=result-highlights] li').map((li) => li.textContent)).to.include('The matter for that incident cannot be pursued');
    });

    it('witnessed aggression: referrals or no further action, nothing highlighted', async () => {
      const el = await fixture<IncidentReportForm>(WitnessedAggression());
      expect($$(el, '[part~=result-routes] h5').map((h) => h.textContent)).to.deep.equal(['Referrals', 'No further action']);
      expect(el.shadowRoot!.querySelector('[part~=result-highlights]')).to.equal(null);
      expect($(el, '[part~=result]').classList.contains('result--crisis')).to.equal(false);
    });

    it('sends core\u2019s routes of action as the envelope\u2019s result', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      const handler = sinon.stub().resolves({ reference: 'IWR-1' });
      el.submitHandler = handler;
      await el.submit();
      const [envelope] = handler.firstCall.args;
      expect(envelope.formId).to.equal('incident-report');
      expect(envelope.schemaVersion).to.equal('1.0.0');
      expect(envelope.data).to.deep.equal(physicalAssault);
      expect(envelope.result).to.deep.equal(classifyIncident(physicalAssault));
      expect(envelope.result.historyMarkerRequired).to.equal(true);
    });
  });

  describe('validation (the generated validator)', () => {
    it('accepts the fixtures and asks for what a report cannot do without, with GOV.UK messages', () => {
      for (const data of [physicalAssault, verbalAbuse, medicalFactorAssault, minimalIncident]) expect(validate(FORM, data)).to.deep.equal({ valid: true, errors: [] });
      expect(validate(FORM, {}).errors.map((e) => [`#f${e.pointer.replace(/\//g, '--')}`, e.message])).to.deep.equal(EMPTY_ERRORS);
      expect(validate(FORM, incidentWithErrors).errors).to.deep.equal([
        { pointer: '/incident/dateTime', message: 'Date and time of the incident must be a real date and time' },
        { pointer: '/category/subCategory', message: 'Select the violence and aggression sub-category' },
        { pointer: '/category/aggravatingWhen', message: 'Select when the aggravating factor occurred' },
        { pointer: '/people/witnesses/0/role', message: "Select the witness's role" },
        { pointer: '/police/attended', message: 'Select whether the Police attended' },
        { pointer: '/injury/daysOffWork', message: 'Days off sick must be 0 or more' },
      ]);
    });

    it('still accepts every report sent before the description aid and the protected characteristics, and shows its free-text description', async () => {
      for (const data of incidentsBeforeTheAid) expect(validate(FORM, data)).to.deep.equal({ valid: true, errors: [] });
      for (const data of [offenderSeenAssault, severalVictims]) expect(validate(FORM, data)).to.deep.equal({ valid: true, errors: [] });
      expect(incidentReport.version).to.equal('1.0.0');
      const el = await fixture<IncidentReportForm>(html`<incident-report-form readonly draft="off" .value=${physicalAssault}></incident-report-form>`);
      await settle(el);
      expect($$(el, '.summary-list__value').map((v) => v.textContent!.trim())).to.include(physicalAssault.offender.description);
    });

    it('refuses blank answers, days that are not whole numbers, and answers that are not options', () => {
      const errors = (pointer: string, value: unknown) => validate(FORM, setAt(structuredClone(minimalIncident), pointer, value)).errors;
      expect(errors('/incident/natureOfAct', ' \n\t ')).to.deep.equal([{ pointer: '/incident/natureOfAct', message: 'Describe what happened' }]);
      expect(errors('/people/victims', [])).to.deep.equal([{ pointer: '/people/victims', message: 'Add at least one victim of violence or aggression' }]);
      const injured = setAt(structuredClone(minimalIncident), '/injury', { injured: 'yes', daysOffWork: 2.5 });
      expect(validate(FORM, injured).errors).to.deep.equal([{ pointer: '/injury/daysOffWork', message: 'Enter the number of days as a whole number, like 3' }]);
      expect(errors(SUB, 'physical-assault')[0]).to.deep.equal({ pointer: SUB, message: 'Select the violence and aggression sub-category' });
    });
  });

  describe('the error summary', () => {
    it('links each error to its field, in whichever section it is, and focuses the field', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
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

    it('names the item of a list that needs correcting, and clears as it is corrected', async () => {
      const el = await fixture<IncidentReportForm>(Errors());
      expect(summaryLinks(el).map(([, text]) => text)).to.deep.equal([
        'Date and time of the incident must be a real date and time',
        'Select the violence and aggression sub-category',
        'Select when the aggravating factor occurred',
        "Select the witness's role",
        'Select whether the Police attended',
        'Days off sick must be 0 or more',
      ]);
      expect(active(el)).to.equal(null);
      $$<HTMLAnchorElement>(el, '.error-summary__list a')[3]!.click();
      await settle(el);
      expect(active(el)?.id).to.equal('f--people--witnesses--0--role');
      await sendKeys({ press: 'Space' });
      await settle(el);
      expect(el.shadowRoot!.querySelector('#f--people--witnesses--0--role-error')).to.equal(null);
      expect(summaryLinks(el)).to.have.length(5);
      $$<HTMLAnchorElement>(el, '.error-summary__list a')[1]!.click();
      await settle(el);
      expect(active(el)?.id).to.equal('f--category--subCategory');
      expect(active(el)?.getAttribute('aria-invalid')).to.equal('true');
    });
  });

  describe('keyboard alone', () => {
    it('reports a physical assault with 8 days off sick, and the panel says a history marker and RIDDOR', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      const handler = sinon.stub().resolves({ reference: 'IWR-KEYBOARD' });
      el.submitHandler = handler;
      const next = async (heading: string) => {
        await tabTo(el, '[part~=next-button]');
        await sendKeys({ press: 'Enter' });
        await settle(el);
        expect($(el, '#section-heading').textContent).to.equal(heading);
      };
      await typeInto(el, '#f--incident--location', 'On scene, Harbour Street');
      await typeInto(el, '#f--incident--dateTime', '21');
      await typeInto(el, '#f--incident--dateTime-month', '11');
      await typeInto(el, '#f--incident--dateTime-year', '2026');
      await typeInto(el, '#f--incident--dateTime-time', '23:40');
      await typeInto(el, '#f--incident--natureOfAct', 'A push with both hands, then a punch to the arm.');
      await next('Sub-category and aggravating factors');
      await chooseRadio(el, SUB, 8);
      await settle(el);
      expect($(el, '[part~=result-title]').textContent).to.equal('Physical Assault (General)');
      await next('Medical factor and intoxication');
      await chooseRadio(el, '/circumstances/medicalFactor', 1);
      await chooseRadio(el, '/circumstances/intoxication', 0);
      await next('Victims and witnesses');
      await tabTo(el, '#f--people--victims');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--people--victims-0-legend');
      await typeInto(el, '#f--people--victims--0--name', FAKE_VICTIM);
      await next('Police');
      await chooseRadio(el, '/police/called', 1);
      await next('Evidence');
      await next('Injury and days off work');
      await chooseRadio(el, '/injury/injured', 0);
      await settle(el);
      await typeInto(el, '#f--injury--daysOffWork', '8');
      await next('The offender');
      await chooseRadio(el, '/offender/detailsKnown', 0);
      await settle(el);
      expect($$(el, '[part~=result-highlights] li').map((li) => li.textContent)).to.deep.equal(['A history marker must be applied for', 'RIDDOR reportable']);
      await submitWithKeyboard(el);
      expect(handler.calledOnce).to.equal(true);
      const [envelope] = handler.firstCall.args;
      expect(envelope.data).to.deep.equal({
        incident: { location: 'On scene, Harbour Street', dateTime: localDateTime(2026, 11, 21, 23, 40), natureOfAct: 'A push with both hands, then a punch to the arm.' },
        category: { subCategory: 'physical-assault-general' },
        circumstances: { medicalFactor: 'no', intoxication: 'voluntary' },
        people: { victims: [{ name: FAKE_VICTIM }] },
        police: { called: 'no' },
        injury: { injured: 'yes', daysOffWork: 8 },
        offender: { detailsKnown: 'yes' },
      });
      expect(envelope.result).to.include({ historyMarkerRequired: true, riddorReportable: true, status: 'complete' });
      expect($(el, '[part~=reference]').textContent).to.equal('IWR-KEYBOARD');
    });

    it('moves between sub-categories with the arrow keys, each read with its explanation', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      await goTo(el, 1);
      await chooseRadio(el, SUB, 0);
      await settle(el);
      expect(el.value).to.deep.equal({ category: { subCategory: 'witnessed-aggression' } });
      await sendKeys({ press: 'ArrowDown' });
      await settle(el);
      const focused = active(el) as HTMLInputElement;
      expect(focused.id).to.equal('f--category--subCategory-1');
      expect($(el, `#${focused.getAttribute('aria-describedby')}`).textContent).to.match(/^Would tend to be a category/);
      expect(($(el, '[part~=result-title]').textContent)).to.equal('Anti-social Behaviour/Aggression Experienced (Causing Distress/Discomfort)');
    });
  });

  describe('hostile and odd input', () => {
    /** `physicalAssault` with hostile strings in every string field. */
    function hostileIncident() {
      const h = hostileStrings;
      const all = Object.values(h).join('\n');
      return {
        incident: { location: h.markup, dateTime: physicalAssault.incident.dateTime, natureOfAct: all },
        category: { subCategory: 'physical-assault-general' },
        circumstances: { medicalFactor: 'yes', medicalFactorDetails: h.script },
        people: {
          victims: [{ name: h.rtl, jobTitle: h.template, protectedCharacteristics: ['disability', 'sexual-orientation'] }],
          witnesses: [{ name: h.combining, role: 'witness', contact: h.invisible }],
        },
        police: { called: 'yes', attended: 'no', crimeReference: h.emoji, officerInCharge: h.markup, officerContact: h.script },
        evidence: { details: h.lineEndings },
        injury: { injured: 'yes', injuryDetails: h.template },
        offender: {
          detailsKnown: 'yes',
          seen: 'yes',
          descriptionAid: {
            person: { name: h.rtl, sex: 'not-known', ethnicAppearance: 'other', ethnicAppearanceOther: h.combining },
            accent: { origin: 'other', otherAccent: h.emoji },
            marks: { items: [{ kind: 'tattoo', detail: h.markup, position: h.script }] },
            clothing: { items: [{ garment: 'other', garmentOther: h.template, colour: h.invisible, style: h.markup, logos: h.script, slogans: h.rtl, numbers: h.emoji }] },
          },
          description: all,
        },
      };
    }
    /** Every string field of `hostileIncident()`, by input id. */
    const FIELDS: [section: number, id: string, pointer: string][] = [
      [0, 'f--incident--location', '/incident/location'],
      [0, 'f--incident--natureOfAct', '/incident/natureOfAct'],
      [2, 'f--circumstances--medicalFactorDetails', '/circumstances/medicalFactorDetails'],
      [3, 'f--people--victims--0--name', '/people/victims/0/name'],
      [3, 'f--people--victims--0--jobTitle', '/people/victims/0/jobTitle'],
      [3, 'f--people--witnesses--0--name', '/people/witnesses/0/name'],
      [3, 'f--people--witnesses--0--contact', '/people/witnesses/0/contact'],
      [4, 'f--police--crimeReference', '/police/crimeReference'],
      [4, 'f--police--officerInCharge', '/police/officerInCharge'],
      [4, 'f--police--officerContact', '/police/officerContact'],
      [5, 'f--evidence--details', '/evidence/details'],
      [6, 'f--injury--injuryDetails', '/injury/injuryDetails'],
      [7, 'f--offender--descriptionAid--person--name', '/offender/descriptionAid/person/name'],
      [7, 'f--offender--descriptionAid--person--ethnicAppearanceOther', '/offender/descriptionAid/person/ethnicAppearanceOther'],
      [7, 'f--offender--descriptionAid--accent--otherAccent', '/offender/descriptionAid/accent/otherAccent'],
      [7, 'f--offender--descriptionAid--marks--items--0--detail', '/offender/descriptionAid/marks/items/0/detail'],
      [7, 'f--offender--descriptionAid--marks--items--0--position', '/offender/descriptionAid/marks/items/0/position'],
      [7, 'f--offender--descriptionAid--clothing--items--0--garmentOther', '/offender/descriptionAid/clothing/items/0/garmentOther'],
      [7, 'f--offender--descriptionAid--clothing--items--0--colour', '/offender/descriptionAid/clothing/items/0/colour'],
      [7, 'f--offender--descriptionAid--clothing--items--0--style', '/offender/descriptionAid/clothing/items/0/style'],
      [7, 'f--offender--descriptionAid--clothing--items--0--logos', '/offender/descriptionAid/clothing/items/0/logos'],
      [7, 'f--offender--descriptionAid--clothing--items--0--slogans', '/offender/descriptionAid/clothing/items/0/slogans'],
      [7, 'f--offender--descriptionAid--clothing--items--0--numbers', '/offender/descriptionAid/clothing/items/0/numbers'],
      [7, 'f--offender--description', '/offender/description'],
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
      expect(strings.sort()).to.deep.equal(FIELDS.map(([, , p]) => p).sort());
    });

    it('shows markup, templates and odd Unicode in every text field as text, and keeps and sends them exactly', async () => {
      const data = hostileIncident();
      const el = await fixture<IncidentReportForm>(Empty());
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
      expect(el.value).to.deep.equal(data);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      const handler = sinon.stub().resolves({ reference: 'IWR-HOSTILE' });
      el.submitHandler = handler;
      await el.submit();
      expect(JSON.parse(JSON.stringify(handler.firstCall.args[0])).data).to.deep.equal(data);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    });

    it('shows hostile answers as text in the read-only record too', async () => {
      const data = hostileIncident();
      const el = await fixture<IncidentReportForm>(html`<incident-report-form readonly draft="off" .value=${data}></incident-report-form>`);
      await settle(el);
      expect(el.shadowRoot!.querySelector('img, script, iframe, input, textarea')).to.equal(null);
      const text = el.shadowRoot!.textContent!;
      for (const value of [hostileStrings.markup, hostileStrings.script, hostileStrings.template, hostileStrings.emoji, hostileStrings.combining]) expect(text).to.contain(value);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      const huge = 'x'.repeat(1024 * 1024);
      setInput(el, '#f--incident--location', huge);
      setInput(el, '#f--incident--natureOfAct', `"${huge}"`);
      await settle(el);
      expect($(el, '#f--incident--location-error').textContent).to.contain('Where it happened must be 500 characters or fewer');
      expect($(el, '#f--incident--natureOfAct-error').textContent).to.contain('What happened must be 20,000 characters or fewer');
      expect((el.value.incident as { location: string }).location.length).to.equal(huge.length);
      expect((el.value.incident as { natureOfAct: string }).natureOfAct).to.equal(`"${huge}"`);
      expect(await el.submit()).to.equal(undefined);
      await settle(el);
      expect(summaryLinks(el).map(([, t]) => t)).to.deep.equal(['Where it happened must be 500 characters or fewer', 'What happened must be 20,000 characters or fewer']);
      await expect(el).to.be.accessible();
    });

    it('keeps days that are not a whole number on screen with a clear message, and never calls them RIDDOR', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      await goTo(el, 6);
      for (const typed of ['ten', '8 days', '9.5', '-8']) {
        setInput(el, '#f--injury--daysOffWork', typed);
        await settle(el);
        expect($<HTMLInputElement>(el, '#f--injury--daysOffWork').value, typed).to.equal(typed);
        expect($(el, '#f--injury--daysOffWork-error').textContent, typed).to.match(/whole number|0 or more/);
      }
      setInput(el, '#f--injury--daysOffWork', 'ten');
      await settle(el);
      expect(result(el).riddorReportable).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('ignores __proto__, unknown keys, wrong types, answers that are not options and huge lists in a prefill', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      el.initialValue = JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "result": {"historyMarkerRequired": true},' +
          ' "incident": {"__proto__": {"polluted": true}, "location": "Ashford", "dateTime": 20261122, "extra": true},' +
          ' "category": {"subCategory": "physical-assault", "aggravatingFactors": ["sexual", "launch-missiles"]}, "offender": {"detailsKnown": "YES"}}',
      );
      await settle(el);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect((Object.prototype as Record<string, unknown>)['x']).to.equal(undefined);
      expect(el.value).to.deep.equal({ incident: { location: 'Ashford' }, category: { aggravatingFactors: ['sexual'] } });
      expect(result(el)).to.include({ status: 'incomplete', historyMarkerRequired: false });
      el.initialValue = { people: { victims: Array.from({ length: 10000 }, () => ({ name: 'A' })), witnesses: Array.from({ length: 10000 }, () => ({ name: 'B', role: 'witness' })) } };
      await settle(el);
      const people = el.value.people as { victims?: unknown[]; witnesses?: unknown[] } | undefined;
      expect((people?.victims ?? []).length).to.be.at.most(50);
      expect((people?.witnesses ?? []).length).to.be.at.most(50);
    });

    it('keeps an impossible date on screen with a clear message', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      for (const [day, month, year] of [['31', '2', '2026'], ['1', '13', '2026'], ['1', '1', '0000']] as const) {
        setInput(el, '#f--incident--dateTime', day);
        setInput(el, '#f--incident--dateTime-month', month);
        setInput(el, '#f--incident--dateTime-year', year);
        setInput(el, '#f--incident--dateTime-time', '10:00');
        await settle(el);
        expect($(el, '#f--incident--dateTime-error').textContent, `${day}/${month}/${year}`).to.contain('Date and time of the incident must be a real date and time');
        expect($<HTMLInputElement>(el, '#f--incident--dateTime-month').value).to.equal(month);
      }
      await expect(el).to.be.accessible();
    });
  });

  describe('the offender description aid, embedded for those who saw the offender', () => {
    const AID_SECTIONS = ['Person', 'Eyes and facial hair', 'Hair', 'Accent', 'Marks, scars, tattoos and jewellery', 'Clothing'];
    const aidLegends = (el: IncidentReportForm) => $$(el, '[part=section] > fieldset.group > legend, [part=section] fieldset.group > legend').map((l) => l.textContent!.trim()).filter((t) => AID_SECTIONS.includes(t));

    it('asks every prompt of <offender-description-form>, with the same options, under /offender/descriptionAid', () => {
      const aid = offenderDescription.schema;
      const pointers: string[] = [];
      const walk = (pointer: string) => {
        const node = schemaAt(aid, pointer)!;
        for (const key of Object.keys(node.properties ?? {})) {
          pointers.push(`${pointer}/${key}`);
          walk(`${pointer}/${key}`);
        }
        if (node.type === 'array' && node.items && (node.items as FormSchema).properties) walk(`${pointer}/0`);
      };
      walk('');
      expect(pointers.length).to.be.greaterThan(40);
      for (const pointer of pointers) {
        const own = schemaAt(aid, pointer)!;
        const embedded = schemaAt(SCHEMA, `${AID}${pointer}`);
        expect(embedded, pointer).to.not.equal(undefined);
        expect(embedded!.title, pointer).to.equal(own.title);
        expect(optionsOf(SCHEMA, embedded!), pointer).to.deep.equal(optionsOf(aid, own));
      }
      // Its questions shown only for another answer still follow that answer where the aid is embedded.
      expect(schemaAt(SCHEMA, `${AID}/person/ageActual`)!['x-ui']!.showIf).to.deep.equal({ path: '1/age', equals: 'actual' });
      expect(schemaAt(SCHEMA, `${AID}/accent/otherAccent`)!['x-ui']!.showIf).to.deep.equal({ path: '1/origin', equals: 'other' });
    });

    it('shows the aid only to those who saw the offender, and sends none of it when they did not', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      await goTo(el, 7);
      expect(aidLegends(el)).to.deep.equal([]);
      expect($(el, '#f--offender--seen').closest('fieldset')!.querySelector('legend')!.textContent).to.equal('Did you see the offender?');
      expect($(el, '#f--offender--description').closest('[part~=form-group]')!.querySelector('label')!.textContent!.trim()).to.equal('Anything else about the offender (optional)');
      $<HTMLInputElement>(el, '#f--offender--seen').click();
      await settle(el);
      expect(aidLegends(el)).to.deep.equal(AID_SECTIONS);
      expect($(el, '#f--offender--descriptionAid--person--sex').closest('fieldset')!.querySelector('legend')!.textContent).to.equal('Male/Female');
      await expect(el).to.be.accessible();
      setInput(el, '#f--offender--descriptionAid--person--name', 'Rowan Seenonce');
      await settle(el);
      expect(el.validate().errors).to.deep.equal([{ pointer: `${AID}/person/sex`, message: 'Select male, female or not known' }]);
      $<HTMLInputElement>(el, '#f--offender--seen-1').click();
      await settle(el);
      expect(aidLegends(el)).to.deep.equal([]);
      expect(el.validate()).to.deep.equal({ valid: true, errors: [] });
      const handler = sinon.stub().resolves({ reference: 'IWR-NOT-SEEN' });
      el.submitHandler = handler;
      await el.submit();
      const sent = handler.firstCall.args[0].data.offender;
      expect(sent).to.deep.equal({ detailsKnown: 'yes', seen: 'no', description: physicalAssault.offender.description });
      expect(JSON.stringify(handler.firstCall.args[0])).to.not.contain('Rowan Seenonce');
    });

    it('is filled in with the keyboard alone, and sends answers that describeOffender reads as the aid\u2019s', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      const handler = sinon.stub().resolves({ reference: 'IWR-AID' });
      el.submitHandler = handler;
      await goTo(el, 7);
      await chooseRadio(el, '/offender/seen', 0);
      await settle(el);
      await typeInto(el, `#f--offender--descriptionAid--person--name`, FAKE_OFFENDER);
      await chooseRadio(el, `${AID}/person/age`, 1);
      await settle(el);
      await typeInto(el, '#f--offender--descriptionAid--person--ageFrom', '30');
      await chooseRadio(el, `${AID}/person/sex`, 0);
      await chooseRadio(el, `${AID}/person/height`, 0);
      await chooseRadio(el, `${AID}/accent/origin`, 11);
      await settle(el);
      await typeInto(el, '#f--offender--descriptionAid--accent--otherAccent', 'Dutch');
      await tabTo(el, '#f--offender--descriptionAid--clothing--items');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--offender--descriptionAid--clothing--items-0-legend');
      await chooseRadio(el, `${AID}/clothing/items/0/garment`, 1);
      await typeInto(el, '#f--offender--descriptionAid--clothing--items--0--colour', 'Grey');
      await settle(el);
      expect(el.validate()).to.deep.equal({ valid: true, errors: [] });
      await submitWithKeyboard(el);
      expect(el.state).to.equal('sent');
      const { data, result: sentResult } = handler.firstCall.args[0];
      const aid = { person: { name: FAKE_OFFENDER, age: 'estimated', ageFrom: 30, sex: 'male', height: 'tall' }, accent: { origin: 'other', otherAccent: 'Dutch' }, clothing: { items: [{ garment: 'top', colour: 'Grey' }] } };
      expect(data.offender).to.deep.equal({ detailsKnown: 'yes', seen: 'yes', descriptionAid: aid, description: physicalAssault.offender.description });
      expect(validate('offender-description', aid)).to.deep.equal({ valid: true, errors: [] });
      expect(describeOffender(data.offender.descriptionAid).paragraph).to.equal('A man named Lucan Example, aged about 30, tall. He spoke with an accent (Dutch). He was wearing a top/t-shirt (Grey).');
      // The aid changes nothing in the routes of action: the history marker still rests on "details known".
      expect(sentResult).to.deep.equal(classifyIncident(physicalAssault));
      expect(sentResult.historyMarkerRequired).to.equal(true);
    });

    it('passes axe shown empty, filled, with its errors, and read-only', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      await goTo(el, 7);
      $<HTMLInputElement>(el, '#f--offender--seen').click();
      await settle(el);
      await expect(el).to.be.accessible();
      for (const story of [OffenderSeen, SeveralVictims, OffenderAidErrors]) {
        const shown = await fixture<IncidentReportForm>(story());
        await expectAccessibleInEverySection(shown);
      }
      const record = await fixture<IncidentReportForm>(html`<incident-report-form readonly draft="off" .value=${offenderSeenAssault}></incident-report-form>`);
      await settle(record);
      const values = $$(record, '.summary-list__value').map((v) => v.textContent!.replace(/\s+/g, ' ').trim());
      for (const shown of [FAKE_OFFENDER, 'Dutch', 'A swallow', 'Baseball cap']) expect(values, shown).to.include(shown);
      expect(values.some((v) => v.includes('Race') && v.includes('Religion or belief')), 'the protected characteristics').to.equal(true);
      await expect(record).to.be.accessible();
    });

    it('links the aid\u2019s errors from the error summary to their questions in the offender section', async () => {
      const el = await fixture<IncidentReportForm>(OffenderAidErrors());
      const aidErrors: [string, string][] = [
        ['#f--offender--descriptionAid--person--sex', 'Select male, female or not known'],
        ['#f--offender--descriptionAid--accent--otherAccent', 'Enter the accent'],
      ];
      expect(summaryLinks(el).slice(-2)).to.deep.equal(aidErrors);
      for (const [href, message] of aidErrors) {
        $$<HTMLAnchorElement>(el, '.error-summary__list a').find((a) => a.getAttribute('href') === href)!.click();
        await settle(el);
        expect(active(el)?.id, href).to.equal(href.slice(1));
        expect($(el, '#section-heading').textContent).to.equal('The offender');
        expect($(el, `${href}-error`).textContent).to.contain(message);
      }
      await expect(el).to.be.accessible();
    });

    it('ignores __proto__, unknown keys, wrong types and answers that are not options in a prefilled aid', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      el.initialValue = JSON.parse(
        '{"offender": {"detailsKnown": "yes", "seen": "yes", "descriptionAid": {"__proto__": {"polluted": true}, "person": {"name": "Ashford", "sex": "robot", "ageFrom": "thirty", "height": "tall", "extra": 1},' +
          ' "accent": {"origin": "english", "englishRegion": "atlantis"}, "marks": {"items": [{"kind": "tattoo", "detail": 7}, "x"]}, "weapon": "knife"}, "description": {"text": "no"}}}',
      );
      await settle(el);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect(el.value.offender).to.deep.equal({ detailsKnown: 'yes', seen: 'yes', descriptionAid: { person: { name: 'Ashford', height: 'tall' }, accent: { origin: 'english' }, marks: { items: [{ kind: 'tattoo' }, {}] } } });
      await goTo(el, 7);
      expect($<HTMLInputElement>(el, '#f--offender--descriptionAid--person--name').value).to.equal('Ashford');
      await expect(el).to.be.accessible();
    });

    it('keeps 10,000 characters typed in each new text field, and says which are too long', async () => {
      const el = await fixture<IncidentReportForm>(OffenderSeen());
      await goTo(el, 7);
      const long = `${'Ω\u0301'.repeat(2500)}${'<b>x</b>'.repeat(625)}`;
      expect(long.length).to.equal(10_000);
      const ids = ['f--offender--descriptionAid--person--name', 'f--offender--descriptionAid--accent--otherAccent', 'f--offender--descriptionAid--marks--items--0--detail', 'f--offender--descriptionAid--clothing--items--1--garmentOther', 'f--offender--description'];
      for (const id of ids) setInput(el, `#${id}`, long);
      await settle(el);
      for (const id of ids) expect($<HTMLInputElement>(el, `#${id}`).value, id).to.equal(long);
      expect(el.shadowRoot!.querySelector('b')).to.equal(null);
      expect((el.value.offender as { description: string }).description).to.equal(long);
      const errors = el.validate().errors.map((e) => e.pointer);
      // The free text holds 20,000; the aid's short answers (its own limits) 200 or 500.
      expect(errors).to.deep.equal([`${AID}/person/name`, `${AID}/accent/otherAccent`, `${AID}/marks/items/0/detail`, `${AID}/clothing/items/1/garmentOther`]);
      expect($(el, '#f--offender--descriptionAid--accent--otherAccent-error').textContent).to.match(/500 characters or fewer/);
      await expect(el).to.be.accessible();
    });
  });

  describe('protected characteristics (SECAmb 2.3.7, the quarterly anonymised report)', () => {
    const PC = '/people/victims/0/protectedCharacteristics';
    const PC_ID = 'f--people--victims--0--protectedCharacteristics';
    const OPTIONS = [
      ['age', 'Age'],
      ['disability', 'Disability'],
      ['race', 'Race'],
      ['religion-belief', 'Religion or belief'],
      ['gender-reassignment', 'Gender reassignment'],
      ['sexual-orientation', 'Sexual orientation'],
      ['sex', 'Sex'],
      ['marriage-civil-partnership', 'Marriage and civil partnership'],
      ['pregnancy-maternity', 'Pregnancy and maternity'],
      ['prefer-not-to-say', 'Prefer not to say'],
    ];
    const EXCLUSIVE = 'Select \u2018Prefer not to say\u2019 on its own, or only the protected characteristics the victim chooses to share';

    it('is an optional checkbox group on each victim, with a fieldset and legend, its hint, and the Equality Act\u2019s nine in order', async () => {
      const node = schemaAt(SCHEMA, PC)!;
      expect(node.title).to.equal('Protected characteristics the victim chooses to share (optional)');
      expect(node.uniqueItems).to.equal(true);
      expect(optionsOf(SCHEMA, node).map((o) => [o.value, o.title])).to.deep.equal(OPTIONS);
      expect(node.$comment).to.contain('2.3.7').and.contain('7.1');
      expect(validate(FORM, minimalIncident).valid).to.equal(true);
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      await goTo(el, 3);
      const first = $<HTMLInputElement>(el, `#${PC_ID}`);
      const fieldset = first.closest('fieldset')!;
      expect(fieldset.querySelector('legend')!.textContent!.trim()).to.equal(node.title);
      const boxes = [...fieldset.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
      expect(boxes.map((b) => $(el, `label[for="${b.id}"]`).textContent!.trim())).to.deep.equal(OPTIONS.map(([, t]) => t));
      const hintEl = $(el, `#${PC_ID}-hint`);
      expect(fieldset.getAttribute('aria-describedby')).to.contain(`${PC_ID}-hint`);
      expect(hintEl.textContent).to.contain('Voluntary').and.contain('quarterly report').and.contain('anonymised').and.contain('never shown with a name');
      await expect(el).to.be.accessible();
    });

    it('refuses "Prefer not to say" with another characteristic, linked from the error summary, with the keyboard alone', async () => {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      el.submitHandler = sinon.stub().resolves({ reference: 'IWR-PC' });
      await goTo(el, 3);
      await tabTo(el, `#${PC_ID}-2`);
      await sendKeys({ press: 'Space' });
      await tabTo(el, `#${PC_ID}-9`);
      await sendKeys({ press: 'Space' });
      await settle(el);
      expect(getAt(el.value, PC)).to.deep.equal(['race', 'prefer-not-to-say']);
      expect(await el.submit()).to.equal(undefined);
      await settle(el);
      expect(summaryLinks(el)).to.deep.equal([[`#${PC_ID}`, EXCLUSIVE]]);
      await expect(el).to.be.accessible();
      $<HTMLAnchorElement>(el, '.error-summary__list a').click();
      await settle(el);
      expect(active(el)?.id).to.equal(PC_ID);
      const fieldset = active(el)!.closest('fieldset')!;
      expect(fieldset.querySelector('legend')!.textContent!.trim()).to.equal('Protected characteristics the victim chooses to share (optional)');
      expect($(el, `#${PC_ID}-error`).textContent).to.contain(EXCLUSIVE);
      expect(fieldset.getAttribute('aria-describedby')).to.contain(`${PC_ID}-error`);
      await expect(el).to.be.accessible();
      await tabTo(el, `#${PC_ID}-2`);
      await sendKeys({ press: 'Space' });
      await settle(el);
      expect(el.shadowRoot!.querySelector(`#${PC_ID}-error`)).to.equal(null);
      expect(el.validate()).to.deep.equal({ valid: true, errors: [] });
    });

    it('validates each victim on their own, and sends the codes the quarterly report counts', async () => {
      expect(validate(FORM, severalVictims)).to.deep.equal({ valid: true, errors: [] });
      const bad = setAt(structuredClone(severalVictims), '/people/victims/2/protectedCharacteristics', ['prefer-not-to-say', 'age']);
      expect(validate(FORM, bad).errors).to.deep.equal([{ pointer: '/people/victims/2/protectedCharacteristics', message: EXCLUSIVE }]);
      expect(validate(FORM, setAt(structuredClone(minimalIncident), PC, ['race', 'race'])).errors).to.deep.equal([{ pointer: PC, message: 'Select each protected characteristic once' }]);
      expect(validate(FORM, setAt(structuredClone(minimalIncident), PC, ['religion'])).errors[0]).to.deep.include({ pointer: `${PC}/0` });
      const el = await fixture<IncidentReportForm>(SeveralVictims());
      const handler = sinon.stub().resolves({ reference: 'IWR-SEVERAL' });
      el.submitHandler = handler;
      await el.submit();
      expect(handler.firstCall.args[0].data.people.victims.map((v: { protectedCharacteristics?: string[] }) => v.protectedCharacteristics)).to.deep.equal([['race', 'sex'], ['prefer-not-to-say'], undefined]);
      expect(handler.firstCall.args[0].result).to.deep.equal(classifyIncident(verbalAbuse));
    });

    it('drops answers that are not options from a prefill, and keeps a repeated one with a clear message', async () => {
      const el = await fixture<IncidentReportForm>(Empty());
      el.initialValue = { people: { victims: [{ name: 'A', protectedCharacteristics: ['race', 'religion', '<img src=x onerror="window.__sfXss=1">', 7, 'race'] }] } };
      await settle(el);
      expect(getAt(el.value, PC)).to.deep.equal(['race', 'race']);
      expect(el.validate().errors.filter((e) => e.pointer === PC)).to.deep.equal([{ pointer: PC, message: 'Select each protected characteristic once' }]);
      await goTo(el, 3);
      expect($<HTMLInputElement>(el, `#${PC_ID}-2`).checked).to.equal(true);
      expect($$<HTMLInputElement>(el, `input[name="${PC}"]:checked`)).to.have.length(1);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    });
  });

  it('shows the report without editing when read-only, with its routes of action', async () => {
    const el = await fixture<IncidentReportForm>(ReadOnly());
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    expect($$(el, 'input, select, textarea')).to.have.length(0);
    const values = $$(el, '.summary-list__value').map((v) => v.textContent!.trim());
    expect(values).to.include(FAKE_VICTIM);
    expect(values).to.include('Physical Assault (General)');
    expect(routeState(el, 'history-marker')).to.equal('required');
  });

  it('logs no Lit warnings and no names while rendering, typing and submitting', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    try {
      const el = await fixture<IncidentReportForm>(PhysicalAssault());
      setInput(el, '#f--incident--natureOfAct', `${FAKE_OFFENDER} pushed ${FAKE_VICTIM}`);
      await goTo(el, 3);
      el.submitHandler = async () => ({ reference: 'R' });
      await el.submit().catch(() => undefined);
      await settle(el);
      const logged = spies.flatMap((s) => s.getCalls().map((c) => c.args.map(String).join(' ')));
      expect(logged.filter((l) => /lit\.dev\/msg|change-in-update/.test(l))).to.deep.equal([]);
      expect(logged.filter((l) => l.includes(FAKE_VICTIM) || l.includes(FAKE_OFFENDER))).to.deep.equal([]);
    } finally {
      spies.forEach((s) => s.restore());
    }
  });
});

runFormContractTests('incident-report-form', physicalAssault);

describe('<incident-report-form> submission over HTTP', () => {
  let fetch: sinon.SinonStub;
  const reply = (status: number, body: unknown, type = 'application/json') => async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
  beforeEach(() => (fetch = sinon.stub(window, 'fetch')));
  afterEach(() => fetch.restore());

  async function ready() {
    const el = await fixture<IncidentReportForm>(html`<incident-report-form endpoint="/api/incident-report" draft="off"></incident-report-form>`);
    // One attempt: these tests are about what each reply means, not about retrying (deliver.test.ts).
    el.retryPolicy = { attempts: 1 };
    el.value = physicalAssault;
    await settle(el);
    return el;
  }

  it('posts the contract envelope with an Idempotency-Key, with the routes of action, and shows the reference', async () => {
    fetch.callsFake(reply(201, { reference: 'IWR-20261122-ABC123' }));
    const el = await ready();
    await el.submit();
    await settle(el);
    const [url, init] = fetch.firstCall.args as [string, RequestInit];
    expect(url).to.equal('/api/incident-report');
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).to.equal('application/json');
    expect(headers['Idempotency-Key']).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = JSON.parse(String(init.body));
    expect(Object.keys(body)).to.deep.equal(['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);
    expect(body.formId).to.equal('incident-report');
    expect(body.data).to.deep.equal(physicalAssault);
    expect(body.result).to.deep.equal(classifyIncident(physicalAssault));
    expect($(el, '[part~=reference]').textContent).to.equal('IWR-20261122-ABC123');
    expect(active(el)?.id).to.equal('confirmation');
  });

  for (const [status, text] of [
    [500, 'problem with the service'],
    [503, 'problem with the service'],
    [403, 'Sign in again in a new tab'],
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
      expect((error as Error).message).not.to.contain(FAKE_VICTIM);
      await expect(el).to.be.accessible();
    });
  }

  it('keeps every answer when offline, then sends with the same key when back', async () => {
    fetch.onFirstCall().rejects(new TypeError('Failed to fetch'));
    fetch.onSecondCall().callsFake(reply(201, { reference: 'IWR-LATER' }));
    const el = await ready();
    const error = await el.submit().catch((e: { kind: string }) => e);
    await settle(el);
    expect((error as { kind: string }).kind).to.equal('network');
    expect($(el, '[part~=submit-error]').textContent).to.contain('connection was lost');
    expect(el.value).to.deep.equal(physicalAssault);
    await expect(el).to.be.accessible();
    expect((await el.submit())?.reference).to.equal('IWR-LATER');
    const key = (i: number) => ((fetch.getCall(i).args[1] as RequestInit).headers as Record<string, string>)['Idempotency-Key'];
    expect(key(0)).to.equal(key(1));
  });

  it('shows the backend\u2019s problem+json errors on the fields they point at', async () => {
    fetch.callsFake(reply(422, { title: 'Invalid', errors: [{ pointer: '/data/police/crimeReference', detail: 'This is not a Crime Reference Number we recognise' }] }, 'application/problem+json'));
    const el = await ready();
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(summaryLinks(el)).to.deep.equal([['#f--police--crimeReference', 'This is not a Crime Reference Number we recognise']]);
    $$<HTMLAnchorElement>(el, '.error-summary__list a')[0]!.click();
    await settle(el);
    expect(active(el)?.id).to.equal('f--police--crimeReference');
    expect($(el, '#f--police--crimeReference-error').textContent).to.contain('This is not a Crime Reference Number we recognise');
    await expect(el).to.be.accessible();
  });
});
