/**
 * Accounts: local (argon2id password) and OpenID Connect. Usernames, names and email addresses are
 * personal data, so they are sealed; sign-in finds an account by the blind index of its username.
 * Lockout: after `lockout.attempts` failures in a row the account refuses every password, right or
 * wrong, until `lockout.durationMs` has passed.
 */
import { hash, verify } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Account, Database } from '../db/schema.js';
import { aad, type Sealer } from '../crypto/seal.js';
import { can, isRole, type Permission } from '../auth/permissions.js';

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  managerId: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  local: boolean;
}

export interface NewAccountInput {
  username: string;
  displayName: string;
  email?: string | null;
  roles: string[];
  managerId?: string | null;
  password?: string | null;
  oidcIndex?: string | null;
}

export type SignInResult = { ok: true; account: Account } | { ok: false; reason: 'unknown' | 'wrong-password' | 'locked' | 'disabled'; accountId?: string };

export const USERNAME = /^[A-Za-z0-9._@-]{2,64}$/;

// Verified against when the username is unknown, so a miss takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export class Accounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly lockout: { attempts: number; durationMs: number },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  usernameIndex(username: string): string {
    return this.sealer.index('username', username);
  }

  view(row: Account): AccountView {
    return {
      id: row.id,
      username: this.sealer.open(row.username_enc, aad('accounts', 'username_enc', row.id)),
      displayName: this.sealer.open(row.display_name_enc, aad('accounts', 'display_name_enc', row.id)),
      email: row.email_enc ? this.sealer.open(row.email_enc, aad('accounts', 'email_enc', row.id)) : null,
      roles: JSON.parse(row.roles) as string[],
      managerId: row.manager_id,
      disabled: !!Number(row.disabled),
      lockedUntil: row.locked_until,
      local: !!row.password_hash,
    };
  }

  displayName(row: { id: string; display_name_enc: string }): string {
    return this.sealer.open(row.display_name_enc, aad('accounts', 'display_name_enc', row.id));
  }

  async create(input: NewAccountInput): Promise<string> {
    if (!USERNAME.test(input.username)) throw new RangeError('username');
    const roles = [...new Set(input.roles)];
    if (!roles.every(isRole)) throw new RangeError('roles');
    const id = randomUUID();
    const now = this.clock().toISOString();
    await this.db
      .insertInto('accounts')
      .values({
        id,
        username_index: this.usernameIndex(input.username),
        username_enc: this.sealer.seal(input.username, aad('accounts', 'username_enc', id)),
        display_name_enc: this.sealer.seal(input.displayName, aad('accounts', 'display_name_enc', id)),
        email_enc: input.email ? this.sealer.seal(input.email, aad('accounts', 'email_enc', id)) : null,
        roles: JSON.stringify(roles),
        manager_id: input.managerId ?? null,
        password_hash: input.password ? await hash(input.password) : null,
        oidc_index: input.oidcIndex ?? null,
        disabled: 0,
        failed_attempts: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  get(id: string): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byUsername(username: string): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('username_index', '=', this.usernameIndex(username)).executeTakeFirst();
  }

  byOidc(index: string): Promise<Account | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('oidc_index', '=', index).executeTakeFirst();
  }

  /**
   * The ids of the enabled accounts holding `permission` (who is told when nobody else is): roles only,
   * nothing unsealed; inside `trx` when given.
   */
  async holding(permission: Permission, trx?: Transaction<Database>): Promise<string[]> {
    const rows = await (trx ?? this.db).selectFrom('accounts').select(['id', 'roles', 'disabled']).execute();
    return rows.filter((a) => !a.disabled && can(JSON.parse(a.roles) as string[], permission)).map((a) => a.id);
  }

  async list(): Promise<AccountView[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('created_at').execute();
    return rows.map((r) => this.view(r)).sort((a, b) => a.username.localeCompare(b.username));
  }

  count(): Promise<number> {
    return this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  /** The ids of the accounts `managerId` manages. */
  async team(managerId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('accounts').select('id').where('manager_id', '=', managerId).execute();
    return rows.map((r) => r.id);
  }

  async signIn(username: string, password: string): Promise<SignInResult> {
    const row = USERNAME.test(username) ? await this.byUsername(username) : undefined;
    if (!row || !row.password_hash) {
      dummyHash ??= hash('not a password of anybody');
      await verify(await dummyHash, password).catch(() => false);
      return { ok: false, reason: 'unknown' };
    }
    const now = this.clock();
    if (Number(row.disabled)) return { ok: false, reason: 'disabled', accountId: row.id };
    if (row.locked_until && row.locked_until > now.toISOString()) return { ok: false, reason: 'locked', accountId: row.id };
    const good = await verify(row.password_hash, password).catch(() => false);
    if (!good) {
      const failures = Number(row.failed_attempts) + 1;
      const lock = failures >= this.lockout.attempts;
      await this.db
        .updateTable('accounts')
        .set({ failed_attempts: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + this.lockout.durationMs).toISOString() : row.locked_until })
        .where('id', '=', row.id)
        .execute();
      return { ok: false, reason: lock ? 'locked' : 'wrong-password', accountId: row.id };
    }
    if (Number(row.failed_attempts) || row.locked_until) {
      await this.db.updateTable('accounts').set({ failed_attempts: 0, locked_until: null }).where('id', '=', row.id).execute();
    }
    return { ok: true, account: row };
  }

  async setRoles(id: string, roles: string[]): Promise<void> {
    if (!roles.every(isRole)) throw new RangeError('roles');
    await this.db.updateTable('accounts').set({ roles: JSON.stringify([...new Set(roles)]), updated_at: this.clock().toISOString() }).where('id', '=', id).execute();
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.updateTable('accounts').set({ disabled: disabled ? 1 : 0, updated_at: this.clock().toISOString() }).where('id', '=', id).execute();
  }

  async setManager(id: string, managerId: string | null): Promise<void> {
    await this.db.updateTable('accounts').set({ manager_id: managerId, updated_at: this.clock().toISOString() }).where('id', '=', id).execute();
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.db.updateTable('accounts').set({ password_hash: await hash(password), failed_attempts: 0, locked_until: null, updated_at: this.clock().toISOString() }).where('id', '=', id).execute();
  }

  /** Re-seals the personal data columns under the current key (`rotate-key`). */
  async reseal(row: Account): Promise<void> {
    const v = this.view(row);
    await this.db
      .updateTable('accounts')
      .set({
        username_enc: this.sealer.seal(v.username, aad('accounts', 'username_enc', row.id)),
        display_name_enc: this.sealer.seal(v.displayName, aad('accounts', 'display_name_enc', row.id)),
        email_enc: v.email ? this.sealer.seal(v.email, aad('accounts', 'email_enc', row.id)) : null,
      })
      .where('id', '=', row.id)
      .execute();
  }
}

export const DEMO_ACCOUNTS = [
  { username: 'staff.demo', displayName: 'Sam Staff (demo)', roles: ['staff'] },
  { username: 'manager.demo', displayName: 'Morgan Manager (demo)', roles: ['staff', 'line-manager'] },
  { username: 'safety.demo', displayName: 'Sasha Safety (demo)', roles: ['staff', 'safety-team'] },
  { username: 'head.demo', displayName: 'Harper Head of Service (demo)', roles: ['staff', 'head-of-service'] },
  { username: 'director.demo', displayName: 'Drew Director (demo)', roles: ['staff', 'register-owner'] },
  { username: 'visitor.demo', displayName: 'Vic Visiting Officer (demo)', roles: ['staff', 'visiting-staff'] },
  { username: 'admin.demo', displayName: 'Alex Admin (demo)', roles: ['admin'] },
] as const;

/** On an empty database: the demo organisation, an account per role; staff.demo is managed by manager.demo. */
export async function seedDemo(accounts: Accounts, password: string): Promise<boolean> {
  if ((await accounts.count()) > 0) return false;
  const ids = new Map<string, string>();
  for (const a of DEMO_ACCOUNTS) {
    ids.set(a.username, await accounts.create({ username: a.username, displayName: a.displayName, email: `${a.username}@example.invalid`, roles: [...a.roles], password }));
  }
  await accounts.setManager(ids.get('staff.demo')!, ids.get('manager.demo')!);
  return true;
}
