/**
 * The database's tables as Kysely sees them. One migration (`migrations/`) creates them on SQLite and
 * PostgreSQL alike, so the types avoid what the two disagree on:
 * - instants are ISO 8601 UTC text (`2026-12-05T19:00:00.000Z`), which sorts as time does;
 * - booleans are integers 0/1;
 * - ids are text (random UUIDs), except the audit log's `seq`, which the log assigns itself;
 * - JSON is text.
 * Columns ending `_enc` hold ciphertext from `crypto/seal.ts` (`sf1.<key id>.<iv>.<ciphertext>`),
 * never plaintext; columns ending `_index` hold keyed blind indexes (`crypto/blind-index.ts`).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AccountTable {
  id: string;
  /** Blind index of the normalised username: sign-in looks the account up by it. */
  username_index: string;
  username_enc: string;
  display_name_enc: string;
  email_enc: string | null;
  /** JSON array of roles (`auth/permissions.ts`). */
  roles: string;
  /** The account's line manager (an account id): a line manager sees their team's reports. */
  manager_id: string | null;
  /** argon2id PHC string; null for an account that signs in only through OIDC. */
  password_hash: string | null;
  /** Blind index of `issuer + subject` of the account's OpenID Connect identity. */
  oidc_index: string | null;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the session token in the cookie: a stolen database does not give live sessions. */
  id: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end of the session, whatever the activity. */
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the secret part of the token. */
  token_hash: string;
  /** JSON array of roles the key acts with (normally `["integration"]`). */
  roles: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface RecordTable {
  id: string;
  reference: string;
  form_id: string;
  schema_version: string;
  /** Who sent it: an account id or an API key id (`submitter_kind`). */
  submitter_id: string;
  submitter_kind: 'account' | 'api-key';
  submitted_at: string;
  received_at: string;
  /** received | in-review | closed */
  status: string;
  /** `{data, result}` of the envelope, sealed. */
  payload_enc: string;
  /** The outcome the safety team chose to tell the reporter, sealed. */
  outcome_enc: string | null;
  updated_at: string;
}

export interface RecordEventTable {
  id: string;
  record_id: string;
  at: string;
  actor_id: string | null;
  /** status | outcome */
  kind: string;
  status: string | null;
  note_enc: string | null;
}

export interface IdempotencyTable {
  /** `<principal id> <form id>`: a key is scoped to who sent it and where. */
  scope: string;
  key: string;
  digest: string;
  status: number;
  /** The first reply's JSON body (a reference: no personal data). */
  body: string;
  record_id: string | null;
  created_at: string;
}

export interface AuditTable {
  seq: number;
  at: string;
  actor_id: string | null;
  /** account | api-key | system | anonymous */
  actor_kind: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  /** ok | denied | failed */
  outcome: string;
  request_id: string | null;
  /** JSON of ids and codes only, never personal data. */
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface JobTable {
  id: string;
  kind: string;
  /** JSON of ids only. */
  payload: string;
  due_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  done_at: string | null;
  failed_at: string | null;
  /** An error code or class name, never a message that could quote data. */
  last_error: string | null;
  /** Enqueueing the same unique key twice makes one job. */
  unique_key: string | null;
  created_at: string;
}

export interface MessageTable {
  id: string;
  account_id: string;
  subject: string;
  body: string;
  /** A path on this server, e.g. `/reports/<id>`. */
  link: string | null;
  created_at: string;
  read_at: string | null;
  /** none (in-app only) | pending | sent | held (no SMTP configured: shown on the admin page) | failed */
  email_state: string;
  email_attempts: number;
  sent_at: string | null;
}

export interface AgreementTable {
  id: string;
  /** The partner account the agreement lets read. */
  partner_id: string;
  /** The agreement's own reference (e.g. an information-sharing agreement number). */
  reference: string;
  /** JSON array of form ids it covers. */
  form_ids: string;
  valid_from: string;
  valid_to: string;
  created_by: string | null;
  created_at: string;
}

export interface CaseTable {
  id: string;
  reference: string;
  report_id: string;
  /** open | closed */
  status: string;
  lead_id: string | null;
  priority: number | null;
  /** YYYY-MM-DD, Europe/London. */
  next_review_on: string | null;
  resolution_enc: string | null;
  debrief_enc: string | null;
  opened_at: string;
  closed_at: string | null;
  updated_at: string;
  /** The review reminder last sent: `<day>:due` or `<day>:overdue`. */
  review_told: string | null;
}

export interface CaseMemberTable {
  id: string;
  case_id: string;
  account_id: string | null;
  external_enc: string | null;
  role: string;
  added_by: string | null;
  added_at: string;
  removed_at: string | null;
  removed_by: string | null;
}

export interface CaseRecordTable {
  case_id: string;
  record_id: string;
  form_id: string;
  added_at: string;
  added_by: string | null;
}

export interface CaseActionTable {
  id: string;
  case_id: string;
  text_enc: string;
  owner_id: string | null;
  owner_external_enc: string | null;
  due_on: string;
  position: number;
  /** open | done | not-required */
  status: string;
  reason_enc: string | null;
  version: number;
  /** When the owner and lead were told it is overdue (once). */
  overdue_told_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseEventTable {
  id: string;
  case_id: string;
  at: string;
  actor_id: string | null;
  kind: string;
  detail_enc: string | null;
}

export interface Database {
  accounts: AccountTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  records: RecordTable;
  record_events: RecordEventTable;
  idempotency_keys: IdempotencyTable;
  audit_log: AuditTable;
  jobs: JobTable;
  messages: MessageTable;
  agreements: AgreementTable;
  cases: CaseTable;
  case_members: CaseMemberTable;
  case_records: CaseRecordTable;
  case_actions: CaseActionTable;
  case_events: CaseEventTable;
  visits: VisitTable;
  visit_alerts: VisitAlertTable;
  checkout_codes: CheckoutCodeTable;
  visit_leave: VisitLeaveTable;
  visit_action_keys: VisitActionKeyTable;
  purple_file_calls: PurpleFileCallTable;
  major_incident_info: MajorIncidentInfoTable;
  incidents: IncidentTable;
  incident_assessments: IncidentAssessmentTable;
  register_entries: RegisterEntryTable;
  register_links: RegisterLinkTable;
  register_keys: RegisterKeyTable;
  register_letters: RegisterLetterTable;
  register_notices: RegisterNoticeTable;
  register_appeals: RegisterAppealTable;
  register_reviews: RegisterReviewTable;
  register_agreements: RegisterAgreementTable;
  register_briefings: RegisterBriefingTable;
}

export interface VisitTable {
  id: string;
  staff_id: string;
  buddy_id: string;
  starts_at: string;
  ends_at: string | null;
  end_of_day_at: string;
  day: string;
  /** alone | joint | building */
  arrangement: string;
  /** red | amber | green | null */
  traffic_light: string | null;
  detail_enc: string;
  checked_in_at: string | null;
  checked_out_at: string | null;
  duress_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
  /** The traffic-light referral record the plan refers to (migration 010); `traffic_light` is its band, computed here. */
  referral_id: string | null;
  /** When the server received the check-out (migration 010); `checked_out_at` is the time that counts. */
  checked_out_received_at: string | null;
  /** When the server received the check-in (migration 011); `checked_in_at` is the time that counts. */
  checked_in_received_at: string | null;
}

export interface VisitAlertTable {
  id: string;
  visit_id: string;
  step: string;
  due_at: string;
  fired_at: string;
  recipients: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  /** Who the step passed over and why (migration 011): JSON `PassedOver[]`, or null. */
  passed_over: string | null;
}

export interface CheckoutCodeTable {
  account_id: string;
  normal_hash: string;
  duress_hash: string;
  updated_at: string;
}

/** A period of leave (migration 008): first and last day, Europe/London, both included. */
export interface VisitLeaveTable {
  id: string;
  account_id: string;
  from_day: string;
  to_day: string;
  recorded_by: string;
  created_at: string;
}

/** A check-in or check-out sent with an idempotency key (migration 008): the same key again changes nothing. */
export interface VisitActionKeyTable {
  key: string;
  account_id: string;
  visit_id: string;
  action: string;
  client_at: string | null;
  received_at: string;
}

export interface PurpleFileCallTable {
  id: string;
  taken_by: string;
  caller_id: string;
  visit_id: string | null;
  called_at: string;
  recorded_at: string;
  /** JSON list of account ids. */
  alerted: string;
  answers_enc: string;
  entries_enc: string;
  updated_at: string;
}

export interface MajorIncidentInfoTable {
  key: string;
  value_enc: string;
  updated_at: string;
  updated_by: string | null;
  checked_at: string | null;
  checked_by: string | null;
}

export type Account = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type StoredRecordRow = Selectable<RecordTable>;
export type Job = Selectable<JobTable>;
export type Message = Selectable<MessageTable>;
export type AuditRow = Selectable<AuditTable>;
export type CaseRow = Selectable<CaseTable>;
export type CaseActionRow = Selectable<CaseActionTable>;
export type VisitRow = Selectable<VisitTable>;
export type IncidentRow = Selectable<IncidentTable>;
export type VisitAlertRow = Selectable<VisitAlertTable>;
export type PurpleFileCallRow = Selectable<PurpleFileCallTable>;
// Kept for the day a table needs a generated column; today every id is made by the server.
export type { Generated };

export interface IncidentTable {
  id: string;
  record_id: string;
  reference: string;
  reporter_id: string;
  investigator_id: string | null;
  incident_at: string;
  sub_category: string | null;
  physical: number;
  /** open | complete */
  status: string;
  followup_enc: string | null;
  version: number;
  opened_at: string;
  completed_at: string | null;
  updated_at: string;
}

/** A risk assessment linked to the incident that puts it in question (migration 009). */
export interface IncidentAssessmentTable {
  id: string;
  incident_id: string;
  record_id: string;
  linked_by: string;
  linked_at: string;
}

/** The cautionary persons register (migration 007): see `services/register.ts`. */
export interface RegisterEntryTable {
  id: string;
  reference: string;
  subject: string;
  status: string;
  dangerous_animal: number;
  history_marker_required: number;
  entry_enc: string;
  decision_enc: string | null;
  proposer_id: string;
  proposed_at: string;
  countersigner_id: string | null;
  countersigned_on: string | null;
  temporary_until: string | null;
  decider_id: string | null;
  decided_on: string | null;
  term_days: number | null;
  review_on: string | null;
  notice_from: string | null;
  notice_due_on: string | null;
  letter_state: string | null;
  letter_done_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
export interface RegisterLinkTable {
  entry_id: string;
  record_id: string;
  linked_by: string;
  linked_at: string;
}
export interface RegisterKeyTable {
  entry_id: string;
  kind: string;
  hmac: string;
}
export interface RegisterLetterTable {
  id: string;
  entry_id: string;
  kind: string;
  body_enc: string;
  state: string;
  done_on: string | null;
  created_at: string;
}
export interface RegisterNoticeTable {
  entry_id: string;
  message_id: string;
  created_at: string;
}
export interface RegisterAppealTable {
  id: string;
  entry_id: string;
  status: string;
  detail_enc: string;
  lodged_on: string;
  decided_on: string | null;
  recorded_by: string;
  created_at: string;
}
export interface RegisterReviewTable {
  id: string;
  entry_id: string;
  outcome: string;
  detail_enc: string;
  reviewed_on: string;
  reviewer_id: string;
}
export interface RegisterAgreementTable {
  id: string;
  partner_id: string;
  detail_enc: string;
  area_keys: string;
  agreed_on: string;
  expires_on: string;
  created_by: string;
  created_at: string;
}
export interface RegisterBriefingTable {
  account_id: string;
  briefed_on: string;
  recorded_by: string;
  recorded_at: string;
}
export type RegisterEntryRow = Selectable<RegisterEntryTable>;
