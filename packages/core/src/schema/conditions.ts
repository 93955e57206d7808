/**
 * `showIf` conditions, and the rule that a hidden field is neither validated nor submitted.
 */
import { getAt, resolvePath, toPointer } from '../pointer.js';
import type { Condition, FormSchema, JsonObject } from '../types.js';
import { deref } from './resolve.js';

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

/**
 * Evaluates a condition against the form data. `fieldPointer` is the pointer of the field that holds
 * the condition, against which relative paths resolve. An unknown condition shape is false (hidden),
 * so a typo in a schema hides a field rather than showing a question out of context.
 */
export function evaluateCondition(condition: Condition, data: unknown, fieldPointer: string): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, data, fieldPointer));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, data, fieldPointer));
  if ('not' in condition) return !evaluateCondition(condition.not, data, fieldPointer);
  if (!('path' in condition)) return false;
  const value = getAt(data, resolvePath(condition.path, fieldPointer));
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return condition.in.includes(value);
  if ('notEmpty' in condition) return !isEmpty(value);
  return false;
}

const conditionKeyCache = new WeakMap<FormSchema, ReadonlySet<string>>();

/**
 * The names (last path segment) of every field that some `showIf` reads. Typing in any other field
 * cannot show or hide a question, so the form need not render again for that keystroke.
 */
export function conditionKeys(root: FormSchema): ReadonlySet<string> {
  let keys = conditionKeyCache.get(root);
  if (keys) return keys;
  const found = new Set<string>();
  const seen = new Set<FormSchema>();
  const collect = (c: Condition): void => {
    if ('all' in c) c.all.forEach(collect);
    else if ('any' in c) c.any.forEach(collect);
    else if ('not' in c) collect(c.not);
    else if ('path' in c) found.add(c.path.split('/').pop() ?? '');
  };
  const walk = (node: FormSchema): void => {
    const n = deref(root, node);
    if (seen.has(n)) return;
    seen.add(n);
    const showIf = n['x-ui']?.showIf;
    if (showIf) collect(showIf);
    for (const child of Object.values(n.properties ?? {})) walk(child);
    if (n.items) walk(n.items);
  };
  walk(root);
  keys = found;
  conditionKeyCache.set(root, keys);
  return keys;
}

/** True when the field at `tokens` has a `showIf` and it is false (ancestors are the caller's job). */
export function isHiddenHere(root: FormSchema, node: FormSchema, data: unknown, tokens: readonly string[]): boolean {
  const showIf = deref(root, node)['x-ui']?.showIf;
  return !!showIf && !evaluateCondition(showIf, data, toPointer(tokens));
}

/**
 * A copy of `data` without the values of hidden fields (and without empty strings and groups with no
 * answers, which mean "not answered"), as it is validated and submitted. The values stay in the form's own state, so a field
 * hidden by a changed answer gets its value back when it is shown again.
 */
export function pruneHidden<T>(root: FormSchema, data: T): T {
  // A dropped empty answer or empty group can hide a question too (a `notEmpty` on a group whose only
  // answer was ""), so it counts as a removal when some condition reads a field of its name.
  const read = conditionKeys(root);
  let removed = 0;
  const pass = (whole: unknown) => {
    const walk = (node: FormSchema, value: unknown, tokens: string[]): unknown => {
      const n = deref(root, node);
      if (Array.isArray(value)) {
        if (!n.items) return value;
        return value.map((item, i) => walk(n.items!, item, [...tokens, String(i)]) ?? {});
      }
      if (value === null || typeof value !== 'object') return value === '' ? undefined : value;
      if (!n.properties) return value;
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(value as JsonObject)) {
        const childSchema = Object.prototype.hasOwnProperty.call(n.properties, key) ? n.properties[key] : undefined;
        if (!childSchema) {
          // Kept so the validator reports it; defined, not assigned, so a key named `__proto__`
          // stays an own property instead of becoming the prototype.
          Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
          continue;
        }
        const childTokens = [...tokens, key];
        if (isHiddenHere(root, childSchema, whole, childTokens)) {
          removed++;
          continue;
        }
        const kept = walk(childSchema, child, childTokens);
        if (kept !== undefined) out[key] = kept;
        else if (child !== undefined && read.has(key)) removed++;
      }
      return Object.keys(out).length || tokens.length === 0 ? out : undefined;
    };
    return walk(root, whole, []);
  };
  // A field shown only when a hidden (or dropped empty) field has some value is hidden too: prune
  // again against the pruned data until nothing more goes (a chain longer than 8 is a schema
  // mistake; stop there). So the result is as submitted: pruning it again removes nothing.
  let current: unknown = pass(data);
  for (let i = 0; i < 8 && removed > 0; i++) {
    removed = 0;
    current = pass(current);
  }
  return current as T;
}
