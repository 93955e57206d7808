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
 * - The quarterly report by protected characteristic (SECAmb 2.3.7): per quarter, the incidents with at
 *   least one victim sharing each characteristic (and those where a victim preferred not to say), counts
 *   only, suppressed, never a name.
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

/**
 * The protected characteristics a victim may choose to share on the incident report (SECAmb 7.1, the
 * Equality Act 2010's nine, in its order and words), and "Prefer not to say". The codes are the schema's
 * (`people.victims[].protectedCharacteristics`); a test keeps the two the same.
 */
export const PROTECTED_CHARACTERISTICS = Object.freeze([
  { code: 'age', title: 'Age' },
  { code: 'disability', title: 'Disability' },
  { code: 'race', title: 'Race' },
  { code: 'religion-belief', title: 'Religion or belief' },
  { code: 'gender-reassignment', title: 'Gender reassignment' },
  { code: 'sexual-orientation', title: 'Sexual orientation' },
  { code: 'sex', title: 'Sex' },
  { code: 'marriage-civil-partnership', title: 'Marriage and civil partnership' },
  { code: 'pregnancy-maternity', title: 'Pregnancy and maternity' },
  { code: 'prefer-not-to-say', title: 'Preferred not to say' },
] as const);
export type ProtectedCharacteristic = (typeof PROTECTED_CHARACTERISTICS)[number]['code'];

/** One incident as the quarterly report reads it: when it happened, and its answers (only the victims' characteristics are read). */
export interface QuarterlyIncident {
  incidentAt: Date;
  data: unknown;
}

/** One quarter of the report: every figure already suppressed (a string: "0", "fewer than 5" or a number of 5 or more). */
export interface QuarterlyRow {
  quarter: string;
  /** The incidents that happened in the quarter. */
  incidents: string;
  /** For each characteristic, in the order of {@link PROTECTED_CHARACTERISTICS}: the incidents with at least one victim who shared it. */
  counts: { code: ProtectedCharacteristic; title: string; shown: string }[];
}

const CHARACTERISTIC_CODES: ReadonlySet<string> = new Set(PROTECTED_CHARACTERISTICS.map((c) => c.code));

/** The characteristics shared by any victim of one incident, each once; codes not in the list are left out. */
export function sharedCharacteristics(data: unknown): Set<ProtectedCharacteristic> {
  const out = new Set<ProtectedCharacteristic>();
  const victims = (data as { people?: { victims?: unknown } } | null | undefined)?.people?.victims;
  if (!Array.isArray(victims)) return out;
  for (const v of victims) {
    const chosen = (v as { protectedCharacteristics?: unknown } | null)?.protectedCharacteristics;
    if (Array.isArray(chosen)) for (const c of chosen) if (typeof c === 'string' && CHARACTERISTIC_CODES.has(c)) out.add(c as ProtectedCharacteristic);
  }
  return out;
}

/**
 * The quarterly anonymised report of incidents against staff with protected characteristics (SECAmb
 * 2.3.7): for each calendar quarter (Europe/London) with an incident, newest first, how many incidents had
 * at least one victim who shared each characteristic, and how many had a victim who preferred not to say.
 * An incident counts once per characteristic however many of its victims shared it; one with victims
 * sharing several counts under each. Counts only, each through {@link suppressedCount} (fewer than 5 is
 * never shown as a number); the rows hold the quarter, the fixed titles and those strings, never anything
 * typed on the report.
 * @param quarters how many quarters to show, the newest (8: two years)
 */
export function protectedCharacteristicsReport(incidents: Iterable<QuarterlyIncident>, quarters = 8): QuarterlyRow[] {
  const byQuarter = new Map<string, { incidents: number; counts: Map<ProtectedCharacteristic, number> }>();
  for (const incident of incidents) {
    if (!(incident.incidentAt instanceof Date) || !Number.isFinite(incident.incidentAt.getTime())) continue;
    const quarter = quarterLabel(londonDay(incident.incidentAt));
    const q = byQuarter.get(quarter) ?? { incidents: 0, counts: new Map<ProtectedCharacteristic, number>() };
    q.incidents++;
    for (const c of sharedCharacteristics(incident.data)) q.counts.set(c, (q.counts.get(c) ?? 0) + 1);
    byQuarter.set(quarter, q);
  }
  return [...byQuarter.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .slice(0, Math.max(0, quarters))
    .map(([quarter, q]) => ({ quarter, incidents: suppressedCount(q.incidents), counts: PROTECTED_CHARACTERISTICS.map((c) => ({ code: c.code, title: c.title, shown: suppressedCount(q.counts.get(c.code) ?? 0) })) }));
}
