/**
 * "Check your answers", the read-only record view, printing and Download JSON, as every form gets them
 * from SfFormBase: a test schema with every widget kind for the exact wording of each answer, and the
 * risk matrix for a real form (error summary, read-only record, axe).
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { FormSchema } from '@safety-forms/core';
import sinon from 'sinon';
import '../components/risk-matrix-form/risk-matrix-form.js';
import type RiskMatrixForm from '../components/risk-matrix-form/risk-matrix-form.component.js';
import { FAKE_ASSESSOR, withActionPlan, lowRisk } from '../../../../stories/fixtures/risk-matrix.js';
import { readableDate, readableDateTime } from './check-answers.js';
import { $, $$, active, goToSection, openCheckAnswers, settle, submitWithKeyboard, tabTo, testDefinition, type SfTestForm } from './test/helpers.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">{{7*7}} ${1+1} \u202Eevil';

const schema: FormSchema = {
  title: 'Incident record',
  'x-marking': 'OFFICIAL-SENSITIVE',
  type: 'object',
  properties: {
    about: {
      type: 'object',
      title: 'About you',
      properties: {
        name: { type: 'string', title: 'Your name' },
        role: {
          type: 'string',
          title: 'Your role',
          oneOf: [
            { const: 'nurse', title: 'Nurse' },
            { const: 'doctor', title: 'Doctor' },
          ],
        },
        policeReference: { type: 'string', title: 'Police reference', 'x-ui': { showIf: { path: '/about/role', equals: 'doctor' } } },
        team: {
          type: 'string',
          title: 'Team',
          'x-ui': { widget: 'select' },
          oneOf: [
            { const: 'a', title: 'Alpha team' },
            { const: 'b', title: 'Bravo team' },
          ],
        },
        started: { type: 'string', format: 'date', title: 'Start date' },
        nickname: { type: 'string', title: 'Nickname' },
      },
    },
    incident: {
      type: 'object',
      title: 'The incident',
      properties: {
        when: { type: 'string', format: 'date-time', title: 'When did it happen' },
        what: { type: 'string', title: 'What happened', 'x-ui': { widget: 'textarea' } },
        kinds: {
          type: 'array',
          title: 'Kind of incident',
          items: {
            oneOf: [
              { const: 'verbal', title: 'Verbal abuse' },
              { const: 'physical', title: 'Physical assault' },
              { const: 'threat', title: 'Threat' },
            ],
          },
        },
        reported: { type: 'boolean', title: 'Reported to the police' },
        injured: {
          title: 'Was anyone injured',
          oneOf: [
            { const: true, title: 'Yes, someone was hurt' },
            { const: false, title: 'No injuries' },
          ],
        },
        people: { type: 'integer', title: 'Number of people involved' },
        where: {
          type: 'object',
          title: 'Where it happened',
          properties: { building: { type: 'string', title: 'Building' }, room: { type: 'string', title: 'Room' } },
        },
        witnesses: {
          type: 'array',
          title: 'Witnesses',
          'x-ui': { itemTitle: 'Witness' },
          items: { type: 'object', properties: { name: { type: 'string', title: 'Witness name' }, phone: { type: 'string', title: 'Witness phone' } } },
        },
      },
    },
  },
};

const answers = {
  about: { name: 'Ada Example', role: 'nurse', policeReference: 'PR-1 kept but hidden', team: 'b', started: '2026-02-03' },
  incident: {
    when: '2026-11-19T15:40:00+00:00',
    what: 'First line\nSecond line "quoted"',
    kinds: ['verbal', 'threat'],
    reported: true,
    injured: false,
    people: 3,
    where: { building: 'Main block', room: 'B12' },
    witnesses: [{ name: 'Wendy Witness', phone: '01632 960 001' }, { name: 'Walter Witness' }],
  },
};

async function makeTest(value: unknown = answers, attrs: { readonly?: boolean } = {}): Promise<SfTestForm> {
  const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" ?readonly=${!!attrs.readonly} .definition=${testDefinition(schema, 'incident-record')}></sf-test-form>`);
  el.value = value;
  await settle(el);
  return el;
}

/** Every summary row as [question, answer] text, with the Change link's text left out. */
function rows(el: Element, within = ''): [string, string][] {
  return $$(el, `${within} .summary-list__row`).map((row): [string, string] => [
    row.querySelector('.summary-list__key')!.textContent!.trim(),
    row.querySelector('.summary-list__value')!.textContent!.trim().replace(/\s*\n\s*(?=\S)/g, (m) => (m.includes('\n') ? '\n' : m)),
  ]);
}

/** The questions listed in the "Not answered" details (the unanswered optional ones). */
function listed(el: Element, within = ''): string[] {
  return $$(el, `${within} .summary-unanswered__item`).map((li) => li.textContent!.trim());
}

function rowFor(el: Element, question: string): HTMLElement {
  const row = $$(el, '.summary-list__row').find((r) => r.querySelector('.summary-list__key')!.textContent!.trim() === question);
  if (!row) throw new Error(`no summary row "${question}"`);
  return row;
}

const value = (el: Element, question: string) => rowFor(el, question).querySelector('.summary-list__value')!.textContent!.trim();

describe('check your answers', () => {
  afterEach(() => emulateMedia({ media: 'screen' }));

  it('passes accessibility tests on "Check your answers" and on a read-only record', async () => {
    const el = await makeTest();
    await openCheckAnswers(el);
    await expect(el).to.be.accessible();
    const record = await fixture<RiskMatrixForm>(html`<risk-matrix-form readonly .value=${withActionPlan}></risk-matrix-form>`);
    await settle(record);
    await expect(record).to.be.accessible();
  });

  it('puts Submit on "Check your answers", after a Continue button on the last section and a last entry in the section navigation', async () => {
    const el = await makeTest();
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    const nav = $$(el, '.sections li button').map((b) => b.textContent!.trim());
    expect(nav).to.deep.equal(['1. About you', '2. The incident', 'Check your answers']);
    expect(el.shadowRoot!.querySelector('#continue')).to.equal(null);
    await goToSection(el, 1);
    expect($(el, '#continue').textContent!.trim()).to.equal('Continue');
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    await tabTo(el, '#continue');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)).to.equal($(el, '#check-heading'));
    expect($(el, '#check-heading').textContent).to.equal('Check your answers');
    expect($(el, '[part~=check-answers-link]').getAttribute('aria-current')).to.equal('step');
    expect($$(el, '.sections__link[aria-current]')).to.have.length(0);
    expect($(el, '#submit').textContent!.trim()).to.equal('Submit');
    expect($(el, '[part~=download-button]')).to.exist;
  });

  it('lists every visible answer by section, with the questions and the answers as the widgets show them', async () => {
    const el = await makeTest();
    await openCheckAnswers(el);
    expect($$(el, '.summary-section__title').map((h) => h.textContent)).to.deep.equal(['About you', 'The incident']);
    expect(rows(el, '.summary-section:nth-of-type(1)')).to.deep.equal([
      ['Your name', 'Ada Example'],
      ['Your role', 'Nurse'],
      ['Team', 'Bravo team'],
      ['Start date', '3 February 2026'],
    ]);
    // Unanswered optional questions are not rows: the section lists them in one details (issue #13 item 8).
    expect(listed(el, '.summary-section:nth-of-type(1)')).to.deep.equal(['Nickname']);
    expect($(el, '.summary-section:nth-of-type(1) summary').textContent!.trim()).to.equal('Not answered (1 optional question)');
    expect(value(el, 'When did it happen')).to.equal('19 November 2026 at 15:40');
    // Line breaks and quotation marks are kept exactly.
    expect(rowFor(el, 'What happened').querySelector('.summary-list__value')!.textContent!.trim()).to.equal('First line\nSecond line "quoted"');
    expect([...rowFor(el, 'Kind of incident').querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['Verbal abuse', 'Threat']);
    expect(value(el, 'Reported to the police')).to.equal('Yes');
    expect(value(el, 'Was anyone injured')).to.equal('No injuries');
    expect(value(el, 'Number of people involved')).to.equal('3');
    // Headings nest under the form's title (h2): "Check your answers" h3, each section h4, groups h5,
    // repeated items h6, so a screen reader's heading list reads as the form's outline.
    expect($(el, '#check-heading').localName).to.equal('h3');
    expect($$(el, '.summary-section__title').map((h) => h.localName)).to.satisfy((tags: string[]) => tags.length > 0 && tags.every((t) => t === 'h4'));
    const headings = $$(el, '.summary-heading').map((h) => `${h.localName} ${h.textContent}`);
    expect(headings).to.deep.equal(['h5 Where it happened', 'h5 Witnesses', 'h6 Witness 1', 'h6 Witness 2']);
    // A question asked of each item says which item, visually hidden (the item's heading shows it).
    const witnessRows = rows(el).filter(([q]) => q.startsWith('Witness'));
    expect(witnessRows).to.deep.equal([
      ['Witness 1: Witness name', 'Wendy Witness'],
      ['Witness 1: Witness phone', '01632 960 001'],
      ['Witness 2: Witness name', 'Walter Witness'],
    ]);
    expect($$(el, '.summary-list__key .visually-hidden').map((s) => s.textContent)).to.deep.equal(['Witness 1: ', 'Witness 1: ', 'Witness 2: ']);
    expect(listed(el, '.summary-section:nth-of-type(2)')).to.deep.equal(['Witness 2: Witness phone']);
    expect(value(el, 'Building')).to.equal('Main block');
  });

  it('leaves hidden questions out, and lists them once their condition holds', async () => {
    const el = await makeTest();
    await openCheckAnswers(el);
    expect(rows(el).map(([q]) => q)).not.to.include('Police reference');
    expect($(el, '.check-answers').textContent).not.to.contain('PR-1 kept but hidden');
    el.value = { ...answers, about: { ...answers.about, role: 'doctor' } };
    await settle(el);
    expect(value(el, 'Your role')).to.equal('Doctor');
    expect(value(el, 'Police reference')).to.equal('PR-1 kept but hidden');
  });

  it('lists unanswered optional questions, an empty repeatable group too, as "Not answered" in one details per section', async () => {
    const el = await makeTest({ about: { name: 'Only a name' } });
    await openCheckAnswers(el);
    expect(rows(el)).to.deep.equal([['Your name', 'Only a name']]);
    expect($$(el, 'details summary').map((s) => s.textContent!.trim())).to.deep.equal(['Not answered (4 optional questions)', 'Not answered (9 optional questions)']);
    expect(listed(el, '.summary-section:nth-of-type(1)')).to.deep.equal(['Your role', 'Team', 'Start date', 'Nickname']);
    expect(listed(el, '.summary-section:nth-of-type(2)')).to.deep.equal([
      'When did it happen',
      'What happened',
      'Kind of incident',
      'Reported to the police',
      'Was anyone injured',
      'Number of people involved',
      'Building',
      'Room',
      'Witnesses',
    ]);
    // The section's groups have nothing left to head, so their headings go too.
    expect($$(el, '.summary-heading')).to.have.length(0);
  });

  it('keeps an unanswered required question as a row with its Change link, and lists the optional ones', async () => {
    const required: FormSchema = {
      type: 'object',
      title: 'Required and optional',
      required: ['name'],
      properties: {
        name: { type: 'string', title: 'Name' },
        contact: {
          type: 'object',
          title: 'Contact',
          required: ['phone'],
          properties: { phone: { type: 'string', title: 'Phone' }, email: { type: 'string', title: 'Email' } },
        },
        note: { type: 'string', title: 'Note' },
      },
    };
    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${testDefinition(required)}></sf-test-form>`);
    await openCheckAnswers(el);
    // The contact group is optional and absent, so its required phone is not needed yet.
    expect(rows(el)).to.deep.equal([['Name', 'Not answered']]);
    expect(rowFor(el, 'Name').querySelector('[part~=change-link]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Change Name');
    expect(listed(el)).to.deep.equal(['Phone', 'Email', 'Note']);
    // Once the group has an answer, its required question is a row of its own.
    el.value = { contact: { email: 'a@example.org' } };
    await settle(el);
    expect(rows(el)).to.deep.equal([
      ['Name', 'Not answered'],
      ['Phone', 'Not answered'],
      ['Email', 'a@example.org'],
    ]);
    expect(listed(el)).to.deep.equal(['Note']);
    await expect(el).to.be.accessible();
  });

  it('renders hostile answers as text', async () => {
    const el = await makeTest({ about: { name: HOSTILE }, incident: { what: HOSTILE, witnesses: [{ name: HOSTILE }] } });
    await openCheckAnswers(el);
    expect(value(el, 'Your name')).to.equal(HOSTILE);
    expect(value(el, 'Witness name')).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img, script, iframe')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('has a Change link per answer that opens the section, focuses the question, and leads back to "Check your answers"', async () => {
    const el = await makeTest();
    await openCheckAnswers(el);
    const link = rowFor(el, 'Team').querySelector<HTMLAnchorElement>('[part~=change-link]')!;
    expect(link.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Change Team');
    expect(link.querySelector('.visually-hidden')!.textContent!.trim()).to.equal('Team');
    // Keyboard only: Tab to the link, Enter.
    await tabTo(el, 'a[href="#f--about--team"]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)).to.equal($(el, 'select#f--about--team'));
    expect($(el, '#section-heading').textContent).to.equal('About you');
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    // Change the answer with the keyboard, then go back to the check page.
    await sendKeys({ press: 'ArrowUp' });
    const select = $<HTMLSelectElement>(el, 'select#f--about--team');
    select.dispatchEvent(new Event('change'));
    await settle(el);
    expect(el.value).to.have.nested.property('about.team', 'a');
    await tabTo(el, '[part~=return-to-check-button]');
    expect(active(el)!.textContent!.trim()).to.equal('Return to check your answers');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)).to.equal($(el, '#check-heading'));
    expect(value(el, 'Team')).to.equal('Alpha team');
    // Back on the check page, the sections lead on normally again.
    await goToSection(el, 0);
    expect(el.shadowRoot!.querySelector('[part~=return-to-check-button]')).to.equal(null);
  });

  it('focuses a question inside a repeated item from its Change link, or from its link in the unanswered list', async () => {
    const el = await makeTest();
    await openCheckAnswers(el);
    const links = $$<HTMLAnchorElement>(el, '[part~=change-link]').filter((a) => a.querySelector('.visually-hidden')!.textContent!.includes('Witness'));
    expect(links.map((a) => a.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Change Witness 1: Witness name', 'Change Witness 1: Witness phone', 'Change Witness 2: Witness name']);
    links[1]!.click();
    await settle(el);
    expect(active(el)).to.equal($(el, '#f--incident--witnesses--0--phone'));
    await openCheckAnswers(el);
    const unanswered = $<HTMLAnchorElement>(el, '.summary-section:nth-of-type(2) [part~=unanswered-link]');
    expect(unanswered.textContent!.trim()).to.equal('Witness 2: Witness phone');
    unanswered.click();
    await settle(el);
    expect(active(el)).to.equal($(el, '#f--incident--witnesses--1--phone'));
    expect($(el, '[part~=return-to-check-button]')).to.exist;
  });

  it('renders hostile question titles as text, repeated ones with their context too', async () => {
    const hostile: FormSchema = {
      type: 'object',
      title: 'Hostile titles',
      properties: {
        first: { type: 'object', title: `A ${HOSTILE}`, properties: { q: { type: 'string', title: HOSTILE } } },
        second: { type: 'object', title: `B ${HOSTILE}`, properties: { q: { type: 'string', title: HOSTILE } } },
      },
    };
    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${testDefinition(hostile)}></sf-test-form>`);
    el.value = { first: { q: 'answered' } };
    await settle(el);
    await openCheckAnswers(el);
    const shown = el.text(HOSTILE);
    expect(rows(el)).to.deep.equal([[`${el.text(`A ${HOSTILE}`)}: ${shown}`, 'answered']]);
    expect(listed(el)).to.deep.equal([`${el.text(`B ${HOSTILE}`)}: ${shown}`]);
    expect(el.shadowRoot!.querySelector('img, script, iframe')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('submits from "Check your answers" with the keyboard alone', async () => {
    const el = await makeTest();
    el.submitHandler = async () => ({ reference: 'CYA-1' });
    await goToSection(el, 1);
    $<HTMLElement>(el, '#section-heading').focus();
    await submitWithKeyboard(el);
    expect(el.state).to.equal('sent');
    expect($(el, '[part~=reference]').textContent).to.equal('CYA-1');
  });

  it('keeps submit() working from any section', async () => {
    const el = await makeTest();
    const handler = sinon.stub().resolves({ reference: 'API-1' });
    el.submitHandler = handler;
    expect($(el, '#section-heading').textContent).to.equal('About you');
    expect((await el.submit())?.reference).to.equal('API-1');
    expect(handler.firstCall.args[0].data).to.deep.equal(el.value);
  });

  it('shows the error summary on "Check your answers", and its links open the section and field, then lead back', async () => {
    const el = await fixture<RiskMatrixForm>(html`<risk-matrix-form draft="off"></risk-matrix-form>`);
    await openCheckAnswers(el);
    const invalid = oneEvent(el, 'sf-invalid');
    $<HTMLButtonElement>(el, '#submit').click();
    await invalid;
    await settle(el);
    expect(active(el)).to.equal($(el, '.error-summary'));
    expect($(el, '#check-heading')).to.exist;
    await expect(el).to.be.accessible();
    const link = $$<HTMLAnchorElement>(el, '.error-summary__list a').find((a) => a.textContent === 'Enter the name of the person completing the risk matrix')!;
    link.click();
    await settle(el);
    expect(active(el)).to.equal($(el, '#f--assessment--assessorName'));
    expect($(el, '[part~=return-to-check-button]')).to.exist;
  });

  it('shows a read-only record as the summary of every section with the result, and nothing to change, submit or draft', async () => {
    const el = await fixture<RiskMatrixForm>(html`<risk-matrix-form readonly user-id="u1" draft="on" .value=${withActionPlan}></risk-matrix-form>`);
    await settle(el);
    expect($$(el, '.summary-section__title').map((h) => h.textContent)).to.deep.equal([
      'About this assessment',
      'A. Nature of Threat',
      'B. Subject Background',
      'C. Person(s) Under Threat',
      'Overall Score and Risk',
      'Action plan',
    ]);
    expect(value(el, 'Name of the person completing the risk matrix')).to.equal(FAKE_ASSESSOR);
    expect(el.shadowRoot!.querySelectorAll('input, select, textarea, [part~=change-link], #submit, #continue, nav, [part=drafts]')).to.have.length(0);
    expect($(el, '[part=result-title]').textContent!.trim()).to.be.a('string').and.not.equal('');
    expect($(el, '[part~=download-button]')).to.exist;
    expect($(el, '.summary-list__row').classList.contains('summary-list__row--no-actions')).to.equal(true);
    // A record's sections sit straight under the form's title (h2), as the sections of the form do.
    expect($$(el, '.summary-section__title').every((t) => t.localName === 'h3')).to.equal(true);
  });

  it('never sends a read-only record again, and shows no error summary whose links lead nowhere', async () => {
    const sent: unknown[] = [];
    const el = await fixture<RiskMatrixForm>(html`<risk-matrix-form readonly draft="off" .value=${{}} .submitHandler=${async (e: unknown) => (sent.push(e), { reference: 'R' })}></risk-matrix-form>`);
    expect(el.validate().valid).to.equal(false);
    expect(await el.submit()).to.equal(undefined);
    await settle(el);
    expect(sent).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[part~=error-summary]')).to.equal(null);
  });

  it('omits hidden questions from a read-only record', async () => {
    const el = await fixture<RiskMatrixForm>(html`<risk-matrix-form readonly .value=${{ ...lowRisk, assessment: { ...lowRisk.assessment, policeReference: 'HIDDEN-REF' } }}></risk-matrix-form>`);
    await settle(el);
    expect(value(el, 'Has the incident been formally reported to the Police?')).to.equal('No');
    expect(rows(el).map(([q]) => q)).not.to.include('Police reference (optional)');
    expect(el.shadowRoot!.textContent).not.to.contain('HIDDEN-REF');
  });

  it('downloads the record as JSON with no personal data in the file name, and revokes the object URL', async () => {
    const el = await fixture<RiskMatrixForm>(html`<risk-matrix-form readonly .value=${withActionPlan}></risk-matrix-form>`);
    await settle(el);
    const clicks: { href: string; download: string }[] = [];
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });
    const revoke = sinon.spy(URL, 'revokeObjectURL');
    try {
      const before = Date.now();
      await tabTo(el, '[part~=download-button]');
      await sendKeys({ press: 'Enter' });
      // The download code is its own chunk (#18): pressed before it has arrived, it downloads when it does.
      await waitUntil(() => clicks.length > 0, 'the download happened');
      expect(clicks).to.have.length(1);
      const { href, download } = clicks[0]!;
      expect(href).to.match(/^blob:/);
      const today = new Date();
      const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
      expect(download).to.equal(`risk-matrix-${date}.json`);
      expect(download).not.to.contain(FAKE_ASSESSOR.split(' ')[0]!);
      const record = await (await fetch(href)).json();
      expect(Object.keys(record)).to.deep.equal(['formId', 'schemaVersion', 'exportedAt', 'data']);
      expect(record.formId).to.equal('risk-matrix');
      expect(record.schemaVersion).to.match(/^\d+\.\d+\.\d+$/);
      expect(Date.parse(record.exportedAt)).to.be.within(before - 1000, Date.now() + 1000);
      expect(record.data).to.deep.equal(el.value);
      expect(record.data.assessment.assessorName).to.equal(FAKE_ASSESSOR);
      await waitUntil(() => revoke.calledWith(href), 'the object URL is revoked', { timeout: 5000 });
    } finally {
      click.restore();
      revoke.restore();
    }
  });

  it('offers Download JSON on "Check your answers" too', async () => {
    const el = await makeTest();
    await openCheckAnswers(el);
    const clicks: string[] = [];
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
      clicks.push(this.href);
    });
    try {
      $<HTMLButtonElement>(el, '[part~=download-button]').click();
      await waitUntil(() => clicks.length > 0, 'the download happened');
      const record = await (await fetch(clicks[0]!)).json();
      expect(record.formId).to.equal('incident-record');
      expect(record.data).to.deep.equal(el.value);
    } finally {
      click.restore();
    }
  });

  it('formats dates readably and leaves impossible ones as typed', () => {
    expect(readableDate('2026-11-22')).to.equal('22 November 2026');
    expect(readableDate('2026-02-31')).to.equal('2026-02-31');
    expect(readableDate('0000-01-01')).to.equal('0000-01-01');
    expect(readableDateTime('2026-11-19T09:05:00+01:00')).to.equal('19 November 2026 at 09:05');
    expect(readableDateTime('2026-13-19T09:05')).to.equal('2026-13-19T09:05');
  });
});

describe('check your answers, the way back', () => {
  it('has a Previous section button back to the last section, also for a form of one section', async () => {
    const schema: FormSchema = { type: 'object', title: 'One page', properties: { note: { type: 'string', title: 'Note' } } };
    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${testDefinition(schema)}></sf-test-form>`);
    $<HTMLButtonElement>(el, '#continue').click();
    await settle(el);
    expect($(el, '#check-heading')).to.exist;
    $<HTMLButtonElement>(el, '[part~=previous-button]').click();
    await settle(el);
    expect(el.shadowRoot!.querySelector('#check-heading')).to.equal(null);
    expect($(el, '#f--note')).to.exist;
  });
});

describe('printing', () => {
  afterEach(() => emulateMedia({ media: 'screen' }));

  it('renders every section as the summary while printing, even in the middle of a section, and puts it back after', async () => {
    const el = await makeTest();
    const input = $<HTMLInputElement>(el, '#f--about--name');
    input.focus();
    window.dispatchEvent(new Event('beforeprint'));
    // Synchronously: the print layout follows straight after the event.
    expect($$(el, '.print-only .summary-section__title').map((h) => h.textContent)).to.deep.equal(['About you', 'The incident']);
    expect(el.shadowRoot!.querySelector('.print-only [part~=change-link]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=print-header]')).to.exist;
    // The section being edited stays in the page (hidden in print), so focus is not lost.
    expect(active(el)).to.equal(input);
    window.dispatchEvent(new Event('afterprint'));
    await settle(el);
    expect(el.shadowRoot!.querySelector('.print-only')).to.equal(null);
    // The header and footer exist only while printing: nothing is built for them on every render.
    expect(el.shadowRoot!.querySelector('[part=print-header]')).to.equal(null);
    expect(active(el)).to.equal(input);
  });

  it('in print media shows the marking, title, version and date in a fixed header and footer, and hides buttons, navigation and hints', async () => {
    const el = await makeTest();
    await emulateMedia({ media: 'print' });
    // The matchMedia('print') listener switches to the summary (media queries report changes at the next frame).
    await waitUntil(() => el.shadowRoot!.querySelector('.print-only'), 'the summary is rendered for print');
    await settle(el);
    const header = $(el, '[part=print-header]');
    const footer = $(el, '[part=print-footer]');
    for (const box of [header, footer]) {
      expect(getComputedStyle(box).display).to.equal('block');
      expect(getComputedStyle(box).position).to.equal('fixed');
      expect(box.textContent).to.contain('OFFICIAL-SENSITIVE');
    }
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
    expect(header.textContent).to.contain('Incident record');
    expect(header.textContent).to.contain('Version 0.0.0');
    expect(header.textContent).to.contain(`Printed ${today}`);
    expect(getComputedStyle($(el, '[part~=next-button]')).display).to.equal('none');
    expect(getComputedStyle($(el, 'nav')).display).to.equal('none');
    expect(getComputedStyle($(el, '.section')).display).to.equal('none');
    const sections = $$(el, '.print-only .summary-section');
    expect(sections).to.have.length(2);
    expect(getComputedStyle(sections[1]!).breakBefore).to.equal('page');
    // The page keeps clear of the header and footer on every page (the host page's content too).
    const body = getComputedStyle(document.body);
    expect(body.boxDecorationBreak).to.equal('clone');
    expect(parseFloat(body.paddingTop)).to.be.greaterThan(header.getBoundingClientRect().height);
    expect(parseFloat(body.paddingBottom)).to.be.greaterThan(footer.getBoundingClientRect().height);
    await emulateMedia({ media: 'screen' });
    await waitUntil(() => !el.shadowRoot!.querySelector('.print-only'), 'the summary goes after printing');
    // Back on screen the header and footer are not merely hidden: they are not rendered at all.
    expect(el.shadowRoot!.querySelector('[part=print-header]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part=print-footer]')).to.equal(null);
  });
});
