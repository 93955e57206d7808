#!/usr/bin/env node
/**
 * Runs the server's node tests against SQLite and PostgreSQL.
 *
 *   node scripts/test-server.mjs [files or folders...]   (default: packages/server/test/**\/*.test.ts)
 *
 * PostgreSQL: SAFETY_TEST_DATABASE_URL when it is set; otherwise a throwaway server started here from
 * Debian's packaged binaries (/usr/lib/postgresql/<newest>/bin) in a temp folder, listening on a Unix
 * socket only, stopped and removed on exit whatever happens (test failure, Ctrl-C). As root the
 * binaries run as the `postgres` user, since initdb refuses to run as root. SAFETY_TEST_POSTGRES=0 runs
 * SQLite only. Without the binaries: a failure on CI (CI=true), a notice and SQLite only elsewhere.
 *
 * Node 20's --test does not expand globs for .ts files, so the files are found here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const defaultDir = join(root, 'packages/server/test');
const PORT = 5433;
const DB_NAME = 'safety_test';

function testFiles(args) {
  const found = [];
  const walk = (path) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        const child = join(path, entry);
        if (statSync(child).isDirectory()) walk(child);
        else if (entry.endsWith('.test.ts')) found.push(child);
      }
    } else found.push(path);
  };
  for (const arg of args.length ? args : [defaultDir]) {
    const path = resolve(arg);
    if (!existsSync(path)) throw new Error(`no such test file or folder: ${arg}`);
    walk(path);
  }
  return found;
}

/** The bin folder of the newest packaged PostgreSQL, or undefined. */
function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary (as `postgres` when we are root), synchronously; throws with its output on failure. */
function pgRun(bin, args) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', cwd: '/' });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    throw new Error(`${bin.split('/').pop()} failed (${r.error?.message ?? `exit ${r.status}`})${output ? `:\n${output}` : ''}`);
  }
  return r.stdout;
}

class ThrowawayPostgres {
  constructor(bin) {
    this.bin = bin;
    this.dir = mkdtempSync(join(tmpdir(), 'sf-pg-'));
    this.data = join(this.dir, 'data');
    this.started = false;
    this.stopped = false;
  }

  start() {
    if (asRoot) {
      const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gw = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (pw.status !== 0) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
      chownSync(this.dir, Number(pw.stdout.trim()), Number(gw.stdout.trim()));
    }
    pgRun(join(this.bin, 'initdb'), ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    const options = `-k ${this.dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -p ${PORT}`;
    this.started = true;
    pgRun(join(this.bin, 'pg_ctl'), ['-D', this.data, '-l', join(this.dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
    const psql = join(this.bin, 'psql');
    const r = spawnSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-p', String(PORT), '-U', 'postgres', '-d', 'postgres', '-c', `create database ${DB_NAME}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`psql could not create the test database: ${(r.stderr || r.error?.message || '').trim()}`);
    return `postgresql://postgres@/${DB_NAME}?host=${encodeURIComponent(this.dir)}&port=${PORT}`;
  }

  /** Synchronous, so it can run from an exit handler. Safe to call more than once. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    if (this.started) {
      try {
        pgRun(join(this.bin, 'pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
      } catch (error) {
        console.error(`test-server: could not stop the throwaway PostgreSQL: ${error.message}`);
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  log() {
    try {
      return spawnSync('tail', ['-n', '30', join(this.dir, 'postgres.log')], { encoding: 'utf8' }).stdout;
    } catch {
      return '';
    }
  }
}

function main() {
  const files = testFiles(process.argv.slice(2));
  const env = { ...process.env };
  let pg;
  let databases;
  if (env.SAFETY_TEST_DATABASE_URL) {
    databases = 'SQLite and PostgreSQL (SAFETY_TEST_DATABASE_URL)';
  } else if (env.SAFETY_TEST_POSTGRES === '0') {
    databases = 'SQLite only (SAFETY_TEST_POSTGRES=0)';
  } else {
    const bin = postgresBin();
    if (!bin) {
      if (env.CI === 'true' || env.CI === '1') {
        console.error(
          'test-server: CI needs PostgreSQL for the server tests, but no /usr/lib/postgresql/*/bin/initdb was found. ' +
            "Install Debian's `postgresql` package, or set SAFETY_TEST_DATABASE_URL to a server the tests may create databases on.",
        );
        process.exit(1);
      }
      console.log('test-server: notice: no PostgreSQL binaries (/usr/lib/postgresql/*/bin); running the tests on SQLite only. Install `postgresql` or set SAFETY_TEST_DATABASE_URL to test both.');
      databases = 'SQLite only (no PostgreSQL found)';
    } else {
      pg = new ThrowawayPostgres(bin);
      // Registered before start, so a failure halfway still removes what was made.
      process.on('exit', () => pg.stop());
      try {
        env.SAFETY_TEST_DATABASE_URL = pg.start();
      } catch (error) {
        console.error(`test-server: could not start a throwaway PostgreSQL: ${error.message}`);
        const log = pg.log();
        if (log) console.error(log);
        process.exit(1);
      }
      databases = `SQLite and a throwaway PostgreSQL (${bin.split('/').at(-2)}, ${pg.dir})`;
    }
  }
  console.log(`test-server: ${files.length} file(s) on ${databases}`);

  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files.map((f) => relative(root, f))], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  let signalled;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      signalled ??= signal;
      // A terminal's Ctrl-C reaches the child too; a signal sent to this process alone is passed on.
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`test-server: could not run node --test: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    pg?.stop();
    console.log(`test-server: finished in ${seconds} s${pg ? ', throwaway PostgreSQL stopped and removed' : ''}`);
    if (signalled || signal) process.exit(128 + ({ SIGINT: 2, SIGHUP: 1, SIGTERM: 15 }[signalled ?? signal] ?? 1));
    process.exit(code ?? 1);
  });
}

main();
