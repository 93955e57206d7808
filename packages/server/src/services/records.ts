/**
 * Records: what a submitted form becomes. The submission contract (DESIGN.md) is kept: the envelope
 * is checked, the answers validated by the form's generated validator, and the record, the first
 * reply to its Idempotency-Key and the audit entry are written in one transaction before the 201 goes
 * out. The result is recomputed here by core's `scoreForm`, the same rule the form ran; the result
 * the browser sent is kept beside it as sent, never trusted.
 *
 * Answers and outcomes are sealed (crypto/seal.ts) with the record's id as additional data; the
 * table holds only what lists are filtered and sorted by (form, status, dates, submitter id).
 */
import { forms, schemaAt, scoreForm, toPointer, validate, withholdPrivate, type ResultSummary } from '@safety-forms/core';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, StoredRecordRow } from '../db/schema.js';
import { isUniqueViolation, type Dialect } from '../db/index.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { AuditLog } from '../audit/log.js';

export const STATUSES = ['received', 'in-review', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = { received: 'Received', 'in-review': 'Being looked at', closed: 'Closed' };

/** What the contract accepts as an Idempotency-Key (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9-]{8,100}$';
const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export interface Principal {
  kind: 'account' | 'api-key';
  id: string;
  roles: string[];
}

export interface FieldError {
  pointer: string;
  detail: string;
}

/** A reply of the submission endpoint: a status and a JSON body (problem+json when >= 400). */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The record stored by this request (not on a replay). */
  recordId?: string;
}

export interface Payload {
  envelope: { formId: string; schemaVersion: string; submittedAt: string; data: unknown; result: unknown };
  /** The result core computed from the answers on the server. */
  result: ResultSummary | null;
}

export interface RecordView {
  id: string;
  reference: string;
  formId: string;
  formTitle: string;
  schemaVersion: string;
  submitterId: string;
  submitterKind: string;
  submittedAt: string;
  receivedAt: string;
  status: Status;
  outcome: string | null;
  payload: Payload;
}

export interface ListFilter {
  formId?: string;
  status?: Status;
  /** Received on or after this day (YYYY-MM-DD, UTC). */
  from?: string;
  /** Received on or before this day. */
  to?: string;
  submitterIds?: string[];
  /** Only these form ids (a partner's agreements). */
  formIds?: string[];
  page?: number;
  pageSize?: number;
}

export const problem = (status: number, title: string, extra: Record<string, unknown> = {}): Reply => ({ status, body: { type: 'about:blank', title, status, ...extra } });

export function formTitle(formId: string): string {
  const form = Object.prototype.hasOwnProperty.call(forms, formId) ? forms[formId] : undefined;
  return (form?.schema as { title?: string } | undefined)?.title ?? formId;
}

function newReference(formId: string, now: Date): string {
  const prefix = formId
    .split('-')
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return `${prefix}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** An RFC 3339 date-time with a real date (no 31 February) and time. */
export function isDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  const offsetOk = !m[9] || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h < 24 && mi < 60 && s < 60 && offsetOk;
}

const ENVELOPE_KEYS = new Set(['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);

function envelopeErrors(envelope: Record<string, unknown>, formId: string, version: string): { title: string; errors: FieldError[] } | undefined {
  const errors: FieldError[] = [];
  let title: string | undefined;
  if (envelope.formId !== formId) {
    title ??= 'formId does not match the endpoint';
    errors.push({ pointer: '/formId', detail: `Expected ${formId}` });
  }
  if (envelope.schemaVersion !== version) {
    title ??= 'Unsupported schema version';
    errors.push({ pointer: '/schemaVersion', detail: `This server accepts version ${version}` });
  }
  if (!isDateTime(envelope.submittedAt)) errors.push({ pointer: '/submittedAt', detail: 'submittedAt must be an RFC 3339 date and time, like 2026-11-22T10:00:00Z' });
  if (!Object.prototype.hasOwnProperty.call(envelope, 'data')) errors.push({ pointer: '/data', detail: 'data is missing' });
  const result = envelope.result;
  if (result === undefined || (result !== null && (typeof result !== 'object' || Array.isArray(result)))) errors.push({ pointer: '/result', detail: 'result must be an object or null' });
  for (const key of Object.keys(envelope)) if (!ENVELOPE_KEYS.has(key)) errors.push({ pointer: toPointer([key]), detail: 'Unknown property' });
  return errors.length ? { title: title ?? 'The envelope needs correcting', errors } : undefined;
}

interface PendingWrite {
  run: (trx: Transaction<Database>) => Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Records {
  private readonly inFlight = new Set<string>();
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Group commit on SQLite: writes that arrive while one commit is on its way to disk wait and go
   * together in the next transaction (one fsync for all). Each caller is answered only after the
   * transaction holding its write committed, so every 201 is still on disk. PostgreSQL has a pool
   * and its own group commit: each write is its own transaction there.
   */
  private write(run: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
    if (this.dialect === 'postgres') return this.db.transaction().execute(run);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ run, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, 256);
        const failed = new Set<PendingWrite>();
        // Why the batch stopped when SQLite rolled it back on its own: Kysely's own ROLLBACK then fails with
        // "no transaction is active", which must not hide the cause (a full disk is a 503, not a 500).
        let abort: unknown;
        try {
          await this.db.transaction().execute(async (trx) => {
            for (const item of batch) {
              // Each write in its own savepoint: one failing (a duplicate key) does not undo the others.
              await sql`savepoint w`.execute(trx);
              try {
                await item.run(trx);
                await sql`release savepoint w`.execute(trx);
              } catch (error) {
                try {
                  await sql`rollback to savepoint w`.execute(trx);
                  await sql`release savepoint w`.execute(trx);
                } catch {
                  // SQLite already rolled the whole transaction back (SQLITE_FULL, an I/O error): the batch
                  // fails with the cause, not with "no such savepoint".
                  abort = error;
                  throw error;
                }
                failed.add(item);
                item.reject(error);
              }
            }
          });
          for (const item of batch) if (!failed.has(item)) item.resolve();
        } catch (error) {
          for (const item of batch) if (!failed.has(item)) item.reject(abort ?? error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** POST /api/<formId>: the whole contract, from the raw body. */
  /**
   * @param within runs inside the transaction that stores the record (a case opening or linking it), so
   *   the record and what it belongs to are stored together or not at all
   */
  async submit(
    principal: Principal,
    formId: string,
    key: unknown,
    text: string,
    requestId: string,
    onStored?: () => Promise<void> | void,
    within?: (trx: Transaction<Database>, record: { id: string; reference: string; formId: string; data: unknown }) => Promise<void>,
  ): Promise<Reply> {
    const form = Object.prototype.hasOwnProperty.call(forms, formId) ? forms[formId] : undefined;
    if (!form) return problem(404, 'No such form');
    if (typeof key !== 'string' || !KEY.test(key)) return problem(400, 'An Idempotency-Key header is required');
    const digest = createHash('sha256').update(text).digest('hex');
    // A key is scoped to who sent it and to the form: the same key elsewhere is another submission.
    const scope = `${principal.kind}:${principal.id} ${formId}`;
    const flightKey = `${scope} ${key}`;
    if (this.inFlight.has(flightKey)) return { ...problem(409, 'A request with this Idempotency-Key is in progress'), headers: { 'Retry-After': '1' } };
    const seen = await this.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    if (seen) {
      if (seen.digest !== digest) return problem(422, 'This Idempotency-Key was used for a different record');
      return { status: Number(seen.status), body: JSON.parse(seen.body) as Record<string, unknown> };
    }
    this.inFlight.add(flightKey);
    try {
      let envelope: unknown;
      try {
        envelope = JSON.parse(text);
      } catch {
        return problem(400, 'The body is not JSON');
      }
      if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
        return problem(422, 'The body must be a JSON object', { errors: [{ pointer: '', detail: 'Send the submission envelope as a JSON object' }] });
      }
      const wrong = envelopeErrors(envelope as Record<string, unknown>, formId, form.version);
      if (wrong) return problem(422, wrong.title, { errors: wrong.errors });
      const sent = envelope as Payload['envelope'];
      const checked = validate(formId, sent.data);
      if (!checked.valid) {
        return problem(422, 'Some answers need correcting', { errors: checked.errors.map((e) => ({ pointer: `/data${e.pointer}`, detail: e.message })) });
      }
      const now = this.clock();
      const id = randomUUID();
      const payload: Payload = {
        envelope: { formId: sent.formId, schemaVersion: sent.schemaVersion, submittedAt: sent.submittedAt, data: sent.data, result: sent.result },
        result: scoreForm(formId, sent.data),
      };
      const sealed = this.sealer.sealJson(payload, aad('records', 'payload_enc', id));
      let reference = '';
      for (let attempt = 0; ; attempt++) {
        reference = newReference(formId, now);
        const body = { reference };
        try {
          await this.write(async (trx) => {
            await trx
              .insertInto('records')
              .values({
                id,
                reference,
                form_id: formId,
                schema_version: sent.schemaVersion,
                submitter_id: principal.id,
                submitter_kind: principal.kind,
                submitted_at: new Date(sent.submittedAt).toISOString(),
                received_at: now.toISOString(),
                status: 'received',
                payload_enc: sealed,
                outcome_enc: null,
                updated_at: now.toISOString(),
              })
              .execute();
            await trx.insertInto('idempotency_keys').values({ scope, key, digest, status: 201, body: JSON.stringify(body), record_id: id, created_at: now.toISOString() }).execute();
            await this.audit.append(
              { actorId: principal.id, actorKind: principal.kind, action: 'record.create', targetKind: 'record', targetId: id, outcome: 'ok', requestId, detail: { form: formId } },
              trx,
            );
            await within?.(trx, { id, reference, formId, data: sent.data });
          });
          break;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // Another server stored this key first: its reply stands.
          const other = await this.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
          if (other) return other.digest === digest ? { status: Number(other.status), body: JSON.parse(other.body) as Record<string, unknown> } : problem(422, 'This Idempotency-Key was used for a different record');
          // Otherwise the reference collided (1 in 16 million a day per form): take another.
          if (attempt > 5) throw error;
        }
      }
      await onStored?.();
      return { status: 201, body: { reference }, recordId: id };
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  view(row: StoredRecordRow): RecordView {
    return {
      id: row.id,
      reference: row.reference,
      formId: row.form_id,
      formTitle: formTitle(row.form_id),
      schemaVersion: row.schema_version,
      submitterId: row.submitter_id,
      submitterKind: row.submitter_kind,
      submittedAt: row.submitted_at,
      receivedAt: row.received_at,
      status: row.status as Status,
      outcome: row.outcome_enc ? this.sealer.open(row.outcome_enc, aad('records', 'outcome_enc', row.id)) : null,
      payload: this.sealer.openJson<Payload>(row.payload_enc, aad('records', 'payload_enc', row.id)),
    };
  }

  /**
   * The answers of a stored record as a page may show them (pretty JSON): without the answers its form
   * keeps only to be counted (`x-ui.private`, e.g. a victim's protected characteristics), and the
   * titles of what was left out, once each. Every page that prints stored answers goes through here.
   */
  readable(record: RecordView): { answers: string; withheld: string[] } {
    const form = Object.prototype.hasOwnProperty.call(forms, record.formId) ? forms[record.formId] : undefined;
    if (!form) return { answers: JSON.stringify(record.payload.envelope.data, null, 2), withheld: [] };
    const { data, withheld } = withholdPrivate(form.schema, record.payload.envelope.data);
    const titles = new Set(withheld.map((p) => schemaAt(form.schema, p)?.title ?? 'An answer kept only to be counted'));
    return { answers: JSON.stringify(data, null, 2), withheld: [...titles] };
  }

  get(id: string): Promise<StoredRecordRow | undefined> {
    return this.db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byReference(reference: string): Promise<StoredRecordRow | undefined> {
    return this.db.selectFrom('records').selectAll().where('reference', '=', reference).executeTakeFirst();
  }

  /** A page of records newest first, and how many match: list columns only, nothing decrypted. */
  async list(filter: ListFilter = {}) {
    const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 100);
    const page = Math.max(filter.page ?? 1, 1);
    let q = this.db.selectFrom('records');
    if (filter.formId) q = q.where('form_id', '=', filter.formId);
    if (filter.formIds) q = q.where('form_id', 'in', filter.formIds.length ? filter.formIds : ['']);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.from) q = q.where('received_at', '>=', `${filter.from}T00:00:00.000Z`);
    if (filter.to) q = q.where('received_at', '<=', `${filter.to}T23:59:59.999Z`);
    if (filter.submitterIds) q = q.where('submitter_id', 'in', filter.submitterIds.length ? filter.submitterIds : ['']);
    const [rows, total] = await Promise.all([
      q
        .select(['id', 'reference', 'form_id', 'status', 'submitted_at', 'received_at', 'submitter_id'])
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({ id: r.id, reference: r.reference, formId: r.form_id, formTitle: formTitle(r.form_id), status: r.status as Status, statusLabel: STATUS_LABELS[r.status as Status], submittedAt: r.submitted_at, receivedAt: r.received_at, submitterId: r.submitter_id })),
      total: Number(total.n),
      page,
      pageSize,
      pages: Math.max(1, Math.ceil(Number(total.n) / pageSize)),
    };
  }

  /** The status and the outcome the reporter is told; one event row and one audit entry, one transaction. */
  async update(id: string, actorId: string, change: { status: Status; outcome: string | null }, requestId: string, after?: (trx: Transaction<Database>, row: StoredRecordRow) => Promise<void>): Promise<StoredRecordRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const now = this.clock().toISOString();
      const outcomeEnc = change.outcome ? this.sealer.seal(change.outcome, aad('records', 'outcome_enc', id)) : null;
      await trx.updateTable('records').set({ status: change.status, outcome_enc: outcomeEnc, updated_at: now }).where('id', '=', id).execute();
      const eventId = randomUUID();
      await trx
        .insertInto('record_events')
        .values({ id: eventId, record_id: id, at: now, actor_id: actorId, kind: 'status', status: change.status, note_enc: change.outcome ? this.sealer.seal(change.outcome, aad('record_events', 'note_enc', eventId)) : null })
        .execute();
      await this.audit.append({ actorId, actorKind: 'account', action: 'record.update', targetKind: 'record', targetId: id, outcome: 'ok', requestId, detail: { status: change.status, from: row.status } }, trx);
      const updated = { ...row, status: change.status, outcome_enc: outcomeEnc, updated_at: now };
      await after?.(trx, updated);
      return updated;
    });
  }

  async events(id: string) {
    const rows = await this.db.selectFrom('record_events').selectAll().where('record_id', '=', id).orderBy('at').execute();
    return rows.map((e) => ({ at: e.at, status: e.status as Status | null, statusLabel: e.status ? STATUS_LABELS[e.status as Status] : null, note: e.note_enc ? this.sealer.open(e.note_enc, aad('record_events', 'note_enc', e.id)) : null, actorId: e.actor_id }));
  }

  /** Re-seals one record's sealed columns under the current key (`rotate-key`). */
  async reseal(row: StoredRecordRow): Promise<void> {
    const v = this.view(row);
    await this.db
      .updateTable('records')
      .set({ payload_enc: this.sealer.sealJson(v.payload, aad('records', 'payload_enc', row.id)), outcome_enc: v.outcome ? this.sealer.seal(v.outcome, aad('records', 'outcome_enc', row.id)) : null })
      .where('id', '=', row.id)
      .execute();
  }
}
