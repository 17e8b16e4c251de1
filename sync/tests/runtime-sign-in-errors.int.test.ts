/**
 * Each way a sign-in fails gets its own stable code and plain words, against
 * the real sync server (and real loopback HTTP servers for the ones it cannot
 * play: nothing listening, a server that answers something else). Then the
 * kept accounts: listed, and switched between without signing out.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannel } from '../../main/ipc/channel.ts';
import { CHANNELS } from '../../main/ipc/channels.ts';
import { openRuntime, type CoreRuntime } from '../../main/core/runtime/runtime.ts';
import { call as http, createLoginTenant, login, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { waitFor } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
let runtime: CoreRuntime;
const stubs: Server[] = [];

beforeAll(async () => {
  // Two free failures per account, then a 30 s lockout: long enough to be seen, never waited for.
  t = await startTestServer({ accessRecheckMs: '60s', loginFreeAttempts: 2, loginBaseDelayMs: '30s' });
  a = await createLoginTenant(t.db.pool, 'errors');
  runtime = await openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-sign-in-errors-')) });
});
afterAll(async () => {
  runtime.close();
  for (const s of stubs) s.close();
  await t.close();
});

const call = (name: string, input?: unknown) => invokeChannel(CHANNELS[name], name, input, { runtime });
const signIn = (email: string, password: string, server_url = t.url) => call('session.sign_in', { server_url, email, password });

/** A real HTTP server on loopback that answers every request the same way. */
async function stubServer(status: number, contentType: string, body: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  stubs.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('sign-in failures', () => {
  it('a wrong password says so, not "not found"', async () => {
    expect(await signIn(a.emails.rep, 'wrong password')).toEqual({
      ok: false,
      error: { code: 'invalid_credentials', message: 'the email or the password is wrong: check both and try again' },
    });
    expect(await signIn('nobody@nowhere.example', 'wrong password')).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(runtime.account.kind).toBe('local');
  });

  it('too many failures say how long to wait', async () => {
    for (let i = 0; i < 3; i++) await signIn(a.emails.viewer, 'wrong password');
    const answer = await signIn(a.emails.viewer, PASSWORD);
    expect(answer).toMatchObject({ ok: false, error: { code: 'throttled', details: { retry_after_seconds: expect.any(Number) } } });
    expect(!answer.ok && answer.error.message).toMatch(/^too many failed sign-ins for this account: wait \d+ s, then try again$/);
  });

  it('a server that cannot be reached is offline', async () => {
    const closed = await stubServer(200, 'text/plain', '');
    stubs.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await signIn(a.emails.rep, PASSWORD, closed)).toMatchObject({
      ok: false,
      error: { code: 'offline', message: expect.stringContaining('cannot be reached') },
    });
  });

  it('a server that answers something else is incompatible', async () => {
    const other = await stubServer(200, 'application/json', '{"hello":"a newer server"}');
    expect(await signIn(a.emails.rep, PASSWORD, other)).toMatchObject({
      ok: false,
      error: { code: 'incompatible_server', message: expect.stringContaining('did not answer the way this version of the app expects') },
    });
    const html = await stubServer(404, 'text/html', '<h1>Not Found</h1>');
    expect(await signIn(a.emails.rep, PASSWORD, html)).toMatchObject({ ok: false, error: { code: 'incompatible_server' } });
  });

  it('a revoked computer is told so', async () => {
    expect(await signIn(a.emails.rep, PASSWORD)).toMatchObject({ ok: true, value: { kind: 'server' } });
    await waitFor(() => (runtime.syncStatus() as { state: string }).state === 'up_to_date', 'the first sync');
    const owner = await login(t.url, a.emails.owner);
    expect((await http(t.url, 'POST', `/v1/admin/devices/${runtime.deviceId}/revoke`, { token: owner.token })).status).toBe(200);
    await waitFor(() => (runtime.syncStatus() as { state: string }).state === 'signed_out', 'the revoked sign-in to end');
    expect(await call('session.sign_out', {})).toMatchObject({ ok: true, value: { kind: 'local' } });
    expect(await signIn(a.emails.rep, PASSWORD)).toMatchObject({
      ok: false,
      error: { code: 'device_revoked', message: expect.stringContaining('an admin revoked this computer') },
    });
  });
});

describe('kept accounts', () => {
  it('lists the local workspace and each server account, and switches between them', async () => {
    const accounts = await call('session.accounts');
    expect(accounts.ok).toBe(true);
    const list = accounts.ok ? (accounts.value as { id: string; kind: string; email: string }[]) : [];
    const local = list.find((x) => x.kind === 'local')!;
    const server = list.find((x) => x.kind === 'server' && x.email === a.emails.rep)!;
    expect(local).toBeDefined();
    expect(server).toBeDefined();

    expect(await call('session.switch', { account_id: server.id })).toMatchObject({ ok: true, value: { id: server.id, kind: 'server' } });
    expect(runtime.account.id).toBe(server.id);
    expect(await call('session.switch', { account_id: local.id })).toMatchObject({ ok: true, value: { kind: 'local' } });
    expect(runtime.account.id).toBe(local.id);

    expect(await call('session.switch', { account_id: 'not an id' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'account_id' }] },
    });
    expect(await call('session.switch', { account_id: '0190d7a0-0000-7000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('signing out with unsynced changes', () => {
  it('is refused with the count, for the UI to show', async () => {
    // A computer of its own: the one above was revoked.
    const other = await openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-sign-out-count-')) });
    const on = (name: string, input?: unknown) => invokeChannel(CHANNELS[name], name, input, { runtime: other });
    try {
      expect(await on('session.sign_in', { server_url: t.url, email: a.emails.manager, password: PASSWORD })).toMatchObject({ ok: true });
      await waitFor(() => (other.syncStatus() as { state: string }).state === 'up_to_date', 'the manager sync');
      await t.stop();
      try {
        expect((await on('organizations.create', { name: 'Kept Until Synced Deli' })).ok).toBe(true);
        expect((await on('organizations.create', { name: 'Second Unsynced Diner' })).ok).toBe(true);
        expect(await on('session.sign_out', {})).toMatchObject({
          ok: false,
          error: { code: 'pending_changes', details: { pending: 2 } },
        });
      } finally {
        await t.restart();
      }
    } finally {
      other.close();
    }
  });
});
