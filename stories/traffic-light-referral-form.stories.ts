/**
 * Stories for `<traffic-light-referral-form>`. They are Storybook CSF, and the element tests use them
 * as fixtures (`fixture(Red())`), so every state a designer sees is also tested.
 */
import { html } from 'lit';
import '../packages/elements/src/components/traffic-light-referral-form/traffic-light-referral-form.js';
import { amberReferral, greenReferral, redReferral } from './fixtures/traffic-light-referral.js';

export default {
  title: 'Forms/Traffic light referral',
  component: 'traffic-light-referral-form',
  tags: ['autodocs'],
};

const noSend = async () => ({ reference: 'TL-STORY-0001' });

/** A new, empty referral: "Not yet classified" until the type of referral is answered. */
export const Empty = () => html`<traffic-light-referral-form .submitHandler=${noSend}></traffic-light-referral-form>`;

/** RED: STOP. A self-referral by a service user known to have a history of violence; an Individual Risk Assessment first. */
export const Red = () => html`<traffic-light-referral-form .initialValue=${redReferral} .submitHandler=${noSend}></traffic-light-referral-form>`;

/** AMBER: PROCEED WITH CAUTION. Another agency's referral with no risk assessment, a first visit, history not known. */
export const Amber = () => html`<traffic-light-referral-form .initialValue=${amberReferral} .submitHandler=${noSend}></traffic-light-referral-form>`;

/** GREEN: GO. Previously known to ICS with no history of violence, and the other agency's risk assessment available. */
export const Green = () => html`<traffic-light-referral-form .initialValue=${greenReferral} .submitHandler=${noSend}></traffic-light-referral-form>`;

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = () => html`<traffic-light-referral-form user-id="story.user" .submitHandler=${noSend}></traffic-light-referral-form>`;

/** A saved RED referral shown without editing. */
export const ReadOnly = () => html`<traffic-light-referral-form readonly .value=${redReferral}></traffic-light-referral-form>`;
