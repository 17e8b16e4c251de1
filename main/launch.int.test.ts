/**
 * `npm start` on a machine that cannot download Electron, as a real process:
 * it tries electron's own install script (pointed at a closed loopback port,
 * so it fails at once), says in one line that it opens in the browser instead,
 * remembers the failure, and serves the app through the dev host.
 *
 * ELECTRON_OVERRIDE_DIST_PATH (electron's own setting) points at an empty
 * folder and electron_config_cache at an empty cache, so this runs the same
 * where the real binary is installed or cached.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
let launched: ChildProcess | null = null;
let dir = '';

/** Stops npm start and everything it started (its own process group: npm, the dev host, tsx's workers). */
async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.kill(-child.pid!, 'SIGTERM');
  const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 20_000))]);
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // the whole group is gone already
  }
  return code === 'late' ? -1 : code;
}

afterAll(async () => {
  if (launched) await stop(launched);
  if (dir) await rm(dir, { recursive: true, force: true });
});

function waitFor(pattern: RegExp, output: () => string, child: ChildProcess, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      const m = pattern.exec(output());
      if (m) done(null, m);
    };
    const exited = (code: number | null) => done(new Error(`npm start exited (${code}) before ${pattern}:\n${output()}`));
    function done(err: Error | null, m?: RegExpExecArray) {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('exit', exited);
      if (err) reject(err);
      else resolve(m!);
    }
    child.stdout!.on('data', check);
    child.on('exit', exited);
    check();
  });
}

describe('npm start without the Electron binary', () => {
  it('tries to fetch it, falls back to the browser in one clear line, remembers the failure, and serves the app', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pantry-launch-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_MIRROR: 'http://127.0.0.1:1/',
      ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron'),
      electron_config_cache: path.join(dir, 'download-cache'),
      PANTRY_CACHE_DIR: path.join(dir, 'state'),
    };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    launched = spawn(process.execPath, ['--import', 'tsx', 'main/launch.ts', '--port', '0', '--data-dir', path.join(dir, 'data')], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    launched.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    launched.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const output = () => out;

    await waitFor(/Pantry CRM: fetching Electron \S+/, output, launched, 60_000);
    await waitFor(/Pantry CRM: Electron could not be fetched \(.+\): opening in your browser instead; `npm start -- --fetch-electron` tries again/, output, launched, 60_000);
    const memory = JSON.parse(await readFile(path.join(dir, 'state', 'electron-fetch-failed.json'), 'utf8'));
    expect(memory).toMatchObject({ electron_version: expect.stringMatching(/^\d+\.\d+\.\d+/), reason: expect.stringContaining('install script') });

    // The dev host builds the renderer first: allow for a loaded machine.
    const [, url] = await waitFor(/Pantry CRM is at (http:\/\/127\.0\.0\.1:\d+)/, output, launched, 150_000);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Pantry CRM</title>');
    expect(await stop(launched), 'npm start did not stop on SIGTERM').not.toBe(-1);
  }, 240_000);
});
