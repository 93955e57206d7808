/**
 * The command line:
 *   safety-forms demo          the demo: SQLite in ./data, demo accounts, 127.0.0.1 only (`npm start`)
 *   safety-forms serve         production: refuses to start without keys, a session secret and TLS or a proxy (`npm run serve`)
 *   safety-forms rotate-key    seals every row under a new key (key file), or under the first SAFETY_DATA_KEY entry
 *   safety-forms verify-audit  checks the audit log's hash chain; exit 1 when broken
 * Output says what happened with counts and ids; never a record's content.
 */
import { resealCases } from './services/cases.js';
import { randomBytes } from 'node:crypto';
import { buildApp } from './app.js';
import { verifyAudit } from './audit/log.js';
import { loadConfig, type Mode } from './config.js';
import { addKeyToFile, dropKeysFromFile, loadKeyRing } from './crypto/keys.js';
import { Sealer } from './crypto/seal.js';
import { openDb } from './db/index.js';
import { Accounts, DEMO_ACCOUNTS, seedDemo } from './services/accounts.js';
import { Records } from './services/records.js';
import { AuditLog } from './audit/log.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function start(mode: Mode): Promise<void> {
  const config = loadConfig(mode);
  const { app, services, close } = await buildApp(config);
  if (mode === 'demo') {
    const password = config.demoPassword ?? randomBytes(9).toString('base64url');
    if (await seedDemo(services.accounts, password)) {
      out('demo organisation created. Accounts (one per role):');
      for (const a of DEMO_ACCOUNTS) out(`  ${a.username.padEnd(15)} ${a.roles.join(', ')}`);
      out(`  password: ${config.demoPassword ? '(SAFETY_DEMO_PASSWORD)' : password}`);
    } else if (!config.demoPassword) {
      out('demo accounts exist already; their password was printed when they were made (or set SAFETY_DEMO_PASSWORD on a new data folder)');
    }
  }
  // Closed cases past their retention (under the period configured now) are deleted by the jobs.
  await services.cases.scheduleRetention();
  await services.visits.scheduleContactCheck();
  // Register entries past their review date are deleted by today's sweep, due at once (a server down across an expiry deletes on start).
  await services.register.schedule();
  services.jobs.start(config.jobPollMs);
  await app.listen({ host: config.host, port: config.port });
  out(`safety-forms ${mode}: ${config.publicUrl}/${mode === 'demo' ? '  (demo: listening on 127.0.0.1 only)' : ''}`);
  out(`data: ${services.db.dialect === 'sqlite' ? services.db.file : 'PostgreSQL'}; keys: ${services.keys.source === 'environment' ? 'environment' : services.keys.source}`);
  if (!config.smtpUrl) out('mail: no SAFETY_SMTP_URL, notifications are held for the admin (Held mail)');
  const stop = () => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function rotateKey(): Promise<void> {
  const config = loadConfig('test', process.env);
  const db = await openDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (!config.dataKey) out(`new key ${addKeyToFile(config.dataDir)} in the key file`);
    const ring = loadKeyRing({ dataKey: config.dataKey, indexKey: config.indexKey, dataDir: config.dataDir });
    const sealer = new Sealer(ring);
    const audit = new AuditLog(db.kysely, db.dialect);
    const accounts = new Accounts(db.kysely, sealer, config.lockout);
    const records = new Records(db.kysely, db.dialect, sealer, audit);
    let n = 0;
    for (const row of await db.kysely.selectFrom('accounts').selectAll().execute()) {
      await accounts.reseal(row);
      n++;
    }
    let r = 0;
    let after = '';
    for (;;) {
      const rows = await db.kysely.selectFrom('records').selectAll().where('id', '>', after).orderBy('id').limit(500).execute();
      if (!rows.length) break;
      for (const row of rows) await records.reseal(row);
      r += rows.length;
      after = rows.at(-1)!.id;
    }
    for (const e of await db.kysely.selectFrom('record_events').selectAll().where('note_enc', 'is not', null).execute()) {
      const { aad } = await import('./crypto/seal.js');
      const note = sealer.open(e.note_enc!, aad('record_events', 'note_enc', e.id));
      await db.kysely.updateTable('record_events').set({ note_enc: sealer.seal(note, aad('record_events', 'note_enc', e.id)) }).where('id', '=', e.id).execute();
    }
    const c = await resealCases(db.kysely, sealer);
    await audit.append({ actorId: null, actorKind: 'system', action: 'keys.rotate', outcome: 'ok', detail: { key: ring.currentId, accounts: n, records: r, caseRows: c } });
    if (!config.dataKey) {
      const dropped = dropKeysFromFile(config.dataDir, new Set([ring.currentId]));
      out(`old keys removed from the key file: ${dropped.join(', ') || 'none'}`);
    }
    out(`re-sealed ${n} accounts and ${r} records under key ${ring.currentId}`);
  } finally {
    await db.close();
  }
}

async function verify(): Promise<void> {
  const config = loadConfig('test', process.env);
  const db = await openDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const verdict = await verifyAudit(db.kysely);
    if (verdict.ok) out(`audit log intact: ${verdict.entries} entries`);
    else {
      out(`audit log BROKEN at entry ${verdict.brokenAt} (${verdict.entries} entries verified before it)`);
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

const command = process.argv[2] ?? 'demo';
const run = command === 'demo' || command === 'serve' ? () => start(command === 'serve' ? 'production' : 'demo') : command === 'rotate-key' ? rotateKey : command === 'verify-audit' ? verify : undefined;
if (!run) {
  process.stderr.write('usage: safety-forms demo|serve|rotate-key|verify-audit\n');
  process.exit(2);
}
run().catch((error: unknown) => {
  // The message only: configuration and start errors are ours and hold no record data.
  process.stderr.write(`safety-forms: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
