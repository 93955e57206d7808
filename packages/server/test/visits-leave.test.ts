/**
 * Lone working (#16): a buddy on leave, through the real routes on both databases. Staff record their own
 * leave and their line manager theirs (anyone else is refused and audited); every change is audited; a
 * visit whose buddy is on leave on a day it touches (across midnight too) is refused at the buddy field in
 * the words of the issue; the plan page's buddy suggestions leave out whoever is on leave that day.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from './support/databases.js';
import { signedIn, startApp, type Client, type TestApp } from './support/app.js';
import { HOSTILE } from './support/fixtures.js';
import { decodeText, errorSummary as summary } from './support/html.js';

const REFUSED = 'Your buddy is on leave on that day: choose another buddy';

for (const d of databases()) {
  describe(`lone working: a buddy on leave (${d.name})`, () => {
    let t: TestApp;
    const now = new Date('2026-12-07T09:00:00Z'); // Monday 7 December 2026
    let staff: Client;
    let visitor: Client;
    let manager: Client;
    let peerId = '';

    const plan = (form: Record<string, string>) =>
      staff.post('/visits', { date: '2026-12-07', start: '10:00', end: '11:00', description: 'Home visit', location: '3 Example Lane', arrangement: 'alone', buddy: 'visitor.demo', trafficLight: 'green', ...form });
    const audits = (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
    const leaveRows = () => t.db.kysely.selectFrom('visit_leave').selectAll().orderBy('created_at').execute();
    const addLeave = async (c: Client, form: Record<string, string>) => {
      await c.get('/visits/leave');
      return c.post('/visits/leave', form);
    };

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      // A colleague of staff.demo in the same team (managed by manager.demo), who can be a buddy.
      peerId = await t.services.accounts.create({ username: 'peer.demo', displayName: 'Pat Peer', roles: ['staff'], password: null, managerId: t.ids['manager.demo']! });
      [staff, visitor, manager] = (await Promise.all(['staff.demo', 'visitor.demo', 'manager.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client];
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('staff record their own leave; bad days are said at their field and nothing is stored', async () => {
      let res = await addLeave(visitor, {});
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#from': 'Enter the first day of leave as a real date' });
      res = await visitor.post('/visits/leave', { from: '2026-12-10', to: '2026-12-09' });
      assert.deepEqual(summary(res.body), { '#to': 'The last day of leave must be the same as or after the first day' });
      assert.match(res.body, /value="2026-12-10"/, 'what was typed is kept');
      res = await visitor.post('/visits/leave', { from: '2026-11-01', to: '2026-12-06' });
      assert.deepEqual(Object.keys(summary(res.body)), ['#to'], 'leave already over');
      res = await visitor.post('/visits/leave', { from: '2027-02-29', to: '2027-03-01' });
      assert.deepEqual(Object.keys(summary(res.body)), ['#from'], 'not a real day');
      for (const h of HOSTILE) {
        res = await visitor.post('/visits/leave', { from: h, to: h });
        assert.equal(res.statusCode, 400, h.slice(0, 20));
        assert.deepEqual(Object.keys(summary(res.body)), ['#from'], h.slice(0, 20));
        assert.ok(!res.body.includes('<script>alert(1)</script>') && !res.body.includes('<img src=x'), 'escaped');
      }
      res = await visitor.post('/visits/leave', { from: '2026-12-07', to: 'x'.repeat(10_000) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#from']);
      assert.deepEqual(await leaveRows(), []);

      res = await visitor.post('/visits/leave', { from: '2026-12-08', to: '2026-12-09' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/visits/leave?done=add');
      const page = await visitor.get('/visits/leave?done=add');
      assert.match(page.body, /The leave is recorded/);
      assert.match(page.body, /data-sf="my-leave"[\s\S]*8 December 2026[\s\S]*9 December 2026/);
      assert.doesNotMatch(page.body, /name="who"/, 'someone who manages nobody records only their own');
      const rows = await leaveRows();
      assert.deepEqual(rows.map((r) => [r.account_id, r.from_day, r.to_day, r.recorded_by]), [[t.ids['visitor.demo'], '2026-12-08', '2026-12-09', t.ids['visitor.demo']]]);
      const added = await audits('visit.leave-add');
      assert.deepEqual(added.map((a) => [a.actor_id, a.target_id, a.outcome]), [[t.ids['visitor.demo'], t.ids['visitor.demo'], 'ok']]);
    });

    it('a visit with a buddy on leave that day is refused at the buddy field; across midnight into the leave too; the day after is fine', async () => {
      await staff.get('/visits/new');
      let res = await plan({ date: '2026-12-08' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#buddy': REFUSED });
      assert.match(decodeText(res.body), new RegExp(`<p id="buddy-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span> ${REFUSED}`), 'the inline message at the field');
      assert.match(res.body, /value="3 Example Lane"|3 Example Lane<\/textarea>/, 'what was typed is kept');
      res = await plan({ date: '2026-12-09', start: '07:00', end: '08:00' });
      assert.deepEqual(summary(res.body), { '#buddy': REFUSED }, 'the last day of leave');
      res = await plan({ date: '2026-12-07', start: '22:30', end: '00:30', nextDay: 'yes' });
      assert.deepEqual(summary(res.body), { '#buddy': REFUSED }, 'a visit past midnight into the leave');
      assert.equal((await t.db.kysely.selectFrom('visits').select('id').execute()).length, 0);
      // Leave days are London days: 00:30 BST on 28 June 2027 is 23:30 UTC on the 27th.
      await addLeave(visitor, { from: '2027-06-28', to: '2027-06-28' });
      res = await plan({ date: '2027-06-28', start: '00:30', end: '01:30' });
      assert.deepEqual(summary(res.body), { '#buddy': REFUSED }, 'in summer time');
      res = await plan({ date: '2027-06-27', start: '22:00', end: '23:30' });
      assert.equal(res.statusCode, 303, 'the evening before is fine');
      res = await plan({ date: '2026-12-07' });
      assert.equal(res.statusCode, 303, 'the day before the leave');
      res = await plan({ date: '2026-12-10' });
      assert.equal(res.statusCode, 303, 'the day after');
      const planned = await audits('visit.plan');
      assert.equal(planned.length, 3);
    });

    it('a line manager records and removes leave for their team, not for anyone else; the plan page does not offer whoever is on leave', async () => {
      // Before: staff.demo is offered their manager and their peer.
      let page = await staff.get('/visits/new');
      let offered = [...(/data-sf="buddies">([\s\S]*?)<\/datalist>/.exec(page.body)?.[1] ?? '').matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(offered.sort(), ['manager.demo', 'peer.demo']);
      assert.match(page.body, /list="buddy-list"/);

      page = await manager.get('/visits/leave');
      assert.match(page.body, /name="who"/);
      assert.match(page.body, /Pat Peer/);
      assert.match(page.body, /Sam Staff/);
      let res = await manager.post('/visits/leave', { who: peerId, from: '2026-12-07', to: '2026-12-07' });
      assert.equal(res.statusCode, 303);
      page = await manager.get('/visits/leave');
      assert.match(page.body, /data-sf="team-leave"[\s\S]*Pat Peer[\s\S]*7 December 2026/);
      const added = (await audits('visit.leave-add')).at(-1)!;
      assert.deepEqual([added.actor_id, added.target_id, added.outcome], [t.ids['manager.demo'], peerId, 'ok']);

      page = await staff.get('/visits/new');
      offered = [...(/data-sf="buddies">([\s\S]*?)<\/datalist>/.exec(page.body)?.[1] ?? '').matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(offered, ['manager.demo'], 'the peer is on leave today');
      res = await plan({ buddy: 'peer.demo' });
      assert.deepEqual(summary(res.body), { '#buddy': REFUSED });
      offered = [...(/data-sf="buddies">([\s\S]*?)<\/datalist>/.exec(res.body)?.[1] ?? '').matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(offered, ['manager.demo'], 'after the refusal too');
      res = await plan({ date: '2026-12-08', buddy: 'peer.demo' });
      assert.equal(res.statusCode, 303, 'back the next day');

      // Not in their team: refused, audited, nothing stored.
      const before = (await leaveRows()).length;
      res = await manager.post('/visits/leave', { who: t.ids['visitor.demo']!, from: '2026-12-07', to: '2026-12-07' });
      assert.equal(res.statusCode, 403);
      res = await staff.post('/visits/leave', { who: peerId, from: '2026-12-07', to: '2026-12-07' });
      assert.equal(res.statusCode, 403, 'a colleague is not your team');
      res = await staff.post('/visits/leave', { who: '<script>alert(1)</script>', from: '2026-12-07', to: '2026-12-07' });
      assert.equal(res.statusCode, 403);
      assert.equal((await leaveRows()).length, before);
      assert.equal((await audits('visit.leave-add')).filter((a) => a.outcome === 'denied').length, 3);

      // Removing: someone else's looks like none (404, audited); your own or your team's is removed, audited.
      const visitorLeave = (await leaveRows()).find((r) => r.account_id === t.ids['visitor.demo'])!;
      const peerLeave = (await leaveRows()).find((r) => r.account_id === peerId)!;
      await staff.get('/visits/leave');
      res = await staff.post(`/visits/leave/${visitorLeave.id}/remove`);
      assert.equal(res.statusCode, 404);
      res = await staff.post(`/visits/leave/${peerLeave.id}/remove`);
      assert.equal(res.statusCode, 404);
      assert.equal((await audits('visit.leave-remove')).filter((a) => a.outcome === 'denied').length, 2);
      await manager.get('/visits/leave');
      res = await manager.post(`/visits/leave/${peerLeave.id}/remove`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/visits/leave?done=remove');
      await visitor.get('/visits/leave');
      res = await visitor.post(`/visits/leave/${visitorLeave.id}/remove`);
      assert.equal(res.statusCode, 303);
      const removed = (await audits('visit.leave-remove')).filter((a) => a.outcome === 'ok');
      assert.deepEqual(removed.map((a) => [a.actor_id, a.target_id]), [[t.ids['manager.demo'], peerId], [t.ids['visitor.demo'], t.ids['visitor.demo']]]);
      assert.equal(JSON.parse(removed[0]!.detail ?? '{}').from, '2026-12-07');
      res = await plan({ date: '2026-12-08' });
      assert.equal(res.statusCode, 303, 'the buddy is back once the leave is removed');
      page = await staff.get('/visits/new');
      offered = [...(/data-sf="buddies">([\s\S]*?)<\/datalist>/.exec(page.body)?.[1] ?? '').matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(offered.sort(), ['manager.demo', 'peer.demo']);
    });
  });
}
