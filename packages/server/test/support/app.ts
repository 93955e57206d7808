/**
 * A whole server for a test: the app on a test database, demo-like accounts with a known password,
 * and a tiny cookie-keeping client for `app.inject` (or for real HTTP on a port, for the browser tests).
 */
import { Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { seedDemo } from '../../src/services/accounts.js';
import { tempDir, testKeyRing, type TestDb } from './databases.js';
import type { KeyRing } from '../../src/crypto/keys.js';

export const PASSWORD = 'correct horse battery staple';
/** A made-up name that must never appear in a log line, the database file or a console message. */
export const FAKE_NAME = 'Zebedee Quillfeather-Marchbanks';

export interface TestApp extends App {
  db: TestDb;
  logs: string[];
  config: Config;
  /** Account id by demo username. */
  ids: Record<string, string>;
}

export async function startApp(db: TestDb, options: { config?: Partial<Config>; keys?: KeyRing; clock?: () => Date; onStored?: (req: FastifyRequest, reply: FastifyReply) => Promise<void> | void } = {}): Promise<TestApp> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig('test', { SAFETY_ROOT: process.cwd() }, { dataDir: tempDir(), logLevel: 'info', lockout: { attempts: 3, durationMs: 15 * 60_000 }, ...options.config });
  const built = await buildApp(config, { db, keys: options.keys ?? testKeyRing(), logStream, clock: options.clock, onStored: options.onStored });
  await seedDemo(built.services.accounts, PASSWORD);
  const ids: Record<string, string> = {};
  for (const a of await built.services.accounts.list()) ids[a.username] = a.id;
  return { ...built, db, logs, config, ids };
}

export interface InjectResult {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** A browser-like client over `app.inject`: keeps cookies, reads the CSRF token from the last page. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly t: TestApp) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, url: string, options: { form?: Record<string, string | string[]>; json?: unknown; body?: string; headers?: Record<string, string> } = {}): Promise<InjectResult> {
    const headers: Record<string, string> = { accept: 'text/html', ...options.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    let payload: string | undefined = options.body;
    if (options.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(options.form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      payload = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (options.json !== undefined) {
      payload = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.t.app.inject({ method: method as 'GET', url, headers, payload });
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /<meta name="csrf-token" content="([^"]*)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return { statusCode: res.statusCode, headers: res.headers, body: res.body, json: <T>() => JSON.parse(res.body) as T };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, { headers });
  }

  /** A form post with the CSRF token of the last page. */
  post(url: string, form: Record<string, string | string[]> = {}) {
    return this.request('POST', url, { form: { _csrf: this.csrf, ...form } });
  }

  async signIn(username: string, password = PASSWORD): Promise<InjectResult> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { username, password });
    await this.get('/');
    return res;
  }
}

export async function signedIn(t: TestApp, username: string): Promise<Client> {
  const c = new Client(t);
  const res = await c.signIn(username);
  if (res.statusCode !== 303) throw new Error(`sign-in of ${username} failed: ${res.statusCode}`);
  return c;
}
