/**
 * The attacks of issue 12's "Bad input and faults" that are about who is asking: a forged or another
 * session's CSRF token, a session stolen and used after sign-out, a disabled account's open session,
 * a re-roled account's open session, password guessing (lockout), and hostile strings in every
 * parameter of the sign-in and record routes (never a 500, never echoed as markup). Then what is left
 * on disk and in the logs after a report with a distinctive name went through the real route.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../src/audit/log.js';
import { databases } from './support/databases.js';
import { Client, PASSWORD, signedIn, startApp, type TestApp } from './support/app.js';
import { FAKE_WORDS, HOSTILE, envelope, newKey } from './support/fixtures.js';


for (const d of databases()) {
  describe(`security (${d.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startApp(await d.open());
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    const audits = (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

    it("refuses a forged CSRF token, a missing one, and another session's token, and audits each", async () => {
      const a = await signedIn(t, 'safety.demo');
      const b = await signedIn(t, 'staff.demo');
      const before = (await audits('csrf.rejected')).length;
      const send = (c: Client, token: string | undefined) => c.request('POST', '/sign-out', { form: token === undefined ? {} : { _csrf: token } });
      assert.equal((await send(a, undefined)).statusCode, 403);
      assert.equal((await send(a, 'forged.token-value')).statusCode, 403);
      assert.equal((await send(a, b.csrf)).statusCode, 403, "b's token is bound to b's session");
      assert.equal((await audits('csrf.rejected')).length, before + 3);
      // a is still signed in: nothing happened.
      assert.equal((await a.get('/')).statusCode, 200);
      // An API request carried by the session cookie needs it too (the SDK sends X-CSRF-Token).
      const api = await a.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': b.csrf } });
      assert.equal(api.statusCode, 403);
    });

    it('a session cookie copied before sign-out is dead after it', async () => {
      const c = await signedIn(t, 'staff.demo');
      const stolen = new Client(t);
      stolen.cookies = new Map(c.cookies);
      assert.equal((await stolen.get('/reports/mine')).statusCode, 200, 'the copy works while the session lives');
      assert.equal((await c.post('/sign-out')).statusCode, 303);
      const after = await stolen.get('/reports/mine');
      assert.equal(after.statusCode, 303);
      assert.equal(after.headers.location, '/sign-in');
      const api = await stolen.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': stolen.csrf } });
      assert.equal(api.statusCode, 401);
      assert.ok((await audits('session.sign-out')).length >= 1);
    });

    it('the session id changes at sign-in (no fixation)', async () => {
      const c = new Client(t);
      await c.get('/sign-in');
      const first = await signedIn(t, 'staff.demo');
      const before = first.cookies.get(t.services.cookieName);
      await first.get('/sign-in');
      // Signing in again from the same browser gives a new session and ends the old one.
      await first.post('/sign-in', { username: 'staff.demo', password: PASSWORD });
      const after = first.cookies.get(t.services.cookieName);
      assert.ok(before && after && before !== after);
      const old = new Client(t);
      old.cookies.set(t.services.cookieName, before!);
      assert.equal((await old.get('/')).statusCode, 303);
    });

    it("a disabled account's open session ends at once, and it cannot sign in", async () => {
      const id = await t.services.accounts.create({ username: 'to.disable', displayName: 'To Disable', roles: ['safety-team'], password: 'a long enough password' });
      const victim = new Client(t);
      assert.equal((await victim.signIn('to.disable', 'a long enough password')).statusCode, 303);
      assert.equal((await victim.get('/reports')).statusCode, 200);
      const admin = await signedIn(t, 'admin.demo');
      await admin.get(`/admin/accounts/${id}`);
      assert.equal((await admin.post(`/admin/accounts/${id}`, { action: 'disable' })).statusCode, 303);
      assert.equal((await victim.get('/reports')).statusCode, 303, 'the open session is gone');
      assert.equal((await new Client(t).signIn('to.disable', 'a long enough password')).statusCode, 401);
      // Even a session the revocation missed (made directly) is refused while the account is disabled.
      const direct = new Client(t);
      direct.cookies.set(t.services.cookieName, (await t.services.sessions.create(id)).token);
      assert.equal((await direct.get('/')).statusCode, 303);
      const disabled = (await audits('account.disable')).filter((a) => a.target_id === id);
      assert.equal(disabled.length, 1);
    });

    it('a re-roled account loses the old role at once', async () => {
      const id = await t.services.accounts.create({ username: 'to.rerole', displayName: 'To Rerole', roles: ['safety-team'], password: 'a long enough password' });
      const c = new Client(t);
      await c.signIn('to.rerole', 'a long enough password');
      assert.equal((await c.get('/reports')).statusCode, 200);
      const admin = await signedIn(t, 'admin.demo');
      await admin.get(`/admin/accounts/${id}`);
      assert.equal((await admin.post(`/admin/accounts/${id}`, { roles: ['staff'] })).statusCode, 303);
      assert.equal((await c.get('/reports')).statusCode, 303, 'signed out: sign in again to get the new roles');
      await c.signIn('to.rerole', 'a long enough password');
      assert.equal((await c.get('/reports')).statusCode, 403);
    });

    it('locks an account after repeated failures, even against the right password, and says the same for unknown names', async () => {
      await t.services.accounts.create({ username: 'to.lock', displayName: 'To Lock', roles: ['staff'], password: 'the right password' });
      const c = new Client(t);
      const unknown = await c.signIn('no.such.user', 'whatever password');
      const wrong = await c.signIn('to.lock', 'wrong password 1');
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.statusCode, 401);
      const message = (body: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]*)</.exec(body)?.[1]?.trim();
      assert.equal(message(unknown.body), message(wrong.body), 'an unknown name and a wrong password read the same');
      await c.signIn('to.lock', 'wrong password 2');
      await c.signIn('to.lock', 'wrong password 3');
      const locked = await c.signIn('to.lock', 'the right password');
      assert.equal(locked.statusCode, 401, 'locked: the right password does not open it now');
      assert.match(locked.body, /locked/);
      const failed = (await audits('session.sign-in')).filter((a) => a.outcome === 'failed');
      assert.ok(failed.length >= 5);
      for (const a of failed) assert.ok(!String(a.detail).includes('password') || /"reason"/.test(String(a.detail)));
      assert.ok(!t.logs.join('').includes('the right password') && !t.logs.join('').includes('wrong password'), 'no password logged');
    });

    it('hostile strings in every parameter of sign-in, lists, record and admin routes: a 4xx or a page, never a 500, never echoed as markup', async () => {
      const safety = await signedIn(t, 'safety.demo');
      const admin = await signedIn(t, 'admin.demo');
      const anon = new Client(t);
      await anon.get('/sign-in');
      for (const s of HOSTILE) {
        const e = encodeURIComponent(s);
        const replies = [
          await anon.post('/sign-in', { username: s, password: s }),
          await safety.get(`/reports?form=${e}&status=${e}&from=${e}&to=${e}&page=${e}`),
          await safety.get(`/reports/${e}`),
          await safety.post(`/reports/${e}/status`, { status: s, outcome: s }),
          await safety.get(`/forms/${e}`),
          await admin.get(`/admin/accounts/${e}`),
          await admin.get(`/admin/audit?before=${e}`),
          await admin.post('/admin/accounts', { username: s, displayName: s, email: s, password: s, roles: s }),
        ];
        for (const r of replies) {
          assert.ok(r.statusCode < 500, `${r.statusCode} for ${JSON.stringify(s.slice(0, 40))} at reply ${replies.indexOf(r)}`);
          assert.ok(!r.body.includes('<script>alert(1)</script>') && !r.body.includes('<img src=x onerror'), 'echoed as markup');
        }
      }
      // Still working, nothing dropped.
      assert.equal((await safety.get('/reports')).statusCode, 200);
      const chain = await verifyAudit(t.db.kysely);
      assert.equal(chain.ok, true);
    });

    it('a distinctive name sent through the route is nowhere in the logs, and (SQLite) not in the file or its WAL', async () => {
      const c = await signedIn(t, 'staff.demo');
      await c.get('/forms/threat-report');
      const res = await c.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': c.csrf } });
      assert.equal(res.statusCode, 201);
      const row = (await t.services.records.byReference(res.json<{ reference: string }>().reference))!;
      const page = await (await signedIn(t, 'safety.demo')).get(`/reports/${row.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(FAKE_WORDS[0]!), 'the reader sees it');
      assert.equal(page.headers['cache-control'], 'no-store');
      const logs = t.logs.join('');
      for (const w of FAKE_WORDS) assert.ok(!logs.includes(w), `log holds ${w}`);
      if (d.name === 'sqlite' && t.db.file) {
        for (const path of [t.db.file, `${t.db.file}-wal`]) {
          let bytes: Buffer;
          try {
            bytes = readFileSync(path);
          } catch {
            continue;
          }
          for (const w of FAKE_WORDS) {
            assert.equal(bytes.indexOf(Buffer.from(w, 'utf8')), -1, `${w} in ${path} (UTF-8)`);
            assert.equal(bytes.indexOf(Buffer.from(w, 'utf16le')), -1, `${w} in ${path} (UTF-16)`);
          }
        }
      }
    });
  });
}
