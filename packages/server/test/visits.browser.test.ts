/**
 * Lone working (#16) in a real browser (Debian Chromium) at phone width: every page passes axe at 320 px,
 * a visit is planned and checked in and out by keyboard only, the error summary's links move focus to
 * their fields, and the escalation page of an alerted manager passes too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { checkPage, launchBrowser, signedInContext, listenLocally } from './support/browser.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;

describe('lone working in a real browser (sqlite)', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  let now = new Date('2026-12-07T09:00:00Z');

  before(async () => {
    t = await startApp(await sqlite.open(), { clock: () => now });
    base = await listenLocally(t.app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
  });

  it('staff plan a visit, check in and check out by keyboard; every page passes axe at 320 px', async () => {
    const w = await signedInContext(browser, base, 'staff.demo');
    try {
      await checkPage(w, '/visits');
      await checkPage(w, '/visits/codes');
      const page = await checkPage(w, '/visits/new');
      // Nothing filled in: the summary takes focus and its first link moves focus to its field.
      await page.getByRole('button', { name: 'Plan the visit' }).press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      await checkPage(w, null, { skipLinkFirst: false });
      await page.locator('.govuk-error-summary a').first().focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'start');
      // Fill it in (the time inputs' segments depend on the browser's locale, so those are filled; the rest typed).
      await page.fill('#start', '10:00');
      await page.fill('#end', '11:00');
      for (const [id, value] of [
        ['description', "Visit to Mum's address"],
        ['location', '1 Example Street, Anytown'],
        ['buddy', 'visitor.demo'],
      ] as const) {
        await page.focus(`#${id}`);
        await page.keyboard.type(value);
      }
      await page.focus('#arrangement');
      await page.keyboard.press('Space');
      await page.focus('#trafficLight-2');
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Plan the visit' }).press('Enter');
      await page.waitForLoadState('load');
      assert.equal(await page.locator('.govuk-error-summary').count(), 0, await page.locator('main').innerText());
      assert.equal(new URL(page.url()).searchParams.get('done'), 'plan');
      await checkPage(w, null, { skipLinkFirst: false });
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'in'), page.getByRole('button', { name: /^Check in/ }).press('Enter')]);
      assert.match(await page.locator('main').innerText(), /You are checked in/);
      await checkPage(w, null, { skipLinkFirst: false });
      const box = await page.getByRole('button', { name: /^Check out/ }).boundingBox();
      assert.ok(box && box.height >= 44 && box.width >= 250, `a large button (${JSON.stringify(box)})`);
    } finally {
      await w.context.close();
    }
  });

  it("the buddy's day and an alerted manager's escalation page pass axe at 320 px", async () => {
    const staff = { id: t.ids['staff.demo']! };
    const planned = await t.services.visits.plan(
      staff.id,
      {
        startsAt: new Date('2026-12-07T12:00:00Z'),
        endsAt: new Date('2026-12-07T12:30:00Z'),
        endOfDayAt: new Date('2026-12-07T18:00:00Z'),
        buddyUsername: 'visitor.demo',
        arrangement: 'alone',
        trafficLight: 'amber',
        detail: { reference: 'REF-1', description: 'Home visit', location: '2 Example Road', jointWith: '', redAgreement: '' },
      },
      'req-1',
    );
    assert.ok(planned.ok);
    now = new Date('2026-12-07T14:00:00Z');
    await t.services.jobs.runDue();
    const buddy = await signedInContext(browser, base, 'visitor.demo');
    try {
      await checkPage(buddy, '/visits/buddy');
      assert.match(await buddy.page.locator('main').innerText(), /Escalated/i);
    } finally {
      await buddy.context.close();
    }
    const manager = await signedInContext(browser, base, 'manager.demo');
    try {
      const page = await checkPage(manager, `/visits/${planned.ok ? planned.id : ''}/escalation`, { marking: true });
      assert.match(await page.locator('main').innerText(), /2 Example Road/);
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /Acknowledge the Line manager alert/ }).press('Enter')]);
      await page.waitForSelector('text=Acknowledged by');
      await checkPage(manager, null, { marking: true });
      await checkPage(manager, '/visits/team');
    } finally {
      await manager.context.close();
    }
  });
});
