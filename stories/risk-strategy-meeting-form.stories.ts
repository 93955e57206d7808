/**
 * Stories for `<risk-strategy-meeting-form>`. They are Storybook CSF, and the element tests use them
 * as fixtures (`fixture(Empty())`), so every state a designer sees is also tested. The form computes
 * no result; its states are empty, part filled, the smallest valid record, a full record, a threat the
 * Group found not valid, errors, drafts, every stage of sending, and read-only.
 */
import '../packages/elements/src/components/risk-strategy-meeting-form/risk-strategy-meeting-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import { meetingWithErrors, minimalMeeting, notValidMeeting, partMeeting, validMeeting } from './fixtures/risk-strategy-meeting.js';

const noSend = async () => ({ reference: 'RSM-STORY-0001' });

const meta = {
  title: 'Forms/Risk Strategy Group meeting',
  component: 'risk-strategy-meeting-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('risk-strategy-meeting-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty meeting record, marked RESTRICTED. */
export const Empty = expecting(meta, {}, { parts: ['marking'], absent: ['error-summary', 'result'], text: ['RESTRICTED'] });

/** Submitted empty: the error summary and every required answer's error. */
export const WithErrors = expecting(meta, { 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** The date, venue and time, and the members; nothing assessed yet. */
export const PartFilled = expecting(meta, { initialValue: partMeeting }, { absent: ['error-summary'] });

/** The least that can be sent: when and where, one member, the threat outline, the assessment and one agreed action. */
export const Minimal = story(meta, { initialValue: minimalMeeting });

/** Every heading of Appendix 3 answered: five members (the Police among them), a high risk, a valid threat, three agreed actions. */
export const Complete = expecting(meta, { initialValue: validMeeting }, { absent: ['result'] });

/** The Group assessed the threat as not valid: a low risk, one action to close the matter. */
export const NotAValidThreat = story(meta, { initialValue: notValidMeeting });

/** One mistake of every kind, with every message shown: as after pressing Submit. */
export const Errors = expecting(meta, { initialValue: meetingWithErrors, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: minimalMeeting, partial: partMeeting });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the record: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved meeting record shown without editing. */
export const ReadOnly = expecting(meta, { readonly: true, value: validMeeting }, { readonly: true });
