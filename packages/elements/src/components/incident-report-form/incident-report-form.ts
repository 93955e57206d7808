import { define } from '../../internal/define.js';
import IncidentReportForm from './incident-report-form.component.js';

export { IncidentReportForm };
define('incident-report-form', IncidentReportForm);

declare global {
  interface HTMLElementTagNameMap {
    'incident-report-form': IncidentReportForm;
  }
}
