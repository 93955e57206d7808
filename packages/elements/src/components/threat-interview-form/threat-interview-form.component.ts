import { deref, getAt, optionsOf, setAt, type FormSchema, type ResultSummary } from '@safety-forms/core/runtime';
import { threatInterviewOnDemand } from '@safety-forms/core/forms/threat-interview.on-demand';
import { html, nothing, type HTMLTemplateResult, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { fillInterviewText, interviewTextValues, type InterviewTextValues } from '@safety-forms/core/describe/interview-text';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';

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
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary CSTAG subject, target or witness interview with questions that adapt to the case.
 * @status experimental
 * @since 0.1.0
 * @noresult - It computes no result, so it has none of the result panel's parts.
 *
 * @attr interviewee - `subject`, `target` or `witness`. Wins over the answers' own value; without it the form asks who is interviewed.
 *
 * @csspart repeat - The list of individuals of a targeted group.
 * @csspart repeat-item - One individual.
 * @csspart add-button - "Add an individual".
 * @csspart remove-button - Removes one individual.
 * @csspart interviewee - Who is interviewed, when the `interviewee` attribute fixes it.
 */
export default class ThreatInterviewForm extends SfFormBase {
  /** The placeholder values of the answers last read (the answers are replaced, never mutated, on change). */
  private fills?: { data: unknown; values: InterviewTextValues };

  /** Who is interviewed: `subject`, `target` or `witness`. Wins over the answers' own value; other values are ignored. */
  @property() interviewee?: string;

  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return threatInterviewOnDemand;
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
    return fillInterviewText(super.text(value), fills.values);
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

  /** The interviewee the attribute fixes is not an answer: a new interview has no sections with answers. */
  protected override fixedPointers(): readonly string[] {
    return this.fixedInterviewee ? [INTERVIEWEE_POINTER] : [];
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
