import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { AuditLog, entryHash, GENESIS, verifyAudit, type AuditEntry } from '../src/audit/log.js';
import { openDb } from '../src/db/index.js';
import { databases, type TestDb } from './support/databases.js';

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  actorId: `acc-${n % 3}`,
  actorKind: 'account',
  action: 'record.read',
  targetKind: 'record',
  targetId: `rec-${n}`,
  outcome: 'ok',
  requestId: `req-${n}`,
  detail: { n, form: 'incident' },
  ...extra,
});

for (const d of databases()) {
  describe(`audit log (${d.name})`, () => {
    let db: TestDb;
    let log: AuditLog;
    const now = new Date('2026-12-06T04:00:00.000Z');

    before(async () => {
      db = await d.open();
    });
    after(async () => {
      await db.close();
    });
    beforeEach(async () => {
      await db.kysely.deleteFrom('audit_log').execute();
      await db.kysely.deleteFrom('records').execute();
      log = new AuditLog(db.kysely, db.dialect, () => now);
    });

    async function appendMany(count: number) {
      for (let i = 1; i <= count; i += 1) await log.append(entry(i));
    }

    it('verifies an empty log', async () => {
      assert.deepEqual(await verifyAudit(db.kysely), { ok: true, entries: 0 });
    });

    it('appends outside a transaction: seq from 1, each entry linked to the one before', async () => {
      await appendMany(4);
      await log.append([entry(5), entry(6, { outcome: 'denied', detail: null, targetId: null, targetKind: null, requestId: null })]);
      const rows = await db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      assert.deepEqual(rows.map((r) => Number(r.seq)), [1, 2, 3, 4, 5, 6]);
      assert.equal(rows[0]!.prev_hash, GENESIS);
      for (let i = 1; i < rows.length; i += 1) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
      for (const r of rows) assert.equal(entryHash({ ...r, seq: Number(r.seq) }), r.hash);
      assert.equal(rows[0]!.at, now.toISOString());
      assert.equal(rows[0]!.detail, JSON.stringify({ n: 1, form: 'incident' }));
      assert.equal(rows[5]!.outcome, 'denied');
      assert.equal(rows[5]!.detail, null);
      assert.deepEqual(await verifyAudit(db.kysely), { ok: true, entries: 6 });
    });

    it('appends inside a transaction: commits with the change, vanishes with a rollback', async () => {
      await appendMany(2);
      await db.kysely.transaction().execute(async (trx) => {
        await log.append(entry(3, { action: 'record.status' }), trx);
      });
      await assert.rejects(
        db.kysely.transaction().execute(async (trx) => {
          await log.append(entry(4, { action: 'record.status' }), trx);
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      await log.append(entry(5));
      const rows = await db.kysely.selectFrom('audit_log').select(['seq', 'target_id']).orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => [Number(r.seq), r.target_id]),
        [
          [1, 'rec-1'],
          [2, 'rec-2'],
          [3, 'rec-3'],
          [4, 'rec-5'],
        ],
      );
      assert.deepEqual(await verifyAudit(db.kysely), { ok: true, entries: 4 });
    });

    it('verifies a chain longer than one page of verification (5000)', async () => {
      const batch = Array.from({ length: 500 }, (_, i) => entry(i));
      for (let i = 0; i < 11; i += 1) await log.append(batch);
      assert.deepEqual(await verifyAudit(db.kysely), { ok: true, entries: 5500 });
      await db.kysely.updateTable('audit_log').set({ outcome: 'failed' }).where('seq', '=', 5200).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 5199, brokenAt: 5200 });
    });

    it("reports the exact entry when an entry's action is changed", async () => {
      await appendMany(6);
      await db.kysely.updateTable('audit_log').set({ action: 'record.export' }).where('seq', '=', 4).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 3, brokenAt: 4 });
    });

    it("reports the exact entry when an entry's detail, actor, target or time is changed", async () => {
      await appendMany(6);
      const changes = [
        { detail: JSON.stringify({ n: 99, form: 'incident' }) },
        { actor_id: 'acc-someone-else' },
        { target_id: 'rec-other' },
        { at: '2026-12-06T05:00:00.000Z' },
        { request_id: null },
      ];
      for (const change of changes) {
        const original = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
        await db.kysely.updateTable('audit_log').set(change).where('seq', '=', 2).execute();
        assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 1, brokenAt: 2 }, JSON.stringify(change));
        const { seq: _seq, ...restore } = original;
        await db.kysely.updateTable('audit_log').set(restore).where('seq', '=', 2).execute();
        assert.equal((await verifyAudit(db.kysely)).ok, true);
      }
    });

    it('reports the next entry when a changed entry has its own hash recomputed', async () => {
      await appendMany(6);
      const row = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
      const forged = { ...row, seq: 3, action: 'nothing.happened' };
      await db.kysely.updateTable('audit_log').set({ action: forged.action, hash: entryHash(forged) }).where('seq', '=', 3).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 3, brokenAt: 4 });
    });

    it('reports the gap when a middle entry is deleted', async () => {
      await appendMany(6);
      await db.kysely.deleteFrom('audit_log').where('seq', '=', 3).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 2, brokenAt: 3 });
    });

    it('reports the first entry when it is deleted, and a deleted last entry is not a break', async () => {
      await appendMany(3);
      await db.kysely.deleteFrom('audit_log').where('seq', '=', 1).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 0, brokenAt: 1 });
      // Truncating the tail is undetectable by the chain alone; the count says how many entries verified.
      await db.kysely.deleteFrom('audit_log').execute();
      await appendMany(3);
      await db.kysely.deleteFrom('audit_log').where('seq', '=', 3).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: true, entries: 2 });
    });

    it('reports the first swapped entry when two entries are reordered', async () => {
      await appendMany(6);
      await db.kysely.updateTable('audit_log').set({ seq: -1 }).where('seq', '=', 4).execute();
      await db.kysely.updateTable('audit_log').set({ seq: 4 }).where('seq', '=', 3).execute();
      await db.kysely.updateTable('audit_log').set({ seq: 3 }).where('seq', '=', -1).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 2, brokenAt: 3 });
    });

    it('reports an entry renumbered to close a gap', async () => {
      await appendMany(5);
      await db.kysely.deleteFrom('audit_log').where('seq', '=', 3).execute();
      for (const seq of [4, 5]) await db.kysely.updateTable('audit_log').set({ seq: seq - 1 }).where('seq', '=', seq).execute();
      assert.deepEqual(await verifyAudit(db.kysely), { ok: false, entries: 2, brokenAt: 3 });
    });

    it('keeps one unbroken chain under concurrent appends from two processes', async () => {
      // Two processes appending to the same database at once: two servers on PostgreSQL, or a command
      // run beside the server on SQLite (one process has one SQLite connection, so only processes race).
      const target = JSON.stringify(db.url ? { url: db.url } : { file: db.file });
      const code = `
        import { openDb } from ${JSON.stringify(new URL('../src/db/index.ts', import.meta.url).href)};
        import { AuditLog } from ${JSON.stringify(new URL('../src/audit/log.ts', import.meta.url).href)};
        const db = await openDb(${target});
        const log = new AuditLog(db.kysely, db.dialect);
        for (let i = 0; i < 60; i += 1) await log.append({ actorId: 'p' + process.pid, actorKind: 'system', action: 'test.append', outcome: 'ok', detail: { i } });
        await db.close();
      `;
      const run = () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', code], { stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('error', reject);
          child.on('exit', (status) => resolve(status ?? 1));
        });
      assert.deepEqual(await Promise.all([run(), run(), run()]), [0, 0, 0]);
      assert.deepEqual(await verifyAudit(db.kysely), { ok: true, entries: 180 });
    });

    it('keeps one unbroken chain under concurrent appends from two Kysely instances', { skip: d.name === 'sqlite' ? 'one process drives SQLite through one connection' : false }, async () => {
      const second = await openDb(db.url ? { url: db.url } : { file: db.file! });
      try {
        const logs = [log, new AuditLog(second.kysely, second.dialect)];
        await Promise.all(
          logs.map(async (l, w) => {
            await Promise.all(Array.from({ length: 40 }, (_, i) => l.append(i % 4 ? entry(i, { actorId: `w${w}` }) : [entry(i), entry(i + 1000)])));
          }),
        );
        const verdict = await verifyAudit(db.kysely);
        assert.deepEqual(verdict, { ok: true, entries: 100 });
        const count = await db.kysely.selectFrom('audit_log').select(sql<number>`count(distinct hash)`.as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 100);
      } finally {
        await second.close();
      }
    });
  });
}
