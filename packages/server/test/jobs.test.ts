import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openDb } from '../src/db/index.js';
import { backoffMs, JobQueue } from '../src/jobs/queue.js';
import { databases, type TestDb } from './support/databases.js';

const START = Date.parse('2026-12-06T04:00:00.000Z');

for (const d of databases()) {
  describe(`jobs (${d.name})`, () => {
    let db: TestDb;
    let now: number;
    const clock = () => new Date(now);
    const errors: Array<[string, string]> = [];
    const queue = () => new JobQueue(db.kysely, db.dialect, clock, (kind, code) => errors.push([kind, code]));
    const job = (id: string) => db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    before(async () => {
      db = await d.open();
    });
    after(async () => {
      await db.close();
    });
    beforeEach(async () => {
      await db.kysely.deleteFrom('jobs').execute();
      now = START;
      errors.length = 0;
    });

    it('runs a due job once, with its payload, and marks it done', async () => {
      const q = queue();
      const seen: unknown[] = [];
      q.handle('ping', async (_job, payload) => void seen.push(payload));
      const id = await q.enqueue({ kind: 'ping', payload: { recordId: 'r-1', n: 2, flag: true, none: null } });
      assert.ok(id);
      assert.equal(await q.runDue(), 1);
      assert.deepEqual(seen, [{ recordId: 'r-1', n: 2, flag: true, none: null }]);
      const row = await job(id);
      assert.equal(row.done_at, new Date(START).toISOString());
      assert.equal(Number(row.attempts), 1);
      assert.equal(row.locked_by, null);
      assert.equal(await q.runDue(), 0, 'a done job does not run again');
      assert.equal(seen.length, 1);
    });

    it('leaves a job that is not due yet, and runs it once it is', async () => {
      const q = queue();
      let runs = 0;
      q.handle('later', async () => void (runs += 1));
      const id = await q.enqueue({ kind: 'later', payload: {}, dueAt: new Date(START + 60_000) });
      assert.equal(await q.runDue(), 0);
      now = START + 59_999;
      assert.equal(await q.runDue(), 0);
      assert.equal(runs, 0);
      assert.equal(Number((await job(id!)).attempts), 0, 'not claimed, so no attempt counted');
      now = START + 60_000;
      assert.equal(await q.runDue(), 1);
      assert.equal(runs, 1);
    });

    it('runs due jobs oldest due first', async () => {
      const q = queue();
      const order: unknown[] = [];
      q.handle('o', async (_j, p) => void order.push(p.n));
      for (const [n, ago] of [[1, 10], [2, 30], [3, 20]] as const) await q.enqueue({ kind: 'o', payload: { n }, dueAt: new Date(START - ago * 1000) });
      assert.equal(await q.runDue(), 3);
      assert.deepEqual(order, [2, 3, 1]);
    });

    it('retries a failing job with backoff, then marks it failed after max_attempts', async () => {
      const q = queue();
      let runs = 0;
      q.handle('flaky', async () => {
        runs += 1;
        throw Object.assign(new Error('relay said no to someone@example.org'), { code: 'ECONNREFUSED' });
      });
      const id = (await q.enqueue({ kind: 'flaky', payload: {}, maxAttempts: 3 }))!;

      assert.equal(await q.runDue(), 1);
      let row = await job(id);
      assert.equal(Number(row.attempts), 1);
      assert.equal(row.last_error, 'ECONNREFUSED', 'the code, never the message');
      assert.equal(row.failed_at, null);
      assert.equal(row.locked_by, null);
      assert.equal(row.due_at, new Date(START + backoffMs(1)).toISOString());
      assert.equal(backoffMs(1), 30_000);

      now = START + backoffMs(1) - 1;
      assert.equal(await q.runDue(), 0, 'not before the backoff');
      now = START + backoffMs(1);
      assert.equal(await q.runDue(), 1);
      row = await job(id);
      assert.equal(Number(row.attempts), 2);
      assert.equal(row.due_at, new Date(now + backoffMs(2)).toISOString());
      assert.equal(backoffMs(2), 60_000, 'the backoff doubles');

      now += backoffMs(2);
      assert.equal(await q.runDue(), 1);
      row = await job(id);
      assert.equal(Number(row.attempts), 3);
      assert.equal(row.failed_at, new Date(now).toISOString());
      assert.equal(row.done_at, null);

      now += 24 * 3_600_000;
      assert.equal(await q.runDue(), 0, 'a failed job is not run again');
      assert.equal(runs, 3);
      assert.deepEqual(errors, [
        ['flaky', 'ECONNREFUSED'],
        ['flaky', 'ECONNREFUSED'],
        ['flaky', 'ECONNREFUSED'],
      ]);
    });

    it('caps the backoff at an hour', () => {
      assert.equal(backoffMs(8), 3_600_000);
      assert.equal(backoffMs(30), 3_600_000);
    });

    it('makes one job of the same unique key, in and out of a transaction', async () => {
      const q = queue();
      const first = await q.enqueue({ kind: 'email', payload: { messageId: 'm1' }, uniqueKey: 'email:m1' });
      assert.ok(first);
      assert.equal(await q.enqueue({ kind: 'email', payload: { messageId: 'm1' }, uniqueKey: 'email:m1' }), undefined);
      await db.kysely.transaction().execute(async (trx) => {
        assert.equal(await q.enqueue({ kind: 'email', payload: { messageId: 'm1' }, uniqueKey: 'email:m1' }, trx), undefined);
        assert.ok(await q.enqueue({ kind: 'email', payload: { messageId: 'm2' }, uniqueKey: 'email:m2' }, trx));
      });
      const rows = await db.kysely.selectFrom('jobs').select(['unique_key']).orderBy('unique_key').execute();
      assert.deepEqual(rows.map((r) => r.unique_key), ['email:m1', 'email:m2']);
      // A done job keeps its key: the same notice enqueued again later is still one job.
      let runs = 0;
      q.handle('email', async () => void (runs += 1));
      assert.equal(await q.runDue(), 2);
      assert.equal(await q.enqueue({ kind: 'email', payload: { messageId: 'm1' }, uniqueKey: 'email:m1' }), undefined);
      assert.equal(await q.runDue(), 0);
      assert.equal(runs, 2);
    });

    it('enqueues inside a transaction: a rollback leaves no job', async () => {
      const q = queue();
      await assert.rejects(
        db.kysely.transaction().execute(async (trx) => {
          await q.enqueue({ kind: 'x', payload: {} }, trx);
          throw new Error('rolled back');
        }),
      );
      assert.equal((await db.kysely.selectFrom('jobs').selectAll().execute()).length, 0);
    });

    it('runs overdue jobs as soon as it starts', async () => {
      const q = queue();
      const ran: unknown[] = [];
      q.handle('overdue', async (_j, p) => void ran.push(p.n));
      for (let n = 1; n <= 5; n += 1) await q.enqueue({ kind: 'overdue', payload: { n }, dueAt: new Date(START - n * 3_600_000) });
      await q.enqueue({ kind: 'overdue', payload: { n: 99 }, dueAt: new Date(START + 3_600_000) });
      q.start(60_000);
      await q.stop();
      assert.deepEqual(ran.sort(), [1, 2, 3, 4, 5]);
    });

    it('keeps polling after start, and stop waits for the pass under way', async () => {
      now = Date.now();
      const q = new JobQueue(db.kysely, db.dialect);
      let runs = 0;
      q.handle('slow', async () => {
        await sleep(50);
        runs += 1;
      });
      q.start(10);
      await q.enqueue({ kind: 'slow', payload: {} });
      for (let i = 0; i < 200 && runs === 0; i += 1) await sleep(10);
      await q.enqueue({ kind: 'slow', payload: {} });
      for (let i = 0; i < 200 && runs < 2; i += 1) await sleep(10);
      await q.stop();
      assert.equal(runs, 2);
    });

    it('a throwing handler, or a job of no known kind, does not stop the others', async () => {
      const q = queue();
      const ran: unknown[] = [];
      q.handle('ok', async (_j, p) => void ran.push(p.n));
      q.handle('bad', async () => {
        throw new TypeError('boom');
      });
      await q.enqueue({ kind: 'ok', payload: { n: 1 }, dueAt: new Date(START - 3000) });
      const bad = (await q.enqueue({ kind: 'bad', payload: {}, dueAt: new Date(START - 2000) }))!;
      const unknown = (await q.enqueue({ kind: 'nobody-handles-this', payload: {}, dueAt: new Date(START - 1500) }))!;
      await q.enqueue({ kind: 'ok', payload: { n: 2 }, dueAt: new Date(START - 1000) });
      assert.equal(await q.runDue(), 4);
      assert.deepEqual(ran, [1, 2]);
      assert.equal((await job(bad)).last_error, 'TypeError');
      assert.equal((await job(unknown)).last_error, 'NO_HANDLER');
      assert.equal((await job(bad)).done_at, null);
      assert.deepEqual(errors.map(([kind]) => kind).sort(), ['bad', 'nobody-handles-this']);
    });

    it('runs a job again whose lease expired (a worker that died mid-job)', async () => {
      const dead = queue();
      const id = (await dead.enqueue({ kind: 'work', payload: {} }))!;
      const claimed = await dead.claim(10, 60_000);
      assert.deepEqual(claimed.map((j) => j.id), [id]);
      const alive = queue();
      let runs = 0;
      alive.handle('work', async () => void (runs += 1));
      assert.equal(await alive.runDue(), 0, 'locked while the lease lasts');
      now = START + 60_001;
      assert.equal(await alive.runDue(), 1);
      assert.equal(runs, 1);
      assert.equal(Number((await job(id)).attempts), 2);
    });

    it('never hands the same job to two claims racing on separate pools', { skip: d.name === 'sqlite' ? 'one server process per SQLite file' : false }, async () => {
      const second = await openDb({ url: db.url! });
      try {
        const queues = [new JobQueue(db.kysely, db.dialect), new JobQueue(second.kysely, second.dialect)];
        for (let i = 0; i < 60; i += 1) await queues[0]!.enqueue({ kind: 'c', payload: { i }, dueAt: new Date(Date.now() - 1000) });
        const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => queues[i % 2]!.claim(5)));
        const ids = claims.flat().map((j) => j.id);
        assert.equal(new Set(ids).size, ids.length, 'no job claimed twice');
        assert.equal(ids.length, 60);
      } finally {
        await second.close();
      }
    });

    it('runs each of 50 jobs exactly once with two queues on separate pools running at once', { skip: d.name === 'sqlite' ? 'one server process per SQLite file' : false }, async () => {
      const second = await openDb({ url: db.url! });
      try {
        const count = new Map<string, number>();
        const byWorker = new Map<string, number>();
        const queues = [new JobQueue(db.kysely, db.dialect), new JobQueue(second.kysely, second.dialect)];
        for (const q of queues) {
          q.handle('count', async (j) => {
            count.set(j.id, (count.get(j.id) ?? 0) + 1);
            byWorker.set(q.worker, (byWorker.get(q.worker) ?? 0) + 1);
            await sleep(2);
          });
        }
        const ids = new Set<string>();
        for (let i = 0; i < 50; i += 1) ids.add((await queues[0]!.enqueue({ kind: 'count', payload: { i }, dueAt: new Date(Date.now() - 1000) }))!);
        const ran = await Promise.all(queues.map((q) => q.runDue()));
        assert.equal(ran[0]! + ran[1]!, 50);
        assert.equal(count.size, 50);
        assert.deepEqual([...count.keys()].sort(), [...ids].sort());
        assert.ok([...count.values()].every((n) => n === 1), 'no job ran twice');
        assert.equal(byWorker.size, 2, 'both queues took a share');
        const left = await db.kysely.selectFrom('jobs').select('id').where('done_at', 'is', null).execute();
        assert.deepEqual(left, []);
      } finally {
        await second.close();
      }
    });
  });
}
