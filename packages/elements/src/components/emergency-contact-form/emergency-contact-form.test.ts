import { emergencyContact, schemaAt, setAt, validate, type FormSchema } from '@safety-forms/core';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { Complete, Empty, Errors, Minimal, ReadOnly } from '../../../../../stories/emergency-contact-form.stories.js';
import { completeContact, FAKE_STAFF, hostileStrings, minimalContact } from '../../../../../stories/fixtures/emergency-contact.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, active, chooseRadio, settle, tabTo, typeInto, goToSection, setInput, expectAccessibleInEverySection, submitWithKeyboard } from '../../internal/test/helpers.js';
import { DATE_OF_BIRTH, emergencyContactForm } from './emergency-contact-form.component.js';

/** Today's date on this device, `YYYY-MM-DD` in local time. */
function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
import type EmergencyContactForm from './emergency-contact-form.component.js';
import './emergency-contact-form.js';

const FORM = 'emergency-contact';

const goTo = goToSection;

/** The errors core's generated validator gives for `data`, by pointer. */
function errorsOf(data: unknown): Map<string, string> {
  return new Map(validate(FORM, data).errors.map((e) => [e.pointer, e.message]));
}

/** `minimalContact` with `value` at `pointer`. */
function withValue(pointer: string, value: unknown): unknown {
  return setAt(structuredClone(minimalContact), pointer, value);
}

/** A date `days` from today on this device, as the date widget stores it. */
function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localToday(d);
}


function summaryMessages(el: EmergencyContactForm): string[] {
  return $$(el, '.error-summary__list a').map((a) => a.textContent ?? '');
}

/** Every occurrence of `text` among the shadow root's text nodes. */
function occurrences(el: EmergencyContactForm, text: string): number {
  const walker = document.createTreeWalker(el.shadowRoot!, NodeFilter.SHOW_TEXT);
  let count = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent?.includes(text)) count++;
  return count;
}

/** The telephone message of one field: it names the number, so two in the error summary are never alike. */
const phoneMessage = (what: string, example = '01632 960 001') => `Enter ${what} as a UK number, like ${example}, or an international number starting with +`;
const MY_MOBILE = phoneMessage('your mobile number', '07700 900 982');
const POSTCODE = 'Enter a UK postcode, like AA1 1AA';
const REGISTRATION = 'Enter a UK car registration, like AB12 CDE';
const FIRST_NO_NUMBER = 'Enter a home, mobile or work number for your first emergency contact';
const SECOND_NO_NUMBER = 'Enter a home, mobile or work number for your second emergency contact';
const CHOOSE_PREFERRED = 'Select which emergency contact we should call first';

describe('<emergency-contact-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<EmergencyContactForm>(Empty());
    await expect(el).to.be.accessible();
  });

  it('passes axe in every section: empty, with every error shown, complete, minimal and read-only', async () => {
    for (const story of [Empty, Errors, Complete, Minimal, ReadOnly]) {
      const el = await fixture<EmergencyContactForm>(story());
      await expectAccessibleInEverySection(el);
    }
    const el = await fixture<EmergencyContactForm>(Empty());
    el.validate();
    await expectAccessibleInEverySection(el);
  });
});

runFormContractTests('emergency-contact-form', completeContact);

describe('<emergency-contact-form> follows KCC Appendix A', () => {
  /**
   * Appendix A "Staff Emergency contact and Medical Details" (seeds/004), prompt by prompt in the
   * document's own words, and where the schema holds each one. `title`: the question's label is the
   * prompt (case and the trailing colon aside). `text`: the prompt is in the node's title,
   * description or marking. `comment`: the label is plainer English and the `$comment` quotes the
   * document's prompt (so "DOB" is asked as "Date of birth").
   */
  const PROMPTS: [prompt: string, pointer: string, where: 'title' | 'text' | 'comment'][] = [
    ['Staff Emergency contact and Medical Details', '', 'title'],
    ['Private and Confidential', '', 'text'],
    ['The following information will only be used in the case of an emergency.', '', 'text'],
    ['(i.e., sickness, accident, incident, adverse weather, office closures etc.)', '', 'text'],
    ['PERSONAL DETAILS', '/personal', 'title'],
    ['Name:', '/personal/name', 'title'],
    ['DOB:', '/personal/dateOfBirth', 'comment'],
    ['Address:', '/personal/address', 'title'],
    ['Home Number:', '/personal/homeNumber', 'title'],
    ['Mobile Number:', '/personal/mobileNumber', 'title'],
    ['Email Address', '/personal/email', 'title'],
    ['Home:', '/personal/email/home', 'title'],
    ['KCC:', '/personal/email/kcc', 'title'],
    ['CAR INFORMATION', '/car', 'title'],
    ['Car Make and Model', '/car/makeAndModel', 'title'],
    ['Colour', '/car/colour', 'title'],
    ['Car Registration', '/car/registration', 'title'],
    ['Please indicate preferred one to use in emergency', '/emergencyContacts/preferred', 'title'],
    ['Please indicate preferred one to use in emergency by putting *', '/emergencyContacts/preferred', 'comment'],
    ['EMERGENCY CONTACT DETAILS', '/emergencyContacts', 'title'],
    ['First Emergency Contact', '/emergencyContacts/first', 'title'],
    ['Name:', '/emergencyContacts/first/name', 'title'],
    ['Relationship:', '/emergencyContacts/first/relationship', 'title'],
    ['House Number:', '/emergencyContacts/first/houseNumber', 'comment'],
    ['Mobile Number:', '/emergencyContacts/first/mobileNumber', 'title'],
    ['Work Number:', '/emergencyContacts/first/workNumber', 'title'],
    ['Second Emergency Contact', '/emergencyContacts/second', 'title'],
    ['Name:', '/emergencyContacts/second/name', 'title'],
    ['Relationship:', '/emergencyContacts/second/relationship', 'title'],
    ['House Number:', '/emergencyContacts/second/houseNumber', 'comment'],
    ['Mobile Number:', '/emergencyContacts/second/mobileNumber', 'title'],
    ['Work Number:', '/emergencyContacts/second/workNumber', 'title'],
    ['MEDICAL DETAILS', '/medical', 'title'],
    ['Please outline any information we need to know if you require medical treatment or become unwell at work.', '/medical', 'text'],
    ['This will be used if ambulance/medics are involved.', '/medical', 'text'],
    ['Medical Conditions:', '/medical/conditions', 'title'],
    ['Medication:', '/medical/medication', 'title'],
    ['Advice if taken unwell:', '/medical/adviceIfUnwell', 'title'],
  ];
  const norm = (s: string) => s.replace(/\s+/g, ' ').replace(/[:\s]+$/, '').trim().toLowerCase();

  it('has every prompt of Appendix A in the schema, in the document\'s words', () => {
    const root = emergencyContact.schema;
    for (const [prompt, pointer, where] of PROMPTS) {
      const node = schemaAt(root, pointer) as FormSchema | undefined;
      expect(node, pointer).to.exist;
      const text = [node!.title, node!.description, node!['x-marking']].filter((t): t is string => typeof t === 'string');
      if (where === 'title') expect(norm(node!.title ?? ''), prompt).to.equal(norm(prompt));
      else if (where === 'text') expect(text.some((t) => norm(t).includes(norm(prompt))), prompt).to.equal(true);
      else expect(norm(node!.$comment ?? ''), prompt).to.include(norm(prompt).replace(/:$/, ''));
      expect(node!.$comment ?? root.$comment, `${pointer} cites Appendix A`).to.match(/Appendix A/);
    }
  });

  it('gives every property a title and a $comment citing Appendix A, and every string a maxLength', () => {
    const walk = (node: FormSchema, pointer: string) => {
      for (const key of Object.keys(node.properties ?? {})) {
        const c = schemaAt(emergencyContact.schema, `${pointer}/${key}`)!;
        expect(c.title, `${pointer}/${key}`).to.be.a('string');
        expect(c.$comment, `${pointer}/${key}`).to.match(/Appendix A/);
        if (c.type === 'string' && !c.oneOf && !c.format) expect(c.maxLength, `${pointer}/${key}`).to.be.a('number');
        walk(c, `${pointer}/${key}`);
      }
    };
    walk(emergencyContact.schema, '');
  });

  it('shows "Private and Confidential" and the statement that the details are used only in an emergency', async () => {
    const el = await fixture<EmergencyContactForm>(Empty());
    expect(emergencyContact.schema['x-marking']).to.equal('Private and Confidential');
    expect($(el, '[part=marking]').textContent).to.equal('Private and Confidential');
    expect($(el, '[part=title]').textContent).to.equal('Staff Emergency contact and Medical Details');
    expect($(el, '[part=purpose]').textContent).to.equal(
      'The following information will only be used in the case of an emergency. (i.e., sickness, accident, incident, adverse weather, office closures etc.)',
    );
    const titles = $$(el, '.sections__link').map((b) => b.textContent!.trim());
    expect(titles).to.deep.equal(['1. Personal details', '2. Car information', '3. Emergency contact details', '4. Medical details']);
    await goTo(el, 3);
    expect($(el, '[part=marking]').textContent).to.equal('Private and Confidential');
    expect(el.shadowRoot!.textContent).to.contain('This will be used if ambulance/medics are involved.');
  });

  it('computes no result and shows no result panel', async () => {
    const el = await fixture<EmergencyContactForm>(Complete());
    expect(el.currentResult).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part~=result]')).to.equal(null);
    const handler = sinon.stub().resolves({ reference: 'EC-1' });
    el.submitHandler = handler;
    await el.submit();
    expect(handler.firstCall.args[0].result).to.equal(null);
    expect(handler.firstCall.args[0].data).to.deep.equal(completeContact);
  });
});

describe('emergency-contact validation tables (the generated validator)', () => {
  it('accepts the complete and the minimal records', () => {
    expect(validate(FORM, completeContact)).to.deep.equal({ valid: true, errors: [] });
    expect(validate(FORM, minimalContact)).to.deep.equal({ valid: true, errors: [] });
  });

  const VALID_PHONES = [
    '01632 960 001',
    '01632 960001',
    '01632960001',
    '(01632) 960 001',
    '(01632) 960001',
    '07700 900 982',
    '07700900982',
    '07700-900-982',
    '0770-090-0982',
    '07700  900  982',
    '01632.960.001',
    '+44 7700 900982',
    '+447700900982',
    '+44 (0)7700 900982',
    '+44(0)1632 960001',
    '0044 7700 900982',
    '020 7946 0000',
    '(020) 7946 0000',
    '0113 496 0000',
    '0808 157 0192',
    '0800 123 456',
    '+44 808 157 0192',
    '016977 3456',
    '0300 123 4567',
    '03001234567',
    ' 07700 900 982 ',
    '+33 1 23 45 67 89',
    '+1 202 555 0143',
    '+353 1 234 5678',
    '00 33 1 23 45 67 89',
  ];
  const INVALID_PHONES = [
    '999',
    '112',
    '0770090098',
    '077009009821',
    '07700 900 98',
    '07700 900 9822',
    '7700 900982',
    '+44 7700 90098',
    '+44 07700 900982x',
    '0044',
    '+44',
    '+44 7700',
    '+44 4700 900982',
    'abc',
    '07700 900 98a',
    '04700 900982',
    '06700 900982',
    '00000000000',
    '0 7700 900 982 1',
    '+0 123 4567',
    '07700 900 982 ext 2',
    '٠٧٧٠٠٩٠٠٩٨٢',
    '+44 7700 900982 +44',
    '<img src=x onerror=alert(1)>',
    '1'.repeat(31),
  ];
  const PHONE_FIELDS: [pointer: string, message: string][] = [
    ['/personal/homeNumber', phoneMessage('your home number')],
    ['/personal/mobileNumber', MY_MOBILE],
    ['/emergencyContacts/first/houseNumber', phoneMessage('the home phone number of your first emergency contact')],
    ['/emergencyContacts/first/mobileNumber', phoneMessage('the mobile number of your first emergency contact', '07700 900 982')],
    ['/emergencyContacts/first/workNumber', phoneMessage('the work number of your first emergency contact')],
  ];
  /** `completeContact` (two contacts) with `value` at `pointer`. */
  const inComplete = (pointer: string, value: unknown) => setAt(structuredClone(completeContact), pointer, value);
  const SECOND_PHONE_FIELDS: [pointer: string, message: string][] = [
    ['/emergencyContacts/second/houseNumber', phoneMessage('the home phone number of your second emergency contact')],
    ['/emergencyContacts/second/mobileNumber', phoneMessage('the mobile number of your second emergency contact', '07700 900 982')],
    ['/emergencyContacts/second/workNumber', phoneMessage('the work number of your second emergency contact')],
  ];

  it('accepts UK telephone numbers as people write them, in every telephone field', () => {
    for (const [pointer] of PHONE_FIELDS) {
      for (const phone of VALID_PHONES) expect(errorsOf(withValue(pointer, phone)).get(pointer), `${pointer} ${phone}`).to.equal(undefined);
    }
    for (const [pointer] of SECOND_PHONE_FIELDS) {
      for (const phone of VALID_PHONES) expect(errorsOf(inComplete(pointer, phone)).get(pointer), `${pointer} ${phone}`).to.equal(undefined);
    }
  });

  it('refuses what is not a telephone number with a message that names the field and shows the form', () => {
    for (const [pointer, message] of PHONE_FIELDS) {
      for (const phone of INVALID_PHONES) expect(errorsOf(withValue(pointer, phone)).get(pointer), `${pointer} ${phone}`).to.equal(message);
    }
    for (const [pointer, message] of SECOND_PHONE_FIELDS) {
      for (const phone of INVALID_PHONES) expect(errorsOf(inComplete(pointer, phone)).get(pointer), `${pointer} ${phone}`).to.equal(message);
    }
  });

  const VALID_POSTCODES = [
    'SW1A 1AA',
    'sw1a 1aa',
    'SW1A1AA',
    'sw1a1aa',
    'Sw1a 1aA',
    'ME14 1XQ',
    'me141xq',
    'CT1 2EH',
    'TN23 1PL',
    'M1 1AE',
    'B33 8TH',
    'CR2 6XH',
    'DN55 1PT',
    'W1A 0AX',
    'EC1A 1BB',
    'GIR 0AA',
    'gir0aa',
    ' ME14 1XQ ',
    'ME14  1XQ',
    'BT1 5GS',
    'EH1 1YZ',
    'CF10 1EP',
    'LS1 4AP',
  ];
  const INVALID_POSTCODES = [
    'ME14',
    '1XQ',
    'ME14 1X',
    'ME14 1XQQ',
    'QE14 1XQ',
    'VE14 1XQ',
    'XE14 1XQ',
    'MI14 1XQ',
    'ME14 1CQ',
    'ME14 1XI',
    'ME141 1XQ',
    'M 1AE',
    '12345',
    '90210',
    'ABC DEF',
    'ME14-1XQ',
    'ME14 1XQ.',
    'SW1A 1AA UK',
    'ME1 4 1XQ',
    'ΜΕ14 1XQ',
    '<script>alert(1)</script>',
    'SW1A 1AA'.repeat(2),
  ];

  it('accepts UK postcodes in any case, with or without the space', () => {
    for (const postcode of VALID_POSTCODES) {
      expect(errorsOf(withValue('/personal/address/postcode', postcode)).get('/personal/address/postcode'), postcode).to.equal(undefined);
    }
  });

  it('refuses what is not a UK postcode with "Enter a UK postcode, like AA1 1AA"', () => {
    for (const postcode of INVALID_POSTCODES) {
      expect(errorsOf(withValue('/personal/address/postcode', postcode)).get('/personal/address/postcode'), postcode).to.equal(POSTCODE);
    }
  });

  const VALID_REGISTRATIONS = [
    'AB12 CDE',
    'ab12cde',
    'AB12CDE',
    'ab12 cde',
    'LB07 SEO',
    'A123 BCD',
    'a1bcd',
    'K1 NGS',
    'ABC 123D',
    'abc123d',
    'ABC 1234',
    'DAZ 1234',
    'AB 12',
    'AB12',
    '1 A',
    '1234 AB',
    'A 1',
    ' AB12 CDE ',
  ];
  const INVALID_REGISTRATIONS = [
    'AB12 CD',
    'AB12 CDEF',
    'AB123 CDE',
    'ABCD 123',
    'ABCD',
    'ABCDE',
    '12345',
    'AB-12-CDE',
    'AB12 CD3',
    '!!',
    'AB 12 CDE',
    '1',
    'A',
    'ABC',
    '12345 A',
    'AB12 ÇDE',
    '<img src=x onerror=alert(1)>',
    'AB12 CDE AB12',
  ];

  it('accepts UK car registrations of every era, in any case, with or without the space', () => {
    for (const reg of VALID_REGISTRATIONS) expect(errorsOf(withValue('/car/registration', reg)).get('/car/registration'), reg).to.equal(undefined);
  });

  it('refuses what is not a UK registration with a message that shows the form', () => {
    for (const reg of INVALID_REGISTRATIONS) expect(errorsOf(withValue('/car/registration', reg)).get('/car/registration'), reg).to.equal(REGISTRATION);
  });

  it('needs at least one way to reach each contact, and says so once, on the contact', () => {
    const none = errorsOf({ ...minimalContact, emergencyContacts: { first: { name: 'Rowan Example', relationship: 'Partner' } } });
    expect([...none]).to.deep.equal([['/emergencyContacts/first', FIRST_NO_NUMBER]]);
    for (const key of ['houseNumber', 'mobileNumber', 'workNumber']) {
      const one = { ...minimalContact, emergencyContacts: { first: { name: 'Rowan Example', [key]: '01632 960 002' } } };
      expect(validate(FORM, one).valid, key).to.equal(true);
    }
    const second = errorsOf(
      setAt(structuredClone(minimalContact), '/emergencyContacts', { first: minimalContact.emergencyContacts.first, second: { name: 'Ellis Sample' }, preferred: 'first' }),
    );
    expect([...second]).to.deep.equal([['/emergencyContacts/second', SECOND_NO_NUMBER]]);
    // A number that is wrong is reported on that number, not as "no way to reach".
    const wrong = errorsOf(withValue('/emergencyContacts/first/mobileNumber', '0770'));
    expect([...wrong]).to.deep.equal([['/emergencyContacts/first/mobileNumber', PHONE_FIELDS[3]![1]]]);
  });

  it('needs the first contact\'s name, and the second contact\'s once any of it is given', () => {
    const empty = errorsOf({ personal: minimalContact.personal });
    expect(empty.get('/emergencyContacts/first/name')).to.equal('Enter the name of your first emergency contact');
    expect(empty.get('/emergencyContacts/first')).to.equal(FIRST_NO_NUMBER);
    const part = errorsOf(
      setAt(structuredClone(minimalContact), '/emergencyContacts/second', { mobileNumber: '07700 900 456' }),
    );
    expect(part.get('/emergencyContacts/second/name')).to.equal('Enter the name of your second emergency contact');
  });

  it('has exactly one contact to call first: asked once a second contact is given, never two', () => {
    const two = { first: minimalContact.emergencyContacts.first, second: { name: 'Ellis Sample', mobileNumber: '07700 900 456' } };
    const unsaid = errorsOf({ ...minimalContact, emergencyContacts: two });
    expect(unsaid.get('/emergencyContacts/preferred')).to.equal(CHOOSE_PREFERRED);
    for (const preferred of ['first', 'second']) expect(validate(FORM, { ...minimalContact, emergencyContacts: { ...two, preferred } }).valid).to.equal(true);
    // One answer, one of two codes: "both" or a list cannot be stored.
    for (const preferred of ['both', ['first', 'second'], true]) {
      expect(emergencyContact.validate({ ...minimalContact, emergencyContacts: { ...two, preferred } }), JSON.stringify(preferred)).to.equal(false);
    }
    // With one contact the question is not asked (hidden, so not submitted): that contact is the one.
    expect(validate(FORM, minimalContact).valid).to.equal(true);
    // A record that bypassed the form cannot prefer a second contact it does not have.
    expect(emergencyContact.validate({ ...minimalContact, emergencyContacts: { ...minimalContact.emergencyContacts, preferred: 'second' } })).to.equal(false);
    expect(emergencyContact.validate({ ...minimalContact, emergencyContacts: { ...minimalContact.emergencyContacts, preferred: 'first' } })).to.equal(true);
  });

  it('checks the date of birth is a real date from 1900, naming the part that is missing', () => {
    const dob = (v: string) => errorsOf(withValue(DATE_OF_BIRTH, v)).get(DATE_OF_BIRTH);
    expect(dob('1985-03-27')).to.equal(undefined);
    expect(dob('2000-02-29')).to.equal(undefined);
    expect(dob('1900-01-01')).to.equal(undefined);
    for (const bad of ['1985-02-31', '1985-13-01', '2001-02-29', '1985-04-31', '1985-00-10']) expect(dob(bad), bad).to.equal('Date of birth must be a real date');
    expect(dob('1899-12-31')).to.equal('Date of birth must be the same as or after 1 January 1900');
    expect(dob('1066-10-14')).to.equal('Date of birth must be the same as or after 1 January 1900');
    expect(dob('0000-01-01')).to.equal('Date of birth must be a real date');
    expect(dob('-03-27')).to.equal('Date of birth must include a year');
    expect(dob('1985--27')).to.equal('Date of birth must include a month');
    expect(dob('85-03-27')).to.equal('Year must include 4 numbers');
    expect(errorsOf({ ...minimalContact, personal: { name: FAKE_STAFF } }).get(DATE_OF_BIRTH)).to.equal('Enter your date of birth');
  });

  it('refuses a date of birth today or in the future (the past-date format, checked by core and the receiver alike)', async () => {
    const dob = (v: string) => errorsOf(withValue(DATE_OF_BIRTH, v)).get(DATE_OF_BIRTH);
    for (const v of [dayFromToday(1), dayFromToday(0), '2099-12-31', '2100-01-01', '9999-12-31']) {
      expect(dob(v), v).to.equal('Date of birth must be in the past');
    }
    expect(dob(dayFromToday(-1))).to.equal(undefined);
    // The element's own validator, which arrives as its own chunk after the first screen.
    expect((await emergencyContactForm.withValidator()).validate(withValue(DATE_OF_BIRTH, dayFromToday(1)))).to.equal(false);
    // A date that is not real keeps its own message, future or not.
    expect(dob('2098-02-31')).to.equal('Date of birth must be a real date');
  });
});

describe('<emergency-contact-form> in use', () => {
  it('shows "no way to reach" once, on the contact group, and nowhere on the numbers', async () => {
    const el = await fixture<EmergencyContactForm>(Empty());
    el.value = { ...minimalContact, emergencyContacts: { first: { name: 'Rowan Example' } } };
    el.validate();
    await settle(el);
    expect(summaryMessages(el)).to.deep.equal([FIRST_NO_NUMBER]);
    await goTo(el, 2);
    const group = $$<HTMLFieldSetElement>(el, 'fieldset.group').find((f) => f.querySelector('legend')?.textContent === 'First emergency contact')!;
    expect(group.querySelector(':scope > .error-message')?.textContent).to.contain(FIRST_NO_NUMBER);
    expect(occurrences(el, FIRST_NO_NUMBER)).to.equal(2); // the summary link and the group
    expect($$(el, 'input[type=tel][aria-invalid=true]')).to.deep.equal([]);
    // The summary link goes to the contact's first question.
    $$<HTMLAnchorElement>(el, '.error-summary__list a')[0]!.click();
    await settle(el);
    expect(active(el)?.id).to.equal('f--emergencyContacts--first--name');
    setInput(el, '#f--emergencyContacts--first--workNumber', '020 7946 0000');
    await settle(el);
    expect(occurrences(el, FIRST_NO_NUMBER)).to.equal(0);
    expect(el.validate().valid).to.equal(true);
  });

  it('asks which contact to call first only when there is a second, and keeps one answer', async () => {
    const el = await fixture<EmergencyContactForm>(Minimal());
    await goTo(el, 2);
    expect(el.shadowRoot!.querySelector('input[name="/emergencyContacts/preferred"]')).to.equal(null);
    setInput(el, '#f--emergencyContacts--second--name', 'Ellis Sample');
    setInput(el, '#f--emergencyContacts--second--mobileNumber', '07700 900 456');
    await settle(el);
    const radios = $$<HTMLInputElement>(el, 'input[name="/emergencyContacts/preferred"]');
    expect(radios.length).to.equal(2);
    expect(radios.map((r) => r.labels?.[0]?.textContent)).to.deep.equal(['First emergency contact', 'Second emergency contact']);
    expect(radios[0]!.getAttribute('aria-required')).to.equal('true');
    const result = await el.submit();
    await settle(el);
    expect(result).to.equal(undefined);
    expect(summaryMessages(el)).to.deep.equal([CHOOSE_PREFERRED]);
    radios[1]!.click();
    await settle(el);
    radios[0]!.click();
    await settle(el);
    expect(radios.filter((r) => r.checked).length).to.equal(1);
    expect((el.value.emergencyContacts as Record<string, unknown>)['preferred']).to.equal('first');
    expect(el.validate().valid).to.equal(true);
    // Clearing the second contact removes the question and its answer from what is sent.
    setInput(el, '#f--emergencyContacts--second--name', '');
    setInput(el, '#f--emergencyContacts--second--mobileNumber', '');
    await settle(el);
    expect(el.shadowRoot!.querySelector('input[name="/emergencyContacts/preferred"]')).to.equal(null);
    expect(el.value.emergencyContacts).to.deep.equal(minimalContact.emergencyContacts);
    await expect(el).to.be.accessible();
  });

  it('refuses a date of birth in the future as a field error: inline, in the summary, and on submit', async () => {
    const el = await fixture<EmergencyContactForm>(Minimal());
    const handler = sinon.stub().resolves({ reference: 'EC-NO' });
    el.submitHandler = handler;
    const [y, m, d] = dayFromToday(1).split('-') as [string, string, string];
    setInput(el, '#f--personal--dateOfBirth', String(Number(d)));
    setInput(el, '#f--personal--dateOfBirth-month', String(Number(m)));
    setInput(el, '#f--personal--dateOfBirth-year', y);
    await settle(el);
    expect($(el, '#f--personal--dateOfBirth-error').textContent).to.contain('Date of birth must be in the past');
    const invalid = oneEvent(el, 'sf-invalid');
    expect(await el.submit()).to.equal(undefined);
    expect((await invalid).detail.errors).to.deep.equal([{ pointer: DATE_OF_BIRTH, message: 'Date of birth must be in the past' }]);
    await settle(el);
    expect(summaryMessages(el)).to.deep.equal(['Date of birth must be in the past']);
    expect(handler.called).to.equal(false);
    await expect(el).to.be.accessible();
    setInput(el, '#f--personal--dateOfBirth-year', '1988'); // a leap year, so tomorrow's day and month are real in it
    await settle(el);
    expect(el.shadowRoot!.querySelector('#f--personal--dateOfBirth-error')).to.equal(null);
    expect((await el.submit())?.reference).to.equal('EC-NO');
    expect(handler.calledOnce).to.equal(true);
  });

  it('keeps an impossible date of birth on screen with a clear message', async () => {
    const el = await fixture<EmergencyContactForm>(Minimal());
    setInput(el, '#f--personal--dateOfBirth', '31');
    setInput(el, '#f--personal--dateOfBirth-month', '2');
    setInput(el, '#f--personal--dateOfBirth-year', '1985');
    await settle(el);
    expect($(el, '#f--personal--dateOfBirth-error').textContent).to.contain('Date of birth must be a real date');
    expect($<HTMLInputElement>(el, '#f--personal--dateOfBirth').value).to.equal('31');
    setInput(el, '#f--personal--dateOfBirth-month', '13');
    await settle(el);
    expect($<HTMLInputElement>(el, '#f--personal--dateOfBirth-month').value).to.equal('13');
    expect($(el, '#f--personal--dateOfBirth-error').textContent).to.contain('Date of birth must be a real date');
    setInput(el, '#f--personal--dateOfBirth-month', '2');
    setInput(el, '#f--personal--dateOfBirth-year', '0000');
    await settle(el);
    expect($(el, '#f--personal--dateOfBirth-error').textContent).to.contain('Date of birth must be a real date');
    setInput(el, '#f--personal--dateOfBirth', '15');
    setInput(el, '#f--personal--dateOfBirth-year', '1850');
    await settle(el);
    expect($(el, '#f--personal--dateOfBirth-error').textContent).to.contain('Date of birth must be the same as or after 1 January 1900');
    expect($<HTMLInputElement>(el, '#f--personal--dateOfBirth-year').value).to.equal('1850');
  });

  it('shows every kind of mistake in the errors story, each with its own message', async () => {
    const el = await fixture<EmergencyContactForm>(Errors());
    await settle(el);
    expect(summaryMessages(el)).to.deep.equal([
      'Date of birth must be a real date',
      POSTCODE,
      MY_MOBILE,
      'Enter an email address in the correct format, like name@example.com',
      REGISTRATION,
      FIRST_NO_NUMBER,
      phoneMessage('the work number of your second emergency contact'),
      CHOOSE_PREFERRED,
    ]);
    // no-autofocus: showing the errors does not move focus.
    expect(active(el)).to.equal(null);
    expect($(el, '#f--personal--address--postcode-error').textContent).to.contain(POSTCODE);
    expect($<HTMLInputElement>(el, '#f--personal--address--postcode').value).to.equal('ME14');
  });

  it('accepts lower case and missing spaces as typed, and sends them as typed', async () => {
    const el = await fixture<EmergencyContactForm>(Minimal());
    setInput(el, '#f--personal--address--postcode', 'me149zz');
    setInput(el, '#f--personal--mobileNumber', '+44(0)7700900123');
    await goTo(el, 1);
    setInput(el, '#f--car--registration', 'ab12cde');
    await settle(el);
    expect(el.validate()).to.deep.equal({ valid: true, errors: [] });
    expect(el.value.personal).to.deep.include({ mobileNumber: '+44(0)7700900123', address: { postcode: 'me149zz' } });
    expect(el.value.car).to.deep.equal({ registration: 'ab12cde' });
  });

  it('can be completed and submitted with the keyboard alone', async () => {
    const el = await fixture<EmergencyContactForm>(Empty());
    const handler = sinon.stub().resolves({ reference: 'EC-KEYBOARD' });
    el.submitHandler = handler;
    await typeInto(el, '#f--personal--name', FAKE_STAFF);
    await typeInto(el, '#f--personal--dateOfBirth', '27');
    await typeInto(el, '#f--personal--dateOfBirth-month', '3');
    await typeInto(el, '#f--personal--dateOfBirth-year', '1985');
    await typeInto(el, '#f--personal--address--line1', '12 Placeholder Row');
    await typeInto(el, '#f--personal--address--town', 'Maidstone');
    await typeInto(el, '#f--personal--address--postcode', 'me14 9zz');
    await typeInto(el, '#f--personal--mobileNumber', '07700 900 123');
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('Car information');
    await typeInto(el, '#f--car--registration', 'ab12 cde');
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('Emergency contact details');
    await typeInto(el, '#f--emergencyContacts--first--name', 'Rowan Example');
    await typeInto(el, '#f--emergencyContacts--first--relationship', 'Partner');
    await typeInto(el, '#f--emergencyContacts--first--mobileNumber', '07700 900 982');
    await typeInto(el, '#f--emergencyContacts--second--name', 'Ellis Sample');
    await typeInto(el, '#f--emergencyContacts--second--workNumber', '020 7946 0000');
    await chooseRadio(el, '/emergencyContacts/preferred', 1);
    await tabTo(el, '[part~=next-button]');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#section-heading').textContent).to.equal('Medical details');
    await typeInto(el, '#f--medical--medication', 'Inhaler in my bag.');
    await submitWithKeyboard(el);
    expect(handler.calledOnce).to.equal(true);
    const [envelope] = handler.firstCall.args;
    expect(envelope.formId).to.equal('emergency-contact');
    expect(envelope.data).to.deep.equal({
      personal: {
        name: FAKE_STAFF,
        dateOfBirth: '1985-03-27',
        address: { line1: '12 Placeholder Row', town: 'Maidstone', postcode: 'me14 9zz' },
        mobileNumber: '07700 900 123',
      },
      car: { registration: 'ab12 cde' },
      emergencyContacts: {
        first: { name: 'Rowan Example', relationship: 'Partner', mobileNumber: '07700 900 982' },
        second: { name: 'Ellis Sample', workNumber: '020 7946 0000' },
        preferred: 'second',
      },
      medical: { medication: 'Inhaler in my bag.' },
    });
    expect(envelope.result).to.equal(null);
    expect($(el, '[part~=reference]').textContent).to.equal('EC-KEYBOARD');
  });

  it('shows markup, templates and odd Unicode in answers as text, and keeps them exactly', async () => {
    const el = await fixture<EmergencyContactForm>(Empty());
    const values = Object.values(hostileStrings);
    el.value = {
      ...completeContact,
      personal: { ...completeContact.personal, name: hostileStrings.markup, address: { line1: hostileStrings.rtl, town: hostileStrings.template, postcode: hostileStrings.script } },
      car: { makeAndModel: hostileStrings.emoji, colour: hostileStrings.combining, registration: hostileStrings.markup },
      emergencyContacts: {
        ...completeContact.emergencyContacts,
        first: { ...completeContact.emergencyContacts.first, name: hostileStrings.invisible, relationship: hostileStrings.template },
      },
      medical: { conditions: values.join('\n'), medication: hostileStrings.markup, adviceIfUnwell: hostileStrings.lineEndings },
    };
    await settle(el);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect($<HTMLInputElement>(el, '#f--personal--name').value).to.equal(hostileStrings.markup);
    expect($<HTMLInputElement>(el, '#f--personal--address--postcode').value).to.equal(hostileStrings.script);
    expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
    expect($<HTMLInputElement>(el, '#f--personal--address--town').value).to.equal(hostileStrings.template);
    const errors = el.validate().errors;
    expect(errors).to.deep.equal([
      { pointer: '/personal/address/postcode', message: POSTCODE },
      { pointer: '/car/registration', message: REGISTRATION },
    ]);
    await settle(el);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    await goTo(el, 3);
    expect($<HTMLTextAreaElement>(el, '#f--medical--conditions').value).to.equal(values.join('\n').replace(/\r\n?/g, '\n'));
    expect((el.value.medical as Record<string, unknown>)['conditions']).to.equal(values.join('\n'));
    expect((el.value.medical as Record<string, unknown>)['adviceIfUnwell']).to.equal(hostileStrings.lineEndings);
    await goTo(el, 2);
    expect($<HTMLInputElement>(el, '#f--emergencyContacts--first--name').value).to.equal(hostileStrings.invisible);
    await expect(el).to.be.accessible();
  });

  it('keeps a megabyte of pasted text and says plainly it is too long', async () => {
    const el = await fixture<EmergencyContactForm>(Complete());
    await goTo(el, 3);
    const huge = 'x'.repeat(1024 * 1024);
    setInput(el, '#f--medical--adviceIfUnwell', huge);
    await settle(el);
    expect($(el, '#f--medical--adviceIfUnwell-error').textContent).to.match(/20,000 characters or fewer/);
    expect((el.value.medical as { adviceIfUnwell: string }).adviceIfUnwell.length).to.equal(huge.length);
    await goTo(el, 0);
    setInput(el, '#f--personal--mobileNumber', '0'.repeat(1024 * 1024));
    await settle(el);
    expect($(el, '#f--personal--mobileNumber-error').textContent).to.contain(MY_MOBILE);
    expect((el.value.personal as { mobileNumber: string }).mobileNumber.length).to.equal(1024 * 1024);
    await expect(el).to.be.accessible();
  });

  it('ignores __proto__, constructor, unknown keys and wrong types in a prefill', async () => {
    const el = await fixture<EmergencyContactForm>(Empty());
    el.initialValue = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "unknown": 1,' +
        ' "personal": {"__proto__": {"polluted": true}, "name": "Ok Name", "dateOfBirth": 19850327, "extra": true},' +
        ' "emergencyContacts": {"first": {"name": "Rowan Example", "mobileNumber": ["07700 900 982"], "constructor": 1}, "preferred": "both"},' +
        ' "car": "AB12 CDE"}',
    );
    await settle(el);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect((Object.prototype as Record<string, unknown>)['x']).to.equal(undefined);
    expect(el.value).to.deep.equal({ personal: { name: 'Ok Name' }, emergencyContacts: { first: { name: 'Rowan Example' } } });
    expect(Object.getPrototypeOf(el.value)).to.equal(Object.prototype);
    expect($<HTMLInputElement>(el, '#f--personal--name').value).to.equal('Ok Name');
  });



  it('shows answers without editing when read-only', async () => {
    const el = await fixture<EmergencyContactForm>(ReadOnly());
    expect(el.shadowRoot!.querySelector('#submit')).to.equal(null);
    // Read-only shows the record as "Check your answers" does: summary lists, no inputs.
    expect(el.shadowRoot!.querySelector('input, select, textarea')).to.equal(null);
    // "Name" is asked of the person and of each emergency contact: the key names which for screen readers (issue #13 item 8).
    const name = $$(el, '.summary-list__row').find((r) => r.querySelector('.summary-list__key')!.textContent!.trim() === 'Personal details: Name');
    expect(name!.querySelector('.summary-list__value')!.textContent!.trim()).to.equal(FAKE_STAFF);
  });

  it('puts every schema string on the page as text (no HTML from the schema)', async () => {
    const el = await fixture<EmergencyContactForm>(html`<emergency-contact-form></emergency-contact-form>`);
    expect(el.shadowRoot!.querySelector('a[href^="javascript"], img, script, iframe')).to.equal(null);
  });
});
