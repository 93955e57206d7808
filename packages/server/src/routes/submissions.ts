/**
 * `POST /api/<formId>`: the submission contract (DESIGN.md), now authenticated: a session (with the
 * CSRF token the SDK sends as X-CSRF-Token) or a bearer API key. The body is taken as text so its
 * digest is what the Idempotency-Key is bound to; services/records.ts does the rest.
 */
import { forms } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../auth/plugin.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../services/records.js';
import { CASE_FORMS } from '../services/cases.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FORM_IDS = Object.keys(forms);

/** The envelope as OpenAPI documents it; the contract's own checks (with /data pointers) enforce it. */
const envelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['formId', 'schemaVersion', 'submittedAt', 'data', 'result'],
  properties: {
    formId: { type: 'string', enum: FORM_IDS },
    schemaVersion: { type: 'string' },
    submittedAt: { type: 'string', format: 'date-time' },
    data: { type: 'object', description: "The answers, validated by the form's generated validator" },
    result: { type: ['object', 'null'] },
  },
};

/** RFC 9457 problem details, with a pointer per field error. */
const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    errors: { type: 'array', items: { type: 'object', required: ['pointer', 'detail'], properties: { pointer: { type: 'string' }, detail: { type: 'string' } } } },
  },
};
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

export async function submissionRoutes(app: FastifyInstance, options: { onStored?: (req: FastifyRequest, reply: FastifyReply) => Promise<void> | void }) {
  const { records, cases } = app.services;

  // The raw text of any content type: the handler answers 415 itself, after the key check, as before.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { formId: string }; Body: string }>(
    '/api/:formId',
    {
      config: { permission: 'record.submit' },
      schema: {
        summary: 'Submit a form',
        params: { type: 'object', properties: { formId: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } }, required: ['formId'] },
        querystring: { type: 'object', additionalProperties: false, properties: { case: { type: 'string', format: 'uuid', description: `A threat case the record belongs to (${CASE_FORMS.join(', ')}): the sender must be a member of the open case. A threat report opens a case of its own.` } } },
        description: 'Stores one record. Authenticate with the session cookie (and the X-CSRF-Token header of the page) or with `Authorization: Bearer <API key>`. A repeated Idempotency-Key with the same body replays the first reply.',
        security: [{ session: [] }, { bearer: [] }],
        headers: { type: 'object', required: ['idempotency-key'], properties: { 'idempotency-key': { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN, description: 'One per record, kept by the sender across retries' } } },
        body: envelopeSchema,
        response: {
          201: { description: 'Stored (or replayed)', content: { 'application/json': { schema: { type: 'object', required: ['reference'], properties: { reference: { type: 'string' } } } } } },
          400: problem('No or malformed Idempotency-Key, or a body that is not JSON'),
          401: problem('No session and no bearer token'),
          403: problem('A role that may not submit, or no CSRF token with a session'),
          404: problem('No such form'),
          409: { ...problem('A request with this key is still in progress'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } },
          413: problem('The body is over the limit'),
          415: problem('Not application/json'),
          422: problem('The envelope or the answers need correcting: errors[] with JSON pointers (/data/...)'),
          503: { ...problem('The store is busy: try again'), headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } },
        },
      },
      // Documented above; validated by the contract (problem+json with /data pointers, key before type).
      validatorCompiler: () => () => true,
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (req, reply) => {
      const principal = req.principal!;
      const key = req.headers['idempotency-key'];
      const type = req.headers['content-type'] ?? '';
      if (typeof key === 'string' && /^[A-Za-z0-9-]{8,100}$/.test(key) && !/^application\/json\s*(;|$)/i.test(type)) return sendProblem(reply, 415, 'Send application/json');
      const text = typeof req.body === 'string' ? req.body : '';
      const formId = req.params.formId;
      const query = req.query as Record<string, unknown>;
      let within: Parameters<typeof records.submit>[6];
      if (query.case !== undefined || Object.keys(query).length) {
        // A record for a case: only a form a case records, only by a member of the open case.
        const caseId = query.case;
        const access = typeof caseId === 'string' && UUID.test(caseId) && Object.keys(query).length === 1 ? await cases.access(principal, caseId) : undefined;
        if (!access || !access.open || !(CASE_FORMS as readonly string[]).includes(formId)) {
          await req.audit({ action: 'case.record', outcome: 'denied', targetKind: 'case', targetId: typeof caseId === 'string' ? caseId.slice(0, 64) : null, detail: { form: formId.slice(0, 64) } });
          return sendProblem(reply, 403, 'This record cannot be added to that case');
        }
        within = (trx, r) => cases.link(trx, access.row.id, r.id, r.reference, r.formId, principal.id, req.id);
      } else if (formId === 'threat-report') {
        // A threat report opens a case, in the same transaction: no report without its case.
        within = (trx, r) => cases.openFor(trx, r.id, { id: principal.id, kind: principal.kind }, req.id);
      } else if (formId === 'incident-report') {
        // An incident report opens its follow-up (investigating manager, the security team told of a physical assault).
        within = (trx, r) => app.services.incidents.openFor(trx, r, { id: principal.id, kind: principal.kind }, req.id);
      } else if (formId === 'risk-assessment') {
        // A risk assessment naming one of our incidents is linked to it, by whoever may open that incident. No such
        // incident and not yours look the same. A 422 on the field, not a 403: the SDK reads 403 as "sign in again".
        const target = await app.services.incidents.assessmentTarget(principal, text);
        if (target && !target.ok) {
          await req.audit({ action: 'incident.assessment-link', outcome: 'denied', targetKind: 'incident', targetId: null, detail: { reference: target.reference } });
          return sendProblem(reply, 422, 'This risk assessment cannot be linked to that incident', { errors: [{ pointer: '/data/assessment/linkedIncident', detail: 'Only the investigating manager and the security team can link a risk assessment to an incident: check the reference, or leave it out' }] });
        }
        if (target) within = (trx, r) => app.services.incidents.linkAssessment(trx, target.incidentId, r, { id: principal.id, kind: principal.kind }, req.id);
      }
      const result = await records.submit({ kind: principal.kind, id: principal.id, roles: principal.roles }, formId, key, text, req.id, options.onStored ? () => options.onStored!(req, reply) : undefined, within);
      if (reply.sent || reply.raw.destroyed) return reply;
      for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
      if (result.status >= 400) return sendProblem(reply, result.status, String(result.body.title), Object.fromEntries(Object.entries(result.body).filter(([k]) => !['type', 'title', 'status'].includes(k))));
      return reply.code(result.status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send(JSON.stringify(result.body));
    },
  );

  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/api/:formId',
    config: { permission: 'public' },
    schema: { hide: true },
    handler: async (_req, reply) => {
      reply.header('allow', 'POST');
      return sendProblem(reply, 405, 'Method not allowed');
    },
  });
}
