/** Picks the widget for a field from its schema and renders it, or nothing when `showIf` hides it. */
import { isHiddenHere, widgetOf, type FormSchema } from '@safety-forms/core/runtime';
import { nothing } from 'lit';
import { checkboxes, radios, scale, select } from './choice.js';
import { dateInput } from './date.js';
import { group, repeat } from './group.js';
import { fieldContext } from './context.js';
import type { RenderHost } from './host.js';
import { textarea, textInput } from './text.js';

export function renderField(host: RenderHost, tokens: readonly string[], node: FormSchema) {
  if (isHiddenHere(host.root, node, host.data, tokens)) return nothing;
  const ctx = fieldContext(host, tokens, node);
  switch (widgetOf(host.root, ctx.schema)) {
    case 'textarea':
      return textarea(ctx);
    case 'number':
      return textInput(ctx, 'number');
    case 'tel':
      return textInput(ctx, 'tel');
    case 'email':
      return textInput(ctx, 'email');
    case 'date':
      return dateInput(ctx, false);
    case 'datetime':
      return dateInput(ctx, true);
    case 'radios':
      return radios(ctx);
    case 'select':
      return select(ctx);
    case 'checkboxes':
      return checkboxes(ctx);
    case 'scale':
      return scale(ctx);
    case 'group':
      return group(ctx);
    case 'repeat':
      return repeat(ctx);
    default:
      return textInput(ctx, 'text');
  }
}
