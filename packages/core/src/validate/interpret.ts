/**
 * An eval-free validator for schemas that arrive at run time (an organisation's own form): the
 * interpreting validator `@cfworker/json-schema` (draft 2020-12, every error reported), with its
 * output adapted to the ajv-shaped errors `messages.ts` reads, so a custom form gets the same
 * GOV.UK messages as a built-in one. No `new Function`, so it works under `script-src 'self'`.
 */
import { format as cfFormats, Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
// One source for the format checks: the same file is bundled into the precompiled validators.
import { formats } from './formats.js';
import { parsePointer, toPointer } from '../pointer.js';
import type { AjvError, FormSchema, ValidateFunction } from '../types.js';

/** cfworker's wrapper errors ("a subschema had errors"): the nested errors that follow say which field and why. */
const WRAPPERS = new Set(['$ref', 'properties', 'items', 'prefixItems', 'additionalItems', 'patternProperties', 'dependentSchemas', 'propertyNames', 'false', 'unevaluatedProperties', 'unevaluatedItems']);

/** Keywords whose ajv `params.limit` is the keyword's own value. */
const LIMITS = new Set(['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems']);

let formatsInstalled = false;

/**
 * Puts our format checks (date, date-time, email, past-date, from formats.js) into
 * cfworker's format table. That table is shared by every user of cfworker on the page: ours are the
 * stricter versions of the same formats (a date needs a year from 1000, a date-time an offset).
 */
function installFormats(): void {
  if (formatsInstalled) return;
  formatsInstalled = true;
  for (const [name, check] of Object.entries(formats)) {
    (cfFormats as Record<string, (value: string) => boolean>)[name] = check as (value: string) => boolean;
  }
}

/** `#/a/b%20c` (cfworker's instance location: each token escaped, then encodeURI'd, `#` as %23) to `/a/b c`. */
function toDataPointer(location: string): string {
  if (location === '#' || location === '') return '';
  const tokens = location
    .slice(2)
    .split('/')
    .map((segment) => segment.split('%23').map(decodeURI).join('#').replace(/~1/g, '/').replace(/~0/g, '~'));
  return toPointer(tokens);
}

/** The schema node a keyword location names (`#/properties/a/$ref/maxLength` -> the node that holds maxLength), following `$ref` tokens. */
function nodeAt(root: FormSchema, location: string): FormSchema | undefined {
  const tokens = location === '#' ? [] : location.slice(2).split('/').map((t) => t.split('%23').map(decodeURI).join('#').replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const token of tokens.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    const n = node as Record<string, unknown>;
    if (token === '$ref' && typeof n['$ref'] === 'string') {
      node = refTarget(root, n['$ref']);
    } else {
      node = Object.prototype.hasOwnProperty.call(n, token) ? n[token] : undefined;
    }
  }
  return node !== null && typeof node === 'object' ? (node as FormSchema) : undefined;
}

function refTarget(root: FormSchema, ref: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(ref.slice(1))) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** One cfworker output unit as the ajv error `messages.ts` understands (undefined for a wrapper). */
function adapt(root: FormSchema, unit: OutputUnit): AjvError | undefined {
  if (WRAPPERS.has(unit.keyword)) return undefined;
  let keyword = unit.keyword;
  const instancePath = toDataPointer(unit.instanceLocation);
  const schemaPath = unit.keywordLocation;
  const params: Record<string, unknown> = {};
  switch (keyword) {
    case 'required': {
      const missing = /required property "([\s\S]*)"\.$/.exec(unit.error)?.[1];
      if (missing === undefined) return undefined;
      params['missingProperty'] = missing;
      break;
    }
    case 'dependentRequired': {
      const missing = /but does not have "([\s\S]*)"\.$/.exec(unit.error)?.[1];
      if (missing === undefined) return undefined;
      params['missingProperty'] = missing;
      break;
    }
    case 'additionalProperties': {
      const extra = /^Property "([\s\S]*)" does not match additional properties schema\.$/.exec(unit.error)?.[1];
      if (extra === undefined) return undefined;
      params['additionalProperty'] = extra;
      break;
    }
    case 'minContains':
    case 'maxContains':
      keyword = 'contains';
      break;
    case 'type': {
      const node = nodeAt(root, schemaPath);
      params['type'] = Array.isArray(node?.type) ? node.type.join(',') : node?.type;
      break;
    }
    case 'format':
      params['format'] = nodeAt(root, schemaPath)?.format;
      break;
    default:
      if (LIMITS.has(keyword)) params['limit'] = (nodeAt(root, schemaPath) as Record<string, unknown> | undefined)?.[keyword];
  }
  return { instancePath, schemaPath, keyword, params };
}

/**
 * A `ValidateFunction` (the shape of a precompiled ajv validator) that interprets `schema`. The
 * schema must already have passed the guards in `schema/custom.ts`: only local `$ref`s, no `$id`
 * below the root, our keywords only.
 * @param schema the form schema as the renderer reads it (titles, `x-ui`...)
 * @param forValidator a copy for cfworker, which marks the nodes it is given; annotations may be left out
 */
export function interpretingValidator(schema: FormSchema, forValidator: Schema): ValidateFunction {
  installFormats();
  const validator = new Validator(forValidator, '2020-12', false);
  const validate: ValidateFunction = (data: unknown) => {
    let result;
    try {
      result = validator.validate(data);
    } catch {
      // cfworker refuses values JSON has no word for (undefined in an array, a function): as JSON would be sent.
      result = validator.validate(JSON.parse(JSON.stringify(data ?? null)));
    }
    if (result.valid) {
      validate.errors = null;
      return true;
    }
    validate.errors = result.errors.map((unit) => adapt(schema, unit)).filter((e): e is AjvError => !!e);
    return false;
  };
  validate.errors = null;
  return validate;
}
