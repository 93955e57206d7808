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

await build({
  ...common,
  entryPoints: [join(root, 'packages/receiver/src/server.ts')],
  outfile: join(root, 'packages/receiver/dist/server.js'),
  platform: 'node',
  // sql.js loads its WebAssembly file from its own package folder at run time: not bundled.
  external: ['sql.js'],
  banner: { js: '// built by scripts/build.mjs from packages/receiver/src - do not edit' },
});
console.log('build: packages/elements/dist/safety-forms.js, packages/receiver/dist/server.js');
