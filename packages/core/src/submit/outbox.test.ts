/**
 * `Outbox` (submit/outbox.ts): its own store on the safety-forms database, encrypted with the user's
 * key, bounded and self-healing like the drafts; and the version 3 upgrade that moves records queued
 * under the old layout (the `outbox` store inside the drafts layout, version 2) into it.
 */
import { expect } from '@open-wc/testing';
import { StorageError } from '../errors.js';
import { generateDraftKey } from '../drafts/crypto.js';
import { DB_NAME, DB_VERSION } from '../drafts/db.js';
import { DraftStore } from '../drafts/store.js';
import { deleteDraftDatabase, dumpAsText, oldLayoutWithQueuedRecord, rawDump } from '../drafts/test-support.js';
import { Outbox } from './outbox.js';

const NAME = 'Zebedee Quillfeather';
const envelope = { formId: 'threat-report', schemaVersion: '1.0.0', submittedAt: '2026-11-22T10:00:00.000Z', data: { incident: { subjectName: NAME } }, result: null };

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

describe('Outbox', () => {
  const opened: { close(): void }[] = [];
  const open = async (options = {}) => {
    const outbox = await Outbox.open({ timeout: 1500, ...options });
    opened.push(outbox);
    return outbox;
  };
  beforeEach(() => deleteDraftDatabase());
  afterEach(async () => {
    opened.splice(0).forEach((o) => o.close());
    await deleteDraftDatabase();
  });

  it('keeps submissions encrypted until they are removed, per form and user, oldest first', async () => {
    let now = 1000;
    const outbox = await open({ now: () => now });
    await outbox.queue({ id: 'k-old', formId: 'threat-report', userId: 'j.smith', endpoint: '/api/threat-report', method: 'POST', envelope });
    now = 2000;
    await outbox.queue({ id: 'k-new', formId: 'threat-report', userId: 'j.smith', method: 'POST', envelope });
    await outbox.queue({ id: 'k-other', formId: 'threat-report', userId: 'someone.else', method: 'POST', envelope });
    const dump = await rawDump();
    expect(dumpAsText(dump)).not.to.contain(NAME);
    expect(dump['submissions']).to.have.length(3);
    expect(Object.keys(dump)).not.to.include('outbox');
    const { entries } = await outbox.pending('threat-report', 'j.smith');
    expect(entries.map((e) => e.id)).to.deep.equal(['k-old', 'k-new']);
    expect(entries[0]!.envelope).to.deep.equal(envelope);
    expect(entries[0]!.endpoint).to.equal('/api/threat-report');
    expect(entries[1]!.endpoint).to.equal(undefined);
    await outbox.noteAttempt('k-old', 'network');
    await outbox.noteAttempt('k-old', 'server');
    const again = (await outbox.pending('threat-report', 'j.smith')).entries[0]!;
    expect([again.attempts, again.lastFailure]).to.deep.equal([2, 'server']);
    expect(await outbox.has('k-old')).to.equal(true);
    await outbox.dequeue('k-old');
    expect(await outbox.has('k-old')).to.equal(false);
    expect((await outbox.pending('threat-report', 'j.smith')).entries.map((e) => e.id)).to.deep.equal(['k-new']);
    expect((await outbox.pending('threat-report', 'someone.else')).entries.map((e) => e.id)).to.deep.equal(['k-other']);
  });

  it('works without drafts ever being opened, and shares the user\'s key with drafts when they are', async () => {
    const outbox = await open();
    await outbox.queue({ id: 'k1', formId: 'threat-report', userId: 'j.smith', method: 'POST', envelope });
    const drafts = await DraftStore.open({ timeout: 1500 });
    opened.push(drafts);
    await drafts.save({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1', schemaVersion: '1.0.0', payload: { data: {} }, ttlDays: 30, expectedRev: 0, writer: 'w' });
    expect((await rawDump())['keys']).to.have.length(1);
    expect((await outbox.pending('threat-report', 'j.smith')).entries).to.have.length(1);
  });

  it('uses the host\'s own key when given one, and a record that does not decrypt is removed and counted, never sent', async () => {
    const key = await generateDraftKey();
    const withKey = await open({ key });
    await withKey.queue({ id: 'k1', formId: 'threat-report', userId: 'j.smith', method: 'POST', envelope });
    expect((await rawDump())['keys'] ?? []).to.have.length(0);
    expect((await withKey.pending('threat-report', 'j.smith')).entries[0]!.envelope).to.deep.equal(envelope);
    // Another key (the host's key changed): the record cannot be read by anyone any more.
    const other = await open({ key: await generateDraftKey() });
    expect(await other.pending('threat-report', 'j.smith')).to.deep.equal({ entries: [], unreadable: 1 });
    expect((await rawDump())['submissions']).to.have.length(0);
  });

  it('binds the record to its user and form: a ciphertext copied to another user or form does not come back', async () => {
    const outbox = await open();
    await outbox.queue({ id: 'k1', formId: 'threat-report', userId: 'j.smith', method: 'POST', envelope });
    const db = await request(indexedDB.open(DB_NAME));
    const [record] = (await request(db.transaction('submissions').objectStore('submissions').getAll())) as Record<string, unknown>[];
    const tx = db.transaction('submissions', 'readwrite');
    tx.objectStore('submissions').put({ ...record, id: 'k2', formId: 'risk-matrix' });
    await new Promise((r) => (tx.oncomplete = r));
    db.close();
    expect(await outbox.pending('risk-matrix', 'j.smith')).to.deep.equal({ entries: [], unreadable: 1 });
    expect((await outbox.pending('threat-report', 'j.smith')).entries.map((e) => e.id)).to.deep.equal(['k1']);
  });

  it('moves a record queued under the old layout (version 2, inside the drafts store) into its own store on upgrade', async () => {
    await oldLayoutWithQueuedRecord('key-yesterday', 'j.smith', envelope);
    const before = await rawDump();
    expect(Object.keys(before)).to.include('outbox');
    expect(dumpAsText(before)).not.to.contain(NAME);
    const outbox = await open();
    const { entries, unreadable } = await outbox.pending('threat-report', 'j.smith');
    expect(unreadable).to.equal(0);
    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({ id: 'key-yesterday', endpoint: '/api/threat-report', draftId: 'd-old', method: 'POST', createdAt: 5, attempts: 2, lastFailure: 'network' });
    expect(entries[0]!.envelope).to.deep.equal(envelope);
    const after = await rawDump();
    expect(Object.keys(after)).not.to.include('outbox');
    expect(after['submissions']).to.have.length(1);
    expect(dumpAsText(after)).not.to.contain(NAME);
    const db = await request(indexedDB.open(DB_NAME));
    expect(db.version).to.equal(DB_VERSION);
    db.close();
  });

  it('the drafts store opening first runs the same upgrade: the old record is there for the outbox after', async () => {
    await oldLayoutWithQueuedRecord('key-yesterday', 'j.smith', envelope);
    const drafts = await DraftStore.open({ timeout: 1500 });
    opened.push(drafts);
    expect(Object.keys(await rawDump())).not.to.include('outbox');
    const outbox = await open();
    expect((await outbox.pending('threat-report', 'j.smith')).entries.map((e) => e.id)).to.deep.equal(['key-yesterday']);
  });

  it('settles every operation with a StorageError, never hangs, when IndexedDB is missing', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'indexedDB')!;
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true, writable: true });
    try {
      const error = await Outbox.open({ timeout: 300 }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(StorageError);
      expect((error as StorageError).kind).to.equal('unavailable');
      expect((error as Error).message).to.match(/^outbox: /);
    } finally {
      Object.defineProperty(window, 'indexedDB', original);
    }
  });

  it('fails a write with `quota` when the device is full, and what was queued before stays', async () => {
    const outbox = await open();
    await outbox.queue({ id: 'small', formId: 'threat-report', userId: 'j.smith', method: 'POST', envelope });
    // The browser refuses the write as a full device does (its QuotaExceededError, as drafts.test.ts injects it).
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'submissions') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      const error = await outbox.queue({ id: 'big', formId: 'threat-report', userId: 'j.smith', method: 'POST', envelope }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(StorageError);
      expect((error as StorageError).kind).to.equal('quota');
      expect((error as Error).message).not.to.contain(NAME);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect((await outbox.pending('threat-report', 'j.smith')).entries.map((e) => e.id)).to.deep.equal(['small']);
  });
});
