/**
 * `deliver`: sends an envelope until the backend confirms or says no, as RELIABILITY.md's table asks.
 * Network errors, timeouts, 408, 409, 429, 5xx and a 2xx that is not the expected JSON (unknown
 * outcome) are retried with exponential backoff and full jitter, honouring `Retry-After`, always with
 * the same Idempotency-Key, so the backend stores one record however many attempts reach it. A 400/422
 * (field errors), 401/403 (sign in again), 413 (too large) or other 4xx stops at once.
 */
import { SubmissionError } from '../errors.js';
import { sendSubmission, type SendOptions, type SubmitReceipt } from './send.js';
import type { Envelope } from './envelope.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first backoff, in ms; doubled each time, up to `maxDelay`. */
  baseDelay: number;
  maxDelay: number;
  /** A `Retry-After` longer than this is not waited for here: the record goes to the outbox instead. */
  maxRetryAfter: number;
  /**
   * Used by the form elements, not by `deliver`: while a record waits in the outbox and the page stays
   * open, it is sent again after this many ms, doubled each time up to `maxResendDelay` (with jitter).
   */
  resendDelay?: number;
  maxResendDelay?: number;
  /** For tests: the wait and the jitter. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelay: 500, maxDelay: 8000, maxRetryAfter: 30_000 };

/** Whether another attempt with the same key may succeed. */
export function isRetryable(error: unknown): boolean {
  return error instanceof SubmissionError && (error.kind === 'network' || error.kind === 'server' || error.kind === 'unknown');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

export interface DeliverHooks {
  /** Before each attempt (1-based). */
  onAttempt?: (attempt: number) => void;
  /** After a retryable failure, with the wait before the next attempt. */
  onRetry?: (error: SubmissionError, attempt: number, waitMs: number) => void;
}

/**
 * @returns the receipt of the first attempt the backend confirmed
 * @throws the last `SubmissionError` when the backend refused, or when every attempt failed in a
 * retryable way (`isRetryable(error)` is then true: keep the record in the outbox)
 */
export async function deliver(
  envelope: Envelope,
  options: SendOptions,
  policy: Partial<RetryPolicy> = {},
  hooks: DeliverHooks = {},
): Promise<SubmitReceipt> {
  const p = { ...defaultRetryPolicy, ...policy };
  const wait = p.sleep ?? sleep;
  const random = p.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    hooks.onAttempt?.(attempt);
    try {
      return await sendSubmission(envelope, options);
    } catch (error) {
      if (!isRetryable(error) || attempt >= p.attempts || options.signal?.aborted) throw error;
      const e = error as SubmissionError;
      if (e.retryAfter !== undefined && e.retryAfter > p.maxRetryAfter) throw error;
      const backoff = Math.min(p.maxDelay, p.baseDelay * 2 ** (attempt - 1));
      const ms = e.retryAfter ?? Math.round(random() * backoff);
      hooks.onRetry?.(e, attempt, ms);
      await wait(ms, options.signal);
    }
  }
}
