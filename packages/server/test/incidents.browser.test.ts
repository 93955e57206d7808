/**
 * Incidents (#17) in a real browser (Debian Chromium): the list, an incident's follow-up page (in its
 * error state too) and the trends pass axe at 320 px, by keyboard; so do the linked risk assessments (the
 * list with hostile text, the checklist warning, the page of one) and "Assess the risk", which opens the
 * risk assessment with the incident's reference filled in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { forms } from '@safety-forms/core';
import { physicalAssault, severalVictims, verbalAbuse } from '../../../stories/fixtures/incident-report.js';
import { extremeRisk } from '../../../stories/fixtures/risk-assessment.js';
import { HOSTILE } from './support/fixtures.js';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { newKey } from './support/fixtures.js';
import { checkPage, launchBrowser, signedInContext, listenLocally } from './support/browser.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;

describe('incidents in a real browser (sqlite)', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const ids: string[] = [];
  let reference = '';
  let assessmentId = '';

  before(async () => {
    t = await startApp(await sqlite.open(), { clock: () => new Date('2026-11-24T10:00:00Z') });
    const staff = { kind: 'account' as const, id: t.ids['staff.demo']!, roles: ['staff'] };
    for (const data of [physicalAssault, verbalAbuse, severalVictims]) {
      const env = { formId: 'incident-report', schemaVersion: forms['incident-report']!.version, submittedAt: '2026-11-24T09:00:00.000Z', data, result: null };
      const reply = await t.services.records.submit(staff, 'incident-report', newKey(), JSON.stringify(env), 'req', undefined, (trx, r) => t.services.incidents.openFor(trx, r, { id: staff.id, kind: 'account' }, 'req'));
      assert.equal(reply.status, 201);
    }
    for (const r of await t.db.kysely.selectFrom('incidents').select('id').orderBy('opened_at').orderBy('id').execute()) ids.push(r.id);
    const incident = await t.db.kysely.selectFrom('incidents').select(['id', 'reference']).where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    reference = incident.reference;
    // Two assessments linked to the first: an extreme one, and one whose typed text is hostile and long.
    const value = `${HOSTILE[0]} ${HOSTILE[1]} ${'Zoë 🙂 '.repeat(60)}`;
    for (const data of [extremeRisk, { ...extremeRisk, assessment: { ...extremeRisk.assessment, taskOrHazard: value, location: value, assessmentNumber: value } }]) {
      const env = { formId: 'risk-assessment', schemaVersion: forms['risk-assessment']!.version, submittedAt: '2026-11-24T09:30:00.000Z', data: { ...data, assessment: { ...data.assessment, linkedIncident: reference } }, result: null };
      const reply = await t.services.records.submit(staff, 'risk-assessment', newKey(), JSON.stringify(env), 'req', undefined, (trx, r) => t.services.incidents.linkAssessment(trx, incident.id, r, { id: staff.id, kind: 'account' }, 'req'));
      assert.equal(reply.status, 201);
      assessmentId ||= reply.recordId!;
    }
    base = await listenLocally(t.app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
  });

  it('the safety team: list, trends and a follow-up page with its completion errors', async () => {
    const w = await signedInContext(browser, base, 'safety.demo');
    try {
      await checkPage(w, '/incidents', { marking: true });
      await checkPage(w, '/incidents/trends');
      const page = await checkPage(w, `/incidents/${ids[0]}`, { marking: true });
      await page.getByRole('button', { name: 'Complete the incident' }).press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { marking: true, skipLinkFirst: false });
      await page.locator('.govuk-error-summary a').first().focus();
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => document.activeElement?.id ?? '');
      assert.ok(focused.length > 0, 'a summary link moves focus to its field');
    } finally {
      await w.context.close();
    }
  });

  it('the investigating manager: their list and the follow-up page', async () => {
    const w = await signedInContext(browser, base, 'manager.demo');
    try {
      await checkPage(w, '/incidents', { marking: true });
      await checkPage(w, `/incidents/${ids[1]}`, { marking: true });
    } finally {
      await w.context.close();
    }
  });

  it('the linked risk assessments: the list and checklist at 320 px, the page of one, and "Review the risk assessment" by keyboard to the form with the reference filled in', async () => {
    const w = await signedInContext(browser, base, 'manager.demo');
    try {
      const page = await checkPage(w, `/incidents/${ids[0]}`, { marking: true });
      assert.equal(await page.locator('[data-sf="assessments"] tbody tr').count(), 2);
      assert.equal(await page.locator('[data-sf="assessment-review"]').count(), 2, 'both extreme: on the checklist');
      assert.equal(await page.evaluate(() => document.querySelectorAll('script:not([src]):not([type="application/json"])').length), 0);
      assert.ok((await page.locator('[data-sf="assessments"]').innerText()).includes('<script>alert(1)</script>'), 'shown as text');
      await checkPage(w, `/incidents/${ids[0]}/assessments/${assessmentId}`, { marking: true });
      await page.goto(`/incidents/${ids[0]}`);
      const link = page.getByRole('link', { name: 'Review the risk assessment' });
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/forms\/risk-assessment\?incident=/);
      const field = page.getByLabel('Linked incident reference (optional)');
      await field.waitFor();
      await page.waitForFunction((ref) => {
        const input = document.querySelector('risk-assessment-form')?.shadowRoot?.querySelector('input[name$="linkedIncident"], input[id*="linkedIncident"]') as HTMLInputElement | null;
        return input?.value === ref;
      }, reference).catch(() => undefined);
      assert.equal(await field.inputValue(), reference);
      assert.ok(!page.url().includes('Quillby'));
    } finally {
      await w.context.close();
    }
  });

  it('the quarterly report by protected characteristic passes axe at 320 px, every figure in a table', async () => {
    const w = await signedInContext(browser, base, 'safety.demo');
    try {
      const page = await checkPage(w, '/incidents/trends');
      const text = await page.locator('table[data-sf="quarterly"]').innerText();
      assert.match(text, /Race/);
      assert.match(text, /fewer than 5/);
      assert.doesNotMatch(text, /Quillby|Lindqvist/);
    } finally {
      await w.context.close();
    }
  });
});
