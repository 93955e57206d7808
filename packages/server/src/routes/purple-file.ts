/**
 * The purple file (#16, Appendix B): the page whoever takes a distress-code call opens (any employee),
 * and the record page for the call-taker, those alerted and the safety team (403, audited, for anyone
 * else, whether the record exists or not). Thin: parse, authorise, call services/purple-file.ts, render.
 */
import { addDays, londonDay, londonInstant, londonTime } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANSWERS, DISTRESS_CODE, MAX_ENTRY, QUESTIONS, type Answer, type QuestionId } from '../services/purple-file.js';

const uuid = { type: 'string', format: 'uuid' };
const csrfField = { _csrf: { type: 'string', maxLength: 500 } };
const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Body = Record<string, string | undefined>;
type PageError = { href: string; text: string };
const text = (b: Body, k: string) => (typeof b[k] === 'string' ? b[k]! : '').trim();
const tooLong = `This is too long: shorten it to ${MAX_ENTRY.toLocaleString('en-GB')} characters or fewer`;

export async function purpleFileRoutes(app: FastifyInstance) {
  const { purpleFile, majorIncident } = app.services;

  type Caller = NonNullable<Awaited<ReturnType<typeof purpleFile.lookUp>>>;

  async function formPage(reply: FastifyReply, state: { caller?: Caller; callerTyped?: string; values?: Body; errors?: PageError[] }) {
    if (state.errors?.length) reply.code(400);
    const values = state.values ?? {};
    const now = app.services.clock();
    const caller = state.caller;
    return reply.page('pages/purple-file/index.njk', {
      code: DISTRESS_CODE,
      caller,
      callerTyped: state.callerTyped ?? '',
      values: { calledAt: londonTime(now), ...values },
      errors: state.errors,
      questions: QUESTIONS.map((q) => ({ ...q, items: Object.entries(ANSWERS).map(([value, label]) => ({ value, text: label, checked: values[q.id] === value })) })),
      dialled: [
        { value: 'yes', text: 'Yes', checked: values.dialled999 === 'yes' },
        { value: 'no', text: 'No', checked: values.dialled999 === 'no' },
      ],
      visitItems: caller
        ? [
            ...caller.visits.map((v) => ({ value: v.id, text: `${londonTime(new Date(v.startsAt))}${v.endsAt ? ` to ${londonTime(new Date(v.endsAt))}` : ''}: ${v.description}`, checked: values.visit === v.id || (!values.visit && caller.visits.length === 1) })),
            { value: 'none', text: 'Not a visit on their calendar', checked: values.visit === 'none' },
          ]
        : [],
      contacts: await majorIncident.section('purple-file-contacts'),
    });
  }

  const callerError = (typed: string): PageError => ({ href: '#caller', text: typed ? 'There is no account with that username: check it with the caller or their team' : 'Enter the username of the member of staff who called' });

  app.get<{ Querystring: { caller?: string } }>(
    '/purple-file',
    { config: { permission: 'purple-file.use' }, schema: { querystring: { type: 'object', properties: { caller: { type: 'string', maxLength: 200 } } } }, attachValidation: true },
    async (req, reply) => {
      if (req.validationError) return formPage(reply, { errors: [callerError('x')] });
      const typed = (req.query.caller ?? '').trim();
      if (req.query.caller === undefined) return formPage(reply, {});
      const caller = typed ? await purpleFile.lookUp(typed, req.principal!.id, req.id) : undefined;
      if (!caller) return formPage(reply, { callerTyped: typed, errors: [callerError(typed)] });
      return formPage(reply, { caller, callerTyped: typed });
    },
  );

  const answerSchema = Object.fromEntries([...QUESTIONS.map((q) => q.id), 'dialled999', 'visit', 'calledAt'].map((k) => [k, { type: 'string', maxLength: 100 }]));

  app.post<{ Body: Body }>(
    '/purple-file',
    { config: { permission: 'purple-file.use' }, schema: { body: { type: 'object', properties: { caller: { type: 'string', maxLength: 200 }, done: { type: 'string', maxLength: 60_000 }, ...answerSchema, ...csrfField } } }, attachValidation: true },
    async (req, reply) => {
      const b = (req.body ?? {}) as Body;
      const values = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, MAX_ENTRY) : undefined]));
      if (req.validationError) return formPage(reply, { callerTyped: text(values, 'caller'), values, errors: [{ href: '#done', text: 'Check what you entered and try again' }] });
      const typed = text(b, 'caller');
      const caller = typed ? await purpleFile.lookUp(typed, req.principal!.id, req.id) : undefined;
      if (!caller) return formPage(reply, { callerTyped: typed, values, errors: [callerError(typed)] });
      const errors: PageError[] = [];
      const visit = text(b, 'visit');
      if (visit && visit !== 'none' && !caller.visits.some((v) => v.id === visit)) errors.push({ href: '#visit', text: 'Choose one of their visits today, or "Not a visit on their calendar"' });
      let calledAt: Date | undefined;
      if (!TIME.test(text(b, 'calledAt'))) errors.push({ href: '#calledAt', text: 'Enter the time of the call, for example 14:30' });
      else {
        const now = app.services.clock();
        calledAt = londonInstant(londonDay(now), text(b, 'calledAt').padStart(5, '0'));
        // A call at 23:58 recorded at 00:05 was yesterday.
        if (calledAt.getTime() > now.getTime() + 60_000) calledAt = londonInstant(addDays(londonDay(now), -1), text(b, 'calledAt').padStart(5, '0'));
      }
      const answers = {} as Record<QuestionId, Answer>;
      for (const q of QUESTIONS) {
        const a = text(b, q.id);
        if (!Object.prototype.hasOwnProperty.call(ANSWERS, a)) errors.push({ href: `#${q.id}`, text: `Record the answer to "${q.text}", or No answer` });
        else answers[q.id] = a as Answer;
      }
      const dialled = text(b, 'dialled999');
      if (dialled !== 'yes' && dialled !== 'no') errors.push({ href: '#dialled999', text: 'Say whether you dialled 999 and called the police' });
      const done = text(b, 'done');
      if (!done) errors.push({ href: '#done', text: 'Record what was done, for example who you told and when' });
      else if (done.length > MAX_ENTRY) errors.push({ href: '#done', text: tooLong });
      if (errors.length || !calledAt) return formPage(reply, { caller, callerTyped: typed, values, errors });
      const id = await purpleFile.record(req.principal!.id, { callerId: caller.id, visitId: visit && visit !== 'none' ? visit : null, calledAt, answers, dialled999: dialled as 'yes' | 'no', done }, req.id);
      return reply.redirect(`/purple-file/${id}?done=record`, 303);
    },
  );

  /** The record, for the call-taker, those alerted and the safety team; 403 and audited for anyone else. */
  async function found(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: string) {
    const p = req.principal!;
    const row = UUID.test(req.params.id) ? await purpleFile.access(req.params.id, p.id, p.roles) : undefined;
    if (!row) {
      await req.audit({ action, outcome: 'denied', targetKind: 'purple-file', targetId: UUID.test(req.params.id) ? req.params.id : null });
      reply.code(403);
      await reply.page('pages/error.njk', { status: 403, title: 'You do not have access to this record', message: 'Only the person who took the call, those it alerted and the safety team can open it.' });
      return undefined;
    }
    return row;
  }

  async function recordPage(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, row: NonNullable<Awaited<ReturnType<typeof purpleFile.get>>>, extra: { banner?: string; values?: Body; errors?: PageError[] } = {}) {
    const view = await purpleFile.view(row);
    await req.audit({ action: 'purple-file.view', outcome: 'ok', targetKind: 'purple-file', targetId: row.id });
    if (extra.errors?.length) reply.code(400);
    return reply.page('pages/purple-file/record.njk', { r: view, banner: extra.banner, values: extra.values ?? {}, errors: extra.errors, contacts: await majorIncident.section('purple-file-contacts'), marking: true });
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/purple-file/:id',
    { config: { permission: 'purple-file.use' }, schema: { querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 20 } } } }, attachValidation: true },
    async (req, reply) => {
      const row = await found(req, reply, 'purple-file.view');
      if (!row) return reply;
      const banners: Record<string, string> = { record: 'The call is recorded and their managers and the safety team are alerted.', entry: 'What was done is added to the record.' };
      return recordPage(req, reply, row, { banner: req.validationError ? undefined : banners[req.query.done ?? ''] });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/purple-file/:id/entries',
    { config: { permission: 'purple-file.use' }, schema: { params: { type: 'object', properties: { id: uuid } }, body: { type: 'object', properties: { entry: { type: 'string', maxLength: 60_000 }, ...csrfField } } }, attachValidation: true },
    async (req, reply) => {
      const row = await found(req, reply, 'purple-file.entry');
      if (!row) return reply;
      const b = (req.body ?? {}) as Body;
      const entry = text(b, 'entry');
      const error = req.validationError || entry.length > MAX_ENTRY ? tooLong : !entry ? 'Enter what was done' : undefined;
      if (error) return recordPage(req, reply, row, { values: { entry: entry.slice(0, MAX_ENTRY) }, errors: [{ href: '#entry', text: error }] });
      await purpleFile.addEntry(row.id, req.principal!.id, entry, req.id);
      return reply.redirect(`/purple-file/${row.id}?done=entry#entries`, 303);
    },
  );
}
