/**
 * Who may do what: the one table. Every route names the permission it needs (`config.permission`);
 * `app.ts` refuses to start if a route names none, and the hook in `auth/plugin.ts` checks it before
 * the handler runs. `test/permissions.test.ts` walks every route x every role against this table.
 *
 * Roles come from the source documents: staff report; a line manager sees their team's reports;
 * the safety team (H&S / security management) sees and follows up every report; the head of service
 * sees every report; the register owner (director) and visiting staff work with the cautionary
 * register; a partner reads only what a recorded agreement covers; an admin manages accounts and
 * reads the audit log but does not read records unless they also hold a role that may.
 * `integration` is the role of an API key an intranet posts with.
 */
export const ROLES = ['staff', 'line-manager', 'safety-team', 'head-of-service', 'register-owner', 'visiting-staff', 'partner', 'admin', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Everybody who works here (not partners, not integrations). */
const EMPLOYEES: Role[] = ['staff', 'line-manager', 'safety-team', 'head-of-service', 'register-owner', 'visiting-staff', 'admin'];

export const PERMISSIONS = {
  /** A page or endpoint anyone may reach, signed in or not (sign-in, health, the SDK's files). */
  public: 'anyone',
  /** Signed in as a person, any role: home, sign out, your notifications (an integration's API key only submits). */
  'signed-in': [...EMPLOYEES, 'partner'],
  /** Submit a form (POST /api/<formId>) and open the forms pages. */
  'record.submit': [...EMPLOYEES, 'integration'],
  /** Your own reports. */
  'record.read-own': [...EMPLOYEES],
  /** Reports of the people you manage. */
  'record.read-team': ['line-manager'],
  /** Every report: the list, filters, and any record. */
  'record.read-any': ['safety-team', 'head-of-service'],
  /** Reports a recorded agreement covers. */
  'record.read-agreed': ['partner'],
  /** Change a report's status and the outcome the reporter is told. */
  'record.update': ['safety-team'],
  /** Every threat case: the list, any case, and everything a case lead may do (set the lead too). */
  'case.read-any': ['safety-team'],
  /** Cases you are a member of (the case's own check: a current member, or its lead). */
  'case.work': ['staff', 'line-manager', 'safety-team', 'head-of-service', 'register-owner', 'visiting-staff', 'partner'],
  /** Lone working: plan your visits, check in and out, be a buddy, set your codes. */
  'visit.plan': ['staff', 'line-manager', 'safety-team', 'head-of-service', 'register-owner', 'visiting-staff'],
  /** Your team's use of lone working and their emergency contact forms (the safety team: everyone's). */
  'visit.team': ['line-manager', 'safety-team'],
  /** Every open lone-working escalation (and the last resort of every alert). */
  'visit.escalation-any': ['safety-team'],
  /** The purple file (Appendix B): whoever takes a distress-code call records it, and the caller's managers are alerted. */
  'purple-file.use': [...EMPLOYEES],
  /** Every purple file record (the safety team is alerted by each). */
  'purple-file.any': ['safety-team'],
  /** The major incident contacts and the incident response template (Appendices C and K). */
  'major-incident.read': [...EMPLOYEES],
  /** Keep them current: edit, and mark as checked. */
  'major-incident.edit': ['safety-team'],
  /** Every incident's follow-up, and the trends (the security management team). */
  'incident.read-any': ['safety-team'],
  /** The incidents you are the investigating manager of (the incident's own check). */
  'incident.investigate': ['line-manager', 'safety-team'],
  /** Propose a register entry from an incident or threat report you may read. */
  'register.propose': ['line-manager', 'safety-team', 'head-of-service', 'register-owner'],
  /** Countersign a proposal (policy part 3: the Head of Service or a Director). */
  'register.countersign': ['head-of-service', 'register-owner'],
  /** The register itself: decide, letters, appeals, reviews, briefings, partner agreements and exports. */
  'register.manage': ['register-owner'],
  /** Look up an address or person before a visit (a current briefing, and a partner only inside an agreement in force). */
  'register.search': ['visiting-staff', 'partner'],
  'account.manage': ['admin'],
  'audit.read': ['admin'],
  /** The notifications held because no mail server is configured. */
  'mail.read-held': ['admin'],
} as const satisfies Record<string, 'anyone' | readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when any of `roles` holds `permission`. */
export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed = PERMISSIONS[permission];
  if (allowed === 'anyone') return true;
  return roles.some((r) => (allowed as readonly string[]).includes(r));
}

/** A permission the route needs: one, or any one of several (`{ any: [...] }`). */
export type RoutePermission = Permission | { any: Permission[] };

export function allows(roles: readonly string[], need: RoutePermission): boolean {
  return typeof need === 'string' ? can(roles, need) : need.any.some((p) => can(roles, p));
}

export function isPublic(need: RoutePermission): boolean {
  return need === 'public';
}
