/**
 * The one IndexedDB database of safety-forms, typed with idb's `DBSchema`, and its upgrades. Drafts
 * (`DraftStore`, drafts/store.ts) and the outbox (`Outbox`, submit/outbox.ts) each open their own
 * connection to it with the same version and the same `upgradeDatabase`, so either may be first.
 * Upgrades are written against `oldVersion`, so a browser that skipped versions runs every step in order.
 */
import { unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

export const DB_NAME = 'safety-forms';
/**
 * 1: drafts, keys, setAside, meta. 2: outbox (inside the drafts layout, written by `DraftStore`).
 * 3: the outbox in its own store, `submissions`, written only by `Outbox`; v2's `outbox` records are
 * moved into it by the upgrade (as they are: still ciphertext under the same key) and `outbox` is deleted.
 */
export const DB_VERSION = 3;

/** One saved draft. Only the slot, revision, version and times are in clear; the answers are ciphertext. */
export interface DraftRecord {
  formId: string;
  userId: string;
  draftId: string;
  /** Revision: 1 for the first save, +1 for each save; checked inside the write transaction. */
  rev: number;
  /** Which open form wrote it (random per page load): tells "another tab saved" from "my own late write". */
  writer: string;
  schemaVersion: string;
  /** Epoch milliseconds. */
  savedAt: number;
  expiresAt: number;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

/** A user's encryption key, shared by their drafts and their outbox records. */
export interface KeyRecord {
  userId: string;
  key: CryptoKey;
  createdAt: number;
}

export interface SetAsideRecord extends DraftRecord {
  reason: 'corrupt';
  setAsideAt: number;
}

/**
 * A submission waiting to be sent (offline, or every retry failed): its Idempotency-Key is its id, so
 * however often and from whichever tab it is sent, the backend stores one record. The envelope is
 * encrypted with the user's key, like a draft; ids, times and the attempt count are in clear.
 */
export interface OutboxRecord {
  id: string;
  formId: string;
  userId: string;
  /** Where it goes: the endpoint and method at the time of Submit; none when a submitHandler sends it. */
  endpoint?: string;
  /** The draft the answers were in (random id, no data); none when drafts were off. */
  draftId?: string;
  method: string;
  createdAt: number;
  updatedAt: number;
  attempts: number;
  lastFailure?: string;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

export interface SafetyFormsDB extends DBSchema {
  /** The outbox (version 3 on). */
  submissions: { key: string; value: OutboxRecord; indexes: { byOwner: [string, string] } };
  drafts: {
    key: [string, string, string];
    value: DraftRecord;
    indexes: { byOwner: [string, string]; byExpiry: number };
  };
  keys: { key: string; value: KeyRecord };
  setAside: { key: [string, string, string]; value: SetAsideRecord };
  meta: { key: string; value: { id: string; at: number } };
}

export const SLOT_PATH = ['formId', 'userId', 'draftId'];

/** The store of versions 2 and below that held the outbox (not in `SafetyFormsDB`: nothing writes it any more). */
const LEGACY_OUTBOX = 'outbox';

/**
 * Every upgrade step from `oldVersion` to `newVersion`, inside the versionchange transaction. The move
 * of v2's outbox awaits nothing but IndexedDB, and a failure in it aborts the whole upgrade: the
 * database stays at its old version with every record where it was.
 */
export function upgradeDatabase(
  db: IDBPDatabase<SafetyFormsDB>,
  oldVersion: number,
  newVersion: number | null,
  tx: IDBPTransaction<SafetyFormsDB, StoreNames<SafetyFormsDB>[], 'versionchange'>,
): void {
  const to = newVersion ?? DB_VERSION;
  if (oldVersion < 1 && to >= 1) {
    const drafts = db.createObjectStore('drafts', { keyPath: SLOT_PATH });
    drafts.createIndex('byOwner', ['formId', 'userId']);
    drafts.createIndex('byExpiry', 'expiresAt');
    db.createObjectStore('keys', { keyPath: 'userId' });
    db.createObjectStore('setAside', { keyPath: SLOT_PATH });
    db.createObjectStore('meta', { keyPath: 'id' });
  }
  // Version 2's `outbox` is created by no code any more (a database at 1 goes straight to 3); it is only moved.
  if (oldVersion < 3 && to >= 3) {
    const submissions = db.createObjectStore('submissions', { keyPath: 'id' });
    submissions.createIndex('byOwner', ['formId', 'userId']);
    if (unwrap(db).objectStoreNames.contains(LEGACY_OUTBOX)) moveLegacyOutbox(tx);
  }
}

/** Copies every v2 outbox record, unchanged, into `submissions`, then deletes the old store. */
function moveLegacyOutbox(tx: IDBPTransaction<SafetyFormsDB, StoreNames<SafetyFormsDB>[], 'versionchange'>): void {
  const native = unwrap(tx);
  const from = native.objectStore(LEGACY_OUTBOX);
  const into = native.objectStore('submissions');
  const all = from.getAll();
  all.onsuccess = () => {
    for (const record of all.result as OutboxRecord[]) into.put(record);
    native.db.deleteObjectStore(LEGACY_OUTBOX);
  };
}
