/**
 * Incidents of violence and aggression (#17): the follow-up of each incident report (its investigating
 * manager, the four elements reviewed, support offered and accepted, the debrief, redress, the history
 * marker, feedback to the victim, completion). The record itself stays in `records`; what the follow-up
 * says is sealed. The sub-category code, whether it was physical, when it happened and its site's
 * normalised index are in clear only as codes and times, for the trends page.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().unique())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'text', (c) => c.notNull())
    .addColumn('investigator_id', 'text')
    .addColumn('incident_at', 'text', (c) => c.notNull())
    .addColumn('sub_category', 'text')
    .addColumn('physical', 'integer', (c) => c.notNull())
    /** open | complete */
    .addColumn('status', 'text', (c) => c.notNull())
    /** Sealed JSON: the follow-up as recorded. */
    .addColumn('followup_enc', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_opened').on('incidents').columns(['opened_at', 'id']).execute();
  await db.schema.createIndex('incidents_investigator').on('incidents').columns(['investigator_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incidents').ifExists().execute();
}
