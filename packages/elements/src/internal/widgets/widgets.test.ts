/**
 * Every widget kind on its own, through a test schema: renders with its label, round-trips its value
 * (property -> screen -> property), works from the keyboard, passes axe; and schema text with markup
 * is shown as text.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FormSchema } from '@safety-forms/core';
import { $, $$, active, chooseRadio, settle, tabTo, testDefinition, type SfTestForm } from '../test/helpers.js';

const choice = (values: string[]) => values.map((v) => ({ const: v, title: v[0]!.toUpperCase() + v.slice(1) }));

const schema: FormSchema = {
  type: 'object',
  properties: {
    text: { title: 'Text', type: 'string', 'x-ui': { hint: 'A hint' } },
    area: { title: 'Long text', type: 'string', 'x-ui': { widget: 'textarea', rows: 3 } },
    count: { title: 'Count', type: 'integer' },
    day: { title: 'Day', type: 'string', format: 'date' },
    when: { title: 'When', type: 'string', format: 'date-time' },
    phone: { title: 'Phone', type: 'string', 'x-ui': { widget: 'tel' } },
    email: { title: 'Email', type: 'string', format: 'email' },
    colour: { title: 'Colour', type: 'string', oneOf: choice(['red', 'green', 'blue']) },
    size: { title: 'Size', type: 'string', oneOf: choice(['small', 'large']), 'x-ui': { widget: 'select' } },
    tags: { title: 'Tags', type: 'array', uniqueItems: true, items: { type: 'string', oneOf: choice(['a', 'b', 'c']) } },
    colourOther: { title: 'Which other colour?', type: 'string', 'x-ui': { showIf: { path: '/colour', equals: 'blue' } } },
    scale: {
      title: 'Scale',
      type: 'object',
      'x-ui': { widget: 'scale' },
      properties: {
        one: { title: 'First statement', type: 'string', oneOf: choice(['yes', 'no']) },
        two: { title: 'Second statement', type: 'string', oneOf: choice(['yes', 'no']) },
      },
    },
    person: {
      title: 'Person',
      type: 'object',
      properties: { name: { title: 'Name', type: 'string' }, role: { title: 'Role', type: 'string', 'x-ui': { showIf: { path: '1/name', notEmpty: true } } } },
    },
    items: {
      title: 'Items',
      type: 'array',
      maxItems: 2,
      items: { type: 'object', properties: { note: { title: 'Note', type: 'string' } } },
      'x-ui': { addLabel: 'Add an item', itemTitle: 'Item' },
    },
  },
};

const full = {
  text: 'hello',
  area: 'line one\nline two',
  count: 42,
  day: '2026-03-27',
  when: '2026-03-27T14:30:00+00:00',
  phone: '01632 960 001',
  email: 'name@example.com',
  colour: 'blue',
  colourOther: 'teal',
  size: 'large',
  tags: ['a', 'c'],
  scale: { one: 'yes', two: 'no' },
  person: { name: 'Ann', role: 'Lead' },
  items: [{ note: 'first' }],
};

async function make(value?: unknown) {
  const el = await fixture<SfTestForm>(html`<sf-test-form .definition=${testDefinition(schema)}></sf-test-form>`);
  if (value) el.value = value;
  await settle(el);
  return el;
}

describe('widgets', () => {
  it('passes accessibility tests, empty and filled', async () => {
    await expect(await make()).to.be.accessible();
    await expect(await make(full)).to.be.accessible();
  });

  it('shows every value set as a property, and gives it back unchanged', async () => {
    const el = await make(full);
    expect($<HTMLInputElement>(el, '#f--text').value).to.equal('hello');
    expect($<HTMLTextAreaElement>(el, '#f--area').value).to.equal('line one\nline two');
    expect($<HTMLTextAreaElement>(el, '#f--area').rows).to.equal(3);
    expect($<HTMLInputElement>(el, '#f--count').value).to.equal('42');
    expect([$<HTMLInputElement>(el, '#f--day').value, $<HTMLInputElement>(el, '#f--day-month').value, $<HTMLInputElement>(el, '#f--day-year').value]).to.deep.equal(['27', '3', '2026']);
    expect($<HTMLInputElement>(el, '#f--when-time').value).to.equal('14:30');
    expect($<HTMLInputElement>(el, '#f--phone').type).to.equal('tel');
    expect($<HTMLInputElement>(el, '#f--email').type).to.equal('email');
    expect($<HTMLInputElement>(el, '#f--colour-2').checked).to.equal(true);
    expect($<HTMLSelectElement>(el, '#f--size').selectedOptions[0]!.textContent).to.equal('Large');
    expect($$<HTMLInputElement>(el, 'input[name="/tags"]').map((i) => i.checked)).to.deep.equal([true, false, true]);
    expect($<HTMLInputElement>(el, '#f--colourOther').value).to.equal('teal');
    expect($<HTMLInputElement>(el, '#f--scale--one').checked).to.equal(true);
    expect($<HTMLInputElement>(el, '#f--scale--two-1').checked).to.equal(true);
    expect($<HTMLInputElement>(el, '#f--person--role').value).to.equal('Lead');
    expect($<HTMLInputElement>(el, '#f--items--0--note').value).to.equal('first');
    expect(el.value).to.deep.equal(full);
  });

  it('labels every control, and groups radios and checkboxes in a fieldset with a legend', async () => {
    const el = await make(full);
    for (const input of $$<HTMLInputElement>(el, 'input, textarea, select')) {
      expect(input.labels?.length ?? 0, input.id).to.be.greaterThan(0);
    }
    for (const group of ['#f--colour', '#f--tags', '#f--scale--one']) {
      const fieldset = $(el, group).closest('fieldset')!;
      expect(fieldset.querySelector('legend')!.textContent!.trim().length).to.be.greaterThan(0);
    }
    expect($(el, '#f--text').getAttribute('aria-describedby')).to.equal('f--text-hint');
  });

  it('hides a showIf field and leaves its value out until shown again', async () => {
    const el = await make(full);
    $<HTMLInputElement>(el, '#f--colour').click();
    await settle(el);
    expect(el.shadowRoot!.querySelector('#f--colourOther')).to.equal(null);
    expect(el.value['colourOther']).to.equal(undefined);
    $<HTMLInputElement>(el, '#f--colour-2').click();
    await settle(el);
    expect($<HTMLInputElement>(el, '#f--colourOther').value).to.equal('teal');
  });

  it('is operated with the keyboard: typing, arrows for radios, space for checkboxes, select', async () => {
    const el = await make();
    await tabTo(el, '#f--text');
    await sendKeys({ type: 'typed' });
    await tabTo(el, '#f--count');
    await sendKeys({ type: '7' });
    await chooseRadio(el, '/colour', 1);
    await tabTo(el, '#f--size');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await tabTo(el, 'input[name="/tags"]');
    await sendKeys({ press: 'Space' });
    await tabTo(el, '#f--scale--one');
    await sendKeys({ press: 'Space' });
    await tabTo(el, '#f--items');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)?.id).to.equal('f--items-0-legend');
    await tabTo(el, '#f--items--0--note');
    await sendKeys({ type: 'n' });
    await sendKeys({ press: 'Tab' });
    await settle(el);
    expect(el.value).to.deep.include({ text: 'typed', count: 7, colour: 'green', size: 'large', tags: ['a'], scale: { one: 'yes' }, items: [{ note: 'n' }] });
  });

  it('stops adding items at maxItems', async () => {
    const el = await make({ items: [{ note: '1' }, { note: '2' }] });
    expect(el.shadowRoot!.querySelector('#f--items')).to.equal(null);
  });

  it('keeps a number that is not a number as typed, and reads Arabic-Indic digits', async () => {
    const el = await make();
    const count = $<HTMLInputElement>(el, '#f--count');
    for (const [typed, value] of [['١٢', 12], ['0x10', '0x10'], ['1e3', '1e3'], ['-3', -3], ['', undefined]] as const) {
      count.value = typed;
      count.dispatchEvent(new Event('input'));
      await settle(el);
      expect(el.value['count'], typed).to.equal(value);
    }
  });

  it('renders markup and javascript: links in schema text as text', async () => {
    const hostile: FormSchema = {
      type: 'object',
      title: '<img src=x onerror="window.__sfSchemaXss=1">',
      properties: {
        a: {
          title: '<b>bold</b> <a href="javascript:alert(1)">link</a>',
          description: 'javascript:alert(1) {{7*7}} ${1+1}',
          type: 'string',
          oneOf: [{ const: 'x', title: '<img src=y onerror="window.__sfSchemaXss=2">' }],
        },
      },
    };
    const el = await fixture<SfTestForm>(html`<sf-test-form .definition=${testDefinition(hostile)}></sf-test-form>`);
    await settle(el);
    expect(el.shadowRoot!.querySelector('img, b, a[href^="javascript"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('<b>bold</b>');
    expect(el.shadowRoot!.textContent).to.contain('{{7*7}} ${1+1}');
    expect((window as { __sfSchemaXss?: number }).__sfSchemaXss).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('shows a clear message when there is no schema', async () => {
    const el = await fixture<SfTestForm>(html`<sf-test-form></sf-test-form>`);
    expect($(el, '[part=schema-error]').textContent).to.contain('This form could not be shown');
    await expect(el).to.be.accessible();
  });
});
