// Functions that run inside the page (Playwright sends their source); they must not close over
// anything in Node.

/**
 * Init script (before any page script): resolves `window.__benchReady` with `{ dom, ready }`, in ms
 * since navigation start (performance.now()):
 *   dom:   the first moment the form's first section has a form control in the DOM
 *          (ours: an input/textarea/select inside the element's `[part~=section]`; RJSF: inside #root's form),
 *          seen by MutationObservers on the document and on every shadow root as it is attached;
 *   ready: the next animation frame has run and a task queued after it has started, i.e. the frame
 *          holding the form was produced and the main thread is free to take input.
 * @param {{ kind: 'sdk' | 'rjsf', tag?: string }} cfg
 */
export function readyProbe(cfg) {
  let dom = 0;
  const observers = [];
  window.__benchReady = new Promise((resolve) => {
    const shown = () => {
      if (cfg.kind === 'rjsf') return !!document.querySelector('#root form :is(input, textarea, select)');
      const section = document.querySelector(cfg.tag)?.shadowRoot?.querySelector('[part~="section"]');
      return !!section?.querySelector('input, textarea, select');
    };
    const check = () => {
      if (dom || !shown()) return;
      dom = performance.now();
      for (const o of observers) o.disconnect();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ dom, ready: performance.now() });
        channel.port2.postMessage(0);
      });
    };
    const watch = (node) => {
      const o = new MutationObserver(check);
      o.observe(node, { childList: true, subtree: true });
      observers.push(o);
    };
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const shadow = attachShadow.call(this, init);
      if (!dom) watch(shadow);
      return shadow;
    };
    watch(document);
  });
}

/** A fixed busy loop, to check that CPU throttling applies (ms). */
export function busyLoop() {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 3e6; i++) x = (x + Math.sqrt(i)) % 1e9;
  return { ms: performance.now() - t0, x };
}

/** Init script: keeps the directives of Content-Security-Policy violations (never their samples). */
export function cspProbe() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.effectiveDirective));
}

/**
 * The first whole-form validation of a freshly loaded, empty form, as a user's first Submit would
 * start it: ours `el.validate()` (shows the errors), RJSF `formRef.validateForm()`. `sync`: the call
 * itself; `shown`: until the errors are rendered (the element's update, a task, a forced layout).
 * @param {{ kind: 'sdk' | 'rjsf', tag?: string }} cfg
 */
export async function firstValidation(cfg) {
  const settle = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
  const host = cfg.kind === 'sdk' ? document.querySelector(cfg.tag) : document.getElementById('root');
  const t0 = performance.now();
  let errors;
  let failed;
  try {
    if (cfg.kind === 'sdk') errors = host.validate().errors.length;
    else window.__rjsfBench.ref.current.validateForm();
  } catch (e) {
    failed = e?.name ?? 'Error';
  }
  const sync = performance.now() - t0;
  if (cfg.kind === 'sdk') await host.updateComplete;
  await settle();
  host.getBoundingClientRect();
  const shown = performance.now() - t0;
  if (cfg.kind === 'rjsf') errors = window.__rjsfBench.ref.current.state.errors?.length;
  return { sync, shown, errors, failed };
}

/**
 * Whether RJSF's ajv8 validator can compile the schema on this page (under `script-src 'self'` its
 * `new Function` is refused): the name of the compile error, or null. Run from a page task, because
 * code evaluated through DevTools (page.evaluate) is allowed `eval` whatever the page's CSP.
 */
export function rjsfCompileCheck() {
  return new Promise((resolve) =>
    setTimeout(() => {
      const { validator, schema } = window.__rjsfBench;
      validator.reset();
      const { validationError } = validator.rawValidation(schema, {});
      resolve(validationError ? validationError.name : null);
    }, 0),
  );
}

/**
 * Keystroke update latency: `count` `input` events (after `warmup` unmeasured ones) on one text field,
 * one per frame. Each: the value set through the native setter (so React's value tracker sees a
 * change too), `input` dispatched (bubbles, composed), then ours awaits `updateComplete`; both then
 * await a task (MessageChannel) and force style and layout (getBoundingClientRect). Not awaited: the
 * next animation frame, which would round every figure up to the 16.7 ms frame clock.
 * Per keystroke it also counts DOM mutation records under the form (MutationObserver on the shadow
 * root / RJSF's root, subtree), whole-form validator calls (ours: the form definition's ajv
 * `validate`; RJSF: its validator's validateFormData/isValid/rawValidation), and our element's
 * render() calls.
 * @param {{ kind: 'sdk' | 'rjsf' | 'floor', tag?: string, field: string, count: number, warmup: number }} cfg
 */
export async function keystrokes(cfg) {
  const settle = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  let host;
  let root;
  let validations = () => 0;
  let renders = () => 0;
  const undo = [];
  if (cfg.kind === 'sdk') {
    host = document.querySelector(cfg.tag);
    root = host.shadowRoot;
    const form = host.form; // the FormDefinition (a protected getter in TypeScript)
    const original = form.validate;
    let calls = 0;
    const counted = function (data) {
      calls++;
      return original.call(this, data);
    };
    Object.defineProperty(counted, 'errors', { get: () => original.errors, set: (v) => (original.errors = v) });
    form.validate = counted;
    undo.push(() => (form.validate = original));
    validations = () => calls;
    const render = host.render;
    let n = 0;
    host.render = function () {
      n++;
      return render.call(this);
    };
    undo.push(() => delete host.render);
    renders = () => n;
  } else if (cfg.kind === 'floor') {
    // No framework: an <input> of our own, so the figure is what setting a value, the event, a task
    // and a forced layout cost on this page by themselves.
    const plain = document.createElement('input');
    plain.id = 'sf-bench-floor';
    document.body.append(plain);
    undo.push(() => plain.remove());
    host = root = document.body;
  } else {
    host = root = document.getElementById('root');
    const c = window.__rjsfBench.calls;
    validations = () => c.validateFormData + c.isValid + c.rawValidation;
  }
  const input = root.querySelector(cfg.field);
  if (!input) throw new Error(`keystrokes: no ${cfg.field}`);
  let mutations = 0;
  const observer = new MutationObserver((records) => (mutations += records.length));
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  const rows = [];
  let text = '';
  for (let i = 0; i < cfg.warmup + cfg.count; i++) {
    await frame();
    await settle();
    mutations += observer.takeRecords().length;
    if (rows.length) rows[rows.length - 1].mutations = mutations; // late ones count for the keystroke before
    mutations = 0;
    const v0 = validations();
    const r0 = renders();
    text += 'a';
    const t0 = performance.now();
    setValue.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    if (cfg.kind === 'sdk') await host.updateComplete;
    await settle();
    input.getBoundingClientRect();
    const ms = performance.now() - t0;
    if (i >= cfg.warmup) rows.push({ ms, validations: validations() - v0, renders: renders() - r0, mutations: 0 });
  }
  await frame();
  await settle();
  if (rows.length) rows[rows.length - 1].mutations = mutations + observer.takeRecords().length;
  observer.disconnect();
  for (const u of undo) u();
  // The framework took every keystroke: its state holds the whole text.
  const path = cfg.field === '#f--report--reporterName' || cfg.field === '#root_report_reporterName' ? ['report', 'reporterName'] : null;
  let kept;
  if (path) {
    const data = cfg.kind === 'sdk' ? host.value : window.__rjsfBench.ref.current.state.formData;
    kept = data?.[path[0]]?.[path[1]]?.length === text.length;
  } else kept = input.value.length === text.length;
  return { rows, kept };
}

/**
 * `<safety-form>` with a schema given as a property: whether the property exists, then (if it does)
 * the time from creating the element to its first section rendered (its update, a task, a forced
 * layout; the schema's checks included), the time to open the next section, and 20 keystrokes in
 * that section's first text input. `refused`: the element's `schemaError` when it showed its
 * schema-error part instead.
 * @param {string | undefined} from `window.__schema` (the schema is put there first, so the heap
 *   measured before holds it), or undefined: only check for the property
 */
export async function renderGenerated(from) {
  const schema = from === 'window.__schema' ? window.__schema : undefined;
  await customElements.whenDefined('safety-form');
  const probe = document.createElement('safety-form');
  const ctor = customElements.get('safety-form');
  const has = 'schema' in probe || !!ctor.elementProperties?.has?.('schema');
  if (!has || !schema) return { has };
  const settle = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const t0 = performance.now();
  const el = document.createElement('safety-form');
  el.setAttribute('draft', 'off');
  // The default cap is 256 KB of JSON; 5,000 questions are ~0.7 MB: a host raises the cap on purpose.
  el.setAttribute('max-schema-bytes', String(64 * 1024 * 1024));
  el.schema = schema;
  document.querySelector('main').append(el);
  await el.updateComplete;
  await settle();
  el.getBoundingClientRect();
  const render = performance.now() - t0;
  const root = el.shadowRoot;
  const controls = root.querySelectorAll('[part~="section"] :is(input, textarea, select)').length;
  const refused = root.querySelector('[part~="schema-error"]') ? String(el.schemaError ?? 'refused') : null;
  await frame();
  await settle();
  let next = null;
  const button = root.querySelector('[part~="next-button"]');
  if (button) {
    const t1 = performance.now();
    button.click();
    await el.updateComplete;
    await settle();
    el.getBoundingClientRect();
    next = performance.now() - t1;
  }
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const input = root.querySelector('[part~="section"] input[type="text"], [part~="section"] input:not([type])');
  const keys = [];
  if (input) {
    let text = '';
    for (let i = 0; i < 25; i++) {
      await frame();
      await settle();
      text += 'a';
      const t = performance.now();
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
      await settle();
      input.getBoundingClientRect();
      if (i >= 5) keys.push(performance.now() - t);
    }
  }
  return { has, render, next, keys, controls, refused };
}
