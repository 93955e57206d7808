/**
 * `validate(formId, data)`: validation by form id, for callers (a backend, a test) that hold no form
 * definition. It imports every generated form; the elements use `validateWith` instead.
 */
import { ConfigError } from '../errors.js';
import { forms } from '../generated/index.js';
import type { ValidationResult } from '../types.js';
import { validateWith } from './validate.js';

/**
 * Validates `data` against the form with id `formId` (e.g. `threat-report`).
 * @throws ConfigError when no form has that id (a programmer error, not a user error)
 */
export function validate(formId: string, data: unknown): ValidationResult {
  const form = Object.prototype.hasOwnProperty.call(forms, formId) ? forms[formId] : undefined;
  if (!form) throw new ConfigError(`validate: no form with id "${formId}"`);
  return validateWith(form, data);
}
