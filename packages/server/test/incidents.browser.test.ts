/**
 * Incidents (#17) in a real browser (Debian Chromium): the list, an incident's follow-up page (in its
 * error state too) and the trends pass axe at 320 px, by keyboard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { forms } from '@safety-forms/core';
import { physicalAssault, verbalAbuse } from '../../../stories/fixtures/incident-report.js';
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

  before(async () => {
    t = await startApp(await sqlite.open(), { clock: () => new Date('2026-11-24T10:00:00Z') });
    const staff = { kind: 'account' as const, id: t.ids['staff.demo']!, roles: ['staff'] };
    for (const data of [physicalAssault, verbalAbuse]) {
      const env = { formId: 'incident-report', schemaVersion: forms['incident-report']!.version, submittedAt: '2026-11-24T09:00:00.000Z', data, result: null };
      const reply = await t.services.records.submit(staff, 'incident-report', newKey(), JSON.stringify(env), 'req', undefined, (trx, r) => t.services.incidents.openFor(trx, r, { id: staff.id, kind: 'account' }, 'req'));
      assert.equal(reply.status, 201);
    }
    for (const r of await t.db.kysely.selectFrom('incidents').select('id').execute()) ids.push(r.id);
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
});
