import { createContext } from '@lit/context';
import type { Strings } from '../internal/strings.js';

/** Page-wide defaults that `<safety-forms-config>` provides to every form inside it. */
export interface SafetyFormsConfig {
  /** Base URL; a form without its own `endpoint` posts to `{endpointBase}/{formId}`. */
  endpointBase?: string;
  /** Headers sent with every submission (a form's own `headers` win per header). */
  headers?: Record<string, string>;
  /** The signed-in user's id, used to namespace drafts. */
  userId?: string;
  /** Overrides for interface text. */
  strings?: Partial<Strings>;
}

export const configContext = createContext<SafetyFormsConfig | undefined>(Symbol('sf-config'));
