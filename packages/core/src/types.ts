/**
 * The shapes shared by the generated code, core and the elements. A `FormSchema` is a bundled
 * JSON Schema (draft 2020-12) whose only `$ref`s are local (`#/$defs/...`).
 */

/** A `showIf` condition (see schemas/README.md). */
export type Condition =
  | { path: string; equals: unknown }
  | { path: string; in: readonly unknown[] }
  | { path: string; notEmpty: true }
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

/** The `x-ui` vocabulary (see schemas/README.md). */
export interface UiHints {
  widget?:
    | 'text'
    | 'textarea'
    | 'number'
    | 'date'
    | 'datetime'
    | 'tel'
    | 'email'
    | 'radios'
    | 'select'
    | 'checkboxes'
    | 'scale';
  hint?: string;
  rows?: number;
  inline?: boolean;
  width?: number;
  autocomplete?: string;
  showIf?: Condition;
  messages?: Partial<Record<string, string>>;
  addLabel?: string;
  itemTitle?: string;
  /**
   * Kept only to be counted (e.g. a victim's protected characteristics for the quarterly anonymised
   * report): the form asks it as usual, but a stored record shown to a reader leaves it out
   * (`withholdPrivate`), because there it would appear beside a name.
   */
  private?: boolean;
  /**
   * On a form's root only: where the labels are reworded from the source document's (UK wording for
   * an American original), each shown text mapped to the document's own words, which the elements show
   * with `wording="document"`. The document's words are also in the field's `$comment`.
   */
  documentWording?: Record<string, string>;
}

/** The subset of JSON Schema the renderer and the message mapping read. */
export interface FormSchema {
  $id?: string;
  $ref?: string;
  $defs?: Record<string, FormSchema>;
  $comment?: string;
  title?: string;
  description?: string;
  type?: string | readonly string[];
  format?: string;
  const?: unknown;
  oneOf?: readonly FormSchema[];
  properties?: Record<string, FormSchema>;
  required?: readonly string[];
  items?: FormSchema;
  maxItems?: number;
  minItems?: number;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  'x-ui'?: UiHints;
  'x-form-id'?: string;
  'x-version'?: string;
  'x-marking'?: string;
  'x-scoring'?: unknown;
  [keyword: string]: unknown;
}

/** One error ajv reports (the fields we read). */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A precompiled ajv standalone validator. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/** A generated form: its bundled schema and precompiled validator. */
export interface FormDefinition<T = unknown> {
  id: string;
  version: string;
  schema: FormSchema;
  validate: ValidateFunction;
  /** Phantom: the data type the schema describes. */
  readonly __data?: T;
}

/** A user-facing validation error, attached to a field by JSON Pointer. */
export interface FieldError {
  /** JSON Pointer into the form data, e.g. `/incident/subjectName`. */
  pointer: string;
  /** A GOV.UK-style message, e.g. "Enter the name of the person who made the threat". */
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: FieldError[];
}

/** Any JSON-like object. */
export type JsonObject = { [key: string]: unknown };
