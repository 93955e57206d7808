/**
 * The widget kinds on their own. A field is a template function inside a form's shadow root, not an
 * element (STYLE.md §4), so each story renders a tiny form (`<sf-story-form>`, below) whose schema
 * has one question of that kind, four times: empty, answered, with an error (after `validate()`),
 * and read-only. "Every widget" shows them all in one form. The schema decides the widget
 * (`x-ui.widget`, or the type, `format` and `oneOf`), as in schemas/*.schema.json.
 */
import type { AjvError, FormDefinition, FormSchema, ValidateFunction } from '@safety-forms/core';
import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { SfFormBase } from '../packages/elements/src/index.js';
import type { Expected } from './helpers.js';

/** A form element for a story's own schema (the tests' `SfTestForm`, without the test helpers). */
class SfStoryForm extends SfFormBase {
  static override properties = { definition: { attribute: false } };
  declare definition?: FormDefinition;
  protected override get form(): FormDefinition | undefined {
    return this.definition;
  }
}
if (!customElements.get('sf-story-form')) customElements.define('sf-story-form', SfStoryForm);

declare global {
  interface HTMLElementTagNameMap {
    'sf-story-form': SfStoryForm;
  }
}

/**
 * Checks `required`, `minItems` and the email format, reporting as a generated (ajv) validator does,
 * so the form's own messages appear. The real forms' validators are generated from schemas/.
 */
function storyValidator(schema: FormSchema): ValidateFunction {
  const validate = ((data: unknown) => {
    const errors: AjvError[] = [];
    const walk = (node: FormSchema, value: unknown, path: string) => {
      if (node.format === 'email' && typeof value === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
        errors.push({ instancePath: path, schemaPath: '#/format', keyword: 'format', params: { format: 'email' } });
      }
      if (Array.isArray(value)) {
        if (node.minItems && value.length < node.minItems) {
          errors.push({ instancePath: path, schemaPath: '#/minItems', keyword: 'minItems', params: { limit: node.minItems } });
        }
        const items = node.items as FormSchema | undefined;
        if (items) value.forEach((item, i) => walk(items, item, `${path}/${i}`));
        return;
      }
      if (!value || typeof value !== 'object' || !node.properties) return;
      const object = value as Record<string, unknown>;
      for (const key of node.required ?? []) {
        if (object[key] === undefined) errors.push({ instancePath: path, schemaPath: '#/required', keyword: 'required', params: { missingProperty: key } });
      }
      for (const [key, child] of Object.entries(node.properties)) if (object[key] !== undefined) walk(child, object[key], `${path}/${key}`);
    };
    walk(schema, data, '');
    validate.errors = errors.length ? errors : null;
    return errors.length === 0;
  }) as ValidateFunction;
  return validate;
}

const choice = (...options: [string, string][]) => options.map(([value, title]) => ({ const: value, title }));
const yesNoNotKnown = choice(['yes', 'Yes'], ['no', 'No'], ['not-known', 'Not known']);
const scaleOptions = choice(['yes', 'Yes'], ['partially', 'Partially'], ['no', 'No'], ['dont-know', "Don't know"]);

/** One question of each widget kind, with an answer for the "answered" form and a wrong one for the error. */
const widgets = {
  text: {
    label: 'Text',
    schema: { title: 'Full name', type: 'string', 'x-ui': { hint: 'As it appears on the staff record', autocomplete: 'name' } },
    answer: 'Ottoline Example',
  },
  textarea: {
    label: 'Text area',
    schema: { title: 'What happened?', type: 'string', 'x-ui': { widget: 'textarea', rows: 4, hint: "Use the person's exact words where you can" } },
    answer: 'They said "I know where you park" and walked off.\nTwo colleagues heard it.',
  },
  number: { label: 'Number', schema: { title: 'Age of the person', type: 'integer', minimum: 0, 'x-ui': { width: 3 } }, answer: 34 },
  date: { label: 'Date', schema: { title: 'Date of the incident', type: 'string', format: 'date', 'x-ui': { hint: 'For example, 27 3 2026' } }, answer: '2026-03-27' },
  datetime: {
    label: 'Date and time',
    schema: { title: 'When was the threat made?', type: 'string', format: 'date-time' },
    answer: '2026-03-27T14:30:00+00:00',
  },
  tel: { label: 'Telephone', schema: { title: 'Mobile number', type: 'string', 'x-ui': { widget: 'tel', autocomplete: 'tel' } }, answer: '07700 900 982' },
  email: {
    label: 'Email',
    schema: { title: 'Email address', type: 'string', format: 'email', 'x-ui': { autocomplete: 'email' } },
    answer: 'ottoline@example.com',
    wrong: 'ottoline-at-example',
  },
  radios: { label: 'Radios', schema: { title: 'Was anyone hurt?', type: 'string', oneOf: yesNoNotKnown }, answer: 'no' },
  select: {
    label: 'Select',
    schema: {
      title: 'Where did it happen?',
      type: 'string',
      oneOf: choice(['office', 'Office'], ['home-visit', 'Home visit'], ['car-park', 'Car park'], ['online', 'Online or by phone']),
      'x-ui': { widget: 'select' },
    },
    answer: 'car-park',
  },
  checkboxes: {
    label: 'Checkboxes',
    schema: {
      title: 'Who was told?',
      type: 'array',
      uniqueItems: true,
      minItems: 1,
      items: { type: 'string', oneOf: choice(['manager', 'Line manager'], ['police', 'Police'], ['hr', 'Human resources']) },
      'x-ui': { hint: 'Select all that apply' },
    },
    answer: ['manager', 'police'],
  },
  scale: {
    label: 'Scale grid',
    schema: {
      title: 'Observations',
      type: 'object',
      'x-ui': { widget: 'scale' },
      required: ['apologetic', 'plan'],
      properties: {
        apologetic: { title: 'Is apologetic', type: 'string', oneOf: scaleOptions },
        plan: { title: 'Has a specific plan', type: 'string', oneOf: scaleOptions },
      },
    },
    answer: { apologetic: 'partially', plan: 'no' },
  },
  group: {
    label: 'Group',
    schema: {
      title: 'Emergency contact',
      type: 'object',
      required: ['name'],
      properties: {
        name: { title: 'Name', type: 'string' },
        relationship: { title: 'Relationship', type: 'string' },
      },
    },
    answer: { name: 'Rowan Example', relationship: 'Partner' },
  },
  repeat: {
    label: 'Repeatable group',
    schema: {
      title: 'Marks, scars and tattoos',
      type: 'array',
      minItems: 1,
      maxItems: 3,
      items: {
        type: 'object',
        required: ['kind'],
        properties: {
          kind: { title: 'Kind of mark', type: 'string' },
          position: { title: 'Where on the body', type: 'string' },
        },
      },
      'x-ui': { addLabel: 'Add a mark', itemTitle: 'Mark' },
    },
    answer: [{ kind: 'Tattoo', position: 'Left forearm' }, { kind: 'Scar' }],
  },
} satisfies Record<string, { label: string; schema: FormSchema; answer: unknown; wrong?: unknown }>;

type WidgetKind = keyof typeof widgets;
type FormState = 'empty' | 'answered' | 'error' | 'readonly';

const STATES: Record<FormState, string> = { empty: 'Empty', answered: 'Answered', error: 'With an error', readonly: 'Read-only' };

const noSend = async () => ({ reference: 'WG-STORY-0001' });

function definition(title: string, properties: Record<string, FormSchema>, required: string[]): FormDefinition {
  const schema: FormSchema = { type: 'object', title, required, properties };
  return { id: 'story-widgets', version: '0.0.0', schema, validate: storyValidator(schema) };
}

/** One form in one state. */
function storyForm(title: string, properties: Record<string, FormSchema>, required: string[], answers: Record<string, unknown>, state: FormState): TemplateResult {
  const def = definition(title, properties, required);
  const setUp = (el?: Element) => {
    if (!(el instanceof SfStoryForm)) return;
    if (state === 'answered' || state === 'readonly') el.value = answers;
    if (state === 'error') {
      el.value = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined));
      el.validate();
    }
  };
  return html`<sf-story-form
    .definition=${def}
    .submitHandler=${noSend}
    ?readonly=${state === 'readonly'}
    no-autofocus
    ${ref(setUp)}
  ></sf-story-form>`;
}

interface WidgetArgs {
  widget?: WidgetKind | 'all';
  states?: FormState[];
}

/** One widget kind (or all of them) in each of the chosen states, one form per state. */
function renderWidgets({ widget = 'text', states = ['empty', 'answered', 'error', 'readonly'] }: WidgetArgs): TemplateResult {
  const kinds = widget === 'all' ? (Object.keys(widgets) as WidgetKind[]) : [widget];
  // A form whose questions are all titled groups shows each group as a section with its own heading
  // (as the real forms do); an optional plain question first keeps a lone group or grid a question with its legend.
  const lead: Record<string, FormSchema> = kinds.every((k) => widgets[k].schema.type === 'object') ? { reference: { title: 'Case reference (optional)', type: 'string' } } : {};
  const properties: Record<string, FormSchema> = { ...lead, ...Object.fromEntries(kinds.map((k) => [k, widgets[k].schema as FormSchema])) };
  const required = kinds as string[];
  const answer = (state: FormState) =>
    Object.fromEntries(
      kinds.map((k) => {
        const w: { answer: unknown; wrong?: unknown } = widgets[k];
        return [k, state === 'error' ? w.wrong : w.answer];
      }),
    );
  const name = widget === 'all' ? 'Every widget' : widgets[widget].label;
  return html`<div class="sf-story-widgets">
    ${states.map((state) => storyForm(`${name}: ${STATES[state].toLowerCase()}`, properties, required, answer(state), state))}
  </div>`;
}

export default {
  title: 'Widgets',
  tags: ['autodocs'],
  args: { widget: 'text', states: ['empty', 'answered', 'error', 'readonly'] } satisfies WidgetArgs,
  argTypes: {
    widget: { control: 'select', options: [...Object.keys(widgets), 'all'] },
    states: { control: 'inline-check', options: Object.keys(STATES) },
  },
  render: (args: WidgetArgs) => renderWidgets(args),
};

interface WidgetStory {
  args: WidgetArgs;
  parameters: { expected: Expected[] };
}

/** What the four forms of a widget story show: the widget's part, its error in the third, read-only in the fourth. */
const inEveryState = (...parts: string[]): Expected[] => [
  { parts, absent: ['error-summary'] },
  { parts, absent: ['error-summary'] },
  { parts: [...parts, 'error-summary', 'error-message'] },
  { readonly: true },
];

const kind = (widget: WidgetKind, part: string): WidgetStory => ({ args: { widget }, parameters: { expected: inEveryState(part) } });

/** A single-line text input, with a hint. */
export const Text = kind('text', 'input');

/** A text area for longer answers (`x-ui.widget: "textarea"`, `rows`). */
export const TextArea = kind('textarea', 'textarea');

/** A number (`type: integer`), as a text input with a numeric keyboard. */
export const NumberInput = kind('number', 'input');

/** A date (`format: date`): day, month and year boxes, GOV.UK's date input. */
export const DateInput = kind('date', 'date-input');

/** A date and time (`format: date-time`): the date boxes and a time. */
export const DateTime = kind('datetime', 'date-input');

/** A telephone number (`x-ui.widget: "tel"`). */
export const Telephone = kind('tel', 'input');

/** An email address (`format: email`); the error form shows the format message. */
export const Email = kind('email', 'input');

/** Radios for a choice (`oneOf` of `const` and `title`). */
export const Radios = kind('radios', 'radio');

/** A drop-down list for a choice (`x-ui.widget: "select"`). */
export const Select = kind('select', 'select');

/** Checkboxes for several choices (an array of `oneOf` items). */
export const Checkboxes = kind('checkboxes', 'checkbox');

/** The Yes / Partially / No / Don't know grid (`x-ui.widget: "scale"`), as in the CSTAG key observations. */
export const ScaleGrid = kind('scale', 'scale');

/** A group of questions under one legend (an object). */
export const Group = kind('group', 'group');

/** A repeatable group (an array of objects) with "Add" and "Remove" buttons and a maximum. */
export const RepeatableGroup = kind('repeat', 'repeat');

/** Every widget kind in one form, in each state. */
export const EveryWidget: WidgetStory = {
  args: { widget: 'all' },
  parameters: { expected: inEveryState('input', 'textarea', 'date-input', 'select', 'radio', 'checkbox', 'scale', 'group', 'repeat') },
};
