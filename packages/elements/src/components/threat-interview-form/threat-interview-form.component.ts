import {
  deref,
  getAt,
  optionsOf,
  setAt,
  threatInterview,
  type FormDefinition,
  type FormSchema,
  type ResultSummary,
} from '@safety-forms/core';
import { html, nothing, type HTMLTemplateResult, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { fillInterviewText, interviewTextValues, type InterviewTextValues } from '@safety-forms/core';
import { SfFormBase } from '../../internal/form-base.js';

/** Who is interviewed. A target and a witness are asked the same questions. */
export type Interviewee = 'subject' | 'target' | 'witness';

const INTERVIEWEES: readonly Interviewee[] = ['subject', 'target', 'witness'];
const INTERVIEWEE_TOKENS = ['interview', 'interviewee'] as const;
const INTERVIEWEE_POINTER = '/interview/interviewee';

/**
 * The CSTAG threat assessment interviews (Union 81 / CSTAG Threat Assessment and Response Protocol):
 * the subject's interview (questions 1-7) or a target's or witness's (questions 1-6), with the
 * document's probing guidance as hints. One schema serves all three: the `interviewee` attribute sets
 * `/interview/interviewee`, which shows the right identification fields and questions. The questions
 * adapt: "[place of incident]", "(subject)" and "[person who was threatened]" are filled from the
 * answers at the top of the form (or a prefill from a threat report) and keep the document's words
 * when those are not known. Answers keep line breaks and quotation marks exactly. Nothing is scored.
 *
 * @summary CSTAG subject, target or witness interview with questions that adapt to the case.
 * @status experimental
 * @since 0.1.0
 *
 * @attr interviewee - `subject`, `target` or `witness`. Wins over the answers' own value; without it the form asks who is interviewed.
 * @attr endpoint - Where the record is sent.
 * @attr method - HTTP method, default POST.
 * @attr user-id - The signed-in user's id.
 * @attr readonly - Shows the answers without letting them change.
 * @attr no-autofocus - The error summary does not take focus after a failed submit.
 * @attr draft - Drafts on this device: `on` (needs `user-id`), `off`, or `anonymous`.
 * @attr draft-ttl-days - Days a draft is kept after its last save (30).
 *
 * @fires sf-draft-saved - A draft was written; `detail.savedAt`.
 * @fires sf-draft-restored - A saved draft was restored; `detail.savedAt`, `detail.leftovers`.
 * @fires sf-draft-error - Drafts cannot be kept, or another tab saved the same draft; `detail.kind`.
 * @fires sf-change - The user changed an answer. `detail.pointer` is its JSON Pointer.
 * @fires sf-invalid - A submit attempt stopped because answers need correcting. `detail.errors`.
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope`, `detail.idempotencyKey`.
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
 * @csspart interviewee - Who is interviewed, when the `interviewee` attribute fixes it.
 * @csspart form-group - One question.
 * @csspart label - A question's label.
 * @csspart legend - A group's or a choice's legend.
 * @csspart hint - Hint text (the document's probing guidance).
 * @csspart error-message - A question's error message.
 * @csspart input - Text inputs.
 * @csspart textarea - Text areas (the answers).
 * @csspart radio - Radio buttons.
 * @csspart group - A group of questions.
 * @csspart repeat - The list of individuals of a targeted group.
 * @csspart repeat-item - One individual.
 * @csspart actions - The button row.
 * @csspart button - Every button.
 * @csspart add-button - "Add an individual".
 * @csspart remove-button - Removes one individual.
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
 */
export default class ThreatInterviewForm extends SfFormBase {
  /** The placeholder values of the answers last read (the answers are replaced, never mutated, on change). */
  private fills?: { data: unknown; values: InterviewTextValues };

  /** Who is interviewed: `subject`, `target` or `witness`. Wins over the answers' own value; other values are ignored. */
  @property() interviewee?: string;

  protected override get form(): FormDefinition {
    return threatInterview as FormDefinition;
  }

  /** The interviewee the attribute fixes, or undefined (no attribute, or not one of the three). */
  private get fixedInterviewee(): Interviewee | undefined {
    const wanted = typeof this.interviewee === 'string' ? this.interviewee.trim().toLowerCase() : undefined;
    return INTERVIEWEES.find((k) => k === wanted);
  }

  /**
   * Drafts are kept per interviewee when the attribute fixes it, so a subject's unfinished interview is
   * never restored into a witness's form on the same page.
   */
  override get draftFormId(): string | undefined {
    const id = super.draftFormId;
    const kind = this.fixedInterviewee;
    return id !== undefined && kind ? `${id}:${kind}` : id;
  }

  /** Fills "[place of incident]", "(subject)" and "[person who was threatened]" when the answers know them. */
  override text(value: string): string {
    const data = this.data;
    let fills = this.fills;
    if (!fills || fills.data !== data) fills = this.fills = { data, values: interviewTextValues(data) };
    return fillInterviewText(value, fills.values);
  }

  /** When the attribute fixes the interviewee, the question is shown as a statement, not as radios to change. */
  override field(tokens: readonly string[], schema: FormSchema): HTMLTemplateResult | typeof nothing {
    const kind = this.fixedInterviewee;
    if (kind && tokens.length === 2 && tokens[0] === INTERVIEWEE_TOKENS[0] && tokens[1] === INTERVIEWEE_TOKENS[1]) {
      const node = deref(this.root, schema);
      const option = optionsOf(this.root, node).find((o) => o.value === kind);
      return html`<dl class="form-group interviewee" part="interviewee">
        <dt class="label">${this.text(node.title ?? '')}</dt>
        <dd>${this.text(option?.title ?? kind)}</dd>
      </dl>`;
    }
    return super.field(tokens, schema);
  }

  /** None: the interviews record what was said; they are not scored (DESIGN.md: "none; questions adapt"). */
  protected override computeResult(_data: unknown): ResultSummary | null {
    return null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.applyInterviewee();
  }

  /**
   * The attribute wins over the answers (a prefill, a restored draft, `value`): the data is made to say
   * the same, so the right questions show, validate and are submitted. Untouched answers are the
   * prefill, so the prefill is corrected (a later prefill still applies); changed ones are corrected
   * in place. Runs before every render, so no path into the data can get round it.
   */
  private applyInterviewee(): void {
    const kind = this.fixedInterviewee;
    if (!kind || getAt(this.data, INTERVIEWEE_POINTER) === kind) return;
    if (this.draftDirty) this.value = setAt(this.data, INTERVIEWEE_POINTER, kind);
    else this.initialValue = setAt(this.initialValue, INTERVIEWEE_POINTER, kind);
  }
}
