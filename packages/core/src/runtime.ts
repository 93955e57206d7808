/**
 * @safety-forms/core/runtime: what every form element needs (types, errors, pointers, schema walking,
 * drafts, the outbox), and nothing that only one form needs. Checking answers (validation, messages,
 * the snapshot) is `@safety-forms/core/check` and sending (`deliver`) `@safety-forms/core/delivery`:
 * the elements fetch both on demand.
 * The elements import this rather than the package root, so that esbuild's code splitting puts each
 * form's validator, schema and rules in that form's own chunk: the package root re-exports every
 * generated form, and a barrel reaching all of them would put them all in the chunk every page loads.
 */
export * from './types.js';
export * from './errors.js';
export { getAt, setAt, parsePointer, toPointer, resolvePath } from './pointer.js';
export { deref, schemaAt, childSchema, optionsOf, isChoice, widgetOf, typeOf, type Option, type WidgetKind } from './schema/resolve.js';
export { conditionKeys, evaluateCondition, isHiddenHere, pruneHidden } from './schema/conditions.js';
export { answersAsSubmitted } from './schema/submitted.js';
export { withholdPrivate, type ReadableAnswers } from './schema/withheld.js';
export { sanitizeValue, MAX_ITEMS } from './schema/sanitize.js';
export { splitByFit, type Leftover } from './schema/fit.js';
export {
  DraftStore,
  type DraftSlot,
  type DraftStoreOptions,
  type LoadedDraft,
  type SavedDraft,
  type SaveInput,
} from './drafts/store.js';
export { Outbox, type OutboxEntry, type OutboxOptions, type QueuedSubmission } from './submit/outbox.js';
export { watchDraftSaves, announceDraft, watchOutboxSent, announceOutboxSent, type DraftSavedMessage, type OutboxSentMessage } from './drafts/channel.js';
export { DB_NAME, DB_VERSION, type DraftRecord, type OutboxRecord } from './drafts/db.js';
export type { RetryPolicy, DeliverHooks } from './submit/deliver.js';
export { newIdempotencyKey } from './submit/key.js';
export * from './submit/envelope.js';
export type { AnswersSnapshot } from './submit/snapshot.js';
export type { SubmitReceipt, SubmitHandler, SendOptions } from './submit/send.js';
export type { ResultSummary } from './score/result.js';
