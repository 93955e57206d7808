/**
 * JSON Pointer (RFC 6901) helpers, and relative pointers as used by `showIf` (`1/status`).
 * Setting refuses `__proto__`, `constructor` and `prototype`, so no pointer can reach Object.prototype.
 */

/** Keys that would reach or replace Object.prototype; never followed, set or copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new SyntaxError(`pointer: "${pointer}" must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The value at `pointer` in `data`, or undefined. Only own properties are followed. */
export function getAt(data: unknown, pointer: string | readonly string[]): unknown {
  let node: unknown = data;
  for (const token of typeof pointer === 'string' ? parsePointer(pointer) : pointer) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Returns a copy of `data` with `value` at `pointer` (parents created as needed; `undefined` removes
 * the key). Only the objects along the path are copied, so unchanged branches keep their identity.
 */
export function setAt<T>(data: T, pointer: string | readonly string[], value: unknown): T {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  if (tokens.some((t) => FORBIDDEN_KEYS.has(t))) throw new SyntaxError('pointer: forbidden token');
  const put = (node: unknown, i: number): unknown => {
    if (i === tokens.length) return value;
    const token = tokens[i]!;
    if (Array.isArray(node)) {
      const copy = node.slice();
      const index = Number(token);
      const next = put(copy[index], i + 1);
      if (next === undefined && i === tokens.length - 1) copy.splice(index, 1);
      else copy[index] = next;
      return copy;
    }
    const copy: Record<string, unknown> =
      node !== null && typeof node === 'object' ? { ...(node as Record<string, unknown>) } : {};
    const next = put(copy[token], i + 1);
    if (next === undefined) delete copy[token];
    else copy[token] = next;
    return copy;
  };
  return put(data, 0) as T;
}

/**
 * Resolves `path` against the pointer of the field that holds the condition: an absolute pointer is
 * returned as it is; a relative one (`N/rest`) goes up N levels from the field, then down `rest`.
 */
export function resolvePath(path: string, fieldPointer: string): string {
  if (path.startsWith('/') || path === '') return path;
  const m = /^(\d+)(\/.*)?$/.exec(path);
  if (!m) throw new SyntaxError(`pointer: "${path}" is neither absolute nor relative`);
  const up = Number(m[1]);
  const base = parsePointer(fieldPointer);
  if (up > base.length) throw new SyntaxError(`pointer: "${path}" goes above the root`);
  return toPointer(base.slice(0, base.length - up)) + (m[2] ?? '');
}
