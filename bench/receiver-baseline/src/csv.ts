/**
 * CSV export of stored records (RFC 4180): a header row, then one row per record - reference,
 * receivedAt, submittedAt, schemaVersion, then one column per leaf of `data` (a string, number,
 * boolean or null, named by its JSON Pointer) seen in any of the records, in the schema's order.
 *
 * Every field is quoted, quotes are doubled, lines end in CRLF; line breaks inside a value are kept
 * (inside the quotes, as RFC 4180 allows). A text cell that starts with =, +, -, @, a tab or a carriage
 * return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it as a
 * formula (CSV/formula injection, e.g. `=HYPERLINK(...)` typed into a free-text answer). JSON numbers
 * are written as numbers and left alone (`-3` is a number, not a formula).
 */
import { comparePointers, toPointer, type FormSchema } from '@safety-forms/core';
import type { StoredRecord } from './store.js';

const FIXED = ['reference', 'receivedAt', 'submittedAt', 'schemaVersion'] as const;

/** Each leaf of `value` as [pointer, value], in document order. Empty objects and arrays have none. */
export function leaves(value: unknown, tokens: (string | number)[] = [], out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, [...tokens, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) leaves(item, [...tokens, key], out);
  } else if (value !== undefined) out.push([toPointer(tokens), value]);
  return out;
}

/** A string as a spreadsheet will not run it: a leading apostrophe before =, +, -, @, tab or CR. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field, always quoted. */
export function field(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = neutralise(String(value));
  return `"${text.replace(/"/g, '""')}"`;
}

/** The CSV text for `records` of one form; `schema` orders the data columns as the form does. */
export function toCsv(records: readonly StoredRecord[], schema?: FormSchema): string {
  const rows = records.map((r) => ({ record: r, cells: new Map(leaves(r.envelope.data)) }));
  // Columns in order of first appearance, then (stable) in the schema's property and item order.
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const { cells } of rows) {
    for (const pointer of cells.keys()) {
      if (!seen.has(pointer)) {
        seen.add(pointer);
        columns.push(pointer);
      }
    }
  }
  if (schema) columns.sort((a, b) => comparePointers(schema, a, b));
  const lines = [[...FIXED, ...columns].map(field).join(',')];
  for (const { record, cells } of rows) {
    lines.push([...FIXED.map((name) => record[name]), ...columns.map((c) => cells.get(c))].map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
