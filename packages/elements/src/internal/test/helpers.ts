/** Helpers for element tests: shadow-root queries, keyboard navigation, and a test form element. */
import type { FormDefinition, FormSchema } from '@safety-forms/core';
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SfFormBase } from '../form-base.js';
import { SfFormBase as Base } from '../form-base.js';

export function $<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
}

export function $$<T extends Element = HTMLElement>(el: Element, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

export function active(el: Element): Element | null {
  return el.shadowRoot!.activeElement;
}

/**
 * Presses Tab until the focused element in `el`'s shadow root matches `selector` (at most `max`
 * presses). Proves the element is reachable with the keyboard alone.
 */
export async function tabTo(el: Element, selector: string, max = 120): Promise<HTMLElement> {
  for (let i = 0; i < max; i++) {
    const now = active(el);
    if (now?.matches(selector)) return now as HTMLElement;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${selector}; last focus: ${active(el)?.outerHTML.slice(0, 120)}`);
}

/** Tabs to a text input and types into it; Tab afterwards commits it (change event). */
export async function typeInto(el: Element, selector: string, text: string): Promise<void> {
  await tabTo(el, selector);
  await sendKeys({ type: text });
}

/**
 * Goes on to "Check your answers" with the keyboard (the last section's Continue, or the way back after
 * a Change link, or the section navigation's entry, whichever Tab reaches first), tabs to the Submit
 * button there, presses Enter, and waits for the backend's confirmation (`sf-submitted`).
 */
export async function submitWithKeyboard(el: SfFormBase): Promise<void> {
  if (!el.shadowRoot!.querySelector('#submit')) {
    await tabTo(el, '#continue, [part~=return-to-check-button], [part~=check-answers-link]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
  }
  await tabTo(el, '#submit');
  const submitted = oneEvent(el, 'sf-submitted');
  await sendKeys({ press: 'Enter' });
  await submitted;
  await settle(el);
}

/** Focus a radio group by Tab and pick option `index` (0-based) with Space and arrow keys only. */
export async function chooseRadio(el: Element, id: string, index: number): Promise<void> {
  await tabTo(el, `input[type=radio][name="${id}"]`);
  await sendKeys({ press: 'Space' });
  for (let i = 0; i < index; i++) await sendKeys({ press: 'ArrowDown' });
}

/** Runs axe in every section of the form, opening each through the section navigation. */
export async function expectAccessibleInEverySection(el: SfFormBase): Promise<void> {
  const sections = Math.max(1, $$(el, '.sections__link').length);
  for (let i = 0; i < sections; i++) {
    if (sections > 1) await goToSection(el, i);
    await expect(el).to.be.accessible();
  }
}

/** Opens "Check your answers" (where Submit is) through the section navigation, or a one-section form's Continue button. */
export async function openCheckAnswers(el: SfFormBase): Promise<void> {
  const root = el.shadowRoot!;
  const button = root.querySelector<HTMLButtonElement>('[part~=check-answers-link]') ?? root.querySelector<HTMLButtonElement>('#continue, [part~=return-to-check-button]');
  if (!button) throw new Error(`no way to "Check your answers" in <${el.localName}>`);
  button.click();
  await settle(el);
}

/** Opens section `index` (0-based) through the section navigation. */
export async function goToSection(el: SfFormBase, index: number): Promise<void> {
  $$<HTMLButtonElement>(el, '.sections__link')[index]!.click();
  await settle(el);
}

/** Sets an input or textarea as typing would: `input`, then `change`. Call `settle` before reading the result. */
export function setInput(el: Element, selector: string, value: string): void {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('change'));
}

export async function settle(el: SfFormBase): Promise<void> {
  await el.updateComplete;
  await el.updateComplete;
}

/** A form element for test schemas: renders whatever `definition` it is given. */
export class SfTestForm extends Base {
  static override properties = { definition: { attribute: false } };
  declare definition?: FormDefinition;
  protected override get form(): FormDefinition | undefined {
    return this.definition;
  }
}
if (!customElements.get('sf-test-form')) customElements.define('sf-test-form', SfTestForm);

/** A definition for a test schema. The validator accepts everything (the real ones are generated). */
export function testDefinition(schema: FormSchema, id = 'test-form'): FormDefinition {
  const validate = Object.assign(() => true, { errors: null });
  return { id, version: '0.0.0', schema, validate };
}

declare global {
  interface HTMLElementTagNameMap {
    'sf-test-form': SfTestForm;
  }
}
