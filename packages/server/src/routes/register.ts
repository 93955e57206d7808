/**
 * The cautionary persons register (#15): the register owner's home, proposing from a report,
 * countersigning, deciding, the letter (page and PDF), appeals, the quarterly review, briefings,
 * partner agreements and their encrypted export, and the look-up before a visit. Thin: parse,
 * authorise (the route's permission, then services/register.ts `entryFor`), call, render. Every read of
 * an entry and every refusal is audited.
 */
import { QUALIFICATION_FACTORS, RISK_KINDS, STANDARD_TERM_DAYS, isDay, type FactorAssessments, type QualificationFactorId, type RiskKind } from '@safety-forms/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePermission } from '../auth/permissions.js';
import { sendProblem } from '../auth/plugin.js';
import { letterPdf } from '../services/letter-pdf.js';
import { RegisterConflict, type EntryFacts, type Problem } from '../services/register.js';
import type { RegisterEntryRow } from '../db/schema.js';

type Body = Record<string, string | string[] | undefined>;
const str = (b: Body | undefined, k: string) => (typeof b?.[k] === 'string' ? (b[k] as string).trim() : '');
const bool = (b: Body | undefined, k: string) => (str(b, k) === 'yes' ? true : str(b, k) === 'no' ? false : null);
const errors = (problems: Problem[], form?: string) => problems.map((p) => ({ href: `#${form ? `${form}-` : ''}${p.field}`, text: p.text }));
/** Form bodies: any field, each at most 20,000 characters (the service says what is too long, by field). */
const BODY = { type: 'object', additionalProperties: { anyOf: [{ type: 'string', maxLength: 20_000 }, { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } }] } };
const ENTRY: RoutePermission = { any: ['register.manage', 'register.countersign', 'register.propose'] };
const STATUS: Record<string, string> = { proposed: 'Proposed: awaiting countersignature', countersigned: 'Countersigned: awaiting decision', added: 'On the register', declined: 'Declined' };

function factsFrom(b: Body | undefined): EntryFacts {
  const factors: FactorAssessments = {};
  for (const f of QUALIFICATION_FACTORS) factors[f.id] = str(b, `factor-${f.id}`);
  const subject = str(b, 'subject') === 'address' ? 'address' : 'person';
  return {
    subject,
    forenames: subject === 'person' ? str(b, 'forenames') : '',
    surname: subject === 'person' ? str(b, 'surname') : '',
    line1: str(b, 'line1'),
    line2: str(b, 'line2'),
    town: str(b, 'town'),
    postcode: str(b, 'postcode'),
    dangerousAnimal: str(b, 'dangerousAnimal') === 'yes' || str(b, 'riskKind') === 'dangerous-animal',
    riskKind: str(b, 'riskKind') as RiskKind,
    precaution: str(b, 'precaution'),
    behaviour: str(b, 'behaviour'),
    factors,
    employeeVersion: str(b, 'employeeVersion'),
    crimeCommitted: bool(b, 'crimeCommitted'),
    policeInformed: bool(b, 'policeInformed'),
  };
}

const factorsFrom = (b: Body | undefined): FactorAssessments => Object.fromEntries(QUALIFICATION_FACTORS.map((f) => [f.id, str(b, `factor-${f.id}`)])) as Record<QualificationFactorId, string>;
const term = (b: Body | undefined) => (str(b, 'termDays') === '' ? STANDARD_TERM_DAYS : /^\d{1,6}$/.test(str(b, 'termDays')) ? Number(str(b, 'termDays')) : Number.NaN);

export async function registerRoutes(app: FastifyInstance) {
  const { register } = app.services;

  async function denied(req: FastifyRequest, reply: FastifyReply, action: string, targetId: string | null, title: string, message: string) {
    await req.audit({ action, outcome: 'denied', targetKind: 'register-entry', targetId: targetId?.slice(0, 64) ?? null });
    reply.code(403);
    return reply.page('pages/error.njk', { status: 403, title, message });
  }

  async function guard(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, action: string): Promise<RegisterEntryRow | undefined> {
    const row = await register.entryFor(req.principal!, req.params.id);
    if (!row) {
      await denied(req, reply, action, req.params.id, 'You do not have access to this register entry', 'Only the register owner, a countersigning Head of Service or Director, and its proposer can see it.');
      return undefined;
    }
    return row;
  }

  async function entryPage(req: FastifyRequest, reply: FastifyReply, row: RegisterEntryRow, extra: { errors?: Problem[]; form?: string; banner?: string; status?: number; values?: Body } = {}) {
    const v = await register.view(row);
    const p = req.principal!;
    if (extra.errors?.length) reply.code(extra.status ?? 400);
    const manage = p.roles.includes('register-owner');
    return reply.page('pages/register/entry.njk', {
      v,
      statusText: STATUS[row.status] ?? row.status,
      manage,
      canCountersign: row.status === 'proposed' && p.roles.some((r) => r === 'head-of-service' || r === 'register-owner') && row.proposer_id !== p.id,
      canDecide: row.status === 'countersigned' && manage,
      letter: manage && row.status === 'added' ? await register.letter(row) : undefined,
      errors: extra.errors ? errors(extra.errors, extra.form) : undefined,
      form: extra.form,
      banner: extra.banner,
      values: extra.values ?? {},
      factorList: QUALIFICATION_FACTORS.filter((f) => !f.animalOnly || v.facts.dangerousAnimal),
      standardTerm: STANDARD_TERM_DAYS,
      today: register.today(),
      marking: true,
    });
  }

  const conflictSafe = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, row: RegisterEntryRow, form: string, work: () => Promise<{ ok: true } | { ok: false; problems: Problem[] }>, done: string, values: Body) => {
    try {
      const out = await work();
      if (!out.ok) return entryPage(req, reply, row, { errors: out.problems, form, values });
    } catch (error) {
      if (!(error instanceof RegisterConflict)) throw error;
      const fresh = await register.entryFor(req.principal!, row.id);
      if (!fresh) return reply.redirect('/register', 303);
      return entryPage(req, reply, fresh, { errors: [{ field: 'outcome', text: 'Someone else changed this entry while you were looking at it. Check it as it is now, then try again.' }], form, status: 409 });
    }
    return reply.redirect(`/register/${row.id}?done=${done}`, 303);
  };

  app.get('/register', { config: { permission: ENTRY } }, async (req, reply) => {
    const home = await register.home(req.principal!);
    await req.audit({ action: 'register.home', outcome: 'ok', detail: { shown: home.list.length } });
    return reply.page('pages/register/home.njk', { h: home, status: STATUS, marking: true });
  });

  // --- Proposing ------------------------------------------------------------------------------------

  app.get<{ Querystring: { record?: string } }>('/register/propose', { config: { permission: 'register.propose' }, schema: { querystring: { type: 'object', properties: { record: { type: 'string', maxLength: 64 } } } } }, async (req, reply) => {
    const report = await register.proposable(req.principal!, req.query.record ?? '');
    if (!report) return denied(req, reply, 'register.propose', req.query.record ?? null, 'Propose from a report you can read', 'A register entry must come from a specific incident or threat report. Open the report (or its incident) and propose from there.');
    return reply.page('pages/register/propose.njk', { report, values: { subject: 'person' }, risks: RISK_KINDS, factors: QUALIFICATION_FACTORS, marking: true });
  });

  app.post<{ Body: Body }>('/register/propose', { config: { permission: 'register.propose' }, schema: { body: BODY } }, async (req, reply) => {
    const recordId = str(req.body, 'record');
    const report = await register.proposable(req.principal!, recordId);
    if (!report) return denied(req, reply, 'register.propose', recordId || null, 'Propose from a report you can read', 'A register entry must come from a specific incident or threat report you can read.');
    const out = await register.propose(req.principal!, recordId, factsFrom(req.body), req.id);
    if (!out.ok) {
      reply.code(400);
      return reply.page('pages/register/propose.njk', { report, values: req.body ?? {}, risks: RISK_KINDS, factors: QUALIFICATION_FACTORS, errors: errors(out.problems), marking: true });
    }
    return reply.redirect(`/register/${out.id}?done=${out.linked ? 'linked' : 'proposed'}`, 303);
  });

  // --- The register owner's lists ------------------------------------------------------------------

  app.get('/register/review', { config: { permission: 'register.manage' } }, async (req, reply) => {
    const l = await register.lapsing();
    await req.audit({ action: 'register.review-list', outcome: 'ok', detail: { shown: l.rows.length } });
    return reply.page('pages/register/review.njk', { l, marking: true });
  });

  app.get('/register/briefings', { config: { permission: 'register.manage' } }, async (_req, reply) => reply.page('pages/register/briefings.njk', { people: await register.briefings(), today: register.today() }));

  app.post<{ Body: Body }>('/register/briefings', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const day = str(req.body, 'briefedOn');
    const out = isDay(day) ? await register.recordBriefing(req.principal!, str(req.body, 'account'), day, req.id) : { ok: false as const, problems: [{ field: 'briefedOn' as const, text: 'Enter the day of the briefing, for example 27 3 2026' }] };
    if (!out.ok) {
      reply.code(400);
      return reply.page('pages/register/briefings.njk', { people: await register.briefings(), today: register.today(), errors: errors(out.problems), values: req.body });
    }
    return reply.redirect('/register/briefings?done=1', 303);
  });

  const agreementsPage = async (reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const partners = (await app.services.accounts.list()).filter((a) => a.roles.includes('partner') && !a.disabled);
    return reply.page('pages/register/agreements.njk', { agreements: await register.agreements(), partners: partners.map((a) => ({ value: a.id, text: a.displayName })), marking: true, ...extra });
  };

  app.get('/register/agreements', { config: { permission: 'register.manage' } }, async (_req, reply) => agreementsPage(reply));

  app.post<{ Body: Body }>('/register/agreements', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const b = req.body;
    const agreedOn = str(b, 'agreedOn');
    const expiresOn = str(b, 'expiresOn');
    const dates: Problem[] = [...(isDay(agreedOn) ? [] : [{ field: 'agreedOn' as const, text: 'Enter the day of the written agreement' }]), ...(isDay(expiresOn) ? [] : [{ field: 'expiresOn' as const, text: 'Enter the day the agreement expires' }])];
    const out = dates.length ? { ok: false as const, problems: dates } : await register.recordAgreement(req.principal!, { partnerId: str(b, 'partner'), organisation: str(b, 'organisation'), reference: str(b, 'reference'), scope: str(b, 'scope'), districts: str(b, 'districts'), agreedOn, expiresOn }, req.id);
    if (!out.ok) {
      reply.code(400);
      return agreementsPage(reply, { errors: errors(out.problems), values: b });
    }
    return reply.redirect('/register/agreements?done=1', 303);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/register/agreements/:id/export', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const out = await register.exportFor(req.principal!, req.params.id, typeof req.body?.passphrase === 'string' ? req.body.passphrase : '', req.id);
    if (!out.ok) {
      reply.code(400);
      return agreementsPage(reply, { errors: errors(out.problems).map((e) => ({ ...e, href: `#passphrase-${req.params.id.slice(0, 36)}` })) });
    }
    reply.header('content-type', 'application/json; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="register-export-${new Date().toISOString().slice(0, 10)}.sfx.json"`);
    reply.header('cache-control', 'no-store');
    return reply.send(JSON.stringify(out.file));
  });

  // --- The look-up before a visit ------------------------------------------------------------------

  const searchPage = async (reply: FastifyReply, extra: Record<string, unknown> = {}) => reply.page('pages/register/search.njk', { values: { by: 'person' }, ...extra });

  app.get('/register/search', { config: { permission: 'register.search' } }, async (req, reply) => {
    const block = await register.searchBlock(req.principal!);
    if (block) return blocked(req, reply, block);
    return searchPage(reply);
  });

  async function blocked(req: FastifyRequest, reply: FastifyReply, block: 'briefing' | 'agreement') {
    return block === 'briefing'
      ? denied(req, reply, 'register.search', null, 'Your register briefing has lapsed', 'Register users need a briefing every two years. Ask the register owner to renew yours; until then you cannot search the register. Before a visit, ask your manager.')
      : denied(req, reply, 'register.search', null, 'No agreement in force', 'Your organisation has no information-sharing agreement in force with us that covers the register, so you cannot search it.');
  }

  app.post<{ Body: Body }>('/register/search', { config: { permission: 'register.search' }, schema: { body: BODY } }, async (req, reply) => {
    const block = await register.searchBlock(req.principal!);
    if (block) return blocked(req, reply, block);
    const b = req.body;
    const by = str(b, 'by') === 'address' ? 'address' : 'person';
    const out = await register.search(req.principal!, by === 'person' ? { by, surname: str(b, 'surname'), postcode: str(b, 'postcode') } : { by, line1: str(b, 'line1'), postcode: str(b, 'postcode') }, req.id);
    if (!out.ok) {
      reply.code(400);
      return searchPage(reply, { errors: errors(out.problems), values: b });
    }
    reply.header('cache-control', 'no-store');
    return searchPage(reply, { answers: out.answers, searched: true, values: { by } });
  });

  /**
   * The same look-up as JSON, for the traffic-light referral form on our pages ("Service User known to
   * have a history of violence"): the same briefing and agreement checks, the same audit, the same answer.
   */
  app.post<{ Body: Body }>('/api/register/lookup', { config: { permission: 'register.search' }, schema: { body: { type: 'object', additionalProperties: false, properties: { surname: { type: 'string', maxLength: 1000 }, line1: { type: 'string', maxLength: 1000 }, postcode: { type: 'string', maxLength: 40 } } } } }, async (req, reply) => {
    const block = await register.searchBlock(req.principal!);
    if (block) {
      await req.audit({ action: 'register.search', outcome: 'denied', targetKind: 'register', targetId: null });
      return sendProblem(reply, 403, block === 'briefing' ? 'Your register briefing has lapsed: ask the register owner to renew it' : 'No agreement in force covers the register');
    }
    const b = req.body ?? {};
    const out = await register.search(req.principal!, str(b, 'line1') && !str(b, 'surname') ? { by: 'address', line1: str(b, 'line1'), postcode: str(b, 'postcode') } : { by: 'person', surname: str(b, 'surname'), postcode: str(b, 'postcode') }, req.id);
    if (!out.ok) return sendProblem(reply, 400, 'Check the look-up', { errors: out.problems.map((p) => ({ field: p.field, text: p.text })) });
    reply.header('cache-control', 'no-store');
    return { markers: out.answers.map((a) => ({ kind: a.kind, riskTitle: a.riskTitle, precaution: a.precaution, until: a.until })) };
  });

  // --- One entry -------------------------------------------------------------------------------------

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/register/:id', { config: { permission: ENTRY }, schema: { querystring: { type: 'object', properties: { done: { type: 'string', maxLength: 20 } } } } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.read');
    if (!row) return reply;
    await req.audit({ action: 'register.read', outcome: 'ok', targetKind: 'register-entry', targetId: row.id });
    const banners: Record<string, string> = { proposed: 'The proposal was made. A Head of Service or Director will countersign it.', linked: 'This person or address is already proposed or on the register: your report was linked to this entry, not made a second one.', countersigned: 'Countersigned. The register owner has been told.', decided: 'The decision is recorded.', letter: 'The letter is recorded.', appeal: 'The appeal is recorded.', review: 'The review is recorded.' };
    return entryPage(req, reply, row, { banner: banners[req.query.done ?? ''] });
  });

  app.post<{ Params: { id: string }; Body: Body }>('/register/:id/countersign', { config: { permission: 'register.countersign' }, schema: { body: BODY } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.countersign');
    if (!row) return reply;
    return conflictSafe(req, reply, row, 'countersign', () => register.countersign(req.principal!, row, { temporary: str(req.body, 'temporary') === 'yes', reasons: str(req.body, 'reasons') }, req.id), 'countersigned', req.body ?? {});
  });

  app.post<{ Params: { id: string }; Body: Body }>('/register/:id/decide', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.decide');
    if (!row) return reply;
    const outcome = str(req.body, 'outcome');
    if (outcome !== 'add' && outcome !== 'decline') return entryPage(req, reply, row, { errors: [{ field: 'outcome', text: 'Choose whether to add the entry or decline the proposal' }], form: 'decide', values: req.body ?? {} });
    return conflictSafe(req, reply, row, 'decide', () => register.decide(req.principal!, row, { outcome, reasons: str(req.body, 'reasons'), termDays: term(req.body), termReason: str(req.body, 'termReason') }, req.id), 'decided', req.body ?? {});
  });

  app.get<{ Params: { id: string } }>('/register/:id/letter', { config: { permission: 'register.manage' } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.letter');
    if (!row) return reply;
    const letter = await register.letter(row);
    if (!letter) return reply.redirect(`/register/${row.id}`, 303);
    await req.audit({ action: 'register.letter-read', outcome: 'ok', targetKind: 'register-entry', targetId: row.id, detail: { letter: letter.id } });
    return reply.page('pages/register/letter.njk', { row, letter, marking: true });
  });

  app.get<{ Params: { id: string } }>('/register/:id/letter.pdf', { config: { permission: 'register.manage' } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.letter');
    if (!row) return reply;
    const letter = await register.letter(row);
    if (!letter) return reply.redirect(`/register/${row.id}`, 303);
    await req.audit({ action: 'register.letter-pdf', outcome: 'ok', targetKind: 'register-entry', targetId: row.id, detail: { letter: letter.id } });
    const pdf = await letterPdf(letter.paragraphs, `Letter ${row.reference}`);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename="letter-${row.reference}.pdf"`);
    reply.header('cache-control', 'no-store');
    return reply.send(Buffer.from(pdf));
  });

  app.post<{ Params: { id: string }; Body: Body }>('/register/:id/letter', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.letter');
    if (!row) return reply;
    const sentOn = str(req.body, 'sentOn');
    if (sentOn && !isDay(sentOn)) return entryPage(req, reply, row, { errors: [{ field: 'doneOn', text: 'Enter the day the letter was sent, for example 27 3 2026' }], form: 'letter', values: req.body ?? {} });
    return conflictSafe(req, reply, row, 'letter', () => register.recordLetter(req.principal!, row, { sentOn: sentOn || null, notInformedReason: str(req.body, 'notInformedReason') }, req.id), 'letter', req.body ?? {});
  });

  app.post<{ Params: { id: string }; Body: Body }>('/register/:id/appeals', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.appeal');
    if (!row) return reply;
    const lodgedOn = str(req.body, 'lodgedOn') || register.today();
    if (!isDay(lodgedOn) || lodgedOn > register.today()) return entryPage(req, reply, row, { errors: [{ field: 'grounds', text: 'Enter the day the appeal was received, not in the future' }], form: 'appeal', values: req.body ?? {} });
    return conflictSafe(req, reply, row, 'appeal', () => register.lodgeAppeal(req.principal!, row, { grounds: str(req.body, 'grounds'), lodgedOn }, req.id), 'appeal', req.body ?? {});
  });

  app.post<{ Params: { id: string; appealId: string }; Body: Body }>('/register/:id/appeals/:appealId', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.appeal');
    if (!row) return reply;
    const outcome = str(req.body, 'outcome');
    if (outcome !== 'upheld' && outcome !== 'dismissed') return entryPage(req, reply, row, { errors: [{ field: 'outcome', text: "Choose the committee's decision" }], form: `appeal-${req.params.appealId.slice(0, 36)}`, values: req.body ?? {} });
    const out = await register.decideAppeal(req.principal!, row, req.params.appealId, { outcome, committee: str(req.body, 'committee'), reasons: str(req.body, 'reasons'), employeeComment: str(req.body, 'employeeComment') }, req.id);
    if (!out.ok) return entryPage(req, reply, row, { errors: out.problems, form: `appeal-${req.params.appealId.slice(0, 36)}`, values: req.body ?? {} });
    return outcome === 'upheld' ? reply.redirect('/register?done=removed', 303) : reply.redirect(`/register/${row.id}?done=appeal`, 303);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/register/:id/review', { config: { permission: 'register.manage' }, schema: { body: BODY } }, async (req, reply) => {
    const row = await guard(req, reply, 'register.review');
    if (!row) return reply;
    const outcome = str(req.body, 'outcome');
    if (outcome !== 'retain' && outcome !== 'delete') return entryPage(req, reply, row, { errors: [{ field: 'outcome', text: 'Choose whether to retain the entry or let it be deleted' }], form: 'review', values: req.body ?? {} });
    if (outcome === 'delete') {
      const out = await register.review(req.principal!, row, { outcome, factors: {}, reasons: '', termDays: STANDARD_TERM_DAYS, termReason: '' }, req.id);
      if (!out.ok) return entryPage(req, reply, row, { errors: out.problems, form: 'review' });
      return reply.redirect('/register?done=removed', 303);
    }
    return conflictSafe(req, reply, row, 'review', () => register.review(req.principal!, row, { outcome, factors: factorsFrom(req.body), reasons: str(req.body, 'reasons'), termDays: term(req.body), termReason: str(req.body, 'termReason') }, req.id), 'review', req.body ?? {});
  });
}
