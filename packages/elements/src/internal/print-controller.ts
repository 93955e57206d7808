/**
 * `PrintController`: whether the page is being printed (`beforeprint`, also fired for headless
 * `page.pdf()`) or print media is emulated (the `matchMedia('print')` listener). While it is, the form
 * renders the summary of every section, synchronously, so the printed pages hold every answer even
 * when the user is in the middle of a section.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { preparePrinting } from './print.styles.js';

export class PrintController implements ReactiveController {
  printing = false;
  private query?: MediaQueryList;

  /** `renderNow` renders the host synchronously (its `performUpdate`). */
  constructor(
    private readonly host: ReactiveControllerHost & { readonly hasUpdated: boolean },
    private readonly renderNow: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('beforeprint', this.onBeforePrint);
    addEventListener('afterprint', this.onAfterPrint);
    preparePrinting(window);
    this.query = window.matchMedia?.('print');
    this.query?.addEventListener('change', this.onQuery);
    const on = this.query?.matches ?? false;
    if (on !== this.printing) {
      this.printing = on;
      this.host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    removeEventListener('beforeprint', this.onBeforePrint);
    removeEventListener('afterprint', this.onAfterPrint);
    this.query?.removeEventListener('change', this.onQuery);
    this.query = undefined;
  }

  private set(on: boolean): void {
    if (this.printing === on) return;
    this.printing = on;
    this.host.requestUpdate();
    if (on && this.host.hasUpdated) this.renderNow();
  }

  private readonly onBeforePrint = () => this.set(true);
  private readonly onAfterPrint = () => this.set(window.matchMedia?.('print').matches ?? false);
  private readonly onQuery = (e: MediaQueryListEvent) => this.set(e.matches);
}
export { default as printStyles } from './print.styles.js';
