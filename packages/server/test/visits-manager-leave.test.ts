/**
 * Lone working (#16): a line manager on leave is passed over, through the real services and pages on both
 * databases. The escalation's line-manager step, the buddy step that falls to the line manager while the
 * buddy is on leave, and the leave-after-planning notice go to whoever stands in (the service manager; away
 * too, the people of the police step, so the safety team); nobody able to: the line manager all the same.
 * Each is recorded on the alert, audited as visit.passed-over and shown on the escalation page; the notices
 * (in-app and email) say the line manager is on leave and name nobody. The clock jumping over every step
 * still fires each once, in order, passing over the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databases } from './support/databases.js';
import { signedIn, startApp, type TestApp } from './support/app.js';

const NAMES = /Sam|Morgan|Harper|Sasha|Vic|Pat|Staff|Manager \(|Example|Home visit|REF-9/;

for (const d of databases()) {
  describe(`lone working: a line manager on leave is passed over (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T09:00:00Z'); // Monday 7 December 2026
    let ids: Record<string, string>;

    const planned = async (start: string, end: string, buddy = 'visitor.demo') => {
      const r = await t.services.visits.plan(ids['staff.demo']!, { startsAt: new Date(start), endsAt: new Date(end), endOfDayAt: new Date(`${start.slice(0, 10)}T18:00:00Z`), buddyUsername: buddy, arrangement: 'alone', detail: { reference: 'REF-9', description: 'Home visit', location: '9 Example Row', jointWith: '', redAgreement: '' } }, 'test');
      assert.ok(r.ok, JSON.stringify(r));
      return r.id;
    };
    const leave = async (username: string, day: string) => {
      const r = await t.services.visits.addLeave(ids[username]!, day, day, ids[username]!, 'test');
      assert.ok(r.ok, JSON.stringify(r));
    };
    const at = async (iso: string) => {
      now = new Date(iso);
      await t.services.jobs.runDue();
    };
    const alerts = (visitId: string) => t.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', visitId).orderBy('due_at').orderBy('fired_at').execute();
    const told = (a: { recipients: string }) => (JSON.parse(a.recipients) as string[]).sort();
    const passed = (a: { passed_over: string | null }) => (a.passed_over ? JSON.parse(a.passed_over) : null);
    const inbox = (username: string, link: string) => t.db.kysely.selectFrom('messages').selectAll().where('account_id', '=', ids[username]!).where('link', '=', link).orderBy('created_at').execute();
    const passedAudit = (visitId: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit.passed-over').where('target_id', '=', visitId).orderBy('seq').execute();

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      ids = t.ids;
      await t.services.accounts.setManager(ids['manager.demo']!, ids['head.demo']!);
      ids['peer.demo'] = await t.services.accounts.create({ username: 'peer.demo', displayName: 'Pat Peer', roles: ['staff'], password: null, managerId: ids['manager.demo']! });
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('the line manager on leave that day: the line-manager step goes to the service manager, recorded, audited, on the escalation page, naming nobody in the notice', async () => {
      const id = await planned('2026-12-08T10:00:00Z', '2026-12-08T11:00:00Z');
      await leave('manager.demo', '2026-12-08');
      await at('2026-12-08T11:16:00Z');
      await at('2026-12-08T11:31:00Z');
      let fired = await alerts(id);
      assert.deepEqual(fired.map((a) => a.step), ['buddy', 'line-manager']);
      assert.deepEqual(told(fired[0]!), [ids['visitor.demo']], 'the buddy is not on leave: the buddy');
      assert.equal(fired[0]!.passed_over, null);
      assert.deepEqual(told(fired[1]!), [ids['head.demo']], 'the service manager, not the absent line manager');
      assert.deepEqual(passed(fired[1]!), [{ account: ids['manager.demo'], role: 'line-manager', reason: 'on-leave', outcome: 'passed', toStep: 'service-manager' }]);
      const audit = await passedAudit(id);
      assert.equal(audit.length, 1);
      assert.deepEqual(JSON.parse(audit[0]!.detail!), { step: 'line-manager', account: ids['manager.demo'], role: 'line-manager', reason: 'on-leave', outcome: 'passed', toStep: 'service-manager' });
      const link = `/visits/${id}/escalation`;
      assert.equal((await inbox('manager.demo', link)).length, 0, 'nothing for the line manager on leave');
      const toHead = await inbox('head.demo', link);
      assert.equal(toHead.length, 1);
      assert.match(toHead[0]!.body, /Their line manager is on leave today, so this alert comes to you\./);
      assert.doesNotMatch(`${toHead[0]!.subject} ${toHead[0]!.body}`, NAMES);
      assert.notEqual(toHead[0]!.email_state, 'none', 'by email too');

      // The rest of the route as usual: the service manager's own step, then the police step (both managers and the safety team).
      await at('2026-12-08T11:46:00Z');
      await at('2026-12-08T12:01:00Z');
      fired = await alerts(id);
      assert.deepEqual(fired.map((a) => a.step), ['buddy', 'line-manager', 'service-manager', 'police-advice']);
      assert.deepEqual(told(fired[3]!), [ids['manager.demo'], ids['head.demo'], ids['safety.demo']].sort());

      // The escalation page says who was passed over and where the alert went; the page names them, the notices did not.
      const head = await signedIn(t, 'head.demo');
      const page = await head.get(link);
      assert.equal(page.statusCode, 200);
      const shown = [...page.body.matchAll(/data-sf="passed-over">([^<]*)</g)].map((m) => m[1]);
      assert.deepEqual(shown, ['The line manager, Morgan Manager (demo), was on leave: passed over for the service manager step.']);
      // The next day they are back: the line-manager step is theirs again.
      const wednesday = await planned('2026-12-09T10:00:00Z', '2026-12-09T11:00:00Z');
      await at('2026-12-09T11:31:00Z');
      fired = await alerts(wednesday);
      assert.deepEqual(told(fired[1]!), [ids['manager.demo']]);
      assert.equal(fired[1]!.passed_over, null);
    });

    it('the clock jumping over every step while the line manager is on leave fires each step once, in order, passing over once', async () => {
      now = new Date('2026-12-09T12:00:00Z');
      const id = await planned('2026-12-10T13:00:00Z', '2026-12-10T14:00:00Z');
      await leave('manager.demo', '2026-12-10');
      await at('2026-12-10T19:00:00Z'); // hours late: every step is due at once
      await t.services.visits.escalate(id);
      await t.services.jobs.runDue();
      const fired = await alerts(id);
      assert.deepEqual(fired.map((a) => a.step), ['buddy', 'line-manager', 'service-manager', 'police-advice'], 'each once, in order');
      assert.deepEqual(fired.map((a) => a.due_at), ['2026-12-10T14:15:00.000Z', '2026-12-10T14:30:00.000Z', '2026-12-10T14:45:00.000Z', '2026-12-10T15:00:00.000Z']);
      assert.deepEqual(told(fired[1]!), [ids['head.demo']]);
      assert.equal(passed(fired[1]!)[0].outcome, 'passed');
      assert.equal((await passedAudit(id)).length, 1, 'passed over once');
      assert.equal((await inbox('head.demo', `/visits/${id}/escalation`)).length, 3, 'line-manager, service-manager and police steps');
    });

    it('the service manager away too: the safety team (the police step); everyone away: the line manager all the same, recorded', async () => {
      now = new Date('2026-12-10T20:00:00Z');
      const friday = await planned('2026-12-11T10:00:00Z', '2026-12-11T11:00:00Z');
      const saturday = await planned('2026-12-12T10:00:00Z', '2026-12-12T11:00:00Z');
      for (const u of ['manager.demo', 'head.demo']) await leave(u, '2026-12-11');
      for (const u of ['manager.demo', 'head.demo', 'safety.demo']) await leave(u, '2026-12-12');
      await at('2026-12-11T11:31:00Z');
      let fired = await alerts(friday);
      assert.deepEqual(told(fired[1]!), [ids['safety.demo']]);
      assert.deepEqual(passed(fired[1]!), [{ account: ids['manager.demo'], role: 'line-manager', reason: 'on-leave', outcome: 'passed', toStep: 'police-advice' }]);
      await at('2026-12-12T11:31:00Z');
      fired = await alerts(saturday);
      assert.equal(fired[1]!.step, 'line-manager');
      assert.deepEqual(told(fired[1]!), [ids['manager.demo']], 'an alert is never lost');
      assert.deepEqual(passed(fired[1]!), [{ account: ids['manager.demo'], role: 'line-manager', reason: 'on-leave', outcome: 'kept' }]);
      assert.equal((await passedAudit(saturday)).length, 1);
      const toManager = await inbox('manager.demo', `/visits/${saturday}/escalation`);
      assert.match(toManager[0]!.body, /nobody else on the escalation route is available, so this alert still comes to you/);
      assert.doesNotMatch(toManager[0]!.body, NAMES);
      now = new Date('2026-12-12T11:32:00Z');
      const page = await (await signedIn(t, 'manager.demo')).get(`/visits/${saturday}/escalation`);
      assert.match(page.body, /data-sf="passed-over">The line manager, Morgan Manager \(demo\), was on leave, but nobody else on the escalation route was available: alerted all the same\./);
    });

    it('buddy on leave after planning and the line manager away that day: the notice and the buddy step go to the service manager, who may choose another buddy', async () => {
      now = new Date('2026-12-12T12:00:00Z');
      const monday = '2026-12-14';
      const escalates = await planned(`${monday}T10:00:00Z`, `${monday}T11:00:00Z`);
      const rebuddied = await planned(`${monday}T14:00:00Z`, `${monday}T15:00:00Z`);
      await leave('manager.demo', monday);
      const [headBefore, managerBefore] = await Promise.all(['head.demo', 'manager.demo'].map(async (u) => (await t.services.notifier.inbox(ids[u]!, 500)).length));
      await leave('visitor.demo', monday);
      const headNow = await t.services.notifier.inbox(ids['head.demo']!, 500); // newest first
      const toHead = headNow.slice(0, headNow.length - headBefore!);
      assert.equal((await t.services.notifier.inbox(ids['manager.demo']!, 500)).length, managerBefore, 'nothing for the line manager on leave');
      assert.deepEqual(toHead.map((m) => m.link).sort(), [`/visits/${escalates}/plan`, `/visits/${rebuddied}/plan`].sort());
      for (const m of toHead) {
        assert.equal(m.subject, 'A buddy in your team is on leave on Monday 14 December 2026: choose another buddy');
        assert.match(m.body, /their line manager is on leave too/);
        assert.doesNotMatch(`${m.subject} ${m.body}`, NAMES);
      }
      const toStaff = await inbox('staff.demo', `/visits/${escalates}/plan`);
      assert.match(toStaff.at(-1)!.body, /since your line manager is on leave that day too, the next manager on the escalation route is alerted instead/);
      const audit = await passedAudit(escalates);
      assert.deepEqual(JSON.parse(audit.at(-1)!.detail!), { notice: 'buddy-away', day: monday, account: ids['manager.demo'], role: 'line-manager', reason: 'on-leave', outcome: 'passed', toStep: 'service-manager' });

      // The service manager can act: open the plan page and choose another buddy; someone not standing in cannot.
      const head = await signedIn(t, 'head.demo');
      assert.equal((await head.get(`/visits/${rebuddied}/plan`)).statusCode, 200);
      const res = await head.post(`/visits/${rebuddied}/buddy`, { buddy: 'peer.demo' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      assert.equal((await t.services.visits.get(rebuddied))!.buddy_id, ids['peer.demo']);
      const director = await signedIn(t, 'director.demo');
      assert.equal((await director.get(`/visits/${escalates}/plan`)).statusCode, 404);

      // Monday, no check-out: the buddy step passes over the buddy and the line manager to the service manager.
      await at(`${monday}T11:16:00Z`);
      const fired = await alerts(escalates);
      assert.equal(fired[0]!.step, 'buddy');
      assert.deepEqual(told(fired[0]!), [ids['head.demo']]);
      assert.deepEqual(passed(fired[0]!), [
        { account: ids['visitor.demo'], role: 'buddy', reason: 'on-leave', outcome: 'passed', toStep: 'line-manager' },
        { account: ids['manager.demo'], role: 'line-manager', reason: 'on-leave', outcome: 'passed', toStep: 'service-manager' },
      ]);
      const notice = (await inbox('head.demo', `/visits/${escalates}/escalation`))[0]!;
      assert.match(notice.body, /Their line manager is on leave today, so this alert comes to you\./);
      const page = await (await signedIn(t, 'head.demo')).get(`/visits/${escalates}/escalation`);
      assert.deepEqual([...page.body.matchAll(/data-sf="passed-over">([^<]*)</g)].map((m) => m[1]), [
        'The buddy, Vic Visiting Officer (demo), was on leave: passed over for the line manager step.',
        'The line manager, Morgan Manager (demo), was on leave: passed over for the service manager step.',
      ]);
      // The re-buddied visit: its buddy step goes to the new buddy.
      await at(`${monday}T15:16:00Z`);
      assert.deepEqual(told((await alerts(rebuddied))[0]!), [ids['peer.demo']]);
    });
  });
}
