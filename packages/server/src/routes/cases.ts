/**
 * Threat cases (#14): the list, the case page, and what the team does on it. Thin: parse, authorise
 * (services/cases.ts `access`: the safety team, or a current member), call the service, render.
 * Anybody else gets 403 on every case route, for a case that exists or not, and the attempt is audited.
 * Every case page is RESTRICTED (Derbyshire section 6) and `no-store`.
 */
import { forms, interviewFromThreatReport, isDay, type PriorityLevel } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_STATUSES, CASE_FORMS, CaseConflict, INTERVIEWEES, MAX_NOTE, MAX_SHORT, MEMBER_ROLES, SHARE_SECTIONS, type CaseAccess, type MemberRole, type ShareSection } from '../services/cases.js';
import { formTitle } from '../services/records.js';
import type { ActionStatus } from '@safety-forms/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_PERMISSION = { any: ['case.read-any', 'case.work'] } as {
  any: ('case.read-any' | 'case.work')[];
};
const uuid = { type: 'string', format: 'uuid' };
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] };
const short = { type: 'string', maxLength: MAX_SHORT };
const note = { type: 'string', maxLength: MAX_NOTE };
const day = { type: 'string', maxLength: 4 };
const csrfField = { _csrf: { type: 'string', maxLength: 500 } };

type Need = 'read' | 'work' | 'manage' | 'safety-team';
type Body = Record<string, string | undefined>;
interface PageError {
  href: string;
  text: string;
}

/** A GOV.UK date input's three fields (`<prefix>-day`, `-month`, `-year`) as YYYY-MM-DD, or undefined. */
function dayOf(body: Body, prefix: string): string | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((k) => (body[`${prefix}-${k}`] ?? '').trim());
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return undefined;
  const value = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return isDay(value) ? value : undefined;
}

const text = (body: Body, key: string) => (body[key] ?? '').trim();

export async function caseRoutes(app: FastifyInstance) {
  const { cases, records } = app.services;

  /** The case, or a 403 (audited) when `req`'s principal may not do `need` on it. */
  async function guard(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, need: Need, action: string): Promise<CaseAccess | undefined> {
    const access = typeof req.params.id === 'string' && UUID.test(req.params.id) ? await cases.access(req.principal!, req.params.id) : undefined;
    const allowed =
      !!access &&
      (need === 'read' || (need === 'work' && access.open) || (need === 'manage' && access.open && access.manage) || (need === 'safety-team' && access.open && access.grant === 'safety-team'));
    if (!allowed) {
      await req.audit({
        action,
        outcome: 'denied',
        targetKind: 'case',
        targetId: typeof req.params?.id === 'string' ? req.params.id.slice(0, 64) : null,
        detail: { need },
      });
      reply.code(403);
      await reply.page('pages/error.njk', {
        status: 403,
        title: 'You do not have access to this case',
        message:
          access && !access.open ? 'This case is closed: it can be read but not changed.' : 'Only the safety team and the members of a case can see it. Ask the case lead if you need to be added.',
      });
      return undefined;
    }
    return access;
  }

  /** The case page, with what the user typed kept and the errors, when a form on it needs correcting. */
  async function casePage(
    _req: FastifyRequest,
    reply: FastifyReply,
    access: CaseAccess,
    extra: {
      errors?: PageError[];
      values?: Body;
      banner?: string;
      conflict?: unknown;
    } = {},
  ) {
    const view = await cases.view(access);
    const timeline = await cases.timeline(access.row.id);
    const priorityHistory = await cases.priorityHistory(access.row.id);
    const shares = access.manage ? await cases.shares(access.row.id) : [];
    const chosen = ([] as string[]).concat((extra.values?.sections as unknown as string[] | string | undefined) ?? []);
    if (extra.errors?.length) reply.code(extra.conflict ? 409 : 400);
    return reply.page('pages/cases/case.njk', {
      c: view,
      timeline,
      priorityHistory,
      shares,
      shareSections: Object.entries(SHARE_SECTIONS).map(([value, text]) => ({ value, text, checked: chosen.includes(value) })),
      shareAudiences: [
        { value: 'group', text: 'The full group', checked: (extra.values?.audience ?? 'group') === 'group' },
        ...view.members.filter((m) => m.role !== 'lead').map((m) => ({ value: m.id, text: `${m.name}${m.organisation ? `, ${m.organisation}` : ''} (${m.roleLabel})`, checked: extra.values?.audience === m.id })),
      ],
      values: extra.values ?? {},
      errors: extra.errors,
      banner: extra.banner,
      conflict: extra.conflict,
      marking: 'restricted',
      memberRoles: Object.entries(MEMBER_ROLES)
        .filter(([k]) => k !== 'lead')
        .map(([value, label]) => ({
          value,
          text: label,
          selected: extra.values?.role === value,
        })),
      actionStatuses: Object.entries(ACTION_STATUSES).map(([value, label]) => ({
        value,
        text: label,
      })),
      caseForms: CASE_FORMS.filter((f) => Object.prototype.hasOwnProperty.call(forms, f)).map((f) => ({ id: f, title: formTitle(f) })),
      interviewees: INTERVIEWEES,
      priorities: [1, 2, 3, 4, 5].map((n) => ({
        value: String(n),
        text: `Priority ${n}`,
        checked: String(extra.values?.level ?? view.priority ?? '') === String(n),
      })),
    });
  }

  const BANNERS: Record<string, string> = {
    member: 'The member was added.',
    removed: 'The member was removed.',
    lead: 'The case lead was set.',
    priority: 'The priority was saved.',
    meeting: 'The meeting was recorded.',
    action: 'The action was saved.',
    review: 'The review was recorded.',
    closed: 'The case was closed. It is now read-only.',
    share: 'The abridged version was made: print it or save it as PDF from its page.',
    record: 'The record was added to the case.',
  };

  app.get<{ Querystring: { status?: string; due?: '' | 'review' | 'actions'; page?: number } }>(
    '/cases',
    {
      config: { permission: CASE_PERMISSION },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['', 'open', 'closed'] },
            due: { type: 'string', enum: ['', 'review', 'actions'] },
            page: { type: 'integer', minimum: 1, maximum: 100000 },
          },
        },
      },
    },
    async (req, reply) => {
      const page = await cases.list(req.principal!, {
        status: req.query.status || undefined,
        due: req.query.due || undefined,
        page: req.query.page,
      });
      await req.audit({
        action: 'cases.list',
        outcome: 'ok',
        detail: {
          status: req.query.status || null,
          due: req.query.due || null,
          page: page.page,
          shown: page.rows.length,
        },
      });
      return reply.page('pages/cases/list.njk', {
        page,
        marking: 'restricted',
        query: new URLSearchParams(Object.entries({ status: req.query.status ?? '', due: req.query.due ?? '' }).filter(([, v]) => v)).toString(),
        dueOptions: [
          { value: '', text: 'All cases' },
          { value: 'review', text: 'Review due or overdue', selected: req.query.due === 'review' },
          { value: 'actions', text: 'With overdue actions', selected: req.query.due === 'actions' },
        ],
        statusOptions: [
          { value: '', text: 'Any status' },
          {
            value: 'open',
            text: 'Open',
            selected: req.query.status === 'open',
          },
          {
            value: 'closed',
            text: 'Closed',
            selected: req.query.status === 'closed',
          },
        ],
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/cases/:id',
    {
      config: { permission: CASE_PERMISSION },
      schema: {
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { done: { type: 'string', enum: Object.keys(BANNERS) } },
        },
      },
      attachValidation: true,
    },
    async (req, reply) => {
      const access = await guard(req, reply, 'read', 'case.read');
      if (!access) return reply;
      await req.audit({
        action: 'case.read',
        outcome: 'ok',
        targetKind: 'case',
        targetId: access.row.id,
        detail: { grant: access.grant },
      });
      const done = req.validationError ? undefined : req.query.done;
      return casePage(req, reply, access, {
        banner: done ? BANNERS[done] : undefined,
      });
    },
  );

  // A form of the case (an interview, the risk matrix, a meeting record) on its own page, sent to the
  // submission endpoint with `?case=`, which links the record to the case in the transaction that stores it.
  app.get<{
    Params: { id: string; formId: string };
    Querystring: { interviewee?: string };
  }>(
    '/cases/:id/forms/:formId',
    {
      config: { permission: CASE_PERMISSION },
      schema: {
        params: {
          type: 'object',
          properties: {
            id: uuid,
            formId: { type: 'string', maxLength: 64 },
          },
          required: ['id', 'formId'],
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            interviewee: { type: 'string', enum: [...INTERVIEWEES] },
          },
        },
      },
      attachValidation: true,
    },
    async (req, reply) => {
      const access = await guard(req, reply, 'work', 'case.form');
      if (!access) return reply;
      const { formId } = req.params;
      if (req.validationError || !(CASE_FORMS as readonly string[]).includes(formId) || !Object.prototype.hasOwnProperty.call(forms, formId)) {
        reply.code(404);
        return reply.page('pages/error.njk', {
          status: 404,
          title: 'Page not found',
        });
      }
      await req.audit({
        action: 'case.read',
        outcome: 'ok',
        targetKind: 'case',
        targetId: access.row.id,
        detail: { grant: access.grant, form: formId },
      });
      let prefill: unknown;
      if (formId === 'threat-interview') {
        const report = await records.get(access.row.report_id);
        if (report) prefill = interviewFromThreatReport(records.view(report).payload.envelope.data);
      }
      return reply.page('pages/cases/form.njk', {
        caseId: access.row.id,
        reference: access.row.reference,
        formId,
        title: formTitle(formId),
        tag: `${formId}-form`,
        interviewee: req.query.interviewee,
        // Read by /static/app.js into the element's initialValue (no inline script: the CSP forbids it).
        prefill: prefill ? JSON.stringify(prefill).replace(/</g, '\\u003c') : undefined,
        marking: 'restricted',
      });
    },
  );

  const post = <P extends Record<string, unknown>>(
    url: string,
    body: Record<string, unknown>,
    need: Need,
    action: string,
    handler: (req: FastifyRequest<{ Params: { id: string } & P; Body: Body }>, reply: FastifyReply, access: CaseAccess, b: Body) => Promise<unknown>,
    params: Record<string, unknown> = {},
  ) =>
    app.post<{ Params: { id: string } & P; Body: Body }>(
      url,
      {
        config: { permission: CASE_PERMISSION },
        schema: {
          params: {
            type: 'object',
            properties: { id: uuid, ...params },
            required: ['id', ...Object.keys(params)],
          },
          body: { type: 'object', properties: { ...body, ...csrfField } },
        },
        attachValidation: true,
      },
      async (req, reply) => {
        const access = await guard(req as FastifyRequest<{ Params: { id: string } }>, reply, need, action);
        if (!access) return reply;
        const b = (req.body ?? {}) as Body;
        if (req.validationError?.validationContext === 'params') {
          // The case is theirs, the action or member id is not a real one.
          reply.code(404);
          return reply.page('pages/error.njk', { status: 404, title: 'Page not found' });
        }
        if (req.validationError) {
          // Too long: say which field, keep what was typed (cut to the limit).
          const field = String((req.validationError.validation?.[0]?.instancePath ?? '').slice(1)) || 'main-content';
          const values = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, MAX_NOTE) : v]));
          return casePage(req, reply, access, {
            errors: [
              {
                href: `#${field}`,
                text: `This is too long: shorten it and try again`,
              },
            ],
            values,
          });
        }
        return handler(req, reply, access, b);
      },
    );

  post('/cases/:id/members', { username: short, name: short, organisation: short, role: short }, 'manage', 'case.member-add', async (req, reply, access, b) => {
    const role = (Object.prototype.hasOwnProperty.call(MEMBER_ROLES, b.role ?? '') && b.role !== 'lead' ? b.role : undefined) as MemberRole | undefined;
    if (!role)
      return casePage(req, reply, access, {
        errors: [{ href: '#role', text: 'Choose what they are on the case' }],
        values: b,
      });
    const result = await cases.addMember(
      access.row.id,
      req.principal!.id,
      {
        username: text(b, 'username'),
        name: text(b, 'name'),
        organisation: text(b, 'organisation'),
        role,
      },
      req.id,
    );
    if (!result.ok)
      return casePage(req, reply, access, {
        errors: [{ href: `#${result.field}`, text: result.text }],
        values: b,
      });
    return reply.redirect(`/cases/${access.row.id}?done=member#members`, 303);
  });

  post<{ memberId: string }>(
    '/cases/:id/members/:memberId/remove',
    {},
    'manage',
    'case.member-remove',
    async (req, reply, access) => {
      const removed = await cases.removeMember(access.row.id, req.params.memberId, req.principal!.id, req.id);
      if (!removed)
        return casePage(req, reply, access, {
          errors: [{ href: '#members', text: 'That member was already removed' }],
        });
      return reply.redirect(`/cases/${access.row.id}?done=removed#members`, 303);
    },
    { memberId: uuid },
  );

  post('/cases/:id/lead', { lead: short }, 'safety-team', 'case.lead', async (req, reply, access, b) => {
    if (!text(b, 'lead'))
      return casePage(req, reply, access, {
        errors: [{ href: '#lead', text: 'Enter the username of the case lead' }],
        values: b,
      });
    const result = await cases.setLead(access.row.id, req.principal!.id, text(b, 'lead'), req.id);
    if (!result.ok)
      return casePage(req, reply, access, {
        errors: [{ href: '#lead', text: result.text }],
        values: b,
      });
    return reply.redirect(`/cases/${access.row.id}?done=lead`, 303);
  });

  post('/cases/:id/priority', { level: { type: 'string', maxLength: 2 }, reason: note }, 'manage', 'case.priority', async (req, reply, access, b) => {
    const level = Number(b.level);
    const errors: PageError[] = [];
    if (![1, 2, 3, 4, 5].includes(level)) errors.push({ href: '#level', text: 'Choose a priority' });
    // The first classification needs no reason; every change does ("Date of change in classification").
    if (access.row.priority !== null && access.row.priority !== level && !text(b, 'reason')) errors.push({ href: '#reason', text: 'Say why the priority changed' });
    if (errors.length) return casePage(req, reply, access, { errors, values: b });
    await cases.setPriority(access.row.id, req.principal!.id, level as PriorityLevel, text(b, 'reason'), req.id);
    return reply.redirect(`/cases/${access.row.id}?done=priority#priority`, 303);
  });

  post('/cases/:id/meetings', { notes: note }, 'work', 'case.meeting', async (req, reply, access, b) => {
    if (!text(b, 'notes'))
      return casePage(req, reply, access, {
        errors: [
          {
            href: '#notes',
            text: 'Enter the notes of the meeting, with its actions',
          },
        ],
        values: b,
      });
    await cases.recordMeeting(access.row.id, req.principal!.id, text(b, 'notes'), req.id);
    return reply.redirect(`/cases/${access.row.id}?done=meeting#meetings`, 303);
  });

  post(
    '/cases/:id/actions',
    {
      action: short,
      owner: short,
      ownerName: short,
      'due-day': day,
      'due-month': day,
      'due-year': day,
    },
    'work',
    'case.action-add',
    async (req, reply, access, b) => {
      const errors: PageError[] = [];
      const dueOn = dayOf(b, 'due');
      if (!text(b, 'action')) errors.push({ href: '#action', text: 'Enter the action' });
      let ownerId: string | null = null;
      if (text(b, 'owner')) {
        const account = await app.services.accounts.byUsername(text(b, 'owner'));
        if (!account || account.disabled)
          errors.push({
            href: '#owner',
            text: 'There is no active account with that username',
          });
        else ownerId = account.id;
      } else if (!text(b, 'ownerName'))
        errors.push({
          href: '#owner',
          text: 'Enter the username of the owner, or the name of an external owner',
        });
      if (!dueOn)
        errors.push({
          href: '#due-day',
          text: 'Enter the due date as a real date, for example 27 3 2027',
        });
      else if (dueOn < cases.today())
        errors.push({
          href: '#due-day',
          text: 'The due date must be today or in the future',
        });
      if (errors.length) return casePage(req, reply, access, { errors, values: b });
      await cases.addAction(
        access.row.id,
        req.principal!.id,
        {
          text: text(b, 'action'),
          ownerId,
          ownerName: ownerId ? null : text(b, 'ownerName'),
          dueOn: dueOn!,
        },
        req.id,
      );
      return reply.redirect(`/cases/${access.row.id}?done=action#actions`, 303);
    },
  );

  post<{ actionId: string }>(
    '/cases/:id/actions/:actionId',
    { status: short, reason: note, version: { type: 'string', maxLength: 12 } },
    'work',
    'case.action-update',
    async (req, reply, access, b) => {
      const status = b.status as ActionStatus;
      const anchor = `#action-${req.params.actionId}`;
      if (!Object.prototype.hasOwnProperty.call(ACTION_STATUSES, status))
        return casePage(req, reply, access, {
          errors: [{ href: anchor, text: 'Choose the status of the action' }],
          values: b,
        });
      if (status === 'not-required' && !text(b, 'reason'))
        return casePage(req, reply, access, {
          errors: [
            {
              href: `${anchor}-reason`,
              text: 'Say why the action is not required',
            },
          ],
          values: { ...b, actionId: req.params.actionId },
        });
      try {
        const found = await cases.updateAction(access.row.id, req.params.actionId, req.principal!.id, { status, reason: text(b, 'reason'), version: Number(b.version) }, req.id);
        if (!found)
          return casePage(req, reply, access, {
            errors: [{ href: '#actions', text: 'That action is not on this case' }],
          });
      } catch (error) {
        if (!(error instanceof CaseConflict)) throw error;
        await req.audit({
          action: 'case.action-update',
          outcome: 'failed',
          targetKind: 'case',
          targetId: access.row.id,
          detail: { action: req.params.actionId, reason: 'conflict' },
        });
        const current = await cases.getAction(access.row.id, req.params.actionId);
        return casePage(req, reply, access, {
          errors: [
            {
              href: anchor,
              text: 'Someone else changed this action while you were editing it. Check it as it is now, then make your change again.',
            },
          ],
          conflict: {
            actionId: req.params.actionId,
            yours: {
              status,
              label: ACTION_STATUSES[status],
              reason: text(b, 'reason'),
            },
            current,
          },
          values: { ...b, actionId: req.params.actionId },
        });
      }
      return reply.redirect(`/cases/${access.row.id}?done=action${anchor}`, 303);
    },
    { actionId: uuid },
  );

  post(
    '/cases/:id/reviews',
    {
      planStatus: note,
      revisions: note,
      responsible: note,
      'next-day': day,
      'next-month': day,
      'next-year': day,
    },
    'work',
    'case.review',
    async (req, reply, access, b) => {
      const errors: PageError[] = [];
      if (!text(b, 'planStatus'))
        errors.push({
          href: '#planStatus',
          text: 'Describe the current status of the plan',
        });
      const next = dayOf(b, 'next');
      if (!next)
        errors.push({
          href: '#next-day',
          text: 'Enter the next review date as a real date, for example 27 3 2027',
        });
      if (errors.length) return casePage(req, reply, access, { errors, values: b });
      const result = await cases.recordReview(
        access.row.id,
        req.principal!.id,
        {
          planStatus: text(b, 'planStatus'),
          revisions: text(b, 'revisions'),
          responsible: text(b, 'responsible'),
          nextReview: next!,
        },
        req.id,
      );
      if (!result.ok)
        return casePage(req, reply, access, {
          errors: [{ href: '#next-day', text: result.text }],
          values: b,
        });
      return reply.redirect(`/cases/${access.row.id}?done=review#reviews`, 303);
    },
  );

  post('/cases/:id/close', { resolution: note, goodPractice: note, lessons: note }, 'manage', 'case.close', async (req, reply, access, b) => {
    const input = {
      resolution: text(b, 'resolution'),
      goodPractice: text(b, 'goodPractice'),
      lessons: text(b, 'lessons'),
    };
    try {
      const result = await cases.close(access, req.principal!.id, input, req.id);
      if (!result.ok) {
        const href: Record<string, string> = {
          'open-actions': '#actions',
          'unexplained-actions': '#actions',
          resolution: '#resolution',
          debrief: input.goodPractice ? '#lessons' : '#goodPractice',
        };
        return casePage(req, reply, access, {
          errors: result.blockers.map((x) => ({
            href: href[x.code] ?? '#close',
            text: x.text,
          })),
          values: b,
        });
      }
    } catch (error) {
      if (!(error instanceof CaseConflict)) throw error;
    }
    return reply.redirect(`/cases/${access.row.id}?done=closed`, 303);
  });

  // An abridged version for sharing (Derbyshire section 6): the lead chooses the sections and who it is for.
  post(
    '/cases/:id/shares',
    { sections: { anyOf: [short, { type: 'array', maxItems: 20, items: short }] }, audience: short },
    'manage',
    'case.share',
    async (req, reply, access, b) => {
      const sections = ([] as unknown[]).concat(b.sections ?? []).filter((x): x is ShareSection => typeof x === 'string' && Object.prototype.hasOwnProperty.call(SHARE_SECTIONS, x));
      const audience = text(b, 'audience');
      if (!audience)
        return casePage(req, reply, access, {
          errors: [{ href: '#audience', text: 'Choose who the abridged version is for' }],
          values: b,
        });
      const result = await cases.share(access.row.id, req.principal!.id, { sections, memberId: audience === 'group' ? null : audience }, req.id);
      if (!result.ok) return casePage(req, reply, access, { errors: [{ href: '#audience', text: result.text }], values: b });
      return reply.redirect(`/cases/${access.row.id}/shares/${result.id}`, 303);
    },
  );

  app.get<{ Params: { id: string; shareId: string } }>(
    '/cases/:id/shares/:shareId',
    {
      config: { permission: CASE_PERMISSION },
      schema: { params: { type: 'object', properties: { id: uuid, shareId: uuid }, required: ['id', 'shareId'] } },
      attachValidation: true,
    },
    async (req, reply) => {
      const access = await guard(req, reply, 'read', 'case.share-read');
      if (!access) return reply;
      const share = req.validationError ? undefined : await cases.getShare(access.row.id, req.params.shareId);
      if (!share) {
        reply.code(404);
        return reply.page('pages/error.njk', { status: 404, title: 'Page not found' });
      }
      await req.audit({ action: 'case.share-read', outcome: 'ok', targetKind: 'case', targetId: access.row.id, detail: { share: share.id, grant: access.grant } });
      const view = await cases.view(access);
      const reviews = share.sections.includes('reviews') ? (await cases.timeline(access.row.id)).filter((e) => e.kind === 'review') : [];
      return reply.page('pages/cases/share.njk', {
        c: view,
        share,
        has: Object.fromEntries(share.sections.map((k) => [k, true])),
        sectionTitles: SHARE_SECTIONS,
        reviews,
        marking: 'restricted',
      });
    },
  );
}
