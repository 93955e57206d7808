/**
 * `SfFormBase`: the schema renderer and everything a form element does, shared by
 * `<safety-form>` and the named form elements. It keeps the public API and wires the parts together:
 * the answers and their snapshot (answers-controller.ts), drafts (draft-controller.ts), submission and
 * the outbox (submission-controller.ts), navigation and focus (navigation-controller.ts), printing
 * (print-controller.ts), and what is only drawn (templates/). Fields are template functions in this
 * one shadow root (STYLE.md §4).
 */
import { consume } from '@lit/context';
import {
  answersAsSubmitted,
  deref,
  getAt,
  parsePointer,
  schemaAt,
  type FieldError,
  type FormSchema,
  type JsonObject,
  type ResultSummary,
  type RetryPolicy,
  type SubmitHandler,
  type SubmitReceipt,
  type ValidationResult,
} from '@safety-forms/core/runtime';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { configContext, type SafetyFormsConfig } from '../context/config-context.js';
import { emit } from '../events/emit.js';
import { AnswersController } from './answers-controller.js';
import { DraftController, type DraftHost, type DraftPayload } from './draft-controller.js';
import formStyles from './form.styles.js';
import { fieldId } from './ids.js';
import { NavigationController } from './navigation-controller.js';
import { OnDemandController, type FormSource } from './on-demand.js';
import type { PrintController } from './print-controller.js';
import { isRequired } from './required.js';
import { answeredSections, sectionsOf, type Section } from './sections.js';
import { defaultStrings, type Strings } from './strings.js';
import { requestHeaders, SubmissionController, type SubmitState } from './submission-controller.js';
import { renderConfirmation } from './templates/confirmation.js';
import { renderErrorSummary } from './templates/error-summary.js';
import { renderLoadFailed } from './templates/load-failed.js';
import { renderDraftNotices, renderSubmitNotices } from './templates/notices.js';
import { renderCheckPage, renderRecordPage, renderSectionPage } from './templates/pages.js';
import { renderResultPanel } from './templates/result-panel.js';
import { renderSectionNav } from './templates/section-nav.js';
import { renderField } from './widgets/field.js';
import type { RenderHost } from './widgets/host.js';

export type { SubmitState } from './submission-controller.js';

const printDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * The renderer every form element shares (see the file comment). After the last section comes
 * "Check your answers": every answer by section with Change links, the Submit button and Download
 * JSON. `readonly` shows a saved record the same way, without Change links or Submit. Printing
 * always prints that summary, with the protective marking in a header and footer on every page.
 *
 * This JSDoc is the one copy of the API every form element inherits (the custom-elements manifest
 * copies it into each element with `inheritedFrom`; custom-elements-manifest.config.mjs): a form's own
 * JSDoc lists only its own parts, or an inherited one it says more precisely. Every event bubbles and
 * is composed; their types are in src/events/ and in `GlobalEventHandlersEventMap`.
 *
 * @fires {SfChangeEvent} sf-change - The user changed an answer (never for a programmatic change). `detail.pointer` is its JSON Pointer.
 * @fires {SfInvalidEvent} sf-invalid - A submit attempt stopped because answers need correcting. `detail.errors`.
 * @fires {SfSubmitEvent} sf-submit - Cancelable; just before the record is sent. `detail.envelope`, `detail.idempotencyKey`.
 * @fires {SfSubmittedEvent} sf-submitted - The backend confirmed the record. `detail.reference`, `detail.status`, `detail.idempotencyKey`.
 * @fires {SfSubmitErrorEvent} sf-submit-error - Sending failed; the answers stay. `detail.kind`, `detail.status`, `detail.fieldErrors`, `detail.queued` (kept in the outbox).
 * @fires {SfDraftSavedEvent} sf-draft-saved - A draft was written (after its transaction completed). `detail.savedAt`.
 * @fires {SfDraftRestoredEvent} sf-draft-restored - A saved draft was put back into the form. `detail.savedAt`, `detail.leftovers`.
 * @fires {SfDraftErrorEvent} sf-draft-error - Drafts cannot be kept, or another tab saved the same draft. `detail.kind`.
 *
 * @csspart check-answers - The "Check your answers" page.
 * @csspart check-answers-link - The "Check your answers" entry of the section navigation.
 * @csspart continue-button - The last section's button that opens "Check your answers".
 * @csspart return-to-check-button - Takes the user back to "Check your answers" after a Change link.
 * @csspart summary-section - One section of the summary (its heading and summary lists).
 * @csspart summary-heading - The heading of a group or repeated item within a summary section.
 * @csspart summary-list - A summary list (`<dl>`) of questions and answers.
 * @csspart summary-row - One question and its answer.
 * @csspart summary-key - The question of a summary row.
 * @csspart summary-value - The answer of a summary row ("Not answered" when there is none).
 * @csspart change-link - The Change link of a summary row.
 * @csspart summary-unanswered - The details element that folds a section's unanswered optional questions.
 * @csspart summary-unanswered-summary - Its summary: "Not answered (N optional questions)".
 * @csspart summary-unanswered-list - The list of those questions.
 * @csspart unanswered-link - One of those questions, a link to it (on the check page).
 * @csspart download-button - Downloads the record as a JSON file.
 * @csspart print-header - The header printed on every page: marking, title, version, date.
 * @csspart print-footer - The footer printed on every page: the marking.
 * @csspart notice - Every banner (submission, outbox and draft notices), beside its own part name.
 * @csspart error-summary-title - The error summary's heading.
 * @csspart error-summary-list - The error summary's list.
 * @csspart error-summary-link - One link of the error summary, to a question with an error.
 * @csspart result-heading - The result panel's heading.
 * @csspart result-next - "Still to answer": the next question the result needs.
 * @csspart result-actions-heading - The heading above the actions to take.
 * @csspart sections-list - The list of the section navigation.
 * @csspart section-link--current - The section navigation link of the section on screen.
 * @csspart section-link--error - A section navigation link whose section has errors.
 * @csspart progress - The progress bar of answered sections.
 * @csspart progress-text - "N of M sections have answers".
 * @csspart section-heading - The heading of the section on screen.
 * @csspart section-hint - The description under a section heading.
 * @csspart confirmation-title - The confirmation panel's heading.
 * @csspart confirmation-body - The confirmation panel's text (with the reference).
 * @csspart what-next - After sending: what happens next, and the buttons to keep a copy or start another.
 * @csspart confirmation-actions - The buttons after sending: print, download, start another.
 * @csspart print-button - Prints a copy of what was sent.
 * @csspart start-another-button - Opens a new, empty form after sending.
 * @csspart draft-kept - "Drafts are kept on this device only, for N days."
 *
 * @csspart base - The form's wrapper.
 * @csspart marking - The protective marking from the schema's `x-marking`.
 * @csspart title - The form title.
 * @csspart error-summary - The GOV.UK error summary (heading and links to each question with an error).
 * @csspart submit-error - Banner: sending failed; says what to do.
 * @csspart submit-queued - Banner: the record is kept on this device and will be sent when possible.
 * @csspart try-again-button - Try again (now): sends what waits, with the same key.
 * @csspart submit-not-kept - In the sending failed banner: the record could not be kept on this device to send later.
 * @csspart sent-earlier - Banner: a record that waited on this device from earlier has been sent.
 * @csspart load-failed - Banner: a part of the form that loads on demand (check your answers, print, a download, the form's validator) could not load; the answers are kept.
 * @csspart load-retry-button - Try again, in that banner.
 * @csspart drafts - The draft banners and status.
 * @csspart draft-status - "Draft saved at 14:32" and how long drafts are kept.
 * @csspart draft-restored - Banner: "Draft restored from 14:32", with the Discard draft button.
 * @csspart discard-draft-button - Discard draft.
 * @csspart draft-conflict - Banner: another tab saved this draft: load the latest or keep mine.
 * @csspart load-latest-button - Load the latest answers (draft conflict).
 * @csspart keep-mine-button - Keep mine as a copy (draft conflict).
 * @csspart draft-unavailable - Banner: drafts are not being kept on this device.
 * @csspart draft-save-failed - Banner: the last save failed; the answers are still on screen.
 * @csspart draft-set-aside - Banner: a saved draft could not be read and was set aside.
 * @csspart draft-leftovers - Answers from an older version that no longer fit.
 * @csspart download-leftovers-button - Downloads the answers that no longer fit.
 * @csspart sections - The section navigation.
 * @csspart section-link - One link of the section navigation.
 * @csspart section - The current section.
 * @csspart section-caption - "Section N of M".
 * @csspart form-group - One question: label or legend, hint, error message and input.
 * @csspart form-group--error - A question that shows an error (with `form-group`; GOV.UK red left border).
 * @csspart fieldset - The fieldset of a choice, a date or a scale row.
 * @csspart legend - A group's or a choice's legend.
 * @csspart label - A question's label (and the Day, Month, Year labels).
 * @csspart hint - Hint text.
 * @csspart error-message - A question's error message (after a visually hidden "Error:").
 * @csspart input - Text, number, telephone, email and date inputs.
 * @csspart input--error - An input, textarea or select whose question shows an error.
 * @csspart textarea - Text areas.
 * @csspart select - Drop-down lists.
 * @csspart radios - The radio buttons of one question.
 * @csspart radio-item - One radio button with its label.
 * @csspart radio - A radio button.
 * @csspart radio-label - A radio button's label.
 * @csspart checkboxes - The checkboxes of one question.
 * @csspart checkbox-item - One checkbox with its label.
 * @csspart checkbox - A checkbox.
 * @csspart checkbox-label - A checkbox's label.
 * @csspart date-input - The day, month and year (and time) boxes of a date.
 * @csspart date-input-item - One box of a date with its label.
 * @csspart date-input-label - The Day, Month, Year and Time labels.
 * @csspart date-input-box - The day, month and year inputs.
 * @csspart time-input - The time input of a date and time.
 * @csspart group - A group of questions (fieldset with a legend).
 * @csspart group--error - A group whose own answer shows an error.
 * @csspart repeat - A repeatable group (a list of people, marks, actions...).
 * @csspart repeat--error - A repeatable group that shows an error.
 * @csspart repeat-item - One item of a repeatable group.
 * @csspart repeat-item-legend - The legend of one item ("Item 1").
 * @csspart add-button - Adds an item to a repeatable group.
 * @csspart remove-button - Removes one item.
 * @csspart scale - A scale: questions sharing one set of answers, laid out as a table on wide screens.
 * @csspart scale-table - The rows of a scale.
 * @csspart scale-head - The column headings of a scale (wide screens; hidden from assistive technology).
 * @csspart scale-column - One column heading of a scale.
 * @csspart scale-row - One question of a scale.
 * @csspart scale-row--error - A scale question that shows an error.
 * @csspart scale-question - The question of a scale row (its legend).
 * @csspart result - The live result panel.
 * @csspart result-title - The result's title.
 * @csspart result-summary - What the result means.
 * @csspart result-actions - The actions to take.
 * @csspart actions - The button row.
 * @csspart button - Every button (with its own part name beside it).
 * @csspart previous-button - Previous section.
 * @csspart next-button - Next section.
 * @csspart submit-button - The submit button.
 * @csspart confirmation - The confirmation panel after sending.
 * @csspart reference - The backend's reference in the confirmation.
 *
 * @cssprop --sf-font-family - Font of the whole form (GOV.UK: "GDS Transport", arial, sans-serif).
 * @cssprop --sf-font-family-monospace - Monospaced text, e.g. answer paths (ui-monospace, menlo, consolas, monospace).
 * @cssprop --sf-font-size - Body text (19px, or larger when the browser's text size is larger).
 * @cssprop --sf-font-size-small - Small text: section links, progress, draft status (16px).
 * @cssprop --sf-font-size-caption - The "Section N of M" caption (19px).
 * @cssprop --sf-font-size-heading-xl - Confirmation panel title (48px; 32px on narrow screens).
 * @cssprop --sf-font-size-heading-l - Form title (36px; 27px on narrow screens).
 * @cssprop --sf-font-size-heading-m - Section headings, error summary title, result title (24px; 18px on narrow screens).
 * @cssprop --sf-font-size-heading-s - Group legends and small headings (19px).
 * @cssprop --sf-font-weight-regular - Regular text (400).
 * @cssprop --sf-font-weight-bold - Labels, legends, headings, error messages (700).
 * @cssprop --sf-line-height - Body line height (1.3158, GOV.UK's 25px on 19px).
 * @cssprop --sf-line-height-heading - Heading line height (1.25).
 * @cssprop --sf-color-text - Text (#0b0c0c).
 * @cssprop --sf-color-background - Background (#ffffff).
 * @cssprop --sf-color-secondary-text - Hints, captions, progress (#484949).
 * @cssprop --sf-color-link - Links and section links (#1d70b8).
 * @cssprop --sf-color-link-hover - Links on hover (#003078).
 * @cssprop --sf-color-focus - Focus highlight: outline and background (GOV.UK yellow #ffdd00).
 * @cssprop --sf-color-focus-text - Text on the focus highlight and its underline or inner ring (#0b0c0c).
 * @cssprop --sf-color-error - Error messages, error borders, the error summary (#d4351c).
 * @cssprop --sf-color-warning - Border of warning banners: drafts not kept, queued (#f47738).
 * @cssprop --sf-color-border - Rules and neutral borders (#b1b4b6).
 * @cssprop --sf-color-control - Radio buttons and checkboxes (defaults to --sf-color-text).
 * @cssprop --sf-color-input-text - Text in inputs (defaults to --sf-color-text).
 * @cssprop --sf-color-input-background - Input background (#ffffff).
 * @cssprop --sf-color-input-border - Input borders (#0b0c0c).
 * @cssprop --sf-color-readonly-background - Background of read-only inputs (#f3f2f1).
 * @cssprop --sf-color-button - Primary button and progress bar (GOV.UK green #00703c).
 * @cssprop --sf-color-button-text - Primary button text (#ffffff).
 * @cssprop --sf-color-button-hover - Primary button on hover (#005a30).
 * @cssprop --sf-color-button-shadow - The 2px shadow under the primary button (#002d18).
 * @cssprop --sf-color-button-secondary - Secondary buttons (#f3f2f1).
 * @cssprop --sf-color-button-secondary-text - Secondary button text (#0b0c0c).
 * @cssprop --sf-color-button-secondary-hover - Secondary buttons on hover (#dbdad9).
 * @cssprop --sf-color-button-secondary-shadow - The shadow under secondary buttons (#929191).
 * @cssprop --sf-color-notice-background - Banner background (#f3f2f1).
 * @cssprop --sf-color-panel - Confirmation panel background (#00703c).
 * @cssprop --sf-color-panel-text - Confirmation panel text (#ffffff).
 * @cssprop --sf-space-1 - Spacing scale step 1 (5px).
 * @cssprop --sf-space-2 - Spacing scale step 2 (10px).
 * @cssprop --sf-space-3 - Spacing scale step 3 (15px).
 * @cssprop --sf-space-4 - Spacing scale step 4 (20px).
 * @cssprop --sf-space-5 - Spacing scale step 5 (25px).
 * @cssprop --sf-space-6 - Spacing scale step 6 (30px): between questions and blocks.
 * @cssprop --sf-border-width - Thin rules (1px).
 * @cssprop --sf-border-width-input - Input, button and result borders (2px).
 * @cssprop --sf-border-width-error - Error left border, error summary and crisis result border (5px).
 * @cssprop --sf-border-width-notice - Left border of banners (10px).
 * @cssprop --sf-border-width-repeat - Left border of a repeated item (4px).
 * @cssprop --sf-focus-width - Width of the focus outline (3px).
 * @cssprop --sf-radius - Corner radius of inputs (0).
 * @cssprop --sf-radius-button - Corner radius of buttons (defaults to --sf-radius).
 * @cssprop --sf-radius-panel - Corner radius of the result and confirmation panels (0).
 * @cssprop --sf-max-width - Maximum width of the form (40em).
 */
export class SfFormBase extends LitElement implements RenderHost, DraftHost {
  static formAssociated = true;
  // The summary's and print's styles arrive with their chunks (see on-demand.ts), adopted right after these.
  static override styles = [formStyles];

  /** Page-wide defaults from an enclosing `<safety-forms-config>`. */
  @consume({ context: configContext, subscribe: true })
  @state()
  protected config?: SafetyFormsConfig;

  /** Where the record is sent (`POST`). Without it, `{endpointBase}/{formId}` from `<safety-forms-config>`. */
  @property() endpoint?: string;
  /** HTTP method of the submission. */
  @property() method = 'POST';
  /** The signed-in user's id (namespaces drafts); falls back to `<safety-forms-config user-id>`. */
  @property({ attribute: 'user-id' }) userId?: string;
  /** Shows the answers without letting them change, and no submit button. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Stops the error summary taking focus after a failed submit (GOV.UK `disableAutoFocus`). */
  @property({ type: Boolean, attribute: 'no-autofocus' }) noAutofocus = false;
  /** Drafts on this device: `on` (with a `user-id`), `off`, or `anonymous` (allowed without a user id). */
  @property() draft: 'on' | 'off' | 'anonymous' = 'on';
  /**
   * The value a host `<form>` submits under this element's `name`: `reference` (default; the
   * backend's reference once sent, nothing before) or `answers` (the answers as JSON). Browsers keep
   * a form value on disk, unencrypted, for session restore: `answers` puts personal data there.
   */
  @property({ attribute: 'form-value' }) formValue: 'reference' | 'answers' = 'reference';
  /**
   * The labels' wording: `uk` (default) or `document`, the source document's own words where the schema
   * rewords them (the CSTAG forms are American: "behavior", "Grade, if student", "Title IX").
   */
  @property() wording: 'uk' | 'document' = 'uk';
  /** Days a draft is kept after its last save. */
  @property({ type: Number, attribute: 'draft-ttl-days' }) draftTtlDays = 30;
  /** The host's own AES-GCM key for drafts; otherwise a non-extractable key per user is kept on this device. */
  @property({ attribute: false }) draftKey?: CryptoKey;
  /** Extra request headers (e.g. a CSRF token); they win over `<safety-forms-config>`'s per header. */
  @property({ attribute: false }) headers?: Record<string, string>;
  /** Retries before a record goes to the outbox: attempts, backoff (ms), longest Retry-After waited for. */
  @property({ attribute: false }) retryPolicy?: Partial<RetryPolicy>;
  /** Replaces `fetch` for non-HTTP backends: receives the envelope, resolves with `{ reference }`. */
  @property({ attribute: false }) submitHandler?: SubmitHandler;

  private internals: ElementInternals;
  /** The answers, the typing pause and the snapshot (validation, result) of each change (see answers-controller.ts). */
  private readonly answers = new AnswersController(this, {
    form: () => this.form,
    checker: () => this.parts.checker(),
    score: (submitted) => this.computeResult(submitted),
    recomputed: () => this.answersRecomputed(),
  });
  /** Autosave, restore and the two-tab check (see draft-controller.ts). */
  protected readonly drafts = new DraftController(this);
  /** Submit, the outbox, the Web Lock and resending (see submission-controller.ts). */
  private readonly submission = new SubmissionController(this, {
    form: () => this.form,
    readonly: () => this.readonly,
    prepare: () => {
      this.answers.flush();
      this.answers.attempt();
      const snapshot = () => ({ validation: this.answers.validation, data: this.answers.submitted, result: this.answers.result });
      if (this.answers.checked) return snapshot();
      // The validator is still to arrive: Submit waits for it. One that cannot load is said on the page,
      // and the record goes as it is (sent, or kept in the outbox): the service validates it on receipt.
      return this.parts.validatorNow().then((definition) => {
        this.answers.recompute();
        return definition ? snapshot() : { ...snapshot(), validation: { valid: true, errors: [] } };
      });
    },
    request: () => ({
      endpoint: this.endpoint ?? this.defaultEndpoint(),
      method: this.method,
      submitHandler: this.submitHandler,
      headers: requestHeaders(this.config?.headers, this.headers),
      retryPolicy: this.retryPolicy,
    }),
    key: () => this.draftKey,
    // The outbox needs a user, not drafts: with draft="off" a record still waits offline (no user: only with draft="anonymous").
    userId: () => (this.readonly ? undefined : this.userId || this.config?.userId || (this.draft === 'anonymous' ? '' : undefined)),
    draftId: () => (this.draftUserId !== undefined ? this.drafts.currentDraftId : undefined),
    draftsSettled: () => this.drafts.settled,
    autofocus: () => !this.noAutofocus,
    focus: (id) => this.nav.focus(id),
    sent: () => {
      this.updateFormValue();
      // The draft goes once the backend (here or in another tab) confirmed; nothing here may save it again.
      void this.drafts.discard();
    },
    delivery: (quiet) => this.parts.load('delivery', quiet),
  });
  /** Which page is on screen, and where focus goes after a render (see navigation-controller.ts). */
  private readonly nav = new NavigationController(this, { sections: () => this.sections, readonly: () => this.readonly });
  /** Check your answers, print, the downloads and the form's validator, each its own chunk loaded on first use or when idle (see on-demand.ts). */
  private readonly parts = new OnDemandController(this, {
    baseStyles: formStyles,
    form: () => this.form,
    // The validator arrived (or could not): the answers are checked with it, the host form's validity follows.
    validatorSettled: () => this.answers.recompute(),
    installed: (name) => {
      if (name === 'delivery') this.submission.deliveryArrived();
      // Printing renders every section's answers synchronously (see print-controller.ts): it starts once both chunks are here.
      const print = this.parts.peek('print');
      if (print && this.parts.peek('summary')) this.print ??= new print.PrintController(this, () => this.performUpdate());
    },
  });
  /** Printing renders every section's answers (see print-controller.ts); there once its chunk has loaded. */
  private print?: PrintController;
  private stringsFor?: SafetyFormsConfig;
  private mergedStrings: Strings = defaultStrings;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** The generated form this element renders (its validator with it, or loaded on demand); subclasses provide it. */
  protected get form(): FormSource | undefined {
    return undefined;
  }

  get root(): FormSchema {
    return this.form?.schema ?? {};
  }

  get data(): unknown {
    return this.answers.data;
  }

  /** Answers cannot change: read-only, or being sent (what is sent is what is on screen). */
  get locked(): boolean {
    return this.readonly || this.submission.state === 'sending';
  }

  /** The interface text: the defaults with the page's overrides. Read by every widget on every render, so made once per config. */
  get strings(): Strings {
    if (this.stringsFor !== this.config) {
      this.stringsFor = this.config;
      this.mergedStrings = { ...defaultStrings, ...this.config?.strings };
    }
    return this.mergedStrings;
  }

  /** The answers as they would be submitted: hidden questions and unanswered ones left out. */
  get value(): JsonObject {
    return structuredClone(answersAsSubmitted(this.root, this.answers.data));
  }

  /** Replaces the answers (sanitised against the schema). Fires no `sf-change`: the user did nothing. */
  set value(value: unknown) {
    this.answers.assign(value);
  }

  /** Prefill: applied while the user has not changed anything, and again on `reset()`. Unknown keys, `__proto__` and wrong types are ignored. */
  @property({ attribute: false })
  get initialValue(): JsonObject {
    return structuredClone(this.answers.prefill);
  }

  set initialValue(value: unknown) {
    this.answers.setPrefill(value);
  }

  /** The computed result (classification, score) for the current answers, or null. */
  get currentResult(): ResultSummary | null {
    this.answers.flush();
    return this.answers.result;
  }

  /** Where the submit lifecycle stands: idle, sending, sent or failed. */
  get state(): SubmitState {
    return this.submission.state;
  }

  private get sections(): Section[] {
    return sectionsOf(this.root, (v) => this.text(v));
  }

  // RenderHost -------------------------------------------------------------------------------------

  /** @internal Renderer and drafts plumbing, not public API. */
  errorFor(pointer: string): string | undefined {
    const server = this.submission.serverErrors.find((e) => e.pointer === pointer);
    return server ? server.message : this.answers.errorFor(pointer);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  isRequired(pointer: string): boolean {
    return isRequired(this.root, pointer);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  input(pointer: string, value: unknown): void {
    this.change(pointer, value, 'typing');
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  commit(pointer: string, value: unknown): void {
    this.change(pointer, value, 'commit');
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  rawParts(pointer: string): Record<string, string> | undefined {
    return this.answers.rawParts(pointer);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  setRawParts(pointer: string, parts: Record<string, string> | undefined): void {
    this.answers.setRawParts(pointer, parts);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  addItem(pointer: string): void {
    const items = getAt(this.answers.data, pointer);
    const list = Array.isArray(items) ? items : [];
    this.change(pointer, [...list, {}], 'edit');
    this.nav.focus(`${fieldId(pointer)}-${list.length}-legend`);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  removeItem(pointer: string, index: number): void {
    const items = getAt(this.answers.data, pointer);
    if (!Array.isArray(items)) return;
    const next = items.filter((_, i) => i !== index);
    this.answers.forgetRawUnder(pointer);
    this.change(pointer, next.length ? next : undefined, 'commit');
    this.nav.focus(fieldId(pointer));
  }

  /**
   * Schema text as shown: with `wording="document"`, the source document's own words where the schema
   * rewords them (`x-ui.documentWording`). Forms override this to fill placeholders; the result is
   * rendered as text.
   */
  text(value: string): string {
    if (this.wording !== 'document') return value;
    const words = this.root['x-ui']?.documentWording;
    return words && Object.hasOwn(words, value) && typeof words[value] === 'string' ? words[value] : value;
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  field(tokens: readonly string[], schema: FormSchema) {
    return renderField(this, tokens, schema);
  }

  // DraftHost --------------------------------------------------------------------------------------

  /** @internal Renderer and drafts plumbing, not public API. */
  get draftFormId(): string | undefined {
    return this.form?.id;
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  get draftSchemaVersion(): string {
    return this.form?.version ?? '';
  }

  /** Drafts belong to the user id (attribute, else config); none without one unless `draft="anonymous"`. @internal */
  get draftUserId(): string | undefined {
    if (this.draft === 'off' || this.readonly) return undefined;
    const user = this.userId ?? this.config?.userId;
    if (user) return user;
    return this.draft === 'anonymous' ? '' : undefined;
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  get draftDirty(): boolean {
    return this.answers.dirty;
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  draftPayload(): DraftPayload {
    return { data: this.answers.data, leftovers: this.answers.leftovers };
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  applyDraft(payload: unknown, _schemaVersion: string): { leftovers: number } {
    return this.answers.restore(payload);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  draftsReady(): void {
    void this.submission.sendQueued();
  }

  // Public methods ---------------------------------------------------------------------------------

  /**
   * Validates every answer, shows every error with the error summary, and returns them. The form's
   * validator arrives after its first screen (`await updateComplete` has it): asked before, this says
   * not valid, with no errors yet, and the errors show when it arrives.
   */
  validate(): ValidationResult {
    this.answers.flush();
    this.answers.attempt();
    if (!this.answers.checked) void this.parts.validatorNow();
    return this.answers.validation;
  }

  /**
   * Validates and sends the record. Resolves with the receipt, or undefined when answers need
   * correcting (`sf-invalid`) or a listener cancelled `sf-submit`; rejects with a `SubmissionError`
   * when sending failed (`sf-submit-error`; the answers stay). A second call while one is in flight
   * returns the same promise: one request, whatever the user does with the button.
   */
  submit(): Promise<SubmitReceipt | undefined> {
    // "Form sent" offers print and download: fetched while the record is sent, if not already here.
    this.parts.preload('print', 'download');
    return this.submission.submit();
  }

  /**
   * Sends what is waiting: the outbox entries of this form and user (on load, on `online`, from
   * "Try again now"), or, without an outbox, the failed submission again with the same key.
   */
  sendQueued(): Promise<void> {
    return this.submission.sendQueued();
  }

  /** Back to the prefill (or empty): answers, errors, the submit state and the draft on this device are cleared. */
  reset(): void {
    void this.discardDraft();
  }

  /** Saves the draft now instead of after the autosave pause. Resolves when it is written (or has failed, which the form shows). */
  saveDraft(): Promise<void> {
    return this.drafts.save();
  }

  /** Deletes the draft on this device and clears the answers back to the prefill. */
  async discardDraft(): Promise<void> {
    // The submission first: the form value the cleared answers give says nothing was sent.
    this.submission.clear();
    this.nav.reset();
    this.answers.clear();
    await this.drafts.discard();
  }

  // Form-associated callbacks ----------------------------------------------------------------------

  /** @internal Renderer and drafts plumbing, not public API. */
  formResetCallback(): void {
    this.reset();
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  formStateRestoreCallback(state: string | File | FormData | null): void {
    // Only answers this element gave as its value (`form-value="answers"`); a reference is not answers.
    if (typeof state !== 'string' || this.formValue !== 'answers') return;
    try {
      this.value = JSON.parse(state);
    } catch {
      // A restored state that is not ours is ignored, like a prefill with the wrong shape.
    }
  }

  // Lifecycle --------------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('formValue')) this.updateFormValue();
    // Anything rendering now renders answers typed a moment ago with their errors and result; a new
    // schema opens at its first section.
    if (this.answers.beforeRender()) this.nav.index = 0;
    super.willUpdate(changed);
  }

  /**
   * Also waits for the parts the render asked for (check your answers on opening it, a read-only
   * record), and for the form's validator: `updateComplete` resolves once they are drawn and the
   * answers checked, or they have failed and the notice is drawn. (Nothing waits for this to draw the
   * first screen; awaiting it only fetches the validator sooner than the idle preload would.)
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    void this.parts.loadValidator();
    for (let pending = this.parts.pending; pending; pending = this.parts.pending) {
      await pending;
      done = (await super.getUpdateComplete()) && done;
    }
    return done;
  }

  // Internals --------------------------------------------------------------------------------------

  /**
   * One answer changed. A keystroke (`typing`) waits for a pause before validation, the result and
   * the render (see `AnswersController.settle`), except inside a host `<form>` that submits the
   * answers: its FormData and validity must follow every keystroke.
   */
  private change(pointer: string, value: unknown, how: 'typing' | 'edit' | 'commit'): void {
    if (this.locked) return;
    // A change event after the input events that already stored this value (focus leaving the field
    // after Submit) changes nothing: the record waiting with these very answers stays (issue #13).
    if (this.answers.set(pointer, value, how === 'commit')) this.submission.supersede();
    // The answers are to be checked: the validator now, if the idle preload has not brought it.
    void this.parts.loadValidator();
    this.submission.answerChanged(pointer);
    this.answers.settle(pointer, how === 'typing' && !(this.internals.form && this.formValue === 'answers'));
    this.drafts.schedule();
    emit(this, 'sf-change', { pointer });
  }

  /** A new snapshot of the answers: the host form's value and validity follow it. */
  private answersRecomputed(): void {
    this.updateFormValue();
    const first = this.answers.validation.errors[0];
    const anchor = () => this.renderRoot?.querySelector<HTMLElement>('input, textarea, select') ?? undefined;
    if (!this.answers.checked && !this.parts.validatorFailed) {
      // Not checked yet: a host <form> does not submit answers nobody has validated (a moment after the first screen).
      this.internals.setValidity({ customError: true }, this.strings.answersBeingChecked, anchor());
    } else if (first) {
      this.internals.setValidity({ customError: true }, first.message, anchor());
    } else {
      this.internals.setValidity({});
    }
  }

  /**
   * What a host `<form>` gets as this element's value. The browser keeps a form control's value for
   * session restore and Chromium writes it to the profile (Sessions/, Tabs_ files) in clear, where it
   * outlives the record and the draft (issue #13). So by default the value is only the backend's
   * reference once the record is sent (nothing before); the answers themselves only with
   * `form-value="answers"`, a host's explicit choice. Validity is given to the host form either way.
   */
  private updateFormValue(): void {
    if (this.formValue === 'answers') this.internals.setFormValue(JSON.stringify(this.answers.submitted));
    else this.internals.setFormValue(this.submission.state === 'sent' ? (this.submission.receipt?.reference ?? null) : null);
  }

  private defaultEndpoint(): string | undefined {
    const base = this.config?.endpointBase;
    const formId = this.form?.id;
    return base && formId !== undefined ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(formId)}` : undefined;
  }

  /** Errors on show: the backend's, and after a submit attempt every validation error besides. */
  private get shownErrors(): FieldError[] {
    const server = this.submission.serverErrors;
    if (!this.answers.attempted) return server;
    const pointers = new Set(server.map((e) => e.pointer));
    return [...server, ...this.answers.validation.errors.filter((e) => !pointers.has(e.pointer))];
  }

  // Rendering --------------------------------------------------------------------------------------

  /**
   * The live result for `data`, the answers as submitted (hidden ones already left out); none by
   * default. Each form element calls its own scorer, so a page with one form loads one scorer (the
   * generic `<safety-form>` uses core's `scoreForm` registry).
   */
  protected computeResult(_data: unknown): ResultSummary | null {
    return null;
  }

  /** Pointers whose values the element sets itself, not the user: left out of "N of M sections have answers". */
  protected fixedPointers(): readonly string[] {
    return [];
  }

  /** Extra content at the top of a section (the threat report shows the suggested priority there). */
  protected renderSectionIntro(_key: string | null): TemplateResult | typeof nothing {
    return nothing;
  }

  /** The live result panel; the default shows any result's title, summary and actions. */
  protected renderResult(result: ResultSummary | null): TemplateResult | typeof nothing {
    if (!result) return nothing;
    const nextTitle = result.nextQuestion ? schemaAt(this.root, result.nextQuestion)?.title : undefined;
    return renderResultPanel(this.strings, result, nextTitle === undefined ? undefined : this.text(nextTitle), this.renderResultExtra(result));
  }

  /** More result detail after the actions (subclasses). */
  protected renderResultExtra(_result: ResultSummary): TemplateResult | typeof nothing {
    return nothing;
  }

  /** Every answer by section: under "Check your answers" (with Change links), or as a record or print; nothing until its chunk is here. */
  private renderAnswers(sections: Section[], withChange: boolean) {
    const summary = this.parts.use('summary');
    // Beside the summary the user can print or download it: those come now if the idle preload has not brought them.
    this.parts.preload('print', 'download');
    if (!summary) return nothing;
    const { renderSummary, summarise } = summary;
    return renderSummary(this.strings, summarise(this, sections, this.answers.submitted), {
      idPrefix: 'summary',
      change: withChange ? (event, pointer) => void this.nav.follow(event, pointer) : undefined,
      level: withChange ? 4 : 3,
    });
  }

  /** The notice that a part of the form (check your answers, print, a download, the check of the answers) could not load, with Try again; the answers are untouched. */
  private renderLoadFailed() {
    if (!this.parts.anyFailed) return nothing;
    const s = this.strings;
    return renderLoadFailed(s, () => this.parts.retry(), this.parts.validatorFailed ? s.validatorUnavailable : s.partUnavailable);
  }

  /** The printed header and footer (marking, title, version, date): rendered only while printing (they are never seen on screen). */
  private renderPrintFrame(root: FormSchema) {
    const summary = this.print?.printing ? this.parts.use('summary') : undefined;
    if (!summary) return nothing;
    return summary.renderPrintFrame(this.strings, { marking: root['x-marking'], title: root.title ? this.text(root.title) : '', version: this.form?.version ?? '', date: printDate.format(new Date()) });
  }

  /** The page on screen: a saved record, "Check your answers", or the open section. */
  private renderPage(sections: Section[]) {
    const s = this.strings;
    const nav = this.nav;
    const actions = { goTo: (i: number) => nav.goTo(i), openCheck: () => nav.openCheck() };
    const download = () => this.parts.with('download', (d) => this.form && d.downloadRecord(this.form, this.value));
    const result = this.renderResult(this.answers.result);
    if (this.readonly) return renderRecordPage(s, { answers: this.renderAnswers(sections, false), result }, download);
    if (nav.view === 'check') {
      const sending = this.submission.state === 'sending';
      // The rejection is shown on the page and fired as sf-submit-error; the promise is the caller's.
      const submit = () => !sending && void this.submit().catch(() => undefined);
      return renderCheckPage(s, { sections: sections.length, answers: this.renderAnswers(sections, true), result, sending }, { ...actions, submit, download });
    }
    const index = Math.min(nav.index, sections.length - 1);
    const intro = this.renderSectionIntro(sections[index]!.key);
    const printAnswers = this.print?.printing ? this.renderAnswers(sections, false) : nothing;
    // The last section: what comes next (check your answers, print, download) is fetched now if the idle preload has not.
    if (this.hasUpdated && index === sections.length - 1) this.parts.preload('summary', 'print', 'download', 'delivery');
    return renderSectionPage(this, s, { sections, index, returnToCheck: nav.returnToCheck, intro, result, printAnswers }, actions);
  }

  protected override render() {
    const form = this.form;
    const s = this.strings;
    if (!form) return html`<div class="notice notice--error" role="alert" part="schema-error"><p>${s.noSchema}</p></div>`;
    const root = deref(this.root, this.root);
    const sections = this.sections;
    const sub = this.submission;
    if (sub.state === 'sent') {
      const download = () => this.parts.with('download', (d) => d.downloadSent(form, this.value, sub.receipt?.reference, sub.envelope?.submittedAt));
      const startAnother = () => {
        this.reset();
        this.nav.focus('section-heading');
      };
      const confirmation = renderConfirmation(s, sub.receipt?.reference, { print: () => window.print(), download, startAnother });
      return html`<div class="form" part="base">
        ${this.renderPrintFrame(root)}
        <div class="print-body">${this.renderLoadFailed()} ${confirmation} ${this.print?.printing ? html`<div class="print-only">${this.renderAnswers(sections, false)}</div>` : nothing}</div>
      </div>`;
    }
    const errors = this.shownErrors;
    const d = this.drafts;
    const drafts = { state: d.state, savedAt: d.savedAt, restoredAt: d.restoredAt, setAside: d.setAside, lastSaveFailed: d.lastSaveFailed, leftovers: this.answers.leftovers, ttlDays: this.draftTtlDays };
    const draftActions = {
      loadLatest: () => void d.loadLatest(),
      keepAsCopy: () => void d.keepAsCopy(),
      discard: () => void this.discardDraft(),
      downloadLeftovers: () => this.parts.with('download', (d) => d.downloadLeftovers(form.id, this.answers.leftovers)),
    };
    const navState = {
      sections,
      index: this.nav.index,
      view: this.nav.view,
      withErrors: new Set(errors.map((e) => parsePointer(e.pointer)[0] ?? '')),
      answered: answeredSections(sections, this.answers.data, this.fixedPointers()),
    };
    const notices = renderSubmitNotices(s, { state: sub.state, failure: sub.failure, sentEarlier: sub.sentEarlier, notKept: sub.notKept }, () => void this.sendQueued());
    return html`<div class="form" part="base">
      ${this.renderPrintFrame(root)}
      <div class="print-body">
        ${root['x-marking'] ? html`<p class="marking" part="marking">${root['x-marking']}</p>` : nothing}
        ${this.readonly ? nothing : renderErrorSummary(s, errors, (event, pointer) => void this.nav.follow(event, pointer))} ${notices} ${this.renderLoadFailed()}
        ${root.title ? html`<h2 class="form-title" part="title">${this.text(root.title)}</h2>` : nothing}
        ${this.readonly ? nothing : renderDraftNotices(s, drafts, draftActions)}
        ${this.readonly ? nothing : renderSectionNav(s, navState, { goTo: (i) => this.nav.goTo(i), openCheck: () => this.nav.openCheck() })}
        ${this.renderPage(sections)}
      </div>
    </div>`;
  }
}
