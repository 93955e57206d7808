/** Fired after a draft was written and its transaction completed (never before). */
export type SfDraftSavedEvent = CustomEvent<{ /** Epoch milliseconds. */ savedAt: number }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-draft-saved': SfDraftSavedEvent;
  }
}
