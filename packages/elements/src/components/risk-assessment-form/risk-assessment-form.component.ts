import { riskAssessment, type RiskAssessmentData } from '@safety-forms/core/forms/risk-assessment';
import { parsePointer, toPointer, type FormDefinition, type FormSchema, type ResultSummary } from '@safety-forms/core/runtime';
import { riskAssessmentScoringConfig, scoreRiskAssessment, type RiskAssessmentResult } from '@safety-forms/core/score/risk-assessment';
import { html, nothing } from 'lit';
import { SfFormBase } from '../../internal/form-base.js';
import styles from './risk-assessment-form.styles.js';

/** The general risk assessment form: the generated schema and validator. */
export const riskAssessmentForm: FormDefinition<RiskAssessmentData> = riskAssessment;

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
 * @summary SECAmb general risk assessment: several hazards, each rated likelihood x consequence, the overall rating the highest.
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
 * @attr form-value - What a host `<form>` submits: `reference` (default; the reference once sent) or `answers` (JSON; kept by the browser in clear).
 *
 * @fires sf-draft-saved - A draft was written; `detail.savedAt`.
 * @fires sf-draft-restored - A saved draft was restored; `detail.savedAt`, `detail.leftovers`.
 * @fires sf-draft-error - Drafts cannot be kept, or another tab saved the same draft; `detail.kind`.
 * @fires sf-change - The user changed an answer. `detail.pointer` is its JSON Pointer.
 * @fires sf-invalid - A submit attempt stopped because answers need correcting. `detail.errors`.
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (with the risk ratings as `result`), `detail.idempotencyKey`.
 * @fires sf-submitted - The backend confirmed the record. `detail.reference`.
 * @fires sf-submit-error - Sending failed; the answers stay. `detail.kind`, `detail.status`, `detail.queued` (kept in the outbox).
 *
 * @csspart base - The form's wrapper.
 * @csspart marking - The protective marking (OFFICIAL-SENSITIVE).
 * @csspart title - The form title.
 * @csspart error-summary - The GOV.UK error summary (heading and links to each question with an error).
 * @csspart submit-error - Banner: sending failed; says what to do.
 * @csspart submit-queued - Banner: the record is kept on this device and will be sent when possible.
 * @csspart try-again-button - Try again (now): sends what waits, with the same key.
 * @csspart sent-earlier - Banner: a record that waited on this device from earlier has been sent.
 * @csspart drafts - The draft banners and status.
 * @csspart draft-status - "Draft saved at 14:32" and how long drafts are kept.
 * @csspart draft-restored - Banner: "Draft restored from 14:32", with the Discard draft button.
 * @csspart discard-draft-button - Discard draft.
 * @csspart draft-conflict - Banner: another tab saved this draft: load the latest or keep mine.
 * @csspart load-latest-button - Load the latest answers (draft conflict).
 * @csspart keep-mine-button - Keep mine as a copy (draft conflict).
 * @csspart draft-unavailable - Banner: drafts are not being kept on this device.
 * @csspart draft-save-failed - Banner: the last save failed; the answers are still on screen.
 * @csspart draft-set-aside - Banner: a saved draft could not be read and was set aside.
 * @csspart draft-leftovers - Answers from an older version that no longer fit.
 * @csspart download-leftovers-button - Downloads the answers that no longer fit.
 * @csspart sections - The section navigation.
 * @csspart section-link - One link of the section navigation.
 * @csspart section - The current section.
 * @csspart section-caption - "Section N of M".
 * @csspart form-group - One question: label or legend, hint, error message and input.
 * @csspart form-group--error - A question that shows an error (with `form-group`; GOV.UK red left border).
 * @csspart fieldset - The fieldset of a choice, a date or a scale row.
 * @csspart legend - A group's or a choice's legend.
 * @csspart label - A question's label (and the Day, Month, Year labels).
 * @csspart hint - Hint text.
 * @csspart error-message - A question's error message.
 * @csspart input - Text, number, telephone, email and date inputs.
 * @csspart input--error - An input, textarea or select whose question shows an error.
 * @csspart textarea - Text areas (the hazard, the person(s) affected and how, the current control measures, the further action).
 * @csspart select - Drop-down lists.
 * @csspart radios - The radio buttons of one question.
 * @csspart radio-item - One radio button with its label.
 * @csspart radio - Radio buttons (the likelihood and the consequence of each hazard).
 * @csspart radio-label - A radio button's label.
 * @csspart checkboxes - The checkboxes of one question.
 * @csspart checkbox-item - One checkbox with its label.
 * @csspart checkbox - Checkboxes.
 * @csspart checkbox-label - A checkbox's label.
 * @csspart date-input - The day, month and year (and time) boxes of a date.
 * @csspart date-input-item - One box of a date with its label.
 * @csspart date-input-label - The Day, Month, Year and Time labels.
 * @csspart date-input-box - The day, month and year inputs.
 * @csspart time-input - The time input of a date and time.
 * @csspart group - A group of questions (fieldset with a legend).
 * @csspart group--error - A group whose own answer shows an error.
 * @csspart repeat - A repeatable group (the hazards).
 * @csspart repeat--error - A repeatable group that shows an error.
 * @csspart repeat-item - One hazard (the form's row; its number is the REF NO).
 * @csspart repeat-item-legend - The legend of one hazard ("Hazard 1").
 * @csspart add-button - "Add a hazard".
 * @csspart remove-button - Removes one hazard.
 * @csspart scale - A scale: questions sharing one set of answers, laid out as a table on wide screens.
 * @csspart scale-table - The rows of a scale.
 * @csspart scale-head - The column headings of a scale (wide screens; hidden from assistive technology).
 * @csspart scale-column - One column heading of a scale.
 * @csspart scale-row - One question of a scale.
 * @csspart scale-row--error - A scale question that shows an error.
 * @csspart scale-question - The question of a scale row (its legend).
 * @csspart hazard-rating - Under each hazard's consequence: its risk rating, L x C = R, and its band (or what it still needs).
 * @csspart result - The live result panel: the risk ratings.
 * @csspart result-heading - The result panel's heading.
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
 * @csspart actions - The button row.
 * @csspart button - Every button (with its own part name beside it).
 * @csspart previous-button - Previous section.
 * @csspart next-button - Next section.
 * @csspart submit-button - The submit button.
 * @csspart confirmation - The confirmation panel after sending.
 * @csspart reference - The backend's reference in the confirmation.
 * @csspart schema-error - Shown instead of the form when there is no schema.
 *
 * @cssprop --sf-font-family - Font of the whole form (GOV.UK: "GDS Transport", arial, sans-serif).
 * @cssprop --sf-font-family-monospace - Monospaced text, e.g. answer paths (ui-monospace, menlo, consolas, monospace).
 * @cssprop --sf-font-size - Body text (19px, or larger when the browser's text size is larger).
 * @cssprop --sf-font-size-small - Small text: section links, progress, draft status (16px).
 * @cssprop --sf-font-size-caption - The "Section N of M" caption (19px).
 * @cssprop --sf-font-size-heading-xl - Confirmation panel title (48px; 32px on narrow screens).
 * @cssprop --sf-font-size-heading-l - Form title (36px; 27px on narrow screens).
 * @cssprop --sf-font-size-heading-m - Section headings, error summary title, result title (24px; 18px on narrow screens).
 * @cssprop --sf-font-size-heading-s - Group legends and small headings (19px).
 * @cssprop --sf-font-weight-regular - Regular text (400).
 * @cssprop --sf-font-weight-bold - Labels, legends, headings, error messages (700).
 * @cssprop --sf-line-height - Body line height (1.3158, GOV.UK's 25px on 19px).
 * @cssprop --sf-line-height-heading - Heading line height (1.25).
 * @cssprop --sf-color-text - Text (#0b0c0c).
 * @cssprop --sf-color-background - Background (#ffffff).
 * @cssprop --sf-color-secondary-text - Hints, captions, progress (#484949).
 * @cssprop --sf-color-link - Links and section links (#1d70b8).
 * @cssprop --sf-color-link-hover - Links on hover (#003078).
 * @cssprop --sf-color-focus - Focus highlight: outline and background (GOV.UK yellow #ffdd00).
 * @cssprop --sf-color-focus-text - Text on the focus highlight and its underline or inner ring (#0b0c0c).
 * @cssprop --sf-color-error - Error messages, error borders, the error summary (#d4351c).
 * @cssprop --sf-color-warning - Border of warning banners: drafts not kept, queued (#f47738).
 * @cssprop --sf-color-border - Rules and neutral borders (#b1b4b6).
 * @cssprop --sf-color-control - Radio buttons and checkboxes (defaults to --sf-color-text).
 * @cssprop --sf-color-input-text - Text in inputs (defaults to --sf-color-text).
 * @cssprop --sf-color-input-background - Input background (#ffffff).
 * @cssprop --sf-color-input-border - Input borders (#0b0c0c).
 * @cssprop --sf-color-readonly-background - Background of read-only inputs (#f3f2f1).
 * @cssprop --sf-color-button - Primary button and progress bar (GOV.UK green #00703c).
 * @cssprop --sf-color-button-text - Primary button text (#ffffff).
 * @cssprop --sf-color-button-hover - Primary button on hover (#005a30).
 * @cssprop --sf-color-button-shadow - The 2px shadow under the primary button (#002d18).
 * @cssprop --sf-color-button-secondary - Secondary buttons (#f3f2f1).
 * @cssprop --sf-color-button-secondary-text - Secondary button text (#0b0c0c).
 * @cssprop --sf-color-button-secondary-hover - Secondary buttons on hover (#dbdad9).
 * @cssprop --sf-color-button-secondary-shadow - The shadow under secondary buttons (#929191).
 * @cssprop --sf-color-notice-background - Banner background (#f3f2f1).
 * @cssprop --sf-color-panel - Confirmation panel background (#00703c).
 * @cssprop --sf-color-panel-text - Confirmation panel text (#ffffff).
 * @cssprop --sf-space-1 - Spacing scale step 1 (5px).
 * @cssprop --sf-space-2 - Spacing scale step 2 (10px).
 * @cssprop --sf-space-3 - Spacing scale step 3 (15px).
 * @cssprop --sf-space-4 - Spacing scale step 4 (20px).
 * @cssprop --sf-space-5 - Spacing scale step 5 (25px).
 * @cssprop --sf-space-6 - Spacing scale step 6 (30px): between questions and blocks.
 * @cssprop --sf-border-width - Thin rules (1px).
 * @cssprop --sf-border-width-input - Input, button and result borders (2px).
 * @cssprop --sf-border-width-error - Error left border, error summary and crisis result border (5px).
 * @cssprop --sf-border-width-notice - Left border of banners (10px).
 * @cssprop --sf-border-width-repeat - Left border of a repeated item (4px).
 * @cssprop --sf-focus-width - Width of the focus outline (3px).
 * @cssprop --sf-radius - Corner radius of inputs (0).
 * @cssprop --sf-radius-button - Corner radius of buttons (defaults to --sf-radius).
 * @cssprop --sf-radius-panel - Corner radius of the result and confirmation panels (0).
 * @cssprop --sf-max-width - Maximum width of the form (40em).
 */
export default class RiskAssessmentForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  /** The last result, for the rating under each hazard (the panel gets it from the base class). */
  private rating: RiskAssessmentResult | null = null;

  protected override get form(): FormDefinition {
    return riskAssessmentForm as FormDefinition;
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
