import type { Envelope } from '@safety-forms/core/runtime';

/** Fired before sending; cancelable: `preventDefault()` stops the submission. */
export type SfSubmitEvent = CustomEvent<{ envelope: Envelope; idempotencyKey: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-submit': SfSubmitEvent;
  }
}
