/**
 * Threat cases (#14) in a real browser (Debian Chromium): the case list and page pass axe at 320 px
 * with the RESTRICTED marking, by keyboard; an error summary's links move focus to their field; an
 * interview sent from the case's own page, prefilled from the report by the SDK element, lands on the
 * case (same origin: the session cookie and the page's CSRF token).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { completeSubjectInterview } from '../../../stories/fixtures/threat-interview.js';
import { databases } from './support/databases.js';
import { FAKE_NAME, startApp, type TestApp } from './support/app.js';
import { envelope, newKey } from './support/fixtures.js';
import { checkPage, launchBrowser, signedInContext, listenLocally } from './support/browser.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;

describe('threat cases in a real browser (sqlite)', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let caseId = '';

  before(async () => {
    t = await startApp(await sqlite.open());
    const staff = { kind: 'account' as const, id: t.ids['staff.demo']!, roles: ['staff'] };
    const reply = await t.services.records.submit(staff, 'threat-report', newKey(), JSON.stringify(envelope()), 'req-1', undefined, (trx, r) =>
      t.services.cases.openFor(trx, r.id, { id: staff.id, kind: 'account' }, 'req-1'),
    );
    assert.equal(reply.status, 201);
    caseId = (await t.db.kysely.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id;
    base = await listenLocally(t.app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
  });

  it('the safety team: the list and the case pass axe at 320 px, RESTRICTED; the lead is set by keyboard; an error summary link moves focus to its field', async () => {
    const w = await signedInContext(browser, base, 'safety.demo');
    try {
      await checkPage(w, '/cases', { marking: true });
      await checkPage(w, '/cases?status=open&due=review', { marking: true });
      const page = await checkPage(w, `/cases/${caseId}`, { marking: true });
      // Set the lead by keyboard only: focus the field, type, Enter submits its form.
      await page.focus('#lead');
      await page.keyboard.type('manager.demo');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'lead'), page.keyboard.press('Enter')]);
      assert.match(await page.locator('main').innerText(), /The case lead was set/);
      await checkPage(w, null, { marking: true, skipLinkFirst: false });

      // An action with nothing filled in: the error summary takes focus, and each link moves focus to its field.
      await page.locator('summary', { hasText: 'Add an action' }).focus();
      await page.keyboard.press('Enter');
      await page.locator('form[action$="/actions"] button').click();
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { marking: true, skipLinkFirst: false });
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'the summary has focus');
      const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#action', '#owner', '#due-day']);
      for (const href of links) {
        await page.locator(`.govuk-error-summary a[href="${href}"]`).focus();
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => document.activeElement?.id), href!.slice(1), `${href} moves focus to its field`);
      }
    } finally {
      await w.context.close();
    }
  });

  it('the lead sends an interview from the case: prefilled from the report, stored and linked to the case', async () => {
    const w = await signedInContext(browser, base, 'manager.demo');
    try {
      const page = await checkPage(w, `/cases/${caseId}/forms/threat-interview?interviewee=subject`, { marking: true });
      const prefilled = await page.evaluate(async () => {
        await customElements.whenDefined('threat-interview-form');
        const form = document.querySelector('threat-interview-form') as HTMLElement & { value: { interview?: { subjectName?: string } } };
        for (let i = 0; i < 50 && !form.value.interview?.subjectName; i++) await new Promise((r) => setTimeout(r, 20));
        return form.value.interview?.subjectName;
      });
      assert.equal(prefilled, FAKE_NAME, 'the subject comes from the report');
      await page.evaluate((data) => {
        (document.querySelector('threat-interview-form') as HTMLElement & { value: unknown }).value = data;
      }, completeSubjectInterview);
      const submitted = page.evaluate(
        () => new Promise<string>((resolve) => document.querySelector('threat-interview-form')!.addEventListener('sf-submitted', (e) => resolve((e as CustomEvent<{ reference: string }>).detail.reference), { once: true })),
      );
      await page.getByRole('button', { name: 'Check your answers' }).click();
      await page.getByRole('button', { name: 'Submit' }).click();
      const reference = await submitted;
      assert.match(reference, /^[A-Z]+-\d{8}-[0-9A-F]{6}$/);
      const linked = await t.db.kysely.selectFrom('case_records').innerJoin('records', 'records.id', 'case_records.record_id').select(['records.reference', 'case_records.form_id']).where('case_records.case_id', '=', caseId).execute();
      assert.ok(linked.some((l) => l.reference === reference && l.form_id === 'threat-interview'));
      const view = await checkPage(w, `/cases/${caseId}`, { marking: true });
      assert.match(await view.locator('main').innerText(), new RegExp(reference));
      assert.ok(!page.url().includes('Zebedee'), 'no personal data in the URL');

      // An abridged version, made by keyboard-free clicks through the GOV.UK details, checkboxes and radios.
      await view.locator('summary', { hasText: 'Make an abridged version' }).click();
      await view.getByLabel('Risk level (risk matrix) and why').check();
      await view.getByLabel('The full group').check();
      await Promise.all([view.waitForURL(/\/shares\//), view.getByRole('button', { name: 'Make the abridged version' }).click()]);
      await checkPage(w, null, { marking: true });
      assert.match(await view.locator('main').innerText(), /Agreed action plan/);
    } finally {
      await w.context.close();
    }
  });
});
