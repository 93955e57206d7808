/**
 * The result each form computes, by form id. The elements call `scoreForm` and render whatever comes
 * back; they never know a rule themselves.
 */
import { describeOffender } from '../describe/offender.js';
import { classifyIncident } from './incident.js';
import { classifyReferral } from './referral.js';
import { scoreRiskAssessment } from './risk-assessment.js';
import { scoreRiskMatrix } from './risk-matrix.js';
import type { ResultSummary } from './result.js';
import { classifyThreat } from './threat.js';

export type { ResultSummary } from './result.js';

/** Every built-in scorer, by the id of the form it scores. */
export const scorers: Readonly<Record<string, (data: unknown) => ResultSummary>> = Object.freeze({
  'threat-report': classifyThreat,
  'traffic-light-referral': classifyReferral,
  'risk-matrix': scoreRiskMatrix,
  'offender-description': describeOffender,
  'incident-report': classifyIncident,
  'risk-assessment': scoreRiskAssessment,
});

/** The result of the form with this id for `data`, or null when the form computes none. */
export function scoreForm(formId: string, data: unknown): ResultSummary | null {
  const scorer = Object.prototype.hasOwnProperty.call(scorers, formId) ? scorers[formId] : undefined;
  return scorer ? scorer(data) : null;
}
