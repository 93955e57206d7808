/**
 * Reading bundled form schemas: local `$ref` resolution (with the referring node's own keywords
 * winning, and `x-ui` merged), the schema node for a data pointer, and the options of a choice.
 */
import { SchemaError } from '../errors.js';
import { parsePointer } from '../pointer.js';
import type { FormSchema, UiHints } from '../types.js';

const cache = new WeakMap<FormSchema, WeakMap<FormSchema, FormSchema>>();

function lookup(root: FormSchema, ref: string): FormSchema {
  if (!ref.startsWith('#/')) throw new SchemaError(`schema: only local $ref is allowed, found "${ref}"`);
  let node: unknown = root;
  for (const token of parsePointer(ref.slice(1))) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) {
      throw new SchemaError(`schema: $ref "${ref}" points nowhere`);
    }
    node = (node as Record<string, unknown>)[token];
  }
  return node as FormSchema;
}

/**
 * The node with its `$ref` followed (to a depth of 32, so a cycle is an error, not a hang). Keywords
 * beside `$ref` win over the target's; `x-ui` and `x-ui.messages` are merged.
 */
export function deref(root: FormSchema, node: FormSchema): FormSchema {
  if (!node.$ref) return node;
  let perRoot = cache.get(root);
  if (!perRoot) cache.set(root, (perRoot = new WeakMap()));
  const hit = perRoot.get(node);
  if (hit) return hit;
  let target = node;
  const chain: FormSchema[] = [];
  for (let depth = 0; target.$ref; depth++) {
    if (depth > 32) throw new SchemaError(`schema: $ref chain too deep at "${node.$ref}"`);
    chain.push(target);
    target = lookup(root, target.$ref);
  }
  let merged: FormSchema = { ...target };
  for (const outer of chain.reverse()) {
    const { $ref: _ref, ...own } = outer;
    const ui: UiHints = { ...merged['x-ui'], ...own['x-ui'] };
    const messages = { ...merged['x-ui']?.messages, ...own['x-ui']?.messages };
    if (Object.keys(messages).length) ui.messages = messages;
    merged = { ...merged, ...own };
    if (Object.keys(ui).length) merged['x-ui'] = ui;
  }
  perRoot.set(node, merged);
  return merged;
}

/** The resolved child schema of `node` for one data token, or undefined. */
export function childSchema(root: FormSchema, node: FormSchema, token: string): FormSchema | undefined {
  const n = deref(root, node);
  if (n.properties && Object.prototype.hasOwnProperty.call(n.properties, token)) {
    return deref(root, n.properties[token]!);
  }
  if (n.items && /^\d+$/.test(token)) return deref(root, n.items);
  return undefined;
}

/** The resolved schema node for a data pointer (`/incident/subjectName`), or undefined. */
export function schemaAt(root: FormSchema, pointer: string | readonly string[]): FormSchema | undefined {
  let node: FormSchema | undefined = deref(root, root);
  for (const token of typeof pointer === 'string' ? parsePointer(pointer) : pointer) {
    if (!node) return undefined;
    node = childSchema(root, node, token);
  }
  return node;
}

export interface Option {
  value: unknown;
  title: string;
}

/** The options of a choice field (`oneOf` consts), or of each item of a multiple choice. */
export function optionsOf(root: FormSchema, node: FormSchema): Option[] {
  const n = deref(root, node);
  const list = n.oneOf ?? (n.items ? deref(root, n.items).oneOf : undefined);
  if (!list) return [];
  return list
    .map((o) => deref(root, o))
    .filter((o) => 'const' in o)
    .map((o) => ({ value: o.const, title: o.title ?? String(o.const) }));
}

/** True when `node` is a choice among consts. */
export function isChoice(root: FormSchema, node: FormSchema): boolean {
  const n = deref(root, node);
  return !!n.oneOf && n.oneOf.length > 0 && n.oneOf.every((o) => 'const' in deref(root, o));
}

export function typeOf(node: FormSchema): string | undefined {
  return Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : (node.type as string | undefined);
}

export type WidgetKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'datetime'
  | 'tel'
  | 'email'
  | 'radios'
  | 'select'
  | 'checkboxes'
  | 'scale'
  | 'group'
  | 'repeat';

/** The widget a field renders with: `x-ui.widget` when given, else from its type and format. */
export function widgetOf(root: FormSchema, node: FormSchema): WidgetKind {
  const n = deref(root, node);
  const ui = n['x-ui']?.widget;
  if (ui) return ui;
  const type = typeOf(n);
  if (isChoice(root, n)) return 'radios';
  if (type === 'array') {
    const items = n.items ? deref(root, n.items) : undefined;
    if (items && isChoice(root, items)) return 'checkboxes';
    return 'repeat';
  }
  if (type === 'object') return 'group';
  if (type === 'integer' || type === 'number') return 'number';
  if (n.format === 'date' || n.format === 'past-date') return 'date';
  if (n.format === 'date-time') return 'datetime';
  if (n.format === 'email') return 'email';
  return 'text';
}
