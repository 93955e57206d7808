import { define } from '../../internal/define.js';
import RiskStrategyMeetingForm from './risk-strategy-meeting-form.component.js';

export { RiskStrategyMeetingForm };
define('risk-strategy-meeting-form', RiskStrategyMeetingForm);

declare global {
  interface HTMLElementTagNameMap {
    'risk-strategy-meeting-form': RiskStrategyMeetingForm;
  }
}
