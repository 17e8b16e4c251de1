/**
 * The desktop runtime against a real sync server: first run is a local
 * workspace; signing in through the channel switches to a server account with
 * its own replica, syncs it, and a command made in the app reaches PostgreSQL.
 * Signing out refuses while changes are unsynced.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invokeChannel } from '../../main/ipc/channel.ts';
import { CHANNELS } from '../../main/ipc/channels.ts';
import { openRuntime, type CoreRuntime, type RuntimeEvent } from '../../main/core/runtime/runtime.ts';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { waitFor } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
let runtime: CoreRuntime;
const events: RuntimeEvent[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  runtime = await openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-runtime-')) });
  runtime.subscribe((e) => events.push(e));
});
afterAll(async () => {
  runtime.close();
  await t.close();
});

const call = (name: string, input?: unknown) => invokeChannel(CHANNELS[name], name, input, { runtime });

it('starts local, signs in to a server, syncs, and pushes what the user does', async () => {
  expect(runtime.account.kind).toBe('local');
  expect(await call('session.sign_in', { server_url: t.url, email: a.emails.rep, password: 'wrong password' })).toMatchObject({ ok: false });
  expect(await call('session.sign_in', { server_url: 'not a url', email: 'x', password: '' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' },
  });

  const signedIn = await call('session.sign_in', { server_url: t.url, email: a.emails.rep, password: PASSWORD });
  expect(signedIn).toMatchObject({ ok: true, value: { kind: 'server', workspace_id: a.workspaceId } });
  await waitFor(() => (runtime.syncStatus() as { state: string }).state === 'up_to_date', 'the initial sync');
  expect(events.some((e) => e.type === 'sync' && (e.status as { state: string }).state === 'initial_sync')).toBe(true);

  const orgs = await call('organizations.list', { limit: 50 });
  expect(orgs.ok && (orgs.value as { rows: { name: string }[] }).rows.map((r) => r.name).sort()).toEqual([
    'Elm Street Bistro',
    'Saucy Foods',
    'Sysco North',
  ]);

  const created = await call('organizations.create', { name: 'Made In The App Deli' });
  expect(created.ok).toBe(true);
  await waitFor(
    async () => (await t.db.pool.query(`SELECT 1 FROM organizations WHERE name = 'Made In The App Deli'`)).rowCount === 1,
    'the pushed organization',
  );
  await waitFor(() => runtime.syncStatus().pending === 0, 'the outbox to drain');

  // Nothing unsynced: sign-out goes back to the local workspace.
  const out = await call('session.sign_out', {});
  expect(out).toMatchObject({ ok: true, value: { kind: 'local' } });
});

it('refuses to sign out while changes are not on the server', async () => {
  await call('session.sign_in', { server_url: t.url, email: a.emails.rep, password: PASSWORD });
  await waitFor(() => (runtime.syncStatus() as { state: string }).state === 'up_to_date', 'sync after the second sign-in');
  await t.stop();
  expect((await call('organizations.create', { name: 'Offline Only Cafe' })).ok).toBe(true);
  expect(await call('session.sign_out', {})).toMatchObject({ ok: false, error: { code: 'pending_changes' } });
  await t.restart();
  await waitFor(() => runtime.syncStatus().pending === 0, 'the offline change to land');
  expect((await t.db.pool.query(`SELECT 1 FROM organizations WHERE name = 'Offline Only Cafe'`)).rowCount).toBe(1);
});
