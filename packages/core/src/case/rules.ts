/**
 * The rules of a threat case, as the two protocols state them, for the server's case pages and any
 * page that shows a case. Pure functions of plain facts: no storage, no clock (the caller says what
 * day it is).
 *
 * - Derbyshire, section 3: "Where an incident has been formally reported to the Police, a Risk Strategy
 *   Group meeting should be arranged" whatever the score, and a significant level of risk needs one;
 *   `scoreRiskMatrix` already decides both, so a case follows its newest risk matrix. A lower threat level
 *   gets "a lower level operational meeting" instead, and "if the risk escalates to a significant level
 *   then a full Risk Strategy Group meeting will be required".
 * - CSTAG "Priority Levels for Threat Cases" (1 extreme to 5 no identified risk) and the case plan's
 *   "Follow-up or Revision of Plan"; Derbyshire section 7, "a formal review process". The documents give
 *   no intervals: {@link DEFAULT_REVIEW_DAYS} are ours, and an organisation can set its own.
 * - A case closes with a "Case Resolution or Safety Plan" (CSTAG); a case worked under the Derbyshire
 *   protocol (a risk matrix or a meeting on it) also needs "a formal debriefing session to identify areas
 *   of good practice and those where lessons could be learned" (section 7).
 *
 * Key observations of a threat report are never summed here or anywhere in a case: the classification
 * comes from `classifyThreat`, which follows the flowchart, not a total.
 */
import type { PriorityLevel } from '../score/threat.js';

export type CaseMeetingKind = 'risk-strategy-group' | 'operational';

/** A risk matrix recorded on the case: when, and what `scoreRiskMatrix` said about the meeting. */
export interface CaseRiskAssessment {
  at: string;
  riskStrategyGroup: { required: boolean; reasons: readonly string[] };
}

export interface CaseMeeting {
  kind: CaseMeetingKind;
  at: string;
}

export interface MeetingObligation {
  /** The meeting the case needs now, or null when no risk matrix is recorded yet. */
  required: CaseMeetingKind | null;
  /** Whether a meeting that meets it has been recorded. */
  met: boolean;
  /** An operational meeting was held, and the risk has since risen so that a full meeting is required. */
  escalated: boolean;
  /** Why, in plain words (the risk matrix's own reasons first). */
  reasons: string[];
}

const byTime = <T extends { at: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

/**
 * Which meeting a case needs, from its risk matrices and the meetings recorded on it.
 *
 * The newest risk matrix decides. When it needs a Risk Strategy Group meeting, a Risk Strategy Group
 * meeting recorded at or after the start of the current run of matrices that need one meets it (a
 * reassessment that still needs one does not ask for a second meeting; follow-up is the reviews' job).
 * Otherwise the operational meeting is needed, and any meeting after that matrix meets it.
 */
export function meetingObligation(assessments: readonly CaseRiskAssessment[], meetings: readonly CaseMeeting[]): MeetingObligation {
  const sorted = byTime(assessments);
  const latest = sorted.at(-1);
  if (!latest) {
    return { required: null, met: false, escalated: false, reasons: ['No risk matrix is recorded yet: record one to see which meeting the case needs.'] };
  }
  const held = byTime(meetings);
  if (latest.riskStrategyGroup.required) {
    let start = sorted.length - 1;
    while (start > 0 && sorted[start - 1]!.riskStrategyGroup.required) start--;
    const since = sorted[start]!.at;
    const met = held.some((m) => m.kind === 'risk-strategy-group' && m.at >= since);
    const escalated = !met && held.some((m) => m.kind === 'operational');
    const reasons = [...latest.riskStrategyGroup.reasons];
    if (escalated) reasons.push('The risk has escalated since the operational meeting: a full Risk Strategy Group meeting is now required.');
    return { required: 'risk-strategy-group', met, escalated, reasons };
  }
  const met = held.some((m) => m.at >= latest.at);
  return {
    required: 'operational',
    met,
    escalated: false,
    reasons: ['The risk matrix does not show a significant level of risk: a lower level operational meeting (notes and actions) is enough, and the case should be reviewed regularly in case the risk escalates.'],
  };
}

/** Days from a review (or the priority being set) to the next review, by CSTAG priority; null: no review is due. */
export type ReviewDays = Readonly<Record<PriorityLevel, number | null>>;

/**
 * Our defaults; the documents give no intervals. Priority 1 (extreme: "requires containment") is looked
 * at again within two days, priority 2 (high: a management plan) weekly, 3 (moderate: a referral and/or
 * active monitoring plan) fortnightly, 4 (low: a monitoring plan) every four weeks; 5 ("can close the
 * case without a management or monitoring plan") needs none.
 */
export const DEFAULT_REVIEW_DAYS: ReviewDays = Object.freeze({ 1: 2, 2: 7, 3: 14, 4: 28, 5: null });

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** `day` plus `days` calendar days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(day: string, days: number): string {
  if (!isDay(day)) throw new RangeError('addDays needs a YYYY-MM-DD day');
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The day in Europe/London at `instant` (the organisation's day, whatever the server's zone). */
// en-CA formats as YYYY-MM-DD. One formatter: making one costs far more than formatting with it.
let londonDayFormat: Intl.DateTimeFormat | undefined;
export function londonDay(instant: Date): string {
  londonDayFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  return londonDayFormat.format(instant);
}

/**
 * The instant `day` begins in Europe/London (00:00 GMT, or 23:00 UTC the evening before in summer
 * time): when an action due the day before becomes overdue, or a review falls due.
 */
export function londonDayStart(day: string): Date {
  if (!isDay(day)) throw new RangeError('londonDayStart needs a YYYY-MM-DD day');
  const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
  const summer = new Date(midnightUtc - 3_600_000);
  return londonDay(summer) === day ? summer : new Date(midnightUtc);
}

/**
 * The next review day for a case at `priority`, counted from `from` (the day of the review or of the
 * priority change), or null when that priority needs no review.
 */
export function nextReviewDay(priority: PriorityLevel, from: string, days: ReviewDays = DEFAULT_REVIEW_DAYS): string | null {
  const n = days[priority];
  return n === null || n === undefined ? null : addDays(from, n);
}

/**
 * Why a review day cannot be set, or undefined when it can: it must be a real day and never in the past
 * (today, in Europe/London, is allowed).
 */
export function reviewDayProblem(day: unknown, today: string): string | undefined {
  if (!isDay(day)) return 'Enter the review date as a real date, for example 27 3 2027';
  if (day < today) return 'The review date must be today or in the future';
  return undefined;
}

/**
 * Checks a review-days setting (an organisation's own intervals), or throws with what is wrong.
 * @param value e.g. `{"1":1,"2":7,"3":14,"4":28,"5":null}`; levels left out keep the default
 */
export function reviewDaysConfig(value: unknown): ReviewDays {
  if (value === undefined) return DEFAULT_REVIEW_DAYS;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('review days must be an object of priority (1-5) -> days or null');
  const out: Record<string, number | null> = { ...DEFAULT_REVIEW_DAYS };
  for (const [key, n] of Object.entries(value as Record<string, unknown>)) {
    if (!['1', '2', '3', '4', '5'].includes(key)) throw new TypeError(`review days: ${JSON.stringify(key).slice(0, 20)} is not a priority 1-5`);
    if (n !== null && !(Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 366)) throw new TypeError(`review days for priority ${key} must be 1-366 days or null`);
    out[key] = n as number | null;
  }
  return Object.freeze(out) as unknown as ReviewDays;
}

export type ActionStatus = 'open' | 'done' | 'not-required';

export interface CaseActionFacts {
  status: ActionStatus;
  /** Why it is not required (required for that status). */
  reason?: string | null;
}

export interface ClosureFacts {
  actions: readonly CaseActionFacts[];
  /** The case resolution or safety plan. */
  resolution?: string | null;
  /** Whether the case was worked under the Derbyshire protocol (a risk matrix or a meeting recorded). */
  derbyshire: boolean;
  debrief?: { goodPractice?: string | null; lessons?: string | null } | null;
}

export interface ClosureBlocker {
  code: 'open-actions' | 'unexplained-actions' | 'resolution' | 'debrief';
  text: string;
}

const filled = (s: string | null | undefined) => typeof s === 'string' && s.trim() !== '';

/** What stops a case from closing; empty when it may close. */
export function closureBlockers(facts: ClosureFacts): ClosureBlocker[] {
  const out: ClosureBlocker[] = [];
  const open = facts.actions.filter((a) => a.status === 'open').length;
  if (open) out.push({ code: 'open-actions', text: `${open === 1 ? '1 action is' : `${open} actions are`} still open: mark each done, or not required with a reason` });
  const unexplained = facts.actions.filter((a) => a.status === 'not-required' && !filled(a.reason)).length;
  if (unexplained) out.push({ code: 'unexplained-actions', text: `${unexplained === 1 ? '1 action is' : `${unexplained} actions are`} marked not required without a reason` });
  if (!filled(facts.resolution)) out.push({ code: 'resolution', text: 'Describe how the case was resolved (the case resolution or safety plan)' });
  if (facts.derbyshire && !(filled(facts.debrief?.goodPractice) && filled(facts.debrief?.lessons))) {
    out.push({ code: 'debrief', text: 'Record the debrief: areas of good practice and lessons learned' });
  }
  return out;
}

/** True when an action is overdue on `today`: still open and due before today. */
export function isOverdue(action: { status: ActionStatus; dueOn?: string | null }, today: string): boolean {
  return action.status === 'open' && typeof action.dueOn === 'string' && action.dueOn < today;
}
