/**
 * Core's checking code (validation, its GOV.UK messages, the snapshot per change) is a chunk of its own,
 * fetched with the first validator, and at once for a form that came with its validator (on-demand.ts).
 * When it cannot load, the form says so plainly, keeps every answer, Submit still sends (the service
 * validates on receipt), and Try again brings it. The import really fails here: Chromium fetching a
 * chunk that is not there. One test, before the checking code has loaded on this file's page.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { FormDefinition, FormSchema } from '@safety-forms/core';
import sinon from 'sinon';
import { validatorLoader } from './on-demand.js';
import { defaultStrings as S } from './strings.js';
import { $, $$, settle, setInput, type SfTestForm } from './test/helpers.js';

const schema: FormSchema = {
  title: 'Visit note',
  type: 'object',
  required: ['note'],
  properties: { note: { type: 'string', title: 'What happened at the visit' }, place: { type: 'string', title: 'Where it was' } },
};

/** A form that comes with its validator: the note is required. */
function definition(): FormDefinition {
  const validate = Object.assign(
    (data: { note?: unknown }) => {
      const ok = typeof data?.note === 'string' && data.note.length > 0;
      validate.errors = ok ? null : [{ instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'note' }, message: "must have required property 'note'" }];
      return ok;
    },
    { errors: null as unknown[] | null },
  );
  return { id: 'visit-note', version: '0.0.0', schema, validate } as unknown as FormDefinition;
}

const HOSTILE = `<img src=x onerror="window.__pwned=1"> \u202Eevil ${'é'.repeat(5_000)}`;
const real = { ...validatorLoader };

describe('checking code that cannot load', () => {
  afterEach(() => Object.assign(validatorLoader, real));

  it('says so, keeps the answers, sends unchecked, and checks them once Try again brings it', async () => {
    validatorLoader.check = () => import(/* @vite-ignore */ `/no-such-chunk-${'check'}.js`);

    // Submit without it: the record goes as it is, once (the service validates it on receipt).
    const handler = sinon.fake.resolves({ reference: 'VN-1' });
    const sent = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${definition()} .submitHandler=${handler}></sf-test-form>`);
    setInput(sent, '#f--place', HOSTILE);
    await settle(sent);
    const invalid = sinon.spy();
    sent.addEventListener('sf-invalid', invalid);
    await sent.submit();
    expect(invalid.called, 'not refused unchecked').to.equal(false);
    expect(handler.callCount).to.equal(1);
    expect((handler.firstCall.args[0] as { data: unknown }).data).to.deep.equal({ place: HOSTILE });
    expect(sent.state).to.equal('sent');

    const el = await fixture<SfTestForm>(html`<sf-test-form draft="off" .definition=${definition()}></sf-test-form>`);
    await settle(el);
    const notice = $(el, '[part~=load-failed]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.querySelector('p')!.textContent).to.equal(S.validatorUnavailable);
    expect(notice.textContent).not.to.match(/Error|import|\.js|chunk/);
    // Not checked: never valid, nothing shown as wrong.
    expect(el.validate()).to.deep.equal({ valid: false, errors: [] });

    setInput(el, '#f--place', HOSTILE);
    await settle(el);
    expect(el.value).to.deep.equal({ place: HOSTILE });
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    await expect(el).to.be.accessible();

    // Back: Try again brings it, the notice goes, and the answers are checked.
    Object.assign(validatorLoader, real);
    $<HTMLButtonElement>(el, '[part~=load-retry-button]').click();
    await waitUntil(() => !el.shadowRoot!.querySelector('[part~=load-failed]'), 'the notice goes once the checking code is here');
    const checked = el.validate();
    expect(checked.valid).to.equal(false);
    expect(checked.errors.map((e) => e.pointer)).to.deep.equal(['/note']);
    await settle(el);
    expect($$(el, '[part~=error-summary] a').map((a) => a.getAttribute('href'))).to.deep.equal(['#f--note']);
    expect(el.value).to.deep.equal({ place: HOSTILE });
    await expect(el).to.be.accessible();
  });
});
