// The reference receiver over real HTTP on a random loopback port: the submission contract of
// DESIGN.md ("Submission contract") and the static files the demo page needs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer, request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReceiver, CSP } from '../dist/server.js';
import { FAKE_NAME, SCHEMA_VERSION, envelope, newKey, startReceiver, validThreatReport } from './helpers.mjs';

const REFERENCE = /^TR-\d{8}-[0-9A-F]{6}$/;

/**
 * One HTTP request through node:http, path sent exactly as given (fetch would normalise `..` away).
 * Without an `agent` it uses a fresh connection that is closed afterwards.
 */
function rawRequest(base, { method = 'GET', path = '/', headers = {}, body, agent = false, timeout = 10_000 } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeout, () => req.destroy(new Error(`${method} ${path}: no reply within ${timeout} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
const rawGet = (base, path) => rawRequest(base, { path });

describe('reference receiver', () => {
  /** @type {Awaited<ReturnType<typeof startReceiver>>} */
  let rx;
  before(async () => {
    rx = await startReceiver();
  });
  after(async () => {
    await rx?.close();
  });

  const post = (body, { key = newKey(), type = 'application/json', path = '/api/threat-report' } = {}) => {
    const headers = { 'Content-Type': type };
    if (key !== null) headers['Idempotency-Key'] = key;
    return fetch(`${rx.base}${path}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
  };

  async function expectProblem(res, status) {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = await res.json();
    assert.equal(body.status, status);
    assert.equal(typeof body.title, 'string');
    return body;
  }

  describe('submissions', () => {
    const key = newKey();
    const sent = envelope();
    let firstReference;

    it('stores a valid, complete threat report and answers 201 with a reference', async () => {
      const before = rx.records.size;
      const res = await post(sent, { key });
      const text = await res.text();
      assert.equal(res.status, 201, text);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = JSON.parse(text);
      assert.match(body.reference, REFERENCE);
      firstReference = body.reference;
      assert.equal(rx.records.size, before + 1);
      assert.equal(rx.records.size, 1, 'exactly one record');
      const record = rx.records.get(firstReference);
      assert.ok(record, 'the record is stored under its reference');
      assert.equal(record.formId, 'threat-report');
      assert.equal(record.reference, firstReference);
      assert.deepEqual(record.envelope, sent);
    });

    it('replays the first reply for a repeated Idempotency-Key with the same body, storing nothing new', async () => {
      assert.ok(firstReference, 'needs the first submission');
      for (let i = 0; i < 3; i++) {
        const res = await post(sent, { key });
        assert.equal(res.status, 201);
        assert.deepEqual(await res.json(), { reference: firstReference });
      }
      assert.equal(rx.records.size, 1);
    });

    it('refuses the same Idempotency-Key with a different body (422) and stores nothing', async () => {
      assert.ok(firstReference, 'needs the first submission');
      const other = envelope({ ...validThreatReport(), incident: { ...validThreatReport().incident, subjectAge: 15 } });
      await expectProblem(await post(other, { key }), 422);
      assert.equal(rx.records.size, 1);
      // The key still replays its first reply afterwards.
      const again = await post(sent, { key });
      assert.equal(again.status, 201);
      assert.deepEqual(await again.json(), { reference: firstReference });
    });

    it('stores one record when the same submission arrives twice at once', async () => {
      const before = rx.records.size;
      const k = newKey();
      const body = envelope();
      const replies = await Promise.all([post(body, { key: k }), post(body, { key: k })]);
      const statuses = replies.map((r) => r.status);
      for (const s of statuses) assert.ok(s === 201 || s === 409, `status ${s}`);
      assert.ok(statuses.includes(201));
      const refs = new Set();
      for (const r of replies) if (r.status === 201) refs.add((await r.json()).reference);
      else await r.arrayBuffer();
      assert.equal(refs.size, 1, 'both 201s carry the same reference');
      assert.equal(rx.records.size, before + 1);
    });

    it('needs an Idempotency-Key (400)', async () => {
      const before = rx.records.size;
      await expectProblem(await post(envelope(), { key: null }), 400);
      assert.equal(rx.records.size, before);
    });

    it('answers invalid data with 422 problem+json and GOV.UK messages at /data/... pointers', async () => {
      const before = rx.records.size;
      const data = validThreatReport();
      delete data.incident.subjectName;
      data.incident.subjectAge = 130;
      data.incident.phone = 'call me maybe';
      data.evaluation.seriousness = undefined;
      delete data.evaluation.seriousness;
      const body = await expectProblem(await post(envelope(data)), 422);
      assert.ok(Array.isArray(body.errors) && body.errors.length > 0, 'errors[]');
      for (const e of body.errors) {
        assert.equal(typeof e.pointer, 'string');
        assert.ok(e.pointer.startsWith('/data/'), `pointer ${e.pointer}`);
        assert.equal(typeof e.detail, 'string');
        assert.ok(e.detail.length > 0);
        assert.doesNotMatch(e.detail, /must (have|NOT|be equal)|should/, `ajv wording leaked: ${e.detail}`);
      }
      const at = (p) => body.errors.find((e) => e.pointer === p)?.detail;
      assert.equal(at('/data/incident/subjectName'), 'Enter the name of the person who made the threat');
      assert.equal(at('/data/incident/subjectAge'), 'Age must be 120 or less');
      assert.equal(at('/data/incident/phone'), 'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192');
      assert.ok(at('/data/evaluation/seriousness'), 'the conditionally required seriousness is reported');
      assert.equal(rx.records.size, before);
    });

    it('reports conditional requiredness (if/then) with the schema messages', async () => {
      const data = validThreatReport();
      delete data.report.reporterAffiliationOther;
      delete data.priority.reason;
      const body = await expectProblem(await post(envelope(data)), 422);
      const at = (p) => body.errors.find((e) => e.pointer === p)?.detail;
      assert.equal(at('/data/report/reporterAffiliationOther'), 'Enter the affiliation of the person reporting the threat');
      assert.equal(at('/data/priority/reason'), 'Enter the reason for choosing a different priority');
    });

    it('refuses an envelope whose formId does not match the endpoint (422)', async () => {
      const before = rx.records.size;
      const body = await expectProblem(await post(envelope(undefined, { formId: 'risk-matrix' })), 422);
      assert.ok(body.errors?.some((e) => e.pointer === '/formId'));
      assert.equal(rx.records.size, before);
    });

    it('refuses an unsupported schemaVersion (422)', async () => {
      const before = rx.records.size;
      assert.notEqual(SCHEMA_VERSION, '0.0.1');
      const body = await expectProblem(await post(envelope(undefined, { schemaVersion: '0.0.1' })), 422);
      assert.ok(body.errors?.some((e) => e.pointer === '/schemaVersion'));
      assert.equal(rx.records.size, before);
    });

    it('answers 404 for a form it does not know', async () => {
      await expectProblem(await post(envelope(undefined, { formId: 'no-such-form' }), { path: '/api/no-such-form' }), 404);
      await expectProblem(await post(envelope(undefined, { formId: 'constructor' }), { path: '/api/constructor' }), 404);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const before = rx.records.size;
      await expectProblem(await post('{"formId": "threat-report", ', {}), 400);
      assert.equal(rx.records.size, before);
    });

    it('answers 413 for a body over 2 MB', async () => {
      const before = rx.records.size;
      const big = JSON.stringify(envelope({ ...validThreatReport(), padding: 'x'.repeat(3 * 1024 * 1024) }));
      assert.ok(Buffer.byteLength(big) > 3 * 1024 * 1024);
      // On a connection of its own: see "keeps a connection usable after a 413" below.
      const res = await rawRequest(rx.base, {
        method: 'POST',
        path: '/api/threat-report',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey(), Connection: 'close' },
        body: big,
      });
      assert.equal(res.status, 413);
      assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
      assert.equal(JSON.parse(res.body).status, 413);
      assert.equal(rx.records.size, before);
    });

    it('answers 415 for a content type other than JSON', async () => {
      const before = rx.records.size;
      await expectProblem(await post(JSON.stringify(envelope()), { type: 'text/plain' }), 415);
      assert.equal(rx.records.size, before);
    });

    it('answers 405 to GET on a form endpoint', async () => {
      const res = await fetch(`${rx.base}/api/threat-report`, { signal: AbortSignal.timeout(10_000) });
      await expectProblem(res, 405);
    });
  });

  describe('static files', () => {
    it('serves the demo page at / with the strict Content-Security-Policy', async () => {
      const res = await fetch(`${rx.base}/`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('content-security-policy'), CSP);
      assert.match(CSP, /script-src 'self'/);
      assert.match(CSP, /style-src 'self'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      const html = await res.text();
      assert.match(html, /<threat-report-form\b/);
      assert.match(html, /src="\/assets\/elements\/threat-report-form\.js"/);
    });

    it('serves the SDK bundle as JavaScript', async () => {
      const res = await fetch(`${rx.base}/assets/safety-forms.js`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.equal(res.headers.get('content-security-policy'), CSP);
      const js = await res.text();
      assert.ok(js.length > 1000);
      assert.match(js, /threat-report-form/);
    });

    it('serves demo files under /demo/', async () => {
      const res = await fetch(`${rx.base}/demo/demo.js`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      await res.arrayBuffer();
    });

    it('answers 404 for a missing file', async () => {
      const res = await rawGet(rx.base, '/demo/no-such-file.html');
      assert.equal(res.status, 404);
    });

    for (const path of [
      '/demo/..%2f..%2fpackage.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2f..%2f..%2fpackage.json',
      '/demo/%2e%2e/package.json',
      '/demo/%2e%2e%2fpackage.json',
      '/demo/..%5c..%5cpackage.json',
      '/demo/%2fwork%2fmain%2fpackage.json',
      '/../package.json',
    ]) {
      it(`does not serve files outside its folders: ${path}`, async () => {
        const res = await rawGet(rx.base, path);
        assert.equal(res.status, 404, `status ${res.status}`);
        assert.doesNotMatch(res.body, /"workspaces"|"devDependencies"/);
      });
    }
  });

  it('never writes a submitted answer to the log', async () => {
    // A rejected record carrying the name as well, so both the 201 and the 422 paths are covered.
    const bad = validThreatReport();
    bad.report.receiverName = FAKE_NAME;
    bad.incident.subjectAge = -1;
    const res = await post(envelope(bad));
    assert.equal(res.status, 422);
    await res.arrayBuffer();
    assert.ok(rx.logLines.length > 0, 'the receiver logs something');
    const distinctive = [FAKE_NAME, ...FAKE_NAME.split(/[\s-]+/).filter((w) => w.length > 5)];
    for (const line of rx.logLines) {
      for (const word of distinctive) assert.ok(!line.includes(word), `log line leaks "${word}": ${line}`);
    }
  });
});

// Edge cases found while writing these tests (each was a bug, now fixed).
describe('receiver: edge cases', () => {
  let root;
  let server;
  let base;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'sf-receiver-'));
    mkdirSync(join(root, 'demo'));
    mkdirSync(join(root, 'demo-private'));
    writeFileSync(join(root, 'demo', 'index.html'), '<!doctype html><p>demo</p>');
    writeFileSync(join(root, 'demo-private', 'secret.txt'), 'SIBLING-SECRET');
    const { handler } = await createReceiver({ root, log: () => undefined });
    server = createServer(handler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    server?.closeAllConnections?.();
    await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(
    'does not serve a sibling folder whose name starts with a static root (/demo/..%2fdemo-private/...)',
    async () => {
      const res = await rawGet(base, '/demo/..%2fdemo-private%2fsecret.txt');
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.body, /SIBLING-SECRET/);
    },
  );

  it(
    'answers a malformed percent-encoding in a static path with a 4xx, not 500',
    async () => {
      const res = await rawGet(base, '/demo/%E0%A4%A');
      assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    },
  );

  it(
    'keeps a keep-alive connection usable after a 413',
    async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const big = JSON.stringify({ formId: 'threat-report', padding: 'x'.repeat(3 * 1024 * 1024) });
        const first = await rawRequest(base, {
          method: 'POST',
          path: '/api/threat-report',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
          body: big,
          agent,
        });
        assert.equal(first.status, 413);
        const next = await rawRequest(base, { path: '/demo/index.html', agent, timeout: 3000 });
        assert.equal(next.status, 200);
      } finally {
        agent.destroy();
      }
    },
  );

  it('sends an Allow header with 405 (RFC 9110)', async () => {
    const res = await rawGet(base, '/api/threat-report');
    assert.equal(res.status, 405);
    assert.match(String(res.headers.allow ?? ''), /POST/);
  });
});
