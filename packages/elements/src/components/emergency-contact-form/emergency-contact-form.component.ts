import { emergencyContact, type EmergencyContactData, type FormDefinition, type ResultSummary } from '@safety-forms/core';
import { html, nothing } from 'lit';
import { SfFormBase } from '../../internal/form-base.js';

/** Where the date of birth lives in the answers. */
export const DATE_OF_BIRTH = '/personal/dateOfBirth';

/** The emergency contact form: the generated schema and validator (the date of birth uses the `past-date` format). */
export const emergencyContactForm: FormDefinition<EmergencyContactData> = emergencyContact;

/**
 * The Staff Emergency contact and Medical Details form of Kent County Council Integrated Children's
 * Services (Lone working & violence procedures, Appendix A): personal details, car information,
 * first and second emergency contacts with the one to call first, and medical details. Marked
 * "Private and Confidential"; its statement of use is shown with the personal details. Computes no
 * result. UK telephone numbers, postcodes and car registrations are checked with plain messages
 * (lower case and missing spaces accepted); each contact needs at least one number; exactly one
 * contact is the one to call first; the date of birth must be a real date in the past.
 *
 * @summary KCC staff emergency contact and medical details, with helpful UK number, postcode and registration checks.
 * @status experimental
 * @since 0.1.0
 *
 * @attr endpoint - Where the record is sent.
 * @attr method - HTTP method, default POST.
 * @attr user-id - The signed-in user's id.
 * @attr readonly - Shows the answers without letting them change.
 * @attr no-autofocus - The error summary does not take focus after a failed submit.
 * @attr draft - Drafts on this device: `on` (needs `user-id`), `off`, or `anonymous`.
 * @attr draft-ttl-days - Days a draft is kept after its last save (30).
 *
 * @fires sf-draft-saved - A draft was written; `detail.savedAt`.
 * @fires sf-draft-restored - A saved draft was restored; `detail.savedAt`, `detail.leftovers`.
 * @fires sf-draft-error - Drafts cannot be kept, or another tab saved the same draft; `detail.kind`.
 * @fires sf-change - The user changed an answer. `detail.pointer` is its JSON Pointer.
 * @fires sf-invalid - A submit attempt stopped because answers need correcting. `detail.errors`.
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope`, `detail.idempotencyKey`.
 * @fires sf-submitted - The backend confirmed the record. `detail.reference`.
 * @fires sf-submit-error - Sending failed; the answers stay. `detail.kind`, `detail.status`, `detail.queued` (kept in the outbox).
 *
 * @csspart base - The form's wrapper.
 * @csspart marking - The marking "Private and Confidential".
 * @csspart title - The form title.
 * @csspart purpose - The statement that the information is used only in an emergency.
 * @csspart error-summary - The GOV.UK error summary.
 * @csspart submit-error - The message shown when sending failed.
 * @csspart submit-queued - The record is kept on this device and will be sent when possible.
 * @csspart try-again-button - Try again (now): sends what waits, with the same key.
 * @csspart sent-earlier - A report that waited on this device from earlier has been sent.
 * @csspart drafts - The draft notices and status.
 * @csspart draft-status - "Draft saved at 14:32" and how long drafts are kept.
 * @csspart draft-restored - "Draft restored from 14:32" with the Discard draft button.
 * @csspart draft-conflict - Another tab saved this draft: load the latest or keep mine.
 * @csspart draft-unavailable - Drafts are not being kept on this device.
 * @csspart draft-save-failed - The last save failed; the answers are still on screen.
 * @csspart draft-leftovers - Answers from an older version that no longer fit.
 * @csspart sections - The section navigation.
 * @csspart section-link - One link of the section navigation.
 * @csspart section - The current section.
 * @csspart section-caption - "Section N of M".
 * @csspart group - A group of questions (address, email address, each emergency contact).
 * @csspart form-group - One question.
 * @csspart label - A question's label.
 * @csspart legend - A group's or a choice's legend.
 * @csspart hint - Hint text.
 * @csspart error-message - A question's or a contact's error message.
 * @csspart input - Text inputs.
 * @csspart date-input - The day, month and year boxes of the date of birth.
 * @csspart textarea - Text areas (medical details).
 * @csspart radio - Radio buttons (the contact to call first).
 * @csspart actions - The button row.
 * @csspart button - Every button.
 * @csspart submit-button - The submit button.
 * @csspart confirmation - The confirmation panel after sending.
 * @csspart reference - The backend's reference in the confirmation.
 *
 * @cssprop --sf-font-family - Font of the whole form.
 * @cssprop --sf-font-size - Base font size.
 * @cssprop --sf-color-text - Text colour.
 * @cssprop --sf-color-background - Background colour.
 * @cssprop --sf-color-secondary-text - Hints and captions.
 * @cssprop --sf-color-error - Errors.
 * @cssprop --sf-color-warning - Warning notices (drafts not kept).
 * @cssprop --sf-color-focus - Focus highlight (GOV.UK yellow).
 * @cssprop --sf-color-link - Links.
 * @cssprop --sf-color-border - Borders and rules.
 * @cssprop --sf-color-input-border - Input borders.
 * @cssprop --sf-color-button - Primary button.
 * @cssprop --sf-color-button-text - Primary button text.
 * @cssprop --sf-color-panel - Confirmation panel.
 * @cssprop --sf-radius - Corner radius of inputs and buttons.
 * @cssprop --sf-max-width - Maximum width of the form.
 */
export default class EmergencyContactForm extends SfFormBase {
  protected override get form(): FormDefinition {
    return emergencyContactForm as FormDefinition;
  }

  /** This form records details; it computes no result, so no result panel is shown. */
  protected override computeResult(_data: unknown): ResultSummary | null {
    return null;
  }

  /** The document's statement of use ("only ... in the case of an emergency"), above the personal details. */
  protected override renderSectionIntro(key: string | null) {
    const purpose = this.form.schema.description;
    if (key !== 'personal' || !purpose) return nothing;
    return html`<p class="notice" part="purpose">${this.text(purpose)}</p>`;
  }
}
