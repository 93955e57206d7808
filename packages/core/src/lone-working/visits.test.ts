import { expect } from '@open-wc/testing';
import { addDays, londonDay } from '../case/rules.js';
import {
  CHECK_OUT_MAX_AGE_MS,
  CHECK_IN_EARLY_MS,
  CHECK_OUT_SKEW_MS,
  checkInTime,
  checkOutTime,
  DEFAULT_ESCALATION_ROUTE,
  dueSteps,
  escalationPlan,
  escalationRouteConfig,
  londonInstant,
  londonTime,
  londonWallTime,
  standIn,
  visitStatus,
  visitTimeProblem,
  type EscalationRoute,
  type VisitTimes,
} from './visits.js';
import { pick, prng } from '../testing/random.js';

const int = (random: () => number, max: number) => Math.floor(random() * (max + 1));
const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const ms = (s: string) => Date.parse(s);
const visit = (over: Partial<VisitTimes> = {}): VisitTimes => ({ expectedEndAt: null, checkedOutAt: null, duressAt: null, endOfDayAt: null, ...over });
const ids = (steps: readonly { id: string }[]) => steps.map((s) => s.id);

/** A random valid route (through the config checker, so it is exercised too): 1-6 steps, one police step anywhere. */
function randomRoute(random: () => number): EscalationRoute {
  const n = 1 + int(random, 5);
  const police = int(random, n - 1);
  return escalationRouteConfig({
    graceMinutes: int(random, 60),
    steps: Array.from({ length: n }, (_, i) => ({ id: `step-${i}`, label: `Step ${i}`, waitMinutes: random() < 0.2 ? 0 : int(random, 120), police: i === police })),
  });
}
/** A random instant in 2026-2027, on a whole minute. */
const randomInstant = (random: () => number) => Date.UTC(2026, 0, 1) + int(random, 2 * 365 * 24 * 60) * MINUTE;

/** The caller's loop: polls at each `now`, records what fired and when. `state(now)` is the visit as the server knows it then. */
function simulate(state: (now: number) => VisitTimes, route: EscalationRoute, nows: readonly number[], already: readonly string[] = []) {
  const fired: string[] = [...already];
  const firedAt: number[] = [];
  for (const now of nows) {
    for (const s of dueSteps(state(now), route, new Date(now), fired)) {
      fired.push(s.id);
      firedAt.push(now);
    }
  }
  return { fired: fired.slice(already.length), firedAt };
}
/** Increasing polls from an hour before `from` to a day after, 1-90 minutes apart. */
function polls(random: () => number, from: number): number[] {
  const out: number[] = [];
  for (let t = from - 60 * MINUTE; t < from + 36 * 60 * MINUTE; t += (1 + int(random, 89)) * MINUTE + int(random, 59_999)) out.push(t);
  return out;
}

describe('lone working: the escalation route', () => {
  it("the default is Appendix D's route with our waits", () => {
    expect(DEFAULT_ESCALATION_ROUTE.graceMinutes).to.equal(15);
    expect(DEFAULT_ESCALATION_ROUTE.steps.map((s) => [s.id, s.label, s.waitMinutes, !!s.police])).to.deep.equal([
      ['buddy', 'Buddy', 0, false],
      ['line-manager', 'Line manager', 15, false],
      ['service-manager', 'Service manager', 15, false],
      ['police-advice', 'Police advice', 15, true],
    ]);
    expect(escalationRouteConfig(undefined)).to.equal(DEFAULT_ESCALATION_ROUTE);
    expect(Object.isFrozen(DEFAULT_ESCALATION_ROUTE.steps[0])).to.equal(true);
  });

  it('an organisation can set its own; a bad route says what is wrong', () => {
    const route = escalationRouteConfig({ graceMinutes: 10, extra: 1, steps: [{ id: 'buddy', label: ' Buddy ', waitMinutes: 5 }, { id: 'police', label: 'Police advice', waitMinutes: 20, police: true, colour: 'red' }] });
    expect(route).to.deep.equal({ graceMinutes: 10, steps: [{ id: 'buddy', label: 'Buddy', waitMinutes: 5 }, { id: 'police', label: 'Police advice', waitMinutes: 20, police: true }] });
    const ok = { id: 'buddy', label: 'Buddy', waitMinutes: 0, police: true };
    const bad: [unknown, RegExp][] = [
      [null, /object/],
      [[], /object/],
      ['route', /object/],
      [{ steps: [ok] }, /graceMinutes/],
      [{ graceMinutes: -1, steps: [ok] }, /graceMinutes/],
      [{ graceMinutes: 1.5, steps: [ok] }, /graceMinutes/],
      [{ graceMinutes: 1441, steps: [ok] }, /graceMinutes/],
      [{ graceMinutes: '15', steps: [ok] }, /graceMinutes/],
      [{ graceMinutes: 15, steps: [] }, /at least one step/],
      [{ graceMinutes: 15 }, /at least one step/],
      [{ graceMinutes: 15, steps: [ok, ok] }, /used twice/],
      [{ graceMinutes: 15, steps: [{ ...ok, id: 'Buddy' }] }, /lower-case/],
      [{ graceMinutes: 15, steps: [{ ...ok, id: '1st' }] }, /lower-case/],
      [{ graceMinutes: 15, steps: [{ ...ok, id: 'a'.repeat(33) }] }, /lower-case/],
      [{ graceMinutes: 15, steps: [{ ...ok, id: '<script>alert(1)</script>' }] }, /lower-case/],
      [{ graceMinutes: 15, steps: [{ ...ok, label: '  ' }] }, /label/],
      [{ graceMinutes: 15, steps: [{ ...ok, label: 'x'.repeat(81) }] }, /label/],
      [{ graceMinutes: 15, steps: [{ ...ok, waitMinutes: -5 }] }, /waitMinutes/],
      [{ graceMinutes: 15, steps: [{ ...ok, waitMinutes: 2000 }] }, /waitMinutes/],
      [{ graceMinutes: 15, steps: [{ ...ok, waitMinutes: Number.NaN }] }, /waitMinutes/],
      [{ graceMinutes: 15, steps: [{ ...ok, police: 'yes' }] }, /true or false/],
      [{ graceMinutes: 15, steps: [{ ...ok, police: false }] }, /exactly one.*found 0/],
      [{ graceMinutes: 15, steps: [ok, { ...ok, id: 'manager' }] }, /exactly one.*found 2/],
      [{ graceMinutes: 15, steps: ['buddy'] }, /step 1 must be an object/],
    ];
    for (const [value, message] of bad) {
      expect(() => escalationRouteConfig(value), JSON.stringify(value)?.slice(0, 80)).to.throw(RangeError, message);
    }
    // A hostile id is never echoed at length.
    try {
      escalationRouteConfig({ graceMinutes: 15, steps: [{ ...ok, id: `<img src=x onerror=alert(1)>${'x'.repeat(500)}` }] });
    } catch (e) {
      expect((e as Error).message.length).to.be.below(200);
    }
  });
});

describe('lone working: when the steps fall due', () => {
  const route = DEFAULT_ESCALATION_ROUTE;

  it('the default route after an expected end of 14:00 (GMT): buddy 14:15, line manager 14:30, service manager 14:45, police advice 15:00', () => {
    const plan = escalationPlan(visit({ expectedEndAt: '2026-12-07T14:00:00.000Z' }), route);
    expect(plan.map((s) => [s.id, s.dueAt, s.police])).to.deep.equal([
      ['buddy', '2026-12-07T14:15:00.000Z', false],
      ['line-manager', '2026-12-07T14:30:00.000Z', false],
      ['service-manager', '2026-12-07T14:45:00.000Z', false],
      ['police-advice', '2026-12-07T15:00:00.000Z', true],
    ]);
    expect(plan[0]!.label).to.equal('Buddy');
  });

  it('no expected end: the end-of-day sweep escalates from the end of day; neither: nothing to plan', () => {
    expect(ids(escalationPlan(visit({ endOfDayAt: '2026-12-07T17:30:00.000Z' }), route))).to.deep.equal(['buddy', 'line-manager', 'service-manager', 'police-advice']);
    expect(escalationPlan(visit({ endOfDayAt: '2026-12-07T17:30:00.000Z' }), route)[0]!.dueAt).to.equal('2026-12-07T17:30:00.000Z');
    expect(escalationPlan(visit({ expectedEndAt: '2026-12-07T18:00:00.000Z', endOfDayAt: '2026-12-07T17:30:00.000Z' }), route)[0]!.dueAt).to.equal('2026-12-07T18:15:00.000Z');
    expect(escalationPlan(visit(), route)).to.deep.equal([]);
    expect(escalationPlan(visit({ expectedEndAt: 'not a time' }), route)).to.deep.equal([]);
    expect(escalationPlan(visit({ expectedEndAt: 'not a time', endOfDayAt: '2026-12-07T17:30:00.000Z' }), route)).to.have.length(4);
  });

  it('a check-out at or before the first due time plans nothing; after it, the plan stays as the record', () => {
    const end = '2026-12-07T14:00:00.000Z';
    expect(escalationPlan(visit({ expectedEndAt: end, checkedOutAt: '2026-12-07T13:50:00.000Z' }), route)).to.deep.equal([]);
    expect(escalationPlan(visit({ expectedEndAt: end, checkedOutAt: '2026-12-07T14:15:00.000Z' }), route)).to.deep.equal([]);
    expect(escalationPlan(visit({ expectedEndAt: end, checkedOutAt: '2026-12-07T14:16:00.000Z' }), route)).to.have.length(4);
    expect(dueSteps(visit({ expectedEndAt: end, checkedOutAt: '2026-12-07T14:16:00.000Z' }), route, new Date('2026-12-07T20:00:00Z'), [])).to.deep.equal([]);
  });

  it('a duress check-out starts at the police step at once, before the visit was even due to end', () => {
    const v = visit({ expectedEndAt: '2026-12-07T14:00:00.000Z', checkedOutAt: '2026-12-07T11:02:00.000Z', duressAt: '2026-12-07T11:02:00.000Z' });
    const due = dueSteps(v, route, new Date('2026-12-07T11:02:00.000Z'), []);
    expect(due.map((s) => [s.id, s.dueAt, s.police])).to.deep.equal([['police-advice', '2026-12-07T11:02:00.000Z', true]]);
    expect(visitStatus({ ...v, checkedInAt: '2026-12-07T10:00:00.000Z', firedSteps: 0 }, new Date('2026-12-07T11:02:00.000Z'))).to.equal('escalated');
    const later = escalationRouteConfig({ graceMinutes: 15, steps: [{ id: 'buddy', label: 'Buddy', waitMinutes: 0 }, { id: 'police', label: 'Police advice', waitMinutes: 15, police: true }, { id: 'director', label: 'Assistant Director', waitMinutes: 30 }] });
    expect(escalationPlan(v, later).map((s) => [s.id, s.dueAt])).to.deep.equal([['police', '2026-12-07T11:02:00.000Z'], ['director', '2026-12-07T11:32:00.000Z']]);
    expect(dueSteps({ ...v, resolvedAt: '2026-12-07T11:10:00.000Z' }, later, new Date('2026-12-07T12:00:00.000Z'), ['police'])).to.deep.equal([]);
  });

  it('a check-out that arrives twice, or a step recorded twice, changes nothing', () => {
    const v = visit({ expectedEndAt: '2026-12-07T14:00:00.000Z' });
    const now = new Date('2026-12-07T14:40:00.000Z');
    expect(ids(dueSteps(v, route, now, ['buddy', 'buddy']))).to.deep.equal(['line-manager']);
    expect(() => dueSteps(v, route, new Date(Number.NaN), [])).to.throw(RangeError);
  });

  it('the plan is ascending and follows the route, for 500 random routes and visits', () => {
    const random = prng(16);
    for (let i = 0; i < 500; i++) {
      const r = randomRoute(random);
      const end = randomInstant(random);
      const v = random() < 0.7 ? visit({ expectedEndAt: iso(end) }) : visit({ endOfDayAt: iso(end) });
      const plan = escalationPlan(v, r);
      expect(ids(plan), `case ${i}`).to.deep.equal(r.steps.map((s) => s.id));
      const first = end + (v.expectedEndAt ? r.graceMinutes : 0) * MINUTE + r.steps[0]!.waitMinutes * MINUTE;
      expect(ms(plan[0]!.dueAt), `case ${i}`).to.equal(first);
      for (let k = 1; k < plan.length; k++) {
        expect(ms(plan[k]!.dueAt) - ms(plan[k - 1]!.dueAt), `case ${i} step ${k}`).to.equal(r.steps[k]!.waitMinutes * MINUTE);
        expect(plan[k]!.dueAt >= plan[k - 1]!.dueAt, `case ${i}: ISO strings sort too`).to.equal(true);
      }
      expect(plan.filter((s) => s.police).length, `case ${i}`).to.equal(1);
    }
  });

  it('polled at random increasing times, every step fires exactly once, in order, at the first poll after it is due (300 random cases)', () => {
    const random = prng(2026);
    for (let i = 0; i < 300; i++) {
      const r = randomRoute(random);
      const v = visit({ expectedEndAt: iso(randomInstant(random)) });
      const plan = escalationPlan(v, r);
      const nows = polls(random, ms(v.expectedEndAt!));
      const { fired, firedAt } = simulate(() => v, r, nows);
      expect(fired, `case ${i}`).to.deep.equal(ids(plan));
      plan.forEach((s, k) => {
        const firstPoll = nows.find((n) => n >= ms(s.dueAt));
        expect(firedAt[k], `case ${i} step ${s.id}`).to.equal(firstPoll);
      });
    }
  });

  it('the clock jumping far forward (or the server starting after being down) returns every step once, in order', () => {
    const random = prng(99);
    for (let i = 0; i < 200; i++) {
      const r = randomRoute(random);
      const v = visit({ expectedEndAt: iso(randomInstant(random)) });
      const plan = escalationPlan(v, r);
      const jump = new Date(ms(plan.at(-1)!.dueAt) + int(random, 10_000) * MINUTE);
      const due = dueSteps(v, r, jump, []);
      expect(due, `case ${i}`).to.deep.equal(plan);
      expect(dueSteps(v, r, jump, ids(due)), `case ${i}: nothing twice`).to.deep.equal([]);
      // A jump part way: only the ones due, then the rest later.
      const mid = ms(plan[0]!.dueAt) + int(random, (ms(plan.at(-1)!.dueAt) - ms(plan[0]!.dueAt)) / MINUTE) * MINUTE;
      const first = dueSteps(v, r, new Date(mid), []);
      const rest = dueSteps(v, r, jump, ids(first));
      expect([...ids(first), ...ids(rest)], `case ${i}`).to.deep.equal(ids(plan));
    }
  });

  it('a normal check-out before the first step is due: nothing ever fires (300 random cases)', () => {
    const random = prng(7);
    for (let i = 0; i < 300; i++) {
      const r = randomRoute(random);
      const end = randomInstant(random);
      const firstDue = end + (r.graceMinutes + r.steps[0]!.waitMinutes) * MINUTE;
      const out = firstDue - int(random, 600) * MINUTE;
      const v = visit({ expectedEndAt: iso(end), endOfDayAt: random() < 0.5 ? iso(end - 60 * MINUTE) : null });
      expect(escalationPlan({ ...v, checkedOutAt: iso(out) }, r), `case ${i}`).to.deep.equal([]);
      const { fired } = simulate((now) => (now >= out ? { ...v, checkedOutAt: iso(out) } : v), r, polls(random, end));
      expect(fired, `case ${i}`).to.deep.equal([]);
    }
  });

  it('a late check-out stops the steps not yet fired (300 random cases)', () => {
    const random = prng(1234);
    for (let i = 0; i < 300; i++) {
      const r = randomRoute(random);
      const v = visit({ expectedEndAt: iso(randomInstant(random)) });
      const plan = escalationPlan(v, r);
      const out = ms(plan[0]!.dueAt) + (1 + int(random, 240)) * MINUTE;
      const nows = polls(random, ms(v.expectedEndAt!));
      const { fired, firedAt } = simulate((now) => (now >= out ? { ...v, checkedOutAt: iso(out) } : v), r, nows);
      const lastPollBefore = nows.filter((n) => n < out).at(-1) ?? -Infinity;
      expect(fired, `case ${i}`).to.deep.equal(ids(plan.filter((s) => ms(s.dueAt) <= lastPollBefore)));
      expect(firedAt.every((t) => t < out), `case ${i}: nothing after the check-out`).to.equal(true);
      expect(visitStatus({ ...v, checkedOutAt: iso(out), checkedInAt: null, firedSteps: fired.length }, new Date(out))).to.equal('checked-out');
    }
  });

  it('a duress check-out fires the police step at once and then the later ones, whatever had fired before (300 random cases)', () => {
    const random = prng(999);
    for (let i = 0; i < 300; i++) {
      const r = randomRoute(random);
      const end = randomInstant(random);
      const duress = end + (int(random, 600) - 300) * MINUTE;
      const police = r.steps.findIndex((s) => s.police);
      const expected = r.steps.slice(police);
      const base = visit({ expectedEndAt: iso(end) });
      const normalPlan = escalationPlan(base, r);
      // Before the duress the normal route may already have fired the steps before the police step.
      const before = normalPlan.slice(0, police).filter((s) => ms(s.dueAt) <= duress).map((s) => s.id);
      const v = { ...base, checkedOutAt: iso(duress), duressAt: iso(duress) };
      const now = dueSteps(v, r, new Date(duress), before);
      expect(now[0]?.id, `case ${i}: the police step at once`).to.equal(expected[0]!.id);
      expect(now[0]!.dueAt, `case ${i}`).to.equal(iso(duress));
      expect(now.every((s) => ms(s.dueAt) === duress), `case ${i}`).to.equal(true);
      const { fired } = simulate(() => v, r, [duress, ...polls(random, duress).filter((n) => n > duress)], before);
      expect(fired, `case ${i}`).to.deep.equal(ids(expected));
    }
  });
});

describe('lone working: Europe/London wall times', () => {
  const GAPS = ['2026-03-29', '2027-03-28'];
  const OVERLAPS = ['2026-10-25', '2027-10-31'];

  it('every 15 minutes of 2026 and 2027 round-trips through londonTime and londonDay, except the spring gap', function () {
    this.timeout(120_000);
    let checked = 0;
    const failures: string[] = [];
    for (let day = '2026-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
      const changes = GAPS.includes(day) || OVERLAPS.includes(day);
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const at = londonInstant(day, time);
        const gap = GAPS.includes(day) && time.startsWith('01:');
        const want = gap ? `${day} 02:00` : `${day} ${time}`;
        const wall = londonWallTime(at);
        // londonDay (rules.ts) builds a formatter per call: it is checked at both ends of every day and all through the change days.
        const day2 = changes || minutes === 0 || minutes === 23 * 60 + 45 ? londonDay(at) : wall.day;
        const got = `${day2} ${londonTime(at)}`;
        if (got !== want || `${wall.day} ${wall.time}` !== want) failures.push(`${day} ${time} -> ${at.toISOString()} (${got})`);
        checked++;
      }
    }
    expect(failures.slice(0, 5)).to.deep.equal([]);
    expect(checked).to.equal(730 * 96);
  });

  it('every instant, 15 minutes apart, of 2026 and 2027 comes back from its wall time (the second autumn hour as its BST twin)', function () {
    this.timeout(120_000);
    const failures: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 15 * MINUTE) {
      const { day, time } = londonWallTime(new Date(t));
      const back = londonInstant(day, time).getTime();
      const secondPass = OVERLAPS.includes(day) && time.startsWith('01:') && back === t - 60 * MINUTE;
      if (back !== t && !secondPass) failures.push(`${iso(t)} -> ${day} ${time} -> ${iso(back)}`);
    }
    expect(failures.slice(0, 5)).to.deep.equal([]);
  });

  it('the days the clocks change: 2026-03-29, 2026-10-25, 2027-03-28, 2027-10-31', () => {
    // Spring forward at 01:00 GMT: 00:59 is GMT, 01:00-01:59 do not exist (-> 02:00 BST), 02:00 is BST.
    for (const day of GAPS) {
      expect(londonInstant(day, '00:59').toISOString()).to.equal(`${day}T00:59:00.000Z`);
      for (const time of ['01:00', '01:01', '01:30', '01:59']) expect(londonInstant(day, time).toISOString(), `${day} ${time}`).to.equal(`${day}T01:00:00.000Z`);
      expect(londonInstant(day, '02:00').toISOString()).to.equal(`${day}T01:00:00.000Z`);
      expect(londonInstant(day, '02:01').toISOString()).to.equal(`${day}T01:01:00.000Z`);
      expect(londonTime(new Date(`${day}T00:59:59.999Z`))).to.equal('00:59');
      expect(londonTime(new Date(`${day}T01:00:00.000Z`))).to.equal('02:00');
    }
    // Fall back at 01:00 GMT (02:00 BST): 01:00-01:59 happen twice; the first (BST) is returned.
    for (const day of OVERLAPS) {
      expect(londonInstant(day, '00:59').toISOString()).to.equal(`${addDays(day, -1)}T23:59:00.000Z`);
      expect(londonInstant(day, '01:00').toISOString()).to.equal(`${day}T00:00:00.000Z`);
      expect(londonInstant(day, '01:59').toISOString()).to.equal(`${day}T00:59:00.000Z`);
      expect(londonInstant(day, '02:00').toISOString()).to.equal(`${day}T02:00:00.000Z`);
      expect(londonTime(new Date(`${day}T00:30:00.000Z`))).to.equal('01:30');
      expect(londonTime(new Date(`${day}T01:30:00.000Z`))).to.equal('01:30');
    }
    expect(londonInstant('2026-07-01', '00:00').toISOString()).to.equal('2026-06-30T23:00:00.000Z');
    expect(londonInstant('2026-12-31', '23:59').toISOString()).to.equal('2026-12-31T23:59:00.000Z');
  });

  it('refuses a bad day or time', () => {
    for (const [day, time] of [['2027-02-29', '10:00'], ['2026-13-01', '10:00'], ['07/12/2026', '10:00'], ['2026-12-07', '24:00'], ['2026-12-07', '9:00'], ['2026-12-07', '10:60'], ['2026-12-07', '10:00:00'], ['2026-12-07', ' 10:00'], ['2026-12-07', '１０:００'], ['2026-12-07', '<b>10:00</b>']] as const) {
      expect(() => londonInstant(day, time), `${day} ${time}`).to.throw(RangeError);
    }
    expect(() => londonInstant('2026-12-07', null as unknown as string)).to.throw(RangeError);
    expect(() => londonTime(new Date('nope'))).to.throw(RangeError);
  });
});

describe('lone working: planned times and status', () => {
  const at = (day: string, time: string) => londonInstant(day, time);

  it('an end before or at the start, or more than 24 hours after it, is refused; across midnight is fine', () => {
    expect(visitTimeProblem(at('2026-12-07', '10:00'), at('2026-12-07', '11:30'))).to.equal(undefined);
    expect(visitTimeProblem(at('2026-12-07', '10:00'), null)).to.equal(undefined);
    expect(visitTimeProblem(at('2026-12-07', '10:00'), at('2026-12-07', '09:00'))).to.match(/after the start/);
    expect(visitTimeProblem(at('2026-12-07', '10:00'), at('2026-12-07', '10:00'))).to.match(/after the start/);
    expect(visitTimeProblem(at('2026-12-07', '22:30'), at('2026-12-07', '01:00'))).to.match(/next day/);
    expect(visitTimeProblem(at('2026-12-07', '22:30'), at('2026-12-08', '01:00'))).to.equal(undefined);
    expect(visitTimeProblem(at('2026-12-07', '10:00'), at('2026-12-08', '10:00'))).to.equal(undefined);
    expect(visitTimeProblem(at('2026-12-07', '10:00'), at('2026-12-08', '10:01'))).to.match(/within 24 hours/);
    expect(visitTimeProblem(new Date('nope'), null)).to.match(/start/);
    expect(visitTimeProblem(at('2026-12-07', '10:00'), new Date('nope'))).to.match(/real time/);
  });

  it('a visit across midnight escalates on the next day', () => {
    const end = at('2026-12-07', '23:55');
    const plan = escalationPlan(visit({ expectedEndAt: end.toISOString() }), DEFAULT_ESCALATION_ROUTE);
    expect(plan.map((s) => londonWallTime(new Date(s.dueAt)))).to.deep.equal([
      { day: '2026-12-08', time: '00:10' },
      { day: '2026-12-08', time: '00:25' },
      { day: '2026-12-08', time: '00:40' },
      { day: '2026-12-08', time: '00:55' },
    ]);
  });

  it('a visit across the clock change lasts the hours it really lasts, and each wait is real minutes', () => {
    // Spring: 00:30 GMT to 03:00 BST is 1 h 30 min.
    const springStart = at('2026-03-29', '00:30');
    const springEnd = at('2026-03-29', '03:00');
    expect((springEnd.getTime() - springStart.getTime()) / MINUTE).to.equal(90);
    expect(visitTimeProblem(springStart, springEnd)).to.equal(undefined);
    // Ending at 00:50 GMT: the buddy at 02:05 BST, 15 real minutes later.
    const spring = escalationPlan(visit({ expectedEndAt: at('2026-03-29', '00:50').toISOString() }), DEFAULT_ESCALATION_ROUTE);
    expect(spring.map((s) => londonTime(new Date(s.dueAt)))).to.deep.equal(['02:05', '02:20', '02:35', '02:50']);
    // Autumn: 00:30 BST to 02:00 GMT is 2 h 30 min; ending at 01:50 BST, the buddy is alerted at 01:05 GMT (the second 01:00 hour).
    const autumnStart = at('2026-10-25', '00:30');
    const autumnEnd = at('2026-10-25', '02:00');
    expect((autumnEnd.getTime() - autumnStart.getTime()) / MINUTE).to.equal(150);
    expect(visitTimeProblem(autumnStart, autumnEnd)).to.equal(undefined);
    const autumn = escalationPlan(visit({ expectedEndAt: at('2026-10-25', '01:50').toISOString() }), DEFAULT_ESCALATION_ROUTE);
    expect(autumn.map((s) => s.dueAt)).to.deep.equal(['2026-10-25T01:05:00.000Z', '2026-10-25T01:20:00.000Z', '2026-10-25T01:35:00.000Z', '2026-10-25T01:50:00.000Z']);
    expect(autumn.map((s) => londonTime(new Date(s.dueAt)))).to.deep.equal(['01:05', '01:20', '01:35', '01:50']);
    // 24 hours is elapsed time: on the 25-hour autumn day, 00:00 to 23:30 is 24 h 30 min.
    expect(visitTimeProblem(at('2026-10-25', '00:00'), at('2026-10-25', '23:30'))).to.match(/within 24 hours/);
    expect(visitTimeProblem(at('2026-03-29', '00:00'), at('2026-03-29', '23:30'))).to.equal(undefined);
  });

  it('status through a visit: planned, in progress, overdue, escalated, checked out', () => {
    const v = { ...visit({ expectedEndAt: '2026-12-07T14:00:00.000Z' }), checkedInAt: null as string | null, firedSteps: 0 };
    const t = (s: string) => new Date(`2026-12-07T${s}:00.000Z`);
    expect(visitStatus(v, t('09:00'))).to.equal('planned');
    expect(visitStatus(v, t('14:10'))).to.equal('planned');
    expect(visitStatus(v, t('14:15'))).to.equal('overdue');
    const inVisit = { ...v, checkedInAt: '2026-12-07T13:00:00.000Z' };
    expect(visitStatus(inVisit, t('13:30'))).to.equal('in-progress');
    expect(visitStatus(inVisit, t('14:14'))).to.equal('in-progress');
    expect(visitStatus(inVisit, t('14:15'))).to.equal('overdue');
    expect(visitStatus(inVisit, t('14:20'), escalationRouteConfig({ graceMinutes: 30, steps: [{ id: 'p', label: 'Police', waitMinutes: 0, police: true }] }))).to.equal('in-progress');
    expect(visitStatus({ ...inVisit, firedSteps: 1 }, t('14:16'))).to.equal('escalated');
    expect(visitStatus({ ...inVisit, firedSteps: 2, checkedOutAt: '2026-12-07T14:40:00.000Z' }, t('14:41'))).to.equal('checked-out');
    expect(visitStatus({ ...inVisit, firedSteps: 2, resolvedAt: '2026-12-07T14:40:00.000Z' }, t('14:41'))).to.equal('checked-out');
    expect(visitStatus({ ...inVisit, checkedOutAt: '2026-12-07T13:50:00.000Z' }, t('20:00'))).to.equal('checked-out');
    expect(visitStatus({ ...inVisit, checkedOutAt: '2026-12-07T13:50:00.000Z', duressAt: '2026-12-07T13:50:00.000Z' }, t('13:50'))).to.equal('escalated');
    // No expected end: overdue from the end of day; neither: never overdue.
    const open = { ...inVisit, expectedEndAt: null, endOfDayAt: '2026-12-07T17:30:00.000Z' };
    expect(visitStatus(open, t('17:29'))).to.equal('in-progress');
    expect(visitStatus(open, t('17:30'))).to.equal('overdue');
    expect(visitStatus({ ...open, endOfDayAt: null }, t('23:59'))).to.equal('in-progress');
  });

  it('status agrees with the steps: overdue or escalated exactly when the escalation is under way (300 random cases)', () => {
    const random = prng(55);
    for (let i = 0; i < 300; i++) {
      const r = randomRoute(random);
      const end = randomInstant(random);
      const v = visit({ expectedEndAt: iso(end) });
      const now = end + (int(random, 600) - 200) * MINUTE;
      const fired = dueSteps(v, r, new Date(now), []).length;
      const status = visitStatus({ ...v, checkedInAt: iso(end - 60 * MINUTE), firedSteps: fired }, new Date(now), r);
      const under = now >= end + r.graceMinutes * MINUTE;
      expect(status, `case ${i}`).to.equal(fired > 0 ? 'escalated' : under ? 'overdue' : 'in-progress');
    }
  });
});

describe('lone working: the time a check-out counts at', () => {
  const received = new Date('2026-12-07T13:20:00Z');
  const start = '2026-12-07T12:00:00.000Z';

  it("a check-out held offline counts at the phone's time when it is plausible", () => {
    expect(checkOutTime('2026-12-07T12:29:00Z', received, start)).to.deep.equal({ at: '2026-12-07T12:29:00.000Z', clock: 'phone' });
    expect(checkOutTime(start, received, start), 'at the start itself').to.deep.equal({ at: start, clock: 'phone' });
    expect(checkOutTime(new Date(received.getTime() - CHECK_OUT_MAX_AGE_MS).toISOString(), received, '2026-12-06T00:00:00Z').clock, '12 hours old').to.equal('phone');
  });

  it('a little ahead of the server counts as the receipt; further ahead, before the start or too old, the receipt counts and says why', () => {
    expect(checkOutTime(new Date(received.getTime() + CHECK_OUT_SKEW_MS).toISOString(), received, start)).to.deep.equal({ at: received.toISOString(), clock: 'phone' });
    expect(checkOutTime(new Date(received.getTime() + CHECK_OUT_SKEW_MS + 1).toISOString(), received, start)).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'future' });
    expect(checkOutTime('2026-12-07T11:59:59.999Z', received, start)).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'before-start' });
    expect(checkOutTime(new Date(received.getTime() - CHECK_OUT_MAX_AGE_MS - 1).toISOString(), received, '2026-12-06T00:00:00Z')).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'too-old' });
    for (const bad of [null, undefined, '', 'yesterday', '<script>', '2026-13-45T99:00:00Z', 'x'.repeat(10_000), '\u202E2026-12-07T12:29:00Z']) {
      expect(checkOutTime(bad, received, start), String(bad).slice(0, 20)).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'no-phone-time' });
    }
    expect(() => checkOutTime(start, new Date(Number.NaN), start)).to.throw(RangeError);
  });

  it('never later than the receipt, never before the floor (500 random times)', () => {
    const rand = prng(16);
    for (let i = 0; i < 500; i++) {
      const phone = new Date(received.getTime() + Math.floor((rand() - 0.7) * 30 * 3_600_000)).toISOString();
      const r = checkOutTime(phone, received, start);
      expect(Date.parse(r.at) <= received.getTime(), `case ${i}`).to.equal(true);
      if (r.clock === 'phone') expect(r.at >= start, `case ${i}`).to.equal(true);
      else expect(r.at, `case ${i}`).to.equal(received.toISOString());
    }
  });
});

describe('lone working: the time a check-in counts at', () => {
  const received = new Date('2026-12-07T13:20:00Z');
  const startsAt = '2026-12-07T12:00:00.000Z';
  const plain = { startsAt };

  it("a check-in held offline counts at the phone's time when it is plausible: up to an hour before the start, up to 12 hours old", () => {
    expect(checkInTime('2026-12-07T12:01:00Z', received, plain)).to.deep.equal({ at: '2026-12-07T12:01:00.000Z', clock: 'phone' });
    expect(checkInTime('2026-12-07T11:00:00Z', received, plain), 'an hour early, arriving before the planned start').to.deep.equal({ at: '2026-12-07T11:00:00.000Z', clock: 'phone' });
    expect(checkInTime(iso(received.getTime() - CHECK_OUT_MAX_AGE_MS), received, { startsAt: '2026-12-07T01:20:00Z' }).clock, '12 hours old').to.equal('phone');
    expect(checkInTime('2026-12-07T12:30:00Z', received, { startsAt, checkedOutAt: '2026-12-07T12:30:00.000Z' }), 'at the check-out that arrived first').to.deep.equal({ at: '2026-12-07T12:30:00.000Z', clock: 'phone' });
  });

  it('a little ahead counts as the receipt; further ahead, too early, too old or after the check-out, the receipt counts and says why', () => {
    expect(checkInTime(iso(received.getTime() + CHECK_OUT_SKEW_MS), received, plain)).to.deep.equal({ at: received.toISOString(), clock: 'phone' });
    expect(checkInTime(iso(received.getTime() + CHECK_OUT_SKEW_MS + 1), received, plain)).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'future' });
    expect(checkInTime(iso(ms(startsAt) - CHECK_IN_EARLY_MS - 1), received, plain)).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'too-early' });
    expect(checkInTime(iso(received.getTime() - CHECK_OUT_MAX_AGE_MS - 1), received, { startsAt: '2026-12-06T12:00:00Z' })).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'too-old' });
    expect(checkInTime('2026-12-07T12:31:00Z', received, { startsAt, checkedOutAt: '2026-12-07T12:30:00.000Z' })).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'after-check-out' });
    for (const bad of [null, undefined, '', 'yesterday', '<script>', '2026-13-45T99:00:00Z', 'x'.repeat(10_000), '\u202E2026-12-07T12:29:00Z']) {
      expect(checkInTime(bad, received, plain), String(bad).slice(0, 20)).to.deep.equal({ at: received.toISOString(), clock: 'server', why: 'no-phone-time' });
    }
    expect(() => checkInTime(startsAt, new Date(Number.NaN), plain)).to.throw(RangeError);
  });

  it('every bound holds, each refusal is for its reason, and a check-out after it never counts before it (1,000 random cases)', () => {
    const rand = prng(1616);
    for (let i = 0; i < 1000; i++) {
      const start = randomInstant(rand);
      const inReceived = start + Math.floor((rand() - 0.3) * 20 * 60 * MINUTE);
      const phoneIn = rand() < 0.1 ? null : inReceived + Math.floor((rand() - 0.8) * 16 * 60 * MINUTE);
      // Sometimes the check-out reached the server first (the outbox sent them out of order).
      const outFirst = rand() < 0.2 ? inReceived - int(rand, 120) * MINUTE : null;
      const r = checkInTime(phoneIn === null ? null : iso(phoneIn), new Date(inReceived), { startsAt: iso(start), checkedOutAt: outFirst === null ? null : iso(outFirst) });
      const at = ms(r.at);
      const c = `case ${i}`;
      expect(at <= inReceived, c).to.equal(true);
      if (r.clock === 'phone') {
        expect(at, c).to.equal(Math.min(phoneIn!, inReceived));
        expect(at >= start - CHECK_IN_EARLY_MS && at >= inReceived - CHECK_OUT_MAX_AGE_MS, c).to.equal(true);
        if (outFirst !== null) expect(at <= outFirst, c).to.equal(true);
      } else {
        expect(at, c).to.equal(inReceived);
        const refused = {
          'no-phone-time': phoneIn === null,
          'too-early': phoneIn !== null && phoneIn < start - CHECK_IN_EARLY_MS,
          future: phoneIn !== null && phoneIn > inReceived + CHECK_OUT_SKEW_MS,
          'too-old': phoneIn !== null && phoneIn < inReceived - CHECK_OUT_MAX_AGE_MS,
          'after-check-out': phoneIn !== null && outFirst !== null && Math.min(phoneIn, inReceived) > outFirst,
        };
        expect(refused[r.why!], `${c}: ${r.why}`).to.equal(true);
      }
      if (outFirst !== null) continue;
      // The floor relation: a check-out received after this check-in never counts before it.
      const outReceived = inReceived + int(rand, 14 * 60) * MINUTE;
      const phoneOut = outReceived + Math.floor((rand() - 0.9) * 16 * 60 * MINUTE);
      const out = checkOutTime(iso(phoneOut), new Date(outReceived), r.at);
      expect(ms(out.at) >= at, `${c}: check-out ${out.at} before check-in ${r.at}`).to.equal(true);
    }
  });
});

describe('lone working: who stands in for a line manager who cannot act', () => {
  const route = DEFAULT_ESCALATION_ROUTE;
  const people: Record<string, string[]> = { buddy: ['buddy'], 'line-manager': ['lm'], 'service-manager': ['sm'], 'police-advice': ['lm', 'sm', 'safety-1', 'safety-2'] };
  const peopleOf = (s: { id: string }) => people[s.id] ?? [];

  it("Appendix D's route: the service manager; away too, the safety team through the police step; nobody, undefined", () => {
    expect(standIn(route, 'line-manager', 'lm', peopleOf, () => true, ['safety-1', 'safety-2'])).to.deep.equal({ step: 'service-manager', ids: ['sm'] });
    expect(standIn(route, 'line-manager', 'lm', peopleOf, (id) => id !== 'sm', ['safety-1', 'safety-2'])).to.deep.equal({ step: 'police-advice', ids: ['safety-1', 'safety-2'] });
    expect(standIn(route, 'line-manager', 'lm', peopleOf, (id) => id === 'safety-2', ['safety-1', 'safety-2'])).to.deep.equal({ step: 'police-advice', ids: ['safety-2'] });
    expect(standIn(route, 'line-manager', 'lm', peopleOf, () => false, ['safety-1'])).to.equal(undefined);
    expect(standIn(route, 'line-manager', 'lm', peopleOf, (id) => id === 'lm', ['safety-1']), 'never the person passed over').to.equal(undefined);
  });

  it('a route of its own: the next step that has someone, then the fallback', () => {
    const own = escalationRouteConfig({ graceMinutes: 10, steps: [{ id: 'line-manager', label: 'Line manager', waitMinutes: 0 }, { id: 'duty-desk', label: 'Duty desk', waitMinutes: 10 }, { id: 'police', label: 'Police', waitMinutes: 10, police: true }] });
    expect(standIn(own, 'line-manager', 'lm', peopleOf, () => true, ['safety-1'])).to.deep.equal({ step: null, ids: ['safety-1'] });
    expect(standIn(own, 'line-manager', 'lm', (s) => (s.id === 'police' ? ['lm', 'sm'] : []), () => true, ['safety-1'])).to.deep.equal({ step: 'police', ids: ['sm'] });
    expect(standIn(own, 'not-on-the-route', 'lm', (s) => (s.id === 'line-manager' ? ['deputy'] : []), () => true, []), 'a step not on the route looks at every step').to.deep.equal({ step: 'line-manager', ids: ['deputy'] });
  });

  it('always the first later step with someone available, never the one passed over nor anyone unavailable (500 random routes)', () => {
    const rand = prng(1617);
    const everyone = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (let i = 0; i < 500; i++) {
      const r = randomRoute(rand);
      const who = new Map(r.steps.map((s) => [s.id, everyone.filter(() => rand() < 0.3)]));
      const away = new Set(everyone.filter(() => rand() < 0.4));
      const fallback = everyone.filter(() => rand() < 0.3);
      const from = pick(rand, r.steps).id;
      const passed = pick(rand, everyone);
      const found = standIn(r, from, passed, (s) => who.get(s.id)!, (id) => !away.has(id), fallback);
      const later = r.steps.slice(r.steps.findIndex((s) => s.id === from) + 1);
      const can = (ids: readonly string[]) => ids.filter((id) => id !== passed && !away.has(id));
      const c = `case ${i}`;
      const first = later.find((s) => can(who.get(s.id)!).length > 0);
      if (first) expect(found, c).to.deep.equal({ step: first.id, ids: [...new Set(can(who.get(first.id)!))] });
      else if (can(fallback).length) expect(found, c).to.deep.equal({ step: null, ids: [...new Set(can(fallback))] });
      else expect(found, c).to.equal(undefined);
    }
  });
});
