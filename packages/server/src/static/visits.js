// Lone working (#16): check in and check out from a phone that is briefly offline. Progressive
// enhancement of the plain form posts on /visits (without this script they work as before).
//
// Pressing "Check in" or "Check out" posts the form with fetch, an idempotency key and the phone's time.
// When the network is down (or the server does not answer), the action waits in a small queue in
// localStorage and the page says so plainly at the visit; it is sent again on `online`, on the next page
// load and every 20 seconds while the page is open, always with the same key, so the server counts it
// once however many times it arrives. The queue holds ids and times only: the visit's id, the action,
// the key and when it was pressed. A check-out code is never stored: it is kept in this page's memory
// only, so after a reload the page asks for it again (the staff member presses Check out again, with
// the same key). Losing a queued check-out fails safe: no check-out arrives, so the visit escalates.
//
// Why not the SDK's outbox (packages/elements)? It queues encrypted form envelopes for a form element's
// endpoint (/api/<formId>), and these pages do not load the SDK: a check-out is two ids and a time.

const STORE = 'sf-visit-queue';
const DAY_MS = 24 * 60 * 60 * 1000;
const RETRY_MS = 20_000;
const KEY = /^[A-Za-z0-9_-]{16,100}$/;
const WORDS = { 'check-in': 'check-in', 'check-out': 'check-out' };

/** Codes typed for a queued check-out, by key: in memory only, never stored. */
const codes = new Map();
/** The queue when localStorage cannot be used (private window, storage full): this page only. */
let memoryQueue = [];
let storageWorks = true;
let flushing = false;
let timer;

const forms = () => [...document.querySelectorAll('form[data-sf-action][data-sf-visit]')];
const formFor = (visitId, action) => forms().find((f) => f.dataset.sfVisit === visitId && f.dataset.sfAction === action);
const token = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What is queued, without entries that are unreadable, not ours to read or over a day old. */
function readQueue() {
  let list = memoryQueue;
  if (storageWorks) {
    try {
      const parsed = JSON.parse(localStorage.getItem(STORE) ?? '[]');
      list = Array.isArray(parsed) ? parsed : [];
    } catch {
      list = [];
    }
  }
  const now = Date.now();
  return list.filter((e) => e && typeof e === 'object' && KEY.test(String(e.key)) && /^[0-9a-f-]{36}$/i.test(String(e.visitId)) && e.action in WORDS && now - Number(e.queuedAt) < DAY_MS);
}

function writeQueue(list) {
  const clean = list.map((e) => ({ key: e.key, visitId: e.visitId, action: e.action, clientAt: e.clientAt, queuedAt: e.queuedAt, needsCode: !!e.needsCode }));
  memoryQueue = clean;
  if (!storageWorks) return;
  try {
    if (clean.length) localStorage.setItem(STORE, JSON.stringify(clean));
    else localStorage.removeItem(STORE);
  } catch {
    storageWorks = false; // full or forbidden: this page keeps it in memory instead, and says so
  }
}

const queued = (visitId, action) => readQueue().find((e) => e.visitId === visitId && e.action === action);
const keep = (entry) => writeQueue([...readQueue().filter((e) => e.key !== entry.key), entry]);
const forget = (entry) => {
  codes.delete(entry.key);
  writeQueue(readQueue().filter((e) => e.key !== entry.key));
};

/** The plain words at the visit, in its status region (announced by screen readers). */
function say(visitId, text) {
  const slot = document.querySelector(`[data-sf-pending="${visitId}"]`);
  if (!slot) return;
  slot.replaceChildren();
  if (!text) return;
  const p = document.createElement('p');
  p.className = 'govuk-inset-text govuk-!-margin-top-0';
  p.dataset.sf = 'pending';
  p.textContent = text;
  slot.append(p);
}

function notSentYet(entry, why = 'offline') {
  const what = WORDS[entry.action];
  if (why === 'code') return say(entry.visitId, `Your ${what} has not reached the server yet. Enter your check-out code and press Check out again to send it.`);
  if (why === 'signed-out') return say(entry.visitId, `Your ${what} has not reached the server yet. Sign in again, then come back to this page to send it.`);
  const stay = storageWorks ? '' : ' Keep this page open until then.';
  return say(entry.visitId, `Your ${what} has not reached the server yet. It will be sent when you are back online.${stay}`);
}

/**
 * Sends one action. Resolves to where the page should go once it is done (a location), 'queued' when it
 * must wait, or 'refused' when the server said no (the plain form post then shows why).
 */
async function send(entry) {
  const body = new URLSearchParams({ _csrf: token(), key: entry.key, clientAt: entry.clientAt });
  const code = codes.get(entry.key);
  if (code) body.set('code', code);
  let res;
  try {
    if (navigator.onLine === false) throw new TypeError('offline');
    res = await fetch(`/visits/${entry.visitId}/${entry.action}`, { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    keep(entry);
    notSentYet(entry);
    return 'queued';
  }
  if (res.ok) {
    const answer = await res.json().catch(() => undefined);
    if (!answer?.ok) {
      // 2xx that is not our answer (a proxy's page): unknown outcome, so keep it and send again with the same key.
      keep(entry);
      notSentYet(entry);
      return 'queued';
    }
    forget(entry);
    return typeof answer.location === 'string' && answer.location.startsWith('/visits') ? answer.location : '/visits';
  }
  if (res.status === 401 || res.status === 403) {
    keep(entry);
    notSentYet(entry, 'signed-out');
    return 'queued';
  }
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    keep(entry);
    notSentYet(entry);
    return 'queued';
  }
  // 400 (a wrong code, say) or 404 (not their visit): the server refused it; nothing is kept.
  forget(entry);
  return 'refused';
}

/** Sends every queued action for the visits on this page (never another account's: those are not on it). */
async function flush() {
  if (flushing) return;
  flushing = true;
  let location;
  try {
    const here = new Set(forms().map((f) => f.dataset.sfVisit));
    for (const entry of readQueue()) {
      if (!here.has(entry.visitId)) continue;
      if (entry.needsCode && !codes.has(entry.key)) {
        notSentYet(entry, 'code');
        continue;
      }
      const result = await send(entry);
      if (result === 'refused') say(entry.visitId, `Your ${WORDS[entry.action]} was not accepted. Press ${entry.action === 'check-in' ? 'Check in' : 'Check out'} again.`);
      else if (result !== 'queued') location = result;
    }
  } finally {
    flushing = false;
  }
  if (location) window.location.assign(location);
  else schedule();
}

function schedule() {
  clearTimeout(timer);
  if (readQueue().some((e) => !e.needsCode || codes.has(e.key))) timer = setTimeout(flush, RETRY_MS);
}

function enhance(form) {
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return; // a double tap is one action
    busy = true;
    try {
      const visitId = form.dataset.sfVisit;
      const action = form.dataset.sfAction;
      const codeInput = form.querySelector('input[name="code"]');
      // The same action pressed again (after a reload, or while waiting) keeps its key: it counts once.
      const entry = queued(visitId, action) ?? { key: newKey(), visitId, action, clientAt: new Date().toISOString(), queuedAt: Date.now() };
      entry.needsCode = !!codeInput;
      if (codeInput?.value) codes.set(entry.key, codeInput.value);
      const result = await send(entry);
      if (result === 'refused') {
        HTMLFormElement.prototype.submit.call(form); // the plain post: the server's page says what is wrong
        return;
      }
      if (result === 'queued') {
        if (codeInput) codeInput.value = '';
        schedule();
        return;
      }
      window.location.assign(result);
    } finally {
      busy = false;
    }
  });
}

if (window.fetch && window.URLSearchParams) {
  forms().forEach(enhance);
  window.addEventListener('online', flush);
  // Storage probe: a private window or a locked-down kiosk may refuse it.
  try {
    localStorage.setItem(`${STORE}-probe`, '1');
    localStorage.removeItem(`${STORE}-probe`);
  } catch {
    storageWorks = false;
  }
  flush();
}
