import { expect } from '@open-wc/testing';
import { ConfigError } from '../errors.js';
import { threatReport, type ThreatReportData } from '../generated/threat-report.js';
import type { AjvError, FieldError, FormSchema } from '../types.js';
import { comparePointers, errorPointer, messageFor, toFieldErrors } from './messages.js';
import { validate } from './by-id.js';
import { validateWith } from './validate.js';
import { fullReport } from '../../../../stories/fixtures/threat-report.js';

/** ajv's own English, which must never reach a user. */
const AJV_PHRASES = [
  'must have required property',
  'must match',
  'must NOT have',
  'must be equal to',
  'must be string',
  'must be integer',
  'must be object',
  'must be >=',
  'must be <=',
  'must pass',
  'must be array',
  'must have property',
  'must be equal to one of',
];

function expectNoAjvEnglish(errors: FieldError[]): void {
  for (const e of errors) {
    for (const phrase of AJV_PHRASES) expect(e.message, e.pointer).not.to.contain(phrase);
    expect(e.message, e.pointer).to.be.a('string').and.not.equal('');
  }
}

/** A report that satisfies every required and conditional rule, with answers in every section. */
function complete(): ThreatReportData {
  return structuredClone(fullReport);
}

type Mutable = Record<string, Record<string, unknown>>;

/** complete() with `patch` applied to one section. */
function withSection(section: string, patch: Record<string, unknown>): Mutable {
  const data = complete() as unknown as Mutable;
  data[section] = { ...data[section], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete data[section]![k];
  return data;
}

function errorAt(errors: FieldError[], pointer: string): string | undefined {
  return errors.find((e) => e.pointer === pointer)?.message;
}

describe('validate: the threat report', () => {
  it('accepts a complete report', () => {
    const r = validate('threat-report', complete());
    expect(r.errors).to.deep.equal([]);
    expect(r.valid).to.equal(true);
  });

  it('validateWith gives the same result as validate', () => {
    expect(validateWith(threatReport, complete())).to.deep.equal({ valid: true, errors: [] });
    expect(validateWith(threatReport, {})).to.deep.equal(validate('threat-report', {}));
  });

  it('accepts a minimal report (only the required fields)', () => {
    const r = validate('threat-report', {
      report: { reporterName: 'A', reportedAt: '2026-03-27T14:30:00Z', reporterAffiliation: 'staff', receiverName: 'B' },
      incident: { subjectName: 'C', threatMadeAt: '2026-03-27T14:30:00Z', subjectAffiliation: 'parent', location: 'digital', summary: 'D' },
      evaluation: { violenceImminent: 'no', intentToHarm: 'no' },
      priority: { decision: 'accept', date: '2026-03-27' },
    });
    expect(r.errors).to.deep.equal([]);
    expect(r.valid).to.equal(true);
  });

  describe('an empty report', () => {
    const expected: [string, string][] = [
      ['/report/reporterName', 'Enter the name of the person reporting the threat'],
      ['/report/reportedAt', 'Enter the date and time the threat was reported'],
      ['/report/reporterAffiliation', 'Select the affiliation of the person reporting the threat'],
      ['/report/receiverName', 'Enter the name of the person receiving the report'],
      ['/incident/subjectName', 'Enter the name of the person who made the threat'],
      ['/incident/threatMadeAt', 'Enter the date and time the threat was made'],
      ['/incident/subjectAffiliation', 'Select the affiliation of the person making the threat'],
      ['/incident/location', 'Select where the threat occurred'],
      ['/incident/summary', 'Enter a summary of the incident or threat'],
      ['/evaluation/violenceImminent', 'Select whether there is an indication that violence is imminent'],
      ['/evaluation/intentToHarm', 'Select whether there is communication of intent to harm'],
      ['/priority/decision', 'Select whether you agree with the suggested priority level'],
      ['/priority/date', 'Enter the date of initial classification'],
    ];

    it('gives a GOV.UK message for every required field, in document order', () => {
      const r = validate('threat-report', {});
      expect(r.valid).to.equal(false);
      expect(r.errors.map((e) => [e.pointer, e.message])).to.deep.equal(expected);
    });

    it('says exactly "Enter the name of the person who made the threat" at /incident/subjectName', () => {
      const r = validate('threat-report', {});
      expect(errorAt(r.errors, '/incident/subjectName')).to.equal('Enter the name of the person who made the threat');
    });

    it('orders report before incident before evaluation before priority', () => {
      const sections = validate('threat-report', {}).errors.map((e) => e.pointer.split('/')[1]);
      const firstIndex = (s: string) => sections.indexOf(s);
      expect(firstIndex('report')).to.be.greaterThan(-1);
      expect(firstIndex('report')).to.be.lessThan(firstIndex('incident'));
      expect(firstIndex('incident')).to.be.lessThan(firstIndex('evaluation'));
      expect(firstIndex('evaluation')).to.be.lessThan(firstIndex('priority'));
      expect(sections.lastIndexOf('report')).to.be.lessThan(firstIndex('incident'));
      expect(sections.lastIndexOf('incident')).to.be.lessThan(firstIndex('evaluation'));
      expect(sections.lastIndexOf('evaluation')).to.be.lessThan(firstIndex('priority'));
    });

    it('never shows ajv English', () => {
      expectNoAjvEnglish(validate('threat-report', {}).errors);
    });

    it('treats undefined and null data as an empty report', () => {
      expect(validate('threat-report', undefined).errors.map((e) => e.pointer)).to.deep.equal(expected.map(([p]) => p));
      expect(validate('threat-report', null).errors.map((e) => e.pointer)).to.deep.equal(expected.map(([p]) => p));
    });

    it('does not change the data it validates', () => {
      const data = {};
      validate('threat-report', data);
      expect(data).to.deep.equal({});
    });

    it('reports empty strings as unanswered', () => {
      const data = withSection('incident', { subjectName: '', summary: '' });
      const r = validate('threat-report', data);
      expect(r.errors).to.deep.equal([
        { pointer: '/incident/subjectName', message: 'Enter the name of the person who made the threat' },
        { pointer: '/incident/summary', message: 'Enter a summary of the incident or threat' },
      ]);
    });
  });

  it('throws ConfigError for an unknown form id, including inherited names', () => {
    expect(() => validate('no-such-form', {})).to.throw(ConfigError, 'no-such-form');
    expect(() => validate('toString', {})).to.throw(ConfigError);
    expect(() => validate('__proto__', {})).to.throw(ConfigError);
  });

  describe('conditional requiredness', () => {
    it('requires reporterAffiliationOther when the affiliation is "other"', () => {
      const r = validate('threat-report', withSection('report', { reporterAffiliationOther: undefined }));
      expect(r.errors).to.deep.equal([
        { pointer: '/report/reporterAffiliationOther', message: 'Enter the affiliation of the person reporting the threat' },
      ]);
    });

    it('ignores a stale reporterAffiliationOther once the affiliation is "staff" (hidden field pruned)', () => {
      const r = validate('threat-report', withSection('report', { reporterAffiliation: 'staff', reporterAffiliationOther: 'x'.repeat(600) }));
      expect(r).to.deep.equal({ valid: true, errors: [] });
    });

    it('requires subjectAffiliationOther when the subject affiliation is "other"', () => {
      const r = validate('threat-report', withSection('incident', { subjectAffiliation: 'other' }));
      expect(r.errors).to.deep.equal([
        { pointer: '/incident/subjectAffiliationOther', message: 'Enter the affiliation of the person making the threat' },
      ]);
    });

    it('requires locationOther when the location is "other", and ignores it otherwise', () => {
      const missing = validate('threat-report', withSection('incident', { locationOther: undefined }));
      expect(missing.errors).to.deep.equal([{ pointer: '/incident/locationOther', message: 'Enter where the threat occurred' }]);
      const empty = validate('threat-report', withSection('incident', { locationOther: '' }));
      expect(empty.errors).to.deep.equal([{ pointer: '/incident/locationOther', message: 'Enter where the threat occurred' }]);
      const stale = validate('threat-report', withSection('incident', { location: 'digital', locationOther: 42 }));
      expect(stale).to.deep.equal({ valid: true, errors: [] });
    });

    it('does not validate the student-only fields for a non-student', () => {
      const r = validate('threat-report', withSection('incident', { subjectAffiliation: 'staff', subjectGrade: 7, subjectProgram: 'y'.repeat(1000) }));
      expect(r.valid).to.equal(true);
    });

    it('requires resolvedAsTransient only when intent to harm is yes', () => {
      const shown = validate('threat-report', withSection('evaluation', { resolvedAsTransient: undefined, seriousness: undefined }));
      expect(shown.errors).to.deep.equal([
        {
          pointer: '/evaluation/resolvedAsTransient',
          message: 'Select whether the threat can be easily resolved so that there is no intent to harm',
        },
      ]);
      const hidden = validate('threat-report', withSection('evaluation', { intentToHarm: 'no', resolvedAsTransient: undefined, seriousness: undefined }));
      expect(hidden.valid).to.equal(true);
    });

    it('requires seriousness only when the threat is substantive', () => {
      const shown = validate('threat-report', withSection('evaluation', { seriousness: undefined }));
      expect(shown.errors).to.deep.equal([
        { pointer: '/evaluation/seriousness', message: 'Select whether the substantive threat is serious or very serious' },
      ]);
      const transient = validate('threat-report', withSection('evaluation', { resolvedAsTransient: 'yes', seriousness: undefined }));
      expect(transient.valid).to.equal(true);
      const stale = validate('threat-report', withSection('evaluation', { intentToHarm: 'no', resolvedAsTransient: 'no', seriousness: 'nonsense' }));
      expect(stale.valid).to.equal(true);
    });

    it('requires level and reason when the priority decision is "change"', () => {
      const r = validate('threat-report', withSection('priority', { level: undefined, reason: undefined }));
      expect(r.errors).to.deep.equal([
        { pointer: '/priority/level', message: 'Select a priority level' },
        { pointer: '/priority/reason', message: 'Enter the reason for choosing a different priority' },
      ]);
    });

    it('ignores level and reason when the suggested priority is accepted', () => {
      const r = validate('threat-report', withSection('priority', { decision: 'accept', level: 9, reason: 'z'.repeat(30000) }));
      expect(r).to.deep.equal({ valid: true, errors: [] });
    });

    it('priority.change.level requires its date and reason (dependentRequired)', () => {
      const r = validate('threat-report', withSection('priority', { change: { level: 4 } }));
      expect(r.errors).to.deep.equal([
        { pointer: '/priority/change/date', message: 'Enter the date of change in classification' },
        { pointer: '/priority/change/reason', message: 'Enter the reason for change' },
      ]);
      expectNoAjvEnglish(r.errors);
      const noLevel = validate('threat-report', withSection('priority', { change: { reason: 'Only a note' } }));
      expect(noLevel.valid).to.equal(true);
    });

    it('drops hidden response-action details by their relative condition (1/status)', () => {
      const data = complete() as unknown as { responseActions: { actions: Record<string, unknown> } };
      data.responseActions.actions['counseling'] = { status: 'not-taken', date: 'not a date', by: '' };
      expect(validate('threat-report', data).valid).to.equal(true);
      data.responseActions.actions['counseling'] = { status: 'taken', date: '2026-02-30' };
      expect(validate('threat-report', data).errors).to.deep.equal([
        { pointer: '/responseActions/actions/counseling/date', message: 'Date must be a real date' },
      ]);
    });

    it('requires date and status on each follow-up, with messages at the item pointer', () => {
      const data = complete() as unknown as { casePlan: { followUps: unknown[] } };
      data.casePlan.followUps = [{ date: '2026-04-05', status: 'ok' }, {}, { status: 'x' }];
      const r = validate('threat-report', data);
      expect(r.errors).to.deep.equal([
        { pointer: '/casePlan/followUps/1/date', message: 'Enter the date of the follow-up or revision' },
        { pointer: '/casePlan/followUps/1/status', message: 'Enter the follow-up or revision of the plan' },
        { pointer: '/casePlan/followUps/2/date', message: 'Enter the date of the follow-up or revision' },
      ]);
    });

    it('caps follow-ups at 50 with the schema message', () => {
      const data = complete() as unknown as { casePlan: { followUps: unknown[] } };
      data.casePlan.followUps = Array.from({ length: 51 }, () => ({ date: '2026-04-05', status: 'ok' }));
      expect(validate('threat-report', data).errors).to.deep.equal([
        { pointer: '/casePlan/followUps', message: 'You can add up to 50 follow-ups or revisions' },
      ]);
    });
  });

  describe('wrong values', () => {
    it('an option that is not in the list', () => {
      const r = validate('threat-report', withSection('report', { reporterAffiliation: 'alien' }));
      expect(r.errors).to.deep.equal([
        { pointer: '/report/reporterAffiliation', message: 'Select affiliation of person reporting threat from the list' },
      ]);
    });

    it('an unknown property', () => {
      const r = validate('threat-report', withSection('incident', { favouriteColour: 'blue' }));
      expect(r.errors).to.deep.equal([
        { pointer: '/incident/favouriteColour', message: 'This answer is not part of this version of the form' },
      ]);
    });

    it('an unknown section', () => {
      const data = { ...complete(), extra: { a: 1 } };
      const r = validate('threat-report', data);
      expect(r.errors).to.deep.equal([{ pointer: '/extra', message: 'This answer is not part of this version of the form' }]);
    });

    it('a string where a section object is expected', () => {
      const data = { ...complete(), report: 'nonsense' };
      const r = validate('threat-report', data);
      expect(r.valid).to.equal(false);
      expect(r.errors.map((e) => e.pointer)).to.deep.equal(['/report']);
      expect(r.errors[0]!.message).to.equal('Threat report is not in the expected form');
    });

    it('one message per field even when ajv reports several keywords', () => {
      const r = validate('threat-report', withSection('report', { reporterAffiliation: 7 }));
      expect(r.errors).to.have.length(1);
      expect(r.errors[0]).to.deep.equal({
        pointer: '/report/reporterAffiliation',
        message: 'Affiliation of person reporting threat is not in the expected form',
      });
    });
  });

  describe('numbers', () => {
    const age = (subjectAge: unknown) => validate('threat-report', withSection('incident', { subjectAge })).errors;

    it('-3 is too small', () => {
      expect(age(-3)).to.deep.equal([{ pointer: '/incident/subjectAge', message: 'Age must be 0 or more' }]);
    });
    it('1000 is too large', () => {
      const errors = age(1000);
      expect(errors).to.have.length(1);
      expect(errors[0]!.message).to.contain('or less');
      expect(errors[0]!.message).to.equal('Age must be 120 or less');
    });
    it('"abc" and 2.5 are not whole numbers', () => {
      expect(age('abc')).to.deep.equal([{ pointer: '/incident/subjectAge', message: 'Age must be a whole number' }]);
      expect(age(2.5)).to.deep.equal([{ pointer: '/incident/subjectAge', message: 'Age must be a whole number' }]);
      expect(age('12')).to.deep.equal([{ pointer: '/incident/subjectAge', message: 'Age must be a whole number' }]);
    });
    it('0 and 120 are fine', () => {
      expect(age(0)).to.deep.equal([]);
      expect(age(120)).to.deep.equal([]);
    });
    it('NaN and Infinity are refused', () => {
      expect(age(Number.NaN)).to.have.length(1);
      expect(age(Number.POSITIVE_INFINITY)).to.have.length(1);
    });
  });

  describe('phone', () => {
    const phone = (value: unknown) => validate('threat-report', withSection('incident', { phone: value })).errors;
    const message = 'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192';

    it('accepts UK and international numbers', () => {
      for (const p of ['01632 960 001', '07700 900 982', '+44 808 157 0192', '(01632) 960-001']) expect(phone(p), p).to.deep.equal([]);
    });
    it('refuses letters, markup and short numbers with the pattern message', () => {
      for (const p of ['call me', '123', '<img src=x onerror=alert(1)>', '0800 CALL NOW', '++44 1234 5678']) {
        expect(phone(p), p).to.deep.equal([{ pointer: '/incident/phone', message }]);
      }
    });
    it('a very long number gets the same message', () => {
      expect(phone('0'.repeat(40))).to.deep.equal([{ pointer: '/incident/phone', message }]);
    });
  });
});

describe('validate: hostile input', () => {
  it('a 1,000,000-character summary gets a length message', () => {
    const r = validate('threat-report', withSection('incident', { summary: 'a'.repeat(1_000_000) }));
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]!.pointer).to.equal('/incident/summary');
    expect(r.errors[0]!.message).to.contain('20,000').and.contain('characters or fewer');
    expect(r.errors[0]!.message).to.equal('Summary of the incident or threat must be 20,000 characters or fewer');
  });

  it('a 201-character name gets a length message, 200 is fine', () => {
    const over = validate('threat-report', withSection('incident', { subjectName: 'n'.repeat(201) }));
    expect(over.errors).to.deep.equal([{ pointer: '/incident/subjectName', message: 'Name of person making threat must be 200 characters or fewer' }]);
    expect(validate('threat-report', withSection('incident', { subjectName: 'n'.repeat(200) })).valid).to.equal(true);
  });

  it('counts an emoji as one character against maxLength (ucs2length)', () => {
    // 200 astral characters are 400 UTF-16 code units, but 200 code points.
    expect(validate('threat-report', withSection('incident', { subjectName: '😀'.repeat(200) })).valid).to.equal(true);
  });

  const odd: [string, string][] = [
    ['markup', '<img src=x onerror=alert(1)><script>alert(1)</script>'],
    ['javascript link', 'javascript:alert(1)'],
    ['template syntax', '{{7*7}} ${1+1}'],
    ['emoji ZWJ sequence', '👩‍👩‍👧‍👦 👨🏽‍💻 🏳️‍🌈'],
    ['flags', '🇬🇧🇺🇦🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['RTL text with U+202E', 'مرحبا \u202Eevil.exe\u202C שלום'],
    ['combining characters', 'Zalgo: Z\u0351\u036b\u0343a\u0310l\u0352g\u0368o e\u0301 n\u0303'],
    ['zero-width characters', 'a\u200Bb\u200Cc\u200Dd\uFEFFe\u2060'],
    ['NUL', 'before\u0000after'],
    ['mixed line endings', 'one\r\ntwo\nthree\rfour\u2028five\u2029six'],
    ['lone surrogate', 'x\uD800y'],
    ['Arabic-Indic digits', '٠١٢٣٤٥٦٧٨٩'],
  ];
  for (const [name, text] of odd) {
    it(`${name} in text fields is valid and unchanged`, () => {
      const data = complete() as unknown as Mutable;
      data['incident']!['subjectName'] = text;
      data['incident']!['summary'] = text;
      data['incident']!['locationOther'] = text;
      data['report']!['reporterName'] = text;
      data['priority']!['reason'] = text;
      data['keyObservations']!['other'] = text;
      const before = JSON.stringify(data);
      const r = validate('threat-report', data);
      expect(r.errors).to.deep.equal([]);
      expect(r.valid).to.equal(true);
      expect(JSON.stringify(data)).to.equal(before);
      expect(data['incident']!['summary']).to.equal(text);
    });
  }

  describe('prototype keys in the data (e.g. a JSON body at the receiver)', () => {
    const valid = JSON.stringify(complete());

    it('reports an own "constructor" key as not part of the form', () => {
      const data = JSON.parse(`{"constructor":{"x":1},${valid.slice(1)}`) as unknown;
      const r = validate('threat-report', data);
      expect(r.valid).to.equal(false);
      expect(r.errors).to.deep.equal([{ pointer: '/constructor', message: 'This answer is not part of this version of the form' }]);
    });

    it('reports an own top-level "__proto__" key as not part of the form', () => {
      const data = JSON.parse(`{"__proto__":{"evil":"<img src=x onerror=alert(1)>"},${valid.slice(1)}`) as unknown;
      expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).to.equal(true);
      const r = validate('threat-report', data);
      expect(({} as Record<string, unknown>)['evil']).to.equal(undefined);
      expect(r.valid).to.equal(false);
      expect(r.errors.map((e) => e.pointer)).to.deep.equal(['/__proto__']);
    });

    it('reports an own nested "__proto__" key as not part of the form', () => {
      const data = JSON.parse(valid.replace('"incident":{', '"incident":{"__proto__":{"phone":"not a phone","x":"y"},')) as { incident: object };
      expect(Object.prototype.hasOwnProperty.call(data.incident, '__proto__')).to.equal(true);
      const r = validate('threat-report', data);
      expect(r.valid).to.equal(false);
      expect(r.errors.map((e) => e.pointer)).to.deep.equal(['/incident/__proto__']);
    });
  });

  describe('impossible and partial dates', () => {
    const dateField = (date: unknown) => validate('threat-report', withSection('priority', { date })).errors;

    it('refuses 31 February, month 13 and year 0000 with the field\'s "must be a real date" message', () => {
      for (const d of ['2026-02-31', '2026-13-01', '0000-01-01', '2026-00-10', '2025-02-29', '2026-3-27', '2026-04-31']) {
        const errors = dateField(d);
        expect(errors, d).to.deep.equal([{ pointer: '/priority/date', message: 'Date of initial classification must be a real date' }]);
      }
    });

    it('names the missing part of a partial date (GOV.UK date pattern)', () => {
      expect(dateField('2026--05')).to.deep.equal([{ pointer: '/priority/date', message: 'Date of initial classification must include a month' }]);
      expect(dateField('2026-03-')).to.deep.equal([{ pointer: '/priority/date', message: 'Date of initial classification must include a day' }]);
      expect(dateField('--05')).to.deep.equal([
        { pointer: '/priority/date', message: 'Date of initial classification must include a month and a year' },
      ]);
    });

    it('asks for a 4-digit year', () => {
      for (const d of ['26-03-27', '20261-03-27', ' 2026-03-27']) {
        expect(dateField(d), d).to.deep.equal([{ pointer: '/priority/date', message: 'Year must include 4 numbers' }]);
      }
    });

    it('never shows ajv English for bad dates', () => {
      for (const d of ['2026-02-31', '2026--05', 'x', '26-1-1']) expectNoAjvEnglish(dateField(d));
    });

    it('accepts real dates, including 29 February of a leap year', () => {
      for (const d of ['2024-02-29', '2000-02-29', '2026-12-31', '1000-01-01']) expect(dateField(d), d).to.deep.equal([]);
    });

    it('asks for the time of a date-time without one', () => {
      for (const d of ['2026-03-27', '2026-03-27T']) {
        const errors = validate('threat-report', withSection('incident', { threatMadeAt: d })).errors;
        expect(errors, d).to.deep.equal([{ pointer: '/incident/threatMadeAt', message: 'Date/time threat made must include a time' }]);
      }
      const time = validate('threat-report', withSection('incident', { threatMadeAt: '2026-03-27T9.30' })).errors;
      expect(time).to.deep.equal([{ pointer: '/incident/threatMadeAt', message: 'Enter a time, like 14:30' }]);
    });

    it('refuses a date-time with an impossible date or time, or without an offset', () => {
      const message = 'Date/time threat made must be a real date and time';
      for (const d of ['2026-02-31T10:00:00Z', '2026-13-01T10:00:00Z', '2026-03-27T25:00:00Z', '2026-03-27T10:60:00Z', '2026-03-27T10:00:00', '2026-03-27T10:00:00+24:00']) {
        const errors = validate('threat-report', withSection('incident', { threatMadeAt: d })).errors;
        expect(errors, d).to.deep.equal([{ pointer: '/incident/threatMadeAt', message }]);
      }
    });

    it('accepts date-times with Z, an offset and fractions of a second', () => {
      for (const d of ['2026-03-27T10:00:00Z', '2026-03-27T10:00:00.123+05:30', '2026-03-27t23:59:59z']) {
        expect(validate('threat-report', withSection('incident', { threatMadeAt: d })).errors, d).to.deep.equal([]);
      }
    });
  });
});

describe('messageFor: GOV.UK date messages', () => {
  // The threat report's date fields all have their own format message, so the generic date messages
  // are checked here against a plain date field.
  const root: FormSchema = { type: 'object', properties: {} };
  const date: FormSchema = { type: 'string', format: 'date', title: 'Date of birth' };
  const dateTime: FormSchema = { type: 'string', format: 'date-time', title: 'Date and time of the incident' };
  const format = (f: string): AjvError => ({ instancePath: '/x', schemaPath: '#/format', keyword: 'format', params: { format: f } });
  const msg = (node: FormSchema, value: unknown) => messageFor(root, node, format(node.format!), value);

  it('impossible dates must be real dates', () => {
    expect(msg(date, '2026-02-31')).to.equal('Date of birth must be a real date');
    expect(msg(date, '2026-13-01')).to.equal('Date of birth must be a real date');
    expect(msg(date, '0000-01-01')).to.equal('Date of birth must be a real date');
  });

  it('says which part of a partial date is missing', () => {
    expect(msg(date, '2026--05')).to.equal('Date of birth must include a month');
    expect(msg(date, '2026-03-')).to.equal('Date of birth must include a day');
    expect(msg(date, '--05')).to.equal('Date of birth must include a month and a year');
    expect(msg(date, '-03-05')).to.equal('Date of birth must include a year');
    expect(msg(date, '')).to.equal('Enter date of birth');
  });

  it('asks for a 4-digit year', () => {
    expect(msg(date, '26-03-05')).to.equal('Year must include 4 numbers');
    expect(msg(date, '20261-03-05')).to.equal('Year must include 4 numbers');
  });

  it('date and time: asks for the time, then a real date and time', () => {
    expect(msg(dateTime, '2026-03-27')).to.equal('Date and time of the incident must include a time');
    expect(msg(dateTime, '2026-03-27T')).to.equal('Date and time of the incident must include a time');
    expect(msg(dateTime, '2026-03-27T1430')).to.equal('Enter a time, like 14:30');
    expect(msg(dateTime, '2026-02-31T14:30:00Z')).to.equal('Date and time of the incident must be a real date and time');
  });

  it('a field message is used for a complete date that is not real; a partial date still names the missing part', () => {
    const own: FormSchema = { ...date, 'x-ui': { messages: { format: 'Custom date message' } } };
    expect(msg(own, '2026-02-31')).to.equal('Custom date message');
    expect(msg(own, '2026--05')).to.equal('Date of birth must include a month');
  });

  it('messages for other keywords are made from the title', () => {
    const name: FormSchema = { type: 'string', title: 'Full name (optional)', maxLength: 10 };
    const err = (keyword: string, params: Record<string, unknown> = {}): AjvError => ({ instancePath: '/x', schemaPath: '#', keyword, params });
    expect(messageFor(root, name, err('required', { missingProperty: 'x' }))).to.equal('Enter full name');
    expect(messageFor(root, name, err('maxLength', { limit: 12345 }))).to.equal('Full name must be 12,345 characters or fewer');
    expect(messageFor(root, name, err('pattern'))).to.equal('Enter full name in the correct format');
    expect(messageFor(root, { type: 'number', title: 'Weight' }, err('type', { type: 'number' }))).to.equal('Weight must be a number');
    expect(messageFor(root, { type: 'integer', title: 'Count' }, err('minimum', { limit: 1000 }))).to.equal('Count must be 1,000 or more');
    expect(messageFor(root, { type: 'integer', title: 'Count' }, err('maximum', { limit: 5 }))).to.equal('Count must be 5 or less');
    expect(messageFor(root, { type: 'string', format: 'email', title: 'Email' }, err('format', { format: 'email' }))).to.equal(
      'Enter an email address in the correct format, like name@example.com',
    );
    expect(messageFor(root, undefined, err('required', { missingProperty: 'x' }))).to.equal('Enter this answer');
    expect(messageFor(root, { title: 'IEP status' }, err('required'))).to.equal('Enter IEP status');
  });
});

describe('toFieldErrors', () => {
  const root = threatReport.schema;
  const e = (instancePath: string, keyword: string, params: Record<string, unknown> = {}): AjvError => ({
    instancePath,
    schemaPath: '#',
    keyword,
    params,
  });

  it('gives one error per pointer, preferring required, then type', () => {
    const errors = toFieldErrors(root, [
      e('/incident/subjectAge', 'minimum', { limit: 0 }),
      e('/incident/subjectAge', 'type', { type: 'integer' }),
      e('/report', 'required', { missingProperty: 'reporterName' }),
      e('/report/reporterName', 'minLength', { limit: 1 }),
      e('/report/reporterAffiliation', 'const', { allowedValue: 'student' }),
      e('/report/reporterAffiliation', 'const', { allowedValue: 'parent' }),
      e('/report/reporterAffiliation', 'oneOf', {}),
      e('/report', 'if', { failingKeyword: 'then' }),
    ]);
    const pointers = errors.map((x) => x.pointer);
    expect(pointers).to.deep.equal([...new Set(pointers)]);
    expect(errors).to.deep.equal([
      { pointer: '/report/reporterName', message: 'Enter the name of the person reporting the threat' },
      { pointer: '/report/reporterAffiliation', message: 'Select affiliation of person reporting threat from the list' },
      { pointer: '/incident/subjectAge', message: 'Age must be a whole number' },
    ]);
  });

  it('leaves out wrapper keywords (if, allOf, then, else); an unmet anyOf is one message on its group', () => {
    expect(toFieldErrors(root, ['if', 'allOf', 'then', 'else'].map((k) => e('/report', k)))).to.deep.equal([]);
    expect(toFieldErrors(root, [e('/report', 'anyOf')])).to.deep.equal([{ pointer: '/report', message: 'Check threat report' }]);
  });

  it('errorPointer points at the missing or extra property, escaped', () => {
    expect(errorPointer(e('/a', 'required', { missingProperty: 'b/c' }))).to.equal('/a/b~1c');
    expect(errorPointer(e('', 'dependentRequired', { missingProperty: 'x' }))).to.equal('/x');
    expect(errorPointer(e('/a', 'additionalProperties', { additionalProperty: 'z~' }))).to.equal('/a/z~0');
    expect(errorPointer(e('/a/b', 'maxLength', { limit: 3 }))).to.equal('/a/b');
  });

  it('comparePointers orders by schema property order, then item index, then depth', () => {
    const sorted = ['/priority/date', '/casePlan/followUps/10/date', '/report', '/casePlan/followUps/2/status', '/incident/summary', '/incident/subjectName', '/zzz', '/report/receiverName']
      .sort((a, b) => comparePointers(root, a, b));
    expect(sorted).to.deep.equal([
      '/report',
      '/report/receiverName',
      '/incident/subjectName',
      '/incident/summary',
      '/priority/date',
      '/casePlan/followUps/2/status',
      '/casePlan/followUps/10/date',
      '/zzz',
    ]);
  });
});

describe('toFieldErrors: group rules', () => {
  const root = {
    type: 'object',
    properties: {
      contact: {
        title: 'First emergency contact',
        type: 'object',
        properties: { home: { title: 'Home', type: 'string' }, mobile: { title: 'Mobile', type: 'string' } },
        anyOf: [{ required: ['home'] }, { required: ['mobile'] }],
        'x-ui': { messages: { anyOf: 'Enter at least one telephone number for the first emergency contact' } },
      },
    },
  } as unknown as FormSchema;

  it('reports an unmet anyOf once, on the group, with its own message, not once per alternative', () => {
    const errors: AjvError[] = [
      { instancePath: '/contact', schemaPath: '#/properties/contact/anyOf/0/required', keyword: 'required', params: { missingProperty: 'home' } },
      { instancePath: '/contact', schemaPath: '#/properties/contact/anyOf/1/required', keyword: 'required', params: { missingProperty: 'mobile' } },
      { instancePath: '/contact', schemaPath: '#/properties/contact/anyOf', keyword: 'anyOf', params: {} },
    ];
    expect(toFieldErrors(root, errors)).to.deep.equal([
      { pointer: '/contact', message: 'Enter at least one telephone number for the first emergency contact' },
    ]);
  });
});
