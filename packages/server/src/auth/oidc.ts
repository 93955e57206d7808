/**
 * OpenID Connect sign-in (authorization code with PKCE, state and nonce, through `openid-client`) and
 * OIDC access tokens as bearer tokens for the API.
 *
 * - The organisation's identity provider is the authority for who someone is and, through the groups
 *   claim, for their roles: `groupRoles` maps group names to roles, and the roles are set again at every
 *   sign-in. Someone whose groups map to no role is refused and no account is made for them.
 * - An account is found by a blind index of issuer + subject (never by email, which can be reassigned);
 *   the first sign-in makes it (its username is `preferred_username` when that is free and valid).
 *   An administrator can still disable it, and a disabled account is refused whatever the provider says.
 * - What must survive the trip to the provider (state, nonce, PKCE verifier) is sealed into a short-lived
 *   cookie, so the server keeps no half-finished sign-ins and a forged or replayed callback fails.
 */
import * as client from 'openid-client';
import { createHash, randomBytes } from 'node:crypto';
import type { Account } from '../db/schema.js';
import type { OidcConfig } from '../config.js';
import type { Sealer } from '../crypto/seal.js';
import { USERNAME, type Accounts } from '../services/accounts.js';
import { isRole } from './permissions.js';

/** What the sign-in needs to keep between the redirect and the callback. */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  /** When the sign-in started (ms since the epoch): a callback after `PENDING_MS` is refused. */
  at: number;
}

export const PENDING_MS = 10 * 60_000;
const PENDING_AAD = 'oidc:pending';
/** How long an access token's introspection is trusted before asking the provider again. */
const BEARER_CACHE_MS = 60_000;

export type OidcFailure =
  /** The provider said no (the user cancelled, or the provider refused). */
  | 'oidc-refused'
  /** No pending sign-in, an expired one, or a state that does not match (a forged or replayed callback). */
  | 'oidc-state'
  /** The provider's answer did not verify (code, token, nonce or signature). */
  | 'oidc-invalid'
  /** The provider could not be reached. */
  | 'oidc-unavailable'
  /** The user's groups map to no role. */
  | 'no-role'
  | 'disabled';

export type OidcResult = { ok: true; account: Account; created: boolean } | { ok: false; reason: OidcFailure; accountId?: string };

export class OidcUnavailable extends Error {
  override name = 'OidcUnavailable';
}

export interface BearerAccount {
  account: Account;
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export class OidcSignIn {
  #discovered?: Promise<client.Configuration>;
  readonly #bearerCache = new Map<string, { until: number; accountId: string | null }>();

  constructor(
    readonly config: OidcConfig,
    private readonly accounts: Accounts,
    private readonly sealer: Sealer,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The provider's metadata, fetched once; a failure is not remembered, so the next try asks again. */
  async provider(): Promise<client.Configuration> {
    this.#discovered ??= (async () => {
      const issuer = new URL(this.config.issuer);
      // Plain HTTP only to a provider on this machine (the tests' in-process provider).
      const options = issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined;
      try {
        return await client.discovery(issuer, this.config.clientId, undefined, client.ClientSecretPost(this.config.clientSecret), { ...options, timeout: 10 });
      } catch (error) {
        throw new OidcUnavailable('discovery failed', { cause: error });
      }
    })();
    return this.#discovered.catch((error) => {
      this.#discovered = undefined;
      throw error;
    });
  }

  /** Starts a sign-in: the provider's URL to send the browser to, and the sealed cookie to set. */
  async start(): Promise<{ url: string; cookie: string }> {
    const provider = await this.provider();
    const pending: Pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), at: this.clock().getTime() };
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: this.config.redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: this.sealer.sealJson(pending, PENDING_AAD) };
  }

  /** Finishes a sign-in from the callback's query and the cookie `start` set. */
  async finish(query: URLSearchParams, cookie: string | undefined): Promise<OidcResult> {
    if (query.has('error')) return { ok: false, reason: 'oidc-refused' };
    let pending: Pending;
    try {
      if (!cookie) return { ok: false, reason: 'oidc-state' };
      pending = this.sealer.openJson<Pending>(cookie, PENDING_AAD);
    } catch {
      return { ok: false, reason: 'oidc-state' };
    }
    const age = this.clock().getTime() - pending.at;
    if (!(age >= 0 && age <= PENDING_MS) || query.get('state') !== pending.state) return { ok: false, reason: 'oidc-state' };

    const provider = await this.provider();
    let claims: Record<string, unknown>;
    try {
      const callback = new URL(this.config.redirectUri);
      callback.search = query.toString();
      const tokens = await client.authorizationCodeGrant(provider, callback, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) return { ok: false, reason: 'oidc-invalid' };
      // Profile and groups usually come from userinfo (providers keep the ID token small).
      const info = await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims };
    } catch (error) {
      if (isUnreachable(error)) throw new OidcUnavailable('token exchange failed', { cause: error });
      return { ok: false, reason: 'oidc-invalid' };
    }
    return this.#account(String(claims.iss), String(claims.sub), claims);
  }

  /** The roles the user's groups give them, per `groupRoles`. */
  rolesOf(claims: Record<string, unknown>): string[] {
    const raw = claims[this.config.groupsClaim];
    const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : typeof raw === 'string' ? [raw] : [];
    const roles = new Set<string>();
    for (const group of groups) for (const role of this.config.groupRoles[group] ?? []) if (isRole(role)) roles.add(role);
    return [...roles].sort();
  }

  /** The blind index an account is found by: issuer and subject together, since a subject is unique only per issuer. */
  index(issuer: string, subject: string): string {
    return this.sealer.index('oidc', `${issuer}\n${subject}`);
  }

  async #account(issuer: string, subject: string, claims: Record<string, unknown>): Promise<OidcResult> {
    const roles = this.rolesOf(claims);
    const index = this.index(issuer, subject);
    const existing = await this.accounts.byOidc(index);
    if (existing && Number(existing.disabled)) return { ok: false, reason: 'disabled', accountId: existing.id };
    if (!roles.length) return { ok: false, reason: 'no-role', accountId: existing?.id };
    if (existing) {
      if (JSON.stringify(JSON.parse(existing.roles) as string[]) !== JSON.stringify(roles)) await this.accounts.setRoles(existing.id, roles);
      return { ok: true, account: (await this.accounts.get(existing.id))!, created: false };
    }
    const wanted = typeof claims.preferred_username === 'string' ? claims.preferred_username : '';
    const username = USERNAME.test(wanted) && !(await this.accounts.byUsername(wanted)) ? wanted : `oidc-${randomBytes(6).toString('hex')}`;
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : username;
    const email = typeof claims.email === 'string' && claims.email_verified !== false && claims.email.length <= 320 ? claims.email : null;
    const id = await this.accounts.create({ username, displayName: name, email, roles, oidcIndex: index });
    return { ok: true, account: (await this.accounts.get(id))!, created: true };
  }

  /**
   * The account an OIDC access token belongs to, asked of the provider's introspection endpoint and
   * remembered for a minute (by the token's hash). Only tokens issued by our provider for our client,
   * active, whose account exists and is not disabled, are accepted; the account's roles are the ones it
   * holds here (set at its last sign-in).
   */
  async bearer(token: string): Promise<Account | undefined> {
    if (token.length > 4096) return undefined;
    const key = createHash('sha256').update(token).digest('base64url');
    const now = this.clock().getTime();
    const cached = this.#bearerCache.get(key);
    let accountId: string | null;
    if (cached && cached.until > now) accountId = cached.accountId;
    else {
      accountId = null;
      const provider = await this.provider();
      let info: client.IntrospectionResponse;
      try {
        info = await client.tokenIntrospection(provider, token);
      } catch (error) {
        if (isUnreachable(error)) throw new OidcUnavailable('introspection failed', { cause: error });
        info = { active: false };
      }
      const issuer = provider.serverMetadata().issuer;
      const audience = Array.isArray(info.aud) ? info.aud : info.aud ? [info.aud] : [];
      const ours = info.client_id === this.config.clientId || audience.includes(this.config.clientId);
      const expired = typeof info.exp === 'number' && info.exp * 1000 <= now;
      if (info.active && ours && !expired && typeof info.sub === 'string' && (info.iss === undefined || info.iss === issuer)) {
        const row = await this.accounts.byOidc(this.index(issuer, info.sub));
        accountId = row?.id ?? null;
      }
      if (this.#bearerCache.size > 10_000) this.#bearerCache.clear();
      const until = typeof info.exp === 'number' ? Math.min(now + BEARER_CACHE_MS, info.exp * 1000) : now + BEARER_CACHE_MS;
      this.#bearerCache.set(key, { until, accountId });
    }
    if (!accountId) return undefined;
    const row = await this.accounts.get(accountId);
    return row && !Number(row.disabled) ? row : undefined;
  }
}

/** A network failure (the provider is down), as opposed to an answer that did not verify. */
function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code;
    if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'OAUTH_TIMEOUT'].includes(code)) return true;
    if ((e as { name?: string }).name === 'TimeoutError' || (e as { name?: string }).name === 'AbortError') return true;
    if (e instanceof TypeError && /fetch failed/.test(e.message)) return true;
    if (e === (e as { cause?: unknown }).cause) break;
  }
  return false;
}
