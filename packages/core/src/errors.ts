import type { FieldError } from './types.js';

/**
 * Errors thrown by core. Only programmer and configuration mistakes throw; user input errors are data
 * (`validate()` returns them). Each class sets `name` explicitly because minifiers mangle class names.
 * Messages start with the module name and never contain form data.
 */
export class SfError extends Error {
  override name = 'SfError';
}

/** A schema is missing, malformed or uses something we refuse (a remote `$ref`, say). */
export class SchemaError extends SfError {
  override name = 'SchemaError';
}

export type StorageFailure =
  /** IndexedDB is missing, read-only or refused to open (private window, kiosk, cross-site iframe). */
  | 'unavailable'
  /** The device is out of space for this site. */
  | 'quota'
  /** An operation did not settle in time (a wrapper that hangs, an open that never resolves). */
  | 'timeout'
  /** Another tab holds an older version of the database open. */
  | 'blocked'
  /** Another tab or window saved this draft since this one last read it. */
  | 'conflict'
  /** The stored record could not be decrypted or read; it was set aside. */
  | 'corrupt'
  /** The connection was closed (by the browser, or for another tab's upgrade) and could not be reopened. */
  | 'closed';

/**
 * A draft or outbox operation failed; `kind` says why. Messages never contain form data. The form
 * keeps working and tells the user that drafts are not being kept on this device.
 */
export class StorageError extends SfError {
  override name = 'StorageError';
  constructor(
    message: string,
    readonly kind: StorageFailure,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** An option or attribute is wrong: an unknown form id, a bad endpoint. */
export class ConfigError extends SfError {
  override name = 'ConfigError';
}

export type SubmissionFailure = 'network' | 'rejected' | 'invalid' | 'auth' | 'too-large' | 'server' | 'unknown';

/**
 * A submission could not be delivered; `kind` says why, `fieldErrors` carries the backend's own field
 * errors (problem+json `errors[{pointer, detail}]`). Never contains form data.
 */
export class SubmissionError extends SfError {
  override name = 'SubmissionError';
  constructor(
    message: string,
    readonly kind: SubmissionFailure,
    readonly status?: number,
    readonly fieldErrors: FieldError[] = [],
    /** From the reply's `Retry-After`, in milliseconds, when it had one. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
