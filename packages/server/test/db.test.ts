import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { aad, Sealer } from '../src/crypto/seal.js';
import { isUniqueViolation, migrate, openDb, type Database } from '../src/db/index.js';
import { databases, tempDir, testKeyRing, type TestDb } from './support/databases.js';

const NAME = 'Ysolde Quarrington-Vexworth';

function recordRow(sealer: Sealer, fields: { id?: string; reference?: string; formId?: string; data?: unknown } = {}) {
  const id = fields.id ?? randomUUID();
  const at = '2026-12-06T04:00:00.000Z';
  return {
    id,
    reference: fields.reference ?? `SF-${id.slice(0, 8).toUpperCase()}`,
    form_id: fields.formId ?? 'incident-report',
    schema_version: '1',
    submitter_id: 'acc-1',
    submitter_kind: 'account' as const,
    submitted_at: at,
    received_at: at,
    status: 'received',
    payload_enc: sealer.sealJson({ data: fields.data ?? { name: NAME }, result: null }, aad('records', 'payload_enc', id)),
    outcome_enc: null,
    updated_at: at,
  };
}

async function migrations(kysely: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(kysely);
  return rows.map((r) => r.name);
}

for (const d of databases()) {
  describe(`database (${d.name})`, () => {
    let db: TestDb;
    const sealer = new Sealer(testKeyRing());

    before(async () => {
      db = await d.open();
    });
    after(async () => {
      await db.close();
    });

    it('creates every table through the one migration', async () => {
      assert.deepEqual(await migrations(db.kysely), ['001-initial', '002-cases', '003-case-reminders', '004-lone-working', '005-purple-file', '006-incidents', '007-register', '008-visit-leave', '009-incident-assessments', '010-visit-referral', '011-visit-passed-over']);
      for (const table of ['accounts', 'sessions', 'api_keys', 'records', 'record_events', 'idempotency_keys', 'audit_log', 'jobs', 'messages', 'agreements', 'cases', 'case_members', 'case_records', 'case_actions', 'case_events', 'visits', 'visit_alerts', 'checkout_codes', 'purple_file_calls', 'major_incident_info', 'incidents', 'register_entries', 'register_links', 'register_keys', 'register_letters', 'register_notices', 'register_appeals', 'register_reviews', 'register_agreements', 'register_briefings', 'visit_leave', 'visit_action_keys', 'incident_assessments'] as const) {
        const rows = await db.kysely.selectFrom(table).selectAll().execute();
        assert.deepEqual(rows, [], table);
      }
    });

    it('migrates idempotently: reopening and migrating again changes nothing and keeps the rows', async () => {
      const row = recordRow(sealer);
      await db.kysely.insertInto('records').values(row).execute();
      const again = await openDb(db.url ? { url: db.url } : { file: db.file! });
      try {
        await migrate(again.kysely);
        assert.deepEqual(await migrations(again.kysely), ['001-initial', '002-cases', '003-case-reminders', '004-lone-working', '005-purple-file', '006-incidents', '007-register', '008-visit-leave', '009-incident-assessments', '010-visit-referral', '011-visit-passed-over']);
        const read = await again.kysely.selectFrom('records').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
        assert.deepEqual(read, row);
      } finally {
        await again.close();
      }
      await migrate(db.kysely);
      assert.deepEqual(await migrations(db.kysely), ['001-initial', '002-cases', '003-case-reminders', '004-lone-working', '005-purple-file', '006-incidents', '007-register', '008-visit-leave', '009-incident-assessments', '010-visit-referral', '011-visit-passed-over']);
    });

    it('stores sealed values that open only for their own row', async () => {
      const row = recordRow(sealer, { data: { name: NAME, note: 'ünïcödé ✓' } });
      await db.kysely.insertInto('records').values(row).execute();
      const read = await db.kysely.selectFrom('records').select(['id', 'payload_enc']).where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.deepEqual(sealer.openJson(read.payload_enc, aad('records', 'payload_enc', read.id)), { data: { name: NAME, note: 'ünïcödé ✓' }, result: null });
      assert.throws(() => sealer.open(read.payload_enc, aad('records', 'payload_enc', 'another-row')));
    });

    it('reports a unique violation the same way on both databases', async () => {
      const row = recordRow(sealer, { reference: 'SF-DUPLICATE' });
      await db.kysely.insertInto('records').values(row).execute();
      const error = await db.kysely
        .insertInto('records')
        .values({ ...recordRow(sealer), reference: 'SF-DUPLICATE' })
        .execute()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(error, 'the duplicate was refused');
      assert.equal(isUniqueViolation(error), true);
      const pk = await db.kysely.insertInto('records').values(row).execute().catch((e: unknown) => e);
      assert.equal(isUniqueViolation(pk), true, 'primary key');
      assert.equal(isUniqueViolation(new Error('something else')), false);
      assert.equal(isUniqueViolation(null), false);
    });

    it('treats SQL metacharacters in values as data', async () => {
      const hostile = `x'); drop table records; --`;
      const row = recordRow(sealer, { formId: hostile });
      await db.kysely.insertInto('records').values(row).execute();
      const found = await db.kysely.selectFrom('records').select('id').where('form_id', '=', hostile).execute();
      assert.deepEqual(found, [{ id: row.id }]);
    });
  });
}

describe('database (sqlite file)', () => {
  const sealer = new Sealer(testKeyRing());
  const needles = (text: string) => [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()];
  const contains = (path: string, text: string) => existsSync(path) && needles(text).some((n) => readFileSync(path).includes(n));

  it('runs in WAL mode with synchronous=FULL, foreign keys and secure delete on', async () => {
    const db = await openDb({ file: join(tempDir(), 'x.sqlite') });
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0] as object)[0] as unknown;
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 2, 'FULL');
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('secure_delete'), 1);
      assert.ok(Number(await pragma('busy_timeout')) >= 1000);
    } finally {
      await db.close();
    }
  });

  it('creates the data folder owner-only and the file in it', async () => {
    const dataDir = join(tempDir(), 'data', 'nested');
    const db = await openDb({ dataDir });
    try {
      assert.equal(db.file, join(dataDir, 'safety-forms.sqlite'));
      assert.ok(existsSync(db.file));
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    } finally {
      await db.close();
    }
  });

  it('keeps rows and does not migrate twice across a close and reopen', async () => {
    const file = join(tempDir(), 'reopen.sqlite');
    const first = await openDb({ file });
    const row = recordRow(sealer);
    await first.kysely.insertInto('records').values(row).execute();
    await first.close();
    const second = await openDb({ file });
    try {
      assert.deepEqual(await migrations(second.kysely), ['001-initial', '002-cases', '003-case-reminders', '004-lone-working', '005-purple-file', '006-incidents', '007-register', '008-visit-leave', '009-incident-assessments', '010-visit-referral', '011-visit-passed-over']);
      assert.deepEqual(await second.kysely.selectFrom('records').selectAll().execute(), [row]);
    } finally {
      await second.close();
    }
  });

  it('never writes a sealed name to the file or its WAL, as UTF-8 or UTF-16', async () => {
    const file = join(tempDir(), 'leak.sqlite');
    const db = await openDb({ file });
    const control = 'control-form-plaintext-7f3a';
    const row = recordRow(sealer, { formId: control, data: { name: NAME, address: `${NAME}, 1 High Street` } });
    const id = randomUUID();
    const at = row.received_at;
    try {
      await db.kysely.insertInto('records').values(row).execute();
      await db.kysely
        .insertInto('accounts')
        .values({
          id,
          username_index: sealer.index('username', NAME),
          username_enc: sealer.seal(NAME, aad('accounts', 'username_enc', id)),
          display_name_enc: sealer.seal(NAME, aad('accounts', 'display_name_enc', id)),
          email_enc: sealer.seal('ysolde@example.org', aad('accounts', 'email_enc', id)),
          roles: '["staff"]',
          manager_id: null,
          password_hash: null,
          oidc_index: null,
          disabled: 0,
          failed_attempts: 0,
          locked_until: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      // The scan works: a plaintext column is found, in the WAL before a checkpoint.
      assert.ok(existsSync(`${file}-wal`), 'the WAL exists while the database is open');
      assert.ok(contains(`${file}-wal`, control) || contains(file, control), 'the control value is found');
      for (const path of [file, `${file}-wal`]) {
        for (const secret of [NAME, 'Quarrington', 'Vexworth', 'ysolde@example.org']) assert.ok(!contains(path, secret), `${secret} in ${path}`);
      }
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db.kysely);
      assert.ok(contains(file, control), 'checkpointed into the main file');
      // Updating the row (e.g. a new outcome) and deleting it leave no plaintext behind either.
      await db.kysely.updateTable('records').set({ outcome_enc: sealer.seal(`${NAME} was told`, aad('records', 'outcome_enc', row.id)) }).where('id', '=', row.id).execute();
      await db.kysely.deleteFrom('records').where('id', '=', row.id).execute();
    } finally {
      await db.close();
    }
    for (const path of [file, `${file}-wal`]) for (const secret of [NAME, 'Quarrington', 'Vexworth']) assert.ok(!contains(path, secret), `${secret} in ${path} after close`);
  });
});
