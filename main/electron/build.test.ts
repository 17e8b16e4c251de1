/**
 * What Electron loads must at least parse: the main process is bundled by
 * esbuild with a banner that defines `require` for bundled CommonJS code, and a
 * bundled module that imports createRequire itself once made main.js declare
 * it twice (a SyntaxError at launch, which no test without the Electron binary
 * saw). Bundled for real into a temp dir, then checked by Node's parser.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bundleMain } from './build.ts';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('bundles the main process into a file Node parses', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pantry-electron-main-'));
  const outfile = path.join(dir, 'main.mjs');
  await bundleMain(root, outfile);
  expect(statSync(outfile).size).toBeGreaterThan(100_000);
  // --check parses without running (electron and better-sqlite3 stay external imports).
  const check = () => execFileSync(process.execPath, ['--check', outfile], { stdio: 'pipe' });
  expect(check).not.toThrow();
}, 60_000);
