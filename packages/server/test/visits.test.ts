/**
 * Lone working (#16) through the real routes on both databases: planning (bad input refused with its
 * field, hostile text escaped and sealed, RED not a lone visit without the manager's agreement, across
 * midnight and the clock changes), check-in and check-out counted once, the escalation when no check-out
 * comes (each step once and in order whatever the clock does, re-runs and a second server alert nobody
 * twice, a disabled staff member still escalates), acknowledgements, a late check-out that tells
 * everyone alerted, the duress code, and the escalation page only for those alerted, while open.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_ESCALATION_ROUTE, forms } from '@safety-forms/core';
import { ConfigError, loadConfig } from '../src/config.js';
import { databases } from './support/databases.js';
import { signedIn, startApp, type Client, type InjectResult, type TestApp } from './support/app.js';
import { FAKE_NAME, HOSTILE, newKey } from './support/fixtures.js';
import { completeContact } from '../../../stories/fixtures/emergency-contact.js';
import { redReferral } from '../../../stories/fixtures/traffic-light-referral.js';
import { errorSummary as summary } from './support/html.js';

const MIN = 60_000;

for (const d of databases()) {
  describe(`lone working (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T09:00:00Z'); // a Monday in GMT
    let staff: Client;
    let visitor: Client; // the buddy
    let manager: Client; // staff's line manager
    let head: Client; // manager's manager: the service manager
    let safety: Client;
    const { graceMinutes } = DEFAULT_ESCALATION_ROUTE;

    const plan = (c: Client, form: Record<string, string>) =>
      c.post('/visits', { date: '2026-12-07', start: '10:00', end: '11:00', description: "Visit to Mum's address", location: '1 Example Street, Anytown', arrangement: 'alone', buddy: 'visitor.demo', trafficLight: 'green', ...form });

    async function planned(c: Client, form: Record<string, string> = {}): Promise<string> {
      await c.get('/visits/new');
      const res = await plan(c, form);
      assert.equal(res.statusCode, 303, res.body.slice(0, 3000));
      const id = /#visit-([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
      assert.ok(id, String(res.headers.location));
      return id;
    }
    /** A traffic-light referral sent as the embedded form sends it; its reference. */
    const sendReferral = async (c: Client, data: unknown) => {
      const res = await c.request('POST', '/api/traffic-light-referral', { json: { formId: 'traffic-light-referral', schemaVersion: forms['traffic-light-referral']!.version, submittedAt: now.toISOString(), data, result: null }, headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': c.csrf } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ reference: string }>().reference;
    };
    const subjects = async (username: string) => (await t.services.notifier.inbox(t.ids[username]!, 100)).map((m) => m.subject);
    const alerts = (visitId: string) => t.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', visitId).orderBy('due_at').orderBy('fired_at').execute();
    const at = async (iso: string) => {
      now = new Date(iso);
      await t.services.jobs.runDue();
    };
    /** Fresh sessions for everyone (a clock moved by hours times the old ones out). */
    async function signInAll() {
      [staff, visitor, manager, head, safety] = (await Promise.all(['staff.demo', 'visitor.demo', 'manager.demo', 'head.demo', 'safety.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client, Client, Client];
    }

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      await t.services.accounts.setManager(t.ids['manager.demo']!, t.ids['head.demo']!);
      await signInAll();
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('planning: every bad input is said at its field and what was typed is kept; RED is not a lone visit without the agreement', async () => {
      await staff.get('/visits/new');
      let res = await staff.post('/visits', {});
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#start', '#buddy', '#arrangement', '#description', '#location']);
      res = await plan(staff, { end: '09:30' });
      assert.equal(res.statusCode, 400);
      assert.ok(summary(res.body)['#end'], 'an end before the start');
      assert.match(res.body, /value="1 Example Street, Anytown"|1 Example Street, Anytown<\/textarea>/);
      res = await plan(staff, { start: '25:00' });
      assert.ok(summary(res.body)['#start']);
      res = await plan(staff, { buddy: 'staff.demo' });
      assert.deepEqual(summary(res.body), { '#buddy': 'Your buddy must be someone else' });
      res = await plan(staff, { buddy: 'nobody.here' });
      assert.ok(summary(res.body)['#buddy']);
      const red = await sendReferral(staff, redReferral);
      res = await plan(staff, { referral: red });
      assert.deepEqual(Object.keys(summary(res.body)), ['#redAgreement']);
      res = await plan(staff, { arrangement: 'joint' });
      assert.deepEqual(Object.keys(summary(res.body)), ['#jointWith']);
      res = await plan(staff, { location: 'x'.repeat(1001) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#location': 'This is too long: shorten it and try again' });
      assert.equal((await t.db.kysely.selectFrom('visits').select('id').execute()).length, 0, 'nothing planned');
      const redVisit = await planned(staff, { referral: red, redAgreement: 'Manager agreed a joint visit instead if the father is home' });
      assert.equal((await t.services.visits.get(redVisit))!.traffic_light, 'red');
    });

    it('a visit across midnight and on the days the clocks change is stored at the right instants (Europe/London)', async () => {
      const id = await planned(staff, { date: '2026-12-07', start: '22:30', end: '00:30', nextDay: 'yes' });
      let row = await t.db.kysely.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2026-12-07T22:30:00.000Z');
      assert.equal(row.ends_at, '2026-12-08T00:30:00.000Z');
      const bst = await planned(staff, { date: '2027-03-28', start: '00:30', end: '03:00' }); // clocks go forward at 01:00
      row = await t.db.kysely.selectFrom('visits').selectAll().where('id', '=', bst).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2027-03-28T00:30:00.000Z');
      assert.equal(row.ends_at, '2027-03-28T02:00:00.000Z', '03:00 BST');
      const gmt = await planned(staff, { date: '2026-10-25', start: '00:30', end: '03:00' }); // clocks go back at 02:00
      row = await t.db.kysely.selectFrom('visits').selectAll().where('id', '=', gmt).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2026-10-24T23:30:00.000Z', '00:30 BST');
      assert.equal(row.ends_at, '2026-10-25T03:00:00.000Z', '03:00 GMT');
      for (const v of [id, bst, gmt]) await t.db.kysely.updateTable('visits').set({ cancelled_at: now.toISOString() }).where('id', '=', v).execute();
      await t.db.kysely.updateTable('visits').set({ cancelled_at: now.toISOString() }).where('cancelled_at', 'is', null).execute();
    });

    it('no check-out: the buddy, then the line manager, the service manager and the police step, each once and in order, even when the clock jumps; a late check-out tells everyone alerted', async () => {
      const id = await planned(staff);
      await t.services.jobs.runDue();
      assert.deepEqual(await alerts(id), []);
      const buddyPage = await visitor.get('/visits/buddy');
      assert.match(buddyPage.body, /Sam Staff/);
      assert.match(buddyPage.body, /Planned/);
      await staff.get('/visits');
      assert.equal((await staff.post(`/visits/${id}/check-in`)).statusCode, 303);
      assert.equal((await staff.post(`/visits/${id}/check-in`)).statusCode, 303, 'twice is once');

      await at('2026-12-07T11:05:00Z'); // in the grace period
      assert.deepEqual(await alerts(id), []);
      await at(new Date(Date.parse('2026-12-07T11:00:00Z') + graceMinutes * MIN).toISOString());
      assert.deepEqual((await alerts(id)).map((a) => a.step), ['buddy']);
      assert.deepEqual(await subjects('visitor.demo'), ['A lone worker has not checked out']);
      // Jump far forward: the rest fire once each, in order.
      await at('2026-12-07T15:00:00Z');
      await t.services.jobs.runDue();
      await t.services.visits.escalate(id);
      assert.deepEqual((await alerts(id)).map((a) => a.step), ['buddy', 'line-manager', 'service-manager', 'police-advice']);
      assert.equal((await subjects('manager.demo')).filter((s) => /lone worker/.test(s)).length, 2, 'line manager step and police step');
      assert.equal((await subjects('head.demo')).filter((s) => /lone worker/.test(s)).length, 2, 'service manager step and police step');
      assert.ok((await subjects('safety.demo')).includes('A lone worker needs help: seek police advice now'));
      // No notice names anyone or anywhere.
      for (const u of ['visitor.demo', 'manager.demo', 'head.demo', 'safety.demo']) {
        const inbox = await t.services.notifier.inbox(t.ids[u]!, 100);
        assert.ok(inbox.every((m) => !/Example Street|Mum|Sam Staff/.test(`${m.subject} ${m.body}`)), u);
      }
      await signInAll();
      // The escalation page: for those alerted, with the location; not for anyone else.
      const page = await manager.get(`/visits/${id}/escalation`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /1 Example Street, Anytown/);
      assert.equal((await head.get(`/visits/${id}/escalation`)).statusCode, 200, 'the service manager was alerted');
      assert.equal((await safety.get(`/visits/${id}/escalation`)).statusCode, 200, 'the safety team sees every escalation');
      // Someone else's visit: checking it in or out looks like no visit, and is audited.
      await visitor.get('/visits');
      assert.equal((await visitor.post(`/visits/${id}/check-out`)).statusCode, 404);
      assert.equal((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'visit.check-out').where('outcome', '=', 'denied').where('target_id', '=', id).execute()).length, 1);
      const denied = await staff.get(`/visits/${id}/escalation`);
      assert.equal(denied.statusCode, 403);
      assert.ok(!denied.body.includes('Example Street'));
      // Acknowledge the line manager's alert.
      const lm = (await alerts(id)).find((a) => a.step === 'line-manager')!;
      assert.equal((await manager.post(`/visits/${id}/alerts/${lm.id}/acknowledge`)).statusCode, 303);
      assert.match((await manager.get(`/visits/${id}/escalation`)).body, /Acknowledged by Morgan Manager/);
      // A late check-out closes it and tells everyone alerted.
      await staff.get('/visits');
      assert.equal((await staff.post(`/visits/${id}/check-out`)).statusCode, 303);
      for (const u of ['visitor.demo', 'manager.demo', 'head.demo', 'safety.demo']) assert.ok((await subjects(u)).includes('The lone worker has checked out'), u);
      const closed = await manager.get(`/visits/${id}/escalation`);
      assert.match(closed.body, /This escalation is closed/);
      assert.ok(!closed.body.includes('Example Street'), 'the location is shown only while it is open');
      assert.equal((await staff.post(`/visits/${id}/check-out`)).statusCode, 303);
      assert.equal((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'visit.check-out').where('outcome', '=', 'ok').where('target_id', '=', id).execute()).length, 1, 'a check-out twice counts once');
      assert.equal((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'visit.escalation-view').where('outcome', '=', 'ok').where('target_id', '=', id).execute()).length >= 2, true, 'each view is audited');
    });

    it('two servers, or a re-run, fire each step once; a disabled staff member still escalates; the emergency contact is shown while it is open', async () => {
      await signInAll();
      // The staff member's emergency contact form, sent as usual.
      await staff.get('/forms/emergency-contact');
      const sent = await staff.request('POST', '/api/emergency-contact', {
        json: { formId: 'emergency-contact', schemaVersion: forms['emergency-contact']!.version, submittedAt: now.toISOString(), data: completeContact, result: null },
        headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf },
      });
      assert.equal(sent.statusCode, 201, sent.body);
      const id = await planned(staff, { date: '2026-12-07', start: '16:00', end: '16:30' });
      await t.services.accounts.setDisabled(t.ids['staff.demo']!, true);
      now = new Date('2026-12-07T17:30:00Z');
      const [a, b] = await Promise.all([t.services.visits.escalate(id), t.services.visits.escalate(id)]);
      assert.equal(a.length + b.length, 4, 'each step fired by one of the two');
      assert.deepEqual((await alerts(id)).map((x) => x.step).sort(), ['buddy', 'line-manager', 'police-advice', 'service-manager']);
      await t.services.jobs.runDue();
      assert.equal((await alerts(id)).length, 4);
      await t.services.accounts.setDisabled(t.ids['staff.demo']!, false);
      await signInAll();
      const page = await manager.get(`/visits/${id}/escalation`);
      assert.match(page.body, /data-sf="emergency-contact"/);
      assert.equal((await manager.post(`/visits/${id}/resolve`)).statusCode, 303);
      assert.ok((await subjects('visitor.demo')).includes('A lone worker is safe'));
      assert.doesNotMatch((await manager.get(`/visits/${id}/escalation`)).body, /data-sf="emergency-contact"/);
    });

    it('the duress code checks out exactly like the normal one on screen, and starts the escalation at the police step at once', async () => {
      await signInAll();
      await staff.get('/visits/codes');
      let res = await staff.post('/visits/codes', { normal: '1234', duress: '1234' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#duress': 'The duress code must be different from the check-out code' });
      assert.ok(!res.body.includes('value="1234"'), 'codes are never put back in the page');
      res = await staff.post('/visits/codes', { normal: '1234', duress: '9876' });
      assert.equal(res.statusCode, 303);
      const row = await t.db.kysely.selectFrom('checkout_codes').selectAll().where('account_id', '=', t.ids['staff.demo']!).executeTakeFirstOrThrow();
      assert.ok(!row.normal_hash.includes('1234') && row.normal_hash.startsWith('$argon2'), 'hashed');

      const normal = await planned(staff, { date: '2026-12-07', start: '18:00', end: '19:00' });
      const forced = await planned(staff, { date: '2026-12-07', start: '18:00', end: '19:00' });
      now = new Date('2026-12-07T18:30:00Z');
      await signInAll();
      await staff.get('/visits');
      res = await staff.post(`/visits/${normal}/check-out`, { code: '0000' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { [`#code-${normal}`]: 'Enter your check-out code' });
      const a = await staff.post(`/visits/${normal}/check-out`, { code: '1234' });
      const b = await staff.post(`/visits/${forced}/check-out`, { code: '9876' });
      assert.equal(a.statusCode, b.statusCode);
      assert.equal(a.headers.location, b.headers.location, 'the same answer');
      const pageA = await staff.get(String(a.headers.location));
      assert.match(pageA.body, /You are checked out/);
      assert.deepEqual(await alerts(normal), []);
      assert.deepEqual((await alerts(forced)).map((x) => x.step), ['police-advice'], 'at once, at the police step');
      assert.ok((await subjects('manager.demo')).includes('A lone worker needs help: seek police advice now'));
      // The staff member's own page shows both visits as checked out.
      const mine = await staff.get('/visits');
      assert.equal((mine.body.match(/Checked out/g) ?? []).length >= 2, true);
      const main = /<main[\s\S]*<\/main>/.exec(mine.body)?.[0] ?? '';
      assert.doesNotMatch(main.replace(/<[^>]+>/g, ' '), /\bEscalated\b|police/i, `nothing on their screen tells: ${main.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
    });

    it("the manager's page: the team's use by week, and whose emergency contact form is missing or out of date, with a weekly reminder", async () => {
      await signInAll();
      const res = await manager.get('/visits/team');
      assert.equal(res.statusCode, 200);
      const usage = /data-sf="usage"[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
      const thisWeek = /<tr class="govuk-table__row">\s*<th scope="row"[^>]*>7 December 2026<\/th>([\s\S]*?)<\/tr>/.exec(usage)?.[1] ?? '';
      const cells = [...thisWeek.matchAll(/>(\d+)<\/td>/g)].map((m) => Number(m[1]));
      assert.equal(cells.length, 4, usage.slice(0, 400));
      const [plannedN, checkedIn, onTime, escalatedN] = cells as [number, number, number, number];
      assert.ok(plannedN >= 4 && checkedIn >= 1 && escalatedN >= 3 && onTime >= 1, JSON.stringify(cells));
      assert.match(res.body, /Sam Staff[\s\S]*?Up to date/, "staff's form is recent");
      assert.equal((await staff.get('/visits/team')).statusCode, 403, 'not for staff');
      // The weekly reminder: head.demo manages manager.demo, who has never sent the form.
      assert.equal(await t.services.visits.remindEmergencyContacts(), 1);
      assert.ok((await subjects('head.demo')).includes('Emergency contact forms need updating'));
      assert.ok(!(await subjects('manager.demo')).includes('Emergency contact forms need updating'));
      const jobs = await t.db.kysely.selectFrom('jobs').select('unique_key').where('kind', '=', 'emergency-contact-check').execute();
      await t.services.visits.scheduleContactCheck();
      assert.equal((await t.db.kysely.selectFrom('jobs').select('unique_key').where('kind', '=', 'emergency-contact-check').execute()).length, jobs.length, 'once a week');
      // A year and more on, staff's form is out of date: their manager is told too.
      const saved = now;
      now = new Date('2028-01-10T09:00:00Z');
      try {
        assert.equal(await t.services.visits.remindEmergencyContacts(), 2);
        assert.ok((await subjects('manager.demo')).includes('Emergency contact forms need updating'));
      } finally {
        now = saved;
      }
      const inbox = await t.services.notifier.inbox(t.ids['manager.demo']!, 100);
      assert.ok(inbox.every((m) => !/Sam Staff/.test(`${m.subject} ${m.body}`)), 'the notice names nobody');
    });

    it('hostile text in every field is escaped on every page and sealed on disk', async () => {
      await signInAll();
      let last = '';
      for (const h of HOSTILE.slice(0, -1)) {
        const value = `${h} ${FAKE_NAME}`;
        last = await planned(staff, { description: value, location: value, reference: value.slice(0, 400), jointWith: value, arrangement: 'joint', date: '2026-12-07', start: '20:00', end: '21:00' });
        assert.ok(last);
      }
      const planPage = await staff.get(`/visits/${last}/plan`);
      assert.equal(planPage.statusCode, 200);
      assert.ok(!planPage.body.includes('<script>alert(1)</script>') && !planPage.body.includes('<img src=x'));
      assert.ok(!planPage.body.includes('Example Street'), 'the plan page never shows the full location');
      for (const h of HOSTILE) {
        const res = await plan(staff, { referralReference: h });
        assert.equal(res.statusCode, 400, h.slice(0, 20));
        assert.deepEqual(Object.keys(summary(res.body)), ['#referralReference'], h.slice(0, 20));
        assert.ok(!res.body.includes('<script>alert(1)</script>') && !res.body.includes('<img src=x'));
      }
      for (const c of [staff, visitor]) {
        const body: InjectResult = await c.get(c === staff ? '/visits' : '/visits/buddy');
        assert.equal(body.statusCode, 200);
        assert.ok(!body.body.includes('<script>alert(1)</script>') && !body.body.includes('<img src=x'));
        assert.ok(body.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      }
      const rows = await t.db.kysely.selectFrom('visits').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes('Quillfeather') && !JSON.stringify(rows).includes('Example Street'), 'sealed');
      assert.ok(!t.logs.join('').includes('Quillfeather'));
    });
  });
}

describe('lone working configuration', () => {
  const env = (extra: Record<string, string>) => ({ SAFETY_ROOT: process.cwd(), ...extra });
  it('reads the escalation route and the end of the day, and refuses what is not a real value', () => {
    const d = loadConfig('test', env({}));
    assert.deepEqual(d.escalationRoute, DEFAULT_ESCALATION_ROUTE);
    assert.equal(d.endOfDay, '18:00');
    const route = { graceMinutes: 10, steps: [{ id: 'buddy', label: 'Buddy', waitMinutes: 0 }, { id: 'duty-manager', label: 'Duty manager', waitMinutes: 10, police: true }] };
    const c = loadConfig('test', env({ SAFETY_ESCALATION_ROUTE: JSON.stringify(route), SAFETY_END_OF_DAY: '17:30' }));
    assert.equal(c.escalationRoute.graceMinutes, 10);
    assert.deepEqual(c.escalationRoute.steps.map((s) => s.id), ['buddy', 'duty-manager']);
    assert.equal(c.endOfDay, '17:30');
    for (const bad of ['{"graceMinutes":-1,"steps":[]}', '{"graceMinutes":5,"steps":[{"id":"a","label":"A","waitMinutes":0}]}', 'nope']) assert.throws(() => loadConfig('test', env({ SAFETY_ESCALATION_ROUTE: bad })), ConfigError, bad);
    for (const bad of ['25:00', '6pm', '18']) assert.throws(() => loadConfig('test', env({ SAFETY_END_OF_DAY: bad })), ConfigError, bad);
  });
});
