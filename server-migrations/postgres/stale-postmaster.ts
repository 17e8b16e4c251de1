/**
 * A PostgreSQL left running by a server that died without stopping it (kill -9,
 * a crash, a power cut of the parent only) keeps its data directory locked
 * through postmaster.pid, and the next start fails. Before starting we look at
 * that file: a live postgres process serving this very data directory is ours
 * and is shut down (fast, then immediate, each bounded); a pid file whose
 * process is gone is left to PostgreSQL, which removes it itself; a pid file
 * naming a live process that is not our postgres (the pid was reused after a
 * reboot) is stale and removed. Anything we cannot stop is an error that says what to do.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class StalePostmasterError extends Error {
  override name = 'StalePostmasterError';
}

export interface StopOptions {
  log: (line: string) => void;
  /** How long each shutdown mode may take before the next, stronger one. */
  waitMs?: number;
}

type Liveness = 'alive' | 'gone' | 'not-ours-to-signal';

function liveness(pid: number): Liveness {
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'not-ours-to-signal' : 'gone';
  }
}

/** The command line of a process, or undefined when it cannot be read. */
async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    // No /proc (macOS): ask ps.
    try {
      return (await run('ps', ['-o', 'command=', '-p', String(pid)])).stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (liveness(pid) === 'gone') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return liveness(pid) === 'gone';
}

/** Makes the data directory startable again if an earlier postgres of ours still holds it. */
export async function stopStalePostmaster(dataDir: string, opts: StopOptions): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await readFile(pidFile, 'utf8')).split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const state = liveness(pid);
  if (state === 'gone') return;
  const cmd = await commandLine(pid);
  const sameDir = path.resolve(lines[1] ?? '') === path.resolve(dataDir);
  const isOurPostgres = sameDir && cmd !== undefined && /postgres/.test(cmd) && cmd.includes(path.resolve(dataDir));
  if (!isOurPostgres) {
    if (cmd === undefined && state === 'not-ours-to-signal') {
      throw new StalePostmasterError(
        `process ${pid} named in ${pidFile} is running as another user and cannot be checked: if it is not PostgreSQL, delete that file; if it is, stop it, then start again`,
      );
    }
    opts.log(`removing the stale ${pidFile}: process ${pid} is not PostgreSQL for this data directory`);
    await rm(pidFile, { force: true });
    return;
  }
  if (state === 'not-ours-to-signal') {
    throw new StalePostmasterError(
      `PostgreSQL (pid ${pid}) of ${dataDir} is still running as another user: stop it (kill ${pid} as that user), then start again`,
    );
  }
  const waitMs = opts.waitMs ?? 20_000;
  // SIGINT: fast shutdown (clients cut, a clean checkpoint). SIGQUIT: immediate (recovery at the next start).
  for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
    opts.log(`stopping PostgreSQL (pid ${pid}) left running by an earlier server on ${dataDir} (${signal})`);
    try {
      process.kill(pid, signal);
    } catch {
      // Gone between the check and the signal: nothing left to stop.
    }
    if (await waitForExit(pid, waitMs)) return;
  }
  throw new StalePostmasterError(
    `PostgreSQL (pid ${pid}) of ${dataDir} is still running and did not stop: stop it (kill -9 ${pid}), then start again`,
  );
}
