/**
 * Stories for `<offender-description-form>`. They are Storybook CSF, and the element tests use them
 * as fixtures (`fixture(Empty())`), so every state a designer sees is also tested.
 */
import { html } from 'lit';
import '../packages/elements/src/components/offender-description-form/offender-description-form.js';
import {
  clothingOnlyDescription,
  estimatedRangeDescription,
  femaleJewelleryDescription,
  fullDescription,
  marksAndClothingDescription,
  minimalDescription,
  otherDescription,
} from './fixtures/offender-description.js';

export default {
  title: 'Forms/Offender description',
  component: 'offender-description-form',
  tags: ['autodocs'],
};

const noSend = async () => ({ reference: 'OD-STORY-0001' });

/** A new, empty description: the panel says the description appears as questions are answered. */
export const Empty = () => html`<offender-description-form .submitHandler=${noSend}></offender-description-form>`;

/** The smallest complete description: only Male/Female answered. */
export const Minimal = () => html`<offender-description-form .initialValue=${minimalDescription} .submitHandler=${noSend}></offender-description-form>`;

/** Every section answered, with an actual age, two marks and three items of clothing. */
export const Full = () => html`<offender-description-form .initialValue=${fullDescription} .submitHandler=${noSend}></offender-description-form>`;

/** An estimated age range ("aged about 30 to 35"), height and build. */
export const EstimatedAgeRange = () =>
  html`<offender-description-form .initialValue=${estimatedRangeDescription} .submitHandler=${noSend}></offender-description-form>`;

/** A woman with piercings and jewellery, each with its body position. */
export const PiercingsAndJewellery = () =>
  html`<offender-description-form .initialValue=${femaleJewelleryDescription} .submitHandler=${noSend}></offender-description-form>`;

/** Several marks and several items of clothing with logos, slogans and numbers. */
export const MarksAndClothing = () =>
  html`<offender-description-form .initialValue=${marksAndClothingDescription} .submitHandler=${noSend}></offender-description-form>`;

/** Only the clothing was seen. */
export const OnlyClothing = () =>
  html`<offender-description-form .initialValue=${clothingOnlyDescription} .submitHandler=${noSend}></offender-description-form>`;

/** "Other" answered with free text for ethnic appearance, accent and an item of clothing. */
export const OtherFreeText = () => html`<offender-description-form .initialValue=${otherDescription} .submitHandler=${noSend}></offender-description-form>`;

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = () => html`<offender-description-form user-id="story.user" .submitHandler=${noSend}></offender-description-form>`;

/** A saved record shown without editing; the description can still be copied. */
export const ReadOnly = () => html`<offender-description-form readonly .value=${fullDescription}></offender-description-form>`;
