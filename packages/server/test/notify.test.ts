import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { aad, Sealer } from '../src/crypto/seal.js';
import { JobQueue } from '../src/jobs/queue.js';
import { createMailer, type Mailer } from '../src/notify/mailer.js';
import { Notifier } from '../src/notify/notifications.js';
import { databases, testKeyRing, type TestDb } from './support/databases.js';
import { closedPort, smtpUrl, startSmtp, type Smtp } from './support/smtp.js';

const START = Date.parse('2026-12-06T04:00:00.000Z');
const PUBLIC_URL = 'https://safety.example.test';
// Personal data that must never travel in a notification's text.
const NAME = 'Quentin Zebedee-Xylander';
const EMAIL = 'quentin.zebedee-xylander@example.org';


for (const d of databases()) {
  describe(`notifications (${d.name})`, () => {
    let db: TestDb;
    let now: number;
    const clock = () => new Date(now);
    const sealer = new Sealer(testKeyRing());
    const mailers: Mailer[] = [];
    const servers: Smtp[] = [];
    let jobErrors: string[];

    before(async () => {
      db = await d.open();
    });
    after(async () => {
      await db.close();
    });
    beforeEach(async () => {
      for (const table of ['messages', 'jobs', 'accounts'] as const) await db.kysely.deleteFrom(table).execute();
      now = START;
      jobErrors = [];
    });
    afterEach(async () => {
      for (const m of mailers.splice(0)) m.close();
      for (const s of servers.splice(0)) await s.close();
    });

    async function account(email: string | null = EMAIL): Promise<string> {
      const id = randomUUID();
      const at = new Date(now).toISOString();
      await db.kysely
        .insertInto('accounts')
        .values({
          id,
          username_index: sealer.index('username', id),
          username_enc: sealer.seal(`user-${id}`, aad('accounts', 'username_enc', id)),
          display_name_enc: sealer.seal(NAME, aad('accounts', 'display_name_enc', id)),
          email_enc: email ? sealer.seal(email, aad('accounts', 'email_enc', id)) : null,
          roles: JSON.stringify(['staff']),
          manager_id: null,
          password_hash: null,
          oidc_index: null,
          disabled: 0,
          failed_attempts: 0,
          locked_until: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return id;
    }

    function setup(mailerPort?: number) {
      const jobs = new JobQueue(db.kysely, db.dialect, clock, (_kind, code) => jobErrors.push(code));
      let mailer: Mailer | undefined;
      if (mailerPort !== undefined) {
        mailer = createMailer(smtpUrl(mailerPort), 'safety-forms <no-reply@safety.example.test>');
        mailers.push(mailer);
      }
      const notifier = new Notifier({ db: db.kysely, jobs, sealer, mailer, publicUrl: `${PUBLIC_URL}/`, clock });
      notifier.register();
      return { jobs, notifier };
    }

    const message = (id: string) => db.kysely.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const emailJob = (id: string) => db.kysely.selectFrom('jobs').selectAll().where('unique_key', '=', `email:${id}`).executeTakeFirst();
    const notice = (recordId = 'r-123') => ({
      subject: 'A report you sent has been updated',
      body: 'Sign in to see its status and what the safety team decided.',
      link: `/reports/${recordId}`,
    });

    it('emails through a real SMTP server: subject and link arrive, no personal data in the text', async () => {
      const smtp = await startSmtp();
      servers.push(smtp);
      const { jobs, notifier } = setup(smtp.port);
      const who = await account();
      const id = await notifier.notify(who, notice());

      const pending = await message(id);
      assert.equal(pending.email_state, 'pending');
      assert.equal(pending.sent_at, null);
      const job = await emailJob(id);
      assert.ok(job, 'an email job with the unique key email:<message id>');
      assert.equal(job.kind, 'email');
      assert.deepEqual(JSON.parse(job.payload), { messageId: id }, 'the job holds ids only');

      assert.equal(await jobs.runDue(), 1);
      assert.equal(smtp.mails.length, 1);
      const mail = smtp.mails[0]!;
      assert.deepEqual(mail.to, [EMAIL]);
      assert.match(mail.headers, /^Subject: A report you sent has been updated$/m);
      assert.match(mail.headers, /^From: "?safety-forms"? <no-reply@safety\.example\.test>$/m);
      assert.ok(mail.text.includes('Sign in to see its status'), mail.text);
      assert.ok(mail.text.includes(`${PUBLIC_URL}/reports/r-123`), 'the link is publicUrl + link');
      for (const personal of ['Quentin', 'Zebedee', 'Xylander', EMAIL, '@']) assert.ok(!mail.text.includes(personal), `no ${personal} in the text`);
      assert.ok(!mail.headers.includes('Zebedee-Xylander <'), 'no display name in the headers');

      const sent = await message(id);
      assert.equal(sent.email_state, 'sent');
      assert.equal(sent.sent_at, new Date(START).toISOString());
      assert.equal(Number(sent.email_attempts), 0);
      assert.ok((await emailJob(id))?.done_at);
    });

    it('sends once: the job run again (a crash after sending) does not send again', async () => {
      const smtp = await startSmtp();
      servers.push(smtp);
      const { jobs, notifier } = setup(smtp.port);
      const id = await notifier.notify(await account(), notice());
      assert.equal(await jobs.runDue(), 1);
      await db.kysely.updateTable('jobs').set({ done_at: null, locked_by: null, locked_until: null }).where('unique_key', '=', `email:${id}`).execute();
      assert.equal(await jobs.runDue(), 1);
      assert.equal(smtp.mails.length, 1);
      assert.equal((await message(id)).email_state, 'sent');
    });

    it('waits and retries while SMTP is down (closed, then refusing), nothing else fails, then sends once', async () => {
      const port = await closedPort();
      const { jobs, notifier } = setup(port);
      const who = await account();
      let other = 0;
      jobs.handle('other', async () => void (other += 1));
      const id = await notifier.notify(who, notice());
      await jobs.enqueue({ kind: 'other', payload: {} });

      // Closed port.
      assert.equal(await jobs.runDue(), 2);
      assert.equal(other, 1, 'the other job ran');
      let m = await message(id);
      assert.equal(m.email_state, 'pending');
      assert.equal(Number(m.email_attempts), 1);
      let job = (await emailJob(id))!;
      assert.equal(Number(job.attempts), 1);
      assert.equal(job.failed_at, null);
      assert.ok(job.last_error && !job.last_error.includes('@'), `a code, never an address: ${job.last_error}`);
      assert.ok(job.due_at > new Date(now).toISOString(), 'retried later, with backoff');
      assert.equal(await jobs.runDue(), 0, 'not again before the backoff');
      // In-app delivery did not wait for the mail.
      assert.equal(await notifier.unreadCount(who), 1);

      // Refusing (421 on connect).
      const refusing = await startSmtp(port, { refuse: true });
      servers.push(refusing);
      now = Date.parse(job.due_at);
      assert.equal(await jobs.runDue(), 1);
      m = await message(id);
      assert.equal(m.email_state, 'pending');
      assert.equal(Number(m.email_attempts), 2);
      assert.equal(refusing.mails.length, 0);
      await refusing.close();
      servers.splice(servers.indexOf(refusing), 1);

      // Up again.
      const smtp = await startSmtp(port);
      servers.push(smtp);
      job = (await emailJob(id))!;
      now = Date.parse(job.due_at);
      assert.equal(await jobs.runDue(), 1);
      assert.equal(smtp.mails.length, 1);
      m = await message(id);
      assert.equal(m.email_state, 'sent');
      assert.equal(Number(m.email_attempts), 2);
      now += 24 * 3_600_000;
      assert.equal(await jobs.runDue(), 0);
      assert.equal(smtp.mails.length, 1, 'sent once');
      assert.equal(jobErrors.length, 2);
    });

    it('marks the message failed when the last attempt fails, and keeps it in the inbox', async () => {
      const { jobs, notifier } = setup(await closedPort());
      const who = await account();
      const id = await notifier.notify(who, notice());
      const max = Number((await emailJob(id))!.max_attempts);
      for (let attempt = 1; attempt <= max; attempt += 1) {
        assert.equal(await jobs.runDue(), 1, `attempt ${attempt}`);
        assert.equal((await message(id)).email_state, attempt < max ? 'pending' : 'failed');
        now += 2 * 3_600_000;
      }
      assert.equal(await jobs.runDue(), 0);
      const m = await message(id);
      assert.equal(Number(m.email_attempts), max);
      assert.ok((await emailJob(id))!.failed_at);
      assert.deepEqual((await notifier.inbox(who)).map((x) => x.id), [id]);
    });

    it('holds mail for the administrator when no mailer is configured', async () => {
      const { jobs, notifier } = setup();
      const who = await account();
      const first = await notifier.notify(who, notice('r-1'));
      now += 1000;
      const second = await notifier.notify(who, { subject: 'A check-in is overdue', body: 'Open the check-in to respond.', link: '/check-ins/c-9' });
      assert.equal((await message(first)).email_state, 'held');
      assert.equal(await emailJob(first), undefined, 'no email job');
      assert.equal(await jobs.runDue(), 0);
      const held = await notifier.held(10);
      assert.deepEqual(held.map((h) => h.id), [second, first], 'newest first');
      assert.equal(held[0]!.account_id, who);
      assert.equal(held[0]!.link, '/check-ins/c-9');
      assert.equal((await notifier.held(1)).length, 1);
    });

    it('holds a pending email whose job runs after a restart without SMTP', async () => {
      const smtp = await startSmtp();
      servers.push(smtp);
      const who = await account();
      const id = await setup(smtp.port).notifier.notify(who, notice());
      const { jobs } = setup();
      assert.equal(await jobs.runDue(), 1);
      assert.equal((await message(id)).email_state, 'held');
      assert.equal(smtp.mails.length, 0);
    });

    it('is in-app only for an account without an email address', async () => {
      const smtp = await startSmtp();
      servers.push(smtp);
      const { jobs, notifier } = setup(smtp.port);
      const who = await account(null);
      const id = await notifier.notify(who, notice());
      assert.equal((await message(id)).email_state, 'none');
      assert.equal(await emailJob(id), undefined);
      assert.equal(await jobs.runDue(), 0);
      const withoutSmtp = await setup().notifier.notify(who, notice());
      assert.equal((await message(withoutSmtp)).email_state, 'none', 'without SMTP either: nothing to hold');
      assert.deepEqual(await notifier.held(), []);
    });

    it('keeps an inbox: newest first, unread count, mark read only for its owner', async () => {
      const { notifier } = setup();
      const who = await account();
      const someoneElse = await account();
      const ids: string[] = [];
      for (let i = 1; i <= 3; i += 1) {
        ids.push(await notifier.notify(who, notice(`r-${i}`)));
        now += 1000;
      }
      await notifier.notify(someoneElse, notice('r-9'));
      const inbox = await notifier.inbox(who);
      assert.deepEqual(inbox.map((m) => m.id), [...ids].reverse());
      assert.deepEqual(Object.keys(inbox[0]!).sort(), ['body', 'created_at', 'id', 'link', 'read_at', 'subject']);
      assert.equal((await notifier.inbox(who, 2)).length, 2);
      assert.equal(await notifier.unreadCount(who), 3);

      assert.equal(await notifier.markRead(someoneElse, ids[0]!), false, "another account's message");
      assert.equal(await notifier.unreadCount(who), 3);
      assert.equal(await notifier.markRead(who, ids[0]!), true);
      const readAt = (await message(ids[0]!)).read_at;
      assert.equal(readAt, new Date(now).toISOString());
      now += 5000;
      assert.equal(await notifier.markRead(who, ids[0]!), true, 'marking again is fine');
      assert.equal((await message(ids[0]!)).read_at, readAt, 'and keeps the first read time');
      assert.equal(await notifier.markRead(who, 'no-such-message'), false);
      assert.equal(await notifier.unreadCount(who), 2);
      assert.equal(await notifier.unreadCount(someoneElse), 1);
    });

    it('notifies inside a transaction: the message and its email job commit or roll back with the change', async () => {
      const smtp = await startSmtp();
      servers.push(smtp);
      const { jobs, notifier } = setup(smtp.port);
      const who = await account();
      let rolledBack = '';
      await assert.rejects(
        db.kysely.transaction().execute(async (trx) => {
          rolledBack = await notifier.notify(who, notice(), trx);
          throw new Error('the status change failed');
        }),
      );
      assert.equal(await db.kysely.selectFrom('messages').selectAll().where('id', '=', rolledBack).executeTakeFirst(), undefined);
      assert.equal(await emailJob(rolledBack), undefined);
      const committed = await db.kysely.transaction().execute((trx) => notifier.notify(who, notice(), trx));
      assert.ok(await emailJob(committed));
      assert.equal(await jobs.runDue(), 1);
      assert.equal(smtp.mails.length, 1);
    });

    it('refuses text over 500 characters, an empty subject, a link that is not a path here, an unknown account', async () => {
      const { notifier } = setup();
      const who = await account();
      await assert.rejects(notifier.notify(who, { ...notice(), subject: 'x'.repeat(501) }), /subject must be 1 to 500 characters/);
      await assert.rejects(notifier.notify(who, { ...notice(), subject: '  ' }), /subject must be 1 to 500/);
      await assert.rejects(notifier.notify(who, { ...notice(), body: 'x'.repeat(501) }), /body must be at most 500 characters/);
      for (const link of ['https://elsewhere.example/phish', '//elsewhere.example/x', 'reports/1', '/reports/1 with space', 'javascript:alert(1)'])
        await assert.rejects(notifier.notify(who, { ...notice(), link }), /link must be a path on this server/, link);
      await assert.rejects(notifier.notify('no-such-account', notice()), /no such account/);
      assert.ok(await notifier.notify(who, { subject: 'x'.repeat(500), body: 'y'.repeat(500), link: null }));
      assert.ok(await notifier.notify(who, { subject: 'No link', body: '' }));
      assert.equal(await notifier.unreadCount(who), 2);
    });
  });
}
