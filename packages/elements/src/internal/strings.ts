/**
 * Every piece of interface text the elements show, in one table. `<safety-forms-config>` can override
 * any entry per page (`strings` property). `{name}` placeholders are filled by `format()`.
 */
export const defaultStrings = {
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  sectionsLabel: 'Sections',
  sectionOf: 'Section {n} of {m}',
  sectionHasErrors: '(has errors)',
  progress: '{done} of {m} sections have answers',
  previous: 'Previous section',
  next: 'Next section',
  submit: 'Submit',
  sending: 'Sending…',
  add: 'Add another',
  remove: 'Remove',
  removeItem: '{item} {n}',
  item: 'Item',
  day: 'Day',
  month: 'Month',
  year: 'Year',
  time: 'Time',
  timeHint: 'For example, 14:30',
  chooseOption: 'Select an option',
  resultHeading: 'Result',
  resultNext: 'Still to answer: {question}',
  requiredActions: 'Required actions',
  suggestedPriority: 'Suggested priority',
  howReached: 'How this was reached',
  submittedTitle: 'Form sent',
  submittedReference: 'Your reference is',
  submittedNoReference: 'The form was received.',
  'failed-network':
    'The form could not be sent because the connection was lost. Your answers are still here. Check your connection and press Submit again.',
  'failed-server':
    'The form could not be sent because of a problem with the service. Your answers are still here. Try again in a few minutes.',
  'failed-auth':
    'Your sign-in has expired. Sign in again in a new tab, then come back and press Submit. Your answers are still here.',
  'failed-invalid': 'The service found problems with some answers. Correct them and press Submit again.',
  'failed-too-large': 'The form is too large for the service to accept. Shorten the longest answers and try again.',
  'failed-rejected': 'The service refused the form. Your answers are still here. Contact the team that runs this page.',
  'failed-unknown':
    'We could not confirm the form was received. Your answers are still here. Press Submit again: it will not be recorded twice.',
  queued:
    'Your form is saved on this device and will be sent automatically when the connection is back. Keep this page open, or come back to it later.',
  queuedBusy: 'Your form is being sent from another tab or window.',
  tryAgainNow: 'Try again now',
  sentEarlier: 'A form you submitted earlier, which was waiting on this device, has now been sent.',
  tryAgain: 'Try again',
  noSchema: 'This form could not be shown. Contact the team that runs this page.',
  draftKept: 'Drafts are kept on this device only, for {days}.',
  dayUnit: 'day',
  daysUnit: 'days',
  draftSaved: 'Draft saved at {time}',
  draftRestored: 'Draft restored from {time}',
  discardDraft: 'Discard draft',
  draftSaveFailed: 'Your draft could not be saved on this device; your answers are still on screen.',
  draftSaveFailedKept: 'The draft saved at {time} is still kept.',
  'draft-unavailable': 'Drafts are not being kept on this device, so your answers will be lost if you close this page. Your answers are still on screen.',
  'draft-quota': 'Your draft could not be saved because this device is out of space. Your answers are still on screen: submit the form, or copy your answers, before closing this page.',
  'draft-blocked': 'Drafts are not being saved because this form is open in a newer version in another tab or window. Your answers are still on screen; reload this page to save drafts again.',
  'draft-closed': 'Drafts stopped being saved on this device. Your answers are still on screen; reload this page to save drafts again.',
  'draft-timeout': 'Drafts are not being kept on this device because storage did not respond. Your answers are still on screen.',
  draftConflict: 'This draft was changed in another tab or window. Choose which answers to keep.',
  loadLatest: 'Load the latest answers',
  keepMine: 'Keep mine as a copy',
  draftSetAside: 'A saved draft could not be read and was set aside. It is not shown.',
  leftoversTitle: 'Answers that no longer fit this form',
  leftoversBody: 'Your draft was saved with an earlier version of this form. These answers do not fit the current version. They are kept with your draft; copy or download them before you submit.',
  downloadLeftovers: 'Download these answers',
};

export type Strings = typeof defaultStrings;

/** Fills `{name}` placeholders. Values are text; the result is rendered as text, never as HTML. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}
