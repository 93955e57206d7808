/**
 * Registers a custom element once. A second registration of the same class is a no-op; another class
 * under the same name (two copies of the SDK on one page) is left in place with a development warning,
 * as Shoelace's `define` does, rather than throwing and breaking the page.
 */
export function define(name: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(name);
  if (!existing) {
    customElements.define(name, constructor);
  } else if (existing !== constructor && import.meta.env?.DEV) {
    console.warn(`safety-forms: <${name}> is already defined by another copy of the SDK; this copy is not used.`);
  }
}

declare global {
  interface ImportMeta {
    env?: { DEV?: boolean };
  }
}
