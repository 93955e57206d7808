/**
 * Lone working (#16), migration 011: both times of a check-in, and who an alert passed over.
 *
 * - `visits.checked_in_received_at`: when the server received the check-in. `checked_in_at` is the time
 *   that counts: the phone's time of a check-in held offline when it is plausible (core's `checkInTime`),
 *   otherwise the receipt time (as `checked_out_received_at` is for a check-out).
 * - `visit_alerts.passed_over`: JSON list of those a step would have alerted but passed over (a buddy or a
 *   line manager on leave that day), each with the reason and where the alert went instead, or that
 *   nobody else on the route could act and it went to them anyway. Null when nobody was passed over.
 *   Account ids only: names are read when the escalation page is shown.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('checked_in_received_at', 'text').execute();
  await db.schema.alterTable('visit_alerts').addColumn('passed_over', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visit_alerts').dropColumn('passed_over').execute();
  await db.schema.alterTable('visits').dropColumn('checked_in_received_at').execute();
}
