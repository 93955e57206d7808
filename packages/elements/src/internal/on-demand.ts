/**
 * `OnDemandController`: the parts of a form the first screen does not need, each fetched as its own
 * chunk (dynamic `import()`) when first used: "Check your answers" (the summary, also the read-only
 * record and what prints), printing, and the JSON downloads. So a page with one form loads only what
 * its first section draws before it can paint; the rest is preloaded once the page is idle and when
 * the user reaches the last section, so nothing the user does waits visibly.
 *
 * The form's precompiled validator comes the same way: a form element draws its first screen from the
 * schema alone (core's generated `<form>.on-demand.ts`), and its validator, its own chunk, is fetched once
 * the page is idle, at once when the user moves into the form or changes an answer, and on Submit. What
 * asks for validation before it arrives waits for it (`updateComplete`, Submit); until then the answers
 * count as not checked, never as valid (see answers-controller.ts).
 *
 * A part that cannot load (offline after the first paint, a deployment that replaced the chunks) never
 * touches the answers: the form shows a notice ("This part of the form could not load. Your answers are
 * kept...") with Try again, and every answer, the draft and the outbox stay as they were. Without its
 * validator the form says its answers cannot be checked here, and Submit still sends the record, or
 * keeps it in the outbox (the service validates it again on receipt).
 */
import type { FormDefinition, FormSchema } from '@safety-forms/core/runtime';
import { adoptStyles, supportsAdoptingStyleSheets, type CSSResult, type CSSResultOrNative, type ReactiveController, type ReactiveControllerHost, type ReactiveElement } from 'lit';

/** A generated form whose precompiled validator is its own chunk (core's `<form>.on-demand.ts`): drawn from its schema, validated once `withValidator()` has brought the same form with its validator. */
export interface OnDemandForm {
  readonly id: string;
  readonly version: string;
  readonly schema: FormSchema;
  withValidator(): Promise<FormDefinition>;
}

/** What a form element renders: a form with its validator (a test's, a custom schema's, `<safety-form>`'s), or one whose validator loads on demand. */
export type FormSource = FormDefinition | OnDemandForm;

/** Whether the form's validator is still to be fetched (else it came with the form). */
export function validatorOnDemand(form: FormSource): form is OnDemandForm {
  return typeof (form as Partial<FormDefinition>).validate !== 'function';
}

/** Core's checking code (validation, its GOV.UK messages, the snapshot per change): fetched with the first validator, once for the page. */
export type CheckModule = typeof import('@safety-forms/core/check');

/** What checks the answers: the form with its validator, and core's checking code. */
export interface Checker {
  definition: FormDefinition;
  check: CheckModule;
}

/**
 * How a form's validator, and core's checking code, are fetched. @internal Tests replace `load` or
 * `check` (e.g. with an `import()` that fails) and put it back; nothing else should.
 */
export const validatorLoader = {
  load: (form: OnDemandForm): Promise<FormDefinition> => form.withValidator(),
  check: (): Promise<CheckModule> => import('@safety-forms/core/check'),
};

/** The validators this page has loaded, as whole form definitions: a second form of the same kind on the page validates at once. */
const pageDefinitions = new WeakMap<OnDemandForm, FormDefinition>();
/** The validators being fetched: every form of that kind waits for the same request. */
const definitionsLoading = new WeakMap<OnDemandForm, Promise<FormDefinition | undefined>>();
/** Core's checking code, once this page has it (one entry, `check`), and while it is being fetched. */
const pageCheck = new Map<'check', CheckModule>();
const checkLoading = new Map<'check', Promise<CheckModule | undefined>>();

/** What `loadOncePerPage` keeps: a Map or a WeakMap. */
interface Kept<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  delete(key: K): unknown;
}

/**
 * A chunk fetched once for the page however many forms ask: what has loaded is kept in `loaded`, and
 * while it is being fetched every asker waits for the same request (`loading`). Undefined when it
 * could not load; that is not kept, so the next ask tries again.
 */
function loadOncePerPage<K, V>(key: K, loaded: Kept<K, V>, loading: Kept<K, Promise<V | undefined>>, fetch: () => Promise<V>): Promise<V | undefined> {
  const done = loaded.get(key);
  if (done) return Promise.resolve(done);
  let load = loading.get(key);
  if (!load) {
    load = fetch().then(
      (value) => {
        loading.delete(key);
        loaded.set(key, value);
        return value;
      },
      () => {
        loading.delete(key);
        return undefined;
      },
    );
    loading.set(key, load);
  }
  return load;
}

/**
 * The form with its validator (fetched when it loads on demand) and core's checking code, each fetched
 * once for the page; undefined when either could not load (the next ask tries again).
 */
function pageChecker(form: FormSource): Promise<Checker | undefined> {
  const definition = validatorOnDemand(form) ? loadOncePerPage(form, pageDefinitions, definitionsLoading, () => validatorLoader.load(form)) : Promise.resolve(form);
  const check = loadOncePerPage('check', pageCheck, checkLoading, () => validatorLoader.check());
  return Promise.all([definition, check]).then(([definition, check]) => (definition && check ? { definition, check } : undefined));
}

/** The modules behind each part (types only: nothing here imports them statically). */
export interface OnDemandParts {
  summary: typeof import('./check-answers.js');
  print: typeof import('./print-controller.js');
  download: typeof import('./download.js');
  delivery: typeof import('./delivery.js');
}

export type PartName = keyof OnDemandParts;

/**
 * How each part is fetched. @internal Tests replace a loader (e.g. with an `import()` that fails) and
 * put it back; nothing else should.
 */
export const partLoaders: { [K in PartName]: () => Promise<OnDemandParts[K]> } = {
  summary: () => import('./check-answers.js'),
  print: () => import('./print-controller.js'),
  download: () => import('./download.js'),
  delivery: () => import('./delivery.js'),
};

/** Every part, in the order their styles follow the form's own (summary, then print, as before the split; the others have none). */
const ORDER: readonly PartName[] = ['summary', 'print', 'download', 'delivery'];

type Host = ReactiveControllerHost & ReactiveElement;

/** How long a part whose preload failed is left alone (a use, or Try again, asks at once). */
const QUIET_RETRY_MS = 5000;

/** The parts this page has loaded: a second form on the page draws them at once. */
const pageParts = new Map<PartName, OnDemandParts[PartName]>();
/** The parts being fetched: every form on the page waits for the same request. */
const pageLoading = new Map<PartName, Promise<OnDemandParts[PartName] | undefined>>();

/** The part, fetched once for the page however many forms ask; undefined when it could not load (the next ask tries again). */
function pageLoad<K extends PartName>(name: K): Promise<OnDemandParts[K] | undefined> {
  return loadOncePerPage(name, pageParts, pageLoading, partLoaders[name]) as Promise<OnDemandParts[K] | undefined>;
}

export class OnDemandController implements ReactiveController {
  private readonly loaded: Partial<OnDemandParts> = {};
  /** Loads the render is waiting for: the host's `updateComplete` waits for them too. */
  private readonly needed = new Set<Promise<unknown>>();
  private idle?: number;
  private idleTimer?: ReturnType<typeof setTimeout>;
  /** The parts whose last load for a use failed (cleared by `retry`). */
  private readonly failed = new Set<PartName>();
  /** When a part's last preload failed. */
  private readonly quietFailure = new Map<PartName, number>();

  /**
   * `installed` runs once per part, when it has loaded (before the host renders with it).
   * `baseStyles`: the host's own first stylesheet, after which the parts' styles are adopted.
   */
  /** The form whose validator (or the checking code) could not load (shown until Try again, Submit, or another form). */
  private validatorFailedFor?: FormSource;
  /** The fetch of the host's form's validator under way, and for which form. */
  private validatorLoad?: { form: FormSource; load: Promise<FormDefinition | undefined> };

  /**
   * `installed` runs once per part, when it has loaded (before the host renders with it).
   * `baseStyles`: the host's own first stylesheet, after which the parts' styles are adopted.
   * `form`: the host's form; `validatorSettled` runs when its validator arrived or could not load (the host checks the answers again).
   */
  constructor(
    private readonly host: Host,
    private readonly options: {
      installed: <K extends PartName>(name: K, part: OnDemandParts[K]) => void;
      baseStyles: CSSResult;
      form?: () => FormSource | undefined;
      validatorSettled?: () => void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // What another form on the page already loaded is this one's before it first renders.
    for (const name of ORDER) {
      const part = pageParts.get(name);
      if (part && !this.loaded[name]) this.install(name, part as OnDemandParts[typeof name]);
    }
    // The user moving into the form: its validator now, not when the page is idle.
    this.host.addEventListener('focusin', this.onFocus);
    this.fetchCheckingCode();
  }

  /**
   * A form that came with its validator (a custom schema, a test's) is checked as soon as core's
   * checking code is here: fetched at once, when the host connects and when such a form arrives later
   * (`<safety-form schema-src>`), not when the page is idle.
   */
  private fetchCheckingCode(): void {
    const form = this.options.form?.();
    if (form && !validatorOnDemand(form) && !pageCheck.has('check')) void this.loadValidator();
  }

  hostUpdated(): void {
    this.fetchCheckingCode();
    // Once the first screen is drawn: every part and the validator, when the browser has nothing better to do.
    if (this.idle !== undefined || this.idleTimer !== undefined) return;
    const all = () => {
      void this.loadValidator();
      this.preload(...ORDER);
    };
    if (typeof requestIdleCallback === 'function') this.idle = requestIdleCallback(all, { timeout: 2000 });
    else this.idleTimer = setTimeout(all, 200);
  }

  hostDisconnected(): void {
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idle = this.idleTimer = undefined;
    this.host.removeEventListener('focusin', this.onFocus);
  }

  private readonly onFocus = () => void this.loadValidator();

  /**
   * What checks the host's form's answers, once core's checking code has arrived: the form itself when
   * its validator came with it, else the same form with its validator once that chunk has arrived (on
   * this page, for any form of that kind); undefined until then.
   */
  checker(): Checker | undefined {
    const form = this.options.form?.();
    const check = pageCheck.get('check');
    if (!form || !check) return undefined;
    const definition = validatorOnDemand(form) ? pageDefinitions.get(form) : form;
    return definition && { definition, check };
  }

  /** The host's form with its validator, once it can be checked (see `checker`). */
  definition(): FormDefinition | undefined {
    return this.checker()?.definition;
  }

  /** Whether the host's form's validator could not load: the host says so, and Submit sends unchecked (the service checks). */
  get validatorFailed(): boolean {
    const form = this.options.form?.();
    return !!form && form === this.validatorFailedFor;
  }

  /**
   * Fetches the host's form's validator and core's checking code unless they are here, on their way
   * (that fetch is returned), or failed (nothing is fetched until Try again or Submit). Counted among
   * the loads `updateComplete` waits for. Undefined when there is nothing to wait for.
   */
  loadValidator(): Promise<FormDefinition | undefined> | undefined {
    const form = this.options.form?.();
    if (!form || this.checker() || this.validatorFailedFor === form) return undefined;
    if (this.validatorLoad?.form === form) return this.validatorLoad.load;
    const load = pageChecker(form).then((checker) => {
      const definition = checker?.definition;
      if (this.validatorLoad?.load === load) this.validatorLoad = undefined;
      // Another form meanwhile (a <safety-form> given another id): this one's validator is kept for the page, nothing else changes.
      if (this.options.form?.() !== form) return definition;
      if (!definition) this.validatorFailedFor = form;
      this.options.validatorSettled?.();
      this.host.requestUpdate();
      return definition;
    });
    this.validatorLoad = { form, load };
    this.needed.add(load);
    void load.finally(() => this.needed.delete(load));
    return load;
  }

  /** Submit: the validator, fetched again if it failed before; resolves undefined when it cannot load (the notice shows). */
  validatorNow(): Promise<FormDefinition | undefined> {
    const here = this.definition();
    if (here) return Promise.resolve(here);
    this.validatorFailedFor = undefined;
    return this.loadValidator() ?? Promise.resolve(this.definition());
  }

  /** The part if it has loaded; otherwise starts loading it (the host renders again when it arrives) and gives undefined. For `render`. */
  use<K extends PartName>(name: K): OnDemandParts[K] | undefined {
    const part = this.loaded[name];
    if (part) return part;
    if (!this.failed.has(name)) {
      const load = this.fetch(name);
      this.needed.add(load);
      void load.finally(() => this.needed.delete(load));
    }
    return undefined;
  }

  /**
   * The part, at once if it has loaded, else fetched now; undefined when it cannot load. Unless
   * `quiet`, that failure shows the notice (Try again fetches it).
   */
  load<K extends PartName>(name: K, quiet = false): Promise<OnDemandParts[K] | undefined> {
    const part = this.loaded[name];
    if (part) return Promise.resolve(part);
    if (!quiet) this.failed.delete(name);
    return this.fetch(name, quiet);
  }

  /** The part if it has loaded, without fetching it. */
  peek<K extends PartName>(name: K): OnDemandParts[K] | undefined {
    return this.loaded[name];
  }

  /**
   * Fetches parts the user is about to need, without waiting for them. A failure shows only when a part
   * is used; a part whose preload failed is not asked for again for a few seconds (every render of the
   * last section asks, and offline each would be a request).
   */
  preload(...names: PartName[]): void {
    const now = Date.now();
    for (const name of names) {
      if (this.loaded[name] || this.failed.has(name) || now - (this.quietFailure.get(name) ?? -Infinity) < QUIET_RETRY_MS) continue;
      void this.fetch(name, true).then((part) => void (part || this.quietFailure.set(name, Date.now())));
    }
  }

  /**
   * Runs `then` with the part: at once when it has loaded (a click's download keeps its user activation),
   * else once it arrives. A part that cannot load shows the notice; `then` never runs for that click.
   */
  with<K extends PartName>(name: K, then: (part: OnDemandParts[K]) => void): void {
    const part = this.loaded[name];
    if (part) return then(part);
    void this.load(name).then((p) => p && then(p));
  }

  /** Whether any part the user asked for, or the validator, could not load: the host shows the notice. */
  get anyFailed(): boolean {
    return this.failed.size > 0 || this.validatorFailed;
  }

  /** Try again: fetches every part that failed, the validator if it did, and any preload that did; the host renders with them when they arrive. */
  retry(): void {
    const names = [...this.failed];
    this.failed.clear();
    this.quietFailure.clear();
    if (this.validatorFailedFor) {
      this.validatorFailedFor = undefined;
      void this.loadValidator();
    }
    for (const name of names) this.use(name);
    this.preload(...ORDER);
    this.host.requestUpdate();
  }

  /** Settles when the loads the last render asked for have arrived or failed (never rejects). */
  get pending(): Promise<void> | undefined {
    return this.needed.size ? Promise.all(this.needed).then(() => undefined) : undefined;
  }

  private fetch<K extends PartName>(name: K, quiet = false): Promise<OnDemandParts[K] | undefined> {
    const load = pageLoad(name).then((part) => {
      if (part && !this.loaded[name]) this.install(name, part);
      return part;
    });
    // A preload renders nothing and says nothing when it fails (the next use tries again); a use renders
    // again with the part, or with the notice when it could not load.
    return quiet
      ? load
      : load.then((part) => {
          if (!part && !this.loaded[name]) this.failed.add(name);
          this.host.requestUpdate();
          return part;
        });
  }

  private install<K extends PartName>(name: K, part: OnDemandParts[K]): void {
    this.loaded[name] = part;
    this.adoptStyles();
    this.options.installed(name, part);
  }

  /** The loaded parts' styles, right after the host's own first stylesheet: the cascade is the one a single stylesheet list gave. */
  private adoptStyles(): void {
    const root = this.host.renderRoot;
    if (!(root instanceof ShadowRoot)) return;
    const extra: CSSResultOrNative[] = [];
    const summary = this.loaded.summary;
    if (summary) extra.push(summary.summaryStyles);
    const print = this.loaded.print;
    if (print) extra.push(print.printStyles);
    if (!supportsAdoptingStyleSheets) {
      // Old browsers: Lit's <style> elements, appended after the form's (the order matters less there).
      adoptStyles(root, extra.filter((s) => !this.adopted.has(s)));
      for (const s of extra) this.adopted.add(s);
      return;
    }
    const own = (this.host.constructor as typeof ReactiveElement).elementStyles;
    const at = own.indexOf(this.options.baseStyles) + 1;
    const sheets = [...own.slice(0, at), ...extra, ...own.slice(at)].map((s) => (s instanceof CSSStyleSheet ? s : s.styleSheet!));
    // A sheet the page added to this root itself stays, after ours.
    const mine = new Set(sheets);
    const others = root.adoptedStyleSheets.filter((s) => !mine.has(s) && !this.ours.has(s));
    for (const s of sheets) this.ours.add(s);
    root.adoptedStyleSheets = [...sheets, ...others];
  }

  private readonly adopted = new Set<CSSResultOrNative>();
  private readonly ours = new WeakSet<CSSStyleSheet>();
}
