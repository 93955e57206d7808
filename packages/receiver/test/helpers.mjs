// Shared helpers for the receiver's Node tests: a valid threat report fixture and a receiver on a
// random loopback port.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createReceiver } from '../dist/server.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The threat report schema; its x-version is the envelope's schemaVersion. */
export const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas/threat-report.schema.json'), 'utf8'));
export const SCHEMA_VERSION = SCHEMA['x-version'];

/** A made-up name that must never appear in a log line or a console message. */
export const FAKE_NAME = 'Zebedee Quillfeather-Marchbanks';

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

/** The classification the fixture's evaluation answers imply. */
export const FIXTURE_OUTCOME = 'serious-substantive';

export function envelope(data = validThreatReport(), overrides = {}) {
  return {
    formId: 'threat-report',
    schemaVersion: SCHEMA_VERSION,
    submittedAt: '2026-11-22T10:00:00.000Z',
    data,
    result: { outcome: FIXTURE_OUTCOME },
    ...overrides,
  };
}

export const newKey = () => randomUUID();

/**
 * Starts a receiver on 127.0.0.1:<random>. Returns its base URL, records, log lines and close().
 * `options` go to createReceiver (e.g. `dataFile`, `onStored`); without `dataFile` it keeps records in memory.
 */
export async function startReceiver(options = {}) {
  const logLines = [];
  const receiver = await createReceiver({ root: ROOT, log: (line) => logLines.push(line), ...options });
  const { handler, records } = receiver;
  const server = createServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    await new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
    await receiver.close();
  };
  return { base, records, logLines, server, receiver, close };
}

/** POSTs an envelope (or a string) to `base` + path with an Idempotency-Key (null for none). */
export function post(base, body, { key = newKey(), type = 'application/json', path = '/api/threat-report' } = {}) {
  const headers = { 'Content-Type': type };
  if (key !== null) headers['Idempotency-Key'] = key;
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
}

/** A fresh temporary folder and the data file path in it; `cleanup()` removes the folder. */
export function tempDataFile(name = 'receiver.sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'sf-data-'));
  return { dir, file: join(dir, 'nested', name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A strict RFC 4180 parser for the tests: every field quoted, CRLF between records. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new SyntaxError(`csv: unquoted field at ${i}`);
    let value = '';
    i++;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) throw new SyntaxError('csv: unterminated field');
      value += text.slice(i, q);
      if (text[q + 1] === '"') {
        value += '"';
        i = q + 2;
      } else {
        i = q + 1;
        break;
      }
    }
    row.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new SyntaxError(`csv: unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length) throw new SyntaxError('csv: last record has no CRLF');
  return rows;
}
