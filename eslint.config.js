// Lint rules, including the import boundaries that keep dependencies pointing
// inward: renderer -> ipc contract -> core -> sync client -> sync schema.
// Only main/electron may import electron; nothing imports the sync server
// except its own tools; the schema depends on nothing of ours.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Builds a no-restricted-imports rule from folder names a layer must not reach. */
function forbid(folders, packages = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...folders.map((f) => ({
            regex: `(^|/)${f.replace(/\//g, '\\/')}(/|$)`,
            message: `dependencies point inward: this layer must not import ${f}`,
          })),
          ...packages.map((p) => ({ regex: `^${p}$`, message: `this layer must not import ${p}` })),
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['sync/schema/**'],
    rules: forbid(
      ['main', 'renderer', 'sync/client', 'sync/server', 'server-migrations'],
      ['pg', 'better-sqlite3', 'electron'],
    ),
  },
  {
    files: ['sync/client/**'],
    rules: forbid(['main', 'renderer', 'sync/server', 'server-migrations'], ['pg', 'electron']),
  },
  { files: ['sync/server/**'], rules: forbid(['main', 'renderer', 'sync/client'], ['electron']) },
  {
    files: ['main/core/**'],
    rules: forbid(
      ['main/ipc', 'main/electron', 'main/devhost', 'main/headless', 'renderer', 'sync/server'],
      ['electron'],
    ),
  },
  {
    files: ['main/ipc/**'],
    rules: forbid(
      ['main/electron', 'main/devhost', 'main/headless', 'renderer', 'sync/server'],
      ['electron'],
    ),
  },
  {
    files: ['main/devhost/**'],
    rules: forbid(['main/electron', 'main/headless', 'renderer/src', 'sync/server'], ['electron']),
  },
  {
    files: ['main/headless/**'],
    rules: forbid(['main/electron', 'main/devhost', 'renderer/src', 'sync/server'], ['electron']),
  },
  {
    files: ['main/electron/**'],
    rules: forbid(['main/devhost', 'main/headless', 'renderer/src', 'sync/server']),
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Of main/ only the channel contract, of sync/ only the schema: everything else there needs
            // the core, SQLite or Node (main/ipc/channels.ts pulls in the whole core).
            {
              regex: '^(\\.\\./)+main/(?!ipc/contract(/|$))',
              message:
                'the renderer imports nothing of main/ but the channel contract (main/ipc/contract)',
            },
            {
              regex: '^(\\.\\./)+sync/(?!schema(/|$))',
              message: 'the renderer imports nothing of sync/ but sync/schema',
            },
            {
              regex: '(^|/)server-migrations(/|$)',
              message: 'the renderer must not import server-migrations',
            },
            ...['pg', 'better-sqlite3', 'electron', 'node:.*'].map((p) => ({
              regex: `^${p}$`,
              message: `the renderer must not import ${p}`,
            })),
          ],
        },
      ],
    },
  },
  { files: ['server-migrations/**'], rules: forbid(['main', 'renderer', 'sync/client']) },
);
