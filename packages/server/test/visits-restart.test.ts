/**
 * Lone working (#16), two of the reliability cases through a real server on both databases: an
 * escalation that fell due while the server was down fires when it starts again (its job scheduler's
 * first tick, as `main.ts` starts it), each step once and in order; and with the mail server down the
 * alert is on screen at once while its e-mail waits and is retried, then sent once to a real SMTP server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ESCALATION_ROUTE } from '@safety-forms/core';
import { databases, testKeyRing } from './support/databases.js';
import { signedIn, startApp, type TestApp } from './support/app.js';
import { closedPort, smtpUrl, startSmtp, type Smtp } from './support/smtp.js';

const MIN = 60_000;

for (const d of databases()) {
  describe(`lone working across a restart and a mail outage (${d.name})`, () => {
    it('an escalation due while the server was down fires on start; the mail server down, the alert shows and its e-mail is retried, then sent once', async () => {
      let now = new Date('2026-12-07T09:00:00Z');
      const port = await closedPort();
      const db = await d.open();
      const keys = testKeyRing(); // the same keys after the restart, as a real server keeps them
      const start = () => startApp(db, { keys, clock: () => now, config: { smtpUrl: smtpUrl(port) } });
      let t: TestApp | undefined = await start();
      let smtp: Smtp | undefined;
      try {
        const staff = await signedIn(t, 'staff.demo');
        await staff.get('/visits/new');
        const res = await staff.post('/visits', { date: '2026-12-07', start: '10:00', end: '11:00', description: "Visit to Mum's address", location: '1 Example Street, Anytown', arrangement: 'alone', buddy: 'visitor.demo', trafficLight: 'green' });
        assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
        const id = /#visit-([0-9a-f-]{36})$/.exec(String(res.headers.location))![1]!;
        now = new Date('2026-12-07T10:01:00Z');
        const later = await signedIn(t, 'staff.demo'); // an hour on, the first session has timed out
        await later.get('/visits');
        assert.equal((await later.post(`/visits/${id}/check-in`)).statusCode, 303);

        // The server goes down before the visit's end and comes back after two steps fell due.
        await t.close();
        t = undefined;
        const { graceMinutes, steps } = DEFAULT_ESCALATION_ROUTE;
        const buddyDue = Date.parse('2026-12-07T11:00:00Z') + graceMinutes * MIN;
        const managerDue = buddyDue + steps[1]!.waitMinutes * MIN;
        now = new Date(managerDue + 5 * MIN);
        t = await start();
        const app = t;
        const alerts = () => app.db.kysely.selectFrom('visit_alerts').selectAll().where('visit_id', '=', id).orderBy('due_at').execute();
        app.services.jobs.start(50);
        for (let i = 0; i < 200 && (await alerts()).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
        await app.services.jobs.stop();
        const fired = await alerts();
        assert.deepEqual(fired.map((a) => a.step), ['buddy', 'line-manager'], 'the steps that fell due, once each, in order');
        assert.deepEqual(fired.map((a) => a.due_at), [new Date(buddyDue).toISOString(), new Date(managerDue).toISOString()]);
        await app.services.jobs.runDue();
        assert.equal((await alerts()).length, 2, 'the service manager step is not due yet, and nothing fires twice');

        // The mail server is down: the buddy's alert is on screen now, and its e-mail waits to be retried.
        const buddy = await signedIn(app, 'visitor.demo');
        const day = (await buddy.get('/visits/buddy')).body;
        assert.match(day, /moj-badge--red">Escalated<\/span>/);
        assert.match(day, /Notifications <span class="sf-count">\(1 new\)<\/span>/);
        const inbox = await app.services.notifier.inbox(app.ids['visitor.demo']!, 20);
        const alert = inbox.find((m) => m.subject === 'A lone worker has not checked out');
        assert.ok(alert, inbox.map((m) => m.subject).join());
        const message = () => app.db.kysely.selectFrom('messages').selectAll().where('id', '=', alert.id).executeTakeFirstOrThrow();
        const job = () => app.db.kysely.selectFrom('jobs').selectAll().where('unique_key', '=', `email:${alert.id}`).executeTakeFirstOrThrow();
        assert.equal((await message()).email_state, 'pending');
        assert.ok(Number((await message()).email_attempts) >= 1, 'tried once already');
        const retry = await job();
        assert.ok(retry.due_at > now.toISOString(), 'retried later, with backoff');
        assert.ok(retry.last_error && !retry.last_error.includes('@'), 'the error is a code, never an address');

        // The mail server is back: the retry sends it, once, naming nobody and nowhere.
        smtp = await startSmtp(port);
        now = new Date(Date.parse(retry.due_at) + 1000);
        await app.services.jobs.runDue();
        now = new Date(now.getTime() + 60 * MIN);
        await app.services.jobs.runDue();
        const toBuddy = smtp.mails.filter((m) => m.to.includes('visitor.demo@example.invalid') && /A lone worker has not checked out/.test(m.headers));
        assert.equal(toBuddy.length, 1, 'sent once');
        assert.doesNotMatch(toBuddy[0]!.raw, /Sam Staff|Example Street|Mum/);
        assert.equal((await message()).email_state, 'sent');
      } finally {
        await t?.close();
        await smtp?.close();
        await db.close();
      }
    });
  });
}
