/**
 * The submission contract (DESIGN.md): `POST {endpoint}` with JSON
 * `{ formId, schemaVersion, submittedAt, data, result }` and an `Idempotency-Key` header.
 */
import type { FormDefinition } from '../types.js';
import { answersAsSubmitted } from '../schema/submitted.js';

export interface Envelope<T = unknown, R = unknown> {
  formId: string;
  schemaVersion: string;
  /** ISO 8601 UTC, e.g. `2026-11-22T10:00:00.000Z`. */
  submittedAt: string;
  data: T;
  result: R | null;
}

/**
 * Builds the envelope for `data` as submitted: hidden fields and unanswered empty strings removed.
 * Given a snapshot (`answersAsSubmitted`, `snapshotAnswers(...).data`) it sends that very snapshot,
 * so a result scored from the snapshot is the result of the envelope's `data`.
 * @param result what the form computed (classification, score) from the same answers, or null
 */
export function buildEnvelope<T, R>(form: FormDefinition<T>, data: T, result: R | null, now: Date = new Date()): Envelope<T, R> {
  return {
    formId: form.id,
    schemaVersion: form.version,
    submittedAt: now.toISOString(),
    data: answersAsSubmitted(form.schema, data),
    result,
  };
}
