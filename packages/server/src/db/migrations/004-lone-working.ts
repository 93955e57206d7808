/**
 * Lone working (#16): planned visits with their check-in and check-out, the alerts of an escalation
 * when no check-out comes (one row per step: the unique key is what makes a step fire once, whatever
 * the clock does and however many servers run), and each account's check-out and duress codes (hashed).
 * The visit's description, case reference and full location are sealed; the full location is shown
 * only to whoever an open escalation alerts.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('buddy_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    /** Null: no end time; the end of the day is the deadline. */
    .addColumn('ends_at', 'text')
    /** The end of the team's day on the visit's day: the end-of-day sweep. */
    .addColumn('end_of_day_at', 'text', (c) => c.notNull())
    /** YYYY-MM-DD (Europe/London) of the start. */
    .addColumn('day', 'text', (c) => c.notNull())
    /** alone | joint | building */
    .addColumn('arrangement', 'text', (c) => c.notNull())
    /** red | amber | green, or null when no referral applies */
    .addColumn('traffic_light', 'text')
    /** Sealed JSON: reference, description, location, jointWith, redAgreement. */
    .addColumn('detail_enc', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_out_at', 'text')
    .addColumn('duress_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visits_staff_day').on('visits').columns(['staff_id', 'day']).execute();
  await db.schema.createIndex('visits_buddy_day').on('visits').columns(['buddy_id', 'day']).execute();

  await db.schema
    .createTable('visit_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visit_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    /** JSON list of the account ids alerted. */
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addUniqueConstraint('visit_alerts_once', ['visit_id', 'step'])
    .execute();

  await db.schema
    .createTable('checkout_codes')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('normal_hash', 'text', (c) => c.notNull())
    .addColumn('duress_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['checkout_codes', 'visit_alerts', 'visits']) await db.schema.dropTable(table).ifExists().execute();
}
