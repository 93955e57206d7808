import type { FieldError, SubmissionFailure } from '@safety-forms/core/runtime';

/** Fired when a submission failed; the answers stay on screen. `detail` never holds form data. */
export type SfSubmitErrorEvent = CustomEvent<{
  kind: SubmissionFailure;
  status?: number;
  /** The backend's field errors (problem+json), already shown on the fields. */
  fieldErrors: FieldError[];
  /** The record is kept in this device's outbox and will be sent when possible. */
  queued: boolean;
}>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-submit-error': SfSubmitErrorEvent;
  }
}
