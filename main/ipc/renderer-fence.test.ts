/**
 * The renderer reaches the desktop core only through the channel contract:
 * ESLint and the renderer's tsconfig both refuse a renderer file that imports
 * main/core or main/ipc/channels.ts (which pulls in the core, SQLite and Node),
 * and both accept the contract.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const asRendererFile = path.join(root, 'renderer/src/components/FenceFixture.tsx');

async function lintAsRenderer(source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(source, { filePath: asRendererFile });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'layers/imports')
    .map((m) => m.message);
}

describe('the renderer fence (ESLint)', () => {
  it.each([
    [
      'the core',
      `import { COMMANDS } from '../../../main/core/index.ts';\nexport const c = COMMANDS;\n`,
    ],
    [
      'the channel table',
      `import { CHANNELS } from '../../../main/ipc/channels.ts';\nexport const c = CHANNELS;\n`,
    ],
    [
      'a channel group',
      `import type { ChannelContext } from '../../../main/ipc/channel-context.ts';\nexport type C = ChannelContext;\n`,
    ],
    [
      'the sync client',
      `import { Replica } from '../../../sync/client/replica/index.ts';\nexport const r = Replica;\n`,
    ],
  ])('refuses an import of %s', async (_what, source) => {
    const messages = await lintAsRenderer(source);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/the renderer imports nothing of (main|sync)\//);
  });

  it('accepts the contract and sync/schema', async () => {
    const source =
      `import type { ChannelOutput } from '../../../main/ipc/contract/index.ts';\n` +
      `import { memberRole } from '../../../sync/schema/index.ts';\n` +
      `export type O = ChannelOutput<'search'>;\nexport const r = memberRole;\n`;
    expect(await lintAsRenderer(source)).toEqual([]);
  });
});

const run = promisify(execFile);

/** Typechecks one file with the renderer's tsconfig; returns tsc's output (empty when it compiles). */
async function typecheckAsRenderer(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'renderer-fence-'));
  try {
    await writeFile(path.join(dir, 'probe.ts'), source);
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(root, 'renderer/tsconfig.json'),
        include: [],
        files: ['probe.ts'],
      }),
    );
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    return await run(process.execPath, [tsc, '-p', dir, '--noEmit'], { cwd: root }).then(
      (r) => r.stdout,
      (err: { stdout?: string }) => err.stdout ?? String(err),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the renderer fence (tsconfig)', () => {
  it('fails to compile a renderer file that imports main/ipc/channels.ts', async () => {
    const out = await typecheckAsRenderer(
      `import { CHANNELS } from '${path.join(root, 'main/ipc/channels.ts')}';\nexport const c = CHANNELS;\n`,
    );
    expect(out).toMatch(/error TS/);
    expect(out).toMatch(/not-in-the-renderer/);
  }, 180_000);

  it('compiles a renderer file that imports the contract', async () => {
    const out = await typecheckAsRenderer(
      `import type { ChannelOutput } from '${path.join(root, 'main/ipc/contract/index.ts')}';\n` +
        `export type O = ChannelOutput<'organizations.list'>['rows'][number]['name'];\n`,
    );
    expect(out).toBe('');
  }, 180_000);
});
