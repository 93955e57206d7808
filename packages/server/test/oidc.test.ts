/**
 * Sign in with an organisation account (OpenID Connect) against a real, in-process `oidc-provider`,
 * on both databases: the whole code flow through the provider's own login and consent screens, roles
 * from the groups claim, refusals (no role, disabled, cancelled, forged or replayed callback, too late,
 * provider down), and OIDC access tokens as bearer tokens for the submission API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { ConfigError, loadConfig } from '../src/config.js';
import { databases } from './support/databases.js';
import { Client, FAKE_NAME, startApp, type TestApp } from './support/app.js';
import { ProviderAgent, startProvider, type TestProvider } from './support/oidc-provider.js';
import { HOSTILE, envelope, newKey } from './support/fixtures.js';

const CALLBACK = 'http://127.0.0.1:8080/sign-in/oidc/callback';

/** The app's path for a URL the provider sent the browser back to. */
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

for (const d of databases()) {
  describe(`OIDC sign-in (${d.name})`, () => {
    let op: TestProvider;
    let t: TestApp;
    let now = Date.now();

    before(async () => {
      op = await startProvider({ redirectUris: [CALLBACK] });
      t = await startApp(await d.open(), { config: { oidc: op.config(CALLBACK) }, clock: () => new Date(now) });
    });
    after(async () => {
      await t.close();
      await t.db.close();
      await op.close();
    });

    const audits = (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
    const lastAudit = async (action: string) => (await audits(action)).at(-1)!;
    const detail = (row: { detail: string | null }) => JSON.parse(row.detail ?? '{}') as Record<string, unknown>;

    /** Starts at our sign-in link, signs `login` in at the provider, and comes back: the callback's answer. */
    async function signIn(c: Client, login: string, options: { abort?: boolean } = {}) {
      const start = await c.get('/sign-in/oidc');
      assert.equal(start.statusCode, 303, start.body);
      const back = await new ProviderAgent().authorize(String(start.headers.location), login, options);
      assert.equal(back.origin + back.pathname, CALLBACK);
      return { back, res: await c.get(pathOf(back)) };
    }

    it('offers the organisation sign-in on the sign-in page', async () => {
      const page = await new Client(t).get('/sign-in');
      assert.match(page.body, /<a class="govuk-link" id="oidc" href="\/sign-in\/oidc">Sign in with your organisation account<\/a>/);
    });

    it('sends the browser to the provider with PKCE, state and nonce, and keeps them sealed in a short-lived cookie', async () => {
      const c = new Client(t);
      const res = await c.get('/sign-in/oidc');
      assert.equal(res.statusCode, 303);
      const to = new URL(String(res.headers.location));
      assert.equal(to.origin, op.issuer);
      assert.equal(to.searchParams.get('client_id'), op.clientId);
      assert.equal(to.searchParams.get('redirect_uri'), CALLBACK);
      assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
      for (const p of ['state', 'nonce', 'code_challenge']) assert.ok((to.searchParams.get(p) ?? '').length >= 32, p);
      const cookie = [res.headers['set-cookie']].flat().find((l) => String(l).startsWith('sf-oidc='))!;
      assert.match(String(cookie), /HttpOnly/i);
      assert.match(String(cookie), /SameSite=Lax/i);
      assert.match(String(cookie), /Max-Age=600/i);
      // Sealed: neither the state nor the verifier can be read from it.
      assert.ok(!String(cookie).includes(to.searchParams.get('state')!));
    });

    it('a first sign-in makes the account from the claims, with the roles its groups give, and signs in', async () => {
      op.users.set('sub-alice', { name: 'Alice Safety', preferred_username: 'alice.safety', email: 'alice@example.invalid', email_verified: true, groups: ['h-and-s', 'some-other-group'] });
      const c = new Client(t);
      const { res } = await signIn(c, 'sub-alice');
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/');
      const home = await c.get('/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Alice Safety/);
      assert.equal((await c.get('/reports')).statusCode, 200, 'safety-team may see all reports');
      const account = (await t.services.accounts.list()).find((a) => a.username === 'alice.safety')!;
      assert.deepEqual(account.roles, ['safety-team', 'staff']);
      assert.equal(account.email, 'alice@example.invalid');
      assert.equal(account.local, false, 'no password');
      const created = await lastAudit('account.create');
      assert.equal(created.target_id, account.id);
      assert.equal(detail(created).via, 'oidc');
      const signedIn = await lastAudit('session.sign-in');
      assert.equal(signedIn.actor_id, account.id);
      assert.equal(signedIn.outcome, 'ok');
      assert.equal(detail(signedIn).method, 'oidc');
      // The provider's subject is only a keyed index in the database, never in clear.
      const row = await t.services.accounts.get(account.id);
      assert.ok(row!.oidc_index && !row!.oidc_index.includes('sub-alice'));
      // A password sign-in cannot reach an OIDC account.
      const local = new Client(t);
      assert.equal((await local.signIn('alice.safety', 'anything at all')).statusCode, 401);
    });

    it('the next sign-in finds the same account and takes its roles from the groups again', async () => {
      const before = (await t.services.accounts.list()).length;
      op.users.set('sub-alice', { ...op.users.get('sub-alice'), groups: ['all-staff'] });
      const c = new Client(t);
      const { res } = await signIn(c, 'sub-alice');
      assert.equal(res.statusCode, 303);
      await c.get('/');
      assert.equal((await t.services.accounts.list()).length, before, 'no second account');
      const account = (await t.services.accounts.list()).find((a) => a.username === 'alice.safety')!;
      assert.deepEqual(account.roles, ['staff']);
      assert.equal((await c.get('/reports')).statusCode, 403, 'the group that gave safety-team is gone');
      assert.equal((await c.get('/reports/mine')).statusCode, 200);
    });

    it('a planted session cookie does not survive the sign-in, and a signed-in user is not sent to the provider again', async () => {
      const c = new Client(t);
      const planted = 'p'.repeat(43);
      c.cookies.set('sf-session', planted);
      const { res } = await signIn(c, 'sub-alice');
      assert.equal(res.statusCode, 303);
      assert.notEqual(c.cookies.get('sf-session'), planted);
      const stale = new Client(t);
      stale.cookies.set('sf-session', planted);
      assert.equal((await stale.get('/')).statusCode, 303, 'the planted value is no session');
      const again = await c.get('/sign-in/oidc');
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/');
    });

    it('someone whose groups give no role is refused, told what to do, and no account is made', async () => {
      op.users.set('sub-nobody', { name: 'No Role', preferred_username: 'no.role', groups: ['finance'] });
      const before = (await t.services.accounts.list()).length;
      const c = new Client(t);
      const { res } = await signIn(c, 'sub-nobody');
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /has no role in this service/);
      assert.match(res.body, /govuk-error-summary/);
      assert.match(res.body, /href="#oidc"/);
      assert.equal((await t.services.accounts.list()).length, before);
      assert.equal(c.cookies.has('sf-session'), false);
      const audit = await lastAudit('session.sign-in');
      assert.equal(audit.outcome, 'failed');
      assert.deepEqual(detail(audit), { method: 'oidc', reason: 'no-role' });
    });

    it('a disabled account is refused whatever the provider says, and its groups do not re-enable it', async () => {
      op.users.set('sub-bob', { name: 'Bob', preferred_username: 'bob.oidc', groups: ['all-staff'] });
      assert.equal((await signIn(new Client(t), 'sub-bob')).res.statusCode, 303);
      const bob = (await t.services.accounts.list()).find((a) => a.username === 'bob.oidc')!;
      await t.services.accounts.setDisabled(bob.id, true);
      const c = new Client(t);
      const { res } = await signIn(c, 'sub-bob');
      assert.equal(res.statusCode, 401);
      assert.equal(c.cookies.has('sf-session'), false);
      const audit = await lastAudit('session.sign-in');
      assert.equal(audit.target_id, bob.id);
      assert.deepEqual(detail(audit), { method: 'oidc', reason: 'disabled' });
      assert.equal((await t.services.accounts.list()).find((a) => a.id === bob.id)!.disabled, true);
    });

    it('a cancelled sign-in at the provider comes back to a clear message', async () => {
      const c = new Client(t);
      const { back, res } = await signIn(c, 'sub-alice', { abort: true });
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /cancelled or refused/);
      assert.ok(!res.body.includes('End-User aborted'), "the provider's own words are not shown");
      assert.deepEqual(detail(await lastAudit('session.sign-in')), { method: 'oidc', reason: 'oidc-refused' });
    });

    it('a forged, replayed, cross-browser or late callback does not sign anybody in', async () => {
      // Another browser: the callback arrives without the cookie that started it (login CSRF).
      const starter = new Client(t);
      const start = await starter.get('/sign-in/oidc');
      const back = await new ProviderAgent().authorize(String(start.headers.location), 'sub-alice');
      const victim = new Client(t);
      const crossed = await victim.get(pathOf(back));
      assert.equal(crossed.statusCode, 400);
      assert.match(crossed.body, /took too long or was started in another window/);
      assert.equal(victim.cookies.has('sf-session'), false);

      // A state that does not match the cookie's.
      const forged = new URL(back);
      forged.searchParams.set('state', 'x'.repeat(43));
      assert.equal((await starter.get(pathOf(forged))).statusCode, 400);
      // That try spent the cookie: the real callback now fails too, and so does any replay.
      assert.equal((await starter.get(pathOf(back))).statusCode, 400);
      assert.equal(starter.cookies.has('sf-session'), false);

      // A good flow whose code is replayed by a second browser holding a copy of the cookie.
      const c = new Client(t);
      const s2 = await c.get('/sign-in/oidc');
      const copy = new Client(t);
      copy.cookies = new Map(c.cookies);
      const back2 = await new ProviderAgent().authorize(String(s2.headers.location), 'sub-alice');
      assert.equal((await c.get(pathOf(back2))).statusCode, 303);
      assert.equal((await copy.get(pathOf(back2))).statusCode, 401, 'a code is good once');

      // Too late: more than ten minutes between leaving and coming back.
      const late = new Client(t);
      const s3 = await late.get('/sign-in/oidc');
      const back3 = await new ProviderAgent().authorize(String(s3.headers.location), 'sub-alice');
      now += 11 * 60_000;
      try {
        assert.equal((await late.get(pathOf(back3))).statusCode, 400);
      } finally {
        now -= 11 * 60_000;
      }
      // A tampered cookie.
      const tampered = new Client(t);
      const s4 = await tampered.get('/sign-in/oidc');
      const back4 = await new ProviderAgent().authorize(String(s4.headers.location), 'sub-alice');
      const sealed = tampered.cookies.get('sf-oidc')!;
      tampered.cookies.set('sf-oidc', sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
      assert.equal((await tampered.get(pathOf(back4))).statusCode, 400);
      const reasons = (await audits('session.sign-in')).slice(-7).map((r) => detail(r).reason ?? 'ok');
      assert.deepEqual(reasons, ['oidc-state', 'oidc-state', 'oidc-state', 'ok', 'oidc-invalid', 'oidc-state', 'oidc-state']);
    });

    it('hostile claims and callback parameters are shown as text or refused, never a 500', async () => {
      op.users.set('sub-hostile', { name: `<script>alert(1)</script> ${FAKE_NAME} \u202Eevil ${'x'.repeat(5000)}`, preferred_username: '<b>admin.demo</b>', email: 'not an email <x@y>', groups: ['all-staff', { toString: 1 } as unknown as string] });
      const c = new Client(t);
      const { res } = await signIn(c, 'sub-hostile');
      assert.equal(res.statusCode, 303, res.body);
      const home = await c.get('/');
      assert.equal(home.statusCode, 200);
      assert.ok(!home.body.includes('<script>alert(1)'), 'markup is escaped');
      const account = (await t.services.accounts.list()).find((a) => a.displayName.includes(FAKE_NAME))!;
      assert.match(account.username, /^oidc-[0-9a-f]{12}$/, 'an unusable preferred_username is not used');
      assert.ok(account.displayName.length <= 200);
      assert.deepEqual(account.roles, ['staff']);
      for (const value of HOSTILE) {
        const res = await new Client(t).get(`/sign-in/oidc/callback?code=${encodeURIComponent(value)}&state=${encodeURIComponent(value)}&error_description=${encodeURIComponent(value)}`);
        assert.ok([400, 401].includes(res.statusCode), `${res.statusCode} for a hostile parameter`);
        assert.ok(!res.body.includes('<script>'), 'not echoed as markup');
      }
      const huge = await new Client(t).get(`/sign-in/oidc/callback?code=${'a'.repeat(5000)}`);
      assert.ok([400, 401].includes(huge.statusCode));
      const logs = t.logs.join('');
      for (const secret of [FAKE_NAME, 'alice@example.invalid', 'sub-alice', 'Alice Safety']) assert.ok(!logs.includes(secret), `${secret} is not logged`);
    });

    it("an OIDC access token is a bearer token for the API: the record is the user's, no CSRF, audited", async () => {
      op.users.set('sub-carol', { name: 'Carol', preferred_username: 'carol.oidc', groups: ['all-staff'] });
      const c = new Client(t);
      await signIn(c, 'sub-carol'); // the account exists from a first sign-in
      const token = await accessToken(op, 'sub-carol');
      const post = (auth: string, key = newKey()) => t.app.inject({ method: 'POST', url: '/api/threat-report', headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key }, payload: JSON.stringify(envelope()) });
      const res = await post(`Bearer ${token}`);
      assert.equal(res.statusCode, 201, res.body);
      const mine = await c.get('/reports/mine');
      assert.match(mine.body, new RegExp(JSON.parse(res.body).reference));
      const created = await lastAudit('record.create');
      const carol = (await t.services.accounts.list()).find((a) => a.username === 'carol.oidc')!;
      assert.equal(created.actor_id, carol.id);
      // Refused: an unknown token, a token of a disabled account, a token of someone with no account here.
      assert.equal((await post('Bearer not-a-token-at-all')).statusCode, 401);
      op.users.set('sub-dave', { name: 'Dave', groups: ['all-staff'] });
      assert.equal((await post(`Bearer ${await accessToken(op, 'sub-dave')}`)).statusCode, 401, 'no account until a first sign-in');
      await t.services.accounts.setDisabled(carol.id, true);
      assert.equal((await post(`Bearer ${token}`)).statusCode, 401, 'disabled at once, even within the cache minute');
      await t.services.accounts.setDisabled(carol.id, false);
      assert.ok(!t.logs.join('').includes(token), 'the token is not logged');
    });
  });
}

describe('OIDC provider down', () => {
  it('the sign-in link answers 503 with a message and Retry-After, and the password sign-in still works', async () => {
    const op = await startProvider({ redirectUris: [CALLBACK] });
    const config = op.config(CALLBACK);
    await op.close(); // nothing listens at the issuer any more
    const d = databases()[0]!;
    const t = await startApp(await d.open(), { config: { oidc: config } });
    try {
      const c = new Client(t);
      const res = await c.get('/sign-in/oidc');
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['retry-after'], '30');
      assert.match(res.body, /not available at the moment/);
      assert.equal((await c.signIn('staff.demo')).statusCode, 303);
      // A bearer token that is not an API key is refused (401), not a 500, while the provider is down.
      const api = await t.app.inject({ method: 'POST', url: '/api/threat-report', headers: { authorization: 'Bearer some-opaque-token', 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(envelope()) });
      assert.equal(api.statusCode, 401);
    } finally {
      await t.close();
      await t.db.close();
    }
  });
});

/** What an intranet holding our client registration gets for a signed-in user: an access token. */
async function accessToken(op: TestProvider, login: string): Promise<string> {
  const config = await client.discovery(new URL(op.issuer), op.clientId, undefined, client.ClientSecretPost(op.clientSecret), { execute: [client.allowInsecureRequests] });
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid', state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  const back = await new ProviderAgent().authorize(url.href, login);
  const tokens = await client.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.access_token;
}

describe('OIDC configuration', () => {
  const env = (extra: Record<string, string>) => ({ SAFETY_ROOT: process.cwd(), ...extra });
  it('reads the issuer, client, groups claim and group roles, with the callback under the public URL', () => {
    const config = loadConfig('test', env({ SAFETY_OIDC_ISSUER: 'https://login.example.invalid/tenant', SAFETY_OIDC_CLIENT_ID: 'c', SAFETY_OIDC_CLIENT_SECRET: 's', SAFETY_OIDC_GROUPS_CLAIM: 'roles', SAFETY_OIDC_GROUP_ROLES: '{"h-and-s":["safety-team"]}', SAFETY_PUBLIC_URL: 'https://safety.example.invalid/' }));
    assert.deepEqual(config.oidc, { issuer: 'https://login.example.invalid/tenant', clientId: 'c', clientSecret: 's', groupsClaim: 'roles', groupRoles: { 'h-and-s': ['safety-team'] }, redirectUri: 'https://safety.example.invalid/sign-in/oidc/callback' });
  });
  it('refuses to start with a plain-http issuer elsewhere than this machine, no client, or group roles that are not a map of lists', () => {
    const base = { SAFETY_OIDC_CLIENT_ID: 'c', SAFETY_OIDC_CLIENT_SECRET: 's' };
    assert.throws(() => loadConfig('test', env({ ...base, SAFETY_OIDC_ISSUER: 'http://login.example.invalid' })), ConfigError);
    assert.throws(() => loadConfig('test', env({ ...base, SAFETY_OIDC_ISSUER: 'not a url' })), ConfigError);
    assert.throws(() => loadConfig('test', env({ SAFETY_OIDC_ISSUER: 'https://login.example.invalid' })), ConfigError);
    assert.throws(() => loadConfig('test', env({ ...base, SAFETY_OIDC_ISSUER: 'https://login.example.invalid', SAFETY_OIDC_GROUP_ROLES: '{"a":"admin"}' })), ConfigError);
    assert.throws(() => loadConfig('test', env({ ...base, SAFETY_OIDC_ISSUER: 'https://login.example.invalid', SAFETY_OIDC_GROUP_ROLES: '["admin"]' })), ConfigError);
    assert.ok(loadConfig('test', env({ ...base, SAFETY_OIDC_ISSUER: 'http://127.0.0.1:9999' })).oidc);
    assert.equal(loadConfig('test', env({})).oidc, undefined);
  });
});
