/**
 * Stories for `<risk-matrix-form>`. They are Storybook CSF, and the element tests use them as
 * fixtures (`fixture(LowRisk())`), so every state a designer sees is also tested: one story per risk
 * band, the police-reported case, a risk raised on professional judgement, and the action plan.
 */
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../packages/elements/src/components/risk-matrix-form/risk-matrix-form.js';
import type RiskMatrixForm from '../packages/elements/src/components/risk-matrix-form/risk-matrix-form.component.js';
import {
  highRisk,
  lowRisk,
  mediumRisk,
  partMatrix,
  policeReported,
  raisedByJudgement,
  veryHighRisk,
  withActionPlan,
} from './fixtures/risk-matrix.js';

export default {
  title: 'Forms/Risk matrix',
  component: 'risk-matrix-form',
  tags: ['autodocs'],
};

const noSend = async () => ({ reference: 'RM-STORY-0001' });

/** Shows every error at once, as after pressing Submit (without moving focus). */
const showErrors = (el?: Element) => {
  if (el) (el as RiskMatrixForm).validate();
};

/** A new, empty risk matrix: "Not yet scored". */
export const Empty = () => html`<risk-matrix-form .submitHandler=${noSend}></risk-matrix-form>`;

/** Submitted empty: the error summary and every required question's error. */
export const WithErrors = () => html`<risk-matrix-form no-autofocus .submitHandler=${noSend} ${ref(showErrors)}></risk-matrix-form>`;

/** The assessment details and the level of severity only: a provisional score. */
export const PartFilled = () => html`<risk-matrix-form .initialValue=${partMatrix} .submitHandler=${noSend}></risk-matrix-form>`;

/** Low risk (14 of 119): a lower level operational meeting. */
export const LowRisk = () => html`<risk-matrix-form .initialValue=${lowRisk} .submitHandler=${noSend}></risk-matrix-form>`;

/** Medium risk (38 of 119): an operational meeting, with advice from Health and Safety and the Police. */
export const MediumRisk = () => html`<risk-matrix-form .initialValue=${mediumRisk} .submitHandler=${noSend}></risk-matrix-form>`;

/** High risk (62 of 119): a full Risk Strategy Group meeting. */
export const HighRisk = () => html`<risk-matrix-form .initialValue=${highRisk} .submitHandler=${noSend}></risk-matrix-form>`;

/** Very high risk (89 of 119): a full Risk Strategy Group meeting without delay; the result stands out. */
export const VeryHighRisk = () => html`<risk-matrix-form .initialValue=${veryHighRisk} .submitHandler=${noSend}></risk-matrix-form>`;

/** Low risk by score, but reported to the Police: a Risk Strategy Group meeting is required whatever the score. */
export const PoliceReported = () => html`<risk-matrix-form .initialValue=${policeReported} .submitHandler=${noSend}></risk-matrix-form>`;

/** Medium by score, raised to High on professional judgement with a reason; the result says so. */
export const RaisedOnJudgement = () => html`<risk-matrix-form .initialValue=${raisedByJudgement} .submitHandler=${noSend}></risk-matrix-form>`;

/** High risk, reported to the Police, with a full action plan: targets, actions in priority order, measures. */
export const WithActionPlan = () => html`<risk-matrix-form .initialValue=${withActionPlan} .submitHandler=${noSend}></risk-matrix-form>`;

/** Drafts on: typing saves an encrypted draft on this device for the user "story.user"; reopening restores it. */
export const WithDrafts = () => html`<risk-matrix-form user-id="story.user" .submitHandler=${noSend}></risk-matrix-form>`;

/** A saved record shown without editing. */
export const ReadOnly = () => html`<risk-matrix-form readonly .value=${withActionPlan}></risk-matrix-form>`;
