/** The live result panel: the result's title, what it means, the next question it needs, and the actions to take. */
import type { ResultSummary } from '@safety-forms/core/runtime';
import { html, nothing, type TemplateResult } from 'lit';
import { format, type Strings } from '../strings.js';

/**
 * The panel for `result` (nothing without one). `next` is the title of the question the result still
 * needs, as shown; `extra` is a form's own detail after the actions.
 */
export function renderResultPanel(s: Strings, result: ResultSummary | null, next: string | undefined, extra: TemplateResult | typeof nothing = nothing) {
  if (!result) return nothing;
  return html`<section class="result${result.crisis ? ' result--crisis' : ''}" part="result" aria-labelledby="result-heading">
    <h3 id="result-heading" class="result__heading" part="result-heading">${s.resultHeading}</h3>
    <p class="result__title" role="status" part="result-title"><strong>${result.title}</strong></p>
    <p part="result-summary">${result.summary}</p>
    ${next ? html`<p part="result-next">${format(s.resultNext, { question: next })}</p>` : nothing}
    ${result.actions?.length
      ? html`<h4 part="result-actions-heading">${s.requiredActions}</h4>
          <ul part="result-actions">
            ${result.actions.map((a) => html`<li>${a.text}</li>`)}
          </ul>`
      : nothing}
    ${extra}
  </section>`;
}
