// Lint rules, including the import boundaries that keep dependencies pointing
// inward: renderer -> ipc contract -> core -> sync client -> sync schema.
// Only main/electron may import electron; nothing imports the sync server
// except its own tools; the schema depends on nothing of ours.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerImports } from './eslint-layer-imports.js';

const layerRule = 'layers/imports';

/** The fence rule refusing imports that land in `folders` (repo-relative) or name one of `packages`. */
function forbid(folders, packages = []) {
  return {
    [layerRule]: [
      'error',
      {
        paths: folders.map((f) => ({
          regex: `^${f.replace(/\//g, '\\/')}(/|$)`,
          message: `dependencies point inward: this layer must not import ${f}`,
        })),
        packages: packages.map((p) => ({ regex: `^${p}(/|$)`, message: `this layer must not import ${p}` })),
      },
    ],
  };
}

/** The fence rule for a layer whose allowed imports are the short list: its own folder and a few packages. */
function allowOnly(folder, packages, message) {
  return {
    [layerRule]: [
      'error',
      {
        paths: [{ regex: `^(?!${folder}/)`, message }],
        packages: [{ regex: `^(?!(?:${packages.join('|')})(/|$))`, message }],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers: { rules: { imports: layerImports } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The domain model depends on nothing of ours and on no package but zod.
  { files: ['sync/schema/**'], rules: allowOnly('sync/schema', ['zod'], 'sync/schema imports only zod and its own files') },
  { files: ['sync/schema/**/*.test.ts'], rules: allowOnly('sync/schema', ['zod', 'vitest'], 'sync/schema tests import only zod, vitest and sync/schema') },
  { files: ['sync/client/**'], rules: forbid(['main', 'renderer', 'sync/server', 'sync/tests', 'server-migrations', 'bench', 'e2e'], ['pg', 'electron']) },
  { files: ['sync/server/**'], rules: forbid(['main', 'renderer', 'sync/client', 'sync/tests', 'bench', 'e2e'], ['electron']) },
  // The core implements the channel contract (pure zod over sync/schema), so it may
  // import main/ipc/contract; nothing else of main/ipc.
  {
    files: ['main/core/**'],
    rules: {
      [layerRule]: [
        'error',
        {
          paths: [
            { regex: '^main/ipc/(?!contract(/|$))', message: 'dependencies point inward: the core imports nothing of main/ipc but the contract' },
            ...forbid(['main/electron', 'main/devhost', 'main/headless', 'renderer', 'sync/server'])[layerRule][1].paths,
          ],
          packages: [{ regex: '^electron(/|$)', message: 'this layer must not import electron' }],
        },
      ],
    },
  },
  // The replica's ids are 16-byte blobs: the core reads and binds them as uuid text through
  // replica.stmt() / replica.prepare() (sync/client/replica/uuid-blob.ts), never the raw connection.
  {
    files: ['main/core/**'],
    ignores: ['main/core/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='db'][object.property.name='replica'], MemberExpression[property.name='db'][object.callee.name='replica']",
          message: 'the core uses replica.stmt() or replica.prepare(): ids are blobs in the file and uuid text through those (uuid-blob.ts)',
        },
      ],
    },
  },
  { files: ['main/ipc/**'], rules: forbid(['main/electron', 'main/devhost', 'main/headless', 'renderer', 'sync/server'], ['electron']) },
  // The contract is what the renderer sees of the core: zod and sync/schema, nothing that needs Node.
  {
    files: ['main/ipc/contract/**'],
    rules: {
      [layerRule]: [
        'error',
        {
          paths: [{ regex: '^(?!main/ipc/contract/|sync/schema/)', message: 'the channel contract imports only zod, sync/schema and its own files' }],
          packages: [{ regex: '^(?!zod(/|$)|vitest$)', message: 'the channel contract imports only zod, sync/schema and its own files' }],
        },
      ],
    },
  },
  { files: ['main/devhost/**'], rules: forbid(['main/electron', 'main/headless', 'renderer/src', 'sync/server'], ['electron']) },
  { files: ['main/headless/**'], rules: forbid(['main/electron', 'main/devhost', 'renderer/src', 'sync/server'], ['electron']) },
  { files: ['main/electron/**'], rules: forbid(['main/devhost', 'main/headless', 'renderer/src', 'sync/server']) },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    // Of main/ only the channel contract, of sync/ only the schema: everything else there
    // needs the core, SQLite or Node (main/ipc/channels.ts pulls in the whole core).
    rules: {
      [layerRule]: [
        'error',
        {
          paths: [
            { regex: '^main/(?!ipc/contract(/|$))', message: 'the renderer imports nothing of main/ but the channel contract (main/ipc/contract)' },
            { regex: '^sync/(?!schema(/|$))', message: 'the renderer imports nothing of sync/ but sync/schema' },
            { regex: '^server-migrations(/|$)', message: 'the renderer must not import server-migrations' },
          ],
          packages: ['pg', 'better-sqlite3', 'electron', 'node:.*'].map((p) => ({ regex: `^${p}(/|$)`, message: `the renderer must not import ${p}` })),
        },
      ],
    },
  },
  // The innermost layer: the database and its tools import nothing above them.
  { files: ['server-migrations/**'], rules: forbid(['main', 'renderer', 'sync', 'bench', 'e2e']) },
  // The seed writes the rows the domain model describes, so it takes enum values
  // and closed stages from sync/schema (pure data, zod only) instead of
  // re-listing them; nothing else of sync.
  {
    files: ['server-migrations/seed/**'],
    rules: forbid(['main', 'renderer', 'sync/client', 'sync/server', 'sync/tests', 'bench', 'e2e']),
  },
  // System tests drive every layer below the UI; nothing imports them.
  { files: ['sync/tests/**'], rules: forbid(['renderer', 'e2e', 'bench']) },
  // Benchmarks drive every layer below the UI, headless.
  { files: ['bench/**'], rules: forbid(['renderer', 'e2e', 'sync/tests'], ['electron']) },
  // The independent floor must not reuse the code it is the floor of (bench/floor/independence.test.ts checks the whole import graph).
  { files: ['bench/floor/**'], rules: forbid(['renderer', 'e2e', 'sync/tests', 'sync/client', 'sync/server', 'main'], ['electron']) },
  // End-to-end tests drive the app as a user does: through the runtime, the
  // channels and the dev host, never a command or the replica directly.
  {
    files: ['e2e/**'],
    rules: {
      [layerRule]: [
        'error',
        {
          paths: [
            { regex: '^main/core/(?!runtime/runtime\\.ts$|index\\.ts$)', message: 'e2e drives main/core through runtime/runtime.ts or index.ts, not its internals' },
            { regex: '^sync/client(/|$)', message: 'e2e reaches the replica only through the app' },
          ],
        },
      ],
    },
  },
);
