/**
 * Lone working (#16): the traffic-light referral in the visit plan, through the real routes on both
 * databases. The staff member sends the referral (as the embedded `<traffic-light-referral-form>` does, to
 * /api/traffic-light-referral), the plan form carries its reference, and the server computes the band with
 * core's scorer from the stored record: a band the page sends, or the envelope's own result, is never
 * used. RED keeps its rule (the manager's agreement). Only a referral the planner may read: a colleague's,
 * another form's record or a made-up reference is refused in the same words and audited; a line manager
 * may use their team's. The plan page embeds the element, and shows the referral again after an error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forms } from '@safety-forms/core';
import { databases } from './support/databases.js';
import { Client, signedIn, startApp, type TestApp } from './support/app.js';
import { envelope, newKey } from './support/fixtures.js';
import { errorSummary as summary } from './support/html.js';
import { amberReferral, greenReferral, redReferral } from '../../../stories/fixtures/traffic-light-referral.js';
import { REFERRAL_UNKNOWN } from '../src/services/visits.js';

for (const d of databases()) {
  describe(`lone working: the traffic-light referral in the plan (${d.name})`, () => {
    let t: TestApp;
    const now = new Date('2026-12-07T09:00:00Z');
    let staff: Client;
    let visitor: Client; // not in manager.demo's team
    let teamMate: Client; // peer.demo, managed by manager.demo
    let manager: Client;

    const sendReferral = async (c: Client, data: unknown, result: unknown = null) => {
      const res = await c.request('POST', '/api/traffic-light-referral', { json: { formId: 'traffic-light-referral', schemaVersion: forms['traffic-light-referral']!.version, submittedAt: now.toISOString(), data, result }, headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': c.csrf } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ reference: string }>().reference;
    };
    const plan = async (c: Client, form: Record<string, string>) => {
      await c.get('/visits/new');
      return c.post('/visits', { date: '2026-12-07', start: '10:00', end: '11:00', description: 'Home visit', location: '7 Example Row', arrangement: 'alone', buddy: 'visitor.demo', ...form });
    };
    const plannedId = (location: unknown) => /#visit-([0-9a-f-]{36})$/.exec(String(location))?.[1];
    const denials = () => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit.referral').where('outcome', '=', 'denied').orderBy('seq').execute();

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      const peerId = await t.services.accounts.create({ username: 'peer.demo', displayName: 'Pat Peer', roles: ['staff'], password: null, managerId: t.ids['manager.demo']! });
      [staff, manager, visitor] = (await Promise.all(['staff.demo', 'manager.demo', 'visitor.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client];
      // No password: a session made directly, as the permissions walker does.
      teamMate = new Client(t);
      teamMate.cookies.set(t.services.cookieName, (await t.services.sessions.create(peerId)).token);
      await teamMate.get('/');
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('the plan page embeds the referral form, posting to the API, inside the plan form; and a field for a reference already sent', async () => {
      const page = await staff.get('/visits/new');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<script type="module" src="\/assets\/elements\/traffic-light-referral-form\.js"><\/script>/);
      assert.match(page.body, /<form method="post" action="\/visits"[\s\S]*<traffic-light-referral-form name="referral" endpoint="\/api\/traffic-light-referral"[\s\S]*id="referralReference"[\s\S]*<\/form>/);
      assert.doesNotMatch(page.body, /name="trafficLight"/, 'no band is asked of the page');
    });

    it('the band is computed on the server from the stored record: not from the page, not from the envelope', async () => {
      // The envelope claims GREEN, the page claims GREEN; the answers are RED's.
      const red = await sendReferral(staff, redReferral, { status: 'green', title: 'GREEN: GO' });
      let res = await plan(staff, { referral: red, trafficLight: 'green' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#redAgreement': "A RED visit cannot be a lone visit: record the manager's agreement to a joint visit or the individual risk assessment" });
      assert.match(res.body, new RegExp(`data-sf="referral-used"[\\s\\S]*${red}[\\s\\S]*RED: STOP`), 'the page says which referral and its band, computed');
      assert.match(res.body, new RegExp(`name="referralReference"[^>]*value="${red}"`), 'its reference is kept for the next try');
      assert.doesNotMatch(res.body, /<traffic-light-referral-form/, 'the form is not asked again');
      // A joint visit, or the manager's agreement, and it is planned with the RED band.
      res = await staff.post('/visits', { date: '2026-12-07', start: '10:00', end: '11:00', description: 'Home visit', location: '7 Example Row', arrangement: 'joint', jointWith: 'Casey Colleague', buddy: 'visitor.demo', referralReference: red });
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      const id = plannedId(res.headers.location)!;
      const row = (await t.services.visits.get(id))!;
      const record = (await t.services.records.byReference(red))!;
      assert.deepEqual([row.traffic_light, row.referral_id], ['red', record.id]);
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit.plan').where('target_id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(audit.detail!), { buddy: t.ids['visitor.demo'], arrangement: 'joint', trafficLight: 'red', referral: record.id });

      for (const [data, band] of [
        [greenReferral, 'green'],
        [amberReferral, 'amber'],
      ] as const) {
        const ref = await sendReferral(staff, data, { status: 'red' });
        res = await plan(staff, { referral: ref.toLowerCase(), trafficLight: 'red' });
        assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
        assert.equal((await t.services.visits.get(plannedId(res.headers.location)!))!.traffic_light, band);
      }
      // The element's value wins over a typed reference; no referral at all: no band.
      const green = await sendReferral(staff, greenReferral);
      res = await plan(staff, { referral: green, referralReference: red });
      assert.equal((await t.services.visits.get(plannedId(res.headers.location)!))!.traffic_light, 'green');
      res = await plan(staff, { trafficLight: 'red' });
      assert.equal(res.statusCode, 303);
      assert.equal((await t.services.visits.get(plannedId(res.headers.location)!))!.traffic_light, null, 'a band sent by the page alone is never kept');
      // The plan page shows the referral's band and reference.
      const page = await staff.get(`/visits/${id}/plan`);
      assert.match(page.body, new RegExp(`RED: stop \\(referral ${red}\\)`));
    });

    it("only a referral the planner may read: a colleague's, another form's record, a made-up or hostile reference are refused alike and audited; a line manager may use their team's", async () => {
      const theirs = await sendReferral(visitor, greenReferral);
      const threat = await staff.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf } });
      assert.equal(threat.statusCode, 201);
      const threatRef = threat.json<{ reference: string }>().reference;
      const before = (await denials()).length;
      const count = async () => (await t.db.kysely.selectFrom('visits').select('id').execute()).length;
      const planned = await count();
      for (const ref of [theirs, threatRef, 'TLR-20261207-ABCDEF', 'TLR-2026', '<script>alert(1)</script>', "' OR 1=1 --", '\u202ETLR-20261207-ABCDEF']) {
        const res = await plan(staff, { referralReference: ref });
        assert.equal(res.statusCode, 400, ref);
        assert.deepEqual(summary(res.body), { '#referralReference': REFERRAL_UNKNOWN }, ref);
        assert.ok(!res.body.includes('<script>alert(1)</script>'));
      }
      assert.equal(await count(), planned, 'nothing planned');
      const denied = (await denials()).slice(before);
      assert.equal(denied.length, 7);
      const peerRecord = (await t.services.records.byReference(theirs))!;
      assert.deepEqual(JSON.parse(denied[0]!.detail!), { found: true, form: 'traffic-light-referral' });
      assert.equal(denied[0]!.target_id, peerRecord.id);
      assert.deepEqual(JSON.parse(denied[1]!.detail!), { found: true, form: 'threat-report' }, "another form's record, readable, is still no referral");
      assert.deepEqual(JSON.parse(denied[2]!.detail!), { found: false, form: null });
      // visitor.demo is not in manager.demo's team; peer.demo is: the manager may use peer.demo's referral for their own visit.
      const team = await sendReferral(teamMate, amberReferral);
      const res = await plan(manager, { referralReference: team });
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      assert.equal((await t.services.visits.get(plannedId(res.headers.location)!))!.traffic_light, 'amber');
      assert.ok(!t.logs.join('').includes(FAKE_BUDDY_NAME));
    });
  });
}

const FAKE_BUDDY_NAME = 'Ottoline Brackenbury';
