/**
 * A real browser for the page tests: Debian Chromium through playwright-core, a context signed in
 * through the real sign-in page, and an axe-core runner (WCAG 2.2 AA).
 *
 * axe is put into the page with `page.evaluate(source)` (DevTools evaluation, which the page's CSP
 * does not govern), not `page.addScriptTag`: that inserts an inline script, which `script-src 'self'`
 * rightly blocks. So no context needs `bypassCSP` and every page is tested under its real CSP.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from './app.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** Console errors and uncaught page errors of every page a context opens (CSP violations among them). */
export interface Watched {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function newContext(browser: Browser, baseURL: string, width = 320): Promise<Watched> {
  const context = await browser.newContext({ baseURL, viewport: { width, height: 900 } });
  const errors: string[] = [];
  const page = await context.newPage();
  page.on('console', (m) => {
    // A failed load is reported below with its address; the browser's own favicon probe is not the page's.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && r.request().resourceType() !== 'document' && path !== '/favicon.ico') errors.push(`load: ${r.status()} ${path}`);
  });
  page.on('requestfailed', (r) => errors.push(`load failed: ${new URL(r.url()).pathname}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { context, page, errors };
}

/** Signs in through the real sign-in page by keyboard (type, Tab, Enter); resolves on home. */
export async function signInByKeyboard(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.focus('#username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
}

export async function signedInContext(browser: Browser, baseURL: string, username: string): Promise<Watched> {
  const w = await newContext(browser, baseURL);
  await signInByKeyboard(w.page, username);
  return w;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is; returns the violations (id, impact, help, selectors: no page text). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const a = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await a.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_TAGS);
}

/** The document's scroll width: at a 320 px viewport, more than 320 means it scrolls sideways. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export interface PageExpect {
  status?: number;
  /** The protective marking banner is shown (records and cases). */
  marking?: boolean;
  /** False where a page moves focus on load by design (GOV.UK success banner, error summary). */
  skipLinkFirst?: boolean;
}

/**
 * Checks the page `w` is on (after opening `path`, unless `path` is null): axe clean, no sideways
 * scroll at 320 px, the marking when expected, the skip link first and moving focus to main, and no
 * console or page error. Every page test goes through it.
 */
export async function checkPage(w: Watched, path: string | null, expect: PageExpect = {}): Promise<Page> {
  const { page, errors } = w;
  const label = path ?? new URL(page.url()).pathname;
  if (path !== null) {
    const res = await page.goto(path);
    assert.equal(res?.status(), expect.status ?? 200, `${label}: status`);
  }
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${label}: axe violations\n${JSON.stringify(violations, null, 2)}`);
  const width = await scrollWidth(page);
  assert.ok(width <= 320, `${label}: scrolls sideways at 320 px (scrollWidth ${width})`);
  if (expect.marking) assert.equal(await page.locator('[data-sf="marking"]').count(), 1, `${label}: protective marking banner`);
  // Keyboard: from the top of the page, the first Tab reaches the skip link; Enter moves focus to main.
  if (expect.skipLinkFirst !== false) {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-skip-link') ?? false), true, `${label}: first Tab reaches the skip link`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content', `${label}: skip link moves focus to main`);
  }
  assert.deepEqual(errors, [], `${label}: console or page errors`);
  return page;
}

/** Puts the test app on a free port of 127.0.0.1 for the browser, and returns its base URL. */
export async function listenLocally(app: { listen(o: { host: string; port: number }): Promise<unknown>; server: { address(): unknown } }): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
