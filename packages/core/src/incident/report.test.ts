/**
 * The incident report's data (#17) after the offender description aid was embedded and the victims'
 * protected characteristics added: reports sent before still validate, the aid inside the report means
 * what it means on its own, and neither changes the routes of action.
 */
import { expect } from '@open-wc/testing';
import { incidentsBeforeTheAid, offenderAidWithErrors, offenderSeenAssault, physicalAssault, severalVictims } from '../../../../stories/fixtures/incident-report.js';
import { incidentReport } from '../generated/incident-report.js';
import { offenderDescription } from '../generated/offender-description.js';
import { getAt, setAt } from '../pointer.js';
import { optionsOf, schemaAt } from '../schema/resolve.js';
import { answersAsSubmitted } from '../schema/submitted.js';
import { classifyIncident } from '../score/incident.js';
import { pick, prng } from '../testing/random.js';
import { validateWith } from '../validate/validate.js';

const SCHEMA = incidentReport.schema;
const AID = '/offender/descriptionAid';
/** The codes the quarterly report counts (a server helper reads exactly these): never renamed. */
const PROTECTED = ['age', 'disability', 'race', 'religion-belief', 'gender-reassignment', 'sexual-orientation', 'sex', 'marriage-civil-partnership', 'pregnancy-maternity', 'prefer-not-to-say'];
const PHYSICAL = ['physical-assault-general', 'physical-assault-sexual', 'physical-assault-homophobic', 'physical-assault-racial-religious'];
const SUB_CATEGORIES = optionsOf(SCHEMA, schemaAt(SCHEMA, '/category/subCategory')!).map((o) => o.value as string);

/** A random answer to every question of the description aid, some left out, some hidden by another answer. */
function randomAid(random: () => number): Record<string, unknown> {
  const aid: Record<string, unknown> = {};
  const walk = (pointer: string) => {
    const node = schemaAt(offenderDescription.schema, pointer)!;
    const options = optionsOf(offenderDescription.schema, node);
    if (node.type === 'object' && node.properties) {
      for (const key of Object.keys(node.properties)) if (random() < 0.7) walk(`${pointer}/${key}`);
      return;
    }
    let value: unknown;
    if (node.type === 'array' && node.items && !options.length) {
      const n = Math.floor(random() * 3);
      for (let i = 0; i < n; i++) walk(`${pointer}/${i}`);
      return;
    }
    if (node.type === 'array') value = options.filter(() => random() < 0.3).map((o) => o.value);
    else if (options.length) value = pick(random, options).value;
    else if (node.type === 'integer') value = Math.floor(random() * 90);
    else value = pick(random, ['Grey', 'Left forearm', 'Dutch', '<b>x</b>', 'Z\u0335a\u0338']);
    Object.assign(aid, setAt(aid, pointer, value));
  };
  walk('');
  return aid;
}

describe('the incident report\u2019s data: the offender description aid and protected characteristics', () => {
  it('still accepts every report sent before them, at the same version', () => {
    expect(incidentReport.version).to.equal('1.0.0');
    for (const data of incidentsBeforeTheAid) expect(validateWith(incidentReport, data)).to.deep.equal({ valid: true, errors: [] });
    // Exactly as the 1.0.0 form sent the offender: details known and a free-text description.
    expect(validateWith(incidentReport, setAt(physicalAssault, '/offender', { detailsKnown: 'no', description: 'Tall, grey hoodie.' })).valid).to.equal(true);
    for (const data of [offenderSeenAssault, severalVictims]) expect(validateWith(incidentReport, data)).to.deep.equal({ valid: true, errors: [] });
  });

  it('embeds the aid as its own answers: no title, scoring or marking of its own, its conditions relative', () => {
    const embedded = SCHEMA.$defs!['offender-description']!;
    for (const key of ['title', 'description', 'x-scoring', 'x-marking', 'x-form-id', 'x-version', '$id', '$schema']) expect(embedded, key).to.not.have.property(key);
    expect(Object.keys(embedded.properties!)).to.deep.equal(Object.keys(offenderDescription.schema.properties!));
    expect(JSON.stringify(embedded)).to.not.match(/"path":"\//);
    expect(schemaAt(SCHEMA, `${AID}/person/ageActual`)!.maximum).to.equal(120);
  });

  it('hides and checks the aid\u2019s answers inside the report exactly as the aid does on its own (400 random descriptions)', () => {
    const random = prng(1717);
    const seen = { errors: 0, pruned: 0 };
    for (let i = 0; i < 400; i++) {
      const aid = randomAid(random);
      const alone = answersAsSubmitted(offenderDescription.schema, aid);
      const report = setAt(setAt(physicalAssault, '/offender/seen', 'yes'), AID, aid);
      const inside = answersAsSubmitted(SCHEMA, report);
      expect(getAt(inside, AID), JSON.stringify(aid)).to.deep.equal(alone && Object.keys(alone).length ? alone : undefined);
      const ownErrors = validateWith(offenderDescription, aid).errors;
      if (ownErrors.length) seen.errors++;
      if (JSON.stringify(alone) !== JSON.stringify(aid)) seen.pruned++;
      const reportErrors = validateWith(incidentReport, report).errors.filter((e) => e.pointer.startsWith(`${AID}/`));
      if (getAt(inside, AID) === undefined) expect(reportErrors).to.deep.equal([]);
      else expect(reportErrors, JSON.stringify(aid)).to.deep.equal(ownErrors.map((e) => ({ ...e, pointer: `${AID}${e.pointer}` })));
      // Not seen: nothing of the aid is sent or checked.
      const notSeen = answersAsSubmitted(SCHEMA, setAt(report, '/offender/seen', 'no'));
      expect(getAt(notSeen, AID)).to.equal(undefined);
      expect(validateWith(incidentReport, setAt(report, '/offender/seen', 'no')).valid).to.equal(true);
    }
    // The random descriptions reach both: answers the aid refuses, and answers its conditions hide.
    expect(seen.errors).to.be.greaterThan(50);
    expect(seen.pruned).to.be.greaterThan(50);
  });

  it('never changes the routes of action: the history marker rule rests on "details known", not on a description', () => {
    const random = prng(2317);
    for (let i = 0; i < 300; i++) {
      const sub = pick(random, SUB_CATEGORIES);
      const medical = pick(random, ['yes', 'no']);
      const known = pick(random, ['yes', 'no']);
      let base = setAt(setAt(setAt(physicalAssault, '/category/subCategory', sub), '/circumstances/medicalFactor', medical), '/offender/detailsKnown', known);
      if (medical === 'no') base = setAt(base, '/circumstances/medicalFactorDetails', undefined);
      const described = setAt(setAt(setAt(base, '/offender/seen', pick(random, ['yes', 'no'])), AID, randomAid(random)), '/people/victims/0/protectedCharacteristics', [pick(random, PROTECTED)]);
      const result = classifyIncident(described);
      expect(result, `${sub} ${medical} ${known}`).to.deep.equal(classifyIncident(base));
      expect(result.historyMarkerRequired).to.equal(PHYSICAL.includes(sub) && medical === 'no' && known === 'yes');
    }
    // A name in the aid does not make the details known.
    const named = setAt(setAt(setAt(physicalAssault, '/offender/detailsKnown', 'no'), '/offender/seen', 'yes'), AID, { person: { name: 'Named Only', sex: 'male' } });
    expect(classifyIncident(named).historyMarkerRequired).to.equal(false);
  });

  it('protected characteristics: any of the nine, or "Prefer not to say" on its own (all 1,024 choices)', () => {
    const codes = optionsOf(SCHEMA, schemaAt(SCHEMA, '/people/victims/0/protectedCharacteristics')!).map((o) => o.value);
    expect(codes).to.deep.equal(PROTECTED);
    for (let mask = 0; mask < 1 << PROTECTED.length; mask++) {
      const chosen = PROTECTED.filter((_, i) => mask & (1 << i));
      const errors = validateWith(incidentReport, setAt(severalVictims, '/people/victims/1/protectedCharacteristics', chosen)).errors;
      const exclusive = chosen.includes('prefer-not-to-say') && chosen.length > 1;
      expect(errors.map((e) => e.pointer), chosen.join()).to.deep.equal(exclusive ? ['/people/victims/1/protectedCharacteristics'] : []);
      if (exclusive) expect(errors[0]!.message).to.contain('Prefer not to say').and.contain('on its own');
    }
    expect(validateWith(incidentReport, offenderAidWithErrors).errors.map((e) => e.pointer)).to.deep.equal(['/people/victims/0/protectedCharacteristics', `${AID}/person/sex`, `${AID}/accent/otherAccent`]);
  });
});
