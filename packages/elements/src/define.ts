/** Defines every safety-forms element on load and exports their classes: the entry point of `dist/safety-forms-all.js` (`dist/safety-forms.js` is `loader.ts`, which defines each element as it appears). */
import './components/config/config.js';
import './components/safety-form/safety-form.js';
import './components/threat-report-form/threat-report-form.js';
import './components/threat-interview-form/threat-interview-form.js';
import './components/emergency-contact-form/emergency-contact-form.js';
import './components/offender-description-form/offender-description-form.js';
import './components/traffic-light-referral-form/traffic-light-referral-form.js';
import './components/risk-matrix-form/risk-matrix-form.js';
import './components/risk-strategy-meeting-form/risk-strategy-meeting-form.js';
import './components/incident-report-form/incident-report-form.js';
import './components/risk-assessment-form/risk-assessment-form.js';

export * from './index.js';
