/// <reference types="vite/client" />
/**
 * Storybook preview: autodocs from the custom-elements manifest, the accessibility addon, and a
 * toolbar to switch the theme of every story:
 *
 * - Default (GOV.UK): the forms as they ship.
 * - NHS: packages/elements/themes/nhs.css (the second theme of issue #7) with `.sf-theme-nhs` on a
 *   wrapper around the story.
 * - Host restyled: .storybook/host-restyle.css, a few lines of host-page CSS (`--sf-*` properties
 *   and `::part()` rules) under `.sf-host-restyled`.
 *
 * A theme's CSS is put in the page only while that theme is chosen, so whatever its selectors
 * (the wrapper class, or the form elements themselves) it never leaks into the other themes.
 */
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../packages/elements/custom-elements.json';
import hostRestyle from './host-restyle.css?inline';

setCustomElementsManifest(manifest);

/** The shipped themes, by file name. Globbed, so Storybook still starts while a theme is being written. */
const themeFiles = import.meta.glob<string>('../packages/elements/themes/*.css', { query: '?inline', import: 'default', eager: true });
const themeCss = (name: string): string | undefined =>
  Object.entries(themeFiles).find(([path]) => path.endsWith(`/themes/${name}.css`))?.[1];

interface Theme {
  title: string;
  /** Class on the wrapper around the story. */
  className: string;
  css: () => string | undefined;
}

const themes: Record<string, Theme> = {
  default: { title: 'Default (GOV.UK)', className: 'sf-theme-default', css: () => '' },
  nhs: { title: 'NHS', className: 'sf-theme-nhs', css: () => themeCss('nhs') },
  host: { title: 'Host restyled', className: 'sf-host-restyled', css: () => hostRestyle },
};

/** One `<style>` in the preview document holds the chosen theme's CSS. */
function applyThemeCss(css: string): void {
  let style = document.getElementById('sf-story-theme');
  if (!style) {
    style = document.createElement('style');
    style.id = 'sf-story-theme';
    document.head.append(style);
  }
  if (style.textContent !== css) style.textContent = css;
}

const withTheme: Decorator = (story, context) => {
  const theme = themes[String(context.globals['theme'] ?? 'default')] ?? themes['default']!;
  const css = theme.css();
  applyThemeCss(css ?? '');
  return html`<div class="sf-story ${theme.className}" data-theme=${theme.title}>
    ${css === undefined
      ? html`<p class="sf-story__note">packages/elements/themes/nhs.css does not exist yet: showing the default theme.</p>`
      : ''}
    ${story()}
  </div>`;
};

/**
 * Docs pages do not run play functions (several forms submitting, moving focus and opening drafts on
 * one page would fight), so a story whose state is set up by its play function says so there.
 */
const withPlayNote: Decorator = (story, context) =>
  context.viewMode === 'docs' && context.playFunction
    ? html`<p class="sf-story__note"><em>This state is reached after rendering (the story's play function): open the story to see it.</em></p>
        ${story()}`
    : story();

const preview: Preview = {
  decorators: [withPlayNote, withTheme],
  globalTypes: {
    theme: {
      description: 'Theme of the forms',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: Object.entries(themes).map(([value, t]) => ({ value, title: t.title })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'default' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // The accessibility panel runs axe on every story; violations fail a story's test run.
    a11y: { test: 'error' },
    docs: { toc: true },
  },
  tags: ['autodocs'],
};

export default preview;
