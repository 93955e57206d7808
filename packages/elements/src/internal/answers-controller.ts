/**
 * `AnswersController`: the answers on screen and what follows from them. It holds the answers (hidden
 * ones included), the raw parts of dates being typed, which questions were touched, the prefill, and
 * the leftovers of an older draft; and it keeps one snapshot per change (core's `snapshotAnswers`):
 * the answers as submitted, their validation and the result. Keystrokes wait for a pause in typing
 * (`TYPING_PAUSE_MS`) unless a condition reads the field, so typing costs a `setAt`, not a whole-form
 * validation and render (issue #8).
 *
 * Until the form's validator and core's checking code have arrived (on-demand.ts: fetched at once
 * for a form that came with its validator, else when the page is idle), snapshots are not checked: the answers as submitted and the result as always, validation `{ valid: false, errors: [] }`
 * (never valid, no error shown yet), and `checked` false; the host takes a checked snapshot when the
 * validator arrives.
 */
import {
  answersAsSubmitted,
  conditionKeys,
  getAt,
  sanitizeValue,
  setAt,
  splitByFit,
  type JsonObject,
  type Leftover,
  type ResultSummary,
  type ValidationResult,
} from '@safety-forms/core/runtime';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Checker, FormSource } from './on-demand.js';

/** How long typing may pause before the form validates and renders again (see `settle`). */
export const TYPING_PAUSE_MS = 150;

/** What the answers need from the element, given as functions so they read its current state. */
export interface AnswersOptions {
  /** The form the answers belong to; undefined while there is none. */
  form(): FormSource | undefined;
  /** The same form with its validator, and core's checking code; undefined while either is still to arrive. */
  checker(): Checker | undefined;
  /** The element's scorer: the live result for the answers as submitted. */
  score(submitted: JsonObject): ResultSummary | null;
  /** A new snapshot was taken: the element passes it on (its form value and validity). */
  recomputed(): void;
}

export class AnswersController implements ReactiveController {
  /** The answers as on screen, hidden ones included. Not reactive: a keystroke may change it without a render. */
  data: JsonObject = {};
  /** The answers came from the user or from `value`, so a later prefill must not replace them. */
  dirty = false;
  /** A submit was attempted (or `validate()` called): every error shows, not only those of touched questions. */
  attempted = false;
  /** Questions the user committed an answer to: their errors show. */
  touched: ReadonlySet<string> = new Set();
  /** Answers from a restored draft that no longer fit the schema: shown, kept with the draft, never dropped. */
  leftovers: Leftover[] = [];
  /** The answers as submitted (hidden ones pruned) from the last snapshot: what is listed, valued and sent. */
  submitted: JsonObject = {};
  validation: ValidationResult = { valid: true, errors: [] };
  /** The result of the last snapshot (call `flush()` first to include typing under way). */
  result: ResultSummary | null = null;
  /** Whether the last snapshot was validated (false while the form's validator is still to arrive: `validation` then says not valid, with no errors). */
  checked = true;

  private errors = new Map<string, string>();
  private raw = new Map<string, Record<string, string>>();
  private initial: JsonObject = {};
  private initialRaw: unknown;
  private appliedForm?: FormSource;
  /** Set while typing: the snapshot and the render wait for a pause (see `settle`). */
  private pauseTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AnswersOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // Typing that was waiting for a pause: value and validity brought up to date, without a render (the element is leaving the page).
    if (this.pauseTimer !== undefined) this.recompute();
  }

  /** The prefill, sanitised against the form. */
  get prefill(): JsonObject {
    return this.initial;
  }

  /** Sets the prefill (unknown keys, `__proto__` and wrong types dropped); applied while the user has changed nothing. */
  setPrefill(value: unknown): void {
    this.initialRaw = value;
    const form = this.options.form();
    this.initial = form ? sanitizeValue(form.schema, value) : {};
    if (!this.dirty) this.replace(this.initial);
  }

  /** Replaces the answers with `value` (sanitised against the form), as if the user had given them. */
  assign(value: unknown): void {
    this.dirty = true;
    const form = this.options.form();
    this.replace(form ? sanitizeValue(form.schema, value) : ((value ?? {}) as JsonObject));
  }

  /** Replaces the answers; raw date parts are dropped and a snapshot taken. */
  replace(data: JsonObject): void {
    this.data = data;
    this.raw.clear();
    this.recompute();
    this.host.requestUpdate();
  }

  /** Back to the prefill: nothing touched, attempted or left over. */
  clear(): void {
    this.attempted = false;
    this.touched = new Set();
    this.dirty = false;
    this.leftovers = [];
    this.replace(this.initial);
  }

  /**
   * Before each render: typing under way is taken into the snapshot, and a new form (or the first one)
   * re-reads the prefill and the answers against its schema, so nothing from another form's shape gets
   * in. Returns true when the form is new.
   */
  beforeRender(): boolean {
    if (this.pauseTimer !== undefined) this.recompute();
    const form = this.options.form();
    if (form === this.appliedForm) return false;
    this.appliedForm = form;
    this.initial = form ? sanitizeValue(form.schema, this.initialRaw) : {};
    // No form (a <safety-form> whose new schema was refused): the answers are kept for the next one.
    if (form) this.replace(this.dirty ? sanitizeValue(form.schema, this.data) : this.initial);
    return true;
  }

  /** Puts a restored draft's answers on screen; what no longer fits the schema joins the leftovers (at most 500). */
  restore(payload: unknown): { leftovers: number } {
    const p = (payload ?? {}) as { data?: unknown; leftovers?: unknown };
    const { fits, leftovers } = splitByFit(this.options.form()?.schema ?? {}, p.data);
    const kept = Array.isArray(p.leftovers) ? (p.leftovers as unknown[]).filter((l): l is Leftover => !!l && typeof (l as Leftover).pointer === 'string') : [];
    this.leftovers = [...kept, ...leftovers].slice(0, 500);
    this.dirty = true;
    this.replace(fits);
    return { leftovers: this.leftovers.length };
  }

  /**
   * One answer changed (without a snapshot: see `settle`). A committed answer marks its question
   * touched. Returns whether the value differs from the one held: a change event after the input
   * events that already stored it changes nothing.
   */
  set(pointer: string, value: unknown, commit: boolean): boolean {
    const changed = JSON.stringify(getAt(this.data, pointer)) !== JSON.stringify(value);
    this.data = setAt(this.data, pointer, value);
    this.dirty = true;
    if (commit && !this.touched.has(pointer)) this.touched = new Set(this.touched).add(pointer);
    return changed;
  }

  /**
   * After `set`: a snapshot and a render now, or, when `typing` and no condition reads this field (no
   * question may appear), after a pause in typing or the next render, change or submit, whichever
   * comes first. Conditions are matched by the field's own name: one reading a whole group
   * (`/person` notEmpty) waits for the pause, no longer.
   */
  settle(pointer: string, typing: boolean): void {
    const form = this.options.form();
    if (typing && !conditionKeys(form?.schema ?? {}).has(pointer.slice(pointer.lastIndexOf('/') + 1))) {
      clearTimeout(this.pauseTimer);
      this.pauseTimer = setTimeout(() => this.flush(), TYPING_PAUSE_MS);
    } else {
      this.recompute();
      this.host.requestUpdate();
    }
  }

  /** Brings the snapshot up to date after typing, and renders. */
  flush(): void {
    if (this.pauseTimer === undefined) return;
    this.recompute();
    this.host.requestUpdate();
  }

  /** Every error shows from now on (a submit attempt, `validate()`). */
  attempt(): void {
    this.attempted = true;
    this.host.requestUpdate();
  }

  /** The validation message of the question at `pointer`, once it was touched or a submit attempted. */
  errorFor(pointer: string): string | undefined {
    if (!this.attempted && !this.touched.has(pointer)) return undefined;
    return this.errors.get(pointer);
  }

  /** Raw parts of a date being typed. */
  rawParts(pointer: string): Record<string, string> | undefined {
    return this.raw.get(pointer);
  }

  setRawParts(pointer: string, parts: Record<string, string> | undefined): void {
    if (parts) this.raw.set(pointer, parts);
    else this.raw.delete(pointer);
  }

  /** Drops the raw date parts under `pointer` (an item removed from a list). */
  forgetRawUnder(pointer: string): void {
    for (const key of [...this.raw.keys()]) if (key.startsWith(`${pointer}/`)) this.raw.delete(key);
  }

  /** Validation, result and the answers as submitted, taken synchronously (STYLE.md §4). */
  recompute(): void {
    // Whatever asked for it, this is the work a pause in typing was waiting for.
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    const form = this.options.form();
    if (!form) return;
    // One snapshot per change: validated, scored, listed by the summary, given to a host <form> as the
    // value, and sent as the envelope's data, so the result always comes from the answers sent with it.
    const checker = this.options.checker();
    if (checker) {
      const snapshot = checker.check.snapshotAnswers(checker.definition, this.data, (submitted) => this.options.score(submitted));
      this.submitted = snapshot.data;
      this.validation = snapshot.validation;
      this.result = snapshot.result;
    } else {
      // The validator is on its way: the same snapshot, not checked (not valid, nothing to show yet).
      this.submitted = answersAsSubmitted(form.schema, this.data);
      this.validation = { valid: false, errors: [] };
      this.result = this.options.score(this.submitted);
    }
    this.checked = !!checker;
    this.errors = new Map(this.validation.errors.map((e) => [e.pointer, e.message]));
    this.options.recomputed();
  }
}
