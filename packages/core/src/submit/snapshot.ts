/**
 * One snapshot of the answers per change: pruned once, then validated and scored from that very
 * snapshot, which is also what `buildEnvelope` sends. A form element takes one on every change.
 */
import { answersAsSubmitted } from '../schema/submitted.js';
import type { FormDefinition, JsonObject, ValidationResult } from '../types.js';
import { validateSubmitted } from '../validate/validate.js';

export interface AnswersSnapshot<R = unknown> {
  /** The answers as submitted (`answersAsSubmitted`): what is validated, scored and sent. */
  data: JsonObject;
  /** `validateSubmitted` of `data`. */
  validation: ValidationResult;
  /** The scorer's result for `data`, or null when the form computes none. */
  result: R | null;
}

/**
 * Prunes `data` once and validates and scores that snapshot.
 * @param form the form definition (generated or custom)
 * @param data the answers as the form holds them, hidden ones included
 * @param score the form's scorer; it receives the snapshot, never the raw answers
 */
export function snapshotAnswers<R>(form: FormDefinition, data: unknown, score: (submitted: JsonObject) => R | null = () => null): AnswersSnapshot<R> {
  const answers: JsonObject = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as JsonObject) : {};
  const submitted = answersAsSubmitted(form.schema, answers);
  return { data: submitted, validation: validateSubmitted(form, submitted), result: score(submitted) };
}
