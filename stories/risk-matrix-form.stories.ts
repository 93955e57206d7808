/**
 * Stories for `<risk-matrix-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(LowRisk())`), so every state a designer sees is also tested: one story per risk
 * band, the police-reported case, a risk raised on professional judgement, the action plan, errors,
 * drafts, every stage of sending, and read-only.
 */
import '../packages/elements/src/components/risk-matrix-form/risk-matrix-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, type FormMeta } from './helpers.js';
import {
  completeMatrix,
  highRisk,
  lowRisk,
  mediumRisk,
  partMatrix,
  policeReported,
  raisedByJudgement,
  veryHighRisk,
  withActionPlan,
} from './fixtures/risk-matrix.js';

const noSend = async () => ({ reference: 'RM-STORY-0001' });

const meta = {
  title: 'Forms/Risk matrix',
  component: 'risk-matrix-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('risk-matrix-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty risk matrix: "Not yet scored". */
export const Empty = expecting(meta, {}, { result: { status: 'incomplete' }, absent: ['error-summary'] });

/** Submitted empty: the error summary and every required question's error. */
export const WithErrors = expecting(meta, { 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** The assessment details and the level of severity only: a provisional score. */
export const PartFilled = expecting(meta, { initialValue: partMatrix }, { result: { status: 'provisional' } });

/** Low risk (14 of 119): a lower level operational meeting. */
export const LowRisk = expecting(meta, { initialValue: lowRisk }, { result: { band: 'low', riskStrategyGroup: { required: false } } });

/** Medium risk (38 of 119): an operational meeting, with advice from Health and Safety and the Police. */
export const MediumRisk = expecting(meta, { initialValue: mediumRisk }, { result: { band: 'medium' } });

/** High risk (62 of 119): a full Risk Strategy Group meeting. */
export const HighRisk = expecting(meta, { initialValue: highRisk }, { result: { band: 'high', riskStrategyGroup: { required: true } } });

/** Very high risk (89 of 119): a full Risk Strategy Group meeting without delay; the result stands out. */
export const VeryHighRisk = expecting(meta, { initialValue: veryHighRisk }, { result: { band: 'very-high' } });

/** Low risk by score, but reported to the Police: a Risk Strategy Group meeting is required whatever the score. */
export const PoliceReported = expecting(meta, { initialValue: policeReported }, { result: { band: 'low', riskStrategyGroup: { required: true } } });

/** Medium by score, raised to High on professional judgement with a reason; the result says so. */
export const RaisedOnJudgement = expecting(meta, { initialValue: raisedByJudgement }, { result: { band: 'high', calculatedBand: 'medium', raisedByJudgement: true } });

/** High risk, reported to the Police, with a full action plan: targets, actions in priority order, measures. */
export const WithActionPlan = expecting(meta, { initialValue: withActionPlan }, { result: { band: 'high' } });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: completeMatrix, partial: partMatrix });

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

/** A saved record shown without editing. */
export const ReadOnly = expecting(meta, { readonly: true, value: withActionPlan }, { readonly: true, result: { band: 'high' } });
