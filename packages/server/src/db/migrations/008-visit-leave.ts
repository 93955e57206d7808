/**
 * Lone working (#16), migration 008: a buddy on leave, and the idempotency keys of check-ins and check-outs.
 *
 * - `visit_leave`: a period of leave of one account (its first and last day, YYYY-MM-DD in Europe/London,
 *   both included), recorded by the account itself or its line manager. A visit whose buddy is on leave on
 *   one of its days is refused. Only days: no reason, nothing sealed needed.
 * - `visit_action_keys`: one row per check-in or check-out a client sent with an idempotency key (a phone
 *   that was offline sends its queued action again when back online): the same key a second time is
 *   answered as the first and changes nothing. The client's own time of the action is kept beside the
 *   server's (the visit's times are the server's: a phone's clock may be wrong).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('visit_leave')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visit_leave_account').on('visit_leave').columns(['account_id', 'to_day']).execute();

  await db.schema
    .createTable('visit_action_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text', (c) => c.notNull())
    /** check-in | check-out */
    .addColumn('action', 'text', (c) => c.notNull())
    /** The client's time of the action (ISO), when it sent a readable one. */
    .addColumn('client_at', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['visit_action_keys', 'visit_leave']) await db.schema.dropTable(table).ifExists().execute();
}
