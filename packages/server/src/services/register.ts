/**
 * The cautionary persons register and history markers (#15). The rules are core's (`register/rules.ts`:
 * qualification, terms, temporary markers, working days and the notice deadline, what a look-up shows,
 * normalisation for the blind index, the history marker rule); this file stores, seals, indexes,
 * notifies, schedules, deletes and audits.
 *
 * An entry's states, and who moves it (every move audited):
 *
 *   (report) --propose (register.propose, who may read the report)--> proposed
 *   proposed --countersign (register.countersign: Head of Service or Director; not the proposer)--> countersigned
 *             (optionally with a temporary marker, "temporary, under review", for SAFETY_REGISTER_TEMPORARY_DAYS)
 *   countersigned --decide add (register.manage: the register owner)--> added (term, review date, notices due)
 *   countersigned --decide decline (register.manage)--> declined (keys removed at once; deleted after DECLINED_KEEP_DAYS)
 *   added --review retain (register.manage, the six factors again, substantiated reasons)--> added (new review date, new letter)
 *   added --review delete | expiry (the daily sweep) | appeal upheld--> deleted (the row, its letters, links and keys; an audit tombstone of ids)
 *
 * The same person or address proposed again while an entry is proposed, countersigned or added: the
 * report is linked to that entry, never a second entry.
 *
 * Nothing personal leaves: notifications say only that there is something to do and link to it; the
 * audit log has ids and counts; a look-up's terms are never stored or logged, only their keyed hashes
 * are compared (`register_keys`), and its answer is the kind of risk, the precaution and the review date.
 */
import { DECLINED_KEEP_DAYS, QUALIFICATION_FACTORS, RISK_KINDS, addDays, addWorkingDays, applicableFactors, briefingCurrent, briefingLapse, classifyIncident, decisionProblems, formatPostcode, isRiskKind, londonDay, londonDayStart, markerShown, nextQuarter, noticeDeadline, noticeState, normaliseAddress, normaliseDistrict, normalisePostcode, normaliseSurname, partnerAgreementInForce, postcodeDistrict, proposalProblems, proposalWarnings, quarterOf, reviewDate, reviewProblems, STANDARD_TERM_DAYS, temporaryMarkerLapse, type FactorAssessments, type Holidays, type NoticeState, type QualificationFactorId, type RegisterProblem, type RiskKind } from '@safety-forms/core';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import nunjucks from 'nunjucks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditLog } from '../audit/log.js';
import { can } from '../auth/permissions.js';
import type { RequestPrincipal } from '../auth/plugin.js';
import type { RegisterConfig } from '../config.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { Database, RegisterEntryRow } from '../db/schema.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Notifier } from '../notify/notifications.js';
import { VIEWS } from '../views.js';
import { Access } from './access.js';
import type { Accounts } from './accounts.js';
import type { Records } from './records.js';

export const REGISTER_SWEEP_JOB = 'register-sweep';
export const REGISTER_QUARTER_JOB = 'register-quarter';
export const REGISTER_NOTICE_JOB = 'register-notice';

/** The forms a register entry may come from: "a specific incident or expression of clearly identifiable concern". */
export const PROPOSABLE_FORMS = ['incident-report', 'threat-report'] as const;

/** An entry's facts, sealed in `entry_enc`. */
export interface EntryFacts {
  subject: 'person' | 'address';
  forenames: string;
  surname: string;
  line1: string;
  line2: string;
  town: string;
  postcode: string;
  dangerousAnimal: boolean;
  riskKind: RiskKind;
  precaution: string;
  /** What happened, as the letter tells the individual why the behaviour was unacceptable. */
  behaviour: string;
  factors: FactorAssessments;
  employeeVersion: string;
  crimeCommitted: boolean | null;
  policeInformed: boolean | null;
}

/** The decision's words, sealed in `decision_enc`. */
export interface DecisionWords {
  countersignReasons?: string;
  reasons?: string;
  termReason?: string;
}

export type Field = keyof EntryFacts | 'linkedReport' | 'reasons' | 'termDays' | 'termReason' | 'outcome' | 'temporary' | 'doneOn' | 'notInformedReason' | 'passphrase' | 'agreement' | 'grounds' | 'committee' | 'search' | 'account' | 'briefedOn' | 'districts' | 'agreedOn' | 'expiresOn' | 'organisation' | 'partner';
export interface Problem {
  field: Field | `factor-${QualificationFactorId}`;
  text: string;
}
export type Outcome<T = undefined> = ({ ok: true } & (T extends undefined ? object : T)) | { ok: false; problems: Problem[] };

const filled = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';
const LIMIT = 5000;
const tooLong = (facts: Record<string, unknown>): Problem[] =>
  Object.entries(facts)
    .filter(([, v]) => typeof v === 'string' && v.length > LIMIT)
    .map(([k]) => ({ field: k as Field, text: `This is longer than ${LIMIT} characters: shorten it` }));

const coreProblem = (p: RegisterProblem): Problem => ({
  field: p.code === 'factor' ? (`factor-${p.factor!}` as const) : p.code === 'employee-version' ? 'employeeVersion' : p.code === 'crime-committed' ? 'crimeCommitted' : p.code === 'police-informed' ? 'policeInformed' : p.code === 'linked-report' ? 'linkedReport' : p.code === 'term' ? 'termDays' : p.code === 'term-reason' ? 'termReason' : 'reasons',
  text: p.text,
});

/** The export a partner opens with the passphrase agreed with them: scrypt for the key, AES-256-GCM. */
export interface SealedExport {
  format: 'safety-forms/register-export';
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  /** Ciphertext and tag, base64. */
  data: string;
}
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const scryptKey = (passphrase: string, salt: Buffer) => scryptSync(passphrase.normalize('NFC'), salt, 32, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });

/** Opens an export (what the partner runs, `scripts/open-register-export.mjs` does the same). */
export function openExport(file: SealedExport, passphrase: string): unknown {
  const key = scryptKey(passphrase, Buffer.from(file.kdf.salt, 'base64'));
  const body = Buffer.from(file.data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
  decipher.setAAD(Buffer.from(file.format));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8'));
}

/** A look-up's answer: only what a visit needs. */
export interface LookupAnswer {
  reference: string;
  kind: 'entry' | 'temporary';
  riskTitle: string;
  precaution: string;
  /** The review date (an entry), or the day the temporary marker lapses. */
  until: string;
}

export class Register {
  private readonly access: Access;
  private readonly letters: nunjucks.Environment;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly accounts: Accounts,
    private readonly records: Records,
    private readonly notifier: Notifier,
    private readonly jobs: JobQueue,
    private readonly config: RegisterConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.access = new Access(db, clock);
    // Letters are plain text: no HTML escaping here (the page escapes each paragraph, the PDF draws text).
    this.letters = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(VIEWS, 'letters')), { autoescape: false, throwOnUndefined: false });
  }

  get holidays(): Holidays | undefined {
    return this.config.holidays;
  }

  today(): string {
    return londonDay(this.clock());
  }

  register(): void {
    this.jobs.handle(REGISTER_SWEEP_JOB, () => this.sweep().then(() => undefined));
    this.jobs.handle(REGISTER_QUARTER_JOB, (_job, payload) => this.quarterReminder(String(payload.quarter)).then(() => undefined));
    this.jobs.handle(REGISTER_NOTICE_JOB, (_job, payload) => this.noticeReminder(String(payload.entryId), String(payload.stage)).then(() => undefined));
  }

  /**
   * At start, and by each sweep for the next day: today's sweep is due now (so a server that was down
   * across an expiry date deletes on start), the next one tomorrow at 02:00; the quarter's reminder too.
   */
  async schedule(): Promise<void> {
    const today = this.today();
    await this.jobs.enqueue({ kind: REGISTER_SWEEP_JOB, payload: { day: today }, uniqueKey: `${REGISTER_SWEEP_JOB}:${today}` });
    await this.scheduleNextSweep();
    const q = quarterOf(today);
    const label = `${q.year}-Q${q.quarter}`;
    await this.jobs.enqueue({ kind: REGISTER_QUARTER_JOB, payload: { quarter: label }, dueAt: new Date(londonDayStart(q.first).getTime() + 8 * 3_600_000), uniqueKey: `${REGISTER_QUARTER_JOB}:${label}` });
  }

  private async scheduleNextSweep(): Promise<void> {
    const tomorrow = addDays(this.today(), 1);
    await this.jobs.enqueue({ kind: REGISTER_SWEEP_JOB, payload: { day: tomorrow }, dueAt: new Date(londonDayStart(tomorrow).getTime() + 2 * 3_600_000), uniqueKey: `${REGISTER_SWEEP_JOB}:${tomorrow}` });
  }

  // -------------------------------------------------------------------------------------------------
  // Reading

  private facts(row: { id: string; entry_enc: string }): EntryFacts {
    return this.sealer.openJson<EntryFacts>(row.entry_enc, aad('register_entries', 'entry_enc', row.id));
  }

  private words(row: { id: string; decision_enc: string | null }): DecisionWords {
    return row.decision_enc ? this.sealer.openJson<DecisionWords>(row.decision_enc, aad('register_entries', 'decision_enc', row.id)) : {};
  }

  private name(f: EntryFacts): string {
    return f.subject === 'person' ? [f.forenames, f.surname].filter(filled).join(' ') : 'The occupier';
  }

  private addressLines(f: EntryFacts): string[] {
    const pc = normalisePostcode(f.postcode);
    return [f.line1, f.line2, f.town, pc ? formatPostcode(pc) : f.postcode].filter(filled);
  }

  /**
   * The entry, when `p` may open it: the register owner any; a countersigner one waiting for a
   * countersignature or a decision, or one they countersigned; the proposer their own.
   */
  async entryFor(p: RequestPrincipal, id: string): Promise<RegisterEntryRow | undefined> {
    if (p.kind !== 'account' || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const row = await this.db.selectFrom('register_entries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    if (can(p.roles, 'register.manage')) return row;
    if (can(p.roles, 'register.countersign') && (row.status === 'proposed' || row.status === 'countersigned' || row.countersigner_id === p.id)) return row;
    if (row.proposer_id === p.id && can(p.roles, 'register.propose')) return row;
    return undefined;
  }

  /** Where the two notices of an addition or retention stand today: the staff e-mail (its delivery) and the letter. */
  async notices(row: RegisterEntryRow): Promise<{ staff: NoticeState | null; letter: NoticeState | null; deadline: string | null; atRisk: boolean }> {
    return (await this.noticesOf([row])).get(row.id)!;
  }

  /** {@link notices} for many entries in one query of the staff messages (the register home lists up to 500). */
  private async noticesOf(rows: RegisterEntryRow[]) {
    const out = new Map<string, { staff: NoticeState | null; letter: NoticeState | null; deadline: string | null; atRisk: boolean }>();
    const due = rows.filter((r) => r.status === 'added' && r.decided_on && r.notice_due_on);
    for (const r of rows) if (!due.includes(r)) out.set(r.id, { staff: null, letter: null, deadline: null, atRisk: false });
    if (!due.length) return out;
    const today = this.today();
    const byEntry = new Map<string, { email_state: string; sent_at: string | null; created_at: string }[]>();
    for (let i = 0; i < due.length; i += 200) {
      const ids = due.slice(i, i + 200).map((r) => r.id);
      const messages = await this.db.selectFrom('register_notices').innerJoin('messages', 'messages.id', 'register_notices.message_id').select(['register_notices.entry_id', 'messages.email_state', 'messages.sent_at', 'messages.created_at']).where('register_notices.entry_id', 'in', ids).execute();
      for (const m of messages) byEntry.set(m.entry_id, [...(byEntry.get(m.entry_id) ?? []), m]);
    }
    const risky = (s: NoticeState) => s === 'overdue' || s === 'due-today' || s === 'due-next-working-day';
    for (const row of due) {
      const messages = byEntry.get(row.id) ?? [];
      const from = row.notice_from ?? row.decided_on!;
      // Delivered: sent to the relay, or in-app only (no address / no SMTP). Pending or failed mail is not delivered.
      const delivered = messages.length > 0 && messages.every((m) => m.email_state === 'sent' || m.email_state === 'none' || m.email_state === 'held');
      const staffDone = delivered ? messages.map((m) => londonDay(new Date(m.sent_at ?? m.created_at))).sort().at(-1)! : null;
      const staff = noticeState(from, today, staffDone, this.holidays);
      const letter = noticeState(from, today, row.letter_state === 'sent' || row.letter_state === 'not-informed' ? row.letter_done_on : null, this.holidays);
      out.set(row.id, { staff, letter, deadline: row.notice_due_on, atRisk: risky(staff) || risky(letter) });
    }
    return out;
  }

  /** Everything the entry page shows. */
  async view(row: RegisterEntryRow) {
    const f = this.facts(row);
    const w = this.words(row);
    const links = await this.db.selectFrom('register_links').select(['record_id', 'linked_at']).where('entry_id', '=', row.id).orderBy('linked_at').execute();
    const reports = [];
    for (const l of links) {
      const rec = await this.records.get(l.record_id);
      reports.push({ id: l.record_id, reference: rec?.reference ?? 'deleted', formId: rec?.form_id ?? '', linkedAt: l.linked_at });
    }
    const who = async (id: string | null) => (id ? ((a) => (a ? this.accounts.displayName(a) : 'A former account'))(await this.accounts.get(id)) : null);
    const appeals = await this.db.selectFrom('register_appeals').selectAll().where('entry_id', '=', row.id).orderBy('created_at').execute();
    const reviews = await this.db.selectFrom('register_reviews').selectAll().where('entry_id', '=', row.id).orderBy('reviewed_on').execute();
    return {
      row,
      facts: f,
      words: w,
      name: this.name(f),
      addressLines: this.addressLines(f),
      riskTitle: RISK_KINDS[f.riskKind] ?? f.riskKind,
      factors: applicableFactors(f.dangerousAnimal).map((x) => ({ ...x, note: f.factors[x.id] ?? '' })),
      warnings: proposalWarnings(f).map((x) => x.text),
      reports,
      proposer: await who(row.proposer_id),
      countersigner: await who(row.countersigner_id),
      decider: await who(row.decider_id),
      shown: markerShown({ status: row.status, reviewOn: row.review_on, temporaryUntil: row.temporary_until }, this.today()),
      notices: await this.notices(row),
      appeals: appeals.map((a) => ({ ...a, detail: this.sealer.openJson<Record<string, string>>(a.detail_enc, aad('register_appeals', 'detail_enc', a.id)) })),
      reviews: reviews.map((r) => ({ ...r, detail: this.sealer.openJson<Record<string, string>>(r.detail_enc, aad('register_reviews', 'detail_enc', r.id)) })),
    };
  }

  /** The register owner's home: what waits for them, deadlines at risk, what lapses next quarter, failed sweeps. */
  async home(p: RequestPrincipal) {
    const manage = can(p.roles, 'register.manage');
    const countersign = can(p.roles, 'register.countersign');
    let q = this.db.selectFrom('register_entries').selectAll();
    if (!manage) q = countersign ? q.where((eb) => eb.or([eb('status', 'in', ['proposed', 'countersigned']), eb('countersigner_id', '=', p.id), eb('proposer_id', '=', p.id)])) : q.where('proposer_id', '=', p.id);
    const rows = await q.orderBy('proposed_at', 'desc').limit(500).execute();
    const list = rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, subject: r.subject, proposedAt: r.proposed_at, reviewOn: r.review_on, temporaryUntil: r.temporary_until, required: !!r.history_marker_required }));
    const atRisk = [];
    if (manage) for (const [id, n] of await this.noticesOf(rows)) if (n.atRisk) { const r = rows.find((x) => x.id === id)!; atRisk.push({ id: r.id, reference: r.reference, deadline: r.notice_due_on }); }
    const next = nextQuarter(this.today());
    const lapsing = manage ? rows.filter((r) => r.status === 'added' && r.review_on && r.review_on >= next.first && r.review_on <= next.last).length : 0;
    const failed = manage ? await this.db.selectFrom('jobs').select(['id', 'last_error', 'attempts', 'failed_at']).where('kind', '=', REGISTER_SWEEP_JOB).where('done_at', 'is', null).where('attempts', '>', 0).execute() : [];
    const openAppeals = manage ? Number((await this.db.selectFrom('register_appeals').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'open').executeTakeFirst())?.n ?? 0) : 0;
    return { manage, countersign, list, atRisk, lapsing, nextQuarter: next, failedSweeps: failed, openAppeals };
  }

  // -------------------------------------------------------------------------------------------------
  // Proposing, countersigning, deciding

  /** The linked report, when `p` may read it and it is an incident or threat report. */
  async proposable(p: RequestPrincipal, recordId: string) {
    if (!/^[0-9a-f-]{36}$/i.test(recordId)) return undefined;
    const rec = await this.records.get(recordId);
    if (!rec || !(PROPOSABLE_FORMS as readonly string[]).includes(rec.form_id) || !(await this.access.grant(p, rec))) return undefined;
    const data = this.records.view(rec).payload.envelope.data;
    const required = rec.form_id === 'incident-report' ? classifyIncident(data).historyMarkerRequired : false;
    return { id: rec.id, reference: rec.reference, formId: rec.form_id, historyMarkerRequired: !!required };
  }

  private keys(f: EntryFacts): { kind: string; hmac: string }[] {
    const out: { kind: string; hmac: string }[] = [];
    const pc = normalisePostcode(f.postcode);
    const surname = normaliseSurname(f.surname);
    const address = normaliseAddress(f.line1, f.postcode);
    if (f.subject === 'person' && surname && pc) out.push({ kind: 'person', hmac: this.sealer.index('register.person', `${surname}|${pc}`) });
    if (address) out.push({ kind: 'address', hmac: this.sealer.index('register.address', address) });
    const area = this.areaOf(f);
    if (area) out.push({ kind: 'area', hmac: area });
    return out;
  }

  private areaKey(district: string): string {
    return this.sealer.index('register.area', district);
  }

  /** The keyed hash of an entry's postcode district (what partner agreements cover), or null without a postcode. */
  private areaOf(f: EntryFacts): string | null {
    const pc = normalisePostcode(f.postcode);
    return pc ? this.areaKey(postcodeDistrict(pc)) : null;
  }

  private inForce(a: { agreed_on: string; expires_on: string }): boolean {
    return partnerAgreementInForce({ agreedOn: a.agreed_on, expiresOn: a.expires_on }, this.today());
  }

  /** What is wrong with a proposal's facts; empty when it may go to countersigning. */
  factProblems(f: EntryFacts, linkedReportId: string | null): Problem[] {
    const out: Problem[] = tooLong({ ...f, ...f.factors } as Record<string, unknown>);
    if (f.subject === 'person') {
      if (!normaliseSurname(f.surname)) out.push({ field: 'surname', text: "Enter the person's surname" });
    }
    if (!filled(f.line1)) out.push({ field: 'line1', text: 'Enter the first line of the address' });
    else if (!normaliseAddress(f.line1, f.postcode) && normalisePostcode(f.postcode)) out.push({ field: 'line1', text: 'Enter the first line of the address with letters or numbers' });
    if (!normalisePostcode(f.postcode)) out.push({ field: 'postcode', text: 'Enter a real postcode, like SW1A 1AA' });
    if (!isRiskKind(f.riskKind)) out.push({ field: 'riskKind', text: 'Choose the kind of risk' });
    if (!filled(f.precaution)) out.push({ field: 'precaution', text: 'Enter the precaution visiting staff must take, for example: visit in pairs' });
    if (!filled(f.behaviour)) out.push({ field: 'behaviour', text: 'Describe what happened: the letter uses it to explain why the behaviour was unacceptable' });
    out.push(...proposalProblems({ ...f, linkedReportId }).map(coreProblem));
    return out;
  }

  /**
   * Proposes an entry from a report `p` may read. The same person (surname + postcode) or address
   * already proposed, countersigned or on the register: the report is linked to that entry instead.
   */
  async propose(p: RequestPrincipal, recordId: string, f: EntryFacts, requestId: string): Promise<Outcome<{ id: string; linked: boolean }>> {
    const report = await this.proposable(p, recordId);
    if (!report) return { ok: false, problems: [{ field: 'linkedReport', text: 'Link an incident or threat report you can read: an entry must be based on a specific incident or clearly identifiable concern' }] };
    const problems = this.factProblems(f, report.id);
    if (problems.length) return { ok: false, problems };
    const keys = this.keys(f);
    const at = this.clock().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const matching = keys.filter((k) => k.kind !== 'area' && (k.kind === (f.subject === 'person' ? 'person' : 'address')));
      const existing = matching.length
        ? await trx
            .selectFrom('register_keys')
            .innerJoin('register_entries', 'register_entries.id', 'register_keys.entry_id')
            .select(['register_entries.id', 'register_entries.history_marker_required'])
            .where('register_entries.status', 'in', ['proposed', 'countersigned', 'added'])
            .where((eb) => eb.or(matching.map((k) => eb.and([eb('register_keys.kind', '=', k.kind), eb('register_keys.hmac', '=', k.hmac)]))))
            .executeTakeFirst()
        : undefined;
      if (existing) {
        await trx.insertInto('register_links').values({ entry_id: existing.id, record_id: report.id, linked_by: p.id, linked_at: at }).onConflict((oc) => oc.doNothing()).execute();
        if (report.historyMarkerRequired && !existing.history_marker_required) await trx.updateTable('register_entries').set({ history_marker_required: 1, updated_at: at }).where('id', '=', existing.id).execute();
        for (const to of await this.accounts.holding('register.manage', trx)) await this.notifier.notify(to, { subject: 'A report was linked to a register entry', body: 'A new report was proposed for a person or address already proposed or on the register, and was linked to that entry. Open the link to review it.', link: `/register/${existing.id}` }, trx);
        await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.link', targetKind: 'register-entry', targetId: existing.id, outcome: 'ok', requestId, detail: { record: report.id } }, trx);
        return { ok: true as const, id: existing.id, linked: true };
      }
      const id = randomUUID();
      const reference = `CPR-${randomBytes(5).toString('hex').toUpperCase()}`;
      await trx
        .insertInto('register_entries')
        .values({ id, reference, subject: f.subject, status: 'proposed', dangerous_animal: f.dangerousAnimal ? 1 : 0, history_marker_required: report.historyMarkerRequired ? 1 : 0, entry_enc: this.sealer.sealJson(f, aad('register_entries', 'entry_enc', id)), decision_enc: null, proposer_id: p.id, proposed_at: at, countersigner_id: null, countersigned_on: null, temporary_until: null, decider_id: null, decided_on: null, term_days: null, review_on: null, notice_from: null, notice_due_on: null, letter_state: null, letter_done_on: null, version: 1, created_at: at, updated_at: at })
        .execute();
      await trx.insertInto('register_links').values({ entry_id: id, record_id: report.id, linked_by: p.id, linked_at: at }).execute();
      if (keys.length) await trx.insertInto('register_keys').values(keys.map((k) => ({ entry_id: id, ...k }))).execute();
      for (const to of await this.accounts.holding('register.countersign', trx)) if (to !== p.id) await this.notifier.notify(to, { subject: 'A register proposal needs countersigning', body: 'A proposal for the cautionary persons register needs the countersignature of a Head of Service or Director. Open the link to review it.', link: `/register/${id}` }, trx);
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.propose', targetKind: 'register-entry', targetId: id, outcome: 'ok', requestId, detail: { record: report.id, subject: f.subject, required: report.historyMarkerRequired } }, trx);
      return { ok: true as const, id, linked: false };
    });
  }

  private async move(trx: Transaction<Database>, row: RegisterEntryRow, set: Partial<RegisterEntryRow>): Promise<void> {
    const changed = await trx.updateTable('register_entries').set({ ...set, version: row.version + 1, updated_at: this.clock().toISOString() }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new RegisterConflict('the entry changed since the page was loaded');
  }

  private sealWords(id: string, words: DecisionWords): string {
    return this.sealer.sealJson(words, aad('register_entries', 'decision_enc', id));
  }

  /** Countersigns a proposal (not one's own), optionally with a temporary marker while the decision is awaited. */
  async countersign(p: RequestPrincipal, row: RegisterEntryRow, input: { temporary: boolean; reasons: string }, requestId: string): Promise<Outcome> {
    if (row.status !== 'proposed') return { ok: false, problems: [{ field: 'outcome', text: 'This proposal is not waiting for a countersignature' }] };
    if (row.proposer_id === p.id) return { ok: false, problems: [{ field: 'outcome', text: 'You proposed this entry: another Head of Service or Director must countersign it' }] };
    if (input.reasons.length > LIMIT) return { ok: false, problems: [{ field: 'reasons', text: `This is longer than ${LIMIT} characters: shorten it` }] };
    const today = this.today();
    await this.db.transaction().execute(async (trx) => {
      await this.move(trx, row, { status: 'countersigned', countersigner_id: p.id, countersigned_on: today, temporary_until: input.temporary ? temporaryMarkerLapse(today, this.config.temporaryDays) : null, decision_enc: this.sealWords(row.id, { ...this.words(row), countersignReasons: input.reasons }) });
      for (const to of await this.accounts.holding('register.manage', trx)) await this.notifier.notify(to, { subject: 'A register proposal awaits your decision', body: 'A countersigned proposal for the cautionary persons register awaits the register owner. Open the link to decide it.', link: `/register/${row.id}` }, trx);
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.countersign', targetKind: 'register-entry', targetId: row.id, outcome: 'ok', requestId, detail: { temporary: input.temporary } }, trx);
    });
    return { ok: true };
  }

  /**
   * The register owner's decision on a countersigned proposal. Added: the term and review date, the
   * staff e-mail to everyone who visits (no personal data), the letter drafted, the 2-working-day
   * deadline and its reminders. Declined: its keys are removed at once, so no search finds it.
   */
  async decide(p: RequestPrincipal, row: RegisterEntryRow, input: { outcome: 'add' | 'decline'; reasons: string; termDays: number; termReason: string }, requestId: string): Promise<Outcome> {
    if (row.status !== 'countersigned') return { ok: false, problems: [{ field: 'outcome', text: row.status === 'proposed' ? 'This proposal must be countersigned by a Head of Service or Director first' : 'This entry has already been decided' }] };
    const problems = [...tooLong({ reasons: input.reasons, termReason: input.termReason }), ...decisionProblems({ ...input, historyMarkerRequired: !!row.history_marker_required }).map(coreProblem)];
    if (problems.length) return { ok: false, problems };
    const today = this.today();
    const words = { ...this.words(row), reasons: input.reasons, termReason: input.termReason };
    await this.db.transaction().execute(async (trx) => {
      if (input.outcome === 'decline') {
        await this.move(trx, row, { status: 'declined', decider_id: p.id, decided_on: today, temporary_until: null, decision_enc: this.sealWords(row.id, words) });
        await trx.deleteFrom('register_keys').where('entry_id', '=', row.id).execute();
      } else {
        const due = noticeDeadline(today, this.holidays);
        await this.move(trx, row, { status: 'added', decider_id: p.id, decided_on: today, term_days: input.termDays, review_on: reviewDate(today, input.termDays), temporary_until: null, notice_from: today, notice_due_on: due, letter_state: 'pending', letter_done_on: null, decision_enc: this.sealWords(row.id, words) });
        await this.tellStaff(trx, row.id);
        await this.scheduleNotices(trx, row.id, due);
      }
      await this.notifier.notify(row.proposer_id, { subject: 'A register proposal you made was decided', body: 'The register owner has decided a proposal you made for the cautionary persons register. Open the link to see the decision.', link: `/register/${row.id}` }, trx);
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: `register.${input.outcome === 'add' ? 'add' : 'decline'}`, targetKind: 'register-entry', targetId: row.id, outcome: 'ok', requestId, detail: input.outcome === 'add' ? { termDays: input.termDays } : {} }, trx);
    });
    return { ok: true };
  }

  /** The staff e-mail of an addition: everyone who visits (employees holding register.search), no personal data. */
  private async tellStaff(trx: Transaction<Database>, entryId: string): Promise<number> {
    const visitors = await this.accounts.holding('register.search', trx);
    const employees = visitors.length ? await trx.selectFrom('accounts').select(['id', 'roles']).where('id', 'in', visitors).execute() : [];
    let n = 0;
    for (const a of employees) {
      if ((JSON.parse(a.roles) as string[]).includes('partner')) continue;
      const messageId = await this.notifier.notify(a.id, { subject: 'A new entry on the cautionary persons register', body: 'There is a new entry on the cautionary persons register. Look up an address before you visit, as usual.', link: '/register/search' }, trx);
      await trx.insertInto('register_notices').values({ entry_id: entryId, message_id: messageId, created_at: this.clock().toISOString() }).execute();
      n++;
    }
    return n;
  }

  private async scheduleNotices(trx: Transaction<Database>, entryId: string, due: string): Promise<void> {
    // The working day before the deadline (about to be missed) and the deadline day itself, at 09:00.
    const before = addWorkingDays(due, -1, this.holidays);
    for (const [stage, day] of [['before', before], ['due', due]] as const) {
      await this.jobs.enqueue({ kind: REGISTER_NOTICE_JOB, payload: { entryId, stage, due }, dueAt: new Date(londonDayStart(day).getTime() + 9 * 3_600_000), uniqueKey: `${REGISTER_NOTICE_JOB}:${entryId}:${due}:${stage}` }, trx);
    }
  }

  /** A notice deadline about to be missed (or missed): the register owner is told, once per stage. */
  async noticeReminder(entryId: string, stage: string): Promise<boolean> {
    const row = await this.db.selectFrom('register_entries').selectAll().where('id', '=', entryId).executeTakeFirst();
    if (!row || row.status !== 'added') return false;
    const n = await this.notices(row);
    if (!n.atRisk) return false;
    await this.db.transaction().execute(async (trx) => {
      for (const to of await this.accounts.holding('register.manage', trx)) await this.notifier.notify(to, { subject: stage === 'due' ? 'A register notice is due today' : 'A register notice is due tomorrow', body: 'Staff must be told of a register entry, and the individual written to (or the reason not to inform documented), within 2 working days. Open the link to see what is outstanding.', link: `/register/${entryId}` }, trx);
      await this.audit.append({ actorId: null, actorKind: 'system', action: 'register.notice-reminder', targetKind: 'register-entry', targetId: entryId, outcome: 'ok', requestId: null, detail: { stage, staff: n.staff, letter: n.letter } }, trx);
    });
    return true;
  }

  // -------------------------------------------------------------------------------------------------
  // Letters

  /** The letter's paragraphs for the entry as it stands (the shipped template, or the organisation's). */
  async letterParagraphs(row: RegisterEntryRow, kind: 'addition' | 'retention' = 'addition', db: Kysely<Database> | Transaction<Database> = this.db): Promise<string[]> {
    const f = this.facts(row);
    const district = this.areaOf(f);
    const partners = [];
    for (const a of await db.selectFrom('register_agreements').selectAll().execute()) {
      if (!district || !this.inForce(a) || !(JSON.parse(a.area_keys) as string[]).includes(district)) continue;
      partners.push(this.agreementDetail(a).organisation);
    }
    const date = (day: string | null) => (day ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)) : '');
    const context = {
      organisation: this.config.organisation,
      today: date(this.today()),
      kind,
      subject: f.subject,
      name: this.name(f),
      addressLines: this.addressLines(f),
      behaviour: f.behaviour.trim().replace(/\s+$/, '').replace(/([^.!?])$/, '$1.'),
      riskTitle: (RISK_KINDS[f.riskKind] ?? '').toLowerCase(),
      precaution: f.precaution.trim().replace(/([^.!?])$/, '$1.'),
      reviewOn: date(row.review_on),
      sharedWith: [...new Set(partners)],
      appeal: `You may appeal against this decision by writing to the Register Owner, ${this.config.organisation}, within 28 days of this letter, saying why you believe the entry is wrong. Your appeal will be decided by a committee that was not involved in the decision, and we will write to you with its outcome.`,
    };
    const text = this.config.letterTemplate ? this.letters.renderString(readFileSync(this.config.letterTemplate, 'utf8'), context) : this.letters.render('register-letter.njk', context);
    return text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
  }

  /** Drafts (or redrafts) the letter of the entry's latest addition or retention, sealed. */
  private async draftLetter(trx: Transaction<Database>, row: RegisterEntryRow, kind: 'addition' | 'retention'): Promise<void> {
    const id = randomUUID();
    await trx.insertInto('register_letters').values({ id, entry_id: row.id, kind, body_enc: this.sealer.sealJson({ paragraphs: await this.letterParagraphs(row, kind, trx) }, aad('register_letters', 'body_enc', id)), state: 'draft', done_on: null, created_at: this.clock().toISOString() }).execute();
  }

  /** The latest letter of an added entry (drafted on first view after the addition or a retention). */
  async letter(row: RegisterEntryRow): Promise<{ id: string; kind: string; state: string; doneOn: string | null; paragraphs: string[]; reason: string } | undefined> {
    if (row.status !== 'added') return undefined;
    let l = await this.db.selectFrom('register_letters').selectAll().where('entry_id', '=', row.id).orderBy('created_at', 'desc').executeTakeFirst();
    if (!l) {
      await this.db.transaction().execute((trx) => this.draftLetter(trx, row, 'addition'));
      l = await this.db.selectFrom('register_letters').selectAll().where('entry_id', '=', row.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    }
    const body = this.sealer.openJson<{ paragraphs: string[]; reason?: string }>(l.body_enc, aad('register_letters', 'body_enc', l.id));
    return { id: l.id, kind: l.kind, state: l.state, doneOn: l.done_on, paragraphs: body.paragraphs, reason: body.reason ?? '' };
  }

  /** Records that the letter was sent on a day, or the documented reason the individual is not informed. */
  async recordLetter(p: RequestPrincipal, row: RegisterEntryRow, input: { sentOn: string | null; notInformedReason: string }, requestId: string): Promise<Outcome> {
    const l = await this.letter(row);
    if (!l) return { ok: false, problems: [{ field: 'doneOn', text: 'Only an entry on the register has a letter' }] };
    if (!input.sentOn && !filled(input.notInformedReason)) return { ok: false, problems: [{ field: 'doneOn', text: 'Enter the day the letter was sent, or document why the individual is not informed' }] };
    if (input.notInformedReason.length > LIMIT) return { ok: false, problems: [{ field: 'notInformedReason', text: `This is longer than ${LIMIT} characters: shorten it` }] };
    if (input.sentOn && input.sentOn > this.today()) return { ok: false, problems: [{ field: 'doneOn', text: 'The day the letter was sent cannot be in the future' }] };
    const state = input.sentOn ? 'sent' : 'not-informed';
    const doneOn = input.sentOn ?? this.today();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('register_letters').set({ state, done_on: doneOn, body_enc: this.sealer.sealJson({ paragraphs: l.paragraphs, reason: input.notInformedReason }, aad('register_letters', 'body_enc', l.id)) }).where('id', '=', l.id).execute();
      await this.move(trx, row, { letter_state: state, letter_done_on: doneOn });
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: `register.letter-${state}`, targetKind: 'register-entry', targetId: row.id, outcome: 'ok', requestId, detail: { letter: l.id } }, trx);
    });
    return { ok: true };
  }

  // -------------------------------------------------------------------------------------------------
  // Appeals and reviews

  async lodgeAppeal(p: RequestPrincipal, row: RegisterEntryRow, input: { grounds: string; lodgedOn: string }, requestId: string): Promise<Outcome> {
    if (row.status !== 'added') return { ok: false, problems: [{ field: 'grounds', text: 'Only an entry on the register can be appealed' }] };
    if (!filled(input.grounds)) return { ok: false, problems: [{ field: 'grounds', text: 'Enter the grounds of the appeal, as the individual gave them' }] };
    const problems = tooLong({ grounds: input.grounds });
    if (problems.length) return { ok: false, problems };
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('register_appeals').values({ id, entry_id: row.id, status: 'open', detail_enc: this.sealer.sealJson({ grounds: input.grounds }, aad('register_appeals', 'detail_enc', id)), lodged_on: input.lodgedOn, decided_on: null, recorded_by: p.id, created_at: this.clock().toISOString() }).execute();
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.appeal', targetKind: 'register-entry', targetId: row.id, outcome: 'ok', requestId, detail: { appeal: id } }, trx);
    });
    return { ok: true };
  }

  /** The committee's decision: upheld removes the entry (deleted, with its tombstone); dismissed keeps it. */
  async decideAppeal(p: RequestPrincipal, row: RegisterEntryRow, appealId: string, input: { outcome: 'upheld' | 'dismissed'; committee: string; reasons: string; employeeComment: string }, requestId: string): Promise<Outcome> {
    const a = await this.db.selectFrom('register_appeals').selectAll().where('id', '=', appealId).where('entry_id', '=', row.id).executeTakeFirst();
    if (!a || a.status !== 'open') return { ok: false, problems: [{ field: 'outcome', text: 'This appeal is not open' }] };
    const problems: Problem[] = [...tooLong(input)];
    if (!filled(input.committee)) problems.push({ field: 'committee', text: 'Enter who sat on the committee' });
    if (!filled(input.reasons)) problems.push({ field: 'reasons', text: "Record the committee's reasons" });
    if (problems.length) return { ok: false, problems };
    const detail = { ...this.sealer.openJson<Record<string, string>>(a.detail_enc, aad('register_appeals', 'detail_enc', a.id)), committee: input.committee, reasons: input.reasons, employeeComment: input.employeeComment };
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('register_appeals').set({ status: input.outcome, decided_on: this.today(), detail_enc: this.sealer.sealJson(detail, aad('register_appeals', 'detail_enc', a.id)) }).where('id', '=', a.id).execute();
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: `register.appeal-${input.outcome}`, targetKind: 'register-entry', targetId: row.id, outcome: 'ok', requestId, detail: { appeal: a.id } }, trx);
      if (input.outcome === 'upheld') await this.remove(trx, row.id, 'appeal-upheld');
    });
    return { ok: true };
  }

  /** The quarterly review of an entry: retain (the six factors again, substantiated reasons, a new term and letter) or delete now. */
  async review(p: RequestPrincipal, row: RegisterEntryRow, input: { outcome: 'retain' | 'delete'; factors: FactorAssessments; reasons: string; termDays: number; termReason: string }, requestId: string): Promise<Outcome> {
    if (row.status !== 'added') return { ok: false, problems: [{ field: 'outcome', text: 'Only an entry on the register can be reviewed' }] };
    const f = this.facts(row);
    const problems = [...tooLong({ reasons: input.reasons, termReason: input.termReason, ...input.factors }), ...reviewProblems({ ...input, dangerousAnimal: f.dangerousAnimal }).map(coreProblem)];
    if (problems.length) return { ok: false, problems };
    const today = this.today();
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('register_reviews').values({ id, entry_id: row.id, outcome: input.outcome, detail_enc: this.sealer.sealJson({ reasons: input.reasons, termReason: input.termReason, ...Object.fromEntries(Object.entries(input.factors).map(([k, v]) => [`factor:${k}`, v ?? ''])) }, aad('register_reviews', 'detail_enc', id)), reviewed_on: today, reviewer_id: p.id }).execute();
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: `register.review-${input.outcome}`, targetKind: 'register-entry', targetId: row.id, outcome: 'ok', requestId, detail: input.outcome === 'retain' ? { termDays: input.termDays } : {} }, trx);
      if (input.outcome === 'delete') return this.remove(trx, row.id, 'review');
      const due = noticeDeadline(today, this.holidays);
      await this.move(trx, row, { review_on: reviewDate(today, input.termDays), term_days: input.termDays, notice_from: today, notice_due_on: due, letter_state: 'pending', letter_done_on: null });
      const fresh = await trx.selectFrom('register_entries').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      await this.draftLetter(trx, fresh, 'retention');
      await this.scheduleNotices(trx, row.id, due);
    });
    return { ok: true };
  }

  /** The entries on the register lapsing in the next quarter, by review date: the quarterly review list. */
  async lapsing() {
    const q = nextQuarter(this.today());
    const rows = await this.db.selectFrom('register_entries').selectAll().where('status', '=', 'added').where('review_on', '>=', q.first).where('review_on', '<=', q.last).orderBy('review_on').execute();
    return { quarter: q, rows: rows.map((r) => ({ id: r.id, reference: r.reference, subject: r.subject, reviewOn: r.review_on })) };
  }

  /** The quarter's reminder to the register owner: how many entries lapse next quarter (a count, no one named). */
  async quarterReminder(label: string): Promise<number> {
    const { rows } = await this.lapsing();
    await this.db.transaction().execute(async (trx) => {
      for (const to of await this.accounts.holding('register.manage', trx)) await this.notifier.notify(to, { subject: 'Register entries to review this quarter', body: `${rows.length} ${rows.length === 1 ? 'entry lapses' : 'entries lapse'} in the next quarter. Review them with the Health and Safety Officer against the six factors.`, link: '/register/review' }, trx);
      await this.audit.append({ actorId: null, actorKind: 'system', action: 'register.quarter-reminder', targetKind: 'register', targetId: label, outcome: 'ok', requestId: null, detail: { lapsing: rows.length } }, trx);
    });
    const [y, q] = label.split('-Q').map(Number) as [number, number];
    const next = q === 4 ? { year: y + 1, q: 1 } : { year: y, q: q + 1 };
    const first = `${next.year}-${String((next.q - 1) * 3 + 1).padStart(2, '0')}-01`;
    const nextLabel = `${next.year}-Q${next.q}`;
    await this.jobs.enqueue({ kind: REGISTER_QUARTER_JOB, payload: { quarter: nextLabel }, dueAt: new Date(londonDayStart(first).getTime() + 8 * 3_600_000), uniqueKey: `${REGISTER_QUARTER_JOB}:${nextLabel}` });
    return rows.length;
  }

  // -------------------------------------------------------------------------------------------------
  // Deletion

  /** Deletes an entry and everything of it in `trx`, leaving an audit tombstone of ids only. */
  private async remove(trx: Transaction<Database>, entryId: string, why: 'expiry' | 'review' | 'appeal-upheld' | 'declined'): Promise<void> {
    const links = await trx.selectFrom('register_links').select('record_id').where('entry_id', '=', entryId).execute();
    const letters = await trx.selectFrom('register_letters').select('id').where('entry_id', '=', entryId).execute();
    for (const table of ['register_keys', 'register_links', 'register_letters', 'register_notices', 'register_appeals', 'register_reviews'] as const) await trx.deleteFrom(table).where('entry_id', '=', entryId).execute();
    await trx.deleteFrom('register_entries').where('id', '=', entryId).execute();
    await this.audit.append({ actorId: null, actorKind: 'system', action: 'register.deleted', targetKind: 'register-entry', targetId: entryId, outcome: 'ok', requestId: null, detail: { why, records: links.map((l) => l.record_id).join(','), letters: letters.length } }, trx);
  }

  /**
   * The daily sweep: every entry past its review date (not retained) and every declined proposal past
   * DECLINED_KEEP_DAYS is deleted, each in its own transaction. A failure is thrown after the others
   * are done, so the queue retries it and the register owner's home shows the failed sweep: it never
   * fails silently. Then tomorrow's sweep is scheduled.
   */
  async sweep(): Promise<{ deleted: number }> {
    const today = this.today();
    const expired = await this.db.selectFrom('register_entries').select(['id', 'status']).where((eb) => eb.or([eb.and([eb('status', '=', 'added'), eb('review_on', '<=', today)]), eb.and([eb('status', '=', 'declined'), eb('decided_on', '<=', addDays(today, -DECLINED_KEEP_DAYS))])])).execute();
    let deleted = 0;
    let failure: unknown;
    for (const e of expired) {
      try {
        await this.db.transaction().execute((trx) => this.remove(trx, e.id, e.status === 'declined' ? 'declined' : 'expiry'));
        deleted++;
      } catch (error) {
        failure ??= error;
      }
    }
    await this.scheduleNextSweep();
    if (failure) throw failure;
    return { deleted };
  }

  // -------------------------------------------------------------------------------------------------
  // Briefings, partners, look-ups, exports

  async briefedOn(accountId: string): Promise<string | null> {
    return (await this.db.selectFrom('register_briefings').select('briefed_on').where('account_id', '=', accountId).executeTakeFirst())?.briefed_on ?? null;
  }

  /** Register users (everyone who may search) with their briefing: current, or lapsed / never. */
  async briefings() {
    const ids = await this.accounts.holding('register.search');
    const today = this.today();
    const out = [];
    for (const id of ids) {
      const a = await this.accounts.get(id);
      if (!a) continue;
      const on = await this.briefedOn(id);
      out.push({ id, name: this.accounts.displayName(a), briefedOn: on, lapsesOn: on ? briefingLapse(on) : null, current: briefingCurrent(on, today) });
    }
    return out.sort((x, y) => Number(x.current) - Number(y.current) || x.name.localeCompare(y.name));
  }

  async recordBriefing(p: RequestPrincipal, accountId: string, day: string, requestId: string): Promise<Outcome> {
    if (!(await this.accounts.holding('register.search')).includes(accountId)) return { ok: false, problems: [{ field: 'account', text: 'Choose a register user' }] };
    if (day > this.today()) return { ok: false, problems: [{ field: 'briefedOn', text: 'The briefing day cannot be in the future' }] };
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('register_briefings').values({ account_id: accountId, briefed_on: day, recorded_by: p.id, recorded_at: at }).onConflict((oc) => oc.column('account_id').doUpdateSet({ briefed_on: day, recorded_by: p.id, recorded_at: at })).execute();
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.briefing', targetKind: 'account', targetId: accountId, outcome: 'ok', requestId }, trx);
    });
    return { ok: true };
  }

  private agreementDetail(a: { id: string; detail_enc: string }) {
    return this.sealer.openJson<{ organisation: string; reference: string; scope: string; districts: string[] }>(a.detail_enc, aad('register_agreements', 'detail_enc', a.id));
  }

  async agreements() {
    const rows = await this.db.selectFrom('register_agreements').selectAll().orderBy('created_at', 'desc').execute();
    return Promise.all(rows.map(async (r) => ({ id: r.id, partnerId: r.partner_id, partner: ((a) => (a ? this.accounts.displayName(a) : 'A former account'))(await this.accounts.get(r.partner_id)), ...this.agreementDetail(r), agreedOn: r.agreed_on, expiresOn: r.expires_on, inForce: this.inForce(r) })));
  }

  /** Records a partner agreement (policy part 6): the partner account, the organisation, the written agreement's date and expiry, the postcode districts it covers. */
  async recordAgreement(p: RequestPrincipal, input: { partnerId: string; organisation: string; reference: string; scope: string; districts: string; agreedOn: string; expiresOn: string }, requestId: string): Promise<Outcome> {
    const problems: Problem[] = tooLong(input);
    const partner = await this.accounts.get(input.partnerId);
    if (!partner || !(JSON.parse(partner.roles) as string[]).includes('partner')) problems.push({ field: 'partner', text: 'Choose a partner account' });
    if (!filled(input.organisation)) problems.push({ field: 'organisation', text: 'Enter the partner organisation' });
    const raw = input.districts.split(/[\s,;]+/).filter(Boolean);
    const districts = raw.map(normaliseDistrict);
    if (!raw.length || districts.some((d) => !d)) problems.push({ field: 'districts', text: 'Enter the postcode districts the agreement covers, like ME14, ME15' });
    if (input.expiresOn < input.agreedOn) problems.push({ field: 'expiresOn', text: 'The expiry must be on or after the day of the written agreement' });
    if (problems.length) return { ok: false, problems };
    const id = randomUUID();
    const list = [...new Set(districts as string[])];
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('register_agreements').values({ id, partner_id: input.partnerId, detail_enc: this.sealer.sealJson({ organisation: input.organisation, reference: input.reference, scope: input.scope, districts: list }, aad('register_agreements', 'detail_enc', id)), area_keys: JSON.stringify(list.map((d) => this.areaKey(d))), agreed_on: input.agreedOn, expires_on: input.expiresOn, created_by: p.id, created_at: this.clock().toISOString() }).execute();
      await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.agreement', targetKind: 'register-agreement', targetId: id, outcome: 'ok', requestId, detail: { partner: input.partnerId, districts: list.length } }, trx);
    });
    return { ok: true };
  }

  /** The area keys a partner's agreements in force cover today (none: they may not search). */
  private async partnerAreas(partnerId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('register_agreements').selectAll().where('partner_id', '=', partnerId).execute();
    return new Set(rows.filter((r) => this.inForce(r)).flatMap((r) => JSON.parse(r.area_keys) as string[]));
  }

  /**
   * May `p` search now? A current briefing (every two years), and a partner only under an agreement in
   * force. The reason, when not, is what the page tells them.
   */
  async searchBlock(p: RequestPrincipal): Promise<'briefing' | 'agreement' | undefined> {
    if (!briefingCurrent(await this.briefedOn(p.id), this.today())) return 'briefing';
    if (p.roles.includes('partner') && !p.roles.includes('visiting-staff') && (await this.partnerAreas(p.id)).size === 0) return 'agreement';
    return undefined;
  }

  /**
   * A look-up before a visit: exact on the normalised surname + postcode, or first line + postcode,
   * through the blind index. Only entries shown today (core's `markerShown`), and for a partner only
   * inside their agreements. Audited with the kind of search and the count, never the terms.
   */
  async search(p: RequestPrincipal, q: { by: 'person'; surname: string; postcode: string } | { by: 'address'; line1: string; postcode: string }, requestId: string): Promise<Outcome<{ answers: LookupAnswer[] }>> {
    const pc = normalisePostcode(q.postcode);
    const problems: Problem[] = [];
    if (!pc) problems.push({ field: 'postcode', text: 'Enter a real postcode, like SW1A 1AA' });
    let hmac: string | undefined;
    if (q.by === 'person') {
      const s = normaliseSurname(q.surname);
      if (!s) problems.push({ field: 'surname', text: 'Enter a surname' });
      if (s && pc) hmac = this.sealer.index('register.person', `${s}|${pc}`);
    } else {
      if (!filled(q.line1)) problems.push({ field: 'line1', text: 'Enter the first line of the address' });
      const a = normaliseAddress(q.line1, q.postcode);
      if (a) hmac = this.sealer.index('register.address', a);
      else if (pc && filled(q.line1)) problems.push({ field: 'line1', text: 'Enter the first line of the address with letters or numbers' });
    }
    if (problems.length || !hmac) return { ok: false, problems };
    const ids = (await this.db.selectFrom('register_keys').select('entry_id').where('kind', '=', q.by).where('hmac', '=', hmac).execute()).map((r) => r.entry_id);
    const today = this.today();
    const rows = ids.length ? await this.db.selectFrom('register_entries').selectAll().where('id', 'in', ids).execute() : [];
    const partnerOnly = p.roles.includes('partner') && !p.roles.includes('visiting-staff');
    const areas = partnerOnly ? await this.partnerAreas(p.id) : undefined;
    const answers: LookupAnswer[] = [];
    for (const r of rows) {
      const shown = markerShown({ status: r.status, reviewOn: r.review_on, temporaryUntil: r.temporary_until }, today);
      if (!shown) continue;
      const f = this.facts(r);
      if (areas) {
        const area = this.areaOf(f);
        if (!area || !areas.has(area)) continue;
      }
      answers.push({ reference: r.reference, kind: shown, riskTitle: RISK_KINDS[f.riskKind] ?? 'A risk to visiting staff', precaution: f.precaution, until: shown === 'entry' ? r.review_on! : r.temporary_until! });
    }
    await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.search', targetKind: 'register', targetId: null, outcome: 'ok', requestId, detail: { by: q.by, found: answers.length, entries: answers.map((a) => a.reference).join(',') } });
    return { ok: true, answers };
  }

  /**
   * The register for a partner, as an encrypted file only (policy part 6; Clift v Slough): the entries
   * on the register today inside the agreement's districts, sealed with a passphrase the register owner
   * agrees with the partner out of band (at least 12 characters). Audited with the count.
   */
  async exportFor(p: RequestPrincipal, agreementId: string, passphrase: string, requestId: string): Promise<Outcome<{ file: SealedExport; count: number; reference: string }>> {
    const a = await this.db.selectFrom('register_agreements').selectAll().where('id', '=', agreementId).executeTakeFirst();
    if (!a) return { ok: false, problems: [{ field: 'agreement', text: 'Choose a partner agreement' }] };
    if (!this.inForce(a)) return { ok: false, problems: [{ field: 'agreement', text: 'This agreement is not in force: nothing may be sent under it' }] };
    if ([...passphrase].length < 12 || passphrase.length > 500) return { ok: false, problems: [{ field: 'passphrase', text: 'Enter a passphrase of at least 12 characters, agreed with the partner by telephone or in person, never by e-mail' }] };
    const areas = new Set(JSON.parse(a.area_keys) as string[]);
    const today = this.today();
    const rows = await this.db.selectFrom('register_entries').selectAll().where('status', '=', 'added').where('review_on', '>', today).execute();
    const entries = [];
    for (const r of rows) {
      const f = this.facts(r);
      const area = this.areaOf(f);
      if (!area || !areas.has(area)) continue;
      entries.push({ reference: r.reference, subject: f.subject, name: f.subject === 'person' ? this.name(f) : null, address: this.addressLines(f), risk: RISK_KINDS[f.riskKind], precaution: f.precaution, reviewOn: r.review_on });
    }
    const detail = this.agreementDetail(a);
    const plain = JSON.stringify({ organisation: this.config.organisation, partner: detail.organisation, agreement: detail.reference, exportedOn: today, entries });
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', scryptKey(passphrase, salt), iv);
    const format = 'safety-forms/register-export' as const;
    cipher.setAAD(Buffer.from(format));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    await this.audit.append({ actorId: p.id, actorKind: 'account', action: 'register.export', targetKind: 'register-agreement', targetId: a.id, outcome: 'ok', requestId, detail: { partner: a.partner_id, entries: entries.length } });
    return { ok: true, file: { format, version: 1, kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') }, iv: iv.toString('base64'), data }, count: entries.length, reference: detail.reference };
  }
}

export class RegisterConflict extends Error {
  override name = 'RegisterConflict';
}

export { QUALIFICATION_FACTORS, RISK_KINDS, STANDARD_TERM_DAYS };
