/**
 * Stories for `<traffic-light-referral-form>`. They are Storybook CSF, and the element tests use them
 * as fixtures (`fixture(Red())`), so every state a designer sees is also tested: RED, AMBER and GREEN,
 * errors, drafts, every stage of sending, and read-only.
 */
import '../packages/elements/src/components/traffic-light-referral-form/traffic-light-referral-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, type FormMeta } from './helpers.js';
import { amberReferral, completeReferral, greenReferral, partReferral, redReferral } from './fixtures/traffic-light-referral.js';

const noSend = async () => ({ reference: 'TL-STORY-0001' });

const meta = {
  title: 'Forms/Traffic light referral',
  component: 'traffic-light-referral-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('traffic-light-referral-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty referral: "Not yet classified" until the type of referral is answered. */
export const Empty = expecting(meta, {}, { result: { status: 'incomplete' }, absent: ['error-summary'] });

/** The referral answered (so the status shows), the visit and the check-in not yet. */
export const PartFilled = expecting(meta, { initialValue: partReferral }, { result: { status: 'amber' } });

/** Submit pressed on a part-filled referral: the error summary and each missing answer's error. */
export const WithErrors = expecting(meta, { initialValue: partReferral, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** RED: STOP. A self-referral by a service user known to have a history of violence; an Individual Risk Assessment first. */
export const Red = expecting(meta, { initialValue: redReferral }, { result: { status: 'red', label: 'RED' }, parts: ['result-icon'] });

/** AMBER: PROCEED WITH CAUTION. Another agency's referral with no risk assessment, a first visit, history not known. */
export const Amber = expecting(meta, { initialValue: amberReferral }, { result: { status: 'amber', label: 'AMBER' } });

/** GREEN: GO. Previously known to ICS with no history of violence, and the other agency's risk assessment available. */
export const Green = expecting(meta, { initialValue: greenReferral }, { result: { status: 'green', label: 'GREEN' } });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: completeReferral, partial: partReferral });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the referral: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved RED referral shown without editing. */
export const ReadOnly = expecting(meta, { readonly: true, value: redReferral }, { readonly: true, result: { status: 'red' } });
