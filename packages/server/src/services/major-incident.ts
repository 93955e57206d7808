/**
 * The major incident contacts and the incident response template (#16; Kent ICS *Lone working & violence
 * procedures*, Appendices C and K, and the managers to contact after a purple file call, Appendix B):
 * one page every employee reads and the safety team keeps current ("It is the responsibility of Senior
 * Managers to ensure these details are up to date"), with the date it was last checked and by whom.
 *
 * Each section is a row of `major_incident_info` (sealed: it carries directors' out-of-hours numbers).
 * Until the safety team saves a section it shows the appendix's own text and headings, with "Insert" where
 * the organisation puts its numbers: nothing here invents a phone number.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/log.js';
import { aad, type Sealer } from '../crypto/seal.js';
import type { Database } from '../db/schema.js';
import type { Accounts } from './accounts.js';

/** Longest section. */
export const MAX_SECTION = 10_000;

/** The sections, in the page's order, each with its appendix's text as the first-use default. */
export const SECTIONS = [
  {
    key: 'response-contacts',
    title: 'Incident response template: who to call',
    source: 'Appendix K, ICS Incident Response Template',
    initial: [
      'For immediate emergency assistance: Dial 999',
      'For non-emergency police assistance: Dial 101',
      '',
      'Site address: Insert',
      'Telephone number: Insert',
      'Building Manager: Insert',
      'Mobile number: Insert',
      'Community Safety number: Insert',
      'Facilities Management Helpdesk number: Insert',
      '',
      'Should the Building Manager not be available contact:',
      'Service Manager: Insert name & mobile number',
      'Assistant Director: Insert name & mobile number',
    ].join('\n'),
  },
  {
    key: 'response-steps',
    title: 'Incident response template: what to do',
    source: 'Appendix K, ICS Incident Response Template',
    initial: [
      'Ensure staff and service users are away from immediate harm. DO NOT challenge or approach the perpetrator(s).',
      'Nominate a member of staff to call 999/101 (ask for Police and an ambulance if there are casualties) and emergency contacts.',
      'Incident involving a weapon: any weapon should be left where it is found for the Police IF IT IS SAFE TO DO SO, with staff and service users away from harm.',
      'Trained staff should be prepared to offer First Aid.',
      'If safe to do so, remove any victims from the scene of the incident to a safe place.',
      'Contact the appropriate manager, if they are not present.',
      'IMMEDIATELY: record details of any injuries sustained, damage and locations, times of incident to help complete HS157 and HS160 and forward to your line manager.',
      'Inform Senior Managers as appropriate and Facilities Management if damage to building or security systems.',
    ].join('\n'),
  },
  {
    key: 'major-incident-information',
    title: 'Major incident information',
    source: 'Appendix C, Major Incident information',
    initial: [
      'If a major safety incident or accident occurs you must immediately call the appropriate Emergency Service (Police, Ambulance, Fire or Coastguard). You must also inform your Assistant Director and your line manager immediately.',
      '',
      'Home and/or personal mobile telephone numbers of all Assistant Directors are available via the Front Door Service or the Out of Hours Service: Insert how to reach them (not for public use).',
      '',
      'A major incident or accident includes: significant injury, road accident, lost person, excessive vandalism, drug or alcohol abuse, police arrest, hospitalisation, or an incident that may lead to negative media coverage.',
      '',
      'Staff should not speak to the media themselves. All media enquiries must be referred to the Communications Team.',
    ].join('\n'),
  },
  {
    key: 'major-incident-contacts',
    title: 'Major incident contact list: Assistant Directors out of hours',
    source: 'Appendix C and section 6: the out of hours contact details of all Assistant Directors',
    initial: ['Assistant Director (service): Insert name & out of hours number', 'Assistant Director (service): Insert name & out of hours number'].join('\n'),
  },
  {
    key: 'purple-file-contacts',
    title: 'After a purple file call: managers to contact',
    source: 'Appendix B, Purple File Procedure: "Contact relevant Manager following the call to update on the current situation"',
    initial: ['Building Manager: Insert phone number', 'Service Manager: Insert phone number', 'Designated Safeguarding Lead: Insert phone number'].join('\n'),
  },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];

export interface SectionView {
  key: SectionKey;
  title: string;
  source: string;
  text: string;
  /** False until the safety team saves it: the appendix's text is shown. */
  saved: boolean;
  updatedAt: string | null;
}

export class MajorIncident {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly audit: AuditLog,
    private readonly accounts: Accounts,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private seal(key: string, text: string) {
    return this.sealer.seal(text, aad('major_incident_info', 'value_enc', key));
  }

  /** Every section (stored or the appendix's default), and when the page was last checked and by whom. */
  async page(): Promise<{ sections: SectionView[]; checkedAt: string | null; checkedBy: string | null }> {
    const rows = new Map((await this.db.selectFrom('major_incident_info').selectAll().execute()).map((r) => [r.key, r]));
    const sections = SECTIONS.map((s): SectionView => {
      const row = rows.get(s.key);
      return { key: s.key, title: s.title, source: s.source, text: row ? this.sealer.open(row.value_enc, aad('major_incident_info', 'value_enc', s.key)) : s.initial, saved: !!row, updatedAt: row?.updated_at ?? null };
    });
    // The page was checked when its least recently checked section was: all of them, once any is missing.
    const checks = SECTIONS.map((s) => rows.get(s.key));
    const oldest = checks.every((r) => r?.checked_at) ? checks.reduce((a, b) => (b!.checked_at! < a!.checked_at! ? b : a)) : undefined;
    let checkedBy: string | null = null;
    if (oldest?.checked_by) {
      const a = await this.accounts.get(oldest.checked_by);
      checkedBy = a ? this.accounts.displayName(a) : 'A former account';
    }
    return { sections, checkedAt: oldest?.checked_at ?? null, checkedBy };
  }

  /** One section's text (the purple file page shows the managers to contact). */
  async section(key: SectionKey): Promise<string> {
    const row = await this.db.selectFrom('major_incident_info').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? this.sealer.open(row.value_enc, aad('major_incident_info', 'value_enc', key)) : SECTIONS.find((s) => s.key === key)!.initial;
  }

  /** Saves the sections given (changed ones only change their updated_at). Returns how many changed. */
  async save(values: Partial<Record<SectionKey, string>>, accountId: string, requestId: string): Promise<number> {
    const at = this.clock().toISOString();
    const current = new Map((await this.page()).sections.map((s) => [s.key, s]));
    let changed = 0;
    await this.db.transaction().execute(async (trx) => {
      for (const s of SECTIONS) {
        const value = values[s.key];
        const was = current.get(s.key)!;
        if (value === undefined || (was.saved && was.text === value)) continue;
        const exists = await trx.selectFrom('major_incident_info').select('key').where('key', '=', s.key).executeTakeFirst();
        if (exists) await trx.updateTable('major_incident_info').set({ value_enc: this.seal(s.key, value), updated_at: at, updated_by: accountId }).where('key', '=', s.key).execute();
        else await trx.insertInto('major_incident_info').values({ key: s.key, value_enc: this.seal(s.key, value), updated_at: at, updated_by: accountId, checked_at: null, checked_by: null }).execute();
        changed++;
      }
      await this.audit.append({ actorId: accountId, actorKind: 'account', action: 'major-incident.edit', targetKind: 'major-incident', targetId: null, outcome: 'ok', requestId, detail: { changed } }, trx);
    });
    return changed;
  }

  /** "Mark as checked today": every section, its default stored where it was never saved. */
  async markChecked(accountId: string, requestId: string): Promise<void> {
    const at = this.clock().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const s of SECTIONS) {
        const exists = await trx.selectFrom('major_incident_info').select('key').where('key', '=', s.key).executeTakeFirst();
        if (exists) await trx.updateTable('major_incident_info').set({ checked_at: at, checked_by: accountId }).where('key', '=', s.key).execute();
        else await trx.insertInto('major_incident_info').values({ key: s.key, value_enc: this.seal(s.key, s.initial), updated_at: at, updated_by: accountId, checked_at: at, checked_by: accountId }).execute();
      }
      await this.audit.append({ actorId: accountId, actorKind: 'account', action: 'major-incident.check', targetKind: 'major-incident', targetId: null, outcome: 'ok', requestId }, trx);
    });
  }
}
