// Issue #13 item 9: the CSTAG documents are American ("behavior", "Title IX", "School Bus", "Grade, if
// student"); on UK pages the forms say it the UK way by default, with the document's own words kept in
// the schema ($comment and x-ui.documentWording) and shown with wording="document".
import { schemaAt, threatInterview, threatReport, type FormSchema } from '@safety-forms/core';
import { expect, fixture, html } from '@open-wc/testing';
import '../components/threat-interview-form/threat-interview-form.js';
import '../components/threat-report-form/threat-report-form.js';
import type { SfFormBase } from './form-base.js';
import { $, goToSection, settle } from './test/helpers.js';

const US = /\bbehavior|\bbehavioral|Title IX|School Bus|\bGrade\b|\bcounseling\b|\bprogram\b|special education\b/i;

/** Every title, description and hint of a schema. */
function texts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => texts(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && (key === 'title' || key === 'description' || key === 'hint')) out.push(value);
      else if (key !== '$comment' && key !== 'documentWording') texts(value, out);
    }
  }
  return out;
}

for (const [tag, form] of [
  ['threat-report-form', threatReport],
  ['threat-interview-form', threatInterview],
] as const) {
  describe(`<${tag}> wording`, () => {
    it('shows no US school wording by default', async () => {
      const el = await fixture<SfFormBase>(`<${tag} draft="off"></${tag}>` as unknown as never);
      await settle(el);
      for (const text of texts(form.schema)) expect(el.text(text)).not.to.match(US);
    });

    it('shows the document\'s own words with wording="document", for every changed text', async () => {
      const el = await fixture<SfFormBase>(`<${tag} draft="off" wording="document"></${tag}>` as unknown as never);
      await settle(el);
      const map = ((form.schema as FormSchema)['x-ui'] as { documentWording?: Record<string, string> } | undefined)?.documentWording ?? {};
      expect(Object.keys(map).length).to.be.greaterThan(2);
      for (const [uk, document] of Object.entries(map)) {
        expect(uk).not.to.match(US);
        expect(el.text(uk)).to.equal(document);
      }
    });
  });
}

describe('the threat report on screen', () => {
  it('labels the year group the UK way, and the document\'s way on request', async () => {
    const el = await fixture<SfFormBase>(html`<threat-report-form draft="off"></threat-report-form>`);
    el.value = { incident: { subjectAffiliation: 'student' } };
    await settle(el);
    await goToSection(el, 1);
    const label = () => $(el, 'label[for="f--incident--subjectGrade"]').textContent!.trim();
    expect(label()).to.match(/^Year group/);
    el.setAttribute('wording', 'document');
    await settle(el);
    expect(label()).to.equal('Grade, if student');
    expect(schemaAt(threatReport.schema as FormSchema, '/incident/subjectGrade')?.$comment).to.contain('Grade, if student');
  });
});
