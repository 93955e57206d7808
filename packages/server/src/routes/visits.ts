/**
 * Lone working (#16): phone-sized pages to plan a visit, check in and out (one large button each),
 * extend, see a buddy's day, set the check-out and duress codes, and, for whoever an escalation alerts,
 * the escalation page (the visit's full location and the emergency contact, audited, only while open).
 * Leave (`/visits/leave`): your own, and your team's if you manage anyone. Check-in and check-out take an
 * idempotency key and the client's time (static/visits.js queues them while the phone is offline) and
 * answer JSON to a script that asks for it. The plan page embeds `<traffic-light-referral-form>` (the SDK
 * element, posting to /api/traffic-light-referral as any form does): as a form-associated element it gives
 * the plan form the stored record's reference once sent; without JavaScript a reference can be typed. The
 * planner must be able to read that record (audited when not), and the band is computed from it on the
 * server. A visit's plan page (`/visits/:id/plan`, its owner and their line manager) says when its buddy is
 * on leave and takes another buddy (also for whoever stands in for a line manager on leave). The escalation
 * page says who each alert passed over (a buddy or line manager on leave) and where it went instead. Thin: parse, authorise, call services/visits.ts, render.
 */
import { addDays, isDay, londonDay, londonInstant, visitTimeProblem } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '../services/access.js';
import { can } from '../auth/permissions.js';
import { ARRANGEMENTS, passedOverText, REFERRAL_UNKNOWN, type Arrangement, type PassedOver, type ReferralUse } from '../services/visits.js';

const uuid = { type: 'string', format: 'uuid' };
const short = { type: 'string', maxLength: 500 };
const time = { type: 'string', maxLength: 5 };
const csrfField = { _csrf: { type: 'string', maxLength: 500 } };
const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** What a queued check-in or check-out carries besides the form: its idempotency key and the phone's time of the action. */
const sentFields = { key: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,100}$' }, clientAt: { type: 'string', maxLength: 40 } };
const CODE = /^\d{4,12}$/;
/** A record's reference as records.ts makes it: 'TLR-20261207-1A2B3C'. */
const REFERENCE = /^[A-Z]{1,10}-\d{8}-[0-9A-F]{6}$/;
type Body = Record<string, string | undefined>;
const text = (b: Body, k: string) => (b[k] ?? '').trim();

export async function visitRoutes(app: FastifyInstance) {
  const { visits, config } = app.services;
  const access = new Access(app.services.db.kysely, app.services.clock);
  const today = () => londonDay(app.services.clock());

  /** A script (static/visits.js) asks for JSON; a plain form post gets pages and redirects. */
  const wantsJson = (req: FastifyRequest) => /application\/json/.test(req.headers.accept ?? '') && !/text\/html/.test(req.headers.accept ?? '');

  const notFound = (reply: FastifyReply) => {
    reply.code(404);
    if (wantsJson(reply.request)) return reply.send({ ok: false, status: 404 });
    return reply.page('pages/error.njk', { status: 404, title: 'Page not found' });
  };

  /** Done: the script is told where the page would go; a form post is sent there. */
  const done = (req: FastifyRequest, reply: FastifyReply, location: string) => (wantsJson(req) ? reply.send({ ok: true, location }) : reply.redirect(location, 303));

  /** The key and the phone's time of a queued action (the form fields, or the Idempotency-Key header). */
  const sentOf = (req: FastifyRequest, b: Body) => {
    const header = req.headers['idempotency-key'];
    const key = b.key || (typeof header === 'string' && /^[A-Za-z0-9_-]{16,100}$/.test(header) ? header : undefined);
    return { key, clientAt: b.clientAt ?? null };
  };

  async function home(req: FastifyRequest, reply: FastifyReply, extra: { errors?: { href: string; text: string }[]; banner?: string; values?: Body; visitId?: string } = {}) {
    const p = req.principal!;
    if (extra.errors?.length && wantsJson(req)) return reply.code(400).send({ ok: false, errors: extra.errors });
    const [mine, hasCodes, needBuddy] = await Promise.all([visits.mine(p.id, today()), visits.hasCodes(p.id), visits.needingBuddy(p.id)]);
    if (extra.errors?.length) reply.code(400);
    return reply.page('pages/visits/index.njk', { visits: mine, hasCodes, needBuddy, errors: extra.errors, banner: extra.banner, values: extra.values ?? {}, visitId: extra.visitId });
  }

  app.get<{ Querystring: { done?: string } }>('/visits', { config: { permission: 'visit.plan' }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { done: { type: 'string', enum: ['plan', 'in', 'out', 'extend', 'codes'] } } } }, attachValidation: true }, async (req, reply) => {
    const banners: Record<string, string> = { plan: 'The visit is planned.', in: 'You are checked in.', out: 'You are checked out.', extend: 'The visit is extended.', codes: 'Your codes are saved.' };
    return home(req, reply, { banner: req.validationError ? undefined : banners[req.query.done ?? ''] });
  });

  const planPage = async (reply: FastifyReply, values: Body = {}, errors?: { href: string; text: string }[], referral?: ReferralUse) => {
    if (errors?.length) reply.code(400);
    // The buddies to suggest: not those on leave on the day of the form (today until another is chosen).
    const day = typeof values.date === 'string' && DAY.test(values.date) && isDay(values.date) ? values.date : today();
    return reply.page('pages/visits/new.njk', {
      values,
      errors,
      buddies: await visits.availableBuddies(reply.request.principal!.id, day),
      arrangements: Object.entries(ARRANGEMENTS).map(([value, label]) => ({ value, text: label, checked: (values.arrangement ?? 'alone') === value })),
      // A referral already resolved (the page is shown again with errors): its reference stays, the form is not shown again.
      referral,
      // The register look-up beside the embedded referral, for those who may search the register.
      registerLookup: !referral && can(reply.request.principal!.roles, 'register.search'),
    });
  };

  app.get('/visits/new', { config: { permission: 'visit.plan' } }, async (_req, reply) => planPage(reply, { date: today() }));

  app.post<{ Body: Body }>(
    '/visits',
    {
      config: { permission: 'visit.plan' },
      schema: { body: { type: 'object', properties: { date: { type: 'string', maxLength: 10 }, start: time, end: time, nextDay: short, buddy: short, arrangement: short, jointWith: short, trafficLight: short, redAgreement: { type: 'string', maxLength: 5000 }, referral: short, referralReference: short, reference: short, description: short, location: { type: 'string', maxLength: 1000 }, ...csrfField } } },
      attachValidation: true,
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as Body;
      if (req.validationError) {
        const field = String(req.validationError.validation?.[0]?.instancePath ?? '').slice(1) || 'description';
        return planPage(reply, Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 1000) : v])), [{ href: `#${field}`, text: 'This is too long: shorten it and try again' }]);
      }
      const errors: { href: string; text: string }[] = [];
      const day = text(b, 'date');
      const arrangement = text(b, 'arrangement') as Arrangement;
      let startsAt: Date | undefined;
      let endsAt: Date | null = null;
      try {
        if (!TIME.test(text(b, 'start'))) throw new RangeError('start');
        startsAt = londonInstant(day, text(b, 'start').padStart(5, '0'));
      } catch {
        errors.push({ href: '#start', text: 'Enter the date and the start time, for example 14:30' });
      }
      if (startsAt && text(b, 'end')) {
        if (!TIME.test(text(b, 'end'))) errors.push({ href: '#end', text: 'Enter the expected end as a time, for example 16:00' });
        else {
          // A visit across midnight says so: its end is on the next day.
          endsAt = londonInstant(b.nextDay === 'yes' ? addDays(day, 1) : day, text(b, 'end').padStart(5, '0'));
          const problem = visitTimeProblem(startsAt, endsAt);
          if (problem) errors.push({ href: '#end', text: problem });
        }
      }
      if (!text(b, 'buddy')) errors.push({ href: '#buddy', text: 'Enter the username of your buddy for this visit' });
      if (!Object.prototype.hasOwnProperty.call(ARRANGEMENTS, arrangement)) errors.push({ href: '#arrangement', text: 'Choose who is going' });
      if (arrangement === 'joint' && !text(b, 'jointWith')) errors.push({ href: '#jointWith', text: 'Say who the joint visit is with' });
      // The referral: the one completed on this page (the element's form value), else a reference typed. Only one the planner may read.
      const reference = (text(b, 'referral') || text(b, 'referralReference')).toUpperCase();
      let referral: ReferralUse | undefined;
      if (reference) {
        const row = REFERENCE.test(reference) ? await app.services.records.byReference(reference) : undefined;
        const use = row && (await access.grant(req.principal!, row)) ? visits.referralOf(row) : undefined;
        if (use && use !== 'incomplete') referral = use;
        else {
          await req.audit({ action: 'visit.referral', outcome: 'denied', targetKind: 'record', targetId: row?.id ?? null, detail: { found: !!row, form: row?.form_id ?? null } });
          errors.push({ href: '#referralReference', text: use === 'incomplete' ? 'That traffic light referral has no result: complete a new one for this visit' : REFERRAL_UNKNOWN });
        }
      }
      // RED: STOP. Not as a lone visit without the manager's agreement to a joint visit or an individual risk assessment (the service checks it again).
      if (referral?.band === 'red' && arrangement === 'alone' && !text(b, 'redAgreement')) errors.push({ href: '#redAgreement', text: "A RED visit cannot be a lone visit: record the manager's agreement to a joint visit or the individual risk assessment" });
      if (!text(b, 'description')) errors.push({ href: '#description', text: 'Describe the visit without the address, for example "visit to Mum\'s address"' });
      if (!text(b, 'location')) errors.push({ href: '#location', text: 'Enter where the visit is: only those alerted if you do not check out will see it' });
      if (errors.length || !startsAt) return planPage(reply, b, errors, referral);
      const endOfDayAt = londonInstant(day, config.endOfDay);
      const result = await visits.plan(
        req.principal!.id,
        {
          startsAt,
          endsAt,
          endOfDayAt: endOfDayAt > startsAt ? endOfDayAt : londonInstant(addDays(day, 1), config.endOfDay),
          buddyUsername: text(b, 'buddy'),
          arrangement,
          referralId: referral?.id ?? null,
          detail: { reference: text(b, 'reference'), description: text(b, 'description'), location: text(b, 'location'), jointWith: text(b, 'jointWith'), redAgreement: text(b, 'redAgreement') },
        },
        req.id,
      );
      if (!result.ok) return planPage(reply, b, [{ href: `#${result.field}`, text: result.text }], referral);
      return reply.redirect(`/visits?done=plan#visit-${result.id}`, 303);
    },
  );

  const visitPost = (url: string, body: Record<string, unknown>, handler: (req: FastifyRequest<{ Params: { id: string }; Body: Body }>, reply: FastifyReply, b: Body) => Promise<unknown>) =>
    app.post<{ Params: { id: string }; Body: Body }>(
      url,
      { config: { permission: 'visit.plan' }, schema: { params: { type: 'object', properties: { id: uuid }, required: ['id'] }, body: { type: 'object', properties: { ...body, ...sentFields, ...csrfField } } }, attachValidation: true },
      async (req, reply) => {
        if (req.validationError) return req.validationError.validationContext === 'params' ? notFound(reply) : home(req, reply, { errors: [{ href: '#main-content', text: 'Check what you entered and try again' }] });
        return handler(req, reply, (req.body ?? {}) as Body);
      },
    );

  /** Not your visit (or none): looks like one that does not exist, and the attempt is audited. */
  const notYours = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: string) => {
    await req.audit({ action, outcome: 'denied', targetKind: 'visit', targetId: req.params.id });
    return notFound(reply);
  };

  visitPost('/visits/:id/check-in', {}, async (req, reply, b) => {
    if (!(await visits.checkIn(req.params.id, req.principal!.id, req.id, sentOf(req, b)))) return notYours(req, reply, 'visit.check-in');
    return done(req, reply, '/visits?done=in');
  });

  visitPost('/visits/:id/check-out', { code: { type: 'string', maxLength: 64 } }, async (req, reply, b) => {
    const result = await visits.checkOut(req.params.id, req.principal!.id, text(b, 'code'), req.id, sentOf(req, b));
    if (!result) return notYours(req, reply, 'visit.check-out');
    if (!result.ok) return home(req, reply, { errors: [{ href: `#code-${req.params.id}`, text: result.text }], visitId: req.params.id });
    return done(req, reply, '/visits?done=out');
  });

  visitPost('/visits/:id/extend', { end: time }, async (req, reply, b) => {
    const v = await visits.get(req.params.id);
    if (!v || v.staff_id !== req.principal!.id) return notYours(req, reply, 'visit.extend');
    const end = text(b, 'end');
    const current = new Date(v.ends_at ?? v.starts_at);
    let endsAt: Date | undefined;
    if (TIME.test(end)) {
      const day = londonDay(current);
      endsAt = londonInstant(day, end.padStart(5, '0'));
      if (endsAt <= current) endsAt = londonInstant(addDays(day, 1), end.padStart(5, '0'));
    }
    const problem = endsAt ? visitTimeProblem(new Date(v.starts_at), endsAt) : 'Enter the new end time, for example 17:30';
    if (problem || !endsAt) return home(req, reply, { errors: [{ href: `#extend-${v.id}`, text: problem ?? 'Enter the new end time' }], visitId: v.id });
    if (!(await visits.extend(v.id, req.principal!.id, endsAt, req.id))) return notFound(reply);
    return reply.redirect('/visits?done=extend', 303);
  });

  /** A visit's plan page: its owner and the owner's line manager; anyone else (or no visit) 404, audited. */
  const planOf = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: string) => {
    const v = /^[0-9a-f-]{36}$/i.test(req.params.id) ? await visits.get(req.params.id) : undefined;
    const who = v && !v.cancelled_at ? await visits.planAccess(v, req.principal!.id) : undefined;
    if (!v || !who) {
      await notYours(req, reply, action);
      return undefined;
    }
    return v;
  };
  const visitPlanPage = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, v: NonNullable<Awaited<ReturnType<typeof visits.get>>>, extra: { errors?: { href: string; text: string }[]; banner?: string; values?: Body } = {}) => {
    if (extra.errors?.length) reply.code(400);
    const plan = await visits.planView(v, v.staff_id === req.principal!.id);
    await req.audit({ action: 'visit.plan-view', outcome: 'ok', targetKind: 'visit', targetId: v.id, detail: { buddyOnLeave: !!plan.buddyOnLeave } });
    return reply.page('pages/visits/plan.njk', { v: plan, mine: v.staff_id === req.principal!.id, buddies: plan.finished ? [] : (await visits.availableBuddies(v.staff_id, v.day)).filter((b) => b.username !== plan.buddyUsername), ...extra, values: extra.values ?? {} });
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    '/visits/:id/plan',
    { config: { permission: 'visit.plan' }, schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] }, querystring: { type: 'object', additionalProperties: false, properties: { done: { type: 'string', enum: ['buddy'] } } } }, attachValidation: true },
    async (req, reply) => {
      const v = await planOf(req, reply, 'visit.plan-view');
      if (!v) return reply;
      return visitPlanPage(req, reply, v, { banner: !req.validationError && req.query.done === 'buddy' ? 'The new buddy is recorded.' : undefined });
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(
    '/visits/:id/buddy',
    { config: { permission: 'visit.plan' }, schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] }, body: { type: 'object', properties: { buddy: short, ...csrfField } } }, attachValidation: true },
    async (req, reply) => {
      const v = await planOf(req, reply, 'visit.buddy');
      if (!v) return reply;
      const b = (req.body ?? {}) as Body;
      if (req.validationError) return visitPlanPage(req, reply, v, { errors: [{ href: '#buddy', text: 'This is too long: enter the username of the new buddy' }] });
      const result = await visits.changeBuddy(v.id, req.principal!.id, text(b, 'buddy'), req.id);
      if (!result) return visitPlanPage(req, reply, v, { errors: [{ href: '#buddy', text: 'This visit is over: its buddy can no longer change' }] });
      if (!result.ok) return visitPlanPage(req, reply, v, { errors: [{ href: '#buddy', text: result.text }], values: { buddy: text(b, 'buddy') } });
      return reply.redirect(`/visits/${v.id}/plan?done=buddy`, 303);
    },
  );

  app.get('/visits/buddy', { config: { permission: 'visit.plan' } }, async (req, reply) => {
    const list = await visits.buddying(req.principal!.id, today());
    await req.audit({ action: 'visits.buddy', outcome: 'ok', detail: { shown: list.length } });
    return reply.page('pages/visits/buddy.njk', { visits: list });
  });

  app.get('/visits/codes', { config: { permission: 'visit.plan' } }, async (req, reply) => reply.page('pages/visits/codes.njk', { hasCodes: await visits.hasCodes(req.principal!.id) }));

  app.post<{ Body: Body }>('/visits/codes', { config: { permission: 'visit.plan' }, schema: { body: { type: 'object', properties: { normal: { type: 'string', maxLength: 64 }, duress: { type: 'string', maxLength: 64 }, ...csrfField } } }, attachValidation: true }, async (req, reply) => {
    const b = (req.body ?? {}) as Body;
    const errors: { href: string; text: string }[] = [];
    if (!CODE.test(text(b, 'normal'))) errors.push({ href: '#normal', text: 'Enter a check-out code of 4 to 12 digits' });
    if (!CODE.test(text(b, 'duress'))) errors.push({ href: '#duress', text: 'Enter a duress code of 4 to 12 digits' });
    else if (text(b, 'normal') === text(b, 'duress')) errors.push({ href: '#duress', text: 'The duress code must be different from the check-out code' });
    if (errors.length || req.validationError) {
      reply.code(400);
      // Codes are never put back in the page.
      return reply.page('pages/visits/codes.njk', { hasCodes: await visits.hasCodes(req.principal!.id), errors: errors.length ? errors : [{ href: '#normal', text: 'Enter a check-out code of 4 to 12 digits' }] });
    }
    await visits.setCodes(req.principal!.id, text(b, 'normal'), text(b, 'duress'), req.id);
    return reply.redirect('/visits?done=codes', 303);
  });

  /** The escalation a person was alerted by (or the safety team): 403, audited, for anyone else or once it is closed. */
  async function escalation(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: string) {
    const p = req.principal!;
    const found = /^[0-9a-f-]{36}$/i.test(req.params.id) ? await visits.escalationFor(req.params.id, p.id, p.roles) : undefined;
    if (!found) {
      await req.audit({ action, outcome: 'denied', targetKind: 'visit', targetId: req.params.id });
      reply.code(403);
      await reply.page('pages/error.njk', { status: 403, title: 'You do not have access to this visit', message: 'Only the people an escalation alerted can open it.' });
      return undefined;
    }
    return found;
  }

  app.get<{ Params: { id: string } }>('/visits/:id/escalation', { config: { permission: 'visit.plan' }, schema: { params: { type: 'object', properties: { id: uuid }, required: ['id'] } } }, async (req, reply) => {
    const found = await escalation(req, reply, 'visit.escalation-view');
    if (!found) return reply;
    const { visit, alerts, open } = found;
    const view = await visits.view(visit);
    // The full location and the emergency contact: only while the escalation is open.
    const detail = open ? visits.detailOf(visit) : undefined;
    const contact = open ? await visits.emergencyContact(visit.staff_id) : undefined;
    await req.audit({ action: 'visit.escalation-view', outcome: 'ok', targetKind: 'visit', targetId: visit.id, detail: { open, contact: !!contact } });
    const names = new Map<string, string>();
    const passedOver = new Map(alerts.map((a) => [a.id, a.passed_over ? (JSON.parse(a.passed_over) as PassedOver[]) : []]));
    for (const a of alerts) {
      for (const id of [...(JSON.parse(a.recipients) as string[]), a.acknowledged_by, ...passedOver.get(a.id)!.map((x) => x.account)].filter((x): x is string => !!x)) {
        if (!names.has(id)) {
          const acc = await app.services.accounts.get(id);
          names.set(id, acc ? app.services.accounts.displayName(acc) : 'A former account');
        }
      }
    }
    const stepLabel = (id: string) => config.escalationRoute.steps.find((step: { id: string }) => step.id === id)?.label;
    return reply.page('pages/visits/escalation.njk', {
      v: view,
      open,
      detail,
      contact: contact ? JSON.stringify(contact.payload.envelope.data, null, 2) : undefined,
      alerts: alerts.map((a) => ({ id: a.id, step: config.escalationRoute.steps.find((step: { id: string }) => step.id === a.step)?.label ?? a.step, firedAt: a.fired_at, dueAt: a.due_at, told: (JSON.parse(a.recipients) as string[]).map((id) => names.get(id)).join(', '), acknowledgedAt: a.acknowledged_at, acknowledgedBy: a.acknowledged_by ? names.get(a.acknowledged_by) : undefined, passedOver: passedOver.get(a.id)!.map((x) => passedOverText(x, names.get(x.account)!, stepLabel)) })),
      marking: true,
    });
  });

  app.post<{ Params: { id: string; alertId: string }; Body: Body }>(
    '/visits/:id/alerts/:alertId/acknowledge',
    { config: { permission: 'visit.plan' }, schema: { params: { type: 'object', properties: { id: uuid, alertId: uuid }, required: ['id', 'alertId'] }, body: { type: 'object', properties: csrfField } }, attachValidation: true },
    async (req, reply) => {
      const found = await escalation(req, reply, 'visit.acknowledge');
      if (!found) return reply;
      if (req.validationError || !(await visits.acknowledge(req.params.id, req.params.alertId, req.principal!.id, req.id))) return notFound(reply);
      return reply.redirect(`/visits/${req.params.id}/escalation`, 303);
    },
  );

  visitPost('/visits/:id/resolve', {}, async (req, reply) => {
    const found = await escalation(req, reply, 'visit.resolve');
    if (!found) return reply;
    await visits.resolve(req.params.id, req.principal!.id, req.id);
    return reply.redirect(`/visits/${req.params.id}/escalation`, 303);
  });

  // Leave: your own, and that of the people you manage (their line manager may record it for them).
  const leavePage = async (req: FastifyRequest, reply: FastifyReply, extra: { values?: Body; errors?: { href: string; text: string }[]; banner?: string } = {}) => {
    const p = req.principal!;
    const team = await app.services.accounts.team(p.id);
    const people = await Promise.all(
      team.map(async (id) => {
        const a = await app.services.accounts.get(id);
        return a && !a.disabled ? { value: id, text: app.services.accounts.displayName(a) } : undefined;
      }),
    );
    const members = people.filter((x): x is { value: string; text: string } => !!x).sort((a, b) => a.text.localeCompare(b.text));
    const [mine, theirs] = await Promise.all([visits.leaveOf([p.id]), visits.leaveOf(members.map((m) => m.value))]);
    if (extra.errors?.length) reply.code(400);
    const values = extra.values ?? {};
    return reply.page('pages/visits/leave.njk', {
      mine,
      theirs,
      values,
      errors: extra.errors,
      banner: extra.banner,
      today: today(),
      who: members.length ? [{ value: '', text: 'You', checked: !values.who }, ...members.map((m) => ({ ...m, checked: values.who === m.value }))] : undefined,
    });
  };

  app.get<{ Querystring: { done?: string } }>('/visits/leave', { config: { permission: 'visit.plan' }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { done: { type: 'string', enum: ['add', 'remove'] } } } }, attachValidation: true }, async (req, reply) => {
    const banners: Record<string, string> = { add: 'The leave is recorded. Nobody can choose this person as a buddy on those days.', remove: 'The leave is removed.' };
    return leavePage(req, reply, { banner: req.validationError ? undefined : banners[req.query.done ?? ''] });
  });

  app.post<{ Body: Body }>('/visits/leave', { config: { permission: 'visit.plan' }, schema: { body: { type: 'object', properties: { who: short, from: { type: 'string', maxLength: 10 }, to: { type: 'string', maxLength: 10 }, ...csrfField } } }, attachValidation: true }, async (req, reply) => {
    const b = (req.body ?? {}) as Body;
    const p = req.principal!;
    if (req.validationError) return leavePage(req, reply, { errors: [{ href: '#from', text: 'Enter the first and last day of leave as dates, for example 2027-01-04' }] });
    const who = text(b, 'who') || p.id;
    // Your own leave, or that of someone you manage: anyone else is refused and audited.
    if (who !== p.id && !(await app.services.accounts.team(p.id)).includes(who)) {
      await req.audit({ action: 'visit.leave-add', outcome: 'denied', targetKind: 'account', targetId: /^[0-9a-f-]{36}$/i.test(who) ? who : undefined });
      reply.code(403);
      return reply.page('pages/error.njk', { status: 403, title: 'You cannot record leave for this person', message: 'You can record your own leave, and the leave of the people you manage.' });
    }
    const result = await visits.addLeave(who, text(b, 'from'), text(b, 'to'), p.id, req.id);
    if (!result.ok) return leavePage(req, reply, { values: { who: who === p.id ? '' : who, from: text(b, 'from'), to: text(b, 'to') }, errors: [{ href: `#${result.field}`, text: result.text }] });
    return reply.redirect('/visits/leave?done=add', 303);
  });

  app.post<{ Params: { id: string }; Body: Body }>(
    '/visits/leave/:id/remove',
    { config: { permission: 'visit.plan' }, schema: { params: { type: 'object', properties: { id: uuid }, required: ['id'] }, body: { type: 'object', properties: csrfField } }, attachValidation: true },
    async (req, reply) => {
      const p = req.principal!;
      const row = req.validationError ? undefined : await visits.getLeave(req.params.id);
      // Not yours or your team's (or none): looks like none, audited.
      if (!row || (row.account_id !== p.id && !(await app.services.accounts.team(p.id)).includes(row.account_id))) {
        await req.audit({ action: 'visit.leave-remove', outcome: 'denied', targetKind: 'account', targetId: row?.account_id });
        return notFound(reply);
      }
      await visits.removeLeave(row.id, p.id, req.id);
      return reply.redirect('/visits/leave?done=remove', 303);
    },
  );

  // The manager's view: the team's use of lone working by week, and whose emergency contact form is missing or old.
  app.get('/visits/team', { config: { permission: 'visit.team' } }, async (req, reply) => {
    const p = req.principal!;
    const everyone = p.roles.includes('safety-team');
    const team = everyone ? (await app.services.accounts.list()).filter((a) => !a.disabled && a.roles.some((r) => r !== 'admin')).map((a) => a.id) : await app.services.accounts.team(p.id);
    const [usage, contacts] = await Promise.all([visits.usage(team), visits.contactStatus(team)]);
    await req.audit({ action: 'visits.team', outcome: 'ok', detail: { people: team.length, everyone } });
    return reply.page('pages/visits/team.njk', { usage, contacts, everyone, maxDays: config.emergencyContactMaxDays });
  });
}
