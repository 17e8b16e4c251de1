/**
 * `npm run client` (main/headless) as scripts use it: real OS processes on
 * their own data directories against the real sync server, two of them
 * exchanging a record through PostgreSQL, and bad usage refused with a clear
 * error and exit code 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginTenant, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../../main/headless/cli.ts');

let t: TestServer;
let a: LoginTenant;
const dirs: string[] = [];

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'headless');
});
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await t.close();
});

interface Answer {
  code: number;
  out: unknown;
  err: string;
}

async function client(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Answer> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, '--data-dir', dataDir, ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, out: JSON.parse(stdout), err: stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: err.stdout ? JSON.parse(err.stdout) : null, err: err.stderr ?? '' };
  }
}

function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'pantry-headless-'));
  dirs.push(d);
  return d;
}

describe('npm run client', () => {
  it('signs in, writes through a channel, syncs it to PostgreSQL, and a second client reads it', async () => {
    const rep = dataDir();
    const signedIn = await client(rep, ['sign-in', '--server', t.url], { PANTRY_EMAIL: a.emails.rep, PANTRY_PASSWORD: PASSWORD });
    expect(signedIn, signedIn.err).toMatchObject({ code: 0, out: { kind: 'server', email: a.emails.rep } });

    const created = await client(rep, ['call', 'organizations.create', JSON.stringify({ name: 'Headless Harbor Grill', city: 'Duluth' })]);
    expect(created, created.err).toMatchObject({ code: 0, out: { id: expect.any(String) } });
    const id = (created.out as { id: string }).id;

    const synced = await client(rep, ['sync', '--timeout', '45']);
    expect(synced, synced.err).toMatchObject({ code: 0, out: { state: 'up_to_date', pending: 0 } });
    const row = await t.db.pool.query('SELECT name, created_by FROM organizations WHERE id = $1', [id]);
    expect(row.rows).toEqual([{ name: 'Headless Harbor Grill', created_by: a.users.rep }]);

    const manager = dataDir();
    await client(manager, ['sign-in', '--server', t.url], { PANTRY_EMAIL: a.emails.manager, PANTRY_PASSWORD: PASSWORD });
    expect((await client(manager, ['sync'])).code).toBe(0);
    const found = await client(manager, ['call', 'organizations.list', JSON.stringify({ q: 'Headless' })]);
    expect(found.out).toMatchObject({ rows: [{ id, name: 'Headless Harbor Grill', _pending: false }] });
  });

  it('lists channels, and prints the status of a local workspace without waiting', async () => {
    const local = dataDir();
    const channels = await client(local, ['channels']);
    expect(channels.out).toEqual(expect.arrayContaining(['organizations.create', 'session.sign_in', 'admin.members']));
    expect(await client(local, ['sync'])).toMatchObject({ code: 0, out: { state: 'local', pending: 0 } });
  });

  it('refuses bad usage and bad input with exit code 2 and says what is wrong', async () => {
    const d = dataDir();
    const unknown = await client(d, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command frobnicate');
    const badInput = await client(d, ['call', 'organizations.create', JSON.stringify({ name: '' })]);
    expect(badInput.code).toBe(2);
    expect(JSON.parse(badInput.err.slice(0, badInput.err.lastIndexOf('}') + 1))).toMatchObject({
      error: { code: 'invalid_input', issues: [expect.objectContaining({ path: 'name' })] },
    });
    // Names inherited from Object.prototype are not channels (they used to end in a TypeError).
    for (const name of ['constructor', '__proto__', 'toString']) {
      const inherited = await client(d, ['call', name, '{}']);
      expect(inherited.code, name).toBe(2);
      expect(inherited.err, name).toContain('unknown_channel');
    }
    const notJson = await client(d, ['call', 'organizations.create', '{name:']);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('not JSON');
    const noCredentials = await client(d, ['sign-in', '--server', t.url], { PANTRY_EMAIL: '', PANTRY_PASSWORD: '' });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.err).toContain('PANTRY_EMAIL');
    const wrongPassword = await client(d, ['sign-in', '--server', t.url], { PANTRY_EMAIL: a.emails.rep, PANTRY_PASSWORD: 'nope' });
    expect(wrongPassword.code).toBe(1);
    // Nothing was written by the refused create: the local workspace is still empty.
    const list = await client(d, ['call', 'organizations.list', '{}']);
    expect(list.out).toMatchObject({ rows: [] });
    // Ten process starts one after another (each loads tsx and the core): ~1 s each when idle,
    // past 6 s each on a loaded 2-core machine; each start has its own 60 s bound above.
  }, 300_000);
});
