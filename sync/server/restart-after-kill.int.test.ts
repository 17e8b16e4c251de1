/**
 * kill -9 of the sync server leaves its embedded PostgreSQL running as an
 * orphan that still locks the data directory. The next start on the same
 * DATA_DIR must stop that orphan and come up (/health 200), not die with
 * "server: undefined". A real server process, a real kill -9.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config/settings.ts';

const MAIN = path.join(REPO_ROOT, 'sync', 'server', 'main.ts');
const children: ChildProcess[] = [];
let dataDir: string | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function postmasterPid(dir: string): Promise<number> {
  return Number((await readFile(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dataDir) {
    // Whatever the outcome, leave no PostgreSQL behind.
    const pid = await postmasterPid(dataDir).catch(() => 0);
    if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
    await rm(dataDir, { recursive: true, force: true });
  }
});

/** The server as its own node process (no tsx wrapper in between, so kill -9 hits the server itself). */
function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dir, '--port', '0', '--log-level', 'warn'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env, DATABASE_URL: '', ELECTRIC_URL: '',
      FIRST_OWNER_EMAIL: 'owner@restart.example', FIRST_OWNER_PASSWORD: 'restart owner pw', FIRST_WORKSPACE_NAME: 'Restart Foods',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace(/\)$/, '') });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}):\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('restart after kill -9', () => {
  it('stops the orphaned embedded PostgreSQL of the same DATA_DIR and starts', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pantry-restart-'));
    const first = await startServer(dataDir);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    const orphan = await postmasterPid(dataDir);
    first.child.kill('SIGKILL');
    await exited(first.child);
    // The situation under test: PostgreSQL outlived its server.
    expect(alive(orphan)).toBe(true);

    const second = await startServer(dataDir);
    const health = await fetch(`${second.url}/health`);
    expect(health.status).toBe(200);
    expect(alive(orphan)).toBe(false);
    const login = await fetch(`${second.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'owner@restart.example', password: 'restart owner pw',
        device: { id: '6f1d0f3e-5d4c-4b8a-9e7f-0a1b2c3d4e5f', name: 'Restart laptop', platform: 'linux' },
      }),
    });
    expect(login.status).toBe(200);
    second.child.kill('SIGTERM');
    await exited(second.child);
  });
});
