// Builds packages/elements/dist/safety-forms.js: one self-contained, minified ES module that defines
// every element. No eval, no new Function (the validators are precompiled), no inline styles (Lit uses
// constructable stylesheets), so it runs under `Content-Security-Policy: script-src 'self'`.
// Also bundles the reference receiver for Node.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, format: 'esm', target: 'es2022', tsconfig: join(root, 'tsconfig.json'), logLevel: 'warning', legalComments: 'none' };

await build({
  ...common,
  entryPoints: [join(root, 'packages/elements/src/define.ts')],
  outfile: join(root, 'packages/elements/dist/safety-forms.js'),
  minify: true,
  sourcemap: true,
  platform: 'browser',
  define: { 'import.meta.env': 'undefined' },
});

// One self-contained module per element (`dist/elements/<element>.js`), so a page that embeds only
// the threat report loads only its code and its validator. Built one by one: with esbuild's code
// splitting every entry reached the core barrel and all six validators landed in one shared chunk.
// Shared chunks (Lit and the renderer once for a page with several forms) are issue #8's.
const elements = ['threat-report-form', 'threat-interview-form', 'risk-matrix-form', 'traffic-light-referral-form', 'emergency-contact-form', 'offender-description-form', 'safety-form'];
await Promise.all(
  elements.map((e) =>
    build({
      ...common,
      entryPoints: [join(root, `packages/elements/src/components/${e}/${e}.ts`)],
      outfile: join(root, `packages/elements/dist/elements/${e}.js`),
      minify: true,
      sourcemap: true,
      platform: 'browser',
      define: { 'import.meta.env': 'undefined' },
    }),
  ),
);

await build({
  ...common,
  entryPoints: [join(root, 'packages/receiver/src/server.ts')],
  outfile: join(root, 'packages/receiver/dist/server.js'),
  platform: 'node',
  // sql.js loads its WebAssembly file from its own package folder at run time: not bundled.
  external: ['sql.js'],
  banner: { js: '// built by scripts/build.mjs from packages/receiver/src - do not edit' },
});
console.log('build: packages/elements/dist/safety-forms.js, packages/elements/dist/elements/<element>.js, packages/receiver/dist/server.js');
