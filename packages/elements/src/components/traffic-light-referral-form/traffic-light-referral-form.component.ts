import { schemaAt, trafficLightReferral, type FormDefinition, type ResultSummary } from '@safety-forms/core';
import { html, nothing } from 'lit';
// classifyReferral is not exported from '@safety-forms/core' yet (its index is shared); once
// `export * from './score/referral.js'` is there, this import moves to '@safety-forms/core'.
import { classifyReferral, type ReferralResult, type TrafficLight } from '@safety-forms/core';
import { SfFormBase } from '../../internal/form-base.js';
import { format } from '../../internal/strings.js';
import styles from './traffic-light-referral-form.styles.js';

/** Text icons for each status, shown beside the words (hidden from assistive technology). */
const ICONS: Record<TrafficLight | 'incomplete', string> = { red: '■', amber: '▲', green: '●', incomplete: '○' };

/**
 * The traffic light referral of Kent County Council Integrated Children's Services lone working
 * guidance (Lone Working Procedures, Appendix E): the type of referral gives a live status, RED STOP,
 * AMBER PROCEED WITH CAUTION or GREEN GO, with every reason and the actions to take; then the visit,
 * the ‘buddy’ and the ‘Purple File’ check-in. The worst signal wins, and an unknown history is
 * never GREEN. The rules are the schema's `x-scoring`, evaluated by core's `classifyReferral`.
 *
 * The status panel never relies on colour alone: it shows the status in words with a text icon
 * (■ STOP, ▲ PROCEED WITH CAUTION, ● GO), the reasons, each with its own status, and the actions.
 *
 * @summary KCC traffic light referral with a live RED / AMBER / GREEN status, reasons and actions.
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
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (its `result` is the status), `detail.idempotencyKey`.
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
 * @csspart radio - Radio buttons.
 * @csspart result - The live traffic light status panel.
 * @csspart result-title - The status line: icon and "RED: STOP".
 * @csspart result-icon - The status icon (■, ▲, ●), hidden from assistive technology.
 * @csspart result-summary - What the status means.
 * @csspart result-reasons - Every type of referral that applies, each with its status.
 * @csspart result-actions - The actions to take.
 * @csspart actions - The button row.
 * @csspart button - Every button.
 * @csspart submit-button - The submit button.
 * @csspart confirmation - The confirmation panel after sending.
 * @csspart reference - The backend's reference in the confirmation.
 *
 * @cssprop --sf-traffic-light-red - RED: the panel border and the status band (default GOV.UK red #d4351c).
 * @cssprop --sf-traffic-light-red-text - Text on the RED band (#ffffff).
 * @cssprop --sf-traffic-light-amber - AMBER: the panel border and the status band (GOV.UK orange #f47738).
 * @cssprop --sf-traffic-light-amber-text - Text on the AMBER band (#0b0c0c).
 * @cssprop --sf-traffic-light-amber-icon - The AMBER icon beside a reason, on white (#b35200).
 * @cssprop --sf-traffic-light-green - GREEN: the panel border and the status band (GOV.UK green #00703c).
 * @cssprop --sf-traffic-light-green-text - Text on the GREEN band (#ffffff).
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
export default class TrafficLightReferralForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  protected override get form(): FormDefinition {
    return trafficLightReferral as FormDefinition;
  }

  /** The traffic light status for the current answers, from the schema's `x-scoring` rules. */
  protected override computeResult(data: unknown): ReferralResult {
    return classifyReferral(data);
  }

  /** The status panel: icon and words, what it means, still to answer, every reason, the actions. */
  protected override renderResult(summary: ResultSummary | null) {
    if (!summary) return nothing;
    const result = summary as ReferralResult;
    const s = this.strings;
    const status = result.status;
    const nextTitle = result.nextQuestion ? schemaAt(this.root, result.nextQuestion)?.title : undefined;
    const reasons = result.matched.map((m, i) => ({ status: m.status, text: result.reasons[i] ?? m.reason }));
    return html`<section
      class="result traffic-light traffic-light--${status}${result.crisis ? ' result--crisis' : ''}"
      part="result"
      aria-labelledby="result-heading"
      data-status=${status}
    >
      <h3 id="result-heading" class="result__heading">${s.resultHeading}</h3>
      <p class="result__title traffic-light__status" role="status" part="result-title">
        <span class="traffic-light__icon" part="result-icon" aria-hidden="true">${ICONS[status]}</span>
        <strong class="traffic-light__word">${result.title}</strong>
      </p>
      <p part="result-summary">${result.summary}</p>
      ${nextTitle ? html`<p>${format(s.resultNext, { question: this.text(nextTitle) })}</p>` : nothing}
      ${reasons.length
        ? html`<h4>${s.howReached}</h4>
            <ul class="traffic-light__reasons" part="result-reasons">
              ${reasons.map(
                (r) => html`<li class="traffic-light__reason traffic-light__reason--${r.status}">
                  <span class="traffic-light__icon" aria-hidden="true">${ICONS[r.status]}</span> ${r.text}
                </li>`,
              )}
            </ul>`
        : nothing}
      ${result.actions.length
        ? html`<h4>${s.requiredActions}</h4>
            <ul part="result-actions">
              ${result.actions.map((a) => html`<li>${a.text}</li>`)}
            </ul>`
        : nothing}
    </section>`;
  }
}
