// A generated form of N questions for `<safety-form>`'s `schema` property: sections of 25 questions
// (so 100 -> 4 sections, 1,000 -> 40, 5,000 -> 200), each with a realistic mix of the schemas/README.md
// vocabulary: short and long text, date, date-time, number, integer, email, tel, radios (inline and
// not), select, checkboxes, a fieldset group, a scale grid, a showIf question with its if/then
// requiredness, local $refs into $defs. Nothing in it is personal data.

const SCALE = { type: 'string', oneOf: [{ const: 'yes', title: 'Yes' }, { const: 'partially', title: 'Partially' }, { const: 'no', title: 'No' }, { const: 'dont-know', title: "Don't know" }] };
const YES_NO = { type: 'string', oneOf: [{ const: 'yes', title: 'Yes' }, { const: 'no', title: 'No' }], 'x-ui': { widget: 'radios', inline: true } };
const options = (n, word) => Array.from({ length: n }, (_, i) => ({ const: `${word}-${i + 1}`, title: `${word[0].toUpperCase()}${word.slice(1)} ${i + 1}` }));

/** One section's 25 questions; `s` numbers the section (titles differ). */
function section(s) {
  const q = (i) => `Question ${s}.${i}`;
  const properties = {
    name: { type: 'string', maxLength: 200, title: q(1), 'x-ui': { hint: 'As it appears on the record', autocomplete: 'off' } },
    reference: { type: 'string', maxLength: 40, pattern: '^[A-Z0-9-]*$', title: q(2), 'x-ui': { width: 10, messages: { pattern: 'Enter a reference using capital letters, numbers and hyphens' } } },
    happened: { type: 'string', format: 'date', title: q(3) },
    recordedAt: { type: 'string', format: 'date-time', title: q(4) },
    involved: { $ref: '#/$defs/yesNo', title: q(5) },
    involvedDetail: {
      type: 'string',
      maxLength: 20000,
      title: q(6),
      'x-ui': { widget: 'textarea', rows: 4, showIf: { path: '1/involved', equals: 'yes' } },
    },
    category: { type: 'string', title: q(7), oneOf: options(8, 'category'), 'x-ui': { widget: 'select' } },
    channel: { type: 'string', title: q(8), oneOf: options(4, 'channel') },
    factors: { type: 'array', uniqueItems: true, title: q(9), items: { type: 'string', oneOf: options(6, 'factor') } },
    count: { type: 'integer', minimum: 0, maximum: 1000, title: q(10) },
    hours: { type: 'number', minimum: 0, maximum: 24, title: q(11) },
    email: { type: 'string', format: 'email', maxLength: 320, title: q(12), 'x-ui': { widget: 'email' } },
    phone: { type: 'string', maxLength: 40, pattern: '^[0-9 +()-]*$', title: q(13), 'x-ui': { widget: 'tel' } },
    place: {
      type: 'object',
      title: q(14),
      additionalProperties: false,
      properties: {
        line1: { type: 'string', maxLength: 200, title: `${q(14)} line 1` },
        town: { type: 'string', maxLength: 100, title: `${q(14)} town` },
        postcode: { type: 'string', maxLength: 10, title: `${q(14)} postcode`, 'x-ui': { width: 10 } },
      },
    },
    observations: {
      type: 'object',
      title: q(15),
      additionalProperties: false,
      'x-ui': { widget: 'scale' },
      properties: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`item${i + 1}`, { $ref: '#/$defs/scale', title: `${q(15)} item ${i + 1}` }])),
    },
    notes: { type: 'string', maxLength: 20000, title: q(16), 'x-ui': { widget: 'textarea', rows: 6, hint: 'Facts only' } },
    reviewed: { type: 'string', format: 'date', title: q(17) },
    reviewer: { type: 'string', maxLength: 200, title: q(18) },
    followUp: { $ref: '#/$defs/yesNo', title: q(19) },
  };
  return {
    type: 'object',
    title: `Section ${s}`,
    description: `Questions of section ${s}.`,
    additionalProperties: false,
    properties,
    required: ['name', 'happened', 'involved'],
    if: { properties: { involved: { const: 'yes' } }, required: ['involved'] },
    then: { properties: { involvedDetail: true }, required: ['involvedDetail'] },
  };
}

/** Questions (leaf fields) in one section: 17 alone, 3 in the group, 5 in the scale. */
export const FIELDS_PER_SECTION = 25;

/** @param {number} fields a multiple of 25 @returns {object} a draft 2020-12 schema */
export function generateSchema(fields) {
  const sections = Math.ceil(fields / FIELDS_PER_SECTION);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://schemas.safety-forms.invalid/bench-${fields}.schema.json`,
    title: `Generated form, ${fields} questions`,
    'x-form-id': `bench-${fields}`,
    'x-version': '1.0.0',
    type: 'object',
    additionalProperties: false,
    $defs: { scale: SCALE, yesNo: YES_NO },
    properties: Object.fromEntries(Array.from({ length: sections }, (_, i) => [`section${i + 1}`, section(i + 1)])),
  };
}
