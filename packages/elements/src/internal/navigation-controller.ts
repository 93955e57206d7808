/**
 * `NavigationController`: which page of the form is on screen (a section, or "Check your answers"),
 * the way back to "Check your answers" after a Change link, and where focus goes after a render: a
 * section's heading, a question named by the error summary or a Change link, the confirmation.
 */
import { parsePointer } from '@safety-forms/core/runtime';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fieldId } from './ids.js';
import type { Section, View } from './sections.js';

/** What the navigation needs from the element, given as functions so they read its current state. */
export interface NavigationOptions {
  sections(): readonly Section[];
  /** A saved record (`readonly`) has no "Check your answers" to lead back to. */
  readonly(): boolean;
}

export class NavigationController implements ReactiveController {
  /** The section open (when `view` is `section`). */
  index = 0;
  view: View = 'section';
  /** The user followed a Change link: the section offers the way back to "Check your answers". */
  returnToCheck = false;
  private focusAfterRender?: string;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly options: NavigationOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const id = this.focusAfterRender;
    if (!id) return;
    this.focusAfterRender = undefined;
    const target = this.host.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (target) {
      target.focus();
      target.scrollIntoView?.({ block: 'center' });
    }
  }

  /** Moves focus to the element with this id after the next render. */
  focus(id: string): void {
    this.focusAfterRender = id;
  }

  /** Back to the first section. */
  reset(): void {
    this.index = 0;
    this.view = 'section';
    this.returnToCheck = false;
    this.host.requestUpdate();
  }

  /** Opens a section and moves focus to its heading. */
  goTo(index: number): void {
    this.index = Math.max(0, Math.min(index, this.options.sections().length - 1));
    this.view = 'section';
    this.focus('section-heading');
    this.host.requestUpdate();
  }

  /** Opens "Check your answers" and moves focus to its heading. */
  openCheck(): void {
    this.view = 'check';
    this.returnToCheck = false;
    this.focus('check-heading');
    this.host.requestUpdate();
  }

  /**
   * An error summary link or a Change link: open the question's section, focus the question, and
   * bring its label into view. From "Check your answers", the section offers the way back there.
   */
  async follow(event: Event, pointer: string): Promise<void> {
    event.preventDefault();
    const first = parsePointer(pointer)[0];
    const index = this.options.sections().findIndex((s) => s.key === first);
    const fromCheck = this.view === 'check' && !this.options.readonly();
    if ((index >= 0 && index !== this.index) || this.view !== 'section') {
      if (index >= 0) this.index = index;
      this.view = 'section';
      if (fromCheck) this.returnToCheck = true;
      this.host.requestUpdate();
      await this.host.updateComplete;
    }
    const root = this.host.renderRoot;
    const id = fieldId(pointer);
    const target = root.querySelector<HTMLElement>(`#${CSS.escape(id)}`) ?? root.querySelector<HTMLElement>(`[id^="${CSS.escape(id)}-"]:is(input, textarea, select, button)`);
    if (!target) return;
    target.focus({ preventScroll: true });
    const label = target.closest('fieldset')?.querySelector('legend') ?? root.querySelector(`label[for="${CSS.escape(target.id)}"]`);
    (label ?? target).scrollIntoView?.({ block: 'start' });
  }
}
