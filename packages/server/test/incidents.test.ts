/**
 * Incidents (#17) through the real routes on both databases: an incident report opens its follow-up in
 * the transaction that stores it; a physical assault tells the security team at once and every incident
 * its reporter's line manager; the follow-up page for those two only (403 and audited for anyone else);
 * the debrief window enforced and reminded once each; a second save of the same version is told; an
 * incident completes only by core's rules and is read-only after; trends with small counts suppressed;
 * risk assessments linked to the incident they put in question (only by those who may open it), listed
 * with core's rating and readable there; the quarterly report by protected characteristic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeOffender, forms } from '@safety-forms/core';
import { medicalFactorAssault, offenderSeenAssault, physicalAssault, severalVictims, verbalAbuse } from '../../../stories/fixtures/incident-report.js';
import { extremeRisk, lowRiskAssessment, trustWide } from '../../../stories/fixtures/risk-assessment.js';
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
      assert.match(quarterly, /<th scope="row" class="govuk-table__header">Race<\/th>/, 'by protected characteristic (the quarterly test below counts them)');
      assert.doesNotMatch(quarterly.replace(/<[^>]+>/g, ' '), /\b[1-4]\b(?! Q)/, 'no count under 5 as a number');
      assert.ok(!trends.body.includes('Quillby'), 'no names');
      assert.equal((await manager.get('/incidents/trends')).statusCode, 403, 'the security team only');
    });

    describe('risk assessments linked to the incident', () => {
      let id = '';
      let reference = '';
      async function assess(c: Client, data: unknown, extra: { key?: string; result?: unknown } = {}) {
        await c.get('/forms/risk-assessment');
        return c.request('POST', '/api/risk-assessment', {
          json: { formId: 'risk-assessment', schemaVersion: forms['risk-assessment']!.version, submittedAt: now.toISOString(), data, result: extra.result ?? null },
          headers: { accept: 'application/json', 'idempotency-key': extra.key ?? newKey(), 'x-csrf-token': c.csrf },
        });
      }
      const linkedTo = (ref: string) => ({ ...extremeRisk, assessment: { ...extremeRisk.assessment, linkedIncident: ref } });
      const links = async () => t.db.kysely.selectFrom('incident_assessments').selectAll().where('incident_id', '=', id).execute();
      const recordCount = async () => Number((await t.db.kysely.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('form_id', '=', 'risk-assessment').executeTakeFirstOrThrow()).n);

      before(async () => {
        id = await report(physicalAssault);
        reference = (await t.db.kysely.selectFrom('incidents').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;
      });

      it('the incident page offers "Assess the risk", which opens the risk assessment with linkedIncident filled in', async () => {
        const page = await manager.get(`/incidents/${id}`);
        assert.match(page.body, /No risk assessment is linked to this incident yet/);
        assert.ok(page.body.includes(`href="/forms/risk-assessment?incident=${reference}">Assess the risk</a>`), 'the link');
        const form = await manager.get(`/forms/risk-assessment?incident=${reference.toLowerCase()}`);
        assert.equal(form.statusCode, 200);
        const prefill = /<script type="application\/json" id="sf-prefill">([^<]*)<\/script>/.exec(form.body)?.[1];
        assert.deepEqual(JSON.parse(prefill ?? 'null'), { assessment: { linkedIncident: reference } });
        for (const bad of [encodeURIComponent(HOSTILE[0]!), encodeURIComponent(`${reference}</script><script>alert(1)`), 'x'.repeat(10_000)]) {
          const res = await manager.get(`/forms/risk-assessment?incident=${bad}`);
          assert.equal(res.statusCode, 200);
          assert.ok(!res.body.includes('sf-prefill') && !res.body.includes('alert(1)'), 'not one of ours: no prefill');
        }
        assert.ok(!(await manager.get(`/forms/incident-report?incident=${reference}`)).body.includes('sf-prefill'), 'the risk assessment only');
      });

      it('an assessment sent by the investigating manager is linked in the transaction that stores it, once, audited; the page rates it by core, not by what the browser said', async () => {
        const key = newKey();
        const res = await assess(manager, linkedTo(`  ${reference.toLowerCase()} `), { key, result: { title: 'Low risk', overallRating: 1 } });
        assert.equal(res.statusCode, 201, res.body);
        const again = await assess(manager, linkedTo(`  ${reference.toLowerCase()} `), { key, result: { title: 'Low risk', overallRating: 1 } });
        assert.equal(again.json<{ reference: string }>().reference, res.json<{ reference: string }>().reference, 'a retry replays');
        const rows = await links();
        assert.equal(rows.length, 1);
        const stored = await t.services.records.byReference(res.json<{ reference: string }>().reference);
        assert.equal(rows[0]!.record_id, stored!.id);
        assert.equal(rows[0]!.linked_by, t.ids['manager.demo']);
        const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'incident.assessment-link').where('target_id', '=', id).execute();
        assert.deepEqual(audit.map((a) => a.outcome), ['ok']);
        const page = await manager.get(`/incidents/${id}`);
        const table = /data-sf="assessments"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
        assert.ok(table.includes(stored!.reference));
        assert.match(table, /20 of 25, Extreme risk/, 'core rates it: 4 x 5 = 20');
        assert.doesNotMatch(table, /Low risk/);
        assert.ok(page.body.includes('>Review the risk assessment</a>'));
        assert.match(page.body, /data-sf="assessment-review"[\s\S]*?is rated Extreme risk \(20 of 25\)/, 'on the investigating manager\'s checklist');
        assert.ok(!page.body.includes('Perpetua Windlecombe'), 'the assessor\'s name is not listed');
      });

      it('anyone who may not open the incident is refused, alike whether it exists or not, and nothing is stored; another system\'s reference links nothing', async () => {
        await t.services.accounts.create({ username: 'second.manager', displayName: 'Second Manager', roles: ['staff', 'line-manager'], password: PASSWORD });
        const other = await signedIn(t, 'second.manager');
        const before = await recordCount();
        const bodies: string[] = [];
        for (const [c, ref] of [[staff, reference], [other, reference], [manager, 'IR-20260101-ABCDEF'], [staff, 'IR-20260101-ABCDEF']] as const) {
          const res = await assess(c, linkedTo(ref));
          assert.equal(res.statusCode, 422, res.body);
          const body = res.json<{ title: string; errors: { pointer: string; detail: string }[] }>();
          assert.equal(body.errors[0]!.pointer, '/data/assessment/linkedIncident');
          assert.match(body.title, /cannot be linked to that incident/);
          bodies.push(JSON.stringify(body));
        }
        assert.equal(new Set(bodies).size, 1, 'the same answer whether the incident exists or not');
        assert.equal(await recordCount(), before, 'nothing stored');
        assert.equal((await links()).length, 1);
        const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'incident.assessment-link').where('outcome', '=', 'denied').execute();
        assert.ok(denied.length >= 4);
        // An API key may send records but opens no incident.
        const { token } = await t.services.apiKeys.create('ra-test', ['integration'], null);
        const env = { formId: 'risk-assessment', schemaVersion: forms['risk-assessment']!.version, submittedAt: now.toISOString(), data: linkedTo(reference), result: null };
        const byKey = await t.app.inject({ method: 'POST', url: '/api/risk-assessment', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(env) });
        assert.equal(byKey.statusCode, 422);
        // A Datix reference (the fixture's) and no reference at all are stored as typed, linked to nothing.
        for (const data of [trustWide, lowRiskAssessment]) assert.equal((await assess(staff, data)).statusCode, 201);
        assert.equal(await recordCount(), before + 2);
        assert.equal((await links()).length, 1);
      });

      it('each linked assessment can be read from the incident by those who may open it, audited; hostile text in it is escaped', async () => {
        const value = `${HOSTILE[0]} ${HOSTILE[1]} Zoë 🙂`;
        const hostile = { ...lowRiskAssessment, assessment: { ...lowRiskAssessment.assessment, taskOrHazard: value, location: value, assessmentNumber: value, linkedIncident: reference } };
        assert.equal((await assess(safety, hostile)).statusCode, 201, 'the security team may link one too');
        const [first, second] = await links();
        const page = await manager.get(`/incidents/${id}`);
        assert.ok(!page.body.includes('<script>alert(1)</script>') && !page.body.includes('<img src=x'));
        assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
        assert.match(page.body, /3 of 25, Low risk/);
        for (const c of [manager, safety]) {
          const res = await c.get(`/incidents/${id}/assessments/${second!.record_id}`);
          assert.equal(res.statusCode, 200);
          assert.ok(!res.body.includes('<script>alert(1)</script>') && res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
          assert.match(res.body, /Hazard 1: likelihood 1/);
        }
        const extreme = await manager.get(`/incidents/${id}/assessments/${first!.record_id}`);
        assert.match(extreme.body, /Extreme risk/);
        assert.match(extreme.body, /Record the further action|further action/i);
        const ok = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'incident.assessment-read').where('outcome', '=', 'ok').where('target_id', '=', second!.record_id).execute();
        assert.equal(ok.length, 2);
        assert.equal((await staff.get(`/incidents/${id}/assessments/${second!.record_id}`)).statusCode, 403, 'the incident\'s own check');
        // A record that is not linked to this incident (its own report) is no assessment of it.
        const incident = await t.db.kysely.selectFrom('incidents').select('record_id').where('id', '=', id).executeTakeFirstOrThrow();
        for (const other of [incident.record_id, '00000000-0000-4000-8000-000000000000', 'x'.repeat(90)]) assert.equal((await manager.get(`/incidents/${id}/assessments/${other}`)).statusCode, 404);
        const elsewhere = await report(verbalAbuse);
        assert.equal((await manager.get(`/incidents/${elsewhere}/assessments/${second!.record_id}`)).statusCode, 404, 'linked to another incident');
        const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'incident.assessment-read').where('outcome', '=', 'denied').execute();
        assert.ok(denied.length >= 4, 'each audited (the staff member is refused by the route, as access.denied)');
      });
    });

    it('a stored report never shows a victim\'s protected characteristics beside their name, to the reporter, their manager or the safety team, and says what it left out', async () => {
      const id = await report(severalVictims);
      const { record_id } = await t.db.kysely.selectFrom('incidents').select('record_id').where('id', '=', id).executeTakeFirstOrThrow();
      for (const c of [staff, manager, safety]) {
        const res = await c.get(`/reports/${record_id}`);
        assert.equal(res.statusCode, 200);
        assert.ok(res.body.includes('Lindqvist'), 'the victims are named in the record');
        assert.doesNotMatch(res.body, /protectedCharacteristics|prefer-not-to-say|&quot;race&quot;|"race"/, 'their characteristics are not');
        const note = /<div class="govuk-inset-text" data-sf="withheld">([\s\S]*?)<\/div>/.exec(res.body)?.[1] ?? '';
        assert.match(note, /Not shown here: Protected characteristics the victim chooses to share \(optional\)\. These answers are kept only to be counted/);
      }
      // A report without them says nothing is left out.
      const plain = await report(physicalAssault);
      const { record_id: other } = await t.db.kysely.selectFrom('incidents').select('record_id').where('id', '=', plain).executeTakeFirstOrThrow();
      assert.doesNotMatch((await safety.get(`/reports/${other}`)).body, /data-sf="withheld"/);
    });

    it('the incident page gives the offender description aid\'s paragraph, written by core from the stored answers, only when the offender was seen', async () => {
      const seen = await report(offenderSeenAssault);
      const res = await manager.get(`/incidents/${seen}`);
      assert.equal(res.statusCode, 200);
      const shown = /<p class="govuk-body" data-sf="offender-description">([\s\S]*?)<\/p>/.exec(res.body)?.[1] ?? '';
      const unescape = (h: string) => h.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const expected = describeOffender(offenderSeenAssault.offender!.descriptionAid).paragraph;
      assert.ok(expected.length > 20);
      assert.equal(unescape(shown), expected);
      assert.doesNotMatch((await manager.get(`/incidents/${await report(physicalAssault)}`)).body, /data-sf="offender-description"/, 'no aid, no paragraph');
    });

    it('the quarterly report by protected characteristic: incidents with a victim sharing each, once per incident, under 5 never a number, nothing in clear on disk', async () => {
      const inQ3 = (d: typeof severalVictims, day: number) => ({ ...d, incident: { ...d.incident, dateTime: `2026-08-${String(day).padStart(2, '0')}T10:00:00+01:00` } });
      for (let day = 1; day <= 5; day++) await report(inQ3(severalVictims, day));
      await report(inQ3(offenderSeenAssault, 9));
      const res = await safety.get('/incidents/trends');
      assert.equal(res.statusCode, 200);
      const table = /<table[^>]*data-sf="quarterly"[\s\S]*?<\/table>/.exec(res.body)?.[0] ?? '';
      const text = (h: string) => h.replace(/<[^>]+>/g, '').trim();
      const heads = [...(/<thead[\s\S]*?<\/thead>/.exec(table)?.[0] ?? '').matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]!));
      const col = heads.indexOf('2026 Q3');
      assert.ok(col > 0, heads.join());
      const rows = Object.fromEntries([...table.matchAll(/<tr class="govuk-table__row"><th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [text(m[1]!), [...m[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!))]));
      const q3 = (title: string) => rows[title]![col - 1];
      assert.equal(q3('All incidents'), '6');
      assert.equal(q3('Race'), '6', 'once per incident though two of its victims may share it');
      assert.equal(q3('Sex'), '5');
      assert.equal(q3('Preferred not to say'), '5');
      assert.equal(q3('Religion or belief'), 'fewer than 5');
      assert.equal(q3('Age'), '0');
      assert.doesNotMatch(text(table), /(^|\s)[1-4](\s|$)/, 'no count under 5 as a number');
      for (const name of ['Quillby', 'Lindqvist', 'Okafor']) assert.ok(!res.body.includes(name), 'no names');
      // Nothing about a victim's characteristics is kept in clear anywhere: it is counted from the sealed answers.
      for (const table of ['records', 'incidents', 'incident_assessments', 'audit_log', 'jobs', 'messages', 'idempotency_keys'] as const) {
        const all = JSON.stringify(await t.db.kysely.selectFrom(table).selectAll().execute());
        assert.ok(!/religion-belief|prefer-not-to-say|sexual-orientation|Quillby/.test(all), table);
      }
    });
  });
}
