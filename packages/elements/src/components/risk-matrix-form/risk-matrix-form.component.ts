import { riskMatrix, type FormDefinition, type ResultSummary } from '@safety-forms/core';
import { html, nothing } from 'lit';
// Until '@safety-forms/core' exports the risk matrix scorer (packages/core/src/index.ts), it is
// imported from its module directly; the symlinked package resolves to the same file.
import { scoreRiskMatrix, type RiskMatrixResult } from '@safety-forms/core';
import { SfFormBase } from '../../internal/form-base.js';

/** The result panel's own words (English; not yet in the shared strings table). */
const words = {
  score: 'Overall score',
  outOf: '{total} out of {max}',
  calculated: 'Calculated risk',
  raised: '{from}, raised to {to} on professional judgement',
  treatment: 'Risk treatment plan',
  rsg: 'Risk Strategy Group meeting',
  rsgRequired: 'Required',
  rsgNotRequired: 'Not required',
  rsgNotYet: 'Not required so far (answer every question, including whether the incident was reported to the Police)',
  provisional: 'Provisional: {answered} of {count} questions answered. Unanswered questions score 0, so the score may rise.',
  movedMost: 'What moved the score most',
  howReached: 'How this was reached',
  notScored: 'Choose the level of severity in section A to see the calculated risk.',
  calculatedIntro: 'Calculated risk: {band} (overall score {total} out of {max}).',
};

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));

/**
 * The Risk Matrix of the Derbyshire County Council Serious Threat Response Protocol (Appendix 4): the
 * nature of the threat, the subject's background, the person(s) under threat, the overall score, risk
 * and risk treatment plan, with the Police question, professional judgement and the action plan of
 * Section 3 (with the Possible Action Plan Considerations of Appendix 2). Marked RESTRICTED.
 *
 * The live result shows the overall score out of the maximum, the risk, the risk treatment plan,
 * whether a Risk Strategy Group meeting is required and why, and the answers that moved the score
 * most. A threat reported to the Police always needs a Risk Strategy Group meeting; professional
 * judgement can raise the risk, never lower it. The weights are the schema's `x-scoring`.
 *
 * @summary Serious threat risk matrix with live overall score, risk and risk treatment plan.
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
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (with the score as `result`), `detail.idempotencyKey`.
 * @fires sf-submitted - The backend confirmed the record. `detail.reference`.
 * @fires sf-submit-error - Sending failed; the answers stay. `detail.kind`, `detail.status`, `detail.queued` (kept in the outbox).
 *
 * @csspart base - The form's wrapper.
 * @csspart marking - The protective marking (RESTRICTED).
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
 * @csspart checkbox - Checkboxes (the Possible Action Plan Considerations).
 * @csspart repeat - A repeatable group (potential targets, their actions).
 * @csspart repeat-item - One potential target or action.
 * @csspart add-button - "Add a potential target", "Add an action".
 * @csspart remove-button - Removes one target or action.
 * @csspart result - The live result panel.
 * @csspart result-title - The risk ("High risk").
 * @csspart result-summary - The risk treatment plan.
 * @csspart result-actions - The actions of the risk treatment plan.
 * @csspart result-score - The overall score out of the maximum.
 * @csspart result-calculated - The calculated risk, when professional judgement raised it.
 * @csspart result-treatment - The name of the risk treatment plan.
 * @csspart result-rsg - Whether a Risk Strategy Group meeting is required, and why.
 * @csspart result-provisional - How many questions are still unanswered.
 * @csspart result-judgement - Why a request to raise the risk was not applied.
 * @csspart result-reasons - The answers that moved the score most.
 * @csspart calculated-risk - The calculated risk at the top of the Overall Score and Risk section.
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
 * @cssprop --sf-color-error - Errors, and the border of a very high risk result.
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
export default class RiskMatrixForm extends SfFormBase {
  protected override get form(): FormDefinition {
    return riskMatrix as FormDefinition;
  }

  /** The live score, from core's `scoreRiskMatrix` with the schema's `x-scoring`. */
  protected override computeResult(data: unknown): ResultSummary | null {
    return scoreRiskMatrix(data);
  }

  private get score(): RiskMatrixResult | null {
    return this.currentResult as RiskMatrixResult | null;
  }

  /** The calculated risk above the professional judgement question, which refers to it. */
  protected override renderSectionIntro(key: string | null) {
    const r = this.score;
    if (key !== 'risk' || !r) return nothing;
    return html`<div class="notice" part="calculated-risk">
      <p>
        ${r.calculatedBandTitle
          ? fill(words.calculatedIntro, { band: r.calculatedBandTitle, total: r.total, max: r.max })
          : words.notScored}
      </p>
    </div>`;
  }

  protected override renderResultExtra(result: ResultSummary) {
    const r = result as RiskMatrixResult;
    const rsg = r.riskStrategyGroup;
    return html`<p part="result-score"><strong>${words.score}:</strong> ${fill(words.outOf, { total: r.total, max: r.max })}</p>
      ${r.raisedByJudgement && r.calculatedBandTitle
        ? html`<p part="result-calculated">
            <strong>${words.calculated}:</strong> ${fill(words.raised, { from: r.calculatedBandTitle, to: r.bandTitle ?? '' })}
          </p>`
        : nothing}
      ${r.treatment ? html`<p part="result-treatment"><strong>${words.treatment}:</strong> ${r.treatment.title}</p>` : nothing}
      <div part="result-rsg">
        <p><strong>${words.rsg}:</strong> ${rsg.required ? words.rsgRequired : rsg.provisional ? words.rsgNotYet : words.rsgNotRequired}</p>
        ${rsg.reasons.length ? html`<ul>${rsg.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : nothing}
      </div>
      ${r.status === 'provisional'
        ? html`<p part="result-provisional">${fill(words.provisional, { answered: r.answered, count: r.questionCount })}</p>`
        : nothing}
      ${r.judgement && !r.judgement.applied ? html`<p part="result-judgement">${r.judgement.note}</p>` : nothing}
      ${r.reasons.length
        ? html`<h4>${words.movedMost}</h4>
            <ol part="result-reasons">
              ${r.reasons.map((reason) => html`<li>${reason}</li>`)}
            </ol>`
        : nothing}
      ${r.explanation.length
        ? html`<details>
            <summary>${words.howReached}</summary>
            <ol>
              ${r.explanation.map((line) => html`<li>${line}</li>`)}
            </ol>
          </details>`
        : nothing}`;
  }
}
