import { expect } from '@open-wc/testing';
import { londonDay } from '../case/rules.js';
import { londonTime } from '../lone-working/visits.js';
import { debriefProblem, debriefWindow, incidentCompletionBlockers, quarterLabel, suppressedCount, type CompletionFacts } from './rules.js';
import { prng } from '../testing/random.js';

describe('incident follow-up rules', () => {
  it('the debrief window opens 48 hours after and closes two weeks after, at the same London time, across weekends and BST', () => {
    const random = prng(17);
    for (let i = 0; i < 500; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 730 * 24) * 3_600_000 + Math.floor(random() * 60) * 60_000);
      const { opensAt, closesAt } = debriefWindow(at);
      expect(opensAt.getTime() - at.getTime()).to.equal(48 * 3_600_000);
      // The same London wall time, unless that time does not exist on the closing day (the spring gap).
      if (londonTime(closesAt) !== londonTime(at)) expect(londonTime(at).startsWith('01:'), at.toISOString()).to.equal(true);
      const days = (Date.parse(`${londonDay(closesAt)}T00:00:00Z`) - Date.parse(`${londonDay(at)}T00:00:00Z`)) / 86_400_000;
      expect(days, at.toISOString()).to.equal(14);
      expect(debriefProblem(at, new Date(opensAt.getTime() - 60_000))).to.match(/no sooner than 48 hours/);
      expect(debriefProblem(at, opensAt)).to.equal(undefined);
      expect(debriefProblem(at, closesAt)).to.equal(undefined);
      expect(debriefProblem(at, new Date(closesAt.getTime() + 60_000))).to.match(/no later than two weeks/);
    }
    // Friday evening: opens on Sunday evening (weekends count), closes a fortnight on.
    const friday = new Date('2026-12-04T18:00:00Z');
    expect(debriefWindow(friday).opensAt.toISOString()).to.equal('2026-12-06T18:00:00.000Z');
    expect(debriefWindow(friday).closesAt.toISOString()).to.equal('2026-12-18T18:00:00.000Z');
    // Across the change to BST (29 March 2026): 10:00 GMT on 20 March closes at 10:00 BST on 3 April.
    expect(debriefWindow(new Date('2026-03-20T10:00:00Z')).closesAt.toISOString()).to.equal('2026-04-03T09:00:00.000Z');
    // Across the change from BST (25 October 2026).
    expect(debriefWindow(new Date('2026-10-20T09:00:00Z')).closesAt.toISOString()).to.equal('2026-11-03T10:00:00.000Z');
  });

  it('an incident completes only with its sub-category checked, a redress route or why none, the history marker met, and feedback to the victim', () => {
    const done: CompletionFacts = { subCategoryChecked: true, redressRoute: 'warning-letter', noRedressReason: '', historyMarkerRequired: true, historyMarkerAppliedFor: true, historyMarkerReason: '', feedbackGiven: 'Told of the letter' };
    expect(incidentCompletionBlockers(done)).to.deep.equal([]);
    const random = prng(3);
    for (let i = 0; i < 300; i++) {
      const f: CompletionFacts = {
        subCategoryChecked: random() < 0.5,
        redressRoute: random() < 0.5 ? 'prosecution' : null,
        noRedressReason: random() < 0.5 ? 'Perpetrator de-arrested' : '  ',
        historyMarkerRequired: random() < 0.5,
        historyMarkerAppliedFor: random() < 0.5,
        historyMarkerReason: random() < 0.5 ? 'Offender died' : '',
        feedbackGiven: random() < 0.5 ? 'Spoken to' : '',
      };
      const codes = incidentCompletionBlockers(f).map((b) => b.code);
      expect(codes.includes('sub-category')).to.equal(!f.subCategoryChecked);
      expect(codes.includes('redress')).to.equal(!f.redressRoute && !f.noRedressReason.trim());
      expect(codes.includes('history-marker')).to.equal(f.historyMarkerRequired && !f.historyMarkerAppliedFor && !f.historyMarkerReason.trim());
      expect(codes.includes('feedback')).to.equal(!f.feedbackGiven.trim());
    }
  });

  it('never shows a count under 5', () => {
    for (let n = 0; n < 200; n++) {
      const shown = suppressedCount(n);
      if (n === 0) expect(shown).to.equal('0');
      else if (n < 5) expect(shown).to.equal('fewer than 5');
      else expect(shown).to.equal(String(n));
    }
    expect(() => suppressedCount(-1)).to.throw(RangeError);
    expect(quarterLabel('2026-12-06')).to.equal('2026 Q4');
    expect(quarterLabel('2027-01-01')).to.equal('2027 Q1');
  });
});
