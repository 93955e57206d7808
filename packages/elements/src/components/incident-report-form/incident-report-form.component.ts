import { incidentReportOnDemand } from '@safety-forms/core/forms/incident-report.on-demand';
import { deref, isHiddenHere, schemaAt, toPointer, type FormSchema, type ResultSummary } from '@safety-forms/core/runtime';
import { classifyIncident, incidentScoringConfig, ROUTE_KINDS, INCIDENT_TOPICS, type IncidentResult } from '@safety-forms/core/score/incident';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';
import { format } from '../../internal/strings.js';
import { fieldContext } from '../../internal/widgets/context.js';
import type { FieldContext } from '../../internal/widgets/host.js';
import { ariaInvalid, ariaRequired, describedBy, errorMessage, groupClass, groupPart, hint, title } from '../../internal/widgets/parts.js';
import styles from './incident-report-form.styles.js';

/** The incident report form: the generated schema and validator. */
export const incidentReportForm: typeof incidentReportOnDemand = incidentReportOnDemand;

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
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary SECAmb incident of violence or aggression: the Datix prompts in the documents' words, with the routes of action.
 * @status experimental
 * @since 0.1.0
 *
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (with the routes of action as `result`), `detail.idempotencyKey`.
 *
 * @csspart radio-item - One radio button with its label (and, for a sub-category, its explanation).
 * @csspart radio-hint - The Appendix part 1 explanation under each violence and aggression sub-category.
 * @csspart repeat - A repeatable group (the victims, the witnesses).
 * @csspart repeat-item - One victim or witness.
 * @csspart add-button - "Add a victim", "Add a witness".
 * @csspart remove-button - Removes one victim or witness.
 * @csspart result - The live result panel: the routes of action.
 * @csspart result-title - The sub-category ("Physical Assault (General)"), or "Not yet categorised".
 * @csspart result-summary - What the result is, or what to answer.
 * @csspart result-highlights - The headlines: a history marker must be applied for, a strong case, RIDDOR reportable, cannot be pursued.
 * @csspart result-offences - Appendix part 2's possible offences for the sub-category (and its notes).
 * @csspart result-routes - Appendix part 2's possible routes of action, by kind (internal, external, referrals).
 * @csspart result-route - One route: its name, its state, the table's words and why.
 * @csspart result-route-state - The route's state: Required, Pursue, Consider, Not sought.
 * @csspart result-reasons - Why: every rule that applied, by what it is about (history marker, RIDDOR, Police...).
 */
export default class IncidentReportForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return incidentReportForm;
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
