/**
 * Lone working (#16): leave recorded after a visit was planned, through the real routes on both databases.
 * Nobody falls through: the visit's owner and their line manager are told (in-app and by email, naming
 * nobody and no place) "Your buddy is on leave on <day>: choose another buddy", the owner's visits and the
 * visit's plan page say so, and until another buddy is chosen the escalation's buddy step alerts the line
 * manager, never the absent buddy. A new buddy (by the owner or their line manager; not someone on leave)
 * takes the step back. A finished visit, or leave on another day, tells nobody.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from './support/databases.js';
import { signedIn, startApp, type Client, type TestApp } from './support/app.js';
import { errorSummary as summary } from './support/html.js';

const WORDS = 'Your buddy is on leave on Tuesday 8 December 2026: choose another buddy';

for (const d of databases()) {
  describe(`lone working: leave recorded after the visit was planned (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T09:00:00Z'); // Monday 7 December 2026
    let staff: Client;
    let visitor: Client;
    let manager: Client;

    const signInAll = async () => {
      [staff, visitor, manager] = (await Promise.all(['staff.demo', 'visitor.demo', 'manager.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client];
    };
    const planned = async (start: string, end: string, buddy = 'visitor.demo') => {
      const r = await t.services.visits.plan(t.ids['staff.demo']!, { startsAt: new Date(start), endsAt: new Date(end), endOfDayAt: new Date('2026-12-08T18:00:00Z'), buddyUsername: buddy, arrangement: 'alone', detail: { reference: 'REF-7', description: 'Home visit', location: '8 Example Mews', jointWith: '', redAgreement: '' } }, 'test');
      assert.ok(r.ok, JSON.stringify(r));
      return r.id;
    };
    const messages = (username: string) => t.db.kysely.selectFrom('messages').selectAll().where('account_id', '=', t.ids[username]!).orderBy('created_at').execute();
    const alerts = (id: string) => t.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', id).orderBy('due_at').execute();

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      await t.services.accounts.create({ username: 'peer.demo', displayName: 'Pat Peer', roles: ['staff'], password: null, managerId: t.ids['manager.demo']! });
      await signInAll();
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('the owner and the line manager are told, the pages say so, and the overdue visit alerts the line manager, not the absent buddy', async () => {
      const tuesday = await planned('2026-12-08T10:00:00Z', '2026-12-08T11:00:00Z');
      const acrossMidnight = await planned('2026-12-07T22:00:00Z', '2026-12-08T01:00:00Z'); // Monday night into Tuesday
      const wednesday = await planned('2026-12-09T10:00:00Z', '2026-12-09T11:00:00Z');
      const done = await planned('2026-12-08T08:00:00Z', '2026-12-08T08:30:00Z');
      await t.db.kysely.updateTable('visits').set({ checked_out_at: '2026-12-08T08:20:00.000Z' }).where('id', '=', done).execute();
      const [staffBefore, managerBefore] = [(await messages('staff.demo')).length, (await messages('manager.demo')).length];

      await visitor.get('/visits/leave');
      const res = await visitor.post('/visits/leave', { from: '2026-12-08', to: '2026-12-08' });
      assert.equal(res.statusCode, 303);

      const toStaff = (await messages('staff.demo')).slice(staffBefore);
      const toManager = (await messages('manager.demo')).slice(managerBefore);
      assert.deepEqual(toStaff.map((m) => [m.subject, m.link]).sort(), [[WORDS, `/visits/${acrossMidnight}/plan`], [WORDS, `/visits/${tuesday}/plan`]].sort(), 'the two visits on the day of leave; not Wednesday, not the finished one');
      assert.equal(toManager.length, 2);
      assert.ok(toManager.every((m) => /on leave on Tuesday 8 December 2026: choose another buddy/.test(m.subject)));
      for (const m of [...toStaff, ...toManager]) {
        assert.ok(!/Vic|Sam|Visiting|Example Mews|Home visit|REF-7/.test(`${m.subject} ${m.body}`), 'names nobody, no place');
        assert.notEqual(m.email_state, 'none', 'an email too (held here: no mail server)');
      }
      const buddyAway = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit.buddy-away').execute();
      assert.deepEqual(buddyAway.map((a) => a.target_id).sort(), [acrossMidnight, tuesday].sort());

      // The owner's visits and the visit's plan page say so; the manager may open it too; the absent buddy may not.
      const home = await staff.get('/visits');
      assert.match(home.body, /data-sf="need-buddy"[\s\S]*Your buddy is on leave on Tuesday 8 December 2026: choose another buddy/);
      for (const c of [staff, manager]) {
        const page = await c.get(`/visits/${tuesday}/plan`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /data-sf="buddy-on-leave"[\s\S]*Your buddy is on leave on Tuesday 8 December 2026: choose another buddy/);
      }
      assert.equal((await staff.get(`/visits/${wednesday}/plan`)).body.includes('data-sf="buddy-on-leave"'), false);
      const theirs = await visitor.get(`/visits/${tuesday}/plan`);
      assert.equal(theirs.statusCode, 404);

      // Tuesday, nobody checked out: the buddy step goes to the line manager.
      now = new Date('2026-12-08T11:20:00Z');
      await t.services.jobs.runDue();
      await t.services.visits.escalate(tuesday);
      const fired = await alerts(tuesday);
      assert.equal(fired[0]!.step, 'buddy');
      assert.deepEqual(JSON.parse(fired[0]!.recipients), [t.ids['manager.demo']], 'the line manager, not the absent buddy');
      const toVisitor = await messages('visitor.demo');
      assert.ok(!toVisitor.some((m) => m.link === `/visits/${tuesday}/escalation`), 'the absent buddy is not alerted');
    });

    it('another buddy takes the step back: chosen by the owner or the line manager, never someone on leave or the owner; anyone else 404, audited', async () => {
      now = new Date('2026-12-08T07:00:00Z');
      await signInAll();
      const id = await planned('2026-12-08T14:00:00Z', '2026-12-08T15:00:00Z', 'manager.demo');
      // The buddy (the line manager here) records their own leave after the visit was planned.
      await manager.get('/visits/leave');
      assert.equal((await manager.post('/visits/leave', { from: '2026-12-08', to: '2026-12-08' })).statusCode, 303);
      let page = await staff.get(`/visits/${id}/plan`);
      assert.match(page.body, /data-sf="buddy-on-leave"/);
      let res = await staff.post(`/visits/${id}/buddy`, { buddy: 'visitor.demo' });
      assert.equal(res.statusCode, 400, 'visitor.demo is on leave on the 8th too (the first test)');
      assert.deepEqual(summary(res.body), { '#buddy': 'Your buddy is on leave on that day: choose another buddy' });
      res = await staff.post(`/visits/${id}/buddy`, { buddy: 'staff.demo' });
      assert.deepEqual(Object.keys(summary(res.body)), ['#buddy']);
      res = await staff.post(`/visits/${id}/buddy`, { buddy: '<script>alert(1)</script>' });
      assert.deepEqual(Object.keys(summary(res.body)), ['#buddy']);
      assert.ok(!res.body.includes('<script>alert(1)</script>'));
      res = await staff.post(`/visits/${id}/buddy`, { buddy: 'x'.repeat(10_000) });
      assert.equal(res.statusCode, 400);
      // Someone else: looks like no visit, audited.
      const peer = await signedIn(t, 'head.demo');
      await peer.get('/visits');
      res = await peer.post(`/visits/${id}/buddy`, { buddy: 'peer.demo' });
      assert.equal(res.statusCode, 404);
      const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit.buddy').where('outcome', '=', 'denied').execute();
      assert.deepEqual(denied.map((a) => a.target_id), [id]);
      // The owner chooses peer.demo: the page no longer warns; the buddy step goes to peer.demo.
      res = await staff.post(`/visits/${id}/buddy`, { buddy: 'peer.demo' });
      assert.equal(res.statusCode, 303);
      page = await staff.get(`/visits/${id}/plan?done=buddy`);
      assert.match(page.body, /The new buddy is recorded/);
      assert.doesNotMatch(page.body, /data-sf="buddy-on-leave"/);
      assert.match(page.body, /Pat Peer/);
      const changed = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit.buddy').where('outcome', '=', 'ok').executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(changed.detail!), { from: t.ids['manager.demo'], to: (await t.services.accounts.byUsername('peer.demo'))!.id });
      now = new Date('2026-12-08T15:20:00Z');
      await t.services.visits.escalate(id);
      const fired = await alerts(id);
      assert.deepEqual(JSON.parse(fired[0]!.recipients), [(await t.services.accounts.byUsername('peer.demo'))!.id]);
    });
  });
}
