import { define } from '../../internal/define.js';
import ThreatInterviewForm from './threat-interview-form.component.js';

export { ThreatInterviewForm };
export type { Interviewee } from './threat-interview-form.component.js';
define('threat-interview-form', ThreatInterviewForm);

declare global {
  interface HTMLElementTagNameMap {
    'threat-interview-form': ThreatInterviewForm;
  }
}
