/**
 * @safety-forms/core/check: checking answers against a form: `validateWith` / `validateSubmitted`, the
 * GOV.UK-style messages they map errors to, and `snapshotAnswers` (one snapshot per change, validated
 * and scored). Its own entry, outside `runtime`, so that a form element's first screen (which imports
 * `runtime`) does not carry it: the elements fetch it with the form's validator. The package root
 * exports all of it.
 */
export { validateSubmitted, validateWith } from './validate/validate.js';
export { toFieldErrors, messageFor, errorPointer, comparePointers, localToday } from './validate/messages.js';
export { snapshotAnswers } from './submit/snapshot.js';
