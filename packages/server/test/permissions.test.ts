/**
 * The one permission table decides every route: this walks every registered route (the app's own list,
 * filled by the fail-closed onRoute hook) x every role, and nobody, and checks what the hook did against
 * `allows(roles, permission)` from auth/permissions.ts. A new route is walked without anyone adding it
 * here. Then the record-level rules the table cannot express (own, team, agreement).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allows, PERMISSIONS, ROLES, type Role } from '../src/auth/permissions.js';
import { databases } from './support/databases.js';
import { Client, startApp, type TestApp } from './support/app.js';
import { envelope, newKey } from './support/fixtures.js';

/** The route with its parameters filled: ids that exist nowhere, a real form id, a file that is not there. */
function concrete(url: string, caseId: string): string {
  return url
    .replace(':formId', 'threat-report')
    .replace(/^\/cases\/:id\b/, `/cases/${caseId}`)
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\*$/, 'no-such-file.txt')
    .replace(/:[A-Za-z]+/g, 'x');
}

for (const d of databases()) {
  describe(`permissions (${d.name})`, () => {
    let t: TestApp;
    const clients = new Map<Role, Client>();
    let apiToken = '';
    let anonymous: Client;
    const accountIds = new Map<Role, string>();

    /** A client with a fresh session of the one-role account (no password round trip), and its CSRF token. */
    async function sessionFor(role: Role): Promise<Client> {
      const c = new Client(t);
      const { token } = await t.services.sessions.create(accountIds.get(role)!);
      c.cookies.set(t.services.cookieName, token);
      const home = await c.get('/');
      assert.equal(home.statusCode, 200, `${role} home`);
      assert.ok(c.csrf, `${role} has a CSRF token`);
      return c;
    }

    before(async () => {
      t = await startApp(await d.open());
      for (const role of ROLES) {
        if (role === 'integration') continue;
        accountIds.set(role, await t.services.accounts.create({ username: `only.${role}`, displayName: `Only ${role}`, roles: [role], password: null }));
        clients.set(role, await sessionFor(role));
      }
      apiToken = (await t.services.apiKeys.create('walker', ['integration'], null)).token;
      anonymous = new Client(t);
      await anonymous.get('/sign-in');
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('every route names a permission from the table', () => {
      assert.ok(t.routes.length > 20, `${t.routes.length} routes`);
      for (const r of t.routes) {
        const names = typeof r.permission === 'string' ? [r.permission] : r.permission.any;
        for (const n of names) assert.ok(n in PERMISSIONS, `${r.method} ${r.url}: ${n}`);
      }
    });

    it('a route without a permission stops the start (fail closed)', async () => {
      // The hook is the app's; exercising it on a fresh instance of the same code path.
      const { default: Fastify } = await import('fastify');
      const probe = Fastify();
      probe.addHook('onRoute', (route) => {
        if (!(route.config as { permission?: unknown } | undefined)?.permission) throw new Error('names no permission');
      });
      assert.throws(() => probe.get('/x', async () => 'x'), /names no permission/);
      await probe.close();
    });

    it('walks every route x every role: allowed reaches the handler, denied is 403 and audited, nobody is 401 or sent to sign in', async () => {
      const table: string[] = [];
      // A real case, so the case routes reach the case's own check: the safety team gets through it; every
      // other role the table lets in is not a member of it, and gets the case's 403 (audited as a case denial).
      const staff = clients.get('staff')!;
      const opened = await staff.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf } });
      assert.equal(opened.statusCode, 201);
      const caseId = (await t.db.kysely.selectFrom('cases').select('id').orderBy('opened_at', 'desc').executeTakeFirstOrThrow()).id;
      for (const r of t.routes) {
        const url = concrete(r.url, caseId);
        const method = r.method as 'GET';
        const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
        const body = r.url === '/api/:formId' && r.method === 'POST' ? JSON.stringify(envelope()) : unsafe ? '' : undefined;
        const type = r.url === '/api/:formId' ? 'application/json' : 'application/x-www-form-urlencoded';
        const row: string[] = [];

        // Nobody signed in (with the anonymous CSRF token the sign-in page carries, so only the permission decides).
        {
          const res = await t.app.inject({ method, url, headers: { accept: 'text/html', cookie: anonymous.cookieHeader, 'x-csrf-token': anonymous.csrf, ...(body !== undefined ? { 'content-type': type } : {}) }, payload: body });
          if (r.permission === 'public') assert.ok(![401, 403].includes(res.statusCode), `anonymous ${r.method} ${r.url}: ${res.statusCode}`);
          else if (url.startsWith('/api/') || unsafe) assert.equal(res.statusCode, 401, `anonymous ${r.method} ${r.url}`);
          else {
            assert.equal(res.statusCode, 303, `anonymous ${r.method} ${r.url}`);
            assert.equal(res.headers.location, '/sign-in');
          }
        }

        for (const role of ROLES) {
          const allowed = r.permission === 'public' || allows([role], r.permission);
          const deniedBefore = await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'access.denied').execute();
          let status: number;
          if (role === 'integration') {
            const res = await t.app.inject({ method, url, headers: { accept: 'application/json', authorization: `Bearer ${apiToken}`, 'idempotency-key': newKey(), ...(body !== undefined ? { 'content-type': type } : {}) }, payload: body });
            status = res.statusCode;
          } else {
            const c = clients.get(role)!;
            const form = unsafe && type !== 'application/json' ? { _csrf: c.csrf } : undefined;
            const res = await c.request(r.method, url, {
              form,
              body: type === 'application/json' ? body : undefined,
              headers: { 'x-csrf-token': c.csrf, 'idempotency-key': newKey(), ...(type === 'application/json' && body !== undefined ? { 'content-type': type } : {}) },
            });
            status = res.statusCode;
            // Signing out ends the walker's session: start another for the next route.
            if (r.url === '/sign-out' && r.method === 'POST') clients.set(role, await sessionFor(role));
          }
          const deniedAfter = await t.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'access.denied').execute();
          if (allowed && r.url.startsWith('/cases/:id') && role !== 'safety-team') {
            assert.equal(status, 403, `${role} ${r.method} ${r.url}: not a member of the case`);
            assert.equal(deniedAfter.length, deniedBefore.length, `${role} ${r.method} ${r.url}: the route let them in`);
            const last = await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
            assert.ok(last.action.startsWith('case.') && last.outcome === 'denied' && last.target_id === caseId, `${role} ${r.method} ${r.url}: the case's denial is audited (${last.action})`);
          } else if (allowed && (/^\/visits\/:id\/(escalation|alerts|resolve)/.test(r.url) || r.url.startsWith('/purple-file/:id') || r.url.startsWith('/incidents/:id') || /^\/(api\/)?register\/(:id|propose|search|lookup)/.test(r.url))) {
            // A register entry, a proposal, a look-up: the entry's own check (none here), a report you may read (none given), a current briefing (none recorded).
            // A visit's escalation: only those it alerted, or the safety team, and only a visit that has one (none here); the route's own denial is audited.
            assert.equal(status, 403, `${role} ${r.method} ${r.url}: not alerted`);
            assert.equal(deniedAfter.length, deniedBefore.length, `${role} ${r.method} ${r.url}: the route let them in`);
            const last = await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
            assert.ok(/^(visit|purple-file|incident|register)\./.test(last.action) && last.outcome === 'denied', `${role} ${r.method} ${r.url}: the visit's denial is audited (${last.action})`);
          } else if (allowed) {
            assert.ok(![401, 403].includes(status), `${role} ${r.method} ${r.url} should be allowed: ${status}`);
            assert.equal(deniedAfter.length, deniedBefore.length, `${role} ${r.method} ${r.url}: no denial audited`);
          } else {
            assert.equal(status, 403, `${role} ${r.method} ${r.url} should be denied`);
            assert.equal(deniedAfter.length, deniedBefore.length + 1, `${role} ${r.method} ${r.url}: the denial is audited`);
          }
          row.push(allowed ? 'yes' : '-');
        }
        if (!/^\/(static|assets|govuk|moj|demo)\//.test(r.url) && r.method !== 'HEAD') table.push(`| ${r.method} ${r.url} | ${JSON.stringify(r.permission)} | ${row.join(' | ')} |`);
      }
      if (process.env.SAFETY_PRINT_ROUTE_TABLE) process.stdout.write(`| route | permission | ${ROLES.join(' | ')} |\n|${'---|'.repeat(ROLES.length + 2)}\n${table.join('\n')}\n`);
    });

    it('an admin manages accounts but reads no record, unless another role lets them', async () => {
      const staff = await sessionFor('staff');
      const sent = await staff.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': staff.csrf } });
      assert.equal(sent.statusCode, 201);
      const row = await t.services.records.byReference(sent.json<{ reference: string }>().reference);
      const admin = clients.get('admin')!;
      assert.equal((await admin.get('/admin/accounts')).statusCode, 200);
      assert.equal((await admin.get('/reports')).statusCode, 403);
      // An admin is also an employee who may report (record.read-own), so the record page's route lets
      // them in; the record-level check then finds it is not theirs, and it looks like no record at all.
      assert.equal((await admin.get(`/reports/${row!.id}`)).statusCode, 404);
      const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'record.read').where('target_id', '=', row!.id).where('actor_id', '=', accountIds.get('admin')!).execute();
      assert.deepEqual(denied.map((a) => a.outcome), ['denied']);
      const both = await t.services.accounts.create({ username: 'admin.and.safety', displayName: 'Both', roles: ['admin', 'safety-team'], password: null });
      const c = new Client(t);
      c.cookies.set(t.services.cookieName, (await t.services.sessions.create(both)).token);
      assert.equal((await c.get(`/reports/${row!.id}`)).statusCode, 200);
    });

    describe('record-level access beyond the table', () => {
      let mine = '';
      let otherStaffs = '';
      let byIntegration = '';
      before(async () => {
        const staffDemo = new Client(t);
        staffDemo.cookies.set(t.services.cookieName, (await t.services.sessions.create(t.ids['staff.demo']!)).token);
        await staffDemo.get('/');
        const send = async (c: Client, body = envelope()) => {
          const res = await c.request('POST', `/api/${String(body.formId)}`, { json: body, headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': c.csrf } });
          assert.equal(res.statusCode, 201, res.body);
          return (await t.services.records.byReference(res.json<{ reference: string }>().reference))!.id;
        };
        mine = await send(staffDemo);
        otherStaffs = await send(await sessionFor('staff'));
        // A record an integration submitted (nobody's own, nobody's team).
        const res = await t.app.inject({ method: 'POST', url: '/api/threat-report', headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(envelope()) });
        byIntegration = (await t.services.records.byReference(JSON.parse(res.body).reference))!.id;
      });

      const as = async (accountId: string) => {
        const c = new Client(t);
        c.cookies.set(t.services.cookieName, (await t.services.sessions.create(accountId)).token);
        return c;
      };

      it("a reporter reads their own record, and another's looks like one that does not exist (404, audited as denied)", async () => {
        const staff = await as(t.ids['staff.demo']!);
        assert.equal((await staff.get(`/reports/${mine}`)).statusCode, 200);
        const denied = await staff.get(`/reports/${otherStaffs}`);
        assert.equal(denied.statusCode, 404);
        const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'record.read').where('target_id', '=', otherStaffs).execute();
        assert.ok(audit.some((a) => a.outcome === 'denied' && a.actor_id === t.ids['staff.demo']));
      });

      it("a line manager reads their team's record, not another team's", async () => {
        const manager = await as(t.ids['manager.demo']!);
        assert.equal((await manager.get(`/reports/${mine}`)).statusCode, 200, 'staff.demo is in their team');
        assert.equal((await manager.get(`/reports/${otherStaffs}`)).statusCode, 404);
        const team = await manager.get('/reports/team');
        const mineRef = (await t.services.records.get(mine))!.reference;
        const otherRef = (await t.services.records.get(otherStaffs))!.reference;
        assert.match(team.body, new RegExp(mineRef));
        assert.doesNotMatch(team.body, new RegExp(otherRef));
      });

      it('a partner reads only what an agreement in force covers, by form and between its dates', async () => {
        const partner = accountIds.get('partner')!;
        const c = await as(partner);
        assert.equal((await c.get(`/reports/${byIntegration}`)).statusCode, 404, 'no agreement yet');
        const now = Date.now();
        const agree = (id: string, forms: string[], from: number, to: number) =>
          t.db.kysely.insertInto('agreements').values({ id, partner_id: partner, reference: `ISA-${id}`, form_ids: JSON.stringify(forms), valid_from: new Date(from).toISOString(), valid_to: new Date(to).toISOString(), created_by: null, created_at: new Date(now).toISOString() }).execute();
        await agree('agr-expired', ['threat-report'], now - 2e10, now - 1e9);
        assert.equal((await c.get(`/reports/${byIntegration}`)).statusCode, 404, 'an expired agreement covers nothing');
        await agree('agr-other-form', ['risk-matrix'], now - 1e9, now + 1e9);
        assert.equal((await c.get(`/reports/${byIntegration}`)).statusCode, 404, 'an agreement for another form covers nothing');
        await agree('agr-in-force', ['threat-report'], now - 1e9, now + 1e9);
        assert.equal((await c.get(`/reports/${byIntegration}`)).statusCode, 200, 'in force, for this form');
        assert.equal((await c.get('/reports')).statusCode, 403, 'never the list of everything');
      });
    });
  });
}
