/**
 * Stories for the generic `<safety-form>`: any generated schema by form id, with the same behaviour
 * as the named form elements. They are Storybook CSF, and the element tests use them as fixtures.
 * Each generated form is shown once; the states (errors, drafts, sending, read-only) with the threat
 * report. An organisation's own schema (`schema-src`) comes with issue #7's "your own forms".
 */
import '../packages/elements/src/define.js';
import { expecting, formArgTypes, lifecycleStories, renderForm, story, type FormMeta } from './helpers.js';
import { completeContact } from './fixtures/emergency-contact.js';
import { physicalAssault } from './fixtures/incident-report.js';
import { fullDescription } from './fixtures/offender-description.js';
import { trustWide } from './fixtures/risk-assessment.js';
import { highRisk } from './fixtures/risk-matrix.js';
import { validMeeting } from './fixtures/risk-strategy-meeting.js';
import { completeWitnessInterview } from './fixtures/threat-interview.js';
import { completeReport, partReport } from './fixtures/threat-report.js';
import { amberReferral } from './fixtures/traffic-light-referral.js';

const noSend = async () => ({ reference: 'SF-STORY-0001' });

const meta = {
  title: 'Forms/Generic safety form',
  component: 'safety-form',
  tags: ['autodocs'],
  args: { form: 'threat-report', submitHandler: noSend },
  argTypes: {
    ...formArgTypes,
    form: {
      control: 'select',
      options: ['threat-report', 'threat-interview', 'risk-matrix', 'risk-strategy-meeting', 'incident-report', 'risk-assessment', 'traffic-light-referral', 'emergency-contact', 'offender-description', 'no-such-form'],
    },
  },
  render: (args) => renderForm('safety-form', args),
} satisfies FormMeta;
export default meta;

/** The threat report rendered by id. */
export const ThreatReportById = story(meta, { form: 'threat-report' });

/** The threat interview by id: without the named element's `interviewee` attribute, it asks who is interviewed. */
export const ThreatInterviewById = story(meta, { form: 'threat-interview', initialValue: completeWitnessInterview });

/** The risk matrix by id, with its live score from core's scorer registry. */
export const RiskMatrixById = expecting(meta, { form: 'risk-matrix', initialValue: highRisk }, { result: { band: 'high' } });

/** The Risk Strategy Group meeting record by id. */
export const RiskStrategyMeetingById = story(meta, { form: 'risk-strategy-meeting', initialValue: validMeeting });

/** The incident report by id, with its routes of action from core's scorer registry. */
export const IncidentReportById = expecting(meta, { form: 'incident-report', initialValue: physicalAssault }, { result: { historyMarkerRequired: true } });

/** The general risk assessment by id, with its risk ratings from core's scorer registry. */
export const RiskAssessmentById = expecting(meta, { form: 'risk-assessment', initialValue: trustWide }, { result: { overallRating: 9, band: 'high' } });

/** The traffic light referral by id, with its live status. */
export const TrafficLightReferralById = expecting(meta, { form: 'traffic-light-referral', initialValue: amberReferral }, { result: { status: 'amber' } });

/** The emergency contact form by id. */
export const EmergencyContactById = story(meta, { form: 'emergency-contact', initialValue: completeContact });

/** The offender description aid by id, with its paragraph. */
export const OffenderDescriptionById = story(meta, { form: 'offender-description', initialValue: fullDescription });

/** An unknown form id: a clear message instead of a broken page. */
export const UnknownForm = expecting(meta, { form: 'no-such-form' }, { parts: ['schema-error'] });

/** Part filled: the reporter and part of the incident. */
export const PartFilled = expecting(meta, { initialValue: partReport }, { absent: ['error-summary'] });

/** Submit pressed on a part-filled report: the error summary and every missing answer's error. */
export const WithErrors = expecting(meta, { initialValue: partReport, 'no-autofocus': true, showErrors: true }, { parts: ['error-summary'] });

const lifecycle = lifecycleStories(meta, { complete: completeReport, partial: partReport });

/** Reopened with a draft saved earlier on this device: the answers come back, with "Draft restored". */
export const DraftRestored = lifecycle.DraftRestored;

/** IndexedDB cannot be used: the form says plainly that drafts are not being kept, and keeps working. */
export const StorageUnavailable = lifecycle.StorageUnavailable;

/** Submit pressed and the backend has not answered yet: "Sending…". */
export const Submitting = lifecycle.Submitting;

/** Sending failed because the device is offline: the record waits on this device and goes when back online. */
export const QueuedOffline = lifecycle.QueuedOffline;

/** The backend confirmed the record: the confirmation with its reference. */
export const Submitted = lifecycle.Submitted;

/** A saved record shown without editing. */
export const ReadOnly = expecting(meta, { readonly: true, value: completeReport }, { readonly: true });
