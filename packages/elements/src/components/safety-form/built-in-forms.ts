/**
 * The generated forms `<safety-form form="...">` shows, each fetched when first asked for: its schema,
 * precompiled validator and scorer, the same chunk its own element (`<threat-report-form>`...) loads,
 * so a page with one of them never loads the others, nor the interpreting validator of `schema-src`.
 * The same ids as core's `forms` and the same scorers as its `scorers` (safety-form.test.ts checks).
 */
import type { FormDefinition, ResultSummary } from '@safety-forms/core/runtime';

/** A generated form and the result it computes (none for a form without a scorer). */
export interface BuiltInForm {
  form: FormDefinition;
  score?: (data: unknown) => ResultSummary;
}

/** The form's module and its scorer's, fetched side by side (one round trip, not two). */
const both = async <F, S>(form: Promise<F>, scorer: Promise<S>, pick: (f: F, s: S) => BuiltInForm) => {
  const [f, s] = await Promise.all([form, scorer]);
  return pick(f, s);
};

/** Every generated form by id: a loader that resolves with it. */
export const builtInForms: Readonly<Record<string, () => Promise<BuiltInForm>>> = Object.freeze({
  'emergency-contact': async () => ({ form: (await import('@safety-forms/core/forms/emergency-contact')).emergencyContact as FormDefinition }),
  'incident-report': () => both(import('@safety-forms/core/forms/incident-report'), import('@safety-forms/core/score/incident'), (f, s) => ({ form: f.incidentReport as FormDefinition, score: s.classifyIncident })),
  'offender-description': () =>
    both(import('@safety-forms/core/forms/offender-description'), import('@safety-forms/core/describe/offender'), (f, s) => ({ form: f.offenderDescription as FormDefinition, score: s.describeOffender })),
  'risk-assessment': () => both(import('@safety-forms/core/forms/risk-assessment'), import('@safety-forms/core/score/risk-assessment'), (f, s) => ({ form: f.riskAssessment as FormDefinition, score: s.scoreRiskAssessment })),
  'risk-matrix': () => both(import('@safety-forms/core/forms/risk-matrix'), import('@safety-forms/core/score/risk-matrix'), (f, s) => ({ form: f.riskMatrix as FormDefinition, score: s.scoreRiskMatrix })),
  'risk-strategy-meeting': async () => ({ form: (await import('@safety-forms/core/forms/risk-strategy-meeting')).riskStrategyMeeting as FormDefinition }),
  'threat-interview': async () => ({ form: (await import('@safety-forms/core/forms/threat-interview')).threatInterview as FormDefinition }),
  'threat-report': () => both(import('@safety-forms/core/forms/threat-report'), import('@safety-forms/core/score/threat'), (f, s) => ({ form: f.threatReport as FormDefinition, score: s.classifyThreat })),
  'traffic-light-referral': () =>
    both(import('@safety-forms/core/forms/traffic-light-referral'), import('@safety-forms/core/score/referral'), (f, s) => ({ form: f.trafficLightReferral as FormDefinition, score: s.classifyReferral })),
});
