import { forms, scoreForm, type FormDefinition, type ResultSummary } from '@safety-forms/core';
import { property } from 'lit/decorators.js';
import { SfFormBase } from '../../internal/form-base.js';

/**
 * Renders any generated safety-forms schema by its form id (`form="threat-report"`), with the same
 * behaviour as the named form elements: sections, GOV.UK errors, live result, submission. Schemas
 * fetched at run time (`schema-src`) come later (issue #7).
 *
 * @summary Generic renderer for a generated form schema.
 * @status experimental
 * @since 0.1.0
 *
 * @attr form - The form id of a generated schema, e.g. `threat-report`.
 * @attr endpoint - Where the record is sent.
 * @attr method - HTTP method, default POST.
 * @attr user-id - The signed-in user's id.
 * @attr readonly - Shows the answers without letting them change.
 * @attr no-autofocus - The error summary does not take focus after a failed submit.
 *
 * @fires sf-change - The user changed an answer. `detail.pointer` is its JSON Pointer.
 * @fires sf-invalid - A submit attempt stopped because answers need correcting.
 * @fires sf-submit - Cancelable; before the record is sent.
 * @fires sf-submitted - The backend confirmed the record.
 * @fires sf-submit-error - Sending failed; the answers stay.
 *
 * @csspart base - The form's wrapper (see `<threat-report-form>` for every part).
 * @csspart schema-error - Shown when `form` names no known schema.
 *
 * @cssprop --sf-font-family - Font of the whole form (see `<threat-report-form>` for every property).
 */
export default class SafetyForm extends SfFormBase {
  /** The form id of a generated schema. */
  @property({ attribute: 'form' }) formId = '';

  protected override get form(): FormDefinition | undefined {
    return Object.prototype.hasOwnProperty.call(forms, this.formId) ? forms[this.formId] : undefined;
  }

  /** Whatever core's scorer registry computes for this form id. */
  protected override computeResult(data: unknown): ResultSummary | null {
    return this.form ? scoreForm(this.form.id, data) : null;
  }
}
