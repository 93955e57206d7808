/** Single-line text, telephone, email and number inputs, and the textarea. */
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FieldContext } from './host.js';
import { ariaInvalid, ariaRequired, describedBy, errorMessage, groupClass, groupPart, hint, inputPart, title } from './parts.js';

const ARABIC_INDIC = /[\u0660-\u0669\u06f0-\u06f9]/g;

/**
 * Reads a number field: a plain decimal (Arabic-Indic digits accepted) becomes a number; anything
 * else stays the text typed, so the validator says what is wrong and nothing is lost.
 */
export function parseNumber(text: string): unknown {
  if (text.trim() === '') return undefined;
  const ascii = text.trim().replace(ARABIC_INDIC, (d) => String((d.codePointAt(0)! - 0x0660) % 0x90));
  return /^-?\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : text;
}

function widthClass(ctx: FieldContext): string {
  const width = ctx.schema['x-ui']?.width;
  if (width) return width <= 4 ? ' input--width-4' : width <= 10 ? ' input--width-10' : width <= 20 ? ' input--width-20' : '';
  if (ctx.schema.type === 'integer' || ctx.schema.type === 'number') return ' input--width-4';
  return '';
}

export function textInput(ctx: FieldContext, kind: 'text' | 'tel' | 'email' | 'number') {
  const { host, pointer } = ctx;
  const read = (e: Event) => {
    const text = (e.target as HTMLInputElement).value;
    return kind === 'number' ? parseNumber(text) : text === '' ? undefined : text;
  };
  const shown = ctx.value === undefined || ctx.value === null ? '' : String(ctx.value);
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <label class="label" for=${ctx.id} part="label">${title(ctx)}</label>
    ${hint(ctx)} ${errorMessage(ctx)}
    <input
      class="input${widthClass(ctx)}${ctx.error ? ' input--error' : ''}"
      part=${inputPart(ctx, 'input')}
      id=${ctx.id}
      name=${pointer}
      type=${kind === 'number' ? 'text' : kind}
      inputmode=${kind === 'number' ? 'decimal' : nothing}
      spellcheck=${kind === 'text' ? nothing : 'false'}
      autocomplete=${ctx.schema['x-ui']?.autocomplete ?? (kind === 'tel' ? 'off' : nothing)}
      .value=${live(shown)}
      ?readonly=${host.locked}
      aria-describedby=${describedBy(ctx)}
      aria-invalid=${ariaInvalid(ctx)}
      aria-required=${ariaRequired(ctx)}
      @input=${(e: Event) => host.input(pointer, read(e))}
      @change=${(e: Event) => host.commit(pointer, read(e))}
    />
  </div>`;
}

export function textarea(ctx: FieldContext) {
  const { host, pointer } = ctx;
  const read = (e: Event) => (e.target as HTMLTextAreaElement).value || undefined;
  return html`<div class=${groupClass(ctx)} part=${groupPart(ctx)}>
    <label class="label" for=${ctx.id} part="label">${title(ctx)}</label>
    ${hint(ctx)} ${errorMessage(ctx)}
    <textarea
      class="textarea${ctx.error ? ' input--error' : ''}"
      part=${inputPart(ctx, 'textarea')}
      id=${ctx.id}
      name=${pointer}
      rows=${ctx.schema['x-ui']?.rows ?? 5}
      .value=${live(typeof ctx.value === 'string' ? ctx.value : '')}
      ?readonly=${host.locked}
      aria-describedby=${describedBy(ctx)}
      aria-invalid=${ariaInvalid(ctx)}
      aria-required=${ariaRequired(ctx)}
      @input=${(e: Event) => host.input(pointer, read(e))}
      @change=${(e: Event) => host.commit(pointer, read(e))}
    ></textarea>
  </div>`;
}
