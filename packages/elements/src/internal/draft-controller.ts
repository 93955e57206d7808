/**
 * `DraftController`: keeps the form's answers as an encrypted draft on this device (core's
 * `DraftStore`) and tells the user what is happening. Debounced autosave while typing, a flush when
 * the page is hidden or left, restore on open, two-tab detection, and a plain fallback to "not kept"
 * whenever storage fails. The answers on screen are never touched by a failure.
 */
import {
  announceDraft,
  DraftStore,
  newIdempotencyKey,
  StorageError,
  watchDraftSaves,
  type Leftover,
  type LoadedDraft,
  type StorageFailure,
} from '@safety-forms/core/runtime';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface DraftHost extends ReactiveControllerHost, EventTarget {
  /** Whether the element is in the page (an HTMLElement's own property). */
  readonly isConnected: boolean;
  /** Form id, or undefined while there is no form. */
  readonly draftFormId: string | undefined;
  readonly draftSchemaVersion: string;
  /** The user the drafts belong to; undefined when drafts are off for this page. */
  readonly draftUserId: string | undefined;
  readonly draftTtlDays: number;
  readonly draftKey?: CryptoKey;
  /** Whether the user changed anything since the form opened (a late restore must not overwrite it). */
  readonly draftDirty: boolean;
  /** What to save: the answers (as on screen, hidden ones included) and the leftovers of an older draft. */
  draftPayload(): DraftPayload;
  /** Puts a restored draft on screen. */
  applyDraft(payload: unknown, schemaVersion: string): { leftovers: number };
  /** The store is open and working (drafts restored): time to send anything left in the outbox. */
  draftsReady(): void;
}

export interface DraftPayload {
  data: unknown;
  leftovers: Leftover[];
}

export type DraftState =
  | { kind: 'off' }
  | { kind: 'starting' }
  | { kind: 'ready' }
  | { kind: 'unavailable'; reason: StorageFailure }
  | { kind: 'conflict'; otherSavedAt?: number };

export class DraftController implements ReactiveController {
  /** Autosave delay after the last change, in ms (RELIABILITY.md: at most 1 s). */
  delay = 700;
  state: DraftState = { kind: 'off' };
  savedAt?: number;
  restoredAt?: number;
  setAside = 0;
  /** A save failed after earlier ones worked: the last good draft is intact, the newest answers are not in it. */
  lastSaveFailed?: StorageFailure;

  private store?: DraftStore;
  private draftId = newIdempotencyKey();
  private rev = 0;
  private readonly writer = newIdempotencyKey();
  private timer?: ReturnType<typeof setTimeout>;
  private saving?: Promise<void>;
  private again = false;
  private unwatch?: () => void;
  private generation = 0;
  private startedFor?: string;

  /** The id of the draft the answers on screen are saved to. */
  get currentDraftId(): string {
    return this.draftId;
  }

  /** The open store, for the outbox; undefined while drafts are off or storage fails. */
  get openStore(): DraftStore | undefined {
    return this.state.kind === 'ready' || this.state.kind === 'conflict' ? this.store : undefined;
  }

  constructor(private readonly host: DraftHost) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.flush);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.flush);
    document.removeEventListener('visibilitychange', this.onVisibility);
    void this.flush();
    this.stop();
    this.startedFor = undefined;
  }

  hostUpdated(): void {
    // An element updated after it left the page (a property set on it, a late render) must not
    // start drafts again: that would open the database and save answers nobody sees.
    if (!this.host.isConnected) return;
    const { draftFormId: formId, draftUserId: userId } = this.host;
    const wanted = formId !== undefined && userId !== undefined ? `${formId}\u0000${userId}` : undefined;
    if (wanted === this.startedFor) return;
    this.startedFor = wanted;
    this.stop();
    // Not a synchronous re-render from inside the host's update (Lit's change-in-update warning).
    if (wanted !== undefined) void Promise.resolve().then(() => this.start(formId!, userId!));
    else void Promise.resolve().then(() => this.set({ kind: 'off' }));
  }

  private set(state: DraftState): void {
    this.state = state;
    this.host.requestUpdate();
  }

  private fail(kind: StorageFailure): void {
    this.host.dispatchEvent(new CustomEvent('sf-draft-error', { bubbles: true, composed: true, detail: { kind } }));
  }

  private stop(): void {
    this.generation++;
    clearTimeout(this.timer);
    this.unwatch?.();
    this.unwatch = undefined;
    this.store?.close();
    this.store = undefined;
    this.savedAt = undefined;
    this.restoredAt = undefined;
    this.setAside = 0;
    this.lastSaveFailed = undefined;
    this.draftId = newIdempotencyKey();
    this.rev = 0;
  }

  private async start(formId: string, userId: string): Promise<void> {
    const generation = this.generation;
    if (`${formId}\u0000${userId}` !== this.startedFor) return;
    this.set({ kind: 'starting' });
    try {
      const store = await DraftStore.open({
        key: this.host.draftKey,
        onClose: (reason) => {
          if (generation !== this.generation) return;
          // Dropped by the browser: the store reopens on the next save (and says so if it cannot).
          // Closed for another tab's newer version: this page cannot reopen it; say so.
          if (reason === 'terminated') return;
          this.store = undefined;
          this.set({ kind: 'unavailable', reason: 'blocked' });
          this.fail('blocked');
        },
      });
      if (generation !== this.generation) return store.close();
      this.store = store;
      await store.purgeExpired();
      const { draft, setAside } = await store.latest(formId, userId);
      if (generation !== this.generation) return;
      this.setAside = setAside;
      if (draft && !this.host.draftDirty) this.restore(draft);
      this.unwatch = watchDraftSaves((m) => {
        if (m.formId !== formId || m.draftId !== this.draftId || m.writer === this.writer) return;
        if (m.type === 'draft-saved' && m.rev > this.rev) this.set({ kind: 'conflict' });
      });
      this.set({ kind: 'ready' });
      if (this.host.draftDirty) this.schedule();
      this.host.draftsReady();
    } catch (error) {
      if (generation !== this.generation) return;
      const reason = error instanceof StorageError ? error.kind : 'unavailable';
      this.set({ kind: 'unavailable', reason });
      this.fail(reason);
    }
  }

  private restore(draft: LoadedDraft): void {
    this.draftId = draft.draftId;
    this.rev = draft.rev;
    this.restoredAt = draft.savedAt;
    this.savedAt = draft.savedAt;
    const { leftovers } = this.host.applyDraft(draft.payload, draft.schemaVersion);
    this.host.dispatchEvent(new CustomEvent('sf-draft-restored', { bubbles: true, composed: true, detail: { savedAt: draft.savedAt, leftovers } }));
  }

  /** The user changed something: save after a pause. */
  schedule(): void {
    if (this.state.kind !== 'ready') return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), this.delay);
  }

  /** Saves now (also on `pagehide` and when the page is hidden). */
  readonly flush = (): Promise<void> => {
    if (this.timer === undefined) return this.saving ?? Promise.resolve();
    return this.save();
  };

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') void this.flush();
  };

  /** One save at a time; changes made meanwhile are saved right after. */
  save(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.saving) {
      this.again = true;
      return this.saving;
    }
    this.saving = this.write().finally(() => {
      this.saving = undefined;
      if (this.again) {
        this.again = false;
        void this.save();
      }
    });
    return this.saving;
  }

  private async write(): Promise<void> {
    const store = this.store;
    const formId = this.host.draftFormId;
    const userId = this.host.draftUserId;
    if (!store || this.state.kind !== 'ready' || formId === undefined || userId === undefined) return;
    const generation = this.generation;
    try {
      const saved = await store.save({
        formId,
        userId,
        draftId: this.draftId,
        schemaVersion: this.host.draftSchemaVersion,
        payload: this.host.draftPayload(),
        ttlDays: this.host.draftTtlDays,
        expectedRev: this.rev,
        writer: this.writer,
      });
      if (generation !== this.generation) return;
      this.rev = saved.rev;
      this.savedAt = saved.savedAt;
      this.lastSaveFailed = undefined;
      this.host.requestUpdate();
      announceDraft({ type: 'draft-saved', formId, draftId: this.draftId, rev: saved.rev, writer: this.writer });
      this.host.dispatchEvent(new CustomEvent('sf-draft-saved', { bubbles: true, composed: true, detail: { savedAt: saved.savedAt } }));
    } catch (error) {
      if (generation !== this.generation) return;
      const kind = error instanceof StorageError ? error.kind : 'unavailable';
      if (kind === 'conflict') this.set({ kind: 'conflict' });
      else {
        this.lastSaveFailed = kind;
        this.host.requestUpdate();
      }
      this.fail(kind);
    }
  }

  /** Two tabs: replace the answers here with the draft the other tab saved. */
  async loadLatest(): Promise<void> {
    const { draftFormId: formId, draftUserId: userId } = this.host;
    if (!this.store || formId === undefined || userId === undefined) return;
    try {
      const draft = await this.store.load({ formId, userId, draftId: this.draftId });
      if (draft) {
        this.restore(draft);
        this.set({ kind: 'ready' });
      } else {
        // The other tab deleted it (discarded or submitted): the answers here are the only ones; keep
        // them as a new draft.
        await this.keepAsCopy();
      }
    } catch (error) {
      const kind = error instanceof StorageError ? error.kind : 'unavailable';
      this.set({ kind: 'unavailable', reason: kind });
      this.fail(kind);
    }
  }

  /** Two tabs: keep this tab's answers as a new draft; the other tab's draft stays as it is. */
  async keepAsCopy(): Promise<void> {
    this.draftId = newIdempotencyKey();
    this.rev = 0;
    this.restoredAt = undefined;
    this.set({ kind: 'ready' });
    await this.save();
  }

  /**
   * Deletes the draft (after a confirmed submit, or when the user discards it), unless another tab
   * saved newer answers to it meanwhile: those stay, and the user is told.
   */
  async discard(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.saving;
    const { draftFormId: formId, draftUserId: userId } = this.host;
    const slot = formId !== undefined && userId !== undefined ? { formId, userId, draftId: this.draftId } : undefined;
    const rev = this.rev;
    const draftId = this.draftId;
    this.draftId = newIdempotencyKey();
    this.rev = 0;
    this.savedAt = undefined;
    this.restoredAt = undefined;
    if (this.state.kind === 'conflict') this.state = { kind: 'ready' };
    this.host.requestUpdate();
    if (!this.store || !slot) return;
    try {
      await this.store.remove({ ...slot, draftId }, { expectedRev: rev, writer: this.writer });
      announceDraft({ type: 'draft-deleted', formId: slot.formId, draftId, rev, writer: this.writer });
    } catch (error) {
      const kind = error instanceof StorageError ? error.kind : 'unavailable';
      this.fail(kind);
    }
  }
}
