/**
 * A lost laptop, end to end: the rep's desktop core syncs a server account
 * (its files only the user can read); an owner, from another desktop, chooses
 * "revoke and wipe" through the admin channel; at its next contact (here: its
 * long poll, cut at once) the rep's core stops syncing, deletes that account's
 * replica with its -wal/-shm and its token, forgets the account and shows the
 * local workspace, whose data, like another account's, is untouched.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invokeChannel } from '../../main/ipc/channel.ts';
import { CHANNELS } from '../../main/ipc/channels.ts';
import { readAccounts, writeAccounts } from '../../main/core/runtime/accounts.ts';
import { openRuntime, type CoreRuntime, type RuntimeEvent } from '../../main/core/runtime/runtime.ts';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { Replica, uuidv7 } from '../client/replica/index.ts';
import { FileTokenStore } from '../client/server-link/token-store.ts';
import { createLoginTenant, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { waitFor } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
let repDir: string;
let rep: CoreRuntime;
let owner: CoreRuntime;
const events: RuntimeEvent[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'lost-laptop');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  repDir = mkdtempSync(path.join(tmpdir(), 'pantry-wipe-rep-'));
  rep = await openRuntime({ dataDir: repDir });
  rep.subscribe((e) => events.push(e));
  owner = await openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-wipe-owner-')) });
});
afterAll(async () => {
  rep?.close();
  owner?.close();
  await t.close();
});

const on = (runtime: CoreRuntime) => (name: string, input?: unknown) => invokeChannel(CHANNELS[name], name, input, { runtime });
const state = (runtime: CoreRuntime) => (runtime.syncStatus() as { state: string }).state;
const modeOf = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** Another server account kept on the rep's computer (another company's server): it must survive the wipe. */
async function keepAnotherAccount(): Promise<{ id: string; file: string; tokenFile: string }> {
  const id = uuidv7();
  const file = path.join(repDir, 'accounts', `${id}.sqlite`);
  Replica.open(file).close();
  await new FileTokenStore(path.join(repDir, 'tokens')).save(id, 'a-token-of-another-server-account');
  const accounts = await readAccounts(repDir);
  await writeAccounts(repDir, {
    ...accounts,
    accounts: [...accounts.accounts, {
      id, kind: 'server', server_url: 'http://127.0.0.1:9/', user_id: uuidv7(), email: 'rep@other.example', display_name: 'Rep Elsewhere',
      workspace_id: uuidv7(), workspace_name: 'Other Broker', db_file: `accounts/${id}.sqlite`, created_at: new Date().toISOString(),
    }],
  });
  return { id, file, tokenFile: path.join(repDir, 'tokens', `${id}.token`) };
}

it('revoke and wipe deletes the account from the lost laptop at its next contact, and nothing else', async () => {
  expect(await on(rep)('organizations.create', { name: 'Only On This Laptop' })).toMatchObject({ ok: true });
  const other = await keepAnotherAccount();

  const signedIn = await on(rep)('session.sign_in', { server_url: t.url, email: a.emails.rep, password: PASSWORD });
  expect(signedIn).toMatchObject({ ok: true, value: { kind: 'server' } });
  const account = rep.account;
  await waitFor(() => state(rep) === 'up_to_date', 'the rep to sync');
  const replicaFile = path.join(repDir, account.db_file);
  const tokenFile = path.join(repDir, 'tokens', `${account.id}.token`);
  for (const f of [replicaFile, `${replicaFile}-wal`, `${replicaFile}-shm`, tokenFile]) expect([f, modeOf(f)]).toEqual([f, '600']);

  expect(await on(owner)('session.sign_in', { server_url: t.url, email: a.emails.owner, password: PASSWORD })).toMatchObject({ ok: true });
  expect(await on(owner)('admin.wipe_device', { id: 'not a device' })).toMatchObject({
    ok: false, error: { code: 'invalid_input', issues: [{ path: 'id' }] },
  });
  const wiped = await on(owner)('admin.wipe_device', { id: rep.deviceId });
  expect(wiped).toMatchObject({ ok: true, value: { device: { id: rep.deviceId, revoked_at: expect.any(String), wipe_requested_at: expect.any(String) } } });

  await waitFor(() => rep.account.kind === 'local', 'the rep to be back on the local workspace');
  expect(events.some((e) => e.type === 'sync' && e.status.state === 'signed_out' && /removed this account/.test(e.status.reason ?? ''))).toBe(true);
  for (const f of [replicaFile, `${replicaFile}-wal`, `${replicaFile}-shm`, tokenFile]) expect([f, existsSync(f)]).toEqual([f, false]);
  const kept = await readAccounts(repDir);
  expect(kept.accounts.map((x) => x.id)).not.toContain(account.id);
  expect(kept.accounts.map((x) => x.id)).toContain(other.id);
  expect(existsSync(other.file) && existsSync(other.tokenFile)).toBe(true);
  const local = await on(rep)('organizations.list', { limit: 50 });
  expect(local.ok && (local.value as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(['Only On This Laptop']);
  expect(state(rep)).toBe('local');
  // The owner's own device is untouched.
  expect(await on(owner)('admin.devices', {})).toMatchObject({ ok: true });
});
