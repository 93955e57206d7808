/**
 * Storybook for designers (issue #7): every form element and widget kind in every state, from the
 * stories in `stories/*.stories.ts` (which the element tests use as fixtures, STYLE.md §6). Autodocs
 * come from packages/elements/custom-elements.json (`npm run build:manifest`, see preview.ts).
 *
 * Nothing here reaches the internet: telemetry, crash reports and "what's new" notifications are off
 * (and the npm scripts pass `--no-version-updates` to the dev server).
 */
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: {
    disableTelemetry: true,
    enableCrashReports: false,
    disableWhatsNewNotifications: true,
  },
  docs: { defaultName: 'Docs' },
  viteFinal(config) {
    // Quieter and quicker `storybook build` (it runs in npm test): no list of chunks, no gzip sizes,
    // no warning that the preview bundle (Storybook, axe and the forms) is large.
    config.logLevel = 'warn';
    config.build = { ...config.build, reportCompressedSize: false, chunkSizeWarningLimit: 4096 };
    // `storybook dev`: pre-bundle every Lit entry point together, or Storybook's renderer (which imports
    // lit/directive-helpers.js) gets a second copy of lit-html ("Multiple versions of Lit loaded").
    const lit = ['lit', 'lit/directive.js', 'lit/directive-helpers.js', 'lit/directives/ref.js', 'lit/directives/if-defined.js', 'lit/directives/live.js', 'lit/static-html.js', 'lit/decorators.js', '@lit/context'];
    config.optimizeDeps = { ...config.optimizeDeps, include: [...(config.optimizeDeps?.include ?? []), ...lit] };
    return config;
  },
};

export default config;
