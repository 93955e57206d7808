/**
 * Stories for `<offender-description-form>`. They are Storybook CSF, and the element tests use them
 * as fixtures (`fixture(Empty())`), so every state a designer sees is also tested: the description
 * paragraph for several kinds of answers, errors, drafts, every stage of sending, and read-only.
 */
import '../packages/elements/src/components/offender-description-form/offender-description-form.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import {
  clothingOnlyDescription,
  estimatedRangeDescription,
  femaleJewelleryDescription,
  fullDescription,
  marksAndClothingDescription,
  minimalDescription,
  otherDescription,
  partDescription,
} from './fixtures/offender-description.js';

const noSend = async () => ({ reference: 'OD-STORY-0001' });

const meta = {
  title: 'Forms/Offender description',
  component: 'offender-description-form',
  tags: ['autodocs'],
  args: { submitHandler: noSend },
  argTypes: formArgTypes,
  render: (args) => renderForm('offender-description-form', args),
} satisfies FormMeta;
export default meta;

/** A new, empty description: the panel says the description appears as questions are answered. */
export const Empty = expecting(meta, {}, { result: { empty: true }, absent: ['error-summary'] });

/** Age, height and hair answered, but not Male/Female (the one required answer): the paragraph grows as answers come. */
export const PartFilled = expecting(meta, { initialValue: partDescription }, { result: { empty: false } });

/** Submit pressed without the one required answer: the error summary and its error. */
export const WithErrors = expecting(meta, { initialValue: partDescription, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

/** The smallest complete description: only Male/Female answered. */
export const Minimal = expecting(meta, { initialValue: minimalDescription }, { result: { empty: false } });

/** Every section answered, with an actual age, two marks and three items of clothing. */
export const Full = expecting(meta, { initialValue: fullDescription }, { result: { empty: false }, parts: ['result-summary'] });

/** An estimated age range ("aged about 30 to 35"), height and build. */
export const EstimatedAgeRange = story(meta, { initialValue: estimatedRangeDescription });

/** A woman with piercings and jewellery, each with its body position. */
export const PiercingsAndJewellery = story(meta, { initialValue: femaleJewelleryDescription });

/** Several marks and several items of clothing with logos, slogans and numbers. */
export const MarksAndClothing = story(meta, { initialValue: marksAndClothingDescription });

/** Only the clothing was seen. */
export const OnlyClothing = story(meta, { initialValue: clothingOnlyDescription });

/** "Other" answered with free text for ethnic appearance, accent and an item of clothing. */
export const OtherFreeText = story(meta, { initialValue: otherDescription });

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = expecting(meta, { 'user-id': 'story.user' }, { parts: ['drafts', 'draft-status'] });

const lifecycle = lifecycleStories(meta, { complete: fullDescription, partial: partDescription });

/** Reopened with a draft saved earlier on this device: the answers and the paragraph come back, with "Draft restored". */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the description: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved record shown without editing; the description can still be copied. */
export const ReadOnly = expecting(meta, { readonly: true, value: fullDescription }, { readonly: true, result: { empty: false } });
