/**
 * `npm start [-- --fetch-electron] [-- web flags]`: the desktop app. With the
 * Electron binary it builds and launches Electron. Without it, it fetches it
 * first (main/electron/binary-fetch.ts); where that fails (no access to
 * Electron's download host) it says so in one line and serves the very same
 * app in the browser through the dev host, so `npm start` always opens
 * Pantry CRM. `--fetch-electron` retries a fetch that failed recently.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  electronVersion, FETCH_TIMEOUT_MS, failureFile, forgetFailure, installedElectronBinary, recentFailure, rememberFailure, runElectronInstall,
} from './electron/binary-fetch.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FORCE_FLAG = '--fetch-electron';

const say = (line: string) => process.stdout.write(`Pantry CRM: ${line}\n`);

/** The binary, fetched now if need be; null (after one line saying why) when the browser must do. */
async function electronOrNull(force: boolean): Promise<string | null> {
  const present = installedElectronBinary();
  if (present) return present;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !force) {
    say('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so Electron is not fetched: opening in your browser instead.');
    return null;
  }
  const version = electronVersion(root);
  const memory = failureFile(root);
  const failed = force ? null : await recentFailure(memory, version);
  if (failed) {
    say(`Electron could not be fetched at ${failed.failed_at} (${failed.reason}): opening in your browser instead; \`npm start -- ${FORCE_FLAG}\` tries again.`);
    return null;
  }
  say(`fetching Electron ${version} (first start only; at most ${FETCH_TIMEOUT_MS / 60_000} minutes)...`);
  // The script itself obeys ELECTRON_SKIP_BINARY_DOWNLOAD; a forced fetch means it.
  const env = { ...process.env };
  if (force) delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const failure = (await runElectronInstall(root, FETCH_TIMEOUT_MS, env)) ?? (installedElectronBinary() ? null : 'no binary after the download');
  if (failure) {
    await rememberFailure(memory, version, failure);
    say(`Electron could not be fetched (${failure}): opening in your browser instead; \`npm start -- ${FORCE_FLAG}\` tries again (otherwise not for a day).`);
    return null;
  }
  await forgetFailure(memory);
  return installedElectronBinary();
}

/** Passes a stop on to the child and leaves with its exit code. */
function follow(child: ChildProcess): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const args = process.argv.slice(2);
const force = args.includes(FORCE_FLAG);
const webArgs = args.filter((a) => a !== FORCE_FLAG);
const bin = await electronOrNull(force);
if (bin) {
  const { buildForElectron } = await import('./electron/build.ts');
  const entry = await buildForElectron(root);
  follow(spawn(bin, [entry], { stdio: 'inherit', cwd: root }));
} else {
  follow(spawn('npm', ['run', 'web', '--', ...webArgs], { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' }));
}
