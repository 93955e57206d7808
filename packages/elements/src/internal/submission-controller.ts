/**
 * `SubmissionController`: the submit lifecycle of one form. It opens the form's outbox itself (core's
 * `Outbox`, its own store on the safety-forms database: whether or not the form keeps drafts), builds
 * the envelope from the answers' snapshot, keeps it in the outbox before the first attempt, delivers it
 * with the delivery chunk (delivery.ts: under a Web Lock named by its idempotency key, so two tabs never
 * send the same record at once; fetched on demand, the keeping above needs none of it), retries
 * what waits (when the outbox opens, `online`, a backoff timer, "Try again now"), and learns from other
 * tabs what they sent. A retry is byte-for-byte the same request: the key and the envelope are reused
 * together until the answers change (`supersede`). When the record cannot be kept (the device is full,
 * storage is missing) it says so, and the answers stay on screen.
 */
import {
  buildEnvelope,
  newIdempotencyKey,
  Outbox,
  StorageError,
  SubmissionError,
  watchOutboxSent,
  type Envelope,
  type FieldError,
  type FormDefinition,
  type JsonObject,
  type OutboxEntry,
  type OutboxSentMessage,
  type QueuedSubmission,
  type ResultSummary,
  type RetryPolicy,
  type StorageFailure,
  type SubmissionFailure,
  type SubmitHandler,
  type SubmitReceipt,
  type ValidationResult,
} from '@safety-forms/core/runtime';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events/emit.js';
import type { Delivery } from './delivery.js';
import type { FormSource } from './on-demand.js';

/**
 * Where a submission stands: `validating` (momentarily), `sending` (attempts under way), `sent` (the
 * backend confirmed), `queued` (kept on this device to send when possible), `failed` (the backend said
 * no, or nothing could be kept: the answers are on screen).
 */
export type SubmitState = 'idle' | 'validating' | 'sending' | 'sent' | 'queued' | 'failed';

/** Where and how a record is sent, read at each attempt. */
export interface SubmitRequest {
  /** The endpoint the element names (its own, else `<safety-forms-config>`'s); ignored with a `submitHandler`. */
  endpoint?: string;
  method: string;
  submitHandler?: SubmitHandler;
  headers: Record<string, string>;
  retryPolicy?: Partial<RetryPolicy>;
}

/** What the submission needs from the element, given as functions so they read its current state. */
export interface SubmissionOptions {
  form(): FormSource | undefined;
  /** A record shown read-only is already stored somewhere: it is never sent. */
  readonly(): boolean;
  /**
   * Brings the answers up to date, shows every error, and gives the snapshot to send: at once, or once
   * the form's validator has arrived (or could not: then the snapshot goes unchecked, for the service to check).
   */
  prepare(): Prepared | Promise<Prepared>;
  request(): SubmitRequest;
  /** The host's own AES-GCM key (`draftKey`), used for the outbox as for drafts; otherwise the user's key kept on this device. */
  key(): CryptoKey | undefined;
  /**
   * The user the waiting records belong to ('' for an anonymous form); undefined when nothing may be
   * kept on this device. Independent of drafts: a form with drafts off still has an outbox.
   */
  userId(): string | undefined;
  /** The draft of the answers on screen, if drafts are kept: links a waiting record to the answers restored after a reload. */
  draftId(): string | undefined;
  /**
   * Whether the draft on screen is known (drafts off, restored, or failed). Waiting records are sent
   * only then, so one of them is recognised as the submission of a restored draft. The host calls
   * `sendQueued()` when drafts settle later.
   */
  draftsSettled(): boolean;
  /** Whether the error summary may take focus (not with `no-autofocus`). */
  autofocus(): boolean;
  /** Moves focus to the element with this id after the next render. */
  focus(id: string): void;
  /** The record on screen was confirmed (here or by another tab): the draft goes, the form value says the reference. */
  sent(): void;
  /**
   * The delivery chunk (delivery.ts), fetched at first use unless the idle preload brought it;
   * undefined when it cannot load. `quiet`: a failure is not shown as "a part could not load".
   */
  delivery(quiet: boolean): Promise<typeof import('./delivery.js') | undefined>;
}

/** The answers to send, validated. */
export interface Prepared {
  validation: ValidationResult;
  data: JsonObject;
  result: ResultSummary | null;
}

/** The page's CSRF token (`<meta name="csrf-token">`), then `<safety-forms-config>` headers, then the form's own. */
export function requestHeaders(config?: Record<string, string>, own?: Record<string, string>): Record<string, string> {
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  return { ...(csrf ? { 'X-CSRF-Token': csrf } : {}), ...config, ...own };
}

export class SubmissionController implements ReactiveController {
  state: SubmitState = 'idle';
  failure?: SubmissionFailure | 'busy';
  /** The backend's errors for particular questions (a 422), shown until the answer changes. */
  serverErrors: FieldError[] = [];
  receipt?: SubmitReceipt;
  /** A record waiting from earlier (not the answers on screen) was sent meanwhile: its reference. */
  sentEarlier?: string;
  /** The key of the submission of the answers on screen, and the envelope sent with it: reused together. */
  private key?: string;
  private sending?: Envelope;
  private inFlight?: Promise<SubmitReceipt | undefined>;
  /** What `inFlight` is: a Submit, or a run sending what waits (which may include the record on screen). */
  private flight?: 'submit' | 'queued';
  private resendTimer?: ReturnType<typeof setTimeout>;
  private resendCount = 0;
  private unwatchSent?: () => void;
  /** Why the record on screen could not be kept on this device (storage full, missing...), shown with a failure. */
  notKept?: StorageFailure;
  /** The outbox of this form and user, opening or open; resolves undefined when it cannot be kept here. */
  private outbox?: Promise<Outbox | undefined>;
  /** Which form, user and key the outbox was opened for. */
  private outboxFor?: { slot: string; key: CryptoKey | undefined };
  /** A record could not be sent because the delivery chunk could not load: sent when it arrives. */
  private undelivered = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: SubmissionOptions,
  ) {
    host.addController(this);
  }

  /** The envelope of the answers on screen, once Submit was pressed. */
  get envelope(): Envelope | undefined {
    return this.sending;
  }

  hostConnected(): void {
    this.unwatchSent = watchOutboxSent(this.onSentElsewhere);
    addEventListener('online', this.onOnline);
  }

  hostDisconnected(): void {
    this.unwatchSent?.();
    this.unwatchSent = undefined;
    this.stopResending();
    removeEventListener('online', this.onOnline);
    this.closeOutbox();
  }

  hostUpdated(): void {
    this.keepOutboxOpen();
    this.keepResending();
  }

  /**
   * Opens the outbox for this form and user (again when either, or the host's key, changes), and
   * sends what waits once it is open and the draft on screen is known. A form that has left the page
   * opens nothing.
   */
  private keepOutboxOpen(): void {
    if (!this.host.isConnected) return;
    const formId = this.options.form()?.id;
    const userId = this.options.readonly() ? undefined : this.options.userId();
    const slot = formId !== undefined && userId !== undefined ? `${formId}\u0000${userId}` : undefined;
    const key = this.options.key();
    if (slot === this.outboxFor?.slot && key === this.outboxFor?.key) return;
    this.closeOutbox();
    if (slot === undefined) return;
    const wanted = { slot, key };
    this.outboxFor = wanted;
    const opening: Promise<Outbox | undefined> = Outbox.open({
      key,
      onClose: (reason) => {
        // Dropped by the browser: the outbox reopens on its next operation. Closed for another tab's
        // newer version: this page cannot use it any more (the other tab sends what waits).
        if (reason === 'versionchange' && this.outbox === opening) this.outbox = Promise.resolve(undefined);
      },
    }).then(
      (outbox) => {
        if (this.outboxFor !== wanted) {
          outbox.close();
          return undefined;
        }
        return outbox;
      },
      () => undefined,
    );
    this.outbox = opening;
    void opening.then((outbox) => {
      if (outbox && this.outboxFor === wanted && this.options.draftsSettled()) void this.sendQueued();
    });
  }

  private closeOutbox(): void {
    const outbox = this.outbox;
    this.outbox = undefined;
    this.outboxFor = undefined;
    void outbox?.then((o) => o?.close());
  }

  /** The open outbox, waiting for it while it opens (bounded); undefined when nothing can be kept. */
  private openOutbox(): Promise<Outbox | undefined> {
    return this.outbox ?? Promise.resolve(undefined);
  }

  /** See `SfFormBase.submit`: one request in flight, whatever the user does with the button. */
  submit(): Promise<SubmitReceipt | undefined> {
    if (this.options.readonly()) return Promise.resolve(undefined);
    if (this.state === 'sent') return Promise.resolve(this.receipt);
    if (this.inFlight && this.flight === 'submit') return this.inFlight;
    // Waiting records are being sent (on open, `online`...): Submit goes right after, never instead.
    if (this.inFlight) return this.inFlight.then(() => undefined, () => undefined).then(() => this.submit());
    this.flight = 'submit';
    this.inFlight = this.send().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Back to no submission. A record already waiting in the outbox is another report now: it stays queued and is sent in the background. */
  clear(): void {
    this.serverErrors = [];
    this.failure = undefined;
    this.receipt = undefined;
    this.state = 'idle';
    this.key = undefined;
    this.sending = undefined;
    this.sentEarlier = undefined;
    this.notKept = undefined;
    this.host.requestUpdate();
  }

  /** The answer at `pointer` changed: the backend's error about it no longer applies. */
  answerChanged(pointer: string): void {
    if (!this.serverErrors.some((e) => e.pointer === pointer)) return;
    this.serverErrors = this.serverErrors.filter((e) => e.pointer !== pointer);
    this.host.requestUpdate();
  }

  /**
   * The answers changed after a submission that is not confirmed: that submission (and its outbox
   * entry, which holds the old answers) is dropped, and the form waits for Submit again. Nothing is
   * ever sent that differs from what is on screen, and nothing old is sent later as a second record.
   */
  supersede(): void {
    const key = this.key;
    if (!key) return;
    this.key = undefined;
    this.sending = undefined;
    if (this.state === 'queued' || this.state === 'failed') {
      this.state = 'idle';
      this.failure = undefined;
      this.notKept = undefined;
      this.host.requestUpdate();
    }
    void this.openOutbox().then((outbox) => outbox?.dequeue(key).catch(() => undefined));
  }

  private async send(): Promise<SubmitReceipt | undefined> {
    const form = this.options.form();
    if (!form) return undefined;
    const prepared = this.options.prepare();
    this.state = 'validating';
    this.serverErrors = [];
    this.failure = undefined;
    this.notKept = undefined;
    this.host.requestUpdate();
    // Synchronous when the validator is here (as it is from a moment after the first screen).
    const { validation, data, result } = prepared instanceof Promise ? await prepared : prepared;
    if (!validation.valid) {
      this.state = 'idle';
      emit(this.host, 'sf-invalid', { errors: validation.errors });
      if (this.options.autofocus()) this.options.focus('error-summary');
      return undefined;
    }
    if (!this.key || !this.sending) {
      // buildEnvelope reads the form's id, version and schema, never its validator.
      this.sending = buildEnvelope(form as FormDefinition, data, result);
      this.key = newIdempotencyKey();
    }
    const { sending: envelope, key: idempotencyKey } = this;
    if (!emit(this.host, 'sf-submit', { envelope, idempotencyKey }, { cancelable: true })) {
      this.state = 'idle';
      this.host.requestUpdate();
      return undefined;
    }
    this.state = 'sending';
    this.host.requestUpdate();
    const request = this.options.request();
    const userId = this.options.userId();
    const draftId = userId !== undefined ? this.options.draftId() : undefined;
    const entry: OutboxEntry = {
      id: idempotencyKey,
      formId: form.id,
      userId: userId ?? '',
      endpoint: request.submitHandler ? undefined : request.endpoint,
      method: request.method,
      envelope,
      ...(draftId ? { draftId } : {}),
    };
    // Kept on the device before the first attempt, so a closed tab or a crash loses nothing. This
    // path needs no code beyond the first chunk: a record is kept even when nothing else can load.
    let queued = false;
    if (userId !== undefined) {
      const outbox = await this.openOutbox();
      if (!outbox) this.notKept = 'unavailable';
      else {
        const failed = await outbox.queue(entry).then(
          () => undefined,
          (error: unknown) => (error instanceof StorageError ? error.kind : 'unavailable'),
        );
        queued = failed === undefined;
        this.notKept = failed;
      }
    }
    return this.deliverEntry(entry, queued);
  }

  /**
   * Delivers one submission (new, or from the outbox) with the delivery chunk (delivery.ts: the Web
   * Lock, the attempts, the outbox tidied after), and shows what became of it. The outbox entry and
   * the draft go only after the backend confirmed. A waiting record that is not the answers on screen
   * (an earlier report) is sent in the background: the form on screen is left alone, and a line says
   * it was sent. When the delivery chunk cannot load, the record stays where it is (kept: "queued", sent
   * when the chunk arrives; not kept: "failed", the answers on screen) as after a network failure.
   */
  private async deliverEntry(entry: OutboxEntry, queued: boolean): Promise<SubmitReceipt | undefined> {
    const outbox = queued ? await this.openOutbox() : undefined;
    const current = entry.id === this.key;
    if (current) {
      this.state = 'sending';
      this.failure = undefined;
      this.host.requestUpdate();
    }
    // Kept on this device: the queued notice says enough; not kept, the page also says a part could not load.
    const delivery = await this.options.delivery(!current || queued);
    const outcome: Delivery = delivery
      ? await delivery.deliverEntry(entry, { queued, outbox, current, request: () => this.options.request() })
      : { kind: 'failed', failure: new SubmissionError('submit: the sending code could not load', 'network'), retryable: true, kept: queued };
    if (!delivery) this.undelivered = true;
    if (outcome.kind === 'gone') return undefined;
    if (outcome.kind === 'busy') {
      if (current) {
        this.state = 'queued';
        this.failure = 'busy';
        this.host.requestUpdate();
      }
      return undefined;
    }
    if (outcome.kind === 'sent') {
      const { receipt } = outcome;
      emit(this.host, 'sf-submitted', { ...receipt, idempotencyKey: entry.id });
      if (!current) {
        this.sentEarlier = receipt.reference ?? '';
        this.host.requestUpdate();
        return receipt;
      }
      this.receipt = receipt;
      this.state = 'sent';
      this.host.requestUpdate();
      this.options.focus('confirmation');
      // Only now that the backend confirmed does the draft go.
      this.options.sent();
      return receipt;
    }
    const { failure, retryable, kept } = outcome;
    emit(this.host, 'sf-submit-error', { kind: failure.kind, status: failure.status, fieldErrors: current ? failure.fieldErrors : [], queued: kept });
    if (!current) throw failure;
    this.failure = failure.kind;
    this.serverErrors = failure.fieldErrors;
    this.state = queued && retryable ? 'queued' : 'failed';
    this.host.requestUpdate();
    this.options.focus(failure.fieldErrors.length && this.options.autofocus() ? 'error-summary' : 'submit-failure');
    throw failure;
  }

  /** The delivery chunk has arrived: what could not be sent without it is sent now. */
  deliveryArrived(): void {
    if (!this.undelivered) return;
    this.undelivered = false;
    void this.sendQueued();
  }

  /**
   * Sends what is waiting: the outbox entries of this form and user (when the outbox opens, on
   * `online`, from "Try again now"), or, without an outbox, the failed submission again with the same
   * key. One run at a time: a call while one runs joins it.
   */
  sendQueued(): Promise<void> {
    if (this.options.readonly() || this.state === 'sent' || this.state === 'sending') return Promise.resolve();
    if (this.inFlight) return this.inFlight.then(() => undefined, () => undefined);
    const flight = this.sendWaiting();
    this.flight = 'queued';
    this.inFlight = flight.finally(() => (this.inFlight = undefined));
    return flight.then(() => undefined, () => undefined);
  }

  private async sendWaiting(): Promise<SubmitReceipt | undefined> {
    const formId = this.options.form()?.id;
    const userId = this.options.userId();
    const outbox = formId !== undefined && userId !== undefined ? await this.openOutbox() : undefined;
    const { entries } = outbox ? await outbox.pending(formId!, userId!).catch(() => ({ entries: [] as QueuedSubmission[] })) : { entries: [] as QueuedSubmission[] };
    if (!entries.some((e) => e.id === this.key) && (this.state === 'failed' || this.state === 'queued')) {
      // The record on screen is not in the outbox (it could not be kept): send it again, same key and body.
      const again = await this.send().catch(() => undefined);
      if (!entries.length) return again;
    }
    for (const entry of entries) {
      // The record of the draft on screen (queued before the page was closed) is these answers' submission.
      if (!this.key && entry.draftId && entry.draftId === this.options.draftId()) {
        this.key = entry.id;
        this.sending = entry.envelope;
      }
      if (this.state === 'sent' && entry.id === this.key) continue;
      await this.deliverEntry(entry, true).catch(() => undefined);
    }
    return this.state === 'sent' ? this.receipt : undefined;
  }

  /**
   * While the record on screen waits in the outbox and the page stays open, it is sent again on a
   * timer: `resendDelay` (15 s), doubled each time up to `maxResendDelay` (5 min), with jitter, besides
   * `online`, reopening the form and "Try again now". The backoff starts again once the record leaves
   * the queued state.
   */
  private keepResending(): void {
    if (this.state === 'queued') {
      if (this.resendTimer !== undefined || !this.host.isConnected) return;
      const { resendDelay = 15_000, maxResendDelay = 300_000 } = this.options.request().retryPolicy ?? {};
      const delay = Math.min(maxResendDelay, resendDelay * 2 ** Math.min(this.resendCount, 20));
      this.resendCount++;
      this.resendTimer = setTimeout(() => {
        this.resendTimer = undefined;
        if (this.state === 'queued' && this.host.isConnected) void this.sendQueued();
      }, delay / 2 + (Math.random() * delay) / 2);
    } else if (this.state !== 'sending') {
      this.stopResending();
      this.resendCount = 0;
    }
  }

  private stopResending(): void {
    clearTimeout(this.resendTimer);
    this.resendTimer = undefined;
  }

  /** Another tab delivered the record on screen: it is sent, and this tab says so instead of "queued". */
  private readonly onSentElsewhere = (m: OutboxSentMessage) => {
    if (m.id !== this.key || this.state === 'sent' || this.state === 'sending') return;
    this.receipt = { reference: typeof m.reference === 'string' ? m.reference : undefined, status: typeof m.status === 'number' ? m.status : 200 };
    this.failure = undefined;
    this.serverErrors = [];
    this.state = 'sent';
    this.host.requestUpdate();
    // The other tab deleted the draft with the outbox entry; nothing here may save it again.
    this.options.sent();
  };

  private readonly onOnline = () => void this.sendQueued();
}
