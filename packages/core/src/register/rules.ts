/**
 * The rules of the cautionary persons register and of history markers, as the two documents state
 * them, for the server's register pages and jobs. Pure functions of plain facts: no storage, no clock
 * (the caller says what day it is, a Europe/London YYYY-MM-DD day from `londonDay`).
 *
 * - The council's *Cautionary Persons Register* policy: an entry only from "a specific incident or
 *   expression of clearly identifiable concern rather than general opinions" (part 1), the employee's
 *   "version of events" and the Police informed of a crime (part 2), the six qualification factors
 *   (part 3, {@link QUALIFICATION_FACTORS}), staff told and the individual written to "within 2 working
 *   days" (parts 3 and 4, {@link noticeDeadline}), a standard term of one year and longer only "for the
 *   most serious offenders" (part 5, {@link termProblem}), the quarterly list of entries "due to lapse in
 *   the next quarter" (part 5, {@link lapsingNextQuarter}), deletion on expiry unless there are
 *   "substantiated reasons" (part 5, {@link reviewProblems}), partners only under a written agreement
 *   (part 6) and a briefing every two years (part 7).
 * - SECAmb *Violence & aggression procedure* 3.1.2 and 3.7.1: a physical assault not attributed to
 *   medical factors, with the offender's details known, must have a history marker applied for
 *   ({@link historyMarkerRequired}).
 *
 * How working days are counted: a working day is a Monday to Friday that is not an England and Wales
 * bank holiday (`bank-holidays.ts`, computed by rule for any year; an organisation may pass its own set).
 * "Within 2 working days of addition" is counted from the day after the addition: an entry added on a
 * Monday is due by the end of Wednesday; one added on Thursday 24 December 2026 is due by the end of
 * Wednesday 30 December (Friday 25 and Monday 28 are bank holidays); one added at a weekend is due by
 * the end of Tuesday.
 *
 * The blind index: look-ups are exact on normalised values ({@link normaliseSurname},
 * {@link normalisePostcode}, {@link normaliseAddress}), so the server can store only a keyed hash of them.
 */
import { addDays, isDay, londonDay, londonDayStart } from '../case/rules.js';
import { isBankHoliday, weekday } from './bank-holidays.js';

export * from './bank-holidays.js';

/** An organisation's own bank holidays (YYYY-MM-DD days), replacing the computed England and Wales ones. */
export type Holidays = ReadonlySet<string>;

const isHoliday = (day: string, holidays: Holidays | undefined) => (holidays ? holidays.has(day) : isBankHoliday(day));

/**
 * True when `day` is a working day: Monday to Friday and not a bank holiday.
 * @param holidays an organisation's own set; without it, the England and Wales bank holidays by rule
 * @returns false for anything that is not a YYYY-MM-DD day
 */
export function isWorkingDay(day: string, holidays?: Holidays): boolean {
  if (!isDay(day)) return false;
  const w = weekday(day);
  return w !== 0 && w !== 6 && !isHoliday(day, holidays);
}

/** The most working days {@link addWorkingDays} counts in one call (about forty years). */
export const MAX_WORKING_DAYS = 10_000;

/**
 * The `n`th working day after `day` (before it, for a negative `n`); `day` itself is never counted, so
 * `n = 0` returns `day` unchanged, working day or not.
 * @param holidays an organisation's own set; without it, the England and Wales bank holidays by rule
 */
export function addWorkingDays(day: string, n: number, holidays?: Holidays): string {
  if (!isDay(day)) throw new RangeError('addWorkingDays needs a YYYY-MM-DD day');
  if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) throw new RangeError(`addWorkingDays needs a whole number of days up to ${MAX_WORKING_DAYS}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = day;
  while (left > 0) {
    d = addDays(d, step);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Working days in the policy's "within 2 working days" (parts 3 and 4). */
export const NOTICE_WORKING_DAYS = 2;

const dayOf = (when: string | Date) => (when instanceof Date ? londonDay(when) : when);

/**
 * The last day on which staff must be told of a new entry (an e-mail with no personal data) and the
 * individual written to, or the decision not to inform them documented with its reason: 2 working days
 * after the addition (policy parts 3 and 4).
 * @param addedOn the day of the addition, or the instant (its Europe/London day is taken)
 */
export function noticeDeadline(addedOn: string | Date, holidays?: Holidays): string {
  return addWorkingDays(dayOf(addedOn), NOTICE_WORKING_DAYS, holidays);
}

/** The instant the notice for an addition on `addedOn` becomes overdue: the start of the London day after its deadline. */
export function noticeOverdueAt(addedOn: string | Date, holidays?: Holidays): Date {
  return londonDayStart(addDays(noticeDeadline(addedOn, holidays), 1));
}

/**
 * Where one notice (the staff e-mail, or the letter or documented reason) stands on `today`:
 * `met` / `late` once done (on or before the deadline, or after it); otherwise `overdue`, `due-today`,
 * `due-next-working-day` (about to be missed: on the register owner's home page) or `pending`.
 */
export type NoticeState = 'met' | 'late' | 'overdue' | 'due-today' | 'due-next-working-day' | 'pending';

export function noticeState(addedOn: string | Date, today: string, doneOn?: string | null, holidays?: Holidays): NoticeState {
  const deadline = noticeDeadline(addedOn, holidays);
  if (typeof doneOn === 'string' && isDay(doneOn)) return doneOn <= deadline ? 'met' : 'late';
  if (today > deadline) return 'overdue';
  if (today === deadline) return 'due-today';
  return addWorkingDays(today, 1, holidays) >= deadline ? 'due-next-working-day' : 'pending';
}

// ---------------------------------------------------------------------------------------------------
// Qualification (policy part 3)

export type QualificationFactorId = 'severity' | 'time-since' | 'previous-conduct' | 'current-conduct' | 'one-off' | 'animal-present';

export interface QualificationFactor {
  id: QualificationFactorId;
  /** The policy's words. */
  label: string;
  /** Only for an address marked because of a dangerous animal. */
  animalOnly?: true;
}

/**
 * The six factors "taken into account when deciding new additions, and whether to retain at the
 * required review stage" (policy part 3, and part 5: "The factors listed in part 3 must be considered").
 */
export const QUALIFICATION_FACTORS: readonly QualificationFactor[] = Object.freeze([
  { id: 'severity', label: 'The level of violence used, or the severity of the threats made, or the danger posed by an animal.' },
  { id: 'time-since', label: 'The length of time since the incident occurred.' },
  { id: 'previous-conduct', label: 'The previous conduct of the individual.' },
  { id: 'current-conduct', label: 'The current conduct of the individual.' },
  { id: 'one-off', label: 'Was the incident a one off? Was it likely to have been triggered by an illness or difficult time of life, and is the individual likely to be violent in future?' },
  { id: 'animal-present', label: 'If an address is marked because of a dangerous animal, is that animal still present?', animalOnly: true },
].map((f) => Object.freeze(f)) as QualificationFactor[]);

/** What a factor's assessment is: the assessor's note on it (blank or missing: not assessed). */
export type FactorAssessments = Partial<Record<QualificationFactorId, string | null>>;

export interface RegisterProposal {
  /** A person, or an address (including "a dangerous animal may be encountered"). */
  subject: 'person' | 'address';
  /** The entry is (also) because of a dangerous animal: the sixth factor then applies. */
  dangerousAnimal?: boolean | null;
  /** The incident or threat report the proposal comes from. */
  linkedReportId?: string | null;
  factors?: FactorAssessments | null;
  /** "The employee(s) concerned must have the opportunity to present his / her version of events." */
  employeeVersion?: string | null;
  crimeCommitted?: boolean | null;
  policeInformed?: boolean | null;
}

export interface RegisterProblem {
  code: 'linked-report' | 'factor' | 'employee-version' | 'crime-committed' | 'police-informed' | 'reasons' | 'term' | 'term-reason' | 'history-marker' | 'review-date';
  text: string;
  /** The factor, for `factor`. */
  factor?: QualificationFactorId;
}

const filled = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

/** The factors that apply to an entry: the animal one only when a dangerous animal is the reason. */
export function applicableFactors(dangerousAnimal: boolean | null | undefined): readonly QualificationFactor[] {
  return QUALIFICATION_FACTORS.filter((f) => !f.animalOnly || dangerousAnimal === true);
}

function factorProblems(factors: FactorAssessments | null | undefined, dangerousAnimal: boolean | null | undefined): RegisterProblem[] {
  return applicableFactors(dangerousAnimal)
    .filter((f) => !filled(factors?.[f.id]))
    .map((f) => ({ code: 'factor', factor: f.id, text: `Assess this factor (policy part 3): ${f.label}` }));
}

/**
 * What stops a proposal from going to the register owner; empty when it may. Every problem is a
 * sentence a proposer can act on.
 */
export function proposalProblems(proposal: RegisterProposal): RegisterProblem[] {
  const out: RegisterProblem[] = [];
  if (!filled(proposal.linkedReportId)) {
    out.push({ code: 'linked-report', text: 'Link the incident or threat report this proposal comes from: an entry must be based on a specific incident or clearly identifiable concern, not general opinion' });
  }
  out.push(...factorProblems(proposal.factors, proposal.dangerousAnimal));
  if (!filled(proposal.employeeVersion)) out.push({ code: 'employee-version', text: "Record the employee's own version of events" });
  if (typeof proposal.crimeCommitted !== 'boolean') out.push({ code: 'crime-committed', text: 'Say whether a crime was committed' });
  if (typeof proposal.policeInformed !== 'boolean') out.push({ code: 'police-informed', text: 'Say whether the Police have been informed' });
  return out;
}

/**
 * What a proposal should still do that does not stop it: the Police told of a crime (policy part 2,
 * "If a crime has been committed, the Police must also be informed").
 */
export function proposalWarnings(proposal: RegisterProposal): RegisterProblem[] {
  if (proposal.crimeCommitted === true && proposal.policeInformed === false) {
    return [{ code: 'police-informed', text: 'A crime was committed: the Police must also be informed (policy part 2)' }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------------
// Terms, temporary markers, being on the register (policy part 5)

/** "The standard term is one year." */
export const STANDARD_TERM_DAYS = 365;
/** Ours, not the policy's: a term longer than this is not a term. */
export const MAX_TERM_DAYS = 3653;
/** Ours: how long a temporary marker on a countersigned proposal is shown while the decision is awaited. */
export const TEMPORARY_MARKER_DAYS = 45;

/**
 * The review date of an entry decided (or retained) on `decidedOn`: the day it is reviewed, and deleted
 * unless retained. The entry is on the register up to the day before (see {@link isActive}).
 */
export function reviewDate(decidedOn: string, termDays: number = STANDARD_TERM_DAYS): string {
  return addDays(decidedOn, termDays);
}

/**
 * Why a term cannot be set, or undefined when it can: a whole number of days from 1 to
 * {@link MAX_TERM_DAYS}, and longer than the standard year only with a recorded reason ("a longer
 * timeframe may be stipulated for the most serious offenders").
 */
export function termProblem(termDays: unknown, reason?: string | null): RegisterProblem | undefined {
  if (typeof termDays !== 'number' || !Number.isInteger(termDays) || termDays < 1 || termDays > MAX_TERM_DAYS) {
    return { code: 'term', text: `Enter the term as a whole number of days from 1 to ${MAX_TERM_DAYS} (the standard term is ${STANDARD_TERM_DAYS})` };
  }
  if (termDays > STANDARD_TERM_DAYS && !filled(reason)) {
    return { code: 'term-reason', text: 'A term longer than one year is only for the most serious offenders: record why' };
  }
  return undefined;
}

/** The day a temporary marker on a proposal countersigned on `countersignedOn` lapses (is no longer shown). */
export function temporaryMarkerLapse(countersignedOn: string, days: number = TEMPORARY_MARKER_DAYS): string {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError('temporaryMarkerLapse needs 1-366 days');
  return addDays(countersignedOn, days);
}

/**
 * An entry's life: `proposed` (waiting for the Head of Service's or Director's countersignature),
 * `countersigned` (waiting for the register owner's decision; may carry a temporary marker), `added`
 * (on the register), `declined`, `deleted` (on expiry, or after a successful appeal).
 */
export type EntryStatus = 'proposed' | 'countersigned' | 'added' | 'declined' | 'deleted';

export interface EntryFacts {
  status: EntryStatus | string;
  /** The review (expiry) day of an added entry. */
  reviewOn?: string | null;
  /** The day a countersigned proposal's temporary marker lapses; none: no temporary marker. */
  temporaryUntil?: string | null;
}

/** What a look-up shows for an entry on `today`: the entry, "temporary, under review", or nothing. */
export function markerShown(entry: EntryFacts, today: string): 'entry' | 'temporary' | null {
  const before = (day: string | null | undefined) => typeof day === 'string' && isDay(day) && today < day;
  // Never past its review date, whatever else is true.
  if (entry.reviewOn != null && !before(entry.reviewOn)) return null;
  if (entry.status === 'added') return before(entry.reviewOn) ? 'entry' : null;
  if (entry.status === 'countersigned') return before(entry.temporaryUntil) ? 'temporary' : null;
  return null;
}

/**
 * True when an entry is on the register on `today`: added and before its review date, or a
 * countersigned proposal whose temporary marker has not lapsed. Declined, deleted and merely proposed
 * entries never are; nor is anything with a missing or unreadable date.
 */
export function isActive(entry: EntryFacts, today: string): boolean {
  return markerShown(entry, today) !== null;
}

export interface Quarter {
  year: number;
  /** 1 (January to March) to 4 (October to December). */
  quarter: 1 | 2 | 3 | 4;
  /** Its first and last days, YYYY-MM-DD. */
  first: string;
  last: string;
}

/** The calendar quarter `day` is in. */
export function quarterOf(day: string): Quarter {
  if (!isDay(day)) throw new RangeError('quarterOf needs a YYYY-MM-DD day');
  const year = Number(day.slice(0, 4));
  const quarter = (Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as Quarter['quarter'];
  const firstMonth = (quarter - 1) * 3 + 1;
  const first = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(firstMonth + 3).padStart(2, '0')}-01`;
  return { year, quarter, first, last: addDays(next, -1) };
}

/** The calendar quarter after the one `day` is in. */
export function nextQuarter(day: string): Quarter {
  return quarterOf(addDays(quarterOf(day).last, 1));
}

/**
 * The entries on the register whose review date falls in the next calendar quarter, by review date:
 * the list the register owner reviews each quarter with the Health & Safety Officer (policy part 5).
 */
export function lapsingNextQuarter<T extends EntryFacts>(entries: readonly T[], today: string): T[] {
  const q = nextQuarter(today);
  return entries
    .filter((e) => e.status === 'added' && typeof e.reviewOn === 'string' && isDay(e.reviewOn) && e.reviewOn >= q.first && e.reviewOn <= q.last)
    .sort((a, b) => (a.reviewOn! < b.reviewOn! ? -1 : a.reviewOn! > b.reviewOn! ? 1 : 0));
}

export interface DecisionFacts {
  outcome: 'add' | 'decline';
  /** The register owner's reasons. */
  reasons?: string | null;
  termDays?: number | null;
  termReason?: string | null;
  /** The proposal comes from an incident that requires a history marker ({@link historyMarkerRequired}). */
  historyMarkerRequired?: boolean | null;
}

/** What stops the register owner's decision from being recorded; empty when it may. */
export function decisionProblems(decision: DecisionFacts): RegisterProblem[] {
  const out: RegisterProblem[] = [];
  if (!filled(decision.reasons)) {
    out.push(
      decision.outcome === 'decline' && decision.historyMarkerRequired === true
        ? { code: 'history-marker', text: 'This incident requires a marker (a physical assault, not medical, with the offender known): record why it is declined' }
        : { code: 'reasons', text: decision.outcome === 'add' ? 'Record why the entry is added' : 'Record why the proposal is declined' },
    );
  }
  if (decision.outcome === 'add') {
    const term = termProblem(decision.termDays ?? STANDARD_TERM_DAYS, decision.termReason);
    if (term) out.push(term);
  }
  return out;
}

export interface ReviewFacts {
  outcome: 'retain' | 'delete';
  dangerousAnimal?: boolean | null;
  factors?: FactorAssessments | null;
  /** The substantiated reasons for believing the individual remains a threat (retain only). */
  reasons?: string | null;
  termDays?: number | null;
  termReason?: string | null;
}

/**
 * What stops a review from being recorded; empty when it may. Deleting needs nothing ("Unless there
 * are substantiated reasons ... the record must be deleted upon expiry"); retaining needs every factor
 * considered again, substantiated reasons and a valid new term (and then a new letter).
 */
export function reviewProblems(review: ReviewFacts): RegisterProblem[] {
  if (review.outcome === 'delete') return [];
  const out = factorProblems(review.factors, review.dangerousAnimal);
  if (!filled(review.reasons)) out.push({ code: 'reasons', text: 'Record the substantiated reasons for believing the individual remains a threat, or let the entry be deleted' });
  const term = termProblem(review.termDays ?? STANDARD_TERM_DAYS, review.termReason);
  if (term) out.push(term);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Briefings and partners (policy parts 6 and 7)

/** The day a register user's briefing lapses: two years after it (29 February counts to 1 March). */
export function briefingLapse(briefedOn: string): string {
  if (!isDay(briefedOn)) throw new RangeError('briefingLapse needs a YYYY-MM-DD day');
  const d = new Date(Date.UTC(Number(briefedOn.slice(0, 4)) + 2, Number(briefedOn.slice(5, 7)) - 1, Number(briefedOn.slice(8, 10))));
  return d.toISOString().slice(0, 10);
}

/** True when a register user briefed on `briefedOn` may search on `today` ("a briefing every two years"). */
export function briefingCurrent(briefedOn: string | null | undefined, today: string): boolean {
  return typeof briefedOn === 'string' && isDay(briefedOn) && briefedOn <= today && today < briefingLapse(briefedOn);
}

/**
 * True when a partner agreement is in force on `today`: its written agreement is dated and not after
 * today, and `today` is not after its expiry day (the last day it covers).
 */
export function partnerAgreementInForce(agreement: { agreedOn?: string | null; expiresOn?: string | null }, today: string): boolean {
  const { agreedOn, expiresOn } = agreement;
  return typeof agreedOn === 'string' && isDay(agreedOn) && agreedOn <= today && typeof expiresOn === 'string' && isDay(expiresOn) && today <= expiresOn;
}

// ---------------------------------------------------------------------------------------------------
// Normalisation for the blind index

/** Letters NFKD does not take apart, folded as a UK keyboard would type them. */
const FOLD: Readonly<Record<string, string>> = Object.freeze({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'n', ĸ: 'k', ſ: 's', ς: 'σ' });
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'gu');

/** NFKD, case-folded, accents (every combining mark) removed, the letters above folded. */
function fold(value: string): string {
  return value
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(FOLD_RE, (c) => FOLD[c]!);
}

/** Inputs longer than this are cut before normalising (no surname or address line is this long): the work stays bounded. */
export const MAX_NORMALISE_INPUT = 1000;
/** A key keeps at most this many characters (code points), so normalising a key again never changes it. */
export const MAX_KEY_CHARACTERS = 200;
const cut = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_NORMALISE_INPUT) : '');
const limit = (value: string) => (value.length <= MAX_KEY_CHARACTERS ? value : Array.from(value).slice(0, MAX_KEY_CHARACTERS).join(''));

/**
 * A surname as the blind index compares it: case-folded, accents stripped (NFKD), and everything that
 * is not a letter or a digit removed, spaces, hyphens, apostrophes and dots included. So "O'Brien",
 * "O’Brien", "o brien" and "OBrien" are one surname; "Smith-Jones" and "Smith Jones" are one; "Zoë" and
 * "Zoe", "Łukasz" and "Lukasz" are one. Markup, direction marks and zero-width characters disappear.
 * Look-ups are exact on this value, never fuzzy.
 * @returns the key, or null when nothing is left to compare
 */
export function normaliseSurname(value: unknown): string | null {
  const out = limit(fold(cut(value)).replace(/[^\p{L}\p{N}]/gu, ''));
  return out === '' ? null : out;
}

const POSTCODE_RE = /^(?:GIR0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/;

/**
 * A UK postcode as the blind index compares it: NFKC (full-width characters become ASCII), upper case,
 * no spaces ("sw1a 1aa" -> "SW1A1AA"), and the shape of a real postcode (outward code, then a digit
 * and two letters of those the Royal Mail uses).
 * @returns the postcode, or null when it is not one
 */
export function normalisePostcode(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const out = value.normalize('NFKC').replace(/[\s\p{Cf}]/gu, '').toUpperCase();
  return POSTCODE_RE.test(out) ? out : null;
}

/** A normalised postcode with its space, for display: "SW1A1AA" -> "SW1A 1AA". */
export function formatPostcode(normalised: string): string {
  return `${normalised.slice(0, -3)} ${normalised.slice(-3)}`;
}

/**
 * An address as the blind index compares it: the first line folded as {@link normaliseSurname} folds
 * (case, accents) with apostrophes removed ("St John's" = "St Johns") and every other run of
 * non-letters and non-digits one space ("Flat 1, 23" stays apart from "Flat 12, 3"), then "|" and the
 * normalised postcode. Abbreviations are not expanded: "Road" and "Rd" differ.
 * @returns the key, or null without a first line or a valid postcode
 */
export function normaliseAddress(line1: unknown, postcode: unknown): string | null {
  const pc = normalisePostcode(postcode);
  if (!pc) return null;
  const line = limit(
    fold(cut(line1))
      .replace(/['’‘ʼ`´]/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim(),
  ).trim();
  return line === '' ? null : `${line}|${pc}`;
}

// ---------------------------------------------------------------------------------------------------
// History markers (SECAmb)

export interface AssaultFacts {
  /** The incident was a physical assault. */
  physicalAssault?: boolean | null;
  /** The assault was attributed to medical factors (e.g. a patient coming out of a seizure). */
  medicalFactor?: boolean | null;
  /** The offender's details or address are known ("cannot trace individual" otherwise). */
  offenderKnown?: boolean | null;
}

/**
 * Whether a history marker must be applied for (SECAmb 3.1.2: "All physical assaults not attributed to
 * medical factors and where offender details/address are known must ... have a history marker applied
 * for ... irrespective of whether the matter is progressing through the Police and/or Courts"; 3.7.1).
 * A medical factor counts only when it is recorded as one: unknown is not medical. When a marker
 * already exists, it is re-applied as a new marker or extended.
 */
export function historyMarkerRequired(facts: AssaultFacts): { required: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (facts.physicalAssault !== true) reasons.push('Not recorded as a physical assault: a marker is not required (one may still be proposed).');
  if (facts.medicalFactor === true) reasons.push('The assault was attributed to medical factors: a marker is not required.');
  if (facts.offenderKnown !== true) reasons.push("The offender's details or address are not known: there is nobody to mark.");
  if (reasons.length) return { required: false, reasons };
  return {
    required: true,
    reasons: [
      "A physical assault not attributed to medical factors, with the offender's details known: a history marker must be applied for, whether or not the matter goes to the Police or the Courts (SECAmb 3.1.2, 3.7.1). Where a marker already exists, re-apply it or extend it.",
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// What a look-up answers (policy part 1: "what kind of risk, what precaution")

/** The kinds of risk an entry records: what a visitor is told, with the precaution and the review date. Ours, from the two documents' examples. */
export const RISK_KINDS = Object.freeze({
  violence: 'Violence or physical assault',
  threats: 'Threats of violence',
  'verbal-abuse': 'Verbal abuse or intimidation',
  weapon: 'A weapon has been used or threatened',
  'sexual-harassment': 'Sexual harassment',
  'dangerous-animal': 'A dangerous animal may be encountered',
  other: 'Another risk to visiting staff',
} as const);
export type RiskKind = keyof typeof RISK_KINDS;

export function isRiskKind(value: unknown): value is RiskKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RISK_KINDS, value);
}

/** The postcode district (outward code) of a normalised postcode, "SW1A1AA" -> "SW1A": what a partner agreement's area is made of. */
export function postcodeDistrict(normalised: string): string {
  return normalised.slice(0, -3);
}

/** A postcode district as typed in an agreement's area ("me14", "SW1A"), normalised, or null when it is not one. */
export function normaliseDistrict(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 12) return null;
  const out = value.normalize('NFKC').replace(/[\s\p{Cf}]/gu, '').toUpperCase();
  return /^(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/.test(out) ? out : null;
}

/** Days a declined proposal is kept (so its proposer can read the reasons) before the sweep deletes it. Ours. */
export const DECLINED_KEEP_DAYS = 30;
