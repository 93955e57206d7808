import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { addKeyToFile, dropKeysFromFile, keyFilePath, loadKeyRing, parseDataKeys, type KeyRing } from '../src/crypto/keys.js';
import { aad, Sealer } from '../src/crypto/seal.js';
import { tempDir, testKeyRing } from './support/databases.js';

const key = () => randomBytes(32).toString('base64');

describe('crypto: seal and open', () => {
  const sealer = new Sealer(testKeyRing());
  const where = aad('records', 'payload_enc', 'r-1');

  it('round-trips text, including non-ASCII, under the current key id', () => {
    const text = 'Zoë Ørsted-Łukasiewicz 🦺 — 12 Rue de l’Église';
    const sealed = sealer.seal(text, where);
    assert.match(sealed, /^sf1\.ktest\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.equal(Sealer.keyIdOf(sealed), 'ktest');
    assert.equal(sealer.open(sealed, where), text);
    // Not `!sealed.includes('Zo')`: random base64url contains any two letters now and then.
    const ciphertext = Buffer.from(sealed.split('.')[3]!, 'base64url');
    assert.ok(!ciphertext.includes(Buffer.from('Ørsted-Łukasiewicz')), 'no plaintext in the sealed value');
    assert.ok(!sealed.includes(Buffer.from(text).toString('base64url').slice(0, 12)), 'not the plaintext merely encoded');
  });

  it('uses a fresh IV every time: the same value seals differently', () => {
    assert.notEqual(sealer.seal('same', where), sealer.seal('same', where));
  });

  it('round-trips JSON and the empty string', () => {
    const value = { data: { name: 'A' }, result: { score: 3 } };
    assert.deepEqual(sealer.openJson(sealer.sealJson(value, where), where), value);
    assert.equal(sealer.open(sealer.seal('', where), where), '');
  });

  it('refuses a value opened with another row, column or table as AAD', () => {
    const sealed = sealer.seal('secret', where);
    assert.throws(() => sealer.open(sealed, aad('records', 'payload_enc', 'r-2')));
    assert.throws(() => sealer.open(sealed, aad('records', 'outcome_enc', 'r-1')));
    assert.throws(() => sealer.open(sealed, aad('accounts', 'payload_enc', 'r-1')));
  });

  it('refuses tampered ciphertext, tag or IV', () => {
    const sealed = sealer.seal('secret value', where);
    const [v, id, iv, body] = sealed.split('.') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    for (const at of [0, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[at]! ^= 0x01;
      assert.throws(() => sealer.open(`${v}.${id}.${iv}.${copy.toString('base64url')}`, where), Error, `byte ${at} flipped`);
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    ivBytes[0]! ^= 0x01;
    assert.throws(() => sealer.open(`${v}.${id}.${ivBytes.toString('base64url')}.${body}`, where));
    assert.throws(() => sealer.open(`${v}.${id}.${iv}.${bytes.subarray(0, bytes.length - 1).toString('base64url')}`, where), Error, 'truncated');
  });

  it('refuses an unknown key id and a value that is not sealed', () => {
    const sealed = sealer.seal('secret', where);
    const other = new Sealer(testKeyRing('kother'));
    assert.throws(() => other.open(sealed, where), /no data key ktest in the key ring/);
    assert.throws(() => sealer.open('plain text', where), /not a sealed value/);
    assert.throws(() => sealer.open(sealed.replace(/^sf1/, 'sf2'), where), /not a sealed value/);
  });

  it('refuses a value sealed under the same id but another key', () => {
    const sealed = sealer.seal('secret', where);
    assert.throws(() => new Sealer(testKeyRing()).open(sealed, where));
  });

  it('opens old values after rotation and seals new ones under the new current key', () => {
    const old = testKeyRing('kold');
    const before = new Sealer(old).seal('kept', where);
    const rotated: KeyRing = { ...old, currentId: 'knew', keys: new Map([...old.keys, ['knew', randomBytes(32)]]) };
    const after = new Sealer(rotated);
    assert.equal(after.open(before, where), 'kept');
    assert.equal(Sealer.keyIdOf(after.seal('new', where)), 'knew');
  });
});

describe('crypto: blind index', () => {
  const sealer = new Sealer(testKeyRing());

  it('is stable under case, spacing and Unicode normalisation', () => {
    const a = sealer.index('surname', 'Smith');
    for (const variant of ['smith', 'SMITH', '  Smith ', 'Ｓｍｉｔｈ', 'S\u006d\u0069th']) assert.equal(sealer.index('surname', variant), a, variant);
    assert.equal(sealer.index('name', 'Anne  Marie\tJones'), sealer.index('name', 'anne marie jones'));
    // Composed and decomposed forms of the same letter.
    assert.equal(sealer.index('surname', 'Zo\u00eb'), sealer.index('surname', 'Zoe\u0308'));
  });

  it('differs for different values, purposes and index keys', () => {
    assert.notEqual(sealer.index('surname', 'Smith'), sealer.index('surname', 'Smyth'));
    assert.notEqual(sealer.index('surname', 'Smith'), sealer.index('username', 'Smith'));
    assert.notEqual(sealer.index('surname', 'Smith'), new Sealer(testKeyRing()).index('surname', 'Smith'));
  });

  it('does not contain the value and is a fixed-length base64url HMAC', () => {
    const i = sealer.index('surname', 'Smith');
    assert.match(i, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!i.toLowerCase().includes('smith'));
  });
});

describe('crypto: keys', () => {
  it('creates the key file mode 0600 on first load and reads the same keys after', () => {
    const dir = join(tempDir(), 'data');
    const first = loadKeyRing({ dataDir: dir });
    const path = keyFilePath(dir);
    assert.ok(existsSync(path));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(first.source, path);
    assert.match(first.currentId, /^k\d{8}[0-9a-f]{4}$/);
    assert.equal(first.keys.get(first.currentId)?.length, 32);
    assert.equal(first.indexKey.length, 32);
    const again = loadKeyRing({ dataDir: dir });
    assert.equal(again.currentId, first.currentId);
    assert.deepEqual(again.keys.get(again.currentId), first.keys.get(first.currentId));
    assert.deepEqual(again.indexKey, first.indexKey);
    // A value sealed under the first load opens under the second.
    const where = aad('records', 'payload_enc', 'x');
    assert.equal(new Sealer(again).open(new Sealer(first).seal('v', where), where), 'v');
  });

  it('refuses a key file readable by group or others', () => {
    const dir = tempDir();
    loadKeyRing({ dataDir: dir });
    for (const mode of [0o640, 0o604, 0o660]) {
      chmodSync(keyFilePath(dir), mode);
      assert.throws(() => loadKeyRing({ dataDir: dir }), /must be readable by its owner only \(chmod 600\)/, mode.toString(8));
    }
    chmodSync(keyFilePath(dir), 0o600);
    assert.doesNotThrow(() => loadKeyRing({ dataDir: dir }));
  });

  it('refuses a key file whose current key is missing', () => {
    const dir = tempDir();
    loadKeyRing({ dataDir: dir });
    const path = keyFilePath(dir);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { current: string };
    file.current = 'kmissing';
    writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
    assert.throws(() => loadKeyRing({ dataDir: dir }), /current key kmissing is not in the file/);
  });

  it('rotates: a new current key in the file, the old kept until dropped, the file still 0600', () => {
    const dir = tempDir();
    const before = loadKeyRing({ dataDir: dir });
    const where = aad('records', 'payload_enc', 'x');
    const old = new Sealer(before).seal('old', where);
    const id = addKeyToFile(dir);
    const after = loadKeyRing({ dataDir: dir });
    assert.equal(after.currentId, id);
    assert.notEqual(id, before.currentId);
    assert.equal(statSync(keyFilePath(dir)).mode & 0o777, 0o600);
    assert.equal(new Sealer(after).open(old, where), 'old');
    assert.deepEqual(after.indexKey, before.indexKey, 'rotation keeps the blind index key (indexes stay valid)');
    assert.deepEqual(dropKeysFromFile(dir, new Set([before.currentId])), [], 'a key still in use is kept');
    assert.deepEqual(dropKeysFromFile(dir, new Set()), [before.currentId]);
    const dropped = loadKeyRing({ dataDir: dir });
    assert.deepEqual([...dropped.keys.keys()], [id]);
    assert.throws(() => new Sealer(dropped).open(old, where), /no data key/);
  });

  it('parses SAFETY_DATA_KEY: the first entry is current', () => {
    const a = key();
    const b = key();
    const { currentId, keys } = parseDataKeys(` k2:${a} , k1:${b} `);
    assert.equal(currentId, 'k2');
    assert.deepEqual([...keys.keys()], ['k2', 'k1']);
    assert.deepEqual(keys.get('k1'), Buffer.from(b, 'base64'));
  });

  it('explains what is wrong with SAFETY_DATA_KEY, without quoting the key', () => {
    const secret = randomBytes(20).toString('base64');
    const cases: Array<[string, RegExp]> = [
      ['', /SAFETY_DATA_KEY is empty/],
      [' , ', /SAFETY_DATA_KEY is empty/],
      [key(), /entries must be <id>:<base64 key>/],
      [`:${key()}`, /entries must be <id>:<base64 key>/],
      [`bad id:${key()}`, /entries must be <id>:<base64 key>, the id letters, digits, - or _/],
      [`${'k'.repeat(33)}:${key()}`, /entries must be <id>:<base64 key>/],
      [`k1:${secret}`, /data key k1 must be 32 bytes, base64-encoded/],
      [`k1:${key()},k2:${secret}`, /data key k2 must be 32 bytes/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => parseDataKeys(value),
        (error: Error) => {
          assert.match(error.message, message, JSON.stringify(value));
          assert.ok(!error.message.includes(secret), 'the key is not in the message');
          return true;
        },
      );
    }
  });

  it('loads environment keys: the index key given, or derived from the current key when not', () => {
    const dir = tempDir();
    const dataKey = `kenv:${key()}`;
    const index = key();
    const given = loadKeyRing({ dataKey, indexKey: index, dataDir: dir });
    assert.equal(given.source, 'environment');
    assert.deepEqual(given.indexKey, Buffer.from(index, 'base64'));
    assert.ok(!existsSync(keyFilePath(dir)), 'no key file when the keys come from the environment');
    const derived = loadKeyRing({ dataKey, dataDir: dir });
    assert.equal(derived.indexKey.length, 32);
    assert.deepEqual(derived.indexKey, loadKeyRing({ dataKey, dataDir: dir }).indexKey, 'derivation is stable');
    assert.notDeepEqual(derived.indexKey, derived.keys.get('kenv'), 'the index key is not the data key');
    assert.throws(() => loadKeyRing({ dataKey, indexKey: 'c2hvcnQ=', dataDir: dir }), /SAFETY_INDEX_KEY must be 32 bytes/);
  });
});

