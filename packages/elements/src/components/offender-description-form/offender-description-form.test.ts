import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { describeOffender } from '@safety-forms/core';
import {
  Empty,
  EstimatedAgeRange,
  Full,
  MarksAndClothing,
  Minimal,
  OnlyClothing,
  OtherFreeText,
  PiercingsAndJewellery,
  ReadOnly,
} from '../../../../../stories/offender-description-form.stories.js';
import { completeDescription, FAKE_OFFENDER, fullDescription, hostileStrings } from '../../../../../stories/fixtures/offender-description.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, settle, tabTo, typeInto, goToSection, setInput, expectAccessibleInEverySection, submitWithKeyboard } from '../../internal/test/helpers.js';
import type OffenderDescriptionForm from './offender-description-form.component.js';
import './offender-description-form.js';

const SECTIONS = 6;

const goTo = goToSection;

const paragraph = (el: OffenderDescriptionForm) => el.shadowRoot!.querySelector('#description-text')?.textContent ?? null;
const status = (el: OffenderDescriptionForm) => $(el, '[part~=copy-status]').textContent!.trim();


describe('<offender-description-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    await expect(el).to.be.accessible();
  });

  it('passes axe in every section, empty and with every error shown', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    for (let i = 0; i < SECTIONS; i++) {
      await goTo(el, i);
      expect($(el, '[part=section-caption]').textContent).to.equal(`Section ${i + 1} of ${SECTIONS}`);
      await expect(el).to.be.accessible();
    }
    await el.submit();
    await settle(el);
    expect($$(el, '.error-summary__list a').map((a) => a.textContent)).to.deep.equal(['Select male, female or not known']);
    await expectAccessibleInEverySection(el);
  });

  it('passes axe in every section of every profile, the read-only view and the copied state', async () => {
    for (const story of [Minimal, Full, EstimatedAgeRange, PiercingsAndJewellery, MarksAndClothing, OnlyClothing, OtherFreeText, ReadOnly]) {
      const el = await fixture<OffenderDescriptionForm>(story());
      await expectAccessibleInEverySection(el);
    }
    const stub = sinon.stub(navigator.clipboard, 'writeText').resolves();
    try {
      const el = await fixture<OffenderDescriptionForm>(Full());
      $<HTMLButtonElement>(el, '[part~=copy-button]').click();
      await waitUntil(() => status(el) === 'Copied', 'never said Copied', { timeout: 2000 });
      await expect(el).to.be.accessible();
    } finally {
      stub.restore();
    }
  });

  it('renders the sections of the aid as "Section N of M" with navigation', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    expect($$(el, '.sections__link').map((b) => b.textContent!.trim())).to.deep.equal([
      '1. Person',
      '2. Eyes and facial hair',
      '3. Hair',
      '4. Accent',
      '5. Marks, scars, tattoos and jewellery',
      '6. Clothing',
    ]);
    expect($(el, '.section .hint').textContent).to.contain('It is often difficult to give an accurate description following an incident.');
    expect($(el, '[part=marking]').textContent).to.equal('OFFICIAL-SENSITIVE');
  });

  it('says where the description will appear before anything is answered, with no Copy button', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    expect($(el, '[part~=result] h3').textContent).to.equal('Description');
    expect($(el, '[part~=result-summary]').textContent).to.equal('Nothing described yet. The description for your statement appears here as you answer.');
    expect(el.shadowRoot!.querySelector('[part~=copy-button]')).to.equal(null);
    expect($(el, '[part~=copy-status]').getAttribute('role')).to.equal('status');
    expect(status(el)).to.equal('');
  });

  it('writes the description live as questions are answered', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    $<HTMLInputElement>(el, '#f--person--sex').click();
    await settle(el);
    expect(paragraph(el)).to.equal('A man.');
    $<HTMLInputElement>(el, '#f--person--age-1').click();
    await settle(el);
    const from = $<HTMLInputElement>(el, '#f--person--ageFrom');
    from.value = '30';
    from.dispatchEvent(new Event('input'));
    await settle(el);
    // A keystroke alone does not render the form again; the description follows a pause in typing.
    expect(paragraph(el)).to.equal('A man.');
    await waitUntil(() => paragraph(el) === 'A man aged about 30.', 'the description to follow the typing', { timeout: 2000 });
    setInput(el, '#f--person--ageTo', '35');
    $<HTMLInputElement>(el, '#f--person--height').click();
    $<HTMLInputElement>(el, '#f--person--build-1').click();
    await settle(el);
    expect(paragraph(el)).to.equal('A man aged about 30 to 35, tall and of stocky build.');
    expect(el.currentResult).to.deep.equal(describeOffender(el.value));
    expect(el.description?.paragraph).to.equal('A man aged about 30 to 35, tall and of stocky build.');
    await expect(el).to.be.accessible();
  });

  it('shows a free-text box when "Other" is chosen, requires it, and drops it when Other is unchosen', async () => {
    const el = await fixture<OffenderDescriptionForm>(Minimal());
    expect(el.shadowRoot!.querySelector('#f--person--ethnicAppearanceOther')).to.equal(null);
    $<HTMLInputElement>(el, '#f--person--ethnicAppearance-5').click();
    await settle(el);
    expect($(el, 'label[for="f--person--ethnicAppearanceOther"]').textContent).to.equal('Other ethnic appearance');
    expect(el.validate().errors).to.deep.equal([{ pointer: '/person/ethnicAppearanceOther', message: 'Enter the ethnic appearance' }]);
    setInput(el, '#f--person--ethnicAppearanceOther', 'Mixed heritage');
    await settle(el);
    expect(paragraph(el)).to.equal('A man of Mixed heritage appearance.');
    $<HTMLInputElement>(el, '#f--person--ethnicAppearance').click();
    await settle(el);
    expect(el.shadowRoot!.querySelector('#f--person--ethnicAppearanceOther')).to.equal(null);
    expect((el.value.person as Record<string, unknown>)['ethnicAppearanceOther']).to.equal(undefined);
    expect(paragraph(el)).to.equal('A man of European appearance.');
  });

  it('asks for the region under the accent group it belongs to', async () => {
    const el = await fixture<OffenderDescriptionForm>(Minimal());
    await goTo(el, 3);
    expect(el.shadowRoot!.querySelector('[name="/accent/scottishRegion"]')).to.equal(null);
    $<HTMLInputElement>(el, '#f--accent--origin-2').click();
    await settle(el);
    const glaswegian = $<HTMLInputElement>(el, '#f--accent--scottishRegion');
    expect($(el, 'label[for="f--accent--scottishRegion"]').textContent).to.equal('Glaswegian');
    glaswegian.click();
    $<HTMLInputElement>(el, '#f--accent--strength').click();
    await settle(el);
    expect(paragraph(el)).to.equal('A man. He spoke with a strong Glaswegian accent.');
    $<HTMLInputElement>(el, '#f--accent--origin').click();
    await settle(el);
    expect($$(el, '[name="/accent/englishRegion"]').length).to.equal(13);
    expect(paragraph(el)).to.equal('A man. He spoke with a strong English accent.');
  });

  it('takes several hairstyles and marks, and clean-shaven only on its own', async () => {
    const el = await fixture<OffenderDescriptionForm>(Minimal());
    await goTo(el, 2);
    expect($$(el, '[name="/hair/hairStyle"]').length).to.equal(15);
    // One click per render, as a person clicks: each box is read from what is on screen.
    $<HTMLInputElement>(el, '#f--hair--hairStyle-1').click();
    await settle(el);
    $<HTMLInputElement>(el, '#f--hair--hairStyle-13').click();
    await settle(el);
    expect(paragraph(el)).to.equal('A man. His hair was curly and in a ponytail.');
    await goTo(el, 1);
    $<HTMLInputElement>(el, '#f--face--facialHair-7').click();
    await settle(el);
    $<HTMLInputElement>(el, '#f--face--facialHair-4').click();
    await settle(el);
    expect($(el, '#f--face--facialHair-error').textContent).to.contain('Select clean-shaven on its own, or only the facial hair you saw');
    await goTo(el, 4);
    for (let i = 0; i < 2; i++) {
      $<HTMLButtonElement>(el, '#f--marks--items').click();
      await settle(el);
    }
    $<HTMLInputElement>(el, '#f--marks--items--0--kind-3').click();
    $<HTMLInputElement>(el, '#f--marks--items--1--kind-4').click();
    setInput(el, '#f--marks--items--1--position', 'left eyebrow');
    await settle(el);
    expect(paragraph(el)).to.contain('He had a tattoo and a piercing (body position: left eyebrow).');
  });

  it('can be completed, copied and submitted with the keyboard alone', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    const handler = sinon.stub().resolves({ reference: 'OD-KEYBOARD' });
    el.submitHandler = handler;
    const copy = sinon.stub(navigator.clipboard, 'writeText').resolves();
    try {
      await typeInto(el, '#f--person--name', FAKE_OFFENDER);
      await chooseRadio(el, '/person/age', 1);
      await typeInto(el, '#f--person--ageFrom', '30');
      await typeInto(el, '#f--person--ageTo', '35');
      await chooseRadio(el, '/person/sex', 0);
      await chooseRadio(el, '/person/height', 0);
      await chooseRadio(el, '/person/build', 1);
      expect(paragraph(el)).to.equal(`A man named ${FAKE_OFFENDER}, aged about 30 to 35, tall and of stocky build.`);
      // Hair, through the section buttons.
      for (let i = 0; i < 2; i++) {
        await tabTo(el, '[part~=next-button]');
        await sendKeys({ press: 'Enter' });
        await settle(el);
      }
      expect($(el, '#section-heading').textContent).to.equal('Hair');
      await tabTo(el, '#f--hair--hairStyle-1');
      await sendKeys({ press: 'Space' });
      // Clothing: add an item from the keyboard.
      for (let i = 0; i < 3; i++) {
        await tabTo(el, '[part~=next-button]');
        await sendKeys({ press: 'Enter' });
        await settle(el);
      }
      expect($(el, '#section-heading').textContent).to.equal('Clothing');
      await tabTo(el, '#f--clothing--items');
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(active(el)?.id).to.equal('f--clothing--items-0-legend');
      await chooseRadio(el, '/clothing/items/0/garment', 1);
      await typeInto(el, '#f--clothing--items--0--colour', 'grey');
      await sendKeys({ press: 'Tab' });
      await settle(el);
      const expected = `A man named ${FAKE_OFFENDER}, aged about 30 to 35, tall and of stocky build. His hair was curly. He was wearing a top/t-shirt (grey).`;
      expect(paragraph(el)).to.equal(expected);
      await tabTo(el, '[part~=copy-button]');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => status(el) === 'Copied', 'never said Copied', { timeout: 2000 });
      expect(copy.calledOnceWith(expected)).to.equal(true);
      await submitWithKeyboard(el);
      expect(handler.calledOnce, JSON.stringify(el.validate().errors)).to.equal(true);
      const [envelope] = handler.firstCall.args;
      expect(envelope.formId).to.equal('offender-description');
      expect(envelope.data).to.deep.equal({
        person: { name: FAKE_OFFENDER, age: 'estimated', ageFrom: 30, ageTo: 35, sex: 'male', height: 'tall', build: 'stocky' },
        hair: { hairStyle: ['curly'] },
        clothing: { items: [{ garment: 'top', colour: 'grey' }] },
      });
      expect(envelope.result.title).to.equal('Description');
      expect(envelope.result.paragraph).to.equal(expected);
      expect($(el, '[part~=reference]').textContent).to.equal('OD-KEYBOARD');
    } finally {
      copy.restore();
    }
  });
});

runFormContractTests('offender-description-form', completeDescription);

describe('<offender-description-form> Copy button', () => {
  afterEach(() => {
    sinon.restore();
    delete (navigator as { clipboard?: unknown }).clipboard;
    getSelection()?.removeAllRanges();
  });

  it('copies the paragraph and says "Copied" in a polite live region', async () => {
    const stub = sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await fixture<OffenderDescriptionForm>(Full());
    const button = $<HTMLButtonElement>(el, '[part~=copy-button]');
    expect(button.textContent!.trim()).to.equal('Copy description');
    button.click();
    await waitUntil(() => status(el) === 'Copied', 'never said Copied', { timeout: 2000 });
    expect(stub.calledOnceWith(describeOffender(fullDescription).paragraph)).to.equal(true);
    expect($(el, '[part~=copy-status]').getAttribute('role')).to.equal('status');
    // A second press announces again: the region is cleared first, then filled.
    button.click();
    await waitUntil(() => stub.calledTwice, 'second copy', { timeout: 2000 });
    await waitUntil(() => status(el) === 'Copied', 'never said Copied again', { timeout: 2000 });
    // Once the description changes, "Copied" no longer describes it.
    await goTo(el, 0);
    $<HTMLInputElement>(el, '#f--person--height-1').click();
    await settle(el);
    expect(status(el)).to.equal('');
  });

  it('selects the text and says "Select the text and copy it" when the browser refuses', async () => {
    sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('Write permission denied.', 'NotAllowedError'));
    const el = await fixture<OffenderDescriptionForm>(PiercingsAndJewellery());
    $<HTMLButtonElement>(el, '[part~=copy-button]').click();
    await waitUntil(() => status(el) === 'Select the text and copy it', 'no fallback message', { timeout: 2000 });
    expect(active(el)?.id).to.equal('description-text');
    const selection = getSelection()!;
    expect(selection.rangeCount).to.equal(1);
    expect(selection.getRangeAt(0).toString()).to.equal(paragraph(el));
    await expect(el).to.be.accessible();
  });

  it('falls back the same way where there is no Clipboard API at all', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    const el = await fixture<OffenderDescriptionForm>(OnlyClothing());
    $<HTMLButtonElement>(el, '[part~=copy-button]').click();
    await waitUntil(() => status(el) === 'Select the text and copy it', 'no fallback message', { timeout: 2000 });
    expect(getSelection()!.getRangeAt(0).toString()).to.equal('The person was wearing a top/t-shirt (grey hoodie; slogans: NO FEAR) and baseball cap (red).');
  });

  it('takes its words from <safety-forms-config> strings', async () => {
    sinon.stub(navigator.clipboard, 'writeText').resolves();
    const el = await fixture<OffenderDescriptionForm>(Full());
    (el as unknown as { config: unknown }).config = { strings: { copyDescription: 'Copy to clipboard', copied: 'Copied to clipboard' } };
    await settle(el);
    expect($(el, '[part~=copy-button]').textContent!.trim()).to.equal('Copy to clipboard');
    $<HTMLButtonElement>(el, '[part~=copy-button]').click();
    await waitUntil(() => status(el) === 'Copied to clipboard', 'own words', { timeout: 2000 });
  });
});

describe('<offender-description-form> odd and hostile input', () => {
  it('shows markup, templates and odd Unicode as text, in the answers and in the paragraph, and copies them exactly', async () => {
    const stub = sinon.stub(navigator.clipboard, 'writeText').resolves();
    try {
      const el = await fixture<OffenderDescriptionForm>(Empty());
      const v = hostileStrings;
      el.value = {
        person: { sex: 'male', name: v.markup, ethnicAppearance: 'other', ethnicAppearanceOther: v.script },
        accent: { origin: 'other', otherAccent: v.template },
        marks: { items: [{ kind: 'tattoo', detail: v.emoji, position: v.rtl }] },
        clothing: { items: [{ garment: 'other', garmentOther: v.combining, colour: v.invisible, logos: v.lineEndings }] },
      };
      await settle(el);
      expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
      expect($<HTMLInputElement>(el, '#f--person--name').value).to.equal(v.markup);
      const expected = describeOffender(el.value).paragraph;
      expect(paragraph(el)).to.equal(expected);
      for (const value of Object.values(v)) expect(expected).to.contain(value);
      const isolated = $$(el, '#description-text bdi').map((b) => b.textContent);
      expect(isolated).to.include(v.rtl);
      expect(isolated).to.include(v.markup);
      expect(paragraph(el)).not.to.contain('49');
      $<HTMLButtonElement>(el, '[part~=copy-button]').click();
      await waitUntil(() => stub.called, 'copy', { timeout: 2000 });
      expect(stub.firstCall.args[0]).to.equal(expected);
      expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
      expect(el.validate().valid).to.equal(true);
    } finally {
      stub.restore();
    }
  });

  it('keeps a megabyte of pasted text, says plainly it is too long, and still reflows', async () => {
    const el = await fixture<OffenderDescriptionForm>(Full());
    await goTo(el, 5);
    const huge = 'x'.repeat(1024 * 1024);
    setInput(el, '#f--clothing--items--0--logos', huge);
    await settle(el);
    expect($(el, '#f--clothing--items--0--logos-error').textContent).to.match(/Logos must be 500 characters or fewer/);
    expect((el.value.clothing as { items: { logos: string }[] }).items[0]!.logos.length).to.equal(huge.length);
    expect(paragraph(el)).to.contain(huge);
    expect(el.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('keeps what is not an age on screen with a clear message, and leaves it out of the paragraph', async () => {
    const el = await fixture<OffenderDescriptionForm>(Minimal());
    $<HTMLInputElement>(el, '#f--person--age').click();
    await settle(el);
    for (const bad of ['-3', '1e3', 'NaN', '121', 'thirty']) {
      setInput(el, '#f--person--ageActual', bad);
      await settle(el);
      expect($<HTMLInputElement>(el, '#f--person--ageActual').value).to.equal(bad);
      expect($(el, '#f--person--ageActual-error').textContent, bad).to.match(/Actual age must be/);
      expect(paragraph(el)).to.equal('A man.');
    }
    setInput(el, '#f--person--ageActual', '٣٤');
    await settle(el);
    expect(paragraph(el)).to.equal('A man aged 34.');
  });

  it('ignores __proto__, unknown keys, wrong types and huge arrays in a prefill', async () => {
    const el = await fixture<OffenderDescriptionForm>(Empty());
    el.initialValue = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "unknown": 1, "person": {"sex": "female", "name": 42, "extra": true, "__proto__": {"height": "tall"}}, "hair": {"hairStyle": "curly"}}',
    );
    await settle(el);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(el.value).to.deep.equal({ person: { sex: 'female' } });
    expect(paragraph(el)).to.equal('A woman.');
    el.initialValue = { person: { sex: 'male' }, clothing: { items: Array.from({ length: 10000 }, () => ({ garment: 'shoes' })) } };
    await settle(el);
    expect((el.value.clothing as { items: unknown[] }).items.length).to.be.at.most(500);
  });


  it('logs no Lit warnings and nothing with personal data while rendering, typing and copying', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => sinon.spy(console, m));
    const copy = sinon.stub(navigator.clipboard, 'writeText').rejects(new Error(FAKE_OFFENDER));
    try {
      const el = await fixture<OffenderDescriptionForm>(Full());
      setInput(el, '#f--person--name', `${FAKE_OFFENDER} again`);
      await settle(el);
      $<HTMLButtonElement>(el, '[part~=copy-button]').click();
      await waitUntil(() => status(el) !== '', 'copy settled', { timeout: 2000 });
      await el.submit().catch(() => undefined);
      const logged = spies.flatMap((s) => s.getCalls().map((c) => c.args.map(String).join(' ')));
      expect(logged.filter((l) => /lit\.dev\/msg/.test(l))).to.deep.equal([]);
      expect(logged.filter((l) => l.includes(FAKE_OFFENDER))).to.deep.equal([]);
    } finally {
      spies.forEach((s) => s.restore());
      copy.restore();
    }
  });

  it('shows the answers read-only and still lets the description be copied', async () => {
    const el = await fixture<OffenderDescriptionForm>(ReadOnly());
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    // Read-only shows the record as "Check your answers" does: summary lists, no inputs.
    expect(el.shadowRoot!.querySelector('input, select, textarea')).to.equal(null);
    const name = $$(el, '.summary-list__row').find((r) => r.querySelector('.summary-list__key')!.textContent!.trim() === 'Name (if known)');
    expect(name!.querySelector('.summary-list__value')!.textContent!.trim()).to.equal(FAKE_OFFENDER);
    expect(paragraph(el)).to.equal(describeOffender(fullDescription).paragraph);
    expect(el.shadowRoot!.querySelector('[part~=copy-button]')).not.to.equal(null);
  });
});
