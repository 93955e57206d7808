import { childSchema, deref, parsePointer, schemaAt, type FormSchema } from '@safety-forms/core/runtime';

/**
 * Whether the field at `pointer` is required when it is shown: listed in its parent's `required`,
 * or in the `then.required` of one of the parent's `if`/`then` rules. Such a field carries a `showIf`
 * that mirrors the `if` (schemas/README.md), so "shown" and "required" agree.
 */
export function isRequired(root: FormSchema, pointer: string): boolean {
  const tokens = parsePointer(pointer);
  const key = tokens[tokens.length - 1];
  if (key === undefined) return false;
  const parent = schemaAt(root, tokens.slice(0, -1));
  if (!parent) return false;
  if (parent.required?.includes(key)) return true;
  const rules = [parent, ...((parent['allOf'] as FormSchema[] | undefined) ?? [])];
  const conditional = rules.some((r) => ((deref(root, r)['then'] as FormSchema | undefined)?.required ?? []).includes(key));
  return conditional && !!childSchema(root, parent, key)?.['x-ui']?.showIf;
}
