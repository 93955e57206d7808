/**
 * `classifyReferral`: the ‘traffic light system’ of Kent County Council Integrated Children's
 * Services lone working guidance (Lone Working Procedures, Appendix E, seeds/004), as a pure function
 * of the referral form's answers and a set of rules.
 *
 * Appendix E is a table: each TYPE OF REFERRAL has a STATUS (RED, AMBER, GREEN) and an ACTION. The
 * types are not exclusive (a self-referral can also be a first visit), so every row that applies is
 * a reason, and the worst status among them wins: RED (STOP) over AMBER (PROCEED WITH CAUTION) over
 * GREEN (GO). The rows are data, in the schema's `x-scoring.rules`, each a condition in the
 * `x-ui.showIf` shape with its status, its reason (the document's words) and its actions, so an
 * organisation can change them without touching code.
 *
 * Three safety rules sit in the engine rather than in the data:
 * - GREEN is never given while a question listed in `x-scoring.questions` is unanswered, or
 *   answered with a value that is not one of its options (a later answer could still make it worse). RED is final at once; AMBER is shown with the question still
 *   to answer; otherwise the result is "not yet classified".
 * - With every question answered and no rule matching, `x-scoring.fallback` applies (AMBER in the
 *   shipped rules): an answer set the table does not name never defaults to GO.
 * - Answers to questions hidden by `showIf` (a risk assessment from another agency, when the
 *   referral is a self-referral) do not count: they are pruned first, as they are on submit.
 * The shipped rules also make an unknown history of violence AMBER (the `history-not-known` rule).
 */
import { SchemaError } from '../errors.js';
// The schema only: the form's validator stays out of the scorer's chunk (it loads on demand in the elements).
import { trafficLightReferralOnDemand as trafficLightReferral } from '../generated/traffic-light-referral.on-demand.js';
import { getAt, parsePointer } from '../pointer.js';
import { evaluateCondition, isHiddenHere } from '../schema/conditions.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import { answersAsSubmitted } from '../schema/submitted.js';
import type { Condition, FormSchema } from '../types.js';
import type { ResultSummary } from './result.js';

/** The three statuses of the traffic light system, best to worst. */
export type TrafficLight = 'green' | 'amber' | 'red';

export const TRAFFIC_LIGHTS: readonly TrafficLight[] = Object.freeze(['green', 'amber', 'red']);

/** How bad a status is: the higher, the worse. */
export function trafficLightRank(status: TrafficLight): number {
  return TRAFFIC_LIGHTS.indexOf(status);
}

export interface ReferralStatusText {
  /** The colour as the document writes it: "RED". */
  label: string;
  /** The status word: "STOP", "PROCEED WITH CAUTION", "GO". */
  word: string;
  /** One sentence saying what the status means. */
  summary: string;
}

/** One row of the traffic light table: when `when` holds, `status` applies, because of `reason`. */
export interface ReferralRule {
  id: string;
  when: Condition;
  status: TrafficLight;
  reason: string;
  /** Codes into `actions`. */
  actions: string[];
}

/** The shape of `x-scoring` in traffic-light-referral.schema.json. */
export interface ReferralScoringConfig {
  statuses: Record<TrafficLight, ReferralStatusText>;
  incomplete: { title: string; summary: string };
  /** Pointers of the questions that must be answered (when shown) before GREEN can be given. */
  questions: string[];
  /** Action texts by code. */
  actions: Record<string, string>;
  rules: ReferralRule[];
  /** What applies when every question is answered and no rule matched. */
  fallback: { status: TrafficLight; reason: string; actions: string[] };
}

/** A rule that matched, with its status. */
export interface MatchedRule {
  id: string;
  status: TrafficLight;
  reason: string;
}

export interface ReferralResult extends ResultSummary {
  /** The worst status among the matched rules, or `incomplete` while GREEN cannot be given yet. */
  status: TrafficLight | 'incomplete';
  /** "RED", "AMBER", "GREEN" (absent while incomplete). */
  label?: string;
  /** "STOP", "PROCEED WITH CAUTION", "GO" (absent while incomplete). */
  word?: string;
  /** "RED: STOP", or the incomplete title. */
  title: string;
  summary: string;
  /** Every rule that matched (not only the worst), in rule order; the fallback when it applied. */
  matched: MatchedRule[];
  /** The matched rules as text: "RED: Self-Referral". */
  reasons: string[];
  /** The actions of the rules with the winning status, without repeats, in rule order. */
  actions: { code: string; text: string }[];
  /** True for RED, so a generic result panel makes it stand out. */
  crisis: boolean;
  /** True when no rule matched and the fallback gave the status. */
  fallback: boolean;
  nextQuestion?: string;
}

const MAX_CONDITION_DEPTH = 32;
const MAX_RULES = 1000;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function own(o: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function isStatus(value: unknown): value is TrafficLight {
  return value === 'green' || value === 'amber' || value === 'red';
}

function checkPointer(value: unknown, where: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new SchemaError(`classifyReferral: ${where} must be an absolute JSON Pointer ("/section/field")`);
  }
  parsePointer(value);
  return value;
}

/**
 * Checks one condition of the `showIf` shape: `{path, equals}`, `{path, in: [...]}`,
 * `{path, notEmpty: true}`, `{all: [...]}`, `{any: [...]}` or `{not: {...}}`. Paths must be absolute
 * (a rule belongs to no field, so a relative path has nothing to resolve against).
 */
function checkCondition(condition: unknown, where: string, depth = 0): Condition {
  if (depth > MAX_CONDITION_DEPTH) throw new SchemaError(`classifyReferral: ${where} is nested too deeply`);
  if (!isObject(condition)) throw new SchemaError(`classifyReferral: ${where} must be a condition object`);
  const keys = Object.keys(condition).filter((k) => k !== '$comment');
  const combinator = keys.filter((k) => k === 'all' || k === 'any' || k === 'not');
  if (combinator.length) {
    if (keys.length !== 1) throw new SchemaError(`classifyReferral: ${where} mixes "${keys.join('", "')}"; use one of all, any, not`);
    const key = combinator[0]!;
    const inner = condition[key];
    if (key === 'not') {
      checkCondition(inner, `${where}.not`, depth + 1);
    } else {
      if (!Array.isArray(inner) || inner.length === 0) throw new SchemaError(`classifyReferral: ${where}.${key} must be a non-empty array of conditions`);
      inner.forEach((c, i) => checkCondition(c, `${where}.${key}[${i}]`, depth + 1));
    }
    return condition as Condition;
  }
  if (!own(condition, 'path')) throw new SchemaError(`classifyReferral: ${where} needs a path, or one of all, any, not`);
  checkPointer(condition['path'], `${where}.path`);
  const tests = keys.filter((k) => k !== 'path');
  if (tests.length !== 1 || !['equals', 'in', 'notEmpty'].includes(tests[0]!)) {
    throw new SchemaError(`classifyReferral: ${where} needs exactly one of equals, in, notEmpty beside path`);
  }
  if (tests[0] === 'in' && !Array.isArray(condition['in'])) throw new SchemaError(`classifyReferral: ${where}.in must be an array`);
  if (tests[0] === 'notEmpty' && condition['notEmpty'] !== true) throw new SchemaError(`classifyReferral: ${where}.notEmpty must be true`);
  return condition as Condition;
}

function checkActions(actions: unknown, known: Record<string, string>, where: string): string[] {
  if (!Array.isArray(actions)) throw new SchemaError(`classifyReferral: ${where}.actions must be an array of action codes`);
  for (const code of actions) {
    if (typeof code !== 'string' || !own(known, code)) throw new SchemaError(`classifyReferral: ${where}.actions names an unknown action`);
  }
  return actions as string[];
}

/**
 * Reads and checks the `x-scoring` of a traffic light referral schema, so a mistake in an
 * organisation's own rules fails loudly when they are loaded, not silently on a visit.
 * @param scoring the `x-scoring` object; defaults to the shipped schema's
 * @returns the same configuration, typed
 * @throws SchemaError when anything is missing or malformed
 */
export function referralScoringConfig(scoring: unknown = trafficLightReferral.schema['x-scoring']): ReferralScoringConfig {
  if (!isObject(scoring)) throw new SchemaError('classifyReferral: x-scoring must be an object');
  const { statuses, incomplete, questions, actions, rules, fallback } = scoring;
  if (!isObject(statuses)) throw new SchemaError('classifyReferral: x-scoring.statuses must be an object');
  for (const key of Object.keys(statuses)) {
    if (!isStatus(key)) throw new SchemaError(`classifyReferral: x-scoring.statuses may only be red, amber and green`);
  }
  for (const status of TRAFFIC_LIGHTS) {
    const s = statuses[status];
    if (!isObject(s) || !isText(s['label']) || !isText(s['word']) || typeof s['summary'] !== 'string') {
      throw new SchemaError(`classifyReferral: x-scoring.statuses.${status} needs label, word and summary`);
    }
  }
  if (!isObject(incomplete) || !isText(incomplete['title']) || typeof incomplete['summary'] !== 'string') {
    throw new SchemaError('classifyReferral: x-scoring.incomplete needs title and summary');
  }
  if (!Array.isArray(questions)) throw new SchemaError('classifyReferral: x-scoring.questions must be an array of pointers');
  questions.forEach((q, i) => checkPointer(q, `x-scoring.questions[${i}]`));
  if (!isObject(actions)) throw new SchemaError('classifyReferral: x-scoring.actions must be an object of texts');
  for (const [code, text] of Object.entries(actions)) {
    if (code !== '$comment' && !isText(text)) throw new SchemaError(`classifyReferral: x-scoring.actions.${code} must be a text`);
  }
  if (!Array.isArray(rules)) throw new SchemaError('classifyReferral: x-scoring.rules must be an array');
  if (rules.length > MAX_RULES) throw new SchemaError(`classifyReferral: x-scoring.rules has more than ${MAX_RULES} rules`);
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const where = `x-scoring.rules[${i}]`;
    if (!isObject(rule)) throw new SchemaError(`classifyReferral: ${where} must be an object`);
    if (!isText(rule['id'])) throw new SchemaError(`classifyReferral: ${where}.id must be a text`);
    if (rule['id'] === 'fallback') throw new SchemaError(`classifyReferral: ${where}.id "fallback" is reserved`);
    if (ids.has(rule['id'])) throw new SchemaError(`classifyReferral: ${where}.id "${rule['id']}" is used twice`);
    ids.add(rule['id']);
    checkCondition(rule['when'], `${where}.when`);
    if (!isStatus(rule['status'])) throw new SchemaError(`classifyReferral: ${where}.status must be red, amber or green`);
    if (!isText(rule['reason'])) throw new SchemaError(`classifyReferral: ${where}.reason must be a text`);
    checkActions(rule['actions'], actions as Record<string, string>, where);
  });
  if (!isObject(fallback) || !isStatus(fallback['status']) || !isText(fallback['reason'])) {
    throw new SchemaError('classifyReferral: x-scoring.fallback needs status (red, amber or green) and reason');
  }
  checkActions(fallback['actions'], actions as Record<string, string>, 'x-scoring.fallback');
  return scoring as unknown as ReferralScoringConfig;
}

let defaultConfig: ReferralScoringConfig | undefined;
const checked = new WeakMap<object, ReferralScoringConfig>();

function configFor(rules: unknown): ReferralScoringConfig {
  if (rules === undefined) return (defaultConfig ??= referralScoringConfig());
  if (rules === null || typeof rules !== 'object') throw new SchemaError('classifyReferral: rules must be an x-scoring object or an array of rules');
  const hit = checked.get(rules);
  if (hit) return hit;
  const raw = trafficLightReferral.schema['x-scoring'] as Record<string, unknown>;
  const config = referralScoringConfig(Array.isArray(rules) ? { ...raw, rules } : rules);
  checked.set(rules, config);
  return config;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Classifies a (possibly incomplete) traffic light referral.
 * @param data the form's answers; anything else (null, a string) counts as no answers
 * @param rules the whole `x-scoring` object of an organisation's own schema, or just an array of
 *   rules to use with the shipped statuses, actions and questions; defaults to the shipped schema's.
 *   Checked once per object (SchemaError when malformed).
 * @returns the status, every reason, and the actions to take
 */
export function classifyReferral(data: unknown, rules?: unknown): ReferralResult {
  const cfg = configFor(rules);
  const root: FormSchema = trafficLightReferral.schema;
  // A form's snapshot (already as submitted) is read as it is; raw answers are pruned here.
  const answers = isObject(data) ? answersAsSubmitted(root, data) : {};

  const matched: MatchedRule[] = [];
  for (const rule of cfg.rules) {
    if (evaluateCondition(rule.when, answers, '')) matched.push({ id: rule.id, status: rule.status, reason: rule.reason });
  }

  // A question counts as answered only with a value it offers (for a choice, one of its options),
  // so a stale or forged value cannot stand in for an answer and let GREEN through.
  const unanswered = cfg.questions.filter((pointer) => {
    const node = schemaAt(root, pointer);
    if (node && isHiddenHere(root, node, answers, parsePointer(pointer))) return false;
    const value = getAt(answers, pointer);
    if (isEmpty(value)) return true;
    const options = node ? optionsOf(root, node) : [];
    return options.length > 0 && !options.some((o) => o.value === value);
  });

  let worst: TrafficLight | undefined;
  for (const m of matched) if (worst === undefined || trafficLightRank(m.status) > trafficLightRank(worst)) worst = m.status;

  let status: TrafficLight | 'incomplete';
  let fallback = false;
  if (worst === 'red') status = 'red';
  else if (unanswered.length) status = worst === 'amber' ? 'amber' : 'incomplete';
  else if (worst) status = worst;
  else {
    status = cfg.fallback.status;
    fallback = true;
    matched.push({ id: 'fallback', status, reason: cfg.fallback.reason });
  }

  const text = (m: MatchedRule) => `${cfg.statuses[m.status].label}: ${m.reason}`;
  const reasons = matched.map(text);
  const nextQuestion = status === 'red' ? undefined : unanswered[0];

  if (status === 'incomplete') {
    return {
      status,
      title: cfg.incomplete.title,
      summary: cfg.incomplete.summary,
      matched,
      reasons,
      actions: [],
      crisis: false,
      fallback: false,
      ...(nextQuestion ? { nextQuestion } : {}),
    };
  }

  const codes: string[] = [];
  const add = (list: readonly string[]) => {
    for (const code of list) if (!codes.includes(code)) codes.push(code);
  };
  if (fallback) add(cfg.fallback.actions);
  else for (const rule of cfg.rules) if (rule.status === status && matched.some((m) => m.id === rule.id)) add(rule.actions);

  const s = cfg.statuses[status];
  return {
    status,
    label: s.label,
    word: s.word,
    title: `${s.label}: ${s.word}`,
    summary: s.summary,
    matched,
    reasons,
    actions: codes.map((code) => ({ code, text: cfg.actions[code]! })),
    crisis: status === 'red',
    fallback,
    ...(nextQuestion ? { nextQuestion } : {}),
  };
}
