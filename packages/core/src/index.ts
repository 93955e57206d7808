/**
 * @safety-forms/core: framework-free validation, classification and submission for safety-forms.
 * Nothing here imports Lit or touches the DOM at module load.
 */
export * from './types.js';
export * from './errors.js';
export { getAt, setAt, parsePointer, toPointer, resolvePath } from './pointer.js';
export { deref, schemaAt, childSchema, optionsOf, isChoice, widgetOf, typeOf, type Option, type WidgetKind } from './schema/resolve.js';
export { evaluateCondition, isHiddenHere, pruneHidden } from './schema/conditions.js';
export { sanitizeValue, MAX_ITEMS } from './schema/sanitize.js';
export { splitByFit, type Leftover } from './schema/fit.js';
export {
  DraftStore,
  type DraftSlot,
  type DraftStoreOptions,
  type LoadedDraft,
  type SavedDraft,
  type SaveInput,
  type OutboxEntry,
  type QueuedSubmission,
} from './drafts/store.js';
export { watchDraftSaves, announceDraft, type DraftSavedMessage } from './drafts/channel.js';
export { DB_NAME, DB_VERSION, type DraftRecord, type OutboxRecord } from './drafts/db.js';
export * from './submit/deliver.js';
export { validate, validateSubmitted, validateWith } from './validate/validate.js';
export { toFieldErrors, messageFor, errorPointer, comparePointers } from './validate/messages.js';
export * from './score/threat.js';
export * from './score/index.js';
export * from './score/referral.js';
export * from './score/risk-matrix.js';
export * from './describe/offender.js';
export * from './describe/interview-text.js';
export { newIdempotencyKey } from './submit/key.js';
export * from './submit/envelope.js';
export * from './submit/send.js';
// Every generated form: `forms` (by id) and one named export per form (`threatReport`, ...) with its data type.
export * from './generated/index.js';
