/**
 * The one IndexedDB database of safety-forms, typed with idb's `DBSchema`. Upgrades are written
 * against `oldVersion`, so a browser that skipped versions runs every step in order.
 */
import type { DBSchema } from 'idb';

export const DB_NAME = 'safety-forms';
/** 1: drafts, keys, setAside, meta. 2: outbox. */
export const DB_VERSION = 2;

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
 * encrypted like a draft.
 */
export interface OutboxRecord {
  id: string;
  formId: string;
  userId: string;
  /** Where it goes: the endpoint and method at the time of Submit; none when a submitHandler sends it. */
  endpoint?: string;
  /** The draft the answers were in (random id, no data). */
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
  outbox: { key: string; value: OutboxRecord; indexes: { byOwner: [string, string] } };
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
