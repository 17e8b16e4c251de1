/**
 * `npm run deps` (check-import-cycles.mjs) finds a cycle between TypeScript
 * files imported with .ts extensions, and passes a tree without one: the
 * runner really cruises TypeScript (dependency-cruiser 16 alone, given
 * TypeScript 6, cruised nothing and passed everything).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const runner = path.join(import.meta.dirname, 'check-import-cycles.mjs');
let dir = '';

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function check(files: Record<string, string>): Promise<{ code: number; out: string }> {
  dir = await mkdtemp(path.join(tmpdir(), 'cycles-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  try {
    const { stdout } = await run(process.execPath, [runner, dir], { timeout: 60_000 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('npm run deps', () => {
  it('fails on a cycle through a type-only import and names every file of it', async () => {
    const { code, out } = await check({
      'a.ts': "import { b } from './b.ts';\nexport const a = () => b();\n",
      'b.ts': "import type { C } from './c.ts';\nexport const b = (): C | null => null;\n",
      'c.ts': "import { a } from './a.ts';\nexport type C = ReturnType<typeof a>;\n",
    });
    expect(code).toBe(1);
    expect(out).toMatch(/no-circular: .*a\.ts -> .*b\.ts -> .*c\.ts -> .*a\.ts/);
  });

  it('passes a tree without a cycle, after cruising its files', async () => {
    const { code, out } = await check({
      'a.ts': "import { b } from './b.ts';\nexport const a = () => b();\n",
      'b.ts': 'export const b = () => 1;\n',
    });
    expect(code).toBe(0);
    expect(out).toContain('0 violation(s); 2 modules');
  });
});
