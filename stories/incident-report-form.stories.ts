/**
 * Stories for `<incident-report-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Empty())`), so every state a designer sees is also tested. The live result shows
 * the routes of action (Datix guidance, Appendix part 2): one story per rule that naive code gets
 * wrong (the history marker, a strong case, a medical factor, RIDDOR, a de-arrest), plus empty, part
 * filled, errors, drafts, every stage of sending, and read-only; and the offender description aid
 * embedded for a victim who saw the offender, with the protected characteristics victims chose to share.
 */
import '../packages/elements/src/components/incident-report-form/incident-report-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import {
  deArrestedAssault,
  incidentWithErrors,
  medicalFactorAssault,
  minimalIncident,
  offenderAidWithErrors,
  offenderSeenAssault,
  partIncident,
  physicalAssault,
  riddorAssault,
  severalVictims,
  verbalAbuse,
  witnessedAggression,
} from './fixtures/incident-report.js';

const noSend = async () => ({ reference: 'IWR-STORY-0001' });

const meta = {
  title: 'Forms/Incident report',
  component: 'incident-report-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('incident-report-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty report, marked OFFICIAL-SENSITIVE: the result waits for the sub-category. */
export const Empty = expecting(meta, {}, { parts: ['marking', 'result'], absent: ['error-summary'], result: { status: 'incomplete' }, text: ['OFFICIAL-SENSITIVE'] });

/** Submitted empty: the error summary and every required answer's error. */
export const WithErrors = expecting(meta, { 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** When, where, what happened and the sub-category: the routes are provisional until the medical factor and the offender questions are answered. */
export const PartFilled = expecting(meta, { initialValue: partIncident }, { result: { status: 'provisional' }, absent: ['error-summary'] });

/** A physical assault not caused by a medical factor, the offender known: a history marker must be applied for, and prosecution pursued. */
export const PhysicalAssault = expecting(meta, { initialValue: physicalAssault }, { result: { status: 'complete', historyMarkerRequired: true, crisis: true }, parts: ['result-highlights', 'result-routes'] });

/** Racially aggravated verbal abuse over the phone: automatically a strong case. */
export const VerbalAbuse = expecting(meta, { initialValue: verbalAbuse }, { result: { aggravated: true, strongCase: true, historyMarkerRequired: false } });

/** A patient coming out of a seizure: a medical factor, so no history marker and no redress sought. */
export const MedicalFactor = expecting(meta, { initialValue: medicalFactorAssault }, { result: { medicalFactor: true, historyMarkerRequired: false } });

/** 8 days off sick as a result of injury: RIDDOR reportable. */
export const RiddorReportable = expecting(meta, { initialValue: riddorAssault }, { result: { riddorReportable: true }, text: ['RIDDOR reportable'] });

/** The perpetrator was de-arrested: the matter cannot be pursued through the Police; the history marker stays. */
export const DeArrested = expecting(meta, { initialValue: deArrestedAssault }, { result: { canBePursued: false, historyMarkerRequired: true } });

/** Aggression witnessed, not directed at staff: referrals or no further action. */
export const WitnessedAggression = expecting(meta, { initialValue: witnessedAggression }, { result: { subCategory: 'witnessed-aggression', crisis: false } });

/** The least that can be sent: an attempted physical assault by someone whose details are not known. */
export const Minimal = story(meta, { initialValue: minimalIncident });

/** One mistake of every kind, with every message shown: as after pressing Submit. */
export const Errors = expecting(meta, { initialValue: incidentWithErrors, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: physicalAssault, partial: partIncident });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the report waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the report: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** The victim saw the offender: the offender description aid's sections (person, eyes and facial hair, hair, accent, marks, clothing) in the offender section, "anything else" in free text, and the protected characteristics the victim chose to share. The routes are the same as without the aid. */
export const OffenderSeen = expecting(meta, { initialValue: offenderSeenAssault }, { result: { status: 'complete', historyMarkerRequired: true }, absent: ['error-summary'] });

/** Three victims: two characteristics shared, "Prefer not to say", and nothing shared. */
export const SeveralVictims = expecting(meta, { initialValue: severalVictims }, { result: { strongCase: true }, absent: ['error-summary'] });

/** The new answers' mistakes: "Prefer not to say" ticked with a characteristic, and the description aid started without male, female or not known and with an empty "Other" accent. */
export const OffenderAidErrors = expecting(meta, { initialValue: offenderAidWithErrors, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** A saved report shown without editing, with its routes of action. */
export const ReadOnly = expecting(meta, { readonly: true, value: physicalAssault }, { readonly: true, result: { historyMarkerRequired: true } });
