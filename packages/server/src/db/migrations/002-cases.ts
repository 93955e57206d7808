/**
 * Threat cases (#14): a case opened by a threat report, its members (accounts, or named external people
 * who take part without an account), the records it links (the report, interviews, risk matrices, meeting
 * records), its action plan and its timeline. Personal text (names, notes, actions) is sealed (`_enc`).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    /** The threat report that opened it. */
    .addColumn('report_id', 'text', (c) => c.notNull().unique())
    /** open | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    /** CSTAG priority 1-5, null until set. */
    .addColumn('priority', 'integer')
    /** YYYY-MM-DD (Europe/London), null when no review is due. */
    .addColumn('next_review_on', 'text')
    .addColumn('resolution_enc', 'text')
    .addColumn('debrief_enc', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_opened').on('cases').columns(['opened_at', 'id']).execute();
  await db.schema.createIndex('cases_review').on('cases').columns(['status', 'next_review_on']).execute();

  await db.schema
    .createTable('case_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    /** An account, or null for an external person named in `external_enc`. */
    .addColumn('account_id', 'text')
    /** `{name, organisation}` of an external member, sealed. */
    .addColumn('external_enc', 'text')
    /** What they are on the case (`services/cases.ts` MEMBER_ROLES). */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text')
    .execute();
  await db.schema.createIndex('case_members_case').on('case_members').columns(['case_id', 'added_at']).execute();
  await db.schema.createIndex('case_members_account').on('case_members').columns(['account_id', 'case_id']).execute();

  await db.schema
    .createTable('case_records')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull().unique())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text')
    .execute();
  await db.schema.createIndex('case_records_case').on('case_records').columns(['case_id', 'added_at']).execute();

  await db.schema
    .createTable('case_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    /** An account that owns it, or null with the owner's name in `owner_external_enc`. */
    .addColumn('owner_id', 'text')
    .addColumn('owner_external_enc', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    /** Priority order within the plan, 1 first. */
    .addColumn('position', 'integer', (c) => c.notNull())
    /** open | done | not-required */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason_enc', 'text')
    /** Bumped by every change: an edit made against an older version is refused, not lost. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_actions_case').on('case_actions').columns(['case_id', 'position']).execute();
  await db.schema.createIndex('case_actions_owner').on('case_actions').columns(['owner_id', 'status', 'due_on']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    /** opened | record | member-added | member-removed | lead | priority | meeting | action-added | action | review | closed */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** What the timeline shows of it, sealed JSON. */
    .addColumn('detail_enc', 'text')
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['case_events', 'case_actions', 'case_records', 'case_members', 'cases']) await db.schema.dropTable(table).ifExists().execute();
}
