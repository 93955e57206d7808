/**
 * Lone working (#16) in a real browser (Debian Chromium) at phone width: every page passes axe at 320 px,
 * a visit is planned and checked in and out by keyboard only, the error summary's links move focus to
 * their fields, and the escalation page of an alerted manager passes too. A visit is planned with the
 * embedded traffic-light referral completed by keyboard: RED is refused as a lone visit, the page then
 * shows the referral and its band (not the form again), and a joint visit is planned with the RED band.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { checkPage, launchBrowser, signedInContext, listenLocally } from './support/browser.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;

/**
 * Fills the plan page as a keyboard user does: the time inputs filled (their segments depend on the browser's
 * locale), the description, location and buddy typed, the first arrangement chosen with Space.
 */
async function typePlan(page: import('playwright-core').Page, start: string, end: string, description: string, location: string): Promise<void> {
  await page.fill('#start', start);
  await page.fill('#end', end);
  for (const [id, value] of [['description', description], ['location', location], ['buddy', 'visitor.demo']] as const) {
    await page.focus(`#${id}`);
    await page.keyboard.type(value);
  }
  await page.focus('#arrangement');
  await page.keyboard.press('Space');
}

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
      await typePlan(page, '10:00', '11:00', "Visit to Mum's address", '1 Example Street, Anytown');
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

  it('a visit planned with the embedded traffic-light referral, by keyboard; RED refused as a lone visit, then planned as a joint one; axe at 320 px in every state', async () => {
    const w = await signedInContext(browser, base, 'staff.demo');
    try {
      const page = await checkPage(w, '/visits/new');
      await page.waitForFunction(() => !!document.querySelector('traffic-light-referral-form')?.shadowRoot?.querySelector('input'));
      await checkPage(w, null, { skipLinkFirst: false }); // the skip link was checked on load; axe again with the element drawn
      await typePlan(page, '13:00', '14:00', 'Home visit, first time', '9 Example Court');
      const ref = '[data-sf="referral-form"]';
      /** A radio group in the element: focus its first option, Space, then arrow keys (as a keyboard user does). */
      const radio = async (name: string, index: number) => {
        await page.locator(`${ref} input[type=radio][name="${name}"]`).first().focus();
        await page.keyboard.press('Space');
        for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
      };
      const type = async (selector: string, text: string) => {
        await page.locator(`${ref} ${selector}`).focus();
        await page.keyboard.type(text);
      };
      const press = async (selector: string) => {
        await page.locator(`${ref} ${selector}`).first().focus();
        await page.keyboard.press('Enter');
      };
      // RED: a self-referral, known history of violence.
      await radio('/referral/referralType', 0);
      await radio('/referral/historyOfViolence', 0);
      await radio('/referral/previouslyKnown', 0);
      await radio('/referral/newReferralOrFirstVisit', 1);
      await page.keyboard.press('Tab');
      await page.waitForFunction(() => /RED: STOP/.test(document.querySelector('traffic-light-referral-form')?.shadowRoot?.querySelector('[part~=result-title]')?.textContent ?? ''));
      await checkPage(w, null, { skipLinkFirst: false });
      await press('[part~=next-button]');
      await type('#f--visit--date', '7');
      await type('#f--visit--date-month', '12');
      await type('#f--visit--date-year', '2026');
      await radio('/visit/arrangement', 0);
      await type('#f--visit--buddyName', 'Vic');
      await press('[part~=next-button]');
      await radio('/purpleFile/checkIn', 2);
      await checkPage(w, null, { skipLinkFirst: false });
      await press('#continue, [part~=return-to-check-button], [part~=check-answers-link]');
      await page.locator(`${ref} #submit`).waitFor();
      await checkPage(w, null, { skipLinkFirst: false });
      await press('#submit');
      // Sent: the element gives the plan form the stored record's reference.
      const reference = await page.waitForFunction(() => new FormData(document.querySelector('form[action="/visits"]') as HTMLFormElement).get('referral')).then((h) => h.jsonValue() as Promise<string>);
      assert.match(reference, /^TLR-\d{8}-[0-9A-F]{6}$/);
      await checkPage(w, null, { skipLinkFirst: false });
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Plan the visit' }).press('Enter')]);
      await page.waitForSelector('.govuk-error-summary');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /A RED visit cannot be a lone visit/);
      assert.match(await page.locator('[data-sf="referral-used"]').innerText(), new RegExp(`${reference}: RED: STOP`));
      assert.equal(await page.locator('traffic-light-referral-form').count(), 0, 'not asked again');
      await checkPage(w, null, { skipLinkFirst: false });
      // A joint visit: planned, with the RED band computed from the record.
      await page.focus('#arrangement-2');
      await page.keyboard.press('Space');
      await page.focus('#jointWith');
      await page.keyboard.type('Casey Colleague');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'plan'), page.getByRole('button', { name: 'Plan the visit' }).press('Enter')]);
      await checkPage(w, null, { skipLinkFirst: false });
      const row = await t.db.kysely.selectFrom('visits').selectAll().where('arrangement', '=', 'joint').executeTakeFirstOrThrow();
      const record = await t.services.records.byReference(reference);
      assert.deepEqual([row.traffic_light, row.referral_id], ['red', record!.id]);
      await checkPage(w, `/visits/${row.id}/plan`);
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
