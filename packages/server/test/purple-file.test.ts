/**
 * The purple file (#16, Kent's Appendix B) and the major incident page (Appendices C and K) through the
 * real routes on both databases: the procedure's questions in its order and words, every bad input said
 * at its field with what was typed kept, the caller's visits of today and managers for the call-taker,
 * the alerts (the caller's line manager, their manager and the safety team; never the caller; no personal
 * data), the 5-minute call-back reminder, the record only for the call-taker, those alerted and the
 * safety team (403, audited, for anyone else), timed entries, hostile text escaped and sealed (not in any
 * table, the SQLite file or a log line), and the major incident page every employee reads and only the
 * safety team edits and marks as checked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { databases } from './support/databases.js';
import { signedIn, startApp, type Client, type TestApp } from './support/app.js';
import { FAKE_NAME, HOSTILE } from './support/fixtures.js';
import { QUESTIONS } from '../src/services/purple-file.js';
import { SECTIONS } from '../src/services/major-incident.js';
import { decodeText as decode, errorSummary as summary } from './support/html.js';

const ANSWERED = { atAddress: 'yes', inDanger: 'yes', needPolice: 'no-answer', weapon: 'no', needStaff: 'yes', callBack: 'yes', dialled999: 'yes' };

for (const d of databases()) {
  describe(`purple file and major incident (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T10:15:00Z'); // a Monday in GMT
    let taker: Client; // visitor.demo takes the call
    let staff: Client; // staff.demo calls
    let manager: Client; // staff's line manager
    let head: Client; // manager's manager
    let safety: Client;
    let director: Client; // nobody in this
    let visitId = '';
    let callId = '';

    const inbox = async (username: string) => t.services.notifier.inbox(t.ids[username]!, 100);
    const subjects = async (username: string) => (await inbox(username)).map((m) => m.subject);
    const lastAudit = () => t.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      await t.services.accounts.setManager(t.ids['manager.demo']!, t.ids['head.demo']!);
      const planned = await t.services.visits.plan(
        t.ids['staff.demo']!,
        {
          startsAt: new Date('2026-12-07T10:00:00Z'),
          endsAt: new Date('2026-12-07T11:00:00Z'),
          endOfDayAt: new Date('2026-12-07T18:00:00Z'),
          buddyUsername: 'head.demo',
          arrangement: 'alone',
          trafficLight: 'amber',
          detail: { reference: 'REF-77', description: "Visit to Mum's address", location: '1 Example Street, Anytown', jointWith: '', redAgreement: '' },
        },
        'req-test',
      );
      assert.ok(planned.ok);
      visitId = planned.id;
      [taker, staff, manager, head, safety, director] = (await Promise.all(['visitor.demo', 'staff.demo', 'manager.demo', 'head.demo', 'safety.demo', 'director.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client, Client, Client, Client];
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('any employee opens the page: the code, "If no answer, dial 999 and call the police" as a warning, and a way to say who called', async () => {
      for (const c of [taker, staff, director]) {
        const res = await c.get('/purple-file');
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /I will need the purple file when I get back to the office/);
        assert.match(res.body, /<div class="govuk-warning-text"\s+data-sf="dial-999">[\s\S]*?If no answer, dial 999 and call the police/);
        assert.match(res.body, /id="caller"/);
        assert.match(res.body, /href="\/purple-file"[^>]*>Purple file</, 'in the navigation');
      }
      const admin = await signedIn(t, 'admin.demo');
      assert.equal((await admin.get('/purple-file')).statusCode, 200, 'an administrator may take the call too');
    });

    it('who called: an empty or unknown username is said at its field; a known one shows their visits today (to check the address) and their managers', async () => {
      let res = await taker.get('/purple-file?caller=');
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#caller': 'Enter the username of the member of staff who called' });
      res = await taker.get('/purple-file?caller=nobody.here');
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#caller']);
      assert.match(res.body, /id="caller-error"/, 'the message beside the field');
      assert.match(res.body, /value="nobody.here"/, 'what was typed is kept');
      res = await taker.get('/purple-file?caller=staff.demo');
      assert.equal(res.statusCode, 200);
      const m = main(res.body);
      assert.match(m, /FIRST – check that they are at the address on their calendar/);
      assert.match(m, /Visit to Mum&#39;s address/);
      assert.match(m, /1 Example Street, Anytown/, 'the full location, to ask "Are you at...?"');
      assert.match(m, /Line manager[\s\S]*?Morgan Manager[\s\S]*?Service manager[\s\S]*?Harper Head/);
      assert.match(m, /Building Manager: Insert phone number/, "Appendix B's managers to contact");
      // The questions in the document's order and words.
      const positions = QUESTIONS.map((q) => m.indexOf(q.text.replace('…', '…')));
      assert.ok(positions.every((p) => p > 0), JSON.stringify(positions));
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'in order');
      assert.deepEqual(QUESTIONS.map((q) => q.text), ['Are you at…?', 'Are you in danger?', 'Do you need the police?', 'Is there a weapon?', 'Do you need a member of staff?', 'Do you want me to call you back in 5 minutes?']);
      assert.ok(m.indexOf('FIRST – check') < positions[0]!, 'the calendar first');
      const look = await lastAudit();
      assert.equal(look.action, 'purple-file.look-up');
      assert.equal(look.target_id, t.ids['staff.demo']);
      assert.ok(!JSON.stringify(look).includes('Example Street'));
    });

    it('recording: every missing answer is said at its field and what was typed is kept; nothing is stored', async () => {
      await taker.get('/purple-file?caller=staff.demo');
      let res = await taker.post('/purple-file', {});
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#caller']);
      res = await taker.post('/purple-file', { caller: 'staff.demo', calledAt: '', done: 'Told the line manager' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#calledAt', ...QUESTIONS.map((q) => `#${q.id}`), '#dialled999']);
      assert.equal(summary(res.body)['#inDanger'], 'Record the answer to "Are you in danger?", or No answer');
      assert.match(res.body, /Told the line manager<\/textarea>/, 'what was typed is kept');
      assert.match(res.body, /id="inDanger-error"/);
      res = await taker.post('/purple-file', { caller: 'staff.demo', calledAt: '25:00', visit: '00000000-0000-4000-8000-000000000000', ...ANSWERED, atAddress: 'maybe', done: '' });
      assert.deepEqual(Object.keys(summary(res.body)), ['#visit', '#calledAt', '#atAddress', '#done']);
      assert.match(res.body, /value="yes" checked/, 'the answers given are kept');
      res = await taker.post('/purple-file', { caller: 'staff.demo', calledAt: '10:10', ...ANSWERED, done: 'y'.repeat(10_001) });
      assert.deepEqual(summary(res.body), { '#done': 'This is too long: shorten it to 10,000 characters or fewer' });
      assert.equal((await t.db.kysely.selectFrom('purple_file_calls').select('id').execute()).length, 0, 'nothing stored');
    });

    it("a recorded call alerts the caller's line manager, their manager and the safety team, naming nobody; never the caller; the call-taker is reminded to call back in 5 minutes", async () => {
      await taker.get('/purple-file?caller=staff.demo');
      const res = await taker.post('/purple-file', { caller: 'staff.demo', visit: visitId, calledAt: '10:12', ...ANSWERED, done: 'Asked the questions; told Morgan at 10:14; police called at 10:13' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      callId = /^\/purple-file\/([0-9a-f-]{36})\?done=record$/.exec(String(res.headers.location))?.[1] ?? '';
      assert.ok(callId, String(res.headers.location));
      const row = await t.db.kysely.selectFrom('purple_file_calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
      assert.equal(row.called_at, '2026-12-07T10:12:00.000Z');
      assert.equal(row.visit_id, visitId);
      assert.equal(row.taken_by, t.ids['visitor.demo']);
      assert.ok(!JSON.stringify(row).includes('Morgan') && !JSON.stringify(row).includes('no-answer'), 'the answers are sealed');
      assert.deepEqual(t.services.purpleFile.answersOf(row).answers, { atAddress: 'yes', inDanger: 'yes', needPolice: 'no-answer', weapon: 'no', needStaff: 'yes', callBack: 'yes' });
      assert.deepEqual(JSON.parse(row.alerted).sort(), [t.ids['manager.demo'], t.ids['head.demo'], t.ids['safety.demo']].sort());
      for (const u of ['manager.demo', 'head.demo', 'safety.demo']) {
        const mine = (await inbox(u)).filter((m) => m.subject === 'A purple file call was taken');
        assert.equal(mine.length, 1, u);
        assert.equal(mine[0]!.link, `/purple-file/${callId}`);
        assert.doesNotMatch(`${mine[0]!.subject} ${mine[0]!.body}`, /Sam|Staff \(|Example Street|Mum|Morgan|police called|Vic/, `${u}: no personal data`);
      }
      assert.deepEqual((await subjects('staff.demo')).filter((s) => /purple/i.test(s)), [], 'never the caller: someone may be looking at their phone');
      assert.deepEqual(await subjects('visitor.demo'), [], 'the call-taker is not alerted about their own call');
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'purple-file.record').executeTakeFirstOrThrow();
      assert.equal(audit.target_id, callId);
      assert.ok(!String(audit.detail).includes('Morgan'));
      // "Do you want me to call you back in 5 minutes?" Yes: 5 minutes after the call, the call-taker is told.
      now = new Date('2026-12-07T10:16:00Z');
      await t.services.jobs.runDue();
      assert.deepEqual(await subjects('visitor.demo'), []);
      now = new Date('2026-12-07T10:17:30Z');
      await t.services.jobs.runDue();
      const reminder = (await inbox('visitor.demo')).find((m) => m.subject.startsWith('Call back now'));
      assert.ok(reminder, 'the call-back reminder');
      assert.equal(reminder.link, `/purple-file/${callId}`);
      await t.services.jobs.runDue();
      assert.equal((await subjects('visitor.demo')).length, 1, 'once');
    });

    it('the record: for the call-taker, those alerted and the safety team; anyone else (the caller too) gets 403, audited; entries are timed', async () => {
      for (const c of [taker, manager, head, safety]) {
        const res = await c.get(`/purple-file/${callId}`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /data-sf="marking"/);
        assert.match(res.body, /Sam Staff/);
        assert.match(res.body, /1 Example Street, Anytown/);
        assert.match(res.body, /Asked the questions; told Morgan at 10:14/);
        assert.match(res.body, /Do you want me to call you back in 5 minutes\?<\/dt><dd class="govuk-summary-list__value">Yes \(call back at 10:17\)/);
        assert.match(res.body, /Do you need the police\?<\/dt><dd class="govuk-summary-list__value">No answer/);
      }
      assert.equal((await taker.get(`/purple-file/${callId}?done=record`)).body.includes('The call is recorded'), true);
      for (const [c, who] of [
        [staff, 'staff.demo'],
        [director, 'director.demo'],
      ] as const) {
        const res = await c.get(`/purple-file/${callId}`);
        assert.equal(res.statusCode, 403, who);
        assert.ok(!res.body.includes('Example Street') && !res.body.includes('Morgan at'), `${who}: nothing of it`);
        const a = await lastAudit();
        assert.deepEqual([a.action, a.outcome, a.target_id, a.actor_id], ['purple-file.view', 'denied', callId, t.ids[who]]);
        assert.equal((await c.post(`/purple-file/${callId}/entries`, { entry: 'sneaky' })).statusCode, 403);
        assert.deepEqual([(await lastAudit()).action, (await lastAudit()).outcome], ['purple-file.entry', 'denied']);
      }
      assert.equal((await safety.get('/purple-file/00000000-0000-4000-8000-000000000000')).statusCode, 403, 'no record: the same answer');
      assert.equal((await safety.get('/purple-file/not-an-id')).statusCode, 403);
      const views = await t.db.kysely.selectFrom('audit_log').select('actor_id').where('action', '=', 'purple-file.view').where('outcome', '=', 'ok').where('target_id', '=', callId).execute();
      assert.ok(views.length >= 5, 'every view is audited');
      // Entries: timed, named, in order; an empty or too long one is said at its field.
      await manager.get(`/purple-file/${callId}`);
      let res = await manager.post(`/purple-file/${callId}/entries`, { entry: '  ' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(summary(res.body), { '#entry': 'Enter what was done' });
      res = await manager.post(`/purple-file/${callId}/entries`, { entry: 'z'.repeat(10_001) });
      assert.deepEqual(summary(res.body), { '#entry': 'This is too long: shorten it to 10,000 characters or fewer' });
      now = new Date('2026-12-07T10:25:00Z');
      res = await manager.post(`/purple-file/${callId}/entries`, { entry: 'Spoke to them: safe, police on site' });
      assert.equal(res.statusCode, 303);
      const page = await taker.get(`/purple-file/${callId}`);
      assert.match(page.body, /7 December 2026, 10:25, Morgan Manager \(demo\):<\/strong> <span class="sf-note">Spoke to them: safe, police on site/);
      assert.ok(page.body.indexOf('Asked the questions') < page.body.indexOf('Spoke to them'), 'in order');
    });

    it('hostile text in every field is escaped on every page and sealed: not in any table, the SQLite file or a log line', async () => {
      for (const h of HOSTILE) {
        const value = `${h} ${FAKE_NAME}`;
        let res = await taker.get(`/purple-file?caller=${encodeURIComponent(value.slice(0, 200))}`);
        assert.equal(res.statusCode, 400);
        assert.ok(!res.body.includes('<script>alert(1)</script>') && !res.body.includes('<img src=x'));
        res = await taker.post('/purple-file', { caller: 'staff.demo', calledAt: '10:20', ...ANSWERED, callBack: 'no', done: value });
        assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
        const id = String(res.headers.location).slice('/purple-file/'.length, '/purple-file/'.length + 36);
        assert.equal((await taker.post(`/purple-file/${id}/entries`, { entry: value })).statusCode, 303);
        const page = await taker.get(`/purple-file/${id}`);
        assert.equal(page.statusCode, 200);
        assert.ok(!page.body.includes('<script>alert(1)</script>') && !page.body.includes('<img src=x'), 'escaped');
        if (h.startsWith('<script>')) assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
        const row = await t.db.kysely.selectFrom('purple_file_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(t.services.purpleFile.answersOf(row).done, value.trim(), 'kept exactly, odd Unicode and control characters included');
        assert.equal(t.services.purpleFile.entriesOf(row)[0]!.text, value.trim());
      }
      const rows = await t.db.kysely.selectFrom('purple_file_calls').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes('Quillfeather'), 'sealed');
      for (const table of ['audit_log', 'messages', 'jobs'] as const) assert.ok(!JSON.stringify(await t.db.kysely.selectFrom(table).selectAll().execute()).includes('Quillfeather'), table);
      if (t.db.file) for (const path of [t.db.file, `${t.db.file}-wal`]) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(path);
        } catch {
          continue;
        }
        assert.equal(bytes.indexOf(Buffer.from('Quillfeather', 'utf8')), -1, path);
      }
      assert.ok(!t.logs.join('').includes('Quillfeather'), 'no log line has it');
      // The notices stayed the same few words.
      assert.ok((await inbox('manager.demo')).every((m) => !m.body.includes('Quillfeather')));
    });

    it('the major incident page: every employee reads it (the appendices\' headings, no invented numbers); only the safety team edits it and marks it checked', async () => {
      for (const c of [staff, director, taker]) {
        const res = await c.get('/major-incident');
        assert.equal(res.statusCode, 200);
        for (const s of SECTIONS) assert.ok(res.body.includes(decode(s.title).replace(/&/g, '&amp;')) || res.body.includes(s.title), s.title);
        assert.match(res.body, /Not checked yet/);
        assert.match(res.body, /Site address: Insert/);
        assert.doesNotMatch(res.body, /Mark as checked today|Edit the page/, 'no edit for them');
      }
      for (const s of SECTIONS) assert.doesNotMatch(s.initial.replace(/999|101|HS157|HS160/g, ''), /\d{3,}/, `${s.key}: no phone number invented`);
      // Not the safety team: 403, audited.
      for (const [method, url] of [
        ['GET', '/major-incident/edit'],
        ['POST', '/major-incident'],
        ['POST', '/major-incident/check'],
      ] as const) {
        const res = method === 'GET' ? await staff.get(url) : await staff.post(url, { 'response-contacts': 'x' });
        assert.equal(res.statusCode, 403, url);
        const a = await lastAudit();
        assert.deepEqual([a.action, a.outcome], ['access.denied', 'denied'], url);
      }
      assert.equal((await t.db.kysely.selectFrom('major_incident_info').select('key').execute()).length, 0);
      // The safety team: the edit page prefilled with the appendices' text.
      let res = await safety.get('/major-incident');
      assert.match(res.body, /Mark as checked today/);
      res = await safety.get('/major-incident/edit');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Site address: Insert/);
      const form = Object.fromEntries(SECTIONS.map((s) => [s.key, s.initial]));
      res = await safety.post('/major-incident', { ...form, 'response-contacts': '   ', 'purple-file-contacts': 'q'.repeat(10_001) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(summary(res.body)), ['#response-contacts', '#purple-file-contacts']);
      assert.match(res.body, /id="purple-file-contacts-error"/);
      const hostile = HOSTILE.slice(0, -1).map((h) => `${h} ${FAKE_NAME}`).join('\n');
      res = await safety.post('/major-incident', { ...form, 'response-contacts': `Site address: 1 Example Street\r\nBuilding Manager: ${hostile}`, 'purple-file-contacts': 'Building Manager: 01632 960 000' });
      assert.equal(res.statusCode, 303);
      assert.equal((await lastAudit()).action, 'major-incident.edit');
      const rows = await t.db.kysely.selectFrom('major_incident_info').selectAll().execute();
      assert.deepEqual(rows.map((r) => r.key).sort(), ['major-incident-contacts', 'major-incident-information', 'purple-file-contacts', 'response-contacts', 'response-steps']);
      assert.ok(!JSON.stringify(rows).includes('Quillfeather') && !JSON.stringify(rows).includes('01632'), 'sealed');
      res = await staff.get('/major-incident');
      assert.ok(!res.body.includes('<script>alert(1)</script>') && !res.body.includes('<img src=x'));
      assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.match(res.body, /Site address: 1 Example Street\nBuilding Manager:/, 'line breaks kept, as LF');
      assert.match(res.body, /Not checked yet/, 'saving is not checking');
      // The purple file page shows the numbers the safety team keeps.
      assert.match((await taker.get('/purple-file?caller=staff.demo')).body, /Building Manager: 01632 960 000/);
      // Mark as checked today.
      now = new Date('2026-12-08T09:30:00Z');
      [safety, staff] = (await Promise.all(['safety.demo', 'staff.demo'].map((u) => signedIn(t, u)))) as [Client, Client];
      await safety.get('/major-incident');
      res = await safety.post('/major-incident/check');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/major-incident?done=checked');
      assert.equal((await lastAudit()).action, 'major-incident.check');
      res = await staff.get('/major-incident');
      assert.match(res.body, /Last checked on 8 December 2026 by Sasha Safety \(demo\)/);
      assert.ok(!t.logs.join('').includes('Quillfeather'));
    });
  });
}
