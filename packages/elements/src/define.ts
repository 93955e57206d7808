/** Defines every safety-forms element. The entry point of `dist/safety-forms.js`. */
import './components/config/config.js';
import './components/safety-form/safety-form.js';
import './components/threat-report-form/threat-report-form.js';

export * from './index.js';
