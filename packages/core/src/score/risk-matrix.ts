/**
 * `scoreRiskMatrix`: the Risk Matrix of the Derbyshire County Council Serious Threat Response
 * Protocol (Appendix 4, seeds/000), as a pure function of the form's answers.
 *
 * Appendix 4 lists the things to consider (A. nature of threat, B. subject background, C. person(s)
 * under threat) and leaves every score, the overall score, the risk and the risk treatment plan as
 * "Choose an item.". The options, weights, bands and treatment plans are therefore ours, and live in
 * the schema's `x-scoring` so an organisation can ship its own without touching code. What the
 * protocol itself says is kept as rules that no configuration can break, and
 * {@link riskMatrixScoringConfig} refuses one that tries:
 *
 * - Protective answers (a social support system, willing to seek help, a mobile phone with coverage,
 *   ex-directory, removed from people-finder sites, vehicle registration blocked) weigh 0, the same as
 *   an unanswered question, so they never raise the score. Weights are never negative either, so no
 *   protective answer can hide a risk factor.
 * - "Not known" on a risk factor never weighs less than "no", and a "yes" never less than "no": not
 *   knowing is not reassuring, and turning a risk factor from no to yes never lowers the band.
 * - Bands ascend from 0; once a band needs a Risk Strategy Group meeting, every higher band does.
 * - A threat reported to the Police always needs a Risk Strategy Group meeting, whatever the score
 *   (Section 3: "Where an incident has been formally reported to the Police, a Risk Strategy Group
 *   Meeting should be arranged").
 * - The assessor may raise the band on professional judgement (Section 2: "in the professional opinion
 *   of those involved"), with a reason; the band can be raised, never lowered, and the result says so.
 *
 * The lower and significant treatment plans follow Section 3: a lower threat level gets a recorded
 * operational meeting (the individuals, their line managers, Health and Safety) and regular review; a
 * significant level a full Risk Strategy Group meeting, chaired by someone with authority, with the Police.
 */
import { SchemaError } from '../errors.js';
// The schema only: the form's validator stays out of the scorer's chunk (it loads on demand in the elements).
import { riskMatrixOnDemand as riskMatrix } from '../generated/risk-matrix.on-demand.js';
import { getAt } from '../pointer.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import type { FormSchema } from '../types.js';
import type { ResultSummary } from './result.js';

/** Where the answers the rules read live in the risk matrix data. */
export const RISK_MATRIX_POINTERS = Object.freeze({
  /** Section A, the level of severity: nothing is scored before it is answered. */
  severity: '/natureOfThreat/levelOfSeverity',
  /** "Has the incident been formally reported to the Police?" (`yes` needs a Risk Strategy Group meeting). */
  policeReported: '/assessment/policeReported',
  /** `raise` asks to raise the band on professional judgement. */
  judgement: '/risk/professionalJudgement',
  /** The band to raise to. */
  raisedRisk: '/risk/raisedRisk',
  /** The reason for raising; required. */
  raiseReason: '/risk/raiseReason',
});

/** One scored question of `x-scoring.questions`, keyed by the data pointer of the question. */
export interface RiskQuestionConfig {
  /** A short name for the question, used in the reasons ("Previous relevant convictions"). */
  label: string;
  /** The weight of every option (by its `const`). Unanswered questions weigh 0. */
  weights: Record<string, number>;
  /** Options that protect (a social support system...): they must weigh 0. */
  protective?: string[];
  /** The "no" of a risk factor; given together with `yes`. */
  no?: string;
  /** The "yes" answers of a risk factor: none weighs less than `no`. */
  yes?: string[];
  /** The "not known" option: never weighs less than `no`. */
  notKnown?: string;
  /** Answers that put the risk at least at a band, whatever the score ("very-serious": "high"). */
  floors?: Record<string, string>;
}

/** One risk band; `min` is the lowest overall score in the band. */
export interface RiskBandConfig {
  code: string;
  title: string;
  min: number;
  /** The key of its risk treatment plan in `treatments`. */
  treatment: string;
  /** Whether this band needs a full Risk Strategy Group meeting (a significant level of risk). */
  riskStrategyGroup: boolean;
  /** A band the result panel must make stand out. */
  severe?: boolean;
}

export interface RiskTreatmentConfig {
  title: string;
  text: string;
  /** Action codes, in order, from `actions`. */
  actions: string[];
}

/** The `x-scoring` of the risk matrix schema. */
export interface RiskMatrixScoringConfig {
  questions: Record<string, RiskQuestionConfig>;
  /** Ascending by `min`, the first at 0. */
  bands: RiskBandConfig[];
  treatments: Record<string, RiskTreatmentConfig>;
  actions: Record<string, string>;
  /** The treatment plan when the incident was reported to the Police and the band alone would not need a Risk Strategy Group meeting. */
  policeTreatment: string;
  /** How many of the answers that moved the score most are given as reasons. */
  topReasons: number;
  /** Title and summary before the level of severity is answered. */
  incomplete: { title: string; summary: string };
}

/** One answer that added to the score. */
export interface RiskContribution {
  pointer: string;
  label: string;
  answer: string;
  answerTitle: string;
  points: number;
}

export interface RiskMatrixResult extends ResultSummary {
  /** `incomplete` until the level of severity is answered; `provisional` while other questions are unanswered. */
  status: 'incomplete' | 'provisional' | 'complete';
  /** The overall score: the sum of the weights of the answers given. */
  total: number;
  /** The highest overall score possible. */
  max: number;
  /** Scored questions answered, of `questionCount`. */
  answered: number;
  questionCount: number;
  /** The band to act on (after professional judgement); absent while incomplete. */
  band?: string;
  bandTitle?: string;
  /** The band from the score and any floor, before professional judgement. */
  calculatedBand?: string;
  calculatedBandTitle?: string;
  /** True when professional judgement raised the band above the calculated one. */
  raisedByJudgement: boolean;
  /** What happened to a request to raise the band (absent when none was made). */
  judgement?: { applied: boolean; from?: string; to?: string; note: string };
  /** The risk treatment plan. */
  treatment?: { code: string; title: string; text: string };
  /**
   * Whether a full Risk Strategy Group meeting is required, and why. `provisional` when it is not
   * required yet but could still become so: questions are unanswered, or the Police question is.
   */
  riskStrategyGroup: { required: boolean; reasons: string[]; provisional: boolean };
  /** Every answer that added to the score, most points first. */
  contributions: RiskContribution[];
  /** The answers that moved the score most, in words ("Previous relevant convictions: Yes (+4)"). */
  reasons: string[];
  /** How the band was reached, step by step. */
  explanation: string[];
  actions: { code: string; text: string }[];
  crisis: boolean;
}

function fail(message: string): never {
  throw new SchemaError(`scoreRiskMatrix: ${message}`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isWeight = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

function checkQuestion(pointer: string, q: unknown, bandIndex: Map<string, number>, schema: FormSchema | undefined): void {
  const at = `x-scoring.questions["${pointer}"]`;
  if (!isRecord(q) || !isText(q['label']) || !isRecord(q['weights'])) fail(`${at} needs a label and weights`);
  const weights = q['weights'] as Record<string, unknown>;
  const codes = Object.keys(weights);
  if (!codes.length) fail(`${at}.weights is empty`);
  for (const code of codes) if (!isWeight(weights[code])) fail(`${at}.weights["${code}"] must be a number of 0 or more`);
  if (schema) {
    const node = schemaAt(schema, pointer);
    const options = node ? optionsOf(schema, node).map((o) => o.value) : [];
    if (!options.length) fail(`${at}: no choice question at that pointer`);
    for (const o of options) if (typeof o !== 'string' || !has(weights, o)) fail(`${at}: option "${String(o)}" has no weight`);
    for (const code of codes) if (!options.includes(code)) fail(`${at}: "${code}" is not an option of the question`);
  }
  const w = weights as Record<string, number>;
  const known = (code: unknown, what: string) => {
    if (!isText(code) || !has(w, code)) fail(`${at}.${what} "${String(code)}" is not one of its options`);
    return code;
  };
  const floors = q['floors'];
  if (floors !== undefined && !isRecord(floors)) fail(`${at}.floors must be an object`);
  const floorOf = (code: string) => {
    const band = floors ? floors[code] : undefined;
    return band === undefined ? -1 : bandIndex.get(band as string) ?? fail(`${at}.floors["${code}"] is not a band`);
  };
  for (const code of Object.keys(floors ?? {})) {
    known(code, 'floors');
    floorOf(code);
  }
  const protective = q['protective'];
  if (protective !== undefined) {
    if (!Array.isArray(protective) || !protective.length) fail(`${at}.protective must be a list of options`);
    for (const code of protective) {
      known(code, 'protective');
      if (w[code] !== 0) fail(`${at}: protective answer "${code}" must weigh 0 (protective answers never raise the score)`);
      if (floorOf(code) >= 0) fail(`${at}: protective answer "${code}" cannot set a floor`);
    }
  }
  if ((q['no'] === undefined) !== (q['yes'] === undefined)) fail(`${at}: give "no" and "yes" together`);
  const no = q['no'] === undefined ? undefined : known(q['no'], 'no');
  if (no !== undefined) {
    const yes = q['yes'];
    if (!Array.isArray(yes) || !yes.length) fail(`${at}.yes must be a list of options`);
    for (const code of yes) {
      known(code, 'yes');
      if (w[code]! < w[no]!) fail(`${at}: "${code}" weighs less than "${no}" (turning a risk factor from no to yes must never lower the score)`);
      if (floorOf(code) < floorOf(no)) fail(`${at}: "${code}" has a lower floor than "${no}"`);
    }
  }
  if (q['notKnown'] !== undefined) {
    const nk = known(q['notKnown'], 'notKnown');
    if (no !== undefined && w[nk]! < w[no]!) fail(`${at}: "${nk}" weighs less than "${no}" (not known never scores lower than no)`);
    if (no !== undefined && floorOf(nk) < floorOf(no)) fail(`${at}: "${nk}" has a lower floor than "${no}"`);
  }
}

/**
 * Reads and checks the risk matrix `x-scoring`, refusing any configuration that breaks the protocol's
 * rules (see the module comment). Call it once with an organisation's own configuration; the check is
 * why `scoreRiskMatrix` can promise the rules whatever the weights.
 * @param scoring the `x-scoring` object; defaults to the risk matrix schema's
 * @param schema the schema whose questions the configuration scores, to check every option has a
 *   weight; defaults to the generated risk matrix schema (pass `null` to skip that check)
 * @returns the same object, typed
 * @throws SchemaError naming the first problem
 */
export function riskMatrixScoringConfig(
  scoring: unknown = riskMatrix.schema['x-scoring'],
  schema: FormSchema | null = riskMatrix.schema,
): RiskMatrixScoringConfig {
  if (!isRecord(scoring)) fail('x-scoring is missing');
  const c = scoring;
  if (!isRecord(c['questions']) || !Array.isArray(c['bands']) || !isRecord(c['treatments']) || !isRecord(c['actions'])) {
    fail('x-scoring needs questions, bands, treatments and actions');
  }
  const actions = c['actions'] as Record<string, unknown>;
  for (const [code, text] of Object.entries(actions)) if (!isText(text)) fail(`x-scoring.actions["${code}"] must be text`);
  const treatments = c['treatments'] as Record<string, unknown>;
  for (const [code, t] of Object.entries(treatments)) {
    if (!isRecord(t) || !isText(t['title']) || !isText(t['text']) || !Array.isArray(t['actions'])) {
      fail(`x-scoring.treatments["${code}"] needs a title, text and actions`);
    }
    for (const a of t['actions'] as unknown[]) if (!isText(a) || !has(actions, a)) fail(`x-scoring.treatments["${code}"]: no text for action "${String(a)}"`);
  }
  const bands = c['bands'] as unknown[];
  if (!bands.length) fail('x-scoring.bands is empty');
  const bandIndex = new Map<string, number>();
  let previous: RiskBandConfig | undefined;
  bands.forEach((b, i) => {
    if (!isRecord(b) || !isText(b['code']) || !isText(b['title']) || !isWeight(b['min']) || typeof b['riskStrategyGroup'] !== 'boolean') {
      fail(`x-scoring.bands[${i}] needs a code, title, min (0 or more) and riskStrategyGroup`);
    }
    if (b['severe'] !== undefined && typeof b['severe'] !== 'boolean') fail(`x-scoring.bands[${i}].severe must be true or false`);
    const band = b as unknown as RiskBandConfig;
    if (bandIndex.has(band.code)) fail(`x-scoring.bands: "${band.code}" appears twice`);
    if (!isText(band.treatment) || !has(treatments, band.treatment)) fail(`x-scoring.bands[${i}]: no treatment "${String(band.treatment)}"`);
    if (i === 0 && band.min !== 0) fail('x-scoring.bands[0].min must be 0');
    if (previous && band.min <= previous.min) fail(`x-scoring.bands[${i}].min must be higher than the band before`);
    if (previous?.riskStrategyGroup && !band.riskStrategyGroup) {
      fail(`x-scoring.bands[${i}]: every band above one that needs a Risk Strategy Group meeting needs one too`);
    }
    bandIndex.set(band.code, i);
    previous = band;
  });
  if (!isText(c['policeTreatment']) || !has(treatments, c['policeTreatment'])) fail('x-scoring.policeTreatment is not a treatment');
  if (typeof c['topReasons'] !== 'number' || !Number.isInteger(c['topReasons']) || c['topReasons'] < 0) fail('x-scoring.topReasons must be a whole number of 0 or more');
  const incomplete = c['incomplete'];
  if (!isRecord(incomplete) || !isText(incomplete['title']) || !isText(incomplete['summary'])) fail('x-scoring.incomplete needs a title and summary');
  const questions = c['questions'] as Record<string, unknown>;
  if (!has(questions, RISK_MATRIX_POINTERS.severity)) fail(`x-scoring.questions has no "${RISK_MATRIX_POINTERS.severity}"`);
  for (const [pointer, q] of Object.entries(questions)) checkQuestion(pointer, q, bandIndex, schema ?? undefined);
  if (schema) {
    const raised = schemaAt(schema, RISK_MATRIX_POINTERS.raisedRisk);
    for (const o of raised ? optionsOf(schema, raised) : []) {
      if (typeof o.value !== 'string' || !bandIndex.has(o.value)) fail(`the risk to raise to, "${String(o.value)}", is not a band`);
    }
  }
  return c as unknown as RiskMatrixScoringConfig;
}

let defaultConfig: RiskMatrixScoringConfig | undefined;
const titleCache = new Map<string, string>();

/** The label of an option as the form shows it ("Not known"), from the generated schema. */
function answerTitle(pointer: string, code: string): string {
  const key = `${pointer}\u0000${code}`;
  let title = titleCache.get(key);
  if (title === undefined) {
    const node = schemaAt(riskMatrix.schema, pointer);
    title = (node ? optionsOf(riskMatrix.schema, node).find((o) => o.value === code)?.title : undefined) ?? code;
    titleCache.set(key, title);
  }
  return title;
}

/**
 * Scores a (possibly incomplete) risk matrix.
 * @param data the risk matrix answers; anything else counts as no answers
 * @param config the scoring configuration; defaults to the risk matrix schema's `x-scoring`, checked
 *   by {@link riskMatrixScoringConfig} (check your own with it too)
 * @returns the overall score and maximum, the band, the risk treatment plan, whether a Risk Strategy
 *   Group meeting is required and why, and the answers that moved the score most
 */
export function scoreRiskMatrix(data: unknown, config?: RiskMatrixScoringConfig): RiskMatrixResult {
  const cfg = config ?? (defaultConfig ??= riskMatrixScoringConfig());
  const answers = isRecord(data) ? data : {};
  const P = RISK_MATRIX_POINTERS;
  const bandIndex = (code: unknown) => cfg.bands.findIndex((b) => b.code === code);

  let total = 0;
  let max = 0;
  let answered = 0;
  let floor = -1;
  let floorReason: string | undefined;
  let nextQuestion: string | undefined;
  const contributions: RiskContribution[] = [];
  const entries = Object.entries(cfg.questions);
  for (const [pointer, q] of entries) {
    max += Math.max(0, ...Object.values(q.weights));
    const value = getAt(answers, pointer);
    if (typeof value !== 'string' || !has(q.weights, value)) {
      nextQuestion ??= pointer;
      continue;
    }
    answered++;
    const points = q.weights[value]!;
    total += points;
    if (points > 0) contributions.push({ pointer, label: q.label, answer: value, answerTitle: answerTitle(pointer, value), points });
    const f = q.floors && has(q.floors, value) ? bandIndex(q.floors[value]) : -1;
    if (f > floor) {
      floor = f;
      floorReason = `${q.label}: ${answerTitle(pointer, value)}, so at least ${cfg.bands[f]!.title}.`;
    }
  }
  // Most points first; ties keep document order (the sort is stable).
  contributions.sort((a, b) => b.points - a.points);
  const reasons = contributions.slice(0, cfg.topReasons).map((c) => `${c.label}: ${c.answerTitle} (+${c.points})`);

  const severity = getAt(answers, P.severity);
  const scored = typeof severity === 'string' && has(cfg.questions[P.severity]!.weights, severity);
  const policeAnswer = getAt(answers, P.policeReported);
  const police = policeAnswer === 'yes';
  const explanation: string[] = [];
  const rsgReasons: string[] = [];
  let band: RiskBandConfig | undefined;
  let calculated: RiskBandConfig | undefined;
  let judgement: RiskMatrixResult['judgement'];

  if (scored) {
    let scoreIndex = 0;
    cfg.bands.forEach((b, i) => {
      if (total >= b.min) scoreIndex = i;
    });
    const scoreBand = cfg.bands[scoreIndex]!;
    const upper = cfg.bands[scoreIndex + 1];
    explanation.push(
      `Overall score ${total} out of ${max}: ${scoreBand.title} (${upper ? `${scoreBand.min} to ${upper.min - 1}` : `${scoreBand.min} or more`}).`,
    );
    const calcIndex = Math.max(scoreIndex, floor);
    if (floor > scoreIndex && floorReason) explanation.push(floorReason);
    calculated = cfg.bands[calcIndex]!;
    band = calculated;

    if (getAt(answers, P.judgement) === 'raise') {
      const to = getAt(answers, P.raisedRisk);
      const toIndex = bandIndex(to);
      const reason = getAt(answers, P.raiseReason);
      const hasReason = typeof reason === 'string' && /\S/.test(reason);
      if (toIndex < 0) {
        judgement = { applied: false, note: 'To raise the risk on professional judgement, choose the risk to raise to.' };
      } else if (toIndex < calcIndex) {
        judgement = {
          applied: false,
          note: `Professional judgement can raise the risk, never lower it: the calculated ${calculated.title} stands.`,
        };
      } else if (toIndex === calcIndex) {
        judgement = { applied: false, note: `The calculated risk is already ${calculated.title}.` };
      } else if (!hasReason) {
        judgement = { applied: false, note: 'To raise the risk on professional judgement, give the reason.' };
      } else {
        band = cfg.bands[toIndex]!;
        judgement = {
          applied: true,
          from: calculated.code,
          to: band.code,
          note: `Raised from ${calculated.title} to ${band.title} on professional judgement; the reason is recorded with the assessment.`,
        };
      }
      explanation.push(judgement.note);
    }
    if (band.riskStrategyGroup) {
      rsgReasons.push(
        `${band.title}${judgement?.applied ? ' (raised on professional judgement)' : ''}: a significant level of risk needs a full Risk Strategy Group meeting.`,
      );
    }
  } else if (getAt(answers, P.judgement) === 'raise') {
    judgement = { applied: false, note: 'Choose the level of severity first: professional judgement raises the calculated risk.' };
  }
  if (police) {
    rsgReasons.push('The incident has been formally reported to the Police: a Risk Strategy Group meeting should be arranged whatever the score.');
  }

  let treatmentCode = band?.treatment;
  if (police && !band?.riskStrategyGroup) treatmentCode = cfg.policeTreatment;
  const treatment = treatmentCode ? cfg.treatments[treatmentCode] : undefined;
  const status: RiskMatrixResult['status'] = !scored ? 'incomplete' : answered < entries.length ? 'provisional' : 'complete';

  return {
    status,
    title: band ? band.title : cfg.incomplete.title,
    summary: treatment ? treatment.text : cfg.incomplete.summary,
    total,
    max,
    answered,
    questionCount: entries.length,
    ...(band ? { band: band.code, bandTitle: band.title } : {}),
    ...(calculated ? { calculatedBand: calculated.code, calculatedBandTitle: calculated.title } : {}),
    raisedByJudgement: !!judgement?.applied,
    ...(judgement ? { judgement } : {}),
    ...(treatment && treatmentCode ? { treatment: { code: treatmentCode, title: treatment.title, text: treatment.text } } : {}),
    riskStrategyGroup: {
      required: rsgReasons.length > 0,
      reasons: rsgReasons,
      provisional: rsgReasons.length === 0 && (status !== 'complete' || policeAnswer !== 'no'),
    },
    contributions,
    reasons,
    explanation,
    actions: (treatment?.actions ?? []).map((code) => ({ code, text: cfg.actions[code]! })),
    ...(nextQuestion ? { nextQuestion } : {}),
    crisis: !!band?.severe,
  };
}
