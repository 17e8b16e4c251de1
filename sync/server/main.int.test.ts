/**
 * `npm run server` as an admin runs it: --help lists the settings; bad
 * settings exit 2 with the setting named; and the embedded default starts in
 * a fresh data dir, creates the first owner, answers /health, stops on
 * SIGTERM (exit 0, PostgreSQL stopped too) even when the process could not run
 * for a moment (a loaded machine), and starts again on the same data (kept,
 * not recreated). The server runs with package.json's own `server` command.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config/settings.ts';
import { call, newDevice } from './testing/test-server.ts';

const run = promisify(execFile);
const READY = /sync server ready \(pid (\d+)\)/;
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) {
    // A server that was killed (a failed test) leaves its PostgreSQL running: stop it before its files go.
    const postmaster = path.join(d, 'postgres', 'postmaster.pid');
    const pid = existsSync(postmaster) ? Number(readFileSync(postmaster, 'utf8').split('\n')[0]) : 0;
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    await rm(d, { recursive: true, force: true });
  }
});

/** `npm run server`'s command line (a plain one: program and arguments), as [executable, ...args]. */
function serverCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { server: string } };
  const [program, ...args] = pkg.scripts.server.split(' ');
  const executable = program === 'node' ? process.execPath : path.join(REPO_ROOT, 'node_modules', '.bin', program!);
  return [executable, ...args.map((a) => (a.endsWith('.ts') ? path.join(REPO_ROOT, a) : a))];
}

interface StartedServer {
  child: ChildProcess;
  url: string;
  /** The process that runs the server code (the child itself, unless a wrapper sits in between). */
  serverPid: number;
  output: () => string;
}

/** Starts the server and resolves once it says it is ready (listening, with its stop handlers installed). */
function startServer(dataDir: string, env: Record<string, string> = {}): Promise<StartedServer> {
  const [executable, ...args] = serverCommand();
  const child = spawn(executable!, [...args, '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', ELECTRIC_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 100_000);
    const check = () => {
      const url = /listening on (http:\/\/\S+)/.exec(out);
      const ready = READY.exec(out);
      if (url && ready) {
        clearTimeout(timer);
        resolve({ child, url: url[1]!.replace(/\)$/, ''), serverPid: Number(ready[1]), output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

/** Waits for the exit, then checks it was clean and left no PostgreSQL running on the data dir. */
async function expectCleanStop(server: StartedServer, dataDir: string): Promise<void> {
  expect(await stopped(server.child), server.output()).toBe(0);
  expect(server.output()).toContain('SIGTERM: stopping');
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), 'embedded PostgreSQL still running').toBe(false);
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

describe('npm run server', () => {
  it('-- --help lists every setting', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'server', '--', '--help'], { cwd: REPO_ROOT });
    for (const name of ['HOST', 'PORT', 'DATA_DIR', 'DATABASE_URL', 'AUTHENTICATOR_PASSWORD', 'FIRST_OWNER_EMAIL', 'FIRST_OWNER_PASSWORD',
      'FIRST_WORKSPACE_NAME', 'TOKEN_TTL', 'ELECTRIC_URL', 'ELECTRIC_SECRET', 'SHAPE_ENGINE_SECRET', 'SHAPE_ENGINE_PORT']) {
      expect(stdout).toContain(`(${name})`);
    }
  });

  it('exits 2 naming a bad setting', async () => {
    const [executable, ...args] = serverCommand();
    const err = await run(executable!, [...args, '--port', 'eighty'], { cwd: REPO_ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2, stderr: expect.stringMatching(/PORT \(--port\)/) });
  });

  it('starts on embedded PostgreSQL in a new data dir, answers /health, and keeps its data across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pantry-server-main-'));
    dirs.push(dataDir);
    const env = { FIRST_OWNER_EMAIL: 'owner@embedded.example', FIRST_OWNER_PASSWORD: 'embedded owner pw', FIRST_WORKSPACE_NAME: 'Embedded Foods' };
    const first = await startServer(dataDir, env);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.output()).toContain('created the first owner owner@embedded.example');
    expect(first.output()).toContain('embedded PostgreSQL');
    expect((await call(first.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
    const secret = await stat(path.join(dataDir, 'secrets', 'crm-authenticator-password'));
    expect(secret.mode & 0o077).toBe(0);
    first.child.kill('SIGTERM');
    await expectCleanStop(first, dataDir);

    const second = await startServer(dataDir, env);
    expect(second.output()).not.toContain('created the first owner');
    expect(second.output()).not.toContain('setup code');
    const res = await call(second.url, 'POST', '/v1/auth/login', {
      body: { email: 'owner@embedded.example', password: 'embedded owner pw', device: newDevice() },
    });
    expect(res.status, `${JSON.stringify(res.body)}\n${second.output()}`).toBe(200);
    expect(res.body.workspace.name).toBe('Embedded Foods');
    // A loaded machine, made certain: the server process cannot run for a moment when
    // the stop arrives. It must still get the signal itself and stop cleanly, not be killed.
    process.kill(second.serverPid, 'SIGSTOP');
    second.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(second.serverPid, 'SIGCONT');
    } catch {
      // Already gone: it was killed instead of stopping, which the exit code below reports.
    }
    await expectCleanStop(second, dataDir);
  }, 240_000);
});
