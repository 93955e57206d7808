/**
 * `DraftController`: keeps the form's answers as an encrypted draft on this device (core's
 * `DraftStore`) and tells the user what is happening. Debounced autosave while typing, a flush when
 * the page is hidden or left, restore on open, two-tab detection, and a plain fallback to "not kept"
 * whenever storage fails. The answers on screen are never touched by a failure. Drafts only: the
 * outbox is the submission controller's own (core's `Outbox`, on the same database).
 */
import {
  announceDraft,
  DraftStore,
  newIdempotencyKey,
  StorageError,
  watchDraftSaves,
  type DraftRecord,
  type Leftover,
  type LoadedDraft,
  type StorageFailure,
} from '@safety-forms/core/runtime';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events/emit.js';

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
  /** Drafts settled (restored, nothing to restore, or failed): the draft on screen is known; time to send anything left in the outbox. */
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
  /** Changes scheduled so far, and the newest of them a completed save holds. */
  private changes = 0;
  private savedChange = 0;
  /** The newest change a write under way holds. */
  private savingChange = 0;
  /** The newest answers already encrypted, ready for `putNow` when the page is left (see `prepareAhead`). */
  private prepared?: { record: DraftRecord; change: number };
  private preparing = false;

  /** The id of the draft the answers on screen are saved to. */
  get currentDraftId(): string {
    return this.draftId;
  }

  /**
   * Whether the draft on screen is known: drafts are off, or their start ended (restored, nothing to
   * restore, or failed). Until then a waiting submission cannot be matched to a restored draft.
   */
  get settled(): boolean {
    return this.startedFor === undefined || (this.state.kind !== 'starting' && this.state.kind !== 'off');
  }

  constructor(private readonly host: DraftHost) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.onPageHide);
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
    emit(this.host, 'sf-draft-error', { kind });
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
    this.prepared = undefined;
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
      // No draft to restore: the outbox (which does not need drafts) may send what waits.
      this.host.draftsReady();
    }
  }

  private restore(draft: LoadedDraft): void {
    // Answers encrypted before the restore are not the ones on screen any more.
    this.prepared = undefined;
    this.savedChange = this.savingChange = this.changes;
    this.draftId = draft.draftId;
    this.rev = draft.rev;
    this.restoredAt = draft.savedAt;
    this.savedAt = draft.savedAt;
    const { leftovers } = this.host.applyDraft(draft.payload, draft.schemaVersion);
    emit(this.host, 'sf-draft-restored', { savedAt: draft.savedAt, leftovers });
  }

  /** The user changed something: save after a pause. */
  schedule(): void {
    if (this.state.kind !== 'ready') return;
    this.changes++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), this.delay);
    this.prepareAhead();
  }

  /**
   * Keeps the newest answers encrypted ahead of any save (one encryption at a time; the newest
   * answers again when it ends). A page being left (reload, navigation, closed tab) runs no more
   * tasks after `pagehide`, so the encryption a save starts then would never finish: what was typed
   * since the last autosave was lost (issue #13). With the ciphertext ready, `pagehide` writes it
   * synchronously (`putNow`).
   */
  private prepareAhead(): void {
    const store = this.store;
    const formId = this.host.draftFormId;
    const userId = this.host.draftUserId;
    if (this.preparing || !store || this.state.kind !== 'ready' || formId === undefined || userId === undefined) return;
    this.preparing = true;
    const change = this.changes;
    const generation = this.generation;
    store
      .prepare({
        formId,
        userId,
        draftId: this.draftId,
        schemaVersion: this.host.draftSchemaVersion,
        payload: this.host.draftPayload(),
        ttlDays: this.host.draftTtlDays,
        expectedRev: this.rev,
        writer: this.writer,
      })
      .then(
        (record) => {
          if (generation === this.generation) this.prepared = { record, change };
        },
        () => undefined,
      )
      .finally(() => {
        this.preparing = false;
        if (generation === this.generation && this.changes !== change) this.prepareAhead();
      });
  }

  /**
   * Writes the prepared answers at once, if they are newer than the last completed save and than a
   * save under way. When they are the newest answers, the pending autosave is not needed.
   */
  private writeNow(): void {
    const p = this.prepared;
    const store = this.store;
    const { draftFormId: formId, draftUserId: userId } = this.host;
    if (!p || !store || this.state.kind !== 'ready' || p.change <= Math.max(this.savedChange, this.savingChange)) return;
    if (p.record.draftId !== this.draftId || p.record.formId !== formId || p.record.userId !== userId) return;
    const generation = this.generation;
    const draftId = this.draftId;
    const writing = store.putNow(p.record, this.rev + 1);
    if (!writing) return;
    this.savingChange = p.change;
    if (p.change === this.changes) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // A page that stays alive (hidden, or kept in the back-forward cache) learns it as of any save.
    writing.then(
      (saved) => {
        if (generation !== this.generation || draftId !== this.draftId) return;
        this.saved(formId!, saved, p.change);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.savingChange = this.savedChange;
        // The answers are still on screen: the ordinary save tries again.
        this.schedule();
        this.fail(error instanceof StorageError ? error.kind : 'unavailable');
      },
    );
  }

  /** A save completed (`tx.done`): the revision, the time, and the news for other tabs and the page. */
  private saved(formId: string, saved: { rev: number; savedAt: number }, change: number): void {
    this.rev = Math.max(this.rev, saved.rev);
    this.savedChange = Math.max(this.savedChange, change);
    this.savedAt = saved.savedAt;
    this.lastSaveFailed = undefined;
    this.host.requestUpdate();
    announceDraft({ type: 'draft-saved', formId, draftId: this.draftId, rev: saved.rev, writer: this.writer });
    emit(this.host, 'sf-draft-saved', { savedAt: saved.savedAt });
  }

  /** Saves now (also on `pagehide` and when the page is hidden). */
  readonly flush = (): Promise<void> => {
    if (this.timer === undefined) return this.saving ?? Promise.resolve();
    return this.save();
  };

  /**
   * The page is being left: the prepared answers are written synchronously, then the ordinary save
   * is started too (it completes when the page stays alive, e.g. in the back-forward cache).
   */
  private readonly onPageHide = () => {
    this.writeNow();
    void this.flush();
  };

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') this.onPageHide();
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
    const change = this.changes;
    this.savingChange = Math.max(this.savingChange, change);
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
      this.saved(formId, saved, change);
    } catch (error) {
      if (generation !== this.generation) return;
      this.savingChange = this.savedChange;
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
