/** Element classes and types; importing this defines nothing. Import `./define.js` (or one element's file) to register. */
export { SfFormBase, type SubmitState } from './internal/form-base.js';
export { default as ThreatReportForm } from './components/threat-report-form/threat-report-form.component.js';
export { default as SafetyForm } from './components/safety-form/safety-form.component.js';
export { default as ThreatInterviewForm, type Interviewee } from './components/threat-interview-form/threat-interview-form.component.js';
export { default as EmergencyContactForm } from './components/emergency-contact-form/emergency-contact-form.component.js';
export { default as OffenderDescriptionForm } from './components/offender-description-form/offender-description-form.component.js';
export { default as RiskMatrixForm } from './components/risk-matrix-form/risk-matrix-form.component.js';
export { default as RiskStrategyMeetingForm } from './components/risk-strategy-meeting-form/risk-strategy-meeting-form.component.js';
export { default as IncidentReportForm } from './components/incident-report-form/incident-report-form.component.js';
export { default as TrafficLightReferralForm } from './components/traffic-light-referral-form/traffic-light-referral-form.component.js';
export { default as SafetyFormsConfigElement } from './components/config/config.component.js';
export { configContext, type SafetyFormsConfig } from './context/config-context.js';
export { defaultStrings, type Strings } from './internal/strings.js';
export type { SfChangeEvent } from './events/sf-change.js';
export type { SfInvalidEvent } from './events/sf-invalid.js';
export type { SfSubmitEvent } from './events/sf-submit.js';
export type { SfSubmittedEvent } from './events/sf-submitted.js';
export type { SfSubmitErrorEvent } from './events/sf-submit-error.js';
