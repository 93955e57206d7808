// The manifest's own plugins (custom-elements-manifest.config.mjs) run through the real analyzer on small
// sources: `sf-one-copy-of-the-docs` fails the build when a form repeats an inherited entry word for word
// and lets a form re-describe one; `sf-no-result` drops the inherited result parts of an `@noresult` form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { sfNoResult, sfOneCopyOfTheDocs } from '../../../custom-elements-manifest.config.mjs';

const base = `
import { LitElement } from 'lit';
/**
 * @csspart base - The form's outer wrapper.
 * @csspart result - The result panel.
 * @csspart result-band - The result's band.
 * @fires sf-change - An answer changed.
 */
export class SfFormBase extends LitElement {}
`;
const form = (doc) => `
import { SfFormBase } from './form-base.js';
/**
${doc}
 */
export class SomeForm extends SfFormBase {}
`;
const manifest = (formDoc, plugins) =>
  create({
    modules: [ts.createSourceFile('src/form-base.ts', base, ts.ScriptTarget.ES2022, true), ts.createSourceFile('src/some-form.ts', form(formDoc), ts.ScriptTarget.ES2022, true)],
    plugins,
  });
const someForm = (m) => m.modules.flatMap((mod) => mod.declarations ?? []).find((d) => d.name === 'SomeForm');

test('a form that repeats an inherited part or event word for word fails the build, naming each copy', () => {
  assert.throws(
    () => manifest(` * @csspart base - The form's outer wrapper.\n * @fires sf-change - An answer changed.`, [sfOneCopyOfTheDocs()]),
    (error) =>
      /SomeForm repeats SfFormBase's cssParts entry 'base' word for word/.test(error.message) && /SomeForm repeats SfFormBase's events entry 'sf-change' word for word/.test(error.message),
  );
});

test('a form may re-describe an inherited entry, and its own description is the one listed', () => {
  const m = manifest(` * @csspart base - This form's wrapper, with its marking.`, [sfOneCopyOfTheDocs()]);
  const part = someForm(m).cssParts.find((p) => p.name === 'base');
  assert.equal(part.description, "This form's wrapper, with its marking.");
  assert.ok(someForm(m).cssParts.some((p) => p.name === 'result' && p.inheritedFrom?.name === 'SfFormBase'), 'the rest is inherited');
});

test('an @noresult form lists no inherited result parts; the others stay', () => {
  const m = manifest(` * @noresult`, [sfOneCopyOfTheDocs(), sfNoResult()]);
  assert.deepEqual(someForm(m).cssParts.map((p) => p.name), ['base']);
});
