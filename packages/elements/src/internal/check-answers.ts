/**
 * "Check your answers" (GOV.UK pattern): every answer of a form as summary lists, one per section,
 * read from the answers as they would be submitted. The same view shows a saved record when the form
 * is `readonly`, and is what prints. Values are shown the way the widgets show them (option titles,
 * readable dates, Yes/No) and are always rendered as text.
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
  /** Where the question sits when its key alone is ambiguous (e.g. "Contact 2"), for the Change link's hidden text. */
  context?: string;
  value: string[] | null;
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
  items: SummaryItem[];
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
 * The summary of one question or group at `tokens`, appended to `out`. Hidden questions (`showIf`
 * false against `data`) are left out, with everything inside them.
 */
function walk(host: SummaryHost, node: FormSchema, tokens: readonly string[], data: unknown, depth: number, context: string | undefined, out: SummaryItem[]): void {
  const { root } = host;
  if (isHiddenHere(root, node, data, tokens)) return;
  const n = deref(root, node);
  const kind = widgetOf(root, n);
  const pointer = toPointer(tokens);
  const value = getAt(data, tokens);
  if (kind === 'group' || kind === 'scale') {
    const heading = n.title ? title(host, n, tokens) : undefined;
    if (heading) out.push({ kind: 'heading', text: heading, depth });
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      walk(host, child, [...tokens, key], data, heading ? depth + 1 : depth, context, out);
    }
    return;
  }
  if (kind === 'repeat') {
    const items = Array.isArray(value) ? value : [];
    const key = title(host, n, tokens);
    if (!items.length) {
      out.push({ kind: 'row', pointer, key, context, value: null });
      return;
    }
    const itemSchema = deref(root, n.items ?? {});
    const itemTitle = host.text(n['x-ui']?.itemTitle ?? host.strings.item);
    out.push({ kind: 'heading', text: key, depth });
    items.forEach((_, i) => {
      const name = `${itemTitle} ${i + 1}`;
      out.push({ kind: 'heading', text: name, depth: depth + 1 });
      for (const [childKey, child] of Object.entries(itemSchema.properties ?? {})) {
        walk(host, child, [...tokens, String(i), childKey], data, depth + 2, name, out);
      }
    });
    return;
  }
  out.push({ kind: 'row', pointer, key: title(host, n, tokens), context, value: displayValue(host, n, kind, value) });
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
  return sections.map((section, index) => {
    const items: SummaryItem[] = [];
    const base = section.key === null ? [] : [section.key];
    for (const [key, child] of Object.entries(deref(host.root, section.schema).properties ?? {})) {
      walk(host, child, [...base, key], data, 0, undefined, items);
    }
    return { key: section.key, index, title: section.title, description: section.key === null ? undefined : section.description, items };
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

function row(strings: Strings, item: SummaryRow, options: SummaryOptions): TemplateResult {
  const value = item.value;
  const hidden = item.context ? `${item.key} (${item.context})` : item.key;
  return html`<div class="summary-list__row${options.change ? '' : ' summary-list__row--no-actions'}" part="summary-row">
    <dt class="summary-list__key" part="summary-key">${item.key}</dt>
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

/** The summary of every section: a heading per section (at `options.level`), then its summary lists. */
export function renderSummary(strings: Strings, sections: readonly SummarySection[], options: SummaryOptions): TemplateResult {
  return html`${sections.map(
    (section) => html`<section class="summary-section" part="summary-section" aria-labelledby="${options.idPrefix}-${section.index}">
      ${h(options.level, 'summary-section__title', section.title, `${options.idPrefix}-${section.index}`)}
      ${section.description && !options.change ? html`<p class="summary-section__description">${section.description}</p>` : nothing}
      ${section.items.length ? renderItems(strings, section.items, options) : html`<p class="summary-list__value--empty">${strings.notAnswered}</p>`}
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
