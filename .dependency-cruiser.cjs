// Import-cycle check over the whole tree (`npm run deps`, part of `npm test`).
// A cycle means two files can only be understood, tested and moved together;
// the fix is to move the piece both need to where both may depend on it.
// Layer fences (which folder may import which) live in eslint.config.js.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'files import each other (directly or through others): move the shared piece inward',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(out|dist|test-results|playwright-report)/' },
    // The project imports with .ts extensions (allowImportingTsExtensions);
    // the tsconfig makes the resolver follow them.
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle through types is still two files that
    // cannot be understood apart, and it becomes a runtime cycle with one edit.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
