/**
 * custom-elements-manifest.config.mjs: `npm run build:manifest` writes packages/elements/custom-elements.json
 * (gitignored, STYLE.md §8 and §10) from the JSDoc of the element classes and their base class,
 * `SfFormBase`, whose properties, attributes and events every form inherits. Storybook's autodocs
 * and controls read it (.storybook/preview.ts).
 *
 * Inheritance: the analyzer's own packageLinkPhase (CORE - APPLY-INHERITANCE, analyzer 0.11) copies
 * every `attributes`, `members`, `events`, `cssParts`, `cssProperties`, `cssStates` and `slots` entry of
 * a superclass in the manifest into each subclass, marked `inheritedFrom: { name: 'SfFormBase', ... }`;
 * an entry the subclass declares itself with the same name keeps the subclass's description. So
 * `SfFormBase`'s class JSDoc (internal/form-base.ts) holds the one copy of the shared `@fires`,
 * `@csspart` and `@cssprop`, its `@property` fields the shared attributes, and each form's JSDoc only
 * what is its own. Storybook's docs tables list the merged entries of each element.
 *
 * Five local plugins:
 * - `sfOneCopyOfTheDocs`: fails the build when a form repeats an inherited attribute, event, part or
 *   custom property word for word (the copies drifted before: each form missed 31-35 parts).
 * - `sfDefineCalls`: our `<name>.ts` files register with `define('tag', Class)` (internal/define.ts),
 *   not `customElements.define`, so the analyzer would not know the tag names. This reads those calls.
 * - `sfNoResult`: a form whose class JSDoc says `@noresult` computes no result, so the result panel's
 *   parts (`result`, `result-*`) it inherits are not listed for it (documented-parts.test.ts checks it).
 * - `publicMembersOnly`: private and protected members (and statics such as `formAssociated`) are
 *   implementation, not API, so they are left out (as Shoelace's config does).
 * - `packageRelativePaths`: the manifest sits in packages/elements, so its module paths are made
 *   relative to that package (`src/components/...`), as a published manifest's must be.
 */
const PACKAGE = 'packages/elements/';

/** `define('threat-report-form', ThreatReportForm)` -> a custom-element-definition export, as for customElements.define. */
function sfDefineCalls() {
  return {
    name: 'sf-define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'define') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      // The class is imported from the sibling `<name>.component.ts`.
      const importDecl = node
        .getSourceFile()
        .statements.filter(ts.isImportDeclaration)
        .find((d) => d.importClause?.name?.text === klass.text || d.importClause?.namedBindings?.elements?.some((e) => e.name.text === klass.text));
      const specifier = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : undefined;
      const dir = moduleDoc.path.slice(0, moduleDoc.path.lastIndexOf('/') + 1);
      const module = specifier?.startsWith('./') ? dir + specifier.slice(2).replace(/\.js$/, '.ts') : moduleDoc.path;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.text, declaration: { name: klass.text, module } },
      ];
    },
    packageLinkPhase({ customElementsManifest }) {
      // Classes with a tag are custom elements even when they extend SfFormBase rather than LitElement.
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) if (decl.kind === 'class' && decl.tagName) decl.customElement = true;
      }
    },
  };
}

const INHERITED = ['attributes', 'events', 'cssParts', 'cssProperties', 'cssStates', 'slots'];

/**
 * Keeps one copy of the shared docs: a class may re-describe an inherited entry (what `repeat-item` is
 * in this form), never repeat it word for word. The classes' own entries are noted in moduleLinkPhase,
 * before the core's inheritance (packageLinkPhase) merges the superclass's in.
 */
function sfOneCopyOfTheDocs() {
  /** class name -> superclass name and, per kind, its own entries' descriptions by name. */
  const own = new Map();
  return {
    name: 'sf-one-copy-of-the-docs',
    moduleLinkPhase({ moduleDoc }) {
      for (const decl of moduleDoc.declarations ?? []) {
        if (decl.kind !== 'class') continue;
        const entries = Object.fromEntries(INHERITED.map((kind) => [kind, new Map((decl[kind] ?? []).map((e) => [e.name, (e.description ?? '').trim()]))]));
        own.set(decl.name, { superclass: decl.superclass?.name, entries });
      }
    },
    packageLinkPhase() {
      const repeats = [];
      for (const [name, { superclass, entries }] of own) {
        for (let up = own.get(superclass), upName = superclass; up; upName = up.superclass, up = own.get(up.superclass)) {
          for (const kind of INHERITED) {
            for (const [entry, description] of entries[kind]) {
              if (up.entries[kind].get(entry) === description) repeats.push(`${name} repeats ${upName}'s ${kind} entry '${entry}' word for word: delete it, it is inherited`);
            }
          }
        }
      }
      if (repeats.length) throw new Error(repeats.join('\n'));
    },
  };
}

/** `@noresult` on a form's class: the inherited result panel parts are left out of its entry (after inheritance). */
function sfNoResult() {
  const noResult = new Set();
  const isResultPart = (name) => name === 'result' || name.startsWith('result-');
  return {
    name: 'sf-no-result',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      if (ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'noresult')) noResult.add(node.name.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind === 'class' && noResult.has(decl.name) && decl.cssParts) decl.cssParts = decl.cssParts.filter((p) => !isResultPart(p.name));
        }
      }
    },
  };
}

/** Drops private, protected and static members: only the public API is documented. */
function publicMembersOnly() {
  return {
    name: 'sf-public-members-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class' || !decl.members) continue;
          decl.members = decl.members.filter((m) => (!m.privacy || m.privacy === 'public') && !m.static && !m.name.startsWith('#'));
        }
      }
    },
  };
}

/** Rewrites every `module`/`path` in the manifest from `packages/elements/src/...` to `src/...`. */
function packageRelativePaths() {
  const strip = (value) => (typeof value === 'string' && value.startsWith(PACKAGE) ? value.slice(PACKAGE.length) : value);
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      if ((key === 'module' || key === 'path') && typeof node[key] === 'string') node[key] = strip(node[key]);
      else walk(node[key]);
    }
  };
  return {
    name: 'sf-package-relative-paths',
    packageLinkPhase({ customElementsManifest }) {
      walk(customElementsManifest.modules);
    },
  };
}

// For the plugins' own test (packages/elements/test/manifest-plugins.test.mjs).
export { sfOneCopyOfTheDocs, sfNoResult };

export default {
  globs: [
    `${PACKAGE}src/components/**/*.component.ts`,
    // The `define('tag', Class)` files: only for the tag names (sfDefineCalls).
    `${PACKAGE}src/components/*/*.ts`,
    // The base class of every form element: its attributes, properties, methods, events, parts and custom properties are inherited.
    `${PACKAGE}src/internal/form-base.ts`,
  ],
  exclude: [`${PACKAGE}src/**/*.test.ts`, `${PACKAGE}src/**/*.styles.ts`, `${PACKAGE}src/**/test/**`],
  outdir: `${PACKAGE}`,
  litelement: true,
  // The root package.json is not the elements package: its "customElements" field is set by hand.
  packagejson: false,
  dev: false,
  plugins: [sfOneCopyOfTheDocs(), sfDefineCalls(), sfNoResult(), publicMembersOnly(), packageRelativePaths()],
};
