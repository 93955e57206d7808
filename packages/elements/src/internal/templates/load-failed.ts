/**
 * The notice shown when a part of the form that loads on demand (check your answers, print, a
 * download, a form's schema) could not be fetched: says the answers are kept and offers Try again.
 * Only drawn: the button calls back.
 */
import { html } from 'lit';
import type { Strings } from '../strings.js';

/** "This part of the form could not load. Your answers are kept..." (or `message`) with Try again (`retry`). */
export function renderLoadFailed(s: Strings, retry: () => void, message: string = s.partUnavailable) {
  return html`<div class="notice notice--error" role="alert" part="notice load-failed">
    <p>${message}</p>
    <button type="button" class="button button--secondary" part="button load-retry-button" @click=${() => retry()}>${s.tryAgain}</button>
  </div>`;
}
