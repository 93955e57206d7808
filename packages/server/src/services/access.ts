/**
 * Which records a principal may read, beyond the route's permission: the safety team and head of
 * service read any; a reporter their own; a line manager their team's; a partner only what a
 * recorded agreement in force covers (by form, between its dates); a member of a threat case the
 * records of that case (need to know: while they are a member).
 */
import type { Kysely } from 'kysely';
import type { Database, StoredRecordRow } from '../db/schema.js';
import { can } from '../auth/permissions.js';
import type { RequestPrincipal } from '../auth/plugin.js';

export type Grant = 'any' | 'own' | 'team' | 'agreement' | 'case';

export class Access {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The form ids the partner's agreements in force cover. */
  async agreedForms(partnerId: string): Promise<string[]> {
    const now = this.clock().toISOString();
    const rows = await this.db.selectFrom('agreements').select('form_ids').where('partner_id', '=', partnerId).where('valid_from', '<=', now).where('valid_to', '>=', now).execute();
    return [...new Set(rows.flatMap((r) => JSON.parse(r.form_ids) as string[]))];
  }

  /** How `p` may read `row`, or undefined when they may not. */
  async grant(p: RequestPrincipal, row: Pick<StoredRecordRow, 'id' | 'submitter_id' | 'submitter_kind' | 'form_id'>): Promise<Grant | undefined> {
    if (can(p.roles, 'record.read-any')) return 'any';
    if (p.kind === 'account' && row.submitter_kind === 'account' && row.submitter_id === p.id && can(p.roles, 'record.read-own')) return 'own';
    if (can(p.roles, 'record.read-team') && row.submitter_kind === 'account') {
      const submitter = await this.db.selectFrom('accounts').select('manager_id').where('id', '=', row.submitter_id).executeTakeFirst();
      if (submitter?.manager_id === p.id) return 'team';
    }
    if (can(p.roles, 'record.read-agreed') && (await this.agreedForms(p.id)).includes(row.form_id)) return 'agreement';
    if (p.kind === 'account' && can(p.roles, 'case.work')) {
      const member = await this.db
        .selectFrom('case_records')
        .innerJoin('case_members', 'case_members.case_id', 'case_records.case_id')
        .select('case_members.id')
        .where('case_records.record_id', '=', row.id)
        .where('case_members.account_id', '=', p.id)
        .where('case_members.removed_at', 'is', null)
        .executeTakeFirst();
      if (member) return 'case';
    }
    return undefined;
  }
}
