/** Object groups (`fieldset` + `legend`) and repeatable groups (arrays of objects) with Add / Remove. */
import { deref } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { format } from '../strings.js';
import type { FieldContext } from './host.js';
import { describedBy, errorMessage, hint, title } from './parts.js';

export function group(ctx: FieldContext) {
  const { host } = ctx;
  const children = Object.entries(ctx.schema.properties ?? {}).map(([key, child]) => host.field([...ctx.tokens, key], child));
  const legend = ctx.schema.title ? title(ctx) : undefined;
  if (!legend) return html`${children}`;
  return html`<fieldset class="fieldset group${ctx.error ? ' form-group--error' : ''}" part=${ctx.error ? 'group group--error' : 'group'} aria-describedby=${describedBy(ctx)}>
    <legend class="fieldset__legend fieldset__legend--m" part="legend">${legend}</legend>
    ${hint(ctx)} ${errorMessage(ctx)} ${children}
  </fieldset>`;
}

export function repeat(ctx: FieldContext) {
  const { host, pointer } = ctx;
  const items = Array.isArray(ctx.value) ? ctx.value : [];
  const itemSchema = deref(host.root, ctx.schema.items ?? {});
  const ui = ctx.schema['x-ui'] ?? {};
  const itemTitle = host.text(ui.itemTitle ?? host.strings.item);
  const max = ctx.schema.maxItems ?? Infinity;
  return html`<fieldset class="fieldset repeat${ctx.error ? ' form-group--error' : ''}" part=${ctx.error ? 'repeat repeat--error' : 'repeat'} aria-describedby=${describedBy(ctx)}>
    <legend class="fieldset__legend fieldset__legend--m" part="legend">${title(ctx)}</legend>
    ${hint(ctx)} ${errorMessage(ctx)}
    ${items.map(
      (_, i) => html`<fieldset class="fieldset repeat__item" part="repeat-item">
        <legend class="fieldset__legend" part="legend repeat-item-legend" id="${ctx.id}-${i}-legend" tabindex="-1">${itemTitle} ${i + 1}</legend>
        ${Object.entries(itemSchema.properties ?? {}).map(([key, child]) => host.field([...ctx.tokens, String(i), key], child))}
        ${host.locked
          ? nothing
          : html`<button type="button" class="button button--secondary" part="button remove-button" @click=${() => host.removeItem(pointer, i)}>
              ${host.strings.remove}<span class="visually-hidden"> ${format(host.strings.removeItem, { item: itemTitle, n: i + 1 })}</span>
            </button>`}
      </fieldset>`,
    )}
    ${host.locked || items.length >= max
      ? nothing
      : html`<button type="button" id=${ctx.id} class="button button--secondary" part="button add-button" @click=${() => host.addItem(pointer)}>
          ${host.text(ui.addLabel ?? host.strings.add)}
        </button>`}
  </fieldset>`;
}
