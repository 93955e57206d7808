import { schemaAt, threatInterview, type FormSchema } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import {
  Empty,
  PrefilledFromThreatReport,
  ReadOnly,
  Subject,
  SubjectComplete,
  Target,
  TargetComplete,
  Witness,
  WitnessComplete,
} from '../../../../../stories/threat-interview-form.stories.js';
import {
  completeSubjectInterview,
  completeTargetInterview,
  completeWitnessInterview,
  exactWords,
  hostileFills,
  INTERVIEW_SUBJECT,
  INTERVIEW_TARGET,
} from '../../../../../stories/fixtures/threat-interview.js';
import { FAKE_SUBJECT, hostileStrings } from '../../../../../stories/fixtures/threat-report.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, settle, tabTo, typeInto, goToSection, setInput, expectAccessibleInEverySection, submitWithKeyboard } from '../../internal/test/helpers.js';
import type ThreatInterviewForm from './threat-interview-form.component.js';
import './threat-interview-form.js';

const SECTIONS = 2;
const SCHEMA = threatInterview.schema;

// The document's prompts (Union 81 / CSTAG protocol, seeds/002), written out here so a schema edit
// that loses or rewords one fails this test. Broken words of the PDF extraction are reconstructed
// as the schema's $comments say ("k now", "exa ctly", "Wilat wa s", "non-provocative [response]").
const SUBJECT_QUESTIONS: [title: string, guidance?: string][] = [
  [
    '1. Do you know why I want to talk to you? What happened today when you were [place of incident]?',
    "Record person's exact words with quotation marks for key statements if possible.",
  ],
  ['2. What exactly did you say? And what exactly did you do?'],
  ['3. What did you mean when you said or did that?'],
  [
    '4. How do you think [person who was threatened] feels about what you said or did?',
    'Probe to see if the subject believes it frightened or intimidated the person.',
  ],
  ['5. What was the reason you said or did that?', 'Probe to find out if there is a prior conflict or history to this threat.'],
  ['6. What are you going to do now?', 'Ask questions to determine if the subject intends to carry out the threat.'],
  ['7. Do you have access to a firearm or any other potential weapon? Are there guns in your home? Have you ever used a gun?'],
];

const TARGET_QUESTIONS: [title: string, guidance?: string][] = [
  [
    '1. Do you know why I want to talk to you? What happened today when you were [place of incident]?',
    "Record person's exact words with quotation marks for key statements if possible.",
  ],
  ['2. What exactly did (subject) say? And what exactly did (subject) do?'],
  ['3. What did you think he or she meant when he or she said or did that?', 'Does target believe that subject intends to carry out the threat?'],
  ['4. How do you feel about what (subject) said or did?'],
  ['5. What was the reason (subject) said or did that?', 'Probe to find out if there is a prior conflict or history to this threat.'],
  [
    '6. What are you going to do now? What do you think he/she will do now?',
    'Ask questions to determine how target plans to respond to the threat and assist in planning a safe and non-provocative response.',
  ],
];

/** The instructions above each set of questions (the hint of each group). */
const SUBJECT_INSTRUCTIONS =
  'Use the following questions as a guide to interview the person making the threat. Ask other questions as appropriate. Try to use open-ended questions rather than leading questions.';
const TARGET_INSTRUCTIONS =
  'Use the following questions as a guide to interview the person targeted by the threat. Ask other questions as appropriate. Try to use open-ended questions rather than leading questions.';

/** Identification prompts: titles (or, where noted, hint or option labels) in the document's words. */
const IDENTIFICATION = {
  subject: ['Subject Name', 'Person(s) Conducting Interview', 'Location, Date of Interview'],
  targetWitness: [
    'Target Name', // hint of "Name": the same field records a witness
    'ID number', // "ID#"
    'Affiliation',
    'Administrator',
    'Teacher',
    'Staff',
    'Student',
    'Parent/Guardian',
    'Other',
    'Status',
    'Current',
    'Former',
    'Year group (if a pupil)',
    'School',
    'Building/Programme',
    'Emergency Contact',
    'Relation',
    'If target is a minor, record parent under emergency contact.',
    'Home Address',
    'Phone',
    'If more than one, complete additional forms.',
    'Describe how subject identified the group',
    '"everyone on this bus"',
    'List all individuals',
    'Person(s) Conducting Interview',
    'Location, Date of Interview',
  ],
  headings: [
    'Subject: Person who made threat or engaged in threatening behaviour',
    'Target (person who was target of threat)',
    'Witness (person with relevant information)',
    'Target (person who was target of threat) Or Witness (person with relevant information)',
  ],
};

/** Every title, hint, description and option label in the schema (after following local $refs). */
function schemaTexts(root: FormSchema): string[] {
  const out: string[] = [];
  const seen = new Set<FormSchema>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as FormSchema;
    if (seen.has(n)) return;
    seen.add(n);
    if (typeof n.title === 'string') out.push(n.title);
    if (typeof n.description === 'string') out.push(n.description);
    if (typeof n['x-ui']?.hint === 'string') out.push(n['x-ui'].hint);
    for (const [key, value] of Object.entries(n)) if (key !== 'x-ui' && key !== '$comment') walk(value);
  };
  walk(root);
  return out;
}

function questionsOf(group: 'subject' | 'targetWitness'): [string, string | undefined][] {
  const node = schemaAt(SCHEMA, `/questions/${group}`)!;
  return Object.keys(node.properties!)
    .filter((key) => key !== 'otherQuestions')
    .map((key) => {
      const q = schemaAt(SCHEMA, `/questions/${group}/${key}`)!;
      return [q.title!, q['x-ui']?.hint];
    });
}

/** Waits (at most 5 s) until the element's drafts are ready: started, and any draft restored. */
async function draftsReady(el: ThreatInterviewForm): Promise<void> {
  const state = () => (el as unknown as { drafts: { state: { kind: string } } }).drafts.state.kind;
  const end = performance.now() + 5000;
  while (state() !== 'ready') {
    if (performance.now() > end) throw new Error(`drafts never became ready (${state()})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await settle(el);
}

const goTo = goToSection;

/** The labels of the answers on the questions section, as shown. */
function questionLabels(el: ThreatInterviewForm): string[] {
  return $$<HTMLLabelElement>(el, 'label[for^="f--questions--"]').map((l) => l.textContent!.trim());
}


describe('<threat-interview-form>', () => {
  // Issue #13 item 6: the interviewee the attribute fixes is not an answer the user gave.
  it('a new interview has no sections with answers, though the attribute fixes who is interviewed', async () => {
    const el = await fixture<ThreatInterviewForm>(html`<threat-interview-form interviewee="subject" draft="off"></threat-interview-form>`);
    await settle(el);
    expect($(el, '[part=progress-text]').textContent!.trim()).to.match(/^0 of \d+ sections have answers$/);
    setInput(el, '#f--interview--subjectName', 'Kim Example');
    await settle(el);
    expect($(el, '[part=progress-text]').textContent!.trim()).to.match(/^1 of \d+ sections have answers$/);
  });

  it('passes accessibility tests', async () => {
    const el = await fixture<ThreatInterviewForm>(Subject());
    await expect(el).to.be.accessible();
  });

  describe('the document in the schema', () => {
    it('has subject questions 1-7 with their probing guidance, in order, as the questions of the subject group', () => {
      expect(questionsOf('subject')).to.deep.equal(SUBJECT_QUESTIONS.map(([t, g]) => [t, g]));
      expect(schemaAt(SCHEMA, '/questions/subject')!['x-ui']!.hint).to.equal(SUBJECT_INSTRUCTIONS);
    });

    it('has target/witness questions 1-6 with their probing guidance, in order', () => {
      expect(questionsOf('targetWitness')).to.deep.equal(TARGET_QUESTIONS.map(([t, g]) => [t, g]));
      expect(schemaAt(SCHEMA, '/questions/targetWitness')!['x-ui']!.hint).to.equal(TARGET_INSTRUCTIONS);
    });

    it('has every identification prompt and heading as a title, hint or option label', () => {
      const texts = schemaTexts(SCHEMA);
      for (const prompt of [...IDENTIFICATION.subject, ...IDENTIFICATION.targetWitness, ...IDENTIFICATION.headings]) {
        expect(
          texts.some((t) => t === prompt || t.includes(prompt)),
          prompt,
        ).to.equal(true);
      }
      expect(texts).to.include('Subject Name');
      expect(texts).to.include('Person(s) Conducting Interview');
      expect(texts).to.include('Location, Date of Interview');
      expect(schemaAt(SCHEMA, '/interview/person/affiliation')!.oneOf!.map((o) => o.title)).to.deep.equal([
        'Administrator',
        'Teacher',
        'Staff',
        'Student',
        'Parent/Guardian',
        'Other',
      ]);
    });

    it('reminds the interviewer to quote key statements', () => {
      for (const pointer of ['/questions/subject/whatHappened', '/questions/targetWitness/whatHappened']) {
        expect(schemaAt(SCHEMA, pointer)!['x-ui']!.hint).to.equal("Record person's exact words with quotation marks for key statements if possible.");
      }
      expect(schemaAt(SCHEMA, '/questions')!.description).to.contain("record the person's exact words with quotation marks for key statements");
    });

    it('cites the document in a $comment on every property', () => {
      const missing: string[] = [];
      const walk = (node: FormSchema, path: string) => {
        for (const [key, child] of Object.entries(node.properties ?? {})) {
          if (!child.$comment || !/CSTAG interviews/.test(child.$comment)) missing.push(`${path}/${key}`);
          // The parts of a shared address (common.schema.json) are not this document's questions.
          if (child.$ref === '#/$defs/address') continue;
          const resolved = schemaAt(SCHEMA, `${path}/${key}`)!;
          walk(resolved, `${path}/${key}`);
          if (resolved.items) walk(schemaAt(SCHEMA, `${path}/${key}/0`)!, `${path}/${key}/0`);
        }
      };
      walk(SCHEMA, '');
      expect(missing).to.deep.equal([]);
    });
  });

  describe('one form for three interviewees', () => {
    it('shows the subject questions 1-7 for interviewee="subject", with the document words where nothing is known', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      expect($(el, '[part=interviewee] dd').textContent).to.equal('Subject: Person who made threat or engaged in threatening behaviour');
      expect($$(el, 'input[name="/interview/interviewee"]').length).to.equal(0);
      expect($$(el, '#f--interview--person--name').length).to.equal(0);
      await goTo(el, 1);
      expect(questionLabels(el)).to.deep.equal([...SUBJECT_QUESTIONS.map(([t]) => t), 'Other questions asked, and the answers']);
      const hints = $$(el, '[id^="f--questions--subject--"][id$="-hint"]').map((h) => h.textContent);
      for (const [, guidance] of SUBJECT_QUESTIONS) if (guidance) expect(hints).to.include(guidance);
      expect($(el, '.group legend').textContent).to.equal('Subject: Person who made threat or engaged in threatening behaviour');
      expect(el.currentResult).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part~=result]')).to.equal(null);
    });

    for (const [story, kind, label] of [
      [Target, 'target', 'Target (person who was target of threat)'],
      [Witness, 'witness', 'Witness (person with relevant information)'],
    ] as const) {
      it(`shows the identification fields and questions 1-6 for interviewee="${kind}"`, async () => {
        const el = await fixture<ThreatInterviewForm>(story());
        expect($(el, '[part=interviewee] dd').textContent).to.equal(label);
        expect($(el, '#f--interview--person--name')).to.exist;
        expect($$(el, '#f--interview--personThreatened').length).to.equal(0);
        const legends = $$(el, 'legend').map((l) => l.textContent!.trim());
        expect(legends).to.include.members(['Target or witness', 'Affiliation', 'Status', 'Emergency contact', 'Home Address', 'Group targeted', 'Location, Date of Interview']);
        await goTo(el, 1);
        expect(questionLabels(el)).to.deep.equal([...TARGET_QUESTIONS.map(([t]) => t), 'Other questions asked, and the answers']);
        expect(el.value).to.deep.equal({ interview: { interviewee: kind } });
      });
    }

    it('asks who is being interviewed when there is no attribute (or an unknown one), and adapts to the answer', async () => {
      const el = await fixture<ThreatInterviewForm>(html`<threat-interview-form interviewee="<img src=x>"></threat-interview-form>`);
      expect($$(el, 'input[name="/interview/interviewee"]').length).to.equal(3);
      expect($$(el, '#f--interview--person--name').length).to.equal(0);
      $<HTMLInputElement>(el, '#f--interview--interviewee-2').click();
      await settle(el);
      expect(el.value).to.deep.equal({ interview: { interviewee: 'witness' } });
      expect($(el, '#f--interview--person--name')).to.exist;
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    });

    it('lets the attribute win over a prefill, a value and a draft, and re-renders when it changes', async () => {
      const el = await fixture<ThreatInterviewForm>(html`<threat-interview-form interviewee="subject" .initialValue=${completeWitnessInterview}></threat-interview-form>`);
      expect((el.value.interview as Record<string, unknown>)['interviewee']).to.equal('subject');
      expect(el.value.questions).to.equal(undefined);
      el.value = completeTargetInterview;
      await settle(el);
      expect((el.value.interview as Record<string, unknown>)['interviewee']).to.equal('subject');
      el.interviewee = 'target';
      await settle(el);
      expect(el.value).to.deep.equal(completeTargetInterview);
      expect($(el, '[part=interviewee] dd').textContent).to.equal('Target (person who was target of threat)');
      await goTo(el, 1);
      expect(questionLabels(el)[1]).to.equal(`2. What exactly did ${INTERVIEW_SUBJECT} say? And what exactly did ${INTERVIEW_SUBJECT} do?`);
      el.setAttribute('interviewee', 'witness');
      await settle(el);
      expect((el.value.interview as Record<string, unknown>)['interviewee']).to.equal('witness');
      el.applyDraft({ data: completeSubjectInterview, leftovers: [] }, '1.0.0');
      await settle(el);
      expect((el.value.interview as Record<string, unknown>)['interviewee']).to.equal('witness');
    });

    it('keeps a later prefill working and resets to it with the attribute applied', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      el.initialValue = { interview: { subjectName: 'Late Prefill', interviewee: 'target' } };
      await settle(el);
      expect(el.value).to.deep.equal({ interview: { interviewee: 'subject', subjectName: 'Late Prefill' } });
      setInput(el, '#f--interview--interviewers', 'Someone');
      await settle(el);
      el.reset();
      await settle(el);
      expect(el.value).to.deep.equal({ interview: { interviewee: 'subject', subjectName: 'Late Prefill' } });
    });

    it('keeps drafts of each interviewee apart', async () => {
      const subject = await fixture<ThreatInterviewForm>(Subject());
      const witness = await fixture<ThreatInterviewForm>(Witness());
      const none = await fixture<ThreatInterviewForm>(Empty());
      expect(subject.draftFormId).to.equal('threat-interview:subject');
      expect(witness.draftFormId).to.equal('threat-interview:witness');
      expect(none.draftFormId).to.equal('threat-interview');
    });

    it('restores a draft only into a form for the same interviewee', async () => {
      const user = `interview-drafts-${Math.random().toString(36).slice(2)}`;
      const make = (kind: string) => fixture<ThreatInterviewForm>(html`<threat-interview-form interviewee=${kind} user-id=${user}></threat-interview-form>`);
      const first = await make('subject');
      await draftsReady(first);
      setInput(first, '#f--interview--subjectName', 'Draft Name');
      await first.saveDraft();
      const witness = await make('witness');
      await draftsReady(witness);
      expect(witness.value).to.deep.equal({ interview: { interviewee: 'witness' } });
      const again = await make('subject');
      await draftsReady(again);
      expect(again.value).to.deep.equal({ interview: { interviewee: 'subject', subjectName: 'Draft Name' } });
      await again.discardDraft();
    });

    it('requires the questions of the interviewee shown, and only those', async () => {
      const el = await fixture<ThreatInterviewForm>(Target());
      el.value = { ...completeTargetInterview, questions: {} };
      await settle(el);
      expect(el.validate().errors).to.deep.equal([{ pointer: '/questions/targetWitness', message: 'Enter the answers to questions 1 and 2' }]);
      el.value = { ...completeTargetInterview, questions: { targetWitness: { meaning: 'x' }, subject: { meaning: 'hidden' } } };
      await settle(el);
      expect(el.validate().errors.map((e) => e.message)).to.deep.equal([
        'Enter the answer to question 1 (what happened)',
        'Enter the answer to question 2 (what exactly was said and done)',
      ]);
      el.value = { ...completeTargetInterview, interview: { ...completeTargetInterview.interview, person: undefined } };
      await settle(el);
      expect(el.validate().errors.map((e) => e.message)).to.deep.equal(['Enter the name and affiliation of the person being interviewed']);
    });
  });

  describe('questions that adapt', () => {
    it('fills the place and the names typed at the top of the form, and goes back to the document words when they are cleared', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      setInput(el, '#f--interview--placeOfIncident', 'in the dining hall');
      setInput(el, '#f--interview--personThreatened', INTERVIEW_TARGET);
      await settle(el);
      expect($(el, '#f--interview--personThreatened-hint').textContent).to.equal(
        `Used in question 4: "How do you think ${INTERVIEW_TARGET} feels about what you said or did?"`,
      );
      await goTo(el, 1);
      const labels = questionLabels(el);
      expect(labels[0]).to.equal('1. Do you know why I want to talk to you? What happened today when you were in the dining hall?');
      expect(labels[3]).to.equal(`4. How do you think ${INTERVIEW_TARGET} feels about what you said or did?`);
      await goTo(el, 0);
      setInput(el, '#f--interview--placeOfIncident', '   ');
      setInput(el, '#f--interview--personThreatened', '');
      await goTo(el, 1);
      expect(questionLabels(el)[0]).to.equal(SUBJECT_QUESTIONS[0]![0]);
      expect(questionLabels(el)[3]).to.equal(SUBJECT_QUESTIONS[3]![0]);
    });

    it('fills "(subject)" in the target and witness questions', async () => {
      const el = await fixture<ThreatInterviewForm>(Witness());
      setInput(el, '#f--interview--subjectName', INTERVIEW_SUBJECT);
      await goTo(el, 1);
      expect(questionLabels(el).slice(1, 5)).to.deep.equal([
        `2. What exactly did ${INTERVIEW_SUBJECT} say? And what exactly did ${INTERVIEW_SUBJECT} do?`,
        '3. What did you think he or she meant when he or she said or did that?',
        `4. How do you feel about what ${INTERVIEW_SUBJECT} said or did?`,
        `5. What was the reason ${INTERVIEW_SUBJECT} said or did that?`,
      ]);
    });

    it('is prefilled from a threat report: the subject and the place of the incident', async () => {
      const el = await fixture<ThreatInterviewForm>(PrefilledFromThreatReport());
      expect(el.value).to.deep.equal({
        interview: { interviewee: 'target', subjectName: FAKE_SUBJECT, placeOfIncident: 'in the school building or grounds' },
      });
      expect($<HTMLInputElement>(el, '#f--interview--subjectName').value).to.equal(FAKE_SUBJECT);
      await goTo(el, 1);
      expect(questionLabels(el)[0]).to.equal('1. Do you know why I want to talk to you? What happened today when you were in the school building or grounds?');
      expect(questionLabels(el)[3]).to.equal(`4. How do you feel about what ${FAKE_SUBJECT} said or did?`);
    });

    it('shows hostile names and places as text, never as markup, and never fills a placeholder twice', async () => {
      const el = await fixture<ThreatInterviewForm>(Target());
      for (const fill of Object.values(hostileFills)) {
        el.value = { interview: { subjectName: fill, placeOfIncident: fill } };
        await goTo(el, 1);
        const labels = $$<HTMLLabelElement>(el, 'label[for^="f--questions--"]');
        expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
        expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
        // What is shown is the value as one line of text (controls removed, right-to-left isolated).
        const shown = labels[3]!.textContent!.trim();
        expect(shown.startsWith('4. How do you feel about what ')).to.equal(true);
        expect(shown.endsWith(' said or did?')).to.equal(true);
        await goTo(el, 0);
      }
      el.value = { interview: { subjectName: hostileFills.markup, placeOfIncident: hostileFills.placeholder } };
      await goTo(el, 1);
      expect(questionLabels(el)[0]).to.equal(
        '1. Do you know why I want to talk to you? What happened today when you were [place of incident] (subject)?',
      );
      expect(questionLabels(el)[1]).to.equal(`2. What exactly did ${hostileFills.markup} say? And what exactly did ${hostileFills.markup} do?`);
      // Isolated, so U+202E inside a name cannot reverse the rest of the question.
      el.value = { interview: { subjectName: hostileFills.rtl } };
      await settle(el);
      expect(questionLabels(el)[3]).to.equal(`4. How do you feel about what \u2068${hostileFills.rtl}\u2069 said or did?`);
      await expect(el).to.be.accessible();
    });

    it('falls back to the document words for a megabyte name, and says it is too long', async () => {
      const el = await fixture<ThreatInterviewForm>(Target());
      const huge = 'x'.repeat(1024 * 1024);
      setInput(el, '#f--interview--subjectName', huge);
      await settle(el);
      expect($(el, '#f--interview--subjectName-error').textContent).to.contain('Subject Name must be 200 characters or fewer');
      expect((el.value.interview as { subjectName: string }).subjectName.length).to.equal(huge.length);
      await goTo(el, 1);
      expect(questionLabels(el)[1]).to.equal(TARGET_QUESTIONS[1]![0]);
    });
  });

  describe('exact words', () => {
    it('keeps a multi-line answer with "quotes" and ‘curly quotes’ unchanged through value and the submitted envelope', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      el.value = { ...completeSubjectInterview, questions: { subject: { whatHappened: 'x', whatSaidAndDid: 'y' } } };
      await goTo(el, 1);
      setInput(el, '#f--questions--subject--whatHappened', exactWords);
      setInput(el, '#f--questions--subject--whatSaidAndDid', `  ${exactWords}\n\n`);
      await settle(el);
      expect($<HTMLTextAreaElement>(el, '#f--questions--subject--whatHappened').value).to.equal(exactWords);
      const subject = (el.value.questions as { subject: Record<string, string> }).subject;
      expect(subject['whatHappened']).to.equal(exactWords);
      expect(subject['whatSaidAndDid']).to.equal(`  ${exactWords}\n\n`);
      const handler = sinon.stub().resolves({ reference: 'TI-1' });
      el.submitHandler = handler;
      await el.submit();
      const [envelope] = handler.firstCall.args;
      expect(envelope.formId).to.equal('threat-interview');
      expect(envelope.result).to.equal(null);
      expect(envelope.data.questions.subject.whatHappened).to.equal(exactWords);
      expect(envelope.data.questions.subject.whatSaidAndDid).to.equal(`  ${exactWords}\n\n`);
      expect(JSON.parse(JSON.stringify(envelope)).data.questions.subject.whatHappened).to.equal(exactWords);
    });

    it('keeps hostile answers exactly, as text', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      const values = Object.values(hostileStrings);
      el.value = { ...completeSubjectInterview, questions: { subject: { whatHappened: values.join('\n'), whatSaidAndDid: values[0] } } };
      await goTo(el, 1);
      expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
      expect($<HTMLTextAreaElement>(el, '#f--questions--subject--whatSaidAndDid').value).to.equal(hostileStrings.markup);
      expect((el.value.questions as { subject: Record<string, string> }).subject['whatHappened']).to.equal(values.join('\n'));
      expect(el.validate().valid).to.equal(true);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    });

    it('keeps a megabyte answer and says plainly it is too long', async () => {
      const el = await fixture<ThreatInterviewForm>(SubjectComplete());
      await goTo(el, 1);
      const huge = '"'.repeat(1024 * 1024);
      setInput(el, '#f--questions--subject--weapons', huge);
      await settle(el);
      expect($(el, '#f--questions--subject--weapons-error').textContent).to.contain('The answer to question 7 must be 20,000 characters or fewer');
      expect((el.value.questions as { subject: Record<string, string> }).subject['weapons']!.length).to.equal(huge.length);
      await expect(el).to.be.accessible();
    });
  });

  describe('hostile prefill and dates', () => {
    it('ignores __proto__, unknown keys, wrong types and huge lists in a prefill', async () => {
      const el = await fixture<ThreatInterviewForm>(Witness());
      el.initialValue = JSON.parse(
        '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "result": 1, "interview": {"interviewee": "subject", "subjectName": 42, "placeOfIncident": ["x"], "interviewers": "Ok Name", "extra": true, "__proto__": {"polluted": true}}}',
      );
      await settle(el);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect(el.value).to.deep.equal({ interview: { interviewee: 'witness', interviewers: 'Ok Name' } });
      el.initialValue = {
        interview: { targetedGroup: { groupTargeted: 'yes', individuals: Array.from({ length: 10000 }, () => ({ name: 'A' })) } },
      };
      await settle(el);
      const group = (el.value.interview as { targetedGroup: { individuals: unknown[] } }).targetedGroup;
      expect(group.individuals.length).to.be.at.most(200);
    });

    it('keeps an impossible interview date on screen with a clear message', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      setInput(el, '#f--interview--held--date', '31');
      setInput(el, '#f--interview--held--date-month', '2');
      setInput(el, '#f--interview--held--date-year', '2026');
      await settle(el);
      expect($(el, '#f--interview--held--date-error').textContent).to.contain('Date of interview must be a real date');
      expect($<HTMLInputElement>(el, '#f--interview--held--date').value).to.equal('31');
      setInput(el, '#f--interview--held--date-month', '13');
      await settle(el);
      expect($(el, '#f--interview--held--date-error').textContent).to.contain('must be a real date');
      setInput(el, '#f--interview--held--date-month', '2');
      setInput(el, '#f--interview--held--date-year', '0000');
      await settle(el);
      expect($(el, '#f--interview--held--date-error').textContent).to.contain('must be a real date');
    });
  });

  describe('accessibility in every state', () => {
    for (const [name, story] of [
      ['subject', Subject],
      ['target', Target],
      ['witness', Witness],
      ['no attribute', Empty],
    ] as const) {
      it(`passes axe for ${name}: empty and with every error shown, in every section`, async () => {
        const el = await fixture<ThreatInterviewForm>(story());
        for (let i = 0; i < SECTIONS; i++) {
          await goTo(el, i);
          expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
          await expect(el).to.be.accessible();
        }
        await el.submit();
        await settle(el);
        expect($$(el, '.error-summary__list a').length).to.be.greaterThan(0);
        await expectAccessibleInEverySection(el);
      });
    }

    for (const [name, story] of [
      ['subject', SubjectComplete],
      ['target', TargetComplete],
      ['witness', WitnessComplete],
      ['read-only subject', ReadOnly],
    ] as const) {
      it(`passes axe when complete (${name}), in every section`, async () => {
        const el = await fixture<ThreatInterviewForm>(story());
        expect(el.validate().valid, JSON.stringify(el.validate().errors)).to.equal(true);
        await expectAccessibleInEverySection(el);
      });
    }

  });

  describe('keyboard alone', () => {
    async function interviewDetails(el: ThreatInterviewForm) {
      await typeInto(el, '#f--interview--interviewers', 'Priya Example');
      await typeInto(el, '#f--interview--held--location', 'Office');
      await typeInto(el, '#f--interview--held--date', '20');
      await typeInto(el, '#f--interview--held--date-month', '11');
      await typeInto(el, '#f--interview--held--date-year', '2026');
      await tabTo(el, '[part~=next-button]');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($(el, '#section-heading').textContent).to.equal('Interview questions');
    }

    async function submitByKeyboard(el: ThreatInterviewForm) {
      const handler = sinon.stub().resolves({ reference: 'TI-KEYBOARD' });
      el.submitHandler = handler;
      await submitWithKeyboard(el);
      expect(handler.calledOnce).to.equal(true);
      expect($(el, '[part~=reference]').textContent).to.equal('TI-KEYBOARD');
      return handler.firstCall.args[0];
    }

    it('completes and submits a subject interview, exact words included', async () => {
      const el = await fixture<ThreatInterviewForm>(Subject());
      await tabTo(el, '#f--interview--subjectName');
      await sendKeys({ type: INTERVIEW_SUBJECT });
      await typeInto(el, '#f--interview--personThreatened', INTERVIEW_TARGET);
      await typeInto(el, '#f--interview--placeOfIncident', 'in the dining hall');
      await interviewDetails(el);
      expect(questionLabels(el)[0]).to.contain('when you were in the dining hall?');
      await typeInto(el, '#f--questions--subject--whatHappened', exactWords);
      await typeInto(el, '#f--questions--subject--whatSaidAndDid', 'Said "move".');
      await typeInto(el, '#f--questions--subject--weapons', 'No.');
      const envelope = await submitByKeyboard(el);
      expect(envelope.data).to.deep.equal({
        interview: {
          interviewee: 'subject',
          subjectName: INTERVIEW_SUBJECT,
          personThreatened: INTERVIEW_TARGET,
          placeOfIncident: 'in the dining hall',
          interviewers: 'Priya Example',
          held: { location: 'Office', date: '2026-11-20' },
        },
        questions: { subject: { whatHappened: exactWords, whatSaidAndDid: 'Said "move".', weapons: 'No.' } },
      });
    });

    it('completes and submits a target interview', async () => {
      const el = await fixture<ThreatInterviewForm>(Target());
      await typeInto(el, '#f--interview--subjectName', INTERVIEW_SUBJECT);
      await typeInto(el, '#f--interview--person--name', INTERVIEW_TARGET);
      await typeInto(el, '#f--interview--person--idNumber', 'S-1');
      await chooseRadio(el, '/interview/person/affiliation', 3);
      await typeInto(el, '#f--interview--person--grade', 'Year 9');
      await typeInto(el, '#f--interview--person--emergencyContact--name', 'Robin Applewood');
      await typeInto(el, '#f--interview--person--emergencyContact--relation', 'Parent');
      await interviewDetails(el);
      await typeInto(el, '#f--questions--targetWitness--whatHappened', 'He came over to our table.');
      await typeInto(el, '#f--questions--targetWitness--whatSubjectSaidAndDid', '"You\'re next."');
      const envelope = await submitByKeyboard(el);
      expect(envelope.data.interview.interviewee).to.equal('target');
      expect(envelope.data.interview.person).to.deep.equal({
        name: INTERVIEW_TARGET,
        idNumber: 'S-1',
        affiliation: 'student',
        grade: 'Year 9',
        emergencyContact: { name: 'Robin Applewood', relation: 'Parent' },
      });
      expect(envelope.data.questions).to.deep.equal({
        targetWitness: { whatHappened: 'He came over to our table.', whatSubjectSaidAndDid: '"You\'re next."' },
      });
    });

    it('completes and submits a witness interview with a targeted group and its individuals', async () => {
      const el = await fixture<ThreatInterviewForm>(Witness());
      await typeInto(el, '#f--interview--subjectName', INTERVIEW_SUBJECT);
      await typeInto(el, '#f--interview--person--name', 'Kit Meadowsweet');
      await chooseRadio(el, '/interview/person/affiliation', 2);
      await chooseRadio(el, '/interview/targetedGroup/groupTargeted', 0);
      await typeInto(el, '#f--interview--targetedGroup--identifiedAs', '"everyone on this bus"');
      await tabTo(el, '#f--interview--targetedGroup--individuals');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--interview--targetedGroup--individuals-0-legend');
      await typeInto(el, '#f--interview--targetedGroup--individuals--0--name', INTERVIEW_TARGET);
      await tabTo(el, '#f--interview--targetedGroup--individuals');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      await typeInto(el, '#f--interview--targetedGroup--individuals--1--name', 'Ash Brookfield');
      await tabTo(el, '[part~=remove-button]');
      expect(active(el)?.textContent).to.match(/Remove\s+Individual 2/);
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect($$(el, '[part~=repeat-item]').length).to.equal(1);
      await tabTo(el, '#f--interview--targetedGroup--individuals');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      await typeInto(el, '#f--interview--targetedGroup--individuals--1--name', 'Ash Brookfield');
      await typeInto(el, '#f--interview--targetedGroup--individuals--1--notes', 'Year 8');
      await interviewDetails(el);
      await typeInto(el, '#f--questions--targetWitness--whatHappened', 'I was at the back.');
      await typeInto(el, '#f--questions--targetWitness--whatSubjectSaidAndDid', 'Shouted at everyone.');
      const envelope = await submitByKeyboard(el);
      expect(envelope.data.interview.interviewee).to.equal('witness');
      expect(envelope.data.interview.person).to.deep.equal({ name: 'Kit Meadowsweet', affiliation: 'staff' });
      expect(envelope.data.interview.targetedGroup).to.deep.equal({
        groupTargeted: 'yes',
        identifiedAs: '"everyone on this bus"',
        individuals: [{ name: INTERVIEW_TARGET }, { name: 'Ash Brookfield', notes: 'Year 8' }],
      });
      expect(envelope.data.questions.subject).to.equal(undefined);
    });

    it('chooses the interviewee with the keyboard when there is no attribute', async () => {
      const el = await fixture<ThreatInterviewForm>(Empty());
      await chooseRadio(el, '/interview/interviewee', 1);
      await settle(el);
      expect((el.value.interview as Record<string, unknown>)['interviewee']).to.equal('target');
      await typeInto(el, '#f--interview--person--name', INTERVIEW_TARGET);
      expect((el.value.interview as { person: { name: string } }).person.name).to.equal(INTERVIEW_TARGET);
    });
  });

  it('logs no Lit warnings and no names while rendering, typing and submitting', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    try {
      const el = await fixture<ThreatInterviewForm>(TargetComplete());
      setInput(el, '#f--interview--subjectName', `${INTERVIEW_SUBJECT} again`);
      await goTo(el, 1);
      el.interviewee = 'subject';
      await settle(el);
      await el.submit().catch(() => undefined);
      await settle(el);
      const logged = spies.flatMap((s) => s.getCalls().map((c) => c.args.map(String).join(' ')));
      expect(logged.filter((l) => /lit\.dev\/msg|change-in-update/.test(l))).to.deep.equal([]);
      expect(logged.filter((l) => l.includes(INTERVIEW_SUBJECT) || l.includes(INTERVIEW_TARGET))).to.deep.equal([]);
    } finally {
      spies.forEach((s) => s.restore());
    }
  });
});

runFormContractTests('threat-interview-form', completeSubjectInterview);
