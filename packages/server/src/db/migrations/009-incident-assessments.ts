/**
 * Incidents (#17), migration 009: the general risk assessments an incident puts in question.
 *
 * - `incident_assessments`: one row per risk-assessment record linked to an incident, written in the
 *   transaction that stores the record (a record names the incident in its `linkedIncident`, and its
 *   sender may read that incident). Ids and times only: the assessment's answers stay sealed in
 *   `records`, and its rating is computed from them when shown, never stored.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    /** A record is linked to one incident at most. */
    .addColumn('record_id', 'text', (c) => c.notNull().unique())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_assessments_incident').on('incident_assessments').columns(['incident_id', 'linked_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_assessments').ifExists().execute();
}
