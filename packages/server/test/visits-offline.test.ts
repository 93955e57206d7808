/**
 * Lone working (#16): check-in and check-out with an idempotency key (what static/visits.js sends from
 * its queue when a phone is back online), through the real routes on both databases. The same key twice,
 * or at the same moment, counts once: one event, one audit entry, an open escalation closed once and
 * everyone alerted told once. A key used for another visit is refused; a refused code stores no key.
 * The check-out counts at the phone's time when plausible (not before the check-in or start, at most 2
 * minutes ahead, at most 12 hours old), else at receipt with the reason audited; a late-arriving one whose
 * phone time was before the alert closes the escalation and counts as on time; a duress one looks the same.
 * A check-in likewise counts at the phone's time when plausible (at most an hour before the start, 2 minutes
 * ahead, 12 hours old, not after a check-out that arrived first), else at receipt with why; it is the floor
 * of the check-out's phone time.
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

    it("the same key twice counts once, answered the same; the phone's time counts, the receipt kept beside it", async () => {
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
      assert.deepEqual(JSON.parse(outs[0]!.detail!), { late: false, keyed: true, clientAt: '2026-12-07T10:49:00.000Z', receivedAt: '2026-12-07T10:50:00.000Z', countedAt: '2026-12-07T10:49:00.000Z', clock: 'phone' });
      const keys = await t.db.kysely.selectFrom('visit_action_keys').selectAll().where('visit_id', '=', id).orderBy('action').execute();
      assert.deepEqual(keys.map((k) => [k.action, k.client_at, k.received_at]), [['check-in', '2026-12-07T09:58:12.345Z', '2026-12-07T09:00:00.000Z'], ['check-out', '2026-12-07T10:49:00.000Z', '2026-12-07T10:50:00.000Z']]);
      const row = await t.services.visits.get(id);
      assert.deepEqual([row!.checked_out_at, row!.checked_out_received_at], ['2026-12-07T10:49:00.000Z', '2026-12-07T10:50:00.000Z'], "the phone's time counts; the receipt is kept");
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
      assert.ok(row!.resolved_at);
      assert.deepEqual([row!.checked_out_at, row!.checked_out_received_at], ['2026-12-07T12:29:00.000Z', '2026-12-07T13:20:00.000Z'], "counted at the phone's time, before the alert");
      const out = JSON.parse((await audits('visit.check-out', id))[0]!.detail!);
      assert.deepEqual(out, { late: true, keyed: true, clientAt: '2026-12-07T12:29:00.000Z', receivedAt: '2026-12-07T13:20:00.000Z', countedAt: '2026-12-07T12:29:00.000Z', clock: 'phone' });
      // The week's use: it escalated (it did), and it was checked out on time (by the phone's time).
      const week = (await t.services.visits.usage([t.ids['staff.demo']!], 1))[0]!;
      const [onTimeBefore] = [week.onTime];
      assert.ok(week.escalated >= 1);
      await t.db.kysely.updateTable('visits').set({ checked_out_at: row!.checked_out_received_at }).where('id', '=', id).execute();
      assert.equal((await t.services.visits.usage([t.ids['staff.demo']!], 1))[0]!.onTime, onTimeBefore - 1, 'at receipt it would have been late');
      await t.db.kysely.updateTable('visits').set({ checked_out_at: row!.checked_out_at }).where('id', '=', id).execute();
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
    it('an implausible phone time counts at receipt and the audit says why; a duress check-out held offline looks the same and escalates from its receipt', async () => {
      now = new Date('2026-12-07T16:00:00Z');
      staff = await signedIn(t, 'staff.demo');
      await staff.get('/visits');
      const cases = [
        { phone: '2026-12-07T15:59:00Z', why: 'before-start', checkIn: false },
        { phone: '2026-12-07T16:07:01Z', why: 'future', checkIn: false },
        { phone: '2026-12-07T16:06:30Z', why: undefined, checkIn: false }, // ahead by less than the skew: counts as the receipt
        { phone: undefined, why: 'no-phone-time', checkIn: false },
        { phone: '<img src=x onerror=alert(1)>', why: 'no-phone-time', checkIn: false },
        { phone: '2026-12-07T16:00:30Z', why: 'before-start', checkIn: true }, // before the check-in
      ];
      for (const c of cases) {
        const id = await planned('2026-12-07T16:00:00Z', '2026-12-07T17:00:00Z');
        if (c.checkIn) {
          now = new Date('2026-12-07T16:01:00Z');
          assert.equal((await json(staff, `/visits/${id}/check-in`, { key: randomUUID() })).statusCode, 200);
        }
        now = new Date('2026-12-07T16:05:00Z');
        staff = await signedIn(t, 'staff.demo');
        await staff.get('/visits');
        const res = await json(staff, `/visits/${id}/check-out`, { key: randomUUID(), code: '2468', ...(c.phone ? { clientAt: c.phone } : {}) });
        assert.equal(res.statusCode, 200, res.body);
        const row = (await t.services.visits.get(id))!;
        const detail = JSON.parse((await audits('visit.check-out', id))[0]!.detail!);
        if (c.why) {
          assert.equal(row.checked_out_at, '2026-12-07T16:05:00.000Z', String(c.phone));
          assert.deepEqual([detail.clock, detail.why, detail.countedAt, detail.receivedAt], ['server', c.why, '2026-12-07T16:05:00.000Z', '2026-12-07T16:05:00.000Z'], String(c.phone));
        } else {
          assert.equal(row.checked_out_at, '2026-12-07T16:05:00.000Z', 'never later than its arrival');
          assert.equal(detail.clock, 'phone');
        }
        now = new Date('2026-12-07T16:00:00Z');
      }
      // Older than 12 hours: receipt.
      now = new Date('2026-12-07T06:00:00Z');
      const old = await planned('2026-12-07T06:00:00Z', '2026-12-07T07:00:00Z');
      now = new Date('2026-12-07T19:00:00Z');
      staff = await signedIn(t, 'staff.demo');
      await staff.get('/visits');
      assert.equal((await json(staff, `/visits/${old}/check-out`, { key: randomUUID(), clientAt: '2026-12-07T06:30:00Z', code: '2468' })).statusCode, 200);
      assert.equal((await t.services.visits.get(old))!.checked_out_at, '2026-12-07T19:00:00.000Z');
      assert.equal(JSON.parse((await audits('visit.check-out', old))[0]!.detail!).why, 'too-old');

      // Duress, held offline: answered as a normal one, stored the same way, the audit entry the same shape; the police step fires at receipt.
      now = new Date('2026-12-07T20:00:00Z');
      const normal = await planned('2026-12-07T20:00:00Z', '2026-12-07T21:00:00Z');
      const forced = await planned('2026-12-07T20:00:00Z', '2026-12-07T21:00:00Z');
      now = new Date('2026-12-07T21:30:00Z');
      staff = await signedIn(t, 'staff.demo');
      await staff.get('/visits');
      const a = await json(staff, `/visits/${normal}/check-out`, { key: randomUUID(), clientAt: '2026-12-07T20:50:00Z', code: '2468' });
      const b = await json(staff, `/visits/${forced}/check-out`, { key: randomUUID(), clientAt: '2026-12-07T20:50:00Z', code: '1357' });
      assert.deepEqual([a.statusCode, a.json()], [b.statusCode, b.json()]);
      const [n, f] = [(await t.services.visits.get(normal))!, (await t.services.visits.get(forced))!];
      assert.deepEqual([n.checked_out_at, f.checked_out_at], ['2026-12-07T20:50:00.000Z', '2026-12-07T20:50:00.000Z']);
      assert.equal(f.duress_at, '2026-12-07T21:30:00.000Z', 'the escalation starts from the receipt');
      const [da, db] = [JSON.parse((await audits('visit.check-out', normal))[0]!.detail!), JSON.parse((await audits('visit.check-out', forced))[0]!.detail!)];
      assert.deepEqual(Object.keys(db), Object.keys(da));
      assert.deepEqual({ ...db, late: false }, { ...da, late: false });
      const police = await t.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', forced).execute();
      assert.deepEqual(police.map((p) => [p.step, p.due_at]), [['police-advice', '2026-12-07T21:30:00.000Z']]);
      const mine = await staff.get('/visits');
      const item = new RegExp(`id="visit-${forced}"[\\s\\S]*?</li>`).exec(mine.body)?.[0] ?? '';
      assert.match(item, /Checked out/);
      assert.doesNotMatch(item, /Escalated|No call received/, 'on their own screen it is a check-out');
      assert.doesNotMatch((await staff.get(`/visits/${forced}/plan`)).body, /Escalated/);
    });

    it("a check-in held offline counts at the phone's time when plausible, the receipt kept; twice counts once; it is the floor of the check-out's phone time", async () => {
      const signIn = async (iso: string) => {
        now = new Date(iso);
        staff = await signedIn(t, 'staff.demo');
        await staff.get('/visits');
      };
      await signIn('2026-12-08T08:00:00Z');
      const id = await planned('2026-12-08T10:00:00Z', '2026-12-08T11:00:00Z');
      await signIn('2026-12-08T10:20:00Z');
      const key = randomUUID();
      for (const [k, phone] of [[key, '2026-12-08T09:58:00Z'], [key, '2026-12-08T09:58:00Z'], [randomUUID(), '2026-12-08T10:10:00Z']] as const) {
        const res = await json(staff, `/visits/${id}/check-in`, { key: k, clientAt: phone });
        assert.deepEqual([res.statusCode, res.json()], [200, { ok: true, location: '/visits?done=in' }]);
        now = new Date(now.getTime() + 60_000);
      }
      let row = (await t.services.visits.get(id))!;
      assert.deepEqual([row.checked_in_at, row.checked_in_received_at], ['2026-12-08T09:58:00.000Z', '2026-12-08T10:20:00.000Z'], "the phone's time counts, once; the receipt is kept");
      const ins = await audits('visit.check-in', id);
      assert.equal(ins.length, 1, 'one check-in event');
      assert.deepEqual(JSON.parse(ins[0]!.detail!), { keyed: true, clientAt: '2026-12-08T09:58:00.000Z', receivedAt: '2026-12-08T10:20:00.000Z', countedAt: '2026-12-08T09:58:00.000Z', clock: 'phone' });
      assert.match((await staff.get('/visits')).body, new RegExp(`id="visit-${id}"[\\s\\S]*?In progress`));
      // The check-out's phone time may be before the check-in's receipt, not before the time it counts at.
      await signIn('2026-12-08T11:00:00Z');
      const early = await planned('2026-12-08T10:00:00Z', '2026-12-08T11:00:00Z');
      assert.equal((await json(staff, `/visits/${early}/check-in`, { key: randomUUID(), clientAt: '2026-12-08T10:30:00Z' })).statusCode, 200);
      assert.equal((await json(staff, `/visits/${id}/check-out`, { key: randomUUID(), clientAt: '2026-12-08T09:59:00Z', code: '2468' })).statusCode, 200);
      assert.equal((await json(staff, `/visits/${early}/check-out`, { key: randomUUID(), clientAt: '2026-12-08T10:29:00Z', code: '2468' })).statusCode, 200);
      row = (await t.services.visits.get(id))!;
      assert.equal(row.checked_out_at, '2026-12-08T09:59:00.000Z', "after the check-in's phone time, before its receipt: counts");
      assert.equal((await t.services.visits.get(early))!.checked_out_at, '2026-12-08T11:00:00.000Z', 'before the check-in: the receipt');
      assert.equal(JSON.parse((await audits('visit.check-out', early))[0]!.detail!).why, 'before-start');

      // Implausible: the receipt counts, and the audit says why.
      await signIn('2026-12-08T11:30:00Z');
      const cases = [
        { start: '2026-12-08T12:00:00Z', phone: '2026-12-08T10:59:59Z', why: 'too-early' }, // more than an hour before the start
        { start: '2026-12-08T11:00:00Z', phone: '2026-12-08T11:32:01Z', why: 'future' },
        { start: '2026-12-07T23:00:00Z', phone: '2026-12-07T23:29:59Z', why: 'too-old' }, // 12 hours and a second
        { start: '2026-12-08T11:00:00Z', phone: '<script>alert(1)</script>', why: 'no-phone-time' },
        { start: '2026-12-08T11:00:00Z', phone: undefined, why: 'no-phone-time' },
        { start: '2026-12-08T11:00:00Z', phone: '2026-12-08T11:31:30Z', why: undefined }, // a little ahead: the receipt, as the phone's
      ];
      for (const c of cases) {
        const v = await planned(c.start, '2026-12-08T13:00:00Z');
        const res = await json(staff, `/visits/${v}/check-in`, { key: randomUUID(), ...(c.phone ? { clientAt: c.phone } : {}) });
        assert.equal(res.statusCode, 200, res.body);
        const r = (await t.services.visits.get(v))!;
        assert.deepEqual([r.checked_in_at, r.checked_in_received_at], ['2026-12-08T11:30:00.000Z', '2026-12-08T11:30:00.000Z'], String(c.phone));
        const detail = JSON.parse((await audits('visit.check-in', v))[0]!.detail!);
        assert.deepEqual([detail.clock, detail.why, detail.countedAt, detail.receivedAt], [c.why ? 'server' : 'phone', c.why, '2026-12-08T11:30:00.000Z', '2026-12-08T11:30:00.000Z'], String(c.phone));
      }
      // A plain form post (no key, no phone time): the receipt, audited as such.
      const plain = await planned('2026-12-08T11:00:00Z', '2026-12-08T13:00:00Z');
      assert.equal((await staff.post(`/visits/${plain}/check-in`)).statusCode, 303);
      assert.deepEqual(JSON.parse((await audits('visit.check-in', plain))[0]!.detail!), { receivedAt: '2026-12-08T11:30:00.000Z', countedAt: '2026-12-08T11:30:00.000Z', clock: 'server', why: 'no-phone-time' });

      // The outbox sent the check-out first: a check-in's phone time after it counts at receipt; before it, at the phone's time.
      const [after, before] = [await planned('2026-12-08T11:00:00Z', '2026-12-08T13:00:00Z'), await planned('2026-12-08T11:00:00Z', '2026-12-08T13:00:00Z')];
      await signIn('2026-12-08T12:00:00Z');
      for (const v of [after, before]) assert.equal((await json(staff, `/visits/${v}/check-out`, { key: randomUUID(), code: '2468' })).statusCode, 200);
      now = new Date('2026-12-08T12:05:00Z');
      assert.equal((await json(staff, `/visits/${after}/check-in`, { key: randomUUID(), clientAt: '2026-12-08T12:03:00Z' })).statusCode, 200);
      assert.equal((await json(staff, `/visits/${before}/check-in`, { key: randomUUID(), clientAt: '2026-12-08T11:40:00Z' })).statusCode, 200);
      assert.equal(JSON.parse((await audits('visit.check-in', after))[0]!.detail!).why, 'after-check-out');
      assert.equal((await t.services.visits.get(after))!.checked_in_at, '2026-12-08T12:05:00.000Z');
      assert.equal((await t.services.visits.get(before))!.checked_in_at, '2026-12-08T11:40:00.000Z');
    });
  });
}
