import { threatReportOnDemand } from '@safety-forms/core/forms/threat-report.on-demand';
import type { ResultSummary } from '@safety-forms/core/runtime';
import { classifyThreat, type ThreatClassification } from '@safety-forms/core/score/threat';
import { html, nothing } from 'lit';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';

/**
 * The CSTAG threat report (Union 81 / CSTAG Threat Assessment and Response Protocol): reporter,
 * incident, assessment findings, key observations, the five-step evaluation with the live threat
 * classification, priority level, observations suggesting intervention, threat response and case plan.
 *
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary CSTAG threat report with live threat classification and suggested priority.
 * @status experimental
 * @since 0.1.0
 *
 * @csspart scale - The key observations grid.
 * @csspart result-title - The outcome.
 * @csspart result-summary - What the outcome means.
 * @csspart result-actions - The required actions.
 * @csspart priority-suggestion - The suggested priority in the priority section.
 */
export default class ThreatReportForm extends SfFormBase {
  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return threatReportOnDemand;
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
