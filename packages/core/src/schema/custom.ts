/**
 * An organisation's own form schema, given at run time (`<safety-form schema-src>` or `.schema`):
 * checked by guards that refuse anything the renderer cannot show safely, then turned into a
 * `FormDefinition` whose validator interprets the schema (no code generation, so it works under
 * `script-src 'self'`). Schemas are data from another team, not code: the checks come first, and no
 * error message ever repeats the schema's content.
 */
import type { Schema } from '@cfworker/json-schema';
import { Validator } from '@cfworker/json-schema';
import { SchemaError } from '../errors.js';
import { FORBIDDEN_KEYS, parsePointer } from '../pointer.js';
import type { ResultSummary } from '../score/result.js';
import type { FormDefinition, FormSchema } from '../types.js';
import { interpretingValidator } from '../validate/interpret.js';
import { formMetaSchema } from './custom-meta.js';
import { customScorer } from './custom-scoring.js';

/** Why a schema was refused. Each has a plain message for the page (see the element's strings). */
export type SchemaRefusal =
  /** Over the size cap. */
  | 'too-large'
  /** Nested more deeply than the depth cap. */
  | 'too-deep'
  /** Not JSON, or not UTF-8. */
  | 'invalid-json'
  /** A `$ref` that is not local (`#/$defs/...`), or one that points nowhere or to itself. */
  | 'remote-ref'
  /** Not a draft 2020-12 object schema with `properties`, or it fails the meta-schema (unknown keywords...). */
  | 'not-a-form'
  /** It could not be fetched (network failure, refused redirect, an error status). */
  | 'network'
  /** The address answered 404 or 410. */
  | 'not-found';

/** A schema was refused; `kind` says why. The message is plain and never contains the schema's content. */
export class CustomSchemaError extends SchemaError {
  override name = 'CustomSchemaError';
  constructor(
    readonly kind: SchemaRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface CustomSchemaOptions {
  /** Largest schema, in bytes of JSON text (UTF-8). Default 256 KB. */
  maxBytes?: number;
  /** Deepest nesting of objects and arrays. Default 32. */
  maxDepth?: number;
  /** Form id when the schema has neither `x-form-id` nor a usable `$id`. */
  id?: string;
}

/** A form from an organisation's own schema: a `FormDefinition` and the result its `x-scoring` names. */
export interface CustomForm extends FormDefinition {
  /** The result of the built-in scorer named by `x-scoring.scorer`, or null when it names none we have. */
  score(data: unknown): ResultSummary | null;
}

export const DEFAULT_MAX_SCHEMA_BYTES = 256 * 1024;
export const DEFAULT_MAX_SCHEMA_DEPTH = 32;
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const ID = /^[a-z][a-z0-9-]{0,63}$/;

const refuse = (kind: SchemaRefusal, message: string): never => {
  throw new CustomSchemaError(kind, `schema: ${message}`);
};

/** UTF-8 length of a string without allocating its bytes. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The deepest nesting of `[` and `{` in JSON text (outside strings), stopping as soon as it passes
 * `max`: a deeply nested text is refused before `JSON.parse` ever sees it.
 */
function textDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * Parses schema text with the size and depth caps.
 * @throws CustomSchemaError `too-large`, `too-deep` or `invalid-json`
 */
export function parseSchemaText(text: string, options: CustomSchemaOptions = {}): unknown {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SCHEMA_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_SCHEMA_DEPTH;
  if (text.length > maxBytes || utf8Length(text) > maxBytes) refuse('too-large', `the form schema is larger than ${maxBytes} bytes`);
  if (textDepth(text, maxDepth) > maxDepth) refuse('too-deep', `the form schema is nested more than ${maxDepth} levels deep`);
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) refuse('too-deep', `the form schema is nested too deeply to read`);
    return refuse('invalid-json', 'the form schema is not valid JSON');
  }
}

/**
 * Walks a parsed schema once: depth cap, no `__proto__`/`constructor`/`prototype` key anywhere, no
 * cycles or shared objects (a schema given as an object could have them), and the byte size of its
 * JSON text counted on the way (keys and strings), so `.schema = {...}` is capped like a fetched one.
 */
function checkShape(schema: unknown, maxDepth: number, maxBytes: number): void {
  let bytes = 0;
  const seen = new Set<object>();
  const walk = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      bytes += utf8Length(node) + 2;
    } else if (typeof node === 'number' || typeof node === 'boolean' || node === null) {
      bytes += 5;
    } else if (typeof node === 'object') {
      if (depth > maxDepth) refuse('too-deep', `the form schema is nested more than ${maxDepth} levels deep`);
      if (seen.has(node)) refuse('not-a-form', 'the form schema is not plain JSON');
      seen.add(node);
      if (Array.isArray(node)) {
        bytes += 2 + node.length;
        for (const item of node) walk(item, depth + 1);
      } else {
        const proto = Object.getPrototypeOf(node);
        if (proto !== Object.prototype && proto !== null) refuse('not-a-form', 'the form schema is not plain JSON');
        bytes += 2;
        for (const key of Object.keys(node)) {
          if (FORBIDDEN_KEYS.has(key)) refuse('not-a-form', 'the form schema uses a name that is not allowed');
          const value = (node as Record<string, unknown>)[key];
          if (REF_KEYWORDS.has(key) && typeof value === 'string' && (key !== '$ref' || !value.startsWith('#/$defs/'))) {
            refuse('remote-ref', 'the form schema refers to something outside itself (only "#/$defs/..." references are allowed)');
          }
          bytes += utf8Length(key) + 4;
          walk((node as Record<string, unknown>)[key], depth + 1);
        }
      }
    } else {
      refuse('not-a-form', 'the form schema is not plain JSON');
    }
    if (bytes > maxBytes) refuse('too-large', `the form schema is larger than ${maxBytes} bytes`);
  };
  walk(schema, 1);
}

/** Reference keywords: only `$ref` to `#/$defs/...` is allowed; the dynamic and recursive ones never. */
const REF_KEYWORDS = new Set(['$ref', '$dynamicRef', '$recursiveRef']);

let metaValidator: Validator | undefined;

/** Checks the schema against schemas/form.meta.schema.json (with cfworker, eval-free). */
function checkMeta(schema: object): void {
  metaValidator ??= new Validator(structuredClone(formMetaSchema) as unknown as Schema, '2020-12', true);
  if (!metaValidator.validate(schema).valid) {
    refuse('not-a-form', 'the form schema uses keywords or values that safety-forms does not support');
  }
}

/** Schema keywords whose value is one schema, a list of schemas, or a map of names to schemas. */
const ONE = ['not', 'if', 'then', 'else', 'items', 'contains'];
const MANY = ['oneOf', 'anyOf', 'allOf'];
const MAPS = ['properties', '$defs'];
/** Annotations the validator does not read: left out of its copy. */
const ANNOTATIONS = new Set(['title', 'description', '$comment', '$id', '$schema', 'x-ui', 'x-scoring', 'x-marking', 'x-form-id', 'x-version']);

/** Every `$ref` is `#/$defs/<name>...` and points at a node; no `$defs` entry reaches itself through `$ref`s. */
function checkRefs(root: FormSchema): void {
  const defs = root.$defs ?? {};
  // Each reference counted as often as it occurs: a definition used twice is expanded twice.
  const edges = new Map<string, string[]>();
  const visit = (node: FormSchema, owner: string | undefined): void => {
    if (node === null || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') {
      const tokens = (() => {
        try {
          return node.$ref!.startsWith('#/') ? parsePointer(node.$ref!.slice(1)) : undefined;
        } catch {
          return undefined;
        }
      })();
      if (!tokens || tokens[0] !== '$defs' || tokens.length < 2) refuse('remote-ref', 'the form schema refers to something outside itself');
      let target: unknown = root;
      for (const token of tokens!) {
        if (target === null || typeof target !== 'object' || !Object.prototype.hasOwnProperty.call(target, token)) {
          refuse('remote-ref', 'the form schema refers to a part of itself that does not exist');
        }
        target = (target as Record<string, unknown>)[token];
      }
      if (target === null || typeof target !== 'object' || Array.isArray(target)) refuse('remote-ref', 'the form schema refers to a part of itself that is not a schema');
      const from = owner ?? '';
      if (!edges.has(from)) edges.set(from, []);
      edges.get(from)!.push(tokens![1]!);
    }
    for (const key of ONE) if (node[key]) visit(node[key] as FormSchema, owner);
    for (const key of MANY) for (const child of (node[key] as FormSchema[] | undefined) ?? []) visit(child, owner);
    for (const child of Object.values(node.properties ?? {})) visit(child, owner);
  };
  visit({ ...root, $defs: undefined }, undefined);
  for (const [name, def] of Object.entries(defs)) visit(def, name);
  // A definition that reaches itself would make the renderer (and the validator) go round forever.
  const state = new Map<string, 1 | 2>();
  const cycle = (name: string): boolean => {
    if (state.get(name) === 2) return false;
    if (state.get(name) === 1) return true;
    state.set(name, 1);
    for (const next of edges.get(name) ?? []) if (cycle(next)) return true;
    state.set(name, 2);
    return false;
  };
  for (const name of Object.keys(defs)) if (cycle(name)) refuse('remote-ref', 'the form schema refers to itself in a loop');
  // No loop, but references can still multiply: d1 = [d2, d2], d2 = [d3, d3]... doubles the work at
  // every level, and 30 levels in a kilobyte would stop the page. Count the schema as expanded.
  const sizes = new Map<string, number>();
  const size = (name: string): number => {
    let n = sizes.get(name);
    if (n === undefined) {
      n = 1;
      for (const next of edges.get(name) ?? []) n = Math.min(n + size(next), MAX_EXPANDED_REFS + 1);
      sizes.set(name, n);
    }
    return n;
  };
  if (size('') > MAX_EXPANDED_REFS) refuse('too-large', 'the form schema expands to too many questions');
}

/** How many definitions a schema may expand to, counting every use of each (`$ref` fan-out). */
const MAX_EXPANDED_REFS = 20_000;

/** At most this many unbounded quantifiers (`*`, `+`, `{n,}`) in one pattern: `\d*\d*\d*\d*x` is polynomial. */
const MAX_UNBOUNDED = 3;
/** A group that offers choices may be repeated at most this many times (a UK phone pattern needs 12). */
const MAX_CHOICE_REPEAT = 12;

/**
 * A `pattern` the browser can run safely. It compiles (with the `u` flag, as the validator runs it),
 * and, at any depth of nesting, no group is repeated that holds an unbounded quantifier (`(a+)+`,
 * `((ab)*)*`, `(.*a){12}`), nor repeated without limit or more than MAX_CHOICE_REPEAT times when it
 * offers a choice (`(a|aa)*`, `(a|a){1,30}`): the shapes whose backtracking explodes on a long or
 * unlucky answer. Bounded, choice-free repeats such as `(?:[0-9]{2}-){2}` are fine.
 */
function checkPattern(pattern: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch {
    refuse('not-a-form', 'the form schema has a pattern that cannot be used');
  }
  const risky = () => refuse('not-a-form', 'the form schema has a pattern that could make the page stop responding');
  /** The quantifier starting at `i`, if any: its length in the pattern and its least and most counts. */
  const quantifier = (i: number): { length: number; min: number; max: number } | undefined => {
    const c = pattern[i];
    let q: { length: number; min: number; max: number };
    if (c === '*') q = { length: 1, min: 0, max: Infinity };
    else if (c === '+') q = { length: 1, min: 1, max: Infinity };
    else if (c === '?') q = { length: 1, min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return undefined;
      const min = Number(m[1]);
      q = { length: m[0].length, min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
    } else return undefined;
    if (pattern[i + q.length] === '?') q.length++; // lazy: the same backtracking
    return q;
  };
  type Frame = { choice: boolean; unbounded: boolean };
  const stack: Frame[] = [{ choice: false, unbounded: false }];
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    let atomEnd = i;
    let group: Frame | undefined;
    if (c === '\\') atomEnd = i + 1;
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      for (; j < pattern.length && pattern[j] !== ']'; j++) if (pattern[j] === '\\') j++;
      atomEnd = j;
    } else if (c === '(') {
      stack.push({ choice: false, unbounded: false });
      // Past `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`.
      i += pattern[i + 1] === '?' ? (/^\(\?(<[=!]|<[^>]*>|[:=!])/.exec(pattern.slice(i))?.[0].length ?? 1) - 1 : 0;
      continue;
    } else if (c === '|') {
      stack[stack.length - 1]!.choice = true;
      continue;
    } else if (c === ')') {
      group = stack.pop();
      if (!group || stack.length === 0) return risky();
    }
    const q = quantifier(atomEnd + 1);
    if (q && q.max === Infinity && ++unbounded > MAX_UNBOUNDED) return risky();
    if (group && q && q.max > 1 && (group.unbounded || (group.choice && q.max > MAX_CHOICE_REPEAT))) return risky();
    const top = stack[stack.length - 1]!;
    top.choice ||= !!group?.choice || (!!q && q.max > q.min);
    top.unbounded ||= !!group?.unbounded || q?.max === Infinity;
    i = atomEnd + (q?.length ?? 0);
  }
}

/** The copy of the schema the validator gets: no annotations, root `$id` dropped (refs are resolved locally). */
function validatorCopy(root: FormSchema): Schema {
  const copy = (node: FormSchema): Schema => {
    if (typeof node === 'boolean') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (ANNOTATIONS.has(key)) continue;
      if (key === 'pattern' && typeof value === 'string') checkPattern(value);
      if (ONE.includes(key)) out[key] = copy(value as FormSchema);
      else if (MANY.includes(key)) out[key] = (value as FormSchema[]).map(copy);
      else if (MAPS.includes(key)) out[key] = Object.fromEntries(Object.entries(value as Record<string, FormSchema>).map(([k, v]) => [k, copy(v)]));
      else out[key] = value;
    }
    return out as Schema;
  };
  return copy(root);
}

/** The form id: `x-form-id`, else the last part of `$id` (`.../lone-working-check.schema.json`), else the option. */
function formIdOf(schema: FormSchema, fallback: string | undefined): string {
  if (typeof schema['x-form-id'] === 'string') return schema['x-form-id'];
  if (typeof schema.$id === 'string') {
    const last = schema.$id.split(/[/#?]/).filter(Boolean).at(-1) ?? '';
    const id = last.replace(/\.schema\.json$|\.json$/, '').toLowerCase();
    if (ID.test(id)) return id;
  }
  if (fallback !== undefined && ID.test(fallback)) return fallback;
  return refuse('not-a-form', 'the form schema needs an "x-form-id" of lower-case letters, digits and hyphens');
}

/**
 * Checks an organisation's form schema and makes a form of it. The guards, in order: plain JSON
 * within the size and depth caps with no `__proto__`/`constructor`/`prototype` keys; draft 2020-12,
 * `type: "object"` with `properties`; the meta-schema (our keywords only, `x-ui`/`x-scoring`/`x-marking`
 * shapes); only local `#/$defs/...` references, none in a loop; `pattern`s that compile and cannot
 * backtrack for ever; a valid `x-scoring` configuration when it names a built-in scorer.
 *
 * The schema is copied: later changes to the object passed in change nothing. Work is linear in the
 * size of the schema (a flat schema of 5,000 fields is fine; raise `maxBytes` for it).
 * @param schema the parsed schema (an object; text goes through `parseSchemaText` first)
 * @param options caps, and a fallback form id
 * @returns the form: id (`x-form-id`), version (`x-version`, else `0.0.0`), schema, validator and scorer
 * @throws CustomSchemaError saying in plain words why the schema was refused
 */
export function formFromSchema(schema: unknown, options: CustomSchemaOptions = {}): CustomForm {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SCHEMA_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_SCHEMA_DEPTH;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) refuse('not-a-form', 'the form schema is not a JSON object');
  // Copied first, then checked: the caps hold on what is used, whatever getters the object passed in has.
  let root: FormSchema;
  try {
    root = structuredClone(schema) as FormSchema;
  } catch (error) {
    return refuse(error instanceof RangeError ? 'too-deep' : 'not-a-form', error instanceof RangeError ? 'the form schema is nested too deeply' : 'the form schema is not plain JSON');
  }
  checkShape(root, maxDepth, maxBytes);
  if (root.$schema !== DRAFT_2020_12) refuse('not-a-form', `the form schema must say "$schema": "${DRAFT_2020_12}"`);
  if (root.type !== 'object' || root.properties === null || typeof root.properties !== 'object') {
    refuse('not-a-form', 'the form schema must be "type": "object" with "properties"');
  }
  checkMeta(root);
  checkRefs(root);
  const forValidator = validatorCopy(root);
  const id = formIdOf(root, options.id);
  const version = typeof root['x-version'] === 'string' ? root['x-version'] : '0.0.0';
  let score: (data: unknown) => ResultSummary | null;
  try {
    score = customScorer(root);
  } catch {
    return refuse('not-a-form', 'the form schema has scoring settings that cannot be used');
  }
  return { id, version, schema: root, validate: interpretingValidator(root, forValidator), score };
}
