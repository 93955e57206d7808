import { define } from '../../internal/define.js';
import RiskAssessmentForm from './risk-assessment-form.component.js';

export { RiskAssessmentForm };
define('risk-assessment-form', RiskAssessmentForm);

declare global {
  interface HTMLElementTagNameMap {
    'risk-assessment-form': RiskAssessmentForm;
  }
}
