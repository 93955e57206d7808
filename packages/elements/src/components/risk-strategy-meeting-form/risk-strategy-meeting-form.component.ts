import { riskStrategyMeeting, type RiskStrategyMeetingData } from '@safety-forms/core/forms/risk-strategy-meeting';
import type { FormDefinition, ResultSummary } from '@safety-forms/core/runtime';
import { SfFormBase } from '../../internal/form-base.js';

/** The Risk Strategy Group meeting form: the generated schema and validator. */
export const riskStrategyMeetingForm: FormDefinition<RiskStrategyMeetingData> = riskStrategyMeeting;

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
 * @summary Derbyshire Risk Strategy Group meeting record: Appendix 3 in its words, with the valid threat question and agreed actions.
 * @status experimental
 * @since 0.1.0
 *
 * @attr endpoint - Where the record is sent.
 * @attr method - HTTP method, default POST.
 * @attr user-id - The signed-in user's id.
 * @attr readonly - Shows the answers without letting them change.
 * @attr no-autofocus - The error summary does not take focus after a failed submit.
 * @attr draft - Drafts on this device: `on` (needs `user-id`), `off`, or `anonymous`.
 * @attr draft-ttl-days - Days a draft is kept after its last save (30).
 * @attr form-value - What a host `<form>` submits: `reference` (default; the reference once sent) or `answers` (JSON; kept by the browser in clear).
 *
 * @fires sf-draft-saved - A draft was written; `detail.savedAt`.
 * @fires sf-draft-restored - A saved draft was restored; `detail.savedAt`, `detail.leftovers`.
 * @fires sf-draft-error - Drafts cannot be kept, or another tab saved the same draft; `detail.kind`.
 * @fires sf-change - The user changed an answer. `detail.pointer` is its JSON Pointer.
 * @fires sf-invalid - A submit attempt stopped because answers need correcting. `detail.errors`.
 * @fires sf-submit - Cancelable; before the record is sent. `detail.envelope`, `detail.idempotencyKey`.
 * @fires sf-submitted - The backend confirmed the record. `detail.reference`.
 * @fires sf-submit-error - Sending failed; the answers stay. `detail.kind`, `detail.status`, `detail.queued` (kept in the outbox).
 *
 * @csspart base - The form's wrapper.
 * @csspart marking - The protective marking (RESTRICTED).
 * @csspart title - The form title.
 * @csspart error-summary - The GOV.UK error summary (heading and links to each question with an error).
 * @csspart submit-error - Banner: sending failed; says what to do.
 * @csspart submit-queued - Banner: the record is kept on this device and will be sent when possible.
 * @csspart try-again-button - Try again (now): sends what waits, with the same key.
 * @csspart sent-earlier - Banner: a record that waited on this device from earlier has been sent.
 * @csspart drafts - The draft banners and status.
 * @csspart draft-status - "Draft saved at 14:32" and how long drafts are kept.
 * @csspart draft-restored - Banner: "Draft restored from 14:32", with the Discard draft button.
 * @csspart discard-draft-button - Discard draft.
 * @csspart draft-conflict - Banner: another tab saved this draft: load the latest or keep mine.
 * @csspart load-latest-button - Load the latest answers (draft conflict).
 * @csspart keep-mine-button - Keep mine as a copy (draft conflict).
 * @csspart draft-unavailable - Banner: drafts are not being kept on this device.
 * @csspart draft-save-failed - Banner: the last save failed; the answers are still on screen.
 * @csspart draft-set-aside - Banner: a saved draft could not be read and was set aside.
 * @csspart draft-leftovers - Answers from an older version that no longer fit.
 * @csspart download-leftovers-button - Downloads the answers that no longer fit.
 * @csspart sections - The section navigation.
 * @csspart section-link - One link of the section navigation.
 * @csspart section - The current section.
 * @csspart section-caption - "Section N of M".
 * @csspart form-group - One question: label or legend, hint, error message and input.
 * @csspart form-group--error - A question that shows an error (with `form-group`; GOV.UK red left border).
 * @csspart fieldset - The fieldset of a choice, a date or a scale row.
 * @csspart legend - A group's or a choice's legend.
 * @csspart label - A question's label (and the Day, Month, Year labels).
 * @csspart hint - Hint text.
 * @csspart error-message - A question's error message.
 * @csspart input - Text, number, telephone, email and date inputs.
 * @csspart input--error - An input, textarea or select whose question shows an error.
 * @csspart textarea - Text areas (the outlines, details, actions and questions and answers).
 * @csspart select - Drop-down lists.
 * @csspart radios - The radio buttons of one question.
 * @csspart radio-item - One radio button with its label.
 * @csspart radio - Radio buttons (the risk level, the valid threat question).
 * @csspart radio-label - A radio button's label.
 * @csspart checkboxes - The checkboxes of one question.
 * @csspart checkbox-item - One checkbox with its label.
 * @csspart checkbox - Checkboxes (the Possible Action Plan Considerations).
 * @csspart checkbox-label - A checkbox's label.
 * @csspart date-input - The day, month and year (and time) boxes of a date.
 * @csspart date-input-item - One box of a date with its label.
 * @csspart date-input-label - The Day, Month, Year and Time labels.
 * @csspart date-input-box - The day, month and year inputs.
 * @csspart time-input - The time input of a date and time.
 * @csspart group - A group of questions (the date, venue and time; the assessment of risk level).
 * @csspart group--error - A group whose own answer shows an error.
 * @csspart repeat - A repeatable group (the group members, the agreed actions).
 * @csspart repeat--error - A repeatable group that shows an error.
 * @csspart repeat-item - One group member or action.
 * @csspart repeat-item-legend - The legend of one item ("Item 1").
 * @csspart add-button - "Add a group member", "Add an action".
 * @csspart remove-button - Removes one group member or action.
 * @csspart scale - A scale: questions sharing one set of answers, laid out as a table on wide screens.
 * @csspart scale-table - The rows of a scale.
 * @csspart scale-head - The column headings of a scale (wide screens; hidden from assistive technology).
 * @csspart scale-column - One column heading of a scale.
 * @csspart scale-row - One question of a scale.
 * @csspart scale-row--error - A scale question that shows an error.
 * @csspart scale-question - The question of a scale row (its legend).
 * @csspart actions - The button row.
 * @csspart button - Every button (with its own part name beside it).
 * @csspart previous-button - Previous section.
 * @csspart next-button - Next section.
 * @csspart submit-button - The submit button.
 * @csspart confirmation - The confirmation panel after sending.
 * @csspart reference - The backend's reference in the confirmation.
 * @csspart schema-error - Shown instead of the form when there is no schema.
 *
 * @cssprop --sf-font-family - Font of the whole form (GOV.UK: "GDS Transport", arial, sans-serif).
 * @cssprop --sf-font-family-monospace - Monospaced text, e.g. answer paths (ui-monospace, menlo, consolas, monospace).
 * @cssprop --sf-font-size - Body text (19px, or larger when the browser's text size is larger).
 * @cssprop --sf-font-size-small - Small text: section links, progress, draft status (16px).
 * @cssprop --sf-font-size-caption - The "Section N of M" caption (19px).
 * @cssprop --sf-font-size-heading-xl - Confirmation panel title (48px; 32px on narrow screens).
 * @cssprop --sf-font-size-heading-l - Form title (36px; 27px on narrow screens).
 * @cssprop --sf-font-size-heading-m - Section headings, error summary title, result title (24px; 18px on narrow screens).
 * @cssprop --sf-font-size-heading-s - Group legends and small headings (19px).
 * @cssprop --sf-font-weight-regular - Regular text (400).
 * @cssprop --sf-font-weight-bold - Labels, legends, headings, error messages (700).
 * @cssprop --sf-line-height - Body line height (1.3158, GOV.UK's 25px on 19px).
 * @cssprop --sf-line-height-heading - Heading line height (1.25).
 * @cssprop --sf-color-text - Text (#0b0c0c).
 * @cssprop --sf-color-background - Background (#ffffff).
 * @cssprop --sf-color-secondary-text - Hints, captions, progress (#484949).
 * @cssprop --sf-color-link - Links and section links (#1d70b8).
 * @cssprop --sf-color-link-hover - Links on hover (#003078).
 * @cssprop --sf-color-focus - Focus highlight: outline and background (GOV.UK yellow #ffdd00).
 * @cssprop --sf-color-focus-text - Text on the focus highlight and its underline or inner ring (#0b0c0c).
 * @cssprop --sf-color-error - Error messages, error borders, the error summary (#d4351c).
 * @cssprop --sf-color-warning - Border of warning banners: drafts not kept, queued (#f47738).
 * @cssprop --sf-color-border - Rules and neutral borders (#b1b4b6).
 * @cssprop --sf-color-control - Radio buttons and checkboxes (defaults to --sf-color-text).
 * @cssprop --sf-color-input-text - Text in inputs (defaults to --sf-color-text).
 * @cssprop --sf-color-input-background - Input background (#ffffff).
 * @cssprop --sf-color-input-border - Input borders (#0b0c0c).
 * @cssprop --sf-color-readonly-background - Background of read-only inputs (#f3f2f1).
 * @cssprop --sf-color-button - Primary button and progress bar (GOV.UK green #00703c).
 * @cssprop --sf-color-button-text - Primary button text (#ffffff).
 * @cssprop --sf-color-button-hover - Primary button on hover (#005a30).
 * @cssprop --sf-color-button-shadow - The 2px shadow under the primary button (#002d18).
 * @cssprop --sf-color-button-secondary - Secondary buttons (#f3f2f1).
 * @cssprop --sf-color-button-secondary-text - Secondary button text (#0b0c0c).
 * @cssprop --sf-color-button-secondary-hover - Secondary buttons on hover (#dbdad9).
 * @cssprop --sf-color-button-secondary-shadow - The shadow under secondary buttons (#929191).
 * @cssprop --sf-color-notice-background - Banner background (#f3f2f1).
 * @cssprop --sf-color-panel - Confirmation panel background (#00703c).
 * @cssprop --sf-color-panel-text - Confirmation panel text (#ffffff).
 * @cssprop --sf-space-1 - Spacing scale step 1 (5px).
 * @cssprop --sf-space-2 - Spacing scale step 2 (10px).
 * @cssprop --sf-space-3 - Spacing scale step 3 (15px).
 * @cssprop --sf-space-4 - Spacing scale step 4 (20px).
 * @cssprop --sf-space-5 - Spacing scale step 5 (25px).
 * @cssprop --sf-space-6 - Spacing scale step 6 (30px): between questions and blocks.
 * @cssprop --sf-border-width - Thin rules (1px).
 * @cssprop --sf-border-width-input - Input, button and result borders (2px).
 * @cssprop --sf-border-width-error - Error left border, error summary and crisis result border (5px).
 * @cssprop --sf-border-width-notice - Left border of banners (10px).
 * @cssprop --sf-border-width-repeat - Left border of a repeated item (4px).
 * @cssprop --sf-focus-width - Width of the focus outline (3px).
 * @cssprop --sf-radius - Corner radius of inputs (0).
 * @cssprop --sf-radius-button - Corner radius of buttons (defaults to --sf-radius).
 * @cssprop --sf-radius-panel - Corner radius of the result and confirmation panels (0).
 * @cssprop --sf-max-width - Maximum width of the form (40em).
 */
export default class RiskStrategyMeetingForm extends SfFormBase {
  protected override get form(): FormDefinition {
    return riskStrategyMeetingForm as FormDefinition;
  }

  /** None: the meeting records the Group's own assessment and agreed actions; nothing is scored. */
  protected override computeResult(_data: unknown): ResultSummary | null {
    return null;
  }
}
