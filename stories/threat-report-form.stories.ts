/**
 * Stories for `<threat-report-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(Empty())`), so every state a designer sees is also tested.
 */
import { html } from 'lit';
import '../packages/elements/src/define.js';
import { completeReport, crisisReport, fullReport, partReport } from './fixtures/threat-report.js';

export default {
  title: 'Forms/Threat report',
  component: 'threat-report-form',
  tags: ['autodocs'],
};

const noSend = async () => ({ reference: 'TR-STORY-0001' });

/** A new, empty report. */
export const Empty = () => html`<threat-report-form .submitHandler=${noSend}></threat-report-form>`;

/** Prefilled with the reporter and part of the incident. */
export const PartFilled = () => html`<threat-report-form .initialValue=${partReport} .submitHandler=${noSend}></threat-report-form>`;

/** Every required answer given: a serious substantive threat, priority 3 suggested. */
export const Complete = () => html`<threat-report-form .initialValue=${completeReport} .submitHandler=${noSend}></threat-report-form>`;

/** Answers in every section, with a priority the team changed and a later change in classification. */
export const EverySection = () => html`<threat-report-form .initialValue=${fullReport} .submitHandler=${noSend}></threat-report-form>`;

/** Violence appears imminent: the crisis response result. */
export const Crisis = () => html`<threat-report-form .initialValue=${crisisReport} .submitHandler=${noSend}></threat-report-form>`;

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = () => html`<threat-report-form user-id="story.user" .submitHandler=${noSend}></threat-report-form>`;

/** A saved record shown without editing. */
export const ReadOnly = () => html`<threat-report-form readonly .value=${completeReport}></threat-report-form>`;
