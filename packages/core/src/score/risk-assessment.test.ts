import { expect } from '@open-wc/testing';
import { assessmentWithErrors, extremeRisk, lowRiskAssessment, minimalAssessment, partAssessment, trustWide } from '../../../../stories/fixtures/risk-assessment.js';
import { SchemaError } from '../errors.js';
import { riskAssessment } from '../generated/risk-assessment.js';
import { customScorer } from '../schema/custom-scoring.js';
import { answersAsSubmitted } from '../schema/submitted.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import { validateWith } from '../validate/validate.js';
import { prng, pick } from '../testing/random.js';
import { scoreForm, scorers } from './index.js';
import { riskAssessmentBand, riskAssessmentScoringConfig, scoreRiskAssessment, type RiskAssessmentResult, type RiskAssessmentScoringConfig } from './risk-assessment.js';

const SCHEMA = riskAssessment.schema;
const LIST = '/risks/hazards';
const config = riskAssessmentScoringConfig();
const L_CODES = optionsOf(SCHEMA, schemaAt(SCHEMA, `${LIST}/0/likelihood`)!).map((o) => o.value as string);
const C_CODES = optionsOf(SCHEMA, schemaAt(SCHEMA, `${LIST}/0/consequence`)!).map((o) => o.value as string);
const BAND_ORDER = config.bands.map((b) => b.code);
const CASES = 400;

/** The scales as the brief and the README give them: 1 rare .. 5 almost certain; 1 negligible .. 5 catastrophic. */
const LIKELIHOOD = { rare: 1, unlikely: 2, possible: 3, likely: 4, 'almost-certain': 5 };
const CONSEQUENCE = { negligible: 1, minor: 2, moderate: 3, major: 4, catastrophic: 5 };
/** The bands, as ranges written out by hand (1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme). */
const expectedBand = (r: number) => (r <= 3 ? 'low' : r <= 6 ? 'moderate' : r <= 12 ? 'high' : 'extreme');

const hazard = (likelihood?: unknown, consequence?: unknown, furtherActions?: unknown) => ({
  activity: 'Responding',
  hazard: 'Aggressive bystanders',
  personsAffected: 'Staff',
  controlMeasures: 'None',
  ...(likelihood === undefined ? {} : { likelihood }),
  ...(consequence === undefined ? {} : { consequence }),
  ...(furtherActions === undefined ? {} : { furtherActions }),
});
const withHazards = (hazards: unknown[]) => ({ risks: { hazards } });
const score = (hazards: unknown[]) => scoreRiskAssessment(withHazards(hazards));

/** A random answer for one scale: mostly an option, sometimes missing, blank, or not an option at all. */
function answer(random: () => number, codes: string[]): unknown {
  const r = random();
  if (r < 0.1) return undefined;
  if (r < 0.14) return '';
  if (r < 0.18) return pick(random, ['RARE', 'seven', 3, null, '$comment', 'constructor', '__proto__', ['rare']]);
  return pick(random, codes);
}

function randomHazards(random: () => number): ReturnType<typeof hazard>[] {
  const n = Math.floor(random() * 7);
  return Array.from({ length: n }, () => hazard(answer(random, L_CODES), answer(random, C_CODES), pick(random, [undefined, '', '  \n', 'Review every quarter.'])));
}

const bandIndex = (code: string | undefined) => (code === undefined ? -1 : BAND_ORDER.indexOf(code));

describe('scoreRiskAssessment', () => {
  describe('the scales and bands are data in x-scoring', () => {
    it('scores likelihood 1 rare .. 5 almost certain and consequence 1 negligible .. 5 catastrophic, the options in that order', () => {
      expect(config.likelihood.scores).to.deep.equal(LIKELIHOOD);
      expect(config.consequence.scores).to.deep.equal(CONSEQUENCE);
      expect(L_CODES).to.deep.equal(Object.keys(LIKELIHOOD));
      expect(C_CODES).to.deep.equal(Object.keys(CONSEQUENCE));
      expect(optionsOf(SCHEMA, schemaAt(SCHEMA, `${LIST}/0/likelihood`)!).map((o) => o.title)).to.deep.equal(['1 Rare', '2 Unlikely', '3 Possible', '4 Likely', '5 Almost certain']);
      expect(optionsOf(SCHEMA, schemaAt(SCHEMA, `${LIST}/0/consequence`)!).map((o) => o.title)).to.deep.equal(['1 Negligible', '2 Minor', '3 Moderate', '4 Major', '5 Catastrophic']);
      expect(config.bands.map((b) => [b.code, b.min, b.max, b.furtherAction, !!b.severe])).to.deep.equal([
        ['low', 1, 3, false, false],
        ['moderate', 4, 6, false, false],
        ['high', 8, 12, true, false],
        ['extreme', 15, 25, true, true],
      ]);
      expect(String(SCHEMA['x-scoring']!['$comment' as never])).to.contain('L x C');
    });

    it('every one of the 25 combinations: R = L x C, in its band, as the table written out by hand says', () => {
      const seen = new Map<string, number[]>();
      for (const [l, ls] of Object.entries(LIKELIHOOD)) {
        for (const [c, cs] of Object.entries(CONSEQUENCE)) {
          const r = score([hazard(l, c)]);
          const h = r.hazards[0]!;
          expect(h.rating, `${l} x ${c}`).to.equal(ls * cs);
          expect(h.band, `${l} x ${c}`).to.equal(expectedBand(ls * cs));
          expect(r.overallRating).to.equal(ls * cs);
          expect(r.status).to.equal('complete');
          seen.set(h.band!, [...(seen.get(h.band!) ?? []), ls * cs]);
        }
      }
      expect([...new Set(seen.get('low'))].sort((a, b) => a - b)).to.deep.equal([1, 2, 3]);
      expect([...new Set(seen.get('moderate'))].sort((a, b) => a - b)).to.deep.equal([4, 5, 6]);
      expect([...new Set(seen.get('high'))].sort((a, b) => a - b)).to.deep.equal([8, 9, 10, 12]);
      expect([...new Set(seen.get('extreme'))].sort((a, b) => a - b)).to.deep.equal([15, 16, 20, 25]);
    });

    it('band boundaries: 3 low and 4 moderate, 6 moderate and 8 high, 12 high and 15 extreme; 7, 13 and 14 (which 5 x 5 cannot make) are in no band', () => {
      const at = (r: number) => riskAssessmentBand(r)?.code;
      expect([1, 3, 4, 6, 8, 12, 15, 25].map(at)).to.deep.equal(['low', 'low', 'moderate', 'moderate', 'high', 'high', 'extreme', 'extreme']);
      for (const r of [0, 7, 13, 14, 26]) expect(at(r), String(r)).to.equal(undefined);
      // The same boundaries through the form: 1 x 3, 2 x 2, 2 x 3, 2 x 4, 3 x 4, 3 x 5.
      const pairs: [string, string, string][] = [
        ['rare', 'moderate', 'low'],
        ['unlikely', 'minor', 'moderate'],
        ['unlikely', 'moderate', 'moderate'],
        ['unlikely', 'major', 'high'],
        ['possible', 'major', 'high'],
        ['possible', 'catastrophic', 'extreme'],
      ];
      for (const [l, c, band] of pairs) expect(score([hazard(l, c)]).band, `${l} x ${c}`).to.equal(band);
    });
  });

  describe('properties over random assessments', () => {
    it(`${CASES} random assessments: each rated hazard's R = L x C and its band holds R; the overall rating is the highest and its band the highest band`, () => {
      const random = prng(20261117);
      for (let i = 0; i < CASES; i++) {
        const hazards = randomHazards(random);
        const r = score(hazards);
        const where = `case ${i}: ${JSON.stringify(hazards.map((h) => [h.likelihood, h.consequence]))}`;
        expect(r.hazards, where).to.have.length(hazards.length);
        const ratings: number[] = [];
        r.hazards.forEach((h, j) => {
          const l = hazards[j]!.likelihood;
          const c = hazards[j]!.consequence;
          const ls = typeof l === 'string' && Object.prototype.hasOwnProperty.call(LIKELIHOOD, l) ? LIKELIHOOD[l as keyof typeof LIKELIHOOD] : undefined;
          const cs = typeof c === 'string' && Object.prototype.hasOwnProperty.call(CONSEQUENCE, c) ? CONSEQUENCE[c as keyof typeof CONSEQUENCE] : undefined;
          expect(h.ref, where).to.equal(j + 1);
          if (ls === undefined || cs === undefined) {
            expect(h.rating, `${where}: hazard ${j + 1} unrated`).to.equal(undefined);
            expect(h.band).to.equal(undefined);
            expect(h.furtherActionNeeded).to.equal(false);
            expect(h.nextQuestion).to.equal(`${LIST}/${j}/${ls === undefined ? 'likelihood' : 'consequence'}`);
          } else {
            expect(h.rating, where).to.equal(ls * cs);
            expect(h.band, where).to.equal(expectedBand(ls * cs));
            const band = config.bands.find((b) => b.code === h.band)!;
            expect(band.min <= h.rating! && h.rating! <= band.max).to.equal(true);
            const recorded = typeof hazards[j]!.furtherActions === 'string' && hazards[j]!.furtherActions!.trim() !== '';
            expect(h.furtherActionNeeded, where).to.equal(band.furtherAction && !recorded);
            ratings.push(ls * cs);
          }
        });
        expect(r.rated).to.equal(ratings.length);
        if (!ratings.length) {
          expect(r, where).to.include({ status: 'incomplete', title: 'Not yet rated', crisis: false });
          expect(r.overallRating).to.equal(undefined);
          expect(r.band).to.equal(undefined);
          expect(r.nextQuestion, where).to.equal(hazards.length ? r.hazards[0]!.nextQuestion : LIST);
          continue;
        }
        const max = Math.max(...ratings);
        expect(r.overallRating, where).to.equal(max);
        expect(r.band, where).to.equal(expectedBand(max));
        expect(bandIndex(r.band), where).to.equal(Math.max(...r.hazards.map((h) => bandIndex(h.band))));
        expect(r.highest, where).to.deep.equal(r.hazards.filter((h) => h.rating === max).map((h) => h.ref));
        expect(r.status, where).to.equal(ratings.length === hazards.length ? 'complete' : 'provisional');
        expect(r.crisis, where).to.equal(r.band === 'extreme');
        expect(r.actions.map((a) => a.code), where).to.deep.equal(r.hazards.filter((h) => h.furtherActionNeeded).map((h) => `further-action-${h.ref}`));
        expect(r.title).to.equal(config.bands.find((b) => b.code === r.band)!.title);
      }
    });

    it('a higher likelihood or consequence never lowers a rating or its band; adding a hazard never lowers the overall rating', () => {
      const random = prng(17);
      for (let i = 0; i < CASES; i++) {
        const l = pick(random, L_CODES);
        const c = pick(random, C_CODES);
        const before = score([hazard(l, c)]).hazards[0]!;
        const higherL = L_CODES[Math.min(L_CODES.length - 1, L_CODES.indexOf(l) + 1)]!;
        const higherC = C_CODES[Math.min(C_CODES.length - 1, C_CODES.indexOf(c) + 1)]!;
        for (const after of [score([hazard(higherL, c)]).hazards[0]!, score([hazard(l, higherC)]).hazards[0]!]) {
          expect(after.rating!).to.be.at.least(before.rating!);
          expect(bandIndex(after.band)).to.be.at.least(bandIndex(before.band));
        }
        const hazards = randomHazards(random);
        const base = score(hazards);
        const more = score([...hazards, hazard(pick(random, L_CODES), pick(random, C_CODES))]);
        expect(more.overallRating!).to.be.at.least(base.overallRating ?? 0);
        expect(bandIndex(more.band)).to.be.at.least(bandIndex(base.band));
      }
    });

    it('hidden and missing answers: the answers are taken as submitted, and an unrated hazard never counts as 1', () => {
      const random = prng(99);
      for (let i = 0; i < CASES / 4; i++) {
        const data = { ...withHazards(randomHazards(random)), assessment: { location: pick(random, ['', 'Trust Wide', undefined]) }, unknown: { x: 1 } };
        expect(scoreRiskAssessment(data), `case ${i}`).to.deep.equal(scoreRiskAssessment(answersAsSubmitted(SCHEMA, data)));
      }
      // A blank, missing or foreign answer leaves the hazard unrated: with a rated low hazard beside it, the overall stays low and provisional.
      for (const missing of [undefined, '', '   ', 'seven', 5, null, '__proto__', 'constructor']) {
        const r = score([hazard('rare', 'negligible'), hazard('almost-certain', missing)]);
        expect(r.hazards[1]!.rating, String(missing)).to.equal(undefined);
        expect(r.hazards[1]!.text).to.equal('Hazard 2: not yet rated (choose its consequence).');
        expect(r).to.include({ status: 'provisional', overallRating: 1, band: 'low', nextQuestion: `${LIST}/1/consequence` });
        expect(r.reasons.at(-1)).to.equal('Not every hazard is rated yet: the overall rating may still rise.');
      }
      expect(score([hazard()]).hazards[0]!.text).to.equal('Hazard 1: not yet rated (choose its likelihood and consequence).');
      // Nothing, or not an assessment at all.
      for (const data of [undefined, null, 'x', 42, [], {}, { risks: 'x' }, { risks: { hazards: 'x' } }, { risks: { hazards: [] } }]) {
        const r = scoreRiskAssessment(data);
        expect(r, JSON.stringify(data)).to.include({ status: 'incomplete', rated: 0, title: 'Not yet rated', nextQuestion: LIST, crisis: false });
        expect(r.hazards).to.deep.equal([]);
      }
      // Items that are not objects are hazards with no answers.
      expect(scoreRiskAssessment({ risks: { hazards: [null, 'x', hazard('likely', 'major')] } })).to.include({ status: 'provisional', overallRating: 16, band: 'extreme' });
    });

    it('names hazards by number only: nothing typed is in the result', () => {
      const secret = 'Perpetua Windlecombe <img src=x>';
      const r = scoreRiskAssessment({ assessment: { completedBy: secret }, risks: { hazards: [{ ...hazard('likely', 'major', secret), activity: secret, hazard: secret }] } });
      expect(JSON.stringify(r)).to.not.contain('Perpetua');
      expect(JSON.stringify(r)).to.not.contain('<img');
    });
  });

  describe('the fixtures (rows of the General Risk Assessment Form)', () => {
    it('three rows 3 x 3 = 9, 2 x 3 = 6, 1 x 3 = 3: overall High risk 9, from hazard 1, its further action recorded', () => {
      const r = scoreRiskAssessment(trustWide);
      expect(r.hazards.map((h) => [h.rating, h.band])).to.deep.equal([
        [9, 'high'],
        [6, 'moderate'],
        [3, 'low'],
      ]);
      expect(r).to.include({ status: 'complete', overallRating: 9, max: 25, band: 'high', bandTitle: 'High risk', title: 'High risk', crisis: false });
      expect(r.highest).to.deep.equal([1]);
      expect(r.actions).to.deep.equal([]);
      expect(r.overall).to.equal('Overall risk rating: 9 out of 25, High risk: the highest rating, of hazard 1.');
      expect(r.reasons[0]).to.equal('Hazard 1: likelihood 3 Possible x consequence 3 Moderate = 9, High risk.');
      expect(r.summary).to.equal(config.bands[2]!.summary);
    });

    it('an extreme hazard with no controls: a crisis, and the further action asked for both hazards that need it', () => {
      const r = scoreRiskAssessment(extremeRisk);
      expect(r).to.include({ overallRating: 20, band: 'extreme', crisis: true, status: 'complete' });
      expect(r.actions).to.deep.equal([
        { code: 'further-action-1', text: 'Hazard 1 is rated High risk: record the further action needed to reduce the risk.' },
        { code: 'further-action-2', text: 'Hazard 2 is rated Extreme risk: record the further action needed to reduce the risk.' },
      ]);
    });

    it('low, part filled and minimal', () => {
      expect(scoreRiskAssessment(lowRiskAssessment)).to.include({ overallRating: 3, band: 'low', status: 'complete' });
      expect(scoreRiskAssessment(partAssessment)).to.include({ overallRating: 6, band: 'moderate', status: 'provisional', nextQuestion: `${LIST}/1/consequence` });
      expect(scoreRiskAssessment(minimalAssessment)).to.include({ overallRating: 9, band: 'high' });
      expect(scoreRiskAssessment(minimalAssessment).actions).to.have.length(1);
    });

    it('the fixtures validate, and the one with errors has them where expected', () => {
      for (const data of [trustWide, lowRiskAssessment, extremeRisk, minimalAssessment]) expect(validateWith(riskAssessment, data)).to.deep.equal({ valid: true, errors: [] });
      expect(validateWith(riskAssessment, assessmentWithErrors).errors).to.deep.equal([
        { pointer: '/assessment/completedBy', message: 'Enter who completed the assessment and their role' },
        { pointer: '/assessment/initialAssessmentDate', message: 'Initial assessment date must be a real date' },
        { pointer: '/risks/hazards/0/activity', message: 'Enter the activity' },
        { pointer: '/risks/hazards/1/consequence', message: 'Select the consequence' },
      ]);
    });
  });

  describe('registration and configuration', () => {
    it('is the risk-assessment scorer, for the generic element and an organisation form naming it', () => {
      expect(scorers['risk-assessment']).to.equal(scoreRiskAssessment);
      expect(scoreForm('risk-assessment', trustWide)).to.deep.equal(scoreRiskAssessment(trustWide));
      const named = customScorer({ ...SCHEMA, 'x-scoring': { scorer: 'risk-assessment' } });
      expect((named(extremeRisk) as RiskAssessmentResult).band).to.equal('extreme');
    });

    it('an organisation\u2019s own 5 x 5 bands move the boundaries', () => {
      const own = structuredClone(SCHEMA['x-scoring']) as unknown as RiskAssessmentScoringConfig;
      own.bands = [
        { code: 'green', title: 'Green', min: 1, max: 4, summary: 'Fine.', furtherAction: false },
        { code: 'amber', title: 'Amber', min: 5, max: 9, summary: 'Watch.', furtherAction: true },
        { code: 'red', title: 'Red', min: 10, max: 25, summary: 'Act.', furtherAction: true, severe: true },
      ];
      expect(scoreRiskAssessment(withHazards([hazard('unlikely', 'minor')]), own).band).to.equal('green');
      expect(scoreRiskAssessment(withHazards([hazard('possible', 'moderate')]), own).band).to.equal('amber');
      expect(scoreRiskAssessment(withHazards([hazard('unlikely', 'catastrophic')]), own)).to.include({ band: 'red', crisis: true });
    });

    it('refuses a configuration that breaks the rules, naming the problem', () => {
      const bad = (change: (c: Record<string, any>) => void, message: RegExp) => {
        const c = structuredClone(SCHEMA['x-scoring']) as Record<string, any>;
        change(c);
        expect(() => riskAssessmentScoringConfig(c), String(message)).to.throw(SchemaError, message);
      };
      bad((c) => (c['bands'][1].min = 3), /without overlapping/);
      bad((c) => (c['bands'][2].min = 9), /2 x 4 = 8 is in no band/);
      bad((c) => (c['bands'][3].max = 24), /5 x 5 = 25 is in no band/);
      bad((c) => (c['bands'][0].min = 0), /1 <= min <= max/);
      bad((c) => (c['bands'][1].max = 3.5), /whole numbers/);
      bad((c) => (c['bands'][3].furtherAction = false), /needs further action needs it too/);
      bad((c) => ((c['bands'][2].severe = true), delete c['bands'][3].severe), /every band above a severe band is severe too/);
      bad((c) => (c['bands'][1].code = 'low'), /"low" appears twice/);
      bad((c) => (c['bands'] = []), /must list 1 to/);
      bad((c) => (c['likelihood'].scores.likely = 2), /"likely" must score more than "possible"/);
      bad((c) => (c['likelihood'].scores.rare = 0), /whole number of 1 or more/);
      bad((c) => (c['consequence'].scores.minor = 1.5), /whole number of 1 or more/);
      bad((c) => delete c['consequence'].scores.catastrophic, /option "catastrophic" has no score/);
      bad((c) => (c['consequence'].scores.apocalyptic = 6), /"apocalyptic" is not an option/);
      bad((c) => (c['consequence'].key = 'likelihood'), /different questions/);
      bad((c) => (c['consequence'].key = 'hazard'), /no choice question "hazard"/);
      bad((c) => (c['hazards'] = '/assessment'), /not a list/);
      bad((c) => (c['hazards'] = 'risks'), /absolute JSON Pointer/);
      bad((c) => (c['furtherActions'] = 'notes'), /no question "notes"/);
      bad((c) => delete c['texts'].overall, /texts.overall must be a text/);
      expect(() => scoreRiskAssessment({}, 'x')).to.throw(SchemaError, /x-scoring object/);
    });
  });
});
