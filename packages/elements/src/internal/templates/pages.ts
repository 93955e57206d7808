/**
 * The pages of a form: a section of questions with the buttons to move on, "Check your answers" with
 * Submit and Download JSON, and a saved record (`readonly`). Only drawn: the element gives each page
 * what it shows (the result panel, the summary, a form's own intro) and what its buttons do.
 */
import { html, nothing } from 'lit';
import type { Section } from '../sections.js';
import { format, type Strings } from '../strings.js';
import { renderField } from '../widgets/field.js';
import type { RenderHost } from '../widgets/host.js';

/** Anything Lit renders: a template, `nothing`, text. */
type Part = unknown;

/** What a section page shows beside its questions. */
export interface SectionPage {
  sections: readonly Section[];
  index: number;
  /** The user followed a Change link: the way back to "Check your answers" replaces Next. */
  returnToCheck: boolean;
  /** A form's own content at the top of the section. */
  intro: Part;
  result: Part;
  /** While printing: the summary of every section (the printed pages hold every answer). */
  printAnswers: Part;
}

/** Where a page's buttons lead. */
export interface PageActions {
  goTo(index: number): void;
  openCheck(): void;
}

/** The questions of the open section, and the buttons to move on. */
export function renderSectionPage(host: RenderHost, s: Strings, page: SectionPage, actions: PageActions) {
  const { sections, index } = page;
  const section = sections[index]!;
  const last = index === sections.length - 1;
  const onward = page.returnToCheck
    ? html`<button type="button" class="button" part="button return-to-check-button" @click=${() => actions.openCheck()}>${s.returnToCheck}</button>`
    : last
      ? html`<button type="button" class="button" part="button continue-button" id="continue" @click=${() => actions.openCheck()}>${s.continueToCheck}</button>`
      : html`<button type="button" class="button button--secondary" part="button next-button" @click=${() => actions.goTo(index + 1)}>${s.next}</button>`;
  return html`<section class="section screen-only" aria-labelledby="section-heading" part="section">
      ${sections.length > 1 ? html`<span class="caption" part="section-caption">${format(s.sectionOf, { n: index + 1, m: sections.length })}</span>` : nothing}
      ${section.key ? html`<h3 class="section-heading" id="section-heading" tabindex="-1" part="section-heading">${section.title}</h3>` : html`<span id="section-heading" class="visually-hidden">${section.title}</span>`}
      ${section.key && section.description ? html`<p class="hint" part="section-hint">${section.description}</p>` : nothing}
      ${page.intro}
      ${section.key
        ? renderField(host, [section.key], { ...section.schema, title: undefined, description: undefined })
        : Object.entries(section.schema.properties ?? {}).map(([key, child]) => renderField(host, [key], child))}
    </section>
    ${page.printAnswers === nothing ? nothing : html`<div class="print-only">${page.printAnswers}</div>`}
    ${page.result}
    <div class="actions" part="actions">
      ${index > 0 ? html`<button type="button" class="button button--secondary" part="button previous-button" @click=${() => actions.goTo(index - 1)}>${s.previous}</button>` : nothing}
      ${onward}
    </div>`;
}

/** The Download JSON button. */
function downloadButton(s: Strings, download: () => void) {
  return html`<button type="button" class="button button--secondary" part="button download-button" @click=${() => download()}>${s.downloadJson}</button>`;
}

/** "Check your answers": every answer with its Change link (`answers`), then Submit, Download JSON and Previous. */
export function renderCheckPage(
  s: Strings,
  page: { sections: number; answers: Part; result: Part; sending: boolean },
  actions: PageActions & { submit(): void; download(): void },
) {
  return html`<section class="check-answers" part="check-answers" aria-labelledby="check-heading">
      <h3 class="check-heading" id="check-heading" tabindex="-1">${s.checkAnswersTitle}</h3>
      <p class="check-intro">${s.checkAnswersIntro}</p>
      ${page.answers}
    </section>
    ${page.result}
    <div class="actions" part="actions">
      <button type="button" class="button" part="button submit-button" id="submit" aria-disabled=${page.sending ? 'true' : nothing} @click=${() => actions.submit()}>
        ${page.sending ? s.sending : s.submit}
      </button>
      ${downloadButton(s, actions.download)}
      <button type="button" class="button button--secondary" part="button previous-button" @click=${() => actions.goTo(page.sections - 1)}>${s.previous}</button>
    </div>`;
}

/** A saved record (`readonly`): every section's answers, the result and Download JSON; nothing to change or submit. */
export function renderRecordPage(s: Strings, page: { answers: Part; result: Part }, download: () => void) {
  return html`${page.answers} ${page.result}
    <div class="actions" part="actions">${downloadButton(s, download)}</div>`;
}
