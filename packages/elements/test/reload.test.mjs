// Issue #13 item 3: what was typed just before a reload or a navigation must be in the draft when the
// page opens again (the flush on `pagehide`), not only what the 700 ms autosave had written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { LAUNCH, page, serve } from './serve.mjs';

const pages = {
  '/form.html': page('<emergency-contact-form user-id="reload.test" endpoint="/api/records"></emergency-contact-form>'),
  '/next.html': page('<p>Another page</p>'),
};

let server;
let browser;
before(async () => {
  server = await serve(pages);
  browser = await chromium.launch(LAUNCH);
});
after(async () => {
  await browser?.close();
  server?.close();
});

const NAME = '#f--personal--name';

async function openForm(tab) {
  await tab.goto(`${server.origin}/form.html`);
  // Drafts are ready once the form says how long they are kept.
  await tab.locator('emergency-contact-form [part~="draft-kept"]').waitFor({ timeout: 10_000 });
  return tab.locator(`emergency-contact-form ${NAME}`);
}

for (const how of ['reload', 'navigation']) {
  test(`typing just before a ${how} is restored (5 tries, 50 ms after the last key)`, async () => {
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      let field = await openForm(tab);
      let expected = '';
      for (let i = 1; i <= 5; i++) {
        await field.click();
        const typed = ` try${i}`;
        await tab.keyboard.type(typed);
        expected += typed;
        await tab.waitForTimeout(50);
        if (how === 'reload') await tab.reload();
        else {
          await tab.goto(`${server.origin}/next.html`);
          await tab.goto(`${server.origin}/form.html`);
        }
        field = await openForm(tab);
        await tab.locator('emergency-contact-form [part~="draft-restored"]').waitFor({ timeout: 5000 });
        assert.equal(await field.inputValue(), expected, `after ${how} ${i}`);
      }
    } finally {
      await context.close();
    }
  });
}
