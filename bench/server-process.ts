/**
 * A real sync server in its own OS process (so its RSS is its own), on its
 * embedded PostgreSQL 18 in a temp data dir, on free loopback ports. The
 * superuser URL comes from the password the server generated in DATA_DIR.
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../server-migrations/postgres/embedded-postgres.ts';
import { sleep } from './clock.ts';
import { onCleanup } from './cleanup.ts';
import { rssOf } from './machine.ts';
import { BENCH_DIR, REPO_ROOT } from './options.ts';

export interface BenchServer {
  url: string;
  pid: number;
  /** Superuser URL of the `pantry` database (seed, floor). */
  adminUrl: string;
  startSeconds: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

/** `nodeArgs`: extra node flags for the server process (e.g. cpuProfArgs). */
export async function startServer(dataDir: string, log: (line: string) => void, nodeArgs: readonly string[] = []): Promise<BenchServer> {
  const port = await findFreePort();
  const pgPort = await findFreePort();
  const t0 = performance.now();
  const child = fork(path.join(BENCH_DIR, 'server-entry.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...nodeArgs],
    env: {
      ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn',
      // The live-client fleet signs hundreds of devices in to one account from one address, several
      // at once; the throttle reserves each concurrent attempt as a failure until its password check
      // ends, so its default allowance (5) would lock the fleet out. Guessing is not measured here.
      LOGIN_FREE_ATTEMPTS: '1000', LOGIN_FREE_ATTEMPTS_PER_ADDRESS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    log(`[server] ${chunk.toString().trimEnd()}`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pgPidFile = path.join(dataDir, 'postgres', 'postmaster.pid');

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    // Should the server have died without stopping its PostgreSQL, stop that one (by its pid) too.
    if (existsSync(pgPidFile)) {
      const pid = Number(readFileSync(pgPidFile, 'utf8').split('\n')[0]);
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGINT');
          for (let i = 0; i < 100 && existsSync(pgPidFile); i++) await sleep(100);
        } catch {
          // already gone
        }
      }
    }
  };
  const unregister = onCleanup('sync server', stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sync server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`the sync server was not healthy after 180 s:\n${output}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(200);
  }
  const password = readFileSync(path.join(dataDir, 'secrets', 'postgres-superuser-password'), 'utf8').trim();
  return {
    url,
    pid: child.pid!,
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/pantry`,
    startSeconds: (performance.now() - t0) / 1000,
    rssBytes: () => rssOf(child.pid!),
    async stop() {
      unregister();
      await stop();
    },
  };
}
