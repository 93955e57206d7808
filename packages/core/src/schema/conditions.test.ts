import { expect } from '@open-wc/testing';
import { threatReport } from '../generated/threat-report.js';
import type { Condition, FormSchema } from '../types.js';
import { evaluateCondition, isHiddenHere, pruneHidden } from './conditions.js';

const root = threatReport.schema;

describe('evaluateCondition', () => {
  const data = {
    evaluation: { intentToHarm: 'yes', resolvedAsTransient: 'no', count: 0, flag: false },
    list: [],
    group: {},
    filled: { a: 1 },
    tags: ['x'],
    empty: '',
    nothing: null,
    actions: { reprimand: { status: 'taken' }, apology: { status: 'not-taken' } },
  };

  it('equals compares strictly', () => {
    expect(evaluateCondition({ path: '/evaluation/intentToHarm', equals: 'yes' }, data, '')).to.equal(true);
    expect(evaluateCondition({ path: '/evaluation/intentToHarm', equals: 'no' }, data, '')).to.equal(false);
    expect(evaluateCondition({ path: '/evaluation/count', equals: '0' }, data, '')).to.equal(false);
    expect(evaluateCondition({ path: '/evaluation/count', equals: 0 }, data, '')).to.equal(true);
    expect(evaluateCondition({ path: '/missing', equals: undefined }, data, '')).to.equal(true);
    expect(evaluateCondition({ path: '/missing', equals: null }, data, '')).to.equal(false);
  });

  it('in checks membership', () => {
    expect(evaluateCondition({ path: '/actions/reprimand/status', in: ['taken', 'recommended'] }, data, '')).to.equal(true);
    expect(evaluateCondition({ path: '/actions/apology/status', in: ['taken', 'recommended'] }, data, '')).to.equal(false);
    expect(evaluateCondition({ path: '/missing', in: ['taken'] }, data, '')).to.equal(false);
    expect(evaluateCondition({ path: '/actions/reprimand/status', in: [] }, data, '')).to.equal(false);
  });

  it('notEmpty: undefined, null, "", [] and {} are empty; 0, false and filled values are not', () => {
    const notEmpty = (path: string) => evaluateCondition({ path, notEmpty: true }, data, '');
    expect(notEmpty('/missing')).to.equal(false);
    expect(notEmpty('/nothing')).to.equal(false);
    expect(notEmpty('/empty')).to.equal(false);
    expect(notEmpty('/list')).to.equal(false);
    expect(notEmpty('/group')).to.equal(false);
    expect(notEmpty('/evaluation/count')).to.equal(true);
    expect(notEmpty('/evaluation/flag')).to.equal(true);
    expect(notEmpty('/filled')).to.equal(true);
    expect(notEmpty('/tags')).to.equal(true);
    expect(notEmpty('/evaluation/intentToHarm')).to.equal(true);
  });

  it('all, any and not combine conditions', () => {
    const yes: Condition = { path: '/evaluation/intentToHarm', equals: 'yes' };
    const no: Condition = { path: '/evaluation/intentToHarm', equals: 'no' };
    expect(evaluateCondition({ all: [yes, { path: '/evaluation/resolvedAsTransient', equals: 'no' }] }, data, '')).to.equal(true);
    expect(evaluateCondition({ all: [yes, no] }, data, '')).to.equal(false);
    expect(evaluateCondition({ any: [no, yes] }, data, '')).to.equal(true);
    expect(evaluateCondition({ any: [no, no] }, data, '')).to.equal(false);
    expect(evaluateCondition({ not: yes }, data, '')).to.equal(false);
    expect(evaluateCondition({ not: no }, data, '')).to.equal(true);
    expect(evaluateCondition({ not: { not: yes } }, data, '')).to.equal(true);
    expect(evaluateCondition({ all: [] }, data, '')).to.equal(true);
    expect(evaluateCondition({ any: [] }, data, '')).to.equal(false);
    expect(evaluateCondition({ all: [{ any: [no, { not: no }] }, { not: { all: [yes, no] } }] }, data, '')).to.equal(true);
  });

  it('resolves relative paths against the field holding the condition', () => {
    const cond: Condition = { path: '1/status', in: ['taken', 'recommended'] };
    expect(evaluateCondition(cond, data, '/actions/reprimand/date')).to.equal(true);
    expect(evaluateCondition(cond, data, '/actions/apology/date')).to.equal(false);
    expect(evaluateCondition({ path: '2/reprimand/status', equals: 'taken' }, data, '/actions/apology/note')).to.equal(true);
    expect(evaluateCondition({ all: [{ path: '1/status', equals: 'taken' }] }, data, '/actions/reprimand/by')).to.equal(true);
    expect(evaluateCondition({ not: { path: '1/status', equals: 'taken' } }, data, '/actions/apology/by')).to.equal(true);
  });

  it('is false for an unknown condition shape', () => {
    const unknown = [{}, { path: '/evaluation/intentToHarm' }, { path: '/evaluation/intentToHarm', matches: 'y.*' }, { foo: 'bar' }, { equals: 'yes' }];
    for (const c of unknown) {
      expect(evaluateCondition(c as unknown as Condition, data, ''), JSON.stringify(c)).to.equal(false);
    }
  });

  it('does not read inherited properties', () => {
    expect(evaluateCondition({ path: '/toString', notEmpty: true }, {}, '')).to.equal(false);
    expect(evaluateCondition({ path: '/constructor', notEmpty: true }, {}, '')).to.equal(false);
  });
});

describe('isHiddenHere', () => {
  it('is true only for a field whose showIf is false', () => {
    const node = root.properties!['report']!.properties!['reporterAffiliationOther']!;
    const tokens = ['report', 'reporterAffiliationOther'];
    expect(isHiddenHere(root, node, { report: { reporterAffiliation: 'staff' } }, tokens)).to.equal(true);
    expect(isHiddenHere(root, node, { report: { reporterAffiliation: 'other' } }, tokens)).to.equal(false);
    const always = root.properties!['report']!.properties!['reporterName']!;
    expect(isHiddenHere(root, always, {}, ['report', 'reporterName'])).to.equal(false);
  });

  it('reads showIf through a $ref (response action date)', () => {
    const action = root.properties!['responseActions']!.properties!['actions']!.properties!['reprimand']!;
    const defs = root.$defs!['responseAction']!;
    expect(action.$ref).to.equal('#/$defs/responseAction');
    const date = defs.properties!['date']!;
    const tokens = ['responseActions', 'actions', 'reprimand', 'date'];
    expect(isHiddenHere(root, date, { responseActions: { actions: { reprimand: { status: 'taken' } } } }, tokens)).to.equal(false);
    expect(isHiddenHere(root, date, { responseActions: { actions: { reprimand: { status: 'not-taken' } } } }, tokens)).to.equal(true);
  });
});

describe('pruneHidden', () => {
  it('drops the values of hidden fields', () => {
    const data = {
      report: { reporterName: 'Alex', reporterAffiliation: 'staff', reporterAffiliationOther: 'stale' },
      incident: { subjectAffiliation: 'parent', subjectGrade: '9', subjectProgram: 'x', location: 'digital', locationOther: 'stale' },
      evaluation: { intentToHarm: 'no', resolvedAsTransient: 'no', seriousness: 'serious', violenceImminent: 'no' },
      priority: { decision: 'accept', level: 2, reason: 'stale', date: '2026-03-28' },
    };
    expect(pruneHidden(root, data)).to.deep.equal({
      report: { reporterName: 'Alex', reporterAffiliation: 'staff' },
      incident: { subjectAffiliation: 'parent', location: 'digital' },
      evaluation: { intentToHarm: 'no', violenceImminent: 'no' },
      priority: { decision: 'accept', date: '2026-03-28' },
    });
  });

  it('keeps the values of shown conditional fields', () => {
    const data = {
      report: { reporterAffiliation: 'other', reporterAffiliationOther: 'Volunteer' },
      incident: { subjectAffiliation: 'student', subjectGrade: '9', subjectProgram: 'x', location: 'other', locationOther: 'Park' },
      evaluation: { intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' },
      priority: { decision: 'change', level: 2, reason: 'why' },
    };
    expect(pruneHidden(root, data)).to.deep.equal(data);
  });

  it('resolvedAsTransient shown but seriousness hidden for a transient threat', () => {
    const out = pruneHidden(root, { evaluation: { intentToHarm: 'yes', resolvedAsTransient: 'yes', seriousness: 'serious' } });
    expect(out).to.deep.equal({ evaluation: { intentToHarm: 'yes', resolvedAsTransient: 'yes' } });
  });

  it('applies relative conditions inside $ref groups', () => {
    const data = {
      responseActions: {
        actions: {
          reprimand: { status: 'taken', date: '2026-03-28', by: 'Head', note: 'n' },
          counseling: { status: 'not-taken', date: '2026-03-28', by: 'Head', note: 'n' },
          studentApology: { status: 'recommended', note: 'Parent refused' },
        },
      },
      assessmentFindings: {
        priorThreats: { reviewed: 'reviewed', findings: 'kept' },
        priorDiscipline: { reviewed: 'not-available', findings: 'dropped' },
      },
    };
    expect(pruneHidden(root, data)).to.deep.equal({
      responseActions: {
        actions: {
          reprimand: { status: 'taken', date: '2026-03-28', by: 'Head', note: 'n' },
          counseling: { status: 'not-taken' },
          studentApology: { status: 'recommended', note: 'Parent refused' },
        },
      },
      assessmentFindings: {
        priorThreats: { reviewed: 'reviewed', findings: 'kept' },
        priorDiscipline: { reviewed: 'not-available' },
      },
    });
  });

  it('drops empty strings, which mean "not answered"', () => {
    const out = pruneHidden(root, { report: { reporterName: '', receiverName: 'Sam' }, incident: { summary: '' , subjectName: ' ' } });
    expect(out).to.deep.equal({ report: { receiverName: 'Sam' }, incident: { subjectName: ' ' } });
  });

  it('keeps everything else: 0, false, null, odd strings, unknown keys, arrays', () => {
    const text = '<b>x</b> 👩‍👩‍👧 \u202E\u0000\r\n';
    const data = {
      incident: { subjectAge: 0, summary: text, unknownKey: { nested: [1, 2] } },
      casePlan: { followUps: [{ date: '2026-04-01', status: 'a' }, { date: '2026-04-02', status: 'b' }] },
      extraSection: { anything: false, nothing: null },
    };
    expect(pruneHidden(root, data)).to.deep.equal(data);
  });

  it('prunes inside array items', () => {
    const out = pruneHidden(root, { casePlan: { followUps: [{ date: '', status: 'a' }, { date: '2026-04-02', status: '' }] } });
    expect(out).to.deep.equal({ casePlan: { followUps: [{ status: 'a' }, { date: '2026-04-02' }] } });
  });

  it('never turns an own "__proto__" key into the prototype of the result', () => {
    const data = JSON.parse('{"incident":{"__proto__":{"phone":"not validated"},"subjectName":"Jo"},"__proto__":{"report":{"reporterName":"x"}}}') as unknown;
    const out = pruneHidden(root, data) as { incident: Record<string, unknown> } & Record<string, unknown>;
    expect(({} as Record<string, unknown>)['phone']).to.equal(undefined);
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(Object.getPrototypeOf(out.incident)).to.equal(Object.prototype);
    expect(out.incident['phone']).to.equal(undefined);
    expect(out['report']).to.equal(undefined);
  });

  it('does not change its input', () => {
    const data = { report: { reporterAffiliation: 'staff', reporterAffiliationOther: 'stale', reporterName: '' } };
    const before = JSON.stringify(data);
    pruneHidden(root, data);
    expect(JSON.stringify(data)).to.equal(before);
  });

  it('leaves data that is not an object as it is', () => {
    expect(pruneHidden(root, 'x')).to.equal('x');
    expect(pruneHidden(root, 5)).to.equal(5);
    expect(pruneHidden(root, null)).to.equal(null);
  });

  it('works on a small custom schema with not/any conditions', () => {
    const schema: FormSchema = {
      type: 'object',
      properties: {
        kind: { type: 'string' },
        detail: { type: 'string', 'x-ui': { showIf: { not: { path: '/kind', equals: 'none' } } } },
        extra: { type: 'string', 'x-ui': { showIf: { any: [{ path: '/kind', equals: 'a' }, { path: '/kind', equals: 'b' }] } } },
        broken: { type: 'string', 'x-ui': { showIf: { typo: 1 } as unknown as Condition } },
      },
    };
    expect(pruneHidden(schema, { kind: 'none', detail: 'd', extra: 'e', broken: 'x' })).to.deep.equal({ kind: 'none' });
    expect(pruneHidden(schema, { kind: 'b', detail: 'd', extra: 'e', broken: 'x' })).to.deep.equal({ kind: 'b', detail: 'd', extra: 'e' });
  });
});

describe('pruneHidden: chains of conditions', () => {
  it('hides a field whose condition depends on a field that is itself hidden', () => {
    const root = {
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'string', 'x-ui': { showIf: { path: '/a', equals: 'yes' } } },
        c: { type: 'string', 'x-ui': { showIf: { path: '/b', equals: 'yes' } } },
      },
    } as const;
    expect(pruneHidden(root as never, { a: 'no', b: 'yes', c: 'kept?' })).to.deep.equal({ a: 'no' });
    expect(pruneHidden(root as never, { a: 'yes', b: 'yes', c: 'kept' })).to.deep.equal({ a: 'yes', b: 'yes', c: 'kept' });
  });
});
