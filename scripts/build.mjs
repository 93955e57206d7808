// Builds packages/elements/dist/: one module per element (dist/elements/<element>.js and their chunks),
// safety-forms.js (defines each element when it first appears on the page, from those modules) and
// safety-forms-all.js (every element in one self-contained module, defined on load). Minified ES modules;
// no eval, no new Function (the validators are precompiled), no inline styles (Lit uses constructable
// stylesheets), so they run under `Content-Security-Policy: script-src 'self'`.
import { build } from 'esbuild';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, format: 'esm', target: 'es2022', tsconfig: join(root, 'tsconfig.json'), logLevel: 'warning', legalComments: 'none' };

/**
 * Shipping trims, for the browser bundles only (tests and types use the sources as they are):
 * - a generated form's schema loses its `$comment`s: they cite the source documents for reviewers
 *   and are never read at run time (about a third of a schema's bytes);
 * - Lit `css` templates lose comments and runs of whitespace, which esbuild leaves inside strings
 *   (quoted CSS strings and `${}` expressions are left as they are).
 */
const shippingTrims = {
  name: 'sf-shipping-trims',
  setup(b) {
    b.onLoad({ filter: /[\\/]core[\\/]src[\\/]generated[\\/][a-z-]+\.schema\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const schema = JSON.parse(source.slice(source.indexOf('export default ') + 'export default '.length).trim().replace(/;$/, ''));
      // Only the annotation (a string): a property or a const that happens to be named $comment stays.
      const trimmed = JSON.stringify(schema, (key, value) => (key === '$comment' && typeof value === 'string' ? undefined : value));
      return { contents: `export default ${trimmed};`, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]elements[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('css`')) return { contents: source, loader: 'ts' };
      // Quoted strings and ${...} expressions are kept as they are; only the CSS between them shrinks.
      const shrink = (css) => css.replace(/\s+/g, ' ').replace(/\s*([{};,>])\s*/g, '$1');
      const contents = source.replace(/css`([^`]*)`/g, (_, body) => {
        // Comments go first (an apostrophe in one must not look like the start of a string).
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\$\{[^}]*\})/)
          .map((piece, i) => (i % 2 ? piece : shrink(piece)))
          .join('')
          .trim();
        return `css\`${min}\``;
      });
      return { contents, loader: 'ts' };
    });
  },
};
const browser = { ...common, minify: true, sourcemap: true, platform: 'browser', define: { 'import.meta.env': 'undefined' }, plugins: [shippingTrims] };

// safety-forms-all.js: every element defined on load, and their classes exported, in one file (its
// on-demand imports inlined; 165 KB gzip), for a page that needs the classes at once. Split like the
// per-element build, its first load was 153 KB in 27 files, and a page loading it took 0.67-0.68x RJSF's
// navigation-to-form against 0.40-0.47x as one file (bench, issue #18).
await rm(join(root, 'packages/elements/dist/chunks'), { recursive: true, force: true });
await build({
  ...browser,
  entryPoints: [join(root, 'packages/elements/src/define.ts')],
  outfile: join(root, 'packages/elements/dist/safety-forms-all.js'),
});

// One module per element (`dist/elements/<element>.js`) with shared chunks in `dist/elements/chunks/`:
// a page that embeds only the threat report loads its entry, the chunk every form shares (Lit, the
// renderer, drafts, submission) and the threat report's own chunk (validator, schema, rules); a page
// with two forms loads the shared chunk once. The elements import the light `@safety-forms/core/runtime`
// and their own form's modules, never the core package root, which would tie every form together.
const elements = ['threat-report-form', 'threat-interview-form', 'risk-matrix-form', 'risk-strategy-meeting-form', 'incident-report-form', 'risk-assessment-form', 'traffic-light-referral-form', 'emergency-contact-form', 'offender-description-form', 'safety-form', 'config'];
await rm(join(root, 'packages/elements/dist/elements'), { recursive: true, force: true });
const split = await build({
  ...browser,
  entryPoints: Object.fromEntries(elements.map((e) => [e === 'config' ? 'safety-forms-config' : e, join(root, `packages/elements/src/components/${e}/${e}.ts`)])),
  outdir: join(root, 'packages/elements/dist/elements'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
});

// dist/elements/manifest.json: each element's files (entry first, then every chunk it imports), so a
// host page can list them as <link rel="modulepreload"> and fetch them all in one round trip.
const outputs = split.metafile.outputs;
const relative = (file) => file.slice(file.indexOf('dist/elements/') + 'dist/elements/'.length);
const closure = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement') closure(i.path, seen);
  return seen;
};
const manifest = Object.fromEntries(
  Object.entries(outputs)
    .filter(([file, o]) => o.entryPoint && file.endsWith('.js'))
    .map(([file]) => [relative(file).replace(/\.js$/, ''), [...closure(file)].map(relative)]),
);
await writeFile(join(root, 'packages/elements/dist/elements/manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// safety-forms.js: the loader (src/loader.ts). It imports an element's module from dist/elements/ when
// the element first appears on the page, naming that element's files (the manifest above, inlined; the
// on-demand chunks are not in it) as modulepreload links so they come in one round trip.
const onPage = Object.fromEntries(Object.entries(manifest).filter(([name]) => elements.includes(name === 'safety-forms-config' ? 'config' : name)));
await build({
  ...browser,
  entryPoints: [join(root, 'packages/elements/src/loader.ts')],
  outfile: join(root, 'packages/elements/dist/safety-forms.js'),
  define: { ...browser.define, __SF_ELEMENTS__: JSON.stringify(onPage) },
});

// Themes are plain CSS files a host page links (`/assets/themes/nhs.css` in the demo).
await cp(join(root, 'packages/elements/themes'), join(root, 'packages/elements/dist/themes'), { recursive: true });

console.log('build: packages/elements/dist/elements/<element>.js + dist/elements/chunks/, dist/safety-forms.js (loader), dist/safety-forms-all.js, dist/themes/');
// The server (packages/server) runs from its TypeScript sources through tsx; nothing to bundle.
