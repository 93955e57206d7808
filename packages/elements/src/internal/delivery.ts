/**
 * Delivery: sends one submission (new, or waiting in the outbox) under a Web Lock named by its key, so
 * two tabs never send the same record at once, and tidies the outbox after it: the entry goes once the
 * backend confirmed or refused it, and is kept, its attempt noted, when another attempt may succeed.
 *
 * Its own chunk, with core's `deliver` and the request code (fetched once the page is idle, when the
 * user reaches the last section, and at Submit): the first screen keeps what a submission needs to be
 * safe, its state and the outbox's storage path (submission-controller.ts), so a record is kept on
 * this device before this chunk is asked for, and stays there when it cannot load.
 */
import { deliver, isRetryable, type SubmitReceipt } from '@safety-forms/core/delivery';
import { announceOutboxSent, SubmissionError, type Envelope, type Outbox, type OutboxEntry } from '@safety-forms/core/runtime';
import type { SubmitRequest } from './submission-controller.js';

/** What became of one delivery. */
export type Delivery =
  /** An earlier record another tab delivered while this one waited for the lock: not sent again. */
  | { kind: 'gone' }
  /** Another tab holds the lock: it is sending this record now. */
  | { kind: 'busy' }
  | { kind: 'sent'; receipt: SubmitReceipt }
  /**
   * Refused, or every attempt failed. `retryable`: another attempt with the same key may succeed;
   * `kept`: it waits in the outbox for that attempt.
   */
  | { kind: 'failed'; failure: SubmissionError; retryable: boolean; kept: boolean };

export interface DeliveryOptions {
  /** Whether the entry was kept in the outbox (else it is sent from memory: it could not be kept on this device). */
  queued: boolean;
  /** The outbox holding it, open; undefined if it closed meanwhile (another tab's newer version sends what waits). */
  outbox?: Outbox;
  /** Whether the entry is the record on screen (else an earlier one waiting). */
  current: boolean;
  /** Where and how to send, read now (the page's headers may have changed since the record was kept). */
  request: () => SubmitRequest;
}

/** Runs `send` holding the Web Lock for this submission; null when another tab holds it. */
async function withLock<T>(id: string, send: () => Promise<T>): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return send();
  return locks.request(`safety-forms-outbox:${id}`, { ifAvailable: true }, (lock) => (lock ? send() : null));
}

/**
 * Delivers `entry` and says what became of it; never throws. Another tab showing the record as waiting
 * learns it was sent (its key and reference only).
 */
export async function deliverEntry(entry: OutboxEntry, { queued, outbox, current, request }: DeliveryOptions): Promise<Delivery> {
  try {
    if (queued && navigator.onLine === false) throw new SubmissionError('submit: the device is offline', 'network');
    const how = request();
    const receipt = await withLock(entry.id, async () => {
      if (!current && outbox && !(await outbox.has(entry.id).catch(() => true))) return 'gone' as const;
      return deliver(
        entry.envelope as Envelope,
        { endpoint: entry.endpoint, method: entry.method, headers: how.headers, submitHandler: entry.endpoint ? undefined : how.submitHandler, idempotencyKey: entry.id },
        how.retryPolicy,
      );
    });
    if (receipt === 'gone') return { kind: 'gone' };
    if (receipt === null) return { kind: 'busy' };
    await outbox?.dequeue(entry.id).catch(() => undefined);
    announceOutboxSent({ type: 'outbox-sent', id: entry.id, reference: receipt.reference, status: receipt.status });
    return { kind: 'sent', receipt };
  } catch (error) {
    // A ConfigError (no endpoint, no handler) is the page's mistake: the user is told to contact its team.
    const failure = error instanceof SubmissionError ? error : new SubmissionError('submit: the form is not set up to send', 'rejected');
    const retryable = isRetryable(failure);
    const keep = retryable || failure.kind === 'auth';
    if (keep) await outbox?.noteAttempt(entry.id, failure.kind).catch(() => undefined);
    else await outbox?.dequeue(entry.id).catch(() => undefined);
    return { kind: 'failed', failure, retryable, kept: queued && keep };
  }
}
