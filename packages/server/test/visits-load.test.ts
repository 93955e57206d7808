/**
 * Lone working (#16), "1,000 visits in a day for one team", on both databases: 50 people of one line
 * manager plan 1,000 visits for one day through the service, with one buddy. The clock walks through the
 * day in 5-minute ticks, running the job queue at each as the server's poll would: most check in and check
 * out before their end, one in ten never checks out. Then every overdue visit has escalated once (each
 * step of the route once, in order), no checked-out visit has an alert, the buddy was told once per overdue
 * visit, and the buddy's day page and the team's use page render with the right counts (mid-day: "No call
 * received" for those just overdue). Behaviour, not timing: the time taken is printed as a diagnostic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_ESCALATION_ROUTE, londonInstant } from '@safety-forms/core';
import { databases } from './support/databases.js';
import { signedIn, startApp, type TestApp } from './support/app.js';

const MIN = 60_000;
const VISITS = 1000;
const TEAM = 50;
const STEPS = DEFAULT_ESCALATION_ROUTE.steps.map((s) => s.id);

interface Planned {
  id: string;
  staffId: string;
  start: number;
  end: number;
  overdue: boolean;
  checksIn: boolean;
}

/** The badges of a status column, counted by their words. */
function badges(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of html.matchAll(/<span class="moj-badge[^"]*">\s*([^<]+?)\s*<\/span>/g)) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  return counts;
}

for (const d of databases()) {
  describe(`lone working: 1,000 visits in a day for one team (${d.name})`, () => {
    let t: TestApp;
    let now = new Date('2026-12-07T07:00:00Z'); // Monday 7 December 2026, GMT
    const visits: Planned[] = [];

    before(async () => {
      t = await startApp(await d.open(), { clock: () => now });
      await t.services.accounts.setManager(t.ids['manager.demo']!, t.ids['head.demo']!);
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    it('plans 1,000 visits, walks the day, escalates every overdue one once and nothing else; the buddy and team pages say so', async (ctx) => {
      const started = performance.now();
      const team: string[] = [];
      for (let i = 0; i < TEAM; i++) team.push(await t.services.accounts.create({ username: `team.member.${i}`, displayName: `Team member ${i}`, roles: ['staff'], password: null, managerId: t.ids['manager.demo']! }));
      const endOfDayAt = londonInstant('2026-12-07', '18:00');
      for (let i = 0; i < VISITS; i++) {
        const start = londonInstant('2026-12-07', `${String(8 + Math.floor((i % 16) / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`).getTime();
        const end = start + 45 * MIN;
        const res = await t.services.visits.plan(
          team[i % TEAM]!,
          { startsAt: new Date(start), endsAt: new Date(end), endOfDayAt, buddyUsername: 'visitor.demo', arrangement: 'alone', trafficLight: 'green', detail: { reference: `REF-${i}`, description: `Visit ${i}`, location: `${i} Example Road`, jointWith: '', redAgreement: '' } },
          `load-${i}`,
        );
        assert.ok(res.ok, JSON.stringify(res));
        visits.push({ id: res.id, staffId: team[i % TEAM]!, start, end, overdue: i % 10 === 3, checksIn: i % 20 !== 7 });
      }
      const planning = performance.now() - started;
      assert.equal(await t.db.kysely.selectFrom('visits').select('id').execute().then((r) => r.length), VISITS);

      // The day, in 5-minute ticks: check-ins at the start, check-outs 5 minutes before the end, then the job poll.
      const firstOverdue = Math.min(...visits.filter((v) => v.overdue).map((v) => v.end)) + DEFAULT_ESCALATION_ROUTE.graceMinutes * MIN;
      let midDay: string | undefined;
      const walking = performance.now();
      for (let tick = Date.parse('2026-12-07T07:55:00Z'); tick <= Date.parse('2026-12-07T18:30:00Z'); tick += 5 * MIN) {
        now = new Date(tick);
        for (const v of visits) {
          if (v.checksIn && v.start === tick) assert.ok(await t.services.visits.checkIn(v.id, v.staffId, 'load'));
          if (!v.overdue && v.end - 5 * MIN === tick) assert.deepEqual(await t.services.visits.checkOut(v.id, v.staffId, '', 'load'), { ok: true });
        }
        // The first overdue ones, before the poll: "No call received" on the buddy's day.
        if (tick === firstOverdue) midDay = (await (await signedIn(t, 'visitor.demo')).get('/visits/buddy')).body;
        await t.services.jobs.runDue();
      }
      const walk = performance.now() - walking;

      // Every overdue visit escalated once: each step of the route once, in order; nothing else has an alert.
      const alerts = await t.db.kysely.selectFrom('visit_alerts').selectAll().execute();
      const byVisit = new Map<string, typeof alerts>();
      for (const a of alerts) byVisit.set(a.visit_id, [...(byVisit.get(a.visit_id) ?? []), a]);
      const overdue = visits.filter((v) => v.overdue);
      assert.equal(overdue.length, VISITS / 10);
      for (const v of overdue) {
        const steps = (byVisit.get(v.id) ?? []).sort((a, b) => a.due_at.localeCompare(b.due_at));
        assert.deepEqual(steps.map((s) => s.step), STEPS, v.id);
        assert.equal(steps[0]!.due_at, new Date(v.end + DEFAULT_ESCALATION_ROUTE.graceMinutes * MIN).toISOString(), 'the buddy step at the end plus the grace period');
        // Fired at the first poll at or after it fell due (the 5-minute tick), never before.
        for (const s of steps) assert.ok(Date.parse(s.fired_at) >= Date.parse(s.due_at) && Date.parse(s.fired_at) - Date.parse(s.due_at) < 5 * MIN, `${s.step} ${s.due_at} ${s.fired_at}`);
      }
      assert.equal(alerts.length, overdue.length * STEPS.length, 'no alert for a visit that checked out');
      const inbox = await t.services.notifier.inbox(t.ids['visitor.demo']!, 5000);
      assert.equal(inbox.filter((m) => m.subject === 'A lone worker has not checked out').length, overdue.length, 'the buddy is told once per overdue visit');
      assert.equal((await t.services.notifier.inbox(t.ids['manager.demo']!, 5000)).filter((m) => /lone worker/.test(m.subject)).length, overdue.length * 2, 'the line manager: their step and the police step');
      const pending = await t.db.kysely.selectFrom('jobs').select('id').where('kind', '=', 'visit-escalation').where('done_at', 'is', null).execute();
      assert.equal(pending.length, 0, 'no escalation job left undone');

      // The buddy's day: mid-day, the first overdue ones say "No call received"; at the end, 900 checked out and 100 escalated.
      const atFirst = overdue.filter((v) => v.end + DEFAULT_ESCALATION_ROUTE.graceMinutes * MIN === firstOverdue).length;
      assert.ok(atFirst > 0);
      assert.equal(badges(midDay ?? '')['No call received'], atFirst, 'no call received is obvious');
      const rendering = performance.now();
      const buddy = await signedIn(t, 'visitor.demo');
      const day = await buddy.get('/visits/buddy');
      assert.equal(day.statusCode, 200);
      assert.deepEqual(badges(day.body), { 'Checked out': VISITS - overdue.length, Escalated: overdue.length });
      assert.equal((day.body.match(/<tr class="govuk-table__row">/g) ?? []).length, VISITS + 1, 'every visit, and the header row');
      assert.equal((day.body.match(/href="\/visits\/[0-9a-f-]{36}\/escalation"/g) ?? []).length, overdue.length, 'a link to each escalation');
      const buddyPage = performance.now() - rendering;

      // The team's use: this week, 1,000 planned, those checked in, 900 on time, 100 escalated.
      const teamStarted = performance.now();
      const manager = await signedIn(t, 'manager.demo');
      const page = await manager.get('/visits/team');
      assert.equal(page.statusCode, 200);
      const usage = /data-sf="usage"[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      const week = /<th scope="row"[^>]*>7 December 2026<\/th>([\s\S]*?)<\/tr>/.exec(usage)?.[1] ?? '';
      const cells = [...week.matchAll(/>(\d+)<\/td>/g)].map((m) => Number(m[1]));
      assert.deepEqual(cells, [VISITS, visits.filter((v) => v.checksIn).length, VISITS - overdue.length, overdue.length]);
      assert.equal((page.body.match(/Team member \d+/g) ?? []).length, TEAM, "every team member's emergency contact state");
      const teamPage = performance.now() - teamStarted;
      ctx.diagnostic(`${d.name}: planned ${VISITS} in ${(planning / 1000).toFixed(1)} s; walked the day (${VISITS} check-ins and -outs, ${alerts.length} alerts, 128 polls) in ${(walk / 1000).toFixed(1)} s; buddy's day page ${buddyPage.toFixed(0)} ms; team page ${teamPage.toFixed(0)} ms; in all ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
  });
}
