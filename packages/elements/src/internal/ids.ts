/**
 * DOM ids for fields, made from their JSON Pointer so the error summary can link to them. Characters
 * outside [A-Za-z0-9-] are written as `_hex_`, so any property name gives a valid, unique id.
 */
export function fieldId(pointer: string): string {
  return `f${pointer.replace(/[^A-Za-z0-9-]/g, (c) => (c === '/' ? '.' : `_${c.codePointAt(0)!.toString(16)}_`)).replace(/\./g, '--')}`;
}
