/** Test helpers for drafts: a clean database, raw reads, and CDP fault injection. Test files only. */
import { executeServerCommand } from '@web/test-runner-commands';
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
