/**
 * `splitByFit`: what of some stored answers still fits the form, and what does not. A draft saved
 * under an older schema is restored as far as it fits; the rest is kept and shown, never dropped.
 */
import { getAt, toPointer } from '../pointer.js';
import type { FormSchema, JsonObject } from '../types.js';
import { sanitizeValue } from './sanitize.js';

export interface Leftover {
  /** Where the answer was, as a JSON Pointer into the old data. */
  pointer: string;
  value: unknown;
}

export function splitByFit(root: FormSchema, data: unknown): { fits: JsonObject; leftovers: Leftover[] } {
  const fits = sanitizeValue(root, data);
  const leftovers: Leftover[] = [];
  const walk = (value: unknown, tokens: string[]) => {
    if (value === undefined || value === null || value === '') return;
    const kept = getAt(fits, tokens);
    if (kept === undefined) {
      leftovers.push({ pointer: toPointer(tokens), value });
      return;
    }
    if (typeof value !== 'object') return;
    if (Array.isArray(value) && Array.isArray(kept) && value.every((v) => v === null || typeof v !== 'object')) {
      // A multiple choice: options that are no longer offered are the leftovers, by value not position.
      value.forEach((v, i) => kept.includes(v) || leftovers.push({ pointer: toPointer([...tokens, String(i)]), value: v }));
      return;
    }
    for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], [...tokens, key]);
  };
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const key of Object.keys(data)) walk((data as Record<string, unknown>)[key], [key]);
  }
  return { fits, leftovers: leftovers.slice(0, 500) };
}
