/**
 * Stories for `<threat-report-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Empty())`), so every state a designer sees is also tested: every outcome of the
 * CSTAG flowchart (not a threat, transient, serious and very serious substantive, crisis), errors,
 * drafts, every stage of sending, and read-only. stories/stories.test.ts runs axe over each one.
 */
import '../packages/elements/src/define.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import {
  completeReport,
  crisisReport,
  fullReport,
  notAThreatReport,
  partReport,
  transientReport,
  verySeriousReport,
} from './fixtures/threat-report.js';

const noSend = async () => ({ reference: 'TR-STORY-0001' });

const meta = {
  title: 'Forms/Threat report',
  component: 'threat-report-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('threat-report-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty report. */
export const Empty = story(meta);

/** Prefilled with the reporter and part of the incident. */
export const PartFilled = expecting(meta, { initialValue: partReport }, { absent: ['error-summary'] });

/** Pressing Submit on a part-filled report: the error summary and every missing answer's error. */
export const WithErrors = expecting(meta, { initialValue: partReport, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Step 1 answered "No": not a threat, but an expression of anger that may merit attention. */
export const NotAThreat = expecting(meta, { initialValue: notAThreatReport }, { result: { outcome: 'not-a-threat' }, parts: ['result'] });

/** Steps 1-2: the threat is resolved as transient. */
export const Transient = expecting(meta, { initialValue: transientReport }, { result: { outcome: 'transient' }, parts: ['result'] });

/** Every required answer given: a serious substantive threat, priority 3 suggested. */
export const Complete = expecting(meta, { initialValue: completeReport }, { result: { outcome: 'serious-substantive' }, parts: ['result-actions'] });

/** A very serious substantive threat: the actions of every substantive threat, and the safety evaluation (e-g). */
export const VerySeriousSubstantive = expecting(meta, { initialValue: verySeriousReport }, { result: { outcome: 'very-serious-substantive' }, parts: ['result-actions'] });

/** Answers in every section, with a priority the team changed and a later change in classification. */
export const EverySection = story(meta, { initialValue: fullReport });

/** Violence appears imminent: the crisis response result. */
export const Crisis = expecting(meta, { initialValue: crisisReport }, { result: { outcome: 'crisis', crisis: true }, parts: ['result'] });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: completeReport, partial: partReport });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used (private window, kiosk, blocked storage): the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…", and the answers cannot change meanwhile. */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits, encrypted, on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the record: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved record shown without editing. */
export const ReadOnly = expecting(meta, { readonly: true, value: completeReport }, { readonly: true, absent: ['submit-button'] });
