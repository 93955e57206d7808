/**
 * The pieces every question shares, GOV.UK style: label or legend, hint, error message with a
 * visually hidden "Error:" prefix, and the `aria-describedby` list that ties them to the input.
 */
import { html, nothing } from 'lit';
import type { FieldContext } from './host.js';

export function hintText(ctx: FieldContext): string | undefined {
  const text = ctx.schema['x-ui']?.hint ?? (typeof ctx.schema.description === 'string' ? ctx.schema.description : undefined);
  return text === undefined ? undefined : ctx.host.text(text);
}

export function describedBy(ctx: FieldContext): string | typeof nothing {
  const ids = [hintText(ctx) ? `${ctx.id}-hint` : '', ctx.error ? `${ctx.id}-error` : ''].filter(Boolean).join(' ');
  return ids || nothing;
}

export function hint(ctx: FieldContext) {
  const text = hintText(ctx);
  return text ? html`<div id="${ctx.id}-hint" class="hint" part="hint">${text}</div>` : nothing;
}

export function errorMessage(ctx: FieldContext) {
  return ctx.error
    ? html`<p id="${ctx.id}-error" class="error-message" part="error-message"
        ><span class="visually-hidden">${ctx.host.strings.errorPrefix}</span> ${ctx.error}</p
      >`
    : nothing;
}

export function title(ctx: FieldContext): string {
  return ctx.host.text(ctx.schema.title ?? ctx.tokens[ctx.tokens.length - 1] ?? '');
}

/** The `part` names of a question's wrapper: `form-group`, plus `form-group--error` while it shows an error. */
export function groupPart(ctx: FieldContext): string {
  return ctx.error ? 'form-group form-group--error' : 'form-group';
}

/** The `part` names of an input: `name`, plus `input--error` while its question shows an error. */
export function inputPart(ctx: FieldContext, name: string): string {
  return ctx.error ? `${name} input--error` : name;
}

/** The wrapper of one question; `--error` adds the red left border. */
export function groupClass(ctx: FieldContext, extra = ''): string {
  return `form-group${ctx.error ? ' form-group--error' : ''}${extra ? ` ${extra}` : ''}`;
}

export function ariaInvalid(ctx: FieldContext): 'true' | typeof nothing {
  return ctx.error ? 'true' : nothing;
}

export function ariaRequired(ctx: FieldContext): 'true' | typeof nothing {
  return ctx.required ? 'true' : nothing;
}
