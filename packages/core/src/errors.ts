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
  ) {
    super(message);
  }
}
