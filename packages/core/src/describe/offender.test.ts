import { expect } from '@open-wc/testing';
import {
  FAKE_OFFENDER,
  clothingOnlyDescription,
  completeDescription,
  fullDescription,
  hostileStrings,
  profiles,
} from '../../../../stories/fixtures/offender-description.js';
import { SchemaError } from '../errors.js';
import { offenderDescription } from '../generated/offender-description.js';
import { deref, optionsOf, schemaAt } from '../schema/resolve.js';
import type { FormSchema } from '../types.js';
import { validateWith } from '../validate/validate.js';
import { describeOffender, offenderDescriptionConfig, type OffenderDescriptionConfig } from './offender.js';

const root = offenderDescription.schema;

/**
 * The aid's prompts and options, section by section, in the document's words (SECAmb Violence &
 * Aggression Procedure, offender description aid, as extracted in seeds/001). Where the form words
 * one differently, the entry is [the document's words, ...what the schema says instead].
 */
const AID: Record<string, (string | [string, ...string[]])[]> = {
  person: [
    'It is often difficult to give an accurate description following an incident.',
    'This aid can be used either on its own or to assist you in writing a statement.',
    'Name (if known)',
    'Age',
    'actual if known otherwise an estimation of age / age range',
    'Male/Female',
    'Male',
    'Female',
    'Ethnic appearance',
    'European',
    'Afro Caribbean',
    'Asian',
    'Oriental',
    'Arab',
    'Other',
    'Skin tone',
    'Light',
    'Dark',
    'Height',
    'Tall',
    'Short',
    'Medium',
    'Build',
    ['Fat Heavy', 'Fat/Heavy'],
    'Stocky',
    'Broad',
    'Thin',
    'Slim',
    'Proportionate',
  ],
  face: [
    'Eye colour(s)',
    ['(glasses?)', 'Glasses?'],
    'Blue',
    'Brown',
    'Green',
    'Grey',
    'Hazel',
    'Pink',
    'Facial hair',
    'Moustache',
    ['Beard (long/short)', 'Beard (long)', 'Beard (short)'],
    'Goatee',
    'Shaped',
    'Stubble',
    'Sideburns',
    'Clean-shaven',
  ],
  hair: [
    'Hair colour',
    'Grey/greying',
    'Blond',
    'Brown',
    'Black',
    'Red',
    'Ginger',
    'Dark',
    'Light',
    'Hat',
    'Head Covering',
    'Hair length',
    'Bald',
    'Collar-length',
    'Cropped',
    'Receding',
    'Short',
    'Shaved',
    'Shoulder-length',
    'Very Long',
    'Hairstyle',
    'Straight',
    'Curly',
    'Untidy',
    'Bob',
    'Thinning',
    'Wig',
    'Dyed',
    'Streaked',
    'Highlights',
    'Afro',
    'Mohican',
    'Spiky',
    'Dreadlocks',
    'Ponytail',
    'Skinhead',
  ],
  accent: [
    'Accent',
    ['Strong or slight', 'Strong or slight', 'Strong', 'Slight'],
    'English',
    'Northern',
    'North East',
    'North West',
    'Liverpool',
    'Yorkshire',
    'Southern',
    'South East',
    'South West',
    'London',
    'Midlands',
    'Birmingham',
    'West Country',
    'East Anglia',
    'Welsh',
    'Scottish',
    'Glaswegian',
    'Irish',
    'Northern Irish',
    'European',
    'French',
    'German',
    'Spanish',
    'Italian',
    'East European',
    'African',
    'Asian',
    'American',
    'Australian',
    'Caribbean',
    'Oriental',
    'Other',
  ],
  marks: [
    'Marks/scars/abnormalities: Tattoos/piercings/jewellery',
    'Describe and state body position',
    ['Marks', 'Mark'],
    ['scars', 'Scar'],
    ['abnormalities', 'Abnormality'],
    ['Tattoos', 'Tattoo'],
    ['piercings', 'Piercing'],
    ['jewellery', 'Jewellery'],
    ['Describe', 'Describe'],
    ['state body position', 'Body position'],
  ],
  clothing: [
    'Clothing',
    'Colour / style / logos / slogans / numbers',
    'Jacket/coat',
    ['Top/t-shirt, etc', 'Top/t-shirt', 'Other'],
    'Trousers/skirt',
    'Shoes',
    ['Colour', 'Colour'],
    ['style', 'Style'],
    ['logos', 'Logos'],
    ['slogans', 'Slogans'],
    ['numbers', 'Numbers'],
  ],
};

/** Options that are the form's design, not the aid's (documented in the schema's $comment); Yes/No answer "(glasses?)". */
const OURS = new Set(['not known', 'actual age (if known)', 'estimation of age / age range', 'yes', 'no']);

/** Every title (field or option) and every hint or description in a section, lower case. */
function textsOf(section: string): { titles: Set<string>; prose: string[] } {
  const titles = new Set<string>();
  const prose: string[] = [];
  const visit = (node: FormSchema) => {
    const n = deref(root, node);
    if (n.title) titles.add(n.title.toLowerCase());
    for (const t of [n.description, n['x-ui']?.hint]) if (typeof t === 'string') prose.push(t.toLowerCase());
    for (const o of optionsOf(root, n)) titles.add(o.title.toLowerCase());
    for (const child of Object.values(n.properties ?? {})) visit(child);
    if (n.items) visit(n.items);
  };
  visit(schemaAt(root, [section])!);
  return { titles, prose };
}

describe('offender description schema: the aid, prompt by prompt', () => {
  it('has the sections of the aid, in its order', () => {
    expect(Object.keys(root.properties!)).to.deep.equal(Object.keys(AID));
  });

  for (const [section, prompts] of Object.entries(AID)) {
    it(`has every prompt and option of the aid in section "${section}"`, () => {
      const { titles, prose } = textsOf(section);
      for (const entry of prompts) {
        const [words, ...inSchema] = Array.isArray(entry) ? entry : [entry, entry];
        for (const wanted of inSchema.length ? inSchema : [words]) {
          const w = wanted.toLowerCase();
          const found = titles.has(w) || prose.some((p) => p.includes(w));
          expect(found, `"${words}" (as "${wanted}") in section ${section}`).to.equal(true);
        }
      }
    });
  }

  it('offers no option the aid does not list (except our "Not known" and the age kinds)', () => {
    const aid = new Set(
      Object.values(AID)
        .flat()
        .flatMap((e) => (Array.isArray(e) ? e : [e]))
        .map((s) => s.toLowerCase()),
    );
    const offered: string[] = [];
    const visit = (node: FormSchema) => {
      const n = deref(root, node);
      offered.push(...optionsOf(root, n).map((o) => o.title.toLowerCase()));
      for (const child of Object.values(n.properties ?? {})) visit(child);
      if (n.items) visit(n.items);
    };
    visit(root);
    expect(offered.length).to.be.greaterThan(100);
    expect(offered.filter((o) => !aid.has(o) && !OURS.has(o))).to.deep.equal([]);
  });

  it('cites the aid on every property and gives every string a maxLength', () => {
    const visit = (node: FormSchema, where: string) => {
      const n = deref(root, node);
      if (n.type === 'string' && !n.oneOf) expect(n.maxLength, where).to.be.a('number');
      for (const [key, child] of Object.entries(n.properties ?? {})) {
        expect(deref(root, child).$comment, `${where}/${key}`).to.match(/SECAmb Violence & Aggression Procedure, offender description aid/);
        expect(deref(root, child).title, `${where}/${key}`).to.be.a('string');
        visit(child, `${where}/${key}`);
      }
      if (n.items) visit(n.items, `${where}/items`);
    };
    visit(root, '');
  });

  it('accepts every profile of the fixtures, and asks only for Male/Female when empty', () => {
    for (const [name, data] of Object.entries(profiles)) {
      expect(validateWith(offenderDescription, data).errors, name).to.deep.equal([]);
    }
    expect(validateWith(offenderDescription, {}).errors).to.deep.equal([{ pointer: '/person/sex', message: 'Select male, female or not known' }]);
  });

  it('asks for the free text when "Other" is chosen, and for the age that was chosen', () => {
    const errors = validateWith(offenderDescription, {
      person: { sex: 'male', age: 'estimated', ethnicAppearance: 'other' },
      accent: { origin: 'other' },
      clothing: { items: [{ garment: 'other' }, {}] },
      marks: { items: [{ detail: 'rose' }] },
    }).errors;
    expect(errors).to.deep.equal([
      { pointer: '/person/ageFrom', message: 'Enter the estimated age' },
      { pointer: '/person/ethnicAppearanceOther', message: 'Enter the ethnic appearance' },
      { pointer: '/accent/otherAccent', message: 'Enter the accent' },
      { pointer: '/marks/items/0/kind', message: 'Select whether it is a mark, scar, abnormality, tattoo, piercing or jewellery' },
      { pointer: '/clothing/items/0/garmentOther', message: 'Enter the item of clothing' },
      { pointer: '/clothing/items/1/garment', message: 'Select the item of clothing' },
    ]);
  });

  it('takes clean-shaven on its own only', () => {
    const errors = validateWith(offenderDescription, { person: { sex: 'male' }, face: { facialHair: ['clean-shaven', 'stubble'] } }).errors;
    expect(errors).to.deep.equal([{ pointer: '/face/facialHair', message: 'Select clean-shaven on its own, or only the facial hair you saw' }]);
    expect(validateWith(offenderDescription, { person: { sex: 'male' }, face: { facialHair: ['clean-shaven'] } }).valid).to.equal(true);
  });
});

describe('describeOffender: the paragraph for a statement', () => {
  const EXPECTED: Record<keyof typeof profiles, string> = {
    minimal: 'A man.',
    full:
      `A man named ${FAKE_OFFENDER}, aged 34, of European appearance with light skin, tall and of stocky build. ` +
      'He had blue eyes and was wearing glasses. He had a short beard and sideburns. His hair was brown, short, curly and in a ponytail. ' +
      'He was wearing a hat. He spoke with a strong Liverpool accent. ' +
      'He had a tattoo (red rose; body position: left forearm) and a scar (body position: right cheek). ' +
      'He was wearing a jacket/coat (black puffer; logos: white tick on the chest; numbers: 23), trousers/skirt (blue jeans) and shoes (white trainers).',
    estimatedRange: 'A man aged about 30 to 35, tall and of stocky build.',
    actualAge: 'A man aged 32, tall and of stocky build.',
    femaleJewellery:
      'A woman aged about 20, with dark skin, short and of slim build. She had brown eyes and was not wearing glasses. ' +
      'Her hair was black, shoulder-length, straight and highlighted. ' +
      'She had a piercing (silver stud; body position: left nostril), jewellery (gold hoop earrings; body position: both ears) ' +
      'and jewellery (chunky silver ring; body position: right hand, index finger).',
    marksAndClothing:
      'A man aged about 40 to 50, of broad build. He was clean-shaven. He was bald. ' +
      'He had a tattoo (spider web; body position: left elbow), a tattoo (the word "MUM"; body position: right knuckles), ' +
      'a scar (about 5 cm, straight; body position: above the left eye) and an abnormality (limp; body position: right leg). ' +
      'He was wearing a top/t-shirt (red and white football shirt; logos: club badge; slogans: ALE HOUSE; numbers: 9), ' +
      'a jacket/coat (khaki parka), trousers/skirt (grey tracksuit bottoms) and shoes (black boots).',
    clothingOnly: 'The person was wearing a top/t-shirt (grey hoodie; slogans: NO FEAR) and baseball cap (red).',
    other:
      'A person of Mixed heritage appearance, of medium height. They spoke with a slight accent (Brazilian). ' +
      'They were wearing high-visibility tabard (yellow; numbers: STEWARD 14).',
  };

  for (const [name, data] of Object.entries(profiles) as [keyof typeof profiles, unknown][]) {
    it(`writes the ${name} profile exactly`, () => {
      const d = describeOffender(data);
      expect(d.paragraph).to.equal(EXPECTED[name]);
      expect(d.summary).to.equal(EXPECTED[name]);
      expect(d.title).to.equal('Description');
      expect(d.empty).to.equal(false);
      expect(d.parts.map((p) => p.text).join('')).to.equal(d.paragraph);
    });
  }

  it('is a ResultSummary the generic panel can show, with the empty text while nothing is described', () => {
    for (const data of [{}, undefined, null, 'nonsense', 42, [], { person: null }, { person: { sex: 'not-known' } }, { person: { sex: 'alien' } }]) {
      const d = describeOffender(data);
      expect(d.title, JSON.stringify(data)).to.equal('Description');
      expect(d.summary).to.equal('Nothing described yet. The description for your statement appears here as you answer.');
      expect(d.paragraph).to.equal('');
      expect(d.parts).to.deep.equal([]);
      expect(d.empty).to.equal(true);
      expect(d.actions).to.equal(undefined);
      expect(d.crisis).to.equal(undefined);
    }
  });

  it('puts the estimated age range in order and says "about"; an actual age is exact', () => {
    const est = (ageFrom?: unknown, ageTo?: unknown) => describeOffender({ person: { sex: 'female', age: 'estimated', ageFrom, ageTo } }).paragraph;
    expect(est(30, 35)).to.equal('A woman aged about 30 to 35.');
    expect(est(35, 30)).to.equal('A woman aged about 30 to 35.');
    expect(est(30, 30)).to.equal('A woman aged about 30.');
    expect(est(30)).to.equal('A woman aged about 30.');
    expect(est(undefined, 35)).to.equal('A woman aged up to about 35.');
    expect(describeOffender({ person: { sex: 'female', age: 'actual', ageActual: 0 } }).paragraph).to.equal('A woman aged 0.');
  });

  it('never invents: hidden, invalid and blank answers are left out', () => {
    const d = describeOffender({
      person: {
        sex: 'male',
        // hidden: the age given as an estimate, so the actual age is not shown and not used
        age: 'estimated',
        ageActual: 34,
        ageFrom: 'thirty',
        ageTo: 130.5,
        ethnicAppearance: 'martian',
        ethnicAppearanceOther: 'hidden because ethnic appearance is not Other',
        height: 'giant',
        name: '   ',
      },
      face: { eyeColour: ['blue', 'purple', 7, 'blue'], glasses: 'maybe' },
      hair: { hairColour: 'brown', hairStyle: null },
      accent: { origin: 'english', europeanRegion: 'french', otherAccent: 'hidden' },
      marks: { items: [{}, { kind: 'sticker' }, null, 'x'] },
      clothing: { items: [{ garment: 'cape' }, { garment: 'other' }, { colour: ' ' }] },
    });
    expect(d.paragraph).to.equal('A man. He had blue eyes. He spoke with an English accent.');
  });

  it('describes a mark or clothing whose kind is not chosen yet without guessing it', () => {
    expect(
      describeOffender({ marks: { items: [{ detail: 'rose', position: 'neck' }] }, clothing: { items: [{ colour: 'green' }] } }).paragraph,
    ).to.equal('The person had a mark or feature (rose; body position: neck). They were wearing clothing (green).');
  });

  it('uses "They ... were" for a person whose sex is not known, and "The person" when nobody was introduced', () => {
    expect(describeOffender({ person: { sex: 'not-known', height: 'tall' }, face: { eyeColour: ['grey'], glasses: 'yes' } }).paragraph).to.equal(
      'A person, tall. They had grey eyes and were wearing glasses.',
    );
    expect(describeOffender({ face: { eyeColour: ['grey'], glasses: 'yes' } }).paragraph).to.equal('The person had grey eyes and was wearing glasses.');
    expect(describeOffender({ hair: { hairColour: ['dark', 'grey'], hairStyle: ['wig'] } }).paragraph).to.equal(
      "The person's hair was dark and grey or greying. They were wearing a wig.",
    );
  });

  it('writes every accent group with its region as the aid groups them', () => {
    const accent = (a: Record<string, unknown>) => describeOffender({ person: { sex: 'female' }, accent: a }).paragraph.replace('A woman. ', '');
    expect(accent({ strength: 'slight', origin: 'scottish', scottishRegion: ['glaswegian'] })).to.equal('She spoke with a slight Glaswegian accent.');
    expect(accent({ origin: 'irish', irishRegion: ['northern-irish'] })).to.equal('She spoke with a Northern Irish accent.');
    expect(accent({ origin: 'irish' })).to.equal('She spoke with an Irish accent.');
    expect(accent({ origin: 'european', europeanRegion: 'east-european' })).to.equal('She spoke with an East European accent.');
    expect(accent({ origin: 'european' })).to.equal('She spoke with a European accent.');
    expect(accent({ origin: 'english', englishRegion: 'east-anglia' })).to.equal('She spoke with an East Anglian accent.');
    expect(accent({ origin: 'welsh', strength: 'strong' })).to.equal('She spoke with a strong Welsh accent.');
    expect(accent({ strength: 'strong' })).to.equal('She spoke with a strong accent.');
    expect(accent({ origin: 'other', otherAccent: 'Brazilian' })).to.equal('She spoke with an accent (Brazilian).');
  });

  it('writes every option of every choice with its phrase or its title', () => {
    const config = offenderDescriptionConfig();
    const fields: [string, string, (code: string) => unknown][] = [
      ['/person/height', 'height', (c) => ({ person: { sex: 'male', height: c } })],
      ['/person/build', 'build', (c) => ({ person: { sex: 'male', build: c } })],
      ['/person/ethnicAppearance', 'ethnicAppearance', (c) => ({ person: { sex: 'male', ethnicAppearance: c } })],
      ['/person/skinTone', 'skinTone', (c) => ({ person: { sex: 'male', skinTone: c } })],
      ['/face/eyeColour', 'eyeColour', (c) => ({ face: { eyeColour: [c] } })],
      ['/face/facialHair', 'facialHair', (c) => ({ face: { facialHair: [c] } })],
      ['/hair/hairColour', 'hairColour', (c) => ({ hair: { hairColour: [c] } })],
      ['/hair/hairLength', 'hairLength', (c) => ({ hair: { hairLength: c } })],
      ['/hair/hairStyle', 'hairStyle', (c) => ({ hair: { hairStyle: [c] } })],
      ['/accent/strength', 'strength', (c) => ({ accent: { strength: c } })],
      ['/accent/origin', 'origin', (c) => ({ accent: { origin: c } })],
      ['/accent/englishRegion', 'englishRegion', (c) => ({ accent: { origin: 'english', englishRegion: c } })],
      ['/accent/europeanRegion', 'europeanRegion', (c) => ({ accent: { origin: 'european', europeanRegion: c } })],
      ['/marks/items/0/kind', 'markKind', (c) => ({ marks: { items: [{ kind: c }] } })],
      ['/clothing/items/0/garment', 'garment', (c) => ({ clothing: { items: [{ garment: c }] } })],
    ];
    let checked = 0;
    for (const [pointer, group, data] of fields) {
      for (const o of optionsOf(root, schemaAt(root, pointer)!)) {
        if (o.value === 'other') continue;
        const words = config.phrases[group]?.[String(o.value)] ?? o.title;
        expect(describeOffender(data(String(o.value))).paragraph, `${pointer} ${String(o.value)}`).to.contain(words);
        checked++;
      }
    }
    expect(checked).to.be.greaterThan(100);
  });

  it('puts hostile values in as text, exactly, and marks them as the user\'s', () => {
    const values = Object.values(hostileStrings);
    const d = describeOffender({
      person: { sex: 'male', name: values[0], ethnicAppearance: 'other', ethnicAppearanceOther: values[1] },
      accent: { origin: 'other', otherAccent: values[2] },
      marks: { items: [{ kind: 'tattoo', detail: values[3], position: values[4] }] },
      clothing: { items: [{ garment: 'other', garmentOther: values[5], colour: values[6], logos: values[7] }] },
    });
    for (const v of values) {
      expect(d.paragraph).to.contain(v);
      expect(d.parts.filter((p) => p.answer).map((p) => p.text)).to.include(v);
    }
    expect(d.paragraph).not.to.contain('49');
    expect(d.parts.filter((p) => !p.answer).some((p) => /[<>{}]/.test(p.text))).to.equal(false);
    expect(d.paragraph.startsWith(`A man named ${hostileStrings.markup}, of ${hostileStrings.script} appearance.`)).to.equal(true);
  });

  it('ignores __proto__ and constructor keys and does not touch Object.prototype', () => {
    const data = JSON.parse('{"__proto__": {"person": {"sex": "male"}}, "constructor": {"prototype": {"x": 1}}, "person": {"sex": "female", "__proto__": {"height": "tall"}}, "accent": {"origin": "constructor"}}');
    expect(describeOffender(data).paragraph).to.equal('A woman.');
    expect(({} as Record<string, unknown>)['person']).to.equal(undefined);
  });

  it('keeps a megabyte of typed text whole', () => {
    const huge = 'x'.repeat(1024 * 1024);
    const d = describeOffender({ ...clothingOnlyDescription, clothing: { items: [{ garment: 'top', logos: huge }] } });
    expect(d.paragraph).to.equal(`The person was wearing a top/t-shirt (logos: ${huge}).`);
  });

  it('takes its wording from x-scoring, so an organisation can change it', () => {
    const base = offenderDescriptionConfig();
    const config: OffenderDescriptionConfig = {
      ...base,
      title: 'Offender description',
      subjects: { ...base.subjects, male: 'A male' },
      phrases: { ...base.phrases, build: { ...base.phrases['build'], 'fat-heavy': 'of fat/heavy build' } },
    };
    const d = describeOffender({ person: { sex: 'male', build: 'fat-heavy' } }, config);
    expect(d.title).to.equal('Offender description');
    expect(d.paragraph).to.equal('A male, of fat/heavy build.');
    // An option without a phrase is written with its title.
    const noPhrases = describeOffender({ person: { sex: 'male', build: 'stocky' } }, { ...base, phrases: {} });
    expect(noPhrases.paragraph).to.equal('A man, Stocky.');
  });

  it('refuses a malformed x-scoring with a SchemaError', () => {
    for (const bad of [null, 42, {}, { title: 'x', empty: 'y', subjects: { male: 'A man' }, phrases: {} }, { ...offenderDescriptionConfig(), phrases: { build: { stocky: 3 } } }]) {
      expect(() => offenderDescriptionConfig(bad), JSON.stringify(bad)).to.throw(SchemaError);
    }
    expect(offenderDescriptionConfig()).to.have.property('title', 'Description');
  });

  it('describes the complete fixture the form contract submits', () => {
    expect(describeOffender(completeDescription).paragraph).to.equal(describeOffender(fullDescription).paragraph);
  });
});
