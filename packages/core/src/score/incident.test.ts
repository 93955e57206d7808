import { expect } from '@open-wc/testing';
import { deArrestedAssault, medicalFactorAssault, minimalIncident, partIncident, physicalAssault, riddorAssault, verbalAbuse, witnessedAggression } from '../../../../stories/fixtures/incident-report.js';
import { SchemaError } from '../errors.js';
import { incidentReport } from '../generated/incident-report.js';
import { setAt } from '../pointer.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import { classifyIncident, incidentScoringConfig, INCIDENT_FLAGS, type IncidentResult } from './incident.js';
import { scoreForm, scorers } from './index.js';
import { prng, pick } from '../testing/random.js';


const SCHEMA = incidentReport.schema;
const SUB = '/category/subCategory';
const MED = '/circumstances/medicalFactor';
const KNOWN = '/offender/detailsKnown';

/**
 * The Datix Investigations Guidance Document's Appendix part 2 (seeds/001), copied here from the
 * document so that a schema edit that loses or moves a row fails: each sub-category's possible offences
 * (their first words) and the routes of action its row names.
 */
const APPENDIX_PART_2: Record<string, { offences: string[]; routes: string[] }> = {
  'witnessed-aggression': { offences: ['None to SECAmb staff but possibly elsewhere'], routes: ['hcp-referral', 'vulnerable-person-referral', 'no-further-action'] },
  'anti-social-behaviour': { offences: ['Public Order \u2013 Causing distress or discomfort in a public area', 'Harassment \u2013 2 or more unwanted acts'], routes: ['history-marker', 'warning-letter', 'frequent-caller', 'prosecution'] },
  'verbal-abuse-general': { offences: ['Malicious communications', 'Harassment'], routes: ['history-marker', 'prosecution'] },
  'verbal-abuse-sexual': { offences: ['Malicious communications', 'Harassment'], routes: ['history-marker', 'prosecution'] },
  'verbal-abuse-homophobic': { offences: ['Malicious communications', 'Harassment'], routes: ['history-marker', 'prosecution'] },
  'verbal-abuse-racial-religious': { offences: ['Malicious communications', 'Harassment'], routes: ['history-marker', 'prosecution'] },
  'non-physical-assault': { offences: ['Public Order \u2013 Causing distress or discomfort.', 'Assault \u2013 A credible threat'], routes: ['history-marker', 'warning-letter', 'frequent-caller', 'prosecution'] },
  'attempted-physical-assault': { offences: ['Attempted battery'], routes: ['history-marker', 'warning-letter'] },
  'physical-assault-general': { offences: ['Battery (Common Assault) ABH, GBH, GBH with intent'], routes: ['history-marker', 'prosecution'] },
  'physical-assault-sexual': { offences: ['Battery (Common Assault) ABH, GBH, GBH with intent'], routes: ['history-marker', 'prosecution'] },
  'physical-assault-homophobic': { offences: ['Battery (Common Assault) ABH, GBH, GBH with intent'], routes: ['history-marker', 'prosecution'] },
  'physical-assault-racial-religious': { offences: ['Battery (Common Assault) ABH, GBH, GBH with intent'], routes: ['history-marker', 'prosecution'] },
};
const SUB_CATEGORIES = Object.keys(APPENDIX_PART_2);
const PHYSICAL = SUB_CATEGORIES.filter((c) => c.startsWith('physical-assault-'));
const AGGRAVATED = SUB_CATEGORIES.filter((c) => /^(physical-assault|verbal-abuse)-/.test(c) && !c.endsWith('-general'));
const KIND: Record<string, string> = { 'history-marker': 'internal', 'warning-letter': 'internal', 'frequent-caller': 'internal', prosecution: 'external', 'hcp-referral': 'referral', 'vulnerable-person-referral': 'referral', 'no-further-action': 'none' };

const JUNK = [undefined, '', null, 'YES', 'maybe', 1, true, ['yes'], { yes: true }, '<img src=x onerror=alert(1)>'];
const YES_NO = ['yes', 'no', ...JUNK];

/** Random answers to every question that matters to a rule, valid or not, hidden or not. */
function randomIncident(random: () => number): Record<string, unknown> {
  const factors = pick(random, [undefined, [], ['sexual'], ['race-religion', 'homophobic'], ['transphobic'], 'sexual']);
  return {
    incident: { dateTime: '2026-11-21T23:40:00+00:00', location: 'On scene', natureOfAct: 'Pushed.' },
    category: {
      subCategory: pick(random, [...SUB_CATEGORIES, ...SUB_CATEGORIES, ...JUNK, '$comment', 'physical-assault']),
      aggravatingFactors: factors,
      aggravatingWhen: pick(random, ['immediately-before', 'during', 'immediately-after', 'merely-present', ...JUNK]),
    },
    circumstances: { medicalFactor: pick(random, YES_NO), intoxication: pick(random, ['voluntary', 'involuntary', 'no', 'not-known', ...JUNK]) },
    people: { victims: [{ name: 'A Victim' }] },
    police: {
      called: pick(random, YES_NO),
      attended: pick(random, YES_NO),
      outcome: pick(random, ['offence', 'scene-management', ...JUNK]),
      deArrested: pick(random, YES_NO),
    },
    evidence: { previousWarnings: pick(random, ['yes', 'no', 'not-known', ...JUNK]) },
    injury: { injured: pick(random, YES_NO), daysOffWork: pick(random, [undefined, 0, 1, 7, 8, 9, 30, 365, -1, 7.5, '8', Number.NaN, Infinity]) },
    offender: { detailsKnown: pick(random, YES_NO) },
  };
}

const states = (r: IncidentResult) => Object.fromEntries(r.routes.map((x) => [x.code, x.state]));

describe('classifyIncident (Datix guidance, Appendix part 2, and SECAmb 3.1-3.8)', () => {
  describe('its configuration (x-scoring)', () => {
    it('is valid, and has a row for every sub-category the form offers and no other', () => {
      const cfg = incidentScoringConfig();
      const offered = optionsOf(SCHEMA, schemaAt(SCHEMA, SUB)!).map((o) => o.value);
      expect(offered).to.deep.equal(SUB_CATEGORIES);
      expect(Object.keys(cfg.subCategories)).to.deep.equal(SUB_CATEGORIES);
      for (const pointer of [cfg.subCategory, ...cfg.questions]) expect(schemaAt(SCHEMA, pointer), pointer).to.not.equal(undefined);
    });

    it('cites the document in every rule, names only sub-categories that exist, and reads only questions that exist', () => {
      const raw = SCHEMA['x-scoring'] as { rules: { id: string; $comment?: string; when: unknown }[] };
      const paths: string[] = [];
      const values: unknown[] = [];
      const walk = (c: unknown) => {
        if (!c || typeof c !== 'object') return;
        const o = c as Record<string, unknown>;
        if (typeof o['path'] === 'string') {
          paths.push(o['path']);
          if (o['path'] === SUB) values.push(...((o['in'] as unknown[]) ?? [o['equals']]));
        }
        for (const v of Object.values(o)) if (Array.isArray(v)) v.forEach(walk);
        if (o['not']) walk(o['not']);
      };
      for (const rule of raw.rules) {
        expect(rule.$comment, rule.id).to.match(/SECAmb|Datix/);
        walk(rule.when);
      }
      for (const p of paths) expect(schemaAt(SCHEMA, p), p).to.not.equal(undefined);
      for (const v of values) expect(SUB_CATEGORIES, String(v)).to.include(v);
    });
  });

  describe('every sub-category maps to its Appendix part 2 offences and routes', () => {
    for (const code of SUB_CATEGORIES) {
      it(`${code}, whatever else is answered (200 random incidents)`, () => {
        const random = prng(0x1700 + SUB_CATEGORIES.indexOf(code));
        const title = optionsOf(SCHEMA, schemaAt(SCHEMA, SUB)!).find((o) => o.value === code)!.title;
        for (let i = 0; i < 200; i++) {
          const data = setAt(randomIncident(random), SUB, code);
          const r = classifyIncident(data);
          const seed = `${code} #${i}: ${JSON.stringify(data)}`;
          expect(r.status, seed).to.not.equal('incomplete');
          expect(r.title, seed).to.equal(title);
          expect(r.subCategory, seed).to.equal(code);
          expect(r.routes.map((x) => x.code), seed).to.deep.equal(APPENDIX_PART_2[code]!.routes);
          expect(r.offences.length, seed).to.equal(APPENDIX_PART_2[code]!.offences.length);
          r.offences.forEach((o, j) => expect(o.text, seed).to.satisfy((t: string) => t.startsWith(APPENDIX_PART_2[code]!.offences[j]!)));
          for (const route of r.routes) {
            expect(route.kind, seed).to.equal(KIND[route.code]);
            expect(route.text, seed).to.be.a('string').and.not.equal('');
            expect(route.why.length, `${seed}: ${route.code} says why`).to.be.greaterThan(0);
          }
        }
      });
    }

    it('witnessed aggression offers only referrals or no further action, none of them pressed', () => {
      const r = classifyIncident(witnessedAggression);
      expect(states(r)).to.deep.equal({ 'hcp-referral': 'consider', 'vulnerable-person-referral': 'consider', 'no-further-action': 'consider' });
      expect(r.actions).to.deep.equal([]);
      expect(r.offences.map((o) => o.text)).to.deep.equal(['None to SECAmb staff but possibly elsewhere']);
    });

    it('a physical assault: staff are encouraged and supported to pursue prosecution', () => {
      for (const code of PHYSICAL) {
        const r = classifyIncident(setAt(physicalAssault, SUB, code));
        expect(states(r), code).to.deep.equal({ 'history-marker': 'required', prosecution: 'recommended' });
        expect(r.actions.map((a) => a.code), code).to.deep.equal(['history-marker', 'prosecution']);
        expect(r.crisis).to.equal(true);
      }
    });

    it('non-physical assault: history marking even if only credible threat; the rest to consider', () => {
      const r = classifyIncident(setAt(setAt(physicalAssault, SUB, 'non-physical-assault'), '/evidence/previousWarnings', 'no'));
      expect(states(r)).to.deep.equal({ 'history-marker': 'recommended', 'warning-letter': 'consider', 'frequent-caller': 'consider', prosecution: 'consider' });
      expect(r.routes[0]!.text).to.equal('History marking and / or associated warning letter / frequent caller process etc. even if only credible threat.');
    });

    it('attempted physical assault: always consider history marking and/or a warning letter as a minimum', () => {
      const r = classifyIncident(setAt(minimalIncident, KNOWN, 'yes'));
      expect(states(r)).to.deep.equal({ 'history-marker': 'recommended', 'warning-letter': 'recommended' });
      expect(r.routes.every((x) => x.text === 'Always consider history marking and /or associated warning letter as a minimum')).to.equal(true);
    });
  });

  describe('the history marker rule (SECAmb 3.1.2)', () => {
    it('is required exactly for a physical assault not caused by a medical factor with the offender known: every combination, 20 random incidents each', () => {
      const random = prng(3102);
      let required = 0;
      for (const code of SUB_CATEGORIES) {
        for (const medical of ['yes', 'no', undefined, 'maybe']) {
          for (const known of ['yes', 'no', undefined, 'YES']) {
            for (let i = 0; i < 20; i++) {
              const data = setAt(setAt(setAt(randomIncident(random), SUB, code), MED, medical), KNOWN, known);
              const r = classifyIncident(data);
              const expected = PHYSICAL.includes(code) && medical === 'no' && known === 'yes';
              const seed = `${code} medical=${medical} known=${known} #${i}`;
              expect(r.historyMarkerRequired, seed).to.equal(expected);
              expect(r.flags.includes('history-marker-required'), seed).to.equal(expected);
              const marker = r.routes.find((x) => x.code === 'history-marker');
              if (expected) {
                required++;
                expect(r.historyMarkerReason, seed).to.match(/^A physical assault not attributed to medical factors, with the offender's details known: a history marker must be applied for/);
                expect(marker?.state, seed).to.equal('required');
                expect(marker?.why, seed).to.deep.equal([r.historyMarkerReason]);
                // Whatever the Police do: a de-arrest closes the external route, never this one.
                expect(classifyIncident(setAt(setAt(data, '/police/called', 'yes'), '/police/deArrested', 'yes')).historyMarkerRequired, seed).to.equal(true);
              } else {
                expect(marker?.state, seed).to.not.equal('required');
              }
              if (PHYSICAL.includes(code) && medical === 'yes') {
                expect(marker?.state, seed).to.equal('not-sought');
                expect(r.historyMarkerReason, seed).to.equal('No history marker is required: the physical assault was caused by a medical factor.');
              } else if (PHYSICAL.includes(code) && known === 'no') {
                expect(marker?.state, seed).to.equal('not-sought');
                expect(marker?.why.join(' '), seed).to.contain('no details available to mark');
              } else if (PHYSICAL.includes(code) && !expected) {
                expect(r.historyMarkerReason, seed).to.contain('answer both');
                expect(r.status, seed).to.equal('provisional');
              }
            }
          }
        }
      }
      expect(required).to.equal(PHYSICAL.length * 20);
    });

    it('explains the shipped fixtures: required, medical, de-arrested', () => {
      expect(classifyIncident(physicalAssault)).to.include({ historyMarkerRequired: true, canBePursued: true });
      expect(classifyIncident(medicalFactorAssault)).to.include({ historyMarkerRequired: false, medicalFactor: true });
      expect(states(classifyIncident(medicalFactorAssault))).to.deep.equal({ 'history-marker': 'not-sought', prosecution: 'not-sought' });
      expect(classifyIncident(medicalFactorAssault).routes[1]!.why[0]).to.contain('potentially no redress would be sought');
      expect(classifyIncident(deArrestedAssault)).to.include({ historyMarkerRequired: true, canBePursued: false });
      expect(classifyIncident(deArrestedAssault).highlights).to.deep.equal(['A history marker must be applied for', 'The matter for that incident cannot be pursued']);
      expect(classifyIncident(riddorAssault).highlights).to.deep.equal(['A history marker must be applied for', 'RIDDOR reportable']);
    });
  });

  describe('aggravated offences and the strength of the case', () => {
    it('any case which is aggravated is automatically a strong case (300 random incidents per aggravated sub-category)', () => {
      const random = prng(38);
      for (const code of AGGRAVATED) {
        for (let i = 0; i < 300; i++) {
          const data = setAt(randomIncident(random), SUB, code);
          const r = classifyIncident(data);
          const seed = `${code} #${i}: ${JSON.stringify(data)}`;
          expect(r, seed).to.include({ aggravated: true, strongCase: true, crisis: true });
          expect(r.reasons.join(' '), seed).to.contain('any case which is aggravated is automatically a strong case');
          const prosecution = r.routes.find((x) => x.code === 'prosecution')!;
          const closed = r.flags.includes('medical-factor') || r.flags.includes('cannot-be-pursued');
          expect(prosecution.state, seed).to.equal(closed ? 'not-sought' : 'recommended');
        }
      }
    });

    it('a general sub-category is a strong case only with an operative aggravating factor or previous local warnings', () => {
      const base = setAt(setAt(verbalAbuse, SUB, 'verbal-abuse-general'), '/evidence/previousWarnings', 'no');
      const none = setAt(base, '/category', { subCategory: 'verbal-abuse-general' });
      expect(classifyIncident(none)).to.include({ aggravated: false, strongCase: false });
      expect(states(classifyIncident(none)).prosecution).to.equal('consider');
      for (const when of ['immediately-before', 'during', 'immediately-after']) {
        const r = classifyIncident(setAt(base, '/category/aggravatingWhen', when));
        expect(r, when).to.include({ aggravated: true, strongCase: true });
        expect(states(r).prosecution, when).to.equal('recommended');
        expect(r.reasons.join(' '), when).to.contain('Check the sub-category is appropriate');
      }
      const present = classifyIncident(setAt(base, '/category/aggravatingWhen', 'merely-present'));
      expect(present).to.include({ aggravated: false, strongCase: false });
      expect(present.reasons.join(' ')).to.contain('merely present, not immediately before, during or after the act, does not make the offence aggravated');
      const warned = classifyIncident(setAt(none, '/evidence/previousWarnings', 'yes'));
      expect(warned.strongCase).to.equal(false);
      expect(states(warned).prosecution).to.equal('recommended');
      expect(warned.routes.find((x) => x.code === 'prosecution')!.why[0]).to.match(/^Previous local warnings/);
    });

    it('the shipped racially aggravated verbal abuse is a strong case, and prosecution is pursued', () => {
      const r = classifyIncident(verbalAbuse);
      expect(r).to.include({ status: 'complete', aggravated: true, strongCase: true, historyMarkerRequired: false });
      expect(states(r)).to.deep.equal({ 'history-marker': 'consider', prosecution: 'recommended' });
    });
  });

  describe('voluntary intoxication is never mitigation (SECAmb 3.3.2)', () => {
    it('says so, and changes no route, flag or status (300 random incidents)', () => {
      const random = prng(332);
      for (let i = 0; i < 300; i++) {
        const data = randomIncident(random);
        const results = ['voluntary', 'involuntary', 'no', 'not-known', undefined].map((v) => classifyIncident(setAt(data, '/circumstances/intoxication', v)));
        const seed = `#${i}: ${JSON.stringify(data)}`;
        for (const r of results.slice(1)) {
          expect(r.routes, seed).to.deep.equal(results[0]!.routes);
          expect(r.flags, seed).to.deep.equal(results[0]!.flags);
          expect(r.status, seed).to.equal(results[0]!.status);
          expect(r.reasons.join(' '), seed).to.not.contain('NO defence');
        }
        expect(results[0]!.reasons, seed).to.include(
          'Voluntary intoxication by alcohol or dangerous drugs is NO defence, even if the perpetrator may have no memory of their actions: it is not suitable mitigation for a criminal act, and a route for sanction should still be determined.',
        );
      }
    });
  });

  describe('RIDDOR: more than 7 days off sick as a result of injury', () => {
    it('is reportable at 8 days and not at 7', () => {
      expect(classifyIncident(riddorAssault)).to.include({ riddorReportable: true });
      expect(classifyIncident(riddorAssault).riddorReason).to.contain('this is a RIDDOR');
      const seven = classifyIncident(setAt(riddorAssault, '/injury/daysOffWork', 7));
      expect(seven.riddorReportable).to.equal(false);
      expect(seven.riddorReason).to.contain('Not RIDDOR reportable: 7 days or fewer');
      expect(classifyIncident(setAt(riddorAssault, '/injury/daysOffWork', 8)).riddorReportable).to.equal(true);
    });

    it('is reportable exactly when the days are a number above 7 and the staff member was injured (500 random incidents)', () => {
      const random = prng(7);
      for (let i = 0; i < 500; i++) {
        const days = pick(random, [Math.floor(random() * 400), 7, 8, 0, 7.01, 6.99, '8', '30', null, undefined, -3, Infinity]);
        const injured = pick(random, ['yes', 'yes', 'no', undefined, 'YES']);
        const data = setAt(setAt(randomIncident(random), '/injury/daysOffWork', days), '/injury/injured', injured);
        const expected = injured === 'yes' && typeof days === 'number' && Number.isFinite(days) && days > 7;
        const r = classifyIncident(data);
        expect(r.riddorReportable, `days=${String(days)} injured=${String(injured)}`).to.equal(expected);
        expect(r.flags.includes('riddor-reportable')).to.equal(expected);
      }
    });
  });

  describe('a de-arrested perpetrator', () => {
    it('cannot be pursued: the external route is not sought, with the reason; internal routes stay', () => {
      const r = classifyIncident(deArrestedAssault);
      expect(r.canBePursued).to.equal(false);
      const prosecution = r.routes.find((x) => x.code === 'prosecution')!;
      expect(prosecution.state).to.equal('not-sought');
      expect(prosecution.why[0]).to.contain('the matter for that incident cannot be pursued');
      expect(r.routes.find((x) => x.code === 'history-marker')!.state).to.equal('required');
      expect(r.actions.map((a) => a.code)).to.deep.equal(['history-marker']);
    });

    it('holds for every sub-category and any answers (300 random incidents); a de-arrest answer hidden because the Police were not called does not count', () => {
      const random = prng(2026);
      for (let i = 0; i < 300; i++) {
        const data = setAt(setAt(randomIncident(random), '/police/deArrested', 'yes'), '/police/called', 'yes');
        const r = classifyIncident(data);
        expect(r.canBePursued).to.equal(false);
        for (const route of r.routes.filter((x) => x.kind === 'external')) expect(route.state).to.equal('not-sought');
        expect(classifyIncident(setAt(data, '/police/called', 'no')).canBePursued).to.equal(true);
      }
    });
  });

  describe('states of the result', () => {
    it('is not yet categorised without a sub-category (or with one that is not an option), and says what to answer', () => {
      for (const data of [undefined, null, 'physical-assault-general', 42, [], {}, { category: { subCategory: 'Physical Assault (General)' } }, { category: { subCategory: '$comment' } }, { category: { subCategory: 'constructor' } }]) {
        const r = classifyIncident(data);
        expect(r, JSON.stringify(data)).to.include({ status: 'incomplete', title: 'Not yet categorised', nextQuestion: SUB });
        expect(r.routes).to.deep.equal([]);
        expect(r.offences).to.deep.equal([]);
      }
    });

    it('is provisional while the medical factor or the offender question is unanswered', () => {
      const r = classifyIncident(partIncident);
      expect(r).to.include({ status: 'provisional', nextQuestion: MED, historyMarkerRequired: false });
      expect(r.summary).to.match(/^Provisional/);
      expect(classifyIncident(setAt(partIncident, MED, 'no'))).to.include({ status: 'provisional', nextQuestion: KNOWN });
      expect(classifyIncident(physicalAssault)).to.include({ status: 'complete' });
      expect(classifyIncident(physicalAssault).nextQuestion).to.equal(undefined);
    });

    it('reads only own properties: __proto__ and constructor keys change nothing', () => {
      const polluted = JSON.parse(`{"__proto__": {"category": {"subCategory": "physical-assault-general"}}, "constructor": {"x": 1}, "category": {"__proto__": {"subCategory": "physical-assault-general"}}}`);
      expect(classifyIncident(polluted).status).to.equal('incomplete');
      expect(({} as Record<string, unknown>)['category']).to.equal(undefined);
    });

    it('returns plain JSON the panel and the envelope can use, with every flag named', () => {
      for (const data of [physicalAssault, verbalAbuse, medicalFactorAssault, witnessedAggression, minimalIncident, partIncident, {}]) {
        const r = classifyIncident(data);
        expect(JSON.parse(JSON.stringify(r))).to.deep.equal(r);
        expect(r.title).to.be.a('string');
        expect(r.summary).to.be.a('string');
        for (const f of r.flags) expect(INCIDENT_FLAGS).to.include(f);
        expect(r.reasons).to.deep.equal(r.matched.map((m) => m.reason));
      }
    });

    it('is the scorer <safety-form form="incident-report"> uses', () => {
      expect(scorers['incident-report']).to.equal(classifyIncident);
      expect(scoreForm('incident-report', physicalAssault)).to.deep.equal(classifyIncident(physicalAssault));
    });
  });

  describe('an organisation\u2019s own rules', () => {
    const shipped = () => structuredClone(SCHEMA['x-scoring']) as Record<string, unknown> & { rules: Record<string, unknown>[]; routes: Record<string, Record<string, unknown>> };

    it('can change the threshold, a route\u2019s words and what closes a route, checked once', () => {
      const own = shipped();
      const riddor = own.rules.find((r) => r['id'] === 'riddor-reportable')!;
      riddor['when'] = { path: '/injury/daysOffWork', greaterThan: 3 };
      own.routes['prosecution']!['title'] = 'Criminal prosecution';
      own.routes['history-marker']!['notSoughtWhen'] = ['offender-not-known'];
      const four = classifyIncident(setAt(physicalAssault, '/injury/daysOffWork', 4), own);
      expect(four.riddorReportable).to.equal(true);
      expect(four.routes[1]!.title).to.equal('Criminal prosecution');
      expect(states(classifyIncident(medicalFactorAssault, own))['history-marker']).to.equal('recommended');
      expect(classifyIncident(physicalAssault, own)).to.deep.equal(classifyIncident(physicalAssault, own));
    });

    const broken: [string, (s: ReturnType<typeof shipped>) => void][] = [
      ['not an object', (s) => Object.assign(s, { rules: 'no' })],
      ['a rule with an unknown flag', (s) => (s.rules[0]!['flags'] = ['gbh'])],
      ['a rule with an unknown topic', (s) => (s.rules[0]!['about'] = 'weather')],
      ['a rule with a relative path', (s) => (s.rules[0]!['when'] = { path: '1/subCategory', equals: 'x' })],
      ['a greaterThan that is not a number', (s) => (s.rules[0]!['when'] = { path: '/injury/daysOffWork', greaterThan: '7' })],
      ['two tests in one condition', (s) => (s.rules[0]!['when'] = { path: '/injury/daysOffWork', greaterThan: 7, equals: 8 })],
      ['a repeated rule id', (s) => (s.rules[1]!['id'] = s.rules[0]!['id'])],
      ['a route of an unknown kind', (s) => (s.routes['prosecution']!['kind'] = 'magic')],
      ['a row naming an unknown route', (s) => ((s['subCategories'] as Record<string, { routes: { route: string }[] }>)['physical-assault-general']!.routes[0]!.route = 'exile')],
      ['a row naming an unknown offence', (s) => ((s['subCategories'] as Record<string, { offences: string[] }>)['physical-assault-general']!.offences = ['treason'])],
      ['a missing text', (s) => delete (s['texts'] as Record<string, unknown>)['summary']],
      ['a highlight for an unknown flag', (s) => ((s['highlights'] as Record<string, unknown>)['abh'] = 'ABH')],
      ['no sub-categories', (s) => (s['subCategories'] = {})],
    ];
    for (const [name, breakIt] of broken) {
      it(`refuses ${name}, without answers in the message`, () => {
        const s = shipped();
        breakIt(s);
        expect(() => classifyIncident({ offender: { description: 'Lucan Example' } }, s)).to.throw(SchemaError, /^classifyIncident: /);
        try {
          classifyIncident({ offender: { description: 'Lucan Example' } }, s);
        } catch (e) {
          expect((e as Error).message).to.not.contain('Lucan');
        }
      });
    }
  });
});
