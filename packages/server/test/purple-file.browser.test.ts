/**
 * The purple file and the major incident page in a real browser (Debian Chromium) at phone width: every
 * page passes axe at 320 px; a call is taken and recorded by keyboard only (who called, their visit, the
 * questions in order, 999, what was done), the error summary's links move focus to their fields, the
 * record page of an alerted manager passes, and the safety team edits and checks the major incident page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { checkPage, launchBrowser, signedInContext, listenLocally } from './support/browser.js';
import { QUESTIONS } from '../src/services/purple-file.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;

describe('purple file and major incident in a real browser (sqlite)', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const now = new Date('2026-12-07T10:15:00Z');
  let callPath = '';

  before(async () => {
    t = await startApp(await sqlite.open(), { clock: () => now });
    await t.services.accounts.setManager(t.ids['manager.demo']!, t.ids['head.demo']!);
    const planned = await t.services.visits.plan(
      t.ids['staff.demo']!,
      {
        startsAt: new Date('2026-12-07T10:00:00Z'),
        endsAt: new Date('2026-12-07T11:00:00Z'),
        endOfDayAt: new Date('2026-12-07T18:00:00Z'),
        buddyUsername: 'visitor.demo',
        arrangement: 'alone',
        trafficLight: 'amber',
        detail: { reference: 'REF-1', description: 'Home visit', location: '2 Example Road, a very long address line that must wrap at phone width', jointWith: '', redAgreement: '' },
      },
      'req-1',
    );
    assert.ok(planned.ok);
    base = await listenLocally(t.app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
  });

  it('a call is taken and recorded by keyboard only; every page passes axe at 320 px', async () => {
    const w = await signedInContext(browser, base, 'visitor.demo');
    try {
      const page = await checkPage(w, '/purple-file');
      // Who called: typed, Enter.
      await page.focus('#caller');
      await page.keyboard.type('staff.demo');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('caller') === 'staff.demo'), page.keyboard.press('Enter')]);
      await checkPage(w, null);
      const main = await page.locator('main').innerText();
      assert.match(main, /2 Example Road/);
      assert.match(main, /Morgan Manager/);
      // The questions, in order, as the page's legends.
      const legends = await page.locator('form[method="post"] legend').allInnerTexts();
      assert.deepEqual(legends.map((l) => l.trim()).filter((l) => QUESTIONS.some((q) => q.text === l)), QUESTIONS.map((q) => q.text));
      // Nothing answered: the summary takes focus and its first link moves focus to its field.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Record the call and alert their managers' }).press('Enter')]);
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { skipLinkFirst: false });
      await page.locator('.govuk-error-summary a[href="#atAddress"]').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'atAddress');
      // Answer by keyboard: Space picks the focused radio, the arrow keys move along its group.
      for (const q of QUESTIONS) {
        await page.focus(`#${q.id}`);
        await page.keyboard.press('Space'); // Yes
      }
      await page.focus('#inDanger');
      await page.keyboard.press('ArrowRight'); // No
      await page.focus('#dialled999');
      await page.keyboard.press('Space');
      await page.focus('#done');
      await page.keyboard.type('Asked the questions; police called');
      await Promise.all([page.waitForURL((u) => /^\/purple-file\/[0-9a-f-]{36}$/.test(u.pathname)), page.getByRole('button', { name: 'Record the call and alert their managers' }).press('Enter')]);
      callPath = new URL(page.url()).pathname;
      await checkPage(w, null, { skipLinkFirst: false, marking: true });
      const record = await page.locator('main').innerText();
      assert.match(record, /The call is recorded/);
      assert.match(record, /Are you in danger\?\s+No/);
      // Add what was done next, by keyboard.
      await page.focus('#entry');
      await page.keyboard.type('Called back at 10:20: safe');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'entry'), page.getByRole('button', { name: 'Add to the record' }).press('Enter')]);
      assert.match(await page.locator('main').innerText(), /Called back at 10:20: safe/);
      await checkPage(w, null, { skipLinkFirst: false, marking: true });
      await checkPage(w, '/major-incident');
    } finally {
      await w.context.close();
    }
  });

  it("an alerted manager's record page, and the safety team editing and checking the major incident page, pass axe at 320 px", async () => {
    assert.ok(callPath);
    const manager = await signedInContext(browser, base, 'manager.demo');
    try {
      await checkPage(manager, callPath, { marking: true });
      const staffOnly = await signedInContext(browser, base, 'director.demo');
      try {
        await checkPage(staffOnly, callPath, { status: 403 });
      } finally {
        await staffOnly.context.close();
      }
    } finally {
      await manager.context.close();
    }
    const safety = await signedInContext(browser, base, 'safety.demo');
    try {
      const page = await checkPage(safety, '/major-incident/edit');
      // Empty a section: the summary's link moves focus to its textarea.
      await page.fill('#response-contacts', '');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Save the page' }).press('Enter')]);
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(safety, null, { skipLinkFirst: false });
      await page.locator('.govuk-error-summary a').first().focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'response-contacts');
      await page.keyboard.type('Site address: 1 Example Street\nBuilding Manager: 01632 960 000');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'saved'), page.getByRole('button', { name: 'Save the page' }).press('Enter')]);
      await checkPage(safety, null, { skipLinkFirst: false });
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'checked'), page.getByRole('button', { name: 'Mark as checked today' }).press('Enter')]);
      assert.match(await page.locator('main').innerText(), /Last checked on 7 December 2026 by Sasha Safety/);
      await checkPage(safety, null, { skipLinkFirst: false });
    } finally {
      await safety.context.close();
    }
  });
});
