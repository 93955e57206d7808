/**
 * Data keys. A key ring holds every key a stored row may have been sealed under (by id) and the
 * current one new rows are sealed with, plus the separate key of the blind indexes.
 *
 * From the environment: `SAFETY_DATA_KEY=<id>:<base64 32 bytes>[,<id>:<base64>...]` (the first is
 * current; list the old ones after it while `rotate-key` runs) and `SAFETY_INDEX_KEY=<base64 32 bytes>`.
 * Without them (demo, development) a key file `keys.json` in the data folder, created mode 0600 on first
 * start. Production refuses to start without the environment keys (config.ts), so a copy of the data
 * folder alone never holds the key to its records.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface KeyRing {
  currentId: string;
  keys: Map<string, Buffer>;
  indexKey: Buffer;
  /** Where the keys came from: the environment, or the key file's path. */
  source: string;
}

const ID = /^[A-Za-z0-9_-]{1,32}$/;

function decodeKey(base64: string, what: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes, base64-encoded`);
  return key;
}

/** Parses `SAFETY_DATA_KEY`'s `<id>:<base64>[,...]`. */
export function parseDataKeys(value: string): { currentId: string; keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  let currentId = '';
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    const id = colon > 0 ? part.slice(0, colon) : '';
    if (!ID.test(id)) throw new Error('SAFETY_DATA_KEY entries must be <id>:<base64 key>, the id letters, digits, - or _');
    keys.set(id, decodeKey(part.slice(colon + 1), `data key ${id}`));
    currentId ||= id;
  }
  if (!currentId) throw new Error('SAFETY_DATA_KEY is empty');
  return { currentId, keys };
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
  index: string;
}

/** A new key id: the date and a few random characters, e.g. `k20261206a1b2`. */
export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(2).toString('hex')}`;
}

export function keyFilePath(dataDir: string): string {
  return join(dataDir, 'keys.json');
}

function writeKeyFile(path: string, file: KeyFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Loads the key ring from the environment values, or from (creating if absent) the key file. */
export function loadKeyRing(options: { dataKey?: string; indexKey?: string; dataDir: string }): KeyRing {
  if (options.dataKey) {
    const { currentId, keys } = parseDataKeys(options.dataKey);
    const indexKey = options.indexKey
      ? decodeKey(options.indexKey, 'SAFETY_INDEX_KEY')
      : // Development convenience only (production requires SAFETY_INDEX_KEY): derived from the current key.
        createHash('sha256').update('safety-forms blind index\0').update(keys.get(currentId)!).digest();
    return { currentId, keys, indexKey, source: 'environment' };
  }
  const path = keyFilePath(options.dataDir);
  if (!existsSync(path)) {
    const id = newKeyId();
    writeKeyFile(path, { current: id, keys: { [id]: randomBytes(32).toString('base64') }, index: randomBytes(32).toString('base64') });
  }
  if ((statSync(path).mode & 0o077) !== 0) throw new Error(`${path} must be readable by its owner only (chmod 600)`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  const keys = new Map(Object.entries(file.keys).map(([id, k]) => [id, decodeKey(k, `data key ${id}`)] as const));
  if (!keys.has(file.current)) throw new Error(`${path}: the current key ${file.current} is not in the file`);
  return { currentId: file.current, keys, indexKey: decodeKey(file.index, 'index key'), source: path };
}

/** Adds a new current key to the key file (the `rotate-key` command; environment keys are rotated by the operator). */
export function addKeyToFile(dataDir: string): string {
  const path = keyFilePath(dataDir);
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  const id = newKeyId();
  file.keys[id] = randomBytes(32).toString('base64');
  file.current = id;
  writeKeyFile(path, file);
  return id;
}

/** Drops keys no row uses any more from the key file. */
export function dropKeysFromFile(dataDir: string, keep: Set<string>): string[] {
  const path = keyFilePath(dataDir);
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  const dropped = Object.keys(file.keys).filter((id) => id !== file.current && !keep.has(id));
  for (const id of dropped) delete file.keys[id];
  writeKeyFile(path, file);
  return dropped;
}
