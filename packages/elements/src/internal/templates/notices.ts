/**
 * The form's banners: where a submission stands (queued, failed, a waiting record sent meanwhile) and
 * the drafts on this device (saved, restored, another tab, not kept, leftovers). Never silent about a
 * problem; only drawn: the buttons call back.
 */
import type { Leftover, StorageFailure, SubmissionFailure } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { format, type Strings } from '../strings.js';

/** Where a submission stands, as the notices need it. */
export interface SubmitNoticeState {
  state: 'idle' | 'validating' | 'sending' | 'sent' | 'queued' | 'failed';
  failure?: SubmissionFailure | 'busy';
  /** A record that waited from earlier was sent meanwhile: its reference ('' when none). */
  sentEarlier?: string;
  /** Why the record on screen could not be kept on this device to send later (said with a failure). */
  notKept?: StorageFailure;
}

/** "Sent earlier", then "kept on this device" or "sending failed" with Try again (`retry`). */
export function renderSubmitNotices(s: Strings, { state, failure, sentEarlier, notKept }: SubmitNoticeState, retry: () => void) {
  const earlier =
    sentEarlier !== undefined
      ? html`<div class="notice" role="status" part="notice sent-earlier"><p>${s.sentEarlier}${sentEarlier ? html` ${s.submittedReference} <strong>${sentEarlier}</strong>` : nothing}</p></div>`
      : nothing;
  return html`${earlier}${renderSubmitProblem(s, state, failure, retry, notKept)}`;
}

function renderSubmitProblem(s: Strings, state: SubmitNoticeState['state'], failure: SubmitNoticeState['failure'], retry: () => void, notKept?: StorageFailure) {
  const button = (label: string) => html`<button type="button" class="button button--secondary" part="button try-again-button" @click=${() => retry()}>${label}</button>`;
  if (state === 'queued') {
    return html`<div class="notice notice--warning" id="submit-failure" tabindex="-1" role="status" part="notice submit-queued">
      <p>${failure === 'busy' ? s.queuedBusy : s.queued}</p>
      ${button(s.tryAgainNow)}
    </div>`;
  }
  if (state !== 'failed' || !failure || failure === 'busy') return nothing;
  const canRetry = failure === 'network' || failure === 'server' || failure === 'unknown' || failure === 'auth';
  return html`<div class="notice notice--error" id="submit-failure" tabindex="-1" role="alert" part="notice submit-error">
    <p>${s[`failed-${failure}`]}</p>
    ${notKept ? html`<p part="submit-not-kept">${notKept === 'quota' ? s['outbox-quota'] : s['outbox-unavailable']}</p>` : nothing}
    ${canRetry ? button(s.tryAgain) : nothing}
  </div>`;
}

/** What the draft notices show: the draft controller's public state, and the leftovers kept with the draft. */
export interface DraftNoticeState {
  state: { kind: 'off' | 'starting' | 'ready' | 'conflict' } | { kind: 'unavailable'; reason: StorageFailure };
  savedAt?: number;
  restoredAt?: number;
  setAside: number;
  lastSaveFailed?: StorageFailure;
  leftovers: readonly Leftover[];
  ttlDays: number;
}

/** What the draft notices' buttons do. */
export interface DraftNoticeActions {
  loadLatest(): void;
  keepAsCopy(): void;
  discard(): void;
  downloadLeftovers(): void;
}

/** "14:32" today, "7 Dec, 14:32" another day. */
function time(at: number): string {
  const d = new Date(at);
  const sameDay = d.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat('en-GB', sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** Draft status and notices: what is kept, when it was saved, and what went wrong (never silently). */
export function renderDraftNotices(s: Strings, d: DraftNoticeState, actions: DraftNoticeActions) {
  if (d.state.kind === 'off') return nothing;
  // Just restored: "Draft restored from 14:32" says it; "Draft saved" returns with the next save.
  const savedText = d.savedAt && d.state.kind === 'ready' && !d.lastSaveFailed && d.savedAt !== d.restoredAt ? format(s.draftSaved, { time: time(d.savedAt) }) : '';
  return html`<div class="drafts" part="drafts">
    ${d.state.kind === 'conflict'
      ? html`<div class="notice notice--warning" role="alert" part="notice draft-conflict">
          <p>${s.draftConflict}</p>
          <button type="button" class="button button--secondary" part="button load-latest-button" @click=${() => actions.loadLatest()}>${s.loadLatest}</button>
          <button type="button" class="button button--secondary" part="button keep-mine-button" @click=${() => actions.keepAsCopy()}>${s.keepMine}</button>
        </div>`
      : nothing}
    ${d.state.kind === 'unavailable'
      ? html`<div class="notice notice--warning" role="alert" part="notice draft-unavailable"><p>${s[`draft-${d.state.reason}` as keyof Strings] ?? s['draft-unavailable']}</p></div>`
      : nothing}
    ${d.lastSaveFailed
      ? html`<div class="notice notice--warning" role="alert" part="notice draft-save-failed">
          <p>${d.lastSaveFailed === 'quota' ? s['draft-quota'] : s.draftSaveFailed}${d.savedAt ? html` ${format(s.draftSaveFailedKept, { time: time(d.savedAt) })}` : nothing}</p>
        </div>`
      : nothing}
    ${d.setAside ? html`<div class="notice" part="notice draft-set-aside"><p>${s.draftSetAside}</p></div>` : nothing}
    ${d.restoredAt
      ? html`<div class="notice" part="notice draft-restored">
          <p>${format(s.draftRestored, { time: time(d.restoredAt) })}</p>
          <button type="button" class="button button--secondary" part="button discard-draft-button" @click=${() => actions.discard()}>${s.discardDraft}</button>
        </div>`
      : nothing}
    ${d.leftovers.length
      ? html`<section class="notice" part="notice draft-leftovers" aria-labelledby="leftovers-heading">
          <h3 id="leftovers-heading">${s.leftoversTitle}</h3>
          <p>${s.leftoversBody}</p>
          <dl class="leftovers">
            ${d.leftovers.map((l) => html`<dt>${l.pointer}</dt><dd>${typeof l.value === 'string' ? l.value : JSON.stringify(l.value)}</dd>`)}
          </dl>
          <button type="button" class="button button--secondary" part="button download-leftovers-button" @click=${() => actions.downloadLeftovers()}>${s.downloadLeftovers}</button>
        </section>`
      : nothing}
    <p class="draft-status" part="draft-status">
      <span role="status">${savedText}</span>
      ${d.state.kind === 'ready' ? html`<span class="hint" part="draft-kept">${format(s.draftKept, { days: `${d.ttlDays} ${d.ttlDays === 1 ? s.dayUnit : s.daysUnit}` })}</span>` : nothing}
    </p>
  </div>`;
}
