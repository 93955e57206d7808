/**
 * The test database harness. Every test that touches the database runs once per database:
 *
 *   for (const d of databases()) describe(d.name, () => { ... const db = await d.open(); ... });
 *
 * - `sqlite` always: a fresh file in a fresh temp folder per `open()`; `close()` removes the folder.
 * - `postgres` when `SAFETY_TEST_DATABASE_URL` is set (scripts/test-server.mjs starts a throwaway
 *   server and sets it): each `open()` creates a database of its own (`sf_<random>`) through the URL's
 *   database, and `close()` drops it, so no test ever sees another's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/index.js';
import type { KeyRing } from '../../src/crypto/keys.js';

export type DatabaseName = 'sqlite' | 'postgres';

/** An open test database. `url` (PostgreSQL) or `file` (SQLite) lets a test open a second connection. */
export type TestDb = Db & { url?: string };

export interface TestDatabase {
  name: DatabaseName;
  open(): Promise<TestDb>;
}

const made = new Set<string>();
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder (mode 0700), removed when the process exits if the test has not removed it. */
export function tempDir(prefix = 'sf-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** A key ring with random keys and no file. */
export function testKeyRing(currentId = 'ktest'): KeyRing {
  return { currentId, keys: new Map([[currentId, randomBytes(32)]]), indexKey: randomBytes(32), source: 'test' };
}

/** `url` with its database name replaced. Handles `postgresql://user@/db?host=/socket` as well as host URLs. */
export function withDatabase(url: string, name: string): string {
  const m = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/.exec(url);
  if (!m) throw new Error('SAFETY_TEST_DATABASE_URL is not a postgres:// or postgresql:// URL');
  return `${m[1]}/${name}${m[3] ?? ''}`;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function openSqlite(): Promise<TestDb> {
  const dir = tempDir('sf-sqlite-');
  const db = await openDb({ file: join(dir, 'safety-forms.sqlite') });
  const close = db.close;
  let closed = false;
  return {
    ...db,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
      removeDir(dir);
    },
  };
}

async function openPostgres(baseUrl: string): Promise<TestDb> {
  const name = `sf_${randomBytes(6).toString('hex')}`;
  await admin(baseUrl, (c) => c.query(`create database ${name}`));
  const url = withDatabase(baseUrl, name);
  let db: Db;
  try {
    db = await openDb({ url });
  } catch (error) {
    await admin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    throw error;
  }
  const close = db.close;
  let closed = false;
  return {
    ...db,
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
      // `with (force)` ends any connection a test left open (a second pool it forgot to close).
      await admin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** The databases this run tests against: SQLite always, PostgreSQL when SAFETY_TEST_DATABASE_URL is set. */
export function databases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'sqlite', open: openSqlite }];
  const url = process.env.SAFETY_TEST_DATABASE_URL;
  if (url) list.push({ name: 'postgres', open: () => openPostgres(url) });
  return list;
}
