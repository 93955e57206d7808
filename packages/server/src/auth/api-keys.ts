/**
 * API keys for intranets that post from another origin: `Authorization: Bearer sfk_<id>.<secret>`.
 * Only the SHA-256 of the secret is stored; the token is shown once, when the key is made.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashToken } from './sessions.js';

export interface ApiKeyPrincipal {
  id: string;
  roles: string[];
}

export class ApiKeys {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(name: string, roles: string[], createdBy: string | null): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('api_keys')
      .values({ id, name, token_hash: hashToken(secret), roles: JSON.stringify(roles), created_by: createdBy, created_at: this.clock().toISOString(), last_used_at: null, revoked_at: null })
      .execute();
    return { id, token: `sfk_${id}.${secret}` };
  }

  async find(token: string): Promise<ApiKeyPrincipal | undefined> {
    const m = /^sfk_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return undefined;
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', m[1]!).executeTakeFirst();
    if (!row || row.revoked_at) return undefined;
    const want = Buffer.from(row.token_hash, 'hex');
    const got = Buffer.from(hashToken(m[2]!), 'hex');
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    return { id: row.id, roles: JSON.parse(row.roles) as string[] };
  }

  async revoke(id: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ revoked_at: this.clock().toISOString() }).where('id', '=', id).execute();
  }

  async list() {
    return this.db.selectFrom('api_keys').select(['id', 'name', 'roles', 'created_at', 'revoked_at']).orderBy('created_at', 'desc').execute();
  }
}
