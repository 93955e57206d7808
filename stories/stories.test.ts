/**
 * Every story, in real Chromium, as Storybook shows it (STYLE.md §6: govuk runs axe over every
 * example; swc uses its stories as fixtures): the story's args merged over its file's default args,
 * its render function, its play function with `{ canvasElement, args }`, then: the element settles,
 * it shows what the story says it shows (`parameters.expected`, see stories/helpers.ts), nothing is
 * logged to the console, and axe finds no violations.
 *
 * The theme toolbar's other two themes (NHS, host restyled) are checked with axe on each module's
 * most colourful stories.
 *
 * A new story in any of these modules is covered without touching this file. A new stories module
 * goes in `modules` below; the last two tests fail when an element in the custom-elements manifest,
 * or a module Storybook indexed (storybook-static/index.json), is missing from that list.
 */
import { expect, expect as chaiExpect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { SfFormBase } from '../packages/elements/src/index.js';
import type { Expected, FormArgs, PlayContext } from './helpers.js';
import * as emergencyContact from './emergency-contact-form.stories.js';
import * as incidentReport from './incident-report-form.stories.js';
import * as offenderDescription from './offender-description-form.stories.js';
import * as riskAssessment from './risk-assessment-form.stories.js';
import * as riskMatrix from './risk-matrix-form.stories.js';
import * as riskStrategyMeeting from './risk-strategy-meeting-form.stories.js';
import * as safetyForm from './safety-form.stories.js';
import * as threatInterview from './threat-interview-form.stories.js';
import * as threatReport from './threat-report-form.stories.js';
import * as trafficLightReferral from './traffic-light-referral-form.stories.js';
import * as widgets from './widgets.stories.js';

type StoryModule = Record<string, unknown> & { default: StoryMeta };

interface StoryMeta {
  title: string;
  component?: string;
  args?: FormArgs;
  render?: (args: FormArgs, context: unknown) => TemplateResult;
  includeStories?: string[] | RegExp;
  excludeStories?: string[] | RegExp;
}

interface StoryAnnotations {
  args?: FormArgs;
  render?: (args: FormArgs, context: unknown) => TemplateResult;
  play?: (context: PlayContext) => Promise<void>;
  parameters?: { expected?: Expected | Expected[] };
}

// Typed loosely: each module's args are its own (FormArgs for the forms, WidgetArgs for the widgets).
const modules = {
  'emergency-contact-form.stories.ts': emergencyContact,
  'incident-report-form.stories.ts': incidentReport,
  'offender-description-form.stories.ts': offenderDescription,
  'risk-assessment-form.stories.ts': riskAssessment,
  'risk-matrix-form.stories.ts': riskMatrix,
  'risk-strategy-meeting-form.stories.ts': riskStrategyMeeting,
  'safety-form.stories.ts': safetyForm,
  'threat-interview-form.stories.ts': threatInterview,
  'threat-report-form.stories.ts': threatReport,
  'traffic-light-referral-form.stories.ts': trafficLightReferral,
  'widgets.stories.ts': widgets,
} as Record<string, unknown> as Record<string, StoryModule>;

/** Storybook's rule: every named export is a story unless include/excludeStories say otherwise. */
function isStoryExport(name: string, meta: StoryMeta): boolean {
  if (name === 'default' || name === '__namedExportsOrder') return false;
  const matches = (rule: string[] | RegExp) => (Array.isArray(rule) ? rule.includes(name) : rule.test(name));
  if (meta.includeStories && !matches(meta.includeStories)) return false;
  if (meta.excludeStories && matches(meta.excludeStories)) return false;
  return true;
}

const formsIn = (root: ParentNode) => [...root.querySelectorAll('*')].filter((e): e is SfFormBase => e instanceof SfFormBase);

/** The drafts controller is protected; the element tests read it the same way. */
const draftState = (el: SfFormBase) => (el as unknown as { drafts: { state: { kind: string } } }).drafts.state.kind;

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Rendered, drafts started (or failed), nothing left to update. */
async function settle(root: HTMLElement): Promise<void> {
  for (const el of formsIn(root)) {
    await el.updateComplete;
    await until(() => draftState(el) !== 'starting', 6000, `<${el.localName}>'s drafts to start`);
    await el.updateComplete;
  }
}

const part = (el: SfFormBase, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const textOf = (el: SfFormBase) => (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ');

function checkExpected(el: SfFormBase, expected: Expected, which: string): void {
  const expect = (value: unknown, message: string) => chaiExpect(value, `${which}: ${message}`);
  for (const name of expected.parts ?? []) expect(part(el, name), `part "${name}"`).to.exist;
  for (const name of expected.absent ?? []) expect(part(el, name), `part "${name}" (should be absent)`).to.equal(null);
  if (expected.state) expect(el.state, 'state').to.equal(expected.state);
  if (expected.result) {
    const result = el.currentResult as Record<string, unknown> | null;
    expect(result, 'currentResult').to.not.equal(null);
    for (const [key, value] of Object.entries(expected.result)) {
      // An object is matched on the keys given ({ required: true }), anything else exactly.
      if (value && typeof value === 'object' && !Array.isArray(value)) expect(result![key], `currentResult.${key}`).to.deep.include(value);
      else expect(result![key], `currentResult.${key}`).to.deep.equal(value);
    }
  }
  for (const text of expected.text ?? []) expect(textOf(el), `text "${text}"`).to.contain(text);
  if (expected.readonly !== undefined) {
    expect(el.readonly, 'readonly').to.equal(expected.readonly);
    if (expected.readonly) expect(el.shadowRoot!.querySelector('#submit'), 'a submit button on a read-only form').to.equal(null);
  }
}

/** Console output while a story renders and plays: a story must log nothing (no Lit warnings, no errors). */
function watchConsole(): { calls: string[]; restore: () => void } {
  const calls: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m) => {
    console[m] = (...args: unknown[]) => {
      calls.push(`console.${m}: ${args.map(String).join(' ')}`);
    };
  });
  return { calls, restore: () => methods.forEach((m, i) => (console[m] = originals[i]!)) };
}

/**
 * Renders a story as Storybook does (inside `className`, as the theme toolbar's wrapper), runs its
 * play function, lets it settle and checks what it claims and that it logged nothing.
 */
async function runStory(name: string, meta: StoryMeta, exported: unknown, className = ''): Promise<HTMLElement> {
  const annotations = exported as StoryAnnotations;
  const render = typeof exported === 'function' ? (exported as StoryAnnotations['render']) : (annotations.render ?? meta.render);
  expect(render, `${name} has no render function`).to.be.a('function');
  const args: FormArgs = { ...meta.args, ...annotations.args };
  const logged = watchConsole();
  let canvasElement: HTMLElement;
  try {
    canvasElement = await fixture<HTMLElement>(html`<div class="story-canvas ${className}">${render!(args, { args })}</div>`);
    await settle(canvasElement);
    await annotations.play?.({ canvasElement, args });
    await settle(canvasElement);
  } finally {
    logged.restore();
  }
  const forms = formsIn(canvasElement);
  expect(forms.length, 'form elements rendered').to.be.greaterThan(0);
  for (const el of forms) {
    expect(part(el, 'base') ?? part(el, 'schema-error'), `<${el.localName}> rendered`).to.exist;
  }
  const expected = annotations.parameters?.expected ?? {};
  const perForm = Array.isArray(expected) ? expected : [expected];
  expect(forms.length, 'form elements rendered').to.be.at.least(perForm.length);
  perForm.forEach((e, i) => checkExpected(forms[i]!, e, `form ${i + 1} <${forms[i]!.localName}>`));
  expect(logged.calls, 'console output').to.deep.equal([]);
  return canvasElement;
}

const storiesOf = (mod: StoryModule) => Object.entries(mod).filter(([name]) => isStoryExport(name, mod.default));

for (const [file, mod] of Object.entries(modules)) {
  const meta = mod.default;
  describe(`${meta.title} (stories/${file})`, () => {
    afterEach(() => fixtureCleanup());
    for (const [name, exported] of storiesOf(mod)) {
      it(`${name}: renders, shows what it claims, and passes axe`, async () => {
        const canvasElement = await runStory(name, meta, exported);
        await expect(canvasElement).to.be.accessible();
      });
    }
  });
}

/**
 * The theme toolbar's other themes (.storybook/preview.ts): the same CSS files and wrapper classes.
 * Every story in every theme would triple the time, so each module's most colourful stories are
 * checked: the first with errors, the first with a result, and the first that was submitted.
 */
const THEMES = [
  { title: 'NHS', className: 'sf-theme-nhs', href: '/packages/elements/themes/nhs.css' },
  { title: 'Host restyled', className: 'sf-host-restyled', href: '/.storybook/host-restyle.css' },
];

function colourful(mod: StoryModule): [string, unknown][] {
  const claims = ([, s]: [string, unknown]) => {
    const e = (s as StoryAnnotations).parameters?.expected ?? {};
    return Array.isArray(e) ? e : [e];
  };
  const all = storiesOf(mod);
  const picks = [
    all.find((s) => claims(s).some((e) => e.parts?.includes('error-summary'))),
    all.find((s) => claims(s).some((e) => e.result)),
    all.find((s) => claims(s).some((e) => e.state === 'sent')),
  ];
  return [...new Set(picks.filter((p): p is [string, unknown] => !!p))];
}

for (const theme of THEMES) {
  describe(`the "${theme.title}" theme`, () => {
    let link: HTMLLinkElement;
    before(async function () {
      if (!(await fetch(theme.href, { method: 'HEAD' })).ok) return this.skip();
      link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: theme.href });
      const loaded = new Promise((resolve, reject) => {
        link.addEventListener('load', resolve);
        link.addEventListener('error', reject);
      });
      document.head.append(link);
      await loaded;
    });
    after(() => link?.remove());
    afterEach(() => fixtureCleanup());

    for (const [file, mod] of Object.entries(modules)) {
      for (const [name, exported] of colourful(mod)) {
        it(`${mod.default.title}: ${name} passes axe (stories/${file})`, async () => {
          const canvasElement = await runStory(name, mod.default, exported, theme.className);
          await expect(canvasElement).to.be.accessible();
        });
      }
    }
  });
}

describe('the stories cover everything', () => {
  it('every element in the custom-elements manifest has a stories module', async function () {
    const response = await fetch('/packages/elements/custom-elements.json');
    if (!response.ok) return this.skip(); // `npm run build:manifest` writes it; npm test runs that first.
    const manifest = (await response.json()) as { modules: { declarations?: { tagName?: string }[] }[] };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []));
    const covered = new Set(Object.values(modules).map((m) => m.default.component));
    // <safety-forms-config> renders no form of its own; its stories are the forms' stories.
    expect(tags.filter((t) => t !== 'safety-forms-config' && !covered.has(t))).to.deep.equal([]);
  });

  it('every module Storybook indexed is in this file', async function () {
    const response = await fetch('/storybook-static/index.json');
    if (!response.ok) return this.skip(); // `npm run build-storybook` writes it; npm test runs that first.
    const index = (await response.json()) as { entries: Record<string, { importPath: string }> };
    const files = new Set(Object.values(index.entries).map((e) => e.importPath.replace(/^\.\/stories\//, '')));
    expect([...files].filter((f) => !(f in modules))).to.deep.equal([]);
  });
});
