/**
 * Drafts on this device, seen from the form element (RELIABILITY.md, "Drafts"): quiet debounced
 * autosave, an honest status, restore and discard, per-user scoping, expiry, delete on a confirmed
 * submit, two tabs, every storage failure with a visible message, answers from an older form version,
 * privacy, and the flush when the page is left. Storage faults are injected as in core's store.test.ts.
 */
import { DraftStore, type DraftRecord } from '@safety-forms/core';
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { completeReport, FAKE_SUBJECT } from '../../../../stories/fixtures/threat-report.js';
import { clearIndexedDbFromBrowser, deleteDraftDatabase, dumpAsText, rawDump } from '../../../core/src/drafts/test-support.js';
import type ThreatReportForm from '../components/threat-report-form/threat-report-form.component.js';
import '../components/threat-report-form/threat-report-form.js';
import { defaultStrings as S, format } from './strings.js';
import type { DraftController } from './draft-controller.js';
import { $, $$, settle } from './test/helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const FORM_ID = 'threat-report';
const REPORTER = '#f--report--reporterName';
const RECEIVER = '#f--report--receiverName';

// Helpers -------------------------------------------------------------------------------------------

/** Polls `check` every 20 ms until it holds, for at most `ms` (real time: Date may be faked). */
async function until(check: () => boolean | Promise<boolean>, ms = 3000, what = 'the condition'): Promise<void> {
  const end = performance.now() + ms;
  for (;;) {
    if (await check()) return;
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A short real pause (bounded), used only to show that something did NOT happen. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The element's DraftController (a protected field). */
function drafts(el: ThreatReportForm): DraftController {
  return (el as unknown as { drafts: DraftController }).drafts;
}

/** Waits until the draft controller has finished starting (ready, unavailable, conflict...). */
async function started(el: ThreatReportForm, ms = 5000): Promise<void> {
  await until(() => drafts(el).state.kind !== 'starting', ms, 'drafts to start');
  await settle(el);
}

async function ready(el: ThreatReportForm): Promise<void> {
  await started(el);
  expect(drafts(el).state.kind, 'draft state').to.equal('ready');
}

/** Whether the drafts database exists (rawDump on a missing database would create an empty one). */
async function dbExists(): Promise<boolean> {
  return (await indexedDB.databases()).some((d) => d.name === 'safety-forms');
}

async function records(): Promise<DraftRecord[]> {
  if (!(await dbExists())) return [];
  return ((await rawDump())['drafts'] ?? []) as DraftRecord[];
}

/** Sets a text input as typing would (input then change) and lets the element render. */
async function typeText(el: ThreatReportForm, selector: string, text: string): Promise<void> {
  const input = $<HTMLInputElement>(el, selector);
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await settle(el);
}

function inputValue(el: ThreatReportForm, selector: string): string {
  return $<HTMLInputElement>(el, selector).value;
}

function reportOf(el: ThreatReportForm): Record<string, unknown> {
  return (el.value['report'] ?? {}) as Record<string, unknown>;
}

function part(el: ThreatReportForm, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

function text(node: Element | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function statusText(el: ThreatReportForm): string {
  return text($(el, '[part=draft-status] [role=status]'));
}

function hhmm(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/** Opens the form for `user` with a short autosave delay. */
async function openForm(user: string, delay = 50, listeners: Record<string, (e: Event) => void> = {}): Promise<ThreatReportForm> {
  const el = await fixture<ThreatReportForm>(html`<threat-report-form
    user-id=${user}
    @sf-draft-saved=${listeners['saved'] ?? null}
    @sf-draft-restored=${listeners['restored'] ?? null}
    @sf-draft-error=${listeners['error'] ?? null}
  ></threat-report-form>`);
  drafts(el).delay = delay;
  return el;
}

/** Types into the reporter's name and waits for that save to be written. */
async function typeAndSave(el: ThreatReportForm, value: string, selector = REPORTER): Promise<void> {
  const before = drafts(el).savedAt;
  await typeText(el, selector, value);
  await el.saveDraft();
  await settle(el);
  expect(drafts(el).lastSaveFailed, 'save failed').to.equal(undefined);
  expect(drafts(el).savedAt, 'saved').to.not.equal(before);
}

/** Replaces window.indexedDB for one test (idb reads the global at call time). */
function withIndexedDb(value: unknown): () => void {
  const original = Object.getOwnPropertyDescriptor(window, 'indexedDB')!;
  Object.defineProperty(window, 'indexedDB', { value, configurable: true, writable: true });
  return () => Object.defineProperty(window, 'indexedDB', original);
}

/** Makes every put into the `drafts` store fail as a full device does. */
function failDraftPuts(): () => void {
  const original = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === 'drafts') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return original.apply(this, args);
  };
  return () => (IDBObjectStore.prototype.put = original);
}

/** Writes a record straight into the drafts store, as a hostile script or a bit flip would. */
async function putRawDraft(record: unknown): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const r = indexedDB.open('safety-forms');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const tx = r.result.transaction('drafts', 'readwrite');
      tx.objectStore('drafts').put(record);
      tx.oncomplete = () => (r.result.close(), resolve());
      tx.onerror = () => (r.result.close(), reject(tx.error));
    };
  });
}

/** Decrypts one stored draft with a separate store (the per-user key is shared on this device). */
async function payloadOf(userId: string, draftId: string): Promise<{ data: Record<string, Record<string, unknown>>; leftovers: unknown[] } | undefined> {
  const store = await DraftStore.open({ timeout: 2000 });
  try {
    const draft = await store.load({ formId: FORM_ID, userId, draftId });
    return draft?.payload as { data: Record<string, Record<string, unknown>>; leftovers: unknown[] } | undefined;
  } finally {
    store.close();
  }
}

function storageSnapshot(): string {
  const all = (s: Storage) => Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)]);
  return JSON.stringify({ local: all(localStorage), session: all(sessionStorage) });
}

// Tests ---------------------------------------------------------------------------------------------

describe('drafts on <threat-report-form>', () => {
  beforeEach(() => deleteDraftDatabase());
  afterEach(async () => {
    sinon.restore();
    // Elements first, so their connections close before the database is deleted.
    fixtureCleanup();
    await deleteDraftDatabase();
  });

  it('passes axe with drafts on', async () => {
    const el = await openForm('axe.user');
    await ready(el);
    expect(part(el, 'drafts')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('saves quietly after the pause in typing, says "Draft saved at HH:MM" only after the write, and shows how long drafts are kept', async () => {
    const order: string[] = [];
    const saved: CustomEvent<{ savedAt: number }>[] = [];
    const el = await openForm('quiet.user', 300, {
      saved: (e) => {
        order.push('event');
        saved.push(e as CustomEvent<{ savedAt: number }>);
      },
    });
    await ready(el);
    expect(text($(el, '[part=draft-status] .hint'))).to.equal('Drafts are kept on this device only, for 30 days.');
    expect($(el, '[part=draft-status] [role=status]')).to.exist;
    expect(statusText(el)).to.equal('');

    // Record when the write transaction completes (listening before idb does, so ahead of any
    // promise it resolves), and when the status first shows a text.
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = transaction.apply(this, args);
      const names = [args[0]].flat();
      if (names.includes('drafts') && args[1] === 'readwrite') tx.addEventListener('complete', () => order.push('tx-complete'));
      return tx;
    };
    const status = $(el, '[part=draft-status] [role=status]');
    const observer = new MutationObserver(() => {
      if (status.textContent!.trim() && !order.includes('status')) order.push('status');
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    try {
      const input = $<HTMLInputElement>(el, REPORTER);
      input.focus();
      await sendKeys({ type: 'Priya' });
      await settle(el);
      // Nothing is claimed while the pause has not passed.
      expect(statusText(el)).to.equal('');
      expect(saved).to.have.length(0);
      await until(() => saved.length === 1 && statusText(el) !== '', 3000, 'the first autosave');
      await pause(350);
      expect(saved, 'one sf-draft-saved per save').to.have.length(1);
      expect(order.indexOf('tx-complete'), 'write completed before anything said so').to.be.greaterThan(-1);
      expect(order.indexOf('tx-complete')).to.be.lessThan(order.indexOf('status'));
      expect(order.indexOf('tx-complete')).to.be.lessThan(order.indexOf('event'));
      expect(statusText(el)).to.match(/^Draft saved at \d{2}:\d{2}$/);
      expect(statusText(el)).to.equal(format(S.draftSaved, { time: hhmm(saved[0]!.detail.savedAt) }));
      // Quietly: no alert, and focus stays where the user is typing.
      expect(el.shadowRoot!.activeElement).to.equal(input);
      expect($$(el, '[part=drafts] [role=alert]')).to.have.length(0);
      const [first] = await records();
      expect(first?.rev).to.equal(1);
      expect(first?.savedAt).to.equal(saved[0]!.detail.savedAt);
      expect(reportOf(el)['reporterName']).to.equal('Priya');

      // A second burst of typing: a second save, a second event, rev 2.
      await sendKeys({ type: ' Example' });
      await until(() => saved.length === 2, 3000, 'the second autosave');
      await pause(350);
      expect(saved).to.have.length(2);
      expect((await records())[0]?.rev).to.equal(2);
    } finally {
      observer.disconnect();
      IDBDatabase.prototype.transaction = transaction;
    }

    // The hint and the expiry follow draft-ttl-days.
    el.setAttribute('draft-ttl-days', '7');
    await settle(el);
    expect(text($(el, '[part=draft-status] .hint'))).to.equal('Drafts are kept on this device only, for 7 days.');
    await typeAndSave(el, 'Priya Seven');
    const [record] = await records();
    expect(record!.expiresAt - record!.savedAt).to.equal(7 * DAY);
  });

  it('a form that has left the page never opens the database again, even when it is updated after', async () => {
    const el = await openForm('gone.user');
    await ready(el);
    await typeAndSave(el, 'Priya Example');
    el.remove();
    await deleteDraftDatabase();
    // Updated while detached (a property set by the host page, a late render): no draft is started again.
    el.setAttribute('draft-ttl-days', '7');
    el.requestUpdate();
    await el.updateComplete;
    await pause(300);
    expect((await rawDump())['drafts'] ?? []).to.deep.equal([]);
  });

  it('restores the answers when the form is opened again, with a Discard draft button that clears them and deletes the draft', async () => {
    const first = await openForm('restore.user');
    await ready(first);
    await typeAndSave(first, 'Priya Example');
    await typeAndSave(first, 'Sam Placeholder', RECEIVER);
    const savedAt = drafts(first).savedAt!;
    first.remove();

    const restored: CustomEvent<{ savedAt: number; leftovers: number }>[] = [];
    const el = await openForm('restore.user', 50, { restored: (e) => restored.push(e as CustomEvent<{ savedAt: number; leftovers: number }>) });
    await ready(el);
    expect(restored).to.have.length(1);
    expect(restored[0]!.detail.savedAt).to.equal(savedAt);
    expect(restored[0]!.detail.leftovers).to.equal(0);
    expect(reportOf(el)).to.deep.equal({ reporterName: 'Priya Example', receiverName: 'Sam Placeholder' });
    expect(inputValue(el, REPORTER)).to.equal('Priya Example');
    expect(inputValue(el, RECEIVER)).to.equal('Sam Placeholder');
    const notice = part(el, 'draft-restored')!;
    expect(notice).to.exist;
    expect(text(notice.querySelector('p'))).to.equal(`Draft restored from ${hhmm(savedAt)}`);
    const discard = part(el, 'discard-draft-button') as HTMLButtonElement;
    expect(text(discard)).to.equal('Discard draft');
    await expect(el).to.be.accessible();

    discard.click();
    await settle(el);
    await until(async () => (await records()).length === 0, 3000, 'the draft to be deleted');
    await settle(el);
    expect(el.value).to.deep.equal({});
    expect(inputValue(el, REPORTER)).to.equal('');
    expect(part(el, 'draft-restored')).to.equal(null);
    expect((await rawDump())['drafts']).to.deep.equal([]);

    // And it stays gone: a third opening restores nothing.
    const again = await openForm('restore.user', 50, { restored: (e) => restored.push(e as CustomEvent<{ savedAt: number; leftovers: number }>) });
    await ready(again);
    expect(restored).to.have.length(1);
    expect(again.value).to.deep.equal({});
  });

  it('keeps drafts per user: another user gets nothing; no user id saves nothing unless draft="anonymous"; draft="off" saves nothing', async () => {
    const alice = await openForm('alice');
    await ready(alice);
    await typeAndSave(alice, 'Alice Answer');
    alice.remove();

    const restored: Event[] = [];
    const bob = await openForm('bob', 50, { restored: (e) => restored.push(e) });
    await ready(bob);
    expect(restored).to.have.length(0);
    expect(bob.value).to.deep.equal({});
    expect(part(bob, 'draft-restored')).to.equal(null);
    bob.remove();
    await deleteDraftDatabase();

    // No user id: drafts are off, nothing is written, not even a database.
    const nobody = await fixture<ThreatReportForm>(html`<threat-report-form></threat-report-form>`);
    drafts(nobody).delay = 20;
    await typeText(nobody, REPORTER, 'Nobody Answer');
    await nobody.saveDraft();
    await pause(300);
    expect(drafts(nobody).state.kind).to.equal('off');
    expect(part(nobody, 'drafts')).to.equal(null);
    expect(await records()).to.have.length(0);
    expect(await dbExists(), 'no database without a user id').to.equal(false);
    nobody.remove();

    // draft="off", even with a user id.
    const off = await fixture<ThreatReportForm>(html`<threat-report-form user-id="carol" draft="off"></threat-report-form>`);
    drafts(off).delay = 20;
    await typeText(off, REPORTER, 'Carol Answer');
    await off.saveDraft();
    await pause(300);
    expect(drafts(off).state.kind).to.equal('off');
    expect(part(off, 'drafts')).to.equal(null);
    expect(await records()).to.have.length(0);
    off.remove();

    // draft="anonymous": allowed without a user id.
    const anon = await fixture<ThreatReportForm>(html`<threat-report-form draft="anonymous"></threat-report-form>`);
    drafts(anon).delay = 20;
    await ready(anon);
    await typeAndSave(anon, 'Anonymous Answer');
    const saved = await records();
    expect(saved).to.have.length(1);
    expect(saved[0]!.userId).to.equal('');
  });

  it('does not restore a draft older than draft-ttl-days, and purges it on start', async () => {
    const first = await fixture<ThreatReportForm>(html`<threat-report-form user-id="ttl.user" draft-ttl-days="1"></threat-report-form>`);
    await ready(first);
    await typeAndSave(first, 'Old Answer');
    const [record] = await records();
    expect(record!.expiresAt - record!.savedAt).to.equal(DAY);
    first.remove();

    // Half a day later it is still restored (the control).
    let clock = sinon.useFakeTimers({ now: record!.savedAt + DAY / 2, toFake: ['Date'] });
    try {
      const within = await fixture<ThreatReportForm>(html`<threat-report-form user-id="ttl.user" draft-ttl-days="1"></threat-report-form>`);
      await ready(within);
      expect(reportOf(within)['reporterName']).to.equal('Old Answer');
      within.remove();
    } finally {
      clock.restore();
    }

    // Two days later it is gone, from the screen and from the device.
    clock = sinon.useFakeTimers({ now: record!.savedAt + 2 * DAY, toFake: ['Date'] });
    try {
      const restored: Event[] = [];
      const later = await fixture<ThreatReportForm>(html`<threat-report-form
        user-id="ttl.user"
        draft-ttl-days="1"
        @sf-draft-restored=${(e: Event) => restored.push(e)}
      ></threat-report-form>`);
      await ready(later);
      expect(restored).to.have.length(0);
      expect(later.value).to.deep.equal({});
      expect(part(later, 'draft-restored')).to.equal(null);
      expect(await records(), 'expired draft purged on start').to.have.length(0);
    } finally {
      clock.restore();
    }
  });

  it('deletes the draft after a confirmed submit, and keeps it after a failed one', async () => {
    const failing = await openForm('submit.user');
    await ready(failing);
    failing.value = completeReport;
    await failing.saveDraft();
    expect(await records()).to.have.length(1);
    failing.submitHandler = sinon.stub().rejects(new Error('backend down'));
    await failing.submit().then(
      () => expect.fail('the submit should have failed'),
      () => undefined,
    );
    await settle(failing);
    await pause(200);
    expect(failing.state).to.be.oneOf(['failed', 'queued']);
    expect(await records(), 'draft kept after a failed submit').to.have.length(1);
    expect(reportOf(failing)['reporterName']).to.equal(completeReport.report.reporterName);

    const handler = sinon.stub().resolves({ reference: 'TR-DRAFT' });
    failing.submitHandler = handler;
    const receipt = await failing.submit();
    expect(receipt?.reference).to.equal('TR-DRAFT');
    expect(handler.callCount).to.equal(1);
    await until(async () => (await records()).length === 0, 3000, 'the draft to be deleted after submit');

    // Reopening after the confirmed submit restores nothing.
    const again = await openForm('submit.user');
    await ready(again);
    expect(again.value).to.deep.equal({});
  });

  describe('two tabs on the same draft', () => {
    /** A draft saved earlier, then two open forms that both restored it. */
    async function twoTabs(): Promise<[ThreatReportForm, ThreatReportForm, CustomEvent<{ kind: string }>[]]> {
      const seed = await openForm('same', 60_000);
      await ready(seed);
      await typeAndSave(seed, 'Original Answer');
      seed.remove();
      const a = await openForm('same', 60_000);
      const errors: CustomEvent<{ kind: string }>[] = [];
      const b = await openForm('same', 60_000, { error: (e) => errors.push(e as CustomEvent<{ kind: string }>) });
      await ready(a);
      await ready(b);
      expect(reportOf(a)['reporterName']).to.equal('Original Answer');
      expect(reportOf(b)['reporterName']).to.equal('Original Answer');
      return [a, b, errors];
    }

    it('tells the other tab when one saves, and "Load the latest answers" loads them', async () => {
      const [a, b] = await twoTabs();
      await typeAndSave(a, 'From Tab A');
      await until(() => drafts(b).state.kind === 'conflict', 3000, 'the conflict notice');
      await settle(b);
      const notice = part(b, 'draft-conflict')!;
      expect(notice).to.exist;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(text(notice.querySelector('p'))).to.equal(S.draftConflict);
      expect(text(part(b, 'load-latest-button'))).to.equal('Load the latest answers');
      expect(text(part(b, 'keep-mine-button'))).to.equal('Keep mine as a copy');
      // Nothing changed under the user's eyes.
      expect(inputValue(b, REPORTER)).to.equal('Original Answer');
      await expect(b).to.be.accessible();

      (part(b, 'load-latest-button') as HTMLButtonElement).click();
      await until(() => drafts(b).state.kind === 'ready' && reportOf(b)['reporterName'] === 'From Tab A', 3000, 'the latest answers');
      await settle(b);
      expect(inputValue(b, REPORTER)).to.equal('From Tab A');
      expect(part(b, 'draft-conflict')).to.equal(null);
      // B can now save on top of A's revision without a conflict.
      await typeAndSave(b, 'From Tab B after loading');
      const saved = await records();
      expect(saved).to.have.length(1);
      expect(saved[0]!.rev).to.equal(3);
    });

    it('"Keep mine as a copy" keeps this tab\'s answers as a second draft and leaves the other as it was', async () => {
      const [a, b] = await twoTabs();
      await typeText(b, REPORTER, 'From Tab B');
      await typeAndSave(a, 'From Tab A');
      await until(() => drafts(b).state.kind === 'conflict', 3000, 'the conflict notice');
      await settle(b);
      expect(inputValue(b, REPORTER)).to.equal('From Tab B');

      (part(b, 'keep-mine-button') as HTMLButtonElement).click();
      await until(async () => (await records()).length === 2, 3000, 'the copy to be saved');
      await settle(b);
      expect(drafts(b).state.kind).to.equal('ready');
      expect(inputValue(b, REPORTER)).to.equal('From Tab B');
      expect(statusText(b)).to.match(/^Draft saved at \d{2}:\d{2}$/);
      const saved = await records();
      const payloads = await Promise.all(saved.map((r) => payloadOf('same', r.draftId)));
      const names = payloads.map((p) => p?.data['report']?.['reporterName']).sort();
      expect(names).to.deep.equal(['From Tab A', 'From Tab B']);
      const aRecord = saved.find((_r, i) => payloads[i]?.data['report']?.['reporterName'] === 'From Tab A')!;
      expect(aRecord.rev).to.equal(2);
      expect(inputValue(a, REPORTER)).to.equal('From Tab A');
    });

    it('checks the revision in the write transaction: a tab that missed the message gets the conflict, the other draft is unchanged', async () => {
      const [a, b, errors] = await twoTabs();
      // B never hears A's message (a channel closed, a lost event...).
      (drafts(b) as unknown as { unwatch?: () => void }).unwatch?.();
      await typeAndSave(a, 'From Tab A');
      const [afterA] = await records();
      expect(afterA!.rev).to.equal(2);

      await typeText(b, REPORTER, 'From Tab B');
      await b.saveDraft();
      await settle(b);
      expect(drafts(b).state.kind).to.equal('conflict');
      expect(part(b, 'draft-conflict')).to.exist;
      expect(errors.map((e) => e.detail.kind)).to.include('conflict');
      expect(statusText(b)).to.equal('');
      expect(inputValue(b, REPORTER)).to.equal('From Tab B');

      const saved = await records();
      expect(saved).to.have.length(1);
      expect(saved[0]!.rev).to.equal(2);
      expect(saved[0]!.writer).to.equal(afterA!.writer);
      expect(saved[0]!.savedAt).to.equal(afterA!.savedAt);
      expect((await payloadOf('same', saved[0]!.draftId))?.data['report']?.['reporterName']).to.equal('From Tab A');
    });

    it('does not let a tab that missed the other\'s save delete its newer draft with Discard', async () => {
      const [a, b] = await twoTabs();
      (drafts(b) as unknown as { unwatch?: () => void }).unwatch?.();
      await typeAndSave(a, 'From Tab A');
      a.remove();
      // Tab B still shows the older answers it restored, with its Discard draft button.
      expect(inputValue(b, REPORTER)).to.equal('Original Answer');
      (part(b, 'discard-draft-button') as HTMLButtonElement).click();
      await settle(b);
      await pause(300);
      // DraftStore.remove() checks the revision like save(): tab B (rev 1) cannot delete tab A's rev 2.
      const left = await records();
      expect(left, 'the other tab\'s newer draft is not silently deleted').to.have.length(1);
      expect((await payloadOf('same', left[0]!.draftId))?.data['report']?.['reporterName']).to.equal('From Tab A');
    });

    it('keeps saving a tab\'s answers after the other tab deleted the shared draft (nothing to overwrite, so no conflict)', async () => {
      const [a, b] = await twoTabs();
      await a.discardDraft();
      await until(async () => (await records()).length === 0, 3000, 'tab A\'s discard');
      await typeText(b, REPORTER, 'From Tab B');
      await b.saveDraft();
      await settle(b);
      // The draft B was editing is gone (discarded or submitted in A): B's answers are the only ones,
      // so they are written again rather than lost or blocked behind a conflict.
      expect(drafts(b).state.kind).to.equal('ready');
      expect(inputValue(b, REPORTER)).to.equal('From Tab B');
      await typeText(b, REPORTER, 'From Tab B, later');
      await b.saveDraft();
      await settle(b);
      expect(drafts(b).state.kind, 'state after saving again').to.equal('ready');
      const left = await records();
      expect(left).to.have.length(1);
      expect((await payloadOf('same', left[0]!.draftId))?.data['report']?.['reporterName']).to.equal('From Tab B, later');
    });
  });

  it('keeps working with a clear banner when IndexedDB is missing, and never falls back to localStorage or sessionStorage', async () => {
    const before = storageSnapshot();
    const setItem = sinon.spy(Storage.prototype, 'setItem');
    const errors: CustomEvent<{ kind: string }>[] = [];
    const restore = withIndexedDb(undefined);
    try {
      const el = await openForm('no.idb.user', 50, { error: (e) => errors.push(e as CustomEvent<{ kind: string }>) });
      await started(el, 3000);
      expect(drafts(el).state.kind).to.equal('unavailable');
      const banner = part(el, 'draft-unavailable')!;
      expect(banner).to.exist;
      expect(banner.getAttribute('role')).to.equal('alert');
      expect(text(banner)).to.equal(S['draft-unavailable']);
      expect(text(banner)).to.contain('Drafts are not being kept on this device');
      expect(errors.map((e) => e.detail.kind)).to.deep.equal(['unavailable']);
      await expect(el).to.be.accessible();

      // The form itself works: type, validate, submit.
      await typeText(el, REPORTER, 'Priya Example');
      await pause(150);
      expect(reportOf(el)['reporterName']).to.equal('Priya Example');
      expect(inputValue(el, REPORTER)).to.equal('Priya Example');
      expect(statusText(el)).to.equal('');
      expect(el.validate().valid).to.equal(false);
      el.value = completeReport;
      expect(el.validate().valid).to.equal(true);
      const handler = sinon.stub().resolves({ reference: 'TR-NO-IDB' });
      el.submitHandler = handler;
      expect((await el.submit())?.reference).to.equal('TR-NO-IDB');
      expect(handler.callCount).to.equal(1);
      await el.saveDraft();
    } finally {
      restore();
    }
    expect(setItem.callCount).to.equal(0);
    expect(storageSnapshot()).to.equal(before);
  });

  it('shows the banner within a bounded time when opening IndexedDB never settles, and the form works', async () => {
    const pending = () =>
      Object.create(IDBOpenDBRequest.prototype, {
        addEventListener: { value: () => undefined },
        removeEventListener: { value: () => undefined },
      }) as IDBOpenDBRequest;
    const restore = withIndexedDb({ open: pending });
    const errors: CustomEvent<{ kind: string }>[] = [];
    try {
      const t0 = performance.now();
      const el = await openForm('hang.user', 50, { error: (e) => errors.push(e as CustomEvent<{ kind: string }>) });
      await until(() => part(el, 'draft-unavailable') !== null, 6000, 'the unavailable banner');
      expect(performance.now() - t0).to.be.lessThan(6000);
      const banner = part(el, 'draft-unavailable')!;
      expect(text(banner)).to.equal(S['draft-timeout']);
      expect(text(banner)).to.contain('Your answers are still on screen');
      expect(errors.map((e) => e.detail.kind)).to.deep.equal(['timeout']);

      await typeText(el, REPORTER, 'Still Typing');
      expect(inputValue(el, REPORTER)).to.equal('Still Typing');
      expect(reportOf(el)['reporterName']).to.equal('Still Typing');
      el.value = completeReport;
      el.submitHandler = sinon.stub().resolves({ reference: 'TR-HANG' });
      expect((await el.submit())?.reference).to.equal('TR-HANG');
    } finally {
      restore();
    }
  });

  it('says so when the device is full after a good save; the last good draft and the answers on screen stay', async () => {
    const el = await openForm('quota.user');
    await ready(el);
    await typeAndSave(el, 'Good Answer');
    const [good] = await records();
    expect(good!.rev).to.equal(1);
    const goodAt = drafts(el).savedAt!;

    const errors: string[] = [];
    el.addEventListener('sf-draft-error', (e) => errors.push((e as CustomEvent<{ kind: string }>).detail.kind));
    const restorePut = failDraftPuts();
    try {
      await typeText(el, REPORTER, 'Newer Answer');
      await until(() => drafts(el).lastSaveFailed !== undefined, 4000, 'the failed autosave');
      await settle(el);
    } finally {
      restorePut();
    }
    const notice = part(el, 'draft-save-failed')!;
    expect(notice).to.exist;
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(text(notice)).to.contain('could not be saved');
    expect(text(notice)).to.contain('Your answers are still on screen');
    expect(text(notice)).to.contain(format(S.draftSaveFailedKept, { time: hhmm(goodAt) }));
    expect(errors).to.deep.equal(['quota']);
    // Not reported as saved.
    expect(statusText(el)).to.equal('');
    expect(inputValue(el, REPORTER)).to.equal('Newer Answer');
    expect(reportOf(el)['reporterName']).to.equal('Newer Answer');
    await expect(el).to.be.accessible();

    const [kept] = await records();
    expect(kept!.rev).to.equal(1);
    expect(kept!.savedAt).to.equal(good!.savedAt);
    const again = await openForm('quota.user');
    await ready(again);
    expect(reportOf(again)['reporterName']).to.equal('Good Answer');
  });

  it('never loses a save silently when the browser clears IndexedDB under the open connection', async () => {
    const errors: string[] = [];
    const el = await openForm('cleared.user', 50, { error: (e) => errors.push((e as CustomEvent<{ kind: string }>).detail.kind) });
    await ready(el);
    await typeAndSave(el, 'Before Clearing');
    const firstAt = drafts(el).savedAt!;
    await clearIndexedDbFromBrowser();
    await pause(150);

    await typeText(el, REPORTER, 'After Clearing');
    await el.saveDraft();
    const banner = () => part(el, 'draft-unavailable') ?? part(el, 'draft-save-failed');
    await until(() => banner() !== null || (drafts(el).savedAt ?? 0) > firstAt || drafts(el).state.kind !== 'ready', 5000, 'the save or a banner');
    await settle(el);
    expect(inputValue(el, REPORTER)).to.equal('After Clearing');
    if (banner()) {
      // It could not save: the user is told, and nothing claims it was saved.
      expect(banner()!.getAttribute('role')).to.equal('alert');
      expect(text(banner())).to.contain('Your answers are still on screen');
      expect(statusText(el)).to.equal('');
      expect(errors.length).to.be.greaterThan(0);
    } else {
      // It saved after reopening: the newest answers are really on the device.
      expect(statusText(el)).to.match(/^Draft saved at \d{2}:\d{2}$/);
      const again = await openForm('cleared.user');
      await ready(again);
      expect(reportOf(again)['reporterName']).to.equal('After Clearing');
    }
  });

  it('sets a corrupt draft aside: the form opens empty with a notice, without crashing', async () => {
    const first = await openForm('corrupt.user');
    await ready(first);
    await typeAndSave(first, 'Soon Corrupt');
    first.remove();
    const [record] = (await rawDump())['drafts'] as DraftRecord[];
    const bytes = new Uint8Array(record!.ciphertext);
    bytes[0] = bytes[0]! ^ 0xff;
    await putRawDraft({ ...record, ciphertext: bytes.buffer });

    const restored: Event[] = [];
    const el = await openForm('corrupt.user', 50, { restored: (e) => restored.push(e) });
    await ready(el);
    expect(restored).to.have.length(0);
    expect(el.value).to.deep.equal({});
    expect(inputValue(el, REPORTER)).to.equal('');
    expect(part(el, 'draft-restored')).to.equal(null);
    const notice = part(el, 'draft-set-aside')!;
    expect(notice).to.exist;
    expect(text(notice)).to.equal(S.draftSetAside);
    expect(text(notice)).to.contain('could not be read and was set aside');
    const dump = await rawDump();
    expect(dump['drafts']).to.have.length(0);
    expect(dump['setAside']).to.have.length(1);
    await expect(el).to.be.accessible();
    // And the form still saves new drafts.
    await typeAndSave(el, 'Fresh Answer');
  });

  // Issue #13 item 6: on reopening, "Draft restored from 14:32" and "Draft saved at 14:32" showed together.
  it('on reopening says "Draft restored" only; "Draft saved" comes back with the next save', async () => {
    const first = await openForm('restored-only.user');
    await ready(first);
    await typeAndSave(first, 'Priya Example');
    first.remove();
    const el = await openForm('restored-only.user');
    await ready(el);
    expect(part(el, 'draft-restored')).to.exist;
    expect(statusText(el)).to.equal('');
    await typeAndSave(el, 'Priya Example Two');
    await settle(el);
    expect(statusText(el)).to.match(/^Draft saved at \d{2}:\d{2}$/);
  });

  it('restores what still fits from an older form version, lists the rest with a download, and keeps them in the next draft', async () => {
    const old = await DraftStore.open({ timeout: 2000 });
    try {
      await old.save({
        formId: FORM_ID,
        userId: 'old.schema.user',
        draftId: 'old-draft',
        schemaVersion: '0.9.0',
        payload: {
          data: {
            ...completeReport,
            removedSection: { oldQuestion: 'kept text' },
            report: { ...completeReport.report, obsoleteField: 'x' },
          },
          leftovers: [],
        },
        ttlDays: 30,
        expectedRev: 0,
        writer: 'version-0.9',
      });
    } finally {
      old.close();
    }

    const restored: CustomEvent<{ leftovers: number }>[] = [];
    const el = await openForm('old.schema.user', 50, { restored: (e) => restored.push(e as CustomEvent<{ leftovers: number }>) });
    await ready(el);
    expect(restored).to.have.length(1);
    expect(restored[0]!.detail.leftovers).to.equal(2);
    // What fits is back.
    expect(reportOf(el)).to.deep.equal(completeReport.report);
    expect(el.value['incident']).to.deep.equal(completeReport.incident);
    expect(inputValue(el, REPORTER)).to.equal(completeReport.report.reporterName);
    // What does not fit is shown, as text.
    const notice = part(el, 'draft-leftovers')!;
    expect(notice).to.exist;
    expect(text(notice.querySelector('h3'))).to.equal(S.leftoversTitle);
    const shown = () => {
      const n = part(el, 'draft-leftovers')!;
      const dts = [...n.querySelectorAll('dt')].map((d) => text(d));
      const dds = [...n.querySelectorAll('dd')].map((d) => text(d));
      return Object.fromEntries(dts.map((d, i) => [d, dds[i]]));
    };
    expect(shown()).to.deep.equal({ '/removedSection': '{"oldQuestion":"kept text"}', '/report/obsoleteField': 'x' });
    await expect(el).to.be.accessible();

    // Download: a JSON Blob with the leftovers.
    const createObjectURL = sinon.spy(URL, 'createObjectURL');
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click');
    const download = part(el, 'download-leftovers-button') as HTMLButtonElement;
    expect(text(download)).to.equal(S.downloadLeftovers);
    download.click();
    expect(createObjectURL.callCount).to.equal(1);
    expect(click.callCount).to.equal(1);
    const anchor = click.firstCall.thisValue as HTMLAnchorElement;
    expect(anchor.download).to.match(/\.json$/);
    expect(anchor.href).to.equal(createObjectURL.firstCall.returnValue);
    const blob = createObjectURL.firstCall.args[0] as Blob;
    expect(blob).to.be.instanceOf(Blob);
    const json = JSON.parse(await blob.text()) as { answers: { pointer: string; value: unknown }[] };
    expect(json.answers).to.deep.include({ pointer: '/removedSection', value: { oldQuestion: 'kept text' } });
    expect(json.answers).to.deep.include({ pointer: '/report/obsoleteField', value: 'x' });
    click.restore();
    createObjectURL.restore();

    // The next save keeps them, and a later opening still lists them.
    await typeAndSave(el, 'Edited After Upgrade');
    const [record] = await records();
    expect(record!.schemaVersion).to.equal('1.0.0');
    const payload = await payloadOf('old.schema.user', record!.draftId);
    expect(payload?.leftovers).to.deep.include({ pointer: '/removedSection', value: { oldQuestion: 'kept text' } });
    expect(payload?.leftovers).to.deep.include({ pointer: '/report/obsoleteField', value: 'x' });
    el.remove();

    const again = await openForm('old.schema.user');
    await ready(again);
    expect(reportOf(again)['reporterName']).to.equal('Edited After Upgrade');
    expect(part(again, 'draft-leftovers')).to.exist;
    const againShown = Object.fromEntries(
      [...part(again, 'draft-leftovers')!.querySelectorAll('dt')].map((d) => [text(d), text(d.nextElementSibling)]),
    );
    expect(againShown).to.deep.equal({ '/removedSection': '{"oldQuestion":"kept text"}', '/report/obsoleteField': 'x' });
  });

  it('keeps the subject\'s name out of IndexedDB plaintext, the console, the channel and the URL', async () => {
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const spies = methods.map((m) => sinon.spy(console, m));
    const channel = new BroadcastChannel('safety-forms-drafts');
    const messages: unknown[] = [];
    channel.onmessage = (e) => messages.push(e.data);
    const events: unknown[] = [];
    try {
      const el = await openForm('privacy.user', 50, {
        saved: (e) => events.push((e as CustomEvent).detail),
        error: (e) => events.push((e as CustomEvent).detail),
      });
      await ready(el);
      $$<HTMLButtonElement>(el, '.sections__link')[1]!.click();
      await settle(el);
      await typeText(el, '#f--incident--subjectName', FAKE_SUBJECT);
      await until(() => events.length > 0 && statusText(el) !== '', 3000, 'the autosave');
      await until(() => messages.length > 0, 2000, 'the channel message');
      expect((el.value['incident'] as Record<string, unknown>)['subjectName']).to.equal(FAKE_SUBJECT);

      const stored = dumpAsText(await rawDump());
      expect(stored.length).to.be.greaterThan(0);
      for (const needle of [FAKE_SUBJECT, 'Quillfeather', 'Zebedee']) {
        expect(stored).to.not.contain(needle);
        expect(location.href).to.not.contain(needle);
        expect(decodeURIComponent(location.href)).to.not.contain(needle);
        expect(JSON.stringify(messages)).to.not.contain(needle);
        expect(JSON.stringify(events)).to.not.contain(needle);
      }
      expect(JSON.stringify(messages)).to.not.contain('privacy.user');
      // Reopen too: the restore path logs nothing either.
      el.remove();
      const again = await openForm('privacy.user');
      await ready(again);
      expect((again.value['incident'] as Record<string, unknown>)['subjectName']).to.equal(FAKE_SUBJECT);
    } finally {
      channel.close();
      spies.forEach((s) => s.restore());
    }
    const logged = spies
      .flatMap((s) => s.getCalls())
      .flatMap((c) => c.args)
      .map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })()))
      .join('\n');
    expect(logged).to.not.contain('Quillfeather');
    expect(logged).to.not.contain('Zebedee');
  });

  it('saves at once when the page is hidden or left, without waiting for the autosave pause', async () => {
    const el = await openForm('leave.user', 10_000);
    await ready(el);
    await typeText(el, REPORTER, 'Before Pagehide');
    await pause(100);
    expect(await records(), 'not saved before the pause').to.have.length(0);
    const t0 = performance.now();
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    await until(async () => (await records()).length === 1, 3000, 'the flush on pagehide');
    expect(performance.now() - t0).to.be.lessThan(3000);
    expect((await payloadOf('leave.user', (await records())[0]!.draftId))?.data['report']?.['reporterName']).to.equal('Before Pagehide');

    await typeText(el, REPORTER, 'Before Hidden');
    await pause(100);
    expect((await records())[0]!.rev).to.equal(1);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await until(async () => (await records())[0]?.rev === 2, 3000, 'the flush on visibilitychange');
    } finally {
      delete (document as unknown as { visibilityState?: string }).visibilityState;
    }
    expect(document.visibilityState).to.equal('visible');
    expect((await payloadOf('leave.user', (await records())[0]!.draftId))?.data['report']?.['reporterName']).to.equal('Before Hidden');
    await settle(el);
    expect(statusText(el)).to.match(/^Draft saved at \d{2}:\d{2}$/);
  });
});
