/**
 * Theming: the GOV.UK default look, `--sf-*` custom properties and `::part()` rules set by the host
 * page, the NHS theme (packages/elements/themes/nhs.css), the demo's host restyle (demo/themes.css),
 * forced colours, reduced motion, and the hostile intranet CSS of the demo (demo/intranet.css), which
 * must change nothing inside a form. Every `--sf-*` property the styles read and every part the
 * templates name is documented on the form elements.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, readFile, sendKeys, setViewport } from '@web/test-runner-commands';
import { redReferral } from '../../../../stories/fixtures/traffic-light-referral.js';
import '../components/emergency-contact-form/emergency-contact-form.js';
import '../components/threat-report-form/threat-report-form.js';
import '../components/traffic-light-referral-form/traffic-light-referral-form.js';
import type { SfFormBase } from './form-base.js';
import { $, $$, goToSection, settle, tabTo, testDefinition } from './test/helpers.js';

/** Adds a style sheet to the test page (as a host page's own CSS would be), removed after each test. */
const added: CSSStyleSheet[] = [];
function hostCss(text: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  added.push(sheet);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
async function hostCssFile(url: string): Promise<void> {
  const res = await fetch(url);
  expect(res.ok, url).to.equal(true);
  hostCss(await res.text());
}

async function emulate(features: { name: string; value: string }[]): Promise<void> {
  await executeServerCommand('sf-cdp', { method: 'Emulation.setEmulatedMedia', params: { features } });
}

const style = (el: Element, selector: string) => getComputedStyle($(el, selector));

/** The primary (green) button: on the last section (Continue or Submit, whichever the form shows there). */
async function primaryButton(el: SfFormBase): Promise<HTMLButtonElement> {
  const links = $$(el, '.sections__link');
  if (links.length > 1) await goToSection(el, links.length - 1);
  return $<HTMLButtonElement>(el, '.actions .button:not(.button--secondary)');
}

async function contactForm(wrapperClass = ''): Promise<SfFormBase> {
  const wrapper = await fixture<HTMLElement>(html`<div class=${wrapperClass}><emergency-contact-form draft="off"></emergency-contact-form></div>`);
  const el = wrapper.querySelector<SfFormBase>('emergency-contact-form')!;
  await settle(el);
  return el;
}

async function referralForm(wrapperClass = ''): Promise<SfFormBase> {
  const wrapper = await fixture<HTMLElement>(html`<div class=${wrapperClass}><traffic-light-referral-form draft="off"></traffic-light-referral-form></div>`);
  const el = wrapper.querySelector<SfFormBase>('traffic-light-referral-form')!;
  await settle(el);
  return el;
}

/** Shows every error (as a failed submit would), so error borders and the error summary are on screen. */
async function withErrors(el: SfFormBase): Promise<SfFormBase> {
  el.validate();
  await settle(el);
  return el;
}

afterEach(async () => {
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !added.includes(s));
  added.length = 0;
  await emulate([]);
});

describe('theming', () => {
  it('passes accessibility tests under the NHS theme and the demo host restyle, with errors and with a result', async () => {
    await hostCssFile('/packages/elements/themes/nhs.css');
    await hostCssFile('/demo/themes.css');
    for (const theme of ['sf-theme-nhs', 'council-look']) {
      await expect(await withErrors(await contactForm(theme))).to.be.accessible();
      const referral = await referralForm(theme);
      referral.value = redReferral;
      await settle(referral);
      expect($(referral, '[part=result]').dataset['status']).to.equal('red');
      await expect(referral).to.be.accessible();
      await expect(await withErrors(await referralForm(theme))).to.be.accessible();
    }
  });

  it('looks like GOV.UK by default: 19px text, 2px black borders, green button with a shadow, red error border', async () => {
    const el = await withErrors(await contactForm());
    expect(getComputedStyle(el).fontSize).to.equal('19px');
    expect(getComputedStyle(el).color).to.equal('rgb(11, 12, 12)');
    const input = style(el, '#f--personal--name');
    expect([input.borderTopWidth, input.borderTopStyle, input.borderTopColor]).to.deep.equal(['2px', 'solid', 'rgb(212, 53, 28)']);
    const group = style(el, '.form-group--error');
    expect([group.borderLeftWidth, group.borderLeftStyle, group.borderLeftColor]).to.deep.equal(['5px', 'solid', 'rgb(212, 53, 28)']);
    expect(style(el, '.form-group').marginBottom).to.equal('30px');
    const button = getComputedStyle(await primaryButton(el));
    expect(button.backgroundColor).to.equal('rgb(0, 112, 60)');
    expect(button.boxShadow).to.equal('rgb(0, 45, 24) 0px 2px 0px 0px');
  });

  it('shows the GOV.UK focus: yellow outline and a 4px black input border; yellow button with a black shadow', async () => {
    const el = await contactForm();
    await tabTo(el, '#f--personal--name');
    const input = style(el, '#f--personal--name');
    expect([input.outlineStyle, input.outlineWidth, input.outlineColor]).to.deep.equal(['solid', '3px', 'rgb(255, 221, 0)']);
    expect(input.boxShadow).to.equal('rgb(11, 12, 12) 0px 0px 0px 2px inset');
    const button = await tabTo(el, '[part~=next-button]');
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(255, 221, 0)');
    expect(getComputedStyle(button).color).to.equal('rgb(11, 12, 12)');
    expect(getComputedStyle(button).boxShadow).to.equal('rgb(11, 12, 12) 0px 2px 0px 0px');
  });

  it('takes --sf-* custom properties from the element or any ancestor on the host page', async () => {
    hostCss(`
      .brand { --sf-color-button: rgb(1, 2, 3); --sf-font-family: Georgia, serif; --sf-space-6: 44px; }
      emergency-contact-form.own { --sf-color-error: rgb(120, 0, 0); --sf-radius: 7px; --sf-border-width-error: 9px; }
    `);
    const el = await contactForm('brand');
    expect(style(el, '#f--personal--name').fontFamily).to.equal('Georgia, serif');
    expect(style(el, '.form-group').marginBottom).to.equal('44px');
    el.classList.add('own');
    await withErrors(el);
    const group = style(el, '.form-group--error');
    expect([group.borderLeftWidth, group.borderLeftColor]).to.deep.equal(['9px', 'rgb(120, 0, 0)']);
    expect(style(el, '#f--personal--name').borderTopLeftRadius).to.equal('7px');
    expect(getComputedStyle(await primaryButton(el)).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('applies the host page ::part() rules, including the error state parts', async () => {
    hostCss(`
      .parts::part(next-button) { text-transform: uppercase; }
      .parts::part(label) { letter-spacing: 2px; }
      .parts::part(form-group--error) { background-color: rgb(250, 240, 240); }
      .parts::part(input--error) { outline-offset: 6px; }
    `);
    const el = await withErrors(await contactForm());
    el.classList.add('parts');
    expect(style(el, '[part~=next-button]').textTransform).to.equal('uppercase');
    expect(style(el, 'label[for="f--personal--name"]').letterSpacing).to.equal('2px');
    expect($(el, '.form-group--error').getAttribute('part')).to.equal('form-group form-group--error');
    expect(style(el, '.form-group--error').backgroundColor).to.equal('rgb(250, 240, 240)');
    expect(style(el, '#f--personal--name').outlineOffset).to.equal('6px');
    // A question without an error has neither error part.
    expect(style(el, '.form-group:not(.form-group--error)').backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });

  it('changes the colours, font and buttons with the NHS theme, on the element or on a wrapper', async () => {
    await hostCssFile('/packages/elements/themes/nhs.css');
    const wrapped = await withErrors(await contactForm('sf-theme-nhs'));
    const plain = await contactForm();
    plain.classList.add('sf-theme-nhs');
    await settle(plain);
    for (const el of [wrapped, plain]) {
      expect(getComputedStyle(el).color).to.equal('rgb(33, 43, 50)');
      expect(getComputedStyle(el).fontFamily).to.equal('"Frutiger W01", arial, sans-serif');
      const button = getComputedStyle(await primaryButton(el));
      expect([button.backgroundColor, button.borderTopLeftRadius, button.fontWeight]).to.deep.equal(['rgb(0, 127, 59)', '4px', '600']);
      expect(button.boxShadow).to.equal('rgb(0, 64, 30) 0px 2px 0px 0px');
    }
    await goToSection(wrapped, 0);
    expect(style(wrapped, '.form-group--error').borderLeftColor).to.equal('rgb(213, 40, 27)');
    await goToSection(plain, 0);
    await tabTo(plain, '#f--personal--name');
    const input = style(plain, '#f--personal--name');
    expect([input.outlineWidth, input.outlineColor]).to.deep.equal(['4px', 'rgb(255, 235, 59)']);
    expect(input.boxShadow).to.equal('rgb(33, 43, 50) 0px 0px 0px 2px inset');
  });

  it('keeps focus and error borders visible in forced colours', async () => {
    await emulate([{ name: 'forced-colors', value: 'active' }]);
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    const el = await withErrors(await contactForm());
    const group = style(el, '.form-group--error');
    expect([group.borderLeftWidth, group.borderLeftStyle]).to.deep.equal(['5px', 'solid']);
    expect(group.borderLeftColor).not.to.equal('rgba(0, 0, 0, 0)');
    const summary = style(el, '[part=error-summary]');
    expect([summary.borderTopWidth, summary.borderTopStyle]).to.deep.equal(['5px', 'solid']);
    await tabTo(el, '#f--personal--name');
    const input = style(el, '#f--personal--name');
    expect(input.outlineStyle).to.equal('solid');
    expect(parseFloat(input.outlineWidth)).to.be.at.least(3);
    // The system's own focus colour, whatever the user chose for it.
    const probe = document.createElement('span');
    probe.style.color = 'Highlight';
    el.after(probe);
    const highlight = getComputedStyle(probe).color;
    probe.remove();
    expect(input.outlineColor).to.equal(highlight);
    // The button's focus is its yellow background normally; in forced colours, a system-colour outline.
    const button = await tabTo(el, '[part~=next-button]');
    expect(getComputedStyle(button).outlineStyle).to.equal('solid');
    expect(parseFloat(getComputedStyle(button).outlineWidth)).to.be.at.least(3);
    expect(getComputedStyle(button).outlineColor).to.equal(highlight);
    expect(getComputedStyle(button).borderTopStyle).to.equal('solid');
    expect(getComputedStyle(button).borderTopColor).not.to.equal('rgba(0, 0, 0, 0)');
    await expect(el).to.be.accessible();
  });

  it('drops transitions and animations, even those a host page adds, when reduced motion is asked for', async () => {
    hostCss(`.moving ::part(button) { transition: background-color 2s; animation: sf-test-pulse 3s infinite; }
      @keyframes sf-test-pulse { from { opacity: 1; } to { opacity: 0.5; } }`);
    const el = await contactForm('moving');
    expect(style(el, '[part~=next-button]').transitionDuration).to.equal('2s');
    expect(style(el, '[part~=next-button]').animationName).to.equal('sf-test-pulse');
    await emulate([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    expect(style(el, '[part~=next-button]').transitionDuration).to.equal('0s');
    expect(style(el, '[part~=next-button]').animationName).to.equal('none');
    expect(style(el, '.form').scrollBehavior).to.equal('auto');
  });

  it('is not changed by the hostile intranet CSS of the demo (root font size, fonts, floats, borders)', async () => {
    const el = await withErrors(await contactForm());
    const probes = ['.form', '[part=title]', 'label[for="f--personal--name"]', '#f--personal--name', 'legend', 'fieldset', '[part~=next-button]', '[part=error-summary] h2', '[part=error-summary] a', '.hint', '.error-message', '.sections__link'];
    const props = ['font-family', 'font-size', 'line-height', 'color', 'background-color', 'text-transform', 'text-align', 'letter-spacing', 'float', 'box-sizing', 'border-top-style', 'border-top-width', 'border-top-left-radius', 'padding-left', 'margin-bottom', 'font-variant-caps', 'list-style-type'];
    const snapshot = () => probes.map((p) => [p, ...props.map((name) => style(el, p).getPropertyValue(name))].join(' | '));
    const before = snapshot();
    await hostCssFile('/demo/intranet.css');
    expect(getComputedStyle(document.documentElement).fontSize).to.equal('12px');
    expect(snapshot()).to.deep.equal(before);
    expect(style(el, '#f--personal--name').fontSize).to.equal('19px');
  });

  // Issue #13 item 5: the "Check your answers" link and page used rem sizes, so the host's root font size reached inside.
  it('"Check your answers" (its navigation link and its page) is not changed by the intranet\'s root font size', async () => {
    const el = await contactForm();
    el.value = { personal: { name: 'A. Person' } };
    await settle(el);
    $<HTMLButtonElement>(el, '[part~=check-answers-link]').click();
    await settle(el);
    const probes = ['.sections__check', '.check-heading', '.summary-section', '.summary-section__title', '.summary-list', '.summary-list__row', '.summary-list__key', '.summary-list__value'];
    const props = ['font-size', 'margin-bottom', 'margin-top', 'padding-top', 'padding-inline-start', 'column-gap', 'flex-basis', 'width'];
    const snapshot = () => probes.map((p) => [p, ...props.map((name) => style(el, p).getPropertyValue(name))].join(' | '));
    const before = snapshot();
    await hostCssFile('/demo/intranet.css');
    expect(getComputedStyle(document.documentElement).fontSize).to.equal('12px');
    expect(snapshot()).to.deep.equal(before);
    expect(style(el, '.sections__check').fontSize).to.equal('16px');
  });

  // Issue #13 item 6: GOV.UK radios and checkboxes are 40px controls, not the browser's own.
  it('draws GOV.UK 40px radios (a ring and a dot) and checkboxes (a box and a tick)', async () => {
    const schema = {
      type: 'object',
      properties: {
        pick: { title: 'Pick one', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }], 'x-ui': { widget: 'radios' } },
        many: { title: 'Pick any', type: 'array', uniqueItems: true, items: { oneOf: [{ const: 'x', title: 'X' }, { const: 'y', title: 'Y' }] }, 'x-ui': { widget: 'checkboxes' } },
      },
    } as const;
    const el = await fixture<SfFormBase>(html`<sf-test-form draft="off" .definition=${testDefinition(schema as never)}></sf-test-form>`);
    await settle(el);
    for (const selector of ['.radios__input', '.checkboxes__input']) {
      const input = $<HTMLInputElement>(el, selector);
      const box = input.getBoundingClientRect();
      expect([box.width, box.height], selector).to.deep.equal([40, 40]);
      const css = getComputedStyle(input);
      expect(css.appearance, selector).to.equal('none');
      expect([css.borderTopWidth, css.borderTopStyle, css.borderTopColor], selector).to.deep.equal(['2px', 'solid', 'rgb(11, 12, 12)']);
      expect(getComputedStyle(input, '::before').opacity, `${selector} unchecked`).to.equal('0');
      input.click();
      await settle(el);
      expect(getComputedStyle($(el, selector), '::before').opacity, `${selector} checked`).to.equal('1');
    }
    expect(style(el, '.radios__input').borderTopLeftRadius).to.equal('50%');
    await expect(el).to.be.accessible();
  });

  // Issue #13 item 6: at 320px the demo's column is 224px wide, and "OFFICIAL-SENSITIVE" broke in two.
  it('keeps the protective marking whole at 320px (in a 224px column); a marking of several words wraps only between them', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const wrapper = await fixture<HTMLElement>(
        html`<div style="width: 224px"><threat-report-form draft="off"></threat-report-form><emergency-contact-form draft="off"></emergency-contact-form></div>`,
      );
      for (const el of wrapper.querySelectorAll<SfFormBase>('threat-report-form, emergency-contact-form')) {
        await settle(el);
        const marking = $(el, '.marking');
        const text = [...marking.childNodes].find((n): n is Text => n.nodeType === Node.TEXT_NODE && !!n.textContent?.trim())!;
        const words = text.data.trim();
        const start = text.data.indexOf(words);
        const tops = [...words].map((_, i) => {
          const range = document.createRange();
          range.setStart(text, start + i);
          range.setEnd(text, start + i + 1);
          return Math.round(range.getBoundingClientRect().top);
        });
        for (let i = 1; i < tops.length; i++) {
          if (tops[i] !== tops[i - 1]) expect(words[i - 1], `${words} broken before "${words.slice(i)}"`).to.equal(' ');
        }
        expect(marking.getBoundingClientRect().right).to.be.at.most(wrapper.getBoundingClientRect().right);
      }
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('documents every --sf-* property the styles read and every part the templates name, on every form element', async () => {
    const read = async (path: string) => (await readFile({ path })) ?? '';
    const cssVars = (text: string) => new Set([...text.matchAll(/var\((--sf-[a-z0-9-]+)/g)].map((m) => m[1]!));
    const partNames = (text: string) =>
      new Set(
        [...text.matchAll(/part=(?:"([^"$]+)"|\$\{([^}]+)\})/g)].flatMap((m) =>
          m[1] ? m[1].split(/\s+/) : [...m[2]!.matchAll(/'([a-z -]+)'/g)].flatMap((q) => q[1]!.trim().split(/\s+/)),
        ),
      );
    const shared = cssVars(await read('./form.styles.ts'));
    expect(shared.size).to.be.greaterThan(40);
    const widgetParts = new Set<string>();
    for (const file of ['choice', 'date', 'group', 'text']) {
      for (const p of partNames(await read(`./widgets/${file}.ts`))) widgetParts.add(p);
    }
    // The state parts that parts.ts's helpers (groupPart, inputPart) add.
    for (const m of (await read('./widgets/parts.ts')).matchAll(/function \w+Part\([^)]*\): string \{\s*return ([^;]+);/g)) {
      for (const p of m[1]!.match(/[a-z][a-z-]*--[a-z]+|'[a-z-]+'/g) ?? []) widgetParts.add(p.replace(/'/g, ''));
    }
    for (const p of ['form-group--error', 'input--error', 'date-input-box', 'scale-question']) expect(widgetParts).to.include(p);
    const nhs = cssVars((await read('../../themes/nhs.css')).replace(/(--sf-[a-z0-9-]+)\s*:/g, 'var($1'));
    const elements: Record<string, boolean> = {
      'threat-report-form': false,
      'threat-interview-form': false,
      'emergency-contact-form': false,
      'risk-matrix-form': false,
      'risk-strategy-meeting-form': false,
      'incident-report-form': true,
      'risk-assessment-form': true,
      'traffic-light-referral-form': true,
      'offender-description-form': true,
    };
    // Each element documents its own; what every form shares is SfFormBase's JSDoc, which it inherits (issue #18 item 6).
    const inherited = (await read('./form-base.ts')).split('export class SfFormBase')[0]!;
    for (const [name, ownStyles] of Object.entries(elements)) {
      const source = await read(`../components/${name}/${name}.component.ts`);
      const docs = inherited + source;
      const documentedProps = new Set([...docs.matchAll(/@cssprop (--sf-[a-z0-9-]+) - \S/g)].map((m) => m[1]!));
      const documentedParts = new Set([...docs.matchAll(/@csspart ([a-z0-9-]+) - \S/g)].map((m) => m[1]!));
      const used = new Set([...shared, ...(ownStyles ? cssVars(await read(`../components/${name}/${name}.styles.ts`)) : [])]);
      expect([...used].filter((v) => !documentedProps.has(v)), `${name}: undocumented --sf-* properties`).to.deep.equal([]);
      expect([...widgetParts].filter((p) => !documentedParts.has(p)), `${name}: undocumented parts`).to.deep.equal([]);
      expect([...partNames(source)].filter((p) => !documentedParts.has(p)), `${name}: its own undocumented parts`).to.deep.equal([]);
      // The NHS theme sets documented properties only (the traffic light's own are on that element).
      const foreign = [...nhs].filter((v) => !documentedProps.has(v) && !v.startsWith('--sf-traffic-light-'));
      expect(foreign, `nhs.css sets properties ${name} does not document`).to.deep.equal([]);
    }
  });
});

describe('theming with the keyboard', () => {
  it('keeps the section links operable and visibly focused', async () => {
    const el = await contactForm();
    const link = await tabTo(el, '.sections__link');
    expect(getComputedStyle(link).backgroundColor).to.equal('rgb(255, 221, 0)');
    expect(getComputedStyle(link).color).to.equal('rgb(11, 12, 12)');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($$(el, '.sections__link')[1]);
  });
});
