/**
 * Stories for `<threat-interview-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Subject())`), so every state a designer sees is also tested: each of the three
 * interviewees (subject, target, witness) empty, with errors, complete and read-only; drafts and every
 * stage of sending (shown for the subject's interview: they are the same for all three).
 */
import '../packages/elements/src/components/threat-interview-form/threat-interview-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import {
  completeSubjectInterview,
  completeTargetInterview,
  completeWitnessInterview,
  fullSubjectInterview,
  partSubjectInterview,
  prefillFromReport,
} from './fixtures/threat-interview.js';

const noSend = async () => ({ reference: 'TI-STORY-0001' });

const meta = {
  title: 'Forms/Threat interview',
  component: 'threat-interview-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: { ...formArgTypes, interviewee: { control: 'inline-radio', options: ['subject', 'target', 'witness'] } },
  render: (args) => renderForm('threat-interview-form', args),
} satisfies FormMeta;
export default meta;

/** No attribute: the form first asks who is being interviewed. */
export const Empty = story(meta);

/** The subject's interview (the person who made the threat): questions 1-7. */
export const Subject = expecting(meta, { interviewee: 'subject' }, { parts: ['interviewee'] });

/** A target's interview: identification, a targeted group, questions 1-6. */
export const Target = expecting(meta, { interviewee: 'target' }, { parts: ['interviewee'] });

/** A witness's interview: the same questions as a target's. */
export const Witness = expecting(meta, { interviewee: 'witness' }, { parts: ['interviewee'] });

/**
 * Prefilled from a threat report (`interviewFromThreatReport(report)`): the subject's name and the
 * place fill "(subject)" and "[place of incident]" in the questions.
 */
export const PrefilledFromThreatReport = story(meta, { interviewee: 'target', initialValue: prefillFromReport });

/** A subject interview begun: who, where and by whom, and the first answer. */
export const PartFilled = expecting(meta, { interviewee: 'subject', initialValue: partSubjectInterview }, { absent: ['error-summary'] });

/** Submit pressed on an empty subject interview: the error summary and each required answer's error. */
export const SubjectErrors = expecting(meta, { interviewee: 'subject', 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Submit pressed on an empty target interview. */
export const TargetErrors = expecting(meta, { interviewee: 'target', 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** Submit pressed on an empty witness interview. */
export const WitnessErrors = expecting(meta, { interviewee: 'witness', 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** A complete subject interview (the answers keep the person's exact words). */
export const SubjectComplete = story(meta, { interviewee: 'subject', initialValue: fullSubjectInterview });

/** A complete target interview. */
export const TargetComplete = story(meta, { interviewee: 'target', initialValue: completeTargetInterview });

/** A complete witness interview about a targeted group ("everyone on this bus"). */
export const WitnessComplete = story(meta, { interviewee: 'witness', initialValue: completeWitnessInterview });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user", per interviewee. */
export const WithDrafts = expecting(meta, { interviewee: 'subject', 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: completeSubjectInterview, partial: partSubjectInterview, args: { interviewee: 'subject' } });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored" and a way to discard it. */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the interview: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved subject interview shown without editing. */
export const ReadOnly = expecting(meta, { interviewee: 'subject', readonly: true, value: completeSubjectInterview }, { readonly: true });

/** A saved target interview shown without editing. */
export const TargetReadOnly = expecting(meta, { interviewee: 'target', readonly: true, value: completeTargetInterview }, { readonly: true });

/** A saved witness interview, with its targeted group, shown without editing. */
export const WitnessReadOnly = expecting(meta, { interviewee: 'witness', readonly: true, value: completeWitnessInterview }, { readonly: true });
