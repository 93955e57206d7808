import { expect } from '@open-wc/testing';
import { lowRisk, policeReported, veryHighRisk } from '../../../../stories/fixtures/risk-matrix.js';
import { setAt } from '../pointer.js';
import { RISK_MATRIX_POINTERS as P, scoreRiskMatrix } from '../score/risk-matrix.js';
import {
  addDays,
  closureBlockers,
  DEFAULT_REVIEW_DAYS,
  isDay,
  isOverdue,
  londonDay,
  londonDayStart,
  meetingObligation,
  nextReviewDay,
  reviewDayProblem,
  reviewDaysConfig,
  type CaseActionFacts,
  type CaseMeeting,
  type CaseRiskAssessment,
} from './rules.js';
import { prng, pick } from '../testing/random.js';

const at = (day: number) => `2026-12-${String(day).padStart(2, '0')}T10:00:00.000Z`;
const assessed = (data: unknown, when: string): CaseRiskAssessment => ({ at: when, riskStrategyGroup: scoreRiskMatrix(data).riskStrategyGroup });

describe('case rules: which meeting a case needs', () => {
  it('needs no meeting yet without a risk matrix, and says what to do', () => {
    const o = meetingObligation([], []);
    expect(o.required).to.equal(null);
    expect(o.reasons[0]).to.match(/record one/);
  });

  it('a threat reported to the Police needs a Risk Strategy Group meeting until one is recorded', () => {
    const a = [assessed(setAt(lowRisk, P.policeReported, 'yes'), at(1))];
    expect(meetingObligation(a, [])).to.include({ required: 'risk-strategy-group', met: false, escalated: false });
    expect(meetingObligation(a, [{ kind: 'operational', at: at(2) }]).met).to.equal(false);
    expect(meetingObligation(a, [{ kind: 'risk-strategy-group', at: at(2) }]).met).to.equal(true);
  });

  it('a lower level of risk needs the operational meeting; a full meeting meets it too', () => {
    const a = [assessed(lowRisk, at(1))];
    expect(meetingObligation(a, [])).to.include({ required: 'operational', met: false });
    expect(meetingObligation(a, [{ kind: 'operational', at: at(2) }]).met).to.equal(true);
    expect(meetingObligation(a, [{ kind: 'risk-strategy-group', at: at(2) }]).met).to.equal(true);
  });

  it('shows escalation: an operational meeting, then a reassessment at a significant level', () => {
    const a = [assessed(lowRisk, at(1)), assessed(veryHighRisk, at(5))];
    const o = meetingObligation(a, [{ kind: 'operational', at: at(2) }]);
    expect(o).to.include({ required: 'risk-strategy-group', met: false, escalated: true });
    expect(o.reasons.at(-1)).to.match(/escalated since the operational meeting/);
    expect(meetingObligation(a, [{ kind: 'operational', at: at(2) }, { kind: 'risk-strategy-group', at: at(6) }])).to.include({ met: true, escalated: false });
  });

  it('a meeting before the risk rose does not meet the new need, one during the same run does', () => {
    const a = [assessed(lowRisk, at(1)), assessed(veryHighRisk, at(5)), assessed(policeReported, at(9))];
    expect(meetingObligation(a, [{ kind: 'risk-strategy-group', at: at(3) }]).met).to.equal(false);
    expect(meetingObligation(a, [{ kind: 'risk-strategy-group', at: at(6) }]).met).to.equal(true);
  });

  it('follows the newest matrix whatever order they are given in', () => {
    const a = [assessed(veryHighRisk, at(5)), assessed(lowRisk, at(1))];
    expect(meetingObligation(a, []).required).to.equal('risk-strategy-group');
    expect(meetingObligation([...a].reverse(), []).required).to.equal('risk-strategy-group');
  });

  it('the Police rule holds whatever the score, the other matrices and the meetings (300 random cases)', () => {
    const random = prng(4242);
    const fixtures = [lowRisk, veryHighRisk, policeReported, {}];
    for (let i = 0; i < 300; i++) {
      const older = Array.from({ length: Math.floor(random() * 4) }, (_, k) => assessed(pick(random, fixtures), at(1 + k)));
      const newest = assessed(setAt(pick(random, fixtures), P.policeReported, 'yes'), at(10));
      const meetings: CaseMeeting[] = Array.from({ length: Math.floor(random() * 3) }, () => ({ kind: 'operational', at: at(1 + Math.floor(random() * 20)) }));
      const o = meetingObligation([...older, newest], meetings);
      expect(o.required, `case ${i}`).to.equal('risk-strategy-group');
      expect(o.met, `case ${i}: operational meetings never meet it`).to.equal(false);
      expect(o.reasons.some((r) => /reported to the Police/.test(r)), `case ${i}`).to.equal(true);
    }
  });
});

describe('case rules: reviews', () => {
  it('our defaults by priority; priority 5 needs no review', () => {
    expect(nextReviewDay(1, '2026-12-06')).to.equal('2026-12-08');
    expect(nextReviewDay(2, '2026-12-06')).to.equal('2026-12-13');
    expect(nextReviewDay(3, '2026-12-06')).to.equal('2026-12-20');
    expect(nextReviewDay(4, '2026-12-30')).to.equal('2027-01-27');
    expect(nextReviewDay(5, '2026-12-06')).to.equal(null);
  });

  it('an organisation can set its own, and a bad setting says what is wrong', () => {
    const days = reviewDaysConfig({ 1: 1, 5: 90 });
    expect(nextReviewDay(1, '2026-12-06', days)).to.equal('2026-12-07');
    expect(nextReviewDay(2, '2026-12-06', days)).to.equal('2026-12-13');
    expect(nextReviewDay(5, '2026-12-06', days)).to.equal('2027-03-06');
    expect(reviewDaysConfig(undefined)).to.equal(DEFAULT_REVIEW_DAYS);
    expect(() => reviewDaysConfig({ 6: 1 })).to.throw(/not a priority/);
    expect(() => reviewDaysConfig({ 1: 0 })).to.throw(/1-366/);
    expect(() => reviewDaysConfig({ 1: 2.5 })).to.throw(/1-366/);
    expect(() => reviewDaysConfig([])).to.throw(/object/);
    expect(() => reviewDaysConfig({ '<script>': 1 })).to.throw(/not a priority/);
  });

  it('a review date is never in the past when set, and must be a real day (400 random days)', () => {
    const today = '2026-12-06';
    expect(reviewDayProblem('2026-12-06', today)).to.equal(undefined);
    expect(reviewDayProblem('2026-12-05', today)).to.match(/today or in the future/);
    for (const bad of ['2027-02-29', '2026-13-01', '06/12/2026', '', null, 20261206, '2026-12-06T00:00:00Z', '<b>2026-12-07</b>', '２０２６-１２-０７']) {
      expect(reviewDayProblem(bad, today), String(bad)).to.match(/real date/);
    }
    const random = prng(7);
    for (let i = 0; i < 400; i++) {
      const day = addDays('2026-01-01', Math.floor(random() * 730));
      const problem = reviewDayProblem(day, today);
      expect(problem === undefined, day).to.equal(day >= today);
      const next = nextReviewDay(pick(random, [1, 2, 3, 4] as const), today);
      expect(reviewDayProblem(next, today), `next review ${next}`).to.equal(undefined);
    }
  });

  it('days: real calendar days, across month and year ends and leap days', () => {
    expect(isDay('2028-02-29')).to.equal(true);
    expect(isDay('2027-02-29')).to.equal(false);
    expect(addDays('2028-02-28', 1)).to.equal('2028-02-29');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(() => addDays('nope', 1)).to.throw(RangeError);
  });

  it("the organisation's day is Europe/London's, in summer time too", () => {
    expect(londonDay(new Date('2026-12-06T23:30:00Z'))).to.equal('2026-12-06');
    expect(londonDay(new Date('2026-07-06T23:30:00Z'))).to.equal('2026-07-07');
  });

  it('londonDayStart is the first instant of the London day, in winter and summer time and on the days the clocks change', () => {
    expect(londonDayStart('2026-12-06').toISOString()).to.equal('2026-12-06T00:00:00.000Z');
    expect(londonDayStart('2026-07-07').toISOString()).to.equal('2026-07-06T23:00:00.000Z');
    for (let day = '2026-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
      const start = londonDayStart(day);
      expect(londonDay(start), day).to.equal(day);
      expect(londonDay(new Date(start.getTime() - 1)), day).to.equal(addDays(day, -1));
    }
  });
});

describe('case rules: closure and actions', () => {
  const resolved = { resolution: 'Safety plan agreed; subject moved team.', derbyshire: false };

  it('a case closes with a resolution and no open action', () => {
    expect(closureBlockers({ ...resolved, actions: [{ status: 'done' }] })).to.deep.equal([]);
    expect(closureBlockers({ ...resolved, actions: [] })).to.deep.equal([]);
  });

  it('open actions and actions not required without a reason block closure', () => {
    const codes = (actions: CaseActionFacts[]) => closureBlockers({ ...resolved, actions }).map((b) => b.code);
    expect(codes([{ status: 'open' }])).to.deep.equal(['open-actions']);
    expect(codes([{ status: 'not-required', reason: '  ' }])).to.deep.equal(['unexplained-actions']);
    expect(codes([{ status: 'not-required', reason: 'Subject left the organisation' }])).to.deep.equal([]);
  });

  it('a case cannot close with open actions unless each is not required with a reason (300 random plans)', () => {
    const random = prng(99);
    for (let i = 0; i < 300; i++) {
      const actions: CaseActionFacts[] = Array.from({ length: Math.floor(random() * 6) }, () => ({
        status: pick(random, ['open', 'done', 'not-required'] as const),
        reason: pick(random, [null, '', ' ', 'Police took it on']),
      }));
      const may = closureBlockers({ ...resolved, actions }).length === 0;
      const expected = actions.every((a) => a.status === 'done' || (a.status === 'not-required' && !!a.reason?.trim()));
      expect(may, `case ${i}: ${JSON.stringify(actions)}`).to.equal(expected);
    }
  });

  it('needs a resolution, and a debrief for a Derbyshire case', () => {
    expect(closureBlockers({ actions: [], resolution: ' ', derbyshire: false }).map((b) => b.code)).to.deep.equal(['resolution']);
    expect(closureBlockers({ ...resolved, derbyshire: true, actions: [] }).map((b) => b.code)).to.deep.equal(['debrief']);
    expect(closureBlockers({ ...resolved, derbyshire: true, actions: [], debrief: { goodPractice: 'Quick meeting', lessons: '' } }).map((b) => b.code)).to.deep.equal(['debrief']);
    expect(closureBlockers({ ...resolved, derbyshire: true, actions: [], debrief: { goodPractice: 'Quick meeting', lessons: 'Share the plan sooner' } })).to.deep.equal([]);
  });

  it('an action is overdue while open and past its day', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-12-05' }, '2026-12-06')).to.equal(true);
    expect(isOverdue({ status: 'open', dueOn: '2026-12-06' }, '2026-12-06')).to.equal(false);
    expect(isOverdue({ status: 'done', dueOn: '2026-12-01' }, '2026-12-06')).to.equal(false);
    expect(isOverdue({ status: 'open', dueOn: null }, '2026-12-06')).to.equal(false);
  });
});
