/**
 * The memory of a failed Electron fetch, on real files: a recent failure of this
 * version stops the next start from waiting for the same failing download; an
 * old one, another version's, or a damaged file does not.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failureFile, forgetFailure, recentFailure, rememberFailure, REMEMBER_FAILURE_MS } from './binary-fetch.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function memoryFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pantry-electron-fetch-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'electron-fetch-failed.json');
}

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('remembered Electron fetch failures', () => {
  it('lives in node_modules/.cache unless PANTRY_CACHE_DIR says otherwise', () => {
    expect(failureFile('/repo', {})).toBe(path.join('/repo', 'node_modules/.cache/pantry-crm/electron-fetch-failed.json'));
    expect(failureFile('/repo', { PANTRY_CACHE_DIR: '/elsewhere' })).toBe(path.join('/elsewhere', 'electron-fetch-failed.json'));
  });

  it('is none before any failure', async () => {
    expect(await recentFailure(await memoryFile(), '41.7.1', NOW)).toBeNull();
  });

  it('holds a failure of this version for a day, then lets the next start try again', async () => {
    const file = await memoryFile();
    await rememberFailure(file, '41.7.1', 'connect ECONNREFUSED', NOW);
    expect(await recentFailure(file, '41.7.1', NOW + 60_000)).toMatchObject({ reason: 'connect ECONNREFUSED', electron_version: '41.7.1' });
    expect(await recentFailure(file, '41.7.1', NOW + REMEMBER_FAILURE_MS - 1)).not.toBeNull();
    expect(await recentFailure(file, '41.7.1', NOW + REMEMBER_FAILURE_MS)).toBeNull();
  });

  it("does not hold another Electron version's failure (an upgrade tries again)", async () => {
    const file = await memoryFile();
    await rememberFailure(file, '41.7.1', 'timeout', NOW);
    expect(await recentFailure(file, '42.0.0', NOW + 1000)).toBeNull();
  });

  it('treats a damaged or foreign file as no failure, and a failure dated in the future too (clock changed)', async () => {
    const file = await memoryFile();
    await rememberFailure(file, '41.7.1', 'timeout', NOW);
    expect(await recentFailure(file, '41.7.1', NOW - 60_000)).toBeNull();
    for (const text of ['{not json', '[]', JSON.stringify({ failed_at: 'yesterday', electron_version: '41.7.1', reason: 'x' })]) {
      await writeFile(file, text);
      expect(await recentFailure(file, '41.7.1', NOW), text).toBeNull();
    }
  });

  it('is forgotten after a successful fetch', async () => {
    const file = await memoryFile();
    await rememberFailure(file, '41.7.1', 'timeout', NOW);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ failed_at: new Date(NOW).toISOString() });
    await forgetFailure(file);
    await forgetFailure(file);
    expect(await recentFailure(file, '41.7.1', NOW)).toBeNull();
  });
});
