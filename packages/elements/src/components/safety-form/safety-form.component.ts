import type { CustomForm, FormDefinition, ResultSummary, SchemaRefusal } from '@safety-forms/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SfFormBase } from '../../internal/form-base.js';
import type { Strings } from '../../internal/strings.js';
import { renderLoadFailed } from '../../internal/templates/load-failed.js';
import { builtInForms, type BuiltInForm } from './built-in-forms.js';

/** Core's `DEFAULT_MAX_SCHEMA_BYTES` (256 KB), kept here so that the interpreting validator loads only with a custom schema (safety-form.test.ts checks they agree). */
const DEFAULT_MAX_SCHEMA_BYTES = 256 * 1024;

type Interpreter = typeof import('./custom-schema.js');

/**
 * How `<safety-form>` fetches its chunks: a generated form by id, and the interpreting validator.
 * @internal Tests replace a loader (e.g. with an `import()` that fails) and put it back; nothing else should.
 */
export const safetyFormLoaders = {
  builtIn: (id: string): Promise<BuiltInForm> | undefined => (Object.prototype.hasOwnProperty.call(builtInForms, id) ? builtInForms[id]!() : undefined),
  interpreter: (): Promise<Interpreter> => import('./custom-schema.js'),
};

/** The interpreting validator once this page has it. */
let interpreter: Interpreter | undefined;

/**
 * Renders a form from a schema: a generated one by its form id (`form="threat-report"`), or an
 * organisation's own JSON Schema, fetched at run time (`schema-src="/schemas/visit.schema.json"`) or
 * given as an object (`.schema = {...}`). Same behaviour as the named form elements: sections, GOV.UK
 * errors, drafts, submission.
 *
 * An organisation's schema is checked before anything is shown (schemas/README.md, "Your own forms"):
 * at most `max-schema-bytes` (256 KB) of JSON and 32 levels deep, draft 2020-12 `type: "object"` with
 * `properties`, only the keywords in schemas/form.meta.schema.json, only local `#/$defs/...`
 * references. It is validated by an interpreting validator (no eval), so it works under
 * `Content-Security-Policy: script-src 'self'`. A refused schema shows a plain message on the page
 * (`part="schema-error"`, `role="alert"`) and nothing in the console. A schema can never change where the
 * record goes: that is the `endpoint` attribute, or `<safety-forms-config endpoint-base>` +
 * `/{x-form-id}` (`x-form-id` is lower-case letters, digits and hyphens only). Drafts are kept under
 * the schema's `x-form-id` (else the name in its `$id`) with its `x-version`. Its `x-scoring.scorer`
 * may name a built-in scorer (`threat-report`, `risk-matrix`, `traffic-light-referral`,
 * `offender-description`); any other name shows no result.
 *
 * Precedence: `schema` (object), then `schema-src`, then `form`.
 *
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary Renders a generated form by id, or an organisation's own JSON Schema.
 * @status experimental
 * @since 0.1.0
 *
 * @attr form - The form id of a generated schema, e.g. `threat-report`.
 * @attr schema-src - The address of an organisation's own form schema (JSON), fetched with same-origin credentials and no redirects.
 * @attr max-schema-bytes - The largest schema accepted from `schema-src` or `schema`, in bytes of JSON (default 262144, 256 KB).
 * @attr endpoint - Where the record is sent. Never taken from the schema.
 *
 * @csspart schema-error - Shown when `form` names no known schema, or a schema was refused (says why).
 * @csspart schema-loading - Shown while the schema at `schema-src` is loading.
 */
export default class SafetyForm extends SfFormBase {
  /** A form made from `schema` or `schema-src`, once checked. */
  @state() private custom?: CustomForm;
  /** Loading the schema at `schema-src`, or the chunk of a generated form or of the interpreting validator. */
  @state() private loading = false;
  /** Why the schema was refused, when it was. */
  @state() private refusal?: SchemaRefusal;
  /** The generated form of `form`, once its chunk has loaded. */
  @state() private builtIn?: { id: string; definition: BuiltInForm };
  /** A chunk this form needs could not load (offline after the first paint): the notice, and Try again. */
  @state() private chunkFailed = false;

  /** The form id of a generated schema. */
  @property({ attribute: 'form' }) formId = '';
  /** The address of an organisation's own form schema, fetched at run time. */
  @property({ attribute: 'schema-src' }) schemaSrc?: string;
  /** An organisation's own form schema as an object (checked and copied when set; wins over `schema-src` and `form`). */
  @property({ attribute: false }) schema?: unknown;
  /** The largest schema accepted, in bytes of JSON. */
  @property({ type: Number, attribute: 'max-schema-bytes' }) maxSchemaBytes = DEFAULT_MAX_SCHEMA_BYTES;

  private loadController?: AbortController;
  private ready: Promise<void> = Promise.resolve();
  /** The chunk being fetched for a generated form or a schema object: `updateComplete` waits for it. */
  private fetching?: Promise<unknown>;
  /** The generated form id whose chunk is being fetched. */
  private fetchingId?: string;

  /** Settles when the schema from `schema-src` has been loaded or refused (at once when there is none). */
  get schemaReady(): Promise<void> {
    return this.ready;
  }

  /** Why the current schema was refused (`too-large`, `too-deep`, `invalid-json`, `remote-ref`, `not-a-form`, `network`, `not-found`), or undefined. */
  get schemaError(): SchemaRefusal | undefined {
    return this.refusal;
  }

  private get usesCustom(): boolean {
    return (this.schema !== undefined && this.schema !== null) || !!this.schemaSrc;
  }

  protected override get form(): FormDefinition | undefined {
    if (this.usesCustom) return this.custom;
    // While the next generated form loads, the one on screen stays this element's form (its answers are re-read against the next).
    const built = this.builtIn;
    return built && (built.id === this.formId || this.fetchingId === this.formId) ? built.definition.form : undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    const hasObject = this.schema !== undefined && this.schema !== null;
    if (hasObject && (changed.has('schema') || changed.has('maxSchemaBytes'))) {
      this.stopLoading();
      this.useSchema(this.schema);
    } else if (!hasObject && this.schemaSrc && (changed.has('schemaSrc') || changed.has('schema') || changed.has('maxSchemaBytes'))) {
      this.load(this.schemaSrc);
    } else if (!this.usesCustom && (changed.has('schema') || changed.has('schemaSrc'))) {
      this.stopLoading();
      this.custom = undefined;
      this.refusal = undefined;
    }
    // Another form id: a failure fetching the last one is no longer this form's.
    if (changed.has('formId') && changed.get('formId') !== undefined && !this.usesCustom) this.chunkFailed = false;
    // A generated form's chunk: fetched for a new id (after a failed fetch, only on Try again or another id).
    if (!this.usesCustom && (changed.has('formId') || !this.chunkFailed) && this.builtIn?.id !== this.formId && this.fetchingId !== this.formId) this.loadBuiltIn(this.formId);
    super.willUpdate(changed);
  }

  /** Also waits for the chunk of a generated form or of the interpreting validator being fetched (not for a `schema-src` download: that is `schemaReady`). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    for (let pending = this.fetching; pending; pending = this.fetching) {
      await pending;
      done = (await super.getUpdateComplete()) && done;
    }
    return done;
  }

  private stopLoading(): void {
    this.loadController?.abort();
    this.loadController = undefined;
    this.loading = false;
  }

  /** Tracks a chunk being fetched, for `updateComplete`. */
  private track(load: Promise<unknown>): void {
    const tracked = load.then(
      () => undefined,
      () => undefined,
    );
    this.fetching = tracked;
    void tracked.then(() => {
      if (this.fetching === tracked) this.fetching = undefined;
    });
  }

  /** The generated form with this id, from its own chunk; an unknown id shows "This form could not be shown". */
  private loadBuiltIn(id: string): void {
    const load = safetyFormLoaders.builtIn(id);
    if (!load) {
      this.fetchingId = undefined;
      return;
    }
    this.fetchingId = id;
    this.chunkFailed = false;
    this.track(
      load.then(
        (definition) => {
          if (this.fetchingId !== id) return;
          this.fetchingId = undefined;
          this.builtIn = { id, definition };
        },
        () => {
          if (this.fetchingId !== id) return;
          this.fetchingId = undefined;
          this.chunkFailed = true;
        },
      ),
    );
  }

  /** The interpreting validator: at once when this page has it, else fetched (a failure shows the notice and rejects). */
  private interpreter(): Promise<Interpreter> {
    if (interpreter) return Promise.resolve(interpreter);
    return safetyFormLoaders.interpreter().then(
      (loaded) => (interpreter = loaded),
      (error: unknown) => {
        this.chunkFailed = true;
        throw error;
      },
    );
  }

  private useSchema(schema: unknown): void {
    this.chunkFailed = false;
    const apply = (m: Interpreter) => {
      try {
        this.custom = m.formFromSchema(schema, { maxBytes: this.maxSchemaBytes });
        this.refusal = undefined;
      } catch (error) {
        this.custom = undefined;
        this.refusal = error instanceof m.CustomSchemaError ? error.kind : 'not-a-form';
      }
    };
    if (interpreter) return apply(interpreter);
    this.loading = true;
    this.track(
      this.interpreter().then(
        (m) => {
          // A newer schema (or none) may have been given meanwhile: only the latest one counts.
          if (this.schema !== schema) return;
          this.loading = false;
          apply(m);
        },
        () => {
          if (this.schema === schema) this.loading = false;
        },
      ),
    );
  }

  private load(src: string): void {
    this.stopLoading();
    const controller = (this.loadController = new AbortController());
    // The form on screen (if any) stays this element's form while the next one loads, so the answers
    // are re-read against the new schema rather than dropped in between; only the loading text shows.
    this.refusal = undefined;
    this.chunkFailed = false;
    this.loading = true;
    const done = () => {
      if (controller !== this.loadController) return false;
      this.loadController = undefined;
      this.loading = false;
      return true;
    };
    this.ready = this.interpreter().then(
      (m) =>
        m.loadSchema(src, { signal: controller.signal, maxBytes: this.maxSchemaBytes }).then(
          (form) => {
            if (done()) this.custom = form;
          },
          (error: unknown) => {
            if (!done()) return;
            this.custom = undefined;
            this.refusal = error instanceof m.CustomSchemaError ? error.kind : 'network';
          },
        ),
      () => void done(),
    );
  }

  /** Try again after a chunk could not load: the same schema or form id again. */
  private retryChunk(): void {
    this.chunkFailed = false;
    if (this.schema !== undefined && this.schema !== null) this.useSchema(this.schema);
    else if (this.schemaSrc) this.load(this.schemaSrc);
    else this.loadBuiltIn(this.formId);
  }

  /** The result `x-scoring.scorer` names for a custom schema; the generated form's own scorer for one by id. */
  protected override computeResult(data: unknown): ResultSummary | null {
    if (this.usesCustom) return this.custom ? this.custom.score(data) : null;
    const built = this.builtIn;
    return built && this.form === built.definition.form ? (built.definition.score?.(data) ?? null) : null;
  }

  protected override render() {
    if (this.chunkFailed) {
      // Whatever is on screen stays, answers and all; the notice says so and offers Try again.
      return html`${renderLoadFailed(this.strings, () => this.retryChunk())}${this.form ? super.render() : nothing}`;
    }
    if ((this.usesCustom && this.loading) || (!this.usesCustom && this.fetchingId === this.formId && this.fetchingId !== undefined)) {
      return html`<div class="form" part="base">
        <p class="notice" role="status" part="schema-loading">${this.strings.schemaLoading}</p>
      </div>`;
    }
    if (this.usesCustom && this.refusal) {
      const s = this.strings;
      return html`<div class="notice notice--error" role="alert" part="schema-error">
        <p><strong>${s.schemaRefused}</strong> ${s[`schema-${this.refusal}` as keyof Strings]}</p>
        <p>${s.schemaRefusedContact}</p>
      </div>`;
    }
    return super.render();
  }
}
