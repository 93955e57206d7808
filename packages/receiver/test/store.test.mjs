// Durable storage (issue #4): records and Idempotency-Key replies survive a restart of the receiver,
// also one in the middle of a submission, and concurrent or repeated requests store one record.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RecordStore, createReceiver } from '../dist/server.js';
import { ROOT, envelope, newKey, post, startReceiver, tempDataFile, validThreatReport } from './helpers.mjs';

const listed = async (base) => {
  const res = await fetch(`${base}/api/threat-report/records`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  return res.json();
};

describe('receiver storage', () => {
  it('keeps records across a restart, and a retried key replays its first reply', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const key = newKey();
    const sent = envelope();
    const first = await startReceiver({ dataFile: data.file });
    let reference;
    try {
      const res = await post(first.base, sent, { key });
      assert.equal(res.status, 201);
      ({ reference } = await res.json());
    } finally {
      await first.close();
    }
    assert.ok(existsSync(data.file), 'the data file is written');
    if (process.platform !== 'win32') assert.equal(statSync(data.file).mode & 0o777, 0o600, 'only the owner can read the records');

    const second = await startReceiver({ dataFile: data.file });
    try {
      const records = await listed(second.base);
      assert.equal(records.length, 1);
      assert.equal(records[0].reference, reference);
      assert.deepEqual(records[0].data, sent.data);
      const again = await post(second.base, sent, { key });
      assert.equal(again.status, 201);
      assert.deepEqual(await again.json(), { reference });
      assert.equal(second.records.size, 1, 'the retry stored nothing new');
      const other = await post(second.base, envelope(undefined, { submittedAt: '2026-11-22T10:05:00Z' }), { key });
      assert.equal(other.status, 422, 'the same key with another body');
      await other.arrayBuffer();
      assert.equal(second.records.size, 1);
    } finally {
      await second.close();
    }
  });

  it('loses nothing when it goes down after storing but before the client reads the reply', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const key = newKey();
    const sent = envelope();
    let storedAs;
    let onDisk;
    const first = await startReceiver({
      dataFile: data.file,
      onStored: async ({ reference, res }) => {
        storedAs = reference;
        // Before any reply: the record must already be in the file (read through a copy of it).
        const copy = join(data.dir, 'copy.sqlite');
        copyFileSync(data.file, copy);
        const store = await RecordStore.open(copy);
        onDisk = store.has(reference) && store.reply('threat-report', key)?.body?.reference === reference;
        await store.close();
        res.socket?.destroy(); // the reply never reaches the client
      },
    });
    try {
      await assert.rejects(post(first.base, sent, { key }), 'the client sees a network error, not a reply');
    } finally {
      await first.close(); // the "restart"
    }
    assert.ok(storedAs, 'the record was stored before the connection dropped');
    assert.equal(onDisk, true, 'the record and its reply were on disk before the reply was sent');

    const second = await startReceiver({ dataFile: data.file });
    try {
      const retry = await post(second.base, sent, { key });
      assert.equal(retry.status, 201);
      assert.deepEqual(await retry.json(), { reference: storedAs }, 'the retry gets the reference stored before the restart');
      assert.equal(second.records.size, 1, 'exactly one record');
    } finally {
      await second.close();
    }
  });

  it('keeps an acknowledged record when the process is killed (SIGKILL) right after the 201', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const start = async () => {
      const child = spawn(process.execPath, [join(ROOT, 'packages/receiver/dist/server.js')], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SAFETY_FORMS_ROOT: ROOT, SAFETY_FORMS_DATA: data.file },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (c) => (err += c));
      const base = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 10 s: ${err}`)), 10_000);
        child.stdout.on('data', (c) => {
          out += c;
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${m[1]}`);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      const kill = () =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGKILL');
        });
      return { base, kill };
    };
    const key = newKey();
    const sent = envelope();
    const first = await start();
    let reference;
    try {
      const res = await post(first.base, sent, { key });
      assert.equal(res.status, 201);
      ({ reference } = await res.json());
    } finally {
      await first.kill();
    }
    const second = await start();
    try {
      const records = await listed(second.base);
      assert.deepEqual(
        records.map((r) => r.reference),
        [reference],
      );
      const retry = await post(second.base, sent, { key });
      assert.deepEqual(await retry.json(), { reference });
      assert.equal((await listed(second.base)).length, 1);
    } finally {
      await second.kill();
    }
  });

  it('answers 409 (with Retry-After) to the same key while the first request is still being handled', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const key = newKey();
    const sent = envelope();
    let release;
    const parked = new Promise((resolve) => (release = resolve));
    let stored;
    const isStored = new Promise((resolve) => (stored = resolve));
    const rx = await startReceiver({
      dataFile: data.file,
      onStored: async () => {
        stored();
        await parked; // stored on disk, reply not sent yet: still in flight
      },
    });
    try {
      const first = post(rx.base, sent, { key });
      await isStored;
      const second = await post(rx.base, sent, { key });
      assert.equal(second.status, 409);
      assert.match(second.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(second.headers.get('retry-after'), '1');
      await second.arrayBuffer();
      release();
      const reply = await first;
      assert.equal(reply.status, 201);
      const { reference } = await reply.json();
      const third = await post(rx.base, sent, { key });
      assert.deepEqual(await third.json(), { reference }, 'afterwards the first reply is replayed');
      assert.equal(rx.records.size, 1);
    } finally {
      release();
      await rx.close();
    }
  });

  it('stores one record when the same submission arrives several times at once', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const key = newKey();
    const sent = envelope();
    const rx = await startReceiver({ dataFile: data.file });
    const refs = new Set();
    try {
      const replies = await Promise.all(Array.from({ length: 6 }, () => post(rx.base, sent, { key })));
      for (const res of replies) {
        assert.ok(res.status === 201 || res.status === 409, `status ${res.status}`);
        if (res.status === 409) {
          assert.ok(res.headers.get('retry-after'), '409 says when to retry');
          await res.arrayBuffer();
          // What the client does on 409: retry with the same key.
          let retry;
          for (let i = 0; i < 50 && (retry = await post(rx.base, sent, { key })).status === 409; i++) await retry.arrayBuffer();
          assert.equal(retry.status, 201);
          refs.add((await retry.json()).reference);
        } else refs.add((await res.json()).reference);
      }
      assert.equal(refs.size, 1, 'every reply carries the same reference');
      assert.equal(rx.records.size, 1);
    } finally {
      await rx.close();
    }
    const again = await startReceiver({ dataFile: data.file });
    try {
      assert.deepEqual([...again.records.keys()], [...refs]);
    } finally {
      await again.close();
    }
  });

  it('stores every one of many different submissions sent at once', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const rx = await startReceiver({ dataFile: data.file });
    let refs;
    try {
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const report = validThreatReport();
          report.incident.subjectAge = 10 + i;
          return post(rx.base, envelope(report));
        }),
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        Array(8).fill(201),
      );
      refs = new Set(await Promise.all(replies.map(async (r) => (await r.json()).reference)));
      assert.equal(refs.size, 8);
    } finally {
      await rx.close();
    }
    const again = await startReceiver({ dataFile: data.file });
    try {
      assert.deepEqual(new Set(again.records.keys()), refs, 'all eight are in the file');
      assert.deepEqual([...again.records.values()].map((r) => r.envelope.data.incident.subjectAge).sort(), [10, 11, 12, 13, 14, 15, 16, 17]);
    } finally {
      await again.close();
    }
  });

  it('answers 500 and keeps nothing when the file cannot be written; the retry stores it once', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    const key = newKey();
    const sent = envelope();
    const rx = await startReceiver({ dataFile: data.file });
    try {
      rmSync(dirname(data.file), { recursive: true }); // the disk "fails"
      const failed = await post(rx.base, sent, { key });
      assert.equal(failed.status, 500);
      await failed.arrayBuffer();
      assert.equal(rx.records.size, 0, 'a record that is not on disk is not kept');
      mkdirSync(dirname(data.file));
      const retry = await post(rx.base, sent, { key });
      assert.equal(retry.status, 201, 'the key was not burnt by the failure');
      await retry.arrayBuffer();
      assert.equal(rx.records.size, 1);
      assert.ok(rx.logLines.some((l) => /^error ENOENT$/.test(l)), 'the failure is logged (by code only)');
    } finally {
      await rx.close();
    }
    const again = await startReceiver({ dataFile: data.file });
    try {
      assert.equal(again.records.size, 1);
    } finally {
      await again.close();
    }
  });

  it('refuses to start on a file that is not an SQLite database, and leaves it as it is', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    mkdirSync(dirname(data.file), { recursive: true });
    writeFileSync(data.file, 'not a database, but maybe someone else’s data');
    await assert.rejects(createReceiver({ root: ROOT, dataFile: data.file }), /not a usable SQLite database/);
    assert.equal(readFileSync(data.file, 'utf8'), 'not a database, but maybe someone else’s data');
  });

  it('removes temporary files a crash mid-write left behind', async (t) => {
    const data = tempDataFile();
    t.after(data.cleanup);
    mkdirSync(dirname(data.file), { recursive: true });
    writeFileSync(`${data.file}.4242.7.tmp`, 'half a database');
    writeFileSync(join(dirname(data.file), 'unrelated.tmp'), 'not ours');
    const rx = await startReceiver({ dataFile: data.file });
    await rx.close();
    assert.deepEqual(readdirSync(dirname(data.file)).sort(), ['receiver.sqlite', 'unrelated.tmp']);
  });
});
