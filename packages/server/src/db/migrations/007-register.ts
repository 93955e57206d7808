/**
 * The cautionary persons register and history markers (#15). An entry's facts (who or which address,
 * the proposal, the decision's reasons) are sealed; in clear are only its state, its days and the ids
 * that link it. Look-ups go through `register_keys`: keyed hashes (HMAC under the index key) of the
 * normalised surname + postcode, address, and postcode district, never the values.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('register_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    /** person | address */
    .addColumn('subject', 'text', (c) => c.notNull())
    /** proposed | countersigned | added | declined (deleted entries are removed, leaving an audit tombstone) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dangerous_animal', 'integer', (c) => c.notNull())
    .addColumn('history_marker_required', 'integer', (c) => c.notNull())
    /** Sealed JSON: the subject, the risk and precaution, the six factors, the employee's version, crime and Police. */
    .addColumn('entry_enc', 'text', (c) => c.notNull())
    /** Sealed JSON: the countersignature's and the decision's reasons, the term's reason. */
    .addColumn('decision_enc', 'text')
    .addColumn('proposer_id', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('countersigner_id', 'text')
    .addColumn('countersigned_on', 'text')
    .addColumn('temporary_until', 'text')
    .addColumn('decider_id', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('term_days', 'integer')
    .addColumn('review_on', 'text')
    /** The day of the addition or last retention the notices are counted from, and their last day (2 working days after). */
    .addColumn('notice_from', 'text')
    .addColumn('notice_due_on', 'text')
    /** pending | sent | not-informed: the letter to the individual. */
    .addColumn('letter_state', 'text')
    .addColumn('letter_done_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_entries_status').on('register_entries').columns(['status', 'review_on']).execute();

  await db.schema
    .createTable('register_links')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_links_pk', ['entry_id', 'record_id'])
    .execute();
  await db.schema.createIndex('register_links_record').on('register_links').column('record_id').execute();

  await db.schema
    .createTable('register_keys')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    /** person (surname + postcode) | address (first line + postcode) | area (postcode district) */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hmac', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_keys_pk', ['entry_id', 'kind', 'hmac'])
    .execute();
  await db.schema.createIndex('register_keys_lookup').on('register_keys').columns(['kind', 'hmac']).execute();

  await db.schema
    .createTable('register_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    /** addition | retention */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** Sealed JSON: the letter's paragraphs as generated, or the documented reason not to inform. */
    .addColumn('body_enc', 'text', (c) => c.notNull())
    /** draft | sent | not-informed */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_letters_entry').on('register_letters').column('entry_id').execute();

  // The staff e-mails of an addition: their delivery is the notice's.
  await db.schema
    .createTable('register_notices')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_notices_pk', ['entry_id', 'message_id'])
    .execute();

  await db.schema
    .createTable('register_appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    /** open | upheld (the entry is removed) | dismissed */
    .addColumn('status', 'text', (c) => c.notNull())
    /** Sealed JSON: the grounds, the employee's comment, the committee and its reasons. */
    .addColumn('detail_enc', 'text', (c) => c.notNull())
    .addColumn('lodged_on', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_appeals_entry').on('register_appeals').column('entry_id').execute();

  await db.schema
    .createTable('register_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    /** retain | delete */
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail_enc', 'text', (c) => c.notNull())
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('register_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    /** Sealed JSON: the partner organisation, the agreement's reference, the scope as written, the districts. */
    .addColumn('detail_enc', 'text', (c) => c.notNull())
    /** JSON array of the keyed hashes of the postcode districts it covers. */
    .addColumn('area_keys', 'text', (c) => c.notNull())
    .addColumn('agreed_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_agreements_partner').on('register_agreements').column('partner_id').execute();

  await db.schema
    .createTable('register_briefings')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('briefed_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['register_briefings', 'register_agreements', 'register_reviews', 'register_appeals', 'register_notices', 'register_letters', 'register_keys', 'register_links', 'register_entries']) await db.schema.dropTable(t).ifExists().execute();
}
