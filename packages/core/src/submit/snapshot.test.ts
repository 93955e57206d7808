import { expect } from '@open-wc/testing';
import { forms } from '../generated/index.js';
import { pruneHidden } from '../schema/conditions.js';
import { formFromSchema } from '../schema/custom.js';
import { deref, optionsOf, typeOf } from '../schema/resolve.js';
import { answersAsSubmitted, isSnapshot } from '../schema/submitted.js';
import { scoreForm } from '../score/index.js';
import type { FormDefinition, FormSchema, JsonObject } from '../types.js';
import { validateWith } from '../validate/validate.js';
import { buildEnvelope, type Envelope } from './envelope.js';
import { snapshotAnswers } from './snapshot.js';
import { prng } from '../testing/random.js';


const STRINGS = ['', ' ', 'x', 'Alex Smith', 'stale answer', '2026-03-27', '2026-02-31', '2026-03-27T14:30:00Z', '1990-05-01', 'a@example.org', '<b>not markup</b>', 'ü'.repeat(40)];

/**
 * Random answers for `root`: every question answered or not at random, whatever `showIf` says, so
 * hidden answers (and the answers that hide them) come in every combination. Choices take one of
 * their options most of the time, so every condition is met and unmet; now and then a value of the
 * wrong type or an unknown key stands in for a forged or stale answer.
 */
function answersFor(root: FormSchema, next: () => number): JsonObject {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const gen = (node: FormSchema, depth: number): unknown => {
    const n = deref(root, node);
    const options = optionsOf(root, n);
    const type = typeOf(n);
    if (next() < 0.04) return pick<unknown>(['', null, 7, 'not-an-option', true]);
    if (type === 'array') {
      const count = Math.floor(next() * 4);
      if (options.length) return options.filter(() => next() < 0.4).map((o) => o.value);
      return n.items && depth < 12 ? Array.from({ length: count }, () => gen(n.items!, depth + 1)) : [];
    }
    if (options.length) return pick(options).value;
    if (type === 'object' || n.properties) {
      const out: JsonObject = {};
      if (depth > 12) return out;
      for (const [key, child] of Object.entries(n.properties ?? {})) if (next() < 0.75) out[key] = gen(child, depth + 1);
      if (next() < 0.05) out['notInTheSchema'] = 'forged';
      return out;
    }
    if (type === 'integer' || type === 'number') {
      const min = typeof n.minimum === 'number' ? n.minimum : 0;
      const max = typeof n.maximum === 'number' ? n.maximum : 10;
      return next() < 0.9 ? min + Math.floor(next() * (max - min + 1)) : max + 1;
    }
    if (type === 'boolean') return next() < 0.5;
    return pick(STRINGS);
  };
  return gen(root, 0) as JsonObject;
}

/** What the backend receives: the envelope as JSON. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The property: sent as JSON, the envelope's `result` is the scorer's result for the envelope's
 * `data`, that data holds no hidden answer (pruning it again removes nothing), and validating it
 * gives what the form showed.
 */
function checkOne(form: FormDefinition, score: (data: unknown) => unknown, raw: JsonObject, seed: number): { pruned: boolean } {
  const snapshot = snapshotAnswers(form, raw, score);
  const sent = overTheWire(buildEnvelope(form, snapshot.data, snapshot.result)) as Envelope<JsonObject>;
  const where = `${form.id}, seed ${seed}`;
  expect(sent.result, `${where}: result`).to.deep.equal(overTheWire(score(sent.data)) ?? null);
  expect(pruneHidden(form.schema, sent.data), `${where}: hidden answers in data`).to.deep.equal(sent.data);
  expect(validateWith(form, sent.data), `${where}: validation`).to.deep.equal(snapshot.validation);
  return { pruned: JSON.stringify(overTheWire(raw)) !== JSON.stringify(sent.data) };
}

const RUNS = 120;

describe('one snapshot of the answers as submitted', () => {
  for (const form of Object.values(forms)) {
    it(`${form.id}: ${RUNS} random answer sets, hidden answers included: the envelope's result is the scorer run on its data`, () => {
      const score = (data: unknown) => scoreForm(form.id, data);
      let pruned = 0;
      const outcomes = new Set<string>();
      for (let i = 0; i < RUNS; i++) {
        const seed = 1000 * form.id.length + i;
        const raw = answersFor(form.schema, prng(seed));
        if (checkOne(form, score, raw, seed).pruned) pruned++;
        outcomes.add(JSON.stringify(score(raw)));
      }
      // The generator did its job: most sets had something to leave out.
      expect(pruned, 'answer sets that had hidden or unanswered values').to.be.greaterThan(RUNS / 2);
      // A scoring form reached more than one result, so the property was not checked on one answer alone.
      if (scoreForm(form.id, {}) !== null) expect(outcomes.size, 'distinct results').to.be.greaterThan(1);
    });
  }

  it("an organisation's form whose showIf hides a scored question: the result leaves the hidden answer out, as the data does", () => {
    const schema = structuredClone(forms['risk-matrix']!.schema) as FormSchema;
    const background = schema.properties!['subjectBackground']!;
    const question = background.properties!['mentalHealthHistory']!;
    background.properties!['mentalHealthHistory'] = { ...question, 'x-ui': { ...question['x-ui'], showIf: { path: '/assessment/policeReported', equals: 'yes' } } };
    schema['x-scoring'] = { scorer: 'risk-matrix', ...(schema['x-scoring'] as object) };
    const custom = formFromSchema(schema);
    const raw = { assessment: { policeReported: 'no' }, natureOfThreat: { levelOfSeverity: 'low' }, subjectBackground: { mentalHealthHistory: 'yes' } };
    const snapshot = snapshotAnswers(custom, raw, (d) => custom.score(d));
    const sent = overTheWire(buildEnvelope(custom, snapshot.data, snapshot.result));
    expect((sent.data as JsonObject)['subjectBackground']).to.equal(undefined);
    expect(sent.result).to.deep.equal(overTheWire(custom.score(sent.data)));
    // The raw answers score the hidden "yes": what the form used to show and send beside data without it.
    expect(overTheWire(custom.score(raw))).to.not.deep.equal(sent.result);
    for (let i = 0; i < 40; i++) checkOne(custom, (d) => custom.score(d), answersFor(custom.schema, prng(i)), i);
  });

  it('prunes once: the validator, the scorers and buildEnvelope take a snapshot as it is, and raw answers are still pruned', () => {
    const form = forms['traffic-light-referral']!;
    const raw = answersFor(form.schema, prng(7));
    const snapshot = snapshotAnswers(form, raw, (d) => scoreForm(form.id, d));
    expect(isSnapshot(snapshot.data)).to.equal(true);
    expect(isSnapshot(raw)).to.equal(false);
    expect(answersAsSubmitted(form.schema, snapshot.data)).to.equal(snapshot.data);
    expect(buildEnvelope(form, snapshot.data, snapshot.result).data).to.equal(snapshot.data);
    // Raw answers: a new, pruned copy, the caller's object untouched.
    const before = JSON.stringify(raw);
    expect(answersAsSubmitted(form.schema, raw)).to.not.equal(raw);
    expect(answersAsSubmitted(form.schema, raw)).to.deep.equal(pruneHidden(form.schema, raw));
    expect(JSON.stringify(raw)).to.equal(before);
    expect(answersAsSubmitted(form.schema, 'x')).to.equal('x');
    expect(answersAsSubmitted(form.schema, null)).to.equal(null);
  });
});
