/** Fired when the backend confirmed the record (2xx, or the submitHandler resolved). */
export type SfSubmittedEvent = CustomEvent<{ reference?: string; status: number; idempotencyKey: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'sf-submitted': SfSubmittedEvent;
  }
}
