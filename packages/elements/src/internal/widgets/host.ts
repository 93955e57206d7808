import type { FormSchema } from '@safety-forms/core/runtime';
import type { TemplateResult } from 'lit';
import type { Strings } from '../strings.js';

/** What a widget template needs from the form element that renders it. */
export interface RenderHost {
  readonly root: FormSchema;
  readonly data: unknown;
  readonly strings: Strings;
  /** Answers cannot change now: the form is read-only, or a submission is being sent. */
  readonly locked: boolean;
  /** The message to show on the field at `pointer`, if any (only after interaction or a submit attempt). */
  errorFor(pointer: string): string | undefined;
  /** Whether the field at `pointer` is required now (statically, or by an `if`/`then` that holds). */
  isRequired(pointer: string): boolean;
  /** The user typed: update the value (no error shown yet unless the field was already touched). */
  input(pointer: string, value: unknown): void;
  /** The user committed a value (change/blur): update it and mark the field touched. */
  commit(pointer: string, value: unknown): void;
  /** Raw parts of a date/time being typed, kept so an unfinished date is never lost. */
  rawParts(pointer: string): Record<string, string> | undefined;
  setRawParts(pointer: string, parts: Record<string, string> | undefined): void;
  addItem(pointer: string): void;
  removeItem(pointer: string, index: number): void;
  /** Schema text as shown: forms may fill placeholders (the interview's "[place of incident]"). Always text, never HTML. */
  text(value: string): string;
  /** Renders any field (used by groups to recurse). */
  field(tokens: readonly string[], schema: FormSchema): TemplateResult | typeof import('lit').nothing;
}

/** Everything one widget call gets. */
export interface FieldContext {
  host: RenderHost;
  tokens: readonly string[];
  pointer: string;
  id: string;
  schema: FormSchema;
  value: unknown;
  error: string | undefined;
  required: boolean;
}
