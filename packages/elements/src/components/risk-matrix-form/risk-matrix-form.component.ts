import { riskMatrixOnDemand } from '@safety-forms/core/forms/risk-matrix.on-demand';
import type { ResultSummary } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { scoreRiskMatrix, type RiskMatrixResult } from '@safety-forms/core/score/risk-matrix';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';
import { format } from '../../internal/strings.js';

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
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary Serious threat risk matrix with live overall score, risk and risk treatment plan.
 * @status experimental
 * @since 0.1.0
 *
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (with the score as `result`), `detail.idempotencyKey`.
 *
 * @csspart repeat - A repeatable group (potential targets, their actions).
 * @csspart repeat-item - One potential target or action.
 * @csspart add-button - "Add a potential target", "Add an action".
 * @csspart remove-button - Removes one target or action.
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
 */
export default class RiskMatrixForm extends SfFormBase {
  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return riskMatrixOnDemand;
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
    const s = this.strings;
    return html`<div class="notice" part="calculated-risk">
      <p>
        ${r.calculatedBandTitle
          ? format(s.riskCalculatedIntro, { band: r.calculatedBandTitle, total: r.total, max: r.max })
          : s.riskNotScored}
      </p>
    </div>`;
  }

  protected override renderResultExtra(result: ResultSummary) {
    const r = result as RiskMatrixResult;
    const rsg = r.riskStrategyGroup;
    const s = this.strings;
    return html`<p part="result-score"><strong>${s.riskScore}:</strong> ${format(s.riskOutOf, { total: r.total, max: r.max })}</p>
      ${r.raisedByJudgement && r.calculatedBandTitle
        ? html`<p part="result-calculated">
            <strong>${s.riskCalculated}:</strong> ${format(s.riskRaised, { from: r.calculatedBandTitle, to: r.bandTitle ?? '' })}
          </p>`
        : nothing}
      ${r.treatment ? html`<p part="result-treatment"><strong>${s.riskTreatment}:</strong> ${r.treatment.title}</p>` : nothing}
      <div part="result-rsg">
        <p><strong>${s.riskStrategyGroup}:</strong> ${rsg.required ? s.riskStrategyGroupRequired : rsg.provisional ? s.riskStrategyGroupNotYet : s.riskStrategyGroupNotRequired}</p>
        ${rsg.reasons.length ? html`<ul>${rsg.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : nothing}
      </div>
      ${r.status === 'provisional'
        ? html`<p part="result-provisional">${format(s.riskProvisional, { answered: r.answered, count: r.questionCount })}</p>`
        : nothing}
      ${r.judgement && !r.judgement.applied ? html`<p part="result-judgement">${r.judgement.note}</p>` : nothing}
      ${r.reasons.length
        ? html`<h4>${s.riskMovedMost}</h4>
            <ol part="result-reasons">
              ${r.reasons.map((reason) => html`<li>${reason}</li>`)}
            </ol>`
        : nothing}
      ${r.explanation.length
        ? html`<details>
            <summary>${s.howReached}</summary>
            <ol>
              ${r.explanation.map((line) => html`<li>${line}</li>`)}
            </ol>
          </details>`
        : nothing}`;
  }
}
