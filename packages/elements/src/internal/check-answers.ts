/**
 * "Check your answers" (GOV.UK pattern): every answer of a form as summary lists, one per section,
 * read from the answers as they would be submitted. The same view shows a saved record when the form
 * is `readonly`, and is what prints. Values are shown the way the widgets show them (option titles,
 * readable dates, Yes/No) and are always rendered as text.
 *
 * A long form answered only where it must be (the threat report has about 90 optional questions) would
 * be a page of "Not answered" rows: a section's unanswered optional questions are one GOV.UK details
 * instead, "Not answered (12 optional questions)", that lists them (with a link to each on "Check your
 * answers"), so nothing is hidden from someone who wants to check. Unanswered required questions stay
 * rows of their own. A question whose label appears more than once in the summary ("Date", "Was this
 * action taken?", the same question in each repeated item) is named with where it sits, e.g.
 * "Witness 2: Witness name": read before the key by screen readers, in its Change link, and shown in the
 * details list, where no heading says it.
 */
import {
  deref,
  getAt,
  isHiddenHere,
  optionsOf,
  toPointer,
  widgetOf,
  type FormSchema,
  type WidgetKind,
} from '@safety-forms/core/runtime';
import { css, html, nothing, type TemplateResult } from 'lit';
import { fieldId } from './ids.js';
import { isRequired } from './required.js';
import { format, type Strings } from './strings.js';

/** What the summary needs from the form that shows it. */
export interface SummaryHost {
  readonly root: FormSchema;
  readonly strings: Strings;
  /** Schema text as shown (forms may fill placeholders); rendered as text. */
  text(value: string): string;
}

/** One question and its answer: `value` is the lines shown, or null for "Not answered". */
export interface SummaryRow {
  kind: 'row';
  pointer: string;
  key: string;
  /**
   * Where the question sits, set only when its key alone is ambiguous in the summary (e.g. "Witness 2",
   * "Prior threats"): the fewest enclosing headings that tell it apart from the others with that key.
   */
  context?: string;
  value: string[] | null;
  /** Whether the answer is needed to submit (an unanswered required question is never folded away). */
  required: boolean;
  /** The headings the question sits under, the section's title first (what `context` is chosen from). */
  trail: string[];
}

/** A heading for a group of questions, or for one item of a repeatable group. */
export interface SummaryHeading {
  kind: 'heading';
  text: string;
  /** 0 for a group directly in a section; deeper groups add one. */
  depth: number;
}

export type SummaryItem = SummaryRow | SummaryHeading;

export interface SummarySection {
  key: string | null;
  index: number;
  title: string;
  /** The section's own description (e.g. how the record must be handled), shown with a record, not on "Check your answers". */
  description?: string;
  /** The answered questions and the unanswered required ones, under the headings that still have any. */
  items: SummaryItem[];
  /** The unanswered optional questions, in form order: shown together as one "Not answered" details. */
  unanswered: SummaryRow[];
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2026-11-20` as "20 November 2026"; anything that is not a real date is shown as it was typed. */
export function readableDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1) return value;
  return dateFormat.format(date);
}

/** A date-time as "19 November 2026 at 15:40", the wall-clock time as it was entered. */
export function readableDateTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return value;
  const date = readableDate(m[1]!);
  return date === m[1] ? value : `${date} at ${m[2]}:${m[3]}`;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The answer as the lines shown for it, or null when unanswered. */
export function displayValue(host: SummaryHost, node: FormSchema, kind: WidgetKind, value: unknown): string[] | null {
  if (isEmpty(value)) return null;
  const s = host.strings;
  const options = optionsOf(host.root, node);
  const label = (v: unknown): string => {
    const option = options.find((o) => o.value === v);
    if (option) return host.text(option.title);
    if (typeof v === 'boolean') return v ? s.yes : s.no;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    return JSON.stringify(v) ?? '';
  };
  if (Array.isArray(value)) return value.map(label);
  if (typeof value === 'string' && !options.length) {
    if (kind === 'date') return [readableDate(value)];
    if (kind === 'datetime') return [readableDateTime(value)];
  }
  return [label(value)];
}

function title(host: SummaryHost, node: FormSchema, tokens: readonly string[]): string {
  return host.text(node.title ?? tokens[tokens.length - 1] ?? '');
}

/**
 * Whether the question at `tokens` must be answered for `data` to be sent: required in its parent, and
 * each enclosing group either present in the answers or required itself (an optional group left out
 * entirely requires nothing inside it).
 */
function requiredHere(root: FormSchema, tokens: readonly string[], data: unknown): boolean {
  if (!isRequired(root, toPointer(tokens))) return false;
  for (let i = tokens.length - 1; i > 0; i--) {
    const up = tokens.slice(0, i);
    if (getAt(data, up) !== undefined) return true;
    if (!isRequired(root, toPointer(up))) return false;
  }
  return true;
}

/**
 * The summary of one question or group at `tokens`, appended to `out`. Hidden questions (`showIf`
 * false against `data`) are left out, with everything inside them.
 */
function walk(host: SummaryHost, node: FormSchema, tokens: readonly string[], data: unknown, depth: number, trail: readonly string[], out: SummaryItem[]): void {
  const { root } = host;
  if (isHiddenHere(root, node, data, tokens)) return;
  const n = deref(root, node);
  const kind = widgetOf(root, n);
  const pointer = toPointer(tokens);
  const value = getAt(data, tokens);
  const rowOf = (key: string, shown: string[] | null): SummaryRow => ({ kind: 'row', pointer, key, value: shown, required: shown === null && requiredHere(root, tokens, data), trail: [...trail] });
  if (kind === 'group' || kind === 'scale') {
    const heading = n.title ? title(host, n, tokens) : undefined;
    if (heading) out.push({ kind: 'heading', text: heading, depth });
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      walk(host, child, [...tokens, key], data, heading ? depth + 1 : depth, heading ? [...trail, heading] : trail, out);
    }
    return;
  }
  if (kind === 'repeat') {
    const items = Array.isArray(value) ? value : [];
    const key = title(host, n, tokens);
    if (!items.length) {
      out.push(rowOf(key, null));
      return;
    }
    const itemSchema = deref(root, n.items ?? {});
    const itemTitle = host.text(n['x-ui']?.itemTitle ?? host.strings.item);
    out.push({ kind: 'heading', text: key, depth });
    items.forEach((_, i) => {
      const name = `${itemTitle} ${i + 1}`;
      out.push({ kind: 'heading', text: name, depth: depth + 1 });
      for (const [childKey, child] of Object.entries(itemSchema.properties ?? {})) {
        walk(host, child, [...tokens, String(i), childKey], data, depth + 2, [...trail, key, name], out);
      }
    });
    return;
  }
  out.push(rowOf(title(host, n, tokens), displayValue(host, n, kind, value)));
}

/**
 * Gives each row whose key is shared with another row the fewest enclosing headings (nearest first)
 * that tell it apart: "Witness 2" for a question of a repeated item, "Prior threats" for a question
 * asked of several groups, the section's title for the same question in two sections.
 */
function disambiguate(rows: readonly SummaryRow[]): void {
  const byKey = new Map<string, SummaryRow[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const same of byKey.values()) {
    if (same.length < 2) continue;
    for (const r of same) {
      const others = same.filter((o) => o !== r);
      let n = 1;
      const suffix = (t: readonly string[], k: number) => t.slice(Math.max(0, t.length - k)).join(', ');
      while (n < r.trail.length && others.some((o) => suffix(o.trail, n) === suffix(r.trail, n))) n++;
      const context = suffix(r.trail, n);
      if (context) r.context = context;
    }
  }
}

/** Leaves out the headings with no row under them (every question in them folded into the details). */
function withoutEmptyHeadings(items: readonly SummaryItem[]): SummaryItem[] {
  return items.filter((item, i) => {
    if (item.kind === 'row') return true;
    // Kept when a row follows before the next heading at its depth or above.
    for (const next of items.slice(i + 1)) {
      if (next.kind === 'row') return true;
      if (next.depth <= item.depth) return false;
    }
    return false;
  });
}

/**
 * Every visible question of every section with its answer. `data` is the answers as submitted
 * (hidden questions pruned), so what is listed is exactly what would be sent.
 */
export function summarise(
  host: SummaryHost,
  sections: readonly { key: string | null; title: string; description?: string; schema: FormSchema }[],
  data: unknown,
): SummarySection[] {
  const all = sections.map((section, index) => {
    const items: SummaryItem[] = [];
    const base = section.key === null ? [] : [section.key];
    for (const [key, child] of Object.entries(deref(host.root, section.schema).properties ?? {})) {
      walk(host, child, [...base, key], data, 0, [section.title], items);
    }
    return { key: section.key, index, title: section.title, description: section.key === null ? undefined : section.description, items };
  });
  disambiguate(all.flatMap((s) => s.items.filter((i): i is SummaryRow => i.kind === 'row')));
  return all.map((section) => {
    const folded = (i: SummaryItem): i is SummaryRow => i.kind === 'row' && i.value === null && !i.required;
    const unanswered = section.items.filter(folded);
    const items = unanswered.length ? withoutEmptyHeadings(section.items.filter((i) => !folded(i))) : section.items;
    return { ...section, items, unanswered };
  });
}

export interface SummaryOptions {
  /** The Change link's handler; without it (read-only, print) no Change links are shown. */
  change?: (event: Event, pointer: string) => void;
  /** Prefix of the section heading ids (several summaries may share a shadow root while printing). */
  idPrefix: string;
  /**
   * The level of the section headings: 3 where they sit straight under the form's title (a record,
   * print), 4 under "Check your answers". Groups are one level below, their items two.
   */
  level: 3 | 4;
}

/** A heading of level 3 to 6 (deeper levels stay at 6). */
function h(level: number, cls: string, text: string, id?: string): TemplateResult {
  const part = cls.startsWith('summary-heading') ? 'summary-heading' : nothing;
  switch (Math.min(level, 6)) {
    case 3:
      return html`<h3 class=${cls} part=${part} id=${id ?? nothing}>${text}</h3>`;
    case 4:
      return html`<h4 class=${cls} part=${part} id=${id ?? nothing}>${text}</h4>`;
    case 5:
      return html`<h5 class=${cls} part=${part} id=${id ?? nothing}>${text}</h5>`;
    default:
      return html`<h6 class=${cls} part=${part} id=${id ?? nothing}>${text}</h6>`;
  }
}

function heading(item: SummaryHeading, level: number): TemplateResult {
  return h(level + 1 + item.depth, item.depth === 0 ? 'summary-heading' : 'summary-heading summary-heading--s', item.text);
}

/** The question with where it sits when its key is ambiguous: "Witness 2: Witness name". */
function named(strings: Strings, item: SummaryRow): string {
  return item.context ? format(strings.inContext, { context: item.context, question: item.key }) : item.key;
}

/** The key of a row: the question as shown (the headings above say where it sits), with its context read first by screen readers. */
function key(strings: Strings, item: SummaryRow): TemplateResult | string {
  if (!item.context) return item.key;
  // `inContext` has the question somewhere in it: what comes before and after it is for screen readers only.
  const [before = '', after = ''] = format(strings.inContext, { context: item.context }).split('{question}');
  return html`${before ? html`<span class="visually-hidden">${before}</span>` : nothing}${item.key}${after ? html`<span class="visually-hidden">${after}</span>` : nothing}`;
}

function row(strings: Strings, item: SummaryRow, options: SummaryOptions): TemplateResult {
  const value = item.value;
  const hidden = named(strings, item);
  return html`<div class="summary-list__row${options.change ? '' : ' summary-list__row--no-actions'}" part="summary-row">
    <dt class="summary-list__key" part="summary-key">${key(strings, item)}</dt>
    <dd class="summary-list__value${value ? '' : ' summary-list__value--empty'}" part="summary-value">
      ${value === null
        ? strings.notAnswered
        : value.length === 1
          ? html`<span class="summary-list__text">${value[0]}</span>`
          : html`<ul class="summary-list__lines">
              ${value.map((line) => html`<li class="summary-list__text">${line}</li>`)}
            </ul>`}
    </dd>
    ${options.change
      ? html`<dd class="summary-list__actions">
          <a class="summary-list__link" part="change-link" href="#${fieldId(item.pointer)}" @click=${(e: Event) => options.change!(e, item.pointer)}
            >${strings.change}<span class="visually-hidden"> ${hidden}</span></a
          >
        </dd>`
      : nothing}
  </div>`;
}

/** The items of one section: headings, and runs of rows as one `<dl class="summary-list">` each. */
function renderItems(strings: Strings, items: readonly SummaryItem[], options: SummaryOptions): TemplateResult[] {
  const out: TemplateResult[] = [];
  let rows: SummaryRow[] = [];
  const flush = () => {
    if (!rows.length) return;
    const run = rows;
    rows = [];
    out.push(html`<dl class="summary-list" part="summary-list">${run.map((r) => row(strings, r, options))}</dl>`);
  };
  for (const item of items) {
    if (item.kind === 'row') {
      rows.push(item);
    } else {
      flush();
      out.push(heading(item, options.level));
    }
  }
  flush();
  return out;
}

/**
 * A section's unanswered optional questions as one GOV.UK details: "Not answered (12 optional
 * questions)", opening to the list of them, each a link to the question on "Check your answers". It
 * prints open, with the same caption.
 */
function renderUnanswered(strings: Strings, rows: readonly SummaryRow[], options: SummaryOptions): TemplateResult {
  const caption = format(rows.length === 1 ? strings.notAnsweredOptionalOne : strings.notAnsweredOptional, { count: rows.length });
  return html`<details class="summary-unanswered" part="summary-unanswered">
    <summary class="summary-unanswered__summary" part="summary-unanswered-summary"><span class="summary-unanswered__summary-text">${caption}</span></summary>
    <div class="summary-unanswered__text">
      <p class="print-only summary-unanswered__caption">${caption}</p>
      ${options.change ? html`<p class="summary-unanswered__intro">${strings.notAnsweredIntro}</p>` : nothing}
      <ul class="summary-unanswered__list" part="summary-unanswered-list">
        ${rows.map(
          (r) =>
            html`<li class="summary-unanswered__item">
              ${options.change
                ? html`<a class="summary-list__link" part="unanswered-link" href="#${fieldId(r.pointer)}" @click=${(e: Event) => options.change!(e, r.pointer)}>${named(strings, r)}</a>`
                : named(strings, r)}
            </li>`,
        )}
      </ul>
    </div>
  </details>`;
}

/** The summary of every section: a heading per section (at `options.level`), then its summary lists. */
export function renderSummary(strings: Strings, sections: readonly SummarySection[], options: SummaryOptions): TemplateResult {
  return html`${sections.map(
    (section) => html`<section class="summary-section" part="summary-section" aria-labelledby="${options.idPrefix}-${section.index}">
      ${h(options.level, 'summary-section__title', section.title, `${options.idPrefix}-${section.index}`)}
      ${section.description && !options.change ? html`<p class="summary-section__description">${section.description}</p>` : nothing}
      ${section.items.length ? renderItems(strings, section.items, options) : nothing}
      ${section.unanswered.length ? renderUnanswered(strings, section.unanswered, options) : nothing}
      ${section.items.length || section.unanswered.length ? nothing : html`<p class="summary-list__value--empty">${strings.notAnswered}</p>`}
    </section>`,
  )}`;
}

/** The header and footer printed on every page: the protective marking, the form, its version and the date. */
export function renderPrintFrame(strings: Strings, info: { marking?: string; title: string; version: string; date: string }) {
  const details = [info.title, info.version ? format(strings.schemaVersion, { version: info.version }) : '', format(strings.printedOn, { date: info.date })]
    .filter(Boolean)
    .join(' · ');
  return html`<div class="print-header" part="print-header" aria-hidden="true">
      ${info.marking ? html`<p class="print-marking">${info.marking}</p>` : nothing}
      <p class="print-details">${details}</p>
    </div>
    <div class="print-footer" part="print-footer" aria-hidden="true">
      ${info.marking ? html`<p class="print-marking">${info.marking}</p>` : nothing}
      <p class="print-details">${details}</p>
    </div>`;
}

/**
 * The summary list's look on screen (GOV.UK summary list), in `--sf-*` custom properties. Sizes are
 * px, text `max(<rem>, <px>)`, as in form.styles.ts: a host page's small root font size never shrinks them. The print
 * rules are in print.styles.ts.
 */
export const summaryStyles = css`
  .summary-section {
    margin-bottom: var(--sf-space-6, 30px);
  }
  .summary-section__title {
    font-size: var(--sf-font-size-heading-m, max(1.5rem, 24px));
  }
  .summary-heading {
    font-size: var(--sf-font-size-heading-s, max(1.1875rem, 19px));
    margin: var(--sf-space-4, 20px) 0 var(--sf-space-2, 10px);
  }
  .summary-list {
    margin: 0 0 var(--sf-space-6, 30px);
    padding: 0;
  }
  .summary-list__row {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sf-space-4, 20px);
    border-bottom: 1px solid var(--sf-color-border, #b1b4b6);
    padding: var(--sf-space-2, 10px) 0;
  }
  .summary-list__key {
    flex: 1 1 224px;
    font-weight: 700;
    margin: 0;
  }
  .summary-list__value {
    flex: 2 1 256px;
    margin: 0;
  }
  .summary-list__text {
    /* Answers keep their line breaks exactly. */
    white-space: pre-wrap;
  }
  .summary-list__value--empty {
    color: var(--sf-color-secondary-text, #484949);
  }
  .summary-list__lines {
    margin: 0;
    padding-inline-start: 20px;
  }
  .summary-list__actions {
    flex: 0 0 auto;
    margin: 0;
    text-align: end;
  }
  .summary-list__link {
    color: var(--sf-color-link, #1d70b8);
    text-decoration: underline;
  }
  .summary-list__link:focus {
    outline: var(--sf-focus-width, 3px) solid transparent;
    color: var(--sf-color-focus-text, #0b0c0c);
    background: var(--sf-color-focus, #ffdd00);
    box-shadow:
      0 -2px var(--sf-color-focus, #ffdd00),
      0 4px var(--sf-color-focus-text, #0b0c0c);
    text-decoration: none;
  }
  /* A section's unanswered optional questions: the GOV.UK details component. */
  .summary-unanswered {
    display: block;
    margin: 0 0 var(--sf-space-6, 30px);
  }
  .summary-unanswered__summary {
    display: inline-block;
    position: relative;
    margin-bottom: var(--sf-space-1, 5px);
    padding-inline-start: 25px;
    color: var(--sf-color-link, #1d70b8);
    cursor: pointer;
    list-style: none;
  }
  .summary-unanswered__summary::-webkit-details-marker {
    display: none;
  }
  /* The GOV.UK triangle: pointing right when closed, down when open. */
  .summary-unanswered__summary::before {
    content: '';
    position: absolute;
    top: -1px;
    bottom: 0;
    inset-inline-start: 0;
    margin: auto;
    display: block;
    width: 0;
    height: 0;
    border-style: solid;
    border-color: transparent;
    clip-path: polygon(0% 0%, 100% 50%, 0% 100%);
    border-width: 7px 0 7px 12.124px;
    border-inline-start-color: currentcolor;
  }
  .summary-unanswered[open] > .summary-unanswered__summary::before {
    clip-path: polygon(0% 0%, 50% 100%, 100% 0%);
    border-width: 12.124px 7px 0 7px;
    border-color: currentcolor transparent transparent;
  }
  .summary-unanswered__summary-text {
    text-decoration: underline;
  }
  .summary-unanswered__summary:focus {
    outline: var(--sf-focus-width, 3px) solid transparent;
    color: var(--sf-color-focus-text, #0b0c0c);
    background: var(--sf-color-focus, #ffdd00);
    box-shadow: 0 -2px var(--sf-color-focus, #ffdd00), 0 4px var(--sf-color-focus-text, #0b0c0c);
  }
  .summary-unanswered__summary:focus .summary-unanswered__summary-text {
    text-decoration: none;
  }
  .summary-unanswered__text {
    padding: var(--sf-space-3, 15px) var(--sf-space-3, 15px) var(--sf-space-3, 15px) var(--sf-space-4, 20px);
    border-inline-start: 5px solid var(--sf-color-border, #b1b4b6);
  }
  .summary-unanswered__intro {
    margin-top: 0;
  }
  .summary-unanswered__list {
    margin: 0;
    padding-inline-start: 20px;
  }
  .summary-unanswered__item + .summary-unanswered__item {
    margin-top: var(--sf-space-1, 5px);
  }
  @media print {
    /* Printed open: the list is part of the record. (print.styles.ts hides every details' summary.) */
    .summary-unanswered::details-content {
      content-visibility: visible;
      display: block;
    }
    .summary-unanswered__text {
      padding: 0;
      border: 0;
    }
  }
  .check-heading:focus {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
  }
  /* The "Check your answers" entry of the section navigation looks like the section links. */
  .sections__check {
    font: inherit;
    font-size: var(--sf-font-size-small, max(1rem, 16px));
    color: var(--sf-color-link, #1d70b8);
    text-decoration: underline;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-align: start;
  }
  .sections__check[aria-current='step'] {
    color: var(--sf-color-text, #0b0c0c);
    font-weight: 700;
    text-decoration: none;
  }
  .sections__check:focus-visible {
    outline: var(--sf-focus-width, 3px) solid var(--sf-color-focus, #ffdd00);
    outline-offset: 0;
  }
  .print-header,
  .print-footer,
  .print-only {
    display: none;
  }
`;
