/**
 * The entry point of `dist/safety-forms.js`: defines each element when it first appears on the page.
 *
 * It holds no element. For each of our tags in the document now or added later (a MutationObserver on
 * the document), it imports that element's own module, `elements/<tag>.js` beside this file, and at
 * the same moment names the element's chunks as `<link rel="modulepreload">`, so they are fetched in
 * parallel rather than one round trip after the entry. The list of each element's files is
 * `dist/elements/manifest.json`, inlined here by `scripts/build.mjs` (`__SF_ELEMENTS__`). Every URL is
 * resolved against this module's own URL, so `dist/` may be served from any path, and nothing is
 * evaluated from a string: it runs under `Content-Security-Policy: script-src 'self'`.
 *
 * `<safety-forms-config>` is defined before any form found with it, as the one-file bundle does: a
 * form asks for the page's config when it connects, and only a config element already defined answers.
 *
 * The MutationObserver sees the document, not shadow roots: a host component that puts one of our
 * elements in its own shadow root calls `observe(shadowRoot)`, or `load(tag)`. None of our elements
 * puts another of ours in its shadow root (`<safety-form>` draws a generated form itself).
 */

declare const __SF_ELEMENTS__: Record<string, readonly string[]>;

/** Each element's files under `elements/`, entry first, then every chunk it imports statically. */
const ELEMENTS: Record<string, readonly string[]> = typeof __SF_ELEMENTS__ === 'undefined' ? {} : __SF_ELEMENTS__;
const CONFIG = 'safety-forms-config';
const base = new URL('./elements/', import.meta.url);

/** The tags this module defines on demand. */
export const tags: readonly string[] = Object.keys(ELEMENTS);

const loading = new Map<string, Promise<CustomElementConstructor>>();
const preloaded = new Set<string>();

function preload(files: readonly string[]): void {
  const head = document.head ?? document.documentElement;
  for (const file of files) {
    const href = new URL(file, base).href;
    if (preloaded.has(href)) continue;
    preloaded.add(href);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    head.append(link);
  }
}

/**
 * Loads and defines one element (if it is not defined yet) and resolves with its class, whether or
 * not it is on the page: for a script that needs the class, or `customElements.whenDefined(tag)`,
 * before it creates the element. Rejects if the module cannot load (a later call tries again).
 */
export function load(tag: string): Promise<CustomElementConstructor> {
  const pending = loading.get(tag);
  if (pending) return pending;
  const files = ELEMENTS[tag];
  if (!files?.[0]) return Promise.reject(new TypeError(`safety-forms: there is no element <${tag}>`));
  preload(files);
  const entry = new URL(files[0], base).href;
  // A form waits for <safety-forms-config> if it is loading (its files are already being fetched).
  const config = tag === CONFIG ? undefined : loading.get(CONFIG)?.catch(() => undefined);
  const promise = Promise.resolve(config)
    .then(() => import(/* @vite-ignore */ entry))
    .then(() => customElements.whenDefined(tag))
    .catch((error: unknown) => {
      loading.delete(tag);
      throw error;
    });
  loading.set(tag, promise);
  return promise;
}

const waiting = (): string[] => tags.filter((tag) => !loading.has(tag) && !customElements.get(tag));

/** Loads every element of ours in `root` (and in `root` itself), config first. */
function scan(root: ParentNode | Element): void {
  const missing = waiting();
  if (!missing.length) return;
  const found = new Set<string>();
  if (root instanceof Element && missing.includes(root.localName)) found.add(root.localName);
  if (root.firstElementChild) for (const el of root.querySelectorAll(missing.join(','))) found.add(el.localName);
  // Config first: the forms' loads wait for it.
  for (const tag of [...found].sort((a, b) => Number(b === CONFIG) - Number(a === CONFIG))) {
    load(tag).catch(() => console.error(`safety-forms: <${tag}> could not load`));
  }
}

const observers: MutationObserver[] = [];

/**
 * Defines our elements found in `root` now or added to it later. The document is observed from the
 * start; call it for a shadow root that holds one of our elements.
 */
export function observe(root: Document | ShadowRoot | Element): void {
  scan(root);
  if (tags.every((tag) => customElements.get(tag))) return;
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    // Once every element is defined there is nothing left to watch for (a failed load is retried).
    if (tags.every((tag) => customElements.get(tag))) for (const o of observers.splice(0)) o.disconnect();
  });
  observer.observe(root, { childList: true, subtree: true });
  observers.push(observer);
}

observe(document);
