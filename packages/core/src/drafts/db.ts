/**
 * The one IndexedDB database of safety-forms, typed with idb's `DBSchema`. Upgrades are written
 * against `oldVersion`, so a browser that skipped versions runs every step in order.
 */
import type { DBSchema } from 'idb';

export const DB_NAME = 'safety-forms';
export const DB_VERSION = 1;

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

export interface SafetyFormsDB extends DBSchema {
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
