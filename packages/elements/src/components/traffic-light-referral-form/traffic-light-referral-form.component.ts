import { trafficLightReferralOnDemand } from '@safety-forms/core/forms/traffic-light-referral.on-demand';
import { schemaAt, type ResultSummary } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { classifyReferral, type ReferralResult, type TrafficLight } from '@safety-forms/core/score/referral';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';
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
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary KCC traffic light referral with a live RED / AMBER / GREEN status, reasons and actions.
 * @status experimental
 * @since 0.1.0
 *
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (its `result` is the status), `detail.idempotencyKey`.
 *
 * @csspart result - The live traffic light status panel.
 * @csspart result-title - The status line: icon and "RED: STOP".
 * @csspart result-icon - The status icon (■, ▲, ●), hidden from assistive technology.
 * @csspart result-summary - What the status means.
 * @csspart result-reasons - Every type of referral that applies, each with its status.
 *
 * @cssprop --sf-traffic-light-red - RED: the panel border and the status band (default GOV.UK red #d4351c).
 * @cssprop --sf-traffic-light-red-text - Text on the RED band (#ffffff).
 * @cssprop --sf-traffic-light-amber - AMBER: the panel border and the status band (GOV.UK orange #f47738).
 * @cssprop --sf-traffic-light-amber-text - Text on the AMBER band (#0b0c0c).
 * @cssprop --sf-traffic-light-amber-icon - The AMBER icon beside a reason, on white (#b35200).
 * @cssprop --sf-traffic-light-green - GREEN: the panel border and the status band (GOV.UK green #00703c).
 * @cssprop --sf-traffic-light-green-text - Text on the GREEN band (#ffffff).
 */
export default class TrafficLightReferralForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return trafficLightReferralOnDemand;
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
