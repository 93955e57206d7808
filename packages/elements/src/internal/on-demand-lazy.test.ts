/**
 * A page with one form loads only what its first screen draws: check your answers, print and the
 * downloads and the delivery code are fetched after it, when the page is idle, each once (on-demand.ts). The first test in
 * this file's page, before any part has loaded on it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { partLoaders, type PartName } from './on-demand.js';
import { $, settle, testDefinition, type SfTestForm } from './test/helpers.js';

const real = { ...partLoaders };

describe('parts loaded on demand', () => {
  afterEach(() => Object.assign(partLoaders, real));

  it('are fetched after the first screen, once each, and a second form on the page draws them at once', async () => {
    const calls: PartName[] = [];
    // Whether the form's first section was on screen when a part was asked for.
    const drawn: boolean[] = [];
    for (const name of Object.keys(partLoaders) as PartName[]) {
      const load = real[name] as () => Promise<unknown>;
      (partLoaders as Record<PartName, () => Promise<unknown>>)[name] = () => {
        calls.push(name);
        drawn.push(!!document.querySelector('sf-test-form')?.shadowRoot?.querySelector('[part~=section] input'));
        return load();
      };
    }
    const definition = testDefinition({ title: 'Note', type: 'object', properties: { note: { type: 'string', title: 'Note' } } }, 'note');
    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${definition}></sf-test-form>`);
    expect($(el, '[part~=section] input')).to.exist;
    await waitUntil(() => calls.length === 4, 'every part preloaded once the page is idle', { timeout: 5000 });
    expect([...calls].sort()).to.deep.equal(['delivery', 'download', 'print', 'summary']);
    expect(drawn, 'each asked for after the first screen was drawn').to.deep.equal([true, true, true, true]);

    // A read-only record on the same page: its summary is there in its first render, nothing fetched again.
    const record = await fixture<SfTestForm>(html`<sf-test-form readonly .definition=${definition} .value=${{ note: 'Kept' }}></sf-test-form>`);
    await settle(record);
    expect($(record, '.summary-list__value').textContent!.trim()).to.equal('Kept');
    expect(calls).to.have.length(4);
  });
});
