import { expect } from '@open-wc/testing';
import { SchemaError } from '../errors.js';
import { riskMatrix } from '../generated/risk-matrix.js';
import { setAt } from '../pointer.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import { validateWith } from '../validate/validate.js';
import {
  highRisk,
  lowRisk,
  mediumRisk,
  policeReported,
  protectedPerson,
  quietBackground,
  raisedByJudgement,
  veryHighRisk,
  withActionPlan,
} from '../../../../stories/fixtures/risk-matrix.js';
import {
  RISK_MATRIX_POINTERS as P,
  riskMatrixScoringConfig,
  scoreRiskMatrix,
  type RiskMatrixResult,
  type RiskMatrixScoringConfig,
} from './risk-matrix.js';
import { prng, pick } from '../testing/random.js';

const config = riskMatrixScoringConfig();
const BANDS = config.bands.map((b) => b.code);
const QUESTIONS = Object.entries(config.questions);
const RISK_FACTORS = QUESTIONS.filter(([, q]) => q.no !== undefined);
const PROTECTIVE = QUESTIONS.filter(([, q]) => q.protective?.length);
const CASES = 400;



/**
 * A random answer set: each scored question unanswered (1 in 8) or a random option; the police
 * question and professional judgement (with a random level and a reason that may be blank) too.
 */
function randomAnswers(random: () => number, { severity = true } = {}): Record<string, unknown> {
  let data: Record<string, unknown> = {};
  for (const [pointer, q] of QUESTIONS) {
    if (pointer === P.severity && severity) {
      data = setAt(data, pointer, pick(random, Object.keys(q.weights)));
      continue;
    }
    if (random() < 0.125) continue;
    data = setAt(data, pointer, pick(random, Object.keys(q.weights)));
  }
  const police = pick(random, ['yes', 'no', undefined]);
  if (police) data = setAt(data, P.policeReported, police);
  const judgement = pick(random, ['calculated', 'raise', 'raise', undefined]);
  if (judgement) data = setAt(data, P.judgement, judgement);
  const raised = pick(random, [...BANDS, 'nonsense', undefined]);
  if (raised) data = setAt(data, P.raisedRisk, raised);
  const reason = pick(random, ['Seen near the office twice.', '   \n', '', undefined]);
  if (reason !== undefined) data = setAt(data, P.raiseReason, reason);
  return data;
}

const bandIndex = (r: RiskMatrixResult) => (r.band ? BANDS.indexOf(r.band) : -1);
const calcIndex = (r: RiskMatrixResult) => (r.calculatedBand ? BANDS.indexOf(r.calculatedBand) : -1);
const clone = (): Record<string, any> => structuredClone(riskMatrix.schema['x-scoring']) as Record<string, any>;

describe('riskMatrixScoringConfig: the x-scoring design', () => {
  it('scores every question of Appendix 4: A (1), B (21) and C (10), in document order', () => {
    expect(QUESTIONS.map(([p]) => p.split('/')[1])).to.deep.equal([
      'natureOfThreat',
      ...Array<string>(21).fill('subjectBackground'),
      ...Array<string>(10).fill('personsUnderThreat'),
    ]);
    const b = Object.keys(riskMatrix.schema.properties!['subjectBackground']!.properties!).filter((k) => k !== 'lifeFactorsDetails');
    expect(QUESTIONS.filter(([p]) => p.startsWith('/subjectBackground/')).map(([p]) => p.split('/')[2])).to.deep.equal(b);
  });

  it('gives a weight to every option of every scored question, and nothing else', () => {
    for (const [pointer, q] of QUESTIONS) {
      const options = optionsOf(riskMatrix.schema, schemaAt(riskMatrix.schema, pointer)!).map((o) => o.value);
      expect(Object.keys(q.weights).sort(), pointer).to.deep.equal([...options].sort());
    }
  });

  it('marks the six protective answers of DESIGN.md as protective, weighing 0', () => {
    const protective = Object.fromEntries(PROTECTIVE.map(([p, q]) => [p, q.protective]));
    expect(protective).to.deep.include({
      '/subjectBackground/socialSupport': ['yes'],
      '/subjectBackground/willingToSeekHelp': ['yes'],
      '/personsUnderThreat/mobilePhone': ['yes-coverage'],
      '/personsUnderThreat/exDirectory': ['yes', 'no-landline'],
      '/personsUnderThreat/peopleFinderRemoved': ['yes'],
      '/personsUnderThreat/vehicleBlocked': ['yes', 'no-vehicle'],
    });
    for (const [pointer, q] of PROTECTIVE) for (const code of q.protective!) expect(q.weights[code], `${pointer} ${code}`).to.equal(0);
  });

  it('has the bands low 0, medium 30, high 55, very high 80, with a Risk Strategy Group meeting from high', () => {
    expect(config.bands.map((b) => [b.code, b.min, b.riskStrategyGroup])).to.deep.equal([
      ['low', 0, false],
      ['medium', 30, false],
      ['high', 55, true],
      ['very-high', 80, true],
    ]);
    expect(scoreRiskMatrix({}).max).to.equal(119);
  });

  it('offers only bands as the risk to raise to, and every band as a target\u2019s level of risk', () => {
    const raise = optionsOf(riskMatrix.schema, schemaAt(riskMatrix.schema, P.raisedRisk)!).map((o) => o.value);
    expect(raise).to.deep.equal(['medium', 'high', 'very-high']);
    const level = optionsOf(riskMatrix.schema, schemaAt(riskMatrix.schema, '/actionPlan/targets/0/levelOfRisk')!).map((o) => o.value);
    expect(level).to.deep.equal(BANDS);
  });

  const refusals: [string, (c: Record<string, any>) => void, RegExp][] = [
    ['a protective answer that weighs more than 0', (c) => (c.questions['/subjectBackground/socialSupport'].weights.yes = 1), /protective answers never raise the score/],
    ['"not known" weighing less than "no"', (c) => Object.assign(c.questions['/personsUnderThreat/livesAlone'].weights, { no: 1, 'not-known': 0 }), /not known never scores lower than no/],
    ['a "yes" weighing less than "no"', (c) => (c.questions['/subjectBackground/weapons'].weights.no = 7), /never lower the score/],
    ['a negative weight', (c) => (c.questions['/subjectBackground/weapons'].weights.yes = -1), /0 or more/],
    ['a weight that is not a number', (c) => (c.questions['/subjectBackground/weapons'].weights.yes = '6'), /0 or more/],
    ['an infinite weight', (c) => (c.questions['/subjectBackground/weapons'].weights.yes = Infinity), /0 or more/],
    ['an option with no weight', (c) => delete c.questions['/personsUnderThreat/exDirectory'].weights['no-landline'], /"no-landline" has no weight/],
    ['a weight for an option that does not exist', (c) => (c.questions['/subjectBackground/weapons'].weights.maybe = 1), /"maybe" is not an option/],
    ['a question the schema does not have', (c) => (c.questions['/subjectBackground/nonsense'] = { label: 'x', weights: { yes: 1 } }), /no choice question/],
    ['"no" without "yes"', (c) => delete c.questions['/subjectBackground/weapons'].yes, /"no" and "yes" together/],
    ['a "yes" that is not an option', (c) => (c.questions['/subjectBackground/weapons'].yes = ['perhaps']), /not one of its options/],
    ['a floor that is not a band', (c) => (c.questions[P.severity].floors.serious = 'extreme'), /is not a band/],
    ['a floor on a protective answer', (c) => (c.questions['/subjectBackground/socialSupport'].floors = { yes: 'medium' }), /cannot set a floor/],
    ['a "yes" with a lower floor than "no"', (c) => (c.questions['/subjectBackground/weapons'].floors = { no: 'medium' }), /lower floor/],
    ['bands that do not start at 0', (c) => (c.bands[0].min = 5), /bands\[0\]\.min must be 0/],
    ['bands that do not ascend', (c) => (c.bands[2].min = 30), /higher than the band before/],
    ['a band above a Risk Strategy Group band that needs none', (c) => (c.bands[3].riskStrategyGroup = false), /needs one too/],
    ['a band twice', (c) => (c.bands[1].code = 'low'), /appears twice/],
    ['a band without a treatment', (c) => (c.bands[1].treatment = 'nothing'), /no treatment "nothing"/],
    ['a treatment whose action has no text', (c) => c.treatments.operational.actions.push('missing'), /no text for action "missing"/],
    ['a police treatment that does not exist', (c) => (c.policeTreatment = 'none'), /policeTreatment/],
    ['a topReasons that is not a whole number', (c) => (c.topReasons = 2.5), /topReasons/],
    ['no level of severity', (c) => delete c.questions[P.severity], /levelOfSeverity/],
    ['no incomplete texts', (c) => delete c.incomplete, /incomplete/],
    ['no bands', (c) => (c.bands = []), /bands is empty/],
  ];
  for (const [what, mutate, message] of refusals) {
    it(`refuses ${what}`, () => {
      const c = clone();
      mutate(c);
      expect(() => riskMatrixScoringConfig(c)).to.throw(SchemaError, message);
    });
  }

  it('refuses something that is not a configuration at all', () => {
    for (const bad of [undefined, null, 42, 'x', [], {}, { questions: {}, bands: {} }]) {
      expect(() => riskMatrixScoringConfig(bad === undefined ? null : bad), JSON.stringify(bad)).to.throw(SchemaError);
    }
  });

  it('names the error so after minification and keeps form data out of the message', () => {
    const c = clone();
    c.bands[0].min = 5;
    try {
      riskMatrixScoringConfig(c);
      expect.fail('no error');
    } catch (e) {
      expect((e as Error).name).to.equal('SchemaError');
      expect((e as Error).message).to.match(/^scoreRiskMatrix: /);
    }
  });

  it('skips the option check when no schema is given', () => {
    const c = clone();
    c.questions['/elsewhere/question'] = { label: 'Elsewhere', weights: { a: 1, b: 0 } };
    expect(() => riskMatrixScoringConfig(c, null)).not.to.throw();
    expect(() => riskMatrixScoringConfig(c)).to.throw(SchemaError);
  });

  it('scores with an organisation\u2019s own weights and texts', () => {
    const c = clone();
    c.questions[P.severity].weights.low = 40;
    c.bands[1].title = 'Moderate concern';
    const own = riskMatrixScoringConfig(c) as RiskMatrixScoringConfig;
    const r = scoreRiskMatrix(lowRisk, own);
    expect(r.total).to.equal(52);
    expect(r.max).to.equal(119 + 25);
    expect(r.title).to.equal('Moderate concern');
    expect(scoreRiskMatrix(lowRisk).title).to.equal('Low risk');
  });
});

describe('scoreRiskMatrix: score, band and treatment plan', () => {
  it('is not yet scored, asking for the level of severity, when nothing is answered', () => {
    for (const data of [{}, undefined, null, 'nonsense', 42, [], { natureOfThreat: null }, { natureOfThreat: { levelOfSeverity: 'extreme' } }]) {
      const r = scoreRiskMatrix(data);
      expect(r.status, JSON.stringify(data)).to.equal('incomplete');
      expect(r.title).to.equal('Not yet scored');
      expect(r.summary).to.match(/level of severity/);
      expect(r.total).to.equal(0);
      expect(r.max).to.equal(119);
      expect(r.band).to.equal(undefined);
      expect(r.nextQuestion).to.equal(P.severity);
      expect(r.riskStrategyGroup).to.deep.equal({ required: false, reasons: [], provisional: true });
      expect(r.actions).to.deep.equal([]);
      expect(r.crisis).to.equal(false);
    }
  });

  const profiles: [string, unknown, number, string, string, boolean][] = [
    ['low', lowRisk, 14, 'Low risk', 'operational', false],
    ['medium', mediumRisk, 38, 'Medium risk', 'operational-advice', false],
    ['high', highRisk, 62, 'High risk', 'risk-strategy-group', true],
    ['very high', veryHighRisk, 89, 'Very high risk', 'risk-strategy-group-urgent', true],
  ];
  for (const [name, data, total, title, treatment, rsg] of profiles) {
    it(`scores the ${name} profile ${total} of 119: ${title}, ${treatment}`, () => {
      expect(validateWith(riskMatrix, data).errors).to.deep.equal([]);
      const r = scoreRiskMatrix(data);
      expect(r.status).to.equal('complete');
      expect(r.answered).to.equal(32);
      expect(r.questionCount).to.equal(32);
      expect(r.total).to.equal(total);
      expect(r.title).to.equal(title);
      expect(r.bandTitle).to.equal(title);
      expect(r.calculatedBand).to.equal(r.band);
      expect(r.treatment?.code).to.equal(treatment);
      expect(r.summary).to.equal(config.treatments[treatment]!.text);
      expect(r.actions.map((a) => a.code)).to.deep.equal(config.treatments[treatment]!.actions);
      expect(r.riskStrategyGroup.required).to.equal(rsg);
      expect(r.crisis).to.equal(name === 'very high');
      expect(r.raisedByJudgement).to.equal(false);
      expect('nextQuestion' in r).to.equal(false);
      expect(r.explanation[0]).to.match(new RegExp(`^Overall score ${total} out of 119: ${title}`));
    });
  }

  it('gives a lower level a recorded operational meeting with line managers and Health and Safety, and regular review', () => {
    for (const data of [lowRisk, mediumRisk]) {
      const r = scoreRiskMatrix(data);
      expect(r.summary).to.match(/lower level operational meeting/);
      expect(r.summary).to.match(/line managers/);
      expect(r.summary).to.match(/Health and Safety/);
      expect(r.summary).to.match(/regular basis/);
      const actions = r.actions.map((a) => a.text).join(' ');
      expect(actions).to.match(/notes\/minutes/);
      expect(actions).to.match(/record and allocate actions/);
      expect(r.riskStrategyGroup.required).to.equal(false);
    }
  });

  it('gives a significant level a full Risk Strategy Group meeting chaired with authority, with the Police', () => {
    for (const data of [highRisk, veryHighRisk]) {
      const r = scoreRiskMatrix(data);
      expect(r.summary).to.match(/^A full Risk Strategy Group meeting is required/);
      expect(r.summary).to.match(/chaired by someone with sufficient authority/);
      expect(r.summary).to.match(/Police/);
      expect(r.riskStrategyGroup.reasons).to.have.length(1);
      expect(r.riskStrategyGroup.reasons[0]).to.match(/significant level of risk/);
      expect(r.actions.map((a) => a.code)).to.include.members(['rsg-meeting', 'police', 'action-plan', 'restricted']);
    }
  });

  it('puts the boundaries where the bands say: 29 is low, 30 medium', () => {
    const at29 = {
      natureOfThreat: { levelOfSeverity: 'moderate' },
      subjectBackground: { addressKnowledge: 'yes', weapons: 'yes', actionPlan: 'yes', previousConvictions: 'yes', previousIncidentReports: 'yes' },
    };
    expect(scoreRiskMatrix(at29).total).to.equal(29);
    expect(scoreRiskMatrix(at29).band).to.equal('low');
    const at30 = setAt(at29, '/subjectBackground/criminalHistory', 'not-known');
    expect(scoreRiskMatrix(at30).total).to.equal(30);
    expect(scoreRiskMatrix(at30).band).to.equal('medium');
    expect(scoreRiskMatrix(at30).explanation[0]).to.equal('Overall score 30 out of 119: Medium risk (30 to 54).');
  });

  it('scores every question at its highest as 119, very high', () => {
    let data: Record<string, unknown> = {};
    for (const [pointer, q] of QUESTIONS) {
      const top = Object.entries(q.weights).sort((a, b) => b[1] - a[1])[0]![0];
      data = setAt(data, pointer, top);
    }
    const r = scoreRiskMatrix(data);
    expect(r.total).to.equal(119);
    expect(r.band).to.equal('very-high');
    expect(r.explanation[0]).to.equal('Overall score 119 out of 119: Very high risk (80 or more).');
  });

  it('scores quiet answers at the level of severity alone', () => {
    for (const [severity, total] of [['low', 2], ['moderate', 5], ['serious', 10], ['very-serious', 15]] as const) {
      const r = scoreRiskMatrix({ natureOfThreat: { levelOfSeverity: severity }, subjectBackground: quietBackground, personsUnderThreat: protectedPerson });
      expect(r.total, severity).to.equal(total);
    }
  });

  it('puts a direct threat of harm at least at medium and a threat to kill at least at high (severity floors)', () => {
    const quiet = { subjectBackground: quietBackground, personsUnderThreat: protectedPerson };
    const serious = scoreRiskMatrix({ ...quiet, natureOfThreat: { levelOfSeverity: 'serious' } });
    expect(serious.band).to.equal('medium');
    expect(serious.explanation).to.deep.equal([
      'Overall score 10 out of 119: Low risk (0 to 29).',
      'Level of severity: Serious \u2013 a direct threat of physical harm, so at least Medium risk.',
    ]);
    const verySerious = scoreRiskMatrix({ ...quiet, natureOfThreat: { levelOfSeverity: 'very-serious' } });
    expect(verySerious.band).to.equal('high');
    expect(verySerious.riskStrategyGroup.required).to.equal(true);
    expect(scoreRiskMatrix({ ...quiet, natureOfThreat: { levelOfSeverity: 'moderate' } }).band).to.equal('low');
    // A floor never lowers a band the score already reached.
    expect(scoreRiskMatrix(setAt(veryHighRisk, P.severity, 'serious')).band).to.equal('very-high');
  });

  it('is provisional while questions are unanswered, naming the next one, and counts unanswered as 0', () => {
    const r = scoreRiskMatrix({ natureOfThreat: { levelOfSeverity: 'moderate' }, subjectBackground: { previousConvictions: 'yes' } });
    expect(r.status).to.equal('provisional');
    expect(r.answered).to.equal(2);
    expect(r.total).to.equal(9);
    expect(r.title).to.equal('Low risk');
    expect(r.nextQuestion).to.equal('/subjectBackground/addressKnowledge');
  });

  it('ignores answers that are not options, wrong types and inherited keys', () => {
    const data = JSON.parse(
      '{"__proto__": {"natureOfThreat": {"levelOfSeverity": "very-serious"}}, "natureOfThreat": {"levelOfSeverity": "low"}, "subjectBackground": {"weapons": 6, "actionPlan": "YES", "previousConvictions": ["yes"], "toString": "yes"}, "personsUnderThreat": "yes"}',
    );
    const r = scoreRiskMatrix(data);
    expect(r.total).to.equal(2);
    expect(r.answered).to.equal(1);
    expect(({} as Record<string, unknown>)['natureOfThreat']).to.equal(undefined);
    expect(scoreRiskMatrix(Object.create({ natureOfThreat: { levelOfSeverity: 'serious' } })).status).to.equal('incomplete');
  });

  it('gives the answers that moved the score most as reasons, most points first, ties in document order', () => {
    const r = scoreRiskMatrix(veryHighRisk);
    expect(r.reasons).to.deep.equal([
      'Level of severity: Very serious \u2013 a threat to kill or cause serious injury, or involving a weapon (+15)',
      'Knows the address, or lives in close proximity: Yes (+6)',
      'Previous violent, threatening or stalking behaviour: Yes, and it has increased in frequency and/or seriousness recently (+6)',
      'Weapons expertise, firearms certificate or keeping weapons: Yes (+6)',
      'Pre-determined action plan, ability and tools: Yes (+6)',
    ]);
    expect(r.contributions.reduce((s, c) => s + c.points, 0)).to.equal(r.total);
    expect(r.contributions.every((c) => c.points > 0)).to.equal(true);
    for (let i = 1; i < r.contributions.length; i++) expect(r.contributions[i - 1]!.points).to.be.at.least(r.contributions[i]!.points);
  });

  it('never gives a protective answer as a reason', () => {
    const r = scoreRiskMatrix(lowRisk);
    const protectiveLabels = PROTECTIVE.map(([, q]) => q.label);
    expect(r.contributions.map((c) => c.label).filter((l) => protectiveLabels.includes(l))).to.deep.equal([]);
    expect(r.reasons).to.have.length(5);
  });
});

describe('scoreRiskMatrix: reported to the Police', () => {
  it('requires a Risk Strategy Group meeting for a low score, and says why', () => {
    const r = scoreRiskMatrix(policeReported);
    expect(r.band).to.equal('low');
    expect(r.title).to.equal('Low risk');
    expect(r.riskStrategyGroup.required).to.equal(true);
    expect(r.riskStrategyGroup.reasons).to.deep.equal([
      'The incident has been formally reported to the Police: a Risk Strategy Group meeting should be arranged whatever the score.',
    ]);
    expect(r.treatment?.code).to.equal('risk-strategy-group');
    expect(r.summary).to.match(/^A full Risk Strategy Group meeting is required/);
    expect(r.actions.map((a) => a.code)).to.include('rsg-meeting');
  });

  it('gives both reasons when the band needs one too', () => {
    const r = scoreRiskMatrix(withActionPlan);
    expect(r.band).to.equal('high');
    expect(r.riskStrategyGroup.reasons).to.have.length(2);
    expect(r.treatment?.code).to.equal('risk-strategy-group');
  });

  it('requires one even before anything is scored', () => {
    const r = scoreRiskMatrix({ assessment: { policeReported: 'yes' } });
    expect(r.status).to.equal('incomplete');
    expect(r.title).to.equal('Not yet scored');
    expect(r.riskStrategyGroup.required).to.equal(true);
    expect(r.summary).to.match(/^A full Risk Strategy Group meeting is required/);
  });

  it('does not for "no" or anything other than "yes"; it may still, until the question is answered "no"', () => {
    for (const v of ['no', 'Yes', true, 1, undefined]) {
      const rsg = scoreRiskMatrix(setAt(lowRisk, P.policeReported, v)).riskStrategyGroup;
      expect(rsg.required, String(v)).to.equal(false);
      expect(rsg.provisional, String(v)).to.equal(v !== 'no');
    }
  });

  it('is settled only once every question is answered and the Police question is "no"', () => {
    expect(scoreRiskMatrix(lowRisk).riskStrategyGroup.provisional).to.equal(false);
    const unanswered = structuredClone(lowRisk) as { subjectBackground: Record<string, unknown> };
    delete unanswered.subjectBackground['weapons'];
    expect(scoreRiskMatrix(unanswered).riskStrategyGroup.provisional).to.equal(true);
    expect(scoreRiskMatrix(policeReported).riskStrategyGroup.provisional).to.equal(false);
    expect(scoreRiskMatrix(highRisk).riskStrategyGroup.provisional).to.equal(false);
  });
});

describe('scoreRiskMatrix: professional judgement', () => {
  it('raises the band with a reason, and the result says so', () => {
    const r = scoreRiskMatrix(raisedByJudgement);
    expect(r.calculatedBand).to.equal('medium');
    expect(r.band).to.equal('high');
    expect(r.title).to.equal('High risk');
    expect(r.raisedByJudgement).to.equal(true);
    expect(r.judgement).to.deep.equal({
      applied: true,
      from: 'medium',
      to: 'high',
      note: 'Raised from Medium risk to High risk on professional judgement; the reason is recorded with the assessment.',
    });
    expect(r.explanation).to.include(r.judgement!.note);
    expect(r.riskStrategyGroup.required).to.equal(true);
    expect(r.riskStrategyGroup.reasons[0]).to.match(/raised on professional judgement/);
    expect(r.treatment?.code).to.equal('risk-strategy-group');
    expect(r.total).to.equal(38);
  });

  it('does not copy the reason (personal data) into the result', () => {
    expect(JSON.stringify(scoreRiskMatrix(raisedByJudgement))).not.to.contain('twice this week');
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['without a reason', { professionalJudgement: 'raise', raisedRisk: 'high' }, /give the reason/],
    ['with a blank reason', { professionalJudgement: 'raise', raisedRisk: 'high', raiseReason: ' \n\t ' }, /give the reason/],
    ['without a level', { professionalJudgement: 'raise', raiseReason: 'Because.' }, /choose the risk to raise to/],
    ['to a level that is not a band', { professionalJudgement: 'raise', raisedRisk: 'extreme', raiseReason: 'Because.' }, /choose the risk to raise to/],
    ['to the calculated level', { professionalJudgement: 'raise', raisedRisk: 'medium', raiseReason: 'Because.' }, /already Medium risk/],
  ];
  for (const [what, risk, note] of refused) {
    it(`does not raise ${what}, and says why`, () => {
      const r = scoreRiskMatrix({ ...mediumRisk, risk });
      expect(r.band).to.equal('medium');
      expect(r.raisedByJudgement).to.equal(false);
      expect(r.judgement?.applied).to.equal(false);
      expect(r.judgement?.note).to.match(note);
      expect(r.explanation).to.include(r.judgement!.note);
    });
  }

  it('never lowers the band, and says so', () => {
    const r = scoreRiskMatrix({ ...veryHighRisk, risk: { professionalJudgement: 'raise', raisedRisk: 'medium', raiseReason: 'Feels calmer.' } });
    expect(r.band).to.equal('very-high');
    expect(r.judgement?.note).to.equal('Professional judgement can raise the risk, never lower it: the calculated Very high risk stands.');
  });

  it('ignores a raise once the judgement is "use the calculated risk"', () => {
    const r = scoreRiskMatrix({ ...mediumRisk, risk: { professionalJudgement: 'calculated', raisedRisk: 'very-high', raiseReason: 'Old answer.' } });
    expect(r.band).to.equal('medium');
    expect(r.judgement).to.equal(undefined);
  });

  it('needs a calculated risk to raise', () => {
    const r = scoreRiskMatrix({ risk: { professionalJudgement: 'raise', raisedRisk: 'high', raiseReason: 'Because.' } });
    expect(r.band).to.equal(undefined);
    expect(r.judgement?.note).to.match(/level of severity first/);
  });
});

describe('scoreRiskMatrix: the rules hold for random answer sets', () => {
  it(`protective answers never raise the score or the band (${CASES} random cases)`, () => {
    const random = prng(20261120);
    let checks = 0;
    for (let i = 0; i < CASES; i++) {
      const base = randomAnswers(random, { severity: random() < 0.9 });
      const before = scoreRiskMatrix(base);
      for (const [pointer, q] of PROTECTIVE) {
        for (const code of q.protective!) {
          const after = scoreRiskMatrix(setAt(base, pointer, code));
          expect(after.total, `case ${i} ${pointer}=${code}`).to.be.at.most(before.total);
          expect(bandIndex(after), `case ${i} ${pointer}=${code}`).to.be.at.most(bandIndex(before));
          if (!before.riskStrategyGroup.required) expect(after.riskStrategyGroup.required).to.equal(false);
          checks++;
        }
      }
    }
    expect(checks).to.equal(CASES * PROTECTIVE.reduce((n, [, q]) => n + q.protective!.length, 0));
  });

  it(`"not known" on a risk factor never scores lower than "no" (${CASES} random cases)`, () => {
    const random = prng(4);
    for (let i = 0; i < CASES; i++) {
      const base = randomAnswers(random);
      for (const [pointer, q] of RISK_FACTORS) {
        const no = scoreRiskMatrix(setAt(base, pointer, q.no));
        const notKnown = scoreRiskMatrix(setAt(base, pointer, q.notKnown));
        expect(notKnown.total, `case ${i} ${pointer}`).to.be.at.least(no.total);
        expect(bandIndex(notKnown), `case ${i} ${pointer}`).to.be.at.least(bandIndex(no));
      }
    }
    // 32 scored questions: the level of severity and the 6 purely protective ones are not yes/no risk factors.
    expect(RISK_FACTORS.length).to.equal(25);
  });

  it(`turning any risk factor from "no" to "yes" never lowers the band (${CASES} random cases)`, () => {
    const random = prng(1066);
    for (let i = 0; i < CASES; i++) {
      const base = randomAnswers(random);
      for (const [pointer, q] of RISK_FACTORS) {
        const no = scoreRiskMatrix(setAt(base, pointer, q.no));
        for (const yes of q.yes!) {
          const flipped = scoreRiskMatrix(setAt(base, pointer, yes));
          const where = `case ${i} ${pointer}: ${q.no} -> ${yes}`;
          expect(flipped.total, where).to.be.at.least(no.total);
          expect(calcIndex(flipped), where).to.be.at.least(calcIndex(no));
          expect(bandIndex(flipped), where).to.be.at.least(bandIndex(no));
          if (no.riskStrategyGroup.required) expect(flipped.riskStrategyGroup.required, where).to.equal(true);
        }
      }
    }
  });

  it(`a threat reported to the Police always requires a Risk Strategy Group meeting (${CASES} random cases)`, () => {
    const random = prng(999);
    for (let i = 0; i < CASES; i++) {
      const data = setAt(randomAnswers(random, { severity: random() < 0.8 }), P.policeReported, 'yes');
      const r = scoreRiskMatrix(data);
      expect(r.riskStrategyGroup.required, `case ${i}`).to.equal(true);
      expect(r.riskStrategyGroup.reasons.some((s) => /reported to the Police/.test(s)), `case ${i}`).to.equal(true);
      expect(r.summary, `case ${i}`).to.match(/^A full Risk Strategy Group meeting is required/);
      expect(r.actions.map((a) => a.code), `case ${i}`).to.include('rsg-meeting');
    }
  });

  it(`professional judgement only raises the band, and only with a reason (${CASES} random cases)`, () => {
    const random = prng(31337);
    let applied = 0;
    for (let i = 0; i < CASES; i++) {
      const data = setAt(randomAnswers(random), P.judgement, 'raise');
      const r = scoreRiskMatrix(data);
      const without = scoreRiskMatrix(setAt(data, P.judgement, 'calculated'));
      expect(r.calculatedBand, `case ${i}`).to.equal(without.band);
      expect(bandIndex(r), `case ${i}`).to.be.at.least(calcIndex(r));
      expect(r.raisedByJudgement, `case ${i}`).to.equal(r.band !== r.calculatedBand);
      if (r.raisedByJudgement) {
        applied++;
        const reason = (data['risk'] as Record<string, unknown>)['raiseReason'];
        expect(typeof reason === 'string' && /\S/.test(reason), `case ${i}`).to.equal(true);
        expect(r.band).to.equal((data['risk'] as Record<string, unknown>)['raisedRisk']);
        expect(r.explanation.some((e) => /on professional judgement/.test(e))).to.equal(true);
      }
    }
    // The random sets reach both outcomes, so the property is not vacuous.
    expect(applied).to.be.greaterThan(20);
    expect(applied).to.be.lessThan(CASES);
  });

  it(`the band is the score band, raised by any floor (${CASES} random cases)`, () => {
    const random = prng(7);
    for (let i = 0; i < CASES; i++) {
      const r = scoreRiskMatrix(randomAnswers(random));
      const byScore = config.bands.reduce((found, b, j) => (r.total >= b.min ? j : found), 0);
      expect(calcIndex(r), `case ${i}`).to.be.at.least(byScore);
      expect(r.total).to.be.within(0, r.max);
    }
  });
});
