/**
 * Threat cases (#14) through the real routes on both databases: a threat report opens a case; only the
 * safety team and the case's current members reach it (403 and audited for anyone else, on every case
 * route); members, lead, priority with its history and next review, records sent from the case with
 * `?case=`, the meeting the newest risk matrix asks for, the action plan with its versions, reviews,
 * closure by core's rules and read-only afterwards; hostile text escaped on the page and sealed on disk.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { addDays, DEFAULT_REVIEW_DAYS, forms, londonDay } from '@safety-forms/core';
import { ConfigError, loadConfig } from '../src/config.js';
import { lowRisk, policeReported } from '../../../stories/fixtures/risk-matrix.js';
import { completeSubjectInterview } from '../../../stories/fixtures/threat-interview.js';
import { validMeeting } from '../../../stories/fixtures/risk-strategy-meeting.js';
import { resealCases } from '../src/services/cases.js';
import { verifyAudit } from '../src/audit/log.js';
import { Sealer } from '../src/crypto/seal.js';
import { databases } from './support/databases.js';
import { Client, signedIn, startApp, type InjectResult, type TestApp } from './support/app.js';
import { envelope, FAKE_NAME, HOSTILE, newKey } from './support/fixtures.js';
import { errorSummary as summary } from './support/html.js';

const UUID_IN_HREF = /href="\/cases\/([0-9a-f-]{36})"/g;

/** Sends a form as the browser's SDK does, with the session and the page's CSRF token. */
function submit(c: Client, formId: string, data: unknown, query = ''): Promise<InjectResult> {
  const env = formId === 'threat-report' ? envelope(data as never) : envelope(data, { formId, schemaVersion: forms[formId]!.version, result: null });
  return c.request('POST', `/api/${formId}${query}`, { json: env, headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': c.csrf } });
}

/** The ids of the cases a list page links to, newest first. */
const caseIds = (html: string) => [...html.matchAll(UUID_IN_HREF)].map((m) => m[1]!);

const dateFields = (prefix: string, day: string) => {
  const [y, m, d] = day.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};

for (const d of databases()) {
  describe(`threat cases (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-01T10:00:00Z');
    let staff: Client; // the reporter
    let safety: Client;
    let manager: Client; // made the lead
    let visitor: Client; // added as a member
    let head: Client; // never a member (reads every record, not every case)
    let director: Client; // a member, then removed
    let caseId = '';
    const today = () => londonDay(now);

    /** Reloads the case page as `c` (so its CSRF token is fresh) and returns it. */
    const page = (c: Client, id = caseId) => c.get(`/cases/${id}`);

    async function newCase(reporter: Client): Promise<string> {
      const res = await submit(reporter, 'threat-report', undefined);
      assert.equal(res.statusCode, 201, res.body);
      const { reference } = res.json<{ reference: string }>();
      const report = await t.db.kysely.selectFrom('records').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
      const id = (await t.db.kysely.selectFrom('cases').select('id').where('report_id', '=', report.id).executeTakeFirstOrThrow()).id;
      assert.equal(caseIds((await safety.get('/cases')).body)[0], id, 'newest first');
      return id;
    }

    /** The audit entries of `action` on the case, with `outcome` (ok unless said). */
    async function auditOf(action: string, outcome = 'ok', targetId = caseId) {
      return t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).where('outcome', '=', outcome).where('target_id', '=', targetId).orderBy('seq').execute();
    }

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      [staff, safety, manager, visitor, head, director] = (await Promise.all(['staff.demo', 'safety.demo', 'manager.demo', 'visitor.demo', 'head.demo', 'director.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client, Client, Client, Client];
      caseId = await newCase(staff);
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('a threat report opens a case in the same transaction, audited; the case page is RESTRICTED and not cached', async () => {
      assert.match(caseId, /^[0-9a-f-]{36}$/);
      const row = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
      const report = await t.db.kysely.selectFrom('records').select(['id', 'form_id']).where('id', '=', row.report_id).executeTakeFirstOrThrow();
      assert.equal(report.form_id, 'threat-report');
      assert.match(row.reference, /^CASE-\d{8}-[0-9A-F]{6}$/);
      assert.equal((await auditOf('case.open')).length, 1);
      const res = await page(safety);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /RESTRICTED/);
      assert.match(String(res.headers['cache-control']), /no-store/);
      assert.ok(res.body.includes(row.reference));
      // The CSTAG classification is recomputed from the stored answers, with why.
      assert.match(res.body, /substantive/i);
    });

    it('the reporter, a head of service and an administrator do not see it: no case in their list, 403 (audited) on every case route', async () => {
      const admin = await signedIn(t, 'admin.demo');
      for (const c of [staff, head]) assert.deepEqual(caseIds((await c.get('/cases')).body), [], 'no case in the list');
      const caseRoutes = t.routes.filter((r) => r.url.startsWith('/cases/:id') && (r.method === 'GET' || r.method === 'POST'));
      assert.ok(caseRoutes.length >= 11, `${caseRoutes.length} case routes`);
      for (const c of [staff, head, admin]) {
        await c.get('/');
        for (const r of caseRoutes) {
          const url = r.url.replace(':id', caseId).replace(':formId', 'risk-matrix').replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
          const before = (await t.db.kysely.selectFrom('audit_log').select('seq').where('outcome', '=', 'denied').execute()).length;
          const res = r.method === 'GET' ? await c.get(url) : await c.post(url, { notes: 'x', action: 'x', level: '1', resolution: 'x' });
          assert.equal(res.statusCode, 403, `${r.method} ${url}`);
          assert.ok(!res.body.includes('CASE-'), 'the 403 names no case');
          const afterDenied = (await t.db.kysely.selectFrom('audit_log').select('seq').where('outcome', '=', 'denied').execute()).length;
          assert.equal(afterDenied, before + 1, `${r.method} ${url}: the denial is audited`);
        }
      }
      // A case id that exists nowhere looks the same as one that is not yours.
      const ghost = await staff.get('/cases/00000000-0000-4000-8000-000000000000');
      assert.equal(ghost.statusCode, 403);
    });

    it('the safety team sets the lead (notified, audited); the lead adds an account member and an external Police member, and removes one', async () => {
      await page(safety);
      let res = await safety.post(`/cases/${caseId}/lead`, { lead: 'nobody.here' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#lead': 'There is no active account with that username' });
      res = await safety.post(`/cases/${caseId}/lead`, { lead: 'manager.demo' });
      assert.equal(res.statusCode, 303);
      assert.equal((await auditOf('case.lead')).length, 1);
      const inbox = await t.services.notifier.inbox(t.ids['manager.demo']!);
      assert.ok(inbox.some((m) => m.subject === 'You are the lead of a threat case'));

      // The lead manages the case, but only the safety team names the lead.
      res = await page(manager);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /action="\/cases\/[^"]+\/members"/);
      res = await manager.post(`/cases/${caseId}/lead`, { lead: 'manager.demo' });
      assert.equal(res.statusCode, 403, 'only the safety team names the lead');

      await page(manager);
      res = await manager.post(`/cases/${caseId}/members`, { username: '', name: '', role: 'member' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#username': 'Enter the username of an account, or the name of an external member' });
      res = await manager.post(`/cases/${caseId}/members`, { username: 'visitor.demo', role: 'nonsense' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#role': 'Choose what they are on the case' });
      assert.match(res.body, /value="visitor.demo"/, 'what was typed is kept');
      res = await manager.post(`/cases/${caseId}/members`, { username: 'visitor.demo', role: 'member' });
      assert.equal(res.statusCode, 303);
      res = await manager.post(`/cases/${caseId}/members`, { username: 'visitor.demo', role: 'member' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#username': 'That person is already a member of this case' });
      res = await manager.post(`/cases/${caseId}/members`, { name: 'PS Example', organisation: 'Example Constabulary, Police Sergeant', role: 'police' });
      assert.equal(res.statusCode, 303);
      res = await manager.post(`/cases/${caseId}/members`, { username: 'director.demo', role: 'other' });
      assert.equal(res.statusCode, 303);
      assert.ok((await t.services.notifier.inbox(t.ids['visitor.demo']!)).some((m) => m.subject === 'You have been added to a threat case'));

      const view = await page(manager);
      assert.match(view.body, /PS Example/);
      assert.match(view.body, /Police representative/);
      const directorMember = (await t.db.kysely.selectFrom('case_members').selectAll().where('case_id', '=', caseId).where('account_id', '=', t.ids['director.demo']!).executeTakeFirstOrThrow()).id;
      assert.equal((await page(director)).statusCode, 200, 'a member reads the case');
      await page(manager);
      res = await manager.post(`/cases/${caseId}/members/${directorMember}/remove`);
      assert.equal(res.statusCode, 303);
      res = await manager.post(`/cases/${caseId}/members/${directorMember}/remove`);
      assert.equal(res.statusCode, 400, 'already removed is said, not a crash');
      res = await manager.post(`/cases/${caseId}/members/00000000-0000-4000-8000-000000000000/remove`);
      assert.equal(res.statusCode, 400);
      res = await manager.post(`/cases/${caseId}/members/not-a-uuid/remove`);
      assert.equal(res.statusCode, 404);
      assert.equal((await auditOf('case.member-add')).length, 3);
      assert.equal((await auditOf('case.member-remove')).length, 1);
      // Removed while viewing: the next request is refused, the list no longer shows it.
      assert.equal((await page(director)).statusCode, 403);
      assert.deepEqual(caseIds((await director.get('/cases')).body), []);
      assert.deepEqual(caseIds((await visitor.get('/cases')).body), [caseId]);
    });

    it('a member reads the records of the case; a removed member no longer can', async () => {
      const reportId = (await t.db.kysely.selectFrom('cases').select('report_id').where('id', '=', caseId).executeTakeFirstOrThrow()).report_id;
      assert.equal((await visitor.get(`/reports/${reportId}`)).statusCode, 200);
      assert.equal((await director.get(`/reports/${reportId}`)).statusCode, 404, 'removed: the record looks like one that does not exist');
    });

    it('records sent from the case (?case=) are linked in their transaction; a non-member, a threat report or a bad case id is 403 with nothing stored', async () => {
      const count = async () => Number((await t.db.kysely.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const form = await visitor.get(`/cases/${caseId}/forms/threat-interview?interviewee=subject`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<threat-interview-form/);
      assert.match(form.body, /id="sf-prefill"/, 'the interview is prefilled from the report');
      const prefill = /<script type="application\/json" id="sf-prefill">([\s\S]*?)<\/script>/.exec(form.body)?.[1] ?? '';
      assert.ok(prefill.length > 10 && !prefill.includes('<'), 'the prefill cannot break out of its script element');
      assert.equal(JSON.parse(prefill).interview.subjectName, FAKE_NAME, "the subject's name comes from the report");
      assert.equal((await visitor.get(`/cases/${caseId}/forms/threat-report`)).statusCode, 404);

      const before = await count();
      for (const [c, formId, q] of [
        [staff, 'risk-matrix', `?case=${caseId}`],
        [visitor, 'threat-report', `?case=${caseId}`],
        [visitor, 'risk-matrix', '?case=not-a-uuid'],
        [visitor, 'risk-matrix', `?case=00000000-0000-4000-8000-000000000000`],
        [visitor, 'risk-matrix', `?case=${caseId}&case=${caseId}`],
        [visitor, 'risk-matrix', `?case=${caseId}&x=1`],
      ] as const) {
        const res = await submit(c, formId, formId === 'threat-report' ? undefined : lowRisk, q);
        assert.equal(res.statusCode, 403, `${formId}${q}: ${res.body}`);
      }
      assert.equal(await count(), before, 'nothing stored');
      assert.ok((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'case.record').where('outcome', '=', 'denied').execute()).length >= 6);

      await visitor.get(`/cases/${caseId}`);
      const interview = await submit(visitor, 'threat-interview', completeSubjectInterview, `?case=${caseId}`);
      assert.equal(interview.statusCode, 201, interview.body);
      const matrix = await submit(visitor, 'risk-matrix', lowRisk, `?case=${caseId}`);
      assert.equal(matrix.statusCode, 201, matrix.body);
      assert.equal(await count(), before + 2);
      const view = await page(visitor);
      assert.ok(view.body.includes(interview.json<{ reference: string }>().reference));
      assert.ok(view.body.includes(matrix.json<{ reference: string }>().reference));
      assert.equal((await auditOf('case.record')).length, 2);
    });

    it('the meeting the newest risk matrix asks for: operational for a low risk, until one is recorded; then the Police rule escalates to a Risk Strategy Group, met by its meeting record', async () => {
      let view = await page(manager);
      assert.match(view.body, /Operational meeting required/);
      let res = await manager.post(`/cases/${caseId}/meetings`, { notes: '   ' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#notes': 'Enter the notes of the meeting, with its actions' });
      res = await manager.post(`/cases/${caseId}/meetings`, { notes: 'Met with the head teacher; actions below.' });
      assert.equal(res.statusCode, 303);
      view = await page(manager);
      assert.doesNotMatch(view.body, /meeting required/);
      assert.match(view.body, /The operational meeting the case needs is recorded/);

      now = new Date(now.getTime() + 60_000);
      const police = await submit(manager, 'risk-matrix', policeReported, `?case=${caseId}`);
      assert.equal(police.statusCode, 201, police.body);
      view = await page(manager);
      assert.match(view.body, /Risk Strategy Group meeting required: the risk has escalated/);
      assert.match(view.body, /\/cases\/[^"]+\/forms\/risk-strategy-meeting/, 'the meeting record is offered from the case');
      const form = await manager.get(`/cases/${caseId}/forms/risk-strategy-meeting`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<risk-strategy-meeting-form endpoint="\/api\/risk-strategy-meeting\?case=/);
      now = new Date(now.getTime() + 60_000);
      const meeting = await submit(manager, 'risk-strategy-meeting', validMeeting, `?case=${caseId}`);
      assert.equal(meeting.statusCode, 201, meeting.body);
      view = await page(manager);
      assert.doesNotMatch(view.body, /meeting required/);
      assert.match(view.body, /The Risk Strategy Group meeting the case needs is recorded/);
      assert.ok(view.body.includes(meeting.json<{ reference: string }>().reference));
    });

    it('priority: the first needs no reason, a change does; history kept; the next review comes from the priority', async () => {
      await page(manager);
      let res = await manager.post(`/cases/${caseId}/priority`, { level: '9' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#level': 'Choose a priority' });
      res = await manager.post(`/cases/${caseId}/priority`, { level: '2' });
      assert.equal(res.statusCode, 303);
      let row = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(row.priority, 2);
      assert.equal(row.next_review_on, addDays(today(), 7));
      res = await manager.post(`/cases/${caseId}/priority`, { level: '1', reason: '' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#reason': 'Say why the priority changed' });
      res = await manager.post(`/cases/${caseId}/priority`, { level: '1', reason: 'Weapon seen at home' });
      assert.equal(res.statusCode, 303);
      row = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(row.next_review_on, addDays(today(), 2));
      const history = await t.services.cases.priorityHistory(caseId);
      assert.deepEqual(
        history.map((h) => [h.from, h.level, h.reason]),
        [
          [null, 2, ''],
          [2, 1, 'Weapon seen at home'],
        ],
      );
      const view = await page(manager);
      assert.match(view.body, /Weapon seen at home/);
      assert.equal((await auditOf('case.priority')).length, 2);
      // A member who is not the lead may not change it.
      await page(visitor);
      assert.equal((await visitor.post(`/cases/${caseId}/priority`, { level: '3', reason: 'x' })).statusCode, 403);
    });

    it('the action plan: validation keeps what was typed; the owner sees it on their home page; a second edit of the same version is told, not lost', async () => {
      await page(visitor);
      let res = await visitor.post(`/cases/${caseId}/actions`, { action: '', owner: '', ownerName: '', ...dateFields('due', '2026-02-30') });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#action', '#owner', '#due-day']);
      res = await visitor.post(`/cases/${caseId}/actions`, { action: 'Check the car park', owner: 'visitor.demo', ...dateFields('due', addDays(today(), -1)) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#due-day': 'The due date must be today or in the future' });
      assert.match(res.body, /value="Check the car park"/);
      res = await visitor.post(`/cases/${caseId}/actions`, { action: 'Check the car park', owner: 'visitor.demo', ...dateFields('due', addDays(today(), 2)) });
      assert.equal(res.statusCode, 303);
      res = await visitor.post(`/cases/${caseId}/actions`, { action: 'Tell the Police of the weapon', ownerName: 'PS Example', ...dateFields('due', addDays(today(), 1)) });
      assert.equal(res.statusCode, 303);
      assert.equal((await auditOf('case.action-add')).length, 2);

      const home = await visitor.get('/');
      assert.match(home.body, /Actions assigned to you/);
      assert.match(home.body, /Check the car park<\/a>, case CASE-/);
      assert.doesNotMatch(home.body, /Tell the Police/, 'an external owner\'s action is on nobody\'s home page');

      const [first] = await t.services.cases.actions(caseId);
      assert.equal(first!.version, 1);
      await page(manager);
      res = await manager.post(`/cases/${caseId}/actions/${first!.id}`, { status: 'done', version: '1' });
      assert.equal(res.statusCode, 303);
      res = await visitor.post(`/cases/${caseId}/actions/${first!.id}`, { status: 'not-required', reason: 'Car park closed', version: '1' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /Someone else changed this action while you were editing it/);
      assert.match(res.body, /Car park closed/, 'their change is shown so they can make it again');
      const after = await t.services.cases.getAction(caseId, first!.id);
      assert.equal(after!.status, 'done', 'the first edit is not overwritten');
      assert.equal(after!.version, 2);
      res = await visitor.post(`/cases/${caseId}/actions/${first!.id}`, { status: 'not-required', reason: '', version: '2' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { [`#action-${first!.id}-reason`]: 'Say why the action is not required' });
      res = await visitor.post(`/cases/${caseId}/actions/00000000-0000-4000-8000-000000000000`, { status: 'done', version: '1' });
      assert.equal(res.statusCode, 400);
      res = await visitor.post(`/cases/${caseId}/actions/nope`, { status: 'done', version: '1' });
      assert.equal(res.statusCode, 404);
      assert.equal((await auditOf('case.action-update', 'failed')).length, 1, 'the conflict is audited');
    });

    it('the clock moves past a due date: the action is overdue on the case and the home page, the review is overdue in the list', async () => {
      await page(visitor);
      assert.equal((await visitor.post(`/cases/${caseId}/actions`, { action: 'Walk the route home', owner: 'visitor.demo', ...dateFields('due', addDays(today(), 1)) })).statusCode, 303);
      assert.doesNotMatch((await visitor.get('/')).body, /Overdue/);
      assert.deepEqual(caseIds((await safety.get('/cases?due=actions')).body), [], 'nothing overdue yet');
      const saved = now;
      now = new Date(now.getTime() + 3 * 86_400_000);
      try {
        // Three days on, the sessions of the other tests have timed out: sign in again.
        const [lead, team, member] = await Promise.all(['manager.demo', 'safety.demo', 'visitor.demo'].map((u) => signedIn(t, u)));
        const view = await page(lead!);
        assert.match(view.body, /Overdue/);
        assert.match(view.body, /\(overdue\)/, 'the review is overdue too');
        const list = await team!.get('/cases');
        assert.match(list.body, /overdue/i);
        assert.ok(caseIds((await team!.get('/cases?due=actions')).body).includes(caseId), 'listed with overdue actions');
        assert.ok(caseIds((await team!.get('/cases?due=review')).body).includes(caseId), 'listed with its review overdue');
        assert.ok(caseIds((await member!.get('/cases?status=open&due=actions')).body).includes(caseId), 'a member sees it too');
        const home = await member!.get('/');
        assert.match(home.body, /govuk-tag--red">Overdue/);
      } finally {
        now = saved;
      }
    });

    it('reviews: the next review date is a real day, never in the past', async () => {
      await page(visitor);
      let res = await visitor.post(`/cases/${caseId}/reviews`, { planStatus: '', ...dateFields('next', '2026-13-01') });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#planStatus', '#next-day']);
      res = await visitor.post(`/cases/${caseId}/reviews`, { planStatus: 'On track', ...dateFields('next', addDays(today(), -1)) });
      assert.equal(res.statusCode, 400);
      assert.ok(summary(res.body)['#next-day']);
      assert.match(res.body, /On track/);
      res = await visitor.post(`/cases/${caseId}/reviews`, { planStatus: 'On track', revisions: 'None', responsible: 'The lead', ...dateFields('next', addDays(today(), 10)) });
      assert.equal(res.statusCode, 303);
      const row = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
      assert.equal(row.next_review_on, addDays(today(), 10));
    });

    it('hostile text on every case form is escaped on the page, kept whole, and sealed on disk', async () => {
      const id = await newCase(staff);
      await page(safety, id);
      assert.equal((await safety.post(`/cases/${id}/lead`, { lead: 'safety.demo' })).statusCode, 303);
      for (const h of HOSTILE.slice(0, -1)) {
        const value = `${h} ${FAKE_NAME}`;
        await page(safety, id);
        assert.equal((await safety.post(`/cases/${id}/meetings`, { notes: value })).statusCode, 303);
        assert.equal((await safety.post(`/cases/${id}/actions`, { action: value, ownerName: value, ...dateFields('due', today()) })).statusCode, 303);
        assert.equal((await safety.post(`/cases/${id}/members`, { name: value, organisation: value, role: 'other' })).statusCode, 303);
        assert.equal((await safety.post(`/cases/${id}/priority`, { level: '3', reason: value })).statusCode, 303);
        assert.equal((await safety.post(`/cases/${id}/reviews`, { planStatus: value, revisions: value, responsible: value, ...dateFields('next', addDays(today(), 3)) })).statusCode, 303);
        const lead = await safety.post(`/cases/${id}/lead`, { lead: value });
        assert.equal(lead.statusCode, 400, 'a hostile username is no account');
        assert.ok(!lead.body.includes('<script>alert(1)</script>') && !lead.body.includes('<img src=x'));
      }
      const member = (await t.services.cases.members(id)).find((m) => m.external)!;
      const share = await safety.post(`/cases/${id}/shares`, { sections: ['meetings', 'members', 'reviews'], audience: member.id });
      assert.equal(share.statusCode, 303);
      const shared = await safety.get(String(share.headers.location));
      assert.ok(!shared.body.includes('<script>alert(1)</script>') && !shared.body.includes('<img src=x'), 'the abridged version escapes it too');
      assert.ok(shared.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      const view = await page(safety, id);
      assert.equal(view.statusCode, 200);
      assert.ok(!view.body.includes('<script>alert(1)</script>'));
      assert.ok(!view.body.includes('<img src=x onerror'));
      assert.ok(view.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      const actions = await t.services.cases.actions(id);
      assert.deepEqual(
        actions.map((a) => a.text),
        HOSTILE.slice(0, -1).map((h) => `${h} ${FAKE_NAME}`),
        'kept exactly, odd Unicode and control characters included',
      );
      // Nothing of it in plaintext in any case table (or in the SQLite file).
      for (const table of ['cases', 'case_members', 'case_actions', 'case_events', 'case_records'] as const) {
        const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
        assert.ok(!JSON.stringify(rows).includes('Quillfeather'), `${table} holds no plaintext`);
      }
      if (t.db.file) assert.ok(!readFileSync(t.db.file).includes('Quillfeather'), 'the SQLite file holds no plaintext');
      assert.ok(!t.logs.join('').includes('Quillfeather'), 'no log line has it');

      // Too long: said, with the field and what was typed kept (cut to the limit), nothing stored.
      const before = (await t.services.cases.timeline(id)).length;
      const huge = 'y'.repeat(20_001);
      const res = await safety.post(`/cases/${id}/meetings`, { notes: huge });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#notes': 'This is too long: shorten it and try again' });
      assert.ok(res.body.includes('y'.repeat(20_000)));
      const long = await safety.post(`/cases/${id}/actions`, { action: 'z'.repeat(501), ownerName: 'A', ...dateFields('due', today()) });
      assert.equal(long.statusCode, 400);
      assert.deepEqual(summary(long.body), { '#action': 'This is too long: shorten it and try again' });
      assert.equal((await t.services.cases.timeline(id)).length, before);
    });

    it('an abridged version for sharing: the lead chooses the sections and who it is for; the action plan is always in it; audited; members only', async () => {
      await page(manager);
      let res = await manager.post(`/cases/${caseId}/shares`, { sections: ['risk'] });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#audience': 'Choose who the abridged version is for' });
      assert.match(res.body, /value="risk" checked/, 'what was chosen is kept');
      res = await manager.post(`/cases/${caseId}/shares`, { sections: 'risk', audience: '00000000-0000-4000-8000-000000000000' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#audience': 'Choose a current member of the case, or the full group' });
      const police = (await t.services.cases.members(caseId)).find((m) => m.role === 'police')!;
      res = await manager.post(`/cases/${caseId}/shares`, { sections: ['risk', '<script>x</script>', 'meetings'], audience: police.id });
      assert.equal(res.statusCode, 303);
      const url = String(res.headers.location);
      assert.match(url, new RegExp(`^/cases/${caseId}/shares/[0-9a-f-]{36}$`));
      const shared = await manager.get(url);
      assert.equal(shared.statusCode, 200);
      assert.match(shared.body, /RESTRICTED/);
      assert.match(shared.body, /Abridged version for PS Example, Example Constabulary, Police Sergeant/);
      assert.match(shared.body, /Risk level \(risk matrix\) and why/);
      assert.match(shared.body, /Meetings held and their notes/);
      assert.doesNotMatch(shared.body, /Threat classification \(CSTAG\) and why/, 'a section not chosen is left out');
      assert.match(shared.body, /Agreed action plan/);
      assert.match(shared.body, /Check the car park/);
      assert.equal((await auditOf('case.share')).length, 1);
      assert.equal((await auditOf('case.share-read')).length, 1);
      assert.equal((await visitor.get(url)).statusCode, 200, 'a member may read it');
      assert.equal((await staff.get(url)).statusCode, 403, 'a non-member may not');
      assert.equal((await manager.get(`/cases/${caseId}/shares/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
      assert.equal((await manager.get(`/cases/${caseId}/shares/nope`)).statusCode, 404);
      await page(visitor);
      assert.equal((await visitor.post(`/cases/${caseId}/shares`, { audience: 'group' })).statusCode, 403, 'only the lead or the safety team makes one');
      const view = await page(manager);
      assert.match(view.body, /Abridged version shared with PS Example/);
      assert.match(view.body, /href="\/cases\/[^"]+\/shares\//);
    });

    it('closure: blocked by open actions, a missing resolution and (Derbyshire) a missing debrief; then read-only for everyone', async () => {
      await page(manager);
      let res = await manager.post(`/cases/${caseId}/close`, { resolution: '' });
      assert.equal(res.statusCode, 400);
      const blockers = summary(res.body);
      assert.ok(blockers['#actions'], 'the open action blocks');
      assert.ok(blockers['#resolution'], 'a resolution is needed');
      assert.ok(blockers['#goodPractice'], 'a Derbyshire case needs a debrief');
      const open = (await t.services.cases.actions(caseId)).filter((a) => a.status === 'open');
      for (const a of open) {
        await page(manager);
        assert.equal((await manager.post(`/cases/${caseId}/actions/${a.id}`, { status: 'not-required', reason: 'Police took it on', version: String(a.version) })).statusCode, 303);
      }
      await page(manager);
      res = await manager.post(`/cases/${caseId}/close`, { resolution: 'Resolved by mediation', goodPractice: 'Quick first meeting' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#lessons']);
      assert.match(res.body, /Resolved by mediation/, 'what was typed is kept');
      // A member who is not the lead may not close it.
      await page(visitor);
      assert.equal((await visitor.post(`/cases/${caseId}/close`, { resolution: 'x', goodPractice: 'x', lessons: 'x' })).statusCode, 403);
      res = await manager.post(`/cases/${caseId}/close`, { resolution: 'Resolved by mediation', goodPractice: 'Quick first meeting', lessons: 'Ask the Police sooner' });
      assert.equal(res.statusCode, 303);
      assert.equal((await auditOf('case.close')).length, 1);

      const view = await page(visitor);
      assert.equal(view.statusCode, 200, 'a closed case is read');
      assert.match(view.body, /Resolved by mediation/);
      assert.doesNotMatch(view.body, /<form method="post" action="\/cases\//, 'and offers nothing to change');
      for (const c of [manager, safety]) {
        await page(c);
        for (const [url, form] of [
          [`/cases/${caseId}/meetings`, { notes: 'late' }],
          [`/cases/${caseId}/actions`, { action: 'late', ownerName: 'x', ...dateFields('due', today()) }],
          [`/cases/${caseId}/priority`, { level: '4', reason: 'late' }],
          [`/cases/${caseId}/close`, { resolution: 'again', goodPractice: 'x', lessons: 'x' }],
        ] as const) {
          const r = await c.post(url, form);
          assert.equal(r.statusCode, 403, url);
          assert.match(r.body, /This case is closed/);
        }
      }
      assert.equal((await submit(manager, 'risk-matrix', lowRisk, `?case=${caseId}`)).statusCode, 403, 'no record is added to a closed case');
      assert.deepEqual(caseIds((await safety.get('/cases?status=closed')).body), [caseId]);
    });

    it('the timeline is every event of the case in order', async () => {
      const timeline = await t.services.cases.timeline(caseId);
      const kinds = timeline.map((e) => e.kind);
      assert.equal(kinds[0], 'opened');
      assert.equal(kinds.at(-1), 'closed');
      for (const k of ['lead', 'member-added', 'member-removed', 'record', 'meeting', 'priority', 'action-added', 'action', 'review', 'share']) assert.ok(kinds.includes(k), k);
      const ats = timeline.map((e) => e.at);
      assert.deepEqual([...ats].sort(), ats);
      const view = await page(safety);
      assert.match(view.body, /moj-timeline/);
    });

    it('rotate-key re-seals the case tables, which still open under the new key', async () => {
      const n = await resealCases(t.db.kysely, t.services.sealer);
      assert.ok(n > 10, `${n} rows re-sealed`);
      const row = await t.db.kysely.selectFrom('case_events').select('detail_enc').where('case_id', '=', caseId).where('detail_enc', 'is not', null).executeTakeFirstOrThrow();
      assert.equal(Sealer.keyIdOf(row.detail_enc!), t.services.keys.currentId);
      assert.match((await page(safety)).body, /Resolved by mediation/);
    });
  });
}

for (const d of databases()) {
  describe(`threat case reminders (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-01T10:00:00Z');
    const today = () => londonDay(now);
    const subjects = async (username: string) => (await t.services.notifier.inbox(t.ids[username]!, 100)).map((m) => m.subject).filter((s) => /overdue|due today/.test(s));

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('the clock moves forward over every due date: each overdue action and the missed review are told once, to the owner and the lead; done actions and moved reviews are not', async () => {
      const staff = await signedIn(t, 'staff.demo');
      const safety = await signedIn(t, 'safety.demo');
      const res = await submit(staff, 'threat-report', undefined);
      assert.equal(res.statusCode, 201);
      const report = await t.db.kysely.selectFrom('records').select('id').where('reference', '=', res.json<{ reference: string }>().reference).executeTakeFirstOrThrow();
      const id = (await t.db.kysely.selectFrom('cases').select('id').where('report_id', '=', report.id).executeTakeFirstOrThrow()).id;
      await safety.get(`/cases/${id}`);
      assert.equal((await safety.post(`/cases/${id}/lead`, { lead: 'manager.demo' })).statusCode, 303);
      for (const u of ['visitor.demo', 'director.demo']) assert.equal((await safety.post(`/cases/${id}/members`, { username: u, role: 'member' })).statusCode, 303);
      const add = async (action: string, owner: Record<string, string>, due: string) => assert.equal((await safety.post(`/cases/${id}/actions`, { action, ...owner, ...dateFields('due', due) })).statusCode, 303);
      await add('Visitor action', { owner: 'visitor.demo' }, addDays(today(), 1));
      await add('External action', { ownerName: 'PS Example' }, addDays(today(), 2));
      await add('Done in time', { owner: 'visitor.demo' }, addDays(today(), 1));
      await add('Director action', { owner: 'director.demo' }, addDays(today(), 1));
      assert.equal((await safety.post(`/cases/${id}/priority`, { level: '2' })).statusCode, 303);
      const done = (await t.services.cases.actions(id)).find((a) => a.text === 'Done in time')!;
      assert.equal((await safety.post(`/cases/${id}/actions/${done.id}`, { status: 'done', version: String(done.version) })).statusCode, 303);
      // The director is removed: their action stays on the case, but they are no longer told about it.
      const director = (await t.db.kysely.selectFrom('case_members').select('id').where('case_id', '=', id).where('account_id', '=', t.ids['director.demo']!).executeTakeFirstOrThrow()).id;
      assert.equal((await safety.post(`/cases/${id}/members/${director}/remove`)).statusCode, 303);

      await t.services.jobs.runDue();
      const before = { visitor: await subjects('visitor.demo'), manager: await subjects('manager.demo') };
      assert.deepEqual(before, { visitor: [], manager: [] }, 'nothing is due yet');

      // Ten days on: past every action's day and the review day (priority 2: 7 days).
      now = new Date(now.getTime() + 10 * 86_400_000);
      for (let i = 0; i < 3; i++) await t.services.jobs.runDue();
      assert.deepEqual(await subjects('visitor.demo'), ['An action on a threat case is overdue']);
      assert.deepEqual(await subjects('director.demo'), [], 'a removed member is not told');
      const lead = await subjects('manager.demo');
      assert.equal(lead.filter((s) => s === 'An action on a threat case is overdue').length, 3, 'the lead hears of each overdue action');
      assert.deepEqual(
        lead.filter((s) => /review/.test(s)),
        ['A threat case review is overdue'],
        'the missed review once, without a stale "due today"',
      );
      // A job run again (a crash before it was marked done) tells nobody twice.
      const actions = await t.services.cases.actions(id);
      for (const a of actions) await t.services.cases.remindOverdueAction(id, a.id);
      const row = await t.db.kysely.selectFrom('cases').select('next_review_on').where('id', '=', id).executeTakeFirstOrThrow();
      await t.services.cases.remindReview(id, row.next_review_on!, 'overdue');
      assert.equal((await subjects('manager.demo')).length, lead.length);
      assert.deepEqual(await subjects('visitor.demo'), ['An action on a threat case is overdue']);
      const timeline = (await t.services.cases.timeline(id)).map((e) => e.kind);
      assert.equal(timeline.filter((k) => k === 'action-overdue').length, 3);
      assert.equal(timeline.filter((k) => k === 'review-overdue').length, 1);
      assert.equal((await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'case.action-overdue').execute()).length, 3);
      // No personal data in a notice: not the action's text, not a name.
      const inbox = await t.services.notifier.inbox(t.ids['manager.demo']!, 100);
      assert.ok(inbox.every((m) => !/Visitor action|External action|PS Example/.test(`${m.subject} ${m.body}`)));
    });

    it('a closed case is kept for the retention period, then deleted with its records by a job, leaving an audit tombstone of ids', async () => {
      const staff = await signedIn(t, 'staff.demo');
      const safety = await signedIn(t, 'safety.demo');
      const res = await submit(staff, 'threat-report', undefined);
      const reportId = (await t.db.kysely.selectFrom('records').select('id').where('reference', '=', res.json<{ reference: string }>().reference).executeTakeFirstOrThrow()).id;
      const id = (await t.db.kysely.selectFrom('cases').select('id').where('report_id', '=', reportId).executeTakeFirstOrThrow()).id;
      await safety.get(`/cases/${id}`);
      assert.equal((await safety.post(`/cases/${id}/close`, { resolution: 'No further action' })).statusCode, 303);
      const days = t.config.caseRetentionDays;
      assert.equal(days, 6 * 365, 'six years unless configured');
      const closedOn = today();
      now = new Date(`${addDays(closedOn, days - 1)}T12:00:00Z`);
      await t.services.jobs.runDue();
      assert.ok(await t.db.kysely.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst(), 'kept until its day');
      // Started again: the sweep finds the job already there.
      assert.equal(await t.services.cases.scheduleRetention(), 0);
      now = new Date(`${addDays(closedOn, days)}T12:00:00Z`);
      await t.services.jobs.runDue();
      assert.equal(await t.db.kysely.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst(), undefined, 'deleted on its day');
      assert.equal(await t.db.kysely.selectFrom('records').select('id').where('id', '=', reportId).executeTakeFirst(), undefined, 'its report with it');
      for (const table of ['case_events', 'case_actions', 'case_members', 'case_records'] as const) assert.deepEqual(await t.db.kysely.selectFrom(table).select('case_id').where('case_id', '=', id).execute(), [], table);
      const tomb = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'case.deleted').where('target_id', '=', id).execute();
      assert.equal(tomb.length, 1);
      assert.match(tomb[0]!.detail ?? '', new RegExp(reportId));
      const fresh = await signedIn(t, 'staff.demo');
      assert.equal((await fresh.get(`/reports/${reportId}`)).statusCode, 404, 'gone from Your reports');
      assert.ok((await verifyAudit(t.db.kysely)).ok, 'the audit chain still verifies');
    });

    it('a review recorded before its day cancels that day\'s reminders; the new day is reminded on the day', async () => {
      const staff = await signedIn(t, 'staff.demo');
      const safety = await signedIn(t, 'safety.demo');
      const res = await submit(staff, 'threat-report', undefined);
      const report = await t.db.kysely.selectFrom('records').select('id').where('reference', '=', res.json<{ reference: string }>().reference).executeTakeFirstOrThrow();
      const id = (await t.db.kysely.selectFrom('cases').select('id').where('report_id', '=', report.id).executeTakeFirstOrThrow()).id;
      await safety.get(`/cases/${id}`);
      // No lead: the safety team hears.
      assert.equal((await safety.post(`/cases/${id}/priority`, { level: '1' })).statusCode, 303); // review in 2 days
      const first = addDays(today(), 2);
      const later = addDays(today(), 5);
      assert.equal((await safety.post(`/cases/${id}/reviews`, { planStatus: 'Early review', ...dateFields('next', later) })).statusCode, 303);
      const count = async () => (await subjects('safety.demo')).filter((s) => /review/.test(s)).length;
      const base = await count();
      now = new Date(`${first}T09:00:00Z`);
      await t.services.jobs.runDue();
      assert.equal(await count(), base, 'the moved review is not reminded');
      now = new Date(`${later}T08:00:00Z`);
      await t.services.jobs.runDue();
      assert.equal(await count(), base + 1);
      assert.equal((await subjects('safety.demo')).at(0), 'A threat case review is due today');
    });
  });
}

describe('threat case configuration', () => {
  const env = (extra: Record<string, string>) => ({ SAFETY_ROOT: process.cwd(), ...extra });
  it('reads the review days by priority and the retention period, and refuses what is not a real value', () => {
    const c = loadConfig('test', env({ SAFETY_REVIEW_DAYS: '{"1":1,"2":7,"3":14,"4":28,"5":null}', SAFETY_CASE_RETENTION_DAYS: '365' }));
    assert.deepEqual(c.reviewDays, { 1: 1, 2: 7, 3: 14, 4: 28, 5: null });
    assert.equal(c.caseRetentionDays, 365);
    const d = loadConfig('test', env({}));
    assert.deepEqual(d.reviewDays, DEFAULT_REVIEW_DAYS);
    assert.equal(d.caseRetentionDays, 6 * 365);
    for (const bad of ['{"1":-1}', '[1,2]', 'not json', '{"1":1.5}']) assert.throws(() => loadConfig('test', env({ SAFETY_REVIEW_DAYS: bad })), ConfigError, bad);
    for (const bad of ['0', '-3', '1.5', 'a year']) assert.throws(() => loadConfig('test', env({ SAFETY_CASE_RETENTION_DAYS: bad })), ConfigError, bad);
  });
});
