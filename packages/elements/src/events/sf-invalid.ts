import type { FieldError } from '@safety-forms/core/runtime';

/** Fired when a submit attempt stops because answers need correcting. */
export type SfInvalidEvent = CustomEvent<{ errors: FieldError[] }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-invalid': SfInvalidEvent;
  }
}
