/**
 * Incidents (#17) through the real routes on both databases: an incident report opens its follow-up in
 * the transaction that stores it; a physical assault tells the security team at once and every incident
 * its reporter's line manager; the follow-up page for those two only (403 and audited for anyone else);
 * the debrief window enforced and reminded once each; a second save of the same version is told; an
 * incident completes only by core's rules and is read-only after; trends with small counts suppressed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forms } from '@safety-forms/core';
import { medicalFactorAssault, physicalAssault, verbalAbuse } from '../../../stories/fixtures/incident-report.js';
import { databases } from './support/databases.js';
import { PASSWORD, signedIn, startApp, type Client, type TestApp } from './support/app.js';
import { HOSTILE, newKey } from './support/fixtures.js';
import { errorSummary as summary } from './support/html.js';

for (const d of databases()) {
  describe(`incidents (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-11-22T09:00:00Z');
    let staff: Client;
    let manager: Client;
    let safety: Client;
    let head: Client;

    async function signInAll() {
      [staff, manager, safety, head] = (await Promise.all(['staff.demo', 'manager.demo', 'safety.demo', 'head.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client, Client];
    }
    async function report(data: unknown): Promise<string> {
      await staff.get('/forms/incident-report');
      const res = await staff.request('POST', '/api/incident-report', {
        json: { formId: 'incident-report', schemaVersion: forms['incident-report']!.version, submittedAt: now.toISOString(), data, result: null },
        headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf },
      });
      assert.equal(res.statusCode, 201, res.body);
      const { reference } = res.json<{ reference: string }>();
      return (await t.db.kysely.selectFrom('incidents').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
    }
    const subjects = async (u: string) => (await t.services.notifier.inbox(t.ids[u]!, 100)).map((m) => m.subject);
    const save = (c: Client, id: string, form: Record<string, string | string[]>) => c.post(`/incidents/${id}`, form);
    const version = async (id: string) => String((await t.db.kysely.selectFrom('incidents').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      await signInAll();
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('a physical assault tells the security team at once and the line manager as investigating manager; a verbal one only the manager', async () => {
      const id = await report(physicalAssault);
      assert.ok((await subjects('manager.demo')).includes('You are the investigating manager of an incident'));
      assert.ok((await subjects('safety.demo')).includes('A physical assault was reported'));
      const before = (await subjects('safety.demo')).length;
      await report(verbalAbuse);
      assert.equal((await subjects('safety.demo')).length, before, 'not a physical assault: the security team is not told at once');
      const inbox = await t.services.notifier.inbox(t.ids['manager.demo']!, 100);
      assert.ok(inbox.every((m) => !/Quillby|Harbour/.test(`${m.subject} ${m.body}`)), 'no personal data in a notice');
      assert.equal((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'incident.open').where('target_id', '=', id).execute()).length, 1);
    });

    it('the follow-up page: the investigating manager and the security team only; the routes of action from core with the history marker required', async () => {
      const id = await report(physicalAssault);
      const page = await manager.get(`/incidents/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /A history marker must be applied for|history marker/i);
      assert.match(page.body, /History marker \(required\)/);
      assert.match(page.body, /OFFICIAL-SENSITIVE|data-sf="marking"/);
      assert.equal((await safety.get(`/incidents/${id}`)).statusCode, 200);
      for (const c of [staff, head]) {
        const res = await c.get(`/incidents/${id}`);
        assert.equal(res.statusCode, 403);
        assert.ok(!res.body.includes('Quillby'));
      }
      assert.equal((await head.get('/incidents')).statusCode, 403, 'no role that may');
      // Another line manager is not this incident's investigating manager: the incident's own 403, audited.
      await t.services.accounts.create({ username: 'other.manager', displayName: 'Other Manager', roles: ['staff', 'line-manager'], password: PASSWORD });
      const other = await signedIn(t, 'other.manager');
      assert.equal((await other.get(`/incidents/${id}`)).statusCode, 403);
      assert.ok(!(await other.get('/incidents')).body.includes(id), 'nor in their list');
      assert.equal((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'incident.read').where('outcome', '=', 'denied').where('target_id', '=', id).execute()).length, 1);
      const list = await manager.get('/incidents');
      assert.ok(list.body.includes(id));
    });

    it('the debrief is offered inside its window only; a second save of the same version is told; completion by the rules, then read-only', async () => {
      const id = await report(physicalAssault); // happened 2026-11-21 23:40 UTC
      await manager.get(`/incidents/${id}`);
      let res = await save(manager, id, { debriefDate: '2026-11-22', debriefTime: '10:00', version: await version(id) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#debriefDate': 'A debrief is offered no sooner than 48 hours after the incident' });
      res = await save(manager, id, { debriefDate: '2026-12-06', debriefTime: '10:00', version: await version(id) });
      assert.deepEqual(summary(res.body), { '#debriefDate': 'A debrief is offered no later than two weeks after the incident' });
      res = await save(manager, id, { debriefDate: '2026-11-30', debriefTime: '25:00', version: await version(id) });
      assert.ok(summary(res.body)['#debriefDate']);
      const v = await version(id);
      res = await save(manager, id, { reviewed: ['welfare', 'information'], supportOffered: ['counselling', 'police'], supportAccepted: 'counselling', debriefDate: '2026-11-25', debriefTime: '09:00', version: v });
      assert.equal(res.statusCode, 303);
      res = await save(safety, id, { reviewed: ['welfare'], version: v });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /Someone else saved this incident/);
      await safety.get(`/incidents/${id}`);
      res = await safety.post(`/incidents/${id}/complete`);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)).sort(), ['#feedbackGiven', '#historyMarkerAppliedFor', '#redressRoute', '#subCategoryChecked']);
      res = await save(manager, id, { subCategoryChecked: 'yes', redressRoute: 'no-such-route', version: await version(id) });
      assert.deepEqual(summary(res.body), { '#redressRoute': 'Choose one of the routes of action' });
      res = await save(manager, id, { reviewed: ['welfare', 'information', 'considerations', 'completion'], supportOffered: 'counselling', subCategoryChecked: 'yes', redressRoute: 'prosecution', historyMarkerAppliedFor: 'yes', historyMarkerReference: 'HM-1', feedbackGiven: 'Told the police are pursuing it', debriefDate: '2026-11-25', debriefTime: '09:00', version: await version(id) });
      assert.equal(res.statusCode, 303);
      await manager.get(`/incidents/${id}`);
      res = await manager.post(`/incidents/${id}/complete`);
      assert.equal(res.statusCode, 303);
      const done = await manager.get(`/incidents/${id}`);
      assert.match(done.body, /Complete/);
      assert.doesNotMatch(done.body, /action="\/incidents\/[^"]+"\s/);
      assert.doesNotMatch(done.body, /Save the follow-up/);
      res = await save(manager, id, { feedbackGiven: 'late', version: await version(id) });
      assert.equal(res.statusCode, 409, 'read-only once complete');
    });

    it('a medical factor: no history marker required, so completion does not ask for one', async () => {
      const id = await report(medicalFactorAssault);
      await manager.get(`/incidents/${id}`);
      const page = await manager.get(`/incidents/${id}`);
      assert.doesNotMatch(page.body, /History marker \(required\)/);
      const res = await save(manager, id, { subCategoryChecked: 'yes', noRedressReason: 'A medical factor was operative', feedbackGiven: 'Explained', version: await version(id) });
      assert.equal(res.statusCode, 303);
      await manager.get(`/incidents/${id}`);
      assert.equal((await manager.post(`/incidents/${id}/complete`)).statusCode, 303);
    });

    it('the debrief reminders: when the window opens and two days before it closes, once each, not once offered', async () => {
      const id = await report({ ...verbalAbuse, incident: { ...verbalAbuse.incident, dateTime: '2026-11-22T08:00:00+00:00' } });
      const count = async () => (await subjects('manager.demo')).filter((s) => /debrief/i.test(s)).length;
      const base = await count();
      now = new Date('2026-11-24T08:30:00Z');
      await t.services.jobs.runDue();
      const opened = (await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'incident.debrief-open').where('target_id', '=', id).execute()).length;
      assert.equal(opened, 1, 'told when the window opens');
      assert.ok((await count()) > base);
      assert.ok((await subjects('manager.demo')).includes('A debrief can be offered now'));
      const afterOpen = await count();
      await t.services.jobs.runDue();
      assert.equal(await count(), afterOpen, 'once');
      await signInAll();
      await manager.get(`/incidents/${id}`);
      assert.equal((await save(manager, id, { debriefDate: '2026-11-24', debriefTime: '09:00', version: await version(id) })).statusCode, 303);
      now = new Date('2026-12-05T09:00:00Z');
      await t.services.jobs.runDue();
      const closing = (await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'incident.debrief-closing').where('target_id', '=', id).execute()).length;
      assert.equal(closing, 0, 'offered: no closing reminder for it');
      assert.ok((await count()) >= afterOpen);
      now = new Date('2026-11-22T09:00:00Z');
      await signInAll();
    });

    it('hostile text in every follow-up field is escaped and sealed; trends count by sub-category, site and age, and never show a count under 5', async () => {
      const id = await report(verbalAbuse);
      await manager.get(`/incidents/${id}`);
      const value = `${HOSTILE[0]} ${HOSTILE[1]} Zoë 🙂 Quillby`;
      const res = await save(manager, id, { notes: value, noRedressReason: value, feedbackGiven: value, historyMarkerReason: value, version: await version(id) });
      assert.equal(res.statusCode, 303);
      const page = await manager.get(`/incidents/${id}`);
      assert.ok(!page.body.includes('<script>alert(1)</script>') && !page.body.includes('<img src=x'));
      assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      const rows = await t.db.kysely.selectFrom('incidents').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes('Quillby') && !JSON.stringify(rows).includes('alert(1)'), 'sealed');
      const long = await save(manager, id, { notes: 'x'.repeat(5001), version: await version(id) });
      assert.deepEqual(summary(long.body), { '#notes': 'This is too long: shorten it and try again' });

      const trends = await safety.get('/incidents/trends');
      assert.equal(trends.statusCode, 200);
      assert.match(trends.body, /Physical Assault/i);
      assert.match(trends.body, /Over the phone, EOC Crawley/);
      const quarterly = /data-sf="quarterly"[\s\S]*?<\/table>/.exec(trends.body)?.[0] ?? '';
      assert.match(quarterly, /fewer than 5/, 'the racially aggravated incidents are fewer than 5');
      assert.doesNotMatch(quarterly.replace(/<[^>]+>/g, ' '), /\b[1-4]\b(?! Q)/, 'no count under 5 as a number');
      assert.ok(!trends.body.includes('Quillby'), 'no names');
      assert.equal((await manager.get('/incidents/trends')).statusCode, 403, 'the security team only');
    });
  });
}
