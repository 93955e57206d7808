import { deref, getAt, toPointer, type FormSchema } from '@safety-forms/core/runtime';
import { fieldId } from '../ids.js';
import type { FieldContext, RenderHost } from './host.js';

/** Everything a widget needs about the field at `tokens`: resolved schema, value, id, error. */
export function fieldContext(host: RenderHost, tokens: readonly string[], node: FormSchema): FieldContext {
  const pointer = toPointer(tokens);
  return {
    host,
    tokens,
    pointer,
    id: fieldId(pointer),
    schema: deref(host.root, node),
    value: getAt(host.data, tokens),
    error: host.errorFor(pointer),
    required: host.isRequired(pointer),
  };
}
