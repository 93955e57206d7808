import { define } from '../../internal/define.js';
import EmergencyContactForm from './emergency-contact-form.component.js';

export { EmergencyContactForm };
define('emergency-contact-form', EmergencyContactForm);

declare global {
  interface HTMLElementTagNameMap {
    'emergency-contact-form': EmergencyContactForm;
  }
}
