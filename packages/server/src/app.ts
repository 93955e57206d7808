/**
 * Builds the Fastify app from a config. Plugins in a fixed, readable order:
 *   logging (redacted) -> security headers (helmet, strict CSP) -> cookies -> form bodies -> CSRF ->
 *   CORS (API only, allow-list) -> OpenAPI -> who is asking (auth/plugin.ts) -> may they (permissions.ts)
 *   -> routes (thin: parse, authorise, call a service, render) -> static files.
 * Every route must name a permission (`config.permission`); a route without one stops the start.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type nunjucks from 'nunjucks';
import { AuditLog, type AuditEntry } from './audit/log.js';
import { ApiKeys } from './auth/api-keys.js';
import { allows, isApi, permissionOf, sendProblem } from './auth/plugin.js';
import { can, type Permission, type RoutePermission } from './auth/permissions.js';
import { Sessions } from './auth/sessions.js';
import type { Config } from './config.js';
import { loadKeyRing, type KeyRing } from './crypto/keys.js';
import { Sealer } from './crypto/seal.js';
import { openDb, type Db } from './db/index.js';
import { JobQueue } from './jobs/queue.js';
import { createMailer, type Mailer } from './notify/mailer.js';
import { Notifier } from './notify/notifications.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { oidcRoutes } from './routes/oidc.js';
import { OidcSignIn, OidcUnavailable } from './auth/oidc.js';
import { pageRoutes } from './routes/pages.js';
import { reportRoutes } from './routes/reports.js';
import { caseRoutes } from './routes/cases.js';
import { visitRoutes } from './routes/visits.js';
import { purpleFileRoutes } from './routes/purple-file.js';
import { majorIncidentRoutes } from './routes/major-incident.js';
import { submissionRoutes } from './routes/submissions.js';
import { Accounts } from './services/accounts.js';
import { Records } from './services/records.js';
import { Cases } from './services/cases.js';
import { Visits } from './services/visits.js';
import { Incidents } from './services/incidents.js';
import { incidentRoutes } from './routes/incidents.js';
import { PurpleFile } from './services/purple-file.js';
import { MajorIncident } from './services/major-incident.js';
import { Register } from './services/register.js';
import { registerRoutes } from './routes/register.js';
import { GOVUK, MOJ, STATIC, createViews } from './views.js';

/** The CSP every page is served with: no inline script or style, nothing from elsewhere. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Database errors that mean "not now" rather than "broken": SQLite busy, locked or full (disk or
 * max_page_count), PostgreSQL lock timeout, disk full, out of memory, too many connections, shutting down,
 * serialization failure, deadlock. They answer 503 with Retry-After.
 */
const UNAVAILABLE = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', 'SQLITE_FULL', '55P03', '53100', '53200', '53300', '57P03', '40001', '40P01']);

export interface Services {
  config: Config;
  db: Db;
  keys: KeyRing;
  sealer: Sealer;
  audit: AuditLog;
  sessions: Sessions;
  apiKeys: ApiKeys;
  accounts: Accounts;
  records: Records;
  cases: Cases;
  visits: Visits;
  incidents: Incidents;
  purpleFile: PurpleFile;
  majorIncident: MajorIncident;
  register: Register;
  jobs: JobQueue;
  notifier: Notifier;
  mailer?: Mailer;
  /** OpenID Connect sign-in and bearer tokens, when `SAFETY_OIDC_ISSUER` is set. */
  oidc?: OidcSignIn;
  views: nunjucks.Environment;
  /** The session cookie's name: `__Host-sf-session` behind TLS, `sf-session` on the plain-HTTP demo. */
  cookieName: string;
  clock: () => Date;
}

export interface AppOptions {
  /** Defaults to a database opened from the config. */
  db?: Db;
  keys?: KeyRing;
  clock?: () => Date;
  /** Where pino writes (tests capture it to prove no answer is ever logged). */
  logStream?: Writable;
  /** Test seam: after a record is durably stored, before its 201 goes out. */
  onStored?: (req: FastifyRequest, reply: FastifyReply) => Promise<void> | void;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    /** Audits one entry for this request's principal. */
    audit(entry: Omit<AuditEntry, 'actorId' | 'actorKind' | 'requestId'> & Partial<Pick<AuditEntry, 'actorId' | 'actorKind'>>): Promise<void>;
  }
  interface FastifyReply {
    /** Renders a page with the layout's common context. */
    page(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
  }
}

/** A route and the permission it needs, as registered (test/permissions.test.ts walks them all). */
export interface RouteEntry {
  method: string;
  url: string;
  permission: RoutePermission;
}

export interface App {
  app: FastifyInstance;
  services: Services;
  routes: readonly RouteEntry[];
  close(): Promise<void>;
}

/** What a signed-in user may reach, for the navigation and the home page. */
export function navigation(roles: readonly string[]) {
  const items: { href: string; text: string; permission: Permission }[] = [
    { href: '/forms', text: 'Report', permission: 'record.submit' },
    { href: '/reports/mine', text: 'Your reports', permission: 'record.read-own' },
    { href: '/reports/team', text: 'Team reports', permission: 'record.read-team' },
    { href: '/reports', text: 'All reports', permission: 'record.read-any' },
    { href: '/reports/shared', text: 'Shared with you', permission: 'record.read-agreed' },
    { href: '/cases', text: 'Cases', permission: 'case.work' },
    { href: '/visits', text: 'Lone working', permission: 'visit.plan' },
    { href: '/incidents', text: 'Incidents', permission: 'incident.investigate' },
    { href: '/purple-file', text: 'Purple file', permission: 'purple-file.use' },
    { href: '/register/search', text: 'Register look-up', permission: 'register.search' },
    { href: '/register', text: 'Register', permission: 'register.countersign' },
    { href: '/admin/accounts', text: 'Accounts', permission: 'account.manage' },
    { href: '/admin/audit', text: 'Audit log', permission: 'audit.read' },
    { href: '/admin/mail', text: 'Held mail', permission: 'mail.read-held' },
  ];
  return items.filter((i) => can(roles, i.permission));
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? (() => new Date());
  const db = options.db ?? (await openDb({ url: config.databaseUrl, dataDir: config.dataDir }));
  const keys = options.keys ?? loadKeyRing({ dataKey: config.dataKey, indexKey: config.indexKey, dataDir: config.dataDir });
  const sealer = new Sealer(keys);
  const audit = new AuditLog(db.kysely, db.dialect, clock);
  const jobs = new JobQueue(db.kysely, db.dialect, clock);
  const mailer = config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom) : undefined;
  const notifier = new Notifier({ db: db.kysely, jobs, sealer, mailer, publicUrl: config.publicUrl, clock });
  notifier.register();
  const accounts = new Accounts(db.kysely, sealer, config.lockout, clock);
  const records = new Records(db.kysely, db.dialect, sealer, audit, clock);
  const services: Services = {
    config,
    db,
    keys,
    sealer,
    audit,
    sessions: new Sessions(db.kysely, config.idleTimeoutMs, config.absoluteLifetimeMs, clock),
    apiKeys: new ApiKeys(db.kysely, clock),
    accounts,
    records,
    cases: new Cases(db.kysely, sealer, audit, records, accounts, notifier, jobs, config.reviewDays, clock, config.caseRetentionDays),
    visits: new Visits(db.kysely, sealer, audit, accounts, records, notifier, jobs, config.escalationRoute, clock, config.emergencyContactMaxDays),
    incidents: new Incidents(db.kysely, sealer, audit, accounts, records, notifier, jobs, clock),
    purpleFile: new PurpleFile(db.kysely, sealer, audit, accounts, () => services.visits, notifier, jobs, clock),
    majorIncident: new MajorIncident(db.kysely, sealer, audit, accounts, clock),
    register: new Register(db.kysely, sealer, audit, accounts, records, notifier, jobs, config.register, clock),
    jobs,
    notifier,
    mailer,
    oidc: config.oidc ? new OidcSignIn(config.oidc, accounts, sealer, clock) : undefined,
    views: createViews(),
    cookieName: config.secureCookies ? '__Host-sf-session' : 'sf-session',
    clock,
  };
  services.cases.register();
  services.visits.register();
  services.incidents.register();
  services.purpleFile.register();
  services.register.register();
  const sessionSecret = config.sessionSecret ?? randomBytes(32).toString('hex');

  const app = Fastify({
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Caps a path parameter (ids are 36 characters).
    routerOptions: { maxParamLength: 200 },
    logger: {
      level: config.logLevel,
      stream: options.logStream,
      // Never a field value, name, address, token or password: only method, route, status, ids.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, url: (req.url ?? '').split('?')[0], id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // TLS directly (or SAFETY_TRUST_PROXY behind a TLS-terminating proxy; config.ts insists on one in production).
    ...(config.tls ? { https: { key: readFileSync(config.tls.key), cert: readFileSync(config.tls.cert) } } : {}),
  } as FastifyServerOptions);
  app.decorate('services', services);
  const routes: RouteEntry[] = [];

  // Fail closed: a route that names no permission is a bug, found at start rather than in production.
  app.addHook('onRoute', (route) => {
    // Files anyone may fetch: the SDK bundle, GOV.UK's and MOJ's CSS, fonts and images, our own JS and CSS.
    // CORS preflights carry no credential and reach no handler of ours.
    if (/^\/(static|assets|govuk|moj|demo)\//.test(route.url) || route.method === 'OPTIONS') route.config = { permission: 'public', ...route.config };
    const permission = (route.config as { permission?: RoutePermission } | undefined)?.permission;
    if (!permission) throw new Error(`route ${String(route.method)} ${route.url} names no permission`);
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission });
  });

  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(cookie, { secret: sessionSecret });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: config.secureCookies ? '__Host-sf-csrf' : 'sf-csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: config.secureCookies, signed: true },
    getUserInfo: (req: FastifyRequest) => req.principal?.sessionId ?? 'anonymous',
    csrfOpts: { hmacKey: sessionSecret },
  });
  await app.register(cors, {
    // Only the API, only listed origins; bearer tokens, never cookies, from another origin.
    origin: (origin, cb) => cb(null, !!origin && config.corsOrigins.includes(origin)),
    credentials: false,
    methods: ['POST', 'GET'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'safety-forms', version: '0.1.0', description: 'The safety-forms back office. Submissions: DESIGN.md, "Submission contract".' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: services.cookieName },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key (sfk_...) per integration' },
        },
      },
    },
  });

  app.decorateRequest('principal', undefined);
  app.decorateRequest('audit', function (this: FastifyRequest, entry) {
    return audit.append({ actorId: this.principal?.id ?? null, actorKind: this.principal?.kind ?? 'anonymous', requestId: this.id, ...entry });
  });
  app.decorateReply('page', async function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const req = this.request;
    const p = req.principal;
    const csrfToken = this.generateCsrf({ userInfo: p?.sessionId ?? 'anonymous' });
    const unread = p?.kind === 'account' ? await notifier.unreadCount(p.id) : 0;
    const html = services.views.render(template, {
      demo: config.mode === 'demo',
      user: p?.kind === 'account' ? { name: p.displayName, roles: p.roles } : undefined,
      nav: p ? navigation(p.roles) : [],
      path: req.url.split('?')[0],
      csrfToken,
      unread,
      ...context,
      // Each error by field id, for the message beside the field (the summary links to it).
      fieldErrors: Object.fromEntries(((context.errors as { href: string; text: string }[] | undefined) ?? []).map((e) => [e.href.slice(1), { text: e.text }])),
    });
    this.header('content-type', 'text/html; charset=utf-8');
    if (!this.hasHeader('cache-control')) this.header('cache-control', 'no-store');
    return this.send(html);
  });

  // Who is asking.
  app.addHook('onRequest', async (req) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const token = auth.slice(7).trim();
      const key = await services.apiKeys.find(token);
      if (key) req.principal = { kind: 'api-key', id: key.id, roles: key.roles, bearer: true };
      else if (services.oidc && !token.startsWith('sfk_')) {
        // An OIDC access token (an intranet posting for a signed-in user); the provider says whose.
        const account = await services.oidc.bearer(token).catch((error: unknown) => {
          if (error instanceof OidcUnavailable) req.log.warn('token introspection unavailable');
          else throw error;
        });
        if (account) req.principal = { kind: 'account', id: account.id, roles: JSON.parse(account.roles) as string[], bearer: true, displayName: services.accounts.displayName(account) };
      }
      return;
    }
    const token = req.cookies[services.cookieName];
    if (!token) return;
    const session = await services.sessions.find(token);
    if (session) {
      req.principal = { kind: 'account', id: session.accountId, roles: session.roles, sessionId: session.id, displayName: services.accounts.displayName({ id: session.accountId, display_name_enc: session.displayNameEnc }) };
    }
  });

  // May they: before the body is read, so nobody unauthorised gets to send two megabytes.
  app.addHook('onRequest', async (req, reply) => {
    const need = permissionOf(req);
    if (!need || need === 'public') return; // no route (a 404), or open to anyone
    if (!req.principal) {
      if (isApi(req) || (req.method !== 'GET' && req.method !== 'HEAD')) return sendProblemOrPage(req, reply, 401);
      return reply.redirect('/sign-in', 303);
    }
    if (!allows(req.principal.roles, need)) {
      await req.audit({ action: 'access.denied', outcome: 'denied', targetKind: 'route', targetId: req.routeOptions.url ?? null });
      return sendProblemOrPage(req, reply, 403);
    }
  });

  // A state-changing request carried by the session cookie needs the CSRF token (form field or header).
  app.addHook('preHandler', async (req, reply) => {
    if (!permissionOf(req)) return;
    const unsafe = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    if (unsafe && req.routeOptions.config.csrf !== false && !req.principal?.bearer) {
      await new Promise<void>((resolve, reject) => app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve())));
    }
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      await req.audit({ action: 'csrf.rejected', outcome: 'denied' }).catch(() => undefined);
      return sendProblemOrPage(req, reply, 403, 'The form had expired. Go back, reload the page and try again.');
    }
    if (error.code && UNAVAILABLE.has(error.code)) {
      // The database is locked or full: nothing was stored (the transaction rolled back), so the sender may
      // try again with the same Idempotency-Key; the SDK's outbox does.
      req.log.error({ code: error.code }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblemOrPage(req, reply, 503, 'The service is busy. Try again in a moment.');
    }
    if (status >= 500) req.log.error({ code: error.code ?? error.name }, 'request failed');
    if (status === 413) reply.header('connection', 'close');
    const title = status === 413 ? 'The record is too large' : status === 415 ? 'Send application/json' : error.validation ? 'The request is not valid' : status >= 500 ? 'The server failed' : 'The request could not be handled';
    return sendProblemOrPage(req, reply, status, title);
  });
  app.setNotFoundHandler((req, reply) => sendProblemOrPage(req, reply, 404));

  async function sendProblemOrPage(req: FastifyRequest, reply: FastifyReply, status: number, message?: string) {
    const titles: Record<number, string> = { 400: 'The request is not valid', 401: 'Sign in to continue', 403: 'You do not have access to this', 404: 'Page not found', 413: 'The record is too large', 415: 'Send application/json', 503: 'The service is busy' };
    const title = message ?? titles[status] ?? 'Sorry, there is a problem with the service';
    const wantsHtml = !isApi(req) && (req.headers.accept ?? '').includes('text/html');
    if (!wantsHtml) return sendProblem(reply, status, title);
    reply.code(status);
    return reply.page('pages/error.njk', { status, title: titles[status] ?? 'Sorry, there is a problem with the service', message: message ?? (status === 403 ? 'Your account does not have a role that may see this page.' : undefined) });
  }

  await app.register(fastifyStatic, { root: STATIC, prefix: '/static/', decorateReply: false, cacheControl: false, setHeaders: (reply) => void reply.header('cache-control', 'no-cache') });
  // The SDK's bundle and GOV.UK's fonts and images share /assets/ (govuk-frontend's CSS asks for /assets/fonts/...).
  await app.register(fastifyStatic, {
    root: [join(config.root, 'packages/elements/dist'), join(GOVUK, 'govuk/assets')],
    prefix: '/assets/',
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', 'no-cache'),
  });
  await app.register(fastifyStatic, { root: join(GOVUK, 'govuk'), prefix: '/govuk/', decorateReply: false, allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)$/.test(p) });
  await app.register(fastifyStatic, { root: join(MOJ, 'moj'), prefix: '/moj/', decorateReply: false, allowedPath: (p) => /^\/moj-frontend\.min\.(css|js)$/.test(p) });

  await app.register(authRoutes);
  if (services.oidc) await app.register(oidcRoutes, { oidc: services.oidc });
  await app.register(pageRoutes);
  await app.register(submissionRoutes, { onStored: options.onStored });
  await app.register(reportRoutes);
  await app.register(caseRoutes);
  await app.register(visitRoutes);
  await app.register(incidentRoutes);
  await app.register(purpleFileRoutes);
  await app.register(majorIncidentRoutes);
  await app.register(registerRoutes);
  await app.register(adminRoutes);

  await app.ready();
  return {
    app,
    services,
    routes,
    async close() {
      await jobs.stop();
      await app.close();
      mailer?.close();
      if (!options.db) await db.close();
    },
  };
}
