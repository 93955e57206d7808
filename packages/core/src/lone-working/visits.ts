/**
 * The rules of a lone visit, for the server's escalation sweep, the buddy's day and any page that shows a
 * visit. KCC ICS *Lone working & violence procedures* (section 5, the "Buddy System"; Appendix D, "ICS Lone
 * Working – Route for Escalation"): the buddy contacts the line manager "in the event of 'no call being
 * received'", and the line manager follows the escalation route. Pure functions of plain facts: no
 * storage, no clock (the caller says what time it is), no notifications (the caller sends them and records
 * which steps fired).
 *
 * The state machine, per visit:
 * - planned -> in-progress (checked in) -> checked-out (checked out before the first step fell due);
 * - at the expected end plus the grace period (or at the team's end of day for a visit with no expected
 *   end) without a check-out: overdue, and the route's steps fall due one after another, each its own wait
 *   after the previous one; once one has fired: escalated;
 * - a late check-out, or the escalation being resolved, stops the steps not yet fired;
 * - a duress check-out (looks like a check-out to whoever is watching the phone) starts the route at once at
 *   its police step, whatever had or had not fired before.
 *
 * Every step's due time is planned from the visit's own times, not from when the previous step was actually
 * sent: a server that was down, or a clock that jumped, catches up by firing every step now due, in order,
 * once. Times are instants (ISO, UTC); Europe/London only matters for wall times typed by people
 * ({@link londonInstant}) and shown to them ({@link londonTime}).
 *
 * A time that cannot be read (not an ISO instant) counts as not given, so the rules fail towards escalating:
 * an unreadable check-out is no check-out, an unreadable expected end falls back to the end of day.
 */
import { addDays, isDay, londonDay } from '../case/rules.js';

export interface EscalationStep {
  id: string;
  label: string;
  /** minutes after the previous step fired (the first: after the grace period ends) */
  waitMinutes: number;
  /** this step is where police advice is sought: a duress check-out starts here */
  police?: boolean;
}

export interface EscalationRoute {
  graceMinutes: number;
  steps: readonly EscalationStep[];
}

/**
 * Appendix D's route (buddy -> line manager -> service manager -> police advice); the waits are ours: the
 * buddy is alerted when the 15 minutes' grace after the expected end has passed, and each next person when
 * the previous one has had 15 minutes. An organisation sets its own with {@link escalationRouteConfig}.
 */
export const DEFAULT_ESCALATION_ROUTE: EscalationRoute = Object.freeze({
  graceMinutes: 15,
  steps: Object.freeze([
    Object.freeze({ id: 'buddy', label: 'Buddy', waitMinutes: 0 }),
    Object.freeze({ id: 'line-manager', label: 'Line manager', waitMinutes: 15 }),
    Object.freeze({ id: 'service-manager', label: 'Service manager', waitMinutes: 15 }),
    Object.freeze({ id: 'police-advice', label: 'Police advice', waitMinutes: 15, police: true }),
  ]),
});

const STEP_ID_RE = /^[a-z][a-z0-9-]{0,31}$/;
const MAX_MINUTES = 1440;
const MAX_STEPS = 20;
const MAX_LABEL = 80;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isMinutes = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_MINUTES;
/** A short, quoted rendering of a bad value for an error message (never the whole of a hostile string). */
const shown = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 20);

/**
 * Validates a route from configuration JSON; throws RangeError with a plain message (at least one step,
 * unique ids matching /^[a-z][a-z0-9-]{0,31}$/, whole non-negative minutes <= 1440, exactly one police step).
 * Labels are plain text of 1-80 characters (shown as text, never as HTML). Unknown keys are dropped.
 * @param value e.g. `{"graceMinutes":10,"steps":[{"id":"buddy","label":"Buddy","waitMinutes":0},{"id":"police","label":"Police advice","waitMinutes":20,"police":true}]}`
 * @returns a frozen copy; `undefined` gives {@link DEFAULT_ESCALATION_ROUTE}
 */
export function escalationRouteConfig(value: unknown): EscalationRoute {
  if (value === undefined) return DEFAULT_ESCALATION_ROUTE;
  if (!isObject(value)) throw new RangeError('escalation route must be an object with graceMinutes and steps');
  if (!isMinutes(value.graceMinutes)) throw new RangeError(`escalation route: graceMinutes must be whole minutes from 0 to ${MAX_MINUTES}`);
  const steps = value.steps;
  if (!Array.isArray(steps) || steps.length === 0) throw new RangeError('escalation route: steps must be a list of at least one step');
  if (steps.length > MAX_STEPS) throw new RangeError(`escalation route: at most ${MAX_STEPS} steps`);
  const ids = new Set<string>();
  const out: EscalationStep[] = steps.map((step: unknown, i) => {
    const n = i + 1;
    if (!isObject(step)) throw new RangeError(`escalation route: step ${n} must be an object with id, label and waitMinutes`);
    const { id, label, waitMinutes, police } = step;
    if (typeof id !== 'string' || !STEP_ID_RE.test(id)) throw new RangeError(`escalation route: step ${n} id ${shown(id)} must be lower-case letters, digits and hyphens, starting with a letter, up to 32 characters`);
    if (ids.has(id)) throw new RangeError(`escalation route: step id ${shown(id)} is used twice`);
    ids.add(id);
    if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LABEL) throw new RangeError(`escalation route: step ${shown(id)} needs a label of 1-${MAX_LABEL} characters`);
    if (!isMinutes(waitMinutes)) throw new RangeError(`escalation route: step ${shown(id)} waitMinutes must be whole minutes from 0 to ${MAX_MINUTES}`);
    if (police !== undefined && typeof police !== 'boolean') throw new RangeError(`escalation route: step ${shown(id)} police must be true or false`);
    return Object.freeze(police ? { id, label: label.trim(), waitMinutes, police: true } : { id, label: label.trim(), waitMinutes });
  });
  const police = out.filter((s) => s.police).length;
  if (police !== 1) throw new RangeError(`escalation route: exactly one step must be the police step (police: true); found ${police}`);
  return Object.freeze({ graceMinutes: value.graceMinutes, steps: Object.freeze(out) });
}

export interface VisitTimes {
  expectedEndAt: string | null;
  checkedOutAt: string | null;
  duressAt: string | null;
  endOfDayAt: string | null;
  resolvedAt?: string | null;
}

export interface PlannedStep {
  id: string;
  label: string;
  dueAt: string;
  police: boolean;
}

/** Milliseconds of an ISO instant, or null when it is absent or unreadable. */
function instant(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

/** From these steps, the first due at `first`, each next one its wait after the previous one. */
function planFrom(steps: readonly EscalationStep[], first: number): PlannedStep[] {
  let t = first;
  return steps.map((s, i) => {
    if (i > 0) t += s.waitMinutes * MINUTE;
    return { id: s.id, label: s.label, dueAt: new Date(t).toISOString(), police: s.police === true };
  });
}

/**
 * When each step of the escalation falls due (ISO instants, ascending). Normal: the first step at
 * expectedEnd + grace, each next one its waitMinutes after the previous. With no expected end: from
 * endOfDayAt (the end-of-day sweep). A check-out (not duress) at or before the first due time: no steps. A
 * duress check-out: the steps from the police step on, the police step due at duressAt, later ones after
 * their waits. With neither end time nor end of day: no steps.
 *
 * The end-of-day sweep escalates at the end of day itself: the first step is due its own wait after
 * endOfDayAt, with no grace period (the end of day is already the last moment anyone expected a call). An
 * expected end, when given, decides even if it is after the end of day (the visit was planned to run late).
 * A late check-out leaves the plan as it was (the record of what fell due); {@link dueSteps} stops firing.
 */
export function escalationPlan(visit: VisitTimes, route: EscalationRoute): PlannedStep[] {
  const duress = instant(visit.duressAt);
  if (duress !== null) {
    const from = route.steps.findIndex((s) => s.police === true);
    // A route that was never validated may lack a police step: then the whole route starts at once.
    return planFrom(route.steps.slice(Math.max(from, 0)), duress);
  }
  const end = instant(visit.expectedEndAt);
  const base = end !== null ? end + route.graceMinutes * MINUTE : instant(visit.endOfDayAt);
  if (base === null || route.steps.length === 0) return [];
  const plan = planFrom(route.steps, base + route.steps[0]!.waitMinutes * MINUTE);
  const out = instant(visit.checkedOutAt);
  if (out !== null && out <= Date.parse(plan[0]!.dueAt)) return [];
  return plan;
}

/**
 * The steps due at `now` that have not fired yet, in order; none once the visit is checked out normally
 * (checkedOutAt set and no duress) or resolved (resolvedAt) — a late check-out stops the rest. Clock jumping
 * forward over many steps returns them all, in order, once (the caller records `fired`).
 * @param fired the ids of the steps already fired for this visit
 * @throws RangeError when `now` is not a real time
 */
export function dueSteps(visit: VisitTimes, route: EscalationRoute, now: Date, fired: readonly string[]): PlannedStep[] {
  const t = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError('dueSteps needs a real time for now');
  if (instant(visit.resolvedAt) !== null) return [];
  if (instant(visit.duressAt) === null && instant(visit.checkedOutAt) !== null) return [];
  const done = new Set(fired);
  return escalationPlan(visit, route).filter((s) => !done.has(s.id) && Date.parse(s.dueAt) <= t);
}

let wallFormat: Intl.DateTimeFormat | undefined;

/** 'YYYY-MM-DD HH:MM' of an instant on the Europe/London wall clock (sorts as text). */
function londonWall(t: number): string {
  wallFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p: Record<string, string> = {};
  for (const part of wallFormat.formatToParts(t)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Europe/London wall time to an instant: day 'YYYY-MM-DD', time 'HH:MM' (24 h). In the spring-forward gap
 * (01:00-01:59 on the last Sunday of March) the time does not exist: return the instant the clocks jump to
 * (02:00 BST = 01:00 UTC). In the autumn overlap (01:00-01:59 twice) return the first (BST) one. Throws
 * RangeError for a bad day or time.
 */
export function londonInstant(day: string, time: string): Date {
  if (!isDay(day)) throw new RangeError('londonInstant needs a YYYY-MM-DD day');
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  if (!m) throw new RangeError('londonInstant needs a 24-hour HH:MM time');
  const target = `${day} ${time}`;
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, Number(m[1]), Number(m[2]));
  // London is UTC+1 (BST) or UTC+0 (GMT): the earlier reading is the BST one, first in the autumn overlap.
  for (const t of [asUtc - HOUR, asUtc]) if (londonWall(t) === target) return new Date(t);
  // In the gap the wall clock jumps from before `time` to after it between these two: find the jump.
  let lo = asUtc - HOUR;
  let hi = asUtc;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (londonWall(mid) < target) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** 'HH:MM' of an instant in Europe/London. */
export function londonTime(instant: Date): string {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError('londonTime needs a real time');
  return londonWall(t).slice(11);
}

/**
 * 'YYYY-MM-DD' and 'HH:MM' of an instant in Europe/London, for a form's date and time fields. The day is
 * `londonDay`'s; this reads both from one cached formatter, for lists of many visits.
 */
export function londonWallTime(instant: Date): { day: string; time: string } {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError('londonWallTime needs a real time');
  const wall = londonWall(t);
  return { day: wall.slice(0, 10), time: wall.slice(11) };
}

/**
 * Why a planned visit's times cannot be used, or undefined: start must be a real time; an end (if given)
 * must be after the start and within 24 h of it (a visit across midnight is fine: end on the next day).
 * The 24 hours are elapsed time, so a visit across a clock change is measured by the hours it really lasts.
 */
export function visitTimeProblem(startAt: Date, endAt: Date | null): string | undefined {
  const start = startAt instanceof Date ? startAt.getTime() : Number.NaN;
  if (!Number.isFinite(start)) return 'Enter the start of the visit as a real date and time';
  if (endAt === null || endAt === undefined) return undefined;
  const end = endAt instanceof Date ? endAt.getTime() : Number.NaN;
  if (!Number.isFinite(end)) return 'Enter the expected end of the visit as a real time';
  if (end <= start) return 'The expected end must be after the start (for a visit past midnight, choose the next day)';
  if (end - start > 24 * HOUR) return 'The expected end must be within 24 hours of the start';
  return undefined;
}

export type VisitStatus = 'planned' | 'in-progress' | 'checked-out' | 'overdue' | 'escalated';

/**
 * planned (not checked in, before its end), in-progress (checked in, before end + grace), checked-out,
 * overdue (end + grace passed without check-out, no step fired yet), escalated (a step fired and not
 * resolved/checked out).
 *
 * Further: "end + grace" is the end of day for a visit with no expected end, and never for a visit with
 * neither (it stays planned or in progress until checked out). A visit not checked in stays planned until
 * end + grace, then is overdue like any other. A resolved escalation reads checked-out (the person is
 * accounted for). A duress check-out reads escalated at once, whatever has fired: show this status to the
 * buddy and managers, never on the screen of the person who checked out.
 * @param route for its grace period; the default route's 15 minutes unless given
 */
export function visitStatus(v: VisitTimes & { checkedInAt: string | null; firedSteps: number }, now: Date, route: EscalationRoute = DEFAULT_ESCALATION_ROUTE): VisitStatus {
  if (instant(v.resolvedAt) !== null) return 'checked-out';
  if (instant(v.duressAt) !== null) return 'escalated';
  if (instant(v.checkedOutAt) !== null) return 'checked-out';
  if (v.firedSteps > 0) return 'escalated';
  const end = instant(v.expectedEndAt);
  const overdueAt = end !== null ? end + route.graceMinutes * MINUTE : instant(v.endOfDayAt);
  if (overdueAt !== null && now.getTime() >= overdueAt) return 'overdue';
  return instant(v.checkedInAt) !== null ? 'in-progress' : 'planned';
}

/** A period of leave: its first and last day (YYYY-MM-DD, Europe/London), both included. */
export interface LeavePeriod {
  from: string;
  to: string;
}

/** Leave longer than this (days, both ends included) is refused as a typing mistake: record it in parts. */
export const MAX_LEAVE_DAYS = 366;

/**
 * Why a period of leave cannot be recorded, or undefined: both days real, the last not before the first,
 * not already over on `today` (leave in the past changes no buddy), and at most {@link MAX_LEAVE_DAYS} long.
 * @returns the field the problem is about (`from` or `to`) and the words to show there
 */
export function leaveProblem(from: string, to: string, today: string): { field: 'from' | 'to'; text: string } | undefined {
  if (!isDay(from)) return { field: 'from', text: 'Enter the first day of leave as a real date' };
  if (!isDay(to)) return { field: 'to', text: 'Enter the last day of leave as a real date' };
  if (to < from) return { field: 'to', text: 'The last day of leave must be the same as or after the first day' };
  if (isDay(today) && to < today) return { field: 'to', text: 'The last day of leave must be today or later' };
  if (to > addDays(from, MAX_LEAVE_DAYS - 1)) return { field: 'to', text: `Leave can be at most ${MAX_LEAVE_DAYS} days: record a longer absence in parts` };
  return undefined;
}

/**
 * The days (Europe/London) a visit touches: the day it starts and, for a visit across midnight, each day
 * up to the one its expected end is on (at most two, since a visit lasts at most 24 hours). A buddy must be
 * available on every one of them. Unreadable times give no day (the caller has refused them already).
 */
export function visitDays(startAt: Date, endAt: Date | null): string[] {
  const start = startAt instanceof Date ? startAt.getTime() : Number.NaN;
  if (!Number.isFinite(start)) return [];
  const first = londonDay(new Date(start));
  const end = endAt instanceof Date ? endAt.getTime() : Number.NaN;
  if (!Number.isFinite(end) || end <= start) return [first];
  const last = londonDay(new Date(end));
  const days = [first];
  for (let d = first; d < last && days.length < 3; ) days.push((d = addDays(d, 1)));
  return days;
}

/** Whether any of `days` falls in any of the leave `periods` (both ends included). */
export function onLeave(periods: readonly LeavePeriod[], days: readonly string[]): boolean {
  return days.some((day) => periods.some((p) => p.from <= day && day <= p.to));
}

/** How far ahead of the server a phone's clock may be and its check-out time still count (2 minutes). */
export const CHECK_OUT_SKEW_MS = 2 * MINUTE;
/** How old a phone's time of a check-out held offline may be and still count (12 hours). */
export const CHECK_OUT_MAX_AGE_MS = 12 * HOUR;

/** Why a check-out counts at the server's receipt rather than at the phone's time. */
export type CheckOutTimeReason = 'no-phone-time' | 'before-start' | 'future' | 'too-old';

/**
 * The time a check-out counts at. A check-out held on a phone while it was offline arrives late; its
 * phone time counts when it is plausible: not before `notBefore` (the check-in, or the visit's start when
 * there was none), not ahead of the receipt by more than {@link CHECK_OUT_SKEW_MS} (a time a little ahead
 * counts as the receipt: no check-out is later than its arrival), and not older than
 * {@link CHECK_OUT_MAX_AGE_MS}. Otherwise the receipt counts, and `why` says so. Fails towards the
 * receipt (the later time, so towards escalating): an unreadable phone time is no phone time.
 * @param phoneAt the phone's time of the action (ISO), or null
 * @param receivedAt when the server received it
 * @param notBefore the earliest plausible time (ISO): the check-in, else the visit's start
 */
export function checkOutTime(phoneAt: string | null | undefined, receivedAt: Date, notBefore: string): { at: string; clock: 'phone' | 'server'; why?: CheckOutTimeReason } {
  return phoneTime('checkOutTime', phoneAt, receivedAt, instant(notBefore), 'before-start');
}

/**
 * The rules a check-out's and a check-in's phone time share: the phone's time counts (at most the
 * receipt) unless it is missing or unreadable, before `earliest` (`tooEarly` says why), more than
 * {@link CHECK_OUT_SKEW_MS} ahead of the receipt, or older than {@link CHECK_OUT_MAX_AGE_MS}.
 */
function phoneTime<W extends string>(name: string, phoneAt: string | null | undefined, receivedAt: Date, earliest: number | null, tooEarly: W): { at: string; clock: 'phone' | 'server'; why?: W | 'no-phone-time' | 'future' | 'too-old' } {
  const received = receivedAt instanceof Date ? receivedAt.getTime() : Number.NaN;
  if (!Number.isFinite(received)) throw new RangeError(`${name} needs a real receipt time`);
  const server = { at: new Date(received).toISOString(), clock: 'server' as const };
  const phone = instant(phoneAt);
  if (phone === null) return { ...server, why: 'no-phone-time' };
  if (earliest !== null && phone < earliest) return { ...server, why: tooEarly };
  if (phone > received + CHECK_OUT_SKEW_MS) return { ...server, why: 'future' };
  if (phone < received - CHECK_OUT_MAX_AGE_MS) return { ...server, why: 'too-old' };
  return { at: new Date(Math.min(phone, received)).toISOString(), clock: 'phone' };
}

/** How long before the planned start a phone's time of a check-in may be and still count (1 hour): arriving early is usual, hours early is a wrong clock or a wrong visit. */
export const CHECK_IN_EARLY_MS = 60 * MINUTE;

/** Why a check-in counts at the server's receipt rather than at the phone's time. */
export type CheckInTimeReason = 'no-phone-time' | 'too-early' | 'after-check-out' | 'future' | 'too-old';

/**
 * The time a check-in counts at. A check-in held on a phone while it was offline arrives late; its phone
 * time counts when it is plausible: not more than {@link CHECK_IN_EARLY_MS} before the planned start, not
 * after the check-out when that came first (the outbox sent them out of order), and, as for a check-out,
 * not ahead of the receipt by more than {@link CHECK_OUT_SKEW_MS} (a little ahead counts as the receipt: no
 * check-in is later than its arrival) and not older than {@link CHECK_OUT_MAX_AGE_MS}. Otherwise the
 * receipt counts, and `why` says so; an unreadable phone time is no phone time. The check-in is the floor
 * of a later check-out's phone time ({@link checkOutTime}), so a check-in time too early would let a
 * check-out too early count: hence the bound before the start.
 * @param phoneAt the phone's time of the action (ISO), or null
 * @param receivedAt when the server received it
 * @param visit the planned start (ISO) and, when the check-out is already recorded, the time it counts at
 */
export function checkInTime(phoneAt: string | null | undefined, receivedAt: Date, visit: { startsAt: string; checkedOutAt?: string | null }): { at: string; clock: 'phone' | 'server'; why?: CheckInTimeReason } {
  const start = instant(visit.startsAt);
  const counted = phoneTime('checkInTime', phoneAt, receivedAt, start === null ? null : start - CHECK_IN_EARLY_MS, 'too-early');
  const out = instant(visit.checkedOutAt);
  if (counted.clock === 'phone' && out !== null && Date.parse(counted.at) > out) return { at: receivedAt.toISOString(), clock: 'server', why: 'after-check-out' };
  return counted;
}

/**
 * Who stands in for someone on the route who cannot act (a line manager on leave): the people of the
 * first step after `fromStep` on the route with anyone available other than the person passed over (for
 * Appendix D's route: the service manager, then those the police step alerts), else whoever of `fallback`
 * (the safety team, who stand in for anyone missing) is available, else nobody: then the caller keeps the
 * alert with the person passed over (an alert is never lost) and records that. A `fromStep` not on the
 * route looks at every step. Pure: the caller says who each step alerts and who is available.
 * @param peopleOf the accounts a step alerts, before any standing in
 * @param available whether an account can act now (enabled, not on leave that day)
 * @returns the step whose people stand in (null: the fallback) and their ids, in route order, once each
 */
export function standIn(
  route: EscalationRoute,
  fromStep: string,
  passedOver: string,
  peopleOf: (step: EscalationStep) => readonly string[],
  available: (id: string) => boolean,
  fallback: readonly string[],
): { step: string | null; ids: string[] } | undefined {
  const can = (ids: readonly string[]) => [...new Set(ids.filter((id) => id !== passedOver && available(id)))];
  const from = route.steps.findIndex((s) => s.id === fromStep);
  for (const step of route.steps.slice(from + 1)) {
    const ids = can(peopleOf(step));
    if (ids.length) return { step: step.id, ids };
  }
  const ids = can(fallback);
  return ids.length ? { step: null, ids } : undefined;
}
