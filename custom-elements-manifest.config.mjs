/**
 * custom-elements-manifest.config.mjs: `npm run build:manifest` writes packages/elements/custom-elements.json
 * (gitignored, STYLE.md §8 and §10) from the JSDoc of the element classes and their base class,
 * `SfFormBase`, whose properties, attributes and events every form inherits. Storybook's autodocs
 * and controls read it (.storybook/preview.ts).
 *
 * Three local plugins:
 * - `sfDefineCalls`: our `<name>.ts` files register with `define('tag', Class)` (internal/define.ts),
 *   not `customElements.define`, so the analyzer would not know the tag names. This reads those calls.
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

export default {
  globs: [
    `${PACKAGE}src/components/**/*.component.ts`,
    // The `define('tag', Class)` files: only for the tag names (sfDefineCalls).
    `${PACKAGE}src/components/*/*.ts`,
    // The base class of every form element: its properties, attributes and events are inherited.
    `${PACKAGE}src/internal/form-base.ts`,
  ],
  exclude: [`${PACKAGE}src/**/*.test.ts`, `${PACKAGE}src/**/*.styles.ts`, `${PACKAGE}src/**/test/**`],
  outdir: `${PACKAGE}`,
  litelement: true,
  // The root package.json is not the elements package: its "customElements" field is set by hand.
  packagejson: false,
  dev: false,
  plugins: [sfDefineCalls(), publicMembersOnly(), packageRelativePaths()],
};
