/**
 * `Connection`: one bounded, self-healing connection to the safety-forms database, shared in kind by
 * `DraftStore` and `Outbox` (each holds its own). Built for the failures in RELIABILITY.md: every
 * operation is bounded by a timeout; the connection is reopened once when the browser drops it; an
 * upgrade from another tab closes this connection instead of blocking it; an open blocked by an older
 * tab settles with `blocked`. It also keeps the per-user encryption keys (one non-extractable AES-GCM
 * key per user in the `keys` store, or the host's own key), so drafts and outbox records of one user
 * are encrypted with the same key, as they were when both lived in the drafts store.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { StorageError, type StorageFailure } from '../errors.js';
import { generateDraftKey } from './crypto.js';
import { DB_NAME, DB_VERSION, upgradeDatabase, type SafetyFormsDB } from './db.js';
import { withTimeout } from './timeout.js';

export interface ConnectionOptions {
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

/** What a failure was, from a `StorageError`, a DOMException or an idb request error. */
export function failureOf(error: unknown): StorageFailure {
  if (error instanceof StorageError) return error.kind;
  const name = (error as { name?: string } | null)?.name;
  const inner = (error as { target?: { error?: { name?: string } } } | null)?.target?.error?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return 'quota';
  if (name === 'InvalidStateError' || name === 'TransactionInactiveError') return 'closed';
  return 'unavailable';
}

export class Connection {
  private db?: IDBPDatabase<SafetyFormsDB>;
  private opening?: Promise<IDBPDatabase<SafetyFormsDB>>;
  private keys = new Map<string, Promise<CryptoKey>>();
  readonly timeout: number;
  readonly now: () => number;

  /**
   * @param module names the user of this connection in every error message (`drafts: ...`, `outbox: ...`)
   * @param noun what the database is to that user, in messages ("the draft database", "the outbox")
   */
  constructor(
    private readonly options: ConnectionOptions,
    private readonly module: 'drafts' | 'outbox',
    private readonly noun: string,
  ) {
    this.timeout = options.timeout ?? 3000;
    this.now = options.now ?? Date.now;
  }

  /** Wraps any failure as a `StorageError` whose message names the operation, never the data. */
  error(what: string, error: unknown): StorageError {
    if (error instanceof StorageError) return error;
    const kind = failureOf(error);
    return new StorageError(`${this.module}: ${what} failed (${kind})`, kind, error);
  }

  /** `withTimeout` with this connection's timeout and module name. */
  bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.timeout, what, this.module);
  }

  /** The open connection, if any (for writes that must start without an await: `DraftStore.putNow`). */
  get current(): IDBPDatabase<SafetyFormsDB> | undefined {
    return this.db;
  }

  connect(): Promise<IDBPDatabase<SafetyFormsDB>> {
    if (this.db) return Promise.resolve(this.db);
    if (this.opening) return this.opening;
    if (typeof indexedDB === 'undefined' || !indexedDB) {
      return Promise.reject(new StorageError(`${this.module}: IndexedDB is not available`, 'unavailable'));
    }
    let blocked = false;
    const opening = openDB<SafetyFormsDB>(this.options.name ?? DB_NAME, this.options.version ?? DB_VERSION, {
      upgrade: upgradeDatabase,
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
    const bounded = this.bounded(opening, `opening ${this.noun}`).catch((error: unknown) => {
      opening.then((db) => db.close()).catch(() => undefined);
      throw blocked ? new StorageError(`${this.module}: another tab is using an older version of ${this.noun}`, 'blocked') : this.error(`opening ${this.noun}`, error);
    });
    this.opening = bounded.finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** Closes the connection; the next operation opens it again. */
  drop(): void {
    const db = this.db;
    this.db = undefined;
    db?.close();
  }

  /**
   * Runs `op` on the connection, bounded by the timeout. When the connection turns out closed (the
   * browser dropped it, or another tab upgraded), reconnects and tries once more.
   */
  async run<T>(what: string, op: (db: IDBPDatabase<SafetyFormsDB>) => Promise<T>): Promise<T> {
    const attempt = async () => op(await this.connect());
    try {
      return await this.bounded(attempt(), what);
    } catch (error) {
      if (failureOf(error) !== 'closed') throw this.error(what, error);
      this.drop();
      try {
        return await this.bounded(attempt(), what);
      } catch (again) {
        throw this.error(what, again);
      }
    }
  }

  /** A real write and delete, so a read-only or full store is found before the user relies on it. */
  async probe(): Promise<void> {
    await this.run(`checking ${this.noun}`, async (db) => {
      const tx = db.transaction('meta', 'readwrite');
      await tx.store.put({ id: `probe-${this.module}`, at: this.now() });
      await tx.store.delete(`probe-${this.module}`);
      await tx.done;
    });
    // Best-effort storage may be evicted; ask the browser to keep it (no prompt in Chromium).
    void navigator.storage?.persist?.().catch(() => undefined);
  }

  /** The user's key: the host's, or the one kept for this user (made on first use; one per user across tabs). */
  keyFor(userId: string): Promise<CryptoKey> {
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
    const existing = await this.run('reading the key', (db) => db.get('keys', userId));
    if (existing) return existing.key;
    const key = await generateDraftKey();
    return this.run('storing the key', async (db) => {
      const tx = db.transaction('keys', 'readwrite');
      // Another tab (or the other store of this page) may have stored one meanwhile: theirs wins, so all share one key.
      const raced = await tx.store.get(userId);
      if (!raced) await tx.store.add({ userId, key, createdAt: this.now() });
      await tx.done;
      return raced?.key ?? key;
    });
  }
}
