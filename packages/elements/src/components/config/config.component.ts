import { provide } from '@lit/context';
import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { configContext, type SafetyFormsConfig } from '../../context/config-context.js';
import type { Strings } from '../../internal/strings.js';

/**
 * Page-wide defaults for every form inside it: endpoint base, headers, user id, interface text.
 * A form's own attribute or property wins.
 *
 * @summary Provides defaults to the forms it wraps.
 * @status experimental
 * @since 0.1.0
 * @slot - The forms (and anything else).
 * @attr endpoint-base - Forms without an `endpoint` post to `{endpoint-base}/{formId}`.
 * @attr user-id - The signed-in user's id.
 */
export default class SafetyFormsConfigElement extends LitElement {
  /** Forms without their own `endpoint` post to `{endpointBase}/{formId}`. */
  @property({ attribute: 'endpoint-base' }) endpointBase?: string;
  /** The signed-in user's id. */
  @property({ attribute: 'user-id' }) userId?: string;
  /** Headers for every submission, e.g. `{ 'X-CSRF-Token': '...' }`. */
  @property({ attribute: false }) headers?: Record<string, string>;
  /** Overrides for interface text, by key (see `defaultStrings`). */
  @property({ attribute: false }) strings?: Partial<Strings>;

  @provide({ context: configContext })
  protected config: SafetyFormsConfig = {};

  protected override willUpdate(): void {
    this.config = { endpointBase: this.endpointBase, userId: this.userId, headers: this.headers, strings: this.strings };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
