/**
 * Server-side sessions. The cookie carries a random 256-bit token; the table keeps only its SHA-256,
 * so a copy of the database gives no live session. A session ends at sign-out (revoked), after the
 * idle timeout, at its absolute lifetime, or when its account is disabled. A new token is made at
 * every sign-in (the id changes), so a token planted before sign-in is worth nothing after it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LiveSession {
  id: string;
  accountId: string;
  roles: string[];
  displayNameEnc: string;
}

/** Writes of `last_seen_at` are skipped within this long of the last one. */
const TOUCH_MS = 30_000;

export class Sessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly idleMs: number,
    private readonly lifetimeMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Starts a session and returns the cookie token (never stored). */
  async create(accountId: string): Promise<{ token: string; id: string }> {
    const token = randomBytes(32).toString('base64url');
    const id = hashToken(token);
    const now = this.clock();
    await this.db
      .insertInto('sessions')
      .values({ id, account_id: accountId, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + this.lifetimeMs).toISOString(), revoked_at: null })
      .execute();
    return { token, id };
  }

  /** The live session of a cookie token, or undefined (and it is touched). */
  async find(token: string): Promise<LiveSession | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const id = hashToken(token);
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select(['sessions.id', 'sessions.account_id', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at', 'accounts.roles', 'accounts.disabled', 'accounts.display_name_enc'])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.revoked_at || Number(row.disabled)) return undefined;
    const now = this.clock();
    if (row.expires_at <= now.toISOString()) return undefined;
    const idleEnd = new Date(Date.parse(row.last_seen_at) + this.idleMs);
    if (idleEnd <= now) return undefined;
    if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_MS) {
      await this.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
    }
    return { id, accountId: row.account_id, roles: JSON.parse(row.roles) as string[], displayNameEnc: row.display_name_enc };
  }

  async revoke(id: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.clock().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  /** Ends every session of an account (disabled, re-roled, password changed). */
  async revokeAll(accountId: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.clock().toISOString() }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
  }
}
