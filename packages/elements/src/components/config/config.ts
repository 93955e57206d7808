import { define } from '../../internal/define.js';
import SafetyFormsConfigElement from './config.component.js';

export { SafetyFormsConfigElement };
define('safety-forms-config', SafetyFormsConfigElement);

declare global {
  interface HTMLElementTagNameMap {
    'safety-forms-config': SafetyFormsConfigElement;
  }
}
