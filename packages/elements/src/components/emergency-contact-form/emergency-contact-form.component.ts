import { emergencyContactOnDemand } from '@safety-forms/core/forms/emergency-contact.on-demand';
import type { ResultSummary } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';

/** Where the date of birth lives in the answers. */
export const DATE_OF_BIRTH = '/personal/dateOfBirth';

/** The emergency contact form: the generated schema, and its validator on demand (the date of birth uses the `past-date` format). */
export const emergencyContactForm: typeof emergencyContactOnDemand = emergencyContactOnDemand;

/**
 * The Staff Emergency contact and Medical Details form of Kent County Council Integrated Children's
 * Services (Lone working & violence procedures, Appendix A): personal details, car information,
 * first and second emergency contacts with the one to call first, and medical details. Marked
 * "Private and Confidential"; its statement of use is shown with the personal details. Computes no
 * result. UK telephone numbers, postcodes and car registrations are checked with plain messages
 * (lower case and missing spaces accepted); each contact needs at least one number; exactly one
 * contact is the one to call first; the date of birth must be a real date in the past.
 *
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary KCC staff emergency contact and medical details, with helpful UK number, postcode and registration checks.
 * @status experimental
 * @since 0.1.0
 * @noresult - It computes no result, so it has none of the result panel's parts.
 *
 * @csspart purpose - The statement that the information is used only in an emergency.
 */
export default class EmergencyContactForm extends SfFormBase {
  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return emergencyContactForm;
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
