/**
 * The cautionary persons register (#15) in a real browser (Debian Chromium): every page (the owner's
 * home, an entry in each state, the letter, the quarterly review, briefings, partner agreements, the
 * proposal form and the look-up with its answer) and their error states pass axe at 320 px, by keyboard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { forms } from '@safety-forms/core';
import { physicalAssault } from '../../../stories/fixtures/incident-report.js';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { newKey } from './support/fixtures.js';
import { checkPage, launchBrowser, signedInContext, listenLocally } from './support/browser.js';
import type { EntryFacts } from '../src/services/register.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;

const facts = (surname: string, postcode: string): EntryFacts => ({
  subject: 'person',
  forenames: 'Zoë',
  surname,
  line1: '3 Mill Road',
  line2: '',
  town: 'Folkestone',
  postcode,
  dangerousAnimal: false,
  riskKind: 'threats',
  precaution: 'Visit in pairs.',
  behaviour: 'Threatened to stab a social worker at the door.',
  factors: { severity: 'A threat to kill.', 'time-since': 'A week.', 'previous-conduct': 'None.', 'current-conduct': 'Calm since.', 'one-off': 'Unclear.' },
  employeeVersion: 'He shouted that he would stab me.',
  crimeCommitted: true,
  policeInformed: true,
});

describe('the register in a real browser (sqlite)', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let record = '';
  const entries: Record<'proposed' | 'countersigned' | 'added', string> = { proposed: '', countersigned: '', added: '' };

  before(async () => {
    t = await startApp(await sqlite.open(), { clock: () => new Date('2026-12-07T10:00:00Z') });
    const p = (u: string, roles: string[]) => ({ kind: 'account' as const, id: t.ids[u]!, roles });
    const staff = p('staff.demo', ['staff']);
    const manager = p('manager.demo', ['staff', 'line-manager']);
    const head = p('head.demo', ['staff', 'head-of-service']);
    const director = p('director.demo', ['staff', 'register-owner']);
    const states = ['proposed', 'countersigned', 'added'] as const;
    for (const [i, state] of states.entries()) {
      const env = { formId: 'incident-report', schemaVersion: forms['incident-report']!.version, submittedAt: '2026-12-07T09:00:00.000Z', data: physicalAssault, result: null };
      const reply = await t.services.records.submit(staff, 'incident-report', newKey(), JSON.stringify(env), 'req', undefined, (trx, r) => t.services.incidents.openFor(trx, r, { id: staff.id, kind: 'account' }, 'req'));
      assert.equal(reply.status, 201);
      record = (await t.db.kysely.selectFrom('records').select('id').orderBy('received_at', 'desc').executeTakeFirstOrThrow()).id;
      const out = await t.services.register.propose(manager, record, facts(`Surname${i}`, `CT19 ${i}AB`), 'req');
      assert.ok(out.ok);
      entries[state] = out.id;
      const row = () => t.db.kysely.selectFrom('register_entries').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow();
      if (state !== 'proposed') assert.ok((await t.services.register.countersign(head, await row(), { temporary: true, reasons: '' }, 'req')).ok);
      if (state === 'added') assert.ok((await t.services.register.decide(director, await row(), { outcome: 'add', reasons: 'A threat to kill.', termDays: 365, termReason: '' }, 'req')).ok);
    }
    await t.services.register.recordBriefing(director, t.ids['visitor.demo']!, '2026-12-01', 'req');
    base = await listenLocally(t.app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
  });

  it('the register owner: home, an entry in each state, the decision error, the letter, review, briefings and agreements', async () => {
    const w = await signedInContext(browser, base, 'director.demo');
    try {
      await checkPage(w, '/register', { marking: true });
      await checkPage(w, `/register/${entries.added}`, { marking: true });
      const page = await checkPage(w, `/register/${entries.countersigned}`, { marking: true });
      await page.getByRole('button', { name: 'Record the decision' }).press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { marking: true, skipLinkFirst: false });
      await page.locator('.govuk-error-summary a').first().focus();
      await page.keyboard.press('Enter');
      assert.ok(((await page.evaluate(() => document.activeElement?.id ?? '')) as string).startsWith('decide-'), 'a summary link moves focus to its field');
      await checkPage(w, `/register/${entries.added}/letter`, { marking: true });
      await checkPage(w, '/register/review', { marking: true });
      await checkPage(w, '/register/briefings');
      const agreements = await checkPage(w, '/register/agreements', { marking: true });
      await agreements.getByRole('button', { name: 'Record the agreement' }).press('Enter');
      await agreements.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { marking: true, skipLinkFirst: false });
    } finally {
      await w.context.close();
    }
  });

  it('a Head of Service countersigns; a line manager proposes (with its errors)', async () => {
    const h = await signedInContext(browser, base, 'head.demo');
    try {
      await checkPage(h, `/register/${entries.proposed}`, { marking: true });
    } finally {
      await h.context.close();
    }
    const m = await signedInContext(browser, base, 'manager.demo');
    try {
      const page = await checkPage(m, `/register/propose?record=${record}`, { marking: true });
      await page.getByRole('button', { name: 'Send the proposal for countersigning' }).press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(m, null, { marking: true, skipLinkFirst: false });
    } finally {
      await m.context.close();
    }
  });

  it('visiting staff: the look-up, its answer and its errors, by keyboard', async () => {
    const w = await signedInContext(browser, base, 'visitor.demo');
    try {
      const page = await checkPage(w, '/register/search');
      await page.getByRole('textbox', { name: 'Surname (to look up a person)' }).fill('surname2');
      await page.getByRole('textbox', { name: 'Postcode' }).fill('ct19 2ab');
      await page.getByRole('button', { name: 'Look up' }).press('Enter');
      await page.waitForSelector('#result');
      assert.match(await page.locator('#result').innerText(), /Take care: 1 marker/);
      await checkPage(w, null, { skipLinkFirst: false });
      await page.getByRole('textbox', { name: 'Postcode' }).fill('nonsense');
      await page.getByRole('button', { name: 'Look up' }).press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { skipLinkFirst: false });
      // The traffic-light referral on our pages: the look-up answers "history of violence" with Yes.
      const form = await checkPage(w, '/forms/traffic-light-referral', { marking: true });
      await form.getByText('Look up the cautionary persons register for this visit').click();
      await form.locator('#lookup-surname').fill('SURNAME2');
      await form.locator('#lookup-postcode').fill('CT192AB');
      await form.locator('[data-sf="register-lookup-button"]').press('Enter');
      await form.waitForFunction(() => /Take care/.test(document.querySelector('[data-sf="register-lookup-result"]')?.textContent ?? ''));
      const answer = await form.evaluate(() => (document.querySelector('[data-sf="form"]') as unknown as { value: { referral?: { historyOfViolence?: string } } }).value.referral?.historyOfViolence);
      assert.equal(answer, 'yes');
      await checkPage(w, null, { marking: true, skipLinkFirst: false });
      await form.locator('#lookup-surname').fill('Nobody');
      await form.locator('[data-sf="register-lookup-button"]').press('Enter');
      await form.waitForFunction(() => /No marker found/.test(document.querySelector('[data-sf="register-lookup-result"]')?.textContent ?? ''));
      // The same look-up beside the referral embedded in the visit plan: Enter in it looks up, and never
      // sends the plan it sits in (its inputs belong to a form of their own, outside the plan's).
      const plan = await checkPage(w, '/visits/new');
      await plan.getByText('Look up the cautionary persons register for this visit').click();
      await plan.locator('#lookup-surname').fill('SURNAME2');
      await plan.locator('#lookup-postcode').fill('CT192AB');
      await plan.locator('#lookup-postcode').press('Enter');
      await plan.waitForFunction(() => /Take care/.test(document.querySelector('[data-sf="register-lookup-result"]')?.textContent ?? ''));
      assert.equal(new URL(plan.url()).pathname, '/visits/new', 'the plan was not sent');
      assert.equal(await plan.locator('.govuk-error-summary').count(), 0);
      const embedded = await plan.evaluate(() => (document.querySelector('[data-sf="referral-form"]') as unknown as { value: { referral?: { historyOfViolence?: string } } }).value.referral?.historyOfViolence);
      assert.equal(embedded, 'yes');
      await checkPage(w, null, { skipLinkFirst: false });
    } finally {
      await w.context.close();
    }
  });
});
