/**
 * Stories for `<emergency-contact-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Empty())`), so every state a designer sees is also tested.
 */
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../packages/elements/src/components/emergency-contact-form/emergency-contact-form.js';
import type EmergencyContactForm from '../packages/elements/src/components/emergency-contact-form/emergency-contact-form.component.js';
import { completeContact, contactWithErrors, minimalContact } from './fixtures/emergency-contact.js';

export default {
  title: 'Forms/Emergency contact',
  component: 'emergency-contact-form',
  tags: ['autodocs'],
};

const noSend = async () => ({ reference: 'EC-STORY-0001' });

/** Shows every error at once, as after pressing Submit (without moving focus). */
const showErrors = (el?: Element) => {
  if (el) (el as EmergencyContactForm).validate();
};

/** A new, empty form. */
export const Empty = () => html`<emergency-contact-form .submitHandler=${noSend}></emergency-contact-form>`;

/** Every question answered: two contacts, the second to be called first, and medical details. */
export const Complete = () => html`<emergency-contact-form .initialValue=${completeContact} .submitHandler=${noSend}></emergency-contact-form>`;

/** The least that can be sent: name, date of birth and one contact with one number. */
export const Minimal = () => html`<emergency-contact-form .initialValue=${minimalContact} .submitHandler=${noSend}></emergency-contact-form>`;

/** One mistake of every kind, with every message shown: as after pressing Submit. */
export const Errors = () =>
  html`<emergency-contact-form no-autofocus .initialValue=${contactWithErrors} .submitHandler=${noSend} ${ref(showErrors)}></emergency-contact-form>`;

/** A saved record shown without editing. */
export const ReadOnly = () => html`<emergency-contact-form readonly .value=${completeContact}></emergency-contact-form>`;
