/**
 * Reminders of threat cases (#14): when the owner and lead were told an action is overdue, and which
 * review reminder (`<day>:due` or `<day>:overdue`) was last sent. The reminder jobs set these in the
 * transaction that writes the notifications, so a job run twice (a crash before it is marked done, or a
 * clock moved forward over several due dates) tells people once.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_actions').addColumn('overdue_told_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('review_told', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_actions').dropColumn('overdue_told_at').execute();
  await db.schema.alterTable('cases').dropColumn('review_told').execute();
}
