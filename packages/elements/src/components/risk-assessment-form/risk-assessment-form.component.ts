import { riskAssessmentOnDemand } from '@safety-forms/core/forms/risk-assessment.on-demand';
import { parsePointer, toPointer, type FormSchema, type ResultSummary } from '@safety-forms/core/runtime';
import { riskAssessmentScoringConfig, scoreRiskAssessment, type RiskAssessmentResult } from '@safety-forms/core/score/risk-assessment';
import { html, nothing } from 'lit';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';
import styles from './risk-assessment-form.styles.js';

/** The general risk assessment form: the generated schema and validator. */
export const riskAssessmentForm: typeof riskAssessmentOnDemand = riskAssessmentOnDemand;

/** The panel's words and where the hazards are: the schema's `x-scoring`. */
const CONFIG = riskAssessmentScoringConfig();
const HAZARDS = parsePointer(CONFIG.hazards);
const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));

/** The index of the hazard whose consequence question `tokens` is, or -1. */
function consequenceOf(tokens: readonly string[]): number {
  if (tokens.length !== HAZARDS.length + 2 || tokens[tokens.length - 1] !== CONFIG.consequence.key) return -1;
  if (HAZARDS.some((t, i) => tokens[i] !== t)) return -1;
  const index = tokens[HAZARDS.length]!;
  return /^(0|[1-9]\d*)$/.test(index) ? Number(index) : -1;
}

/**
 * The General Risk Assessment Form of South East Coast Ambulance Service's Violence & Aggression
 * procedure: the assessment's heading (Assessment No., completed by and role, initial assessment date,
 * location of the risk, task / hazard being assessed, and the reference of an incident that puts the
 * assessment in question), then one entry per hazard in the form's four steps: the activity, the hazard,
 * the person(s) affected and how, the current control measures, and the risk rating L x C = R, with the
 * further action to reduce it. Marked OFFICIAL-SENSITIVE.
 *
 * The live result is core's `scoreRiskAssessment` with the schema's `x-scoring`: each hazard's rating
 * (likelihood 1 rare to 5 almost certain, times consequence 1 negligible to 5 catastrophic) and band
 * (1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme), shown under the hazard's consequence and in the
 * panel; the overall rating, the highest of the hazards; and the further action still to record for
 * each hazard rated high or extreme. A hazard not yet rated never counts. The element knows no rule.
 *
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary SECAmb general risk assessment: several hazards, each rated likelihood x consequence, the overall rating the highest.
 * @status experimental
 * @since 0.1.0
 *
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (with the risk ratings as `result`), `detail.idempotencyKey`.
 *
 * @csspart repeat - A repeatable group (the hazards).
 * @csspart repeat-item - One hazard (the form's row; its number is the REF NO).
 * @csspart repeat-item-legend - The legend of one hazard ("Hazard 1").
 * @csspart add-button - "Add a hazard".
 * @csspart remove-button - Removes one hazard.
 * @csspart hazard-rating - Under each hazard's consequence: its risk rating, L x C = R, and its band (or what it still needs).
 * @csspart result - The live result panel: the risk ratings.
 * @csspart result-title - The overall band ("High risk"), or "Not yet rated".
 * @csspart result-summary - What to do about a risk in that band, or what to answer.
 * @csspart result-next - "Still to answer": the next question the rating needs.
 * @csspart result-actions-heading - The heading above the further actions to record.
 * @csspart result-actions - The hazards rated high or extreme with no further action recorded.
 * @csspart result-overall - The overall risk rating: the highest of the hazards, out of the maximum, with its band.
 * @csspart result-provisional - Not every hazard is rated yet: the overall rating may still rise.
 * @csspart result-hazards - The risk rating of each hazard, L x C = R, with its band.
 * @csspart result-hazard - One hazard's rating (`data-band` holds the band's code).
 * @csspart result-bands - How the rating is reached: the scales and the bands.
 */
export default class RiskAssessmentForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  /** The last result, for the rating under each hazard (the panel gets it from the base class). */
  private rating: RiskAssessmentResult | null = null;

  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return riskAssessmentForm;
  }

  /** The risk ratings, from core's `scoreRiskAssessment` with the schema's `x-scoring`. */
  protected override computeResult(data: unknown): RiskAssessmentResult {
    this.rating = scoreRiskAssessment(data);
    return this.rating;
  }

  /** @internal Renders every field as usual, and each hazard's rating under its consequence. */
  override field(tokens: readonly string[], schema: FormSchema) {
    const rendered = super.field(tokens, schema);
    if (consequenceOf(tokens) < 0 || rendered === nothing) return rendered;
    const hazard = this.rating?.hazards.find((h) => h.pointer === toPointer(tokens.slice(0, -1)));
    return html`${rendered}
      <p class="risk__rating" part="hazard-rating" data-band=${hazard?.band ?? nothing}>
        <strong>${CONFIG.texts.ratingLabel}:</strong> ${hazard?.ratingText ?? CONFIG.texts.notRated}
      </p>`;
  }

  /** The overall rating, whether it may still rise, each hazard's rating, and how the rating is reached. */
  protected override renderResultExtra(result: ResultSummary) {
    const r = result as RiskAssessmentResult;
    const t = CONFIG.texts;
    return html`${r.overall ? html`<p part="result-overall"><strong>${r.overall}</strong></p>` : nothing}
      ${r.status === 'provisional' ? html`<p part="result-provisional">${t.provisional}</p>` : nothing}
      ${r.hazards.length
        ? html`<h4>${t.hazardsHeading}</h4>
            <ul class="risk__hazards" part="result-hazards">
              ${r.hazards.map((h) => html`<li part="result-hazard" data-hazard=${h.ref} data-band=${h.band ?? nothing}>${h.text}</li>`)}
            </ul>`
        : nothing}
      <details part="result-bands">
        <summary>${t.howHeading}</summary>
        <p>${t.how}</p>
        <ul>
          ${CONFIG.bands.map((b) => html`<li>${fill(t.band, { band: b.title, min: b.min, max: b.max })}</li>`)}
        </ul>
      </details>`;
  }
}
