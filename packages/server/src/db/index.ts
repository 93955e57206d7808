/**
 * The Kysely instance: SQLite through better-sqlite3 (the embedded default, a file in the data folder)
 * or PostgreSQL through pg when a URL is given. The same migrations and queries run on both.
 *
 * SQLite runs in WAL mode with `synchronous=FULL`: a commit is on disk (WAL fsynced) before the
 * reply that depends on it goes out. Every record is one small transaction, never a file rewrite.
 */
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
// Kysely 0.29 moved the migrator to its own entry point (the root export is only a type error now).
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import * as initial from './migrations/001-initial.js';
import * as cases from './migrations/002-cases.js';
import * as caseReminders from './migrations/003-case-reminders.js';
import * as loneWorking from './migrations/004-lone-working.js';
import * as purpleFile from './migrations/005-purple-file.js';
import * as incidents from './migrations/006-incidents.js';
import * as register from './migrations/007-register.js';
import * as visitLeave from './migrations/008-visit-leave.js';
import * as incidentAssessments from './migrations/009-incident-assessments.js';
import * as visitReferral from './migrations/010-visit-referral.js';
import * as visitPassedOver from './migrations/011-visit-passed-over.js';
import type { Database } from './schema.js';

export type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite file, when embedded. */
  file?: string;
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL connection string. */
  url?: string;
  /** Folder for the SQLite file (`safety-forms.sqlite`). */
  dataDir?: string;
  /** `:memory:` for a throwaway SQLite database. */
  file?: string;
}

const migrations: Record<string, Migration> = { '001-initial': initial, '002-cases': cases, '003-case-reminders': caseReminders, '004-lone-working': loneWorking, '005-purple-file': purpleFile, '006-incidents': incidents, '007-register': register, '008-visit-leave': visitLeave, '009-incident-assessments': incidentAssessments, '010-visit-referral': visitReferral, '011-visit-passed-over': visitPassedOver };

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Opens the database and brings its tables up to date. */
export async function openDb(options: DbOptions): Promise<Db> {
  let db: Db;
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // Keep the pool alive on an idle-client error (a restarted server); the next query reconnects.
    pool.on('error', () => undefined);
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    db = { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  } else {
    let file = options.file;
    if (!file) {
      const dir = options.dataDir ?? 'data';
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      file = join(dir, 'safety-forms.sqlite');
    }
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted pages are zeroed, so a removed record's ciphertext does not linger in free pages.
    sqlite.pragma('secure_delete = ON');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    db = { kysely, dialect: 'sqlite', file, close: () => kysely.destroy() };
  }
  await migrate(db.kysely);
  return db;
}

export async function migrate(kysely: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db: kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause: error });
}

/** True when `error` is a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export { sql };
