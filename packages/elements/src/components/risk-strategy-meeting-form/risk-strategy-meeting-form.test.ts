import { riskMatrix, riskStrategyMeeting, schemaAt, setAt, validate, type FormSchema } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { Complete, Empty, Errors, Minimal, NotAValidThreat, PartFilled, ReadOnly, WithErrors } from '../../../../../stories/risk-strategy-meeting-form.stories.js';
import { FAKE_CHAIR, hostileStrings, MEETING_TARGET, meetingWithErrors, minimalMeeting, notValidMeeting, validMeeting } from '../../../../../stories/fixtures/risk-strategy-meeting.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, expectAccessibleInEverySection, goToSection, settle, setInput, submitWithKeyboard, tabTo, typeInto } from '../../internal/test/helpers.js';
import type RiskStrategyMeetingForm from './risk-strategy-meeting-form.component.js';
import './risk-strategy-meeting-form.js';

const FORM = 'risk-strategy-meeting';
const SCHEMA = riskStrategyMeeting.schema;
const SECTIONS = 5;
const goTo = goToSection;

/**
 * Derbyshire Serious Threat Response Protocol (seeds/000), Appendix 3 "Serious Threat Group Meeting
 * Template": its eleven headings, copied here from the document so a schema edit that loses, rewords
 * or repeats one fails. Each is the title of one question (or group) of the form, at this pointer.
 */
const APPENDIX_3: [heading: string, pointer: string][] = [
  ['Date, venue and time of meeting', '/meeting/held'],
  ['Group Members names and designations/organisation details', '/meeting/members'],
  ['Outline of meeting format and purpose by Chair', '/meeting/formatAndPurpose'],
  ['Threat Outline', '/threat/threatOutline'],
  ['Details of those affected', '/threat/thoseAffected'],
  ['Details of perpetrator(s)', '/threat/perpetrators'],
  ['Assessment of risk level', '/assessment/riskLevel'],
  ['Development of Action Plan', '/actionPlan/development'],
  ['Agreement of actions, who is responsible for what and timescales', '/actionPlan/actions'],
  ['Questions and answer session', '/close/questionsAndAnswers'],
  ['Date of next meeting', '/close/nextMeeting'],
];
/** Appendix 2's question for the Group, and its Possible Action Plan Considerations. */
const APPENDIX_2_QUESTION: [heading: string, pointer: string] = ['Does the Group assess this as a valid threat / risk?', '/assessment/validThreat'];
const APPENDIX_2_CONSIDERATIONS = ['Police Statements', 'Crime Prevention reports', 'Procedures \u2013 office relocation', 'Control of telephone calls', 'Personal Safety Training', 'Personal Alarms', 'Mobile Phones'];

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Every title, description, hint and option label of the schema (local $refs followed once). */
function schemaTexts(root: FormSchema): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as FormSchema;
    for (const t of [n.title, n.description, n['x-ui']?.hint]) if (typeof t === 'string') out.push(t);
    for (const [key, value] of Object.entries(n)) if (key !== 'x-ui' && key !== '$comment') walk(value);
  };
  walk(root);
  return out;
}

/** The text of every label, legend and heading the user sees, section by section. */
async function shownPrompts(el: RiskStrategyMeetingForm): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < SECTIONS; i++) {
    await goTo(el, i);
    out.push(...$$(el, '[part=section] label, [part=section] legend, [part=section] h2').map((e) => e.textContent!.replace(/\s+/g, ' ').trim()));
  }
  return out;
}

const summaryLinks = (el: RiskStrategyMeetingForm) => $$<HTMLAnchorElement>(el, '.error-summary__list a').map((a) => [a.getAttribute('href'), a.textContent]);

/** The stored value the date-time widget gives for a local date and time on this device. */
function localDateTime(y: number, m: number, d: number, hh: number, mm: number): string {
  const minutes = -new Date(y, m - 1, d, hh, mm).getTimezoneOffset();
  const abs = Math.abs(minutes);
  const offset = `${minutes >= 0 ? '+' : '-'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(m)}-${p(d)}T${p(hh)}:${p(mm)}:00${offset}`;
}

const EMPTY_ERRORS = [
  ['#f--meeting--held--venue', 'Enter the venue of the meeting'],
  ['#f--meeting--held--dateTime', 'Enter the date and time of the meeting'],
  ['#f--meeting--members', 'Add the name of at least one group member'],
  ['#f--threat--threatOutline', 'Enter the threat outline'],
  ['#f--assessment--riskLevel--level', 'Select the risk level'],
  ['#f--assessment--validThreat', 'Select whether the Group assesses this as a valid threat or risk'],
  ['#f--actionPlan--actions', 'Add at least one agreed action'],
];

describe('<risk-strategy-meeting-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<RiskStrategyMeetingForm>(Empty());
    await expect(el).to.be.accessible();
  });

  describe('accessibility in every state', () => {
    it('passes axe in every section: empty, and with every error shown', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
        await expect(el).to.be.accessible();
      }
      el.validate();
      await expectAccessibleInEverySection(el);
      for (const story of [WithErrors, Errors]) {
        const shown = await fixture<RiskStrategyMeetingForm>(story());
        expect($$(shown, '.error-summary__list a').length).to.be.greaterThan(0);
        await expectAccessibleInEverySection(shown);
      }
    });

    it('passes axe in every section: part filled, minimal, complete, not a valid threat and read-only', async () => {
      for (const story of [PartFilled, Minimal, Complete, NotAValidThreat, ReadOnly]) {
        const el = await fixture<RiskStrategyMeetingForm>(story());
        await expectAccessibleInEverySection(el);
      }
    });

    it('passes axe on "Check your answers" and once submitted, with the confirmation focused', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Complete());
      el.submitHandler = sinon.stub().resolves({ reference: 'RSM-20261124-AXE' });
      await submitWithKeyboard(el);
      expect(el.state).to.equal('sent');
      expect($(el, '[part~=reference]').textContent).to.equal('RSM-20261124-AXE');
      expect(active(el)?.id).to.equal('confirmation');
      await expect(el).to.be.accessible();
    });
  });

  describe('follows Derbyshire Appendix 3 (and Appendix 2)', () => {
    it('has each of the 11 Appendix 3 headings exactly once, in the document\u2019s words and order, plus Appendix 2\u2019s valid threat question', () => {
      expect(APPENDIX_3).to.have.length(11);
      const texts = schemaTexts(SCHEMA).map(norm);
      for (const [heading, pointer] of [...APPENDIX_3, APPENDIX_2_QUESTION]) {
        expect(schemaAt(SCHEMA, pointer)?.title, pointer).to.equal(heading);
        // Exactly once: no other title, description, hint or option label says it too.
        expect(texts.filter((t) => t.includes(norm(heading))), heading).to.have.length(1);
        expect(schemaAt(SCHEMA, pointer)!.$comment, pointer).to.contain(heading === APPENDIX_2_QUESTION[0] ? 'Appendix 2' : 'Appendix 3');
      }
      // In the document's order.
      const order = (pointer: string) => {
        const [section, key] = pointer.split('/').slice(1) as [string, string];
        return Object.keys(SCHEMA.properties!).indexOf(section) * 100 + Object.keys(SCHEMA.properties![section]!.properties!).indexOf(key);
      };
      const indices = APPENDIX_3.map(([, p]) => order(p));
      expect(indices).to.deep.equal([...indices].sort((a, b) => a - b));
    });

    it('shows each Appendix 3 heading and the valid threat question exactly once on the page, as a label or legend', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      const shown = (await shownPrompts(el)).map(norm);
      for (const [heading] of [...APPENDIX_3, APPENDIX_2_QUESTION]) expect(shown.filter((t) => t === norm(heading)), heading).to.have.length(1);
      expect(shown.filter((t) => APPENDIX_3.some(([h]) => norm(h) === t))).to.have.length(11);
    });

    it('offers Appendix 2\u2019s Possible Action Plan Considerations, with the risk matrix\u2019s codes', async () => {
      const node = schemaAt(SCHEMA, '/actionPlan/considerations')!;
      expect(node.title).to.equal('Possible Action Plan Considerations');
      expect(node.$comment).to.contain('Possible Action Plan Considerations (dependent upon nature and degree of risk)');
      expect(node['x-ui']!.hint).to.contain('Dependent upon nature and degree of risk');
      const options = (node.items as FormSchema).oneOf!;
      expect(options.map((o) => o.title)).to.deep.equal(APPENDIX_2_CONSIDERATIONS);
      expect(options).to.deep.equal((schemaAt(riskMatrix.schema, '/actionPlan/measures')!.items as FormSchema).oneOf);
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      await goTo(el, 3);
      expect($$(el, 'input[name="/actionPlan/considerations"] + label').map((l) => l.textContent)).to.deep.equal(APPENDIX_2_CONSIDERATIONS);
    });

    it('gives every property a title and a $comment citing the protocol, and every string a maxLength', () => {
      const missing: string[] = [];
      const walk = (pointer: string) => {
        const node = schemaAt(SCHEMA, pointer)!;
        const children = node.type === 'array' && node.items && (node.items as FormSchema).properties ? [`${pointer}/0`] : [];
        for (const key of Object.keys(node.properties ?? {})) children.push(`${pointer}/${key}`);
        for (const child of children) {
          const c = schemaAt(SCHEMA, child)!;
          if (!child.endsWith('/0')) {
            if (typeof c.title !== 'string') missing.push(`${child}: title`);
            if (!/Derbyshire Serious Threat Response Protocol, (Appendix|Section)/.test(c.$comment ?? '')) missing.push(`${child}: $comment`);
          }
          if (c.type === 'string' && !c.oneOf && !c.format && typeof c.maxLength !== 'number') missing.push(`${child}: maxLength`);
          walk(child);
        }
      };
      walk('');
      expect(missing).to.deep.equal([]);
      expect(SCHEMA.$comment).to.contain('Appendix 3');
      expect(SCHEMA['x-form-id']).to.equal('risk-strategy-meeting');
    });

    it('is marked RESTRICTED on every section, and says why', async () => {
      expect(SCHEMA['x-marking']).to.equal('RESTRICTED');
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      expect($(el, '[part=title]').textContent).to.equal('Risk Strategy Group Meeting');
      expect($$(el, '.sections__link').map((b) => b.textContent!.trim())).to.deep.equal([
        '1. The meeting',
        '2. The threat',
        '3. Assessment',
        '4. Action plan',
        '5. Questions and the next meeting',
      ]);
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect($(el, '[part=marking]').textContent).to.equal('RESTRICTED');
      }
      await goTo(el, 0);
      expect(el.shadowRoot!.textContent).to.contain('This form is classified as RESTRICTED when information added.');
      expect(el.shadowRoot!.textContent).to.contain('including a full account of any questions and responses given');
    });

    it('computes no result and shows no result panel; the envelope says which form it is', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Complete());
      expect(el.currentResult).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~=result]')).to.equal(null);
      const handler = sinon.stub().resolves({ reference: 'RSM-1' });
      el.submitHandler = handler;
      await el.submit();
      const [envelope] = handler.firstCall.args;
      expect(envelope.formId).to.equal('risk-strategy-meeting');
      expect(envelope.schemaVersion).to.equal('1.0.0');
      expect(envelope.result).to.equal(null);
      expect(envelope.data).to.deep.equal(validMeeting);
    });
  });

  describe('validation (the generated validator)', () => {
    it('accepts the fixtures and asks for what a record cannot do without, with GOV.UK messages', () => {
      for (const data of [validMeeting, minimalMeeting, notValidMeeting]) expect(validate(FORM, data)).to.deep.equal({ valid: true, errors: [] });
      expect(validate(FORM, {}).errors.map((e) => [`#f${e.pointer.replace(/\//g, '--')}`, e.message])).to.deep.equal(EMPTY_ERRORS);
      expect(validate(FORM, meetingWithErrors).errors).to.deep.equal([
        { pointer: '/meeting/held/dateTime', message: 'Date and time must be a real date and time' },
        { pointer: '/meeting/members/1/name', message: "Enter the group member's name" },
        { pointer: '/assessment/riskLevel/level', message: 'Select the risk level' },
        { pointer: '/assessment/validThreat', message: 'Select whether the Group assesses this as a valid threat or risk' },
        { pointer: '/actionPlan/actions/0/responsiblePerson', message: 'Enter the responsible person' },
        { pointer: '/close/nextMeeting', message: 'Date of next meeting must be a real date' },
      ]);
    });

    it('needs at least one member and one agreed action (an agreed action plan must be included), and a threat outline that is not blank', () => {
      const without = (pointer: string, value: unknown) => validate(FORM, setAt(structuredClone(minimalMeeting), pointer, value)).errors;
      expect(without('/meeting/members', [])).to.deep.equal([{ pointer: '/meeting/members', message: 'Add the name of at least one group member' }]);
      expect(without('/actionPlan/actions', [])).to.deep.equal([{ pointer: '/actionPlan/actions', message: 'Add at least one agreed action' }]);
      expect(without('/threat/threatOutline', ' \n\t ')).to.deep.equal([{ pointer: '/threat/threatOutline', message: 'Enter the threat outline' }]);
      expect(without('/actionPlan/actions/0/action', '   ')).to.deep.equal([{ pointer: '/actionPlan/actions/0/action', message: 'Enter the action' }]);
      expect(without('/meeting/members', Array.from({ length: 51 }, () => ({ name: 'A' })))).to.deep.equal([{ pointer: '/meeting/members', message: 'You can add up to 50 group members' }]);
      expect(without('/assessment/riskLevel/level', 'extreme')[0]!.pointer).to.equal('/assessment/riskLevel/level');
    });
  });

  describe('the error summary', () => {
    it('links each error to its field, in whichever section it is, and focuses the field', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      expect(await el.submit()).to.equal(undefined);
      await settle(el);
      expect(active(el)).to.equal($(el, '.error-summary'));
      expect(summaryLinks(el)).to.deep.equal(EMPTY_ERRORS);
      for (const [href] of EMPTY_ERRORS) {
        const link = $$<HTMLAnchorElement>(el, '.error-summary__list a').find((a) => a.getAttribute('href') === href)!;
        link.click();
        await settle(el);
        expect(active(el)?.id, href).to.equal(href!.slice(1));
        // The field shows the same message inline (the Add button of a list, on its fieldset).
        const message = EMPTY_ERRORS.find(([h]) => h === href)![1]!;
        expect(active(el)!.closest('[part~=form-group--error], [part~=repeat--error], [part~=group--error], fieldset')?.textContent, href).to.contain(message);
      }
      await expect(el).to.be.accessible();
    });

    it('names the item of a list that needs correcting, and clears as it is corrected', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Errors());
      expect(summaryLinks(el).map(([, text]) => text)).to.deep.equal([
        'Date and time must be a real date and time',
        "Enter the group member's name",
        'Select the risk level',
        'Select whether the Group assesses this as a valid threat or risk',
        'Enter the responsible person',
        'Date of next meeting must be a real date',
      ]);
      // no-autofocus: showing the errors does not move focus.
      expect(active(el)).to.equal(null);
      $$<HTMLAnchorElement>(el, '.error-summary__list a')[4]!.click();
      await settle(el);
      expect(active(el)?.id).to.equal('f--actionPlan--actions--0--responsiblePerson');
      expect($(el, '#f--actionPlan--actions--0--responsiblePerson-error').textContent).to.contain('Enter the responsible person');
      setInput(el, '#f--actionPlan--actions--0--responsiblePerson', 'PC Ellis Sample');
      await settle(el);
      expect(el.shadowRoot!.querySelector('#f--actionPlan--actions--0--responsiblePerson-error')).to.equal(null);
      expect(summaryLinks(el)).to.have.length(5);
    });
  });

  describe('keyboard alone', () => {
    it('records a meeting with two members and two agreed actions, and submits it', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      const handler = sinon.stub().resolves({ reference: 'RSM-KEYBOARD' });
      el.submitHandler = handler;
      await typeInto(el, '#f--meeting--held--venue', 'Room 2, County Hall');
      await typeInto(el, '#f--meeting--held--dateTime', '24');
      await typeInto(el, '#f--meeting--held--dateTime-month', '11');
      await typeInto(el, '#f--meeting--held--dateTime-year', '2026');
      await typeInto(el, '#f--meeting--held--dateTime-time', '10:00');
      await typeInto(el, '#f--meeting--chair', FAKE_CHAIR);
      await tabTo(el, '#f--meeting--members');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--meeting--members-0-legend');
      await typeInto(el, '#f--meeting--members--0--name', FAKE_CHAIR);
      await typeInto(el, '#f--meeting--members--0--designation', 'Head of Service (Chair)');
      await tabTo(el, '#f--meeting--members');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      await typeInto(el, '#f--meeting--members--1--name', 'PC Ellis Sample');
      await typeInto(el, '#f--meeting--members--1--organisation', 'Derbyshire Constabulary');
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '#section-heading').textContent).to.equal('The threat');
      await typeInto(el, '#f--threat--threatOutline', 'Said "I know where she parks."');
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '#section-heading').textContent).to.equal('Assessment');
      await chooseRadio(el, '/assessment/riskLevel/level', 2);
      await chooseRadio(el, '/assessment/validThreat', 0);
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '#section-heading').textContent).to.equal('Action plan');
      await tabTo(el, '#f--actionPlan--considerations-5');
      await sendKeys({ press: 'Space' });
      await tabTo(el, '#f--actionPlan--actions');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--actionPlan--actions-0-legend');
      await typeInto(el, '#f--actionPlan--actions--0--action', 'Issue a personal alarm.');
      await typeInto(el, '#f--actionPlan--actions--0--responsiblePerson', 'Rowan Birchall');
      await typeInto(el, '#f--actionPlan--actions--0--timescale', 'Within 24 hours');
      await tabTo(el, '#f--actionPlan--actions');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      await typeInto(el, '#f--actionPlan--actions--1--action', 'A mistake');
      await tabTo(el, '[part~=remove-button]');
      expect(active(el)?.textContent).to.match(/Remove\s+Action 2/);
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($$(el, '#f--actionPlan--actions--1--action')).to.have.length(0);
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '#section-heading').textContent).to.equal('Questions and the next meeting');
      await typeInto(el, '#f--close--nextMeeting', '8');
      await typeInto(el, '#f--close--nextMeeting-month', '12');
      await typeInto(el, '#f--close--nextMeeting-year', '2026');
      await submitWithKeyboard(el);
      expect(handler.calledOnce).to.equal(true);
      const [envelope] = handler.firstCall.args;
      expect(envelope.formId).to.equal('risk-strategy-meeting');
      expect(envelope.data).to.deep.equal({
        meeting: {
          held: { dateTime: localDateTime(2026, 11, 24, 10, 0), venue: 'Room 2, County Hall' },
          chair: FAKE_CHAIR,
          members: [
            { name: FAKE_CHAIR, designation: 'Head of Service (Chair)' },
            { name: 'PC Ellis Sample', organisation: 'Derbyshire Constabulary' },
          ],
        },
        threat: { threatOutline: 'Said "I know where she parks."' },
        assessment: { riskLevel: { level: 'high' }, validThreat: 'yes' },
        actionPlan: { considerations: ['personal-alarms'], actions: [{ action: 'Issue a personal alarm.', responsiblePerson: 'Rowan Birchall', timescale: 'Within 24 hours' }] },
        close: { nextMeeting: '2026-12-08' },
      });
      expect($(el, '[part~=reference]').textContent).to.equal('RSM-KEYBOARD');
    });
  });

  describe('hostile and odd input', () => {
    /** `validMeeting` with hostile strings in every string field. */
    function hostileMeeting() {
      const h = hostileStrings;
      const all = Object.values(h).join('\n');
      return {
        meeting: {
          held: { venue: h.markup, dateTime: validMeeting.meeting.held.dateTime },
          chair: h.rtl,
          members: [
            { name: h.script, designation: h.template, organisation: h.emoji },
            { name: h.combining, designation: h.invisible, organisation: h.markup },
          ],
          formatAndPurpose: all,
        },
        threat: { threatOutline: h.markup, thoseAffected: h.lineEndings, perpetrators: h.template },
        assessment: { riskLevel: { level: 'high', details: h.script }, validThreat: 'yes' },
        actionPlan: {
          development: h.rtl,
          considerations: ['police-statements'],
          actions: [{ action: h.script, responsiblePerson: h.markup, timescale: h.emoji }],
        },
        close: { questionsAndAnswers: all, nextMeeting: '2026-12-08' },
      };
    }
    /** Every string field of `hostileMeeting()`, by input id. */
    const FIELDS: [section: number, id: string, pointer: string][] = [
      [0, 'f--meeting--held--venue', '/meeting/held/venue'],
      [0, 'f--meeting--chair', '/meeting/chair'],
      [0, 'f--meeting--members--0--name', '/meeting/members/0/name'],
      [0, 'f--meeting--members--0--designation', '/meeting/members/0/designation'],
      [0, 'f--meeting--members--0--organisation', '/meeting/members/0/organisation'],
      [0, 'f--meeting--members--1--name', '/meeting/members/1/name'],
      [0, 'f--meeting--members--1--designation', '/meeting/members/1/designation'],
      [0, 'f--meeting--members--1--organisation', '/meeting/members/1/organisation'],
      [0, 'f--meeting--formatAndPurpose', '/meeting/formatAndPurpose'],
      [1, 'f--threat--threatOutline', '/threat/threatOutline'],
      [1, 'f--threat--thoseAffected', '/threat/thoseAffected'],
      [1, 'f--threat--perpetrators', '/threat/perpetrators'],
      [2, 'f--assessment--riskLevel--details', '/assessment/riskLevel/details'],
      [3, 'f--actionPlan--development', '/actionPlan/development'],
      [3, 'f--actionPlan--actions--0--action', '/actionPlan/actions/0/action'],
      [3, 'f--actionPlan--actions--0--responsiblePerson', '/actionPlan/actions/0/responsiblePerson'],
      [3, 'f--actionPlan--actions--0--timescale', '/actionPlan/actions/0/timescale'],
      [4, 'f--close--questionsAndAnswers', '/close/questionsAndAnswers'],
    ];
    const at = (data: unknown, pointer: string) => pointer.split('/').slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], data);

    it('shows markup, templates and odd Unicode in every text field as text, and keeps and sends them exactly', async () => {
      const data = hostileMeeting();
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
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
          // A textarea normalises line endings to \n on screen; the answer keeps them as given.
          expect(input.value, id).to.equal(input instanceof HTMLTextAreaElement ? typed.replace(/\r\n?/g, '\n') : typed);
        }
        await expect(el).to.be.accessible();
      }
      expect(el.value).to.deep.equal(data);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      const handler = sinon.stub().resolves({ reference: 'RSM-HOSTILE' });
      el.submitHandler = handler;
      await el.submit();
      expect(JSON.parse(JSON.stringify(handler.firstCall.args[0])).data).to.deep.equal(data);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    });

    it('shows hostile answers as text in the read-only record too', async () => {
      const data = hostileMeeting();
      const el = await fixture<RiskStrategyMeetingForm>(html`<risk-strategy-meeting-form readonly draft="off" .value=${data}></risk-strategy-meeting-form>`);
      await settle(el);
      expect(el.shadowRoot!.querySelector('img, script, iframe, input, textarea')).to.equal(null);
      const text = el.shadowRoot!.textContent!;
      for (const value of [hostileStrings.markup, hostileStrings.script, hostileStrings.template, hostileStrings.emoji, hostileStrings.combining]) expect(text).to.contain(value);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Complete());
      const huge = 'x'.repeat(1024 * 1024);
      setInput(el, '#f--meeting--held--venue', huge);
      await settle(el);
      expect($(el, '#f--meeting--held--venue-error').textContent).to.contain('Venue must be 500 characters or fewer');
      expect(((el.value.meeting as { held: { venue: string } }).held.venue).length).to.equal(huge.length);
      await goTo(el, 1);
      setInput(el, '#f--threat--threatOutline', `"${huge}"`);
      await settle(el);
      expect($(el, '#f--threat--threatOutline-error').textContent).to.contain('Threat Outline must be 20,000 characters or fewer');
      expect((el.value.threat as { threatOutline: string }).threatOutline).to.equal(`"${huge}"`);
      expect(await el.submit()).to.equal(undefined);
      await settle(el);
      expect(summaryLinks(el).map(([, t]) => t)).to.deep.equal(['Venue must be 500 characters or fewer', 'Threat Outline must be 20,000 characters or fewer']);
      await expect(el).to.be.accessible();
    });

    it('ignores __proto__, unknown keys, wrong types, answers that are not options and huge lists in a prefill', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      el.initialValue = JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "result": 1,' +
          ' "meeting": {"__proto__": {"polluted": true}, "held": {"venue": "Room 2", "dateTime": 20261124}, "chair": ["x"], "extra": true},' +
          ' "assessment": {"riskLevel": {"level": "extreme"}, "validThreat": "yes"}, "actionPlan": {"considerations": ["police-statements", "launch-missiles"]}}',
      );
      await settle(el);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect((Object.prototype as Record<string, unknown>)['x']).to.equal(undefined);
      expect(el.value).to.deep.equal({ meeting: { held: { venue: 'Room 2' } }, assessment: { validThreat: 'yes' }, actionPlan: { considerations: ['police-statements'] } });
      el.initialValue = { meeting: { members: Array.from({ length: 10000 }, () => ({ name: 'A' })) }, actionPlan: { actions: Array.from({ length: 10000 }, () => ({ action: 'x' })) } };
      await settle(el);
      expect(((el.value.meeting as { members?: unknown[] } | undefined)?.members ?? []).length).to.be.at.most(50);
      expect(((el.value.actionPlan as { actions?: unknown[] } | undefined)?.actions ?? []).length).to.be.at.most(100);
    });

    it('keeps impossible dates on screen with a clear message', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      setInput(el, '#f--meeting--held--dateTime', '31');
      setInput(el, '#f--meeting--held--dateTime-month', '2');
      setInput(el, '#f--meeting--held--dateTime-year', '2026');
      setInput(el, '#f--meeting--held--dateTime-time', '10:00');
      await settle(el);
      expect($(el, '#f--meeting--held--dateTime-error').textContent).to.contain('Date and time must be a real date and time');
      expect($<HTMLInputElement>(el, '#f--meeting--held--dateTime').value).to.equal('31');
      await goTo(el, 4);
      for (const [day, month, year] of [['31', '2', '2026'], ['1', '13', '2026'], ['1', '1', '0000']] as const) {
        setInput(el, '#f--close--nextMeeting', day);
        setInput(el, '#f--close--nextMeeting-month', month);
        setInput(el, '#f--close--nextMeeting-year', year);
        await settle(el);
        expect($(el, '#f--close--nextMeeting-error').textContent, `${day}/${month}/${year}`).to.contain('Date of next meeting must be a real date');
        expect($<HTMLInputElement>(el, '#f--close--nextMeeting-month').value).to.equal(month);
      }
      await expect(el).to.be.accessible();
    });

    it('puts every schema string on the page as text (no HTML from the schema)', async () => {
      const el = await fixture<RiskStrategyMeetingForm>(Empty());
      for (let i = 0; i < SECTIONS; i++) {
        await goTo(el, i);
        expect(el.shadowRoot!.querySelector('a[href^="javascript"], img, script, iframe')).to.equal(null);
      }
    });
  });

  it('shows the record without editing when read-only', async () => {
    const el = await fixture<RiskStrategyMeetingForm>(ReadOnly());
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    expect($$(el, 'input, select, textarea')).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[part~=add-button], [part~=remove-button]')).to.equal(null);
    const values = $$(el, '.summary-list__value').map((v) => v.textContent!.trim());
    expect(values).to.include(FAKE_CHAIR);
    expect(values).to.include('Derbyshire Constabulary');
    expect(values.some((v) => v.includes(MEETING_TARGET))).to.equal(true);
  });

  it('logs no Lit warnings and no names while rendering, typing and submitting', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    try {
      const el = await fixture<RiskStrategyMeetingForm>(Complete());
      setInput(el, '#f--meeting--chair', `${FAKE_CHAIR} again`);
      await goTo(el, 3);
      el.submitHandler = async () => ({ reference: 'R' });
      await el.submit().catch(() => undefined);
      await settle(el);
      const logged = spies.flatMap((s) => s.getCalls().map((c) => c.args.map(String).join(' ')));
      expect(logged.filter((l) => /lit\.dev\/msg|change-in-update/.test(l))).to.deep.equal([]);
      expect(logged.filter((l) => l.includes(FAKE_CHAIR) || l.includes(MEETING_TARGET))).to.deep.equal([]);
    } finally {
      spies.forEach((s) => s.restore());
    }
  });
});

runFormContractTests('risk-strategy-meeting-form', validMeeting);

describe('<risk-strategy-meeting-form> submission over HTTP', () => {
  let fetch: sinon.SinonStub;
  const reply = (status: number, body: unknown, type = 'application/json') => async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
  beforeEach(() => (fetch = sinon.stub(window, 'fetch')));
  afterEach(() => fetch.restore());

  async function ready() {
    const el = await fixture<RiskStrategyMeetingForm>(html`<risk-strategy-meeting-form endpoint="/api/risk-strategy-meeting?case=0b9f6d4e-8a51-4c1e-9a7e-2f6c1d3b5a70" draft="off"></risk-strategy-meeting-form>`);
    // One attempt: these tests are about what each reply means, not about retrying (deliver.test.ts).
    el.retryPolicy = { attempts: 1 };
    el.value = validMeeting;
    await settle(el);
    return el;
  }

  it('posts the contract envelope with an Idempotency-Key to the case, and shows the reference', async () => {
    fetch.callsFake(reply(201, { reference: 'RSM-20261124-ABC123' }));
    const el = await ready();
    await el.submit();
    await settle(el);
    const [url, init] = fetch.firstCall.args as [string, RequestInit];
    expect(url).to.equal('/api/risk-strategy-meeting?case=0b9f6d4e-8a51-4c1e-9a7e-2f6c1d3b5a70');
    expect(url).not.to.contain(FAKE_CHAIR);
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).to.equal('application/json');
    expect(headers['Idempotency-Key']).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = JSON.parse(String(init.body));
    expect(Object.keys(body)).to.deep.equal(['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);
    expect(body.formId).to.equal('risk-strategy-meeting');
    expect(body.schemaVersion).to.equal('1.0.0');
    expect(body.data).to.deep.equal(validMeeting);
    expect(body.result).to.equal(null);
    expect($(el, '[part~=reference]').textContent).to.equal('RSM-20261124-ABC123');
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
      expect((error as Error).message).not.to.contain(FAKE_CHAIR);
      await expect(el).to.be.accessible();
    });
  }

  it('keeps every answer when offline, then sends with the same key when back', async () => {
    fetch.onFirstCall().rejects(new TypeError('Failed to fetch'));
    fetch.onSecondCall().callsFake(reply(201, { reference: 'RSM-LATER' }));
    const el = await ready();
    const error = await el.submit().catch((e: { kind: string }) => e);
    await settle(el);
    expect((error as { kind: string }).kind).to.equal('network');
    expect($(el, '[part~=submit-error]').textContent).to.contain('connection was lost');
    expect(el.value).to.deep.equal(validMeeting);
    await expect(el).to.be.accessible();
    expect((await el.submit())?.reference).to.equal('RSM-LATER');
    const key = (i: number) => ((fetch.getCall(i).args[1] as RequestInit).headers as Record<string, string>)['Idempotency-Key'];
    expect(key(0)).to.equal(key(1));
  });

  it('shows the backend\u2019s problem+json errors on the fields they point at', async () => {
    fetch.callsFake(reply(422, { title: 'Invalid', errors: [{ pointer: '/data/actionPlan/actions/1/responsiblePerson', detail: 'This person is not a member of the case' }] }, 'application/problem+json'));
    const el = await ready();
    await el.submit().catch(() => undefined);
    await settle(el);
    expect(summaryLinks(el)).to.deep.equal([['#f--actionPlan--actions--1--responsiblePerson', 'This person is not a member of the case']]);
    $$<HTMLAnchorElement>(el, '.error-summary__list a')[0]!.click();
    await settle(el);
    expect(active(el)?.id).to.equal('f--actionPlan--actions--1--responsiblePerson');
    expect($(el, '#f--actionPlan--actions--1--responsiblePerson-error').textContent).to.contain('This person is not a member of the case');
    await expect(el).to.be.accessible();
  });
});
