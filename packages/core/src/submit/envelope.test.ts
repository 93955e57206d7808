import { expect } from '@open-wc/testing';
import { threatReport, type ThreatReportData } from '../generated/threat-report.js';
import { classifyThreat } from '../score/threat.js';
import { buildEnvelope } from './envelope.js';
import { newIdempotencyKey } from './key.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function data(): ThreatReportData {
  return {
    report: {
      reporterName: 'Alex',
      reportedAt: '2026-03-27T14:30:00Z',
      reporterAffiliation: 'staff',
      reporterAffiliationOther: 'stale answer',
      receiverName: '',
    },
    incident: {
      subjectName: 'Jo',
      threatMadeAt: '2026-03-27T09:00:00Z',
      subjectAffiliation: 'parent',
      subjectGrade: '9',
      location: 'digital',
      summary: 'Summary',
    },
    evaluation: { violenceImminent: 'no', intentToHarm: 'yes', resolvedAsTransient: 'yes', seriousness: 'serious' },
    priority: { decision: 'accept', level: 1, reason: 'stale', date: '2026-03-28' },
  };
}

describe('buildEnvelope', () => {
  it('carries the form id, schema version, ISO time, pruned data and result', () => {
    const input = data();
    const result = classifyThreat(input);
    const now = new Date(Date.UTC(2026, 10, 22, 10, 0, 0));
    const env = buildEnvelope(threatReport, input, result, now);
    expect(env.formId).to.equal('threat-report');
    expect(env.schemaVersion).to.equal(threatReport.version);
    expect(env.schemaVersion).to.equal(threatReport.schema['x-version']);
    expect(env.schemaVersion).to.equal('1.0.0');
    expect(env.submittedAt).to.equal('2026-11-22T10:00:00.000Z');
    expect(env.result).to.equal(result);
    expect(env.data).to.deep.equal({
      report: { reporterName: 'Alex', reportedAt: '2026-03-27T14:30:00Z', reporterAffiliation: 'staff' },
      incident: { subjectName: 'Jo', threatMadeAt: '2026-03-27T09:00:00Z', subjectAffiliation: 'parent', location: 'digital', summary: 'Summary' },
      evaluation: { violenceImminent: 'no', intentToHarm: 'yes', resolvedAsTransient: 'yes' },
      priority: { decision: 'accept', date: '2026-03-28' },
    });
    expect(Object.keys(env).sort()).to.deep.equal(['data', 'formId', 'result', 'schemaVersion', 'submittedAt']);
  });

  it('does not change the data on screen', () => {
    const input = data();
    const before = JSON.stringify(input);
    buildEnvelope(threatReport, input, null);
    expect(JSON.stringify(input)).to.equal(before);
    expect(input.report.reporterAffiliationOther).to.equal('stale answer');
  });

  it('defaults submittedAt to now, as ISO 8601 UTC', () => {
    const before = Date.now();
    const env = buildEnvelope(threatReport, data(), null);
    const after = Date.now();
    expect(env.submittedAt).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const t = Date.parse(env.submittedAt);
    expect(t).to.be.within(before, after);
    expect(env.result).to.equal(null);
  });

  it('round-trips through JSON', () => {
    const env = buildEnvelope(threatReport, data(), classifyThreat(data()));
    expect(JSON.parse(JSON.stringify(env))).to.deep.equal(env);
  });
});

describe('newIdempotencyKey', () => {
  /** 1000 keys: each a v4 UUID, no two alike. */
  function expectThousandUniqueV4Keys() {
    const keys = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const key = newIdempotencyKey();
      expect(key).to.match(UUID_V4);
      keys.add(key);
    }
    expect(keys.size).to.equal(1000);
  }

  it('returns RFC 4122 version 4 UUIDs, unique over 1000 calls', () => {
    expectThousandUniqueV4Keys();
  });

  it('falls back to getRandomValues when crypto.randomUUID is missing (plain http)', () => {
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true, writable: true });
    try {
      expect(typeof crypto.randomUUID).to.equal('undefined');
      expectThousandUniqueV4Keys();
    } finally {
      delete (crypto as unknown as Record<string, unknown>)['randomUUID'];
    }
    expect(typeof crypto.randomUUID).to.equal('function');
  });
});
