import { classifyThreat, threatReport, type FormDefinition, type ResultSummary, type ThreatClassification } from '@safety-forms/core';
import { html, nothing } from 'lit';
import { SfFormBase } from '../../internal/form-base.js';

/**
 * The CSTAG threat report (Union 81 / CSTAG Threat Assessment and Response Protocol): reporter,
 * incident, assessment findings, key observations, the five-step evaluation with the live threat
 * classification, priority level, observations suggesting intervention, threat response and case plan.
 *
 * @summary CSTAG threat report with live threat classification and suggested priority.
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
 * @csspart marking - The protective marking (OFFICIAL-SENSITIVE).
 * @csspart title - The form title.
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
 * @csspart form-group - One question.
 * @csspart label - A question's label.
 * @csspart legend - A group's or a choice's legend.
 * @csspart hint - Hint text.
 * @csspart error-message - A question's error message.
 * @csspart input - Text inputs.
 * @csspart textarea - Text areas.
 * @csspart select - Drop-down lists.
 * @csspart radio - Radio buttons.
 * @csspart checkbox - Checkboxes.
 * @csspart scale - The key observations grid.
 * @csspart result - The live result panel.
 * @csspart result-title - The outcome.
 * @csspart result-actions - The required actions.
 * @csspart priority-suggestion - The suggested priority in the priority section.
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
export default class ThreatReportForm extends SfFormBase {
  protected override get form(): FormDefinition {
    return threatReport as FormDefinition;
  }

  /** The CSTAG classification, live. */
  protected override computeResult(data: unknown): ThreatClassification {
    return classifyThreat(data);
  }

  private get classification(): ThreatClassification | null {
    return this.currentResult as ThreatClassification | null;
  }

  private suggestion(c: ThreatClassification) {
    return c.suggestedPriority ? html`<p><strong>${this.strings.suggestedPriority}:</strong> ${c.suggestedPriorityReason}</p>` : nothing;
  }

  protected override renderSectionIntro(key: string | null) {
    const c = this.classification;
    if (key !== 'priority' || !c) return nothing;
    return html`<div class="notice" part="priority-suggestion">
      ${c.suggestedPriority ? this.suggestion(c) : html`<p>${c.summary}</p>`}
    </div>`;
  }

  protected override renderResultExtra(result: ResultSummary) {
    const c = result as ThreatClassification;
    return html`${this.suggestion(c)}
      ${c.reasons.length
        ? html`<details>
            <summary>${this.strings.howReached}</summary>
            <ol>
              ${c.reasons.map((r) => html`<li>${r}</li>`)}
            </ol>
          </details>`
        : nothing}`;
  }
}
