/**
 * Tells other tabs and windows of this origin that a draft was saved, so a second tab on the same
 * draft learns of it at once rather than at its next save. Messages carry the form id, the draft's
 * random id and the revision: no answers, no user id.
 */
export interface DraftSavedMessage {
  type: 'draft-saved' | 'draft-deleted';
  formId: string;
  draftId: string;
  rev: number;
  writer: string;
}

const NAME = 'safety-forms-drafts';

/** Listens for other writers' saves; returns a function that stops listening. Does nothing where BroadcastChannel is missing. */
export function watchDraftSaves(onMessage: (message: DraftSavedMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (event: MessageEvent<DraftSavedMessage>) => {
    const m = event.data;
    if (m && typeof m === 'object' && typeof m.draftId === 'string' && typeof m.rev === 'number') onMessage(m);
  };
  return () => channel.close();
}

export function announceDraft(message: DraftSavedMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(NAME);
  channel.postMessage(message);
  channel.close();
}

/**
 * A queued submission was delivered (by whichever tab): its Idempotency-Key and the backend's
 * reference, nothing else. A tab showing the same record as queued learns it was sent.
 */
export interface OutboxSentMessage {
  type: 'outbox-sent';
  id: string;
  reference?: string;
  status: number;
}

const OUTBOX = 'safety-forms-outbox';

/** Listens for deliveries announced by other tabs; returns a function that stops listening. */
export function watchOutboxSent(onMessage: (message: OutboxSentMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(OUTBOX);
  channel.onmessage = (event: MessageEvent<OutboxSentMessage>) => {
    const m = event.data;
    if (m && typeof m === 'object' && m.type === 'outbox-sent' && typeof m.id === 'string') onMessage(m);
  };
  return () => channel.close();
}

export function announceOutboxSent(message: OutboxSentMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(OUTBOX);
  channel.postMessage(message);
  channel.close();
}
