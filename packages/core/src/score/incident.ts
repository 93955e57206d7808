/**
 * `classifyIncident`: the routes of action for an incident of violence or aggression, from South East
 * Coast Ambulance Service's Violence & Aggression procedure and its Datix Investigations Guidance
 * Document (seeds/001), as a pure function of the incident report's answers and the rules in the
 * schema's `x-scoring`.
 *
 * Appendix part 2 of the guidance is a table: each violence and aggression sub-category has its
 * possible offences and its possible routes of action. That table is data (`x-scoring.subCategories`),
 * row by row in the document's words. Around it sit the rules the procedure states and naive code gets
 * wrong, also data (`x-scoring.rules`): each a condition in the `x-ui.showIf` shape (plus `greaterThan`
 * for numbers) that sets named flags and gives its reason in the document's words:
 * - a physical assault not attributed to medical factors, with the offender's details known, requires
 *   a history marker application (3.1.2), whatever the Police and Courts do;
 * - any case which is aggravated is automatically a strong case (Appendix part 2), and an aggravating
 *   factor counts only when immediately before, during or after the act, not merely present;
 * - voluntary intoxication is NO defence (3.3.2): it is a reason, and it never changes a route;
 * - more than 7 days off sick as a result of injury is a RIDDOR report (8 is, 7 is not);
 * - a de-arrested perpetrator's matter cannot be pursued: the external route is not sought, internal
 *   routes stay (ours: 3.1.2 keeps the history marker irrespective of the Police and/or Courts).
 *
 * A route's state comes from the flags: `not-sought` when one of its `notSoughtWhen` flags is set
 * (a medical factor, no details to mark, a de-arrest); else `required` (one of its `requiredWhen`
 * flags); else `recommended` when its row gives no `recommendedWhen` or one of those flags is set;
 * else `consider`. Every item of the result says why. Answers to questions hidden by `showIf` do not
 * count (they are pruned first, as on submit), and an answer that is not one of a question's options is
 * no answer.
 */
import { SchemaError } from '../errors.js';
// The schema only: the form's validator stays out of the scorer's chunk (it loads on demand in the elements).
import { incidentReportOnDemand as incidentReport } from '../generated/incident-report.on-demand.js';
import { getAt, parsePointer } from '../pointer.js';
import { evaluateCondition, pruneHidden } from '../schema/conditions.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import type { Condition, FormSchema } from '../types.js';
import type { ResultSummary } from './result.js';

/** The flags rules may set, and routes may name. */
export const INCIDENT_FLAGS = Object.freeze([
  'physical',
  'serious',
  'aggravated',
  'strong-case',
  'previous-warnings',
  'medical-factor',
  'offender-not-known',
  'history-marker-required',
  'cannot-be-pursued',
  'riddor-reportable',
] as const);
export type IncidentFlag = (typeof INCIDENT_FLAGS)[number];

export const ROUTE_KINDS = Object.freeze(['internal', 'external', 'referral', 'none'] as const);
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const ROUTE_STATES = Object.freeze(['required', 'recommended', 'consider', 'not-sought'] as const);
export type RouteState = (typeof ROUTE_STATES)[number];

/** What a rule is about, so the result panel can group the reasons. */
export const INCIDENT_TOPICS = Object.freeze(['category', 'strong-case', 'medical', 'history-marker', 'intoxication', 'police', 'riddor'] as const);
export type IncidentTopic = (typeof INCIDENT_TOPICS)[number];

/** A `showIf` condition, or `{ path, greaterThan }` for a number, combined with all / any / not. */
export type IncidentCondition = Condition | { path: string; greaterThan: number } | { all: readonly IncidentCondition[] } | { any: readonly IncidentCondition[] } | { not: IncidentCondition };

export interface IncidentRule {
  id: string;
  when: IncidentCondition;
  flags: IncidentFlag[];
  about: IncidentTopic;
  reason: string;
}

export interface IncidentRouteDefinition {
  kind: RouteKind;
  title: string;
  requiredWhen?: IncidentFlag[];
  notSoughtWhen?: IncidentFlag[];
}

/** One route in one row of Appendix part 2. */
export interface SubCategoryRoute {
  route: string;
  /** The table's words for this route in this row. */
  text: string;
  /** Absent: always recommended (unless not sought or required). An empty list: only ever "consider". */
  recommendedWhen?: IncidentFlag[];
}

export interface SubCategoryRow {
  offences: string[];
  notes?: string[];
  routes: SubCategoryRoute[];
}

/** The shape of `x-scoring` in incident-report.schema.json. */
export interface IncidentScoringConfig {
  /** Pointer of the sub-category question. */
  subCategory: string;
  /** Pointers of the questions the result needs besides the sub-category; while one is unanswered the result is provisional. */
  questions: string[];
  /** `fromTable` is the why of a route the table gives outright; `{subCategory}` is replaced by its title. */
  texts: Record<'incompleteTitle' | 'incompleteSummary' | 'summary' | 'provisionalSummary' | 'offences' | 'routes' | 'why' | 'fromTable', string>;
  /** The headline of a flag, shown when it is set ("A history marker must be applied for"). */
  highlights: Partial<Record<IncidentFlag, string>>;
  kinds: Record<RouteKind, string>;
  states: Record<RouteState, string>;
  about: Record<IncidentTopic, string>;
  offences: Record<string, string>;
  routes: Record<string, IncidentRouteDefinition>;
  subCategories: Record<string, SubCategoryRow>;
  rules: IncidentRule[];
}

export interface MatchedIncidentRule {
  id: string;
  about: IncidentTopic;
  flags: IncidentFlag[];
  reason: string;
}

export interface IncidentRoute {
  code: string;
  kind: RouteKind;
  title: string;
  /** The table's words for this route in this sub-category. */
  text: string;
  state: RouteState;
  /** Why the route has this state. */
  why: string[];
}

export interface IncidentResult extends ResultSummary {
  /** `incomplete` without a sub-category; `provisional` while a question in `x-scoring.questions` is unanswered. */
  status: 'incomplete' | 'provisional' | 'complete';
  subCategory?: string;
  /** The sub-category as the form shows it: "Physical Assault (General)". */
  subCategoryTitle?: string;
  /** Appendix part 2's possible offences for the sub-category, in the table's words. */
  offences: { code: string; text: string }[];
  /** The row's notes ("Any aggravating factor must be immediately before, during or after act"). */
  notes: string[];
  /** Appendix part 2's possible routes of action for the sub-category, each with its state and why. */
  routes: IncidentRoute[];
  physical: boolean;
  aggravated: boolean;
  strongCase: boolean;
  medicalFactor: boolean;
  historyMarkerRequired: boolean;
  /** Why a history marker is or is not required (absent when nothing was said about it). */
  historyMarkerReason?: string;
  riddorReportable: boolean;
  riddorReason?: string;
  /** False when the matter cannot be pursued (a de-arrested perpetrator). */
  canBePursued: boolean;
  /** Every flag the matched rules set, in `INCIDENT_FLAGS` order. */
  flags: IncidentFlag[];
  /** The headlines (`x-scoring.highlights`) of the flags that are set, in `INCIDENT_FLAGS` order. */
  highlights: string[];
  /** Every rule that matched, in rule order. */
  matched: MatchedIncidentRule[];
  /** The matched rules' reasons, in rule order. */
  reasons: string[];
  /** The routes that are required or to be pursued, as "History marker: ...". */
  actions: { code: string; text: string }[];
  /** A physical assault or an aggravated offence (3.3.1: the most serious offences). */
  crisis: boolean;
  nextQuestion?: string;
}

const MAX_DEPTH = 32;
const MAX_RULES = 1000;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function own(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function fail(message: string): never {
  throw new SchemaError(`classifyIncident: ${message}`);
}

function checkPointer(value: unknown, where: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) fail(`${where} must be an absolute JSON Pointer ("/section/field")`);
  parsePointer(value);
  return value;
}

function checkCondition(condition: unknown, where: string, depth = 0): void {
  if (depth > MAX_DEPTH) fail(`${where} is nested too deeply`);
  if (!isObject(condition)) fail(`${where} must be a condition object`);
  const keys = Object.keys(condition).filter((k) => k !== '$comment');
  const combinator = keys.filter((k) => k === 'all' || k === 'any' || k === 'not');
  if (combinator.length) {
    if (keys.length !== 1) fail(`${where} mixes "${keys.join('", "')}"; use one of all, any, not`);
    const key = combinator[0]!;
    const inner = condition[key];
    if (key === 'not') return checkCondition(inner, `${where}.not`, depth + 1);
    if (!Array.isArray(inner) || inner.length === 0) fail(`${where}.${key} must be a non-empty array of conditions`);
    inner.forEach((c, i) => checkCondition(c, `${where}.${key}[${i}]`, depth + 1));
    return;
  }
  if (!own(condition, 'path')) fail(`${where} needs a path, or one of all, any, not`);
  checkPointer(condition['path'], `${where}.path`);
  const tests = keys.filter((k) => k !== 'path');
  if (tests.length !== 1 || !['equals', 'in', 'notEmpty', 'greaterThan'].includes(tests[0]!)) fail(`${where} needs exactly one of equals, in, notEmpty, greaterThan beside path`);
  if (tests[0] === 'in' && !Array.isArray(condition['in'])) fail(`${where}.in must be an array`);
  if (tests[0] === 'notEmpty' && condition['notEmpty'] !== true) fail(`${where}.notEmpty must be true`);
  if (tests[0] === 'greaterThan' && (typeof condition['greaterThan'] !== 'number' || !Number.isFinite(condition['greaterThan']))) fail(`${where}.greaterThan must be a number`);
}

function checkFlags(value: unknown, where: string): IncidentFlag[] {
  if (!Array.isArray(value)) fail(`${where} must be an array of flags`);
  for (const flag of value) if (!(INCIDENT_FLAGS as readonly unknown[]).includes(flag)) fail(`${where} names an unknown flag`);
  return value as IncidentFlag[];
}

function checkTexts<K extends string>(value: unknown, keys: readonly K[], where: string): Record<K, string> {
  if (!isObject(value)) fail(`${where} must be an object of texts`);
  for (const key of keys) if (!isText(value[key])) fail(`${where}.${key} must be a text`);
  return value as Record<K, string>;
}

/**
 * Reads and checks the `x-scoring` of an incident report schema, so a mistake in an organisation's own
 * rules fails loudly when they are loaded, not silently on an incident.
 * @param scoring the `x-scoring` object; defaults to the shipped schema's
 * @returns the same configuration, typed
 * @throws SchemaError when anything is missing, malformed or refers to something that does not exist
 */
export function incidentScoringConfig(scoring: unknown = incidentReport.schema['x-scoring']): IncidentScoringConfig {
  if (!isObject(scoring)) fail('x-scoring must be an object');
  const { subCategory, questions, texts, highlights, kinds, states, about, offences, routes, subCategories, rules } = scoring;
  checkPointer(subCategory, 'x-scoring.subCategory');
  if (!Array.isArray(questions)) fail('x-scoring.questions must be an array of pointers');
  questions.forEach((q, i) => checkPointer(q, `x-scoring.questions[${i}]`));
  checkTexts(texts, ['incompleteTitle', 'incompleteSummary', 'summary', 'provisionalSummary', 'offences', 'routes', 'why', 'fromTable'], 'x-scoring.texts');
  if (!isObject(highlights)) fail('x-scoring.highlights must be an object of texts by flag');
  for (const [flag, text] of Object.entries(highlights)) {
    if (flag === '$comment') continue;
    if (!(INCIDENT_FLAGS as readonly string[]).includes(flag)) fail('x-scoring.highlights names an unknown flag');
    if (!isText(text)) fail(`x-scoring.highlights.${flag} must be a text`);
  }
  checkTexts(kinds, ROUTE_KINDS, 'x-scoring.kinds');
  checkTexts(states, ROUTE_STATES, 'x-scoring.states');
  checkTexts(about, INCIDENT_TOPICS, 'x-scoring.about');
  if (!isObject(offences)) fail('x-scoring.offences must be an object of texts');
  for (const [code, text] of Object.entries(offences)) if (code !== '$comment' && !isText(text)) fail(`x-scoring.offences.${code} must be a text`);
  if (!isObject(routes)) fail('x-scoring.routes must be an object');
  for (const [code, route] of Object.entries(routes)) {
    if (code === '$comment') continue;
    const where = `x-scoring.routes.${code}`;
    if (!isObject(route)) fail(`${where} must be an object`);
    if (!(ROUTE_KINDS as readonly unknown[]).includes(route['kind'])) fail(`${where}.kind must be one of ${ROUTE_KINDS.join(', ')}`);
    if (!isText(route['title'])) fail(`${where}.title must be a text`);
    if (route['requiredWhen'] !== undefined) checkFlags(route['requiredWhen'], `${where}.requiredWhen`);
    if (route['notSoughtWhen'] !== undefined) checkFlags(route['notSoughtWhen'], `${where}.notSoughtWhen`);
  }
  if (!isObject(subCategories) || !Object.keys(subCategories).length) fail('x-scoring.subCategories must be an object with at least one sub-category');
  for (const [code, row] of Object.entries(subCategories)) {
    if (code === '$comment') continue;
    const where = `x-scoring.subCategories.${code}`;
    if (!isObject(row)) fail(`${where} must be an object`);
    if (!Array.isArray(row['offences'])) fail(`${where}.offences must be an array of offence codes`);
    for (const o of row['offences']) if (typeof o !== 'string' || !own(offences, o)) fail(`${where}.offences names an unknown offence`);
    if (row['notes'] !== undefined && (!Array.isArray(row['notes']) || !row['notes'].every(isText))) fail(`${where}.notes must be an array of texts`);
    if (!Array.isArray(row['routes'])) fail(`${where}.routes must be an array`);
    row['routes'].forEach((r: unknown, i: number) => {
      if (!isObject(r)) fail(`${where}.routes[${i}] must be an object`);
      if (typeof r['route'] !== 'string' || !own(routes, r['route'])) fail(`${where}.routes[${i}].route names an unknown route`);
      if (!isText(r['text'])) fail(`${where}.routes[${i}].text must be a text`);
      if (r['recommendedWhen'] !== undefined) checkFlags(r['recommendedWhen'], `${where}.routes[${i}].recommendedWhen`);
    });
  }
  if (!Array.isArray(rules)) fail('x-scoring.rules must be an array');
  if (rules.length > MAX_RULES) fail(`x-scoring.rules has more than ${MAX_RULES} rules`);
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const where = `x-scoring.rules[${i}]`;
    if (!isObject(rule)) fail(`${where} must be an object`);
    if (!isText(rule['id'])) fail(`${where}.id must be a text`);
    if (ids.has(rule['id'])) fail(`${where}.id "${rule['id']}" is used twice`);
    ids.add(rule['id']);
    checkCondition(rule['when'], `${where}.when`);
    checkFlags(rule['flags'], `${where}.flags`);
    if (!(INCIDENT_TOPICS as readonly unknown[]).includes(rule['about'])) fail(`${where}.about must be one of ${INCIDENT_TOPICS.join(', ')}`);
    if (!isText(rule['reason'])) fail(`${where}.reason must be a text`);
  });
  return scoring as unknown as IncidentScoringConfig;
}

let defaultConfig: IncidentScoringConfig | undefined;
const checked = new WeakMap<object, IncidentScoringConfig>();

function configFor(scoring: unknown): IncidentScoringConfig {
  if (scoring === undefined) return (defaultConfig ??= incidentScoringConfig());
  if (!isObject(scoring)) fail('the configuration must be an x-scoring object');
  const hit = checked.get(scoring);
  if (hit) return hit;
  const config = incidentScoringConfig(scoring);
  checked.set(scoring, config);
  return config;
}

/** Evaluates a rule's condition: `greaterThan` here (a number above the limit), the rest as `showIf` does. */
function holds(condition: IncidentCondition, data: unknown): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, data));
  if ('any' in condition) return condition.any.some((c) => holds(c, data));
  if ('not' in condition) return !holds(condition.not, data);
  if ('greaterThan' in condition) {
    const value = getAt(data, condition.path);
    return typeof value === 'number' && Number.isFinite(value) && value > condition.greaterThan;
  }
  return evaluateCondition(condition, data, '');
}

/** The answer at `pointer`, if it is one of the question's options (or any answer, for a question without options). */
function answered(root: FormSchema, answers: unknown, pointer: string): boolean {
  const value = getAt(answers, pointer);
  if (value === undefined || value === null || value === '') return false;
  const node = schemaAt(root, pointer);
  const options = node ? optionsOf(root, node) : [];
  return !options.length || options.some((o) => o.value === value);
}

/**
 * The possible offences and routes of action of a (possibly incomplete) incident report, with why.
 * @param data the form's answers; anything else (null, a string) counts as no answers
 * @param scoring an organisation's own `x-scoring` object in the shape of the shipped one; defaults to
 *   the shipped schema's. Checked once per object (SchemaError when malformed).
 * @returns the offences, routes, flags and reasons; `status: 'incomplete'` until a sub-category is chosen
 */
export function classifyIncident(data: unknown, scoring?: unknown): IncidentResult {
  const cfg = configFor(scoring);
  const root: FormSchema = incidentReport.schema;
  const answers = isObject(data) ? pruneHidden(root, data) : {};

  const matched: MatchedIncidentRule[] = [];
  const set = new Set<IncidentFlag>();
  for (const rule of cfg.rules) {
    if (!holds(rule.when, answers)) continue;
    matched.push({ id: rule.id, about: rule.about, flags: [...rule.flags], reason: rule.reason });
    for (const flag of rule.flags) set.add(flag);
  }
  const flags = INCIDENT_FLAGS.filter((f) => set.has(f));
  const because = (wanted: readonly IncidentFlag[]) => matched.filter((m) => m.flags.some((f) => wanted.includes(f))).map((m) => m.reason);
  const firstAbout = (topic: IncidentTopic) => matched.find((m) => m.about === topic)?.reason;

  const value = getAt(answers, cfg.subCategory);
  const code = typeof value === 'string' && own(cfg.subCategories, value) && value !== '$comment' && answered(root, answers, cfg.subCategory) ? value : undefined;
  const row = code === undefined ? undefined : cfg.subCategories[code];
  const subNode = schemaAt(root, cfg.subCategory);
  const subCategoryTitle = code === undefined ? undefined : ((subNode ? optionsOf(root, subNode) : []).find((o) => o.value === code)?.title ?? code);

  const fromTable = cfg.texts.fromTable.split('{subCategory}').join(subCategoryTitle ?? '');
  const routes: IncidentRoute[] = (row?.routes ?? []).map((r) => {
    const def = cfg.routes[r.route]!;
    const notSought = (def.notSoughtWhen ?? []).filter((f) => set.has(f));
    const required = (def.requiredWhen ?? []).filter((f) => set.has(f));
    const recommendedBy = (r.recommendedWhen ?? []).filter((f) => set.has(f));
    let state: RouteState;
    let why: string[];
    if (notSought.length) [state, why] = ['not-sought', because(notSought)];
    else if (required.length) [state, why] = ['required', because(required)];
    else if (r.recommendedWhen === undefined) [state, why] = ['recommended', [fromTable]];
    else if (recommendedBy.length) [state, why] = ['recommended', because(recommendedBy)];
    else [state, why] = ['consider', [fromTable]];
    return { code: r.route, kind: def.kind, title: def.title, text: r.text, state, why };
  });

  const unanswered = cfg.questions.filter((pointer) => !answered(root, answers, pointer));
  const status: IncidentResult['status'] = code === undefined ? 'incomplete' : unanswered.length ? 'provisional' : 'complete';
  const nextQuestion = code === undefined ? cfg.subCategory : unanswered[0];
  const historyMarkerReason = firstAbout('history-marker');
  const riddorReason = firstAbout('riddor');

  return {
    status,
    title: subCategoryTitle ?? cfg.texts.incompleteTitle,
    summary: status === 'incomplete' ? cfg.texts.incompleteSummary : status === 'provisional' ? cfg.texts.provisionalSummary : cfg.texts.summary,
    ...(code === undefined ? {} : { subCategory: code, subCategoryTitle }),
    offences: (row?.offences ?? []).map((o) => ({ code: o, text: cfg.offences[o]! })),
    notes: [...(row?.notes ?? [])],
    routes,
    physical: set.has('physical'),
    aggravated: set.has('aggravated'),
    strongCase: set.has('strong-case'),
    medicalFactor: set.has('medical-factor'),
    historyMarkerRequired: set.has('history-marker-required'),
    ...(historyMarkerReason ? { historyMarkerReason } : {}),
    riddorReportable: set.has('riddor-reportable'),
    ...(riddorReason ? { riddorReason } : {}),
    canBePursued: !set.has('cannot-be-pursued'),
    flags,
    highlights: flags.flatMap((f) => (own(cfg.highlights, f) && typeof cfg.highlights[f] === 'string' ? [cfg.highlights[f]!] : [])),
    matched,
    reasons: matched.map((m) => m.reason),
    actions: routes.filter((r) => r.state === 'required' || r.state === 'recommended').map((r) => ({ code: r.code, text: `${r.title}: ${r.text}` })),
    crisis: set.has('serious'),
    ...(nextQuestion ? { nextQuestion } : {}),
  };
}
