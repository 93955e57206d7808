/**
 * Reports: yours, your team's, every report (safety team, head of service), those shared with a
 * partner, one record, and the safety team's status and outcome. Every list and every read of a
 * record is audited; a record page is `no-store` and carries the protective marking.
 */
import { forms } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/permissions.js';
import { Access } from '../services/access.js';
import { formTitle, STATUS_LABELS, STATUSES, type ListFilter, type Status } from '../services/records.js';

const FORM_IDS = Object.keys(forms);
const DAY = '^\\d{4}-\\d{2}-\\d{2}$';

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    form: { type: 'string', enum: ['', ...FORM_IDS] },
    status: { type: 'string', enum: ['', ...STATUSES] },
    from: { anyOf: [{ type: 'string', maxLength: 0 }, { type: 'string', pattern: DAY, format: 'date' }] },
    to: { anyOf: [{ type: 'string', maxLength: 0 }, { type: 'string', pattern: DAY, format: 'date' }] },
    page: { type: 'integer', minimum: 1, maximum: 100000 },
  },
};
interface ListQuery {
  form?: string;
  status?: string;
  from?: string;
  to?: string;
  page?: number;
}
const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] };

export async function reportRoutes(app: FastifyInstance) {
  const { records, accounts, notifier, db, clock } = app.services;
  const access = new Access(db.kysely, clock);

  function filterOf(q: ListQuery): ListFilter {
    return { formId: q.form || undefined, status: (q.status || undefined) as Status | undefined, from: q.from || undefined, to: q.to || undefined, page: q.page ?? 1 };
  }

  async function list(req: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply, scope: 'mine' | 'team' | 'all' | 'shared', heading: string) {
    const p = req.principal!;
    const filter = filterOf(req.query);
    if (scope === 'mine') filter.submitterIds = [p.id];
    if (scope === 'team') filter.submitterIds = await accounts.team(p.id);
    if (scope === 'shared') filter.formIds = await access.agreedForms(p.id);
    const page = await records.list(filter);
    await req.audit({ action: 'records.list', outcome: 'ok', detail: { scope, form: filter.formId ?? null, status: filter.status ?? null, from: filter.from ?? null, to: filter.to ?? null, page: page.page, shown: page.rows.length } });
    const query = new URLSearchParams(Object.entries({ form: filter.formId ?? '', status: filter.status ?? '', from: filter.from ?? '', to: filter.to ?? '' }).filter(([, v]) => v));
    return reply.page('pages/reports/list.njk', {
      heading,
      scope,
      page,
      filter,
      query: query.toString(),
      formOptions: [{ value: '', text: 'Any form' }, ...FORM_IDS.map((id) => ({ value: id, text: formTitle(id), selected: filter.formId === id }))],
      statusOptions: [{ value: '', text: 'Any status' }, ...STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], selected: filter.status === s }))],
      showFilter: scope !== 'mine' || page.total > 0,
    });
  }

  app.get<{ Querystring: ListQuery }>('/reports/mine', { config: { permission: 'record.read-own' }, schema: { querystring: listQuery } }, (req, reply) => list(req, reply, 'mine', 'Your reports'));
  app.get<{ Querystring: ListQuery }>('/reports/team', { config: { permission: 'record.read-team' }, schema: { querystring: listQuery } }, (req, reply) => list(req, reply, 'team', 'Team reports'));
  app.get<{ Querystring: ListQuery }>('/reports', { config: { permission: 'record.read-any' }, schema: { querystring: listQuery } }, (req, reply) => list(req, reply, 'all', 'All reports'));
  app.get<{ Querystring: ListQuery }>('/reports/shared', { config: { permission: 'record.read-agreed' }, schema: { querystring: listQuery } }, (req, reply) => list(req, reply, 'shared', 'Reports shared with you'));

  app.get<{ Params: { id: string }; Querystring: { updated?: string } }>(
    '/reports/:id',
    {
      config: { permission: { any: ['record.read-own', 'record.read-team', 'record.read-any', 'record.read-agreed'] } },
      schema: { params: idParams, querystring: { type: 'object', additionalProperties: false, properties: { updated: { type: 'string', enum: ['1'] } } } },
    },
    async (req, reply) => {
      const p = req.principal!;
      const row = await records.get(req.params.id);
      const grant = row ? await access.grant(p, row) : undefined;
      if (!row || !grant) {
        // Not found and not yours look the same: a guessed id tells nothing.
        await req.audit({ action: 'record.read', outcome: 'denied', targetKind: 'record', targetId: req.params.id });
        reply.code(404);
        return reply.page('pages/error.njk', { status: 404, title: 'Page not found' });
      }
      await req.audit({ action: 'record.read', outcome: 'ok', targetKind: 'record', targetId: row.id, detail: { grant } });
      const record = records.view(row);
      const events = await records.events(row.id);
      return reply.page('pages/reports/record.njk', {
        record,
        statusLabel: STATUS_LABELS[record.status],
        events,
        ...records.readable(record),
        result: record.payload.result,
        mayUpdate: can(p.roles, 'record.update'),
        statusOptions: STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: record.status === s })),
        marking: true,
        updated: req.query.updated === '1',
      });
    },
  );

  app.post<{ Params: { id: string }; Body: { status?: string; outcome?: string } }>(
    '/reports/:id/status',
    {
      config: { permission: 'record.update' },
      schema: {
        params: idParams,
        body: { type: 'object', properties: { status: { type: 'string', maxLength: 20 }, outcome: { type: 'string', maxLength: 20000 }, _csrf: { type: 'string', maxLength: 500 } } },
      },
      attachValidation: true,
    },
    async (req, reply) => {
      const status = req.body?.status as Status;
      const outcome = (req.body?.outcome ?? '').trim();
      // attachValidation lets a bad body through to the page below; a bad id (the params) is no record.
      const row = req.validationError?.validationContext === 'params' ? undefined : await records.get(req.params.id);
      if (!row) {
        reply.code(404);
        return reply.page('pages/error.njk', { status: 404, title: 'Page not found' });
      }
      if (req.validationError || !STATUSES.includes(status)) {
        reply.code(400);
        const record = records.view(row);
        await req.audit({ action: 'record.read', outcome: 'ok', targetKind: 'record', targetId: row.id, detail: { grant: 'any' } });
        return reply.page('pages/reports/record.njk', {
          record,
          statusLabel: STATUS_LABELS[record.status],
          events: await records.events(row.id),
          ...records.readable(record),
          result: record.payload.result,
          mayUpdate: true,
          statusOptions: STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], checked: record.status === s })),
          outcomeValue: outcome.slice(0, 20000),
          errors: [req.validationError ? { href: '#outcome', text: 'The outcome must be 20,000 characters or fewer' } : { href: '#status', text: 'Choose a status' }],
          marking: true,
        });
      }
      await records.update(row.id, req.principal!.id, { status, outcome: outcome || null }, req.id, async (trx, updated) => {
        // The reporter is told that something changed, never what: the page behind the link says it.
        if (updated.submitter_kind === 'account') {
          await notifier.notify(updated.submitter_id, { subject: `Your report ${updated.reference} has been updated`, body: `The safety team has updated your report ${updated.reference}. Sign in to see its status and what happens next.`, link: `/reports/${updated.id}` }, trx);
        }
      });
      return reply.redirect(`/reports/${row.id}?updated=1`, 303);
    },
  );
}
