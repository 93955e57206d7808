/** The GOV.UK error summary: a heading and a link to each question with an error. Only drawn; following a link is the caller's. */
import type { FieldError } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { fieldId } from '../ids.js';
import type { Strings } from '../strings.js';

/** The error summary for `errors` (nothing when there are none); `follow` opens the question a link names. */
export function renderErrorSummary(strings: Strings, errors: readonly FieldError[], follow: (event: Event, pointer: string) => void) {
  if (!errors.length) return nothing;
  return html`<div class="error-summary" id="error-summary" tabindex="-1" part="error-summary">
    <div role="alert">
      <h2 class="error-summary__title" part="error-summary-title">${strings.errorSummaryTitle}</h2>
      <ul class="error-summary__list" part="error-summary-list">
        ${errors.map((e) => html`<li><a href="#${fieldId(e.pointer)}" part="error-summary-link" @click=${(ev: Event) => follow(ev, e.pointer)}>${e.message}</a></li>`)}
      </ul>
    </div>
  </div>`;
}
