/** Dispatches a bubbling, composed `sf-*` event; returns false when a listener cancelled it. */
export function emit<T>(target: EventTarget, name: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
  return target.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable: !!options.cancelable, detail }));
}
