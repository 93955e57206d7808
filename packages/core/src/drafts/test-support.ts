/** Test helpers for drafts: a clean database, raw reads, and CDP fault injection. Test files only. */
import { executeServerCommand } from '@web/test-runner-commands';
import { encryptJson, generateDraftKey } from './crypto.js';
import { DB_NAME } from './db.js';

/** Deletes the drafts database (waiting, bounded, for other connections to close). */
export async function deleteDraftDatabase(name = DB_NAME): Promise<void> {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    const timer = setTimeout(resolve, 2000);
    request.onsuccess = request.onerror = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

/** Every record of every store of the database, as the browser holds them. */
export async function rawDump(name = DB_NAME): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  try {
    const out: Record<string, unknown[]> = {};
    for (const store of [...db.objectStoreNames]) {
      out[store] = await new Promise<unknown[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    }
    return out;
  } finally {
    db.close();
  }
}

/** The raw records of one store (`submissions` is the outbox), none when the database was never created (it is not created here). */
export async function rawStore(store: string, name = DB_NAME): Promise<unknown[]> {
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return [];
  return (await rawDump(name))[store] ?? [];
}

/** Everything readable in the dump as text: strings, and every byte buffer decoded as UTF-8 and Latin-1. */
export function dumpAsText(dump: Record<string, unknown[]>): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') parts.push(v);
    else if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
      const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      parts.push(new TextDecoder().decode(bytes), String.fromCharCode(...bytes.slice(0, 200_000)));
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(dump);
  return parts.join('\n');
}

/** One Chrome DevTools Protocol command on this page (see web-test-runner.config.mjs). */
export function cdp(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return executeServerCommand('sf-cdp', { method, params });
}

/** The browser deletes this origin's IndexedDB under any open connection (they get `close`: "terminated"). */
export function clearIndexedDbFromBrowser(): Promise<unknown> {
  return cdp('Storage.clearDataForOrigin', { origin: location.origin, storageTypes: 'indexeddb' });
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/**
 * The layout of database version 2, written by hand as the old `DraftStore` wrote it: drafts, keys,
 * setAside, meta and `outbox` (keyPath id, byOwner index), one user's key, and a record queued under
 * it with `envelope` encrypted and `['outbox', id, userId]` bound in: a record queued yesterday.
 */
export async function oldLayoutWithQueuedRecord(id: string, userId: string, envelope: { formId: string }, extra: Record<string, unknown> = {}): Promise<void> {
  const open = indexedDB.open(DB_NAME, 2);
  open.onupgradeneeded = () => {
    const db = open.result;
    const drafts = db.createObjectStore('drafts', { keyPath: ['formId', 'userId', 'draftId'] });
    drafts.createIndex('byOwner', ['formId', 'userId']);
    drafts.createIndex('byExpiry', 'expiresAt');
    db.createObjectStore('keys', { keyPath: 'userId' });
    db.createObjectStore('setAside', { keyPath: ['formId', 'userId', 'draftId'] });
    db.createObjectStore('meta', { keyPath: 'id' });
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byOwner', ['formId', 'userId']);
  };
  const db = await request(open);
  const key = await generateDraftKey();
  const { iv, ciphertext } = await encryptJson(key, envelope, ['outbox', id, userId]);
  const tx = db.transaction(['keys', 'outbox'], 'readwrite');
  tx.objectStore('keys').put({ userId, key, createdAt: 1 });
  tx.objectStore('outbox').put({ id, formId: envelope.formId, userId, endpoint: '/api/threat-report', draftId: 'd-old', method: 'POST', createdAt: 5, updatedAt: 6, attempts: 2, lastFailure: 'network', iv, ciphertext, ...extra });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
  db.close();
}
