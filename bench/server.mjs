// Server bench (issue #12, "Benchmark"): autocannon against packages/server on SQLite and, side by
// side in the same run on the same submissions, the old receiver (bench/receiver-baseline).
//
//   - durable submissions/s and p50/p99 latency at 1, 10 and 50 concurrent clients, every request a
//     valid threat-report envelope with its own Idempotency-Key (server: Authorization: Bearer <API key>)
//   - at 1,000 and at 100,000 stored records (seeded by direct batched inserts in one transaction;
//     each run's own submissions are checked, then deleted, so every run starts at the stated size)
//   - after each run: every 2xx reference is in the database and the count of new rows matches
//   - the safety team's list page (/reports) at 100,000 records: ~50 requests with a signed-in session
//
// Each target runs in a child process of its own (this file with `child <kind>`), so autocannon and the
// server do not share an event loop. It reports; it never fails on a number.
//
//   node --import tsx bench/server.mjs
//   BENCH_SERVER_DURATION=10  seconds per run    BENCH_SERVER_SIZES=1000,100000
//   BENCH_SERVER_BASELINE=0   leave the old receiver out
//   BENCH_SERVER_ONLY=incidents   only the incident follow-up pages (issue #17): the incident page with three
//     linked risk assessments, one linked assessment's page, the list and the trends page, at
//     BENCH_SERVER_INCIDENTS=1000,10000 incidents (seeded as sealed incident reports beside their rows)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), '..');
const PASSWORD = 'bench password for the list page';

if (process.argv[2] === 'child') await child(process.argv[3], process.argv[4]);
else if (process.env.BENCH_SERVER_ONLY === 'incidents') await incidentsParent();
else await parent();

// ---------------------------------------------------------------------------------------------
// the child: one target, driven over IPC

async function child(kind, dir) {
  const { envelope, validThreatReport } = await import('../packages/server/test/support/fixtures.ts');
  const body = JSON.stringify(envelope(validThreatReport()));
  let target;
  if (kind === 'server') target = await serverTarget(dir, body);
  else target = await receiverTarget(dir, body);
  process.on('message', async (m) => {
    try {
      const result = await target[m.cmd](m.arg);
      process.send({ id: m.id, result });
    } catch (error) {
      process.send({ id: m.id, error: error instanceof Error ? error.stack : String(error) });
    }
  });
  process.send({ ready: true, port: target.port, body, headers: target.headers });
}

async function serverTarget(dir, body) {
  const { buildApp } = await import('../packages/server/src/app.ts');
  const { loadConfig } = await import('../packages/server/src/config.ts');
  const { seedDemo } = await import('../packages/server/src/services/accounts.ts');
  const { aad } = await import('../packages/server/src/crypto/seal.ts');
  const { scoreForm } = await import('@safety-forms/core');
  const { Client } = await import('../packages/server/test/support/app.ts');
  const { default: SQLite } = await import('better-sqlite3');
  const config = loadConfig('test', { SAFETY_ROOT: ROOT }, { dataDir: dir, logLevel: 'warn' });
  const built = await buildApp(config);
  const { services, app } = built;
  await seedDemo(services.accounts, PASSWORD);
  const { id: keyId, token } = await services.apiKeys.create('bench', ['integration'], null);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = app.server.address().port;
  // The safety team's session, signed in through the pages as a browser does.
  const client = new Client({ app });
  const signIn = await client.signIn('safety.demo', PASSWORD);
  if (signIn.statusCode !== 303) throw new Error(`sign-in failed: ${signIn.statusCode}`);
  const raw = new SQLite(services.db.file);
  raw.pragma('busy_timeout = 5000');
  const sent = JSON.parse(body);
  const payload = { envelope: sent, result: scoreForm('threat-report', sent.data) };
  const payloadText = JSON.stringify(payload);
  let seeded = 0;
  const scope = `api-key:${keyId} threat-report`;
  return {
    port,
    headers: { authorization: `Bearer ${token}` },
    cookie: () => client.cookieHeader,
    /** Adds rows up to `n` seeded records: sealed as records.ts seals them, in one transaction. */
    seed(n) {
      const t0 = performance.now();
      const insert = raw.prepare(
        `INSERT INTO records (id, reference, form_id, schema_version, submitter_id, submitter_kind, submitted_at, received_at, status, payload_enc, outcome_enc, updated_at)
         VALUES (?, ?, 'threat-report', ?, ?, 'account', ?, ?, ?, ?, NULL, ?)`,
      );
      const statuses = ['received', 'in-review', 'closed'];
      const day = 86_400_000;
      const start = Date.parse('2025-12-01T00:00:00Z');
      raw.transaction(() => {
        for (let i = seeded; i < n; i++) {
          const id = randomUUID();
          const at = new Date(start + Math.floor((i / Math.max(n, 1)) * 365 * day) + (i % 1000)).toISOString();
          const reference = `TR-SEED-${String(i).padStart(8, '0')}`;
          const sealed = services.sealer.seal(payloadText, aad('records', 'payload_enc', id));
          insert.run(id, reference, sent.schemaVersion, 'seed', at, at, statuses[i % 3], sealed, at);
        }
      })();
      const added = n - seeded;
      seeded = n;
      return { seeded, added, ms: performance.now() - t0 };
    },
    /**
     * Adds incident reports up to `n` (sealed as records.ts seals them, with their incidents rows, over the last
     * two years, a third with victims sharing protected characteristics), the first with three linked risk
     * assessments. Returns the first incident's id and an assessment's record id.
     */
    async seedIncidents(n) {
      const t0 = performance.now();
      const fixtures = await import('../stories/fixtures/incident-report.ts');
      const { extremeRisk, lowRiskAssessment, trustWide } = await import('../stories/fixtures/risk-assessment.ts');
      const { forms } = await import('@safety-forms/core');
      const kinds = [fixtures.physicalAssault, fixtures.verbalAbuse, fixtures.severalVictims, fixtures.offenderSeenAssault, fixtures.witnessedAggression];
      const record = raw.prepare(
        `INSERT INTO records (id, reference, form_id, schema_version, submitter_id, submitter_kind, submitted_at, received_at, status, payload_enc, outcome_enc, updated_at) VALUES (?, ?, ?, ?, ?, 'account', ?, ?, 'received', ?, NULL, ?)`,
      );
      const incident = raw.prepare(
        `INSERT INTO incidents (id, record_id, reference, reporter_id, investigator_id, incident_at, sub_category, physical, status, followup_enc, version, opened_at, completed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, NULL, ?)`,
      );
      const link = raw.prepare(`INSERT INTO incident_assessments (id, incident_id, record_id, linked_by, linked_at) VALUES (?, ?, ?, ?, ?)`);
      const accounts = Object.fromEntries((await services.accounts.list()).map((a) => [a.username, a.id]));
      const staffId = accounts['staff.demo'];
      const managerId = accounts['manager.demo'];
      const have = raw.prepare('SELECT count(*) FROM incidents').pluck().get();
      const end = Date.parse('2026-11-22T09:00:00Z');
      const seal = (formId, data, id) => services.sealer.seal(JSON.stringify({ envelope: { formId, schemaVersion: forms[formId].version, submittedAt: new Date(end).toISOString(), data, result: null }, result: scoreForm(formId, data) }), aad('records', 'payload_enc', id));
      let first = raw.prepare('SELECT id FROM incidents ORDER BY opened_at LIMIT 1').pluck().get();
      let assessment = null;
      raw.transaction(() => {
        for (let i = have; i < n; i++) {
          const data = structuredClone(kinds[i % kinds.length]);
          const at = new Date(end - Math.floor(((i * 7919) % n) / n * 730 * 86_400_000)).toISOString();
          data.incident.dateTime = at;
          data.incident.location = `Station ${i % 40}`;
          const id = randomUUID();
          const recordId = randomUUID();
          const reference = `IR-${at.slice(0, 10).replace(/-/g, '')}-${i.toString(16).toUpperCase().padStart(6, '0')}`;
          record.run(recordId, reference, 'incident-report', forms['incident-report'].version, staffId, at, at, seal('incident-report', data, recordId), at);
          const physical = /physical/.test(data.category?.subCategory ?? '') ? 1 : 0;
          incident.run(id, recordId, reference, staffId, managerId, at, data.category?.subCategory ?? null, physical, i % 3 === 0 ? 'complete' : 'open', at, at);
          if (!first) first = id;
        }
        if (!raw.prepare('SELECT count(*) FROM incident_assessments WHERE incident_id = ?').pluck().get(first)) {
          for (const data of [extremeRisk, lowRiskAssessment, trustWide]) {
            const recordId = randomUUID();
            const at = new Date(end).toISOString();
            record.run(recordId, `RA-BENCH-${recordId.slice(0, 6)}`, 'risk-assessment', forms['risk-assessment'].version, managerId, at, at, seal('risk-assessment', data, recordId), at);
            link.run(randomUUID(), first, recordId, managerId, at);
          }
        }
      })();
      assessment = raw.prepare('SELECT record_id FROM incident_assessments WHERE incident_id = ? LIMIT 1').pluck().get(first);
      return { incidents: raw.prepare('SELECT count(*) FROM incidents').pluck().get(), first, assessment, ms: performance.now() - t0 };
    },
    /** Every 2xx reference is stored and the rows added since the last reset are exactly those. */
    verify(refs) {
      const stored = new Set(raw.prepare(`SELECT reference FROM records WHERE submitter_id = ?`).pluck().all(keyId));
      const keys = raw.prepare(`SELECT count(*) FROM idempotency_keys WHERE scope = ?`).pluck().get(scope);
      const missing = refs.filter((r) => !stored.has(r)).length;
      return { refs: refs.length, distinct: new Set(refs).size, stored: stored.size, keys, missing };
    },
    /** Takes the run's own submissions out again, so the next run starts at the seeded size. */
    reset() {
      raw.transaction(() => {
        raw.prepare(`DELETE FROM records WHERE submitter_id = ?`).run(keyId);
        raw.prepare(`DELETE FROM idempotency_keys WHERE scope = ?`).run(scope);
      })();
      raw.pragma('wal_checkpoint(TRUNCATE)');
      return raw.prepare('SELECT count(*) FROM records').pluck().get();
    },
    async close() {
      raw.close();
      await built.close();
      return true;
    },
  };
}

async function receiverTarget(dir, body) {
  const { createReceiver } = await import('./receiver-baseline/src/server.ts');
  const { createServer } = await import('node:http');
  const receiver = await createReceiver({ root: ROOT, dataFile: join(dir, 'receiver.sqlite') });
  const server = createServer(receiver.handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const db = receiver.store.db; // sql.js, for seeding and clean-up only
  const sent = JSON.parse(body);
  const envelopeText = JSON.stringify(sent);
  let seeded = 0;
  return {
    port: server.address().port,
    headers: {},
    cookie: () => '',
    async seed(n) {
      const t0 = performance.now();
      const day = 86_400_000;
      const start = Date.parse('2025-12-01T00:00:00Z');
      db.run('BEGIN');
      const statement = db.prepare('INSERT INTO records (reference, form_id, schema_version, submitted_at, received_at, envelope) VALUES (?, ?, ?, ?, ?, ?)');
      for (let i = seeded; i < n; i++) {
        const at = new Date(start + Math.floor((i / Math.max(n, 1)) * 365 * day) + (i % 1000)).toISOString();
        statement.run([`TR-SEED-${String(i).padStart(8, '0')}`, 'threat-report', sent.schemaVersion, at, at, envelopeText]);
      }
      statement.free();
      db.run('COMMIT');
      await receiver.store.persist();
      const added = n - seeded;
      seeded = n;
      return { seeded, added, ms: performance.now() - t0 };
    },
    verify(refs) {
      const stored = new Set();
      const statement = db.prepare("SELECT reference FROM records WHERE reference NOT LIKE 'TR-SEED-%'");
      while (statement.step()) stored.add(statement.get()[0]);
      statement.free();
      const missing = refs.filter((r) => !stored.has(r)).length;
      return { refs: refs.length, distinct: new Set(refs).size, stored: stored.size, keys: NaN, missing };
    },
    async reset() {
      db.run("DELETE FROM records WHERE reference NOT LIKE 'TR-SEED-%'");
      db.run('DELETE FROM idempotency');
      await receiver.store.persist();
      return receiver.store.count();
    },
    async close() {
      await new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
      await receiver.close();
      return true;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// the parent

function startChild(kind) {
  const dir = mkdtempSync(join(tmpdir(), `sf-bench-${kind}-`));
  const proc = fork(SELF, ['child', kind, dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map();
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${kind} child exited ${code}`)));
    proc.on('message', (m) => {
      if (m.ready) {
        const call = (cmd, arg) =>
          new Promise((res, rej) => {
            const id = ++next;
            waiting.set(id, { res, rej });
            proc.send({ id, cmd, arg });
          });
        resolve({
          kind,
          port: m.port,
          body: m.body,
          headers: m.headers,
          call,
          async stop() {
            await call('close').catch(() => undefined);
            proc.removeAllListeners('exit');
            proc.kill();
            rmSync(dir, { recursive: true, force: true });
          },
        });
        return;
      }
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error) w.rej(new Error(m.error));
      else w.res(m.result);
    });
  });
}

async function load(autocannon, target, connections, duration, label) {
  let n = 0;
  const refs = [];
  const statuses = {};
  const run = randomUUID().slice(0, 8);
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/threat-report',
        headers: { 'content-type': 'application/json', ...target.headers },
        body: target.body,
        setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': `bench-${run}-${++n}` } }),
        onResponse: (status, body) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 200 && status < 300) refs.push(JSON.parse(body).reference);
        },
      },
    ],
  });
  const verdict = await target.call('verify', refs);
  // autocannon stops at the deadline with up to `connections` requests in flight: those records are
  // stored but their 201 is never read (not counted). Every counted 2xx must be there, once.
  verdict.inFlight = verdict.stored - verdict.refs;
  verdict.ok = verdict.missing === 0 && verdict.distinct === verdict.refs && verdict.inFlight >= 0 && verdict.inFlight <= connections;
  const remaining = await target.call('reset');
  process.stderr.write(`[bench server] ${label}: ${refs.length} stored in ${duration} s, ${JSON.stringify(statuses)}, verified ${verdict.ok ? 'ok' : 'NOT OK'}\n`);
  return {
    connections,
    durable: refs.length / ((result.duration ?? duration) || duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
    verdict,
    remaining,
  };
}

async function listPage(target, cookie, count = 50) {
  const url = `http://127.0.0.1:${target.port}/reports`;
  const times = [];
  let bad = 0;
  for (let i = 0; i < count + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200 || !text.includes('TR-SEED-')) bad++;
    if (i >= 5) times.push(ms); // five warm-up requests
  }
  const s = [...times].sort((a, b) => a - b);
  const pct = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { n: s.length, p50: pct(50), p95: pct(95), max: s.at(-1), bad };
}

async function parent() {
  const { default: autocannon } = await import('autocannon');
  const duration = Number(process.env.BENCH_SERVER_DURATION ?? 10);
  const sizes = (process.env.BENCH_SERVER_SIZES ?? '1000,100000').split(',').map(Number);
  const levels = [1, 10, 50];
  const kinds = process.env.BENCH_SERVER_BASELINE === '0' ? ['server'] : ['server', 'receiver'];
  const started = new Date();
  const load0 = loadavg();
  const results = { date: started.toISOString(), cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: load0, duration, runs: [] };
  let list = null;
  for (const kind of kinds) {
    const target = await startChild(kind);
    try {
      if (kind === 'server') target.cookie = await target.call('cookie');
      for (const size of sizes) {
        const seed = await target.call('seed', size);
        process.stderr.write(`[bench server] ${kind}: seeded ${seed.added} records (to ${seed.seeded}) in ${(seed.ms / 1000).toFixed(1)} s\n`);
        // A short unmeasured warm-up (its submissions are verified and removed like the others).
        await load(autocannon, target, 10, 2, `${kind} at ${size}, warm-up`);
        for (const c of levels) {
          const r = await load(autocannon, target, c, duration, `${kind} at ${size}, ${c} client(s)`);
          results.runs.push({ kind, size, seedMs: seed.ms, ...r });
        }
        if (kind === 'server' && size === Math.max(...sizes)) list = { size, ...(await listPage(target, target.cookie)) };
      }
    } finally {
      await target.stop();
    }
  }
  results.list = list;
  print(results, sizes, levels, kinds);
}

/** Times `count` GETs of `path` (after 3 warm-up requests), signed in: p50, p95 and max in ms. */
async function timePage(target, cookie, path, expect, count) {
  const times = [];
  let bad = 0;
  for (let i = 0; i < count + 3; i++) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${target.port}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200 || !text.includes(expect)) bad++;
    if (i >= 3) times.push(ms);
  }
  const s = [...times].sort((a, b) => a - b);
  const pct = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { n: s.length, p50: pct(50), p95: pct(95), max: s.at(-1), bad };
}

/** The incident follow-up pages (issue #17) at each size: BENCH_SERVER_ONLY=incidents. */
async function incidentsParent() {
  const sizes = (process.env.BENCH_SERVER_INCIDENTS ?? '1000,10000').split(',').map(Number);
  const target = await startChild('server');
  const rows = [];
  try {
    const cookie = await target.call('cookie');
    for (const size of sizes) {
      const seed = await target.call('seedIncidents', size);
      process.stderr.write(`[bench server] seeded ${seed.incidents} incidents in ${(seed.ms / 1000).toFixed(1)} s\n`);
      const pages = [
        ['the incident page (follow-up, 3 linked assessments rated)', `/incidents/${seed.first}`, 'data-sf="assessments"', 30],
        ['a linked assessment', `/incidents/${seed.first}/assessments/${seed.assessment}`, 'Risk assessment', 30],
        ['the incident list (200 newest)', '/incidents', 'IR-', 30],
        ['the trends page (every record opened)', '/incidents/trends', 'data-sf="quarterly"', size >= 10000 ? 5 : 10],
      ];
      for (const [name, path, expect, count] of pages) rows.push({ size, name, ...(await timePage(target, cookie, path, expect, count)) });
    }
  } finally {
    await target.stop();
  }
  const f1 = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)}` : 'n/a');
  console.log(`\n## Incident follow-up pages (${new Date().toISOString()}; ${cpus().length} CPUs, ${cpus()[0]?.model}; SQLite; signed in as the safety team)\n`);
  console.log('| page | incidents | requests | p50 ms | p95 ms | max ms | bad |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.size.toLocaleString('en-GB')} | ${r.n} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.max)} | ${r.bad} |`);
}

function print(results, sizes, levels, kinds) {
  const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
  const f1 = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)}` : 'n/a');
  const get = (kind, size, c) => results.runs.find((r) => r.kind === kind && r.size === size && r.connections === c);
  const name = { server: 'server (SQLite)', receiver: 'old receiver (sql.js)' };
  console.log(`\n## Server bench (${results.date}; ${results.cpus} CPUs, ${results.cpu}; load average ${results.loadavg.map((l) => l.toFixed(2)).join(' ')} at start; ${results.duration} s per run)\n`);
  console.log('Durable submissions: each a valid threat report with its own Idempotency-Key; "verified" = every 2xx reference found in the database, each once; the rows beyond the 2xx count are the requests still in flight when autocannon stopped (at most one per client).\n');
  console.log('| target | stored records | clients | durable submissions/s | p50 ms | p99 ms | non-2xx / errors | verified |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const kind of kinds)
    for (const size of sizes)
      for (const c of levels) {
        const r = get(kind, size, c);
        if (!r) continue;
        console.log(`| ${name[kind]} | ${size.toLocaleString('en-GB')} | ${c} | ${f0(r.durable)} | ${f1(r.p50)} | ${f1(r.p99)} | ${r.non2xx} / ${r.errors} | ${r.verdict.ok ? 'yes' : 'NO'}: ${r.verdict.refs} 2xx, ${r.verdict.missing} missing, ${r.verdict.stored} rows (${r.verdict.inFlight} in flight at the cut-off) |`);
      }
  const lo = Math.min(...sizes);
  const hi = Math.max(...sizes);
  const s50 = (size, kind = 'server') => get(kind, size, 50);
  const goal = (met) => (met === undefined ? 'n/a' : met ? 'met' : 'NOT met');
  console.log('\n| goal (issue #12) | figure | |');
  console.log('|---|---:|---|');
  const a = s50(lo);
  const b = s50(hi);
  if (a) console.log(`| >= 1,000 durable submissions/s at 50 clients, SQLite (${lo.toLocaleString('en-GB')} records) | ${f0(a.durable)}/s | ${goal(a.durable >= 1000)} |`);
  if (b) console.log(`| >= 1,000 durable submissions/s at 50 clients, SQLite (${hi.toLocaleString('en-GB')} records) | ${f0(b.durable)}/s | ${goal(b.durable >= 1000)} |`);
  if (a) console.log(`| p99 <= 50 ms at 50 clients (${lo.toLocaleString('en-GB')} / ${hi.toLocaleString('en-GB')} records) | ${f1(a.p99)} / ${f1(b?.p99)} ms | ${goal(a.p99 <= 50 && (!b || b.p99 <= 50))} |`);
  if (a && b) console.log(`| throughput at ${hi.toLocaleString('en-GB')} >= 0.9x that at ${lo.toLocaleString('en-GB')} (50 clients) | ${(b.durable / a.durable).toFixed(2)}x | ${goal(b.durable / a.durable >= 0.9)} |`);
  const l = results.list;
  if (l) console.log(`| safety team's list page (/reports) at ${l.size.toLocaleString('en-GB')} records, p95 <= 20 ms (${l.n} requests, signed in) | p50 ${f1(l.p50)} / p95 ${f1(l.p95)} ms (max ${f1(l.max)}) | ${goal(l.p95 <= 20)}${l.bad ? `; ${l.bad} bad responses` : ''} |`);
  const ra = s50(lo, 'receiver');
  const rb = s50(hi, 'receiver');
  if (a && ra) console.log(`| server / old receiver at 50 clients (${lo.toLocaleString('en-GB')} / ${hi.toLocaleString('en-GB')} records) | ${(a.durable / ra.durable).toFixed(1)}x / ${rb && b ? (b.durable / rb.durable).toFixed(1) : 'n/a'}x | |`);
}
