// Lone-working bench (issue #16): the delay from a missed check-out to the first alert.
//
// A real server (buildApp) on a fresh SQLite file with its job scheduler running at the configured
// poll interval (SAFETY_JOB_POLL_MS, 5 s by default) plans N visits whose grace period ends two seconds
// from now, all at once, and waits until every first alert (the buddy's) is written. The delay of each
// is its alert's fired_at minus the step's due time. It reports; it never fails on a number.
//
//   node --import tsx bench/escalation.mjs        BENCH_ESCALATION_SIZES=1,100,1000   BENCH_ESCALATION_POLL_MS=5000
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const { buildApp } = await import('../packages/server/src/app.ts');
const { loadConfig } = await import('../packages/server/src/config.ts');
const { seedDemo } = await import('../packages/server/src/services/accounts.ts');

const sizes = (process.env.BENCH_ESCALATION_SIZES ?? '1,100,1000').split(',').map(Number);
const pollMs = Number(process.env.BENCH_ESCALATION_POLL_MS ?? 5000);
const quantile = (xs, q) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

console.log(`\nLone-working escalation bench: ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}, job poll ${pollMs} ms`);
console.log('| visits due at once | first alert p50 | p99 | max | all alerted after |');
console.log('|---|---|---|---|---|');
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'sf-bench-esc-'));
  const config = loadConfig('test', { SAFETY_ROOT: process.cwd(), SAFETY_DATA_DIR: dir }, { dataDir: dir, logLevel: 'silent' });
  const app = await buildApp(config);
  try {
    await seedDemo(app.services.accounts, 'bench password');
    const accounts = await app.services.accounts.list();
    const staff = accounts.find((a) => a.username === 'staff.demo').id;
    const grace = config.escalationRoute.graceMinutes * 60_000;
    const endsAt = new Date(Date.now() + 2_000 - grace);
    for (let i = 0; i < n; i++) {
      const r = await app.services.visits.plan(staff, { startsAt: new Date(endsAt.getTime() - 3_600_000), endsAt, endOfDayAt: new Date(endsAt.getTime() + 3_600_000), buddyUsername: 'visitor.demo', arrangement: 'alone', trafficLight: null, detail: { reference: '', description: 'Bench visit', location: 'Bench', jointWith: '', redAgreement: '' } }, `bench-${i}`);
      if (!r.ok) throw new Error(r.text);
    }
    app.services.jobs.start(pollMs);
    const due = endsAt.getTime() + grace;
    const deadline = Date.now() + 120_000;
    let rows = [];
    while (Date.now() < deadline) {
      rows = await app.services.db.kysely.selectFrom('visit_alerts').select(['fired_at', 'due_at']).where('step', '=', 'buddy').execute();
      if (rows.length >= n) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const delays = rows.map((r) => Date.parse(r.fired_at) - due);
    const all = Math.max(...delays);
    console.log(`| ${n} | ${(quantile(delays, 0.5) / 1000).toFixed(1)} s | ${(quantile(delays, 0.99) / 1000).toFixed(1)} s | ${(all / 1000).toFixed(1)} s | ${rows.length < n ? `only ${rows.length} of ${n} in 120 s` : `${(all / 1000).toFixed(1)} s`} |`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`Goal: within 60 s of the grace period ending. The floor is the poll interval (${pollMs} ms): a job is seen at the next poll after it falls due.`);
