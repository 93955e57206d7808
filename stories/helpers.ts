/**
 * What every form story shares: one render function driven by args (so Storybook's controls work),
 * story functions that tests can still call as `fixture(Empty())`, and the stories of the states that
 * need setting up after render (draft restored, storage unavailable, submitting, queued offline,
 * submitted). Those use only the element's public API (`userId`, `value`, `saveDraft()`,
 * `submit()`, `submitHandler`, `retryPolicy`), plus, for storage unavailable, the drafts tests' trick
 * of hiding `window.indexedDB` while the drafts start; so a story looks the same in Storybook and in
 * stories/stories.test.ts.
 */
import { SubmissionError, type RetryPolicy, type SubmitHandler } from '@safety-forms/core';
import type { TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import { html, unsafeStatic } from 'lit/static-html.js';
import { SfFormBase, type SubmitState } from '../packages/elements/src/index.js';

/** The args of a form story: the element's attributes (by attribute name), properties, and event actions. */
export interface FormArgs {
  endpoint?: string;
  method?: string;
  'user-id'?: string;
  readonly?: boolean;
  'no-autofocus'?: boolean;
  draft?: 'on' | 'off' | 'anonymous';
  'draft-ttl-days'?: number;
  /** `<threat-interview-form>` only. */
  interviewee?: 'subject' | 'target' | 'witness';
  /** `<safety-form>` only: the form id. */
  form?: string;
  initialValue?: unknown;
  /** Set only when given (setting `value` marks the answers as the user's). */
  value?: unknown;
  submitHandler?: SubmitHandler;
  retryPolicy?: Partial<RetryPolicy>;
  /** Story only: calls `validate()` once rendered, so every error shows, as after pressing Submit. */
  showErrors?: boolean;
  onSfChange?: (e: Event) => void;
  onSfInvalid?: (e: Event) => void;
  onSfSubmit?: (e: Event) => void;
  onSfSubmitted?: (e: Event) => void;
  onSfSubmitError?: (e: Event) => void;
  onSfDraftSaved?: (e: Event) => void;
  onSfDraftRestored?: (e: Event) => void;
  onSfDraftError?: (e: Event) => void;
}

/**
 * What a story claims to show (`parameters.expected`; an array gives one entry per form element of
 * the story, in order); stories/stories.test.ts checks it for every story. `parts` must be in the
 * shadow root and `absent` must not; `state` is the element's `state`; `result` is matched against
 * `currentResult` (every key given; an object value on its own keys only); `text` must appear in the
 * shadow root's text; `readonly` also means no submit button.
 */
export interface Expected {
  parts?: string[];
  absent?: string[];
  state?: SubmitState;
  result?: Record<string, unknown>;
  text?: string[];
  readonly?: boolean;
}

export interface PlayContext {
  canvasElement: HTMLElement;
  args: FormArgs;
}

/** A story: callable with no arguments (tests: `fixture(Empty())`), with CSF annotations on it. */
export interface FormStory {
  (args?: FormArgs): TemplateResult;
  args?: FormArgs;
  play?: (context: PlayContext) => Promise<void>;
  parameters?: { expected?: Expected | Expected[]; [key: string]: unknown };
  storyName?: string;
}

export interface FormMeta {
  title: string;
  component: string;
  tags?: string[];
  args: FormArgs;
  argTypes?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  render: (args: FormArgs) => TemplateResult;
}

/** Controls for the attributes; the camelCase properties that mirror them are documented, not controlled. */
export const formArgTypes: Record<string, unknown> = {
  draft: { control: 'inline-radio', options: ['on', 'off', 'anonymous'] },
  'draft-ttl-days': { control: { type: 'number', min: 1 } },
  readonly: { control: 'boolean' },
  'no-autofocus': { control: 'boolean' },
  showErrors: {
    control: 'boolean',
    description: 'Story only: call `validate()` after render, so every error shows as after pressing Submit.',
    table: { category: 'story' },
  },
  userId: { control: false },
  noAutofocus: { control: false },
  draftTtlDays: { control: false },
  submitHandler: { control: false },
  retryPolicy: { control: false },
  draftKey: { control: false },
  headers: { control: false },
};

/** Renders `<tag>` with the args: attributes, properties and event actions. */
export function renderForm(tag: string, args: FormArgs): TemplateResult {
  const t = unsafeStatic(tag);
  const setUp = (el?: Element) => {
    if (!(el instanceof SfFormBase)) return;
    if (args.value !== undefined) el.value = args.value;
    if (args.showErrors) el.validate();
  };
  return html`<${t}
    endpoint=${ifDefined(args.endpoint)}
    method=${ifDefined(args.method)}
    user-id=${ifDefined(args['user-id'])}
    ?readonly=${args.readonly}
    ?no-autofocus=${args['no-autofocus']}
    draft=${ifDefined(args.draft)}
    draft-ttl-days=${ifDefined(args['draft-ttl-days'])}
    interviewee=${ifDefined(args.interviewee)}
    form=${ifDefined(args.form)}
    .initialValue=${args.initialValue}
    .submitHandler=${args.submitHandler}
    .retryPolicy=${args.retryPolicy}
    @sf-change=${args.onSfChange}
    @sf-invalid=${args.onSfInvalid}
    @sf-submit=${args.onSfSubmit}
    @sf-submitted=${args.onSfSubmitted}
    @sf-submit-error=${args.onSfSubmitError}
    @sf-draft-saved=${args.onSfDraftSaved}
    @sf-draft-restored=${args.onSfDraftRestored}
    @sf-draft-error=${args.onSfDraftError}
    ${ref(setUp)}
  ></${t}>`;
}

/**
 * A story of `meta` with these args (and a play function or parameters). It is the render function
 * itself, so a test can call it with no arguments and get the same template Storybook shows.
 */
export function story(meta: FormMeta, args: FormArgs = {}, annotations: Pick<FormStory, 'play' | 'parameters' | 'storyName'> = {}): FormStory {
  const fn = ((given?: FormArgs) => meta.render({ ...meta.args, ...args, ...given })) as FormStory;
  fn.args = args;
  if (annotations.play) fn.play = annotations.play;
  if (annotations.parameters) fn.parameters = annotations.parameters;
  if (annotations.storyName) fn.storyName = annotations.storyName;
  return fn;
}

/** A story whose parameters say what it shows. */
export function expecting(meta: FormMeta, args: FormArgs, expected: Expected, play?: FormStory['play']): FormStory {
  return story(meta, args, { parameters: { expected }, ...(play ? { play } : {}) });
}

// Play functions -----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every form element in the story (a widget story shows several). */
export function formsIn(canvas: ParentNode): SfFormBase[] {
  return [...canvas.querySelectorAll('*')].filter((e): e is SfFormBase => e instanceof SfFormBase);
}

/** The (first) form element in the story. */
export function formIn(canvas: ParentNode): SfFormBase {
  const el = formsIn(canvas)[0];
  if (!el) throw new Error('story: no form element rendered');
  return el;
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`story: timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Resolves with the first of `events` fired on `el` (or rejects after `ms`). */
function nextEvent(el: EventTarget, events: string[], ms = 8000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const done = (e: Event) => {
      clearTimeout(timer);
      for (const name of events) el.removeEventListener(name, done);
      resolve(e);
    };
    const timer = setTimeout(() => {
      for (const name of events) el.removeEventListener(name, done);
      reject(new Error(`story: no ${events.join(' or ')} within ${ms} ms`));
    }, ms);
    for (const name of events) el.addEventListener(name, done);
  });
}

/** A user id no earlier visit used, so a story always starts from an empty draft store. */
export const freshUserId = (what: string) => `story.${what}.${crypto.randomUUID().slice(0, 8)}`;

/**
 * Saves the draft as soon as the drafts are open (`saveDraft()` does nothing while they start), and
 * resolves when `sf-draft-saved` says it is written.
 */
async function saveDraftWhenOpen(el: SfFormBase): Promise<void> {
  const saved = nextEvent(el, ['sf-draft-saved', 'sf-draft-error']);
  let settled = false;
  void saved.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await el.saveDraft();
    if (!settled) await sleep(25);
  }
  const e = await saved;
  if (e.type === 'sf-draft-error') throw new Error(`story: the draft could not be saved (${(e as CustomEvent<{ kind: string }>).detail.kind})`);
}

/** Never resolves: the form stays "Sending…". */
export const neverResolves: SubmitHandler = () => new Promise(() => undefined);

/** Fails as a device without a connection does; with drafts on, the record waits in the outbox. */
export const offlineHandler: SubmitHandler = async () => {
  throw new SubmissionError('story: the device is offline', 'network');
};

/** Submitted: `submit()` with the story's valid answers; the confirmation with the reference shows. */
export async function playSubmitted({ canvasElement }: PlayContext): Promise<void> {
  const el = formIn(canvasElement);
  await el.updateComplete;
  await el.submit();
  await el.updateComplete;
}

/** Submitting: `submit()` with a `submitHandler` that never answers. */
export async function playSubmitting({ canvasElement }: PlayContext): Promise<void> {
  const el = formIn(canvasElement);
  await el.updateComplete;
  void el.submit().catch(() => undefined);
  await until(() => el.state === 'sending', 4000, 'the form to be sending');
  await el.updateComplete;
}

/**
 * Queued offline: drafts on for a new user (the outbox lives with the drafts), then `submit()` with a
 * `submitHandler` that fails as offline and one attempt: the record waits on this device.
 */
export async function playQueuedOffline({ canvasElement }: PlayContext): Promise<void> {
  const el = formIn(canvasElement);
  await el.updateComplete;
  el.userId = freshUserId('queued');
  await saveDraftWhenOpen(el);
  await el.submit().catch(() => undefined);
  await until(() => el.state === 'queued' || el.state === 'failed', 4000, 'the record to be queued');
  await el.updateComplete;
}

/**
 * Draft restored: another copy of the form (an earlier visit, hidden) saves `draftAnswers` as a draft
 * for a new user; then the story's form gets that user id and restores it, as on reopening the page.
 */
export function playDraftRestored(draftAnswers: unknown) {
  return async ({ canvasElement }: PlayContext): Promise<void> => {
    const el = formIn(canvasElement);
    await el.updateComplete;
    const user = freshUserId('restored');
    const earlier = document.createElement(el.localName) as SfFormBase;
    for (const { name, value } of [...el.attributes]) earlier.setAttribute(name, value);
    earlier.hidden = true;
    earlier.userId = user;
    earlier.value = draftAnswers;
    el.after(earlier);
    try {
      await saveDraftWhenOpen(earlier);
    } finally {
      earlier.remove();
    }
    const restored = nextEvent(el, ['sf-draft-restored']);
    el.userId = user;
    await restored;
    await el.updateComplete;
  };
}

/**
 * Storage unavailable: drafts start for a user while `window.indexedDB` is hidden (the drafts tests'
 * way of being in a browser without IndexedDB); the form says drafts are not being kept, and works.
 */
export async function playStorageUnavailable({ canvasElement }: PlayContext): Promise<void> {
  const el = formIn(canvasElement);
  await el.updateComplete;
  const original = Object.getOwnPropertyDescriptor(window, 'indexedDB');
  Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true, writable: true });
  try {
    const failed = nextEvent(el, ['sf-draft-error']);
    el.userId = freshUserId('no-storage');
    await failed;
  } finally {
    if (original) Object.defineProperty(window, 'indexedDB', original);
    else delete (window as unknown as Record<string, unknown>)['indexedDB'];
  }
  await el.updateComplete;
}

/**
 * The stories of the states every form element goes through after render: draft restored, storage
 * unavailable, submitting, queued offline and submitted. `complete` must be a valid answer set;
 * `partial` is what the restored draft holds.
 */
export function lifecycleStories(meta: FormMeta, { complete, partial, args = {} }: { complete: unknown; partial: unknown; args?: FormArgs }) {
  return {
    DraftRestored: expecting(meta, { ...args, 'draft-ttl-days': 1 }, { parts: ['draft-restored'] }, playDraftRestored(partial)),
    StorageUnavailable: expecting(meta, { ...args, initialValue: partial }, { parts: ['draft-unavailable'], absent: ['draft-restored'] }, playStorageUnavailable),
    Submitting: expecting(
      meta,
      { ...args, initialValue: complete, submitHandler: neverResolves },
      { state: 'sending' },
      playSubmitting,
    ),
    QueuedOffline: expecting(
      meta,
      { ...args, initialValue: complete, 'draft-ttl-days': 1, submitHandler: offlineHandler, retryPolicy: { attempts: 1 } },
      { state: 'queued', parts: ['submit-queued', 'try-again-button'] },
      playQueuedOffline,
    ),
    Submitted: expecting(meta, { ...args, initialValue: complete }, { state: 'sent', parts: ['confirmation', 'reference'] }, playSubmitted),
  };
}
