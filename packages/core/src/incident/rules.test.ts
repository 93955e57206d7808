import { expect } from '@open-wc/testing';
import { londonDay } from '../case/rules.js';
import { londonTime } from '../lone-working/visits.js';
import { debriefProblem, debriefWindow, incidentCompletionBlockers, PROTECTED_CHARACTERISTICS, protectedCharacteristicsReport, quarterLabel, sharedCharacteristics, suppressedCount, type CompletionFacts, type QuarterlyIncident } from './rules.js';
import { incidentReport } from '../generated/incident-report.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import type { FormSchema } from '../types.js';
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

  it('the quarterly report by protected characteristic: the codes of the schema, one count per incident, never a count under 5 as a number, never anything typed', () => {
    const schema = incidentReport.schema as FormSchema;
    const options = optionsOf(schema, schemaAt(schema, '/people/victims/0/protectedCharacteristics')!);
    expect(PROTECTED_CHARACTERISTICS.map((c) => c.code)).to.deep.equal(options.map((o) => o.value));
    const random = prng(2307);
    const codes = PROTECTED_CHARACTERISTICS.map((c) => c.code);
    const names = ['Perpetua Quillby', '<script>alert(1)</script>', 'Zoë 🙂 Ängström', '"; DROP TABLE incidents; --', 'x'.repeat(10_000), '\u202Eevil\u202C', 'race', '3'];
    for (let run = 0; run < 200; run++) {
      const incidents: QuarterlyIncident[] = [];
      const expected = new Map<string, { n: number; counts: Map<string, number> }>();
      const n = Math.floor(random() * 60);
      for (let i = 0; i < n; i++) {
        const at = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 900 * 24) * 3_600_000);
        const victims = Array.from({ length: Math.floor(random() * 4) }, () => {
          const chosen = codes.filter(() => random() < 0.15);
          // Unknown codes, names and odd values beside the codes are never counted nor shown.
          const extra = random() < 0.2 ? [names[Math.floor(random() * names.length)]!, 42, null] : [];
          return { name: names[Math.floor(random() * names.length)], role: 'victim', protectedCharacteristics: random() < 0.1 ? 'race' : [...chosen, ...extra] };
        });
        const data = { people: { victims }, incident: { location: names[Math.floor(random() * names.length)] } };
        incidents.push({ incidentAt: at, data });
        const q = quarterLabel(londonDay(at));
        const e = expected.get(q) ?? { n: 0, counts: new Map<string, number>() };
        e.n++;
        const shared = new Set<string>();
        for (const v of victims) if (Array.isArray(v.protectedCharacteristics)) for (const c of v.protectedCharacteristics) if (typeof c === 'string' && codes.includes(c as never)) shared.add(c);
        for (const c of shared) e.counts.set(c, (e.counts.get(c) ?? 0) + 1);
        expected.set(q, e);
      }
      const rows = protectedCharacteristicsReport(incidents);
      const want = [...expected.keys()].sort().reverse().slice(0, 8);
      expect(rows.map((r) => r.quarter)).to.deep.equal(want);
      const matches = (shown: string, count: number) => (count === 0 ? shown === '0' : count < 5 ? shown === 'fewer than 5' : shown === String(count));
      for (const r of rows) {
        const e = expected.get(r.quarter)!;
        expect(matches(r.incidents, e.n), `${r.quarter} incidents`).to.equal(true);
        expect(r.counts.map((c) => c.code)).to.deep.equal(codes);
        for (const c of r.counts) {
          expect(matches(c.shown, e.counts.get(c.code) ?? 0), `${r.quarter} ${c.code}`).to.equal(true);
          // Never a count of 1 to 4 as a number.
          expect(/^[1-4]$/.test(c.shown)).to.equal(false);
          expect(c.shown === '0' || c.shown === 'fewer than 5' || Number(c.shown) >= 5, c.shown).to.equal(true);
        }
      }
      // Nothing typed on a report reaches the report: only quarters, the fixed titles and the figures.
      const strings = JSON.stringify(rows);
      for (const name of names.slice(0, 6)) expect(strings.includes(JSON.stringify(name).slice(1, -1))).to.equal(false);
      for (const r of rows) for (const c of r.counts) expect(PROTECTED_CHARACTERISTICS.some((p) => p.title === c.title && p.code === c.code)).to.equal(true);
    }
    // An incident counts once per characteristic, however many of its victims shared it; several characteristics each count.
    const five = Array.from({ length: 5 }, (_, i) => ({ incidentAt: new Date(`2026-10-0${i + 1}T10:00:00Z`), data: { people: { victims: [{ protectedCharacteristics: ['race', 'religion-belief'] }, { protectedCharacteristics: ['race'] }] } } }));
    const [row] = protectedCharacteristicsReport([...five, { incidentAt: new Date('2026-12-31T23:30:00Z'), data: { people: { victims: [{ protectedCharacteristics: ['prefer-not-to-say'] }] } } }]);
    expect(row!.quarter).to.equal('2026 Q4');
    expect(row!.incidents).to.equal('6');
    expect(Object.fromEntries(row!.counts.map((c) => [c.code, c.shown]))).to.include({ race: '5', 'religion-belief': '5', 'prefer-not-to-say': 'fewer than 5', age: '0' });
    // Midnight on 31 March in London (BST) is in Q2, not Q1 as UTC would have it.
    expect(protectedCharacteristicsReport([{ incidentAt: new Date('2026-03-31T23:30:00Z'), data: {} }])[0]!.quarter).to.equal('2026 Q2');
    expect(protectedCharacteristicsReport([{ incidentAt: new Date('nope'), data: {} }])).to.deep.equal([]);
    expect([...sharedCharacteristics(null)]).to.deep.equal([]);
    expect([...sharedCharacteristics({ people: { victims: 'race' } })]).to.deep.equal([]);
    expect(protectedCharacteristicsReport(five, 0)).to.deep.equal([]);
  });
});
