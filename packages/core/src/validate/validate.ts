/**
 * `validateWith(form, data)`: runs a form's validator over the data as it would be submitted (hidden
 * fields removed) and maps the errors to GOV.UK-style messages. `validate(formId, data)`, which needs
 * every form, is in by-id.ts so that a page with one form does not load the others.
 */
import { deref, typeOf } from '../schema/resolve.js';
import { answersAsSubmitted } from '../schema/submitted.js';
import type { FormDefinition, FormSchema, JsonObject, ValidationResult } from '../types.js';
import { toFieldErrors } from './messages.js';

/**
 * Adds an empty object for every required group that has no answers yet, so that an empty section
 * reports its own required questions ("Enter the name of ...") rather than one error for the section.
 * Validation only: the data itself is not changed.
 */
function withRequiredGroups(root: FormSchema, data: unknown): unknown {
  const walk = (node: FormSchema, value: unknown): unknown => {
    const n = deref(root, node);
    if (typeOf(n) !== 'object' || !n.properties || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: JsonObject = { ...(value as JsonObject) };
    for (const [key, child] of Object.entries(n.properties)) {
      const c = deref(root, child);
      if (out[key] === undefined && n.required?.includes(key) && typeOf(c) === 'object') out[key] = {};
      if (out[key] !== undefined) out[key] = walk(c, out[key]);
    }
    return out;
  };
  return walk(root, data);
}

/**
 * Validates `data` against one generated form. Used by the elements, which already hold their form
 * definition, so a page with one form loads one validator.
 * @param form the generated form definition (e.g. `threatReport`)
 * @param data the form data as the user entered it; hidden fields are ignored
 * @returns `{ valid, errors }`; errors are in document order, one per field
 */
export function validateWith(form: FormDefinition, data: unknown): ValidationResult {
  return validateSubmitted(form, answersAsSubmitted(form.schema, data ?? {}));
}

/**
 * Validates answers that are already as submitted (`answersAsSubmitted` applied): for a caller that
 * needs the pruned answers anyway, such as a form element setting its FormData on every keystroke, so
 * the pruning is done once (`snapshotAnswers` does this and scores the same snapshot).
 */
export function validateSubmitted(form: FormDefinition, submitted: unknown): ValidationResult {
  const checked = withRequiredGroups(form.schema, submitted);
  const valid = form.validate(checked);
  if (valid) return { valid: true, errors: [] };
  return { valid: false, errors: toFieldErrors(form.schema, form.validate.errors ?? [], checked) };
}
