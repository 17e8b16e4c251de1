/**
 * `npm run server` as an admin runs it: --help lists the settings; bad
 * settings exit 2 with the setting named; and the embedded default starts in
 * a fresh data dir, creates the first owner, answers /health, stops on
 * SIGTERM and starts again on the same data (kept, not recreated).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config/settings.ts';
import { call, newDevice } from './testing/test-server.ts';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(REPO_ROOT, 'sync', 'server', 'main.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Starts the server and resolves with its URL and output once it listens. */
function startServer(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(TSX, [MAIN, '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'], {
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
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace(/\)$/, ''), output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
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
    const err = await run(TSX, [MAIN, '--port', 'eighty'], { cwd: REPO_ROOT }).catch((e: { code: number; stderr: string }) => e);
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
    expect(await stopped(first.child)).toBe(0);

    const second = await startServer(dataDir, env);
    expect(second.output()).not.toContain('created the first owner');
    expect(second.output()).not.toContain('setup code');
    const res = await call(second.url, 'POST', '/v1/auth/login', {
      body: { email: 'owner@embedded.example', password: 'embedded owner pw', device: newDevice() },
    });
    expect(res.status).toBe(200);
    expect(res.body.workspace.name).toBe('Embedded Foods');
    second.child.kill('SIGTERM');
    expect(await stopped(second.child)).toBe(0);
  }, 240_000);
});
