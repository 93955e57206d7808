/**
 * What happens to an incident after it is reported (#17): the rules of its follow-up, pure, so the
 * server's services and any page run the same ones. The routes of action themselves are
 * `classifyIncident`'s (score/incident.ts, data in the schema's `x-scoring`).
 *
 * - The four elements the investigating manager reviews (SECAmb, Appendix part 2): welfare, information
 *   required, points to consider, the route to completion.
 * - The debrief (Kent section 13): offered no sooner than 48 hours and no later than two weeks after the
 *   incident. 48 hours is elapsed time; two weeks is fourteen calendar days at the same London wall time
 *   (so a window across the change to or from British Summer Time still closes at the time of day the
 *   incident happened).
 * - Completion: the sub-category checked, a redress route recorded (or why none applies), the history
 *   marker requirement met (applied for, or why not), and the victim given feedback.
 * - Reports that count people suppress small numbers: fewer than 5 is shown as "fewer than 5".
 */
import { addDays, londonDay } from '../case/rules.js';
import { londonInstant, londonTime } from '../lone-working/visits.js';

export const REVIEW_ELEMENTS = Object.freeze([
  { id: 'welfare', title: 'Welfare', text: 'The welfare of the staff member: have they been offered support, and do they need time off or a change of duties?' },
  { id: 'information', title: 'Information required', text: 'The information required: statements, the CAD notes and the call, body-worn camera and CCTV, the Police crime reference number.' },
  { id: 'considerations', title: 'Points to consider', text: 'Points to consider: the sub-category, any aggravating factor, a medical factor, intoxication, previous warnings.' },
  { id: 'completion', title: 'The route to completion', text: 'The route to completion: the redress route chosen, the history marker, the feedback and outcome given to the victim.' },
] as const);
export type ReviewElement = (typeof REVIEW_ELEMENTS)[number]['id'];

/** The support that can be offered and accepted (SECAmb section 4, Kent section 13). */
export const SUPPORT_OPTIONS = Object.freeze({
  'line-management': 'Line management',
  'wellbeing-hub': 'Wellbeing hub',
  chaplaincy: 'Chaplaincy',
  counselling: 'Counselling',
  'security-team': 'Security management team',
  police: 'Police',
  'victim-support': 'Victim Support',
  'witness-care': 'Witness Care',
  'occupational-health': 'Occupational health',
  'support-line': 'Support Line',
} as const);
export type SupportOption = keyof typeof SUPPORT_OPTIONS;

const HOUR = 3_600_000;

/** When a debrief may be offered: from 48 hours after the incident to two weeks after it. */
export function debriefWindow(incidentAt: Date): { opensAt: Date; closesAt: Date } {
  if (!(incidentAt instanceof Date) || !Number.isFinite(incidentAt.getTime())) throw new RangeError('debriefWindow needs a real time');
  return { opensAt: new Date(incidentAt.getTime() + 48 * HOUR), closesAt: londonInstant(addDays(londonDay(incidentAt), 14), londonTime(incidentAt)) };
}

/** Why a debrief offered at `offeredAt` is outside its window, or undefined. */
export function debriefProblem(incidentAt: Date, offeredAt: Date): string | undefined {
  const { opensAt, closesAt } = debriefWindow(incidentAt);
  if (offeredAt < opensAt) return 'A debrief is offered no sooner than 48 hours after the incident';
  if (offeredAt > closesAt) return 'A debrief is offered no later than two weeks after the incident';
  return undefined;
}

export interface CompletionFacts {
  subCategoryChecked: boolean;
  /** The redress route recorded (a route code), or null with `noRedressReason`. */
  redressRoute: string | null;
  noRedressReason: string;
  historyMarkerRequired: boolean;
  historyMarkerAppliedFor: boolean;
  /** Why no marker was applied for though one is required (it cannot be dismissed without one). */
  historyMarkerReason: string;
  feedbackGiven: string;
}

export interface CompletionBlocker {
  code: 'sub-category' | 'redress' | 'history-marker' | 'feedback';
  text: string;
}

/** What still stops an incident being completed; empty when it can be. */
export function incidentCompletionBlockers(f: CompletionFacts): CompletionBlocker[] {
  const out: CompletionBlocker[] = [];
  const said = (s: unknown) => typeof s === 'string' && s.trim().length > 0;
  if (!f.subCategoryChecked) out.push({ code: 'sub-category', text: 'Check the sub-category against the Appendix part 1 explanations' });
  if (!said(f.redressRoute) && !said(f.noRedressReason)) out.push({ code: 'redress', text: 'Record the redress route, or why none applies' });
  if (f.historyMarkerRequired && !f.historyMarkerAppliedFor && !said(f.historyMarkerReason)) out.push({ code: 'history-marker', text: 'A history marker must be applied for: record that it was, or why not' });
  if (!said(f.feedbackGiven)) out.push({ code: 'feedback', text: 'Record the feedback and the outcome given to the victim' });
  return out;
}

/** A count for a report that must not identify anyone: fewer than 5 is never shown as a number. */
export function suppressedCount(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('suppressedCount needs a whole number');
  return n < 5 ? (n === 0 ? '0' : 'fewer than 5') : String(n);
}

/** The calendar quarter of a London day: "2026 Q4". */
export function quarterLabel(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
}
