/**
 * `emit` is typed against GlobalEventHandlersEventMap (as Shoelace's is): the `@ts-expect-error` lines
 * below fail `npx tsc -p .` the day a misspelt name or a wrong detail would compile. At run time: one
 * bubbling, composed event with that detail, and `false` when a listener cancels a cancelable one.
 */
import { expect } from '@open-wc/testing';
import { emit } from './emit.js';

describe('emit', () => {
  it('rejects at typecheck a misspelt event name or a detail of the wrong type', () => {
    const target = new EventTarget();
    const seen: string[] = [];
    target.addEventListener('sf-changed', () => seen.push('sf-changed'));
    // @ts-expect-error a misspelt name: 'sf-changed' is not declared in GlobalEventHandlersEventMap
    emit(target, 'sf-changed', { pointer: '/a' });
    // @ts-expect-error the wrong detail: sf-change carries { pointer: string }
    emit(target, 'sf-change', { path: '/a' });
    // @ts-expect-error a missing field: sf-submit-error says whether the record is queued
    emit(target, 'sf-submit-error', { kind: 'network', fieldErrors: [] });
    expect(seen).to.deep.equal(['sf-changed']);
  });

  it('dispatches one bubbling, composed event with the detail, and reports a cancelled one', () => {
    const host = document.createElement('div');
    document.body.append(host);
    try {
      const events: CustomEvent[] = [];
      document.body.addEventListener('sf-change', (e) => events.push(e));
      expect(emit(host, 'sf-change', { pointer: '/report/name' })).to.equal(true);
      expect(events).to.have.length(1);
      expect(events[0]!.detail).to.deep.equal({ pointer: '/report/name' });
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
      host.addEventListener('sf-invalid', (e) => e.preventDefault());
      expect(emit(host, 'sf-invalid', { errors: [] }, { cancelable: true })).to.equal(false);
      expect(emit(host, 'sf-invalid', { errors: [] })).to.equal(true);
    } finally {
      host.remove();
    }
  });
});
