import { define } from '../../internal/define.js';
import ThreatReportForm from './threat-report-form.component.js';

export { ThreatReportForm };
define('threat-report-form', ThreatReportForm);

declare global {
  interface HTMLElementTagNameMap {
    'threat-report-form': ThreatReportForm;
  }
}
