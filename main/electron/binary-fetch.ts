/**
 * The Electron binary, fetched on first use. npm never runs electron's own
 * download at install time (package.json's allowScripts), so `npm install`
 * succeeds on machines that cannot reach Electron's download host; `npm start`
 * runs that same install script itself, bounded in time, with its output shown.
 *
 * A failed fetch is remembered for a day (a small JSON file in
 * node_modules/.cache/pantry-crm, or PANTRY_CACHE_DIR), so a machine without
 * access does not wait for a failing download on every start; `--fetch-electron`
 * tries again at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';

export const FETCH_TIMEOUT_MS = 5 * 60_000;
export const REMEMBER_FAILURE_MS = 24 * 60 * 60_000;

const require = createRequire(import.meta.url);

/** The binary's path when it is there; null when it was never fetched (or only partly). */
export function installedElectronBinary(): string | null {
  try {
    // The electron package exports the path of its downloaded binary, and throws when there is none.
    const bin = require('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export function electronVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const failureRecord = z.object({ failed_at: z.iso.datetime(), electron_version: z.string(), reason: z.string() });
export type FailureRecord = z.infer<typeof failureRecord>;

export function failureFile(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.PANTRY_CACHE_DIR || path.join(root, 'node_modules/.cache/pantry-crm');
  return path.join(dir, 'electron-fetch-failed.json');
}

/** The remembered failure, if it is recent and about this Electron version; a damaged file counts as none. */
export async function recentFailure(file: string, version: string, now = Date.now()): Promise<FailureRecord | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  let parsed;
  try {
    parsed = failureRecord.safeParse(JSON.parse(text));
  } catch {
    return null;
  }
  if (!parsed.success || parsed.data.electron_version !== version) return null;
  const age = now - Date.parse(parsed.data.failed_at);
  return age >= 0 && age < REMEMBER_FAILURE_MS ? parsed.data : null;
}

export async function rememberFailure(file: string, version: string, reason: string, now = Date.now()): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const record: FailureRecord = { failed_at: new Date(now).toISOString(), electron_version: version, reason };
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
}

export async function forgetFailure(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Runs electron's install script (node_modules/electron/install.js: download,
 * checksum, unzip) with its output on this terminal. Resolves with null when it
 * succeeded, else with the reason in a few words.
 */
export function runElectronInstall(root: string, timeoutMs = FETCH_TIMEOUT_MS, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/electron/install.js')], { cwd: root, stdio: 'inherit', env });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`no answer within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? null : `electron's install script ended with ${signal ?? `exit code ${code}`}; its error is above`);
    });
  });
}
