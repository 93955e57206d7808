import { define } from '../../internal/define.js';
import OffenderDescriptionForm from './offender-description-form.component.js';

export { OffenderDescriptionForm };
define('offender-description-form', OffenderDescriptionForm);

declare global {
  interface HTMLElementTagNameMap {
    'offender-description-form': OffenderDescriptionForm;
  }
}
