// The bench's own HTTP server on 127.0.0.1: minimal pages (no intranet chrome, so every form and RJSF
// load the same way), the SDK's dist files, and the RJSF bundle. SDK pages are served with the demo's
// strict Content-Security-Policy (the SDK must run under it); RJSF's page without one (its ajv8
// validator compiles schemas with `new Function`), and once with the strict policy to report what it does.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, normalize, relative, resolve } from 'node:path';

export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.map': 'application/json; charset=utf-8' };

const page = (head, body) =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench</title>${head}</head><body><main>${body}</main></body></html>`;

/**
 * @param {{ root: string, dist?: string, compare?: string, rjsf: string, core: string, forms: Record<string, { module: string, attrs?: Record<string, string> }> }} options
 *   rjsf, core: script texts; forms: element tag -> its module path under /assets/ and attributes;
 *   dist: the SDK build served under /assets/ (default packages/elements/dist); compare: another build
 *   (BENCH_COMPARE), its pages under /compare/ (/compare/form/<tag>, /compare/bundle/<tag>) loading
 *   /compare/assets/, so two builds are measured in one run.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer({ root, dist: ownDist = join(root, 'packages/elements/dist'), compare, rjsf, core, forms }) {
  const server = createServer(async (req, res) => {
    const fullPath = new URL(req.url ?? '/', 'http://x').pathname;
    const compared = !!compare && fullPath.startsWith('/compare/');
    const path = compared ? fullPath.slice('/compare'.length) : fullPath;
    const dist = compared ? compare : ownDist;
    const assets = compared ? '/compare/assets/' : '/assets/';
    const send = (status, type, body, csp = true) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(csp ? { 'Content-Security-Policy': STRICT_CSP } : {}) });
      res.end(body);
    };
    const html = (body, csp = true) => send(200, TYPES['.html'], body, csp);
    const js = (body, csp = true) => send(200, TYPES['.js'], body, csp);
    // /bundle/<tag>: the same page on the all-forms dist/safety-forms.js instead of the element's own module.
    const [, kind, form, preload] = path.match(/^\/(form|bundle)\/([a-z-]+)(\/preload)?$/) ?? [];
    if (form && Object.hasOwn(forms, form)) {
      const { attrs = {} } = forms[form];
      const module = kind === 'bundle' ? 'safety-forms.js' : forms[form].module;
      const attributes = Object.entries(attrs).map(([k, v]) => ` ${k}="${v}"`).join('');
      // /form/<tag>/preload: the page lists the form's chunks (dist/elements/manifest.json) as
      // modulepreload links, as README advises, so they are fetched with the entry, not after it.
      let links = '';
      if (preload) {
        const manifest = JSON.parse(await readFile(join(dist, 'elements/manifest.json'), 'utf8'));
        links = (manifest[form] ?? []).map((f) => `<link rel="modulepreload" href="${assets}elements/${f}">`).join('');
      }
      return html(page(`${links}<script type="module" src="${assets}${module}"></script>`, `<${form}${attributes}></${form}>`));
    }
    if (path === '/generated') return html(page('<script type="module" src="/assets/elements/safety-form.js"></script>', ''));
    if (path === '/rjsf') return html(page('<script defer src="/rjsf.js"></script>', '<div id="root"></div>'), false);
    if (path === '/rjsf-strict-csp') return html(page('<script defer src="/rjsf.js"></script>', '<div id="root"></div>'));
    if (path === '/rjsf.js') return js(rjsf, false);
    if (path === '/core') return html(page('<script src="/core.js"></script>', ''));
    if (path === '/core.js') return js(core);
    if (path.startsWith('/assets/')) {
      const file = resolve(dist, normalize(decodeURIComponent(path.slice('/assets/'.length))));
      const rel = relative(dist, file);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
        try {
          return send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
        } catch {
          /* 404 below */
        }
      }
    }
    if (path === '/favicon.ico') return send(204, 'text/plain', '');
    send(404, 'text/plain; charset=utf-8', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
