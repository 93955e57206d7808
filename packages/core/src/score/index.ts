/**
 * The result each form computes, by form id. The elements call `scoreForm` and render whatever comes
 * back; they never know a rule themselves.
 */
import { describeOffender } from '../describe/offender.js';
import { classifyReferral } from './referral.js';
import { scoreRiskMatrix } from './risk-matrix.js';
import { classifyThreat } from './threat.js';

/** What every result offers for display: a title, a summary and the actions to take. */
export interface ResultSummary {
  title: string;
  summary: string;
  actions?: { code: string; text: string }[];
  reasons?: string[];
  /** Set when the result cannot be reached yet; the pointer of the next question to answer. */
  nextQuestion?: string;
  /** A severe result (crisis, red) that the panel must make stand out. */
  crisis?: boolean;
}

export const scorers: Readonly<Record<string, (data: unknown) => ResultSummary>> = Object.freeze({
  'threat-report': classifyThreat,
  'traffic-light-referral': classifyReferral,
  'risk-matrix': scoreRiskMatrix,
  'offender-description': describeOffender,
});

/** The result of the form with this id for `data`, or null when the form computes none. */
export function scoreForm(formId: string, data: unknown): ResultSummary | null {
  const scorer = Object.prototype.hasOwnProperty.call(scorers, formId) ? scorers[formId] : undefined;
  return scorer ? scorer(data) : null;
}
