/**
 * <safety-form> fetches what it shows: a generated form's own chunk by id, the interpreting validator
 * only for an organisation's schema. A chunk that cannot load (offline after the first paint) says so
 * plainly and keeps the answers; Try again loads it. The imports really fail here (Chromium fetching a
 * chunk that is not there); these tests run before anything has loaded in this file's page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { DEFAULT_MAX_SCHEMA_BYTES, forms, scorers } from '@safety-forms/core';
import { $, settle } from '../../internal/test/helpers.js';
import { builtInForms } from './built-in-forms.js';
import type SafetyForm from './safety-form.component.js';
import { safetyFormLoaders } from './safety-form.component.js';
import './safety-form.js';

const NOTICE = 'This part of the form could not load. Your answers are kept. Check your connection and try again.';
const real = { ...safetyFormLoaders };
let missing = 0;
const failing = () => import(/* @vite-ignore */ `/no-such-chunk-${++missing}.js`);

describe('<safety-form>: chunks on demand', () => {
  afterEach(() => Object.assign(safetyFormLoaders, real));

  it('knows the same generated forms and scorers as core, and the same largest schema', async () => {
    expect(Object.keys(builtInForms).sort()).to.deep.equal(Object.keys(forms).sort());
    for (const [id, load] of Object.entries(builtInForms)) {
      const { form, score } = await load();
      // (The test server may serve core's modules under two names: compare what they are, not identity.)
      expect([form.id, form.version, JSON.stringify(form.schema).length], id).to.deep.equal([id, forms[id]!.version, JSON.stringify(forms[id]!.schema).length]);
      expect(score === undefined ? null : score.name, id).to.equal(scorers[id] === undefined ? null : scorers[id]!.name);
    }
    const el = document.createElement('safety-form');
    expect(el.maxSchemaBytes).to.equal(DEFAULT_MAX_SCHEMA_BYTES);
  });

  it('an organisation schema whose validator cannot load: says so, and loads on Try again', async () => {
    safetyFormLoaders.interpreter = failing as typeof real.interpreter;
    const el = await fixture<SafetyForm>(html`<safety-form schema-src="/demo/schemas/lone-working-check.schema.json" draft="off"></safety-form>`);
    await el.schemaReady;
    await settle(el);
    const notice = $(el, '[part~=load-failed]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.querySelector('p')!.textContent).to.equal(NOTICE);
    expect(el.shadowRoot!.querySelector('[part=schema-error]')).to.equal(null);
    await expect(el).to.be.accessible();
    Object.assign(safetyFormLoaders, real);
    $<HTMLButtonElement>(el, '[part~=load-retry-button]').click();
    await settle(el);
    await el.schemaReady;
    await settle(el);
    expect($(el, '[part=title]').textContent).to.equal('Lone working visit check-in');
    expect(el.shadowRoot!.querySelector('[part~=load-failed]')).to.equal(null);
  });

  it('a generated form whose chunk cannot load keeps the answers: back on it, they are all there', async () => {
    const el = await fixture<SafetyForm>(html`<safety-form form="threat-report" draft="off"></safety-form>`);
    expect($(el, '[part=title]').textContent).to.equal('Threat report');
    const answers = { report: { receiverName: '<b>Kept</b> \u202E', reporterName: 'x'.repeat(10_000) } };
    el.value = answers;
    await settle(el);
    safetyFormLoaders.builtIn = (() => failing()) as typeof real.builtIn;
    el.formId = 'risk-matrix';
    await settle(el);
    expect($(el, '[part~=load-failed] p').textContent).to.equal(NOTICE);
    await expect(el).to.be.accessible();
    // Try again while still offline: the notice stays.
    $<HTMLButtonElement>(el, '[part~=load-retry-button]').click();
    await settle(el);
    expect($(el, '[part~=load-failed] p').textContent).to.equal(NOTICE);
    // The user goes back to the threat report (its chunk is on this page): every answer is there.
    Object.assign(safetyFormLoaders, real);
    el.formId = 'threat-report';
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part~=load-failed]')).to.equal(null);
    expect(el.value).to.deep.equal(answers);
    // And the other form loads once the connection is back.
    el.formId = 'risk-matrix';
    await settle(el);
    expect($(el, '[part=title]').textContent).to.contain('Risk');
  });
});
