/**
 * `DraftStore`: encrypted, per-user, expiring drafts in IndexedDB (via idb), built for the failures
 * in RELIABILITY.md: every operation is bounded by a timeout, the connection is reopened once when the
 * browser drops it and an upgrade from another tab closes it instead of blocking it (`Connection`);
 * encryption happens before a transaction opens and nothing but IndexedDB is awaited inside one;
 * the revision is checked in the write transaction, so two tabs never silently overwrite each other;
 * a record that does not decrypt is set aside, not shown and not fatal. It keeps drafts only: the
 * outbox of submissions waiting to be sent is `Outbox` (submit/outbox.ts), on the same database.
 */
import { unwrap, type IDBPDatabase } from 'idb';
import { StorageError } from '../errors.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { decryptJson, encryptJson } from './crypto.js';
import type { DraftRecord, SafetyFormsDB } from './db.js';

export interface DraftSlot {
  formId: string;
  userId: string;
  draftId: string;
}

/** The connection's options (timeout, the host's key, the clock, `onClose`, name and version for tests). */
export type DraftStoreOptions = ConnectionOptions;

export interface SaveInput extends DraftSlot {
  schemaVersion: string;
  /** Plain JSON: the answers and anything else the form keeps (answers that no longer fit, say). */
  payload: unknown;
  ttlDays: number;
  /** The revision this writer last read or wrote (0 for a new draft). */
  expectedRev: number;
  writer: string;
}

export interface SavedDraft {
  rev: number;
  savedAt: number;
  expiresAt: number;
}

export interface LoadedDraft extends DraftSlot, SavedDraft {
  schemaVersion: string;
  writer: string;
  payload: unknown;
}

const DAY = 24 * 60 * 60 * 1000;

const slotKey = (s: DraftSlot): [string, string, string] => [s.formId, s.userId, s.draftId];

export class DraftStore {
  private readonly connection: Connection;
  private readonly now: () => number;

  private constructor(options: DraftStoreOptions) {
    this.connection = new Connection(options, 'drafts', 'the draft database');
    this.now = this.connection.now;
  }

  /**
   * Opens the store and proves it works with a real write, within the timeout. Rejects with a
   * `StorageError` (`unavailable`, `blocked`, `timeout`, `quota`) when drafts cannot be kept here.
   */
  static async open(options: DraftStoreOptions = {}): Promise<DraftStore> {
    const store = new DraftStore(options);
    await store.connection.probe();
    return store;
  }

  private run<T>(what: string, op: (db: IDBPDatabase<SafetyFormsDB>) => Promise<T>): Promise<T> {
    return this.connection.run(what, op);
  }

  private keyFor(userId: string): Promise<CryptoKey> {
    return this.connection.keyFor(userId);
  }

  /**
   * Encrypts and writes a draft. The answers are serialised and encrypted first; the transaction
   * then only reads the current revision and writes. Resolves after `tx.done`, never before.
   * @throws StorageError `conflict` when another writer saved since `expectedRev`
   */
  async save(input: SaveInput): Promise<SavedDraft> {
    const slot = slotKey(input);
    const record = await this.prepare(input);
    const savedAt = record.savedAt;
    return this.run('saving the draft', async (db) => {
      const tx = db.transaction('drafts', 'readwrite');
      const done = tx.done;
      done.catch(() => undefined);
      const current = await tx.store.get(slot);
      const currentRev = current?.rev ?? 0;
      // The writer's own late write (after a timeout it was told failed) is not a conflict; nor is a
      // draft that is gone (deleted by another tab, or by the browser clearing storage): writing it
      // again overwrites nobody's answers.
      const mine = current?.writer === input.writer && currentRev >= input.expectedRev;
      if (current && currentRev !== input.expectedRev && !mine) {
        tx.abort();
        throw new StorageError('drafts: this draft was saved by another tab or window', 'conflict');
      }
      record.rev = currentRev + 1;
      await tx.store.put(record);
      await done;
      return { rev: record.rev, savedAt, expiresAt: record.expiresAt };
    });
  }

  /**
   * Serialises and encrypts a draft without writing it: the slow, asynchronous part of a save, done
   * ahead so that `putNow` can write it when the page is being left (issue #13).
   */
  async prepare(input: SaveInput): Promise<DraftRecord> {
    const slot = slotKey(input);
    const key = await this.keyFor(input.userId);
    const { iv, ciphertext } = await encryptJson(key, input.payload, slot);
    const savedAt = this.now();
    return {
      formId: input.formId,
      userId: input.userId,
      draftId: input.draftId,
      rev: input.expectedRev + 1,
      writer: input.writer,
      schemaVersion: input.schemaVersion,
      savedAt,
      expiresAt: savedAt + input.ttlDays * DAY,
      iv,
      ciphertext,
    };
  }

  /**
   * Writes a prepared draft as revision `rev` with no await before the request is issued and the
   * transaction committed: for `pagehide`, after which an unloading page runs no more tasks (an
   * encryption or a read's callback would never come back). So there is no revision check here; the
   * caller passes the revision it last wrote + 1, and the next ordinary save checks again. Returns
   * a promise of `tx.done` (for a page that stays alive), or undefined when no connection is open or
   * the write could not be started.
   */
  putNow(record: DraftRecord, rev: number): Promise<SavedDraft> | undefined {
    const db = this.connection.current;
    if (!db) return undefined;
    try {
      const tx = db.transaction('drafts', 'readwrite');
      const savedAt = this.now();
      const expiresAt = savedAt + (record.expiresAt - record.savedAt);
      tx.store.put({ ...record, rev, savedAt, expiresAt }).catch(() => undefined);
      const done = tx.done.then(() => ({ rev, savedAt, expiresAt }));
      unwrap(tx).commit?.();
      return this.connection.bounded(done, 'saving the draft').catch((error: unknown) => {
        throw this.connection.error('saving the draft', error);
      });
    } catch {
      return undefined;
    }
  }

  private async open(record: DraftRecord): Promise<LoadedDraft> {
    const key = await this.keyFor(record.userId);
    const payload = await decryptJson(key, record.iv, record.ciphertext, slotKey(record));
    const { formId, userId, draftId, rev, writer, schemaVersion, savedAt, expiresAt } = record;
    return { formId, userId, draftId, rev, writer, schemaVersion, savedAt, expiresAt, payload };
  }

  /** Moves an unreadable record out of the way (kept for its expiry, never shown as data). */
  private async setAside(record: DraftRecord): Promise<void> {
    await this.run('setting aside an unreadable draft', async (db) => {
      const tx = db.transaction(['drafts', 'setAside'], 'readwrite');
      await tx.objectStore('setAside').put({ ...record, reason: 'corrupt', setAsideAt: this.now() });
      await tx.objectStore('drafts').delete(slotKey(record));
      await tx.done;
    });
  }

  /**
   * The most recently saved, unexpired draft of this form for this user, decrypted. Records that do
   * not decrypt are set aside and counted in `setAside`.
   */
  async latest(formId: string, userId: string): Promise<{ draft?: LoadedDraft; setAside: number }> {
    const records = await this.run('reading drafts', (db) => db.getAllFromIndex('drafts', 'byOwner', [formId, userId]));
    const now = this.now();
    const candidates = records.filter((r) => r.expiresAt > now).sort((a, b) => b.savedAt - a.savedAt);
    let setAside = 0;
    for (const record of candidates) {
      try {
        return { draft: await this.open(record), setAside };
      } catch (error) {
        if (error instanceof StorageError) throw error;
        setAside++;
        await this.setAside(record);
      }
    }
    return { setAside };
  }

  /** One draft by its slot, decrypted, or undefined. */
  async load(slot: DraftSlot): Promise<LoadedDraft | undefined> {
    const record = await this.run('reading the draft', (db) => db.get('drafts', slotKey(slot)));
    if (!record || record.expiresAt <= this.now()) return undefined;
    try {
      return await this.open(record);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      await this.setAside(record);
      throw new StorageError('drafts: a saved draft could not be read and was set aside', 'corrupt', error);
    }
  }

  /**
   * Deletes a draft. With `expectedRev`, only if nobody else saved it since (the same check as
   * `save`): a tab that missed another tab's save must not delete the newer answers.
   * @throws StorageError `conflict` when another writer saved since `expectedRev`
   */
  async remove(slot: DraftSlot, check?: { expectedRev: number; writer: string }): Promise<void> {
    await this.run('deleting the draft', async (db) => {
      const tx = db.transaction('drafts', 'readwrite');
      const done = tx.done;
      done.catch(() => undefined);
      if (check) {
        const current = await tx.store.get(slotKey(slot));
        if (current && current.rev !== check.expectedRev && current.writer !== check.writer) {
          tx.abort();
          throw new StorageError('drafts: this draft was saved by another tab or window', 'conflict');
        }
      }
      await tx.store.delete(slotKey(slot));
      await done;
    });
  }

  /** Deletes expired drafts (and set-aside records past their expiry). Returns how many went. */
  async purgeExpired(): Promise<number> {
    const now = this.now();
    return this.run('removing expired drafts', async (db) => {
      const tx = db.transaction(['drafts', 'setAside'], 'readwrite');
      let removed = 0;
      let cursor = await tx.objectStore('drafts').index('byExpiry').openCursor(IDBKeyRange.upperBound(now));
      while (cursor) {
        await cursor.delete();
        removed++;
        cursor = await cursor.continue();
      }
      let aside = await tx.objectStore('setAside').openCursor();
      while (aside) {
        if (aside.value.expiresAt <= now) {
          await aside.delete();
          removed++;
        }
        aside = await aside.continue();
      }
      await tx.done;
      return removed;
    });
  }

  close(): void {
    this.connection.drop();
  }
}
