/**
 * Stories for `<emergency-contact-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Empty())`), so every state a designer sees is also tested. The form computes
 * no result; its states are empty, part filled, complete, errors, drafts, sending, and read-only.
 */
import '../packages/elements/src/components/emergency-contact-form/emergency-contact-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import { completeContact, contactWithErrors, minimalContact, partContact } from './fixtures/emergency-contact.js';

const noSend = async () => ({ reference: 'EC-STORY-0001' });

const meta = {
  title: 'Forms/Emergency contact',
  component: 'emergency-contact-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('emergency-contact-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty form. */
export const Empty = expecting(meta, {}, { absent: ['error-summary', 'result'] });

/** The personal details only: no emergency contact yet. */
export const PartFilled = expecting(meta, { initialValue: partContact }, { absent: ['error-summary'] });

/** Every question answered: two contacts, the second to be called first, and medical details. */
export const Complete = story(meta, { initialValue: completeContact });

/** The least that can be sent: name, date of birth and one contact with one number. */
export const Minimal = story(meta, { initialValue: minimalContact });

/** One mistake of every kind, with every message shown: as after pressing Submit. */
export const Errors = expecting(meta, { initialValue: contactWithErrors, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: minimalContact, partial: partContact });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the details: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved record shown without editing. */
export const ReadOnly = expecting(meta, { readonly: true, value: completeContact }, { readonly: true });
