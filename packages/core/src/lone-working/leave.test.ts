import { expect } from '@open-wc/testing';
import { addDays } from '../case/rules.js';
import { leaveProblem, MAX_LEAVE_DAYS, onLeave, visitDays } from './visits.js';
import { prng } from '../testing/random.js';

describe('lone working: a buddy on leave', () => {
  it('refuses leave that is not real, backwards, over or too long, at its field', () => {
    const today = '2026-12-07';
    expect(leaveProblem('2026-12-07', '2026-12-07', today)).to.equal(undefined);
    expect(leaveProblem('2026-12-01', '2026-12-07', today), 'ends today').to.equal(undefined);
    expect(leaveProblem('2027-02-29', '2027-03-01', today)?.field).to.equal('from');
    expect(leaveProblem('', '2027-03-01', today)?.field).to.equal('from');
    expect(leaveProblem('2026-12-08', '31/12/2026', today)?.field).to.equal('to');
    expect(leaveProblem('2026-12-10', '2026-12-09', today)).to.deep.equal({ field: 'to', text: 'The last day of leave must be the same as or after the first day' });
    expect(leaveProblem('2026-11-01', '2026-12-06', today)?.text).to.match(/today or later/);
    expect(leaveProblem('2026-12-07', addDays('2026-12-07', MAX_LEAVE_DAYS - 1), today)).to.equal(undefined);
    expect(leaveProblem('2026-12-07', addDays('2026-12-07', MAX_LEAVE_DAYS), today)?.field).to.equal('to');
    for (const odd of ['<img src=x>', '2026-12-07\u202E', '２０２６-12-07', '2026-12-07T00:00', 'x'.repeat(10_000)]) expect(leaveProblem(odd, '2026-12-08', today)?.field, odd).to.equal('from');
  });

  it('a visit touches its London day, and the next one when it runs past midnight, across the clock changes', () => {
    expect(visitDays(new Date('2026-12-07T10:00:00Z'), new Date('2026-12-07T11:00:00Z'))).to.deep.equal(['2026-12-07']);
    expect(visitDays(new Date('2026-12-07T22:30:00Z'), new Date('2026-12-08T00:30:00Z'))).to.deep.equal(['2026-12-07', '2026-12-08']);
    expect(visitDays(new Date('2026-12-07T22:30:00Z'), null)).to.deep.equal(['2026-12-07']);
    // 23:30 UTC on 27 June is 00:30 BST on 28 June.
    expect(visitDays(new Date('2027-06-27T23:30:00Z'), new Date('2027-06-28T01:00:00Z'))).to.deep.equal(['2027-06-28']);
    expect(visitDays(new Date('2027-06-27T22:30:00Z'), new Date('2027-06-27T23:30:00Z'))).to.deep.equal(['2027-06-27', '2027-06-28']);
    expect(visitDays(new Date('2026-10-24T23:30:00Z'), new Date('2026-10-25T03:00:00Z')), '00:30 BST to 03:00 GMT').to.deep.equal(['2026-10-25']);
    expect(visitDays(new Date(Number.NaN), null)).to.deep.equal([]);
  });

  it('is on leave exactly on the days of a period, both ends included (random periods and days)', () => {
    const random = prng(16);
    for (let i = 0; i < 500; i++) {
      const from = addDays('2026-01-01', Math.floor(random() * 700));
      const to = addDays(from, Math.floor(random() * 30));
      const day = addDays('2026-01-01', Math.floor(random() * 760));
      expect(onLeave([{ from, to }], [day]), `${from}..${to} ${day}`).to.equal(from <= day && day <= to);
    }
    expect(onLeave([], ['2026-12-07'])).to.equal(false);
    expect(onLeave([{ from: '2026-12-08', to: '2026-12-09' }], ['2026-12-07', '2026-12-08']), 'the second day of a visit past midnight').to.equal(true);
  });
});
