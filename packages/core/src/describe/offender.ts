/**
 * `describeOffender`: the South East Coast Ambulance Service NHS FT offender description aid
 * (Violence & Aggression Procedure, seeds/001) turned into a plain-English paragraph for a statement,
 * as a pure function of the offender description answers.
 *
 * It writes only what was answered and never fills a gap: an unanswered question, a hidden one (its
 * `showIf` is false), an answer that is not one of the schema's options, an age that is not a whole
 * number from 0 to 120, or text that is only spaces is left out, not guessed. What the user typed
 * goes in as typed (ends trimmed, so a stray space cannot break the punctuation); it is marked in
 * `parts` so a renderer can isolate it (`<bdi>`) and a right-to-left override in a name cannot
 * reorder the rest of the paragraph. The paragraph is plain text: rendering it as HTML is the
 * caller's mistake, and the element never does.
 *
 * Sentence order follows the aid: the person (name, age, sex, ethnic appearance, skin tone, height,
 * build), eyes and glasses, facial hair, hair, accent, marks, clothing. The words for each option
 * come from the schema's `x-scoring.phrases` (an option without a phrase is written with its title),
 * so an organisation can change the wording without touching code; the grammar is here.
 */
import { SchemaError } from '../errors.js';
// The schema only: the form's validator stays out of the scorer's chunk (it loads on demand in the elements).
import { offenderDescriptionOnDemand as offenderDescription } from '../generated/offender-description.on-demand.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import { answersAsSubmitted } from '../schema/submitted.js';
import type { ResultSummary } from '../score/result.js';
import type { FormSchema } from '../types.js';

export type OffenderSex = 'male' | 'female' | 'not-known';

/** The wording of the description, from the schema's `x-scoring`. */
export interface OffenderDescriptionConfig {
  /** The result's title ("Description"). */
  title: string;
  /** The summary while nothing is described yet. */
  empty: string;
  /** How the paragraph starts, by the answer to Male/Female ("A man", "A woman", "A person"). */
  subjects: Record<OffenderSex, string>;
  /** The words for each option, by phrase group, then by option code. */
  phrases: Record<string, Record<string, string>>;
}

/** One piece of the paragraph; `answer` marks text the user typed. */
export interface DescriptionPart {
  text: string;
  answer?: true;
}

/** The description, shaped so the generic result panel can show it. */
export interface OffenderDescription extends ResultSummary {
  title: string;
  /** The paragraph, or the `empty` text while nothing is described. */
  summary: string;
  /** The paragraph for the statement; '' while nothing is described. */
  paragraph: string;
  /** The paragraph in pieces, in order; joined, they are exactly `paragraph`. */
  parts: DescriptionPart[];
  /** True while nothing is described. */
  empty: boolean;
}

type Piece = DescriptionPart;
type Phrase = Piece[];

const plain = (text: string): Phrase => [{ text }];
const typed = (text: string): Phrase => [{ text, answer: true }];
const cat = (...phrases: (Phrase | string)[]): Phrase => phrases.flatMap((p) => (typeof p === 'string' ? plain(p) : p));

/** "a", "a and b", "a, b and c". */
function list(items: Phrase[], separator = ', ', last = ' and '): Phrase {
  return items.flatMap((item, i) => (i === 0 ? item : cat(i === items.length - 1 ? last : separator, item)));
}

/** "a" or "an" before a fixed phrase (never before typed text: the paragraph avoids needing one). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) && !/^(eu|uni|use|usu|uk|one)/i.test(word) ? 'an' : 'a';
}

function isSex(value: unknown): value is OffenderSex {
  return value === 'male' || value === 'female' || value === 'not-known';
}

/** Reads and checks `x-scoring` of the offender description schema. */
export function offenderDescriptionConfig(scoring: unknown = offenderDescription.schema['x-scoring']): OffenderDescriptionConfig {
  const c = scoring as Partial<OffenderDescriptionConfig> | undefined;
  if (!c || typeof c !== 'object' || typeof c.title !== 'string' || typeof c.empty !== 'string' || !c.subjects || !c.phrases) {
    throw new SchemaError('describeOffender: x-scoring needs title, empty, subjects and phrases');
  }
  for (const sex of ['male', 'female', 'not-known'] as const) {
    if (typeof c.subjects[sex] !== 'string') throw new SchemaError(`describeOffender: x-scoring.subjects.${sex} is missing`);
  }
  for (const [group, phrases] of Object.entries(c.phrases)) {
    if (!phrases || typeof phrases !== 'object' || Object.values(phrases).some((p) => typeof p !== 'string')) {
      throw new SchemaError(`describeOffender: x-scoring.phrases.${group} must map option codes to text`);
    }
  }
  return c as OffenderDescriptionConfig;
}

let defaultConfig: OffenderDescriptionConfig | undefined;

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const own = (o: Obj, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

/** Typed text as it goes into the paragraph: a string with something other than spaces, ends trimmed. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function age(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 120 ? value : undefined;
}

/** The accent group's region question, by accent group (as the aid groups them). */
const REGIONS: ReadonlyMap<unknown, string> = new Map([
  ['english', 'englishRegion'],
  ['scottish', 'scottishRegion'],
  ['irish', 'irishRegion'],
  ['european', 'europeanRegion'],
]);

/** Who the sentences are about: "He ... was", "They ... were"; "The person" first when nobody was introduced. */
class Voice {
  private introduced: boolean;
  constructor(
    private readonly sex: OffenderSex | undefined,
    introduced: boolean,
  ) {
    this.introduced = introduced;
  }
  private use<T>(first: T, male: T, female: T, other: T): T {
    if (!this.introduced) {
      this.introduced = true;
      return first;
    }
    return this.sex === 'male' ? male : this.sex === 'female' ? female : other;
  }
  /** "He was", "She was", "They were", or "The person was". */
  was(): string {
    return this.use('The person was', 'He was', 'She was', 'They were');
  }
  /** "He had", "They had", or "The person had". */
  had(): string {
    return this.use('The person had', 'He had', 'She had', 'They had');
  }
  spoke(): string {
    return this.use('The person spoke', 'He spoke', 'She spoke', 'They spoke');
  }
  /** "His hair", "Their hair", or "The person's hair". */
  hair(): string {
    return this.use("The person's hair", 'His hair', 'Her hair', 'Their hair');
  }
}

/**
 * Writes the description paragraph for whatever was answered.
 * @param data the offender description answers (possibly incomplete, possibly from an untrusted prefill)
 * @param config the wording; defaults to the offender description schema's `x-scoring`
 * @returns a `ResultSummary` with the paragraph as `summary` (or the `empty` text), `paragraph` and `parts`
 */
export function describeOffender(data: unknown, config?: OffenderDescriptionConfig): OffenderDescription {
  const cfg = config ?? (defaultConfig ??= offenderDescriptionConfig());
  const root: FormSchema = offenderDescription.schema;
  // A form's snapshot (already as submitted) is read as it is; raw answers are pruned here.
  const answers = obj(answersAsSubmitted(root, obj(data)));

  /** The phrase for an option code of the field at `pointer`; undefined when the code is not one of its options. */
  const option = (group: string, pointer: string, code: unknown): string | undefined => {
    if (typeof code !== 'string') return undefined;
    const field = schemaAt(root, pointer);
    const found = field ? optionsOf(root, field).find((o) => o.value === code) : undefined;
    if (!found) return undefined;
    const phrases = cfg.phrases[group];
    const phrase = phrases && Object.prototype.hasOwnProperty.call(phrases, code) ? phrases[code] : undefined;
    return phrase ?? found.title;
  };
  /** The codes of a multiple choice that are real options, once each, in the order given. */
  const codes = (pointer: string, value: unknown): string[] => {
    if (!Array.isArray(value)) return [];
    const field = schemaAt(root, pointer);
    const valid = new Set(field ? optionsOf(root, field).map((o) => o.value) : []);
    return [...new Set(value.filter((v): v is string => typeof v === 'string' && valid.has(v)))];
  };

  const person = obj(own(answers, 'person'));
  const face = obj(own(answers, 'face'));
  const hair = obj(own(answers, 'hair'));
  const accent = obj(own(answers, 'accent'));
  const sentences: Phrase[] = [];

  // The person: "A man named ..., aged about 30 to 35, of European appearance with light skin, tall and of stocky build."
  const rawSex = own(person, 'sex');
  const sex = isSex(rawSex) ? rawSex : undefined;
  const details: Phrase[] = [];
  const name = text(own(person, 'name'));
  if (name) details.push(cat('named ', typed(name)));
  const ageKind = own(person, 'age');
  if (ageKind === 'actual') {
    const actual = age(own(person, 'ageActual'));
    if (actual !== undefined) details.push(plain(`aged ${actual}`));
  } else if (ageKind === 'estimated') {
    const from = age(own(person, 'ageFrom'));
    const to = age(own(person, 'ageTo'));
    if (from !== undefined && to !== undefined && from !== to) details.push(plain(`aged about ${Math.min(from, to)} to ${Math.max(from, to)}`));
    else if (from !== undefined) details.push(plain(`aged about ${from}`));
    else if (to !== undefined) details.push(plain(`aged up to about ${to}`));
  }
  const ethnic = own(person, 'ethnicAppearance');
  const ethnicText = ethnic === 'other' ? text(own(person, 'ethnicAppearanceOther')) : undefined;
  const ethnicWords = ethnicText ? typed(ethnicText) : ethnic === 'other' ? undefined : option('ethnicAppearance', '/person/ethnicAppearance', ethnic);
  const skin = option('skinTone', '/person/skinTone', own(person, 'skinTone'));
  const appearance: Phrase[] = [];
  if (ethnicWords) appearance.push(cat('of ', ethnicWords, ' appearance'));
  if (skin) appearance.push(plain(`with ${skin}`));
  if (appearance.length) details.push(list(appearance, ' ', ' '));
  const stature = [option('height', '/person/height', own(person, 'height')), option('build', '/person/build', own(person, 'build'))].filter(
    (s): s is string => !!s,
  );
  const statureFirst = details.length === 0 && stature.length > 0;
  if (stature.length) details.push(plain(stature.join(' and ')));
  const introduced = details.length > 0 || sex === 'male' || sex === 'female';
  if (introduced) {
    const subject = cfg.subjects[sex ?? 'not-known'];
    sentences.push(details.length ? cat(subject, statureFirst ? ', ' : ' ', list(details, ', ', ', '), '.') : plain(`${subject}.`));
  }
  const voice = new Voice(sex, introduced);

  // Eyes and glasses.
  const eyes = codes('/face/eyeColour', own(face, 'eyeColour')).map((c) => option('eyeColour', '/face/eyeColour', c)!);
  const glasses = own(face, 'glasses');
  const wearing = glasses === 'yes' ? 'wearing glasses' : glasses === 'no' ? 'not wearing glasses' : undefined;
  if (eyes.length) {
    const had = voice.had();
    const was = had.startsWith('They') ? 'were' : 'was';
    sentences.push(cat(had, ' ', list(eyes.map(plain)), ' eyes', wearing ? ` and ${was} ${wearing}` : '', '.'));
  } else if (wearing) {
    sentences.push(plain(`${voice.was()} ${wearing}.`));
  }

  // Facial hair.
  const facial = codes('/face/facialHair', own(face, 'facialHair'));
  const growth = facial.filter((c) => c !== 'clean-shaven').map((c) => option('facialHair', '/face/facialHair', c)!);
  if (growth.length) sentences.push(cat(voice.had(), ' ', list(growth.map(plain)), '.'));
  if (facial.includes('clean-shaven')) sentences.push(plain(`${voice.was()} ${option('facialHair', '/face/facialHair', 'clean-shaven')}.`));

  // Hair: bald, then colour, length and style, then anything worn on or as the hair.
  const WORN = new Set(['hat', 'head-covering', 'wig']);
  const length = own(hair, 'hairLength');
  if (length === 'bald') sentences.push(plain(`${voice.was()} ${option('hairLength', '/hair/hairLength', 'bald')}.`));
  const colourCodes = codes('/hair/hairColour', own(hair, 'hairColour'));
  const styleCodes = codes('/hair/hairStyle', own(hair, 'hairStyle'));
  const colours = colourCodes.filter((c) => !WORN.has(c)).map((c) => option('hairColour', '/hair/hairColour', c)!);
  const descriptors: string[] = [];
  if (colours.length) descriptors.push(colours.join(' and '));
  const lengthWords = length === 'bald' ? undefined : option('hairLength', '/hair/hairLength', length);
  if (lengthWords) descriptors.push(lengthWords);
  descriptors.push(...styleCodes.filter((c) => !WORN.has(c)).map((c) => option('hairStyle', '/hair/hairStyle', c)!));
  if (descriptors.length) sentences.push(cat(voice.hair(), ' was ', list(descriptors.map(plain)), '.'));
  const worn = [
    ...colourCodes.filter((c) => WORN.has(c)).map((c) => option('hairColour', '/hair/hairColour', c)!),
    ...styleCodes.filter((c) => WORN.has(c)).map((c) => option('hairStyle', '/hair/hairStyle', c)!),
  ];
  if (worn.length) sentences.push(cat(voice.was(), ' wearing ', list(worn.map(plain)), '.'));

  // Accent: "a strong Liverpool accent", or "a slight accent (Brazilian)" for Other.
  const strength = option('strength', '/accent/strength', own(accent, 'strength'));
  const origin = own(accent, 'origin');
  const regionPointer = REGIONS.get(origin);
  let place: string | undefined;
  if (regionPointer) {
    const raw = own(accent, regionPointer);
    const region = Array.isArray(raw) ? codes(`/accent/${regionPointer}`, raw)[0] : raw;
    place = option(regionPointer, `/accent/${regionPointer}`, region);
  }
  if (origin !== 'other') place ??= option('origin', '/accent/origin', origin);
  const otherAccent = origin === 'other' ? text(own(accent, 'otherAccent')) : undefined;
  if (strength || place || otherAccent) {
    const words = [strength, place].filter((w): w is string => !!w);
    const first = words[0] ?? 'accent';
    sentences.push(cat(voice.spoke(), ` with ${article(first)} `, [...words, 'accent'].join(' '), otherAccent ? cat(' (', typed(otherAccent), ')') : '', '.'));
  }

  // Marks, scars, abnormalities, tattoos, piercings and jewellery: "a tattoo (red rose; body position: left forearm)".
  const markItems = own(obj(own(answers, 'marks')), 'items');
  const marks = (Array.isArray(markItems) ? markItems : []).flatMap((raw, i) => {
    const item = obj(raw);
    const kind = option('markKind', `/marks/items/${i}/kind`, own(item, 'kind'));
    const detail = text(own(item, 'detail'));
    const position = text(own(item, 'position'));
    if (!kind && !detail && !position) return [];
    const noun = kind ?? cfg.phrases['markKind']?.['unknown'] ?? 'a mark or feature';
    const inside: Phrase[] = [];
    if (detail) inside.push(typed(detail));
    if (position) inside.push(cat('body position: ', typed(position)));
    return [cat(noun, inside.length ? cat(' (', list(inside, '; ', '; '), ')') : '')];
  });
  if (marks.length) sentences.push(cat(voice.had(), ' ', list(marks), '.'));

  // Clothing: "a jacket/coat (black puffer; logos: white tick on the chest)".
  const clothingItems = own(obj(own(answers, 'clothing')), 'items');
  const clothes = (Array.isArray(clothingItems) ? clothingItems : []).flatMap((raw, i) => {
    const item = obj(raw);
    const garment = own(item, 'garment');
    const otherGarment = garment === 'other' ? text(own(item, 'garmentOther')) : undefined;
    const named = garment === 'other' ? undefined : option('garment', `/clothing/items/${i}/garment`, garment);
    const look = [text(own(item, 'colour')), text(own(item, 'style'))].filter((w): w is string => !!w);
    const inside: Phrase[] = [];
    if (look.length) inside.push(list(look.map(typed), ' ', ' '));
    for (const [key, label] of [
      ['logos', 'logos: '],
      ['slogans', 'slogans: '],
      ['numbers', 'numbers: '],
    ] as const) {
      const value = text(own(item, key));
      if (value) inside.push(cat(label, typed(value)));
    }
    if (!named && !otherGarment && !inside.length) return [];
    const noun = otherGarment ? typed(otherGarment) : plain(named ?? cfg.phrases['garment']?.['unknown'] ?? 'clothing');
    return [cat(noun, inside.length ? cat(' (', list(inside, '; ', '; '), ')') : '')];
  });
  if (clothes.length) sentences.push(cat(voice.was(), ' wearing ', list(clothes), '.'));

  const parts = merge(list(sentences, ' ', ' '));
  const paragraph = parts.map((p) => p.text).join('');
  return {
    title: cfg.title,
    summary: paragraph || cfg.empty,
    paragraph,
    parts,
    empty: paragraph === '',
  };
}

/** Joins neighbouring plain pieces, so `parts` is short: plain, answer, plain, ... */
function merge(pieces: Phrase): Phrase {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.text === '') continue;
    const last = out[out.length - 1];
    if (last && !last.answer && !piece.answer) last.text += piece.text;
    else out.push({ ...piece });
  }
  return out;
}
