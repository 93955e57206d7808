/**
 * The major incident contacts and the incident response template (#16, Appendices C and K): every
 * employee reads /major-incident; the safety team edits it (a textarea per section) and marks it as
 * checked today. Thin: parse, authorise, call services/major-incident.ts, render.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../auth/permissions.js';
import { MAX_SECTION, SECTIONS, type SectionKey } from '../services/major-incident.js';

const csrfField = { _csrf: { type: 'string', maxLength: 500 } };
type Body = Record<string, string | undefined>;
type PageError = { href: string; text: string };

export async function majorIncidentRoutes(app: FastifyInstance) {
  const { majorIncident } = app.services;

  app.get<{ Querystring: { done?: string } }>(
    '/major-incident',
    { config: { permission: 'major-incident.read' }, schema: { querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 20 } } } }, attachValidation: true },
    async (req, reply) => {
      const banners: Record<string, string> = { saved: 'The page is saved.', checked: 'The page is marked as checked today.' };
      const { sections, checkedAt, checkedBy } = await majorIncident.page();
      const p = req.principal!;
      return reply.page('pages/major-incident/index.njk', { sections, checkedAt, checkedBy, canEdit: can(p.roles, 'major-incident.edit'), banner: req.validationError ? undefined : banners[req.query.done ?? ''] });
    },
  );

  const editPage = async (reply: FastifyReply, values?: Body, errors?: PageError[]) => {
    if (errors?.length) reply.code(400);
    const { sections } = await majorIncident.page();
    return reply.page('pages/major-incident/edit.njk', { sections: sections.map((s) => ({ ...s, value: values ? (values[s.key] ?? '') : s.text })), errors });
  };

  app.get('/major-incident/edit', { config: { permission: 'major-incident.edit' } }, async (_req, reply) => editPage(reply));

  app.post<{ Body: Body }>(
    '/major-incident',
    { config: { permission: 'major-incident.edit' }, schema: { body: { type: 'object', properties: { ...Object.fromEntries(SECTIONS.map((s) => [s.key, { type: 'string', maxLength: 60_000 }])), ...csrfField } } }, attachValidation: true },
    async (req, reply) => {
      const b = (req.body ?? {}) as Body;
      const values: Partial<Record<SectionKey, string>> = {};
      const errors: PageError[] = [];
      for (const s of SECTIONS) {
        // Line endings as the browser sends them (CRLF) are kept as LF; the text is otherwise kept exactly.
        const value = (typeof b[s.key] === 'string' ? b[s.key]! : '').replace(/\r\n?/g, '\n').trim();
        if (!value) errors.push({ href: `#${s.key}`, text: `Enter "${s.title}": keep its headings if the details are not known yet` });
        else if (value.length > MAX_SECTION) errors.push({ href: `#${s.key}`, text: `"${s.title}" is too long: shorten it to ${MAX_SECTION.toLocaleString('en-GB')} characters or fewer` });
        values[s.key] = value;
      }
      if (errors.length) return editPage(reply, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, MAX_SECTION)])), errors);
      await majorIncident.save(values, req.principal!.id, req.id);
      return reply.redirect('/major-incident?done=saved', 303);
    },
  );

  app.post('/major-incident/check', { config: { permission: 'major-incident.edit' }, schema: { body: { type: 'object', properties: csrfField } } }, async (req, reply) => {
    await majorIncident.markChecked(req.principal!.id, req.id);
    return reply.redirect('/major-incident?done=checked', 303);
  });
}
