// The sf-* events' declarations in GlobalEventHandlersEventMap, loaded wherever `emit` is.
import type {} from './sf-change.js';
import type {} from './sf-draft-error.js';
import type {} from './sf-draft-restored.js';
import type {} from './sf-draft-saved.js';
import type {} from './sf-invalid.js';
import type {} from './sf-submit-error.js';
import type {} from './sf-submit.js';
import type {} from './sf-submitted.js';

/** The name of every event a form element fires: the `sf-*` keys of `GlobalEventHandlersEventMap` (one file each in src/events/). */
export type SfEventName = Extract<keyof GlobalEventHandlersEventMap, `sf-${string}`>;

/** The `detail` of event `K`, as its declaration in `GlobalEventHandlersEventMap` says. */
export type SfEventDetail<K extends SfEventName> = GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Dispatches a bubbling, composed `sf-*` event; returns false when a listener cancelled it. Typed as
 * Shoelace's `emit` is: the name must be declared in `GlobalEventHandlersEventMap` (src/events/) and
 * the detail must be that declaration's, so a misspelt name or a wrong detail fails typecheck.
 */
export function emit<K extends SfEventName>(target: EventTarget, name: K, detail: SfEventDetail<K>, options: { cancelable?: boolean } = {}): boolean {
  return target.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable: !!options.cancelable, detail }));
}
