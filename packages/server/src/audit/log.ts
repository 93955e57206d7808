/**
 * The audit log: append-only and hash-chained. Each entry's hash covers its own fields and the hash
 * of the entry before it, so changing, removing or reordering any entry breaks every hash after it;
 * `verifyAudit` (the `verify-audit` command) walks the chain. Entries hold ids and codes, never
 * personal data, so the log can outlive the records it speaks of.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Dialect } from '../db/index.js';

export type ActorKind = 'account' | 'api-key' | 'system' | 'anonymous';
export type Outcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  actorId: string | null;
  actorKind: ActorKind;
  /** What was done, e.g. `record.read`, `records.search`, `session.sign-in`. */
  action: string;
  targetKind?: string | null;
  targetId?: string | null;
  outcome: Outcome;
  requestId?: string | null;
  /** Ids and codes only. */
  detail?: Record<string, string | number | boolean | null> | null;
}

export const GENESIS = '0'.repeat(64);

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  outcome: string;
  request_id: string | null;
  detail: string | null;
  prev_hash: string;
}

export function entryHash(row: Row): string {
  const fields = [row.seq, row.at, row.actor_id, row.actor_kind, row.action, row.target_kind, row.target_id, row.outcome, row.request_id, row.detail, row.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

type Executor = Kysely<Database> | Transaction<Database>;

async function appendIn(trx: Executor, dialect: Dialect, entries: AuditEntry[], now: Date): Promise<void> {
  // One writer at a time extends the chain: SQLite has one writer anyway; PostgreSQL takes a
  // transaction-scoped advisory lock so two servers never both append after the same entry.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7301)`.execute(trx);
  // SQLite: take the write lock before reading the last entry. A read first would make a second
  // connection (a command run beside the server) fail with SQLITE_BUSY instead of waiting its turn.
  else await sql`update audit_log set seq = seq where 0 = 1`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS;
  const at = now.toISOString();
  const rows = entries.map((e) => {
    seq += 1;
    const row: Row = {
      seq,
      at,
      actor_id: e.actorId,
      actor_kind: e.actorKind,
      action: e.action,
      target_kind: e.targetKind ?? null,
      target_id: e.targetId ?? null,
      outcome: e.outcome,
      request_id: e.requestId ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
      prev_hash: prev,
    };
    prev = entryHash(row);
    return { ...row, hash: prev };
  });
  if (rows.length) await trx.insertInto('audit_log').values(rows).execute();
}

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Appends entries; inside `trx` when given, so the entry commits with the change it describes. */
  async append(entries: AuditEntry | AuditEntry[], trx?: Transaction<Database>): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (trx) return appendIn(trx, this.dialect, list, this.clock());
    await this.db.transaction().execute((t) => appendIn(t, this.dialect, list, this.clock()));
  }

  /** Newest first, paged. */
  async page(options: { before?: number; limit?: number; targetId?: string } = {}) {
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(options.limit ?? 50);
    if (options.before) q = q.where('seq', '<', options.before);
    if (options.targetId) q = q.where('target_id', '=', options.targetId);
    return q.execute();
  }
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt?: number;
}

/** Walks the whole chain in order, in pages, checking each entry's link and hash. */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerdict> {
  let prev = GENESIS;
  let expected = 1;
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expected).orderBy('seq').limit(5000).execute();
    if (!rows.length) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected || row.prev_hash !== prev || entryHash({ ...row, seq }) !== row.hash) return { ok: false, entries: count, brokenAt: expected };
      prev = row.hash;
      expected += 1;
      count += 1;
    }
  }
  return { ok: true, entries: count };
}
