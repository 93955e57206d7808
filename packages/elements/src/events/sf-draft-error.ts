import type { StorageFailure } from '@safety-forms/core/runtime';

/** Fired when drafts cannot be kept (storage missing, full, blocked, broken) or a draft conflicts. No form data. */
export type SfDraftErrorEvent = CustomEvent<{ kind: StorageFailure }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-draft-error': SfDraftErrorEvent;
  }
}
