/** After sending: the confirmation panel with the backend's reference, what happens next, and the buttons to keep a copy or start another. */
import { html } from 'lit';
import { format, type Strings } from '../strings.js';

/** What the buttons after sending do. */
export interface ConfirmationActions {
  print(): void;
  download(): void;
  startAnother(): void;
}

/** The confirmation of a record sent with `reference` (the backend may give none). */
export function renderConfirmation(s: Strings, reference: string | undefined, actions: ConfirmationActions) {
  return html`<div class="panel" id="confirmation" tabindex="-1" role="status" part="confirmation">
      <h2 class="panel__title" part="confirmation-title">${s.submittedTitle}</h2>
      <div class="panel__body" part="confirmation-body">
        ${reference ? html`${s.submittedReference}<span class="panel__reference" part="reference">${reference}</span>` : s.submittedNoReference}
      </div>
    </div>
    <section class="what-next screen-only" part="what-next" aria-labelledby="what-next-heading">
      <h3 class="what-next__heading" id="what-next-heading">${s.whatNextTitle}</h3>
      <p>${reference ? format(s.whatNext, { reference }) : s.whatNextNoReference}</p>
      <p>${s.whatNextCopy}</p>
      <div class="actions" part="actions confirmation-actions">
        <button type="button" class="button button--secondary" part="button print-button" @click=${() => actions.print()}>${s.printCopy}</button>
        <button type="button" class="button button--secondary" part="button download-button" @click=${() => actions.download()}>${s.downloadCopy}</button>
        <button type="button" class="button" part="button start-another-button" @click=${() => actions.startAnother()}>${s.startAnother}</button>
      </div>
    </section>`;
}
