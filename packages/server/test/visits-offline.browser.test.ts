/**
 * Lone working (#16) on a phone that is briefly offline, in a real browser (Debian Chromium) at 320 px,
 * under the real CSP: check out with the network down, see "Your check-out has not reached the server
 * yet. It will be sent when you are back online", come back online and see it delivered, counted once
 * (pressed twice while offline, sent again on reconnect). A check-in queued on a page that was closed
 * goes on the next page load. A check-out code is never stored on the phone: after a reload the page asks
 * for it again and the same key is used. The queue holds ids and times only. axe in every state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { checkPage, launchBrowser, signedInContext, listenLocally, type Watched } from './support/browser.js';

const sqlite = databases().find((d) => d.name === 'sqlite')!;
const NOT_YET = 'Your check-out has not reached the server yet. It will be sent when you are back online.';

describe('lone working offline in a real browser (sqlite)', () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';
  const now = new Date('2026-12-07T10:15:00Z');

  const plan = async (start: string, end: string) => {
    const r = await t.services.visits.plan(
      t.ids['staff.demo']!,
      { startsAt: new Date(start), endsAt: new Date(end), endOfDayAt: new Date('2026-12-07T18:00:00Z'), buddyUsername: 'visitor.demo', arrangement: 'alone', trafficLight: 'green', detail: { reference: 'REF-9', description: 'Home visit', location: '5 Example Way', jointWith: '', redAgreement: '' } },
      'browser',
    );
    assert.ok(r.ok);
    return r.id;
  };
  const audits = (action: string, id: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', id).where('outcome', '=', 'ok').execute();
  const queue = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('sf-visit-queue') ?? '[]') as Record<string, unknown>[]);
  /** The failed loads of the offline moments are expected (the check-in and -out posts); nothing else may have failed. */
  const expectOnlyOfflinePosts = (w: Watched, id: string) => {
    const unexpected = w.errors.filter((e) => !new RegExp(`^load failed: /visits/${id}/check-(in|out)$`).test(e));
    assert.deepEqual(unexpected, []);
    w.errors.length = 0;
  };
  const inVisit = (page: Page, id: string) => page.locator(`#visit-${id}`);

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

  it('offline: the check-out waits with a plain message, then is sent when back online and counted once', async () => {
    const id = await plan('2026-12-07T10:00:00Z', '2026-12-07T11:00:00Z');
    const w = await signedInContext(browser, base, 'staff.demo');
    try {
      const page = await checkPage(w, '/visits');
      // Online, the script posts it itself and goes where the form would have.
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'in'), inVisit(page, id).getByRole('button', { name: /^Check in/ }).press('Enter')]);
      assert.match(await page.locator('main').innerText(), /You are checked in/);
      assert.equal((await audits('visit.check-in', id)).length, 1);

      await w.context.setOffline(true);
      const button = inVisit(page, id).getByRole('button', { name: /^Check out/ });
      await button.press('Enter');
      const message = inVisit(page, id).locator('[data-sf="pending"]');
      await message.waitFor();
      assert.equal(await message.innerText(), NOT_YET);
      assert.equal(await inVisit(page, id).locator('[role="status"]').count(), 1, 'said in a status region');
      await button.click(); // pressed again while offline: the same action, the same key
      await page.waitForTimeout(200);
      const waiting = await queue(page);
      assert.equal(waiting.length, 1, JSON.stringify(waiting));
      assert.deepEqual(Object.keys(waiting[0]!).sort(), ['action', 'clientAt', 'key', 'needsCode', 'queuedAt', 'visitId'], 'ids and times only');
      assert.deepEqual([waiting[0]!.visitId, waiting[0]!.action, waiting[0]!.needsCode], [id, 'check-out', false]);
      assert.ok(!JSON.stringify(waiting).includes('Example') && !JSON.stringify(waiting).includes('Home visit'));
      assert.equal((await t.services.visits.get(id))!.checked_out_at, null, 'nothing reached the server');
      expectOnlyOfflinePosts(w, id);
      await checkPage(w, null, { skipLinkFirst: false });

      // Back online: sent at once (the online event), and the page says it is done.
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'out', { timeout: 10_000 }), w.context.setOffline(false)]);
      assert.match(await page.locator('main').innerText(), /You are checked out/);
      assert.deepEqual(await queue(page), []);
      assert.ok((await t.services.visits.get(id))!.checked_out_at);
      assert.equal((await audits('visit.check-out', id)).length, 1, 'counted once');
      const keys = await t.db.kysely.selectFrom('visit_action_keys').selectAll().where('visit_id', '=', id).where('action', '=', 'check-out').execute();
      assert.equal(keys.length, 1);
      assert.equal(keys[0]!.key, waiting[0]!.key, 'sent with the key it was queued with');
      assert.equal(keys[0]!.client_at, waiting[0]!.clientAt, "the phone's time of the press");
      await checkPage(w, null, { skipLinkFirst: false });
    } finally {
      await w.context.close();
    }
  });

  it('a check-in queued on a page that was closed is sent on the next page load', async () => {
    const id = await plan('2026-12-07T10:10:00Z', '2026-12-07T11:30:00Z');
    const w = await signedInContext(browser, base, 'staff.demo');
    try {
      const page = await checkPage(w, '/visits');
      await w.context.setOffline(true);
      await inVisit(page, id).getByRole('button', { name: /^Check in/ }).press('Enter');
      await inVisit(page, id).locator('[data-sf="pending"]').waitFor();
      assert.equal(await inVisit(page, id).locator('[data-sf="pending"]').innerText(), 'Your check-in has not reached the server yet. It will be sent when you are back online.');
      const [entry] = await queue(page);
      await page.close();
      await w.context.setOffline(false);
      const next = await w.context.newPage();
      await next.goto('/visits');
      await next.waitForURL((u) => u.searchParams.get('done') === 'in', { timeout: 10_000 });
      assert.ok((await t.services.visits.get(id))!.checked_in_at);
      assert.equal((await audits('visit.check-in', id)).length, 1);
      const key = await t.db.kysely.selectFrom('visit_action_keys').select('key').where('visit_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(key.key, entry!.key);
      assert.deepEqual(await queue(next), []);
    } finally {
      await w.context.close();
    }
  });

  it('with codes set, the code is never stored: after a reload the page asks for it, and the same key goes with it', async () => {
    await t.services.visits.setCodes(t.ids['staff.demo']!, '4321', '8765', 'browser');
    const id = await plan('2026-12-07T10:05:00Z', '2026-12-07T11:45:00Z');
    const w = await signedInContext(browser, base, 'staff.demo');
    try {
      let page = await checkPage(w, '/visits');
      await w.context.setOffline(true);
      await inVisit(page, id).getByLabel('Check-out code').fill('4321');
      await inVisit(page, id).getByRole('button', { name: /^Check out/ }).press('Enter');
      await inVisit(page, id).locator('[data-sf="pending"]').waitFor();
      assert.equal(await inVisit(page, id).locator('[data-sf="pending"]').innerText(), NOT_YET);
      assert.equal(await inVisit(page, id).getByLabel('Check-out code').inputValue(), '', 'the code is not left on screen');
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      assert.ok(!stored.includes('4321'), 'the code is not stored on the phone');
      const [entry] = await queue(page);
      assert.equal(entry!.needsCode, true);
      expectOnlyOfflinePosts(w, id);
      await page.close();
      await w.context.setOffline(false);
      page = await w.context.newPage();
      page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => void (m.type() === 'error' && !m.text().startsWith('Failed to load resource') && w.errors.push(`console: ${m.text()}`)));
      w.page = page;
      await page.goto('/visits');
      const message = inVisit(page, id).locator('[data-sf="pending"]');
      await message.waitFor();
      assert.equal(await message.innerText(), 'Your check-out has not reached the server yet. Enter your check-out code and press Check out again to send it.');
      assert.equal((await t.services.visits.get(id))!.checked_out_at, null);
      await inVisit(page, id).getByLabel('Check-out code').fill('4321');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'out'), inVisit(page, id).getByRole('button', { name: /^Check out/ }).press('Enter')]);
      assert.ok((await t.services.visits.get(id))!.checked_out_at);
      const key = await t.db.kysely.selectFrom('visit_action_keys').select('key').where('visit_id', '=', id).where('action', '=', 'check-out').executeTakeFirstOrThrow();
      assert.equal(key.key, entry!.key, 'the key it was queued with');
      // A wrong code online is the server's own page with its error (the plain post).
      const other = await plan('2026-12-07T10:05:00Z', '2026-12-07T11:45:00Z');
      await page.goto('/visits');
      await inVisit(page, other).getByLabel('Check-out code').fill('0000');
      await inVisit(page, other).getByRole('button', { name: /^Check out/ }).press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter your check-out code/);
      assert.deepEqual(await queue(page), []);
      await checkPage(w, null, { skipLinkFirst: false });
    } finally {
      await w.context.close();
    }
  });

  it('the leave page passes axe at 320 px for staff and for a line manager, with an error and with leave listed', async () => {
    for (const username of ['staff.demo', 'manager.demo']) {
      const w = await signedInContext(browser, base, username);
      try {
        const page = await checkPage(w, '/visits/leave');
        await page.getByRole('button', { name: 'Record the leave' }).press('Enter');
        await page.waitForSelector('.govuk-error-summary');
        await checkPage(w, null, { skipLinkFirst: false });
        await page.fill('#from', '2026-12-08');
        await page.fill('#to', '2026-12-09');
        await Promise.all([page.waitForURL((u) => u.searchParams.get('done') === 'add'), page.getByRole('button', { name: 'Record the leave' }).press('Enter')]);
        assert.match(await page.locator('main').innerText(), /8 December 2026/);
        await checkPage(w, null, { skipLinkFirst: false });
        await checkPage(w, '/visits/new');
      } finally {
        await w.context.close();
      }
    }
  });
});
