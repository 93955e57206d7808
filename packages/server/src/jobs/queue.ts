/**
 * Durable jobs: a row per job with its due time, attempts and lock. The scheduler claims due jobs,
 * runs their handler and marks them done; a failure is retried with backoff until `max_attempts`.
 * Handlers must be idempotent: a server killed after the work and before `done_at` runs it again.
 *
 * Claiming: PostgreSQL `FOR UPDATE SKIP LOCKED`, so two server instances never claim the same job;
 * SQLite has a single writer, and the claiming UPDATE is one statement.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Job } from '../db/schema.js';
import type { Dialect } from '../db/index.js';
import { isUniqueViolation } from '../db/index.js';

export interface NewJob {
  kind: string;
  /** Ids only. */
  payload: Record<string, string | number | boolean | null>;
  dueAt?: Date;
  maxAttempts?: number;
  /** The same key twice makes one job (e.g. `email:<message id>`). */
  uniqueKey?: string;
}

export type JobHandler = (job: Job, payload: Record<string, unknown>) => Promise<void>;

/** Backoff after the n-th failure: 30 s, 1 min, 2 min ... at most an hour. */
export const backoffMs = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  readonly worker = `w-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly clock: () => Date = () => new Date(),
    private readonly onError: (kind: string, code: string) => void = () => undefined,
  ) {}

  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async enqueue(job: NewJob, trx?: Transaction<Database>): Promise<string | undefined> {
    const id = randomUUID();
    const now = this.clock();
    const row = {
      id,
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      due_at: (job.dueAt ?? now).toISOString(),
      attempts: 0,
      max_attempts: job.maxAttempts ?? 8,
      unique_key: job.uniqueKey ?? null,
      created_at: now.toISOString(),
    };
    const executor = trx ?? this.db;
    if (job.uniqueKey) {
      const inserted = await executor.insertInto('jobs').values(row).onConflict((oc) => oc.column('unique_key').doNothing()).executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) ? id : undefined;
    }
    try {
      await executor.insertInto('jobs').values(row).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return undefined;
    }
    return id;
  }

  /** Claims up to `limit` due jobs for this worker for `leaseMs`. */
  async claim(limit = 10, leaseMs = 60_000): Promise<Job[]> {
    const now = this.clock().toISOString();
    const until = new Date(this.clock().getTime() + leaseMs).toISOString();
    const due = sql`done_at is null and failed_at is null and due_at <= ${now} and (locked_until is null or locked_until < ${now})`;
    const query =
      this.dialect === 'postgres'
        ? sql<Job>`update jobs set locked_by = ${this.worker}, locked_until = ${until}, attempts = attempts + 1
            where id in (select id from jobs where ${due} order by due_at limit ${limit} for update skip locked) returning *`
        : sql<Job>`update jobs set locked_by = ${this.worker}, locked_until = ${until}, attempts = attempts + 1
            where id in (select id from jobs where ${due} order by due_at limit ${limit}) returning *`;
    const { rows } = await query.execute(this.db);
    // RETURNING comes back in no particular order: run the batch oldest due first, as it was chosen.
    return rows.sort((a, b) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : 0));
  }

  /** Runs every due job once (claimed in batches) and returns how many ran. */
  runDue(): Promise<number> {
    // One pass at a time in this process; the lock keeps other processes out.
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.claim();
      if (!jobs.length) return ran;
      for (const job of jobs) {
        ran += 1;
        await this.runOne(job);
      }
    }
  }

  private async runOne(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw Object.assign(new Error('no handler'), { code: 'NO_HANDLER' });
      await handler(job, JSON.parse(job.payload) as Record<string, unknown>);
      await this.db.updateTable('jobs').set({ done_at: this.clock().toISOString(), locked_by: null, locked_until: null, last_error: null }).where('id', '=', job.id).execute();
    } catch (error) {
      // A code or class, never the message: it could quote a value.
      const code = String((error as { code?: unknown } | null)?.code ?? (error as Error | null)?.name ?? 'Error').slice(0, 64);
      this.onError(job.kind, code);
      const attempts = Number(job.attempts);
      const failed = attempts >= Number(job.max_attempts);
      await this.db
        .updateTable('jobs')
        .set({
          locked_by: null,
          locked_until: null,
          last_error: code,
          failed_at: failed ? this.clock().toISOString() : null,
          due_at: failed ? job.due_at : new Date(this.clock().getTime() + backoffMs(attempts)).toISOString(),
        })
        .where('id', '=', job.id)
        .execute();
    }
  }

  /** Polls every `intervalMs`; runs overdue jobs at once. */
  start(intervalMs: number): void {
    const tick = () => void this.runDue().catch((error: unknown) => this.onError('scheduler', String((error as { code?: unknown })?.code ?? 'Error')));
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
