/**
 * Lone working (#16): a planned visit, its check-in and check-out, and the escalation when no check-out
 * comes. Every rule (when each step falls due, what a duress check-out starts, a visit's status, London
 * wall times) is core's (`lone-working/visits.ts`); this file stores, seals, notifies and audits.
 *
 * - The escalation is a durable job per step due time. Each step is a row in `visit_alerts` with a unique
 *   (visit, step) key, written in the transaction that writes its notices: a step fires once whether the
 *   job runs twice, the clock jumps over several steps (they fire in order), or two servers run.
 * - Who is alerted: the buddy; the staff member's line manager; the line manager's manager (the service
 *   manager); at the police step, both managers and the safety team. Anyone missing (no manager on the
 *   account) is replaced by the safety team, so an alert always reaches somebody. A disabled or deleted
 *   staff account still escalates.
 * - A late check-out, or someone alerted recording that the person is safe, closes the escalation and
 *   tells everyone it alerted. A duress code checks out exactly as the normal code does on screen, and
 *   starts the escalation at once at the police step.
 * - Notices say what to do and link to the escalation page: never a name, an address or the visit.
 * - Leave: each account records its own (first and last day, Europe/London), its line manager may record
 *   it for them; a buddy on leave on a day the visit touches is refused when the visit is planned.
 * - A check-in or check-out may carry an idempotency key (a phone that was offline sends its queued action
 *   when back online, perhaps twice): the key is stored in the transaction of the change, and the same key
 *   again is answered as the first time and changes nothing (no second event, no escalation closed twice).
 * - A check-out counts at the phone's time when it is plausible (core's `checkOutTime`: not before the
 *   check-in or the start, at most 2 minutes ahead, at most 12 hours old), else at receipt; both times and
 *   why are audited, the receipt kept on the visit. A late-arriving one closes an open escalation as any
 *   late check-out does, and the week's "on time" counts it at the phone's time.
 * - The traffic-light result of a visit is the band core's scorer gives the stored referral record the plan
 *   refers to (the route checks the planner may read it): never a band a page sent.
 * - Leave recorded after a visit was planned, on a day its buddy was to cover: the visit's owner and their
 *   line manager are told to choose another buddy, and until they do the buddy step alerts the line manager.
 * - A check-in counts at the phone's time when it is plausible (core's `checkInTime`: at most an hour before
 *   the start, at most 2 minutes ahead, at most 12 hours old, not after a check-out that arrived first), else
 *   at receipt; both times and why are audited, the receipt kept on the visit. It is the floor of the
 *   check-out's phone time.
 * - A line manager on leave on the day (their own leave, or they are the buddy on leave) is passed over by
 *   the line-manager step, by the buddy step that falls to them, and by the leave-after-planning notice:
 *   those go to whoever stands in (core's `standIn`: the people of the next step of the route with someone
 *   available, so for Appendix D's route the service manager, then the safety team), who may also open the
 *   visit's plan page to choose another buddy. Nobody available: the line manager all the same. Each is
 *   recorded on the alert (`passed_over`), audited (`visit.passed-over`) and shown on the escalation page;
 *   the notices say only that the line manager is on leave, never who.
 */
import { addDays, checkInTime, checkOutTime, classifyReferral, dueSteps, escalationPlan, leaveProblem, londonDay, londonDayStart, onLeave, standIn, visitDays, visitStatus, type EscalationRoute, type EscalationStep, type PlannedStep, type VisitStatus, type VisitTimes } from '@safety-forms/core';
import { hash, verify } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditLog } from '../audit/log.js';
import { can } from '../auth/permissions.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { Database, StoredRecordRow, VisitRow } from '../db/schema.js';
import { isUniqueViolation } from '../db/index.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Notifier } from '../notify/notifications.js';
import type { Accounts } from './accounts.js';
import type { Records } from './records.js';

export const VISIT_ESCALATION_JOB = 'visit-escalation';
/** Weekly (Monday morning): tells each manager whose team has a missing or old emergency contact form. */
export const EMERGENCY_CONTACT_CHECK_JOB = 'emergency-contact-check';

/** The Monday (YYYY-MM-DD) of the week `day` is in. */
export function weekOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

export const ARRANGEMENTS = { alone: 'Alone', joint: 'Joint visit', building: 'In a KCC building' } as const;
export type Arrangement = keyof typeof ARRANGEMENTS;
export const TRAFFIC_LIGHTS = { green: 'GREEN: go', amber: 'AMBER: proceed with caution', red: 'RED: stop' } as const;
export type TrafficLight = keyof typeof TRAFFIC_LIGHTS;
export const STATUS_LABELS: Record<VisitStatus, string> = { planned: 'Planned', 'in-progress': 'In progress', 'checked-out': 'Checked out', overdue: 'No call received', escalated: 'Escalated' };

/** What a visit holds in its sealed column. */
export interface VisitDetail {
  /** The case system reference. */
  reference: string;
  /** Non-specific, as the procedure says ("visit to Mum's address"). */
  description: string;
  /** The full location: shown only to those an open escalation alerts. */
  location: string;
  jointWith: string;
  /** RED: the manager's agreement to a joint visit, or the individual risk assessment. */
  redAgreement: string;
}

export interface PlanInput {
  startsAt: Date;
  endsAt: Date | null;
  endOfDayAt: Date;
  buddyUsername: string;
  arrangement: Arrangement;
  /**
   * The band for callers in this process that have no record (tests, the bench). Ignored when
   * `referralId` is given; the plan page never sends one.
   */
  trafficLight?: TrafficLight | null;
  /** The stored traffic-light referral this visit refers to (the caller has checked the planner may read it): its band is computed here. */
  referralId?: string | null;
  detail: VisitDetail;
}

/** What the plan page says of a referral it refers to: its reference and the band computed from it. */
export interface ReferralUse {
  id: string;
  reference: string;
  band: TrafficLight;
  /** "RED: STOP" */
  title: string;
}

export type CheckOutResult = { ok: true } | { ok: false; text: string };

/** What a client sent with a check-in or check-out from its queue: its idempotency key and its own time of the action. */
export interface SentAction {
  key?: string;
  /** ISO; kept beside the server's time (the visit's times stay the server's). */
  clientAt?: string | null;
}

/** A period of leave as a page shows it. */
export interface LeaveView {
  id: string;
  accountId: string;
  name: string;
  from: string;
  to: string;
  /** Recorded by someone else (their line manager). */
  byOther: boolean;
}

export const LEAVE_REFUSED = 'Your buddy is on leave on that day: choose another buddy';

/**
 * Someone a step would have alerted and passed over (stored as JSON in `visit_alerts.passed_over`, audited
 * as `visit.passed-over`, shown on the escalation page): the buddy or the line manager, on leave that day.
 */
export interface PassedOver {
  account: string;
  role: 'buddy' | 'line-manager';
  reason: 'on-leave';
  /** passed: the alert went on to `toStep`'s people (no `toStep`: the safety team); kept: nobody else on the route could act, so it went to them all the same. */
  outcome: 'passed' | 'kept';
  toStep?: string;
}

/** What the escalation page says of someone passed over (names are for the page only, never a notice). */
export function passedOverText(p: PassedOver, name: string, stepLabel: (id: string) => string | undefined): string {
  const who = `${p.role === 'buddy' ? 'The buddy' : 'The line manager'}, ${name},`;
  if (p.outcome === 'kept') return `${who} was on leave, but nobody else on the escalation route was available: alerted all the same.`;
  return `${who} was on leave: passed over for ${p.toStep ? `the ${stepLabel(p.toStep)?.toLowerCase() ?? p.toStep} step` : 'the safety team'}.`;
}

/** The people of a visit's route, enabled accounts only (see the module comment). */
interface RoutePeople {
  buddy?: string;
  manager?: string;
  serviceManager?: string;
  /** The safety team, read once and only when needed (it reads every account). */
  safety: () => Promise<string[]>;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
/** 'Tuesday 8 December 2026' of a YYYY-MM-DD day. */
export const dayText = (day: string) => {
  const p = Object.fromEntries(dayFormat.formatToParts(new Date(`${day}T12:00:00Z`)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
};
/** What the visit's owner is told (in-app, email, and on the plan page) when their buddy is on leave on `day`. */
export const buddyOnLeaveText = (day: string) => `Your buddy is on leave on ${dayText(day)}: choose another buddy`;

export const RED_REFUSED = "A RED visit cannot be a lone visit: record the manager's agreement to a joint visit or the individual risk assessment";
/** The same words whether there is no such record or the planner may not read it. */
export const REFERRAL_UNKNOWN = 'There is no traffic light referral with that reference that you can use: check the reference, or complete the referral below';

/** A visit not finished: not cancelled, not checked out, not resolved. */
const unfinished = (v: VisitRow) => !v.cancelled_at && !v.checked_out_at && !v.resolved_at;

/** A readable client time (ISO instant), or null. */
function clientTime(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(t).toISOString() : null;
}

export class Visits {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly accounts: Accounts,
    private readonly records: Records,
    private readonly notifier: Notifier,
    private readonly jobs: JobQueue,
    private readonly route: EscalationRoute,
    private readonly clock: () => Date = () => new Date(),
    /** An emergency contact form older than this many days is out of date (Appendix A: keep it up to date). */
    private readonly contactMaxDays = 365,
  ) {}

  register(): void {
    this.jobs.handle(VISIT_ESCALATION_JOB, (_job, payload) => this.escalate(String(payload.visitId)).then(() => undefined));
    this.jobs.handle(EMERGENCY_CONTACT_CHECK_JOB, () => this.remindEmergencyContacts().then(() => undefined));
  }

  /** Schedules the next weekly emergency-contact check (at start, and by each check for the next week). */
  async scheduleContactCheck(): Promise<void> {
    const monday = addDays(weekOf(londonDay(this.clock())), 7);
    const dueAt = new Date(londonDayStart(monday).getTime() + 8 * 3_600_000);
    await this.jobs.enqueue({ kind: EMERGENCY_CONTACT_CHECK_JOB, payload: { week: monday }, dueAt, uniqueKey: `${EMERGENCY_CONTACT_CHECK_JOB}:${monday}` });
  }

  /** Each team member's newest emergency contact form: missing, out of date (older than the configured age), or its day. */
  async contactStatus(accountIds: readonly string[]) {
    const today = londonDay(this.clock());
    const oldest = addDays(today, -this.contactMaxDays);
    return Promise.all(
      accountIds.map(async (id) => {
        const page = await this.records.list({ submitterIds: [id], formId: 'emergency-contact', page: 1, pageSize: 1 });
        const newest = page.rows[0];
        const account = await this.accounts.get(id);
        const day = newest ? londonDay(new Date(newest.receivedAt)) : null;
        return { id, name: account ? this.accounts.displayName(account) : 'A former account', disabled: !!account?.disabled, day, missing: !day, old: !!day && day < oldest };
      }),
    );
  }

  /** The weekly job: one notice per manager with a team member whose form is missing or out of date; then next week's job. */
  async remindEmergencyContacts(): Promise<number> {
    const managers = new Map<string, string[]>();
    for (const a of await this.accounts.list()) if (a.managerId && !a.disabled) managers.set(a.managerId, [...(managers.get(a.managerId) ?? []), a.id]);
    let told = 0;
    for (const [managerId, team] of managers) {
      const manager = await this.accounts.get(managerId);
      if (!manager || manager.disabled) continue;
      const stale = (await this.contactStatus(team)).filter((c) => c.missing || c.old);
      if (!stale.length) continue;
      await this.notifier.notify(managerId, { subject: 'Emergency contact forms need updating', body: `${stale.length} of your team ${stale.length === 1 ? 'has' : 'have'} no emergency contact form, or one that is out of date. Open the link to see who.`, link: '/visits/team' });
      told++;
    }
    await this.scheduleContactCheck();
    return told;
  }

  /**
   * Use of lone working for a team, by week (Monday), newest first: visits planned, checked in, checked
   * out on time (by the expected end plus the grace period, or the end of day without one) and escalated.
   */
  async usage(staffIds: readonly string[], weeks = 8) {
    const today = londonDay(this.clock());
    const from = addDays(weekOf(today), -7 * (weeks - 1));
    const rows = staffIds.length ? await this.db.selectFrom('visits').selectAll().where('staff_id', 'in', [...staffIds]).where('day', '>=', from).where('cancelled_at', 'is', null).execute() : [];
    const escalated = new Set(
      rows.length
        ? (await this.db.selectFrom('visit_alerts').select('visit_id').where('visit_id', 'in', rows.map((r) => r.id)).execute()).map((a) => a.visit_id)
        : [],
    );
    const grace = this.route.graceMinutes * 60_000;
    const byWeek = new Map<string, { week: string; planned: number; checkedIn: number; onTime: number; escalated: number }>();
    for (let i = 0; i < weeks; i++) {
      const week = addDays(weekOf(today), -7 * i);
      byWeek.set(week, { week, planned: 0, checkedIn: 0, onTime: 0, escalated: 0 });
    }
    for (const v of rows) {
      const w = byWeek.get(weekOf(v.day));
      if (!w) continue;
      w.planned++;
      if (v.checked_in_at) w.checkedIn++;
      const deadline = Date.parse(v.ends_at ?? v.end_of_day_at) + (v.ends_at ? grace : 0);
      if (v.checked_out_at && !v.duress_at && Date.parse(v.checked_out_at) <= deadline) w.onTime++;
      if (escalated.has(v.id)) w.escalated++;
    }
    return [...byWeek.values()];
  }

  private now(): string {
    return this.clock().toISOString();
  }

  detailOf(v: VisitRow): VisitDetail {
    return this.sealer.openJson<VisitDetail>(v.detail_enc, aad('visits', 'detail_enc', v.id));
  }

  private times(v: VisitRow): VisitTimes {
    return { expectedEndAt: v.ends_at, checkedOutAt: v.checked_out_at, duressAt: v.duress_at, endOfDayAt: v.end_of_day_at, resolvedAt: v.resolved_at ?? (v.cancelled_at ? v.cancelled_at : null) };
  }

  private async fired(visitId: string, trx: Kysely<Database> | Transaction<Database> = this.db) {
    return trx.selectFrom('visit_alerts').selectAll().where('visit_id', '=', visitId).orderBy('due_at').orderBy('fired_at').execute();
  }

  /** The next step's job (if one is still to come), keyed by its step so it is enqueued once. */
  private async scheduleNext(v: VisitRow, fired: readonly string[], trx?: Transaction<Database>) {
    const next = escalationPlan(this.times(v), this.route).find((s) => !fired.includes(s.id));
    if (!next) return;
    await this.jobs.enqueue({ kind: VISIT_ESCALATION_JOB, payload: { visitId: v.id }, dueAt: new Date(next.dueAt), uniqueKey: `${VISIT_ESCALATION_JOB}:${v.id}:${next.id}:${next.dueAt}` }, trx);
  }

  /** Plans a visit; `staffId` is the lone worker. */
  async plan(staffId: string, input: PlanInput, requestId: string): Promise<{ ok: true; id: string } | { ok: false; field: string; text: string }> {
    const buddy = await this.accounts.byUsername(input.buddyUsername.trim());
    if (!buddy || buddy.disabled) return { ok: false, field: 'buddy', text: 'There is no active account with that username: choose an available buddy' };
    if (buddy.id === staffId) return { ok: false, field: 'buddy', text: 'Your buddy must be someone else' };
    if (!can(JSON.parse(buddy.roles) as string[], 'visit.plan')) return { ok: false, field: 'buddy', text: 'That account cannot be a buddy' };
    if (await this.isOnLeave(buddy.id, visitDays(input.startsAt, input.endsAt))) return { ok: false, field: 'buddy', text: LEAVE_REFUSED };
    let light: TrafficLight | null = input.trafficLight ?? null;
    if (input.referralId) {
      const referral = await this.referral(input.referralId);
      if (!referral) return { ok: false, field: 'referralReference', text: REFERRAL_UNKNOWN };
      if (referral === 'incomplete') return { ok: false, field: 'referralReference', text: 'That traffic light referral has no result: complete a new one for this visit' };
      light = referral.band;
    }
    // RED: STOP. Not as a lone visit without the manager's agreement to a joint visit or an individual risk assessment.
    if (light === 'red' && input.arrangement === 'alone' && !input.detail.redAgreement.trim()) return { ok: false, field: 'redAgreement', text: RED_REFUSED };
    const id = randomUUID();
    const at = this.now();
    const row: VisitRow = {
      id,
      staff_id: staffId,
      buddy_id: buddy.id,
      starts_at: input.startsAt.toISOString(),
      ends_at: input.endsAt?.toISOString() ?? null,
      end_of_day_at: input.endOfDayAt.toISOString(),
      day: londonDay(input.startsAt),
      arrangement: input.arrangement,
      traffic_light: light,
      referral_id: input.referralId ?? null,
      detail_enc: this.sealer.sealJson(input.detail, aad('visits', 'detail_enc', id)),
      checked_in_at: null,
      checked_in_received_at: null,
      checked_out_at: null,
      checked_out_received_at: null,
      duress_at: null,
      resolved_at: null,
      resolved_by: null,
      cancelled_at: null,
      created_at: at,
      updated_at: at,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('visits').values(row).execute();
      await this.scheduleNext(row, [], trx);
      await this.audit.append({ actorId: staffId, actorKind: 'account', action: 'visit.plan', targetKind: 'visit', targetId: id, outcome: 'ok', requestId, detail: { buddy: buddy.id, arrangement: input.arrangement, trafficLight: light, referral: input.referralId ?? null } }, trx);
    });
    return { ok: true, id };
  }

  /**
   * The band of a stored traffic-light referral, computed by core's scorer from the record's answers (the
   * band the page showed, or the envelope's `result`, is never read). Undefined when it is not a referral.
   */
  async referral(recordId: string): Promise<ReferralUse | 'incomplete' | undefined> {
    const row = await this.records.get(recordId);
    if (!row || row.form_id !== 'traffic-light-referral') return undefined;
    return this.referralOf(row);
  }

  /** {@link referral} of a row already read (the route's, after its permission check). */
  referralOf(row: StoredRecordRow): ReferralUse | 'incomplete' | undefined {
    if (row.form_id !== 'traffic-light-referral') return undefined;
    const result = classifyReferral(this.records.view(row).payload.envelope.data);
    if (result.status === 'incomplete') return 'incomplete';
    return { id: row.id, reference: row.reference, band: result.status, title: result.title };
  }

  get(id: string): Promise<VisitRow | undefined> {
    return this.db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * A visit as a list shows it: its status now, and how far an escalation went. A list passes what it
   * read for all its visits at once (`known`: alerts fired per visit, names per account), so a day of
   * 1,000 visits costs two queries, not 2,000.
   */
  async view(v: VisitRow, known?: { alerts: Map<string, number>; names: Map<string, string> }) {
    const alerts = known ? known.alerts.get(v.id) ?? 0 : (await this.fired(v.id)).length;
    const status = visitStatus({ ...this.times(v), checkedInAt: v.checked_in_at, firedSteps: alerts }, this.clock(), this.route);
    let staffName = known?.names.get(v.staff_id);
    if (staffName === undefined) {
      const staff = await this.accounts.get(v.staff_id);
      staffName = staff ? this.accounts.displayName(staff) : 'A former account';
    }
    const d = this.detailOf(v);
    return {
      id: v.id,
      staffName,
      startsAt: v.starts_at,
      endsAt: v.ends_at,
      description: d.description,
      reference: d.reference,
      arrangement: ARRANGEMENTS[v.arrangement as Arrangement] ?? v.arrangement,
      trafficLight: v.traffic_light,
      status,
      statusLabel: STATUS_LABELS[status],
      checkedInAt: v.checked_in_at,
      checkedOutAt: v.checked_out_at,
      alerts,
      cancelled: !!v.cancelled_at,
    };
  }

  /**
   * The staff member's visits of `day`, in time order. A duress check-out shows here as a plain
   * check-out: whoever made them check out may be looking at this screen.
   */
  async mine(staffId: string, day: string) {
    const rows = await this.db.selectFrom('visits').selectAll().where('staff_id', '=', staffId).where('day', '=', day).where('cancelled_at', 'is', null).orderBy('starts_at').execute();
    const known = await this.known(rows);
    return Promise.all(
      rows.map(async (r) => {
        const v = await this.view(r, known);
        return r.checked_out_at ? { ...v, status: 'checked-out' as VisitStatus, statusLabel: STATUS_LABELS['checked-out'], alerts: 0 } : v;
      }),
    );
  }

  /** The buddy's day: their partners' visits of `day` with their status. */
  async buddying(buddyId: string, day: string) {
    const rows = await this.db.selectFrom('visits').selectAll().where('buddy_id', '=', buddyId).where('day', '=', day).where('cancelled_at', 'is', null).orderBy('starts_at').execute();
    const known = await this.known(rows);
    return Promise.all(rows.map((r) => this.view(r, known)));
  }

  /** The alerts fired per visit and the names of the staff of `rows`, read once for a list (in chunks, under the databases' parameter limits). */
  private async known(rows: readonly VisitRow[]) {
    const alerts = new Map<string, number>();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const counts = await this.db.selectFrom('visit_alerts').select('visit_id').where('visit_id', 'in', ids.slice(i, i + 500)).execute();
      for (const c of counts) alerts.set(c.visit_id, (alerts.get(c.visit_id) ?? 0) + 1);
    }
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.staff_id))) {
      const staff = await this.accounts.get(id);
      names.set(id, staff ? this.accounts.displayName(staff) : 'A former account');
    }
    return { alerts, names };
  }

  /**
   * Checks in; twice (a retry, a double tap, a queued check-in sent again) counts once.
   * @returns false when it is not their visit (or none, or cancelled), or the key was used for something else
   */
  async checkIn(visitId: string, staffId: string, requestId: string, sent: SentAction = {}): Promise<boolean> {
    const v = await this.get(visitId);
    if (!v || v.staff_id !== staffId || v.cancelled_at) return false;
    const seen = await this.seenKey(sent.key, staffId, visitId, 'check-in');
    if (seen !== 'new') return seen === 'replay';
    if (v.checked_in_at) return true; // twice (a retry): once
    const at = this.now();
    // The time that counts: the phone's for a check-in held offline, when plausible (core's checkInTime).
    const counted = checkInTime(clientTime(sent.clientAt), new Date(at), { startsAt: v.starts_at, checkedOutAt: v.checked_out_at });
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.storeKey(trx, sent, staffId, visitId, 'check-in');
        const changed = await trx.updateTable('visits').set({ checked_in_at: counted.at, checked_in_received_at: at, updated_at: at }).where('id', '=', visitId).where('checked_in_at', 'is', null).executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) return;
        await this.audit.append({ actorId: staffId, actorKind: 'account', action: 'visit.check-in', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId, detail: { ...this.sentDetail(sent), receivedAt: at, countedAt: counted.at, clock: counted.clock, ...(counted.why ? { why: counted.why } : {}) } }, trx);
      });
    } catch (error) {
      if (!(sent.key && isUniqueViolation(error))) throw error; // the same key at the same moment: the other one did it
    }
    return true;
  }

  /** Whether a key was seen: new (or none given), a replay of the same action, or a conflict (another account, visit or action). */
  private async seenKey(key: string | undefined, staffId: string, visitId: string, action: string): Promise<'new' | 'replay' | 'conflict'> {
    if (!key) return 'new';
    const row = await this.db.selectFrom('visit_action_keys').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) return 'new';
    return row.account_id === staffId && row.visit_id === visitId && row.action === action ? 'replay' : 'conflict';
  }

  private async storeKey(trx: Transaction<Database>, sent: SentAction, staffId: string, visitId: string, action: string) {
    if (!sent.key) return;
    await trx.insertInto('visit_action_keys').values({ key: sent.key, account_id: staffId, visit_id: visitId, action, client_at: clientTime(sent.clientAt), received_at: this.now() }).execute();
  }

  /** What the audit entry says of a queued action: that it came with a key, and the client's time (no personal data). */
  private sentDetail(sent: SentAction): Record<string, string | boolean | null> | undefined {
    return sent.key ? { keyed: true, clientAt: clientTime(sent.clientAt) } : undefined;
  }

  /** A new expected end (one tap, a new time): the escalation moves with it. */
  async extend(visitId: string, staffId: string, endsAt: Date, requestId: string): Promise<boolean> {
    const v = await this.get(visitId);
    if (!v || v.staff_id !== staffId || v.cancelled_at || v.checked_out_at) return false;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('visits').set({ ends_at: endsAt.toISOString(), updated_at: this.now() }).where('id', '=', visitId).execute();
      const fired = (await this.fired(visitId, trx)).map((a) => a.step);
      await this.scheduleNext({ ...v, ends_at: endsAt.toISOString() }, fired, trx);
      await this.audit.append({ actorId: staffId, actorKind: 'account', action: 'visit.extend', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId }, trx);
    });
    return true;
  }

  /** Whether `accountId` has leave on any of `days`. */
  async isOnLeave(accountId: string, days: readonly string[]): Promise<boolean> {
    if (!days.length) return false;
    const sorted = [...days].sort();
    const rows = await this.db.selectFrom('visit_leave').select(['from_day', 'to_day']).where('account_id', '=', accountId).where('to_day', '>=', sorted[0]!).where('from_day', '<=', sorted[sorted.length - 1]!).execute();
    return onLeave(rows.map((r) => ({ from: r.from_day, to: r.to_day })), days);
  }

  /** Leave of `accountIds` that has not ended by `fromDay`, soonest first. */
  async leaveOf(accountIds: readonly string[], fromDay = londonDay(this.clock())): Promise<LeaveView[]> {
    if (!accountIds.length) return [];
    const rows = await this.db.selectFrom('visit_leave').selectAll().where('account_id', 'in', [...accountIds]).where('to_day', '>=', fromDay).orderBy('from_day').orderBy('to_day').orderBy('created_at').execute();
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.account_id))) {
      const a = await this.accounts.get(id);
      names.set(id, a ? this.accounts.displayName(a) : 'A former account');
    }
    return rows.map((r) => ({ id: r.id, accountId: r.account_id, name: names.get(r.account_id)!, from: r.from_day, to: r.to_day, byOther: r.recorded_by !== r.account_id }));
  }

  /**
   * Records leave for `accountId` (by themselves, or by their line manager: the caller has checked which).
   * @returns the problem (its field and words) when the days are refused
   */
  async addLeave(accountId: string, from: string, to: string, byId: string, requestId: string): Promise<{ ok: true; id: string } | { ok: false; field: 'from' | 'to'; text: string }> {
    const problem = leaveProblem(from, to, londonDay(this.clock()));
    if (problem) return { ok: false, ...problem };
    const id = randomUUID();
    // Read before the transaction (SQLite has one connection: nothing outside it may be awaited inside it).
    const away = await this.buddyAway(accountId, from, to);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('visit_leave').values({ id, account_id: accountId, from_day: from, to_day: to, recorded_by: byId, created_at: this.now() }).execute();
      await this.audit.append({ actorId: byId, actorKind: 'account', action: 'visit.leave-add', targetKind: 'account', targetId: accountId, outcome: 'ok', requestId, detail: { leave: id, from, to } }, trx);
      for (const a of away) {
        for (const n of a.notices) await this.notifier.notify(n.to, n.notice, trx);
        await this.audit.append({ actorId: null, actorKind: 'system', action: 'visit.buddy-away', targetKind: 'visit', targetId: a.visitId, outcome: 'ok', requestId, detail: { day: a.day, told: a.notices.length } }, trx);
        if (a.passedOver) await this.audit.append({ actorId: null, actorKind: 'system', action: 'visit.passed-over', targetKind: 'visit', targetId: a.visitId, outcome: 'ok', requestId, detail: { notice: 'buddy-away', day: a.day, ...a.passedOver } }, trx);
      }
    });
    return { ok: true, id };
  }

  /**
   * Leave of `buddyId` from `from` to `to` is being recorded: every unfinished visit they are buddy for on
   * one of those days tells its owner and the owner's line manager to choose another buddy (no manager: the
   * safety team, who the buddy step then falls to; a line manager on leave that day: whoever stands in). The
   * caller sends them in the leave's transaction.
   */
  private async buddyAway(buddyId: string, from: string, to: string) {
    const rows = await this.db.selectFrom('visits').selectAll().where('buddy_id', '=', buddyId).where('day', '>=', addDays(from, -1)).where('day', '<=', to).where('cancelled_at', 'is', null).where('checked_out_at', 'is', null).where('resolved_at', 'is', null).execute();
    const out: { visitId: string; day: string; notices: { to: string; notice: { subject: string; body: string; link: string } }[]; passedOver?: PassedOver }[] = [];
    for (const v of rows) {
      const day = visitDays(new Date(v.starts_at), v.ends_at ? new Date(v.ends_at) : null).find((d) => from <= d && d <= to);
      if (!day) continue;
      const staff = await this.accounts.get(v.staff_id);
      const people = await this.routePeople(v);
      // A line manager on leave that day (or who is this buddy) is passed over: whoever stands in is told, and may choose the buddy.
      const lm = await this.lineManagerOn(people, day, 'buddy', [buddyId]);
      const passed = lm.passed?.outcome === 'passed';
      const link = `/visits/${v.id}/plan`;
      const notices = [];
      if (staff && !staff.disabled) notices.push({ to: staff.id, notice: { subject: buddyOnLeaveText(day), body: `The buddy of one of your planned visits is now on leave that day. Open the link and choose another buddy. Until you do, ${passed ? 'since your line manager is on leave that day too, the next manager on the escalation route is' : 'your line manager is'} alerted instead if you do not check out.`, link } });
      const body = passed
        ? "The buddy of a visit planned by someone in your service is now on leave that day, and their line manager is on leave too. Open the link to choose another buddy. Until one is chosen, the buddy's alert comes to you."
        : `The buddy of a visit planned by someone you manage is now on leave that day. Open the link to choose another buddy. Until one is chosen, the buddy's alert comes to you.${lm.passed ? ' You are recorded as on leave that day, but nobody else on the escalation route is available.' : ''}`;
      for (const m of lm.ids.length ? lm.ids : await people.safety()) notices.push({ to: m, notice: { subject: `A buddy in your team is on leave on ${dayText(day)}: choose another buddy`, body, link } });
      out.push({ visitId: v.id, day, notices, passedOver: lm.passed });
    }
    return out;
  }

  /** The first day of the visit its buddy is on leave, or undefined (then they are its buddy as planned). */
  async buddyLeaveDay(v: Pick<VisitRow, 'buddy_id' | 'starts_at' | 'ends_at'>): Promise<string | undefined> {
    const days = visitDays(new Date(v.starts_at), v.ends_at ? new Date(v.ends_at) : null);
    if (!days.length) return undefined;
    const rows = await this.db.selectFrom('visit_leave').select(['from_day', 'to_day']).where('account_id', '=', v.buddy_id).where('to_day', '>=', days[0]!).where('from_day', '<=', days[days.length - 1]!).execute();
    return days.find((d) => onLeave([...rows.map((r) => ({ from: r.from_day, to: r.to_day }))], [d]));
  }

  /** The staff member's unfinished visits from yesterday on whose buddy is on leave on one of its days: each needs another buddy. */
  async needingBuddy(staffId: string): Promise<{ id: string; startsAt: string; description: string; text: string }[]> {
    const rows = await this.db.selectFrom('visits').selectAll().where('staff_id', '=', staffId).where('day', '>=', addDays(londonDay(this.clock()), -1)).where('cancelled_at', 'is', null).where('checked_out_at', 'is', null).where('resolved_at', 'is', null).orderBy('starts_at').limit(500).execute();
    const out = [];
    for (const v of rows) {
      const day = await this.buddyLeaveDay(v);
      if (day) out.push({ id: v.id, startsAt: v.starts_at, description: this.detailOf(v).description, text: buddyOnLeaveText(day) });
    }
    return out;
  }

  /**
   * The visit's plan page may be opened (and its buddy changed) by its owner and by the owner's line
   * manager (who allocates buddies): 'owner', 'manager' or undefined. While the visit is unfinished, also
   * by whoever stands in for a line manager on leave today or on a day of the visit (the people the
   * leave-after-planning notice and the buddy step go to), or the safety team when there is no enabled
   * line manager (they are told instead).
   */
  async planAccess(v: VisitRow, accountId: string): Promise<'owner' | 'manager' | undefined> {
    if (v.staff_id === accountId) return 'owner';
    const staff = await this.accounts.get(v.staff_id);
    if (staff?.manager_id === accountId) return 'manager';
    if (!unfinished(v)) return undefined;
    const people = await this.routePeople(v);
    if (!people.manager) return (await people.safety()).includes(accountId) ? 'manager' : undefined;
    const days = new Set([londonDay(this.clock()), ...visitDays(new Date(v.starts_at), v.ends_at ? new Date(v.ends_at) : null)]);
    for (const day of days) {
      const lm = await this.lineManagerOn(people, day, 'buddy');
      if (lm.passed?.outcome === 'passed' && lm.ids.includes(accountId)) return 'manager';
    }
    return undefined;
  }

  /** The visit's plan as its page shows it: the times, the buddy (and their leave), the arrangement, the referral; `forOwner` as mine() shows it. */
  async planView(v: VisitRow, forOwner: boolean) {
    const buddy = await this.accounts.get(v.buddy_id);
    const leaveDay = unfinished(v) ? await this.buddyLeaveDay(v) : undefined;
    const referral = v.referral_id ? await this.records.get(v.referral_id) : undefined;
    const shown = await this.view(v);
    // A duress check-out looks like any check-out to its owner (see mine()).
    const status = forOwner && v.checked_out_at ? { status: 'checked-out' as VisitStatus, statusLabel: STATUS_LABELS['checked-out'] } : {};
    return {
      ...shown,
      ...status,
      day: v.day,
      buddyName: buddy ? this.accounts.displayName(buddy) : 'A former account',
      buddyUsername: buddy ? this.accounts.view(buddy).username : '',
      buddyOnLeave: leaveDay ? buddyOnLeaveText(leaveDay) : undefined,
      referralReference: referral?.reference,
      trafficLightLabel: v.traffic_light ? TRAFFIC_LIGHTS[v.traffic_light as TrafficLight] : undefined,
      finished: !unfinished(v),
    };
  }

  /**
   * Another buddy for a planned visit (by its owner or their line manager): the same checks as planning
   * (an active account that can be a buddy, not the staff member, not on leave on a day of the visit).
   */
  async changeBuddy(visitId: string, byId: string, username: string, requestId: string): Promise<{ ok: true } | { ok: false; text: string } | undefined> {
    const v = await this.get(visitId);
    if (!v || !unfinished(v)) return undefined;
    const buddy = await this.accounts.byUsername(username.trim());
    if (!username.trim()) return { ok: false, text: 'Enter the username of the new buddy for this visit' };
    if (!buddy || buddy.disabled) return { ok: false, text: 'There is no active account with that username: choose an available buddy' };
    if (buddy.id === v.staff_id) return { ok: false, text: 'The buddy must be someone other than the person making the visit' };
    if (!can(JSON.parse(buddy.roles) as string[], 'visit.plan')) return { ok: false, text: 'That account cannot be a buddy' };
    if (await this.isOnLeave(buddy.id, visitDays(new Date(v.starts_at), v.ends_at ? new Date(v.ends_at) : null))) return { ok: false, text: LEAVE_REFUSED };
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('visits').set({ buddy_id: buddy.id, updated_at: this.now() }).where('id', '=', visitId).execute();
      await this.audit.append({ actorId: byId, actorKind: 'account', action: 'visit.buddy', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId, detail: { from: v.buddy_id, to: buddy.id } }, trx);
    });
    return { ok: true };
  }

  /** The leave row, for the caller's check of whose it is. */
  getLeave(id: string) {
    return this.db.selectFrom('visit_leave').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Removes a period of leave (the caller has checked it is theirs or their team's). */
  async removeLeave(id: string, byId: string, requestId: string): Promise<boolean> {
    const row = await this.getLeave(id);
    if (!row) return false;
    await this.db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('visit_leave').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) return;
      await this.audit.append({ actorId: byId, actorKind: 'account', action: 'visit.leave-remove', targetKind: 'account', targetId: row.account_id, outcome: 'ok', requestId, detail: { leave: id, from: row.from_day, to: row.to_day } }, trx);
    });
    return true;
  }

  /**
   * Buddies to offer on the plan page for `day`: the staff member's line manager and the others they
   * manage, able to be a buddy, enabled and not on leave that day. Only a suggestion: any available
   * colleague's username is accepted.
   */
  async availableBuddies(staffId: string, day: string): Promise<{ username: string; name: string }[]> {
    const staff = await this.accounts.get(staffId);
    if (!staff?.manager_id) return [];
    const ids = [staff.manager_id, ...(await this.accounts.team(staff.manager_id))].filter((id) => id !== staffId);
    const out: { username: string; name: string }[] = [];
    for (const id of new Set(ids)) {
      const a = await this.accounts.get(id);
      if (!a || a.disabled || !can(JSON.parse(a.roles) as string[], 'visit.plan') || (await this.isOnLeave(id, [day]))) continue;
      const view = this.accounts.view(a);
      out.push({ username: view.username, name: view.displayName });
    }
    return out.sort((x, y) => x.name.localeCompare(y.name));
  }

  /** Whether the account has set its check-out and duress codes. */
  async hasCodes(accountId: string): Promise<boolean> {
    return !!(await this.db.selectFrom('checkout_codes').select('account_id').where('account_id', '=', accountId).executeTakeFirst());
  }

  async setCodes(accountId: string, normal: string, duress: string, requestId: string): Promise<void> {
    const [n, d] = await Promise.all([hash(normal), hash(duress)]);
    const at = this.now();
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('checkout_codes').select('account_id').where('account_id', '=', accountId).executeTakeFirst();
      if (existing) await trx.updateTable('checkout_codes').set({ normal_hash: n, duress_hash: d, updated_at: at }).where('account_id', '=', accountId).execute();
      else await trx.insertInto('checkout_codes').values({ account_id: accountId, normal_hash: n, duress_hash: d, updated_at: at }).execute();
      await this.audit.append({ actorId: accountId, actorKind: 'account', action: 'visit.codes', targetKind: 'account', targetId: accountId, outcome: 'ok', requestId }, trx);
    });
  }

  /**
   * Checks out. With codes set, the normal code checks out and the duress code checks out *the same way
   * on screen* and starts the escalation at the police step at once; anything else is refused. Twice
   * (an outbox retry, a double tap) counts once. A late check-out closes an open escalation and tells
   * everyone it alerted.
   */
  async checkOut(visitId: string, staffId: string, code: string, requestId: string, sent: SentAction = {}): Promise<CheckOutResult | undefined> {
    const v = await this.get(visitId);
    if (!v || v.staff_id !== staffId || v.cancelled_at) return undefined;
    const seen = await this.seenKey(sent.key, staffId, visitId, 'check-out');
    if (seen === 'conflict') return undefined;
    if (seen === 'replay' || v.checked_out_at) return { ok: true };
    const codes = await this.db.selectFrom('checkout_codes').selectAll().where('account_id', '=', staffId).executeTakeFirst();
    let duress = false;
    if (codes) {
      if (code && (await verify(codes.normal_hash, code).catch(() => false))) duress = false;
      else if (code && (await verify(codes.duress_hash, code).catch(() => false))) duress = true;
      else return { ok: false, text: 'Enter your check-out code' };
    }
    const at = this.now();
    // The time that counts: the phone's for a check-out held offline, when plausible: not before the check-in
    // (the time it counts at: its phone time when that was plausible) or, without one, the start.
    const counted = checkOutTime(clientTime(sent.clientAt), new Date(at), v.checked_in_at ?? v.starts_at);
    const alerted = await this.fired(visitId);
    let changedHere = false;
    try {
      await this.db.transaction().execute(async (trx) => {
        await this.storeKey(trx, sent, staffId, visitId, 'check-out');
        const changed = await trx
          .updateTable('visits')
          // A duress check-out is stored as any other (the same times); its escalation starts now, at receipt.
          .set({ checked_out_at: counted.at, checked_out_received_at: at, duress_at: duress ? at : null, updated_at: at })
          .where('id', '=', visitId)
          .where('checked_out_at', 'is', null)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) return;
        if (duress) {
          await this.jobs.enqueue({ kind: VISIT_ESCALATION_JOB, payload: { visitId }, dueAt: new Date(at), uniqueKey: `${VISIT_ESCALATION_JOB}:${visitId}:duress` }, trx);
        } else if (alerted.length && !v.resolved_at) {
          await trx.updateTable('visits').set({ resolved_at: at, resolved_by: staffId }).where('id', '=', visitId).execute();
          await this.tellEveryoneAlerted(trx, visitId, alerted, 'The lone worker has checked out', 'The lone worker you were alerted about has now checked out. The escalation is closed.');
        }
        // The audit says "check-out" in both cases: the duress is recorded by the escalation it starts.
        await this.audit.append({ actorId: staffId, actorKind: 'account', action: 'visit.check-out', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId, detail: { late: alerted.length > 0, ...this.sentDetail(sent), receivedAt: at, countedAt: counted.at, clock: counted.clock, ...(counted.why ? { why: counted.why } : {}) } }, trx);
        changedHere = true;
      });
    } catch (error) {
      if (!(sent.key && isUniqueViolation(error))) throw error; // the same key at the same moment: the other one did it
    }
    if (duress && changedHere) await this.escalate(visitId); // at once, not at the next poll
    return { ok: true };
  }

  private async tellEveryoneAlerted(trx: Transaction<Database>, visitId: string, alerts: { recipients: string }[], subject: string, body: string) {
    const everyone = new Set(alerts.flatMap((a) => JSON.parse(a.recipients) as string[]));
    for (const id of everyone) await this.notifier.notify(id, { subject, body, link: `/visits/${visitId}/escalation` }, trx);
  }

  private safetyTeam(): Promise<string[]> {
    return this.accounts.holding('visit.escalation-any');
  }

  /** The visit's buddy, line manager, service manager (the line manager's manager) and the safety team: enabled accounts only. */
  private async routePeople(v: Pick<VisitRow, 'staff_id' | 'buddy_id'>): Promise<RoutePeople> {
    const active = async (id: string | null | undefined) => {
      if (!id) return undefined;
      const a = await this.accounts.get(id);
      return a && !a.disabled ? a : undefined;
    };
    const staff = await this.accounts.get(v.staff_id);
    const manager = await active(staff?.manager_id);
    const serviceManager = await active(manager?.manager_id);
    let safety: Promise<string[]> | undefined;
    return { buddy: (await active(v.buddy_id))?.id, manager: manager?.id, serviceManager: serviceManager?.id, safety: () => (safety ??= this.safetyTeam()) };
  }

  /** Who a step alerts before anyone is passed over (the police step: both managers and `safety`, the safety team). */
  private peopleOf(p: RoutePeople, step: Pick<EscalationStep, 'id' | 'police'>, safety: readonly string[]): string[] {
    const ids = step.police ? [p.manager, p.serviceManager, ...safety] : step.id === 'buddy' ? [p.buddy] : step.id === 'line-manager' ? [p.manager] : step.id === 'service-manager' ? [p.serviceManager] : [];
    return [...new Set(ids.filter((x): x is string => !!x))];
  }

  /** Those of `ids` with leave on `day`. */
  private async awayOn(ids: readonly string[], day: string): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db.selectFrom('visit_leave').select('account_id').where('account_id', 'in', [...ids]).where('from_day', '<=', day).where('to_day', '>=', day).execute();
    return new Set(rows.map((r) => r.account_id));
  }

  /**
   * The line manager, or, while they are on leave on `day` (or among `alsoAway`: the buddy on leave), who
   * stands in (core's `standIn`, from the line-manager step of the route, else from `fromStep`). No line
   * manager: no ids (the caller's fallback, the safety team). Nobody able to stand in: the line manager,
   * recorded as kept.
   */
  private async lineManagerOn(p: RoutePeople, day: string, fromStep: string, alsoAway: readonly string[] = []): Promise<{ ids: string[]; passed?: PassedOver }> {
    if (!p.manager) return { ids: [] };
    if (!alsoAway.includes(p.manager) && !(await this.awayOn([p.manager], day)).size) return { ids: [p.manager] };
    const safety = await p.safety();
    const everyone = [...new Set(this.route.steps.flatMap((s) => this.peopleOf(p, s, safety)).concat(safety))];
    const away = await this.awayOn(everyone, day);
    for (const id of [...alsoAway, p.manager]) away.add(id);
    const from = this.route.steps.some((s) => s.id === 'line-manager') ? 'line-manager' : fromStep;
    const found = standIn(this.route, from, p.manager, (s) => this.peopleOf(p, s, safety), (id) => !away.has(id), safety);
    const passed: PassedOver = { account: p.manager, role: 'line-manager', reason: 'on-leave', outcome: found ? 'passed' : 'kept', ...(found?.step ? { toStep: found.step } : {}) };
    return { ids: found ? found.ids : [p.manager], passed };
  }

  /** Who a step alerts, and who it passed over (see the module comment). */
  private async recipients(v: VisitRow, step: PlannedStep): Promise<{ ids: string[]; passedOver: PassedOver[] }> {
    const p = await this.routePeople(v);
    const today = londonDay(this.clock());
    const passedOver: PassedOver[] = [];
    let ids: string[];
    if (step.police) ids = this.peopleOf(p, step, await p.safety());
    else if (step.id === 'buddy') {
      // A buddy on leave on a day of the visit (recorded after it was planned) is not alerted: their step goes to
      // the line manager until another buddy is chosen (a line manager who is the absent buddy, or on leave today, is passed over too).
      if (await this.buddyLeaveDay(v)) {
        const lm = await this.lineManagerOn(p, today, step.id, [v.buddy_id]);
        passedOver.push({ account: v.buddy_id, role: 'buddy', reason: 'on-leave', outcome: 'passed', ...(p.manager ? { toStep: 'line-manager' } : {}) });
        if (lm.passed) passedOver.push(lm.passed);
        ids = lm.ids;
      } else ids = this.peopleOf(p, step, []);
    } else if (step.id === 'line-manager') {
      const lm = await this.lineManagerOn(p, today, step.id);
      if (lm.passed) passedOver.push(lm.passed);
      ids = lm.ids;
    } else ids = this.peopleOf(p, step, []);
    const found = [...new Set(ids)];
    return { ids: found.length ? found : await p.safety(), passedOver };
  }

  /**
   * The escalation job: fires every step due now that has not fired (in order), each in its own
   * transaction with its notices and audit entry, then schedules the next step.
   */
  async escalate(visitId: string): Promise<string[]> {
    const v = await this.get(visitId);
    if (!v) return [];
    const firedRows = await this.fired(visitId);
    const fired = firedRows.map((a) => a.step);
    const due = dueSteps(this.times(v), this.route, this.clock(), fired);
    const done: string[] = [];
    for (const step of due) {
      const { ids: recipients, passedOver } = await this.recipients(v, step);
      const lm = passedOver.find((x) => x.role === 'line-manager');
      // Why this alert comes to them, naming nobody.
      const why = lm?.outcome === 'kept'
        ? ' You are recorded as on leave today, but nobody else on the escalation route is available, so this alert still comes to you.'
        : lm
          ? ' Their line manager is on leave today, so this alert comes to you.'
          : passedOver.length
            ? ' Their buddy is on leave, so this alert comes to you.'
            : '';
      try {
        await this.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('visit_alerts')
            .values({ id: randomUUID(), visit_id: visitId, step: step.id, due_at: step.dueAt, fired_at: this.now(), recipients: JSON.stringify(recipients), acknowledged_at: null, acknowledged_by: null, passed_over: passedOver.length ? JSON.stringify(passedOver) : null })
            .execute();
          const notice = step.police
            ? { subject: 'A lone worker needs help: seek police advice now', body: 'A lone worker has not checked out safely. Seek police advice now, then record what was done. Open the link for the visit and their emergency contact.' }
            : { subject: 'A lone worker has not checked out', body: `A lone worker has not checked out after their visit. Try to contact them now and acknowledge this alert.${why} Open the link for the visit.` };
          for (const id of recipients) await this.notifier.notify(id, { ...notice, link: `/visits/${visitId}/escalation` }, trx);
          await this.audit.append({ actorId: null, actorKind: 'system', action: 'visit.alert', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId: null, detail: { step: step.id, told: recipients.length, duress: !!v.duress_at, passedOver: passedOver.length } }, trx);
          for (const x of passedOver) await this.audit.append({ actorId: null, actorKind: 'system', action: 'visit.passed-over', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId: null, detail: { step: step.id, ...x } }, trx);
        });
        done.push(step.id);
      } catch (error) {
        // Another server (or a re-run) fired it first: once is the point.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    await this.scheduleNext(v, [...fired, ...done]);
    return done;
  }

  /** The open escalation a recipient may see, with its alerts; undefined when they were not alerted or it is closed. */
  async escalationFor(visitId: string, accountId: string, roles: readonly string[]) {
    const v = await this.get(visitId);
    if (!v) return undefined;
    const alerts = await this.fired(visitId);
    const alertedHere = alerts.some((a) => (JSON.parse(a.recipients) as string[]).includes(accountId));
    if (!alertedHere && !can(roles, 'visit.escalation-any')) return undefined;
    if (!alerts.length) return undefined;
    const open = !v.resolved_at && !(v.checked_out_at && !v.duress_at);
    return { visit: v, alerts, open };
  }

  /** The lone worker's newest emergency contact form (Appendix A), for an open escalation only. */
  async emergencyContact(staffId: string) {
    const page = await this.records.list({ submitterIds: [staffId], formId: 'emergency-contact', page: 1, pageSize: 1 });
    const newest = page.rows[0];
    if (!newest) return undefined;
    const row = await this.records.get(newest.id);
    return row ? this.records.view(row) : undefined;
  }

  async acknowledge(visitId: string, alertId: string, accountId: string, requestId: string): Promise<boolean> {
    const alert = await this.db.selectFrom('visit_alerts').selectAll().where('id', '=', alertId).where('visit_id', '=', visitId).executeTakeFirst();
    if (!alert) return false;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('visit_alerts').set({ acknowledged_at: this.now(), acknowledged_by: accountId }).where('id', '=', alertId).where('acknowledged_at', 'is', null).execute();
      await this.audit.append({ actorId: accountId, actorKind: 'account', action: 'visit.acknowledge', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId, detail: { step: alert.step } }, trx);
    });
    return true;
  }

  /** Someone alerted records that the person is safe: the escalation closes and everyone alerted is told. */
  async resolve(visitId: string, accountId: string, requestId: string): Promise<boolean> {
    const v = await this.get(visitId);
    if (!v || v.resolved_at) return false;
    const alerts = await this.fired(visitId);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('visits').set({ resolved_at: this.now(), resolved_by: accountId, updated_at: this.now() }).where('id', '=', visitId).where('resolved_at', 'is', null).execute();
      await this.tellEveryoneAlerted(trx, visitId, alerts, 'A lone worker is safe', 'The lone worker you were alerted about has been found safe. The escalation is closed.');
      await this.audit.append({ actorId: accountId, actorKind: 'account', action: 'visit.resolve', targetKind: 'visit', targetId: visitId, outcome: 'ok', requestId }, trx);
    });
    return true;
  }
}
