import { define } from '../../internal/define.js';
import TrafficLightReferralForm from './traffic-light-referral-form.component.js';

export { TrafficLightReferralForm };
define('traffic-light-referral-form', TrafficLightReferralForm);

declare global {
  interface HTMLElementTagNameMap {
    'traffic-light-referral-form': TrafficLightReferralForm;
  }
}
