import { expect } from '@open-wc/testing';
import { addDays, isDay } from '../case/rules.js';
import {
  addWorkingDays,
  applicableFactors,
  bankHolidays,
  briefingCurrent,
  briefingLapse,
  decisionProblems,
  easterSunday,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  formatPostcode,
  isRiskKind,
  normaliseDistrict,
  postcodeDistrict,
  RISK_KINDS,
  historyMarkerRequired,
  isActive,
  isBankHoliday,
  isWorkingDay,
  lapsingNextQuarter,
  markerShown,
  MAX_KEY_CHARACTERS,
  nextQuarter,
  noticeDeadline,
  noticeOverdueAt,
  noticeState,
  normaliseAddress,
  normalisePostcode,
  normaliseSurname,
  partnerAgreementInForce,
  proposalProblems,
  proposalWarnings,
  QUALIFICATION_FACTORS,
  quarterOf,
  reviewDate,
  reviewProblems,
  STANDARD_TERM_DAYS,
  TEMPORARY_MARKER_DAYS,
  temporaryMarkerLapse,
  termProblem,
  type EntryFacts,
  type EntryStatus,
  type RegisterProposal,
} from './rules.js';
import { prng, pick } from '../testing/random.js';

const int = (random: () => number, n: number) => Math.floor(random() * n);
const randomDay = (random: () => number, from = '2024-01-01', span = 2557) => addDays(from, int(random, span));
const days = (year: number) => bankHolidays(year).map((h) => h.day);
const dow = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
/** Working days in (from, to], counted the slow way. */
function workingDaysBetween(from: string, to: string, holidays?: ReadonlySet<string>): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, holidays)) n++;
  return n;
}

describe('register rules: England and Wales bank holidays', () => {
  it('2025 and 2026 as GOV.UK publishes them', () => {
    expect(days(2025)).to.deep.equal(['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26']);
    expect(days(2026)).to.deep.equal(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']);
    expect(bankHolidays(2026).at(-1)!.name).to.equal('Boxing Day (substitute day)');
  });

  it('2024 and 2027 (both Christmas substitutes), and the one-off changes of 2020, 2022 and 2023', () => {
    expect(days(2024)).to.deep.equal(['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26']);
    expect(days(2027)).to.deep.equal(['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']);
    expect(days(2020)).to.include('2020-05-08').and.not.include('2020-05-04');
    expect(days(2022)).to.include.members(['2022-01-03', '2022-06-02', '2022-06-03', '2022-09-19', '2022-12-26', '2022-12-27']).and.not.include('2022-05-30');
    expect(days(2023)).to.include.members(['2023-01-02', '2023-05-01', '2023-05-08']);
  });

  it('Easter by the Computus, against known dates, and always a Sunday from 22 March to 25 April', () => {
    const known: Record<number, string> = { 2000: '2000-04-23', 2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2028: '2028-04-16', 2029: '2029-04-01', 2030: '2030-04-21', 2038: '2038-04-25', 2285: '2285-03-22' };
    for (const [year, day] of Object.entries(known)) expect(easterSunday(Number(year)), year).to.equal(day);
    for (let year = 1978; year <= 2400; year++) {
      const e = easterSunday(year);
      expect(dow(e), e).to.equal(0);
      expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25', e).to.equal(true);
    }
  });

  it('every year by rule: eight distinct weekdays in order, inside the year (1978-2400)', () => {
    for (let year = 1978; year <= 2400; year++) {
      const list = days(year);
      if (![2011, 2012, 2022, 2023].includes(year)) expect(list.length, String(year)).to.equal(8);
      expect(new Set(list).size, String(year)).to.equal(list.length);
      expect([...list].sort(), String(year)).to.deep.equal(list);
      for (const d of list) {
        expect(isDay(d) && d.startsWith(`${year}-`), d).to.equal(true);
        expect([1, 2, 3, 4, 5].includes(dow(d)), d).to.equal(true);
      }
      // Christmas and Boxing Day are always the last two, from 25 to 28 December, one after the other when on weekdays.
      expect(list.slice(-2).every((d) => d >= `${year}-12-25` && d <= `${year}-12-28`), String(year)).to.equal(true);
    }
  });

  it('the shipped list is 2024 to 2030, computed, frozen', () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.length).to.equal(56);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS[0]).to.equal('2024-01-01');
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.at(-1)).to.equal('2030-12-26');
    expect(Object.isFrozen(ENGLAND_AND_WALES_BANK_HOLIDAYS)).to.equal(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.every((d) => isBankHoliday(d))).to.equal(true);
    expect(() => bankHolidays(1977)).to.throw(RangeError);
    expect(() => bankHolidays(2026.5)).to.throw(RangeError);
    expect(isBankHoliday('nonsense')).to.equal(false);
  });
});

describe('register rules: working days', () => {
  it('weekends and bank holidays are not working days; the examples', () => {
    expect(isWorkingDay('2026-12-24')).to.equal(true);
    expect(isWorkingDay('2026-12-25')).to.equal(false);
    expect(isWorkingDay('2026-12-26')).to.equal(false);
    expect(isWorkingDay('2026-12-28')).to.equal(false);
    expect(isWorkingDay('not a day')).to.equal(false);
    expect(addWorkingDays('2026-12-24', 1)).to.equal('2026-12-29');
    expect(addWorkingDays('2026-12-24', 2)).to.equal('2026-12-30');
    expect(addWorkingDays('2026-12-30', 2)).to.equal('2027-01-04'); // over New Year's Day, a Friday
    expect(addWorkingDays('2026-04-02', 1)).to.equal('2026-04-07'); // Good Friday to Easter Monday
    expect(addWorkingDays('2026-06-05', 1)).to.equal('2026-06-08'); // Friday to Monday
    expect(addWorkingDays('2026-06-06', 1)).to.equal('2026-06-08'); // Saturday to Monday
    expect(addWorkingDays('2026-06-06', 0)).to.equal('2026-06-06');
    expect(addWorkingDays('2026-12-29', -1)).to.equal('2026-12-24');
    expect(() => addWorkingDays('2026-13-01', 1)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-12-01', 1.5)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-12-01', 1e9)).to.throw(RangeError);
  });

  it('an organisation may pass its own holidays, which replace the computed ones', () => {
    const own = new Set(['2026-06-08']);
    expect(isWorkingDay('2026-06-08', own)).to.equal(false);
    expect(isWorkingDay('2026-12-25', own)).to.equal(true);
    expect(addWorkingDays('2026-06-05', 1, own)).to.equal('2026-06-09');
    expect(addWorkingDays('2026-12-24', 2, new Set())).to.equal('2026-12-28');
  });

  it('adding n working days lands on a working day with exactly n working days passed (600 random cases, 2024-2030 and across year ends)', () => {
    const random = prng(2026);
    for (let i = 0; i < 600; i++) {
      const day = i % 3 === 0 ? addDays(`${2024 + int(random, 7)}-12-20`, int(random, 16)) : randomDay(random);
      const n = int(random, 25);
      const holidays = i % 5 === 0 ? new Set(pick(random, [[], ['2025-06-02', '2026-12-31'], ENGLAND_AND_WALES_BANK_HOLIDAYS.slice(0, 20)])) : undefined;
      const out = addWorkingDays(day, n, holidays);
      const label = `case ${i}: ${day} + ${n}`;
      if (n === 0) {
        expect(out, label).to.equal(day);
        continue;
      }
      expect(out > day, label).to.equal(true);
      expect(isWorkingDay(out, holidays), label).to.equal(true);
      expect(workingDaysBetween(day, out, holidays), label).to.equal(n);
      // Composition, and going back from a working day returns to it.
      const a = int(random, n + 1);
      expect(addWorkingDays(addWorkingDays(day, a, holidays), n - a, holidays), label).to.equal(out);
      if (isWorkingDay(day, holidays)) expect(addWorkingDays(out, -n, holidays), label).to.equal(day);
      expect(addWorkingDays(day, n + 1, holidays) > out, label).to.equal(true);
    }
  });
});

describe('register rules: the 2-working-day notice', () => {
  it('is 2 working days after the addition, over Christmas, Easter, New Year and weekends', () => {
    expect(noticeDeadline('2026-12-24')).to.equal('2026-12-30');
    expect(noticeDeadline('2026-06-01')).to.equal('2026-06-03'); // Monday -> Wednesday
    expect(noticeDeadline('2026-06-04')).to.equal('2026-06-08'); // Thursday -> Monday
    expect(noticeDeadline('2026-06-06')).to.equal('2026-06-09'); // Saturday -> Tuesday
    expect(noticeDeadline('2026-04-02')).to.equal('2026-04-08'); // the Thursday before Good Friday
    expect(noticeDeadline('2027-12-24')).to.equal('2027-12-30'); // Christmas on a Saturday
    expect(noticeDeadline('2027-12-31')).to.equal('2028-01-05'); // year end, 1 January 2028 a Saturday -> Monday 3
  });

  it('an instant counts by its London day, in winter and summer time', () => {
    expect(noticeDeadline(new Date('2026-12-24T23:30:00Z'))).to.equal('2026-12-30');
    expect(noticeDeadline(new Date('2026-06-30T23:30:00Z'))).to.equal('2026-07-03'); // 1 July in London
    expect(noticeOverdueAt('2026-12-24').toISOString()).to.equal('2026-12-31T00:00:00.000Z');
    expect(noticeOverdueAt('2026-06-01').toISOString()).to.equal('2026-06-03T23:00:00.000Z');
  });

  it('every day of 2024-2030: a working day, exactly 2 working days on, at most 6 calendar days', () => {
    let longest = 0;
    for (let day = '2024-01-01'; day <= '2030-12-31'; day = addDays(day, 1)) {
      const due = noticeDeadline(day);
      expect(isWorkingDay(due), day).to.equal(true);
      expect(workingDaysBetween(day, due), day).to.equal(2);
      longest = Math.max(longest, (Date.parse(due) - Date.parse(day)) / 86_400_000);
    }
    expect(longest).to.equal(6);
  });

  it('shows where a notice stands, and a deadline about to be missed', () => {
    const added = '2026-12-24';
    expect(noticeState(added, '2026-12-24')).to.equal('pending');
    expect(noticeState(added, '2026-12-28')).to.equal('pending'); // a bank holiday; Tuesday 29 is the next working day, the deadline the one after
    expect(noticeState(added, '2026-12-29')).to.equal('due-next-working-day');
    expect(noticeState(added, '2026-12-30')).to.equal('due-today');
    expect(noticeState(added, '2026-12-31')).to.equal('overdue');
    expect(noticeState(added, '2027-01-05', '2026-12-30')).to.equal('met');
    expect(noticeState(added, '2027-01-05', '2026-12-31')).to.equal('late');
  });
});

describe('register rules: proposals', () => {
  const complete: RegisterProposal = {
    subject: 'person',
    linkedReportId: 'TR-2026-0042',
    factors: { severity: 'Punched a housing officer', 'time-since': '3 days', 'previous-conduct': 'Two verbal warnings in 2025', 'current-conduct': 'Still making threats by phone', 'one-off': 'Not a one-off; no illness known' },
    employeeVersion: 'He came at me as I left the flat.',
    crimeCommitted: true,
    policeInformed: true,
  };

  it('the six factors in the policy words', () => {
    expect(QUALIFICATION_FACTORS.map((f) => f.id)).to.deep.equal(['severity', 'time-since', 'previous-conduct', 'current-conduct', 'one-off', 'animal-present']);
    expect(QUALIFICATION_FACTORS[0]!.label).to.equal('The level of violence used, or the severity of the threats made, or the danger posed by an animal.');
    expect(QUALIFICATION_FACTORS[4]!.label).to.match(/^Was the incident a one off\? Was it likely to have been triggered by an illness or difficult time of life/);
    expect(QUALIFICATION_FACTORS[5]!.label).to.equal('If an address is marked because of a dangerous animal, is that animal still present?');
    expect(applicableFactors(false).length).to.equal(5);
    expect(applicableFactors(true).length).to.equal(6);
  });

  it('a complete proposal has no problems; each missing piece is named', () => {
    expect(proposalProblems(complete)).to.deep.equal([]);
    const codes = (p: RegisterProposal) => proposalProblems(p).map((x) => x.code);
    expect(codes({ ...complete, linkedReportId: ' ' })).to.deep.equal(['linked-report']);
    expect(codes({ ...complete, employeeVersion: null })).to.deep.equal(['employee-version']);
    expect(codes({ ...complete, crimeCommitted: null, policeInformed: undefined })).to.deep.equal(['crime-committed', 'police-informed']);
    expect(proposalProblems({ ...complete, factors: { ...complete.factors, 'current-conduct': '' } }).map((x) => x.factor)).to.deep.equal(['current-conduct']);
    expect(proposalProblems({ ...complete, subject: 'address', dangerousAnimal: true }).map((x) => x.factor)).to.deep.equal(['animal-present']);
    expect(codes({ subject: 'address' })).to.deep.equal(['linked-report', 'factor', 'factor', 'factor', 'factor', 'factor', 'employee-version', 'crime-committed', 'police-informed']);
    expect(proposalProblems({ subject: 'person' })[0]!.text).to.match(/not general opinion/);
  });

  it('a crime not told to the Police is a warning, not a blocker', () => {
    expect(proposalWarnings({ ...complete, policeInformed: false }).map((x) => x.code)).to.deep.equal(['police-informed']);
    expect(proposalProblems({ ...complete, policeInformed: false })).to.deep.equal([]);
    expect(proposalWarnings(complete)).to.deep.equal([]);
  });

  it('no proposal passes without its linked report, whatever else it has (300 random proposals)', () => {
    const random = prng(15);
    for (let i = 0; i < 300; i++) {
      const p: RegisterProposal = {
        subject: pick(random, ['person', 'address'] as const),
        dangerousAnimal: pick(random, [true, false, null]),
        linkedReportId: pick(random, [null, '', '  ', 'TR-1', undefined]),
        factors: Object.fromEntries(QUALIFICATION_FACTORS.map((f) => [f.id, pick(random, ['noted', '', null])])),
        employeeVersion: pick(random, ['My account', '', null]),
        crimeCommitted: pick(random, [true, false, null]),
        policeInformed: pick(random, [true, false, null]),
      };
      const ok = proposalProblems(p).length === 0;
      const expected =
        !!p.linkedReportId?.trim() && applicableFactors(p.dangerousAnimal).every((f) => p.factors![f.id] === 'noted') && !!p.employeeVersion && typeof p.crimeCommitted === 'boolean' && typeof p.policeInformed === 'boolean';
      expect(ok, `case ${i}: ${JSON.stringify(p)}`).to.equal(expected);
    }
  });
});

describe('register rules: terms, decisions and reviews', () => {
  it('the standard term is one year; longer needs a reason', () => {
    expect(STANDARD_TERM_DAYS).to.equal(365);
    expect(reviewDate('2026-03-01')).to.equal('2027-03-01');
    expect(reviewDate('2027-03-01')).to.equal('2028-02-29');
    expect(reviewDate('2026-03-01', 730)).to.equal('2028-02-29');
    expect(termProblem(365)).to.equal(undefined);
    expect(termProblem(90)).to.equal(undefined);
    expect(termProblem(366)!.code).to.equal('term-reason');
    expect(termProblem(730, '  ')!.code).to.equal('term-reason');
    expect(termProblem(730, 'Serious assault with a weapon; conviction pending')).to.equal(undefined);
    for (const bad of [0, -1, 1.5, NaN, Infinity, '365', null, 100000]) expect(termProblem(bad)!.code, String(bad)).to.equal('term');
  });

  it('a temporary marker lapses after 45 days by default, or the organisation’s own', () => {
    expect(TEMPORARY_MARKER_DAYS).to.equal(45);
    expect(temporaryMarkerLapse('2026-12-01')).to.equal('2027-01-15');
    expect(temporaryMarkerLapse('2026-12-01', 14)).to.equal('2026-12-15');
    expect(() => temporaryMarkerLapse('2026-12-01', 0)).to.throw(RangeError);
  });

  it('a decision needs reasons; a declined history marker says so; an addition needs a valid term', () => {
    expect(decisionProblems({ outcome: 'add', reasons: 'Credible risk' })).to.deep.equal([]);
    expect(decisionProblems({ outcome: 'add', reasons: 'Credible risk', termDays: 730 }).map((p) => p.code)).to.deep.equal(['term-reason']);
    expect(decisionProblems({ outcome: 'decline' }).map((p) => p.code)).to.deep.equal(['reasons']);
    expect(decisionProblems({ outcome: 'decline', historyMarkerRequired: true }).map((p) => p.code)).to.deep.equal(['history-marker']);
    expect(decisionProblems({ outcome: 'decline', historyMarkerRequired: true, reasons: 'Offender moved abroad' })).to.deep.equal([]);
  });

  it('deleting needs nothing; retaining needs every factor again, substantiated reasons and a term', () => {
    expect(reviewProblems({ outcome: 'delete' })).to.deep.equal([]);
    const factors = Object.fromEntries(QUALIFICATION_FACTORS.map((f) => [f.id, 'considered']));
    expect(reviewProblems({ outcome: 'retain', factors, reasons: 'Threats repeated last month' })).to.deep.equal([]);
    expect(reviewProblems({ outcome: 'retain', factors: {}, reasons: 'x' }).length).to.equal(5);
    expect(reviewProblems({ outcome: 'retain', factors }).map((p) => p.code)).to.deep.equal(['reasons']);
    expect(reviewProblems({ outcome: 'retain', factors, reasons: 'x', termDays: 800 }).map((p) => p.code)).to.deep.equal(['term-reason']);
  });
});

describe('register rules: what is on the register', () => {
  it('an added entry until its review date; a temporary marker until it lapses', () => {
    const e: EntryFacts = { status: 'added', reviewOn: '2027-03-01' };
    expect(isActive(e, '2027-02-28')).to.equal(true);
    expect(isActive(e, '2027-03-01')).to.equal(false);
    expect(markerShown(e, '2026-03-01')).to.equal('entry');
    const t: EntryFacts = { status: 'countersigned', reviewOn: null, temporaryUntil: '2027-01-15' };
    expect(markerShown(t, '2027-01-14')).to.equal('temporary');
    expect(markerShown(t, '2027-01-15')).to.equal(null);
    expect(isActive({ status: 'proposed', temporaryUntil: '2027-01-15' }, '2027-01-01')).to.equal(false);
    expect(isActive({ status: 'added', reviewOn: 'soon' }, '2027-01-01')).to.equal(false);
    expect(isActive({ status: 'added' }, '2027-01-01')).to.equal(false);
  });

  it('never active past its review date, never when declined or deleted, temporary only while countersigned (1000 random entries)', () => {
    const random = prng(45);
    const statuses: EntryStatus[] = ['proposed', 'countersigned', 'added', 'declined', 'deleted'];
    for (let i = 0; i < 1000; i++) {
      const today = randomDay(random, '2026-01-01', 730);
      const e: EntryFacts = {
        status: pick(random, statuses),
        reviewOn: pick(random, [null, undefined, 'x', randomDay(random, '2026-01-01', 730)]),
        temporaryUntil: pick(random, [null, undefined, randomDay(random, '2026-01-01', 730)]),
      };
      const shown = markerShown(e, today);
      const label = `case ${i}: ${JSON.stringify(e)} on ${today}`;
      if (e.reviewOn != null && !(isDay(e.reviewOn) && today < e.reviewOn)) expect(shown, label).to.equal(null);
      if (e.status === 'declined' || e.status === 'deleted' || e.status === 'proposed') expect(shown, label).to.equal(null);
      if (shown === 'temporary') expect(e.status === 'countersigned' && today < e.temporaryUntil!, label).to.equal(true);
      if (shown === 'entry') expect(e.status === 'added' && today < e.reviewOn!, label).to.equal(true);
      expect(isActive(e, today), label).to.equal(shown !== null);
    }
  });

  it('calendar quarters, and the entries lapsing in the next one (across the year end)', () => {
    expect(quarterOf('2026-02-14')).to.deep.equal({ year: 2026, quarter: 1, first: '2026-01-01', last: '2026-03-31' });
    expect(quarterOf('2028-06-30')).to.deep.equal({ year: 2028, quarter: 2, first: '2028-04-01', last: '2028-06-30' });
    expect(nextQuarter('2026-11-05')).to.deep.equal({ year: 2027, quarter: 1, first: '2027-01-01', last: '2027-03-31' });
    const entries: (EntryFacts & { id: number })[] = [
      { id: 1, status: 'added', reviewOn: '2027-03-31' },
      { id: 2, status: 'added', reviewOn: '2027-01-01' },
      { id: 3, status: 'added', reviewOn: '2026-12-31' },
      { id: 4, status: 'added', reviewOn: '2027-04-01' },
      { id: 5, status: 'deleted', reviewOn: '2027-02-01' },
      { id: 6, status: 'countersigned', temporaryUntil: '2027-02-01' },
    ];
    expect(lapsingNextQuarter(entries, '2026-10-01').map((e) => e.id)).to.deep.equal([2, 1]);
  });

  it('each quarter list holds exactly the added entries due in the next quarter (300 random registers)', () => {
    const random = prng(4);
    for (let i = 0; i < 300; i++) {
      const today = randomDay(random);
      const entries = Array.from({ length: int(random, 12) }, (_, id) => ({ id, status: pick(random, ['added', 'added', 'deleted', 'declined'] as const), reviewOn: randomDay(random, addDays(today, -30), 400) }));
      const q = nextQuarter(today);
      expect(q.first > today && q.first === addDays(quarterOf(today).last, 1), today).to.equal(true);
      const got = lapsingNextQuarter(entries, today).map((e) => e.id);
      const want = entries.filter((e) => e.status === 'added' && quarterOf(e.reviewOn).first === q.first).sort((a, b) => (a.reviewOn < b.reviewOn ? -1 : a.reviewOn > b.reviewOn ? 1 : 0)).map((e) => e.id);
      expect(got, `case ${i}`).to.deep.equal(want);
    }
  });
});

describe('register rules: briefings and partners', () => {
  it('a briefing lasts two years', () => {
    expect(briefingLapse('2026-05-10')).to.equal('2028-05-10');
    expect(briefingLapse('2028-02-29')).to.equal('2030-03-01');
    expect(briefingCurrent('2024-05-10', '2026-05-09')).to.equal(true);
    expect(briefingCurrent('2024-05-10', '2026-05-10')).to.equal(false);
    expect(briefingCurrent(null, '2026-05-10')).to.equal(false);
    expect(briefingCurrent('2027-01-01', '2026-05-10')).to.equal(false);
  });

  it('a partner agreement is in force from its written date to its expiry day', () => {
    const a = { agreedOn: '2026-01-10', expiresOn: '2027-01-09' };
    expect(partnerAgreementInForce(a, '2026-01-09')).to.equal(false);
    expect(partnerAgreementInForce(a, '2026-01-10')).to.equal(true);
    expect(partnerAgreementInForce(a, '2027-01-09')).to.equal(true);
    expect(partnerAgreementInForce(a, '2027-01-10')).to.equal(false);
    expect(partnerAgreementInForce({ agreedOn: '2026-01-10' }, '2026-05-01')).to.equal(false);
  });
});

describe('register rules: normalising for the blind index', () => {
  it('surnames: case, accents, spaces, hyphens and apostrophes do not matter', () => {
    const same = (list: string[]) => expect(new Set(list.map(normaliseSurname)).size, list.join(' / ')).to.equal(1);
    same(["O'Brien", 'O’Brien', 'o brien', 'OBrien', '  O-Brien ', 'Ｏ’ＢＲＩＥＮ']);
    same(['Smith-Jones', 'Smith Jones', 'smith–jones', 'SmithJones']);
    same(['Zoë', 'Zoe', 'ZOË', 'Zoe\u0308']);
    same(['Łukasz', 'Lukasz']);
    same(['Strauß', 'STRAUSS', 'Strauss']);
    same(['Ní Bhriain', 'NI BHRIAIN', 'ni-bhriain']);
    expect(normaliseSurname("O'Brien")).to.equal('obrien');
    expect(normaliseSurname('Brien')).to.not.equal(normaliseSurname('OBrien'));
    expect(normaliseSurname('<b>Smith</b>')).to.equal('bsmithb');
    expect(normaliseSurname('\u202eSmith\u200b')).to.equal('smith');
    expect(normaliseSurname('Иванов')).to.equal('иванов');
    for (const empty of ['', '   ', "'-'", null, undefined, 42, '\u200b']) expect(normaliseSurname(empty), String(empty)).to.equal(null);
  });

  it('postcodes: upper case, no spaces, a real shape', () => {
    for (const [input, want] of [
      ['sw1a 1aa', 'SW1A1AA'],
      [' SW1A1AA ', 'SW1A1AA'],
      ['m1 1ae', 'M11AE'],
      ['B33 8TH', 'B338TH'],
      ['CR2 6XH', 'CR26XH'],
      ['DN55 1PT', 'DN551PT'],
      ['W1A 0AX', 'W1A0AX'],
      ['EC1A\u00a01BB', 'EC1A1BB'],
      ['ＳＷ１Ａ １ＡＡ', 'SW1A1AA'],
      ['GIR 0AA', 'GIR0AA'],
    ] as const) {
      expect(normalisePostcode(input), input).to.equal(want);
    }
    for (const bad of ['', 'SW1A', 'SW1A 1A', '12345', 'SW1A 1AAA', 'QW1 1AA', 'SW1A 1CI', 'SW1A-1AA', '<script>', null, 7, 'A'.repeat(10000)]) {
      expect(normalisePostcode(bad), String(bad).slice(0, 20)).to.equal(null);
    }
    expect(formatPostcode('SW1A1AA')).to.equal('SW1A 1AA');
    expect(formatPostcode('M11AE')).to.equal('M1 1AE');
  });

  it('addresses: the first line folded and the postcode; spacing between numbers kept', () => {
    expect(normaliseAddress('Flat 2, 10 High Street', 'sw1a 1aa')).to.equal('flat 2 10 high street|SW1A1AA');
    expect(normaliseAddress("  St John's  Road ", 'M1 1AE')).to.equal(normaliseAddress('ST JOHNS ROAD', 'm11ae'));
    expect(normaliseAddress('Stratford-upon-Avon House', 'B33 8TH')).to.equal(normaliseAddress('Stratford upon Avon House', 'B33 8TH'));
    expect(normaliseAddress('Flat 1, 23 Acacia Ave', 'M1 1AE')).to.not.equal(normaliseAddress('Flat 12, 3 Acacia Ave', 'M1 1AE'));
    expect(normaliseAddress('10 High Street', 'not a postcode')).to.equal(null);
    expect(normaliseAddress(' , ', 'M1 1AE')).to.equal(null);
  });

  it('never throws on hostile input, and normalising twice changes nothing (2000 random strings)', () => {
    const random = prng(81);
    const pieces = ['<script>alert(1)</script>', '"', "'", '’', '-', '–', ' ', '\u00a0', '\u200b', '\u202e', '\u200f', 'ﷺ', 'عبد الله', 'שלום', 'İ', 'ı', 'ß', 'ẞ', 'Σ', 'ς', 'ǅ', 'ﬃ', 'Å', 'A\u030a', 'e\u0301\u0301\u0301', 'Z̷̢͎̈́a̴l̸g̵o̸', '😀', '\ud800', '\u0000', '\uffff', 'Ⅻ', '①', '½', 'sw1a 1aa', 'Mc', "O'", 'ʼ', '\n\t', 'ＡＢＣ', '\u1e9e'];
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: 1 + int(random, 8) }, () => (random() < 0.1 ? String.fromCharCode(int(random, 0x10000)) : pick(random, pieces))).join('');
      const label = `case ${i}: ${JSON.stringify(s)}`;
      const n = normaliseSurname(s);
      if (n !== null) {
        expect(normaliseSurname(n), label).to.equal(n);
        expect(/^[\p{L}\p{N}]+$/u.test(n), label).to.equal(true);
      }
      const p = normalisePostcode(s);
      if (p !== null) expect(normalisePostcode(p), label).to.equal(p);
      const a = normaliseAddress(s, 'M1 1AE');
      if (a !== null) {
        const [line, pc] = a.split('|');
        expect(normaliseAddress(line, pc), label).to.equal(a);
        expect(a.split('|').length, label).to.equal(2);
      }
    }
    const huge = 'Ab\u0301-'.repeat(10000);
    const t = performance.now();
    expect([...normaliseSurname(huge)!].length).to.equal(MAX_KEY_CHARACTERS);
    expect(normaliseSurname(normaliseSurname(huge))).to.equal(normaliseSurname(huge));
    expect(normaliseAddress(normaliseAddress('ﷺ'.repeat(900), 'M1 1AE')!.split('|')[0], 'M1 1AE')).to.equal(normaliseAddress('ﷺ'.repeat(900), 'M1 1AE'));
    expect(normaliseAddress(huge, 'M1 1AE')).to.be.a('string');
    expect(performance.now() - t).to.be.below(200);
  });
});

describe('register rules: history markers (SECAmb 3.1.2, 3.7)', () => {
  it('required exactly for a physical assault, not medical, with the offender known', () => {
    const values = [true, false, null, undefined];
    for (const physicalAssault of values) {
      for (const medicalFactor of values) {
        for (const offenderKnown of values) {
          const r = historyMarkerRequired({ physicalAssault, medicalFactor, offenderKnown });
          const label = JSON.stringify({ physicalAssault, medicalFactor, offenderKnown });
          expect(r.required, label).to.equal(physicalAssault === true && medicalFactor !== true && offenderKnown === true);
          expect(r.reasons.length > 0, label).to.equal(true);
        }
      }
    }
    expect(historyMarkerRequired({ physicalAssault: true, medicalFactor: false, offenderKnown: true }).reasons[0]).to.match(/whether or not the matter goes to the Police/);
    expect(historyMarkerRequired({ physicalAssault: true, medicalFactor: true, offenderKnown: true }).reasons).to.deep.equal(['The assault was attributed to medical factors: a marker is not required.']);
  });
});

describe('partner areas and risk kinds', () => {
  it('a postcode district is the outward code of a normalised postcode, and typed districts normalise the same way', () => {
    for (const [pc, d] of [['SW1A1AA', 'SW1A'], ['ME141AA', 'ME14'], ['CT201AA', 'CT20'], ['M11AE', 'M1'], ['B338TH', 'B33']] as const) {
      expect(postcodeDistrict(pc)).to.equal(d);
      expect(normaliseDistrict(d.toLowerCase())).to.equal(d);
      expect(normaliseDistrict(` ${d.slice(0, 1)} ${d.slice(1)} `)).to.equal(d);
    }
    expect(normaliseDistrict('ＭＥ１４')).to.equal('ME14', 'full-width characters fold (NFKC)');
    for (const bad of ['', 'ME14 1AA', '<b>', 'QQ1', '1ME', 'x'.repeat(13), null, 14]) expect(normaliseDistrict(bad), String(bad)).to.equal(null);
  });

  it('every risk kind has the words a visitor reads, and nothing else is one', () => {
    for (const [k, v] of Object.entries(RISK_KINDS)) {
      expect(isRiskKind(k)).to.equal(true);
      expect(v.length).to.be.greaterThan(5);
    }
    for (const bad of ['', 'toString', '__proto__', 'Violence', null]) expect(isRiskKind(bad), String(bad)).to.equal(false);
  });
});
