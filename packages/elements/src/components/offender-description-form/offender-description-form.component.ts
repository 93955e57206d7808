import { offenderDescriptionOnDemand } from '@safety-forms/core/forms/offender-description.on-demand';
import type { ResultSummary } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { describeOffender, type OffenderDescription } from '@safety-forms/core/describe/offender';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';
import styles from './offender-description-form.styles.js';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The offender description aid of the South East Coast Ambulance Service NHS FT Violence & Aggression
 * Procedure: name, age, sex, ethnic appearance, skin tone, height, build, eyes and glasses, facial
 * hair, hair colour, length and style, accent, marks, scars, tattoos, piercings and jewellery with
 * their body position, and clothing. As the questions are answered it writes a plain-English
 * paragraph for a statement, with a Copy button.
 *
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary Offender description aid with a live description paragraph for a statement.
 * @status experimental
 * @since 0.1.0
 *
 * @attr readonly - Shows the answers without letting them change (the description can still be copied).
 *
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope` (its `result.paragraph` is the description), `detail.idempotencyKey`.
 *
 * @csspart repeat - The marks and the clothing lists.
 * @csspart repeat-item - One mark or item of clothing.
 * @csspart add-button - "Add a mark..." and "Add an item of clothing".
 * @csspart remove-button - Removes one mark or item of clothing.
 * @csspart result - The description panel.
 * @csspart result-summary - The description paragraph (or, before any answer, what will appear there).
 * @csspart description - The description paragraph.
 * @csspart copy-button - Copies the description.
 * @csspart copy-status - "Copied", or "Select the text and copy it" when the browser refused.
 *
 * @cssprop --sf-offender-description-font-size - Font size of the description paragraph.
 * @cssprop --sf-font-size-body-l - Large body text, the description paragraph's default (19px).
 */
export default class OffenderDescriptionForm extends SfFormBase {
  static override styles = [...SfFormBase.styles, styles];

  /** What the last press of Copy did; shown only while the paragraph is the one that was copied. */
  @state() private copyState: CopyState = 'idle';
  private copiedParagraph = '';

  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return offenderDescriptionOnDemand;
  }

  /** The live description of the current answers. */
  get description(): OffenderDescription | null {
    return this.currentResult as OffenderDescription | null;
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
    const status = d.paragraph === this.copiedParagraph && this.copyState !== 'idle' ? this.strings[this.copyState === 'copied' ? 'copied' : 'copyFailed'] : '';
    return html`<section class="result" part="result" aria-labelledby="result-heading">
      <h3 id="result-heading" class="result__title">${d.title}</h3>
      ${d.empty
        ? html`<p class="hint" part="result-summary">${d.summary}</p>`
        : html`<p id="description-text" class="description" part="result-summary description" tabindex="-1">${d.parts.map((p) =>
              p.answer ? html`<bdi>${p.text}</bdi>` : p.text,
            )}</p>
            <button type="button" class="button button--secondary" part="button copy-button" @click=${this.handleCopy}>${this.strings.copyDescription}</button>`}
      <p class="copy-status" role="status" part="copy-status">${status}</p>
    </section>`;
  }
}
