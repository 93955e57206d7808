/**
 * Stories for `<risk-assessment-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Empty())`), so every state a designer sees is also tested. The live result rates
 * each hazard likelihood x consequence = risk rating, and the assessment overall by its highest rating:
 * one story per band, a provisional rating (a hazard not yet rated never counts), and empty, errors,
 * drafts, every stage of sending, and read-only.
 */
import '../packages/elements/src/components/risk-assessment-form/risk-assessment-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import { assessmentWithErrors, extremeRisk, lowRiskAssessment, minimalAssessment, partAssessment, trustWide } from './fixtures/risk-assessment.js';

const noSend = async () => ({ reference: 'GRA-STORY-0001' });

const meta = {
  title: 'Forms/General risk assessment',
  component: 'risk-assessment-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('risk-assessment-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty assessment, marked OFFICIAL-SENSITIVE: the result waits for a hazard to be rated. */
export const Empty = expecting(meta, {}, { parts: ['marking', 'result'], absent: ['error-summary', 'result-overall'], result: { status: 'incomplete' }, text: ['OFFICIAL-SENSITIVE'] });

/** Submitted empty: the error summary and every required answer's error. */
export const WithErrors = expecting(meta, { 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Started: one hazard rated 2 x 3 = 6, the second without its consequence, so the overall rating is provisional. */
export const PartFilled = expecting(meta, { initialValue: partAssessment }, { result: { status: 'provisional', overallRating: 6, band: 'moderate' }, parts: ['result-provisional'], absent: ['error-summary'] });

/** Three rows of SECAmb's form, 3 x 3 = 9, 2 x 3 = 6 and 1 x 3 = 3: overall High risk (9), its further action recorded. */
export const HighRisk = expecting(meta, { initialValue: trustWide }, { result: { status: 'complete', overallRating: 9, band: 'high', crisis: false }, parts: ['result-overall', 'result-hazards'], absent: ['result-actions'] });

/** One row, 1 x 3 = 3: Low risk. */
export const LowRisk = expecting(meta, { initialValue: lowRiskAssessment }, { result: { overallRating: 3, band: 'low' } });

/** No control measures, 4 x 5 = 20: Extreme risk stands out, and the further action is asked for both hazards rated high or extreme. */
export const ExtremeRisk = expecting(meta, { initialValue: extremeRisk }, { result: { overallRating: 20, band: 'extreme', crisis: true }, parts: ['result-actions'], text: ['Extreme risk'] });

/** The least that can be sent: one hazard, every required answer. */
export const Minimal = story(meta, { initialValue: minimalAssessment });

/** One mistake of every kind, with every message shown: as after pressing Submit. */
export const Errors = expecting(meta, { initialValue: assessmentWithErrors, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: trustWide, partial: partAssessment });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the assessment waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the assessment: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved assessment shown without editing, with its risk ratings. */
export const ReadOnly = expecting(meta, { readonly: true, value: trustWide }, { readonly: true, result: { overallRating: 9, band: 'high' } });
