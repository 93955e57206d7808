import { define } from '../../internal/define.js';
import RiskMatrixForm from './risk-matrix-form.component.js';

export { RiskMatrixForm };
define('risk-matrix-form', RiskMatrixForm);

declare global {
  interface HTMLElementTagNameMap {
    'risk-matrix-form': RiskMatrixForm;
  }
}
