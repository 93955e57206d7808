import { expect } from '@open-wc/testing';
import { completeContact, contactWithErrors, minimalContact } from '../../../../stories/fixtures/emergency-contact.js';
import { completeReport, fullReport } from '../../../../stories/fixtures/threat-report.js';
import { SchemaError } from '../errors.js';
import { forms } from '../generated/index.js';
import { classifyReferral } from '../score/referral.js';
import type { FormDefinition, FormSchema } from '../types.js';
import { validateWith } from '../validate/validate.js';
import { CustomSchemaError, formFromSchema, parseSchemaText, type SchemaRefusal } from './custom.js';
import { loadSchema } from './custom-load.js';
import { formMetaSchema } from './custom-meta.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** A small valid organisation schema; `extra` is merged into the root. */
function small(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: DRAFT,
    'x-form-id': 'visit-check',
    'x-version': '1.2.0',
    type: 'object',
    properties: {
      name: { type: 'string', title: 'Your name', maxLength: 20 },
      visits: { type: 'integer', title: 'Visits today', minimum: 0, maximum: 10 },
      when: { type: 'string', title: 'Date of visit', format: 'date' },
    },
    required: ['name'],
    ...extra,
  };
}

function refusal(fn: () => unknown): CustomSchemaError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(CustomSchemaError);
    expect(error).to.be.instanceOf(SchemaError);
    return error as CustomSchemaError;
  }
  throw new Error('expected the schema to be refused');
}

async function refusalOf(promise: Promise<unknown>): Promise<CustomSchemaError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CustomSchemaError);
    return error as CustomSchemaError;
  }
  throw new Error('expected the schema to be refused');
}

function expectRefused(schema: unknown, kind: SchemaRefusal, options = {}): CustomSchemaError {
  const error = refusal(() => formFromSchema(schema, options));
  expect(error.kind, error.message).to.equal(kind);
  return error;
}

/** The same answers through the precompiled validator and through the interpreted one: the same messages. */
function expectSameMessages(builtIn: FormDefinition, data: unknown): void {
  const custom = formFromSchema(builtIn.schema);
  const a = validateWith(builtIn, structuredClone(data));
  const b = validateWith(custom, structuredClone(data));
  expect(b, JSON.stringify(a.errors.map((e) => e.pointer))).to.deep.equal(a);
}

describe('formFromSchema: the same messages as the precompiled validators', () => {
  const threat = forms['threat-report']!;
  const contact = forms['emergency-contact']!;

  it('accepts every built-in schema through the meta-schema and the guards', () => {
    for (const form of Object.values(forms)) {
      const custom = formFromSchema(form.schema);
      expect(custom.id).to.equal(form.id);
      expect(custom.version).to.equal(form.version);
    }
  });

  it('threat report: complete and full reports are valid', () => {
    expectSameMessages(threat, completeReport);
    expectSameMessages(threat, fullReport);
    expect(validateWith(formFromSchema(threat.schema), completeReport).valid).to.equal(true);
  });

  it('threat report: an empty report gives the same messages, in the same order', () => {
    const custom = formFromSchema(threat.schema);
    const result = validateWith(custom, {});
    expect(result.valid).to.equal(false);
    expect(result.errors.length).to.be.greaterThan(5);
    expect(result.errors.find((e) => e.pointer === '/incident/subjectName')?.message).to.equal('Enter the name of the person who made the threat');
    expectSameMessages(threat, {});
  });

  it('threat report: bad values (type, enum, maxLength, if/then, minimum) give the same messages', () => {
    const bad = structuredClone(fullReport) as unknown as Record<string, Record<string, unknown>>;
    bad['incident']!['subjectName'] = 'x'.repeat(5000);
    bad['incident']!['location'] = 'the-moon';
    bad['report']!['reporterAffiliation'] = 'other';
    delete bad['report']!['reporterAffiliationOther'];
    expectSameMessages(threat, bad);
    for (const value of [42, true, 'not-a-date', '2026-02-31', '0000-01-01', -3, 1e3]) {
      const one = structuredClone(fullReport) as unknown as Record<string, Record<string, unknown>>;
      one['report']!['dateOfReport'] = value;
      one['incident']!['subjectGrade'] = value;
      expectSameMessages(threat, one);
    }
  });

  it('emergency contact: complete, minimal, empty and every mistake give the same messages', () => {
    expectSameMessages(contact, completeContact);
    expectSameMessages(contact, minimalContact);
    expectSameMessages(contact, {});
    expectSameMessages(contact, contactWithErrors);
    const custom = validateWith(formFromSchema(contact.schema), contactWithErrors);
    expect(custom.errors.map((e) => e.pointer)).to.include('/personal/dateOfBirth');
    expect(custom.errors.find((e) => e.pointer === '/personal/email/home')?.message).to.equal(
      'Enter an email address in the correct format, like name@example.com',
    );
  });

  it('emergency contact: past-date, pattern, anyOf group rules and date-time give the same messages', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const dob of [tomorrow, '1985-13-01', '1985-03', '', 'x']) {
      const data = structuredClone(completeContact) as unknown as Record<string, Record<string, unknown>>;
      data['personal']!['dateOfBirth'] = dob;
      data['personal']!['mobileNumber'] = '12';
      data['emergencyContacts'] = { first: { name: 'Rowan Example' }, second: { name: 'Ellis Sample', mobileNumber: '07700 900456' } };
      expectSameMessages(contact, data);
    }
  });

  it('every other built-in form: empty and with its fixtures gives the same messages', () => {
    for (const form of Object.values(forms)) expectSameMessages(form, {});
  });
});

describe('formFromSchema: an organisation schema', () => {
  it('makes a form with id, version, schema and an interpreting validator', () => {
    const form = formFromSchema(small());
    expect(form.id).to.equal('visit-check');
    expect(form.version).to.equal('1.2.0');
    expect(validateWith(form, { name: 'A', visits: 3, when: '2026-01-02' })).to.deep.equal({ valid: true, errors: [] });
    expect(validateWith(form, { visits: 11, when: '2026-02-30' }).errors).to.deep.equal([
      { pointer: '/name', message: 'Enter your name' },
      { pointer: '/visits', message: 'Visits today must be 10 or less' },
      { pointer: '/when', message: 'Date of visit must be a real date' },
    ]);
    expect(validateWith(form, { name: 'x'.repeat(21), visits: 1.5 }).errors).to.deep.equal([
      { pointer: '/name', message: 'Your name must be 20 characters or fewer' },
      { pointer: '/visits', message: 'Visits today must be a whole number' },
    ]);
  });

  it('copies the schema: changing the object afterwards changes nothing', () => {
    const schema = small();
    const form = formFromSchema(schema);
    (schema['properties'] as Record<string, unknown>)['name'] = { type: 'number' };
    expect(validateWith(form, { name: 'still text' }).valid).to.equal(true);
  });

  it('takes the form id from $id when there is no x-form-id', () => {
    const { 'x-form-id': _id, ...rest } = small();
    expect(formFromSchema({ ...rest, $id: 'https://intranet.example/schemas/Lone-Working.schema.json' }).id).to.equal('lone-working');
    expectRefused(rest, 'not-a-form');
    expect(formFromSchema(rest, { id: 'fallback-id' }).id).to.equal('fallback-id');
  });

  it('follows local $defs references, and messages use the referring title', () => {
    const form = formFromSchema(
      small({
        properties: { phone: { $ref: '#/$defs/phone', title: 'Work phone' } },
        required: ['phone'],
        $defs: { phone: { type: 'string', pattern: '^[0-9 ]{6,20}$', 'x-ui': { messages: { pattern: 'Enter a phone number, like 01632 960 001' } } } },
      }),
    );
    expect(validateWith(form, {}).errors).to.deep.equal([{ pointer: '/phone', message: 'Enter work phone' }]);
    expect(validateWith(form, { phone: 'call me' }).errors).to.deep.equal([{ pointer: '/phone', message: 'Enter a phone number, like 01632 960 001' }]);
  });

  it('x-scoring naming a built-in scorer gives its result; any other name gives none', () => {
    const named = formFromSchema(small({ 'x-scoring': { scorer: 'traffic-light-referral' } }));
    expect(named.score({})).to.deep.equal(classifyReferral({}));
    expect(formFromSchema(small({ 'x-scoring': { scorer: 'crystal-ball' } })).score({})).to.equal(null);
    expect(formFromSchema(small()).score({})).to.equal(null);
  });

  it('refuses an x-scoring configuration the named scorer cannot use', () => {
    expectRefused(small({ 'x-scoring': { scorer: 'traffic-light-referral', rules: 'all red' } }), 'not-a-form');
  });
});

describe('formFromSchema: guards', () => {
  it('refuses what is not an object schema with properties', () => {
    for (const schema of [null, 'x', [], 42, { $schema: DRAFT, type: 'array', items: {} }, { $schema: DRAFT, type: 'object' }]) {
      expectRefused(schema, 'not-a-form');
    }
    expectRefused(small({ $schema: 'http://json-schema.org/draft-07/schema#' }), 'not-a-form');
    expectRefused({ ...small(), $schema: undefined }, 'not-a-form');
  });

  it('refuses unknown and unsupported keywords rather than ignoring them', () => {
    for (const extra of [
      { 'x-endpoint': 'https://evil.example/steal' },
      { action: '/elsewhere' },
      { $anchor: 'a' },
      { patternProperties: { '.*': {} } },
      { definitions: {} },
      { 'x-form-id': '../../admin' },
      { 'x-ui': { endpoint: '/elsewhere' } },
    ]) {
      expectRefused(small(extra), 'not-a-form');
    }
    expectRefused(small({ properties: { a: { type: 'string', format: 'uri' } } }), 'not-a-form');
    expectRefused(small({ properties: { a: { type: 'string', $id: 'https://evil.example/a' } } }), 'not-a-form');
    expectRefused(small({ properties: { a: { type: 'string', 'x-ui': { showIf: { path: '/b', matches: '.*' } } } } }), 'not-a-form');
  });

  it('refuses __proto__, constructor and prototype anywhere', () => {
    expectRefused(JSON.parse(`{"$schema":"${DRAFT}","x-form-id":"a","type":"object","properties":{"__proto__":{"type":"string"}}}`), 'not-a-form');
    expectRefused(small({ properties: { constructor: { type: 'string' } } }), 'not-a-form');
    expectRefused(small({ 'x-scoring': { scorer: 'x', prototype: {} } }), 'not-a-form');
  });

  it('allows only local #/$defs references that exist and do not loop', () => {
    const withRef = (ref: string, defs: Record<string, unknown> = { a: { type: 'string' } }) =>
      small({ properties: { a: { $ref: ref } }, $defs: defs });
    expect(() => formFromSchema(withRef('#/$defs/a'))).not.to.throw();
    for (const ref of ['https://evil.example/schema.json', 'common.schema.json#/$defs/a', '//evil.example/x', '#/properties/a', '#']) {
      expectRefused(withRef(ref), 'remote-ref');
    }
    expectRefused(withRef('#/$defs/missing'), 'remote-ref');
    expectRefused(small({ $dynamicRef: '#meta' }), 'remote-ref');
    expectRefused(withRef('#/$defs/a', { a: { $ref: '#/$defs/a' } }), 'remote-ref');
    expectRefused(withRef('#/$defs/a', { a: { type: 'object', properties: { b: { $ref: '#/$defs/b' } } }, b: { items: { $ref: '#/$defs/a' } } }), 'remote-ref');
  });

  it('caps the size of a schema given as an object (256 KB by default)', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) properties[`field${i}`] = { type: 'string', title: `Question number ${i} of the long form`, maxLength: 200 };
    const big = small({ properties });
    const error = expectRefused(big, 'too-large');
    expect(error.message).not.to.contain('Question number');
    expect(formFromSchema(big, { maxBytes: 1_000_000 }).id).to.equal('visit-check');
  });

  it('caps depth (32 by default), for objects and for text', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 40; i++) deep = { type: 'object', properties: { a: deep } };
    expectRefused(small({ properties: { a: deep } }), 'too-deep');
    const text = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refusal(() => parseSchemaText(text, { maxBytes: 1_000_000 })).kind).to.equal('too-deep');
    // Brackets inside strings are text, not nesting.
    expect(parseSchemaText(`{"a": "${'['.repeat(40)}"}`)).to.deep.equal({ a: '['.repeat(40) });
  });

  it('refuses text that is not JSON, without echoing it', () => {
    const error = refusal(() => parseSchemaText('{"title": "Secret <b>", '));
    expect(error.kind).to.equal('invalid-json');
    expect(error.message).not.to.contain('Secret');
  });

  it('refuses patterns that do not compile or can backtrack for ever', () => {
    expect(() => formFromSchema(small({ properties: { a: { type: 'string', pattern: '^[A-Z]{2}[0-9]{6}$' } } }))).not.to.throw();
    for (const pattern of ['(a+)+$', '^(a|aa)*$', '([a-z]*)*', '(x{1,})+y', '[', '((a)+)+$', '^((ab)*)*$', '(a|a){1,30}$', '(.*a){12}$', '\\d*\\d*\\d*\\d*x', '(?:a+?)+$', '(?<n>a|b)*c']) {
      expectRefused(small({ properties: { a: { type: 'string', pattern } } }), 'not-a-form');
    }
  });

  it('keeps the patterns real forms use: bounded repeats, classes, escapes, lookarounds, named groups', () => {
    for (const pattern of ['^\\+?[0-9 ()-]{6,29}$', '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$', '^(?:[0-9]{2}-){2}[0-9]{2}$', '^(?<area>[0-9]{3,5}) [0-9]{6}$', '^(?=.*[0-9])[A-Za-z0-9]{8,40}$', '^\\p{Lu}[\\p{L} \'-]*$']) {
      expect(() => formFromSchema(small({ properties: { a: { type: 'string', pattern } } })), pattern).not.to.throw();
    }
  });

  it('refuses references that multiply into more questions than a page can hold, though none loops', () => {
    // 30 levels of a definition used twice by the one above: 2^30 expansions from about 2 KB.
    const $defs: Record<string, unknown> = { d30: { type: 'string' } };
    for (let i = 29; i >= 0; i--) $defs[`d${i}`] = { type: 'object', properties: { a: { $ref: `#/$defs/d${i + 1}` }, b: { $ref: `#/$defs/d${i + 1}` } } };
    expectRefused(small({ properties: { a: { $ref: '#/$defs/d0' } }, $defs }), 'too-large');
    // The same shape, 10 levels deep (about a thousand expansions), is an ordinary form.
    const ok: Record<string, unknown> = { d10: { type: 'string' } };
    for (let i = 9; i >= 0; i--) ok[`d${i}`] = { type: 'object', properties: { a: { $ref: `#/$defs/d${i + 1}` }, b: { $ref: `#/$defs/d${i + 1}` } } };
    expect(() => formFromSchema(small({ properties: { a: { $ref: '#/$defs/d0' } }, $defs: ok }))).not.to.throw();
  });

  it('keeps schemas/form.meta.schema.json and the copy in core equal', async () => {
    const response = await fetch('/schemas/form.meta.schema.json');
    expect(await response.json()).to.deep.equal(formMetaSchema);
  });
});

describe('loadSchema', () => {
  const json = (body: string, init: ResponseInit = {}) => new Response(body, { headers: { 'content-type': 'application/json' }, ...init });

  it('fetches with same-origin credentials, no redirects and no referrer', async () => {
    let seen: RequestInit | undefined;
    const form = await loadSchema('/forms/visit.json', {
      fetch: async (_url, init) => {
        seen = init;
        return json(JSON.stringify(small()));
      },
    });
    expect(form.id).to.equal('visit-check');
    expect(seen?.credentials).to.equal('same-origin');
    expect(seen?.redirect).to.equal('error');
    expect(seen?.referrerPolicy).to.equal('no-referrer');
  });

  it('loads the demo organisation schema from the server', async () => {
    const form = await loadSchema('/demo/schemas/lone-working-check.schema.json');
    expect(form.id).to.equal('lone-working-check');
    expect(validateWith(form, {}).valid).to.equal(false);
  });

  it('says not-found for 404 and network for other failures', async () => {
    expect((await refusalOf(loadSchema('/no/such/schema.json'))).kind).to.equal('not-found');
    expect((await refusalOf(loadSchema('/x', { fetch: async () => json('', { status: 500 }) }))).kind).to.equal('network');
    expect((await refusalOf(loadSchema('/x', { fetch: async () => Promise.reject(new TypeError('Failed to fetch')) }))).kind).to.equal('network');
  });

  it('enforces the byte cap while reading, even without Content-Length', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(' '.repeat(64 * 1024)));
      },
    });
    const error = await refusalOf(loadSchema('/x', { fetch: async () => new Response(stream) }));
    expect(error.kind).to.equal('too-large');
    expect(pulled).to.be.lessThan(10);
    const declared = await refusalOf(loadSchema('/x', { fetch: async () => json('{}', { headers: { 'content-length': '999999999' } }) }));
    expect(declared.kind).to.equal('too-large');
  });

  it('refuses invalid JSON, invalid UTF-8, and a remote $ref', async () => {
    expect((await refusalOf(loadSchema('/x', { fetch: async () => json('<html>') }))).kind).to.equal('invalid-json');
    expect((await refusalOf(loadSchema('/x', { fetch: async () => new Response(new Uint8Array([0x7b, 0xff, 0x7d])) }))).kind).to.equal('invalid-json');
    const remote = small({ properties: { a: { $ref: 'https://evil.example/a.json' } } });
    expect((await refusalOf(loadSchema('/x', { fetch: async () => json(JSON.stringify(remote)) }))).kind).to.equal('remote-ref');
  });

  it('rejects with AbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    try {
      await loadSchema('/demo/schemas/lone-working-check.schema.json', { signal: controller.signal });
      expect.fail('should have been aborted');
    } catch (error) {
      expect((error as DOMException).name).to.equal('AbortError');
    }
  });
});

export type { FormSchema };
