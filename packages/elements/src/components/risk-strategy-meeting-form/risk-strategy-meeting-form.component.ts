import { riskStrategyMeetingOnDemand } from '@safety-forms/core/forms/risk-strategy-meeting.on-demand';
import type { ResultSummary } from '@safety-forms/core/runtime';
import { SfFormBase } from '../../internal/form-base.js';
import type { OnDemandForm } from '../../internal/on-demand.js';

/** The Risk Strategy Group meeting form: the generated schema and validator. */
export const riskStrategyMeetingForm: typeof riskStrategyMeetingOnDemand = riskStrategyMeetingOnDemand;

/**
 * The record of a Risk Strategy Group meeting, from the Derbyshire County Council Serious Threat
 * Response Protocol: Appendix 3 (Serious Threat Group Meeting Template), heading by heading in the
 * document's words (date, venue and time of meeting; group members' names and designations or
 * organisations; outline of format and purpose by the Chair; threat outline; details of those
 * affected; details of perpetrator(s); assessment of risk level; development of the action plan;
 * agreement of actions, who is responsible for what and timescales; questions and answer session;
 * date of next meeting), with Appendix 2's "Does the Group assess this as a valid threat / risk?" and
 * its Possible Action Plan Considerations. Marked RESTRICTED. The members and the agreed actions are
 * lists; at least one member and one agreed action are needed ("In all cases, however an agreed
 * action plan must be included", Section 6). Computes no result: the Group records its own assessment.
 *
 * Every attribute, property, method, event, CSS part and custom property of `SfFormBase` (internal/form-base.ts) is
 * inherited; the tags below are only this form's own, or an inherited part said more precisely for this form.
 *
 * @summary Derbyshire Risk Strategy Group meeting record: Appendix 3 in its words, with the valid threat question and agreed actions.
 * @status experimental
 * @since 0.1.0
 * @noresult - It computes no result, so it has none of the result panel's parts.
 *
 * @csspart repeat - A repeatable group (the group members, the agreed actions).
 * @csspart repeat-item - One group member or action.
 * @csspart add-button - "Add a group member", "Add an action".
 * @csspart remove-button - Removes one group member or action.
 */
export default class RiskStrategyMeetingForm extends SfFormBase {
  /** The schema now; the precompiled validator is its own chunk, fetched after the first screen (internal/on-demand.ts). */
  protected override get form(): OnDemandForm {
    return riskStrategyMeetingForm;
  }

  /** None: the meeting records the Group's own assessment and agreed actions; nothing is scored. */
  protected override computeResult(_data: unknown): ResultSummary | null {
    return null;
  }
}
