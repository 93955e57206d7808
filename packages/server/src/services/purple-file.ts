/**
 * The purple file (#16; Kent ICS *Lone working & violence procedures*, Appendix B). "The established code
 * to indicate a member of staff in distress is: 'I will need the purple file when I get back to the
 * office'." Whoever takes that call opens /purple-file, says who called, checks the visit on their
 * calendar, asks the procedure's questions in its order and records the answers and what was done.
 *
 * - Recording it alerts the caller's line manager and that manager's manager (from `accounts.manager_id`)
 *   and the safety team, by a notification that names nobody and nowhere; never the caller (whoever is
 *   with them may see their phone).
 * - "Do you want me to call you back in 5 minutes?" answered yes: the call-taker is reminded 5 minutes
 *   after the call (a durable job).
 * - The record (answers, what was done, and the timed entries added afterwards) is sealed; the call-taker,
 *   those alerted and the safety team may open it, and every opening (or refusal) is audited. Looking up a
 *   caller's visits of today, with their full location, is audited too.
 */
import { londonDay } from '@safety-forms/core';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/log.js';
import { can } from '../auth/permissions.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { Account, Database, PurpleFileCallRow } from '../db/schema.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Notifier } from '../notify/notifications.js';
import type { Accounts } from './accounts.js';
import type { Visits } from './visits.js';

export const PURPLE_FILE_CALL_BACK_JOB = 'purple-file-call-back';

/** The distress code, in the document's words. */
export const DISTRESS_CODE = 'I will need the purple file when I get back to the office';

/** The procedure's questions, in its order and words (Appendix B). */
export const QUESTIONS = [
  { id: 'atAddress', text: 'Are you at…?', hint: 'Ask if they are at the address of their visit on the calendar (above).' },
  { id: 'inDanger', text: 'Are you in danger?' },
  { id: 'needPolice', text: 'Do you need the police?' },
  { id: 'weapon', text: 'Is there a weapon?' },
  { id: 'needStaff', text: 'Do you need a member of staff?' },
  { id: 'callBack', text: 'Do you want me to call you back in 5 minutes?' },
] as const;
export type QuestionId = (typeof QUESTIONS)[number]['id'];

export const ANSWERS = { yes: 'Yes', no: 'No', 'no-answer': 'No answer' } as const;
export type Answer = keyof typeof ANSWERS;

/** Longest "what was done" or later entry. */
export const MAX_ENTRY = 10_000;

/** What a call's sealed column holds. */
export interface CallAnswers {
  answers: Record<QuestionId, Answer>;
  /** "If no answer, dial 999 and call the police": whether the call-taker did. */
  dialled999: 'yes' | 'no';
  /** What was done, in the call-taker's words. */
  done: string;
}

export interface CallEntry {
  at: string;
  by: string;
  text: string;
}

export interface RecordInput extends CallAnswers {
  callerId: string;
  visitId: string | null;
  calledAt: Date;
}

export class PurpleFile {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly accounts: Accounts,
    /** A getter: the two services are made together in app.ts. */
    private readonly visitsOf: () => Visits,
    private readonly notifier: Notifier,
    private readonly jobs: JobQueue,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get visits(): Visits {
    return this.visitsOf();
  }

  register(): void {
    this.jobs.handle(PURPLE_FILE_CALL_BACK_JOB, async (_job, payload) => {
      const call = await this.get(String(payload.callId));
      if (!call) return;
      await this.notifier.notify(call.taken_by, {
        subject: 'Call back now: it is 5 minutes since the purple file call',
        body: 'You said you would call back in 5 minutes. Call now. If no answer, dial 999 and call the police. Then add what was done to the record.',
        link: `/purple-file/${call.id}`,
      });
    });
  }

  private async active(id: string | null | undefined): Promise<Account | undefined> {
    if (!id) return undefined;
    const a = await this.accounts.get(id);
    return a && !a.disabled ? a : undefined;
  }

  /** The caller's line manager and that manager's manager (the service manager), when they have active accounts. */
  async managers(callerId: string): Promise<{ lineManager?: Account; serviceManager?: Account }> {
    const caller = await this.accounts.get(callerId);
    const lineManager = await this.active(caller?.manager_id);
    const serviceManager = await this.active(lineManager?.manager_id);
    return { lineManager, serviceManager };
  }

  /**
   * Who called, by username, for the call-taker: their name, their visits of today with the full
   * location (to "check that they are at the address on their calendar") and their managers' names.
   * Audited, since it shows where someone is.
   */
  async lookUp(username: string, takenBy: string, requestId: string) {
    const caller = await this.accounts.byUsername(username.trim());
    if (!caller) return undefined;
    const rows = await this.db.selectFrom('visits').selectAll().where('staff_id', '=', caller.id).where('day', '=', londonDay(this.clock())).where('cancelled_at', 'is', null).orderBy('starts_at').execute();
    const visits = await Promise.all(rows.map(async (r) => ({ ...(await this.visits.view(r)), location: this.visits.detailOf(r).location })));
    const { lineManager, serviceManager } = await this.managers(caller.id);
    await this.audit.append({ actorId: takenBy, actorKind: 'account', action: 'purple-file.look-up', targetKind: 'account', targetId: caller.id, outcome: 'ok', requestId, detail: { visits: visits.length } });
    return {
      id: caller.id,
      username: username.trim(),
      name: this.accounts.displayName(caller),
      visits,
      lineManager: lineManager ? this.accounts.displayName(lineManager) : undefined,
      serviceManager: serviceManager ? this.accounts.displayName(serviceManager) : undefined,
    };
  }

  private safetyTeam(): Promise<string[]> {
    return this.accounts.holding('purple-file.any');
  }

  /** Stores the call, alerts the caller's managers and the safety team (not the call-taker, never the caller), and audits it. */
  async record(takenBy: string, input: RecordInput, requestId: string): Promise<string> {
    const id = randomUUID();
    const at = this.clock().toISOString();
    const { lineManager, serviceManager } = await this.managers(input.callerId);
    const alerted = [...new Set([lineManager?.id, serviceManager?.id, ...(await this.safetyTeam())].filter((x): x is string => !!x && x !== takenBy && x !== input.callerId))];
    const answers: CallAnswers = { answers: input.answers, dialled999: input.dialled999, done: input.done };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('purple_file_calls')
        .values({
          id,
          taken_by: takenBy,
          caller_id: input.callerId,
          visit_id: input.visitId,
          called_at: input.calledAt.toISOString(),
          recorded_at: at,
          alerted: JSON.stringify(alerted),
          answers_enc: this.sealer.sealJson(answers, aad('purple_file_calls', 'answers_enc', id)),
          entries_enc: this.sealer.sealJson([], aad('purple_file_calls', 'entries_enc', id)),
          updated_at: at,
        })
        .execute();
      for (const to of alerted) {
        await this.notifier.notify(
          to,
          { subject: 'A purple file call was taken', body: 'A member of staff used the distress code on a call. Open the link for the record of the call and what was done, and contact the call-taker to update on the current situation.', link: `/purple-file/${id}` },
          trx,
        );
      }
      if (input.answers.callBack === 'yes') {
        const due = new Date(Math.max(input.calledAt.getTime() + 5 * 60_000, this.clock().getTime()));
        await this.jobs.enqueue({ kind: PURPLE_FILE_CALL_BACK_JOB, payload: { callId: id }, dueAt: due, uniqueKey: `${PURPLE_FILE_CALL_BACK_JOB}:${id}` }, trx);
      }
      await this.audit.append(
        { actorId: takenBy, actorKind: 'account', action: 'purple-file.record', targetKind: 'purple-file', targetId: id, outcome: 'ok', requestId, detail: { caller: input.callerId, visit: input.visitId, told: alerted.length, dialled999: input.dialled999 === 'yes' } },
        trx,
      );
    });
    return id;
  }

  get(id: string): Promise<PurpleFileCallRow | undefined> {
    return this.db.selectFrom('purple_file_calls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The call, when `accountId` took it, was alerted by it, or is on the safety team; otherwise undefined. */
  async access(id: string, accountId: string, roles: readonly string[]): Promise<PurpleFileCallRow | undefined> {
    const row = await this.get(id);
    if (!row) return undefined;
    if (row.taken_by === accountId || (JSON.parse(row.alerted) as string[]).includes(accountId) || can(roles, 'purple-file.any')) return row;
    return undefined;
  }

  answersOf(row: PurpleFileCallRow): CallAnswers {
    return this.sealer.openJson<CallAnswers>(row.answers_enc, aad('purple_file_calls', 'answers_enc', row.id));
  }

  entriesOf(row: PurpleFileCallRow): CallEntry[] {
    return this.sealer.openJson<CallEntry[]>(row.entries_enc, aad('purple_file_calls', 'entries_enc', row.id));
  }

  private async name(id: string | null | undefined): Promise<string> {
    const a = id ? await this.accounts.get(id) : undefined;
    return a ? this.accounts.displayName(a) : 'A former account';
  }

  /** Everything the record page shows (opened from its sealed columns). */
  async view(row: PurpleFileCallRow) {
    const a = this.answersOf(row);
    const visitRow = row.visit_id ? await this.visits.get(row.visit_id) : undefined;
    const visit = visitRow ? { ...(await this.visits.view(visitRow)), location: this.visits.detailOf(visitRow).location } : undefined;
    const { lineManager, serviceManager } = await this.managers(row.caller_id);
    const entries = await Promise.all(this.entriesOf(row).map(async (e) => ({ ...e, byName: await this.name(e.by) })));
    return {
      id: row.id,
      callerName: await this.name(row.caller_id),
      takenByName: await this.name(row.taken_by),
      calledAt: row.called_at,
      recordedAt: row.recorded_at,
      visit,
      questions: QUESTIONS.map((q) => ({ id: q.id, text: q.text, answer: ANSWERS[a.answers[q.id]] ?? a.answers[q.id] })),
      callBack: a.answers.callBack === 'yes' ? new Date(Date.parse(row.called_at) + 5 * 60_000).toISOString() : undefined,
      dialled999: a.dialled999 === 'yes',
      done: a.done,
      entries,
      alerted: await Promise.all((JSON.parse(row.alerted) as string[]).map((id) => this.name(id))),
      lineManager: lineManager ? this.accounts.displayName(lineManager) : undefined,
      serviceManager: serviceManager ? this.accounts.displayName(serviceManager) : undefined,
    };
  }

  /** Adds a timed entry ("what was done next"); the row is re-sealed in one transaction. */
  async addEntry(id: string, accountId: string, text: string, requestId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('purple_file_calls').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return false;
      const at = this.clock().toISOString();
      const entries = [...this.entriesOf(row), { at, by: accountId, text }];
      const changed = await trx
        .updateTable('purple_file_calls')
        .set({ entries_enc: this.sealer.sealJson(entries, aad('purple_file_calls', 'entries_enc', id)), updated_at: at })
        .where('id', '=', id)
        .where('updated_at', '=', row.updated_at)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1) throw Object.assign(new Error('the record changed meanwhile'), { code: '40001' });
      await this.audit.append({ actorId: accountId, actorKind: 'account', action: 'purple-file.entry', targetKind: 'purple-file', targetId: id, outcome: 'ok', requestId, detail: { entries: entries.length } }, trx);
      return true;
    });
  }
}
