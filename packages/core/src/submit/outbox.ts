/**
 * `Outbox`: submissions kept on this device until the backend confirms them (RELIABILITY.md,
 * Submission: offline, or every retry failed). Its own object store, `submissions`, on the one
 * safety-forms database (drafts/db.ts), opened through its own `Connection`: it works whether or not
 * the form keeps drafts. Each record is keyed by its Idempotency-Key; the envelope is AES-GCM encrypted
 * with the user's key (the same key, in the same `keys` store, as that user's drafts, or the host's own
 * key) before any transaction opens, with `['outbox', id, userId]` bound in as additional data, so no
 * answer is ever in IndexedDB in clear. Records queued in version 2's `outbox` store are moved here by
 * the database upgrade and read the same way.
 *
 * This module holds only storage: sending (retries, backoff, the Web Lock) is elsewhere, so writing a
 * queued record never depends on more code loading.
 */
import { StorageError } from '../errors.js';
import { Connection, type ConnectionOptions } from '../drafts/connection.js';
import { decryptJson, encryptJson } from '../drafts/crypto.js';
import type { OutboxRecord } from '../drafts/db.js';
import type { Envelope } from './envelope.js';

/** The connection's options: timeout, the host's key, the clock, `onClose`, and name and version for tests. */
export type OutboxOptions = ConnectionOptions;

/** A submission to keep: what is sent, where, and whose it is. */
export interface OutboxEntry {
  /** The Idempotency-Key. */
  id: string;
  formId: string;
  /** The user it belongs to ('' for an anonymous form); only this user's forms see and send it. */
  userId: string;
  /** The draft these answers were in when Submit was pressed: links a waiting record to the form on screen. None when drafts are off. */
  draftId?: string;
  endpoint?: string;
  method: string;
  envelope: unknown;
}

/** A submission read back from the outbox, decrypted. */
export interface QueuedSubmission extends OutboxEntry {
  createdAt: number;
  attempts: number;
  lastFailure?: string;
  envelope: Envelope;
}

const aad = (id: string, userId: string) => ['outbox', id, userId];

export class Outbox {
  private readonly connection: Connection;
  private readonly now: () => number;

  private constructor(options: OutboxOptions) {
    this.connection = new Connection(options, 'outbox', 'the outbox');
    this.now = this.connection.now;
  }

  /**
   * Opens the outbox and proves it works with a real write, within the timeout (upgrading the database
   * first when it is older, which moves any records of the old layout in).
   * @throws StorageError `unavailable`, `blocked`, `timeout`, `quota` when nothing can be kept here
   */
  static async open(options: OutboxOptions = {}): Promise<Outbox> {
    const outbox = new Outbox(options);
    await outbox.connection.probe();
    return outbox;
  }

  /**
   * Keeps a submission on this device until the backend confirms it: encrypted first, then written in
   * one transaction. Queuing the same id again replaces its envelope and keeps its count of attempts.
   * Resolves after the transaction completed, never before.
   * @throws StorageError `quota` when the device is full, `timeout`, `unavailable`, `closed`
   */
  async queue(entry: OutboxEntry): Promise<void> {
    const key = await this.connection.keyFor(entry.userId);
    const { iv, ciphertext } = await encryptJson(key, entry.envelope, aad(entry.id, entry.userId));
    const now = this.now();
    await this.connection.run('keeping the submission on this device', async (db) => {
      const tx = db.transaction('submissions', 'readwrite');
      const done = tx.done;
      done.catch(() => undefined);
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
      await done;
    });
  }

  /**
   * The submissions of this form and user still waiting, oldest first, decrypted. A record that does
   * not decrypt with this user's key (or whose envelope names another form) can never be sent: it is
   * removed and counted in `unreadable`.
   */
  async pending(formId: string, userId: string): Promise<{ entries: QueuedSubmission[]; unreadable: number }> {
    const records = await this.connection.run('reading the outbox', (db) => db.getAllFromIndex('submissions', 'byOwner', [formId, userId]));
    const entries: QueuedSubmission[] = [];
    let unreadable = 0;
    for (const record of records.sort((a, b) => a.createdAt - b.createdAt)) {
      try {
        const key = await this.connection.keyFor(record.userId);
        const envelope = (await decryptJson(key, record.iv, record.ciphertext, aad(record.id, record.userId))) as Envelope;
        if (!envelope || typeof envelope !== 'object' || envelope.formId !== record.formId) throw new Error('outbox: a record names another form');
        const { id, endpoint, draftId, method, createdAt, attempts, lastFailure } = record;
        entries.push({ id, formId, userId, endpoint, draftId, method, createdAt, attempts, lastFailure, envelope });
      } catch (error) {
        if (error instanceof StorageError) throw error;
        unreadable++;
        await this.dequeue(record.id);
      }
    }
    return { entries, unreadable };
  }

  /** Whether a submission is still waiting (another tab may have delivered it meanwhile). */
  async has(id: string): Promise<boolean> {
    return (await this.connection.run('reading the outbox', (db) => db.count('submissions', id))) > 0;
  }

  /** Notes a failed attempt on a queued submission (how many, and the kind of failure: no data). */
  async noteAttempt(id: string, failure: string): Promise<void> {
    await this.connection.run('updating the outbox', async (db) => {
      const tx = db.transaction('submissions', 'readwrite');
      const record: OutboxRecord | undefined = await tx.store.get(id);
      if (record) await tx.store.put({ ...record, attempts: record.attempts + 1, lastFailure: failure.slice(0, 40), updatedAt: this.now() });
      await tx.done;
    });
  }

  /** Removes a submission: only after the backend confirmed it, or refused it for good, or the answers changed. */
  async dequeue(id: string): Promise<void> {
    await this.connection.run('removing a sent submission', async (db) => {
      const tx = db.transaction('submissions', 'readwrite');
      await tx.store.delete(id);
      await tx.done;
    });
  }

  close(): void {
    this.connection.drop();
  }
}
