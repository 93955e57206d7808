/**
 * `scoreRiskAssessment`: the risk rating of South East Coast Ambulance Service's General Risk
 * Assessment Form (Violence & Aggression procedure, seeds/001), as a pure function of the form's
 * answers and the schema's `x-scoring`.
 *
 * The form rates each hazard "L x C = R" (its rows read 1 x 3 = 3, 2 x 3 = 6, 2 x 4 = 8, 3 x 3 = 9) and
 * gives no scales. The usual 5 x 5 scales those ratings imply, their words, and the bands are ours, and
 * live in `x-scoring` as data: likelihood 1 rare to 5 almost certain, consequence 1 negligible to 5
 * catastrophic, bands 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme. The rules, which
 * {@link riskAssessmentScoringConfig} makes every configuration keep:
 *
 * - A hazard's risk rating is R = L x C, from the scores of the options chosen.
 * - Its band is the one band whose `min` to `max` holds R: bands ascend without overlapping, and every
 *   rating the two scales can make falls in exactly one band (on 5 x 5, 7, 11, 13, 14 and 17-19 cannot
 *   be made, so the bands may leave them out).
 * - Scores ascend in the order the options are shown, so choosing a higher likelihood or consequence
 *   never lowers a rating or its band.
 * - A hazard whose likelihood or consequence is unanswered, or not one of the options, is not rated:
 *   it never counts as 1 (nor 0), and the result says which question it still needs.
 * - The overall rating is the highest rating of the rated hazards, and the overall band is its band
 *   (so it is the highest band of any hazard). While a hazard is unrated the result is provisional: the
 *   overall rating can still rise, never fall.
 * - Once a band needs further action every higher band does; a hazard in such a band with no further
 *   action recorded gets an action in the result. Once a band is severe (the panel makes it stand out)
 *   every higher band is.
 * - Answers to questions hidden by `showIf` do not count: they are pruned first, as on submit.
 *
 * The result names hazards by number ("Hazard 2", the form's REF NO), never by what was typed, so it
 * carries no personal data.
 */
import { SchemaError } from '../errors.js';
// The schema only: the form's validator stays out of the scorer's chunk (it loads on demand in the elements).
import { riskAssessmentOnDemand as riskAssessment } from '../generated/risk-assessment.on-demand.js';
import { getAt, parsePointer } from '../pointer.js';
import { answersAsSubmitted } from '../schema/submitted.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import type { FormSchema } from '../types.js';
import type { ResultSummary } from './result.js';

/** The texts of `x-scoring.texts`; `{name}` placeholders are filled in by the scorer. */
export const RISK_ASSESSMENT_TEXTS = Object.freeze([
  'incompleteTitle',
  'incompleteSummary',
  'hazard',
  'ratingLabel',
  'rating',
  'notRated',
  'rated',
  'unrated',
  'overall',
  'provisional',
  'furtherAction',
  'hazardsHeading',
  'howHeading',
  'how',
  'band',
] as const);
export type RiskAssessmentText = (typeof RISK_ASSESSMENT_TEXTS)[number];

/** One of the two scales (`x-scoring.likelihood`, `x-scoring.consequence`). */
export interface RiskAssessmentScale {
  /** The property of a hazard that holds the answer ("likelihood"). */
  key: string;
  /** Its name in the reasons ("Likelihood"). */
  label: string;
  /** The score of every option, by its `const`: whole numbers of 1 or more, ascending in the options' order. */
  scores: Record<string, number>;
}

/** One band of risk rating; `min` to `max` inclusive. */
export interface RiskAssessmentBand {
  code: string;
  title: string;
  min: number;
  max: number;
  /** What to do about a hazard (or an assessment) in this band. */
  summary: string;
  /** Whether a hazard in this band needs further action recorded. */
  furtherAction: boolean;
  /** A band the result panel must make stand out. */
  severe?: boolean;
}

/** The `x-scoring` of the risk assessment schema. */
export interface RiskAssessmentScoringConfig {
  /** Pointer of the list of hazards ("/risks/hazards"). */
  hazards: string;
  likelihood: RiskAssessmentScale;
  consequence: RiskAssessmentScale;
  /** The property of a hazard that holds its further action. */
  furtherActions: string;
  /** Ascending. */
  bands: RiskAssessmentBand[];
  texts: Record<RiskAssessmentText, string>;
}

/** A scale's answer for one hazard. */
export interface RatedFactor {
  code: string;
  /** The option as the form shows it ("3 Possible"). */
  title: string;
  score: number;
}

/** One hazard's rating. `ref` is the form's REF NO: its position, from 1. */
export interface HazardRating {
  ref: number;
  /** The pointer of the hazard ("/risks/hazards/0"). */
  pointer: string;
  likelihood?: RatedFactor;
  consequence?: RatedFactor;
  /** R = L x C; absent while either is unanswered. */
  rating?: number;
  band?: string;
  bandTitle?: string;
  furtherActionRecorded: boolean;
  /** Rated in a band that needs further action, and none is recorded. */
  furtherActionNeeded: boolean;
  /** In words: "Hazard 1: likelihood 3 Possible x consequence 3 Moderate = 9, High risk." */
  text: string;
  /** In short, for beside the hazard: "3 x 3 = 9, High risk", or "Not yet rated". */
  ratingText: string;
  /** The pointer of the first question it still needs, while unrated. */
  nextQuestion?: string;
}

export interface RiskAssessmentResult extends ResultSummary {
  /** `incomplete` until a hazard is rated; `provisional` while any hazard is unrated; else `complete`. */
  status: 'incomplete' | 'provisional' | 'complete';
  /** Every hazard in the answers, in order. */
  hazards: HazardRating[];
  /** How many hazards are rated. */
  rated: number;
  /** The highest rating of the rated hazards; absent while none is rated. */
  overallRating?: number;
  /** The highest rating the scales can make (25 on 5 x 5). */
  max: number;
  /** The overall band: the band of the overall rating. */
  band?: string;
  bandTitle?: string;
  /** The hazards (refs) whose rating is the overall rating. */
  highest: number[];
  /** The overall rating in words; absent while incomplete. */
  overall?: string;
  /** Each hazard's rating in words, then the provisional note. */
  reasons: string[];
  /** "Record the further action" for each hazard that needs it. */
  actions: { code: string; text: string }[];
  crisis: boolean;
  nextQuestion?: string;
}

const MAX_BANDS = 100;
const MAX_OPTIONS = 100;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

function fail(message: string): never {
  throw new SchemaError(`scoreRiskAssessment: ${message}`);
}

/** `template` with each `{name}` replaced by `values[name]`; unknown names are left as they are. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => (own(values, name) ? String(values[name]) : whole));
}

function checkScale(value: unknown, where: string, itemSchema: FormSchema | undefined, root: FormSchema | undefined): RiskAssessmentScale {
  if (!isObject(value) || !isText(value['key']) || !isText(value['label']) || !isObject(value['scores'])) fail(`${where} needs a key, a label and scores`);
  if (value['key'].includes('/')) fail(`${where}.key must be a property name, not a pointer`);
  const scores = value['scores'];
  const codes = Object.keys(scores).filter((c) => c !== '$comment');
  if (!codes.length || codes.length > MAX_OPTIONS) fail(`${where}.scores must score 1 to ${MAX_OPTIONS} options`);
  for (const code of codes) if (!isWhole(scores[code]) || (scores[code] as number) < 1) fail(`${where}.scores["${code}"] must be a whole number of 1 or more`);
  if (root) {
    const question = itemSchema ? (itemSchema.properties ?? {})[value['key']] : undefined;
    const options = question ? optionsOf(root, question).map((o) => o.value) : [];
    if (!options.length) fail(`${where}: no choice question "${value['key']}" in a hazard`);
    for (const o of options) if (typeof o !== 'string' || !own(scores, o)) fail(`${where}: option "${String(o)}" has no score`);
    for (const code of codes) if (!options.includes(code)) fail(`${where}: "${code}" is not an option of the question`);
    // Ascending in the order shown: a higher choice never lowers the rating.
    for (let i = 1; i < options.length; i++) {
      if ((scores[options[i] as string] as number) <= (scores[options[i - 1] as string] as number)) {
        fail(`${where}: "${String(options[i])}" must score more than "${String(options[i - 1])}" (scores ascend in the order the options are shown)`);
      }
    }
  }
  return value as unknown as RiskAssessmentScale;
}

/**
 * Reads and checks the risk assessment `x-scoring`, refusing any configuration that breaks the rules
 * of the module comment. Call it once with an organisation's own configuration.
 * @param scoring the `x-scoring` object; defaults to the shipped schema's
 * @param schema the schema whose questions it scores, to check every option has a score and the
 *   scores ascend; defaults to the generated schema (pass `null` to skip that check)
 * @returns the same object, typed
 * @throws SchemaError naming the first problem
 */
export function riskAssessmentScoringConfig(scoring: unknown = riskAssessment.schema['x-scoring'], schema: FormSchema | null = riskAssessment.schema): RiskAssessmentScoringConfig {
  if (!isObject(scoring)) fail('x-scoring must be an object');
  const { hazards, likelihood, consequence, furtherActions, bands, texts } = scoring;
  if (typeof hazards !== 'string' || !hazards.startsWith('/')) fail('x-scoring.hazards must be an absolute JSON Pointer ("/section/list")');
  parsePointer(hazards);
  let itemSchema: FormSchema | undefined;
  if (schema) {
    const list = schemaAt(schema, hazards);
    if (!list || list.type !== 'array') fail('x-scoring.hazards is not a list in the schema');
    itemSchema = schemaAt(schema, `${hazards}/0`);
    if (!itemSchema?.properties) fail('x-scoring.hazards is not a list of hazards in the schema');
  }
  if (isObject(likelihood) && isObject(consequence) && likelihood['key'] === consequence['key']) fail('x-scoring.likelihood and x-scoring.consequence must read different questions');
  const L = checkScale(likelihood, 'x-scoring.likelihood', itemSchema, schema ?? undefined);
  const C = checkScale(consequence, 'x-scoring.consequence', itemSchema, schema ?? undefined);
  if (!isText(furtherActions) || furtherActions.includes('/')) fail('x-scoring.furtherActions must be a property name');
  if (itemSchema && !own(itemSchema.properties ?? {}, furtherActions)) fail(`x-scoring.furtherActions: no question "${furtherActions}" in a hazard`);
  if (!isObject(texts)) fail('x-scoring.texts must be an object of texts');
  for (const key of RISK_ASSESSMENT_TEXTS) if (!isText(texts[key])) fail(`x-scoring.texts.${key} must be a text`);

  if (!Array.isArray(bands) || !bands.length || bands.length > MAX_BANDS) fail(`x-scoring.bands must list 1 to ${MAX_BANDS} bands`);
  const codes = new Set<string>();
  let previous: RiskAssessmentBand | undefined;
  bands.forEach((b: unknown, i: number) => {
    const where = `x-scoring.bands[${i}]`;
    if (!isObject(b) || !isText(b['code']) || !isText(b['title']) || !isText(b['summary']) || typeof b['furtherAction'] !== 'boolean') {
      fail(`${where} needs a code, title, summary and furtherAction`);
    }
    if (!isWhole(b['min']) || !isWhole(b['max']) || b['min'] < 1 || b['max'] < b['min']) fail(`${where}: min and max must be whole numbers, 1 <= min <= max`);
    if (b['severe'] !== undefined && typeof b['severe'] !== 'boolean') fail(`${where}.severe must be true or false`);
    const band = b as unknown as RiskAssessmentBand;
    if (codes.has(band.code)) fail(`x-scoring.bands: "${band.code}" appears twice`);
    codes.add(band.code);
    if (previous) {
      if (band.min <= previous.max) fail(`${where}.min must be above the band before's max (bands ascend without overlapping)`);
      if (previous.furtherAction && !band.furtherAction) fail(`${where}: every band above one that needs further action needs it too`);
      if (previous.severe && !band.severe) fail(`${where}: every band above a severe band is severe too`);
    }
    previous = band;
  });
  const list = bands as RiskAssessmentBand[];
  const ls = [...new Set(Object.entries(L.scores).filter(([k]) => k !== '$comment').map(([, v]) => v))];
  const cs = [...new Set(Object.entries(C.scores).filter(([k]) => k !== '$comment').map(([, v]) => v))];
  for (const l of ls) {
    for (const c of cs) {
      if (!list.some((b) => b.min <= l * c && l * c <= b.max)) fail(`x-scoring.bands: the rating ${l} x ${c} = ${l * c} is in no band`);
    }
  }
  return scoring as unknown as RiskAssessmentScoringConfig;
}

let defaultConfig: RiskAssessmentScoringConfig | undefined;
const checked = new WeakMap<object, RiskAssessmentScoringConfig>();

function configFor(scoring: unknown): RiskAssessmentScoringConfig {
  if (scoring === undefined) return (defaultConfig ??= riskAssessmentScoringConfig());
  if (!isObject(scoring)) fail('the configuration must be an x-scoring object');
  const hit = checked.get(scoring);
  if (hit) return hit;
  const config = riskAssessmentScoringConfig(scoring);
  checked.set(scoring, config);
  return config;
}

/** The band holding `rating`, if any (the configuration check makes it exist for every rating the scales make). */
export function riskAssessmentBand(rating: number, config?: RiskAssessmentScoringConfig): RiskAssessmentBand | undefined {
  const cfg = config ?? configFor(undefined);
  return cfg.bands.find((b) => b.min <= rating && rating <= b.max);
}

const titles = new Map<string, string>();

/** The option's label as the form shows it ("3 Possible"), from the generated schema. */
function optionTitle(cfg: RiskAssessmentScoringConfig, key: string, code: string): string {
  const id = `${cfg.hazards}\u0000${key}\u0000${code}`;
  let title = titles.get(id);
  if (title === undefined) {
    const node = schemaAt(riskAssessment.schema, `${cfg.hazards}/0/${key}`);
    title = (node ? optionsOf(riskAssessment.schema, node).find((o) => o.value === code)?.title : undefined) ?? code;
    titles.set(id, title);
  }
  return title;
}

function factor(cfg: RiskAssessmentScoringConfig, scale: RiskAssessmentScale, item: Record<string, unknown>): RatedFactor | undefined {
  const value = item[scale.key];
  if (typeof value !== 'string' || value === '$comment' || !own(scale.scores, value)) return undefined;
  return { code: value, title: optionTitle(cfg, scale.key, value), score: scale.scores[value]! };
}

/**
 * Rates every hazard of a (possibly incomplete) risk assessment, and the assessment overall.
 * @param data the form's answers; anything else (null, a string) counts as no answers
 * @param scoring an organisation's own `x-scoring` in the shape of the shipped one; defaults to the
 *   shipped schema's. Checked once per object (SchemaError when malformed).
 * @returns each hazard's L x C = R and band, the overall rating (the highest) and band, and the further
 *   actions still to record; `status: 'incomplete'` until a hazard is rated
 */
export function scoreRiskAssessment(data: unknown, scoring?: unknown): RiskAssessmentResult {
  const cfg = configFor(scoring);
  const t = cfg.texts;
  const answers = isObject(data) ? answersAsSubmitted(riskAssessment.schema, data) : {};
  const list = getAt(answers, cfg.hazards);
  const items = Array.isArray(list) ? list : [];
  const scoresOf = (s: RiskAssessmentScale) => Object.entries(s.scores).filter(([k]) => k !== '$comment').map(([, v]) => v);
  const max = Math.max(...scoresOf(cfg.likelihood)) * Math.max(...scoresOf(cfg.consequence));

  const hazards: HazardRating[] = items.map((raw: unknown, i: number) => {
    const item = isObject(raw) ? raw : {};
    const ref = i + 1;
    const pointer = `${cfg.hazards}/${i}`;
    const likelihood = factor(cfg, cfg.likelihood, item);
    const consequence = factor(cfg, cfg.consequence, item);
    const further = item[cfg.furtherActions];
    const furtherActionRecorded = typeof further === 'string' && further.trim() !== '';
    if (!likelihood || !consequence) {
      const missing = [likelihood ? undefined : cfg.likelihood, consequence ? undefined : cfg.consequence].filter((s): s is RiskAssessmentScale => !!s);
      return {
        ref,
        pointer,
        ...(likelihood ? { likelihood } : {}),
        ...(consequence ? { consequence } : {}),
        furtherActionRecorded,
        furtherActionNeeded: false,
        ratingText: t.notRated,
        text: fill(t.unrated, { ref, missing: missing.map((s) => s.label.toLowerCase()).join(' and ') }),
        nextQuestion: `${pointer}/${missing[0]!.key}`,
      };
    }
    const rating = likelihood.score * consequence.score;
    const band = riskAssessmentBand(rating, cfg)!;
    return {
      ref,
      pointer,
      likelihood,
      consequence,
      rating,
      band: band.code,
      bandTitle: band.title,
      furtherActionRecorded,
      furtherActionNeeded: band.furtherAction && !furtherActionRecorded,
      ratingText: `${fill(t.rating, { likelihood: likelihood.score, consequence: consequence.score, rating })}, ${band.title}`,
      text: fill(t.rated, {
        ref,
        likelihood: likelihood.score,
        likelihoodTitle: likelihood.title,
        consequence: consequence.score,
        consequenceTitle: consequence.title,
        rating,
        band: band.title,
      }),
    };
  });

  const rated = hazards.filter((h) => h.rating !== undefined);
  const overallRating = rated.length ? Math.max(...rated.map((h) => h.rating!)) : undefined;
  const band = overallRating === undefined ? undefined : riskAssessmentBand(overallRating, cfg)!;
  const highest = rated.filter((h) => h.rating === overallRating).map((h) => h.ref);
  const unrated = hazards.filter((h) => h.rating === undefined);
  const status: RiskAssessmentResult['status'] = !rated.length ? 'incomplete' : unrated.length ? 'provisional' : 'complete';
  const nextQuestion = items.length ? unrated[0]?.nextQuestion : cfg.hazards;
  const overall = band ? fill(t.overall, { rating: overallRating!, max, band: band.title, refs: highest.join(', ') }) : undefined;
  const reasons = [...hazards.map((h) => h.text), ...(status === 'provisional' ? [t.provisional] : [])];
  const actions = hazards
    .filter((h) => h.furtherActionNeeded)
    .map((h) => ({ code: `further-action-${h.ref}`, text: fill(t.furtherAction, { ref: h.ref, band: h.bandTitle! }) }));

  return {
    status,
    title: band ? band.title : t.incompleteTitle,
    summary: band ? band.summary : t.incompleteSummary,
    hazards,
    rated: rated.length,
    ...(overallRating === undefined ? {} : { overallRating }),
    max,
    ...(band ? { band: band.code, bandTitle: band.title } : {}),
    highest,
    ...(overall ? { overall } : {}),
    reasons,
    actions,
    crisis: !!band?.severe,
    ...(nextQuestion ? { nextQuestion } : {}),
  };
}
