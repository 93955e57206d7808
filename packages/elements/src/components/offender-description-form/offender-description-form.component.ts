import { offenderDescription, type FormDefinition, type ResultSummary } from '@safety-forms/core';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
// `describeOffender` is not exported from '@safety-forms/core' yet (packages/core/src/index.ts is not
// this component's file); import it from there once `export * from './describe/offender.js'` is added.
import { describeOffender, type OffenderDescription } from '@safety-forms/core';
import { SfFormBase } from '../../internal/form-base.js';
import styles from './offender-description-form.styles.js';

/** Interface text of the Copy button, overridable through `<safety-forms-config>` `strings`. */
const copyStrings = {
  copyDescription: 'Copy description',
  copied: 'Copied',
  copyFailed: 'Select the text and copy it',
};

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The offender description aid of the South East Coast Ambulance Service NHS FT Violence & Aggression
 * Procedure: name, age, sex, ethnic appearance, skin tone, height, build, eyes and glasses, facial
 * hair, hair colour, length and style, accent, marks, scars, tattoos, piercings and jewellery with
 * their body position, and clothing. As the questions are answered it writes a plain-English
 * paragraph for a statement, with a Copy button.
 *
 * @summary Offender description aid with a live description paragraph for a statement.
 * @status experimental
 * @since 0.1.0
 *
 * @attr endpoint - Where the record is sent.
 * @attr method - HTTP method, default POST.
 * @attr user-id - The signed-in user's id.
 * @attr readonly - Shows the answers without letting them change (the description can still be copied).
 * @attr no-autofocus - The error summary does not take focus after a failed submit.
 * @attr draft - Drafts on this device: `on` (needs `user-id`), `off`, or `anonymous`.
 * @attr draft-ttl-days - Days a draft is kept after its last save (30).
 *
 * @fires sf-draft-saved - A draft was written; `detail.savedAt`.
 * @fires sf-draft-restored - A saved draft was restored; `detail.savedAt`, `detail.leftovers`.
 * @fires sf-draft-error - Drafts cannot be kept, or another tab saved the same draft; `detail.kind`.
 * @fires sf-change - The user changed an answer. `detail.pointer` is its JSON Pointer.
 * @fires sf-invalid - A submit attempt stopped because answers need correcting. `detail.errors`.
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (its `result.paragraph` is the description), `detail.idempotencyKey`.
 * @fires sf-submitted - The backend confirmed the record. `detail.reference`.
 * @fires sf-submit-error - Sending failed; the answers stay. `detail.kind`, `detail.status`, `detail.queued` (kept in the outbox).
 *
 * @csspart base - The form's wrapper.
 * @csspart marking - The protective marking (OFFICIAL-SENSITIVE).
 * @csspart title - The form title.
 * @csspart error-summary - The GOV.UK error summary.
 * @csspart submit-error - The message shown when sending failed.
 * @csspart submit-queued - The record is kept on this device and will be sent when possible.
 * @csspart try-again-button - Try again (now): sends what waits, with the same key.
 * @csspart sent-earlier - A report that waited on this device from earlier has been sent.
 * @csspart drafts - The draft notices and status.
 * @csspart draft-status - "Draft saved at 14:32" and how long drafts are kept.
 * @csspart draft-restored - "Draft restored from 14:32" with the Discard draft button.
 * @csspart draft-conflict - Another tab saved this draft: load the latest or keep mine.
 * @csspart draft-unavailable - Drafts are not being kept on this device.
 * @csspart draft-save-failed - The last save failed; the answers are still on screen.
 * @csspart draft-leftovers - Answers from an older version that no longer fit.
 * @csspart sections - The section navigation.
 * @csspart section-link - One link of the section navigation.
 * @csspart section - The current section.
 * @csspart section-caption - "Section N of M".
 * @csspart form-group - One question.
 * @csspart label - A question's label.
 * @csspart legend - A group's or a choice's legend.
 * @csspart hint - Hint text.
 * @csspart error-message - A question's error message.
 * @csspart input - Text inputs.
 * @csspart radio - Radio buttons.
 * @csspart checkbox - Checkboxes.
 * @csspart repeat - The marks and the clothing lists.
 * @csspart repeat-item - One mark or item of clothing.
 * @csspart add-button - "Add a mark..." and "Add an item of clothing".
 * @csspart remove-button - Removes one mark or item of clothing.
 * @csspart result - The description panel.
 * @csspart result-summary - The description paragraph (or, before any answer, what will appear there).
 * @csspart description - The description paragraph.
 * @csspart copy-button - Copies the description.
 * @csspart copy-status - "Copied", or "Select the text and copy it" when the browser refused.
 * @csspart actions - The button row.
 * @csspart button - Every button.
 * @csspart submit-button - The submit button.
 * @csspart confirmation - The confirmation panel after sending.
 * @csspart reference - The backend's reference in the confirmation.
 *
 * @cssprop --sf-font-family - Font of the whole form.
 * @cssprop --sf-font-size - Base font size.
 * @cssprop --sf-color-text - Text colour.
 * @cssprop --sf-color-background - Background colour.
 * @cssprop --sf-color-secondary-text - Hints and captions.
 * @cssprop --sf-color-error - Errors.
 * @cssprop --sf-color-warning - Warning notices (drafts not kept).
 * @cssprop --sf-color-focus - Focus highlight (GOV.UK yellow).
 * @cssprop --sf-color-link - Links.
 * @cssprop --sf-color-border - Borders and rules.
 * @cssprop --sf-color-input-border - Input borders.
 * @cssprop --sf-color-button - Primary button.
 * @cssprop --sf-color-button-text - Primary button text.
 * @cssprop --sf-color-panel - Confirmation panel.
 * @cssprop --sf-radius - Corner radius of inputs and buttons.
 * @cssprop --sf-max-width - Maximum width of the form.
 * @cssprop --sf-offender-description-font-size - Font size of the description paragraph.
 */
export default class OffenderDescriptionForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  /** What the last press of Copy did; shown only while the paragraph is the one that was copied. */
  @state() private copyState: CopyState = 'idle';
  private copiedParagraph = '';

  protected override get form(): FormDefinition {
    return offenderDescription as FormDefinition;
  }

  /** The live description of the current answers. */
  get description(): OffenderDescription | null {
    return this.currentResult as OffenderDescription | null;
  }

  private copyText(key: keyof typeof copyStrings): string {
    const own = (this.config?.strings as Record<string, unknown> | undefined)?.[key];
    return typeof own === 'string' ? own : copyStrings[key];
  }

  /**
   * Copies the paragraph with the asynchronous Clipboard API. Where the browser refuses (no
   * permission, an insecure page, an old browser), the paragraph is selected and focused so the
   * user can copy it with the keyboard, and told so.
   */
  private async handleCopy(): Promise<void> {
    const description = this.description;
    if (!description || description.empty) return;
    // Cleared first so that a second "Copied" is announced again by the live region.
    this.copyState = 'idle';
    await this.updateComplete;
    this.copiedParagraph = description.paragraph;
    try {
      const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
      if (!clipboard?.writeText) throw new Error('no clipboard');
      await clipboard.writeText(description.paragraph);
      this.copyState = 'copied';
    } catch {
      this.copyState = 'failed';
      this.selectParagraph();
    }
  }

  private selectParagraph(): void {
    const paragraph = this.renderRoot.querySelector<HTMLElement>('#description-text');
    if (!paragraph) return;
    paragraph.focus({ preventScroll: true });
    const selection = getSelection();
    if (!selection) return;
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  protected override computeResult(data: unknown): ResultSummary {
    return describeOffender(data);
  }

  protected override renderResult(result: ResultSummary | null) {
    const d = result as OffenderDescription | null;
    if (!d) return nothing;
    const status = d.paragraph === this.copiedParagraph && this.copyState !== 'idle' ? this.copyText(this.copyState === 'copied' ? 'copied' : 'copyFailed') : '';
    return html`<section class="result" part="result" aria-labelledby="result-heading">
      <h3 id="result-heading" class="result__title">${d.title}</h3>
      ${d.empty
        ? html`<p class="hint" part="result-summary">${d.summary}</p>`
        : html`<p id="description-text" class="description" part="result-summary description" tabindex="-1">${d.parts.map((p) =>
              p.answer ? html`<bdi>${p.text}</bdi>` : p.text,
            )}</p>
            <button type="button" class="button button--secondary" part="button copy-button" @click=${this.handleCopy}>${this.copyText('copyDescription')}</button>`}
      <p class="copy-status" role="status" part="copy-status">${status}</p>
    </section>`;
  }
}
