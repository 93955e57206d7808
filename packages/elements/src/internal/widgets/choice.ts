/** Radios, select and checkboxes for `oneOf` consts. Option values are matched by index, so any const type works. */
import { getAt, isHiddenHere, optionsOf } from '@safety-forms/core/runtime';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { fieldContext } from './context.js';
import type { FieldContext } from './host.js';
import { ariaInvalid, ariaRequired, describedBy, errorMessage, groupClass, groupPart, hint, hintText, inputPart, title } from './parts.js';

function legend(ctx: FieldContext, extra = '') {
  return html`<legend class="fieldset__legend${extra}" part="legend">${title(ctx)}</legend>`;
}

/** The radio buttons of one choice; the first gets the field's id, so error summary links reach it. */
function radioItems(ctx: FieldContext, itemClass: string, labelClass: string) {
  const { host, pointer } = ctx;
  return optionsOf(host.root, ctx.schema).map((option, i) => {
    const id = i === 0 ? ctx.id : `${ctx.id}-${i}`;
    return html`<div class=${itemClass} part="radio-item">
      <input
        class="radios__input"
        part="radio"
        type="radio"
        id=${id}
        name=${pointer}
        .value=${String(i)}
        .checked=${live(ctx.value === option.value)}
        ?disabled=${host.locked}
        aria-invalid=${i === 0 ? ariaInvalid(ctx) : nothing}
        aria-required=${i === 0 ? ariaRequired(ctx) : nothing}
        @change=${() => host.commit(pointer, option.value)}
      />
      <label class=${labelClass} for=${id} part="radio-label">${host.text(option.title)}</label>
    </div>`;
  });
}

export function radios(ctx: FieldContext) {
  const inline = ctx.schema['x-ui']?.inline ? ' radios--inline' : '';
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <fieldset class="fieldset" aria-describedby=${describedBy(ctx)} part="fieldset">
      ${legend(ctx)} ${hint(ctx)} ${errorMessage(ctx)}
      <div class="radios${inline}" part="radios">${radioItems(ctx, 'radios__item', 'radios__label')}</div>
    </fieldset>
  </div>`;
}

export function select(ctx: FieldContext) {
  const { host, pointer } = ctx;
  const options = optionsOf(host.root, ctx.schema);
  const index = options.findIndex((o) => o.value === ctx.value);
  const read = (e: Event) => {
    const i = Number((e.target as HTMLSelectElement).value);
    return i >= 0 ? options[i]?.value : undefined;
  };
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <label class="label" for=${ctx.id} part="label">${title(ctx)}</label>
    ${hint(ctx)} ${errorMessage(ctx)}
    <select
      class="select${ctx.error ? ' input--error' : ''}"
      part=${inputPart(ctx, 'select')}
      id=${ctx.id}
      name=${pointer}
      ?disabled=${host.locked}
      aria-describedby=${describedBy(ctx)}
      aria-invalid=${ariaInvalid(ctx)}
      aria-required=${ariaRequired(ctx)}
      .value=${live(String(index))}
      @change=${(e: Event) => host.commit(pointer, read(e))}
    >
      <option value="-1">${host.strings.chooseOption}</option>
      ${options.map((o, i) => html`<option value=${String(i)} ?selected=${i === index}>${host.text(o.title)}</option>`)}
    </select>
  </div>`;
}

export function checkboxes(ctx: FieldContext) {
  const { host, pointer } = ctx;
  const options = optionsOf(host.root, ctx.schema);
  const chosen = Array.isArray(ctx.value) ? ctx.value : [];
  const toggle = (value: unknown, on: boolean) => {
    // What is chosen now, not at the last render: two clicks may come before the next render.
    const now = getAt(host.data, pointer);
    const current = Array.isArray(now) ? now : [];
    const next = options.map((o) => o.value).filter((v) => (v === value ? on : current.includes(v)));
    host.commit(pointer, next.length ? next : undefined);
  };
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <fieldset class="fieldset" aria-describedby=${describedBy(ctx)} part="fieldset">
      ${legend(ctx)} ${hint(ctx)} ${errorMessage(ctx)}
      <div class="checkboxes" part="checkboxes">
        ${options.map((option, i) => {
          const id = i === 0 ? ctx.id : `${ctx.id}-${i}`;
          return html`<div class="checkboxes__item" part="checkbox-item">
            <input
              class="checkboxes__input"
              part="checkbox"
              type="checkbox"
              id=${id}
              name=${pointer}
              .value=${String(i)}
              .checked=${live(chosen.includes(option.value))}
              ?disabled=${host.locked}
              aria-invalid=${i === 0 ? ariaInvalid(ctx) : nothing}
              @change=${(e: Event) => toggle(option.value, (e.target as HTMLInputElement).checked)}
            />
            <label class="checkboxes__label" for=${id} part="checkbox-label">${host.text(option.title)}</label>
          </div>`;
        })}
      </div>
    </fieldset>
  </div>`;
}

/**
 * A scale group (e.g. the key observations): one `fieldset` + `legend` per question, laid out as a
 * table with the answer names as column headings on wide screens (the headings are decoration, hidden
 * from assistive technology, because every radio keeps its own label), stacked on narrow screens.
 */
export function scale(ctx: FieldContext) {
  const { host } = ctx;
  const properties = Object.entries(ctx.schema.properties ?? {});
  const firstChoice = properties.map(([, s]) => optionsOf(host.root, s)).find((o) => o.length);
  const columns = firstChoice ?? [];
  const description = hintText(ctx);
  return html`<fieldset class="fieldset scale-group" part="scale" aria-describedby=${description ? `${ctx.id}-hint` : nothing}>
    <legend class="fieldset__legend fieldset__legend--m" part="legend">${title(ctx)}</legend>
    ${hint(ctx)}
    <div class="scale" part="scale-table">
      <div class="scale__head" part="scale-head" aria-hidden="true">
        <span></span>${columns.map((c) => html`<span class="scale__col" part="scale-column">${host.text(c.title)}</span>`)}
      </div>
      ${properties.map(([key, child]) => {
        const tokens = [...ctx.tokens, key];
        return optionsOf(host.root, child).length ? scaleRow(host, tokens, child) : host.field(tokens, child);
      })}
    </div>
  </fieldset>`;
}

function scaleRow(host: FieldContext['host'], tokens: string[], schema: FieldContext['schema']) {
  if (isHiddenHere(host.root, schema, host.data, tokens)) return nothing;
  const ctx = fieldContext(host, tokens, schema);
  return html`<div class="scale__row${ctx.error ? ' form-group--error' : ''}" part=${ctx.error ? 'scale-row scale-row--error' : 'scale-row'}>
    <fieldset class="fieldset scale__fieldset" part="fieldset" aria-describedby=${describedBy(ctx)}>
      <legend class="scale__question" part="scale-question">${title(ctx)}</legend>
      ${hint(ctx)} ${errorMessage(ctx)}
      <div class="scale__options" part="radios">${radioItems(ctx, 'scale__option', 'radios__label scale__label')}</div>
    </fieldset>
  </div>`;
}
