/**
 * Answers a form keeps only to count: a field marked `x-ui.private` (e.g. a victim's protected
 * characteristics, kept for the quarterly anonymised report) is never shown when a stored record is
 * read, because beside the record it would be shown with a name.
 */
import { toPointer } from '../pointer.js';
import type { FormSchema, JsonObject } from '../types.js';
import { deref } from './resolve.js';

/** The answers as they may be shown, and the JSON Pointers of the answers left out. */
export interface ReadableAnswers<T = unknown> {
  data: T;
  /** Where an answer was left out, in document order, e.g. `/victims/0/protectedCharacteristics`. */
  withheld: string[];
}

/**
 * A copy of `data` without the values of fields whose schema says `x-ui.private: true`, for a page
 * that shows a stored record. Unknown keys (not in the schema) are kept as they are: the record was
 * validated when it was received, and this function only removes, never invents.
 * @param root the form's schema
 * @param data the stored answers
 */
export function withholdPrivate<T>(root: FormSchema, data: T): ReadableAnswers<T> {
  const withheld: string[] = [];
  const walk = (node: FormSchema, value: unknown, tokens: string[]): unknown => {
    const n = deref(root, node);
    if (Array.isArray(value)) return n.items ? value.map((item, i) => walk(n.items!, item, [...tokens, String(i)])) : value;
    if (value === null || typeof value !== 'object' || !n.properties) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value as JsonObject)) {
      const childSchema = Object.prototype.hasOwnProperty.call(n.properties, key) ? n.properties[key] : undefined;
      if (childSchema && deref(root, childSchema)['x-ui']?.private === true) {
        withheld.push(toPointer([...tokens, key]));
        continue;
      }
      // Defined, not assigned, so a key named `__proto__` stays an own property.
      Object.defineProperty(out, key, { value: childSchema ? walk(childSchema, child, [...tokens, key]) : child, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return { data: walk(root, data, []) as T, withheld };
}
