/**
 * Fixtures of the submission tests (ported from the old receiver's test helpers): a complete, valid
 * threat report, an envelope around it, and what its answers classify as.
 */
import { forms } from '@safety-forms/core';
import { randomUUID } from 'node:crypto';
import { FAKE_NAME } from './app.js';

export { FAKE_NAME };

/** The threat report schema's x-version: what the envelope's schemaVersion must be. */
export const SCHEMA_VERSION: string = forms['threat-report']!.version;

/** What a threat report's reference looks like. */
export const REFERENCE = /^TR-\d{8}-[0-9A-F]{6}$/;

/**
 * A complete threat report that satisfies every required and conditional rule of the schema and has
 * no hidden fields (every `showIf` of a field that carries a value holds), so what the form submits
 * equals it exactly. The evaluation answers give a serious substantive threat (violence not imminent,
 * intent to harm, not resolved as transient, seriousness "serious").
 */
export function validThreatReport() {
  const taken = { status: 'taken', date: '2026-11-20', by: 'A. Head', note: 'Done the same day' };
  return {
    report: {
      reporterName: 'Pat Reporter',
      reportedAt: '2026-11-20T09:15:00+00:00',
      reporterAffiliation: 'other',
      reporterAffiliationOther: 'Visiting contractor',
      receiverName: 'Sam Receiver',
    },
    incident: {
      subjectName: FAKE_NAME,
      threatMadeAt: '2026-11-19T15:40:00+00:00',
      subjectAffiliation: 'student',
      subjectStatus: 'current',
      subjectSex: 'male',
      subjectAge: 14,
      subjectGrade: 'Year 9',
      subjectProgram: 'Mainstream',
      emergencyContact: { name: 'Chris Parent', relationship: 'Father' },
      homeAddress: { line1: '1 Example Street', line2: 'Flat 2', town: 'Anytown', postcode: 'AB1 2CD' },
      phone: '01632 960 001',
      location: 'other',
      locationOther: 'Park next to the school',
      summary: 'Said he would beat up another pupil after school.',
    },
    assessmentFindings: {
      priorThreats: { reviewed: 'reviewed', findings: 'No prior threats on file.' },
      priorDiscipline: { reviewed: 'not-applicable' },
      academicRecords: { reviewed: 'not-available' },
    },
    keyObservations: {
      lessSerious: { admitsThreat: 'yes', benignExplanation: 'no', apologetic: 'partially' },
      moreSerious: { continuesAngry: 'yes', specificPlan: 'no', firearmAccess: 'dont-know' },
      other: 'Calmer by the end of the day.',
    },
    evaluation: {
      violenceImminent: 'no',
      intentToHarm: 'yes',
      intentNotes: 'Exact words: "I will get you after school".',
      resolvedAsTransient: 'no',
      seriousness: 'serious',
    },
    priority: {
      decision: 'change',
      level: 2,
      reason: 'History of fights this term.',
      date: '2026-11-20',
      change: { level: 3, date: '2026-11-21', reason: 'Conflict mediated.' },
    },
    interventionObservations: {
      factors: { angerHistory: 'yes', stressfulEvents: 'partially', substanceAbuse: 'no' },
      notes: 'Family move recently.',
    },
    responseActions: {
      actions: {
        increasedMonitoring: taken,
        parentConference: { status: 'recommended', date: '2026-11-21', by: 'A. Head', note: 'Parent refused' },
        reprimand: { status: 'not-taken' },
      },
    },
    casePlan: {
      resolution: { plan: 'Mediation and daily check-ins.', date: '2026-11-21' },
      followUps: [{ date: '2026-11-28', status: 'Plan working; no further incidents.' }],
    },
  };
}

export type ThreatReport = ReturnType<typeof validThreatReport>;

/** The classification the fixture's evaluation answers imply. */
export const FIXTURE_OUTCOME = 'serious-substantive';

export function envelope(data: unknown = validThreatReport(), overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    formId: 'threat-report',
    schemaVersion: SCHEMA_VERSION,
    submittedAt: '2026-11-22T10:00:00.000Z',
    data,
    result: { outcome: FIXTURE_OUTCOME },
    ...overrides,
  };
}

export const newKey = (): string => randomUUID();

/** The distinctive words of FAKE_NAME, none of which may appear in a log line or console message. */
export const FAKE_WORDS = [FAKE_NAME, ...FAKE_NAME.split(/[\s-]+/).filter((w) => w.length > 5)];

/** Strings every parameter and field is tried with: markup, SQL, control and bidi characters, odd Unicode, a huge value. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  "'; DROP TABLE records; --",
  '%00%0d%0a',
  '../../../../etc/passwd',
  '\u202Egnp.exe',
  'Zoë 🙂 ١٢٣ \u0000',
  'x'.repeat(5000),
];
