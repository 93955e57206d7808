/**
 * kill -9 during a burst of submissions, then a restart (issue 12, "Bad input and faults"): every record
 * the server answered 201 for is on disk exactly once, re-sending every key gives its first reference
 * back or stores it now, never a second row, and the audit chain still verifies. The real server, as
 * `npm start` runs it, in a child process on SQLite.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApiKeys } from '../src/auth/api-keys.js';
import { verifyAudit } from '../src/audit/log.js';
import { openDb } from '../src/db/index.js';
import { removeDir, tempDir } from './support/databases.js';
import { envelope, newKey } from './support/fixtures.js';

const MAIN = join(process.cwd(), 'packages/server/src/main.ts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts `main.ts demo` and resolves once it listens. */
function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'demo'], {
    env: { ...process.env, SAFETY_DATA_DIR: dataDir, PORT: String(port), SAFETY_DEMO_PASSWORD: 'crash test password', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${out.slice(-500)}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      if (/safety-forms demo:/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk) => (out += String(chunk)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}): ${out.slice(-500)}`));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('kill -9 during a burst of submissions (sqlite, the real server)', () => {
  it('keeps every 201 exactly once, and every key resolves to one record after the restart', { timeout: 120_000 }, async () => {
    const dataDir = tempDir('sf-crash-');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    try {
      // First start makes the database, the key file and the demo accounts; then an API key for the burst.
      let child = await startServer(dataDir, port);
      child.kill('SIGTERM');
      await exited(child);
      const setup = await openDb({ dataDir });
      const { token } = await new ApiKeys(setup.kysely).create('crash', ['integration'], null);
      await setup.close();

      const send = (key: string) =>
        fetch(`${base}/api/threat-report`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(envelope()),
          signal: AbortSignal.timeout(20_000),
        }).then(
          async (res) => ({ status: res.status, body: await res.text() }),
          () => ({ status: 0, body: '' }),
        );

      child = await startServer(dataDir, port);
      const keys = Array.from({ length: 300 }, () => newKey());
      let answered = 0;
      const victim = child;
      const burst = keys.map((key) =>
        send(key).then((r) => {
          if (r.status === 201 && ++answered === 40) victim.kill('SIGKILL');
          return r;
        }),
      );
      const first = await Promise.all(burst);
      await exited(child);
      const acknowledged = new Map<string, string>();
      first.forEach((r, i) => {
        if (r.status === 201) acknowledged.set(keys[i]!, (JSON.parse(r.body) as { reference: string }).reference);
      });
      assert.ok(acknowledged.size >= 40, `${acknowledged.size} acknowledged before the kill`);
      assert.ok(first.some((r) => r.status === 0), 'the kill cut some requests off');

      child = await startServer(dataDir, port);
      try {
        const db = await openDb({ dataDir });
        try {
          for (const [, reference] of acknowledged) {
            const rows = await db.kysely.selectFrom('records').select('id').where('reference', '=', reference).execute();
            assert.equal(rows.length, 1, `${reference} is on disk once`);
          }
          // Every key again: an acknowledged one replays its reference; the rest replay or store now.
          const again = await Promise.all(keys.map((k) => send(k)));
          again.forEach((r, i) => {
            assert.equal(r.status, 201, `key ${i}: ${r.status}`);
            const ref = (JSON.parse(r.body) as { reference: string }).reference;
            const was = acknowledged.get(keys[i]!);
            if (was) assert.equal(ref, was, 'the first reply is replayed');
          });
          const records = await db.kysely.selectFrom('records').select('id').execute();
          assert.equal(records.length, keys.length, 'one record per key, no duplicates');
          const idem = await db.kysely.selectFrom('idempotency_keys').select('key').execute();
          assert.equal(new Set(idem.map((r) => r.key)).size, keys.length);
          assert.equal((await verifyAudit(db.kysely)).ok, true, 'the audit chain survives');
        } finally {
          await db.close();
        }
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    } finally {
      removeDir(dataDir);
    }
  });
});
