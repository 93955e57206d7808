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
 * - Risk assessments: a risk-assessment record whose `linkedIncident` is one of our incident references is
 *   linked to that incident in the transaction that stores it, when its sender may open the incident (else
 *   it is refused, alike whether the incident exists or not). The incident page lists them with their
 *   overall rating, computed by core's `scoreRiskAssessment` from the stored answers each time.
 * - The quarterly report by protected characteristic is counted when the trends page is asked for, from the
 *   sealed answers (core's `protectedCharacteristicsReport`): nothing about a victim's characteristics is
 *   kept in clear, not even as a count per quarter (beside `incidents.incident_at`, a count of one in a
 *   quarter with one incident would say whose it is).
 */
import { classifyIncident, debriefProblem, describeOffender, debriefWindow, incidentCompletionBlockers, londonDay, protectedCharacteristicsReport, riskAssessmentBand, scoreRiskAssessment, type CompletionBlocker, type IncidentResult, type QuarterlyIncident, type ReviewElement, type SupportOption } from '@safety-forms/core';
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
import type { Payload, Records } from './records.js';

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

/**
 * Our own incident references (an incident report's receipt reference, as records.ts makes it). A risk
 * assessment's `linkedIncident` in any other shape (a Datix number) is kept as typed and links nothing.
 */
export const INCIDENT_REFERENCE = /^IR-\d{8}-[0-9A-F]{6}$/;

/** What a risk assessment's `linkedIncident` asks for: nothing, the incident it links to, or a refusal (no such incident, or not one the sender may open: alike). */
export type AssessmentTarget = undefined | { ok: true; incidentId: string; reference: string } | { ok: false; reference: string };

/** A risk assessment linked to an incident, as the incident page lists it. */
export interface LinkedAssessment {
  recordId: string;
  reference: string;
  submittedAt: string;
  linkedAt: string;
  /** What the assessor typed: the task or hazard, and the location (escaped when shown). */
  taskOrHazard: string;
  location: string;
  assessmentNumber: string;
  /** From core's scoreRiskAssessment on the stored answers. */
  overallRating: number | null;
  max: number;
  bandTitle: string;
  provisional: boolean;
  /** Rated in a band that needs further action (high or extreme on the shipped scales). */
  needsAction: boolean;
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
    // The offender description aid's paragraph (core's describeOffender), for a statement or a register
    // proposal: only when the reporter saw the offender and described something.
    const offender = (view?.payload.envelope.data as { offender?: { seen?: unknown; descriptionAid?: unknown } } | null)?.offender;
    const described = offender?.seen === 'yes' && offender.descriptionAid ? describeOffender(offender.descriptionAid) : undefined;
    // A register proposal made from this incident's report meets the history marker requirement.
    const proposal = await this.db.selectFrom('register_links').innerJoin('register_entries', 'register_entries.id', 'register_links.entry_id').select(['register_entries.id', 'register_entries.reference']).where('register_links.record_id', '=', row.record_id).executeTakeFirst();
    if (proposal) {
      f.historyMarkerAppliedFor = true;
      f.historyMarkerReference ||= proposal.reference;
    }
    const window = debriefWindow(new Date(row.incident_at));
    const investigator = row.investigator_id ? await this.accounts.get(row.investigator_id) : undefined;
    const assessments = await this.assessments(row.id);
    return {
      assessments,
      /** High or extreme assessments linked to an open incident: on the investigating manager's checklist. */
      assessmentsToReview: row.status === 'open' ? assessments.filter((a) => a.needsAction) : [],
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
      offenderDescription: described && !described.empty ? described.paragraph : null,
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

  /**
   * What the `linkedIncident` of a risk assessment sent as `text` names, checked for `p` before the record
   * is stored: undefined when it names none of ours (no such field, not JSON, another system's reference).
   */
  async assessmentTarget(p: RequestPrincipal, text: string): Promise<AssessmentTarget> {
    let linked: unknown;
    try {
      linked = (JSON.parse(text) as { data?: { assessment?: { linkedIncident?: unknown } } } | null)?.data?.assessment?.linkedIncident;
    } catch {
      return undefined;
    }
    if (typeof linked !== 'string') return undefined;
    const reference = linked.trim().toUpperCase();
    if (!INCIDENT_REFERENCE.test(reference)) return undefined;
    const row = await this.db.selectFrom('incidents').select('id').where('reference', '=', reference).executeTakeFirst();
    const found = row ? await this.access(p, row.id) : undefined;
    return found ? { ok: true, incidentId: found.row.id, reference } : { ok: false, reference };
  }

  /** Links a risk-assessment record to an incident, inside the transaction that stores the record. */
  async linkAssessment(trx: Transaction<Database>, incidentId: string, record: { id: string }, actor: { id: string; kind: 'account' | 'api-key' }, requestId: string): Promise<void> {
    const at = this.clock().toISOString();
    await trx.insertInto('incident_assessments').values({ id: randomUUID(), incident_id: incidentId, record_id: record.id, linked_by: actor.id, linked_at: at }).execute();
    await this.audit.append({ actorId: actor.id, actorKind: actor.kind, action: 'incident.assessment-link', targetKind: 'incident', targetId: incidentId, outcome: 'ok', requestId, detail: { record: record.id } }, trx);
  }

  /** The risk assessments linked to an incident, oldest first, each rated from its stored answers. */
  async assessments(incidentId: string): Promise<LinkedAssessment[]> {
    const rows = await this.db
      .selectFrom('incident_assessments')
      .innerJoin('records', 'records.id', 'incident_assessments.record_id')
      .select(['records.id', 'records.reference', 'records.submitted_at', 'records.payload_enc', 'incident_assessments.linked_at'])
      .where('incident_assessments.incident_id', '=', incidentId)
      .orderBy('incident_assessments.linked_at')
      .orderBy('records.id')
      .execute();
    return rows.map((r) => {
      const data = this.sealer.openJson<Payload>(r.payload_enc, aad('records', 'payload_enc', r.id)).envelope.data as { assessment?: Record<string, unknown> } | null;
      const result = scoreRiskAssessment(data);
      const text = (k: string) => (typeof data?.assessment?.[k] === 'string' ? (data.assessment[k] as string) : '');
      const band = result.overallRating === undefined ? undefined : riskAssessmentBand(result.overallRating);
      return {
        recordId: r.id,
        reference: r.reference,
        submittedAt: r.submitted_at,
        linkedAt: r.linked_at,
        taskOrHazard: text('taskOrHazard'),
        location: text('location'),
        assessmentNumber: text('assessmentNumber'),
        overallRating: result.overallRating ?? null,
        max: result.max,
        bandTitle: result.bandTitle ?? 'Not yet rated',
        provisional: result.status === 'provisional',
        needsAction: !!band?.furtherAction,
      };
    });
  }

  /** One risk assessment linked to the incident `incidentId` (the page checks the incident first), or undefined. */
  async linkedAssessment(incidentId: string, recordId: string) {
    const link = await this.db.selectFrom('incident_assessments').select('record_id').where('incident_id', '=', incidentId).where('record_id', '=', recordId).executeTakeFirst();
    const row = link ? await this.records.get(link.record_id) : undefined;
    if (!row || row.form_id !== 'risk-assessment') return undefined;
    const record = this.records.view(row);
    return { record, result: scoreRiskAssessment(record.payload.envelope.data) };
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
   * quarterly report of incidents against staff with protected characteristics (SECAmb 2.3.7: core's
   * `protectedCharacteristicsReport`, counts only, under 5 never shown, no names). Sites and
   * characteristics come from the sealed answers (the safety team may read every record), opened once
   * each here and kept nowhere.
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
    // The sealed answers, a page of records at a time (not one query per incident).
    const sites = new Map<string, { name: string; count: number }>();
    const quarterly: QuarterlyIncident[] = [];
    const atOf = new Map(rows.map((r) => [r.record_id, r.incident_at]));
    const ids = [...atOf.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const page = await this.db.selectFrom('records').select(['id', 'payload_enc']).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const rec of page) {
        const data = this.sealer.openJson<Payload>(rec.payload_enc, aad('records', 'payload_enc', rec.id)).envelope.data as { incident?: { location?: unknown } } | null;
        const where = data?.incident?.location;
        const name = typeof where === 'string' && where.trim() ? where.trim().replace(/\s+/g, ' ') : 'Not given';
        const key = name.toLowerCase();
        sites.set(key, { name: sites.get(key)?.name ?? name, count: (sites.get(key)?.count ?? 0) + 1 });
        quarterly.push({ incidentAt: new Date(atOf.get(rec.id)!), data });
      }
    }
    const missing = rows.length - quarterly.length;
    if (missing > 0) sites.set('not given', { name: sites.get('not given')?.name ?? 'Not given', count: (sites.get('not given')?.count ?? 0) + missing });
    const now = this.clock().getTime();
    const ages = [
      { label: 'Under a week', max: 7 },
      { label: '1 to 4 weeks', max: 28 },
      { label: '4 to 12 weeks', max: 84 },
      { label: 'Over 12 weeks', max: Infinity },
    ].map((b, i, all) => ({ label: b.label, count: rows.filter((r) => r.status === 'open').filter((r) => { const days = (now - Date.parse(r.opened_at)) / 86_400_000; return days < b.max && (i === 0 || days >= all[i - 1]!.max); }).length }));
    const quarterRows = protectedCharacteristicsReport(quarterly);
    const max = Math.max(1, ...subRows.map((s) => s.total));
    return { months, subRows: subRows.map((s) => ({ ...s, percent: Math.round((s.total / max) * 100) })), sites: [...sites.values()].sort((a, b) => b.count - a.count).slice(0, 10), ages, quarterRows, total: rows.length };
  }
}
