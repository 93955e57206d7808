import { expect } from '@open-wc/testing';
import { physicalAssault, severalVictims } from '../../../../stories/fixtures/incident-report.js';
import { forms } from '../generated/index.js';
import { incidentReport } from '../generated/incident-report.js';
import { getAt } from '../pointer.js';
import type { FormSchema } from '../types.js';
import { deref } from './resolve.js';
import { withholdPrivate } from './withheld.js';

const root = incidentReport.schema;

/** Every pointer pattern (array indexes as `*`) whose field is marked private, found by walking the schema. */
function privatePatterns(schema: FormSchema): string[] {
  const out: string[] = [];
  const seen = new Set<FormSchema>();
  const walk = (node: FormSchema, path: string) => {
    const n = deref(schema, node);
    if (seen.has(n)) return;
    seen.add(n);
    if (n['x-ui']?.private) out.push(path);
    for (const [k, child] of Object.entries(n.properties ?? {})) walk(child, `${path}/${k}`);
    if (n.items) walk(n.items, `${path}/*`);
  };
  walk(schema, '');
  return out;
}

describe('withholdPrivate', () => {
  it('leaves out each victim’s protected characteristics and keeps their names and everything else', () => {
    const { data, withheld } = withholdPrivate(root, severalVictims);
    expect(withheld).to.deep.equal(['/people/victims/0/protectedCharacteristics', '/people/victims/1/protectedCharacteristics']);
    const victims = (data as typeof severalVictims).people.victims;
    expect(victims.map((v) => v.name)).to.deep.equal(severalVictims.people.victims.map((v) => v.name));
    expect(victims.some((v) => 'protectedCharacteristics' in v)).to.equal(false);
    expect(JSON.stringify(data)).not.to.include('prefer-not-to-say');
    // Nothing else changed: putting the withheld answers back gives the record as stored.
    const back = structuredClone(data) as typeof severalVictims;
    severalVictims.people.victims.forEach((v, i) => v.protectedCharacteristics && (back.people.victims[i]!.protectedCharacteristics = v.protectedCharacteristics));
    expect(back).to.deep.equal(severalVictims);
  });

  it('withholds nothing from a record without private answers, and does not change its input', () => {
    const before = JSON.stringify(severalVictims);
    expect(withholdPrivate(root, physicalAssault)).to.deep.equal({ data: physicalAssault, withheld: [] });
    withholdPrivate(root, severalVictims);
    expect(JSON.stringify(severalVictims)).to.equal(before);
  });

  it('keeps keys the schema does not know (including __proto__) as they are, and odd values', () => {
    const odd = JSON.parse('{"__proto__":{"x":1},"people":{"victims":[{"name":"<b>x</b>","protectedCharacteristics":["age"]}, null, "text"]},"extra":[1,2]}');
    const { data, withheld } = withholdPrivate(root, odd);
    expect(withheld).to.deep.equal(['/people/victims/0/protectedCharacteristics']);
    expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).to.equal(true);
    expect(JSON.parse(JSON.stringify(data))).to.deep.equal(JSON.parse('{"__proto__":{"x":1},"people":{"victims":[{"name":"<b>x</b>"}, null, "text"]},"extra":[1,2]}'));
    for (const v of [null, 'text', 42, [], undefined]) expect(withholdPrivate(root, v)).to.deep.equal({ data: v, withheld: [] });
  });

  it('for any number of victims, no private answer is left at any private place of any built-in form', () => {
    for (let n = 0; n < 40; n++) {
      const victims = Array.from({ length: n % 9 }, (_, i) => ({ name: `Victim ${i}`, ...(i % 3 ? { protectedCharacteristics: ['age', 'sex'].slice(0, 1 + (i % 2)) } : {}) }));
      const record = { ...severalVictims, people: { ...severalVictims.people, victims } };
      const { data, withheld } = withholdPrivate(root, record);
      expect(withheld.length).to.equal(victims.filter((v) => 'protectedCharacteristics' in v).length);
      for (const p of withheld) expect(getAt(data, p)).to.equal(undefined);
    }
    // The only private field in the built-in forms today is the victim's protected characteristics.
    const marked = Object.entries(forms).flatMap(([id, f]) => privatePatterns(f.schema).map((p) => `${id}${p}`));
    expect(marked).to.deep.equal(['incident-report/people/victims/*/protectedCharacteristics']);
  });
});
