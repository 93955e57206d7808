/** Fired when the user changes an answer (never for a programmatic change). */
export type SfChangeEvent = CustomEvent<{ /** JSON Pointer of the answer that changed. */ pointer: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-change': SfChangeEvent;
  }
}
