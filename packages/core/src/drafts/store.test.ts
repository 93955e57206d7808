import { expect } from '@open-wc/testing';
import { StorageError } from '../errors.js';
import { DraftStore, type SaveInput } from './store.js';
import { clearIndexedDbFromBrowser, deleteDraftDatabase, dumpAsText, rawDump } from './test-support.js';

const NAME = 'Zebedee Quillfeather';
const DAY = 24 * 60 * 60 * 1000;

function input(over: Partial<SaveInput> = {}): SaveInput {
  return {
    formId: 'threat-report',
    userId: 'j.smith',
    draftId: 'd1',
    schemaVersion: '1.0.0',
    payload: { data: { incident: { subjectName: NAME } }, leftovers: [] },
    ttlDays: 30,
    expectedRev: 0,
    writer: 'tab-a',
    ...over,
  };
}

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a StorageError').to.be.instanceOf(StorageError);
  expect((error as Error).message).not.to.contain(NAME);
  return error as StorageError;
}

/** Replaces window.indexedDB for one test (idb reads the global at call time). */
function withIndexedDb(value: unknown): () => void {
  const original = Object.getOwnPropertyDescriptor(window, 'indexedDB')!;
  Object.defineProperty(window, 'indexedDB', { value, configurable: true, writable: true });
  return () => Object.defineProperty(window, 'indexedDB', original);
}

describe('DraftStore', () => {
  const stores: DraftStore[] = [];
  const open = async (options = {}) => {
    const store = await DraftStore.open({ timeout: 1500, ...options });
    stores.push(store);
    return store;
  };
  beforeEach(() => deleteDraftDatabase());
  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    await deleteDraftDatabase();
  });

  it('saves and loads a draft, encrypted at rest with the slot bound in', async () => {
    const store = await open();
    const saved = await store.save(input());
    expect(saved.rev).to.equal(1);
    const loaded = await store.load({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1' });
    expect(loaded?.payload).to.deep.equal(input().payload);
    expect(loaded?.schemaVersion).to.equal('1.0.0');
    const text = dumpAsText(await rawDump());
    expect(text).not.to.contain(NAME);
    expect(text).not.to.contain('Quillfeather');
    const keys = (await rawDump())['keys'] as { key: CryptoKey }[];
    expect(keys).to.have.length(1);
    expect(keys[0]!.key.extractable).to.equal(false);
    expect(keys[0]!.key.algorithm.name).to.equal('AES-GCM');
  });

  it('keeps users apart: another user gets nothing, and a record copied into their slot does not decrypt', async () => {
    const store = await open();
    await store.save(input());
    expect((await store.latest('threat-report', 'someone.else')).draft).to.equal(undefined);
    // Copy the ciphertext into another user's slot, as a hostile script on a shared PC might.
    const dump = await rawDump();
    const record = { ...(dump['drafts']![0] as object), userId: 'someone.else' };
    await new Promise<void>((resolve, reject) => {
      const r = indexedDB.open('safety-forms');
      r.onsuccess = () => {
        const tx = r.result.transaction('drafts', 'readwrite');
        tx.objectStore('drafts').put(record);
        tx.oncomplete = () => (r.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    const result = await store.latest('threat-report', 'someone.else');
    expect(result.draft).to.equal(undefined);
    expect(result.setAside).to.equal(1);
    expect((await rawDump())['setAside']).to.have.length(1);
  });

  it('uses the host key when given one', async () => {
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const store = await open({ key });
    await store.save(input());
    expect((await rawDump())['keys']).to.have.length(0);
    expect((await store.latest('threat-report', 'j.smith')).draft?.payload).to.deep.equal(input().payload);
    const other = await open();
    const result = await other.latest('threat-report', 'j.smith');
    expect(result.draft).to.equal(undefined);
    expect(result.setAside).to.equal(1);
  });

  it('checks the revision in the write transaction: a second writer conflicts, the first draft stays', async () => {
    const a = await open();
    const b = await open();
    await a.save(input({ writer: 'tab-a' }));
    await b.save(input({ writer: 'tab-b', expectedRev: 1, payload: { data: { v: 'b' } } }));
    const error = await failure(a.save(input({ writer: 'tab-a', expectedRev: 1, payload: { data: { v: 'a' } } })));
    expect(error.kind).to.equal('conflict');
    const latest = await a.load({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1' });
    expect(latest?.payload).to.deep.equal({ data: { v: 'b' } });
    expect(latest?.rev).to.equal(2);
  });

  it('does not call its own late write a conflict', async () => {
    const a = await open();
    await a.save(input());
    await a.save(input({ expectedRev: 1 }));
    // The writer was told rev 1 failed (a timeout, say) but it landed as rev 2; it saves again from rev 1.
    const saved = await a.save(input({ expectedRev: 1 }));
    expect(saved.rev).to.equal(3);
  });

  it('returns the most recent unexpired draft, and purges expired ones on request', async () => {
    let now = Date.UTC(2026, 10, 1);
    const store = await open({ now: () => now });
    await store.save(input({ draftId: 'old', ttlDays: 1 }));
    now += 1000;
    await store.save(input({ draftId: 'new', ttlDays: 30 }));
    expect((await store.latest('threat-report', 'j.smith')).draft?.draftId).to.equal('new');
    now += 2 * DAY;
    expect(await store.purgeExpired()).to.equal(1);
    now += 31 * DAY;
    expect((await store.latest('threat-report', 'j.smith')).draft).to.equal(undefined);
    expect(await store.purgeExpired()).to.equal(1);
    expect((await rawDump())['drafts']).to.have.length(0);
  });

  it('sets a corrupt record aside instead of showing or crashing on it', async () => {
    const store = await open();
    await store.save(input());
    const dump = await rawDump();
    const record = dump['drafts']![0] as { ciphertext: ArrayBuffer };
    const bytes = new Uint8Array(record.ciphertext);
    bytes[0] = bytes[0]! ^ 0xff;
    await new Promise<void>((resolve) => {
      const r = indexedDB.open('safety-forms');
      r.onsuccess = () => {
        const tx = r.result.transaction('drafts', 'readwrite');
        tx.objectStore('drafts').put({ ...record, ciphertext: bytes.buffer });
        tx.oncomplete = () => (r.result.close(), resolve());
      };
    });
    const error = await failure(store.load({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1' }));
    expect(error.kind).to.equal('corrupt');
    expect((await rawDump())['drafts']).to.have.length(0);
    expect((await rawDump())['setAside']).to.have.length(1);
  });

  it('fails plainly and fast when IndexedDB is missing', async () => {
    const restore = withIndexedDb(undefined);
    try {
      expect((await failure(DraftStore.open({ timeout: 500 }))).kind).to.equal('unavailable');
    } finally {
      restore();
    }
  });

  it('does not hang on an open that never resolves', async () => {
    // A real-looking request (idb checks `instanceof IDBRequest`) whose events never come.
    const pending = () =>
      Object.create(IDBOpenDBRequest.prototype, {
        addEventListener: { value: () => undefined },
        removeEventListener: { value: () => undefined },
      }) as IDBOpenDBRequest;
    const restore = withIndexedDb({ open: pending });
    try {
      const started = performance.now();
      expect((await failure(DraftStore.open({ timeout: 300 }))).kind).to.equal('timeout');
      expect(performance.now() - started).to.be.lessThan(2000);
    } finally {
      restore();
    }
  });

  it('reports an open refused by the browser as unavailable', async () => {
    const failing = {
      open() {
        const request = {} as IDBOpenDBRequest & { error: DOMException };
        setTimeout(() => {
          Object.defineProperty(request, 'error', { value: new DOMException('denied', 'UnknownError') });
          (request as { onerror?: (e: Event) => void }).onerror?.(new Event('error'));
          request.dispatchEvent?.(new Event('error'));
        });
        return Object.assign(new EventTarget(), request) as IDBOpenDBRequest;
      },
    };
    const restore = withIndexedDb(failing);
    try {
      const kind = (await failure(DraftStore.open({ timeout: 500 }))).kind;
      expect(['unavailable', 'timeout']).to.include(kind);
    } finally {
      restore();
    }
  });

  /**
   * Chromium 156 accepts the DevTools quota override (Storage.overrideQuotaForOrigin reports it
   * active) but does not apply it to IndexedDB writes, so a full device is simulated at the put.
   */
  function failPuts(how: 'quota' | 'abort' | 'hang'): () => void {
    const original = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name !== 'drafts') return original.apply(this, args);
      if (how === 'quota') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      if (how === 'abort') {
        const request = original.apply(this, args);
        this.transaction.abort();
        return request;
      }
      return Object.create(IDBRequest.prototype, {
        addEventListener: { value: () => undefined },
        removeEventListener: { value: () => undefined },
      }) as IDBRequest<IDBValidKey>;
    };
    return () => (IDBObjectStore.prototype.put = original);
  }

  for (const [how, kind] of [
    ['quota', 'quota'],
    ['abort', 'unavailable'],
    ['hang', 'timeout'],
  ] as const) {
    it(`fails a save as "${kind}" when the write ${how === 'hang' ? 'never settles' : how === 'abort' ? 'is aborted' : 'exceeds the quota'}, keeping the last good draft`, async () => {
      const store = await open({ timeout: 500 });
      await store.save(input());
      const restore = failPuts(how);
      try {
        const error = await failure(store.save(input({ expectedRev: 1, payload: { data: { v: 'newer' } } })));
        expect(error.kind).to.equal(kind);
      } finally {
        restore();
      }
      const kept = await store.load({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1' });
      expect(kept?.payload).to.deep.equal(input().payload);
      expect(kept?.rev).to.equal(1);
    });
  }

  it('reopens and retries once when the browser drops the connection', async () => {
    const closes: string[] = [];
    const store = await open({ onClose: (r: string) => closes.push(r) });
    await store.save(input());
    await clearIndexedDbFromBrowser();
    await new Promise((r) => setTimeout(r, 100));
    expect(closes).to.deep.equal(['terminated']);
    const saved = await store.save(input({ expectedRev: 0 }));
    expect(saved.rev).to.equal(1);
    expect((await store.load({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1' }))?.payload).to.deep.equal(input().payload);
  });

  it('steps aside for another tab\'s upgrade, and settles a blocked open with a clear error', async () => {
    const closes: string[] = [];
    await open({ onClose: (r: string) => closes.push(r) });
    // Another tab opens a newer version: our connection closes instead of blocking it.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('safety-forms', 99);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    expect(closes).to.deep.equal(['versionchange']);
    // Now that newer tab does not close for us: our open (at version 100) is blocked and settles.
    const error = await failure(DraftStore.open({ timeout: 400, version: 100 }));
    expect(error.kind).to.equal('blocked');
    newer.close();
  });

  it('upgrades a version 1 database in place, keeping its drafts (the outbox: submit/outbox.test.ts)', async () => {
    const v1 = await open({ version: 1 });
    await v1.save(input());
    v1.close();
    const current = await open();
    expect((await current.latest('threat-report', 'j.smith')).draft?.payload).to.deep.equal(input().payload);
  });

  it('after a page is closed mid-save, the draft is the old one or the new one, never partial', async () => {
    const store = await open();
    await store.save(input({ payload: { data: { v: 'old' } } }));
    for (let i = 0; i < 5; i++) {
      const frame = document.createElement('iframe');
      frame.src = new URL('./test-save-frame.html', import.meta.url).href;
      const saving = new Promise((resolve) => addEventListener('message', function on(e) {
        if (e.data === 'sf-saving') {
          removeEventListener('message', on);
          resolve(undefined);
        }
      }));
      document.body.append(frame);
      await saving;
      frame.remove();
      const draft = await store.load({ formId: 'threat-report', userId: 'j.smith', draftId: 'd1' });
      const v = (draft?.payload as { data: { v: string } }).data.v;
      expect(['old', 'new']).to.include(v);
    }
  });
});
