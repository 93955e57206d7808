/**
 * One delivery attempt of an envelope, to an HTTP endpoint or through a host's `submitHandler`.
 * Maps the reply to a receipt or a typed `SubmissionError` (RELIABILITY.md, Submission). Retries with
 * backoff and the offline outbox build on this (issue #4); this function never retries on its own.
 */
import { ConfigError, SubmissionError } from '../errors.js';
import { parsePointer, toPointer } from '../pointer.js';
import type { FieldError } from '../types.js';
import type { Envelope } from './envelope.js';

export interface SubmitReceipt {
  /** The backend's reference for the record, shown to the user as the receipt. */
  reference?: string;
  status: number;
}

/** Replaces fetch for non-HTTP backends (SharePoint, Power Automate, ...). Resolve with a receipt, or throw. */
export type SubmitHandler = (
  envelope: Envelope,
  context: { idempotencyKey: string; signal?: AbortSignal },
) => Promise<{ reference?: string } | void>;

export interface SendOptions {
  endpoint?: string;
  /** HTTP method; POST unless the host says otherwise. */
  method?: string;
  headers?: Record<string, string>;
  submitHandler?: SubmitHandler;
  /** The same key for every attempt of one submission, so the backend stores one record. */
  idempotencyKey: string;
  signal?: AbortSignal;
  /** Milliseconds before an attempt is abandoned as a network failure. */
  timeout?: number;
}

/** Maps problem+json `errors[{pointer, detail}]` to field errors on the form data. */
export function problemFieldErrors(problem: unknown): FieldError[] {
  const list = (problem as { errors?: unknown })?.errors;
  if (!Array.isArray(list)) return [];
  const out: FieldError[] = [];
  for (const item of list.slice(0, 500)) {
    const pointer = (item as { pointer?: unknown })?.pointer;
    const detail = (item as { detail?: unknown })?.detail;
    if (typeof pointer !== 'string' || typeof detail !== 'string') continue;
    let p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
    try {
      const tokens = parsePointer(p);
      p = toPointer(tokens[0] === 'data' ? tokens.slice(1) : tokens);
    } catch {
      continue;
    }
    out.push({ pointer: p, message: detail.slice(0, 500) });
  }
  return out;
}

/** The contract's own headers, in any letter case, cannot be set by the host. */
const OWN_HEADERS = new Set(['content-type', 'accept', 'idempotency-key']);

function hostHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !OWN_HEADERS.has(name.toLowerCase())));
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month ("Wed, 21 Oct 2026 07:28:00 GMT"); Date.parse alone would take "-5" as a year.
  const at = /^[a-z]{3}, /i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * Sends one envelope once.
 * @returns the receipt on a 2xx with a JSON body
 * @throws ConfigError when there is neither an endpoint nor a submitHandler
 * @throws SubmissionError: `network` (no reply, timeout), `server` (5xx, 408, 429), `invalid` (400/422
 * with field errors), `auth` (401/403), `too-large` (413), `rejected` (other 4xx), `unknown` (2xx that
 * is not the expected JSON: the record may or may not be stored)
 */
export async function sendSubmission(envelope: Envelope, options: SendOptions): Promise<SubmitReceipt> {
  if (options.submitHandler) {
    let receipt: { reference?: string } | void;
    try {
      receipt = await options.submitHandler(envelope, { idempotencyKey: options.idempotencyKey, signal: options.signal });
    } catch (error) {
      // A handler may say what went wrong with a SubmissionError; anything else is an unknown
      // outcome, and its message (which may quote the record) is not passed on.
      if (error instanceof SubmissionError) throw error;
      throw new SubmissionError('submit: the submit handler failed', 'unknown');
    }
    const reference = receipt && typeof receipt.reference === 'string' ? receipt.reference : undefined;
    return { status: 200, ...(reference ? { reference } : {}) };
  }
  if (!options.endpoint) throw new ConfigError('submit: no endpoint and no submitHandler');
  const timeout = AbortSignal.timeout(options.timeout ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(options.endpoint, {
      method: options.method ?? 'POST',
      credentials: 'same-origin',
      headers: {
        ...hostHeaders(options.headers),
        'Content-Type': 'application/json',
        Accept: 'application/json, application/problem+json',
        'Idempotency-Key': options.idempotencyKey,
      },
      body: JSON.stringify(envelope),
      signal,
    });
  } catch {
    throw new SubmissionError('submit: the request did not reach the server', 'network');
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    const body = await readJson(response);
    if (!body || typeof body !== 'object') {
      throw new SubmissionError(`submit: ${status} reply was not the expected JSON`, 'unknown', status);
    }
    const reference = (body as { reference?: unknown }).reference;
    return { status, ...(typeof reference === 'string' ? { reference: reference.slice(0, 200) } : {}) };
  }
  if (status === 400 || status === 422) {
    const type = response.headers.get('Content-Type') ?? '';
    const fieldErrors = /json/.test(type) ? problemFieldErrors(await readJson(response)) : [];
    throw new SubmissionError(`submit: the server refused the record (${status})`, fieldErrors.length ? 'invalid' : 'rejected', status, fieldErrors);
  }
  if (status === 401 || status === 403) throw new SubmissionError(`submit: not signed in (${status})`, 'auth', status);
  if (status === 413) throw new SubmissionError('submit: the record is too large for the server (413)', 'too-large', status);
  if (status === 408 || status === 409 || status === 429 || status >= 500) {
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
    throw new SubmissionError(`submit: the server could not take the record now (${status})`, 'server', status, [], retryAfter);
  }
  throw new SubmissionError(`submit: the server refused the record (${status})`, 'rejected', status);
}
