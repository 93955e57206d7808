/**
 * `DraftStore`: encrypted, per-user, expiring drafts in IndexedDB (via idb), built for the failures
 * in RELIABILITY.md: every operation is bounded by a timeout; the connection is reopened once when the
 * browser drops it; an upgrade from another tab closes this connection instead of blocking it;
 * encryption happens before a transaction opens and nothing but IndexedDB is awaited inside one;
 * the revision is checked in the write transaction, so two tabs never silently overwrite each other;
 * a record that does not decrypt is set aside, not shown and not fatal.
 */
import { openDB, unwrap, type IDBPDatabase } from 'idb';
import { StorageError, type StorageFailure } from '../errors.js';
import { decryptJson, encryptJson, generateDraftKey } from './crypto.js';
import { DB_NAME, DB_VERSION, SLOT_PATH, type DraftRecord, type OutboxRecord, type SafetyFormsDB } from './db.js';
import { withTimeout } from './timeout.js';

export interface DraftSlot {
  formId: string;
  userId: string;
  draftId: string;
}

export interface DraftStoreOptions {
  /** Milliseconds any one operation may take before it fails with `timeout`. */
  timeout?: number;
  /** The host's own key (AES-GCM, encrypt + decrypt); otherwise one non-extractable key per user is kept in IndexedDB. */
  key?: CryptoKey;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
  /** This connection was closed: `versionchange` (another tab upgrades) or `terminated` (the browser dropped it). */
  onClose?: (reason: 'versionchange' | 'terminated') => void;
  /** Database name and version: for tests of upgrades and blocking. */
  name?: string;
  version?: number;
}

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

function failureOf(error: unknown): StorageFailure {
  if (error instanceof StorageError) return error.kind;
  const name = (error as { name?: string } | null)?.name;
  const inner = (error as { target?: { error?: { name?: string } } } | null)?.target?.error?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return 'quota';
  if (name === 'InvalidStateError' || name === 'TransactionInactiveError') return 'closed';
  return 'unavailable';
}

/** Wraps any failure as a `StorageError` whose message names the operation, never the data. */
function storageError(what: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const kind = failureOf(error);
  return new StorageError(`drafts: ${what} failed (${kind})`, kind, error);
}

const slotKey = (s: DraftSlot): [string, string, string] => [s.formId, s.userId, s.draftId];

export class DraftStore {
  private db?: IDBPDatabase<SafetyFormsDB>;
  private opening?: Promise<IDBPDatabase<SafetyFormsDB>>;
  private keys = new Map<string, Promise<CryptoKey>>();
  private readonly timeout: number;
  private readonly now: () => number;

  private constructor(private readonly options: DraftStoreOptions) {
    this.timeout = options.timeout ?? 3000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Opens the store and proves it works with a real write, within the timeout. Rejects with a
   * `StorageError` (`unavailable`, `blocked`, `timeout`, `quota`) when drafts cannot be kept here.
   */
  static async open(options: DraftStoreOptions = {}): Promise<DraftStore> {
    const store = new DraftStore(options);
    await store.probe();
    return store;
  }

  private connect(): Promise<IDBPDatabase<SafetyFormsDB>> {
    if (this.db) return Promise.resolve(this.db);
    if (this.opening) return this.opening;
    if (typeof indexedDB === 'undefined' || !indexedDB) {
      return Promise.reject(new StorageError('drafts: IndexedDB is not available', 'unavailable'));
    }
    let blocked = false;
    const opening = openDB<SafetyFormsDB>(this.options.name ?? DB_NAME, this.options.version ?? DB_VERSION, {
      upgrade(db, oldVersion, newVersion) {
        const to = newVersion ?? DB_VERSION;
        if (oldVersion < 1 && to >= 1) {
          const drafts = db.createObjectStore('drafts', { keyPath: SLOT_PATH });
          drafts.createIndex('byOwner', ['formId', 'userId']);
          drafts.createIndex('byExpiry', 'expiresAt');
          db.createObjectStore('keys', { keyPath: 'userId' });
          db.createObjectStore('setAside', { keyPath: SLOT_PATH });
          db.createObjectStore('meta', { keyPath: 'id' });
        }
        if (oldVersion < 2 && to >= 2) {
          const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
          outbox.createIndex('byOwner', ['formId', 'userId']);
        }
      },
      blocked() {
        // An older tab holds the database open and has not closed it yet; the timeout below settles this open.
        blocked = true;
      },
      blocking: () => {
        // Another tab needs a newer version: step aside so it is not blocked, and say so.
        this.drop();
        this.options.onClose?.('versionchange');
      },
      terminated: () => {
        // The browser may have deleted the database itself (clearing site data): the cached keys
        // may be gone with it, so read or make them again after reopening.
        this.drop();
        this.keys.clear();
        this.options.onClose?.('terminated');
      },
    }).then((db) => {
      this.db = db;
      return db;
    });
    // A late success after a timeout must not leak an open connection.
    const bounded = withTimeout(opening, this.timeout, 'opening the draft database').catch((error: unknown) => {
      opening.then((db) => db.close()).catch(() => undefined);
      throw blocked ? new StorageError('drafts: another tab is using an older version of the draft database', 'blocked') : storageError('opening the draft database', error);
    });
    this.opening = bounded.finally(() => (this.opening = undefined));
    return this.opening;
  }

  private drop(): void {
    const db = this.db;
    this.db = undefined;
    db?.close();
  }

  /**
   * Runs `op` on the connection, bounded by the timeout. When the connection turns out closed (the
   * browser dropped it, or another tab upgraded), reconnects and tries once more.
   */
  private async run<T>(what: string, op: (db: IDBPDatabase<SafetyFormsDB>) => Promise<T>): Promise<T> {
    const attempt = async () => op(await this.connect());
    try {
      return await withTimeout(attempt(), this.timeout, what);
    } catch (error) {
      if (failureOf(error) !== 'closed') throw storageError(what, error);
      this.drop();
      try {
        return await withTimeout(attempt(), this.timeout, what);
      } catch (again) {
        throw storageError(what, again);
      }
    }
  }

  /** A real write and delete, so a read-only or full store is found before the user relies on it. */
  private async probe(): Promise<void> {
    await this.run('checking the draft database', async (db) => {
      const tx = db.transaction('meta', 'readwrite');
      await tx.store.put({ id: 'probe', at: this.now() });
      await tx.store.delete('probe');
      await tx.done;
    });
    // Best-effort storage may be evicted; ask the browser to keep it (no prompt in Chromium).
    void navigator.storage?.persist?.().catch(() => undefined);
  }

  private keyFor(userId: string): Promise<CryptoKey> {
    if (this.options.key) return Promise.resolve(this.options.key);
    let key = this.keys.get(userId);
    if (!key) {
      key = this.loadOrCreateKey(userId);
      key.catch(() => this.keys.delete(userId));
      this.keys.set(userId, key);
    }
    return key;
  }

  private async loadOrCreateKey(userId: string): Promise<CryptoKey> {
    const existing = await this.run('reading the draft key', (db) => db.get('keys', userId));
    if (existing) return existing.key;
    const key = await generateDraftKey();
    return this.run('storing the draft key', async (db) => {
      const tx = db.transaction('keys', 'readwrite');
      // Another tab may have stored one meanwhile: theirs wins, so both tabs share one key.
      const raced = await tx.store.get(userId);
      if (!raced) await tx.store.add({ userId, key, createdAt: this.now() });
      await tx.done;
      return raced?.key ?? key;
    });
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
    const db = this.db;
    if (!db) return undefined;
    try {
      const tx = db.transaction('drafts', 'readwrite');
      const savedAt = this.now();
      const expiresAt = savedAt + (record.expiresAt - record.savedAt);
      tx.store.put({ ...record, rev, savedAt, expiresAt }).catch(() => undefined);
      const done = tx.done.then(() => ({ rev, savedAt, expiresAt }));
      unwrap(tx).commit?.();
      return withTimeout(done, this.timeout, 'saving the draft').catch((error: unknown) => {
        throw storageError('saving the draft', error);
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

  // Outbox ---------------------------------------------------------------------------------------

  /** Keeps a submission on this device until the backend confirms it. Encrypted before the transaction. */
  async queue(entry: OutboxEntry): Promise<void> {
    const key = await this.keyFor(entry.userId);
    const { iv, ciphertext } = await encryptJson(key, entry.envelope, ['outbox', entry.id, entry.userId]);
    const now = this.now();
    await this.run('keeping the submission on this device', async (db) => {
      const tx = db.transaction('outbox', 'readwrite');
      const existing = await tx.store.get(entry.id);
      await tx.store.put({
        id: entry.id,
        formId: entry.formId,
        userId: entry.userId,
        ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
        ...(entry.draftId ? { draftId: entry.draftId } : {}),
        method: entry.method,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        attempts: existing?.attempts ?? 0,
        iv,
        ciphertext,
      });
      await tx.done;
    });
  }

  /** The submissions of this form and user still waiting, oldest first, decrypted. Unreadable ones are removed and counted. */
  async pending(formId: string, userId: string): Promise<{ entries: QueuedSubmission[]; unreadable: number }> {
    const records = await this.run('reading the outbox', (db) => db.getAllFromIndex('outbox', 'byOwner', [formId, userId]));
    const entries: QueuedSubmission[] = [];
    let unreadable = 0;
    for (const record of records.sort((a, b) => a.createdAt - b.createdAt)) {
      try {
        const key = await this.keyFor(record.userId);
        const envelope = await decryptJson(key, record.iv, record.ciphertext, ['outbox', record.id, record.userId]);
        const { id, endpoint, draftId, method, createdAt, attempts, lastFailure } = record;
        entries.push({ id, formId, userId, endpoint, draftId, method, createdAt, attempts, lastFailure, envelope: envelope as QueuedSubmission['envelope'] });
      } catch (error) {
        if (error instanceof StorageError) throw error;
        unreadable++;
        await this.dequeue(record.id);
      }
    }
    return { entries, unreadable };
  }

  /** Notes a failed attempt on a queued submission (how many, and the kind of failure: no data). */
  async noteAttempt(id: string, failure: string): Promise<void> {
    await this.run('updating the outbox', async (db) => {
      const tx = db.transaction('outbox', 'readwrite');
      const record: OutboxRecord | undefined = await tx.store.get(id);
      if (record) await tx.store.put({ ...record, attempts: record.attempts + 1, lastFailure: failure, updatedAt: this.now() });
      await tx.done;
    });
  }

  /** Removes a submission: only after the backend confirmed it, or refused it for good. */
  async dequeue(id: string): Promise<void> {
    await this.run('removing a sent submission', async (db) => {
      const tx = db.transaction('outbox', 'readwrite');
      await tx.store.delete(id);
      await tx.done;
    });
  }

  close(): void {
    this.drop();
  }
}

export interface OutboxEntry {
  /** The Idempotency-Key. */
  id: string;
  formId: string;
  userId: string;
  /** The draft these answers were in when Submit was pressed: links a waiting record to the form on screen. */
  draftId?: string;
  endpoint?: string;
  method: string;
  envelope: unknown;
}

export interface QueuedSubmission extends OutboxEntry {
  createdAt: number;
  attempts: number;
  lastFailure?: string;
  envelope: import('../submit/envelope.js').Envelope;
}
