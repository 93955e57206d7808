// End to end in real Chromium: a completed risk matrix on the demo page, printed to PDF with headless
// `page.pdf()` while the user is in the middle of a section. The printed pages must be a marked,
// readable record (issue #7): RESTRICTED at the top and bottom of every page, the form's title, schema
// version and today's date, every section's answers (not just the open section), each section on a
// new page, and no buttons. Run after the build (`node scripts/build.mjs`): it serves the built bundle.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { ROOT, startReceiver } from './helpers.mjs';

// pdfjs-dist's legacy build still needs Promise.withResolvers, which Node 20 lacks.
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new this((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');

const LAUNCH = {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};
const WAIT = 15_000;
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas/risk-matrix.schema.json'), 'utf8'));

/** The stories' risk matrix fixtures (TypeScript), bundled at test time and imported from a data: URL. */
async function loadFixtures() {
  const out = await build({
    entryPoints: [join(ROOT, 'stories/fixtures/risk-matrix.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** The text of each page, as lines sorted from the top of the page down: `{ y, text }` (y from the bottom, in points). */
async function pdfPages(bytes) {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false });
  const doc = await task.promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { items } = await page.getTextContent();
    const lines = new Map();
    for (const item of items) {
      if (!item.str?.trim()) continue;
      const y = Math.round(item.transform[5]);
      lines.set(y, `${lines.get(y) ?? ''}${lines.has(y) ? ' ' : ''}${item.str}`.replace(/\s+/g, ' ').trim());
    }
    const sorted = [...lines].sort((a, b) => b[0] - a[0]).map(([y, text]) => ({ y, text }));
    pages.push({ lines: sorted, text: sorted.map((l) => l.text).join('\n'), height: page.view[3] });
  }
  await task.destroy();
  return pages;
}

describe('printing a completed risk matrix to PDF', { timeout: 120_000 }, () => {
  let browser;
  let rx;
  let fixtures;

  before(async () => {
    fixtures = await loadFixtures();
    rx = await startReceiver();
    browser = await chromium.launch(LAUNCH);
  });

  after(async () => {
    await browser?.close();
    await rx?.close();
  });

  it('prints marked pages with every section, the title, version and date, and no buttons', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT);
      const pageErrors = [];
      page.on('pageerror', (err) => pageErrors.push(String(err)));
      const response = await page.goto(`${rx.base}/demo/form.html?form=risk-matrix`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200);
      await page.waitForFunction(() => !!document.querySelector('risk-matrix-form')?.shadowRoot?.querySelector('[part=title]'));
      const data = fixtures.withActionPlan;
      // A completed matrix, and the user in the middle of section 2 with focus in a question.
      await page.evaluate(async (value) => {
        const el = document.querySelector('risk-matrix-form');
        el.value = value;
        await el.updateComplete;
        el.shadowRoot.querySelectorAll('[part~=section-link]')[1].click();
        await el.updateComplete;
        el.shadowRoot.querySelector('input[type=radio]').focus();
      }, data);
      assert.equal(await page.evaluate(() => document.querySelector('risk-matrix-form').shadowRoot.querySelector('#section-heading').textContent), 'A. Nature of Threat');

      const scrolled = await page.evaluate(() => scrollY);
      assert.ok(scrolled > 0, 'the page is scrolled down to the question, as a user would be');
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = await pdfPages(pdf);
      const all = pages.map((p) => p.text).join('\n');
      if (process.env.SF_PRINT_DEBUG) console.log(pages.map((p, i) => `--- page ${i + 1}\n${p.lines.map((l) => `${l.y}\t${l.text}`).join('\n')}`).join('\n'));

      assert.ok(pages.length > 1, `pages: ${pages.length}`);
      // The marking at the top and at the bottom of every page.
      pages.forEach((p, i) => {
        assert.equal(p.lines[0]?.text, SCHEMA['x-marking'], `page ${i + 1} top: ${p.lines[0]?.text}`);
        assert.equal(p.lines.at(-1)?.text, SCHEMA['x-marking'], `page ${i + 1} bottom: ${p.lines.at(-1)?.text}`);
        assert.ok(p.lines[0].y > p.height - 60, `page ${i + 1}: the marking is at the very top (y ${p.lines[0].y} of ${p.height})`);
        assert.ok(p.lines.at(-1).y < 60, `page ${i + 1}: the marking is at the very bottom (y ${p.lines.at(-1).y})`);
        // Nothing runs under the header (40pt) or the footer (28pt): the page keeps those bands clear.
        for (const line of p.lines.slice(2, -1)) {
          assert.ok(line.y > 28 && line.y < p.height - 40 - 8, `page ${i + 1}: "${line.text}" (y ${line.y}) is clear of the header and footer`);
        }
      });
      // The form title, the schema version and today's date (in the header of every page).
      const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
      for (const [i, p] of pages.entries()) {
        const header = p.lines[1]?.text ?? '';
        assert.ok(header.includes(SCHEMA.title), `page ${i + 1} header: ${header}`);
        assert.ok(header.includes(`Version ${SCHEMA['x-version']}`), `page ${i + 1} header: ${header}`);
        assert.ok(header.includes(`Printed ${today}`), `page ${i + 1} header: ${header}`);
      }
      // Answers from several sections, with the questions' labels (not just the open section).
      assert.ok(all.includes(fixtures.FAKE_ASSESSOR), 'About this assessment: the assessor');
      assert.ok(all.includes('20 November 2026'), 'the assessment date, readable');
      assert.ok(all.includes(fixtures.FAKE_TARGET), 'Action plan: a potential target');
      const sectionTitles = Object.values(SCHEMA.properties).map((s) => s.title);
      for (const title of sectionTitles) assert.ok(all.includes(title), `section ${title}`);
      // Each section starts on a new page: its heading is the first line under the header.
      for (const title of sectionTitles.slice(1)) {
        const at = pages.findIndex((p) => p.lines.some((l) => l.text === title));
        assert.ok(at > 0, `${title} is printed`);
        const body = pages[at].lines.slice(2, -1).filter((l) => !/^\s*$/.test(l.text));
        assert.equal(body[0]?.text, title, `${title} starts page ${at + 1}; it begins with: ${body[0]?.text}`);
      }
      // No buttons, links to change answers or section navigation in print.
      for (const word of ['Submit', 'Save draft', 'Continue', 'Change', 'Next section', 'Previous section', 'Download answers', 'Check your answers']) {
        assert.ok(!pages.some((p) => p.lines.some((l) => l.text === word || l.text.startsWith(`${word} `))), `"${word}" is not printed`);
      }
      assert.ok(!all.includes('Draft'), 'no draft banners');

      // After printing, the user is back where they were: the section, with focus in the question.
      await page.waitForFunction(() => !document.querySelector('risk-matrix-form').shadowRoot.querySelector('.print-only'));
      assert.equal(
        await page.evaluate(() => document.querySelector('risk-matrix-form').shadowRoot.activeElement?.getAttribute('type')),
        'radio',
      );
      assert.equal(await page.evaluate(() => scrollY), scrolled, 'and the page scrolled where it was');

      // One page as an image, to look at (print media, as the PDF).
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: '/tmp/safety-forms-print.png', fullPage: false });
      await page.emulateMedia({ media: 'screen' });
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
