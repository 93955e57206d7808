// The threat report's bundled JSON schema (common.schema.json refs made local), read from the generated
// module packages/core/src/generated/threat-report.ts: the exact schema the SDK renders; and the
// invented complete report of stories/fixtures, to validate with RJSF's validator as with ours.
import { build } from 'esbuild';

/** @param {string} root @returns {Promise<{ schema: object, completeReport: object }>} */
export async function threatReportInputs(root) {
  const out = await build({
    stdin: {
      contents: `export { threatReport } from './packages/core/src/generated/threat-report.ts';
export { completeReport } from './stories/fixtures/threat-report.ts';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  // The schema as our bundles ship it: without the $comment annotations (scripts/build.mjs strips
  // them), so RJSF is not handed bytes ours does not carry.
  const schema = JSON.parse(JSON.stringify(mod.threatReport.schema, (k, v) => (k === '$comment' && typeof v === 'string' ? undefined : v)));
  return { schema, completeReport: structuredClone(mod.completeReport) };
}
