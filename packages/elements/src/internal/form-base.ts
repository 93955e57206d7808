/**
 * `SfFormBase`: the schema renderer and everything a form element does, shared by
 * `<safety-form>` and the named form elements. It renders one section at a time with
 * "Section N of M" navigation, GOV.UK error summary and inline errors, the live result from core,
 * and submits through core. Fields are template functions in this one shadow root (STYLE.md §4).
 */
import { consume } from '@lit/context';
import {
  answersAsSubmitted,
  announceOutboxSent,
  conditionKeys,
  watchOutboxSent,
  buildEnvelope,
  deliver,
  isRetryable,
  deref,
  getAt,
  newIdempotencyKey,
  parsePointer,
  sanitizeValue,
  schemaAt,
  splitByFit,
  setAt,
  SubmissionError,
  snapshotAnswers,
  type FieldError,
  type FormDefinition,
  type FormSchema,
  type JsonObject,
  type Leftover,
  type Envelope,
  type OutboxEntry,
  type OutboxSentMessage,
  type ResultSummary,
  type RetryPolicy,
  type SubmissionFailure,
  type SubmitHandler,
  type SubmitReceipt,
  type ValidationResult,
} from '@safety-forms/core/runtime';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { configContext, type SafetyFormsConfig } from '../context/config-context.js';
import { DraftController, type DraftHost, type DraftPayload } from './draft-controller.js';
import { emit } from '../events/emit.js';
import formStyles from './form.styles.js';
import printStyles, { preparePrinting } from './print.styles.js';
import { renderPrintFrame, renderSummary, summarise, summaryStyles } from './check-answers.js';
import { downloadLeftovers, downloadRecord, downloadSent } from './download.js';
import { fieldId } from './ids.js';
import { isRequired } from './required.js';
import { answeredSections, sectionsOf, type Section, type View } from './sections.js';
import { defaultStrings, type Strings } from './strings.js';
import { renderConfirmation } from './templates/confirmation.js';
import { renderErrorSummary } from './templates/error-summary.js';
import { renderDraftNotices, renderSubmitNotices } from './templates/notices.js';
import { renderCheckPage, renderRecordPage, renderSectionPage } from './templates/pages.js';
import { renderResultPanel } from './templates/result-panel.js';
import { renderSectionNav } from './templates/section-nav.js';
import { renderField } from './widgets/field.js';
import type { RenderHost } from './widgets/host.js';

/** How long typing may pause before the form validates and renders again (see `change`). */
const TYPING_PAUSE_MS = 150;

const printDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * Where a submission stands: `validating` (momentarily), `sending` (attempts under way), `sent` (the
 * backend confirmed), `queued` (kept on this device to send when possible), `failed` (the backend said
 * no, or nothing could be kept: the answers are on screen).
 */
export type SubmitState = 'idle' | 'validating' | 'sending' | 'sent' | 'queued' | 'failed';

/**
 * The renderer every form element shares (see the file comment). After the last section comes
 * "Check your answers": every answer by section with Change links, the Submit button and Download
 * JSON. `readonly` shows a saved record the same way, without Change links or Submit. Printing
 * always prints that summary, with the protective marking in a header and footer on every page.
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
 * @csspart sent-earlier - Banner: a record that waited on this device from earlier has been sent.
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
 * @csspart schema-error - Shown instead of the form when there is no schema.
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
  static override styles = [formStyles, summaryStyles, printStyles];

  /** Page-wide defaults from an enclosing `<safety-forms-config>`. */
  @consume({ context: configContext, subscribe: true })
  @state()
  protected config?: SafetyFormsConfig;

  /**
   * The answers. Not reactive: a keystroke in a field that no condition reads changes it without a
   * render (issue #8); every other change asks for one.
   */
  private formData: JsonObject = {};
  @state() private touched: ReadonlySet<string> = new Set();
  @state() private attempted = false;
  @state() private sectionIndex = 0;
  @state() private submitState: SubmitState = 'idle';
  @state() private failure?: SubmissionFailure | 'busy';
  @state() private serverErrors: FieldError[] = [];
  @state() private receipt?: SubmitReceipt;
  /** A section of questions, or "Check your answers". */
  @state() private view: View = 'section';
  /** The user followed a Change link: the section offers the way back to "Check your answers". */
  @state() private returnToCheck = false;
  /** The page is being printed (or print media is emulated): the summary of every section is rendered for it. */
  @state() private printing = false;

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
  /** Autosave, restore and the two-tab check (see draft-controller.ts). */
  protected readonly drafts = new DraftController(this);
  /** Answers from a restored draft that no longer fit the schema: shown, kept with the draft, never dropped. */
  private leftovers: Leftover[] = [];
  private initial: JsonObject = {};
  private initialRaw: unknown;
  /** The answers came from the user or from `value`, so a later prefill must not replace them. */
  private dirty = false;
  private validation: ValidationResult = { valid: true, errors: [] };
  /** The answers as submitted (hidden ones pruned), from the last recompute: what the summary lists. */
  private submitted: JsonObject = {};
  /** Set while typing: validation and the render wait for a pause (see `change`). */
  private pauseTimer?: ReturnType<typeof setTimeout>;
  private errorMap = new Map<string, string>();
  private result: ResultSummary | null = null;
  private raw = new Map<string, Record<string, string>>();
  /** The key of the submission of the answers on screen, and the envelope sent with it: reused together, so a retry is byte-for-byte the same request. */
  private idempotencyKey?: string;
  private envelope?: Envelope;
  /** A record waiting from earlier (not the answers on screen) was sent meanwhile. */
  @state() private sentEarlier?: string;
  private inFlight?: Promise<SubmitReceipt | undefined>;
  private focusAfterRender?: string;
  private appliedForm?: FormDefinition;
  private stringsFor?: SafetyFormsConfig;
  private mergedStrings: Strings = defaultStrings;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** The generated form this element renders; subclasses provide it. */
  protected get form(): FormDefinition | undefined {
    return undefined;
  }

  get root(): FormSchema {
    return this.form?.schema ?? {};
  }

  get data(): unknown {
    return this.formData;
  }

  /** Answers cannot change: read-only, or being sent (what is sent is what is on screen). */
  get locked(): boolean {
    return this.readonly || this.submitState === 'sending';
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
    return structuredClone(answersAsSubmitted(this.root, this.formData));
  }

  /** Replaces the answers (sanitised against the schema). Fires no `sf-change`: the user did nothing. */
  set value(value: unknown) {
    this.dirty = true;
    this.replaceData(this.form ? sanitizeValue(this.root, value) : ((value ?? {}) as JsonObject));
  }

  /** Prefill: applied while the user has not changed anything, and again on `reset()`. Unknown keys, `__proto__` and wrong types are ignored. */
  @property({ attribute: false })
  get initialValue(): JsonObject {
    return structuredClone(this.initial);
  }

  set initialValue(value: unknown) {
    this.initialRaw = value;
    this.initial = this.form ? sanitizeValue(this.root, value) : {};
    if (!this.dirty) this.replaceData(this.initial);
  }

  /** The computed result (classification, score) for the current answers, or null. */
  get currentResult(): ResultSummary | null {
    this.flushTyping();
    return this.result;
  }

  /** Where the submit lifecycle stands: idle, sending, sent or failed. */
  get state(): SubmitState {
    return this.submitState;
  }

  private get sections(): Section[] {
    return sectionsOf(this.root, (v) => this.text(v));
  }

  // RenderHost -------------------------------------------------------------------------------------

  /** @internal Renderer and drafts plumbing, not public API. */
  errorFor(pointer: string): string | undefined {
    const server = this.serverErrors.find((e) => e.pointer === pointer);
    if (server) return server.message;
    if (!this.attempted && !this.touched.has(pointer)) return undefined;
    return this.errorMap.get(pointer);
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
    return this.raw.get(pointer);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  setRawParts(pointer: string, parts: Record<string, string> | undefined): void {
    if (parts) this.raw.set(pointer, parts);
    else this.raw.delete(pointer);
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  addItem(pointer: string): void {
    const items = getAt(this.formData, pointer);
    const list = Array.isArray(items) ? items : [];
    this.change(pointer, [...list, {}], 'edit');
    this.focusAfterRender = `${fieldId(pointer)}-${list.length}-legend`;
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  removeItem(pointer: string, index: number): void {
    const items = getAt(this.formData, pointer);
    if (!Array.isArray(items)) return;
    const next = items.filter((_, i) => i !== index);
    for (const key of [...this.raw.keys()]) if (key.startsWith(`${pointer}/`)) this.raw.delete(key);
    this.change(pointer, next.length ? next : undefined, 'commit');
    this.focusAfterRender = fieldId(pointer);
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
    return this.dirty;
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  draftPayload(): DraftPayload {
    return { data: this.formData, leftovers: this.leftovers };
  }

  /** @internal Renderer and drafts plumbing, not public API. */
  applyDraft(payload: unknown, _schemaVersion: string): { leftovers: number } {
    const p = (payload ?? {}) as { data?: unknown; leftovers?: unknown };
    const { fits, leftovers } = splitByFit(this.root, p.data);
    const kept = Array.isArray(p.leftovers)
      ? (p.leftovers as unknown[]).filter((l): l is Leftover => !!l && typeof (l as Leftover).pointer === 'string')
      : [];
    this.leftovers = [...kept, ...leftovers].slice(0, 500);
    this.dirty = true;
    this.formData = fits;
    this.raw.clear();
    this.recompute();
    this.requestUpdate();
    return { leftovers: this.leftovers.length };
  }

  // Public methods ---------------------------------------------------------------------------------

  /** Validates every answer, shows every error with the error summary, and returns them. */
  validate(): ValidationResult {
    this.flushTyping();
    this.attempted = true;
    this.requestUpdate();
    return this.validation;
  }

  /**
   * Validates and sends the record. Resolves with the receipt, or undefined when answers need
   * correcting (`sf-invalid`) or a listener cancelled `sf-submit`; rejects with a `SubmissionError`
   * when sending failed (`sf-submit-error`; the answers stay). A second call while one is in flight
   * returns the same promise: one request, whatever the user does with the button.
   */
  submit(): Promise<SubmitReceipt | undefined> {
    // A record shown read-only is already stored somewhere: sending it would store it twice.
    if (this.readonly) return Promise.resolve(undefined);
    if (this.submitState === 'sent') return Promise.resolve(this.receipt);
    this.inFlight ??= this.send().finally(() => (this.inFlight = undefined));
    return this.inFlight;
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
    this.clearAnswers();
    await this.drafts.discard();
  }

  private clearAnswers(): void {
    this.attempted = false;
    this.touched = new Set();
    this.serverErrors = [];
    this.failure = undefined;
    this.receipt = undefined;
    this.submitState = 'idle';
    this.sectionIndex = 0;
    this.view = 'section';
    this.returnToCheck = false;
    // A record already waiting in the outbox is another report now: it stays queued and is sent in the background.
    this.idempotencyKey = undefined;
    this.envelope = undefined;
    this.sentEarlier = undefined;
    this.dirty = false;
    this.leftovers = [];
    this.replaceData(this.initial);
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
    // Anything rendering now renders answers typed a moment ago with their errors and result.
    if (this.pauseTimer !== undefined) this.recompute();
    if (this.form !== this.appliedForm) {
      // A new schema (or the first one): the prefill and any answers are re-read against it, so
      // nothing from another form's shape gets in.
      this.appliedForm = this.form;
      this.sectionIndex = 0;
      this.initial = this.form ? sanitizeValue(this.root, this.initialRaw) : {};
      // No form (a <safety-form> whose new schema was refused): the answers are kept for the next one.
      if (this.form) this.replaceData(this.dirty ? sanitizeValue(this.root, this.formData) : this.initial);
    }
    super.willUpdate(changed);
  }

  protected override updated(): void {
    this.keepResending();
    const id = this.focusAfterRender;
    if (!id) return;
    this.focusAfterRender = undefined;
    const target = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (target) {
      target.focus();
      target.scrollIntoView?.({ block: 'center' });
    }
  }

  // Internals --------------------------------------------------------------------------------------

  private replaceData(data: JsonObject): void {
    this.formData = data;
    this.raw.clear();
    this.recompute();
    this.requestUpdate();
  }

  /**
   * One answer changed. `typing` is a keystroke: the field shows it already, so unless a condition
   * reads this field (a question may appear) validation, the result and the render wait for a pause
   * in typing, or for the next render, change or submit, whichever comes first. A keystroke thus
   * costs a `setAt`, not a whole-form validation and a section render. Conditions are matched by the
   * field's own name: one reading a whole group (`/person` notEmpty) waits for the pause, no longer.
   */
  private change(pointer: string, value: unknown, how: 'typing' | 'edit' | 'commit'): void {
    if (this.locked) return;
    // A change event after the input events that already stored this value (focus leaving the field
    // after Submit) changes nothing: the record waiting with these very answers stays (issue #13).
    const changed = JSON.stringify(getAt(this.formData, pointer)) !== JSON.stringify(value);
    this.formData = setAt(this.formData, pointer, value);
    this.dirty = true;
    if (changed) this.supersede();
    if (how === 'commit' && !this.touched.has(pointer)) this.touched = new Set(this.touched).add(pointer);
    if (this.serverErrors.some((e) => e.pointer === pointer)) {
      this.serverErrors = this.serverErrors.filter((e) => e.pointer !== pointer);
    }
    // Inside a host <form>, its FormData and validity must follow every keystroke: no pause there.
    if (how === 'typing' && !(this.internals.form && this.formValue === 'answers') && !conditionKeys(this.root).has(pointer.slice(pointer.lastIndexOf('/') + 1))) {
      clearTimeout(this.pauseTimer);
      this.pauseTimer = setTimeout(() => this.flushTyping(), TYPING_PAUSE_MS);
    } else {
      this.recompute();
      this.requestUpdate();
    }
    this.drafts.schedule();
    emit(this, 'sf-change', { pointer });
  }

  /** Brings validation, the result and the form value up to date after typing, and renders. */
  private flushTyping(): void {
    if (this.pauseTimer === undefined) return;
    this.recompute();
    this.requestUpdate();
  }

  /**
   * The answers changed after a submission that is not confirmed: that submission (and its outbox
   * entry, which holds the old answers) is dropped, and the form waits for Submit again. Nothing is
   * ever sent that differs from what is on screen, and nothing old is sent later as a second record.
   */
  private supersede(): void {
    const key = this.idempotencyKey;
    if (!key) return;
    this.idempotencyKey = undefined;
    this.envelope = undefined;
    if (this.submitState === 'queued' || this.submitState === 'failed') {
      this.submitState = 'idle';
      this.failure = undefined;
    }
    void this.drafts.openStore?.dequeue(key).catch(() => undefined);
  }

  /** Validation, result and the form value, updated synchronously with every change (STYLE.md §4). */
  private recompute(): void {
    // Whatever asked for it, this is the work a pause in typing was waiting for.
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    const form = this.form;
    if (!form) return;
    // One snapshot per change: validated, scored, listed by the summary, given to a host <form> as the
    // value, and sent as the envelope's data, so the result always comes from the answers sent with it.
    const snapshot = snapshotAnswers(form, this.formData, (submitted) => this.computeResult(submitted));
    const submitted = (this.submitted = snapshot.data);
    this.validation = snapshot.validation;
    this.errorMap = new Map(this.validation.errors.map((e) => [e.pointer, e.message]));
    this.result = snapshot.result;
    this.updateFormValue(submitted);
    const first = this.validation.errors[0];
    if (first) {
      const anchor = this.renderRoot?.querySelector<HTMLElement>('input, textarea, select') ?? undefined;
      this.internals.setValidity({ customError: true }, first.message, anchor);
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
  private updateFormValue(submitted: JsonObject = this.submitted): void {
    if (this.formValue === 'answers') this.internals.setFormValue(JSON.stringify(submitted));
    else this.internals.setFormValue(this.submitState === 'sent' ? (this.receipt?.reference ?? null) : null);
  }

  private async send(): Promise<SubmitReceipt | undefined> {
    const form = this.form;
    if (!form) return undefined;
    this.flushTyping();
    this.submitState = 'validating';
    this.attempted = true;
    this.serverErrors = [];
    this.failure = undefined;
    if (!this.validation.valid) {
      this.submitState = 'idle';
      emit(this, 'sf-invalid', { errors: this.validation.errors });
      if (!this.noAutofocus) this.focusAfterRender = 'error-summary';
      this.requestUpdate();
      return undefined;
    }
    if (!this.idempotencyKey || !this.envelope) {
      this.envelope = buildEnvelope(form, this.submitted, this.result);
      this.idempotencyKey = newIdempotencyKey();
    }
    const { envelope, idempotencyKey } = this;
    if (!emit(this, 'sf-submit', { envelope, idempotencyKey }, { cancelable: true })) {
      this.submitState = 'idle';
      return undefined;
    }
    this.submitState = 'sending';
    const entry: OutboxEntry = {
      id: idempotencyKey,
      formId: form.id,
      userId: this.draftUserId ?? '',
      endpoint: this.submitHandler ? undefined : (this.endpoint ?? this.defaultEndpoint(form.id)),
      method: this.method,
      envelope,
      draftId: this.draftUserId !== undefined ? this.drafts.currentDraftId : undefined,
    };
    // Kept on the device before the first attempt, so a closed tab or a crash loses nothing.
    const store = this.draftUserId !== undefined ? this.drafts.openStore : undefined;
    const queued = store ? await store.queue(entry).then(() => true, () => false) : false;
    return this.deliverEntry(entry, queued);
  }

  /**
   * Delivers one submission (new, or from the outbox) under a Web Lock named by its key, so two tabs
   * never send the same entry at once. The outbox entry and the draft go only after the backend
   * confirmed. A waiting record that is not the answers on screen (an earlier report) is sent in the
   * background: the form on screen is left alone, and a line says it was sent.
   */
  private async deliverEntry(entry: OutboxEntry, queued: boolean): Promise<SubmitReceipt | undefined> {
    const store = this.drafts.openStore;
    const current = entry.id === this.idempotencyKey;
    if (current) {
      this.submitState = 'sending';
      this.failure = undefined;
    }
    try {
      if (queued && navigator.onLine === false) throw new SubmissionError('submit: the device is offline', 'network');
      const receipt = await this.withLock(entry.id, () =>
        deliver(
          entry.envelope as Envelope,
          {
            endpoint: entry.endpoint,
            method: entry.method,
            headers: this.requestHeaders(),
            submitHandler: entry.endpoint ? undefined : this.submitHandler,
            idempotencyKey: entry.id,
          },
          this.retryPolicy,
        ),
      );
      if (receipt === null) {
        if (current) {
          this.submitState = 'queued';
          this.failure = 'busy';
        }
        return undefined;
      }
      if (queued) await store?.dequeue(entry.id).catch(() => undefined);
      // Another tab showing this record as waiting learns it was sent (key and reference only).
      announceOutboxSent({ type: 'outbox-sent', id: entry.id, reference: receipt.reference, status: receipt.status });
      emit(this, 'sf-submitted', { ...receipt, idempotencyKey: entry.id });
      if (!current) {
        this.sentEarlier = receipt.reference ?? '';
        return receipt;
      }
      this.receipt = receipt;
      this.submitState = 'sent';
      this.updateFormValue();
      this.focusAfterRender = 'confirmation';
      // Only now that the backend confirmed does the draft go.
      void this.drafts.discard();
      return receipt;
    } catch (error) {
      // A ConfigError (no endpoint, no handler) is the page's mistake: the user is told to contact its team.
      const failure = error instanceof SubmissionError ? error : new SubmissionError('submit: the form is not set up to send', 'rejected');
      const keep = isRetryable(failure) || failure.kind === 'auth';
      if (queued) {
        if (keep) await store?.noteAttempt(entry.id, failure.kind).catch(() => undefined);
        else await store?.dequeue(entry.id).catch(() => undefined);
      }
      emit(this, 'sf-submit-error', {
        kind: failure.kind,
        status: failure.status,
        fieldErrors: current ? failure.fieldErrors : [],
        queued: queued && keep,
      });
      if (!current) throw failure;
      this.failure = failure.kind;
      this.serverErrors = failure.fieldErrors;
      this.submitState = queued && isRetryable(failure) ? 'queued' : 'failed';
      this.focusAfterRender = failure.fieldErrors.length && !this.noAutofocus ? 'error-summary' : 'submit-failure';
      throw failure;
    }
  }

  /** Runs `send` holding the Web Lock for this submission; null when another tab holds it. */
  private async withLock<T>(id: string, send: () => Promise<T>): Promise<T | null> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return send();
    return locks.request(`safety-forms-outbox:${id}`, { ifAvailable: true }, (lock) => (lock ? send() : null));
  }

  /** The page's CSRF token (`<meta name="csrf-token">`), then `<safety-forms-config>` headers, then this form's. */
  private requestHeaders(): Record<string, string> {
    const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
    return { ...(csrf ? { 'X-CSRF-Token': csrf } : {}), ...this.config?.headers, ...this.headers };
  }

  /**
   * Sends what is waiting: the outbox entries of this form and user (on load, on `online`, from
   * "Try again now"), or, without an outbox, the failed submission again with the same key.
   */
  async sendQueued(): Promise<void> {
    if (this.inFlight || this.submitState === 'sent' || this.submitState === 'sending') return;
    const store = this.drafts.openStore;
    const formId = this.form?.id;
    const userId = this.draftUserId;
    const { entries } =
      store && formId !== undefined && userId !== undefined ? await store.pending(formId, userId).catch(() => ({ entries: [] })) : { entries: [] };
    if (!entries.length) {
      if (this.submitState === 'failed' || this.submitState === 'queued') await this.submit().catch(() => undefined);
      return;
    }
    const flight = (async () => {
      for (const entry of entries) {
        // The record of the draft on screen (queued before the page was closed) is these answers' submission.
        if (!this.idempotencyKey && entry.draftId && entry.draftId === this.drafts.currentDraftId) {
          this.idempotencyKey = entry.id;
          this.envelope = entry.envelope;
        }
        await this.deliverEntry(entry, true).catch(() => undefined);
      }
      return this.submitState === 'sent' ? this.receipt : undefined;
    })();
    this.inFlight = flight.finally(() => (this.inFlight = undefined));
    await flight;
  }

  /**
   * While the record on screen waits in the outbox and the page stays open, it is sent again on a
   * timer: `resendDelay` (15 s), doubled each time up to `maxResendDelay` (5 min), with jitter, besides
   * `online`, reopening the form and "Try again now". The backoff starts again once the record leaves
   * the queued state.
   */
  private keepResending(): void {
    if (this.submitState === 'queued') {
      if (this.resendTimer !== undefined || !this.isConnected) return;
      const { resendDelay = 15_000, maxResendDelay = 300_000 } = this.retryPolicy ?? {};
      const delay = Math.min(maxResendDelay, resendDelay * 2 ** Math.min(this.resendCount, 20));
      this.resendCount++;
      this.resendTimer = setTimeout(() => {
        this.resendTimer = undefined;
        if (this.submitState === 'queued' && this.isConnected) void this.sendQueued();
      }, delay / 2 + (Math.random() * delay) / 2);
    } else if (this.submitState !== 'sending') {
      this.stopResending();
      this.resendCount = 0;
    }
  }

  private stopResending(): void {
    clearTimeout(this.resendTimer);
    this.resendTimer = undefined;
  }

  /** Another tab delivered the record on screen: it is sent, and this tab says so instead of "queued". */
  private readonly onSentElsewhere = (m: OutboxSentMessage) => {
    if (m.id !== this.idempotencyKey || this.submitState === 'sent' || this.submitState === 'sending') return;
    this.receipt = { reference: typeof m.reference === 'string' ? m.reference : undefined, status: typeof m.status === 'number' ? m.status : 200 };
    this.failure = undefined;
    this.serverErrors = [];
    this.submitState = 'sent';
    this.updateFormValue();
    // The other tab deleted the draft with the outbox entry; nothing here may save it again.
    void this.drafts.discard();
  };

  /** @internal Renderer and drafts plumbing, not public API. */
  draftsReady(): void {
    void this.sendQueued();
  }

  private readonly onOnline = () => void this.sendQueued();

  /**
   * Printing (`beforeprint`, also fired for headless `page.pdf()`) or print media emulated (the
   * `matchMedia('print')` listener): the summary of every section is rendered at once, synchronously,
   * so the printed pages hold every answer even when the user is in the middle of a section.
   */
  private readonly onPrint = (on: boolean) => {
    if (this.printing === on) return;
    this.printing = on;
    if (on && this.hasUpdated) this.performUpdate();
  };
  private readonly onBeforePrint = () => this.onPrint(true);
  private readonly onAfterPrint = () => this.onPrint(window.matchMedia?.('print').matches ?? false);
  private printQuery?: MediaQueryList;
  private readonly onPrintQuery = (e: MediaQueryListEvent) => this.onPrint(e.matches);

  private resendTimer?: ReturnType<typeof setTimeout>;
  private resendCount = 0;
  private unwatchSent?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unwatchSent = watchOutboxSent(this.onSentElsewhere);
    addEventListener('online', this.onOnline);
    addEventListener('beforeprint', this.onBeforePrint);
    addEventListener('afterprint', this.onAfterPrint);
    preparePrinting(window);
    this.printQuery = window.matchMedia?.('print');
    this.printQuery?.addEventListener('change', this.onPrintQuery);
    this.printing = this.printQuery?.matches ?? false;
  }

  override disconnectedCallback(): void {
    // Typing that was waiting for a pause: value and validity brought up to date, without a render
    // (the element is leaving the page).
    if (this.pauseTimer !== undefined) this.recompute();
    super.disconnectedCallback();
    this.unwatchSent?.();
    this.unwatchSent = undefined;
    this.stopResending();
    removeEventListener('online', this.onOnline);
    removeEventListener('beforeprint', this.onBeforePrint);
    removeEventListener('afterprint', this.onAfterPrint);
    this.printQuery?.removeEventListener('change', this.onPrintQuery);
    this.printQuery = undefined;
  }

  private defaultEndpoint(formId: string): string | undefined {
    const base = this.config?.endpointBase;
    return base ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(formId)}` : undefined;
  }

  /** Opens a section and moves focus to its heading. */
  private goToSection(index: number): void {
    this.sectionIndex = Math.max(0, Math.min(index, this.sections.length - 1));
    this.view = 'section';
    this.focusAfterRender = 'section-heading';
  }

  /** Opens "Check your answers" and moves focus to its heading. */
  private openCheck(): void {
    this.view = 'check';
    this.returnToCheck = false;
    this.focusAfterRender = 'check-heading';
  }

  /** A Change link: open the question's section, focus it, and offer the way back to "Check your answers". */
  private changeAnswer(event: Event, pointer: string): void {
    void this.followError(event, pointer);
  }

  /** Downloads the record (the answers as they would be submitted) as `{formId}-{date}.json`: a name with no personal data in it. */
  private downloadJson(): void {
    if (this.form) downloadRecord(this.form, this.value);
  }

  /** Error summary link: open the field's section, focus the field, and bring its label into view. */
  private async followError(event: Event, pointer: string): Promise<void> {
    event.preventDefault();
    const sections = this.sections;
    const first = parsePointer(pointer)[0];
    const index = sections.findIndex((s) => s.key === first);
    // From "Check your answers", a correction leads back there.
    const fromCheck = this.view === 'check' && !this.readonly;
    if ((index >= 0 && index !== this.sectionIndex) || this.view !== 'section') {
      if (index >= 0) this.sectionIndex = index;
      this.view = 'section';
      if (fromCheck) this.returnToCheck = true;
      await this.updateComplete;
    }
    const id = fieldId(pointer);
    const target =
      this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`) ??
      this.renderRoot.querySelector<HTMLElement>(`[id^="${CSS.escape(id)}-"]:is(input, textarea, select, button)`);
    if (!target) return;
    target.focus({ preventScroll: true });
    const label = target.closest('fieldset')?.querySelector('legend') ?? this.renderRoot.querySelector(`label[for="${CSS.escape(target.id)}"]`);
    (label ?? target).scrollIntoView?.({ block: 'start' });
  }

  private get shownErrors(): FieldError[] {
    if (!this.attempted) return this.serverErrors;
    const server = new Set(this.serverErrors.map((e) => e.pointer));
    return [...this.serverErrors, ...this.validation.errors.filter((e) => !server.has(e.pointer))];
  }

  private handleSubmitClick(): void {
    if (this.submitState === 'sending') return;
    // The rejection is shown on the page and fired as sf-submit-error; the promise is the caller's.
    this.submit().catch(() => undefined);
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

  /** After "Form sent": what was sent, with its reference, as `{formId}-{reference or date}.json`. */
  private downloadSent(): void {
    if (this.form) downloadSent(this.form, this.value, this.receipt?.reference, this.envelope?.submittedAt);
  }

  /** After "Form sent": a new, empty form (the prefill, if any) at its first section, with focus there. */
  private startAnother(): void {
    this.reset();
    this.focusAfterRender = 'section-heading';
  }

  /** The printed header and footer (marking, title, version, date): rendered only while printing (they are never seen on screen). */
  private renderPrintFrame(root: FormSchema) {
    if (!this.printing) return nothing;
    return renderPrintFrame(this.strings, {
      marking: root['x-marking'],
      title: root.title ? this.text(root.title) : '',
      version: this.form?.version ?? '',
      date: printDate.format(new Date()),
    });
  }

  /** Every answer by section: under "Check your answers" (with Change links), or as a record or print. */
  private renderAnswers(sections: Section[], withChange: boolean) {
    return renderSummary(this.strings, summarise(this, sections, this.submitted), {
      idPrefix: 'summary',
      change: withChange ? (event, pointer) => this.changeAnswer(event, pointer) : undefined,
      level: withChange ? 4 : 3,
    });
  }

  private renderPage(sections: Section[], index: number) {
    const s = this.strings;
    const actions = { goTo: (i: number) => this.goToSection(i), openCheck: () => this.openCheck() };
    const download = () => this.downloadJson();
    const result = this.renderResult(this.result);
    if (this.readonly) return renderRecordPage(s, { answers: this.renderAnswers(sections, false), result }, download);
    if (this.view === 'check') {
      const page = { sections: sections.length, answers: this.renderAnswers(sections, true), result, sending: this.submitState === 'sending' };
      return renderCheckPage(s, page, { ...actions, submit: () => this.handleSubmitClick(), download });
    }
    const page = {
      sections,
      index,
      returnToCheck: this.returnToCheck,
      intro: this.renderSectionIntro(sections[index]!.key),
      result,
      printAnswers: this.printing ? this.renderAnswers(sections, false) : nothing,
    };
    return renderSectionPage(this, s, page, actions);
  }

  protected override render() {
    const form = this.form;
    const s = this.strings;
    if (!form) {
      return html`<div class="notice notice--error" role="alert" part="schema-error"><p>${s.noSchema}</p></div>`;
    }
    const root = deref(this.root, this.root);
    const marking = root['x-marking'];
    const sections = this.sections;
    if (this.submitState === 'sent') {
      const confirmation = renderConfirmation(s, this.receipt?.reference, { print: () => window.print(), download: () => this.downloadSent(), startAnother: () => this.startAnother() });
      return html`<div class="form" part="base">
        ${this.renderPrintFrame(root)}
        <div class="print-body">${confirmation} ${this.printing ? html`<div class="print-only">${this.renderAnswers(sections, false)}</div>` : nothing}</div>
      </div>`;
    }
    const index = Math.min(this.sectionIndex, sections.length - 1);
    const errors = this.shownErrors;
    const follow = (event: Event, pointer: string) => void this.followError(event, pointer);
    const notices = renderSubmitNotices(s, { state: this.submitState, failure: this.failure, sentEarlier: this.sentEarlier }, () => void this.sendQueued());
    return html`<div class="form" part="base">
      ${this.renderPrintFrame(root)}
      <div class="print-body">
        ${marking ? html`<p class="marking" part="marking">${marking}</p>` : nothing}
        ${this.readonly ? nothing : renderErrorSummary(s, errors, follow)} ${notices}
        ${root.title ? html`<h2 class="form-title" part="title">${this.text(root.title)}</h2>` : nothing}
        ${this.readonly ? nothing : this.renderDrafts()} ${this.readonly ? nothing : this.renderNav(sections, errors)}
        ${this.renderPage(sections, index)}
      </div>
    </div>`;
  }

  private renderDrafts() {
    const d = this.drafts;
    const state = { state: d.state, savedAt: d.savedAt, restoredAt: d.restoredAt, setAside: d.setAside, lastSaveFailed: d.lastSaveFailed, leftovers: this.leftovers, ttlDays: this.draftTtlDays };
    return renderDraftNotices(this.strings, state, {
      loadLatest: () => this.drafts.loadLatest(),
      keepAsCopy: () => this.drafts.keepAsCopy(),
      discard: () => void this.discardDraft(),
      downloadLeftovers: () => downloadLeftovers(this.form?.id, this.leftovers),
    });
  }

  private renderNav(sections: Section[], errors: FieldError[]) {
    const state = {
      sections,
      index: this.sectionIndex,
      view: this.view,
      withErrors: new Set(errors.map((e) => parsePointer(e.pointer)[0]!)),
      answered: answeredSections(sections, this.formData, this.fixedPointers()),
    };
    return renderSectionNav(this.strings, state, { goTo: (i) => this.goToSection(i), openCheck: () => this.openCheck() });
  }
}
