/**
 * Home per role, the forms (the SDK's elements on our own pages, same origin, the CSRF token in
 * `<meta name="csrf-token">` where the SDK reads it), the demo intranet page, notifications, health.
 */
import { forms } from '@safety-forms/core';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { navigation } from '../app.js';
import { can } from '../auth/permissions.js';
import { formTitle } from '../services/records.js';
import { INCIDENT_REFERENCE } from '../services/incidents.js';

const FORM_IDS = Object.keys(forms);
const DEMO_PAGES = ['index.html', 'form.html', 'themes.html'];

export async function pageRoutes(app: FastifyInstance) {
  const { config, notifier, db, cases } = app.services;

  app.get('/healthz', { config: { permission: 'public' } }, async (_req, reply) => {
    try {
      await db.kysely.selectFrom('audit_log').select('seq').limit(1).execute();
      return reply.header('cache-control', 'no-store').send({ status: 'ok' });
    } catch {
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable' });
    }
  });

  app.get('/', { config: { permission: 'signed-in' } }, async (req, reply) => {
    const p = req.principal!;
    // Actions assigned to you, on the cases you may still open (a removed member's actions stay on the case).
    const assigned = p.kind === 'account' && can(p.roles, 'case.work') ? await cases.assignedTo(p.id) : [];
    const actions = [];
    for (const a of assigned) if (await cases.access(p, a.caseId)) actions.push(a);
    return reply.page('pages/home.njk', { tiles: navigation(p.roles), roles: p.roles, actions });
  });

  app.get('/forms', { config: { permission: 'record.submit' } }, async (_req, reply) => {
    return reply.page('pages/forms.njk', { forms: FORM_IDS.map((id) => ({ id, title: formTitle(id) })) });
  });

  app.get<{ Params: { formId: string }; Querystring: { incident?: unknown } }>(
    '/forms/:formId',
    { config: { permission: 'record.submit' }, schema: { params: { type: 'object', properties: { formId: { type: 'string', enum: FORM_IDS } }, required: ['formId'] } } },
    async (req, reply) => {
      const { formId } = req.params;
      // "Assess the risk" from an incident: the risk assessment starts with its linkedIncident (a reference, no personal data).
      const incident = typeof req.query.incident === 'string' ? req.query.incident.trim().toUpperCase() : '';
      const prefill = formId === 'risk-assessment' && INCIDENT_REFERENCE.test(incident) ? JSON.stringify({ assessment: { linkedIncident: incident } }) : undefined;
      return reply.page('pages/form.njk', { formId, title: formTitle(formId), tag: `${formId}-form`, marking: true, prefill, registerLookup: formId === 'traffic-light-referral' && can(req.principal!.roles, 'register.search') });
    },
  );

  // The demo intranet page (an intranet embedding the forms), same origin: its pages get the token.
  const demoDir = join(config.root, 'demo');
  for (const name of DEMO_PAGES) {
    const paths = name === 'index.html' ? ['/demo/', '/demo/index.html'] : [`/demo/${name}`];
    for (const path of paths) {
      app.get(path, { config: { permission: 'record.submit' } }, async (req, reply) => {
        const html = await readFile(join(demoDir, name), 'utf8');
        const token = reply.generateCsrf({ userInfo: req.principal?.sessionId ?? 'anonymous' });
        const meta = `<meta name="csrf-token" content="${token.replace(/[^A-Za-z0-9_\-.]/g, '')}" />`;
        return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html.replace(/<head>/i, `<head>\n    ${meta}`));
      });
    }
  }
  await app.register(fastifyStatic, { root: demoDir, prefix: '/demo/', decorateReply: false, index: false, allowedPath: (p) => !p.endsWith('.html'), setHeaders: (reply) => void reply.header('cache-control', 'no-cache') });

  app.get('/notifications', { config: { permission: 'signed-in' } }, async (req, reply) => {
    const p = req.principal!;
    const messages = p.kind === 'account' ? await notifier.inbox(p.id, 50) : [];
    return reply.page('pages/notifications.njk', { messages });
  });

  app.post<{ Params: { id: string } }>(
    '/notifications/:id/read',
    { config: { permission: 'signed-in' }, schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } } },
    async (req, reply) => {
      await notifier.markRead(req.principal!.id, req.params.id);
      return reply.redirect('/notifications', 303);
    },
  );

  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()));
}
