import { define } from '../../internal/define.js';
import SafetyForm from './safety-form.component.js';

export { SafetyForm };
define('safety-form', SafetyForm);

declare global {
  interface HTMLElementTagNameMap {
    'safety-form': SafetyForm;
  }
}
