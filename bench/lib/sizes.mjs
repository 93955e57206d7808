// Bytes a page loads: an entry module plus every chunk it imports statically, transitively (read from
// the `import ... from "./x.js"`, `import "./x.js"` and `export ... from "./x.js"` statements of the
// minified output), each file gzipped on its own at level 9 as a server would send it. Chunks reached
// only through `import("./x.js")` are lazy: reported apart, not in the page's figure.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const STATIC = [
  /\bimport\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g,
  /\bexport\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*["'](\.{1,2}\/[^"']+)["']/g,
];
const DYNAMIC = /\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function fileSize(path) {
  const bytes = readFileSync(path);
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function imports(path) {
  const text = readFileSync(path, 'utf8');
  const found = (re) => [...text.matchAll(re)].map((m) => join(dirname(path), m[1]));
  return { static: STATIC.flatMap(found), dynamic: found(DYNAMIC) };
}

/**
 * @param {string} entry absolute path of an entry module
 * @param {string} base folder the reported names are relative to
 * @returns {{ files: string[], minified: number, gzip: number, lazy: { files: string[], minified: number, gzip: number, chunks: { file: string, files: string[], minified: number, gzip: number }[] }, missing: string[] }}
 */
export function pageBytes(entry, base) {
  const seen = new Set();
  const lazy = new Set();
  const missing = [];
  const visit = (path) => {
    if (seen.has(path)) return;
    if (!existsSync(path)) return void missing.push(relative(base, path));
    seen.add(path);
    const { static: deps, dynamic } = imports(path);
    for (const d of dynamic) lazy.add(d);
    for (const d of deps) visit(d);
  };
  visit(entry);
  // Lazy chunks and what they import that the page does not already have.
  const lazySeen = new Set();
  const visitLazy = (path) => {
    if (seen.has(path) || lazySeen.has(path) || !existsSync(path)) return;
    lazySeen.add(path);
    const { static: deps, dynamic } = imports(path);
    for (const d of [...deps, ...dynamic]) visitLazy(d);
  };
  for (const l of lazy) visitLazy(l);
  const sum = (paths) => [...paths].map(fileSize).reduce((a, b) => ({ minified: a.minified + b.minified, gzip: a.gzip + b.gzip }), { minified: 0, gzip: 0 });
  // Each import() on its own: the chunk and what it imports that the page does not already have (two
  // on-demand chunks may share a chunk, counted in both: what the first of them to load costs).
  const onDemand = [...lazy].filter((l) => !seen.has(l) && existsSync(l)).map((l) => {
    const closure = new Set();
    const walk = (path) => {
      if (seen.has(path) || closure.has(path) || !existsSync(path)) return;
      closure.add(path);
      for (const d of imports(path).static) walk(d);
    };
    walk(l);
    return { file: relative(base, l), files: [...closure].map((p) => relative(base, p)), ...sum(closure) };
  });
  return {
    files: [...seen].map((p) => relative(base, p)),
    ...sum(seen),
    lazy: { files: [...lazySeen].map((p) => relative(base, p)), ...sum(lazySeen), chunks: onDemand },
    missing,
  };
}
