/** Fired when a saved draft was put back into the form. `leftovers` counts answers that no longer fit. */
export type SfDraftRestoredEvent = CustomEvent<{ savedAt: number; leftovers: number }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-draft-restored': SfDraftRestoredEvent;
  }
}
