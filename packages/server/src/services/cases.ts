/**
 * Threat cases (#14): a threat report opens a case; the team works it over days or months and closes it
 * with a resolution. Every rule comes from core (`case/rules.ts`, the scorers); this file stores,
 * seals, scopes and audits.
 *
 * Who may do what (need to know: the safety team and the case's members only):
 *
 * | in a case that is | safety team | lead | member | anyone else |
 * |---|---|---|---|---|
 * | open   | everything, and set the lead | members, priority, close, and what a member does | read; record interviews, risk matrices and meetings; add and update actions; record reviews | 403 |
 * | closed | read | read | read | 403 |
 *
 * A removed member loses access at their next request. External members (a Police representative
 * without an account) are named on the case and in meeting records, but cannot sign in to it.
 */
import {
  classifyThreat,
  closureBlockers,
  isOverdue,
  addDays,
  londonDay,
  londonDayStart,
  meetingObligation,
  nextReviewDay,
  reviewDayProblem,
  scoreForm,
  type ActionStatus,
  type CaseMeetingKind,
  type PriorityLevel,
  type ReviewDays,
  type RiskMatrixResult,
  type ThreatClassification,
} from '@safety-forms/core';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditLog } from '../audit/log.js';
import { can } from '../auth/permissions.js';
import type { RequestPrincipal } from '../auth/plugin.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { CaseActionRow, CaseRow, Database } from '../db/schema.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Notifier } from '../notify/notifications.js';
import type { Accounts } from './accounts.js';
import { formTitle, type Records } from './records.js';

/** What a member is on the case. */
export const MEMBER_ROLES = {
  lead: 'Case lead',
  member: 'Member',
  'line-manager': "Subject's line manager",
  police: 'Police representative',
  'minute-taker': 'Minute taker',
  hr: 'Human resources',
  other: 'Other',
} as const;
export type MemberRole = keyof typeof MEMBER_ROLES;

/** The forms a case records, and what each is on the case. */
export const CASE_FORMS = ['threat-interview', 'risk-matrix', 'risk-strategy-meeting'] as const;
export const INTERVIEWEES = ['subject', 'target', 'witness'] as const;

export const ACTION_STATUSES: Record<ActionStatus, string> = {
  open: 'Open',
  done: 'Done',
  'not-required': 'Not required',
};
export const CASE_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  closed: 'Closed',
};

/** The longest text a case field takes (a meeting's notes, a resolution). */
export const MAX_NOTE = 20_000;
/** The longest short text (an action, a name). */
export const MAX_SHORT = 500;

export type CaseGrant = 'safety-team' | 'member';

export interface CaseAccess {
  row: CaseRow;
  grant: CaseGrant;
  /** May manage the case: the safety team or its lead. */
  manage: boolean;
  /** Open: a closed case is read-only for everybody. */
  open: boolean;
}

/** The job that tells an action's owner and the case lead, once, that the action is overdue. */
export const ACTION_OVERDUE_JOB = 'case-action-overdue';
/** The job that deletes a closed case and its records when its retention period ends. */
export const CASE_DELETE_JOB = 'case-delete';

/** What the lead may put in an abridged version (Derbyshire section 6); the agreed action plan is always in it. */
export const SHARE_SECTIONS = {
  classification: 'Threat classification (CSTAG) and why',
  risk: 'Risk level (risk matrix) and why',
  meetings: 'Meetings held and their notes',
  reviews: 'Reviews of the plan',
  members: 'Members of the case',
} as const;
export type ShareSection = keyof typeof SHARE_SECTIONS;

/** The job that tells the lead a review is due today (`due`) or was missed (`overdue`), once each. */
export const REVIEW_JOB = 'case-review';

export class CaseConflict extends Error {
  override name = 'CaseConflict';
}

export interface TimelineEntry {
  at: string;
  kind: string;
  title: string;
  text?: string;
  actorName?: string;
}

interface ActionInput {
  text: string;
  ownerId?: string | null;
  ownerName?: string | null;
  dueOn: string;
}


export class Cases {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly records: Records,
    private readonly accounts: Accounts,
    private readonly notifier: Notifier,
    private readonly jobs: JobQueue,
    private readonly reviewDays: ReviewDays,
    private readonly clock: () => Date = () => new Date(),
    private readonly retentionDays = 6 * 365,
  ) {}

  /** Registers the reminder jobs' handlers on the queue. */
  register(): void {
    this.jobs.handle(ACTION_OVERDUE_JOB, (_job, payload) => this.remindOverdueAction(String(payload.caseId), String(payload.actionId)));
    this.jobs.handle(REVIEW_JOB, (_job, payload) => this.remindReview(String(payload.caseId), String(payload.day), payload.stage === 'overdue' ? 'overdue' : 'due'));
    this.jobs.handle(CASE_DELETE_JOB, (_job, payload) => this.deleteIfExpired(String(payload.caseId)).then(() => undefined));
  }

  /** The day a closed case is deleted: its closing day (Europe/London) plus the retention period. */
  private deletionDay(closedAt: string): string {
    return addDays(londonDay(new Date(closedAt)), this.retentionDays);
  }

  private scheduleDeletion(caseId: string, closedAt: string, trx?: Transaction<Database>) {
    const day = this.deletionDay(closedAt);
    return this.jobs.enqueue({ kind: CASE_DELETE_JOB, payload: { caseId }, dueAt: londonDayStart(day), uniqueKey: `${CASE_DELETE_JOB}:${caseId}:${day}` }, trx);
  }

  /**
   * At start: a deletion job for every closed case at its day under the retention period now
   * configured (a shortened period applies to cases closed before it changed; the unique key makes
   * this a no-op for jobs already there).
   */
  async scheduleRetention(): Promise<number> {
    const closed = await this.db.selectFrom('cases').select(['id', 'closed_at']).where('status', '=', 'closed').execute();
    let n = 0;
    for (const c of closed) if (c.closed_at && (await this.scheduleDeletion(c.id, c.closed_at))) n++;
    return n;
  }

  /**
   * The deletion job: a closed case past its retention day is deleted with everything of it (its
   * members, actions, timeline, shares, and the records linked to it with their events and replay
   * replies), in one transaction, leaving an audit tombstone of ids and counts. Not yet due (the period
   * was lengthened): scheduled again for its new day. An error is thrown to the queue, which retries it
   * and records the failure: it never fails silently.
   */
  async deleteIfExpired(caseId: string): Promise<boolean> {
    const c = await this.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (!c || c.status !== 'closed' || !c.closed_at) return false;
    if (this.today() < this.deletionDay(c.closed_at)) {
      await this.scheduleDeletion(caseId, c.closed_at);
      return false;
    }
    await this.db.transaction().execute(async (trx) => {
      const linked = await trx.selectFrom('case_records').select('record_id').where('case_id', '=', caseId).execute();
      const recordIds = [...new Set([c.report_id, ...linked.map((l) => l.record_id)])];
      for (const table of ['case_events', 'case_actions', 'case_members', 'case_records'] as const) await trx.deleteFrom(table).where('case_id', '=', caseId).execute();
      await trx.deleteFrom('cases').where('id', '=', caseId).execute();
      if (recordIds.length) {
        await trx.deleteFrom('record_events').where('record_id', 'in', recordIds).execute();
        await trx.deleteFrom('idempotency_keys').where('record_id', 'in', recordIds).execute();
        await trx.deleteFrom('records').where('id', 'in', recordIds).execute();
      }
      await this.audit.append(
        {
          actorId: null,
          actorKind: 'system',
          action: 'case.deleted',
          targetKind: 'case',
          targetId: caseId,
          outcome: 'ok',
          requestId: null,
          detail: { records: recordIds.length, recordIds: recordIds.join(','), retentionDays: this.retentionDays, closedOn: londonDay(new Date(c.closed_at!)) },
        },
        trx,
      );
    });
    return true;
  }

  /**
   * An abridged version for sharing (Derbyshire section 6): the sections the lead chose, for the full
   * group or one member (an external member, typically); the agreed action plan is always in it. Kept
   * on the timeline (sealed) and audited; it is then read, printed or saved as PDF from its own page.
   */
  async share(caseId: string, actorId: string, input: { sections: ShareSection[]; memberId: string | null }, requestId: string): Promise<{ ok: true; id: string } | { ok: false; field: string; text: string }> {
    let audience = 'The full group';
    if (input.memberId) {
      const member = (await this.members(caseId)).find((m) => m.id === input.memberId);
      if (!member) return { ok: false, field: 'audience', text: 'Choose a current member of the case, or the full group' };
      audience = member.organisation ? `${member.name}, ${member.organisation}` : member.name;
    }
    const sections = (Object.keys(SHARE_SECTIONS) as ShareSection[]).filter((k) => input.sections.includes(k));
    let id = '';
    await this.db.transaction().execute(async (trx) => {
      id = await this.event(trx, caseId, actorId, 'share', { sections: sections.join(','), audience });
      await this.auditOk(trx, actorId, 'case.share', caseId, requestId, { share: id, sections: sections.join(','), audience: input.memberId ? 'member' : 'group', member: input.memberId });
    });
    return { ok: true, id };
  }

  /** A share made on the case, or undefined. */
  async getShare(caseId: string, shareId: string) {
    const e = await this.db.selectFrom('case_events').selectAll().where('id', '=', shareId).where('case_id', '=', caseId).where('kind', '=', 'share').executeTakeFirst();
    if (!e) return undefined;
    const d = this.open<{ sections: string; audience: string }>('case_events', 'detail_enc', e.id, e.detail_enc) ?? { sections: '', audience: '' };
    const actor = e.actor_id ? await this.accounts.get(e.actor_id) : undefined;
    return { id: e.id, at: e.at, audience: d.audience, sections: d.sections.split(',').filter(Boolean) as ShareSection[], by: actor ? this.accounts.displayName(actor) : 'A former account' };
  }

  /** The shares made on the case, newest first. */
  async shares(caseId: string) {
    const rows = await this.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('kind', '=', 'share').orderBy('at', 'desc').execute();
    return (await Promise.all(rows.map((r) => this.getShare(caseId, r.id)))).filter((s) => s !== undefined);
  }

  /** Schedules the review reminders of `day`: on the morning it is due, and the morning after if still not recorded. */
  private async scheduleReview(trx: Transaction<Database>, caseId: string, day: string | null) {
    if (!day) return;
    for (const [stage, on] of [
      ['due', day],
      ['overdue', addDays(day, 1)],
    ] as const) {
      await this.jobs.enqueue({ kind: REVIEW_JOB, payload: { caseId, day, stage }, dueAt: londonDayStart(on), uniqueKey: `${REVIEW_JOB}:${caseId}:${day}:${stage}` }, trx);
    }
  }

  /** Who hears about a case's reminders: its lead, or with no lead the safety team (who name one). */
  private async leadOrSafetyTeam(leadId: string | null): Promise<string[]> {
    if (leadId) {
      const lead = await this.accounts.get(leadId);
      if (lead && !lead.disabled) return [lead.id];
    }
    return this.accounts.holding('case.read-any');
  }

  /** May this account still open the case (a removed member, a disabled account or a lost role may not)? */
  private async stillHasAccess(accountId: string, caseId: string): Promise<boolean> {
    const account = await this.accounts.get(accountId);
    if (!account || account.disabled) return false;
    return !!(await this.access({ kind: 'account', id: account.id, roles: JSON.parse(account.roles) as string[] }, caseId));
  }

  /**
   * The overdue-action job: when the action is still open on an open case and its day has passed, tells
   * its owner (an account that may still open the case) and the lead, once: the flag is set in the
   * transaction that writes the notices.
   */
  async remindOverdueAction(caseId: string, actionId: string): Promise<void> {
    const a = await this.db.selectFrom('case_actions').selectAll().where('id', '=', actionId).where('case_id', '=', caseId).executeTakeFirst();
    const c = await this.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (!a || !c || c.status !== 'open' || a.overdue_told_at || !isOverdue({ status: a.status as ActionStatus, dueOn: a.due_on }, this.today())) return;
    const recipients = new Set<string>();
    if (a.owner_id && (await this.stillHasAccess(a.owner_id, caseId))) recipients.add(a.owner_id);
    for (const id of await this.leadOrSafetyTeam(c.lead_id)) recipients.add(id);
    await this.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('case_actions').set({ overdue_told_at: this.stamp() }).where('id', '=', actionId).where('overdue_told_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await this.event(trx, caseId, null, 'action-overdue', { text: this.open<string>('case_actions', 'text_enc', a.id, a.text_enc), dueOn: a.due_on });
      for (const id of recipients) {
        await this.notifier.notify(id, { subject: 'An action on a threat case is overdue', body: 'An action on a threat case you work on is past its due date. Sign in to see it and update it.', link: `/cases/${caseId}` }, trx);
      }
      await this.audit.append({ actorId: null, actorKind: 'system', action: 'case.action-overdue', targetKind: 'case', targetId: caseId, outcome: 'ok', requestId: null, detail: { action: actionId, told: recipients.size } }, trx);
    });
  }

  /**
   * The review job: tells the lead (or the safety team) the review of `day` is due, or, the day after,
   * that it was missed, unless a review was recorded since (the next review moved) or the case closed.
   * The "due" notice is skipped when the day has already passed: the "overdue" one says it.
   */
  async remindReview(caseId: string, day: string, stage: 'due' | 'overdue'): Promise<void> {
    const c = await this.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    const today = this.today();
    if (!c || c.status !== 'open' || c.next_review_on !== day) return;
    if (stage === 'due' && today > day) return;
    if (stage === 'overdue' && today <= day) return;
    const key = `${day}:${stage}`;
    if (c.review_told === key || (stage === 'due' && c.review_told === `${day}:overdue`)) return;
    const recipients = await this.leadOrSafetyTeam(c.lead_id);
    await this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('cases')
        .set({ review_told: key })
        .where('id', '=', caseId)
        .where('next_review_on', '=', day)
        .where((eb) => eb.or([eb('review_told', 'is', null), eb('review_told', '!=', key)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await this.event(trx, caseId, null, `review-${stage}`, { day });
      const notice =
        stage === 'due'
          ? { subject: 'A threat case review is due today', body: 'A review of a threat case you lead is due today. Sign in to record it.' }
          : { subject: 'A threat case review is overdue', body: 'The review of a threat case you lead was due yesterday and has not been recorded. Sign in to record it.' };
      for (const id of recipients) await this.notifier.notify(id, { ...notice, link: `/cases/${caseId}` }, trx);
      await this.audit.append({ actorId: null, actorKind: 'system', action: `case.review-${stage}`, targetKind: 'case', targetId: caseId, outcome: 'ok', requestId: null, detail: { told: recipients.length } }, trx);
    });
  }

  today(): string {
    return londonDay(this.clock());
  }

  private last = 0;
  /**
   * The time of a change, strictly after the previous one this server wrote, so the timeline's order
   * is the order things happened even when two land in the same millisecond (or the clock steps back).
   */
  private stamp(): string {
    const t = Math.max(this.clock().getTime(), this.last + 1);
    this.last = t;
    return new Date(t).toISOString();
  }

  private seal(table: string, column: string, id: string, value: unknown): string {
    return this.sealer.sealJson(value, aad(table, column, id));
  }

  private open<T>(table: string, column: string, id: string, sealed: string | null): T | null {
    return sealed ? this.sealer.openJson<T>(sealed, aad(table, column, id)) : null;
  }

  private async event(trx: Transaction<Database> | Kysely<Database>, caseId: string, actorId: string | null, kind: string, detail: Record<string, unknown> | null): Promise<string> {
    const id = randomUUID();
    await trx
      .insertInto('case_events')
      .values({
        id,
        case_id: caseId,
        at: this.stamp(),
        actor_id: actorId,
        kind,
        detail_enc: detail ? this.seal('case_events', 'detail_enc', id, detail) : null,
      })
      .execute();
    return id;
  }

  /** Opens the case of a threat report, inside the transaction that stores the report. */
  async openFor(trx: Transaction<Database>, reportId: string, actor: { id: string; kind: 'account' | 'api-key' }, requestId: string): Promise<void> {
    const actorId = actor.id;
    const id = randomUUID();
    const at = this.stamp();
    const reference = `CASE-${at.slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
    await trx
      .insertInto('cases')
      .values({
        id,
        reference,
        report_id: reportId,
        status: 'open',
        lead_id: null,
        priority: null,
        next_review_on: null,
        resolution_enc: null,
        debrief_enc: null,
        opened_at: at,
        closed_at: null,
        updated_at: at,
      })
      .execute();
    await trx
      .insertInto('case_records')
      .values({
        case_id: id,
        record_id: reportId,
        form_id: 'threat-report',
        added_at: at,
        added_by: actorId,
      })
      .execute();
    await this.event(trx, id, actorId, 'opened', null);
    await this.audit.append(
      {
        actorId,
        actorKind: actor.kind,
        action: 'case.open',
        targetKind: 'case',
        targetId: id,
        outcome: 'ok',
        requestId,
        detail: { report: reportId },
      },
      trx,
    );
  }

  /** How `p` may see the case, or undefined: not the safety team and not a current member (or no such case). */
  async access(p: RequestPrincipal, caseId: string): Promise<CaseAccess | undefined> {
    if (p.kind !== 'account') return undefined;
    const row = await this.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (!row) return undefined;
    const open = row.status === 'open';
    if (can(p.roles, 'case.read-any')) return { row, grant: 'safety-team', manage: true, open };
    if (!can(p.roles, 'case.work')) return undefined;
    const member = await this.db.selectFrom('case_members').select('id').where('case_id', '=', caseId).where('account_id', '=', p.id).where('removed_at', 'is', null).executeTakeFirst();
    if (!member) return undefined;
    return { row, grant: 'member', manage: row.lead_id === p.id, open };
  }

  /** The cases `p` may see, newest first: every case for the safety team, their own for a member. */
  async list(p: RequestPrincipal, filter: { status?: string; due?: 'review' | 'actions'; page?: number } = {}) {
    const pageSize = 25;
    const page = Math.max(1, filter.page ?? 1);
    const today = this.today();
    let q = this.db.selectFrom('cases');
    // Reviews due today or missed; or open actions past their day.
    if (filter.due === 'review') q = q.where('status', '=', 'open').where('next_review_on', '<=', today);
    if (filter.due === 'actions') q = q.where('status', '=', 'open').where('id', 'in', this.db.selectFrom('case_actions').select('case_id').where('status', '=', 'open').where('due_on', '<', today));
    if (!can(p.roles, 'case.read-any')) {
      q = q.where('id', 'in', this.db.selectFrom('case_members').select('case_id').where('account_id', '=', p.id).where('removed_at', 'is', null));
    }
    if (filter.status) q = q.where('status', '=', filter.status);
    const [rows, total] = await Promise.all([
      q
        .selectAll()
        .orderBy('opened_at', 'desc')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        status: r.status,
        statusLabel: CASE_STATUS_LABELS[r.status] ?? r.status,
        priority: r.priority,
        nextReviewOn: r.next_review_on,
        reviewOverdue: r.status === 'open' && !!r.next_review_on && r.next_review_on < today,
        openedAt: r.opened_at,
      })),
      total: Number(total.n),
      page,
      pages: Math.max(1, Math.ceil(Number(total.n) / pageSize)),
    };
  }

  /** Everything the case page shows. */
  async view(access: CaseAccess) {
    const { row } = access;
    const linked = await this.db.selectFrom('case_records').selectAll().where('case_id', '=', row.id).orderBy('added_at').execute();
    const recordRows = await Promise.all(linked.map((l) => this.records.get(l.record_id)));
    const records = recordRows.filter((r) => r !== undefined).map((r) => this.records.view(r));
    const report = records.find((r) => r.id === row.report_id);
    const reportData = report?.payload.envelope.data;
    // Recomputed from the answers as stored, by the same rules the forms ran: never summed, never trusted from the browser.
    const classification = reportData === undefined ? undefined : (classifyThreat(reportData) as ThreatClassification);
    const matrices = records
      .filter((r) => r.formId === 'risk-matrix')
      .map((r) => ({
        record: r,
        result: scoreForm('risk-matrix', r.payload.envelope.data) as RiskMatrixResult,
      }));
    const meetings = await this.meetings(row.id, records);
    const obligation = meetingObligation(
      matrices.map((m) => ({
        at: m.record.receivedAt,
        riskStrategyGroup: m.result.riskStrategyGroup,
      })),
      meetings.map((m) => ({ kind: m.kind, at: m.at })),
    );
    const members = await this.members(row.id);
    const actions = await this.actions(row.id);
    const today = this.today();
    const derbyshire = matrices.length > 0 || meetings.length > 0;
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status] ?? row.status,
      open: access.open,
      manage: access.manage && access.open,
      work: access.open,
      grant: access.grant,
      leadId: row.lead_id,
      priority: row.priority as PriorityLevel | null,
      nextReviewOn: row.next_review_on,
      reviewOverdue: access.open && !!row.next_review_on && row.next_review_on < today,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      resolution: this.open<string>('cases', 'resolution_enc', row.id, row.resolution_enc),
      debrief: this.open<{ goodPractice: string; lessons: string }>('cases', 'debrief_enc', row.id, row.debrief_enc),
      report,
      classification,
      latestMatrix: matrices.at(-1),
      interviews: records.filter((r) => r.formId === 'threat-interview'),
      records: records.map((r) => ({
        id: r.id,
        reference: r.reference,
        formId: r.formId,
        formTitle: r.formTitle,
        receivedAt: r.receivedAt,
      })),
      obligation,
      meetings,
      members,
      actions: actions.map((a) => ({ ...a, overdue: isOverdue(a, today) })),
      derbyshire,
      closureBlockers: closureBlockers({
        actions,
        resolution: null,
        derbyshire,
        debrief: null,
      }).filter((b) => b.code !== 'resolution' && b.code !== 'debrief'),
      today,
    };
  }

  private async meetings(
    caseId: string,
    records: {
      formId: string;
      receivedAt: string;
      id: string;
      reference: string;
    }[],
  ) {
    const rsg = records
      .filter((r) => r.formId === 'risk-strategy-meeting')
      .map((r) => ({
        kind: 'risk-strategy-group' as CaseMeetingKind,
        at: r.receivedAt,
        recordId: r.id,
        reference: r.reference,
        notes: null as string | null,
      }));
    const operational = await this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('kind', '=', 'meeting').orderBy('at').execute();
    return [
      ...rsg,
      ...operational.map((e) => ({
        kind: 'operational' as CaseMeetingKind,
        at: e.at,
        recordId: null,
        reference: null,
        notes: this.open<{ notes: string }>('case_events', 'detail_enc', e.id, e.detail_enc)?.notes ?? null,
      })),
    ].sort((a, b) => (a.at < b.at ? -1 : 1));
  }

  async members(caseId: string) {
    const rows = await this.db.selectFrom('case_members').selectAll().where('case_id', '=', caseId).where('removed_at', 'is', null).orderBy('added_at').execute();
    return Promise.all(
      rows.map(async (m) => {
        const account = m.account_id ? await this.accounts.get(m.account_id) : undefined;
        const external = this.open<{ name: string; organisation: string }>('case_members', 'external_enc', m.id, m.external_enc);
        return {
          id: m.id,
          accountId: m.account_id,
          name: account ? this.accounts.displayName(account) : (external?.name ?? 'Unknown'),
          organisation: external?.organisation ?? null,
          external: !m.account_id,
          role: m.role as MemberRole,
          roleLabel: MEMBER_ROLES[m.role as MemberRole] ?? m.role,
          addedAt: m.added_at,
        };
      }),
    );
  }

  async actions(caseId: string) {
    const rows = await this.db.selectFrom('case_actions').selectAll().where('case_id', '=', caseId).orderBy('position').orderBy('created_at').execute();
    return Promise.all(rows.map((a) => this.actionView(a)));
  }

  private async actionView(a: CaseActionRow) {
    const owner = a.owner_id ? await this.accounts.get(a.owner_id) : undefined;
    return {
      id: a.id,
      text: this.open<string>('case_actions', 'text_enc', a.id, a.text_enc) ?? '',
      ownerId: a.owner_id,
      ownerName: owner ? this.accounts.displayName(owner) : (this.open<string>('case_actions', 'owner_external_enc', a.id, a.owner_external_enc) ?? ''),
      dueOn: a.due_on,
      position: a.position,
      status: a.status as ActionStatus,
      statusLabel: ACTION_STATUSES[a.status as ActionStatus] ?? a.status,
      reason: this.open<string>('case_actions', 'reason_enc', a.id, a.reason_enc),
      version: a.version,
      caseId: a.case_id,
    };
  }

  /** Open actions an account owns across the cases it may still see, soonest due first (home page). */
  async assignedTo(accountId: string) {
    const rows = await this.db
      .selectFrom('case_actions')
      .innerJoin('cases', 'cases.id', 'case_actions.case_id')
      .selectAll('case_actions')
      .select('cases.reference as case_reference')
      .where('case_actions.owner_id', '=', accountId)
      .where('case_actions.status', '=', 'open')
      .where('cases.status', '=', 'open')
      .orderBy('case_actions.due_on')
      .limit(50)
      .execute();
    const today = this.today();
    return Promise.all(
      rows.map(async (r) => ({
        ...(await this.actionView(r)),
        caseReference: r.case_reference,
        overdue: isOverdue({ status: 'open', dueOn: r.due_on }, today),
      })),
    );
  }

  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const rows = await this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
    const names = new Map<string, string>();
    const nameOf = async (id: string | null) => {
      if (!id) return undefined;
      if (!names.has(id)) {
        const a = await this.accounts.get(id);
        names.set(id, a ? this.accounts.displayName(a) : 'A former account');
      }
      return names.get(id);
    };
    const out: TimelineEntry[] = [];
    for (const e of rows) {
      const d = this.open<Record<string, string | number | null>>('case_events', 'detail_enc', e.id, e.detail_enc) ?? {};
      const s = (k: string) => (d[k] === null || d[k] === undefined ? '' : String(d[k]));
      const titles: Record<string, [string, string?]> = {
        opened: ['Case opened from the threat report'],
        record: [`${formTitle(s('form'))} recorded`, s('reference') ? `Reference ${s('reference')}` : undefined],
        'member-added': [`${s('name')} added as ${s('role')}`],
        'member-removed': [`${s('name')} removed from the case`],
        lead: [`${s('name')} is now the case lead`],
        priority: [`Priority set to ${s('level')}`, [s('reason'), s('nextReview') ? `Next review ${s('nextReview')}` : ''].filter(Boolean).join('. ')],
        meeting: ['Operational meeting recorded', s('notes')],
        'action-added': [`Action added: ${s('text')}`, `Owner ${s('owner')}, due ${s('dueOn')}`],
        action: [`Action ${s('status')}: ${s('text')}`, s('reason') || undefined],
        review: [
          'Review recorded',
          [s('planStatus'), s('revisions') && `Revisions: ${s('revisions')}`, s('responsible') && `Responsible: ${s('responsible')}`, s('nextReview') && `Next review ${s('nextReview')}`]
            .filter(Boolean)
            .join('\n'),
        ],
        closed: ['Case closed', s('resolution')],
        share: [`Abridged version shared with ${s('audience')}`, s('sections') ? `Sections: ${s('sections').split(',').map((k) => SHARE_SECTIONS[k as ShareSection] ?? k).join('; ')}; and the agreed action plan` : 'The agreed action plan'],
        'action-overdue': [`Action overdue: ${s('text')}`, `Due ${s('dueOn')}; the owner and the lead were told`],
        'review-due': [`Review due today (${s('day')})`, 'The lead was told'],
        'review-overdue': [`Review overdue (due ${s('day')})`, 'The lead was told'],
      };
      const [title, text] = titles[e.kind] ?? [e.kind];
      out.push({
        at: e.at,
        kind: e.kind,
        title,
        text: text || undefined,
        actorName: await nameOf(e.actor_id),
      });
    }
    return out;
  }

  private async touch(trx: Transaction<Database>, caseId: string) {
    await trx
      .updateTable('cases')
      .set({ updated_at: this.stamp() })
      .where('id', '=', caseId)
      .execute();
  }

  private auditOk(trx: Transaction<Database>, actorId: string, action: string, caseId: string, requestId: string, detail: Record<string, string | number | boolean | null> = {}) {
    return this.audit.append(
      {
        actorId,
        actorKind: 'account',
        action,
        targetKind: 'case',
        targetId: caseId,
        outcome: 'ok',
        requestId,
        detail,
      },
      trx,
    );
  }

  /** Adds an account (by username) or a named external person. */
  async addMember(
    caseId: string,
    actorId: string,
    input: {
      username?: string;
      name?: string;
      organisation?: string;
      role: MemberRole;
    },
    requestId: string,
  ): Promise<{ ok: true } | { ok: false; field: string; text: string }> {
    let accountId: string | null = null;
    let name = input.name?.trim() ?? '';
    if (input.username?.trim()) {
      const account = await this.accounts.byUsername(input.username.trim());
      if (!account || account.disabled)
        return {
          ok: false,
          field: 'username',
          text: 'There is no active account with that username',
        };
      accountId = account.id;
      name = this.accounts.displayName(account);
      const already = await this.db.selectFrom('case_members').select('id').where('case_id', '=', caseId).where('account_id', '=', accountId).where('removed_at', 'is', null).executeTakeFirst();
      if (already)
        return {
          ok: false,
          field: 'username',
          text: 'That person is already a member of this case',
        };
    } else if (!name) {
      return {
        ok: false,
        field: 'username',
        text: 'Enter the username of an account, or the name of an external member',
      };
    }
    await this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const external = accountId
        ? null
        : this.seal('case_members', 'external_enc', id, {
            name,
            organisation: input.organisation?.trim() ?? '',
          });
      await trx
        .insertInto('case_members')
        .values({
          id,
          case_id: caseId,
          account_id: accountId,
          external_enc: external,
          role: input.role,
          added_by: actorId,
          added_at: this.stamp(),
          removed_at: null,
          removed_by: null,
        })
        .execute();
      await this.event(trx, caseId, actorId, 'member-added', {
        name,
        role: MEMBER_ROLES[input.role],
      });
      await this.touch(trx, caseId);
      await this.auditOk(trx, actorId, 'case.member-add', caseId, requestId, {
        member: id,
        account: accountId,
        role: input.role,
        external: !accountId,
      });
      if (accountId) {
        await this.notifier.notify(
          accountId,
          {
            subject: 'You have been added to a threat case',
            body: 'You have been added to a threat case. Sign in to see it and what is asked of you.',
            link: `/cases/${caseId}`,
          },
          trx,
        );
      }
    });
    return { ok: true };
  }

  async removeMember(caseId: string, memberId: string, actorId: string, requestId: string): Promise<boolean> {
    // Read outside the transaction: on SQLite there is one connection, and a query on `this.db` inside
    // a transaction would wait for the transaction forever.
    const found = await this.db.selectFrom('case_members').select('account_id').where('id', '=', memberId).where('case_id', '=', caseId).executeTakeFirst();
    const account = found?.account_id ? await this.accounts.get(found.account_id) : undefined;
    return this.db.transaction().execute(async (trx) => {
      const m = await trx.selectFrom('case_members').selectAll().where('id', '=', memberId).where('case_id', '=', caseId).where('removed_at', 'is', null).executeTakeFirst();
      if (!m) return false;
      await trx
        .updateTable('case_members')
        .set({ removed_at: this.stamp(), removed_by: actorId })
        .where('id', '=', memberId)
        .execute();
      const name = account ? this.accounts.displayName(account) : (this.open<{ name: string }>('case_members', 'external_enc', m.id, m.external_enc)?.name ?? '');
      if (m.account_id) {
        const c = await trx.selectFrom('cases').select('lead_id').where('id', '=', caseId).executeTakeFirstOrThrow();
        if (c.lead_id === m.account_id) await trx.updateTable('cases').set({ lead_id: null }).where('id', '=', caseId).execute();
      }
      await this.event(trx, caseId, actorId, 'member-removed', { name });
      await this.touch(trx, caseId);
      await this.auditOk(trx, actorId, 'case.member-remove', caseId, requestId, { member: memberId, account: m.account_id });
      return true;
    });
  }

  /** The safety team names the lead (an account); they become a member if they were not. */
  async setLead(caseId: string, actorId: string, username: string, requestId: string): Promise<{ ok: true } | { ok: false; text: string }> {
    const account = await this.accounts.byUsername(username.trim());
    if (!account || account.disabled)
      return {
        ok: false,
        text: 'There is no active account with that username',
      };
    const roles = JSON.parse(account.roles) as string[];
    if (!can(roles, 'case.work'))
      return {
        ok: false,
        text: 'That account has no role that may work on cases',
      };
    await this.db.transaction().execute(async (trx) => {
      const member = await trx.selectFrom('case_members').select('id').where('case_id', '=', caseId).where('account_id', '=', account.id).where('removed_at', 'is', null).executeTakeFirst();
      if (member) await trx.updateTable('case_members').set({ role: 'lead' }).where('id', '=', member.id).execute();
      else
        await trx
          .insertInto('case_members')
          .values({
            id: randomUUID(),
            case_id: caseId,
            account_id: account.id,
            external_enc: null,
            role: 'lead',
            added_by: actorId,
            added_at: this.stamp(),
            removed_at: null,
            removed_by: null,
          })
          .execute();
      await trx
        .updateTable('cases')
        .set({ lead_id: account.id, updated_at: this.stamp() })
        .where('id', '=', caseId)
        .execute();
      await this.event(trx, caseId, actorId, 'lead', {
        name: this.accounts.displayName(account),
      });
      await this.auditOk(trx, actorId, 'case.lead', caseId, requestId, {
        account: account.id,
      });
      if (account.id !== actorId)
        await this.notifier.notify(
          account.id,
          {
            subject: 'You are the lead of a threat case',
            body: 'You have been made the lead of a threat case. Sign in to see it.',
            link: `/cases/${caseId}`,
          },
          trx,
        );
    });
    return { ok: true };
  }

  /** Sets the CSTAG priority with its reason (kept in the timeline: the history of every change) and the next review day. */
  async setPriority(caseId: string, actorId: string, level: PriorityLevel, reason: string, requestId: string): Promise<string | null> {
    const nextReview = nextReviewDay(level, this.today(), this.reviewDays);
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('cases').select('priority').where('id', '=', caseId).executeTakeFirstOrThrow();
      await trx
        .updateTable('cases')
        .set({
          priority: level,
          next_review_on: nextReview,
          updated_at: this.stamp(),
        })
        .where('id', '=', caseId)
        .execute();
      await this.scheduleReview(trx, caseId, nextReview);
      await this.event(trx, caseId, actorId, 'priority', {
        level,
        from: before.priority,
        reason,
        nextReview,
      });
      await this.auditOk(trx, actorId, 'case.priority', caseId, requestId, {
        level,
        from: before.priority,
      });
    });
    return nextReview;
  }

  /** The history of priority changes, oldest first. */
  async priorityHistory(caseId: string) {
    const rows = await this.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).where('kind', '=', 'priority').orderBy('at').execute();
    return rows.map((e) => ({
      at: e.at,
      ...(this.open<{ level: number; from: number | null; reason: string }>('case_events', 'detail_enc', e.id, e.detail_enc) ?? { level: 0, from: null, reason: '' }),
    }));
  }

  async recordMeeting(caseId: string, actorId: string, notes: string, requestId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.event(trx, caseId, actorId, 'meeting', { notes });
      await this.touch(trx, caseId);
      await this.auditOk(trx, actorId, 'case.meeting', caseId, requestId, {
        kind: 'operational',
      });
    });
  }

  /** Links a record sent from the case's own form page, inside the transaction that stores it. */
  async link(trx: Transaction<Database>, caseId: string, recordId: string, reference: string, formId: string, actorId: string, requestId: string): Promise<void> {
    await trx
      .insertInto('case_records')
      .values({
        case_id: caseId,
        record_id: recordId,
        form_id: formId,
        added_at: this.stamp(),
        added_by: actorId,
      })
      .execute();
    await this.event(trx, caseId, actorId, 'record', {
      form: formId,
      reference,
    });
    await this.touch(trx, caseId);
    await this.auditOk(trx, actorId, 'case.record', caseId, requestId, {
      record: recordId,
      form: formId,
    });
  }

  async addAction(caseId: string, actorId: string, input: ActionInput, requestId: string): Promise<void> {
    // Outside the transaction (one connection on SQLite: see removeMember).
    const owner = input.ownerId ? await this.accounts.get(input.ownerId) : undefined;
    await this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('case_actions')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      const id = randomUUID();
      const at = this.stamp();
      await trx
        .insertInto('case_actions')
        .values({
          id,
          case_id: caseId,
          text_enc: this.seal('case_actions', 'text_enc', id, input.text),
          owner_id: input.ownerId ?? null,
          owner_external_enc: input.ownerId ? null : this.seal('case_actions', 'owner_external_enc', id, input.ownerName ?? ''),
          due_on: input.dueOn,
          position: Number(last?.p ?? 0) + 1,
          status: 'open',
          reason_enc: null,
          version: 1,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await this.event(trx, caseId, actorId, 'action-added', {
        text: input.text,
        owner: owner ? this.accounts.displayName(owner) : (input.ownerName ?? ''),
        dueOn: input.dueOn,
      });
      await this.touch(trx, caseId);
      await this.jobs.enqueue({ kind: ACTION_OVERDUE_JOB, payload: { caseId, actionId: id }, dueAt: londonDayStart(addDays(input.dueOn, 1)), uniqueKey: `${ACTION_OVERDUE_JOB}:${id}` }, trx);
      await this.auditOk(trx, actorId, 'case.action-add', caseId, requestId, {
        action: id,
        owner: input.ownerId ?? null,
      });
      if (input.ownerId && input.ownerId !== actorId) {
        await this.notifier.notify(
          input.ownerId,
          {
            subject: 'An action on a threat case is assigned to you',
            body: 'An action on a threat case has been assigned to you. Sign in to see it and when it is due.',
            link: `/cases/${caseId}`,
          },
          trx,
        );
      }
    });
  }

  /**
   * Changes an action's status (a reason is required for "not required"). `version` is the one the
   * user's page showed: when someone else changed the action since, nothing is written and CaseConflict
   * says so, so the second person's edit never silently overwrites the first.
   */
  async updateAction(caseId: string, actionId: string, actorId: string, change: { status: ActionStatus; reason: string; version: number }, requestId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const a = await trx.selectFrom('case_actions').selectAll().where('id', '=', actionId).where('case_id', '=', caseId).executeTakeFirst();
      if (!a) return false;
      const at = this.stamp();
      const result = await trx
        .updateTable('case_actions')
        .set({
          status: change.status,
          reason_enc: change.reason ? this.seal('case_actions', 'reason_enc', actionId, change.reason) : null,
          version: a.version + 1,
          updated_at: at,
        })
        .where('id', '=', actionId)
        .where('version', '=', change.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new CaseConflict('the action changed since the page was loaded');
      await this.event(trx, caseId, actorId, 'action', {
        text: this.open<string>('case_actions', 'text_enc', a.id, a.text_enc),
        status: ACTION_STATUSES[change.status],
        reason: change.reason || null,
      });
      await this.touch(trx, caseId);
      await this.auditOk(trx, actorId, 'case.action-update', caseId, requestId, { action: actionId, status: change.status, from: a.status });
      return true;
    });
  }

  async getAction(caseId: string, actionId: string) {
    const a = await this.db.selectFrom('case_actions').selectAll().where('id', '=', actionId).where('case_id', '=', caseId).executeTakeFirst();
    return a ? this.actionView(a) : undefined;
  }

  /** A formal review (CSTAG "Follow-up or Revision of Plan"): the plan's status, revisions, who is responsible, and the next review day. */
  async recordReview(
    caseId: string,
    actorId: string,
    review: {
      planStatus: string;
      revisions: string;
      responsible: string;
      nextReview: string;
    },
    requestId: string,
  ): Promise<{ ok: true } | { ok: false; field: string; text: string }> {
    const problem = reviewDayProblem(review.nextReview, this.today());
    if (problem) return { ok: false, field: 'nextReview', text: problem };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('cases')
        .set({ next_review_on: review.nextReview, updated_at: this.stamp() })
        .where('id', '=', caseId)
        .execute();
      await this.scheduleReview(trx, caseId, review.nextReview);
      await this.event(trx, caseId, actorId, 'review', review);
      await this.auditOk(trx, actorId, 'case.review', caseId, requestId, {});
    });
    return { ok: true };
  }

  /** Closes the case when nothing blocks it (core's `closureBlockers`); a closed case is read-only. */
  async close(access: CaseAccess, actorId: string, input: { resolution: string; goodPractice: string; lessons: string }, requestId: string) {
    const view = await this.view(access);
    const actions = view.actions.map((a) => ({
      status: a.status,
      reason: a.reason,
    }));
    const debrief = {
      goodPractice: input.goodPractice,
      lessons: input.lessons,
    };
    const blockers = closureBlockers({
      actions,
      resolution: input.resolution,
      derbyshire: view.derbyshire,
      debrief,
    });
    if (blockers.length) return { ok: false as const, blockers };
    const id = access.row.id;
    await this.db.transaction().execute(async (trx) => {
      const at = this.stamp();
      const result = await trx
        .updateTable('cases')
        .set({
          status: 'closed',
          closed_at: at,
          updated_at: at,
          next_review_on: null,
          resolution_enc: this.seal('cases', 'resolution_enc', id, input.resolution),
          debrief_enc: view.derbyshire ? this.seal('cases', 'debrief_enc', id, debrief) : null,
        })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new CaseConflict('the case was closed by someone else');
      await this.event(trx, id, actorId, 'closed', {
        resolution: input.resolution,
      });
      await this.scheduleDeletion(id, at, trx);
      await this.auditOk(trx, actorId, 'case.close', id, requestId, {});
    });
    return { ok: true as const };
  }
}

/** Re-seals every sealed column of the case tables under the current key (`rotate-key`). */
export async function resealCases(db: Kysely<Database>, sealer: Sealer): Promise<number> {
  const columns: [keyof Database, string[]][] = [
    ['cases', ['resolution_enc', 'debrief_enc']],
    ['case_members', ['external_enc']],
    ['case_actions', ['text_enc', 'owner_external_enc', 'reason_enc']],
    ['case_events', ['detail_enc']],
  ];
  let n = 0;
  for (const [table, cols] of columns) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as unknown as Record<string, string | null>[];
    for (const row of rows) {
      const set: Record<string, string> = {};
      for (const col of cols) {
        const value = row[col];
        if (value) set[col] = sealer.seal(sealer.open(value, aad(table, col, row.id!)), aad(table, col, row.id!));
      }
      if (Object.keys(set).length) {
        await db
          .updateTable(table)
          .set(set as never)
          .where('id' as never, '=', row.id as never)
          .execute();
        n++;
      }
    }
  }
  return n;
}
