/**
 * "The answers as submitted": the form's answers without hidden questions and unanswered ones
 * (`pruneHidden`), taken once per change and handed as it is to the validator, the scorer and the
 * envelope, so the `result` an envelope carries comes from exactly its `data`.
 */
import { pruneHidden } from './conditions.js';
import type { FormSchema } from '../types.js';

/** The snapshots this module made: already as submitted, so pruning them again would change nothing. */
const snapshots = new WeakSet<object>();

/**
 * The answers as they are validated, scored and submitted: a copy of `data` without the values of
 * hidden fields, empty strings and groups with no answers (see `pruneHidden`). Given a snapshot this
 * function made, it returns that same snapshot, so the validator, a scorer and `buildEnvelope` can
 * each accept raw answers and still prune a form's answers only once per change. A snapshot is
 * read-only by contract: change the answers, then take a new one.
 * @param root the form's schema, whose `showIf` rules decide what is hidden
 * @param data the answers as the form holds them; anything that is not an object comes back as it is
 */
export function answersAsSubmitted<T>(root: FormSchema, data: T): T {
  if (isSnapshot(data)) return data;
  const submitted = pruneHidden(root, data);
  if (submitted !== null && typeof submitted === 'object') snapshots.add(submitted);
  return submitted;
}

/** True for a value `answersAsSubmitted` returned (and so already as submitted). */
export function isSnapshot(data: unknown): boolean {
  return data !== null && typeof data === 'object' && snapshots.has(data);
}
