/**
 * `npm run web`'s entry point (main/devhost/main.ts) as a real process on a
 * temporary data directory: what a crash would take down, so tests can tell
 * "refused" from "the process died".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(REPO_ROOT, 'main/devhost/main.ts');

export interface DevHostProcess {
  url: string;
  port: number;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** True while the process runs and answers /api/health within the timeout. */
  answers(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startDevHostProcess(startTimeoutMs = 60_000): Promise<DevHostProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'devhost-process-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dev host did not start within ${startTimeoutMs} ms:\n${out}`)), startTimeoutMs);
    child.stdout!.on('data', () => {
      const m = /is at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the dev host exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => out,
    async answers(timeoutMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => null);
      return res?.status === 200;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
