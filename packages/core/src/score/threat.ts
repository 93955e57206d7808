/**
 * `classifyThreat`: the CSTAG school threat assessment flowchart (Union 81 / CSTAG protocol,
 * seeds/002), as a pure function of the threat report's answers.
 *
 * Step 1: is there communication of intent to harm (or behaviour suggesting it)? No: not a threat.
 * Step 2: can it be resolved as transient? Yes: transient.
 * Step 3: substantive: serious (a threat to hit, fight or beat up) or very serious (to kill, rape or
 * cause very serious injury with a weapon); actions a-d for every substantive threat, e-g as well
 * for a very serious one (Step 4).
 * Imminent violence overrides the flowchart: "a threat assessment is not a crisis response".
 *
 * The key observations are a checklist and are never summed or scored (the document says so); this
 * function does not read them. The suggested priority (1 extreme to 5 no identified risk) follows the
 * outcome; for a threat that is not substantive, any "Yes" or "Partially" among the observations
 * suggesting need for intervention moves the suggestion from 5 to 4 (the CSTAG description of
 * priority 4: "may warrant some intervention, referral, and monitoring"). That is a presence check,
 * not a sum. The texts and priorities come from the schema's `x-scoring`, so an organisation can
 * change them without touching code.
 */
import { SchemaError } from '../errors.js';
// The schema only: the form's validator stays out of the scorer's chunk (it loads on demand in the elements).
import { threatReportOnDemand as threatReport } from '../generated/threat-report.on-demand.js';

export type ThreatOutcome =
  | 'incomplete'
  | 'not-a-threat'
  | 'transient'
  | 'serious-substantive'
  | 'very-serious-substantive'
  | 'crisis';

export type PriorityLevel = 1 | 2 | 3 | 4 | 5;

export interface ThreatScoringConfig {
  outcomes: Record<ThreatOutcome, { title: string; summary: string; actions: string[]; priority?: PriorityLevel }>;
  actions: Record<string, string>;
  /** The priority suggested instead of 5 when an observation suggesting need for intervention is present. */
  interventionPriority: PriorityLevel;
  priorities: Record<string, string>;
}

export interface ThreatClassification {
  /** The result to act on: `crisis` whenever violence is indicated as imminent. */
  outcome: ThreatOutcome;
  /** Where the five-step flowchart itself stands, whatever the crisis question says. */
  flowchartOutcome: Exclude<ThreatOutcome, 'crisis'>;
  crisis: boolean;
  title: string;
  summary: string;
  /** The required actions for this outcome (CSTAG a-g, and the crisis response), with their text. */
  actions: { code: string; text: string }[];
  /** The data pointer of the next flowchart question to answer, while the outcome is incomplete. */
  nextQuestion?: string;
  /** How the outcome was reached, step by step, in plain words. */
  reasons: string[];
  suggestedPriority?: PriorityLevel;
  suggestedPriorityReason?: string;
  /** The priority the team settled on: the suggestion, or the one they chose with a reason. */
  priority?: PriorityLevel;
  priorityChanged: boolean;
}

type Answers = {
  evaluation?: {
    violenceImminent?: unknown;
    intentToHarm?: unknown;
    resolvedAsTransient?: unknown;
    seriousness?: unknown;
  };
  priority?: { decision?: unknown; level?: unknown };
  interventionObservations?: { factors?: Record<string, unknown> };
};

function isLevel(value: unknown): value is PriorityLevel {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

/** Reads and checks `x-scoring` of a threat report schema. */
export function threatScoringConfig(scoring: unknown = threatReport.schema['x-scoring']): ThreatScoringConfig {
  const c = scoring as Partial<ThreatScoringConfig> | undefined;
  const outcomes: ThreatOutcome[] = ['incomplete', 'not-a-threat', 'transient', 'serious-substantive', 'very-serious-substantive', 'crisis'];
  if (!c || typeof c !== 'object' || !c.outcomes || !c.actions || !isLevel(c.interventionPriority) || !c.priorities) {
    throw new SchemaError('classifyThreat: x-scoring needs outcomes, actions, priorities and interventionPriority');
  }
  for (const o of outcomes) {
    const entry = c.outcomes[o];
    if (
      !entry ||
      typeof entry.title !== 'string' ||
      typeof entry.summary !== 'string' ||
      !Array.isArray(entry.actions) ||
      (entry.priority !== undefined && !isLevel(entry.priority))
    ) {
      throw new SchemaError(`classifyThreat: x-scoring.outcomes.${o} is missing or malformed`);
    }
    for (const code of entry.actions) {
      if (typeof c.actions[code] !== 'string') throw new SchemaError(`classifyThreat: no text for action "${code}"`);
    }
  }
  return c as ThreatScoringConfig;
}

let defaultConfig: ThreatScoringConfig | undefined;

/**
 * Classifies a (possibly incomplete) threat report.
 * @param data the threat report data; missing answers give `incomplete` with `nextQuestion`
 * @param config scoring texts and priorities; defaults to the threat report schema's `x-scoring`
 */
export function classifyThreat(data: unknown, config?: ThreatScoringConfig): ThreatClassification {
  const cfg = config ?? (defaultConfig ??= threatScoringConfig());
  const answers = (data && typeof data === 'object' ? data : {}) as Answers;
  const e = answers.evaluation ?? {};
  const reasons: string[] = [];

  let flow: Exclude<ThreatOutcome, 'crisis'> = 'incomplete';
  let nextQuestion: string | undefined;
  if (e.intentToHarm === 'no') {
    flow = 'not-a-threat';
    reasons.push('Step 1: no communication of intent to harm, and no behaviour suggesting it.');
  } else if (e.intentToHarm === 'yes') {
    reasons.push('Step 1: there is communication of intent to harm, or behaviour suggesting it.');
    if (e.resolvedAsTransient === 'yes') {
      flow = 'transient';
      reasons.push('Step 2: the threat can be resolved as transient; there is no intent to harm.');
    } else if (e.resolvedAsTransient === 'no') {
      reasons.push('Step 2: the threat cannot be resolved as transient, so it is substantive.');
      if (e.seriousness === 'serious') {
        flow = 'serious-substantive';
        reasons.push('Step 3: serious (a threat to hit, fight, or beat up).');
      } else if (e.seriousness === 'very-serious') {
        flow = 'very-serious-substantive';
        reasons.push('Step 3: very serious (a threat to kill, rape, or cause very serious injury with a weapon).');
      } else {
        nextQuestion = '/evaluation/seriousness';
      }
    } else {
      nextQuestion = '/evaluation/resolvedAsTransient';
    }
  } else {
    nextQuestion = '/evaluation/intentToHarm';
  }

  const crisis = e.violenceImminent === 'yes';
  if (crisis) reasons.unshift('Violence appears imminent: a crisis response comes before the threat assessment.');
  const outcome: ThreatOutcome = crisis ? 'crisis' : flow;
  const entry = cfg.outcomes[outcome];

  let suggestedPriority = entry.priority;
  let suggestedPriorityReason: string | undefined;
  if (suggestedPriority !== undefined) {
    suggestedPriorityReason = `${cfg.outcomes[outcome].title}: ${cfg.priorities[String(suggestedPriority)] ?? `priority ${suggestedPriority}`}.`;
    const factors = answers.interventionObservations?.factors;
    const present = factors ? Object.values(factors).filter((v) => v === 'yes' || v === 'partially').length : 0;
    if (suggestedPriority === 5 && present > 0) {
      suggestedPriority = cfg.interventionPriority;
      suggestedPriorityReason = `${cfg.outcomes[outcome].title}, but there are observations suggesting need for intervention: ${
        cfg.priorities[String(suggestedPriority)] ?? `priority ${suggestedPriority}`
      }.`;
    }
  }

  const p = answers.priority ?? {};
  let priority: PriorityLevel | undefined;
  if (p.decision === 'accept') priority = suggestedPriority;
  else if (p.decision === 'change' && isLevel(p.level)) priority = p.level;

  return {
    outcome,
    flowchartOutcome: flow,
    crisis,
    title: entry.title,
    summary: entry.summary,
    actions: entry.actions.map((code) => ({ code, text: cfg.actions[code]! })),
    ...(nextQuestion ? { nextQuestion } : {}),
    reasons,
    ...(suggestedPriority !== undefined ? { suggestedPriority, suggestedPriorityReason } : {}),
    ...(priority !== undefined ? { priority } : {}),
    priorityChanged: priority !== undefined && suggestedPriority !== undefined && priority !== suggestedPriority,
  };
}
