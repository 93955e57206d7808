/**
 * Environment -> typed configuration. `loadConfig` refuses a production configuration that would be
 * unsafe (no data key, no session secret, no TLS and no trusted proxy), so a mistake stops the start
 * instead of quietly storing RESTRICTED records under a throwaway key.
 */
import { escalationRouteConfig, reviewDaysConfig, type EscalationRoute, type ReviewDays } from '@safety-forms/core';
import { resolve } from 'node:path';

export type Mode = 'demo' | 'production' | 'test';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim that lists the user's groups (default `groups`). */
  groupsClaim: string;
  /** Group name -> roles, e.g. `{"h-and-s": ["safety-team"]}`. */
  groupRoles: Record<string, string[]>;
  /** Where the provider sends the user back; default `<publicUrl>/sign-in/oidc/callback`. */
  redirectUri: string;
}

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** The origin users reach the server at, for links in emails and the OIDC redirect. */
  publicUrl: string;
  /** Folder of the repository: the SDK bundle (packages/elements/dist) and the demo page are served from it. */
  root: string;
  dataDir: string;
  /** PostgreSQL connection string; without it the embedded SQLite file in `dataDir` is used. */
  databaseUrl?: string;
  /** `SAFETY_DATA_KEY`: `<id>:<base64 32 bytes>[,<id>:<base64>...]`, the first is current. Without it a key file in dataDir. */
  dataKey?: string;
  /** `SAFETY_INDEX_KEY`: base64 32 bytes for blind indexes. Without it, from the key file. */
  indexKey?: string;
  sessionSecret?: string;
  /** Sessions end after this long without a request. */
  idleTimeoutMs: number;
  /** ... and after this long whatever the activity. */
  absoluteLifetimeMs: number;
  /** Cookies are `Secure` and `__Host-` prefixed (TLS, or a TLS-terminating proxy). */
  secureCookies: boolean;
  trustProxy: boolean;
  tls?: { key: string; cert: string };
  /** Origins that may call the API from the browser with a bearer token. */
  corsOrigins: string[];
  smtpUrl?: string;
  mailFrom: string;
  oidc?: OidcConfig;
  /** Failed sign-ins in a row before an account is locked, and for how long. */
  lockout: { attempts: number; durationMs: number };
  /** Days from a case's priority or review to its next review, by priority (core's DEFAULT_REVIEW_DAYS unless set). */
  reviewDays: ReviewDays;
  /** Days a closed case (and its records) is kept before it is deleted with an audit tombstone. */
  caseRetentionDays: number;
  /** Lone working: the escalation route (Appendix D; core's DEFAULT_ESCALATION_ROUTE unless set) and the team's end of day (HH:MM, Europe/London). */
  escalationRoute: EscalationRoute;
  endOfDay: string;
  /** Days after which an emergency contact form is out of date and the manager is reminded. */
  emergencyContactMaxDays: number;
  /** The cautionary persons register (#15): see `services/register.ts`. */
  register: RegisterConfig;
  /** Largest request body, in bytes. */
  bodyLimit: number;
  demoPassword?: string;
  /** How often the job scheduler looks for due jobs. */
  jobPollMs: number;
  logLevel: string;
}

export interface RegisterConfig {
  /** Days a countersigned proposal's temporary marker is shown while the decision is awaited (`SAFETY_REGISTER_TEMPORARY_DAYS`, 45). */
  temporaryDays: number;
  /** The organisation's own bank holidays, replacing the England and Wales ones computed by rule (`SAFETY_BANK_HOLIDAYS`, a JSON array of YYYY-MM-DD days). */
  holidays?: ReadonlySet<string>;
  /** The organisation's own letter template, a Nunjucks file (`SAFETY_REGISTER_LETTER`); the shipped one is `views/letters/register-letter.njk`. */
  letterTemplate?: string;
  /** The organisation's name as the letter signs it (`SAFETY_ORGANISATION`). */
  organisation: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const minutes = (n: number) => n * 60_000;

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name} must be a non-negative number`);
  return value;
}

function reviewDays(env: NodeJS.ProcessEnv): ReviewDays {
  try {
    return reviewDaysConfig(json<unknown>(env, 'SAFETY_REVIEW_DAYS', undefined));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`SAFETY_REVIEW_DAYS: ${(error as Error).message}`);
  }
}

/** Six years unless set: ours (the documents set none; the Data Protection Act says no longer than necessary). */
function retentionDays(env: NodeJS.ProcessEnv): number {
  const days = number(env, 'SAFETY_CASE_RETENTION_DAYS', 6 * 365);
  if (!Number.isInteger(days) || days < 1) throw new ConfigError('SAFETY_CASE_RETENTION_DAYS must be a whole number of days, 1 or more');
  return days;
}

function escalationRoute(env: NodeJS.ProcessEnv): EscalationRoute {
  try {
    return escalationRouteConfig(json<unknown>(env, 'SAFETY_ESCALATION_ROUTE', undefined));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`SAFETY_ESCALATION_ROUTE: ${(error as Error).message}`);
  }
}

function endOfDay(env: NodeJS.ProcessEnv): string {
  const value = env.SAFETY_END_OF_DAY || '18:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new ConfigError('SAFETY_END_OF_DAY must be a 24-hour time, for example 18:00');
  return value;
}

function registerConfig(env: NodeJS.ProcessEnv): RegisterConfig {
  const temporaryDays = number(env, 'SAFETY_REGISTER_TEMPORARY_DAYS', 45);
  if (!Number.isInteger(temporaryDays) || temporaryDays < 1 || temporaryDays > 366) throw new ConfigError('SAFETY_REGISTER_TEMPORARY_DAYS must be a whole number of days from 1 to 366');
  const days = json<unknown>(env, 'SAFETY_BANK_HOLIDAYS', undefined);
  if (days !== undefined && (!Array.isArray(days) || !days.every((d) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)))) throw new ConfigError('SAFETY_BANK_HOLIDAYS must be a JSON array of YYYY-MM-DD days');
  return { temporaryDays, holidays: days ? new Set(days as string[]) : undefined, letterTemplate: env.SAFETY_REGISTER_LETTER || undefined, organisation: env.SAFETY_ORGANISATION || 'The Council' };
}

function json<T>(env: NodeJS.ProcessEnv, name: string, fallback: T): T {
  const raw = env[name];
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new ConfigError(`${name} must be JSON`);
  }
}

/**
 * Reads the configuration for `mode` from `env`. Demo mode listens on 127.0.0.1 only whatever HOST
 * says; production refuses to start without SAFETY_DATA_KEY, SAFETY_INDEX_KEY, SAFETY_SESSION_SECRET and
 * either TLS (SAFETY_TLS_KEY/SAFETY_TLS_CERT files) or SAFETY_TRUST_PROXY=1.
 */
export function loadConfig(mode: Mode, env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const root = resolve(env.SAFETY_ROOT ?? process.cwd());
  const trustProxy = env.SAFETY_TRUST_PROXY === '1' || env.SAFETY_TRUST_PROXY === 'true';
  const tls = env.SAFETY_TLS_KEY && env.SAFETY_TLS_CERT ? { key: env.SAFETY_TLS_KEY, cert: env.SAFETY_TLS_CERT } : undefined;
  const port = number(env, 'PORT', 8080);
  const host = mode === 'demo' ? '127.0.0.1' : (env.HOST ?? '0.0.0.0');
  const publicUrl = (env.SAFETY_PUBLIC_URL ?? `${tls ? 'https' : 'http'}://${mode === 'demo' ? 'localhost' : host}:${port}`).replace(/\/$/, '');
  const oidc: OidcConfig | undefined = env.SAFETY_OIDC_ISSUER
    ? {
        issuer: env.SAFETY_OIDC_ISSUER,
        clientId: env.SAFETY_OIDC_CLIENT_ID ?? '',
        clientSecret: env.SAFETY_OIDC_CLIENT_SECRET ?? '',
        groupsClaim: env.SAFETY_OIDC_GROUPS_CLAIM ?? 'groups',
        groupRoles: json(env, 'SAFETY_OIDC_GROUP_ROLES', {}),
        redirectUri: env.SAFETY_OIDC_REDIRECT_URI ?? `${publicUrl}/sign-in/oidc/callback`,
      }
    : undefined;
  const config: Config = {
    mode,
    host,
    port,
    publicUrl,
    root,
    dataDir: resolve(env.SAFETY_DATA_DIR ?? resolve(root, 'data')),
    databaseUrl: env.SAFETY_DATABASE_URL || undefined,
    dataKey: env.SAFETY_DATA_KEY || undefined,
    indexKey: env.SAFETY_INDEX_KEY || undefined,
    sessionSecret: env.SAFETY_SESSION_SECRET || undefined,
    idleTimeoutMs: minutes(number(env, 'SAFETY_IDLE_MINUTES', 30)),
    absoluteLifetimeMs: minutes(number(env, 'SAFETY_SESSION_HOURS', 10) * 60),
    secureCookies: mode === 'production',
    trustProxy,
    tls,
    corsOrigins: (env.SAFETY_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    smtpUrl: env.SAFETY_SMTP_URL || undefined,
    mailFrom: env.SAFETY_MAIL_FROM ?? 'safety-forms <no-reply@safety-forms.invalid>',
    oidc,
    lockout: { attempts: number(env, 'SAFETY_LOCKOUT_ATTEMPTS', 5), durationMs: minutes(number(env, 'SAFETY_LOCKOUT_MINUTES', 15)) },
    reviewDays: reviewDays(env),
    caseRetentionDays: retentionDays(env),
    escalationRoute: escalationRoute(env),
    endOfDay: endOfDay(env),
    emergencyContactMaxDays: number(env, 'SAFETY_EMERGENCY_CONTACT_MAX_DAYS', 365),
    register: registerConfig(env),
    bodyLimit: number(env, 'SAFETY_BODY_LIMIT', 2 * 1024 * 1024),
    demoPassword: env.SAFETY_DEMO_PASSWORD || undefined,
    jobPollMs: number(env, 'SAFETY_JOB_POLL_MS', 5_000),
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    ...overrides,
  };
  if (config.mode === 'production') {
    const missing = [
      !config.dataKey && 'SAFETY_DATA_KEY',
      !config.indexKey && 'SAFETY_INDEX_KEY',
      (!config.sessionSecret || config.sessionSecret.length < 32) && 'SAFETY_SESSION_SECRET (32 characters or more)',
      !config.tls && !config.trustProxy && 'TLS (SAFETY_TLS_KEY and SAFETY_TLS_CERT) or SAFETY_TRUST_PROXY=1',
    ].filter(Boolean);
    if (missing.length) throw new ConfigError(`refusing to start in production without: ${missing.join(', ')}`);
  }
  if (config.oidc) {
    let issuer: URL | undefined;
    try {
      issuer = new URL(config.oidc.issuer);
    } catch {
      throw new ConfigError('SAFETY_OIDC_ISSUER must be a URL');
    }
    if (!config.oidc.clientId || !config.oidc.clientSecret) throw new ConfigError('SAFETY_OIDC_ISSUER needs SAFETY_OIDC_CLIENT_ID and SAFETY_OIDC_CLIENT_SECRET');
    if (issuer.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)) throw new ConfigError('SAFETY_OIDC_ISSUER must be https (plain http only to this machine)');
    const roles = config.oidc.groupRoles;
    if (typeof roles !== 'object' || roles === null || Array.isArray(roles) || !Object.values(roles).every((r) => Array.isArray(r) && r.every((x) => typeof x === 'string'))) {
      throw new ConfigError('SAFETY_OIDC_GROUP_ROLES must be a JSON object of group name -> array of roles');
    }
  }
  return config;
}
