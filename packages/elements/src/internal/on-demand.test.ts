/**
 * Check your answers, print and the downloads arrive as chunks of their own (on-demand.ts). When they
 * cannot (the connection went after the first paint), the form says so plainly, keeps every answer,
 * and loads them on Try again. The imports really fail here: Chromium fetching a chunk that is not
 * there. These tests run first in this file's page, before any part has loaded on it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { FormSchema } from '@safety-forms/core';
import sinon from 'sinon';
import { partLoaders, type PartName } from './on-demand.js';
import { defaultStrings as S } from './strings.js';
import { $, $$, settle, setInput, testDefinition, type SfTestForm } from './test/helpers.js';

const schema: FormSchema = {
  title: 'Incident record',
  type: 'object',
  properties: {
    about: { type: 'object', title: 'About you', properties: { name: { type: 'string', title: 'Your name' } } },
    incident: { type: 'object', title: 'The incident', properties: { what: { type: 'string', title: 'What happened', 'x-ui': { widget: 'textarea' } } } },
  },
};

const HOSTILE = `<img src=x onerror="window.__pwned=1"> \u202Eevil ${'é'.repeat(10_000)}`;

/** Every part's loader as it was, to put back. */
const real = { ...partLoaders };
let missing = 0;
/** Offline: each part's import() asks for a chunk the server does not have. */
function goOffline(): void {
  for (const name of Object.keys(partLoaders) as PartName[]) {
    (partLoaders as Record<PartName, () => Promise<unknown>>)[name] = () => import(/* @vite-ignore */ `/no-such-chunk-${name}-${++missing}.js`);
  }
}
function backOnline(): void {
  Object.assign(partLoaders, real);
}

describe('parts loaded on demand: a chunk that cannot load', () => {
  afterEach(backOnline);

  it('keeps every answer, says so plainly, and loads check your answers, downloads and print on Try again', async () => {
    goOffline();
    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${testDefinition(schema, 'incident-record')}></sf-test-form>`);
    setInput(el, '#f--about--name', HOSTILE);
    await settle(el);
    // The idle preload fails quietly: nothing the user asked for is missing yet.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part~=load-failed]')).to.equal(null);

    // The last section, then "Check your answers": its summary cannot load.
    $$<HTMLButtonElement>(el, '.sections__link')[1]!.click();
    await settle(el);
    setInput(el, '#f--incident--what', 'A visitor shouted at the reception desk.');
    await settle(el);
    $<HTMLButtonElement>(el, '#continue').click();
    await settle(el);
    const notice = $(el, '[part~=load-failed]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.querySelector('p')!.textContent).to.equal('This part of the form could not load. Your answers are kept. Check your connection and try again.');
    expect(notice.textContent).not.to.match(/Error|import|\.js/);
    expect($(el, '[part~=check-answers] h3').textContent).to.equal(S.checkAnswersTitle);
    expect(el.value).to.deep.equal({ about: { name: HOSTILE }, incident: { what: 'A visitor shouted at the reception desk.' } });
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    await expect(el).to.be.accessible();

    // Download JSON cannot load either: no file, the same notice, the answers as they were.
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click');
    try {
      $<HTMLButtonElement>(el, '[part~=download-button]').click();
      await settle(el);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(click.callCount).to.equal(0);
      expect($$(el, '[part~=load-failed]')).to.have.length(1);

      // The connection is back: Try again brings the summary, with every answer.
      backOnline();
      $<HTMLButtonElement>(el, '[part~=load-retry-button]').click();
      await settle(el);
      await waitUntil(() => el.shadowRoot!.querySelector('.summary-list__row'), 'the summary is drawn');
      expect(el.shadowRoot!.querySelector('[part~=load-failed]')).to.equal(null);
      const values = $$(el, '.summary-list__value').map((v) => v.textContent!.trim());
      expect(values).to.include(HOSTILE.trim());
      expect(values).to.include('A visitor shouted at the reception desk.');
      expect(el.value).to.deep.equal({ about: { name: HOSTILE }, incident: { what: 'A visitor shouted at the reception desk.' } });
      await expect(el).to.be.accessible();

      // And the download the user asked for now works.
      $<HTMLButtonElement>(el, '[part~=download-button]').click();
      await waitUntil(() => click.callCount === 1, 'the record is downloaded');
      expect((click.firstCall.thisValue as HTMLAnchorElement).download).to.match(/^incident-record-\d{4}-\d{2}-\d{2}\.json$/);
    } finally {
      click.restore();
    }

    // Print, which failed only as a preload, arrives with the next use: printing holds every answer.
    await waitUntil(async () => {
      window.dispatchEvent(new Event('beforeprint'));
      await el.updateComplete;
      const printed = !!el.shadowRoot!.querySelector('[part=print-header]');
      window.dispatchEvent(new Event('afterprint'));
      await el.updateComplete;
      return printed;
    }, 'printing works once its chunk is here');
  });
});
