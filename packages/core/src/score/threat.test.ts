import { expect } from '@open-wc/testing';
import { SchemaError } from '../errors.js';
import { threatReport } from '../generated/threat-report.js';
import { scoreForm, scorers } from './index.js';
import { classifyThreat, threatScoringConfig, type ThreatScoringConfig } from './threat.js';
import { prng } from '../testing/random.js';

const SUBSTANTIVE_SERIOUS = ['a', 'b', 'c', 'd'];
const SUBSTANTIVE_VERY_SERIOUS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

const LESS_SERIOUS = ['admitsThreat', 'benignExplanation', 'admitsAnger', 'retractsThreat', 'apologetic', 'willingToResolve'];
const MORE_SERIOUS = [
  'continuesAngry',
  'repeatedThreat',
  'specificPlan',
  'preparation',
  'priorConflict',
  'suicidal',
  'weaponOtherThanFirearm',
  'firearmThreat',
  'firearmAccess',
  'accomplices',
  'gangConflict',
  'peerEncouragement',
];
const SCALE = ['yes', 'partially', 'no', 'dont-know'] as const;

function evaluation(e: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { evaluation: { violenceImminent: 'no', ...e }, ...extra };
}


describe('classifyThreat: the CSTAG flowchart', () => {
  it('is incomplete, asking Step 1, when nothing is answered', () => {
    for (const data of [{}, undefined, null, 'nonsense', 42, { evaluation: null }, { evaluation: {} }]) {
      const r = classifyThreat(data);
      expect(r.outcome, JSON.stringify(data)).to.equal('incomplete');
      expect(r.flowchartOutcome).to.equal('incomplete');
      expect(r.nextQuestion).to.equal('/evaluation/intentToHarm');
      expect(r.crisis).to.equal(false);
      expect(r.actions).to.deep.equal([]);
      expect(r.suggestedPriority).to.equal(undefined);
      expect(r.priority).to.equal(undefined);
      expect(r.priorityChanged).to.equal(false);
      expect(r.title).to.equal('Not yet classified');
    }
  });

  it('treats an answer outside yes/no to Step 1 as unanswered', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'maybe' }));
    expect(r.outcome).to.equal('incomplete');
    expect(r.nextQuestion).to.equal('/evaluation/intentToHarm');
  });

  it('is not a threat when there is no intent to harm (Step 1: no)', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'no' }));
    expect(r.outcome).to.equal('not-a-threat');
    expect(r.flowchartOutcome).to.equal('not-a-threat');
    expect(r.nextQuestion).to.equal(undefined);
    expect('nextQuestion' in r).to.equal(false);
    expect(r.actions).to.deep.equal([]);
    expect(r.crisis).to.equal(false);
    expect(r.title).to.equal('Not a threat');
    expect(r.reasons).to.have.length(1);
    expect(r.reasons[0]).to.match(/^Step 1/);
  });

  it('ignores stale later answers once Step 1 is no', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'no', resolvedAsTransient: 'no', seriousness: 'very-serious' }));
    expect(r.outcome).to.equal('not-a-threat');
    expect(r.actions).to.deep.equal([]);
  });

  it('asks Step 2 when intent to harm is yes and resolvedAsTransient is missing', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'yes' }));
    expect(r.outcome).to.equal('incomplete');
    expect(r.flowchartOutcome).to.equal('incomplete');
    expect(r.nextQuestion).to.equal('/evaluation/resolvedAsTransient');
    expect(r.suggestedPriority).to.equal(undefined);
  });

  it('is transient when Step 2 is yes', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'yes', seriousness: 'very-serious' }));
    expect(r.outcome).to.equal('transient');
    expect(r.flowchartOutcome).to.equal('transient');
    expect(r.nextQuestion).to.equal(undefined);
    expect(r.actions).to.deep.equal([]);
    expect(r.title).to.equal('Transient threat');
    expect(r.reasons.map((s) => s.slice(0, 6))).to.deep.equal(['Step 1', 'Step 2']);
  });

  it('asks Step 3 when the threat is substantive and seriousness is missing', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no' }));
    expect(r.outcome).to.equal('incomplete');
    expect(r.nextQuestion).to.equal('/evaluation/seriousness');
    expect(r.actions).to.deep.equal([]);
  });

  it('asks Step 3 when seriousness is not one of its options', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'extreme' }));
    expect(r.outcome).to.equal('incomplete');
    expect(r.nextQuestion).to.equal('/evaluation/seriousness');
  });

  it('is a serious substantive threat with actions a-d exactly', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' }));
    expect(r.outcome).to.equal('serious-substantive');
    expect(r.flowchartOutcome).to.equal('serious-substantive');
    expect(r.actions.map((a) => a.code)).to.deep.equal(SUBSTANTIVE_SERIOUS);
    expect(r.actions[0]!.text).to.equal('Take precautions to protect potential victims.');
    for (const a of r.actions) expect(a.text).to.be.a('string').and.not.equal('');
    expect(r.crisis).to.equal(false);
    expect(r.title).to.equal('Serious substantive threat');
    expect(r.reasons).to.have.length(3);
  });

  it('is a very serious substantive threat with actions a-g exactly', () => {
    const r = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'very-serious' }));
    expect(r.outcome).to.equal('very-serious-substantive');
    expect(r.flowchartOutcome).to.equal('very-serious-substantive');
    expect(r.actions.map((a) => a.code)).to.deep.equal(SUBSTANTIVE_VERY_SERIOUS);
    expect(r.actions.find((a) => a.code === 'f')!.text).to.contain('Law enforcement investigation');
    expect(r.title).to.equal('Very serious substantive threat');
  });

  describe('imminent violence', () => {
    const flows = [
      [{}, 'incomplete'],
      [{ intentToHarm: 'no' }, 'not-a-threat'],
      [{ intentToHarm: 'yes' }, 'incomplete'],
      [{ intentToHarm: 'yes', resolvedAsTransient: 'yes' }, 'transient'],
      [{ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' }, 'serious-substantive'],
      [{ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'very-serious' }, 'very-serious-substantive'],
    ] as const;
    for (const [answers, flow] of flows) {
      it(`overrides the flowchart (${flow}) with a crisis response`, () => {
        const r = classifyThreat({ evaluation: { ...answers, violenceImminent: 'yes' } });
        expect(r.outcome).to.equal('crisis');
        expect(r.crisis).to.equal(true);
        expect(r.flowchartOutcome).to.equal(flow);
        expect(r.actions[0]!.code).to.equal('crisis');
        expect(r.actions.map((a) => a.code)).to.deep.equal(['crisis', ...SUBSTANTIVE_VERY_SERIOUS]);
        expect(r.actions[0]!.text).to.contain('999');
        expect(r.title).to.equal('Crisis response');
        expect(r.reasons[0]).to.match(/imminent/);
        expect(r.suggestedPriority).to.equal(1);
      });
    }

    it('keeps nextQuestion from the flowchart while in crisis', () => {
      const r = classifyThreat({ evaluation: { violenceImminent: 'yes', intentToHarm: 'yes' } });
      expect(r.outcome).to.equal('crisis');
      expect(r.nextQuestion).to.equal('/evaluation/resolvedAsTransient');
    });

    it('is not a crisis for violenceImminent "no" or anything other than "yes"', () => {
      for (const v of ['no', 'YES', true, 1, undefined]) {
        const r = classifyThreat({ evaluation: { violenceImminent: v, intentToHarm: 'no' } });
        expect(r.crisis, String(v)).to.equal(false);
        expect(r.outcome).to.equal('not-a-threat');
      }
    });
  });
});

describe('classifyThreat: suggested priority', () => {
  const cases: [Record<string, unknown>, number | undefined][] = [
    [{ violenceImminent: 'yes', intentToHarm: 'no' }, 1],
    [{ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'very-serious' }, 2],
    [{ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' }, 3],
    [{ intentToHarm: 'yes', resolvedAsTransient: 'yes' }, 5],
    [{ intentToHarm: 'no' }, 5],
    [{ intentToHarm: 'yes' }, undefined],
  ];
  for (const [e, expected] of cases) {
    it(`suggests ${String(expected)} for ${JSON.stringify(e)}`, () => {
      const r = classifyThreat(evaluation(e));
      expect(r.suggestedPriority).to.equal(expected);
      if (expected === undefined) {
        expect(r.suggestedPriorityReason).to.equal(undefined);
      } else {
        expect(r.suggestedPriorityReason).to.be.a('string').and.contain(`Priority ${expected}`);
      }
    });
  }

  it('suggests 4 instead of 5 when any intervention observation is yes or partially', () => {
    for (const value of ['yes', 'partially']) {
      for (const e of [{ intentToHarm: 'no' }, { intentToHarm: 'yes', resolvedAsTransient: 'yes' }]) {
        const r = classifyThreat(
          evaluation(e, { interventionObservations: { factors: { grievance: 'no', substanceAbuse: value, angerHistory: 'dont-know' } } }),
        );
        expect(r.suggestedPriority, `${value} ${JSON.stringify(e)}`).to.equal(4);
        expect(r.suggestedPriorityReason).to.contain('observations suggesting need for intervention');
        expect(r.suggestedPriorityReason).to.contain('Priority 4');
      }
    }
  });

  it('does not raise the suggestion for "no" or "dont-know" observations', () => {
    const factors = { grievance: 'no', substanceAbuse: 'dont-know', angerHistory: 'no', otherFactors: 'dont-know' };
    expect(classifyThreat(evaluation({ intentToHarm: 'no' }, { interventionObservations: { factors } })).suggestedPriority).to.equal(5);
    expect(classifyThreat(evaluation({ intentToHarm: 'no' }, { interventionObservations: { factors: {} } })).suggestedPriority).to.equal(5);
    expect(classifyThreat(evaluation({ intentToHarm: 'no' }, { interventionObservations: {} })).suggestedPriority).to.equal(5);
    expect(classifyThreat(evaluation({ intentToHarm: 'no' }, { interventionObservations: { factors: null } })).suggestedPriority).to.equal(5);
  });

  it('never changes a substantive or crisis suggestion because of intervention observations', () => {
    const allYes = Object.fromEntries(['physicalViolenceHistory', 'grievance', 'substanceAbuse', 'otherFactors'].map((k) => [k, 'yes']));
    const io = { interventionObservations: { factors: allYes } };
    expect(classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' }, io)).suggestedPriority).to.equal(3);
    expect(classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'very-serious' }, io)).suggestedPriority).to.equal(2);
    expect(classifyThreat({ evaluation: { violenceImminent: 'yes', intentToHarm: 'no' }, ...io }).suggestedPriority).to.equal(1);
    expect(classifyThreat(evaluation({ intentToHarm: 'yes' }, io)).suggestedPriority).to.equal(undefined);
    const serious = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' }, io));
    expect(serious.outcome).to.equal('serious-substantive');
    expect(serious.actions.map((a) => a.code)).to.deep.equal(SUBSTANTIVE_SERIOUS);
  });
});

describe('classifyThreat: priority decision', () => {
  const serious = { intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' };

  it('accept: the priority is the suggestion, not changed', () => {
    const r = classifyThreat(evaluation(serious, { priority: { decision: 'accept', level: 1 } }));
    expect(r.suggestedPriority).to.equal(3);
    expect(r.priority).to.equal(3);
    expect(r.priorityChanged).to.equal(false);
  });

  it('accept follows the raised suggestion of 4', () => {
    const r = classifyThreat(
      evaluation({ intentToHarm: 'no' }, { priority: { decision: 'accept' }, interventionObservations: { factors: { grievance: 'yes' } } }),
    );
    expect(r.priority).to.equal(4);
    expect(r.priorityChanged).to.equal(false);
  });

  it('change with a level: that level, changed when it differs', () => {
    for (const level of [1, 2, 4, 5] as const) {
      const r = classifyThreat(evaluation(serious, { priority: { decision: 'change', level } }));
      expect(r.priority).to.equal(level);
      expect(r.priorityChanged).to.equal(true);
      expect(r.suggestedPriority).to.equal(3);
    }
  });

  it('change to the suggested level is not a change', () => {
    const r = classifyThreat(evaluation(serious, { priority: { decision: 'change', level: 3 } }));
    expect(r.priority).to.equal(3);
    expect(r.priorityChanged).to.equal(false);
  });

  it('change without a valid level gives no priority', () => {
    for (const level of [undefined, 0, 6, '2', 2.5, null]) {
      const r = classifyThreat(evaluation(serious, { priority: { decision: 'change', level } }));
      expect(r.priority, String(level)).to.equal(undefined);
      expect(r.priorityChanged).to.equal(false);
    }
  });

  it('no decision gives no priority', () => {
    const r = classifyThreat(evaluation(serious, { priority: { level: 1 } }));
    expect(r.priority).to.equal(undefined);
    expect('priority' in r).to.equal(false);
    expect(r.priorityChanged).to.equal(false);
  });
});

describe('classifyThreat: key observations are never scored', () => {
  it('has 18 key observations in the schema, as this test assumes', () => {
    const ko = threatReport.schema.properties!['keyObservations']!.properties!;
    expect(Object.keys(ko['lessSerious']!.properties!)).to.deep.equal(LESS_SERIOUS);
    expect(Object.keys(ko['moreSerious']!.properties!)).to.deep.equal(MORE_SERIOUS);
  });

  it('classifies ~200 random key observation sets exactly as without them', () => {
    const random = prng(20260327);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const evaluations: Record<string, unknown>[] = [
      {},
      { intentToHarm: 'no' },
      { intentToHarm: 'yes' },
      { intentToHarm: 'yes', resolvedAsTransient: 'yes' },
      { intentToHarm: 'yes', resolvedAsTransient: 'no' },
      { intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' },
      { intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'very-serious' },
    ];
    let checked = 0;
    for (let i = 0; i < 210; i++) {
      const lessSerious = Object.fromEntries(LESS_SERIOUS.map((k) => [k, pick(SCALE)]));
      const moreSerious = Object.fromEntries(MORE_SERIOUS.map((k) => [k, pick(SCALE)]));
      const base: Record<string, unknown> = {
        evaluation: { violenceImminent: pick(['yes', 'no', undefined]), ...pick(evaluations) },
        priority: pick([{}, { decision: 'accept' }, { decision: 'change', level: pick([1, 2, 3, 4, 5]) }]),
        interventionObservations: pick([{}, { factors: { grievance: pick(SCALE) } }]),
      };
      const without = classifyThreat(base);
      const withKo = classifyThreat({ ...base, keyObservations: { lessSerious, moreSerious, other: 'notes' } });
      expect(withKo, JSON.stringify({ lessSerious, moreSerious })).to.deep.equal(without);
      checked++;
    }
    expect(checked).to.equal(210);
  });

  it('is unchanged by all-"yes" more-serious observations on a transient threat', () => {
    const moreSerious = Object.fromEntries(MORE_SERIOUS.map((k) => [k, 'yes']));
    const r = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'yes' }, { keyObservations: { moreSerious } }));
    expect(r.outcome).to.equal('transient');
    expect(r.suggestedPriority).to.equal(5);
  });
});

describe('threatScoringConfig', () => {
  const good = (): ThreatScoringConfig => JSON.parse(JSON.stringify(threatReport.schema['x-scoring'])) as ThreatScoringConfig;

  it('reads the schema x-scoring by default', () => {
    const cfg = threatScoringConfig();
    expect(cfg.interventionPriority).to.equal(4);
    expect(cfg.outcomes['serious-substantive'].actions).to.deep.equal(SUBSTANTIVE_SERIOUS);
  });

  it('throws SchemaError for malformed x-scoring', () => {
    const broken: unknown[] = [
      null,
      'x',
      42,
      {},
      { ...good(), outcomes: undefined },
      { ...good(), actions: undefined },
      { ...good(), priorities: undefined },
      { ...good(), interventionPriority: 7 },
      { ...good(), interventionPriority: '4' },
    ];
    const missingOutcome = good() as unknown as { outcomes: Record<string, unknown> };
    delete missingOutcome.outcomes['crisis'];
    broken.push(missingOutcome);
    const badTitle = good();
    (badTitle.outcomes.transient as { title: unknown }).title = 5;
    broken.push(badTitle);
    const badActions = good();
    (badActions.outcomes['not-a-threat'] as { actions: unknown }).actions = 'a';
    broken.push(badActions);
    const unknownAction = good();
    unknownAction.outcomes['serious-substantive'].actions = ['a', 'zz'];
    broken.push(unknownAction);
    for (const b of broken) {
      expect(() => threatScoringConfig(b), JSON.stringify(b)?.slice(0, 80)).to.throw(SchemaError, /^classifyThreat: /);
    }
  });

  it('throws SchemaError for an outcome priority outside 1-5 or a missing summary', () => {
    const badPriority = good();
    (badPriority.outcomes['serious-substantive'] as { priority: unknown }).priority = 9;
    expect(() => threatScoringConfig(badPriority)).to.throw(SchemaError);
    const stringPriority = good();
    (stringPriority.outcomes.transient as { priority: unknown }).priority = '5';
    expect(() => threatScoringConfig(stringPriority)).to.throw(SchemaError);
    const noSummary = good();
    delete (noSummary.outcomes.crisis as { summary?: unknown }).summary;
    expect(() => threatScoringConfig(noSummary)).to.throw(SchemaError);
  });

  it('a SchemaError is named so after minification', () => {
    try {
      threatScoringConfig({});
      expect.fail('should have thrown');
    } catch (e) {
      expect((e as Error).name).to.equal('SchemaError');
    }
  });

  it('a custom config changes texts and priorities', () => {
    const cfg = good();
    cfg.outcomes['serious-substantive'].title = 'Ernsthafte Drohung';
    cfg.outcomes['serious-substantive'].summary = 'Custom summary';
    cfg.outcomes['serious-substantive'].priority = 2;
    cfg.outcomes['not-a-threat'].priority = 4;
    cfg.interventionPriority = 3;
    cfg.outcomes.transient.priority = 5;
    cfg.actions['a'] = 'Custom action a';
    cfg.priorities['2'] = 'Custom priority two';
    const checked = threatScoringConfig(cfg);

    const serious = classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' }), checked);
    expect(serious.title).to.equal('Ernsthafte Drohung');
    expect(serious.summary).to.equal('Custom summary');
    expect(serious.suggestedPriority).to.equal(2);
    expect(serious.suggestedPriorityReason).to.contain('Custom priority two');
    expect(serious.actions[0]).to.deep.equal({ code: 'a', text: 'Custom action a' });

    expect(classifyThreat(evaluation({ intentToHarm: 'no' }), checked).suggestedPriority).to.equal(4);
    const transient = classifyThreat(
      evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'yes' }, { interventionObservations: { factors: { grievance: 'yes' } } }),
      checked,
    );
    expect(transient.suggestedPriority).to.equal(3);

    // The default config is untouched.
    expect(classifyThreat(evaluation({ intentToHarm: 'yes', resolvedAsTransient: 'no', seriousness: 'serious' })).title).to.equal(
      'Serious substantive threat',
    );
  });
});

describe('scoreForm', () => {
  it('classifies the threat report by form id', () => {
    const r = scoreForm('threat-report', evaluation({ intentToHarm: 'no' }));
    expect(r?.title).to.equal('Not a threat');
    expect(Object.isFrozen(scorers)).to.equal(true);
  });

  it('returns null for a form without a result, including inherited names', () => {
    expect(scoreForm('no-such-form', {})).to.equal(null);
    expect(scoreForm('toString', {})).to.equal(null);
    expect(scoreForm('__proto__', {})).to.equal(null);
  });
});
