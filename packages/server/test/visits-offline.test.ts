/**
 * Lone working (#16): check-in and check-out with an idempotency key (what static/visits.js sends from
 * its queue when a phone is back online), through the real routes on both databases. The same key twice,
 * or at the same moment, counts once: one event, one audit entry, an open escalation closed once and
 * everyone alerted told once. A key used for another visit is refused; a refused code stores no key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { databases } from './support/databases.js';
import { signedIn, startApp, type Client, type TestApp } from './support/app.js';
import { HOSTILE } from './support/fixtures.js';

for (const d of databases()) {
  describe(`lone working: check-in and check-out sent again (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T09:00:00Z');
    let staff: Client;

    const json = (c: Client, url: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
      const params = new URLSearchParams({ _csrf: c.csrf, ...form });
      return c.request('POST', url, { body: params.toString(), headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...headers } });
    };
    const audits = (action: string, visitId: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', visitId).orderBy('seq').execute();
    async function planned(start: string, end: string): Promise<string> {
      const r = await t.services.visits.plan(
        t.ids['staff.demo']!,
        { startsAt: new Date(start), endsAt: new Date(end), endOfDayAt: new Date('2026-12-07T18:00:00Z'), buddyUsername: 'visitor.demo', arrangement: 'alone', trafficLight: null, detail: { reference: '', description: 'Home visit', location: '4 Example Close', jointWith: '', redAgreement: '' } },
        'test',
      );
      assert.ok(r.ok);
      return r.id;
    }

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      staff = await signedIn(t, 'staff.demo');
      await staff.get('/visits');
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('the same key twice counts once, answered the same; the phone time is kept beside the server time', async () => {
      const id = await planned('2026-12-07T10:00:00Z', '2026-12-07T11:00:00Z');
      const inKey = randomUUID();
      for (let i = 0; i < 2; i++) {
        const res = await json(staff, `/visits/${id}/check-in`, { key: inKey, clientAt: '2026-12-07T09:58:12.345Z' });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { ok: true, location: '/visits?done=in' });
      }
      assert.equal((await audits('visit.check-in', id)).length, 1);
      const outKey = randomUUID();
      now = new Date('2026-12-07T10:50:00Z');
      staff = await signedIn(t, 'staff.demo'); // a clock moved by hours ends the old session
      await staff.get('/visits');
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await json(staff, `/visits/${id}/check-out`, { key: outKey, clientAt: '2026-12-07T10:49:00Z' })).json());
      assert.deepEqual(answers, Array(3).fill({ ok: true, location: '/visits?done=out' }));
      const outs = await audits('visit.check-out', id);
      assert.equal(outs.length, 1);
      assert.deepEqual(JSON.parse(outs[0]!.detail!), { late: false, keyed: true, clientAt: '2026-12-07T10:49:00.000Z' });
      const keys = await t.db.kysely.selectFrom('visit_action_keys').selectAll().where('visit_id', '=', id).orderBy('action').execute();
      assert.deepEqual(keys.map((k) => [k.action, k.client_at, k.received_at]), [['check-in', '2026-12-07T09:58:12.345Z', '2026-12-07T09:00:00.000Z'], ['check-out', '2026-12-07T10:49:00.000Z', '2026-12-07T10:50:00.000Z']]);
      const row = await t.services.visits.get(id);
      assert.equal(row!.checked_out_at, '2026-12-07T10:50:00.000Z', "the visit's times are the server's");
      // The header works as the field does; a plain form post still redirects.
      const id2 = await planned('2026-12-07T11:00:00Z', '2026-12-07T12:00:00Z');
      const hk = randomUUID();
      assert.equal((await json(staff, `/visits/${id2}/check-in`, {}, { 'idempotency-key': hk })).statusCode, 200);
      assert.equal((await t.db.kysely.selectFrom('visit_action_keys').select('key').where('key', '=', hk).execute()).length, 1);
      assert.equal((await staff.post(`/visits/${id2}/check-out`)).statusCode, 303);
    });

    it('a late check-out arriving twice at the same moment closes the escalation once and tells everyone alerted once', async () => {
      now = new Date('2026-12-07T12:00:00Z');
      const id = await planned('2026-12-07T12:00:00Z', '2026-12-07T12:30:00Z');
      now = new Date('2026-12-07T13:20:00Z'); // buddy and line manager steps due
      await t.services.jobs.runDue();
      await t.services.visits.escalate(id);
      const alerted = await t.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', id).execute();
      assert.ok(alerted.length >= 2, `${alerted.length} steps fired`);
      const told = async () => (await t.services.notifier.inbox(t.ids['visitor.demo']!, 500)).filter((m) => m.subject === 'The lone worker has checked out').length;
      const before = await told();
      staff = await signedIn(t, 'staff.demo');
      await staff.get('/visits');
      const key = randomUUID();
      const results = await Promise.all([1, 2, 3].map(() => json(staff, `/visits/${id}/check-out`, { key, clientAt: '2026-12-07T12:29:00Z' })));
      assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200]);
      assert.equal((await audits('visit.check-out', id)).length, 1, 'one check-out event');
      assert.equal(await told(), before + 1, 'the buddy is told once');
      assert.equal((await t.services.notifier.inbox(t.ids['manager.demo']!, 500)).filter((m) => m.subject === 'The lone worker has checked out').length, 1);
      const row = await t.services.visits.get(id);
      assert.ok(row!.resolved_at && row!.checked_out_at);
      // Sent again later (a phone that kept it): nothing changes, and no further step fires.
      now = new Date('2026-12-07T16:00:00Z');
      staff = await signedIn(t, 'staff.demo');
      await staff.get('/visits');
      assert.equal((await json(staff, `/visits/${id}/check-out`, { key })).statusCode, 200);
      await t.services.jobs.runDue();
      assert.equal((await t.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', id).execute()).length, alerted.length);
      assert.equal(await told(), before + 1);
      assert.equal((await audits('visit.check-out', id)).length, 1);
    });

    it('a key used for another visit is refused (looks like no visit, audited); a refused code stores no key; bad keys and times are refused or dropped', async () => {
      now = new Date('2026-12-07T14:00:00Z');
      staff = await signedIn(t, 'staff.demo');
      const a = await planned('2026-12-07T14:00:00Z', '2026-12-07T15:00:00Z');
      const b = await planned('2026-12-07T14:00:00Z', '2026-12-07T15:00:00Z');
      await staff.get('/visits');
      const key = randomUUID();
      assert.equal((await json(staff, `/visits/${a}/check-in`, { key })).statusCode, 200);
      const reused = await json(staff, `/visits/${b}/check-in`, { key });
      assert.equal(reused.statusCode, 404);
      assert.deepEqual(reused.json(), { ok: false, status: 404 });
      assert.equal((await audits('visit.check-in', b)).filter((x) => x.outcome === 'denied').length, 1);
      assert.equal((await t.services.visits.get(b))!.checked_in_at, null);
      assert.equal((await json(staff, `/visits/${a}/check-out`, { key })).statusCode, 404, 'the check-in key is not a check-out key');

      // Someone else's visit with a fresh key: no visit.
      const visitor = await signedIn(t, 'visitor.demo');
      await visitor.get('/visits');
      assert.equal((await json(visitor, `/visits/${a}/check-out`, { key: randomUUID() })).statusCode, 404);
      assert.equal((await t.services.visits.get(a))!.checked_out_at, null);

      // Codes set: a wrong code is a 400 with the field, and the same key then works with the right one.
      await staff.get('/visits/codes');
      assert.equal((await staff.post('/visits/codes', { normal: '2468', duress: '1357' })).statusCode, 303);
      await staff.get('/visits');
      const k2 = randomUUID();
      const wrong = await json(staff, `/visits/${a}/check-out`, { key: k2, code: '0000' });
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(wrong.json(), { ok: false, errors: [{ href: `#code-${a}`, text: 'Enter your check-out code' }] });
      assert.equal((await t.db.kysely.selectFrom('visit_action_keys').select('key').where('key', '=', k2).execute()).length, 0);
      assert.equal((await json(staff, `/visits/${a}/check-out`, { key: k2, code: '2468' })).statusCode, 200);
      assert.ok((await t.services.visits.get(a))!.checked_out_at);

      for (const bad of ['short', 'x'.repeat(101), '<script>alert(1)</script>', 'a b c d e f g h i j k l', '\u202Eabcdefghijklmnopq']) {
        const res = await json(staff, `/visits/${b}/check-in`, { key: bad });
        assert.equal(res.statusCode, 400, bad.slice(0, 20));
        assert.ok(!res.body.includes('<script>'));
      }
      for (const h of [...HOSTILE.slice(0, -1), '2026-13-45T99:00:00Z', 'x'.repeat(41)]) {
        const k = randomUUID();
        const res = await json(staff, `/visits/${b}/check-in`, { key: k, clientAt: h });
        assert.ok([200, 400].includes(res.statusCode), h.slice(0, 20));
        const stored = await t.db.kysely.selectFrom('visit_action_keys').selectAll().where('key', '=', k).executeTakeFirst();
        if (stored) assert.equal(stored.client_at, null, 'an unreadable phone time is dropped');
      }
      assert.ok((await t.services.visits.get(b))!.checked_in_at);
      assert.ok(!t.logs.join('').includes('4 Example Close'));
    });
  });
}
