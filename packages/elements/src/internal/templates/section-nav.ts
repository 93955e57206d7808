/** The section navigation: a link per section (current, with errors), "Check your answers", and the progress of answered sections. */
import { html, nothing } from 'lit';
import type { Section, View } from '../sections.js';
import { format, type Strings } from '../strings.js';

/** What the navigation shows. */
export interface SectionNavState {
  sections: readonly Section[];
  /** The section open (when `view` is `section`). */
  index: number;
  view: View;
  /** Keys of the sections that hold an error. */
  withErrors: ReadonlySet<string>;
  /** How many sections have answers. */
  answered: number;
}

/** Where its links lead. */
export interface SectionNavActions {
  goTo(index: number): void;
  openCheck(): void;
}

/** The navigation of a form of two sections or more (nothing for one). */
export function renderSectionNav(s: Strings, { sections, index, view, withErrors, answered }: SectionNavState, actions: SectionNavActions) {
  if (sections.length < 2) return nothing;
  return html`<nav class="sections" aria-label=${s.sectionsLabel} part="sections">
    <ol class="sections__list" part="sections-list">
      ${sections.map((sec, i) => {
        const current = i === index && view === 'section';
        const error = withErrors.has(sec.key ?? '');
        return html`<li>
          <button
            type="button"
            class="sections__link${error ? ' sections__link--error' : ''}"
            part=${`section-link${current ? ' section-link--current' : ''}${error ? ' section-link--error' : ''}`}
            aria-current=${current ? 'step' : nothing}
            @click=${() => actions.goTo(i)}
          >
            ${i + 1}. ${sec.title}${error ? html` <span>${s.sectionHasErrors}</span>` : nothing}
          </button>
        </li>`;
      })}
      <li>
        <button type="button" class="sections__check" part="section-link check-answers-link" aria-current=${view === 'check' ? 'step' : nothing} @click=${() => actions.openCheck()}>
          ${s.checkAnswersTitle}
        </button>
      </li>
    </ol>
    <progress class="progress" part="progress" max=${sections.length} .value=${answered} aria-hidden="true"></progress>
    <p class="progress-text" part="progress-text">${format(s.progress, { done: answered, m: sections.length })}</p>
  </nav>`;
}
