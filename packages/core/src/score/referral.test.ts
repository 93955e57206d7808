import { expect } from '@open-wc/testing';
import { SchemaError } from '../errors.js';
import { trafficLightReferral } from '../generated/traffic-light-referral.js';
import {
  classifyReferral,
  referralScoringConfig,
  trafficLightRank,
  type ReferralResult,
  type ReferralRule,
  type TrafficLight,
} from './referral.js';
import { prng, pick } from '../testing/random.js';

type Answers = Record<string, unknown>;

const STOP = 'Individual Risk Assessment';
const CHECK = 'Check all data management systems and referral information';
const KCC = 'Meet in a KCC building';
const JOINT = 'Discuss joint visit with line manager or meet in a KCC building';
const LONE = 'Following Lone Working Procedures';

/** Complete, valid visit and purple-file sections, so only the referral answers vary. */
const rest = {
  visit: { date: '2026-11-23', arrangement: 'home-visit', buddyName: 'Rowan Tester' },
  purpleFile: { checkIn: 'no' },
};

function referral(r: Answers): Answers {
  return { referral: r, ...rest };
}

const texts = (r: ReferralResult) => r.actions.map((a) => a.text);
const rank = (s: ReferralResult['status']) => (s === 'incomplete' ? -1 : trafficLightRank(s));


const JUNK = [undefined, undefined, '', null, 'maybe', 42, true, ['yes'], { yes: true }, '<img src=x onerror=alert(1)>', 'YES'];
const CHOICES = {
  referralType: ['self-referral', 'other-agency', 'other'],
  riskAssessment: ['available', 'not-available'],
  historyOfViolence: ['yes', 'no', 'not-known'],
  previouslyKnown: ['yes', 'no', 'not-known'],
  newReferralOrFirstVisit: ['yes', 'no'],
} as const;
type Question = keyof typeof CHOICES;
const QUESTIONS = Object.keys(CHOICES) as Question[];

/** Random referral answers: mostly real options, sometimes missing or junk; other sections random too. */
function randomAnswers(rnd: () => number): Answers {
  const r: Answers = {};
  for (const q of QUESTIONS) {
    const roll = rnd();
    if (roll < 0.7) r[q] = pick(rnd, CHOICES[q]);
    else if (roll < 0.85) r[q] = pick(rnd, JUNK);
  }
  if (r['referralType'] === 'other' && rnd() < 0.8) r['referralTypeOther'] = 'Referral from the Front Door';
  if (rnd() < 0.3) r['referralInformation'] = pick(rnd, ['', 'Nothing on Liberi.', '{{7*7}}']);
  return rnd() < 0.1 ? { referral: r } : referral(r);
}

/** Random complete answers: every shown question has a real option. */
function randomComplete(rnd: () => number): Answers {
  const r: Answers = {};
  for (const q of QUESTIONS) r[q] = pick(rnd, CHOICES[q]);
  if (r['referralType'] !== 'other-agency' && rnd() < 0.5) delete r['riskAssessment'];
  if (r['referralType'] === 'other') r['referralTypeOther'] = 'Referral from the Front Door';
  return referral(r);
}

/**
 * Appendix E written out independently of the rules in the schema, as the oracle for the
 * exhaustive test: RED rows, AMBER rows (plus an unknown history), GREEN rows; worst wins.
 */
function oracle(r: Answers): TrafficLight | 'incomplete' {
  const type = r['referralType'];
  const ra = type === 'other-agency' ? r['riskAssessment'] : undefined;
  const history = r['historyOfViolence'];
  if (type === 'self-referral' || history === 'yes') return 'red';
  const unanswered = QUESTIONS.some((q) => (q === 'riskAssessment' ? type === 'other-agency' && ra === undefined : r[q] === undefined));
  const amber = (type === 'other-agency' && ra === 'not-available') || r['newReferralOrFirstVisit'] === 'yes' || history === 'not-known';
  if (amber) return 'amber';
  if (unanswered) return 'incomplete';
  const green = (r['previouslyKnown'] === 'yes' && history === 'no') || (type === 'other-agency' && ra === 'available');
  return green ? 'green' : 'amber';
}

describe('classifyReferral: the KCC traffic light system (Appendix E)', () => {
  describe('the shipped x-scoring', () => {
    it('is valid, and uses the document\'s exact status words and actions', () => {
      const cfg = referralScoringConfig();
      expect(cfg.statuses.red.label).to.equal('RED');
      expect(cfg.statuses.red.word).to.equal('STOP');
      expect(cfg.statuses.amber.label).to.equal('AMBER');
      expect(cfg.statuses.amber.word).to.equal('PROCEED WITH CAUTION');
      expect(cfg.statuses.green.label).to.equal('GREEN');
      expect(cfg.statuses.green.word).to.equal('GO');
      expect(Object.values(cfg.actions)).to.have.members([STOP, CHECK, KCC, JOINT, LONE]);
      expect(cfg.rules.map((r) => r.id)).to.deep.equal([
        'self-referral',
        'history-of-violence',
        'other-agency-no-risk-assessment',
        'new-referral-first-visit',
        'history-not-known',
        'previously-known-no-history',
        'other-agency-risk-assessment',
      ]);
    });

    it('names only questions that exist in the schema', () => {
      const props = (trafficLightReferral.schema.properties!['referral']!.properties ?? {}) as Record<string, unknown>;
      for (const q of referralScoringConfig().questions) expect(props, q).to.have.property(q.split('/')[2]!);
    });

    it('writes each reason in the document\'s words', () => {
      const reasons = referralScoringConfig().rules.map((r) => r.reason);
      expect(reasons).to.include.members([
        'Self-Referral',
        'Service User known to have a history of violence or other high-risk factors.',
        'Referral from other agency (No risk assessment available)',
        'New referral/first visit by worker',
        'Previously known to ICS (No history of violence or other high-risk factors)',
        'Referral from other agency (Risk Assessment available)',
      ]);
    });
  });

  describe('nothing answered', () => {
    for (const data of [{}, undefined, null, 'nonsense', 42, [], { referral: null }, { referral: {} }, { referral: 'self-referral' }]) {
      it(`is not yet classified for ${JSON.stringify(data)}`, () => {
        const r = classifyReferral(data);
        expect(r.status).to.equal('incomplete');
        expect(r.title).to.equal('Not yet classified');
        expect(r.summary).to.contain('type of referral');
        expect(r.nextQuestion).to.equal('/referral/referralType');
        expect(r.actions).to.deep.equal([]);
        expect(r.matched).to.deep.equal([]);
        expect(r.reasons).to.deep.equal([]);
        expect(r.crisis).to.equal(false);
        expect(r.label).to.equal(undefined);
      });
    }
  });

  describe('each rule', () => {
    it('RED: Self-Referral is STOP at once, with an Individual Risk Assessment', () => {
      const r = classifyReferral({ referral: { referralType: 'self-referral' } });
      expect(r.status).to.equal('red');
      expect(r.title).to.equal('RED: STOP');
      expect(r.label).to.equal('RED');
      expect(r.word).to.equal('STOP');
      expect(r.summary).to.contain('Individual Risk Assessment');
      expect(r.reasons).to.deep.equal(['RED: Self-Referral']);
      expect(r.matched).to.deep.equal([{ id: 'self-referral', status: 'red', reason: 'Self-Referral' }]);
      expect(texts(r)).to.deep.equal([STOP]);
      expect(r.actions[0]!.code).to.equal('individual-risk-assessment');
      expect(r.crisis).to.equal(true);
      expect(r.fallback).to.equal(false);
      expect('nextQuestion' in r, 'RED needs no more answers').to.equal(false);
    });

    it('RED: a known history of violence or other high-risk factors', () => {
      const r = classifyReferral(referral({ referralType: 'other-agency', riskAssessment: 'available', historyOfViolence: 'yes', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
      expect(r.status).to.equal('red');
      expect(r.title).to.equal('RED: STOP');
      expect(r.reasons).to.deep.equal([
        'RED: Service User known to have a history of violence or other high-risk factors.',
        'GREEN: Referral from other agency (Risk Assessment available)',
      ]);
      expect(texts(r)).to.deep.equal([STOP]);
    });

    it('AMBER: a referral from other agency with no risk assessment: check systems, meet in a KCC building', () => {
      const r = classifyReferral(referral({ referralType: 'other-agency', riskAssessment: 'not-available', historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
      expect(r.status).to.equal('amber');
      expect(r.title).to.equal('AMBER: PROCEED WITH CAUTION');
      expect(r.word).to.equal('PROCEED WITH CAUTION');
      expect(r.reasons).to.deep.equal([
        'AMBER: Referral from other agency (No risk assessment available)',
        'GREEN: Previously known to ICS (No history of violence or other high-risk factors)',
      ]);
      expect(texts(r)).to.deep.equal([CHECK, KCC]);
      expect(r.crisis).to.equal(false);
      expect(r.nextQuestion).to.equal(undefined);
    });

    it('AMBER: a new referral/first visit by worker: check systems, discuss a joint visit', () => {
      const r = classifyReferral(referral({ referralType: 'other', referralTypeOther: 'Front Door', historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'yes' }));
      expect(r.status).to.equal('amber');
      expect(r.reasons[0]).to.equal('AMBER: New referral/first visit by worker');
      expect(texts(r)).to.deep.equal([CHECK, JOINT]);
    });

    it('AMBER: a history that is not known', () => {
      const r = classifyReferral(referral({ referralType: 'other-agency', riskAssessment: 'available', historyOfViolence: 'not-known', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
      expect(r.status).to.equal('amber');
      expect(r.matched.map((m) => m.id)).to.deep.equal(['history-not-known', 'other-agency-risk-assessment']);
      expect(texts(r)).to.deep.equal([CHECK, JOINT]);
    });

    it('AMBER actions of several AMBER rules are merged without repeats, in rule order', () => {
      const r = classifyReferral(referral({ referralType: 'other-agency', riskAssessment: 'not-available', historyOfViolence: 'not-known', previouslyKnown: 'no', newReferralOrFirstVisit: 'yes' }));
      expect(r.status).to.equal('amber');
      expect(r.matched.map((m) => m.id)).to.deep.equal(['other-agency-no-risk-assessment', 'new-referral-first-visit', 'history-not-known']);
      expect(texts(r)).to.deep.equal([CHECK, KCC, JOINT]);
    });

    it('GREEN: previously known to ICS with no history of violence: GO, following Lone Working Procedures', () => {
      const r = classifyReferral(referral({ referralType: 'other', referralTypeOther: 'Re-referral', historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
      expect(r.status).to.equal('green');
      expect(r.title).to.equal('GREEN: GO');
      expect(r.word).to.equal('GO');
      expect(r.reasons).to.deep.equal(['GREEN: Previously known to ICS (No history of violence or other high-risk factors)']);
      expect(texts(r)).to.deep.equal([LONE]);
      expect(r.crisis).to.equal(false);
      expect(r.fallback).to.equal(false);
    });

    it('GREEN: a referral from other agency with a risk assessment available', () => {
      const r = classifyReferral(referral({ referralType: 'other-agency', riskAssessment: 'available', historyOfViolence: 'no', previouslyKnown: 'no', newReferralOrFirstVisit: 'no' }));
      expect(r.status).to.equal('green');
      expect(r.reasons).to.deep.equal(['GREEN: Referral from other agency (Risk Assessment available)']);
      expect(texts(r)).to.deep.equal([LONE]);
    });

    it('never gives GREEN while a question is unanswered, and says which', () => {
      const r = classifyReferral({ referral: { historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' } });
      expect(r.status).to.equal('incomplete');
      expect(r.nextQuestion).to.equal('/referral/referralType');
      expect(r.matched.map((m) => m.status)).to.deep.equal(['green']);
      expect(r.actions).to.deep.equal([]);
      const s = classifyReferral({ referral: { referralType: 'other-agency', historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' } });
      expect(s.status).to.equal('incomplete');
      expect(s.nextQuestion).to.equal('/referral/riskAssessment');
    });

    it('shows AMBER while questions are unanswered, with the next one', () => {
      const r = classifyReferral({ referral: { newReferralOrFirstVisit: 'yes' } });
      expect(r.status).to.equal('amber');
      expect(r.nextQuestion).to.equal('/referral/referralType');
    });

    it('falls back to AMBER when every question is answered and no row of the table matches', () => {
      const r = classifyReferral(referral({ referralType: 'other', referralTypeOther: 'Front Door', historyOfViolence: 'no', previouslyKnown: 'no', newReferralOrFirstVisit: 'no' }));
      expect(r.status).to.equal('amber');
      expect(r.fallback).to.equal(true);
      expect(r.title).to.equal('AMBER: PROCEED WITH CAUTION');
      expect(r.matched).to.deep.equal([{ id: 'fallback', status: 'amber', reason: 'The type of referral is not one of those in the traffic light system' }]);
      expect(r.reasons).to.deep.equal(['AMBER: The type of referral is not one of those in the traffic light system']);
      expect(texts(r)).to.deep.equal([CHECK, JOINT]);
    });

    it('does not count the answer to a hidden question (a risk assessment, when not from another agency)', () => {
      const answers = referral({ referralType: 'other', referralTypeOther: 'x', riskAssessment: 'available', historyOfViolence: 'no', previouslyKnown: 'no', newReferralOrFirstVisit: 'no' });
      expect(classifyReferral(answers).fallback).to.equal(true);
      const custom: ReferralRule[] = [{ id: 'ra', when: { path: '/referral/riskAssessment', equals: 'available' }, status: 'green', reason: 'RA', actions: [] }];
      expect(classifyReferral(answers, custom).matched.map((m) => m.id)).to.deep.equal(['fallback']);
      // ...and a hidden question is not waited for.
      const self = classifyReferral(referral({ referralType: 'other', referralTypeOther: 'x', historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
      expect(self.status).to.equal('green');
    });

    it('reads only own properties: __proto__ and constructor keys in the answers change nothing', () => {
      const data = JSON.parse('{"__proto__": {"referral": {"referralType": "other-agency"}}, "referral": {"__proto__": {"historyOfViolence": "no"}, "constructor": {"x": 1}, "referralType": "other", "referralTypeOther": "x", "previouslyKnown": "yes", "newReferralOrFirstVisit": "no"}}');
      const r = classifyReferral(data);
      expect(r.status).to.equal('incomplete');
      expect(r.nextQuestion).to.equal('/referral/historyOfViolence');
      expect(({} as Record<string, unknown>)['referral']).to.equal(undefined);
    });

    it('treats answers that are not options (wrong case, wrong type, markup) as not given', () => {
      for (const junk of ['YES', 'Self-Referral', 'not known', 1, true, ['yes'], { yes: 1 }, '<b>no</b>']) {
        const r = classifyReferral(referral({ referralType: 'other-agency', riskAssessment: 'available', historyOfViolence: junk, previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
        expect(r.status, JSON.stringify(junk)).to.equal('incomplete');
        expect(r.nextQuestion).to.equal('/referral/historyOfViolence');
        const s = classifyReferral(referral({ referralType: junk, historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' }));
        expect(s.status, JSON.stringify(junk)).to.equal('incomplete');
        expect(s.nextQuestion).to.equal('/referral/referralType');
      }
    });

    it('returns a result the generic panel and the envelope can use (ResultSummary, plain JSON)', () => {
      const r = classifyReferral(referral({ referralType: 'self-referral', historyOfViolence: 'yes', previouslyKnown: 'no', newReferralOrFirstVisit: 'yes' }));
      expect(r.title).to.be.a('string');
      expect(r.summary).to.be.a('string');
      expect(JSON.parse(JSON.stringify(r))).to.deep.equal(r);
      expect(r.reasons).to.deep.equal([
        'RED: Self-Referral',
        'RED: Service User known to have a history of violence or other high-risk factors.',
        'AMBER: New referral/first visit by worker',
      ]);
      expect(texts(r)).to.deep.equal([STOP]);
    });
  });

  describe('every combination of answers against Appendix E written out by hand', () => {
    it('agrees with the oracle on all 576 combinations', () => {
      const values = (q: Question) => [undefined, ...CHOICES[q]];
      let n = 0;
      for (const referralType of values('referralType'))
        for (const riskAssessment of values('riskAssessment'))
          for (const historyOfViolence of values('historyOfViolence'))
            for (const previouslyKnown of values('previouslyKnown'))
              for (const newReferralOrFirstVisit of values('newReferralOrFirstVisit')) {
                const r: Answers = { referralType, riskAssessment, historyOfViolence, previouslyKnown, newReferralOrFirstVisit };
                for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
                if (referralType === 'other') r['referralTypeOther'] = 'x';
                expect(classifyReferral(referral(r)).status, JSON.stringify(r)).to.equal(oracle(r));
                n++;
              }
      expect(n).to.equal(576);
    });
  });

  describe('properties (seeded random answer sets)', () => {
    const CASES = 500;

    it('worst signal wins: adding a RED-triggering answer never gives a better status', () => {
      const rnd = prng(20261122);
      for (let i = 0; i < CASES; i++) {
        const data = randomAnswers(rnd);
        const before = classifyReferral(data);
        const r = { ...((data['referral'] as Answers) ?? {}) };
        const which = pick(rnd, ['self', 'history', 'both'] as const);
        if (which !== 'history') r['referralType'] = 'self-referral';
        if (which !== 'self') r['historyOfViolence'] = 'yes';
        const after = classifyReferral({ ...data, referral: r });
        expect(after.status, `case ${i}: ${JSON.stringify(data)}`).to.equal('red');
        expect(rank(after.status)).to.be.at.least(rank(before.status));
        expect(after.crisis).to.equal(true);
        expect(after.matched.length).to.be.at.least(before.matched.filter((m) => m.id !== 'fallback').length);
      }
    });

    it('worst signal wins: adding any answer that matches a rule never gives a better status', () => {
      const rnd = prng(7);
      const rules = referralScoringConfig().rules;
      const triggers: Record<string, Answers> = {
        'self-referral': { referralType: 'self-referral' },
        'history-of-violence': { historyOfViolence: 'yes' },
        'other-agency-no-risk-assessment': { referralType: 'other-agency', riskAssessment: 'not-available' },
        'new-referral-first-visit': { newReferralOrFirstVisit: 'yes' },
        'history-not-known': { historyOfViolence: 'not-known' },
      };
      for (let i = 0; i < CASES; i++) {
        const data = randomComplete(rnd);
        const before = classifyReferral(data);
        const id = pick(rnd, Object.keys(triggers));
        const after = classifyReferral({ ...data, referral: { ...(data['referral'] as Answers), ...triggers[id] } });
        const ruleStatus = rules.find((r) => r.id === id)!.status;
        expect(after.matched.map((m) => m.id), `case ${i}`).to.include(id);
        expect(rank(after.status), `case ${i}: ${JSON.stringify(data)} + ${id}`).to.be.at.least(trafficLightRank(ruleStatus));
        if (ruleStatus === 'red') expect(rank(after.status)).to.be.at.least(rank(before.status));
      }
    });

    it('an unknown history is never GREEN', () => {
      const rnd = prng(1);
      for (let i = 0; i < CASES; i++) {
        const data = randomAnswers(rnd);
        const r = { ...((data['referral'] as Answers) ?? {}) };
        const unknown = pick(rnd, ['not-known', undefined, '', null, 'maybe', 0] as const);
        if (unknown === undefined) delete r['historyOfViolence'];
        else r['historyOfViolence'] = unknown;
        const result = classifyReferral({ ...data, referral: r });
        expect(result.status, `case ${i}: ${JSON.stringify(r)}`).not.to.equal('green');
        expect(result.title).not.to.match(/GREEN|GO$/);
      }
    });

    it('the status is the worst status among the matched rules (incomplete only when none is worse than GREEN)', () => {
      const rnd = prng(42);
      for (let i = 0; i < CASES; i++) {
        const data = i % 2 ? randomAnswers(rnd) : randomComplete(rnd);
        const r = classifyReferral(data);
        const worst = r.matched.reduce<TrafficLight | undefined>((w, m) => (w === undefined || trafficLightRank(m.status) > trafficLightRank(w) ? m.status : w), undefined);
        if (r.status === 'incomplete') {
          expect(worst === undefined || worst === 'green', `case ${i}`).to.equal(true);
          expect(r.nextQuestion).to.be.a('string');
          expect(r.actions).to.deep.equal([]);
        } else {
          expect(r.status, `case ${i}: ${JSON.stringify(data)}`).to.equal(worst);
          expect(r.title).to.equal(`${r.label}: ${r.word}`);
          expect(r.actions.length).to.be.greaterThan(0);
        }
        expect(r.reasons).to.have.length(r.matched.length);
        expect(new Set(r.actions.map((a) => a.code)).size).to.equal(r.actions.length);
        expect(r.crisis).to.equal(r.status === 'red');
      }
    });

    it('lists every matched rule, not only the worst', () => {
      const rnd = prng(99);
      const cfg = referralScoringConfig();
      for (let i = 0; i < CASES; i++) {
        const data = randomComplete(rnd);
        const r = classifyReferral(data);
        const expected = cfg.rules.filter((rule) => r.matched.some((m) => m.id === rule.id)).map((rule) => rule.id);
        expect(r.matched.filter((m) => m.id !== 'fallback').map((m) => m.id)).to.deep.equal(expected);
        expect(r.fallback).to.equal(expected.length === 0);
      }
    });

    it('random custom rule sets: the status is always the worst among matched rules', () => {
      const rnd = prng(314159);
      const statuses: TrafficLight[] = ['green', 'amber', 'red'];
      const leaf = () => {
        const q = pick(rnd, QUESTIONS);
        const roll = rnd();
        if (roll < 0.6) return { path: `/referral/${q}`, equals: pick(rnd, CHOICES[q]) };
        if (roll < 0.85) return { path: `/referral/${q}`, in: [pick(rnd, CHOICES[q]), pick(rnd, CHOICES[q])] };
        return { path: `/referral/${q}`, notEmpty: true as const };
      };
      const condition = (depth: number): ReferralRule['when'] => {
        const roll = rnd();
        if (depth > 2 || roll < 0.5) return leaf();
        if (roll < 0.7) return { all: [condition(depth + 1), condition(depth + 1)] };
        if (roll < 0.9) return { any: [condition(depth + 1), condition(depth + 1)] };
        return { not: condition(depth + 1) };
      };
      for (let i = 0; i < 300; i++) {
        const rules: ReferralRule[] = Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, k) => ({
          id: `r${k}`,
          when: condition(0),
          status: pick(rnd, statuses),
          reason: `Reason ${k}`,
          actions: [pick(rnd, ['check-systems', 'lone-working-procedures', 'individual-risk-assessment'])],
        }));
        const r = classifyReferral(randomComplete(rnd), rules);
        expect(r.status).not.to.equal('incomplete');
        const worst = r.matched.reduce((w, m) => Math.max(w, trafficLightRank(m.status)), -1);
        expect(rank(r.status), `case ${i}`).to.equal(worst);
        const winning = rules.filter((rule) => rule.status === r.status && r.matched.some((m) => m.id === rule.id));
        if (!r.fallback) expect(r.actions.map((a) => a.code)).to.deep.equal([...new Set(winning.flatMap((w) => w.actions))]);
      }
    });
  });

  describe('custom rules', () => {
    const complete = referral({ referralType: 'other', referralTypeOther: 'Front Door', historyOfViolence: 'no', previouslyKnown: 'yes', newReferralOrFirstVisit: 'no' });

    it('an array of rules replaces the shipped rules and changes the result', () => {
      expect(classifyReferral(complete).status).to.equal('green');
      const stricter: ReferralRule[] = [
        ...referralScoringConfig().rules,
        { id: 'any-home-visit', when: { path: '/visit/arrangement', equals: 'home-visit' }, status: 'amber', reason: 'A home visit by a lone worker', actions: ['joint-visit-or-kcc-building'] },
      ];
      const r = classifyReferral(complete, stricter);
      expect(r.status).to.equal('amber');
      expect(r.reasons).to.include('AMBER: A home visit by a lone worker');
      expect(texts(r)).to.deep.equal([JOINT]);
    });

    it('an organisation can make every first visit RED', () => {
      const rules = referralScoringConfig().rules.map((rule) => (rule.id === 'new-referral-first-visit' ? { ...rule, status: 'red' as const, actions: ['individual-risk-assessment'] } : rule));
      const r = classifyReferral({ ...complete, referral: { ...(complete['referral'] as Answers), newReferralOrFirstVisit: 'yes' } }, rules);
      expect(r.status).to.equal('red');
      expect(r.title).to.equal('RED: STOP');
      expect(texts(r)).to.deep.equal([STOP]);
    });

    it('a whole x-scoring object changes words, actions, questions and the fallback', () => {
      const base = structuredClone(trafficLightReferral.schema['x-scoring']) as Record<string, unknown>;
      const own = {
        ...base,
        statuses: { ...(base['statuses'] as object), green: { label: 'GREEN', word: 'GO', summary: 'Carry on.' } },
        actions: { ...(base['actions'] as object), ring: 'Ring the duty manager' },
        questions: ['/referral/referralType'],
        rules: [{ id: 'agency', when: { path: '/referral/referralType', in: ['other-agency'] }, status: 'green', reason: 'Agency referral', actions: ['ring'] }],
        fallback: { status: 'red', reason: 'Anything else', actions: ['ring'] },
      };
      const agency = classifyReferral({ referral: { referralType: 'other-agency' } }, own);
      expect(agency.status).to.equal('green');
      expect(agency.summary).to.equal('Carry on.');
      expect(texts(agency)).to.deep.equal(['Ring the duty manager']);
      const other = classifyReferral({ referral: { referralType: 'other' } }, own);
      expect(other.status).to.equal('red');
      expect(other.fallback).to.equal(true);
      expect(classifyReferral({}, own).status).to.equal('incomplete');
    });

    it('an empty rule list leaves only the fallback', () => {
      expect(classifyReferral(complete, []).matched.map((m) => m.id)).to.deep.equal(['fallback']);
      expect(classifyReferral(complete, []).status).to.equal('amber');
    });

    it('checks a rules object once and reuses it', () => {
      const rules = referralScoringConfig().rules.slice(0, 2);
      const a = classifyReferral(complete, rules);
      const b = classifyReferral(complete, rules);
      expect(a).to.deep.equal(b);
    });
  });

  describe('malformed rules throw SchemaError', () => {
    const good = () => structuredClone(trafficLightReferral.schema['x-scoring']) as Record<string, unknown> & { rules: Record<string, unknown>[] };
    const rule = (patch: Record<string, unknown>) => [{ id: 'x', when: { path: '/referral/referralType', equals: 'other' }, status: 'amber', reason: 'X', actions: [], ...patch }];
    let deep: Record<string, unknown> = { path: '/referral/referralType', equals: 'x' };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    const cases: [string, unknown][] = [
      ['a string', 'rules'],
      ['a number', 42],
      ['null', null],
      ['no statuses', { ...good(), statuses: undefined }],
      ['a fourth status', { ...good(), statuses: { ...(good()['statuses'] as object), blue: { label: 'BLUE', word: 'WAIT', summary: '' } } }],
      ['a status without its word', { ...good(), statuses: { ...(good()['statuses'] as object), red: { label: 'RED', summary: '' } } }],
      ['no incomplete text', { ...good(), incomplete: undefined }],
      ['questions that are not pointers', { ...good(), questions: ['referral/referralType'] }],
      ['questions not an array', { ...good(), questions: '/referral/referralType' }],
      ['an action text that is not text', { ...good(), actions: { ...(good()['actions'] as object), bad: 42 } }],
      ['rules not an array', { ...good(), rules: { id: 'x' } }],
      ['no fallback', { ...good(), fallback: undefined }],
      ['a fallback with an unknown status', { ...good(), fallback: { status: 'purple', reason: 'x', actions: [] } }],
      ['a fallback with an unknown action', { ...good(), fallback: { status: 'amber', reason: 'x', actions: ['nope'] } }],
      ['a rule that is not an object', ['x']],
      ['a rule without id', rule({ id: undefined })],
      ['a rule with the reserved id', rule({ id: 'fallback' })],
      ['two rules with one id', [...rule({}), ...rule({})]],
      ['a rule with an unknown status', rule({ status: 'purple' })],
      ['a rule with status in capitals', rule({ status: 'RED' })],
      ['a rule without reason', rule({ reason: '' })],
      ['a rule with an unknown action', rule({ actions: ['call-the-a-team'] })],
      ['a rule with actions not an array', rule({ actions: 'check-systems' })],
      ['a rule without a condition', rule({ when: undefined })],
      ['a condition that is a string', rule({ when: 'referralType == self' })],
      ['a condition with a relative path', rule({ when: { path: '1/referralType', equals: 'x' } })],
      ['a condition with a path that is not a string', rule({ when: { path: 3, equals: 'x' } })],
      ['a condition with no test', rule({ when: { path: '/referral/referralType' } })],
      ['a condition with two tests', rule({ when: { path: '/referral/referralType', equals: 'x', notEmpty: true } })],
      ['a condition with an unknown test', rule({ when: { path: '/referral/referralType', matches: 'x' } })],
      ['a condition with in not an array', rule({ when: { path: '/referral/referralType', in: 'x' } })],
      ['a condition with notEmpty false', rule({ when: { path: '/referral/referralType', notEmpty: false } })],
      ['an empty all', rule({ when: { all: [] } })],
      ['any not an array', rule({ when: { any: { path: '/a', equals: 1 } } })],
      ['all mixed with path', rule({ when: { all: [{ path: '/a', equals: 1 }], path: '/a', equals: 1 } })],
      ['a bad condition deep inside', rule({ when: { all: [{ path: '/a', equals: 1 }, { not: { any: [{ path: 'a', equals: 1 }] } }] } })],
      ['a condition nested 40 deep', rule({ when: deep })],
    ];
    for (const [name, rules] of cases) {
      it(`throws for ${name}`, () => {
        let error: unknown;
        try {
          classifyReferral({}, rules);
        } catch (e) {
          error = e;
        }
        expect(error, name).to.be.instanceOf(SchemaError);
        expect((error as Error).name).to.equal('SchemaError');
        expect((error as Error).message).to.match(/^classifyReferral: /);
      });
    }

    it('throws when given a malformed x-scoring to check directly', () => {
      expect(() => referralScoringConfig({})).to.throw(SchemaError);
      expect(() => referralScoringConfig(undefined)).not.to.throw();
    });

    it('never puts answers in the error message', () => {
      try {
        classifyReferral({ referral: { referralType: 'Ottoline Brackenbury' } }, rule({ status: 'nope' }));
      } catch (e) {
        expect((e as Error).message).not.to.contain('Ottoline');
      }
    });
  });
});
