/**
 * A real OpenID Provider in the test process (`oidc-provider`, its development login and consent
 * screens), and a small cookie-keeping user agent that walks them over real HTTP, the way a browser
 * follows the redirects. Users are a plain map the test changes between sign-ins.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { OidcConfig } from '../../src/config.js';

export interface TestUser {
  name?: unknown;
  preferred_username?: unknown;
  email?: unknown;
  email_verified?: boolean;
  groups?: unknown;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, TestUser>;
  /** The server's OIDC configuration for this provider. */
  config(redirectUri: string, groupRoles?: Record<string, string[]>): OidcConfig;
  close(): Promise<void>;
}

export const GROUP_ROLES = { 'all-staff': ['staff'], 'h-and-s': ['staff', 'safety-team'], 'it-admins': ['admin'] };

export async function startProvider(options: { host?: string; redirectUris: string[] }): Promise<TestProvider> {
  const host = options.host ?? '127.0.0.1';
  const users = new Map<string, TestUser>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;
  const clientId = 'safety-forms';
  const clientSecret = 'a-test-client-secret-of-enough-length-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true }, introspection: { enabled: true, allowedPolicy: async () => true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    cookies: { keys: ['a-test-cookie-key-0123456789abcdef'] },
    async findAccount(_ctx, id) {
      const user = users.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...(user as Record<string, unknown>) }) };
    },
  });
  // Quiet: the provider's development warnings and errors are expected here.
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    users,
    config: (redirectUri, groupRoles = GROUP_ROLES) => ({ issuer, clientId, clientSecret, groupsClaim: 'groups', groupRoles, redirectUri }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A user agent for the provider's pages: keeps its cookies, follows nothing by itself. */
export class ProviderAgent {
  readonly #cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.#cookies.size) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(pair!.slice(0, eq));
      else this.#cookies.set(pair!.slice(0, eq), value);
    }
    return res;
  }

  /**
   * Signs `login` in at the provider, starting from the authorization URL, and returns the URL the
   * provider redirects back to (the client's callback with `code` and `state`, or with `error`).
   * `abort` cancels at the login screen instead.
   */
  async authorize(authorizationUrl: string, login: string, { abort = false } = {}): Promise<URL> {
    let url = new URL(authorizationUrl);
    const origin = url.origin;
    for (let hops = 0; hops < 12; hops++) {
      if (url.origin !== origin) return url; // back at the client
      const res = await this.request(url.href);
      const page = await res.text();
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url);
        continue;
      }
      const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
      if (res.status !== 200 || !interaction) throw new Error(`provider answered ${res.status} at ${url.pathname}`);
      // The development screens: the login form, then the consent form, each posting back to the same path.
      const details = /name="prompt" value="login"/.test(page) ? 'login' : 'consent';
      const next = abort ? await this.request(`${url.href}/abort`) : await this.request(url.href, { method: 'POST', form: details === 'login' ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' } });
      await next.arrayBuffer();
      if (next.status < 300 || next.status >= 400) throw new Error(`provider answered ${next.status} to the ${details} form`);
      url = new URL(next.headers.get('location')!, url);
    }
    throw new Error('too many redirects at the provider');
  }
}
