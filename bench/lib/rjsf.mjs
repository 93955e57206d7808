// Bundles bench/rjsf/entry.jsx (react-jsonschema-form on the threat report schema) with esbuild at
// bench time: minified, production React 18 (the bench workspace's own copy, never the root's React 19).
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * @param {{ root: string, schema: object }} options
 * @returns {Promise<string>} the minified IIFE
 */
export async function bundleRjsf({ root, schema }) {
  const bench = join(root, 'bench');
  const out = await build({
    entryPoints: [join(bench, 'rjsf/entry.jsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // @rjsf/* sit in the root node_modules, next to the root's React 19: pin every React import to
    // the bench workspace's React 18.
    alias: {
      react: join(bench, 'node_modules/react'),
      'react-dom': join(bench, 'node_modules/react-dom'),
    },
    plugins: [
      {
        name: 'bench-schema',
        setup(b) {
          b.onResolve({ filter: /^bench-schema$/ }, () => ({ path: 'bench-schema', namespace: 'bench-schema' }));
          b.onLoad({ filter: /.*/, namespace: 'bench-schema' }, () => ({ contents: JSON.stringify(schema), loader: 'json' }));
        },
      },
    ],
  });
  return out.outputFiles[0].text;
}
