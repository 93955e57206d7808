/**
 * Incidents (#17): the list, the follow-up page of one incident (its routes of action from core, the four
 * elements to review, support, the debrief, redress, the history marker, feedback, completion), and the
 * safety team's trends; the risk assessments linked to an incident, each readable by those who may open the
 * incident. Thin: parse, authorise (services/incidents.ts `access`), call, render.
 */
import { REVIEW_ELEMENTS, SUPPORT_OPTIONS, incidentReport, londonInstant, type ReviewElement, type SupportOption } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/permissions.js';
import { IncidentConflict, type FollowUp } from '../services/incidents.js';

const note = { type: 'string', maxLength: 5000 };
const short = { type: 'string', maxLength: 200 };
const many = { anyOf: [short, { type: 'array', maxItems: 20, items: short }] };
const csrfField = { _csrf: { type: 'string', maxLength: 500 } };
const PERMISSION = { any: ['incident.read-any', 'incident.investigate'] } as { any: ('incident.read-any' | 'incident.investigate')[] };
type Body = Record<string, string | string[] | undefined>;
const list = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');

/** The sub-categories' titles, from the schema (the form's own words). */
function subCategoryTitles(): Record<string, string> {
  const schema = incidentReport.schema as { properties?: { category?: { properties?: { subCategory?: { oneOf?: { const?: unknown; title?: string }[] } } } } };
  const options = schema.properties?.category?.properties?.subCategory?.oneOf ?? [];
  return Object.fromEntries(options.filter((o) => typeof o.const === 'string').map((o) => [String(o.const), o.title ?? String(o.const)]));
}

export async function incidentRoutes(app: FastifyInstance) {
  const { incidents } = app.services;

  async function guard(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: string) {
    const found = /^[0-9a-f-]{36}$/i.test(req.params.id) ? await incidents.access(req.principal!, req.params.id) : undefined;
    if (!found) {
      await req.audit({ action, outcome: 'denied', targetKind: 'incident', targetId: req.params.id.slice(0, 64) });
      reply.code(403);
      await reply.page('pages/error.njk', { status: 403, title: 'You do not have access to this incident', message: 'Only the security management team and the investigating manager can see it.' });
      return undefined;
    }
    return found;
  }

  async function page(reply: FastifyReply, row: Parameters<typeof incidents.view>[0], extra: { errors?: { href: string; text: string }[]; banner?: string; values?: FollowUp; status?: number } = {}) {
    const v = await incidents.view(row);
    const f = extra.values ?? v.followUp;
    if (extra.errors?.length) reply.code(extra.status ?? 400);
    const debrief = f.debriefOfferedAt ? new Date(f.debriefOfferedAt) : undefined;
    return reply.page('pages/incidents/incident.njk', {
      v,
      f,
      // Whoever may open the incident and send records may assess the risk it puts in question.
      mayAssess: can(reply.request.principal!.roles, 'record.submit'),
      errors: extra.errors,
      banner: extra.banner,
      marking: true,
      elements: REVIEW_ELEMENTS.map((e) => ({ value: e.id, text: e.title, hint: { text: e.text }, checked: f.reviewed.includes(e.id) })),
      offered: Object.entries(SUPPORT_OPTIONS).map(([value, text]) => ({ value, text, checked: f.supportOffered.includes(value as SupportOption) })),
      accepted: Object.entries(SUPPORT_OPTIONS).map(([value, text]) => ({ value, text, checked: f.supportAccepted.includes(value as SupportOption) })),
      redress: [
        ...(v.result?.routes ?? []).filter((r) => r.state !== 'not-sought').map((r) => ({ value: r.code, text: `${r.title} (${r.state})`, checked: f.redressRoute === r.code })),
        { divider: 'or' },
        { value: '', text: 'None applies (say why below)', checked: !f.redressRoute },
      ],
      debriefDate: debrief ? debrief.toISOString().slice(0, 10) : '',
      debriefTime: debrief ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false }).format(debrief) : '',
    });
  }

  app.get<{ Querystring: { status?: string } }>('/incidents', { config: { permission: PERMISSION }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['', 'open', 'complete'] } } } } }, async (req, reply) => {
    const rows = await incidents.list(req.principal!, req.query.status || undefined);
    await req.audit({ action: 'incidents.list', outcome: 'ok', detail: { shown: rows.length } });
    const titles = subCategoryTitles();
    return reply.page('pages/incidents/list.njk', { rows: rows.map((r) => ({ ...r, subCategoryTitle: r.subCategory ? (titles[r.subCategory] ?? r.subCategory) : 'Not categorised' })), marking: true, status: req.query.status ?? '' });
  });

  app.get('/incidents/trends', { config: { permission: 'incident.read-any' } }, async (req, reply) => {
    const trends = await incidents.trends(subCategoryTitles());
    await req.audit({ action: 'incidents.trends', outcome: 'ok', detail: { incidents: trends.total } });
    return reply.page('pages/incidents/trends.njk', { t: trends });
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/incidents/:id', { config: { permission: PERMISSION }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { done: { type: 'string', enum: ['saved', 'complete'] } } } }, attachValidation: true }, async (req, reply) => {
    const found = await guard(req, reply, 'incident.read');
    if (!found) return reply;
    await req.audit({ action: 'incident.read', outcome: 'ok', targetKind: 'incident', targetId: found.row.id, detail: { grant: found.grant } });
    const banner = req.validationError ? undefined : req.query.done === 'saved' ? 'The follow-up was saved.' : req.query.done === 'complete' ? 'The incident is complete. It is now read-only.' : undefined;
    return page(reply, found.row, { banner });
  });

  // One risk assessment linked to the incident, for those who may open the incident (need to know: the
  // investigating manager reads it here though it is not their team's record). Audited either way.
  app.get<{ Params: { id: string; recordId: string } }>('/incidents/:id/assessments/:recordId', { config: { permission: PERMISSION } }, async (req, reply) => {
    const found = await guard(req, reply, 'incident.assessment-read');
    if (!found) return reply;
    const linked = /^[0-9a-f-]{36}$/i.test(req.params.recordId) ? await incidents.linkedAssessment(found.row.id, req.params.recordId) : undefined;
    if (!linked) {
      await req.audit({ action: 'incident.assessment-read', outcome: 'denied', targetKind: 'record', targetId: req.params.recordId.slice(0, 64), detail: { incident: found.row.id } });
      reply.code(404);
      return reply.page('pages/error.njk', { status: 404, title: 'Page not found' });
    }
    await req.audit({ action: 'incident.assessment-read', outcome: 'ok', targetKind: 'record', targetId: linked.record.id, detail: { incident: found.row.id, grant: found.grant } });
    return reply.page('pages/incidents/assessment.njk', { incident: { id: found.row.id, reference: found.row.reference }, record: linked.record, result: linked.result, ...app.services.records.readable(linked.record), marking: true });
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    '/incidents/:id',
    {
      config: { permission: PERMISSION },
      schema: {
        body: {
          type: 'object',
          properties: { reviewed: many, notes: note, supportOffered: many, supportAccepted: many, debriefDate: { type: 'string', maxLength: 10 }, debriefTime: { type: 'string', maxLength: 5 }, subCategoryChecked: short, redressRoute: short, noRedressReason: note, historyMarkerAppliedFor: short, historyMarkerReference: short, historyMarkerReason: note, feedbackGiven: note, version: { type: 'string', maxLength: 12 }, ...csrfField },
        },
      },
      attachValidation: true,
    },
    async (req, reply) => {
      const found = await guard(req, reply, 'incident.update');
      if (!found) return reply;
      const b = (req.body ?? {}) as Body;
      if (found.row.status !== 'open') return page(reply, found.row, { errors: [{ href: '#follow-up', text: 'This incident is complete: it can be read but not changed' }], status: 409 });
      const f: FollowUp = {
        reviewed: list(b.reviewed).filter((x): x is ReviewElement => REVIEW_ELEMENTS.some((e) => e.id === x)),
        notes: str(b, 'notes'),
        supportOffered: list(b.supportOffered).filter((x): x is SupportOption => Object.prototype.hasOwnProperty.call(SUPPORT_OPTIONS, x)),
        supportAccepted: list(b.supportAccepted).filter((x): x is SupportOption => Object.prototype.hasOwnProperty.call(SUPPORT_OPTIONS, x)),
        debriefOfferedAt: null,
        subCategoryChecked: b.subCategoryChecked === 'yes',
        redressRoute: str(b, 'redressRoute') || null,
        noRedressReason: str(b, 'noRedressReason'),
        historyMarkerAppliedFor: b.historyMarkerAppliedFor === 'yes',
        historyMarkerReference: str(b, 'historyMarkerReference'),
        historyMarkerReason: str(b, 'historyMarkerReason'),
        feedbackGiven: str(b, 'feedbackGiven'),
      };
      if (req.validationError) {
        const field = String(req.validationError.validation?.[0]?.instancePath ?? '').slice(1) || 'follow-up';
        return page(reply, found.row, { errors: [{ href: `#${field}`, text: 'This is too long: shorten it and try again' }], values: f });
      }
      if (str(b, 'debriefDate') || str(b, 'debriefTime')) {
        try {
          f.debriefOfferedAt = londonInstant(str(b, 'debriefDate'), str(b, 'debriefTime').padStart(5, '0')).toISOString();
        } catch {
          return page(reply, found.row, { errors: [{ href: '#debriefDate', text: 'Enter the date and time the debrief was offered, for example 14:30' }], values: f });
        }
      }
      const v = await incidents.view(found.row);
      if (f.redressRoute && !(v.result?.routes ?? []).some((r) => r.code === f.redressRoute)) return page(reply, found.row, { errors: [{ href: '#redressRoute', text: 'Choose one of the routes of action' }], values: f });
      try {
        const saved = await incidents.save(found.row.id, req.principal!.id, f, Number(str(b, 'version')), req.id);
        if (!saved.ok) return page(reply, found.row, { errors: [{ href: '#debriefDate', text: saved.text }], values: f });
      } catch (error) {
        if (!(error instanceof IncidentConflict)) throw error;
        const fresh = (await incidents.access(req.principal!, found.row.id))!.row;
        return page(reply, fresh, { errors: [{ href: '#follow-up', text: 'Someone else saved this incident while you were editing it. Check it as it is now, then make your change again.' }], status: 409 });
      }
      return reply.redirect(`/incidents/${found.row.id}?done=saved`, 303);
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>('/incidents/:id/complete', { config: { permission: PERMISSION }, schema: { body: { type: 'object', properties: csrfField } } }, async (req, reply) => {
    const found = await guard(req, reply, 'incident.complete');
    if (!found) return reply;
    if (found.row.status !== 'open') return reply.redirect(`/incidents/${found.row.id}?done=complete`, 303);
    const blockers = await incidents.complete(found.row.id, req.principal!.id, req.id);
    const href: Record<string, string> = { 'sub-category': '#subCategoryChecked', redress: '#redressRoute', 'history-marker': '#historyMarkerAppliedFor', feedback: '#feedbackGiven' };
    if (blockers.length) return page(reply, found.row, { errors: blockers.map((x) => ({ href: href[x.code] ?? '#follow-up', text: x.text })) });
    return reply.redirect(`/incidents/${found.row.id}?done=complete`, 303);
  });
}
