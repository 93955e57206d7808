/**
 * The purple file (#16, Kent's Appendix B) and the major incident contacts (Appendices C and K).
 *
 * - `purple_file_calls`: one row per distress-code call ("I will need the purple file when I get back to
 *   the office") recorded by whoever took it: who called, the visit it was about, when, who was alerted
 *   (the call-taker, those alerted and the safety team may open it). The answers to the procedure's
 *   questions and what was done are sealed; so are the timed entries added afterwards.
 * - `major_incident_info`: the page every employee reads and the safety team keeps current, one row per
 *   section (sealed: it carries directors' out-of-hours numbers), with when it was last changed and
 *   last checked, and by whom.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('purple_file_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** The account that took the call. */
    .addColumn('taken_by', 'text', (c) => c.notNull())
    /** The account that called (chosen by the call-taker). */
    .addColumn('caller_id', 'text', (c) => c.notNull())
    /** The caller's visit the call was about, when the call-taker chose one. */
    .addColumn('visit_id', 'text')
    /** When the call came (the call-taker's time of the call, Europe/London). */
    .addColumn('called_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    /** JSON list of the account ids alerted (the caller's managers and the safety team). */
    .addColumn('alerted', 'text', (c) => c.notNull())
    /** Sealed JSON: each question's answer, whether 999 was dialled, what was done. */
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    /** Sealed JSON list of timed entries added afterwards ({ at, by, text }). */
    .addColumn('entries_enc', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purple_file_calls_taken_by').on('purple_file_calls').columns(['taken_by', 'recorded_at']).execute();

  await db.schema
    .createTable('major_incident_info')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_enc', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('checked_by', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['major_incident_info', 'purple_file_calls']) await db.schema.dropTable(table).ifExists().execute();
}
