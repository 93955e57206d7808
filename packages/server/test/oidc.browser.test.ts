/**
 * Sign in with an organisation account in Chromium: the provider (an in-process `oidc-provider`) is on
 * `localhost` and the server on `127.0.0.1`, so the trip is cross-site as it is in real life, and the
 * SameSite=Lax cookie that carries the sign-in's state must survive the provider's redirect back. The
 * refusal page is checked with axe (WCAG 2.2 AA) and at 320 px. SQLite only (the database does not
 * change what the browser does; test/oidc.test.ts runs the flow on both).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { databases } from './support/databases.js';
import { startApp, type TestApp } from './support/app.js';
import { axe, launchBrowser, newContext, scrollWidth } from './support/browser.js';
import { startProvider, type TestProvider } from './support/oidc-provider.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The provider's development screens ask Google Fonts for a stylesheet (`/css`), which is offline here: not our pages' fault. */
const ours = (errors: string[]) => errors.filter((e) => e !== 'load failed: /css');

describe('OIDC sign-in in Chromium', () => {
  let browser: Browser;
  let op: TestProvider;
  let t: TestApp;
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const callback = `${base}/sign-in/oidc/callback`;
    op = await startProvider({ host: 'localhost', redirectUris: [callback] });
    op.users.set('sub-erin', { name: 'Erin Example', preferred_username: 'erin.example', groups: ['h-and-s'] });
    op.users.set('sub-frank', { name: 'Frank Example', groups: ['finance'] });
    t = await startApp(await databases()[0]!.open(), { config: { oidc: op.config(callback), publicUrl: base } });
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
    await op?.close();
  });

  /** From our sign-in page by keyboard to the provider's login screen, signs `login` in there. */
  async function signIn(page: import('playwright-core').Page, login: string, { refused = false } = {}) {
    await page.goto('/sign-in');
    await page.focus('#oidc');
    await Promise.all([page.waitForURL((u) => u.host.startsWith('localhost')), page.keyboard.press('Enter')]);
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any');
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.host.startsWith('localhost') || u.host.startsWith('127.0.0.1'));
    // The provider asks for consent the first time.
    if (new URL(page.url()).host.startsWith('localhost')) await page.click('button[type="submit"]');
    // Back at ours: home after a sign-in, or the callback's page showing why not.
    await page.waitForURL((u) => u.host.startsWith('127.0.0.1') && u.pathname.startsWith('/sign-in/oidc/callback') === refused);
  }

  it('signs in across sites and lands on the home page for the role the groups give', async () => {
    const w = await newContext(browser, base, 1024);
    try {
      await signIn(w.page, 'sub-erin');
      assert.equal(new URL(w.page.url()).pathname, '/');
      assert.match(await w.page.textContent('body') ?? '', /Erin Example/);
      assert.equal((await w.page.goto('/reports'))?.status(), 200, 'the safety team may see all reports');
      const cookies = await w.context.cookies(base);
      assert.ok(cookies.some((c) => c.name === 'sf-session' && c.httpOnly && c.sameSite === 'Lax'));
      assert.ok(!cookies.some((c) => c.name === 'sf-oidc'), "the sign-in's state cookie is spent");
      assert.deepEqual(ours(w.errors), []);
    } finally {
      await w.context.close();
    }
  });

  it('a refusal (no role) is a GOV.UK error summary that passes axe and fits 320 px', async () => {
    const w = await newContext(browser, base, 320);
    try {
      await signIn(w.page, 'sub-frank', { refused: true });
      await w.page.waitForSelector('.govuk-error-summary');
      assert.match(await w.page.textContent('.govuk-error-summary') ?? '', /has no role in this service/);
      // The summary's link goes to the organisation sign-in link, which can be tried again from there.
      await w.page.click('.govuk-error-summary a[href="#oidc"]');
      assert.equal(await w.page.evaluate(() => document.activeElement?.id), 'oidc');
      assert.deepEqual(await axe(w.page), []);
      assert.ok((await scrollWidth(w.page)) <= 320);
      assert.ok(!(await w.context.cookies(base)).some((c) => c.name === 'sf-session'));
      assert.deepEqual(ours(w.errors), []);
    } finally {
      await w.context.close();
    }
  });
});
