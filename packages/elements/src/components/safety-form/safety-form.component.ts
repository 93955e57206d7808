import {
  CustomSchemaError,
  DEFAULT_MAX_SCHEMA_BYTES,
  formFromSchema,
  forms,
  loadSchema,
  scoreForm,
  type CustomForm,
  type FormDefinition,
  type ResultSummary,
  type SchemaRefusal,
} from '@safety-forms/core';
import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SfFormBase } from '../../internal/form-base.js';
import type { Strings } from '../../internal/strings.js';

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
  /** Loading the schema at `schema-src`. */
  @state() private loading = false;
  /** Why the schema was refused, when it was. */
  @state() private refusal?: SchemaRefusal;

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
    return Object.prototype.hasOwnProperty.call(forms, this.formId) ? forms[this.formId] : undefined;
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
    super.willUpdate(changed);
  }

  private stopLoading(): void {
    this.loadController?.abort();
    this.loadController = undefined;
    this.loading = false;
  }

  private useSchema(schema: unknown): void {
    try {
      this.custom = formFromSchema(schema, { maxBytes: this.maxSchemaBytes });
      this.refusal = undefined;
    } catch (error) {
      this.custom = undefined;
      this.refusal = error instanceof CustomSchemaError ? error.kind : 'not-a-form';
    }
  }

  private load(src: string): void {
    this.stopLoading();
    const controller = (this.loadController = new AbortController());
    // The form on screen (if any) stays this element's form while the next one loads, so the answers
    // are re-read against the new schema rather than dropped in between; only the loading text shows.
    this.refusal = undefined;
    this.loading = true;
    this.ready = loadSchema(src, { signal: controller.signal, maxBytes: this.maxSchemaBytes }).then(
      (form) => {
        if (controller !== this.loadController) return;
        this.loadController = undefined;
        this.loading = false;
        this.custom = form;
      },
      (error: unknown) => {
        if (controller !== this.loadController) return;
        this.loadController = undefined;
        this.loading = false;
        this.custom = undefined;
        this.refusal = error instanceof CustomSchemaError ? error.kind : 'network';
      },
    );
  }

  /** The result `x-scoring.scorer` names for a custom schema; core's scorer registry for a generated one. */
  protected override computeResult(data: unknown): ResultSummary | null {
    if (this.usesCustom) return this.custom ? this.custom.score(data) : null;
    return this.form ? scoreForm(this.form.id, data) : null;
  }

  protected override render() {
    if (this.usesCustom && this.loading) {
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
