/**
 * The import fences of eslint.config.js, checked with ESLint itself: a file
 * placed in a folder may import what its layer allows and is refused what it
 * does not. Linted as text at a path inside the folder, so no file is written.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: import.meta.dirname });

/** The fence messages ESLint gives `code` as if it were the file at `filePath`. */
async function fenceErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'layers/imports')
    .map((m) => m.message);
}

const cases: { folder: string; file: string; refused: string[]; allowed: string[] }[] = [
  {
    folder: 'server-migrations',
    file: 'server-migrations/fence-probe.ts',
    refused: [
      '../sync/schema/index.ts',
      '../sync/server/server.ts',
      '../main/core/index.ts',
      '../renderer/src/main.tsx',
    ],
    allowed: ['./migrator.ts', './testing/test-database.ts', 'pg'],
  },
  {
    folder: 'server-migrations/seed',
    file: 'server-migrations/seed/fence-probe.ts',
    refused: [
      '../../sync/server/server.ts',
      '../../sync/client/replica/index.ts',
      '../../main/core/index.ts',
    ],
    allowed: ['../../sync/schema/index.ts', '../identity/password-hash.ts'],
  },
  {
    folder: 'sync/schema',
    file: 'sync/schema/fence-probe.ts',
    refused: [
      'pg',
      'node:fs',
      '../client/replica/index.ts',
      '../server/server.ts',
      '../../server-migrations/migrator.ts',
    ],
    allowed: ['zod', './enums.ts'],
  },
  {
    folder: 'sync/client',
    file: 'sync/client/replica/fence-probe.ts',
    refused: [
      '../../server/server.ts',
      '../../../main/core/index.ts',
      '../../../server-migrations/migrator.ts',
      'pg',
    ],
    allowed: ['../../schema/index.ts', './replica.ts', 'better-sqlite3'],
  },
  {
    folder: 'sync/server',
    file: 'sync/server/auth/fence-probe.ts',
    refused: [
      '../../client/replica/index.ts',
      '../../../main/core/index.ts',
      '../../tests/harness.ts',
    ],
    allowed: [
      '../../schema/index.ts',
      '../../../server-migrations/identity/password-hash.ts',
      'pg',
    ],
  },
  {
    folder: 'bench',
    file: 'bench/fence-probe.ts',
    refused: ['../renderer/src/main.tsx', '../e2e/fixtures.ts'],
    allowed: [
      '../main/core/index.ts',
      '../sync/server/server.ts',
      '../sync/client/replica/index.ts',
    ],
  },
  {
    folder: 'sync/tests',
    file: 'sync/tests/fence-probe.ts',
    refused: ['../../renderer/src/main.tsx', '../../e2e/fixtures.ts'],
    allowed: ['../../main/ipc/channels.ts', '../server/testing/test-server.ts'],
  },
  {
    folder: 'e2e',
    file: 'e2e/support/fence-probe.ts',
    refused: [
      '../../main/core/commands/organizations.ts',
      '../../main/core/runtime/accounts.ts',
      '../../sync/client/replica/index.ts',
    ],
    allowed: [
      '../../main/core/runtime/runtime.ts',
      '../../main/ipc/channels.ts',
      '../../sync/server/server.ts',
    ],
  },
];

describe('import fences (eslint.config.js)', () => {
  for (const c of cases) {
    it(`${c.folder} is refused what its layer must not import`, async () => {
      for (const spec of c.refused) {
        expect(
          await fenceErrors(c.file, `import '${spec}';\n`),
          `${c.folder} importing ${spec}`,
        ).toHaveLength(1);
      }
    });

    it(`${c.folder} may import what its layer allows`, async () => {
      for (const spec of c.allowed) {
        expect(
          await fenceErrors(c.file, `import '${spec}';\n`),
          `${c.folder} importing ${spec}`,
        ).toEqual([]);
      }
    });
  }

  it('names the layer rule in the message', async () => {
    const [message] = await fenceErrors(
      'sync/schema/fence-probe.ts',
      "import pg from 'pg';\nexport { pg };\n",
    );
    expect(message).toMatch(/sync\/schema imports only zod/);
  });
});
