// The ESLint rule behind the import fences of eslint.config.js.
//
// Why not no-restricted-imports alone: it matches the text of the specifier,
// so `../../client/replica/index.ts` written inside sync/server never
// contains "sync/client" and slipped through. This rule resolves a relative
// specifier against the importing file first and matches the folder it
// lands in (repo-relative, forward slashes); a bare specifier (a package or a
// node: builtin) is matched as written.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Repo-relative target of a relative import, or null for a package. */
function resolvedPath(filename, specifier) {
  if (!specifier.startsWith('.')) return null;
  const absolute = path.resolve(path.dirname(filename), specifier);
  return path.relative(root, absolute).split(path.sep).join('/');
}

export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'an import must stay inside what its layer may depend on' },
    schema: [
      {
        type: 'object',
        properties: {
          paths: {
            type: 'array',
            items: {
              type: 'object',
              properties: { regex: { type: 'string' }, message: { type: 'string' } },
            },
          },
          packages: {
            type: 'array',
            items: {
              type: 'object',
              properties: { regex: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { paths = [], packages = [] } = context.options[0] ?? {};
    const pathRules = paths.map((p) => ({ re: new RegExp(p.regex), message: p.message }));
    const packageRules = packages.map((p) => ({ re: new RegExp(p.regex), message: p.message }));

    function check(source) {
      if (!source || typeof source.value !== 'string') return;
      const target = resolvedPath(context.filename, source.value);
      const rules = target === null ? packageRules : pathRules;
      const subject = target ?? source.value;
      const broken = rules.find((r) => r.re.test(subject));
      if (broken)
        context.report({
          node: source,
          message: `'${source.value}' (${subject}): ${broken.message}`,
        });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => (node.source.type === 'Literal' ? check(node.source) : undefined),
    };
  },
};
