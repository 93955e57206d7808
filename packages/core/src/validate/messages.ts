/**
 * Turns ajv errors into GOV.UK-style messages attached to fields by JSON Pointer. A field's own
 * `x-ui.messages[keyword]` wins; otherwise a message is made from its title. Raw ajv English ("must
 * have required property") never reaches a user.
 */
import { getAt, parsePointer, toPointer } from '../pointer.js';
import { deref, schemaAt, widgetOf } from '../schema/resolve.js';
import type { AjvError, FieldError, FormSchema } from '../types.js';

const number = new Intl.NumberFormat('en-GB');

/** "Name of person making threat" -> "name of person making threat" (keeps acronyms such as "IEP"). */
function lower(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

function strip(title: string): string {
  return title.replace(/\s*\(optional\)\s*$/i, '').replace(/[?:.]\s*$/, '');
}

/**
 * The GOV.UK date messages: say which part is missing or wrong, from the value the date widget
 * stores (`YYYY-MM-DD`, or `YYYY-MM-DDTtime` for a date and time, as typed when not well formed).
 * Undefined when every part is there but the date is not real (31 2 2026, month 13, year 0000).
 */
function dateMessage(title: string, format: string, value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : '';
  const [date = '', time] = text.split('T');
  const [year = '', month = '', day = ''] = date.split('-');
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean) as string[];
  if (missing.length === 3) return `Enter ${lower(title)}`;
  if (missing.length) return `${title} must include ${missing.join(' and ')}`;
  if (!/^\d{4}$/.test(year)) return 'Year must include 4 numbers';
  if (format === 'date-time') {
    if (time === undefined || time === '') return `${title} must include a time`;
    if (!/^\d{2}:\d{2}:\d{2}/.test(time)) return 'Enter a time, like 14:30';
  }
  return undefined;
}

/** YYYY-MM-DD naming a day that exists (31 February does not; the year is 1000 or later). */
function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '1000' && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Today's date on this device, YYYY-MM-DD (local time), as the `past-date` format compares it. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The pointer of the field an error belongs to. */
export function errorPointer(error: AjvError): string {
  const missing = error.params['missingProperty'];
  if ((error.keyword === 'required' || error.keyword === 'dependentRequired') && typeof missing === 'string') {
    return toPointer([...parsePointer(error.instancePath), missing]);
  }
  const extra = error.params['additionalProperty'];
  if (error.keyword === 'additionalProperties' && typeof extra === 'string') {
    return toPointer([...parsePointer(error.instancePath), extra]);
  }
  return error.instancePath;
}

/** A GOV.UK-style message for one ajv error on `field` (the resolved schema of the field). */
export function messageFor(root: FormSchema, field: FormSchema | undefined, error: AjvError, value?: unknown): string {
  const node = field ? deref(root, field) : undefined;
  const own = node?.['x-ui']?.messages ?? {};
  const title = strip(node?.title ?? 'This answer');
  const widget = node ? widgetOf(root, node) : 'text';
  const choose = widget === 'radios' || widget === 'select' || widget === 'scale';
  const enter = choose ? `Select ${lower(title)}` : widget === 'checkboxes' ? `Select ${lower(title)}` : `Enter ${lower(title)}`;
  const limit = error.params['limit'];
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return own['required'] ?? enter;
    case 'minLength':
      return own['minLength'] ?? own['required'] ?? enter;
    case 'maxLength':
      return own['maxLength'] ?? `${title} must be ${number.format(Number(limit))} characters or fewer`;
    case 'format':
      // A date's missing or malformed part is named whatever the schema says (GOV.UK date pattern);
      // the schema's own message is for a date that is complete but not real.
      if (node?.format === 'date' || node?.format === 'date-time' || node?.format === 'past-date') {
        const part = dateMessage(title, node.format, value);
        if (part) return part;
        // Every part is there: a well-formed date from today on is real but not in the past.
        if (node.format === 'past-date' && typeof value === 'string' && isRealDate(value) && value >= localToday()) {
          return own['past'] ?? `${title} must be in the past`;
        }
        return own['format'] ?? `${title} must be a real date${node.format === 'date-time' ? ' and time' : ''}`;
      }
      if (own['format']) return own['format'];
      if (node?.format === 'email') return 'Enter an email address in the correct format, like name@example.com';
      return `Enter ${lower(title)} in the correct format`;
    case 'pattern':
      return own['pattern'] ?? `Enter ${lower(title)} in the correct format`;
    case 'type':
      if (own['type']) return own['type'];
      if (error.params['type'] === 'integer') return `${title} must be a whole number`;
      if (error.params['type'] === 'number') return `${title} must be a number`;
      return `${title} is not in the expected form`;
    case 'minimum':
    case 'exclusiveMinimum':
      return own['minimum'] ?? `${title} must be ${number.format(Number(limit))} or more`;
    case 'maximum':
    case 'exclusiveMaximum':
      return own['maximum'] ?? `${title} must be ${number.format(Number(limit))} or less`;
    case 'minItems':
      return own['minItems'] ?? own['required'] ?? enter;
    case 'maxItems':
      return own['maxItems'] ?? `${title}: you can add up to ${number.format(Number(limit))}`;
    case 'anyOf':
      return own['anyOf'] ?? `Check ${lower(title)}`;
    case 'const':
    case 'enum':
    case 'oneOf':
      return own['oneOf'] ?? (choose || widget === 'checkboxes' ? `Select ${lower(title)} from the list` : `${title} is not one of the allowed answers`);
    case 'uniqueItems':
      return own['uniqueItems'] ?? `${title}: each answer can be chosen once`;
    case 'additionalProperties':
      return 'This answer is not part of this version of the form';
    default:
      return own[error.keyword] ?? `Check ${lower(title)}`;
  }
}

/** Keywords that only say "a sub-schema failed": the sub-schema's own error says which field and why. */
const WRAPPERS = new Set(['if', 'allOf', 'anyOf', 'then', 'else']);

function isChoiceAt(root: FormSchema, pointer: string): boolean {
  const node = schemaAt(root, pointer);
  return !!node && widgetOf(root, node) !== 'group' && widgetOf(root, node) !== 'repeat';
}

/**
 * One message per field, in document order. Where ajv reports several keywords for one field (a
 * value outside a `oneOf` gives one `const` error per option and a `oneOf` error), the most useful
 * one wins: required, then type, then the rest in ajv's order.
 */
export function toFieldErrors(root: FormSchema, errors: readonly AjvError[], data?: unknown): FieldError[] {
  // A group rule such as "at least one way to reach this contact" (`anyOf` of `required`) is one error
  // on the group, not one "Enter ..." per alternative: its branches' errors are left out.
  const groupRules = errors.filter((e) => e.keyword === 'anyOf' || (e.keyword === 'oneOf' && !isChoiceAt(root, e.instancePath)));
  const inGroupRule = (e: AjvError) => groupRules.some((g) => g !== e && e.schemaPath.startsWith(`${g.schemaPath}/`));
  const byPointer = new Map<string, AjvError>();
  const rank = (e: AjvError) => (e.keyword === 'required' || e.keyword === 'dependentRequired' ? 0 : e.keyword === 'type' ? 1 : 2);
  for (const error of errors) {
    if (inGroupRule(error)) continue;
    if (WRAPPERS.has(error.keyword) && !groupRules.includes(error)) continue;
    const pointer = errorPointer(error);
    const seen = byPointer.get(pointer);
    if (!seen || rank(error) < rank(seen)) byPointer.set(pointer, error);
  }
  const result = [...byPointer].map(([pointer, error]) => ({
    pointer,
    message: messageFor(root, schemaAt(root, pointer), error, data === undefined ? undefined : getAt(data, pointer)),
  }));
  return result.sort((a, b) => comparePointers(root, a.pointer, b.pointer));
}

/** Each object schema's property names by position, made once: sorting thousands of errors compares often. */
const keyOrder = new WeakMap<FormSchema, Map<string, number>>();
function keyIndex(node: FormSchema | undefined, key: string): number {
  if (!node?.properties) return 0;
  let order = keyOrder.get(node);
  if (!order) keyOrder.set(node, (order = new Map(Object.keys(node.properties).map((k, i) => [k, i]))));
  return order.get(key) ?? order.size;
}

/** Orders two data pointers as their fields appear in the schema (property order, then item index). */
export function comparePointers(root: FormSchema, a: string, b: string): number {
  const ta = parsePointer(a);
  const tb = parsePointer(b);
  let node: FormSchema | undefined = deref(root, root);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    if (ta[i] !== tb[i]) {
      if (/^\d+$/.test(ta[i]!) && /^\d+$/.test(tb[i]!)) return Number(ta[i]) - Number(tb[i]);
      return keyIndex(node, ta[i]!) - keyIndex(node, tb[i]!);
    }
    node = node ? schemaAt(root, ta.slice(0, i + 1)) : undefined;
  }
  return ta.length - tb.length;
}
