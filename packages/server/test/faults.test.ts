/**
 * The database locked or full (issue 12, "Bad input and faults"): the sender gets 503 problem+json with
 * Retry-After, never a 500 or a hang; nothing is half-written; the same Idempotency-Key stores the record
 * once the database is back. SQLite, where a second connection can hold the write lock and
 * max_page_count can make the file "full". (PostgreSQL's lock timeout and disk-full codes map the same
 * way in app.ts; not simulated here.)
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../src/audit/log.js';
import { databases } from './support/databases.js';
import { createServer } from 'node:net';
import { Client, signedIn, startApp, type TestApp } from './support/app.js';
import { envelope, newKey } from './support/fixtures.js';

describe('database locked or full (sqlite)', () => {
  let t: TestApp;
  let token = '';
  before(async () => {
    t = await startApp(await databases()[0]!.open());
    token = (await t.services.apiKeys.create('intranet', ['integration'], null)).token;
  });
  after(async () => {
    await t?.close();
    await t?.db.close();
  });

  const count = async () => (await t.db.kysely.selectFrom('records').select('id').execute()).length;
  const post = (key: string) =>
    t.app.inject({ method: 'POST', url: '/api/threat-report', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key }, payload: JSON.stringify(envelope()) });

  it('answers 503 with Retry-After while another connection holds the write lock past the busy timeout, then stores the same key once', async () => {
    assert.ok(t.db.file, 'an SQLite file');
    const before = await count();
    const other = new Database(t.db.file!);
    const key = newKey();
    try {
      other.exec('BEGIN EXCLUSIVE');
      const res = await post(key);
      assert.equal(res.statusCode, 503, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.headers['retry-after'], '5');
      assert.equal(JSON.parse(res.body).status, 503);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.equal(await count(), before, 'nothing half-written');
    const again = await post(key);
    assert.equal(again.statusCode, 201, again.body);
    const replay = await post(key);
    assert.deepEqual(JSON.parse(replay.body), JSON.parse(again.body));
    assert.equal(await count(), before + 1);
    assert.equal((await verifyAudit(t.db.kysely)).ok, true);
    assert.ok(t.logs.some((l) => l.includes('SQLITE_BUSY')), 'logged by code');
  });

  it('answers 503 when the database is full, and the sign-in page still renders', async () => {
    // Kysely's SQLite dialect has one connection, the app's: cap the file at its size so the next write finds it full.
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(t.db.kysely);
    await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count}`).execute(t.db.kysely);
    const before = await count();
    const replies = await Promise.all(Array.from({ length: 30 }, () => post(newKey())));
    const statuses = new Set(replies.map((r) => r.statusCode));
    assert.ok(!statuses.has(500), `no 500: ${[...statuses]} ${t.logs.filter((l) => l.includes('failed')).slice(-2).join(' ')}`);
    assert.ok(statuses.has(503), `some 503 once full: ${[...statuses]}`);
    for (const r of replies.filter((r) => r.statusCode === 503)) assert.equal(r.headers['retry-after'], '5');
    const stored = replies.filter((r) => r.statusCode === 201).length;
    assert.equal(await count(), before + stored, 'every 201 is stored, nothing else');
    const page = await new Client(t).get('/sign-in');
    assert.equal(page.statusCode, 200);
    await sql.raw('pragma max_page_count = 1073741823').execute(t.db.kysely);
    assert.equal((await post(newKey())).statusCode, 201, 'stores again once there is room');
  });
});

describe('SMTP down (sqlite)', () => {
  it("the safety team's status change still succeeds; the reporter's notification is there in the app and its email waits to be retried", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const t = await startApp(await databases()[0]!.open(), { config: { smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true` } });
    try {
      const staff = await signedIn(t, 'staff.demo');
      await staff.get('/forms/threat-report');
      const sent = await staff.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf } });
      assert.equal(sent.statusCode, 201);
      const row = (await t.services.records.byReference(JSON.parse(sent.body).reference))!;
      const safety = await signedIn(t, 'safety.demo');
      await safety.get(`/reports/${row.id}`);
      const changed = await safety.post(`/reports/${row.id}/status`, { status: 'in-review', outcome: 'We are looking at it.' });
      assert.equal(changed.statusCode, 303, 'the user action succeeds with the mail server down');
      assert.equal((await t.services.records.get(row.id))!.status, 'in-review');
      assert.equal(await t.services.notifier.unreadCount(t.ids['staff.demo']!), 1, 'in the app at once');
      await t.services.jobs.runDue();
      const job = await t.db.kysely.selectFrom('jobs').selectAll().where('kind', 'like', '%mail%').executeTakeFirst();
      assert.ok(job, 'an email job');
      assert.equal(Number(job.attempts), 1);
      assert.equal(job.failed_at, null, 'not given up');
      assert.ok(job.due_at > new Date().toISOString(), 'retried later');
      assert.equal((await staff.get(`/reports/${row.id}`)).statusCode, 200);
    } finally {
      await t.close();
      await t.db.close();
    }
  });
});
