/**
 * Stories for `<threat-interview-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Subject())`), so every state a designer sees is also tested.
 */
import { html } from 'lit';
import '../packages/elements/src/components/threat-interview-form/threat-interview-form.js';
import {
  completeSubjectInterview,
  completeTargetInterview,
  completeWitnessInterview,
  fullSubjectInterview,
  prefillFromReport,
} from './fixtures/threat-interview.js';

export default {
  title: 'Forms/Threat interview',
  component: 'threat-interview-form',
  tags: ['autodocs'],
  argTypes: {
    interviewee: { control: 'inline-radio', options: ['subject', 'target', 'witness'] },
  },
};

const noSend = async () => ({ reference: 'TI-STORY-0001' });

/** No attribute: the form first asks who is being interviewed. */
export const Empty = () => html`<threat-interview-form .submitHandler=${noSend}></threat-interview-form>`;

/** The subject's interview (the person who made the threat): questions 1-7. */
export const Subject = () => html`<threat-interview-form interviewee="subject" .submitHandler=${noSend}></threat-interview-form>`;

/** A target's interview: identification, a targeted group, questions 1-6. */
export const Target = () => html`<threat-interview-form interviewee="target" .submitHandler=${noSend}></threat-interview-form>`;

/** A witness's interview: the same questions as a target's. */
export const Witness = () => html`<threat-interview-form interviewee="witness" .submitHandler=${noSend}></threat-interview-form>`;

/**
 * Prefilled from a threat report (`interviewFromThreatReport(report)`): the subject's name and the
 * place fill "(subject)" and "[place of incident]" in the questions.
 */
export const PrefilledFromThreatReport = () =>
  html`<threat-interview-form interviewee="target" .initialValue=${prefillFromReport} .submitHandler=${noSend}></threat-interview-form>`;

/** A complete subject interview (the answers keep the person's exact words). */
export const SubjectComplete = () =>
  html`<threat-interview-form interviewee="subject" .initialValue=${fullSubjectInterview} .submitHandler=${noSend}></threat-interview-form>`;

/** A complete target interview. */
export const TargetComplete = () =>
  html`<threat-interview-form interviewee="target" .initialValue=${completeTargetInterview} .submitHandler=${noSend}></threat-interview-form>`;

/** A complete witness interview about a targeted group ("everyone on this bus"). */
export const WitnessComplete = () =>
  html`<threat-interview-form interviewee="witness" .initialValue=${completeWitnessInterview} .submitHandler=${noSend}></threat-interview-form>`;

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user", per interviewee. */
export const WithDrafts = () => html`<threat-interview-form interviewee="subject" user-id="story.user" .submitHandler=${noSend}></threat-interview-form>`;

/** A saved interview shown without editing. */
export const ReadOnly = () => html`<threat-interview-form interviewee="subject" readonly .value=${completeSubjectInterview}></threat-interview-form>`;
