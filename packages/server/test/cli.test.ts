/**
 * The command line: `rotate-key` re-seals every row under a new key and drops the old one from the
 * key file; `verify-audit` passes an intact chain and fails (exit 1) a tampered one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { keyFilePath, loadKeyRing } from '../src/crypto/keys.js';
import { Sealer } from '../src/crypto/seal.js';
import { openDb } from '../src/db/index.js';
import { seedDemo } from '../src/services/accounts.js';
import { PASSWORD } from './support/app.js';
import { tempDir } from './support/databases.js';
import { envelope } from './support/fixtures.js';

const MAIN = join(process.cwd(), 'packages/server/src/main.ts');

function cli(command: string, dataDir: string) {
  const env = { ...process.env, SAFETY_DATA_DIR: dataDir, SAFETY_DATABASE_URL: '', SAFETY_DATA_KEY: '', LOG_LEVEL: 'silent' };
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, command], { env, encoding: 'utf8', timeout: 60_000 });
}

async function populated(): Promise<{ dir: string; keyBefore: string; recordId: string }> {
  const dir = tempDir();
  const config = loadConfig('test', { SAFETY_ROOT: process.cwd(), SAFETY_DATA_DIR: dir });
  const { services, close } = await buildApp(config);
  await seedDemo(services.accounts, PASSWORD);
  const reply = await services.records.submit({ kind: 'account', id: 'acct-1', roles: ['staff'] }, 'threat-report', 'cli-test-key-1', JSON.stringify(envelope()), 'req-1');
  assert.equal(reply.status, 201);
  const keyBefore = services.keys.currentId;
  await close();
  return { dir, keyBefore, recordId: reply.recordId! };
}

describe('command line', { timeout: 120_000 }, () => {
  it('rotate-key re-seals records and accounts under a new key and removes the old key from the key file', async () => {
    const { dir, keyBefore, recordId } = await populated();
    const run = cli('rotate-key', dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /re-sealed 7 accounts and 1 records under key/);
    const ring = loadKeyRing({ dataDir: dir });
    assert.notEqual(ring.currentId, keyBefore);
    assert.deepEqual([...ring.keys.keys()], [ring.currentId], 'only the new key is left in the file');
    assert.equal((readFileSync(keyFilePath(dir)).length > 0), true);
    const db = await openDb({ dataDir: dir });
    try {
      const row = await db.kysely.selectFrom('records').selectAll().where('id', '=', recordId).executeTakeFirstOrThrow();
      assert.equal(Sealer.keyIdOf(row.payload_enc), ring.currentId);
      const accounts = await db.kysely.selectFrom('accounts').select(['username_enc']).execute();
      assert.ok(accounts.every((a) => Sealer.keyIdOf(a.username_enc) === ring.currentId));
      // The app opens them under the new key ring.
      const config = loadConfig('test', { SAFETY_ROOT: process.cwd(), SAFETY_DATA_DIR: dir });
      const app = await buildApp(config, { db });
      const view = app.services.records.view((await app.services.records.get(recordId))!);
      assert.deepEqual(view.payload.envelope.data, envelope().data);
      assert.ok(await app.services.accounts.byUsername('staff.demo'), 'sign-in look-up (blind index) still works');
      await app.close();
    } finally {
      await db.close();
    }
  });

  it('verify-audit passes an intact chain and exits 1 on a tampered entry', async () => {
    const { dir } = await populated();
    const ok = cli('verify-audit', dir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /audit log intact: \d+ entries/);
    const db = await openDb({ dataDir: dir });
    await db.kysely.updateTable('audit_log').set({ action: 'record.read' }).where('seq', '=', 1).execute();
    await db.close();
    const broken = cli('verify-audit', dir);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /BROKEN at entry 1/);
  });
});
