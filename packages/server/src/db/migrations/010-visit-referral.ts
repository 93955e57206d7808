/**
 * Lone working (#16), migration 010: the traffic-light referral a visit plan refers to, and both times of
 * a check-out.
 *
 * - `visits.referral_id`: the stored record (form traffic-light-referral) the staff member completed on the
 *   plan page, or used by its reference. The visit's `traffic_light` is the band core's scorer computed from
 *   that record on the server (never a band sent by the page).
 * - `visits.checked_out_received_at`: when the server received the check-out. `checked_out_at` is the time
 *   that counts: the phone's time of a check-out held offline when it is plausible (not before the check-in
 *   or the start, not in the future beyond a small skew, not too old), otherwise the receipt time.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('referral_id', 'text').execute();
  await db.schema.alterTable('visits').addColumn('checked_out_received_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('visits').dropColumn('checked_out_received_at').execute();
  await db.schema.alterTable('visits').dropColumn('referral_id').execute();
}
