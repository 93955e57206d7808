/**
 * Incidents of violence and aggression (#17): an incident report opens its follow-up in the transaction
 * that stores it. The routes of action come from core's `classifyIncident` (recomputed from the stored
 * answers, never trusted from the browser); the follow-up rules (the four elements, the debrief window,
 * what blocks completion, small counts) from core's `incident/rules.ts`. This file stores, seals,
 * notifies, schedules and audits.
 *
 * - A physical assault tells the security management team (the safety team) at once (SECAmb 3.1.6).
 * - Every incident goes to the reporter's line manager as investigating manager (the safety team when
 *   there is none).
 * - The debrief: the investigating manager is reminded when its window opens (48 hours after) and two
 *   days before it closes (two weeks after), once each, unless it was offered.
 * - Who may open the follow-up: the safety team and the investigating manager. The reporter follows the
 *   report itself under "Your reports".
 */
import { classifyIncident, debriefProblem, debriefWindow, incidentCompletionBlockers, londonDay, quarterLabel, suppressedCount, type CompletionBlocker, type IncidentResult, type ReviewElement, type SupportOption } from '@safety-forms/core';
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditLog } from '../audit/log.js';
import { can } from '../auth/permissions.js';
import type { RequestPrincipal } from '../auth/plugin.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { Database, IncidentRow } from '../db/schema.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Notifier } from '../notify/notifications.js';
import type { Accounts } from './accounts.js';
import type { Records } from './records.js';

export const DEBRIEF_JOB = 'incident-debrief';

/** What the follow-up records (sealed). */
export interface FollowUp {
  reviewed: ReviewElement[];
  notes: string;
  supportOffered: SupportOption[];
  supportAccepted: SupportOption[];
  debriefOfferedAt: string | null;
  subCategoryChecked: boolean;
  redressRoute: string | null;
  noRedressReason: string;
  historyMarkerAppliedFor: boolean;
  historyMarkerReference: string;
  historyMarkerReason: string;
  feedbackGiven: string;
}

export const EMPTY_FOLLOW_UP: FollowUp = {
  reviewed: [],
  notes: '',
  supportOffered: [],
  supportAccepted: [],
  debriefOfferedAt: null,
  subCategoryChecked: false,
  redressRoute: null,
  noRedressReason: '',
  historyMarkerAppliedFor: false,
  historyMarkerReference: '',
  historyMarkerReason: '',
  feedbackGiven: '',
};

export class IncidentConflict extends Error {
  override name = 'IncidentConflict';
}


const incidentTime = (data: unknown, fallback: string): string => {
  const at = (data as { incident?: { dateTime?: unknown } } | null)?.incident?.dateTime;
  const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : fallback;
};

export class Incidents {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly accounts: Accounts,
    private readonly records: Records,
    private readonly notifier: Notifier,
    private readonly jobs: JobQueue,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  register(): void {
    this.jobs.handle(DEBRIEF_JOB, (_job, payload) => this.remindDebrief(String(payload.incidentId), payload.stage === 'closing' ? 'closing' : 'open').then(() => undefined));
  }

  private safetyTeam(trx?: Transaction<Database>): Promise<string[]> {
    return this.accounts.holding('incident.read-any', trx);
  }

  /** Opens the follow-up of an incident report, inside the transaction that stores it. */
  async openFor(trx: Transaction<Database>, record: { id: string; reference: string; data: unknown }, reporter: { id: string; kind: 'account' | 'api-key' }, requestId: string): Promise<void> {
    const reporterId = reporter.id;
    const result = classifyIncident(record.data);
    const at = this.clock().toISOString();
    const id = randomUUID();
    const account = reporter.kind === 'account' ? await trx.selectFrom('accounts').select(['id', 'manager_id']).where('id', '=', reporterId).executeTakeFirst() : undefined;
    const manager = account?.manager_id ? await trx.selectFrom('accounts').select(['id', 'disabled']).where('id', '=', account.manager_id).executeTakeFirst() : undefined;
    const investigatorId = manager && !manager.disabled ? manager.id : null;
    const incidentAt = incidentTime(record.data, at);
    await trx
      .insertInto('incidents')
      .values({ id, record_id: record.id, reference: record.reference, reporter_id: reporterId, investigator_id: investigatorId, incident_at: incidentAt, sub_category: result.subCategory ?? null, physical: result.physical ? 1 : 0, status: 'open', followup_enc: null, version: 1, opened_at: at, completed_at: null, updated_at: at })
      .execute();
    const link = `/incidents/${id}`;
    const safety = await this.safetyTeam(trx);
    for (const to of investigatorId ? [investigatorId] : safety) {
      await this.notifier.notify(to, { subject: 'You are the investigating manager of an incident', body: 'An incident of violence or aggression was reported and you are its investigating manager. Open the link to review it and the support offered.', link }, trx);
    }
    if (result.physical) {
      // SECAmb 3.1.6: the security management team is told of a physical assault at once.
      for (const to of safety) if (to !== investigatorId) await this.notifier.notify(to, { subject: 'A physical assault was reported', body: 'A physical assault on a member of staff was reported. Open the link for the incident.', link }, trx);
    }
    const { opensAt, closesAt } = debriefWindow(new Date(incidentAt));
    await this.jobs.enqueue({ kind: DEBRIEF_JOB, payload: { incidentId: id, stage: 'open' }, dueAt: opensAt, uniqueKey: `${DEBRIEF_JOB}:${id}:open` }, trx);
    await this.jobs.enqueue({ kind: DEBRIEF_JOB, payload: { incidentId: id, stage: 'closing' }, dueAt: new Date(closesAt.getTime() - 2 * 86_400_000), uniqueKey: `${DEBRIEF_JOB}:${id}:closing` }, trx);
    await this.audit.append({ actorId: reporterId, actorKind: reporter.kind, action: 'incident.open', targetKind: 'incident', targetId: id, outcome: 'ok', requestId, detail: { record: record.id, physical: result.physical, investigator: investigatorId } }, trx);
  }

  /** The incident, when `p` may open it: the safety team, or its investigating manager. */
  async access(p: RequestPrincipal, id: string) {
    if (p.kind !== 'account') return undefined;
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    if (can(p.roles, 'incident.read-any')) return { row, grant: 'safety-team' as const };
    if (row.investigator_id === p.id && can(p.roles, 'incident.investigate')) return { row, grant: 'investigator' as const };
    return undefined;
  }

  followUp(row: { id: string; followup_enc: string | null }): FollowUp {
    return row.followup_enc ? { ...EMPTY_FOLLOW_UP, ...this.sealer.openJson<FollowUp>(row.followup_enc, aad('incidents', 'followup_enc', row.id)) } : { ...EMPTY_FOLLOW_UP };
  }

  /** Everything the incident page shows. */
  async view(row: IncidentRow) {
    const record = await this.records.get(row.record_id);
    const view = record ? this.records.view(record) : undefined;
    const result = (view ? classifyIncident(view.payload.envelope.data) : undefined) as IncidentResult | undefined;
    const f = this.followUp(row);
    // A register proposal made from this incident's report meets the history marker requirement.
    const proposal = await this.db.selectFrom('register_links').innerJoin('register_entries', 'register_entries.id', 'register_links.entry_id').select(['register_entries.id', 'register_entries.reference']).where('register_links.record_id', '=', row.record_id).executeTakeFirst();
    if (proposal) {
      f.historyMarkerAppliedFor = true;
      f.historyMarkerReference ||= proposal.reference;
    }
    const window = debriefWindow(new Date(row.incident_at));
    const investigator = row.investigator_id ? await this.accounts.get(row.investigator_id) : undefined;
    return {
      id: row.id,
      reference: row.reference,
      recordId: row.record_id,
      status: row.status,
      open: row.status === 'open',
      version: row.version,
      incidentAt: row.incident_at,
      openedAt: row.opened_at,
      completedAt: row.completed_at,
      investigatorName: investigator ? this.accounts.displayName(investigator) : 'The safety team',
      result,
      followUp: f,
      registerEntryId: proposal?.id ?? null,
      debriefOpensAt: window.opensAt.toISOString(),
      debriefClosesAt: window.closesAt.toISOString(),
      blockers: this.blockers(result, f),
    };
  }

  private blockers(result: IncidentResult | undefined, f: FollowUp): CompletionBlocker[] {
    return incidentCompletionBlockers({ ...f, historyMarkerRequired: !!result?.historyMarkerRequired });
  }

  /**
   * Saves the follow-up. `version` is the one the page showed: when someone else saved since, nothing is
   * written and IncidentConflict says so. A debrief offered outside its window is refused with why.
   */
  async save(id: string, actorId: string, f: FollowUp, version: number, requestId: string): Promise<{ ok: true } | { ok: false; field: string; text: string }> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (f.debriefOfferedAt) {
      const problem = debriefProblem(new Date(row.incident_at), new Date(f.debriefOfferedAt));
      if (problem) return { ok: false, field: 'debrief', text: problem };
    }
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const changed = await trx
        .updateTable('incidents')
        .set({ followup_enc: this.sealer.sealJson(f, aad('incidents', 'followup_enc', id)), version: row.version + 1, updated_at: at })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) throw new IncidentConflict('the incident changed since the page was loaded');
      await this.audit.append({ actorId, actorKind: 'account', action: 'incident.update', targetKind: 'incident', targetId: id, outcome: 'ok', requestId, detail: { reviewed: f.reviewed.length, debrief: !!f.debriefOfferedAt } }, trx);
    });
    return { ok: true };
  }

  /** Completes the incident when nothing blocks it (core's rules); it is read-only after. */
  async complete(id: string, actorId: string, requestId: string): Promise<CompletionBlocker[]> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const v = await this.view(row);
    if (v.blockers.length) return v.blockers;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('incidents').set({ status: 'complete', completed_at: this.clock().toISOString(), updated_at: this.clock().toISOString() }).where('id', '=', id).where('status', '=', 'open').execute();
      await this.audit.append({ actorId, actorKind: 'account', action: 'incident.complete', targetKind: 'incident', targetId: id, outcome: 'ok', requestId }, trx);
    });
    return [];
  }

  /** The debrief reminders: when the window opens, and two days before it closes; not once it was offered or the incident is complete. */
  async remindDebrief(id: string, stage: 'open' | 'closing'): Promise<boolean> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status !== 'open' || this.followUp(row).debriefOfferedAt) return false;
    const to = row.investigator_id ? [row.investigator_id] : await this.safetyTeam();
    const notice =
      stage === 'open'
        ? { subject: 'A debrief can be offered now', body: 'It is 48 hours since an incident you are investigating: offer the staff member a debrief, within two weeks of the incident.' }
        : { subject: 'The time to offer a debrief closes in two days', body: 'A debrief has not been recorded for an incident you are investigating, and the two weeks close in two days.' };
    await this.db.transaction().execute(async (trx) => {
      for (const id2 of to) await this.notifier.notify(id2, { ...notice, link: `/incidents/${id}` }, trx);
      await this.audit.append({ actorId: null, actorKind: 'system', action: `incident.debrief-${stage}`, targetKind: 'incident', targetId: id, outcome: 'ok', requestId: null, detail: { told: to.length } }, trx);
    });
    return true;
  }

  /** The incidents `p` may open, newest first. */
  async list(p: RequestPrincipal, status?: string) {
    let q = this.db.selectFrom('incidents').selectAll();
    if (!can(p.roles, 'incident.read-any')) q = q.where('investigator_id', '=', p.id);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    return rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, physical: !!r.physical, subCategory: r.sub_category, incidentAt: r.incident_at, openedAt: r.opened_at }));
  }

  /**
   * The safety team's trends: by sub-category and month (the last 12), by site, open ones by age, and the
   * quarterly count of incidents aggravated by a protected characteristic (sexual, homophobic, racial or
   * religious), counts only, under 5 never shown.
   */
  async trends(titles: Record<string, string>) {
    const today = londonDay(this.clock());
    const rows = await this.db.selectFrom('incidents').selectAll().execute();
    const months: string[] = [];
    for (let i = 11; i >= 0; i--) {
      const [y, m] = today.split('-').map(Number) as [number, number];
      const d = new Date(Date.UTC(y, m - 1 - i, 1));
      months.push(d.toISOString().slice(0, 7));
    }
    const bySub = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const month = londonDay(new Date(r.incident_at)).slice(0, 7);
      if (!months.includes(month)) continue;
      const key = r.sub_category ?? 'none';
      const m = bySub.get(key) ?? new Map<string, number>();
      m.set(month, (m.get(month) ?? 0) + 1);
      bySub.set(key, m);
    }
    const subRows = [...bySub.entries()].map(([code, m]) => ({ code, title: titles[code] ?? 'Not categorised', counts: months.map((mo) => m.get(mo) ?? 0), total: [...m.values()].reduce((a, b) => a + b, 0) })).sort((a, b) => b.total - a.total);
    // Sites: from the sealed answers (the safety team may read every record), normalised for grouping.
    const sites = new Map<string, { name: string; count: number }>();
    for (const r of rows) {
      const rec = await this.records.get(r.record_id);
      const where = rec ? (this.records.view(rec).payload.envelope.data as { incident?: { location?: unknown } })?.incident?.location : undefined;
      const name = typeof where === 'string' && where.trim() ? where.trim().replace(/\s+/g, ' ') : 'Not given';
      const key = name.toLowerCase();
      sites.set(key, { name: sites.get(key)?.name ?? name, count: (sites.get(key)?.count ?? 0) + 1 });
    }
    const now = this.clock().getTime();
    const ages = [
      { label: 'Under a week', max: 7 },
      { label: '1 to 4 weeks', max: 28 },
      { label: '4 to 12 weeks', max: 84 },
      { label: 'Over 12 weeks', max: Infinity },
    ].map((b, i, all) => ({ label: b.label, count: rows.filter((r) => r.status === 'open').filter((r) => { const days = (now - Date.parse(r.opened_at)) / 86_400_000; return days < b.max && (i === 0 || days >= all[i - 1]!.max); }).length }));
    const aggravated = /-(sexual|homophobic|racial-religious)$/;
    const quarters = new Map<string, number>();
    for (const r of rows) if (r.sub_category && aggravated.test(r.sub_category)) quarters.set(quarterLabel(londonDay(new Date(r.incident_at))), (quarters.get(quarterLabel(londonDay(new Date(r.incident_at)))) ?? 0) + 1);
    const quarterRows = [...quarters.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).map(([quarter, n]) => ({ quarter, shown: suppressedCount(n) }));
    const max = Math.max(1, ...subRows.map((s) => s.total));
    return { months, subRows: subRows.map((s) => ({ ...s, percent: Math.round((s.total / max) * 100) })), sites: [...sites.values()].sort((a, b) => b.count - a.count).slice(0, 10), ages, quarterRows, total: rows.length };
  }
}
