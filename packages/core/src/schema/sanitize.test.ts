import { expect } from '@open-wc/testing';
import { threatReport } from '../generated/threat-report.js';
import type { FormSchema, JsonObject } from '../types.js';
import { MAX_ITEMS, sanitizeValue } from './sanitize.js';

const root = threatReport.schema;

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown, seen = new Set<object>()): Set<object> {
  if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const v of Object.values(value)) objectsIn(v, seen);
  }
  return seen;
}

function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return 'polluted' in probe || 'isAdmin' in probe || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
}

describe('sanitizeValue', () => {
  afterEach(() => {
    // In case a test failed half-way, never leave a polluted prototype behind for other tests.
    delete (Object.prototype as Record<string, unknown>)['polluted'];
    delete (Object.prototype as Record<string, unknown>)['isAdmin'];
  });

  it('keeps a well-formed report as it is', () => {
    const data = {
      report: { reporterName: 'Alex', reportedAt: '2026-03-27T14:30:00Z', reporterAffiliation: 'staff', receiverName: 'Sam' },
      incident: { subjectAge: 14, location: 'other', locationOther: 'Park', emergencyContact: { name: 'Pat' } },
      priority: { decision: 'change', level: 2, date: '2026-03-28' },
      casePlan: { followUps: [{ date: '2026-04-01', status: 'ok' }] },
    };
    expect(sanitizeValue(root, data)).to.deep.equal(data);
  });

  it('drops __proto__, constructor and prototype keys at every level, and does not pollute Object.prototype', () => {
    const input = JSON.parse(
      `{
        "__proto__": { "polluted": true },
        "constructor": { "prototype": { "isAdmin": true } },
        "prototype": { "polluted": true },
        "report": {
          "__proto__": { "polluted": true },
          "constructor": "x",
          "prototype": "y",
          "reporterName": "Alex"
        },
        "incident": {
          "emergencyContact": { "__proto__": { "polluted": true }, "constructor": { "prototype": { "isAdmin": true } }, "name": "Pat" }
        },
        "casePlan": { "followUps": [ { "__proto__": { "polluted": true }, "prototype": 1, "date": "2026-04-01" } ] }
      }`,
    ) as JsonObject;
    expect(Object.prototype.hasOwnProperty.call(input, '__proto__')).to.equal(true);
    const out = sanitizeValue(root, input);
    expect(out).to.deep.equal({
      report: { reporterName: 'Alex' },
      incident: { emergencyContact: { name: 'Pat' } },
      casePlan: { followUps: [{ date: '2026-04-01' }] },
    });
    for (const o of objectsIn(out)) {
      expect(Object.keys(o)).not.to.include.members(['__proto__']);
      expect(Object.prototype.hasOwnProperty.call(o, '__proto__')).to.equal(false);
      expect(Object.prototype.hasOwnProperty.call(o, 'constructor')).to.equal(false);
      expect(Object.prototype.hasOwnProperty.call(o, 'prototype')).to.equal(false);
      if (!Array.isArray(o)) expect(Object.getPrototypeOf(o)).to.equal(Object.prototype);
    }
    expect(polluted()).to.equal(false);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });

  it('drops unknown keys at every level', () => {
    const out = sanitizeValue(root, {
      extraSection: { a: 1 },
      report: { reporterName: 'Alex', nickname: 'Al' },
      incident: { homeAddress: { line1: '1 High St', country: 'UK' }, emergencyContact: { name: 'Pat', phone: '123' } },
      casePlan: { followUps: [{ date: '2026-04-01', status: 'ok', owner: 'me' }] },
      responseActions: { actions: { reprimand: { status: 'taken', signature: 'x' }, madeUp: { status: 'taken' } } },
    });
    expect(out).to.deep.equal({
      report: { reporterName: 'Alex' },
      incident: { homeAddress: { line1: '1 High St' }, emergencyContact: { name: 'Pat' } },
      casePlan: { followUps: [{ date: '2026-04-01', status: 'ok' }] },
      responseActions: { actions: { reprimand: { status: 'taken' } } },
    });
  });

  it('drops values of the wrong type', () => {
    const out = sanitizeValue(root, {
      report: { reporterName: 42, receiverName: ['Sam'], reportedAt: { when: 'now' } },
      incident: {
        subjectName: true,
        subjectAge: '14',
        summary: null,
        emergencyContact: 'Pat',
        homeAddress: ['1 High St'],
      },
      casePlan: { followUps: { 0: { date: '2026-04-01' } } },
      evaluation: 'yes',
    });
    expect(out).to.deep.equal({ report: {}, incident: {}, casePlan: {} });
  });

  it('drops NaN, Infinity and fractions where an integer is expected', () => {
    for (const subjectAge of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2.5, '12', 12n]) {
      const out = sanitizeValue(root, { incident: { subjectAge } });
      expect(out, String(subjectAge)).to.deep.equal({ incident: {} });
    }
    expect(sanitizeValue(root, { incident: { subjectAge: 12 } })).to.deep.equal({ incident: { subjectAge: 12 } });
    // Range is the validator's job: an out-of-range whole number is kept so the user sees the message.
    expect(sanitizeValue(root, { incident: { subjectAge: -3 } })).to.deep.equal({ incident: { subjectAge: -3 } });
  });

  it('drops NaN and Infinity where a number is expected, keeps finite numbers', () => {
    const schema: FormSchema = { type: 'object', properties: { weight: { type: 'number' }, flag: { type: 'boolean' } } };
    expect(sanitizeValue(schema, { weight: Number.NaN, flag: 'true' })).to.deep.equal({});
    expect(sanitizeValue(schema, { weight: Number.POSITIVE_INFINITY })).to.deep.equal({});
    expect(sanitizeValue(schema, { weight: 2.5, flag: false })).to.deep.equal({ weight: 2.5, flag: false });
  });

  it('drops option values that are not in the oneOf', () => {
    const out = sanitizeValue(root, {
      report: { reporterAffiliation: 'alien' },
      incident: { location: 'School Building or Grounds', subjectSex: 'male' },
      evaluation: { intentToHarm: 'YES', violenceImminent: true, seriousness: 'very-serious' },
      priority: { level: 7, decision: 'accept', change: { level: '2' } },
      keyObservations: { moreSerious: { firearmAccess: 'maybe', specificPlan: 'partially' } },
    });
    expect(out).to.deep.equal({
      report: {},
      incident: { subjectSex: 'male' },
      evaluation: { seriousness: 'very-serious' },
      priority: { decision: 'accept', change: {} },
      keyObservations: { moreSerious: { specificPlan: 'partially' } },
    });
  });

  it('caps a 10,000-item followUps array at the schema maxItems (50)', () => {
    const followUps = Array.from({ length: 10_000 }, (_, i) => ({ date: '2026-04-01', status: `item ${i}` }));
    const out = sanitizeValue(root, { casePlan: { followUps } }) as { casePlan: { followUps: { status: string }[] } };
    expect(out.casePlan.followUps).to.have.length(50);
    expect(out.casePlan.followUps[0]!.status).to.equal('item 0');
    expect(out.casePlan.followUps[49]!.status).to.equal('item 49');
    expect(followUps).to.have.length(10_000);
  });

  it(`caps an array without maxItems at MAX_ITEMS (${MAX_ITEMS})`, () => {
    const schema: FormSchema = {
      type: 'object',
      properties: { notes: { type: 'array', items: { type: 'string' } }, big: { type: 'array', maxItems: 100_000, items: { type: 'integer' } } },
    };
    const out = sanitizeValue(schema, { notes: Array.from({ length: 10_000 }, (_, i) => `n${i}`), big: Array.from({ length: 10_000 }, (_, i) => i) }) as {
      notes: string[];
      big: number[];
    };
    expect(MAX_ITEMS).to.be.a('number').and.be.greaterThan(0);
    expect(out.notes).to.have.length(MAX_ITEMS);
    expect(out.big).to.have.length(MAX_ITEMS);
  });

  it('keeps the item positions of an array of objects (a bad item becomes an empty one)', () => {
    const out = sanitizeValue(root, { casePlan: { followUps: [{ date: '2026-04-01' }, 'junk', null, { status: 'x' }] } });
    expect(out).to.deep.equal({ casePlan: { followUps: [{ date: '2026-04-01' }, {}, {}, { status: 'x' }] } });
  });

  it('drops unknown options from a multiple-choice array', () => {
    const schema: FormSchema = {
      type: 'object',
      properties: {
        tags: { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }] } },
      },
    };
    expect(sanitizeValue(schema, { tags: ['a', 'zzz', 3, 'b', null] })).to.deep.equal({ tags: ['a', 'b'] });
  });

  it('keeps over-long strings intact', () => {
    const long = 'x'.repeat(1_000_000);
    const out = sanitizeValue(root, { incident: { summary: long, subjectName: 'n'.repeat(5000) } }) as { incident: { summary: string; subjectName: string } };
    expect(out.incident.summary).to.have.length(1_000_000);
    expect(out.incident.summary).to.equal(long);
    expect(out.incident.subjectName).to.have.length(5000);
  });

  it('keeps odd but valid text exactly', () => {
    const text = '<img src=x onerror=alert(1)> 👩‍👩‍👧‍👦 🇬🇧 \u202Eabc\u0000 e\u0301 a\u200Bb\r\n\r';
    expect(sanitizeValue(root, { incident: { summary: text } })).to.deep.equal({ incident: { summary: text } });
  });

  it('returns a fresh tree that shares no object with the input', () => {
    const input = {
      report: { reporterName: 'Alex' },
      incident: { emergencyContact: { name: 'Pat' }, homeAddress: { line1: '1 High St' } },
      casePlan: { followUps: [{ date: '2026-04-01', status: 'ok' }], resolution: { plan: 'p' } },
      keyObservations: { lessSerious: { admitsThreat: 'yes' } },
    };
    const before = JSON.stringify(input);
    const out = sanitizeValue(root, input);
    expect(out).to.deep.equal(input);
    const inputObjects = objectsIn(input);
    for (const o of objectsIn(out)) expect(inputObjects.has(o)).to.equal(false);
    (out['report'] as JsonObject)['reporterName'] = 'changed';
    expect(JSON.stringify(input)).to.equal(before);
  });

  it('returns {} for anything that is not an object', () => {
    for (const v of [undefined, null, 'x', 42, [], [{ report: {} }], true]) {
      expect(sanitizeValue(root, v), String(v)).to.deep.equal({});
    }
  });

  it('ignores inherited properties of the input', () => {
    const proto = { report: { reporterName: 'Inherited' } };
    const input = Object.create(proto) as JsonObject;
    input['incident'] = { subjectName: 'Own' };
    expect(sanitizeValue(root, input)).to.deep.equal({ incident: { subjectName: 'Own' } });
  });

  it('stops at a depth limit on a recursive schema instead of overflowing the stack', () => {
    const schema: FormSchema = {
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } } } },
      $ref: '#/$defs/node',
    };
    let deep: JsonObject = { name: 'leaf' };
    for (let i = 0; i < 5000; i++) deep = { name: `n${i}`, child: deep };
    const out = sanitizeValue(schema, deep);
    let depth = 0;
    for (let node: JsonObject | undefined = out; node; node = node['child'] as JsonObject | undefined) depth++;
    expect(depth).to.be.greaterThan(10);
    expect(depth).to.be.at.most(70);
  });
});
