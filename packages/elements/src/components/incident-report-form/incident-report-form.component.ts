import { incidentReport, type IncidentReportData } from '@safety-forms/core/forms/incident-report';
import { deref, isHiddenHere, schemaAt, toPointer, type FormDefinition, type FormSchema, type ResultSummary } from '@safety-forms/core/runtime';
import { classifyIncident, incidentScoringConfig, ROUTE_KINDS, INCIDENT_TOPICS, type IncidentResult } from '@safety-forms/core/score/incident';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { SfFormBase } from '../../internal/form-base.js';
import { format } from '../../internal/strings.js';
import { fieldContext } from '../../internal/widgets/context.js';
import type { FieldContext } from '../../internal/widgets/host.js';
import { ariaInvalid, ariaRequired, describedBy, errorMessage, groupClass, groupPart, hint, title } from '../../internal/widgets/parts.js';
import styles from './incident-report-form.styles.js';

/** The incident report form: the generated schema and validator. */
export const incidentReportForm: FormDefinition<IncidentReportData> = incidentReport;

/** The panel's words (headings, route kinds and states, what each reason is about): the schema's `x-scoring`. */
const CONFIG = incidentScoringConfig();
const SUB_CATEGORY = CONFIG.subCategory;

/**
 * The sub-category question: GOV.UK radios with a hint under each option, the explanation Appendix
 * part 1 gives beside each sub-category (the option's `description`). Each radio is described by its
 * own hint; the question's hint and error describe the fieldset, as for every other choice.
 */
function subCategoryRadios(ctx: FieldContext) {
  const { host, pointer } = ctx;
  const options = (ctx.schema.oneOf ?? []).map((o) => deref(host.root, o)).filter((o) => 'const' in o);
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <fieldset class="fieldset" aria-describedby=${describedBy(ctx)} part="fieldset">
      <legend class="fieldset__legend" part="legend">${title(ctx)}</legend>
      ${hint(ctx)} ${errorMessage(ctx)}
      <div class="radios" part="radios">
        ${options.map((option, i) => {
          const id = i === 0 ? ctx.id : `${ctx.id}-${i}`;
          const hintId = `${ctx.id}-option-${i}-hint`;
          const explanation = typeof option.description === 'string' ? host.text(option.description) : '';
          return html`<div class="radios__item${explanation ? ' radios__item--hint' : ''}" part="radio-item">
            <input
              class="radios__input"
              part="radio"
              type="radio"
              id=${id}
              name=${pointer}
              .value=${String(i)}
              .checked=${live(ctx.value === option.const)}
              ?disabled=${host.locked}
              aria-describedby=${explanation ? hintId : nothing}
              aria-invalid=${i === 0 ? ariaInvalid(ctx) : nothing}
              aria-required=${i === 0 ? ariaRequired(ctx) : nothing}
              @change=${() => host.commit(pointer, option.const)}
            />
            <div class="radios__text">
              <label class="radios__label" for=${id} part="radio-label">${host.text(option.title ?? String(option.const))}</label>
              ${explanation ? html`<div id=${hintId} class="hint radios__hint" part="radio-hint">${explanation}</div>` : nothing}
            </div>
          </div>`;
        })}
      </div>
    </fieldset>
  </div>`;
}

/**
 * Report an incident of violence or aggression, from South East Coast Ambulance Service's Violence &
 * Aggression procedure (sections 2-4) and its Datix Investigations Guidance Document, with Kent County
 * Council's recording and support sections: when and where; what happened (the nature of the act: push,
 * punch, words used, tone, 4.4.8); the violence and aggression sub-category, each with its Appendix part
 * 1 explanation under it; aggravating factors and whether they occurred immediately before, during or
 * after the act; whether a medical factor was operative and whether intoxication was voluntary; the
 * victim(s) of violence or aggression and the witnesses with their role; the Police (called, attended,
 * offence or scene management only, de-arrest, Crime Reference Number, officer in charge and contact);
 * the evidence; injury and days off work; whether the offender's details are known, and a description.
 * Marked OFFICIAL-SENSITIVE.
 *
 * The live result explains the routes of action (Appendix part 2) from core's `classifyIncident` with
 * the schema's `x-scoring`: the possible offences, the possible routes (internal: history marker,
 * warning letter, frequent caller process; external: prosecution; referrals) each with its state and
 * why, and the headlines: a physical assault not caused by a medical factor with the offender's details
 * known requires a history marker application; an aggravated case is automatically a strong case;
 * voluntary intoxication is no defence; more than 7 days off work is RIDDOR reportable; a de-arrested
 * perpetrator's matter cannot be pursued.
 *
 * @summary SECAmb incident of violence or aggression: the Datix prompts in the documents' words, with the routes of action.
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
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (with the routes of action as `result`), `detail.idempotencyKey`.
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
 * @csspart textarea - Text areas (what happened, the medical factor, the evidence, the injury, the offender's description).
 * @csspart select - Drop-down lists.
 * @csspart radios - The radio buttons of one question.
 * @csspart radio-item - One radio button with its label (and, for a sub-category, its explanation).
 * @csspart radio - Radio buttons (the sub-category, the Yes/No questions, the witness's role).
 * @csspart radio-hint - The Appendix part 1 explanation under each violence and aggression sub-category.
 * @csspart radio-label - A radio button's label.
 * @csspart checkboxes - The checkboxes of one question.
 * @csspart checkbox-item - One checkbox with its label.
 * @csspart checkbox - Checkboxes (the aggravating factors, the evidence available).
 * @csspart checkbox-label - A checkbox's label.
 * @csspart date-input - The day, month and year (and time) boxes of a date.
 * @csspart date-input-item - One box of a date with its label.
 * @csspart date-input-label - The Day, Month, Year and Time labels.
 * @csspart date-input-box - The day, month and year inputs.
 * @csspart time-input - The time input of a date and time.
 * @csspart group - A group of questions (fieldset with a legend).
 * @csspart group--error - A group whose own answer shows an error.
 * @csspart repeat - A repeatable group (the victims, the witnesses).
 * @csspart repeat--error - A repeatable group that shows an error.
 * @csspart repeat-item - One victim or witness.
 * @csspart repeat-item-legend - The legend of one item ("Item 1").
 * @csspart add-button - "Add a victim", "Add a witness".
 * @csspart remove-button - Removes one victim or witness.
 * @csspart scale - A scale: questions sharing one set of answers, laid out as a table on wide screens.
 * @csspart scale-table - The rows of a scale.
 * @csspart scale-head - The column headings of a scale (wide screens; hidden from assistive technology).
 * @csspart scale-column - One column heading of a scale.
 * @csspart scale-row - One question of a scale.
 * @csspart scale-row--error - A scale question that shows an error.
 * @csspart scale-question - The question of a scale row (its legend).
 * @csspart result - The live result panel: the routes of action.
 * @csspart result-heading - The result panel's heading.
 * @csspart result-title - The sub-category ("Physical Assault (General)"), or "Not yet categorised".
 * @csspart result-summary - What the result is, or what to answer.
 * @csspart result-next - "Still to answer": the next question the result needs.
 * @csspart result-highlights - The headlines: a history marker must be applied for, a strong case, RIDDOR reportable, cannot be pursued.
 * @csspart result-offences - Appendix part 2's possible offences for the sub-category (and its notes).
 * @csspart result-routes - Appendix part 2's possible routes of action, by kind (internal, external, referrals).
 * @csspart result-route - One route: its name, its state, the table's words and why.
 * @csspart result-route-state - The route's state: Required, Pursue, Consider, Not sought.
 * @csspart result-reasons - Why: every rule that applied, by what it is about (history marker, RIDDOR, Police...).
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
export default class IncidentReportForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  protected override get form(): FormDefinition {
    return incidentReportForm as FormDefinition;
  }

  /** The routes of action, from core's `classifyIncident` with the schema's `x-scoring`. */
  protected override computeResult(data: unknown): IncidentResult {
    return classifyIncident(data);
  }

  /** @internal Renders the sub-category with each option's explanation; every other field as usual. */
  override field(tokens: readonly string[], schema: FormSchema) {
    if (toPointer(tokens) !== SUB_CATEGORY) return super.field(tokens, schema);
    if (isHiddenHere(this.root, schema, this.data, tokens)) return nothing;
    return subCategoryRadios(fieldContext(this, tokens, schema));
  }

  /** The panel: the sub-category, the headlines, the possible offences, the routes by kind with their state and why, and every reason. */
  protected override renderResult(summary: ResultSummary | null) {
    if (!summary) return nothing;
    const r = summary as IncidentResult;
    const s = this.strings;
    const t = CONFIG.texts;
    const nextTitle = r.nextQuestion ? schemaAt(this.root, r.nextQuestion)?.title : undefined;
    const kinds = ROUTE_KINDS.filter((kind) => r.routes.some((route) => route.kind === kind));
    const topics = INCIDENT_TOPICS.filter((topic) => r.matched.some((m) => m.about === topic));
    return html`<section class="result${r.crisis ? ' result--crisis' : ''}" part="result" aria-labelledby="result-heading" data-status=${r.status}>
      <h3 id="result-heading" class="result__heading" part="result-heading">${s.resultHeading}</h3>
      <p class="result__title" role="status" part="result-title"><strong>${this.text(r.title)}</strong></p>
      <p part="result-summary">${r.summary}</p>
      ${nextTitle ? html`<p part="result-next">${format(s.resultNext, { question: this.text(nextTitle) })}</p>` : nothing}
      ${r.highlights.length
        ? html`<ul class="incident__highlights" part="result-highlights">
            ${r.highlights.map((h) => html`<li>${h}</li>`)}
          </ul>`
        : nothing}
      ${r.offences.length
        ? html`<h4>${t.offences}</h4>
            <ul part="result-offences">
              ${r.offences.map((o) => html`<li>${o.text}</li>`)} ${r.notes.map((n) => html`<li>${n}</li>`)}
            </ul>`
        : nothing}
      ${kinds.length
        ? html`<h4>${t.routes}</h4>
            <div part="result-routes">
              ${kinds.map(
                (kind) => html`<h5>${CONFIG.kinds[kind]}</h5>
                  <ul class="incident__routes">
                    ${r.routes
                      .filter((route) => route.kind === kind)
                      .map(
                        (route) => html`<li class="incident__route incident__route--${route.state}" part="result-route" data-route=${route.code} data-state=${route.state}>
                          <strong>${route.title}</strong><span class="incident__state" part="result-route-state">${CONFIG.states[route.state]}</span>
                          <p class="incident__text">${route.text}</p>
                          <p class="incident__why">${t.why}: ${route.why.join(' ')}</p>
                        </li>`,
                      )}
                  </ul>`,
              )}
            </div>`
        : nothing}
      ${topics.length
        ? html`<h4>${t.why}</h4>
            <dl class="incident__reasons" part="result-reasons">
              ${topics.map(
                (topic) => html`<dt>${CONFIG.about[topic]}</dt>
                  ${r.matched.filter((m) => m.about === topic).map((m) => html`<dd>${m.reason}</dd>`)}`,
              )}
            </dl>`
        : nothing}
    </section>`;
  }
}
