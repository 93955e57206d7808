/**
 * The contract every form element passes (STYLE.md §6, after Shoelace's `runFormControlBaseTests`):
 * accessibility, default properties, error summary, events and their order, no events on
 * programmatic changes, FormData inside a host `<form>`, reset, busy submit, failures that keep data.
 * Each form's own test file calls `runFormContractTests(tag, completeAnswers)`.
 */
import { expect, fixture, oneEvent } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import sinon from 'sinon';
import type { SfFormBase } from '../form-base.js';
import { setViewport } from '@web/test-runner-commands';
import { $, $$, goToSection, openCheckAnswers, settle } from './helpers.js';

/** Every typed answer (string of 6 characters or more) in a set of answers. */
function textAnswers(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 6 ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(textAnswers);
  return [];
}

export function runFormContractTests(tag: string, complete: unknown): void {
  const t = unsafeStatic(tag);
  const make = () => fixture<SfFormBase>(html`<${t}></${t}>`);

  describe(`<${tag}> form contract`, () => {
    it('passes accessibility tests when empty', async () => {
      const el = await make();
      await expect(el).to.be.accessible();
    });

    it('has the documented default properties', async () => {
      const el = await make();
      expect(el.endpoint).to.equal(undefined);
      expect(el.method).to.equal('POST');
      expect(el.userId).to.equal(undefined);
      expect(el.readonly).to.equal(false);
      expect(el.noAutofocus).to.equal(false);
      expect(el.headers).to.equal(undefined);
      expect(el.submitHandler).to.equal(undefined);
      expect(el.value).to.deep.equal({});
      expect(el.initialValue).to.deep.equal({});
      expect(el.state).to.equal('idle');
    });

    it('shows a GOV.UK error summary on an empty submit, focuses it, and passes axe', async () => {
      const el = await make();
      const invalid = sinon.spy();
      el.addEventListener('sf-invalid', invalid);
      const receipt = await el.submit();
      await settle(el);
      expect(receipt).to.equal(undefined);
      expect(invalid.calledOnce).to.equal(true);
      const summary = $(el, '.error-summary');
      expect(el.shadowRoot!.activeElement).to.equal(summary);
      expect(summary.querySelector('[role=alert] h2')?.textContent).to.equal('There is a problem');
      const links = $$<HTMLAnchorElement>(el, '.error-summary__list a');
      expect(links.length).to.be.greaterThan(0);
      for (const a of links) expect(a.getAttribute('href')).to.match(/^#f--/);
      await expect(el).to.be.accessible();
    });

    it('fires sf-submit then sf-submitted, sends one envelope, and shows the reference', async () => {
      const el = await make();
      el.value = complete;
      const handler = sinon.stub().resolves({ reference: 'REF-123' });
      el.submitHandler = handler;
      const order: string[] = [];
      el.addEventListener('sf-submit', () => order.push('sf-submit'));
      el.addEventListener('sf-submitted', () => order.push('sf-submitted'));
      const receipt = await el.submit();
      await settle(el);
      expect(receipt?.reference).to.equal('REF-123');
      expect(order).to.deep.equal(['sf-submit', 'sf-submitted']);
      expect(handler.calledOnce).to.equal(true);
      const [envelope, context] = handler.firstCall.args;
      expect(envelope.formId).to.be.a('string');
      expect(envelope.data).to.deep.equal(el.value);
      expect(context.idempotencyKey).to.match(/^[0-9a-f-]{36}$/);
      expect($(el, '[part~=reference]').textContent).to.equal('REF-123');
      await expect(el).to.be.accessible();
    });

    it('stops when sf-submit is cancelled', async () => {
      const el = await make();
      el.value = complete;
      const handler = sinon.stub().resolves({});
      el.submitHandler = handler;
      el.addEventListener('sf-submit', (e) => e.preventDefault());
      expect(await el.submit()).to.equal(undefined);
      expect(handler.called).to.equal(false);
    });

    it('sends one request however often submit is pressed, with the button busy meanwhile', async () => {
      const el = await make();
      el.value = complete;
      let release!: (v: { reference: string }) => void;
      const handler = sinon.stub().returns(new Promise((r) => (release = r)));
      el.submitHandler = handler;
      await openCheckAnswers(el);
      const button = $<HTMLButtonElement>(el, '#submit');
      button.click();
      await settle(el);
      button.click();
      button.click();
      const again = el.submit();
      await settle(el);
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(el.state).to.equal('sending');
      release({ reference: 'ONE' });
      expect((await again)?.reference).to.equal('ONE');
      expect(handler.calledOnce).to.equal(true);
    });

    it('keeps every answer and says so when sending fails, then succeeds with the same key', async () => {
      const el = await make();
      el.value = complete;
      el.retryPolicy = { attempts: 1 };
      const before = el.value;
      const handler = sinon.stub();
      handler.onFirstCall().rejects(new Error('backend down'));
      handler.onSecondCall().resolves({ reference: 'LATER' });
      el.submitHandler = handler;
      const failed = oneEvent(el, 'sf-submit-error');
      await el.submit().catch(() => undefined);
      expect((await failed).detail.kind).to.equal('unknown');
      await settle(el);
      expect(el.state).to.equal('failed');
      expect(el.value).to.deep.equal(before);
      expect($(el, '[part~=submit-error]').textContent).to.contain('Your answers are still here');
      expect($(el, '[part~=submit-error]').textContent).not.to.contain('backend down');
      await expect(el).to.be.accessible();
      await el.submit();
      expect(handler.firstCall.args[1].idempotencyKey).to.equal(handler.secondCall.args[1].idempotencyKey);
    });

    it('fires no sf-change when the value is set in code', async () => {
      const el = await make();
      const change = sinon.spy();
      el.addEventListener('sf-change', change);
      el.value = complete;
      el.initialValue = complete;
      await settle(el);
      expect(change.called).to.equal(false);
    });

    it('fires sf-change with the pointer when the user types', async () => {
      const el = await make();
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=text], textarea')!;
      setTimeout(() => {
        input.value = 'typed';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      const event = await oneEvent(el, 'sf-change');
      expect(event.detail.pointer).to.equal(input.name);
      expect(event.bubbles && event.composed).to.equal(true);
    });

    it('gives its JSON value to a host <form> with form-value="answers", and resets with it', async () => {
      const host = await fixture<HTMLFormElement>(html`<form><${t} name="record" form-value="answers"></${t}></form>`);
      const el = host.querySelector<SfFormBase>(tag)!;
      el.initialValue = { };
      el.value = complete;
      await settle(el);
      const sent = JSON.parse(String(new FormData(host).get('record')));
      expect(sent).to.deep.equal(el.value);
      host.reset();
      await settle(el);
      expect(el.value).to.deep.equal({});
      expect(JSON.parse(String(new FormData(host).get('record')))).to.deep.equal({});
    });

    it('reflows at 320 CSS pixels without horizontal scrolling, in every section, with every answer given', async () => {
      await setViewport({ width: 320, height: 640 });
      try {
        const el = await make();
        el.value = complete;
        await settle(el);
        const sections = Math.max(1, $$(el, '.sections__link').length);
        for (let i = 0; i < sections; i++) {
          if (sections > 1) await goToSection(el, i);
          expect(el.scrollWidth, `section ${i + 1}`).to.be.at.most(320);
          expect(document.documentElement.scrollWidth, `section ${i + 1}`).to.be.at.most(320);
        }
        await openCheckAnswers(el);
        expect(el.scrollWidth, 'check your answers').to.be.at.most(320);
        expect(document.documentElement.scrollWidth, 'check your answers').to.be.at.most(320);
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });

    it('logs no Lit warnings and none of the answers while rendering, typing and submitting', async () => {
      const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
      const marker = 'Zz-Contract-Marker-Name';
      try {
        const el = await make();
        el.value = complete;
        await settle(el);
        const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=text]:not([inputmode]), textarea');
        if (input) {
          input.value = marker;
          input.dispatchEvent(new Event('input'));
          input.dispatchEvent(new Event('change'));
        }
        await settle(el);
        el.submitHandler = async () => ({ reference: 'R' });
        await el.submit().catch(() => undefined);
        const logged = spies.flatMap((spy) => spy.getCalls().map((c) => c.args.map(String).join(' ')));
        expect(logged.filter((l) => /lit\.dev\/msg/.test(l))).to.deep.equal([]);
        const answers = [marker, ...textAnswers(complete)];
        expect(logged.filter((l) => answers.some((a) => l.includes(a)))).to.deep.equal([]);
      } finally {
        spies.forEach((spy) => spy.restore());
      }
    });

    it('reports invalid validity to a host <form> until complete', async () => {
      const host = await fixture<HTMLFormElement>(html`<form><${t} name="record"></${t}></form>`);
      const el = host.querySelector<SfFormBase>(tag)!;
      await settle(el);
      expect(host.checkValidity()).to.equal(false);
      el.value = complete;
      await settle(el);
      expect(host.checkValidity()).to.equal(true);
    });
  });
}
