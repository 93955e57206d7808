/**
 * The cautionary persons register (#15) through the real routes on both databases: an entry only from a
 * report the proposer may read; countersigned (not by its proposer) then decided by the register owner;
 * the staff e-mail with no personal data and the letter (page and PDF) within 2 working days, at risk
 * when the mail server is down; the look-up exact on the normalised values through the blind index,
 * only what a visit needs, audited, refused without a current briefing and to a partner outside an
 * agreement in force; the same person proposed twice is one entry; declined and expired entries are
 * never found, expired ones deleted by the sweep (on start too) with a tombstone of ids; a planted name
 * never in plaintext in the database, logs or messages.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { forms, addDays, londonDay, noticeDeadline } from '@safety-forms/core';
import { physicalAssault } from '../../../stories/fixtures/incident-report.js';
import { databases } from './support/databases.js';
import { PASSWORD, signedIn, startApp, type Client, type TestApp } from './support/app.js';
import { HOSTILE, newKey } from './support/fixtures.js';
import { errorSummary as summary, decodeText } from './support/html.js';
import { openExport, REGISTER_SWEEP_JOB, type SealedExport } from '../src/services/register.js';

const PLANTED = 'Wilhelmina Quaggmire';
const SURNAME = "O’Quaggmire-Łukasz";

function proposal(record: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    record,
    subject: 'person',
    forenames: PLANTED.split(' ')[0]!,
    surname: SURNAME,
    line1: 'Flat 2, 14 Harbour Street',
    town: 'Folkestone',
    postcode: 'ct20 1aa',
    riskKind: 'violence',
    precaution: 'Visit in pairs; do not enter the house.',
    behaviour: 'He pushed a paramedic against the ambulance door and punched her on the arm',
    'factor-severity': 'A push and a punch with a closed fist.',
    'factor-time-since': 'Two days.',
    'factor-previous-conduct': 'None recorded.',
    'factor-current-conduct': 'Hostile on the phone since.',
    'factor-one-off': 'Not linked to illness; likely to recur.',
    employeeVersion: 'I was assessing his friend when he pushed me.',
    crimeCommitted: 'yes',
    policeInformed: 'yes',
    ...over,
  };
}

for (const d of databases()) {
  describe(`register (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T10:00:00Z'); // a Monday
    let staff: Client;
    let manager: Client;
    let head: Client;
    let director: Client;
    let visitor: Client;

    async function report(): Promise<string> {
      await staff.get('/forms/incident-report');
      const res = await staff.request('POST', '/api/incident-report', {
        json: { formId: 'incident-report', schemaVersion: forms['incident-report']!.version, submittedAt: now.toISOString(), data: physicalAssault, result: null },
        headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf },
      });
      assert.equal(res.statusCode, 201, res.body);
      const { reference } = res.json<{ reference: string }>();
      return (await t.db.kysely.selectFrom('records').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
    }
    const entryId = (location: string | undefined) => /\/register\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;
    async function propose(over: Record<string, string> = {}): Promise<string> {
      const record = await report();
      await manager.get(`/register/propose?record=${record}`);
      const res = await manager.post('/register/propose', proposal(record, over));
      assert.equal(res.statusCode, 303, JSON.stringify(summary(res.body)));
      return entryId(res.headers.location as string);
    }
    async function added(over: Record<string, string> = {}, decide: Record<string, string> = {}): Promise<string> {
      const id = await propose(over);
      await head.get(`/register/${id}`);
      assert.equal((await head.post(`/register/${id}/countersign`, {})).statusCode, 303);
      await director.get(`/register/${id}`);
      const res = await director.post(`/register/${id}/decide`, { outcome: 'add', reasons: 'A physical assault on a paramedic.', termDays: '365', ...decide });
      assert.equal(res.statusCode, 303, res.body.slice(0, 3000));
      return id;
    }
    async function search(c: Client, form: Record<string, string>) {
      await c.get('/register/search');
      return c.post('/register/search', form);
    }
    const brief = (username: string, day = londonDay(now)) => t.services.register.recordBriefing({ kind: 'account', id: t.ids['director.demo']!, roles: ['register-owner'] }, t.ids[username] ?? username, day, 'test');
    const as = (username: string, roles: string[]) => ({ kind: 'account' as const, id: t.ids[username] ?? username, roles });
    /** A look-up through the service (sessions do not survive a clock moved by weeks). */
    const lookup = async (q: { surname: string; postcode: string }, who = as('visitor.demo', ['staff', 'visiting-staff'])) => {
      const out = await t.services.register.search(who, { by: 'person', ...q }, 'test');
      assert.ok(out.ok);
      return out.answers;
    };
    /** Runs `fn` with the clock at `at`, and puts it back whatever happens. */
    async function at<T>(when: Date, fn: () => Promise<T>): Promise<T> {
      const saved = now;
      now = when;
      try {
        return await fn();
      } finally {
        now = saved;
      }
    }
    const audits = async (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      [staff, manager, head, director, visitor] = (await Promise.all(['staff.demo', 'manager.demo', 'head.demo', 'director.demo', 'visitor.demo'].map((u) => signedIn(t, u)))) as [Client, Client, Client, Client, Client];
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('no entry without a linked report the proposer may read; every missing fact named, and nothing lost', async () => {
      assert.equal((await manager.get('/register/propose')).statusCode, 403);
      assert.equal((await manager.get(`/register/propose?record=${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`)).statusCode, 403);
      assert.equal((await staff.get('/register/propose')).statusCode, 403, 'staff hold no register.propose');
      const record = await report();
      // The head of service reads any record, so may propose; a line manager of another team may not.
      await t.services.accounts.create({ username: 'other.manager', displayName: 'Other Manager', roles: ['staff', 'line-manager'], password: PASSWORD });
      const other = await signedIn(t, 'other.manager');
      assert.equal((await other.get(`/register/propose?record=${record}`)).statusCode, 403);
      assert.ok((await audits('register.propose')).some((a) => a.outcome === 'denied'));
      const page = await manager.get(`/register/propose?record=${record}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /A history marker is required/);
      const res = await manager.post('/register/propose', { record, subject: 'person', surname: SURNAME, line1: 'Flat 2', postcode: 'not a postcode', precaution: '<b>x</b>' });
      assert.equal(res.statusCode, 400);
      const errs = summary(res.body);
      for (const f of ['#postcode', '#riskKind', '#behaviour', '#factor-severity', '#factor-one-off', '#employeeVersion', '#crimeCommitted', '#policeInformed']) assert.ok(errs[f], `${f} named: ${JSON.stringify(errs)}`);
      assert.ok(!errs['#factor-animal-present'], 'the animal factor only for a dangerous animal');
      assert.ok(decodeText(res.body).includes(SURNAME), 'what was typed is kept');
      assert.ok(!res.body.includes('<b>x</b>'), 'markup escaped');
    });

    it('hostile text in every field is stored sealed and shown escaped; 10,000 characters is refused by field', async () => {
      for (const h of HOSTILE) {
        const id = await propose({ forenames: h, behaviour: `${h.slice(0, 4000)} pushed`, precaution: h.slice(0, 4000) || 'x', surname: `${SURNAME}${newKey().slice(0, 6)}` });
        const page = await director.get(`/register/${id}`);
        assert.equal(page.statusCode, 200);
        assert.ok(!page.body.includes('<script>alert(1)</script>') && !page.body.includes('<img src=x'));
      }
      const record = await report();
      const res = await manager.post('/register/propose', proposal(record, { behaviour: 'y'.repeat(10_000) }));
      assert.equal(res.statusCode, 400);
      assert.ok(summary(res.body)['#behaviour']);
    });

    it('countersign (never by the proposer), a temporary marker while the decision is awaited, then the decision', async () => {
      const id = await propose({ surname: 'Temporaryson', postcode: 'CT20 2BB' });
      const self = await manager.post(`/register/${id}/countersign`, {});
      assert.equal(self.statusCode, 403, 'a line manager cannot countersign');
      // A director who proposed cannot countersign their own.
      await brief('visitor.demo');
      assert.equal((await head.post(`/register/${id}/decide`, { outcome: 'add', reasons: 'x' })).statusCode, 403, 'the head of service does not decide');
      assert.equal((await director.post(`/register/${id}/decide`, { outcome: 'add', reasons: 'x' })).statusCode, 400, 'not countersigned yet');
      assert.equal((await search(visitor, { by: 'person', surname: 'temporaryson', postcode: 'ct202bb' })).body.includes('No marker found'), true, 'a proposal alone shows nothing');
      assert.equal((await head.post(`/register/${id}/countersign`, { temporary: 'yes' })).statusCode, 303);
      const found = await search(visitor, { by: 'person', surname: 'TEMPORARYSON', postcode: 'CT20 2BB' });
      assert.match(found.body, /Temporary, under review, until/);
      // It lapses on its own after the configured days.
      assert.equal((await at(new Date(now.getTime() + 44 * 86_400_000), () => lookup({ surname: 'Temporaryson', postcode: 'CT20 2BB' }))).length, 1);
      assert.equal((await at(new Date(now.getTime() + 46 * 86_400_000), () => lookup({ surname: 'Temporaryson', postcode: 'CT20 2BB' }))).length, 0);
      const decline = await director.post(`/register/${id}/decide`, { outcome: 'decline', reasons: '' });
      assert.equal(decline.statusCode, 400);
      assert.match(decodeText(decline.body), /This incident requires a marker/);
      assert.equal((await director.post(`/register/${id}/decide`, { outcome: 'decline', reasons: 'Not enough evidence of a continuing risk.' })).statusCode, 303);
      assert.equal((await t.db.kysely.selectFrom('register_keys').select('entry_id').where('entry_id', '=', id).execute()).length, 0, 'a declined entry has no keys');
      assert.match((await search(visitor, { by: 'person', surname: 'Temporaryson', postcode: 'CT20 2BB' })).body, /No marker found/);
      assert.ok((await t.services.notifier.inbox(t.ids['manager.demo']!, 100)).some((m) => m.subject === 'A register proposal you made was decided'));
    });

    it('an addition: staff who visit told with no personal data, the letter as page and PDF, recorded within 2 working days', async () => {
      const id = await added({ surname: 'Longterm', postcode: 'CT20 9ZZ' }, { termDays: '400', termReason: '' }).catch(() => '');
      assert.equal(id, '', 'a longer term without a reason is refused');
      const entry = await added();
      const inbox = await t.services.notifier.inbox(t.ids['visitor.demo']!, 100);
      const told = inbox.filter((m) => m.subject === 'A new entry on the cautionary persons register');
      assert.ok(told.length >= 1);
      for (const m of inbox) assert.ok(!`${m.subject} ${m.body} ${m.link}`.includes('Quaggmire') && !`${m.subject} ${m.body}`.includes('Harbour'), 'no personal data in a notice');
      const page = await director.get(`/register/${entry}`);
      assert.match(page.body, /Done in time/, 'in-app or held mail counts as delivered');
      const due = noticeDeadline(londonDay(now));
      assert.equal(due, '2026-12-09');
      const letter = await director.get(`/register/${entry}/letter`);
      assert.equal(letter.statusCode, 200);
      const text = decodeText(letter.body);
      assert.ok(text.includes('Wilhelmina'), 'the letter is to the individual');
      assert.match(text, /Why: He pushed a paramedic/);
      assert.match(text, /How to appeal:/);
      assert.match(text, /reviewed on 7 December 2027/);
      const pdf = await t.app.inject({ method: 'GET', url: `/register/${entry}/letter.pdf`, headers: { cookie: director.cookieHeader } });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
      // pdfjs wants Node 22's Promise.withResolvers; Node 20 lacks it.
      (Promise as unknown as { withResolvers?: unknown }).withResolvers ??= <T>() => {
        let resolve!: (v: T) => void;
        let reject!: (e: unknown) => void;
        const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
        return { promise, resolve, reject };
      };
      const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await getDocument({ data: new Uint8Array(pdf.rawPayload), useSystemFonts: false }).promise;
      const content = await (await doc.getPage(1)).getTextContent();
      const pdfText = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
      assert.ok(pdfText.includes('Łukasz'), `the PDF draws the name beyond Latin-1: ${pdfText.slice(0, 200)}`);
      assert.equal((await head.get(`/register/${entry}/letter`)).statusCode, 403, 'only the register owner');
      const future = await director.post(`/register/${entry}/letter`, { sentOn: addDays(londonDay(now), 3) });
      assert.equal(future.statusCode, 400);
      assert.equal((await director.post(`/register/${entry}/letter`, { sentOn: londonDay(now) })).statusCode, 303);
      const after = await director.get(`/register/${entry}`);
      assert.doesNotMatch(after.body, /notice is at risk/);
      assert.ok((await audits('register.letter-sent')).some((a) => a.target_id === entry));
    });

    it('the same person proposed twice is one entry with both reports linked', async () => {
      const first = await added({ surname: 'Twiceley', postcode: 'CT21 3AB' });
      const second = await propose({ surname: 'TWICELEY', postcode: 'ct213ab', forenames: 'W.' });
      assert.equal(second, first);
      assert.equal((await t.db.kysely.selectFrom('register_links').select('record_id').where('entry_id', '=', first).execute()).length, 2);
      assert.ok((await audits('register.link')).some((a) => a.target_id === first));
    });

    it('the look-up: visiting staff only, a current briefing, exact on the normalised values, only what a visit needs, every search audited', async () => {
      await added({ surname: "O'Brien-Smith", postcode: 'CT19 4DD', line1: "St John's Court, 3 Mill Road" });
      assert.equal((await staff.get('/register/search')).statusCode, 403, 'not visiting staff');
      assert.equal((await head.post('/register/search', { by: 'person', surname: 'x', postcode: 'CT19 4DD' })).statusCode, 403);
      await t.services.accounts.create({ username: 'new.visitor', displayName: 'New Visitor', roles: ['staff', 'visiting-staff'], password: PASSWORD });
      const fresh = await signedIn(t, 'new.visitor');
      const unbriefed = await fresh.get('/register/search');
      assert.equal(unbriefed.statusCode, 403);
      assert.match(unbriefed.body, /briefing has lapsed/);
      await brief('visitor.demo', addDays(londonDay(now), -800));
      assert.equal((await visitor.get('/register/search')).statusCode, 403, 'a briefing over two years old has lapsed');
      await brief('visitor.demo');
      for (const [surname, postcode] of [['o’brien smith', 'ct194dd'], ['OBRIENSMITH', 'CT19 4DD'], ["O'Brien-Smith", ' ct19  4dd ']] as const) {
        const res = await search(visitor, { by: 'person', surname, postcode });
        assert.match(res.body, /Take care: 1 marker/, `${surname} ${postcode}`);
        assert.match(res.body, /Violence or physical assault/);
        assert.match(decodeText(res.body), /Visit in pairs/);
        assert.ok(!res.body.includes('Wilhelmina') && !res.body.includes('Harbour') && !res.body.includes('pushed a paramedic'), 'only what a visit needs');
      }
      assert.match((await search(visitor, { by: 'address', line1: 'st johns court 3 mill road', postcode: 'CT194DD' })).body, /Take care: 1 marker/);
      assert.match((await search(visitor, { by: 'person', surname: "O'Brien", postcode: 'CT19 4DD' })).body, /No marker found/, 'exact, never fuzzy');
      const bad = await search(visitor, { by: 'person', surname: '', postcode: '<script>' });
      assert.equal(bad.statusCode, 400);
      assert.ok(summary(bad.body)['#postcode'] && summary(bad.body)['#surname']);
      const logged = await audits('register.search');
      assert.ok(logged.length >= 4);
      for (const a of logged) assert.ok(!JSON.stringify(a).toLowerCase().includes('brien') && !JSON.stringify(a).includes('CT19'), 'search terms are never audited');
    });

    it('partners: nothing without an agreement in force, only its districts, nothing after it expires; the export is encrypted and audited', async () => {
      const inArea = await added({ surname: 'Partnerfield', postcode: 'ME14 1AA' });
      await added({ surname: 'Partnerfield', postcode: 'TN23 1AA' });
      const partnerId = await t.services.accounts.create({ username: 'partner.org', displayName: 'Partner Org', roles: ['partner'], password: PASSWORD });
      const partner = await signedIn(t, 'partner.org');
      await brief(partnerId);
      const none = await partner.get('/register/search');
      assert.equal(none.statusCode, 403);
      assert.match(none.body, /No agreement in force/);
      await director.get('/register/agreements');
      const badAgreement = await director.post('/register/agreements', { partner: partnerId, organisation: '', districts: 'ME14, <b>', agreedOn: '2026-12-01', expiresOn: '2026-11-01' });
      assert.equal(badAgreement.statusCode, 400);
      for (const f of ['#organisation', '#districts', '#expiresOn']) assert.ok(summary(badAgreement.body)[f], f);
      assert.equal((await director.post('/register/agreements', { partner: partnerId, organisation: 'Maidstone Housing Trust', reference: 'ISA-42', districts: 'me14 ME15', agreedOn: '2026-12-01', expiresOn: '2026-12-31' })).statusCode, 303);
      assert.match((await search(partner, { by: 'person', surname: 'Partnerfield', postcode: 'ME14 1AA' })).body, /Take care: 1 marker/);
      assert.match((await search(partner, { by: 'person', surname: 'Partnerfield', postcode: 'TN23 1AA' })).body, /No marker found/, 'outside the agreement');
      const agreement = (await t.db.kysely.selectFrom('register_agreements').select('id').where('partner_id', '=', partnerId).executeTakeFirstOrThrow()).id;
      await director.get('/register/agreements');
      assert.equal((await director.post(`/register/agreements/${agreement}/export`, { passphrase: 'short' })).statusCode, 400);
      const exp = await director.post(`/register/agreements/${agreement}/export`, { passphrase: 'correct horse battery' });
      assert.equal(exp.statusCode, 200);
      assert.ok(!exp.body.includes('Partnerfield'), 'no plaintext in the file');
      const opened = openExport(JSON.parse(exp.body) as SealedExport, 'correct horse battery') as { entries: { reference: string; name: string }[] };
      assert.equal(opened.entries.length, 1);
      assert.match(opened.entries[0]!.name, /Partnerfield/);
      assert.equal(opened.entries[0]!.reference, (await t.db.kysely.selectFrom('register_entries').select('reference').where('id', '=', inArea).executeTakeFirstOrThrow()).reference);
      assert.throws(() => openExport(JSON.parse(exp.body) as SealedExport, 'wrong horse battery'));
      // The partner's script opens the same file.
      const file = join(mkdtempSync(join(tmpdir(), 'sf-export-')), 'export.sfx.json');
      writeFileSync(file, exp.body);
      const printed = execFileSync(process.execPath, ['scripts/open-register-export.mjs', file], { env: { ...process.env, SAFETY_EXPORT_PASSPHRASE: 'correct horse battery' }, encoding: 'utf8' });
      assert.match(printed, /Partnerfield/);
      rmSync(file);
      assert.ok((await audits('register.export')).some((a) => a.target_id === agreement));
      assert.ok((await audits('register.search')).some((a) => a.outcome === 'denied' && a.actor_id === partnerId), 'the refusal is audited');
      const partnerP = as(partnerId, ['partner']);
      assert.equal(await at(new Date('2026-12-31T20:00:00Z'), () => t.services.register.searchBlock(partnerP)), undefined, 'in force on its last day');
      assert.equal(await at(new Date('2027-01-01T10:00:00Z'), () => t.services.register.searchBlock(partnerP)), 'agreement', 'nothing after the agreement expires');
      assert.equal((await at(new Date('2027-01-01T10:00:00Z'), () => lookup({ surname: 'Partnerfield', postcode: 'ME14 1AA' }, partnerP))).length, 0);
    });

    it('mail down across the 2-working-day deadline: the notice is shown at risk and the register owner reminded', async () => {
      const down = await startApp(await d.open(), { clock: () => now, config: { smtpUrl: 'smtp://127.0.0.1:9' } });
      try {
        const [m, h, dir] = (await Promise.all(['manager.demo', 'head.demo', 'director.demo'].map((u) => signedIn(down, u)))) as [Client, Client, Client];
        const staffDown = await signedIn(down, 'staff.demo');
        await staffDown.get('/forms/incident-report');
        const res = await staffDown.request('POST', '/api/incident-report', { json: { formId: 'incident-report', schemaVersion: forms['incident-report']!.version, submittedAt: now.toISOString(), data: physicalAssault, result: null }, headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staffDown.csrf } });
        const record = (await down.db.kysely.selectFrom('records').select('id').where('reference', '=', res.json<{ reference: string }>().reference).executeTakeFirstOrThrow()).id;
        await m.get(`/register/propose?record=${record}`);
        const id = entryId((await m.post('/register/propose', proposal(record, { surname: 'Maildown', postcode: 'CT18 5EE' }))).headers.location as string);
        await h.get(`/register/${id}`);
        await h.post(`/register/${id}/countersign`, {});
        await dir.get(`/register/${id}`);
        assert.equal((await dir.post(`/register/${id}/decide`, { outcome: 'add', reasons: 'Assault.' })).statusCode, 303);
        // Friday 24 December 2026 is not today: this addition is Monday 7th; due Wednesday 9th.
        await at(new Date('2026-12-08T09:30:00Z'), async () => {
          await down.services.jobs.runDue().catch(() => undefined);
          const home = await (await signedIn(down, 'director.demo')).get('/register');
          assert.match(decodeText(home.body), /Notice due by 9 December 2026/);
          assert.ok((await down.services.notifier.inbox(down.ids['director.demo']!, 100)).some((x) => x.subject === 'A register notice is due tomorrow'));
        });
      } finally {
        await down.close();
        await down.db.close();
      }
    });

    it('review, appeal and expiry: retained with reasons and a new letter; an upheld appeal and an expired entry are deleted with a tombstone, never found again', async () => {
      const kept = await added({ surname: 'Reviewer', postcode: 'CT17 6FF' });
      await director.get(`/register/${kept}`);
      const noReasons = await director.post(`/register/${kept}/review`, { outcome: 'retain' });
      assert.equal(noReasons.statusCode, 400);
      assert.ok(summary(noReasons.body)['#review-reasons'] && summary(noReasons.body)['#review-factor-severity']);
      const factors = Object.fromEntries(Object.entries(proposal('')).filter(([k]) => k.startsWith('factor-')));
      assert.equal((await director.post(`/register/${kept}/review`, { outcome: 'retain', reasons: 'Further threats this month.', termDays: '365', ...factors })).statusCode, 303);
      assert.equal((await t.db.kysely.selectFrom('register_letters').select('kind').where('entry_id', '=', kept).where('kind', '=', 'retention').execute()).length, 1, 'a new letter');

      const appealed = await added({ surname: 'Appellant', postcode: 'CT16 7GG' });
      await director.get(`/register/${appealed}`);
      assert.equal((await director.post(`/register/${appealed}/appeals`, { grounds: 'It was my brother.' })).statusCode, 303);
      const appeal = (await t.db.kysely.selectFrom('register_appeals').select('id').where('entry_id', '=', appealed).executeTakeFirstOrThrow()).id;
      assert.equal((await director.post(`/register/${appealed}/appeals/${appeal}`, { outcome: 'upheld', committee: '' })).statusCode, 400);
      assert.equal((await director.post(`/register/${appealed}/appeals/${appeal}`, { outcome: 'upheld', committee: 'Three directors', reasons: 'Mistaken identity.', employeeComment: 'Accepted.' })).statusCode, 303);
      assert.equal((await t.db.kysely.selectFrom('register_entries').select('id').where('id', '=', appealed).execute()).length, 0);
      assert.ok((await audits('register.appeal-upheld')).some((a) => a.target_id === appealed));

      const expiring = await added({ surname: 'Expirer', postcode: 'CT15 8HH' }, { termDays: '30' });
      // The server is down across the review date: on start, today's sweep is due at once and deletes it.
      await at(new Date(now.getTime() + 40 * 86_400_000), async () => {
      await t.services.register.schedule();
      await t.services.jobs.runDue();
      for (const table of ['register_entries', 'register_keys', 'register_links', 'register_letters'] as const) {
        const col = table === 'register_entries' ? 'id' : 'entry_id';
        assert.equal((await t.db.kysely.selectFrom(table).select(col).where(col, '=', expiring).execute()).length, 0, `${table} cleared`);
      }
      const tomb = (await audits('register.deleted')).find((a) => a.target_id === expiring);
      assert.ok(tomb, 'a tombstone');
      assert.ok(!JSON.stringify(tomb).includes('Expirer'));
      assert.equal((await t.db.kysely.selectFrom('register_entries').select('id').where('id', '=', kept).execute()).length, 1, 'a retained entry is kept');
      assert.equal((await lookup({ surname: 'Expirer', postcode: 'CT15 8HH' })).length, 0);
      const sweeps = await t.db.kysely.selectFrom('jobs').select(['due_at', 'done_at']).where('kind', '=', REGISTER_SWEEP_JOB).where('done_at', 'is', null).execute();
      assert.ok(sweeps.length >= 1, "tomorrow's sweep is scheduled");
      });
    });

    it('an incident that requires a history marker links to the proposal, and the proposal meets the requirement', async () => {
      const record = await report();
      const incident = await t.db.kysely.selectFrom('incidents').selectAll().where('record_id', '=', record).executeTakeFirstOrThrow();
      assert.ok((await t.services.incidents.view(incident)).blockers.some((b) => b.code === 'history-marker'));
      assert.match((await manager.get(`/incidents/${incident.id}`)).body, new RegExp(`/register/propose\\?record=${record}`));
      await manager.get(`/register/propose?record=${record}`);
      assert.equal((await manager.post('/register/propose', proposal(record, { surname: 'Incidentson', postcode: 'CT14 9AB' }))).statusCode, 303);
      const v = await t.services.incidents.view(incident);
      assert.ok(!v.blockers.some((b) => b.code === 'history-marker'));
      assert.match(v.followUp.historyMarkerReference, /^CPR-/);
      assert.ok((await t.db.kysely.selectFrom('register_entries').select('history_marker_required').where('reference', '=', v.followUp.historyMarkerReference).executeTakeFirstOrThrow()).history_marker_required === 1);
    });

    it('an addition on Christmas Eve is due after the bank holidays and the weekend, and reminded on working days', async () => {
      const record = await report();
      const mgr = as('manager.demo', ['staff', 'line-manager']);
      await at(new Date('2026-12-24T11:00:00Z'), async () => {
        const out = await t.services.register.propose(mgr, record, { subject: 'person', forenames: 'Noel', surname: 'Yuletide', line1: '1 Holly Lane', line2: '', town: '', postcode: 'CT13 9AB', dangerousAnimal: false, riskKind: 'threats', precaution: 'Meet at the office.', behaviour: 'Threatened staff.', factors: Object.fromEntries(Object.entries(proposal('')).filter(([k]) => k.startsWith('factor-')).map(([k, v]) => [k.slice(7), v])), employeeVersion: 'He threatened me.', crimeCommitted: false, policeInformed: false }, 'test');
        assert.ok(out.ok, JSON.stringify(out));
        const row = () => t.db.kysely.selectFrom('register_entries').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow();
        assert.ok((await t.services.register.countersign(as('head.demo', ['staff', 'head-of-service']), await row(), { temporary: false, reasons: '' }, 'test')).ok);
        assert.ok((await t.services.register.decide(as('director.demo', ['staff', 'register-owner']), await row(), { outcome: 'add', reasons: 'Threats.', termDays: 365, termReason: '' }, 'test')).ok);
        const r = await row();
        assert.equal(r.notice_due_on, '2026-12-30', 'Friday 25 and Monday 28 are bank holidays; the weekend is skipped');
        const jobs = await t.db.kysely.selectFrom('jobs').select(['due_at', 'unique_key']).where('unique_key', 'like', `register-notice:${out.id}:%`).orderBy('due_at').execute();
        assert.deepEqual(jobs.map((j) => j.due_at), ['2026-12-29T09:00:00.000Z', '2026-12-30T09:00:00.000Z']);
        assert.equal(r.review_on, '2027-12-24');
      });
    });

    it('a planted name is never in plaintext in the database, the logs, or a message', async () => {
      const tables = ['register_entries', 'register_letters', 'register_keys', 'register_links', 'register_appeals', 'register_reviews', 'register_agreements', 'audit_log', 'messages', 'jobs'] as const;
      for (const table of tables) {
        const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
        const text = JSON.stringify(rows);
        for (const word of ['Wilhelmina', 'Quaggmire', 'Harbour Street', 'Partnerfield', 'Maidstone Housing']) assert.ok(!text.includes(word), `${word} in ${table}`);
      }
      assert.ok(!t.logs.join('\n').includes('Quaggmire') && !t.logs.join('\n').includes('Wilhelmina'));
    });
  });
}
