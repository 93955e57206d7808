/**
 * `sanitizeValue`: makes host-supplied data (a prefill, a stored record) safe to put into a form.
 * Unknown keys, `__proto__`/`constructor`/`prototype`, values of the wrong type and array items past
 * the schema's `maxItems` are left out; what remains is a fresh plain-object tree sharing nothing with
 * the input. Over-long strings are kept, so the user sees the validation message instead of a silent cut.
 */
import { FORBIDDEN_KEYS } from '../pointer.js';
import type { FormSchema, JsonObject } from '../types.js';
import { deref, isChoice, optionsOf, typeOf } from './resolve.js';

/** Arrays without a `maxItems` are capped here, so a 10,000-item prefill cannot stall the page. */
export const MAX_ITEMS = 500;

export function sanitizeValue(root: FormSchema, value: unknown): JsonObject {
  const walk = (node: FormSchema, v: unknown, depth: number): unknown => {
    if (depth > 64 || v === undefined || v === null) return undefined;
    const n = deref(root, node);
    if (isChoice(root, n)) {
      return optionsOf(root, n).some((o) => o.value === v) ? v : undefined;
    }
    switch (typeOf(n)) {
      case 'object': {
        if (typeof v !== 'object' || Array.isArray(v) || !n.properties) return undefined;
        const out: JsonObject = {};
        for (const key of Object.keys(v)) {
          if (FORBIDDEN_KEYS.has(key) || !Object.prototype.hasOwnProperty.call(n.properties, key)) continue;
          const kept = walk(n.properties[key]!, (v as JsonObject)[key], depth + 1);
          if (kept !== undefined) out[key] = kept;
        }
        return out;
      }
      case 'array': {
        if (!Array.isArray(v) || !n.items) return undefined;
        const max = Math.min(n.maxItems ?? MAX_ITEMS, MAX_ITEMS);
        const items = v.slice(0, max).map((item) => walk(n.items!, item, depth + 1));
        return isChoice(root, deref(root, n.items)) ? items.filter((i) => i !== undefined) : items.map((i) => i ?? {});
      }
      case 'string':
        return typeof v === 'string' ? v : undefined;
      case 'integer':
        return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
      case 'number':
        return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
      case 'boolean':
        return typeof v === 'boolean' ? v : undefined;
      default:
        return undefined;
    }
  };
  const out = walk(root, value, 0);
  return out && typeof out === 'object' && !Array.isArray(out) ? (out as JsonObject) : {};
}
