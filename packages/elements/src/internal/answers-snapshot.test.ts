import { expect, fixture, html } from '@open-wc/testing';
import { formFromSchema, forms, type Envelope, type FormSchema, type JsonObject, type RiskMatrixResult } from '@safety-forms/core';
import { lowRisk } from '../../../../stories/fixtures/risk-matrix.js';
import type SafetyForm from '../components/safety-form/safety-form.component.js';
import '../components/safety-form/safety-form.js';
import { settle } from './test/helpers.js';

/** The risk matrix as an organisation's own form that asks about mental health history only when the Police were told. */
function matrixHidingAScoredQuestion(): FormSchema {
  const schema = structuredClone(forms['risk-matrix']!.schema) as FormSchema;
  const background = schema.properties!['subjectBackground']!;
  const question = background.properties!['mentalHealthHistory']!;
  background.properties!['mentalHealthHistory'] = { ...question, 'x-ui': { ...question['x-ui'], showIf: { path: '/assessment/policeReported', equals: 'yes' } } };
  background.required = background.required!.filter((k) => k !== 'mentalHealthHistory');
  schema['x-scoring'] = { scorer: 'risk-matrix', ...(schema['x-scoring'] as object) };
  return schema;
}

const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('the answers as submitted, one snapshot per change', () => {
  it('a hidden answer to a scored question counts neither in the live result nor in the envelope: its result is the scorer run on its data', async () => {
    const schema = matrixHidingAScoredQuestion();
    const el = await fixture<SafetyForm>(html`<safety-form .schema=${schema}></safety-form>`);
    // Answered "yes" (2 points), then hidden: the Police were not told.
    const raw = { ...lowRisk, subjectBackground: { ...lowRisk.subjectBackground, mentalHealthHistory: 'yes' } };
    el.value = raw;
    await settle(el);
    let sent: Envelope<JsonObject> | undefined;
    el.submitHandler = async (envelope) => {
      sent = overTheWire(envelope) as Envelope<JsonObject>;
      return { reference: 'RM-SNAPSHOT' };
    };
    expect((await el.submit())?.reference).to.equal('RM-SNAPSHOT');
    const custom = formFromSchema(schema);
    expect((sent!.data['subjectBackground'] as JsonObject)['mentalHealthHistory']).to.equal(undefined);
    expect(sent!.result).to.deep.equal(overTheWire(custom.score(sent!.data)));
    expect(overTheWire(el.currentResult)).to.deep.equal(sent!.result);
    // The raw answers, hidden "yes" included, score more: what the form showed and sent before.
    expect((custom.score(raw) as RiskMatrixResult).total).to.be.greaterThan((sent!.result as RiskMatrixResult).total);
  });
});
