/**
 * The Admin screen's channels against a real sync server, through desktop
 * runtimes signed in as different members (each its own data directory, so
 * its own device): owners and admins manage members and devices, others are
 * told in words why not, a local workspace says to sign in first. Revoking a
 * device signs that app out; forcing a resync makes it download everything
 * again; a viewer's forced write shows up among the team's refused changes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannel, type ChannelResult } from '../../main/ipc/channel.ts';
import { CHANNELS } from '../../main/ipc/channels.ts';
import { openRuntime, type CoreRuntime, type RuntimeEvent } from '../../main/core/runtime/runtime.ts';
import { createCrmGraph, type CrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { call as callServer, createLoginTenant, newDevice, PASSWORD, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { waitFor } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
let graph: CrmGraph;
const runtimes: CoreRuntime[] = [];

async function newRuntime(): Promise<CoreRuntime> {
  const runtime = await openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'pantry-admin-')), appVersion: '0.9.1' });
  runtimes.push(runtime);
  return runtime;
}

/** A channel's envelope, loosely typed: answers are checked with expect(). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { ok: boolean; value?: any; error?: any };
const call = (runtime: CoreRuntime, name: string, input?: unknown): Promise<Answer> =>
  invokeChannel(CHANNELS[name], name, input, { runtime }) as Promise<ChannelResult<unknown> & Answer>;

const state = (runtime: CoreRuntime) => (runtime.syncStatus() as { state: string }).state;

/** An invited person's first sign-in, straight to the server: the invitation code as the password, and their own. */
function signInWithInvitation(email: string, code: string, newPassword: string) {
  return callServer(t.url, 'POST', '/v1/auth/login', { body: { email, password: code, new_password: newPassword, device: newDevice() } });
}

async function signedIn(email: string): Promise<CoreRuntime> {
  const runtime = await newRuntime();
  expect(await call(runtime, 'session.sign_in', { server_url: t.url, email, password: PASSWORD })).toMatchObject({ ok: true });
  await waitFor(() => state(runtime) === 'up_to_date', `${email}'s first sync`);
  return runtime;
}

let owner: CoreRuntime;
let rep: CoreRuntime;

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  graph = await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  owner = await signedIn(a.emails.owner);
  rep = await signedIn(a.emails.rep);
});
afterAll(async () => {
  for (const r of runtimes) r.close();
  await t.close();
});

describe('who may', () => {
  it('a local workspace is told to sign in to a server', async () => {
    const local = await newRuntime();
    const answer = await call(local, 'admin.members', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(answer.ok || answer.error.message).toMatch(/^sign in to a server to see the members/);
  });

  it('a rep is refused on every admin channel, in words', async () => {
    const answers = {
      'admin.members': await call(rep, 'admin.members', {}),
      'admin.devices': await call(rep, 'admin.devices', {}),
      'admin.rejected': await call(rep, 'admin.rejected', {}),
      'admin.sync_health': await call(rep, 'admin.sync_health', {}),
      'admin.add_member': await call(rep, 'admin.add_member', { email: 'someone@example.test', role: 'viewer' }),
      'admin.set_role': await call(rep, 'admin.set_role', { user_id: a.users.viewer, role: 'rep' }),
      'admin.remove_member': await call(rep, 'admin.remove_member', { user_id: a.users.viewer }),
      'admin.revoke_device': await call(rep, 'admin.revoke_device', { id: owner.deviceId }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(answer.ok || answer.error.message, name).toMatch(/^only owners and admins can /);
    }
    expect(answers['admin.members'].ok || answers['admin.members'].error.message).toBe('only owners and admins can see the members');
    expect(answers['admin.revoke_device'].ok || answers['admin.revoke_device'].error.message).toBe('only owners and admins can revoke devices');
  });

  it('inputs are checked before anything is sent', async () => {
    expect(await call(owner, 'admin.add_member', { email: 'not an email', role: 'boss' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'email' }, { path: 'role' }] },
    });
    expect(await call(owner, 'admin.revoke_device', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('the app knows its role from the replica and its device id', async () => {
    expect(await call(owner, 'app.info')).toMatchObject({ ok: true, value: { role: 'owner', device_id: owner.deviceId } });
    expect(await call(rep, 'app.info')).toMatchObject({ ok: true, value: { role: 'rep', device_id: rep.deviceId } });
  });
});

describe('members', () => {
  it('lists, adds, changes the role of and removes members', async () => {
    const list = await call(owner, 'admin.members', {});
    expect(list.ok).toBe(true);
    expect(list.value.members.map((m: { email: string; role: string }) => `${m.role}:${m.email}`).sort()).toEqual(
      Object.entries(a.emails).map(([role, email]) => `${role}:${email}`).sort(),
    );

    const added = await call(owner, 'admin.add_member', { email: 'new.rep@alpha.example', role: 'rep', display_name: 'New Rep' });
    expect(added).toMatchObject({ ok: true, value: { invitation: { email: 'new.rep@alpha.example', role: 'rep', display_name: 'New Rep' } } });
    expect(added.value.invitation_code).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    // A member once they sign in with the code and a password of their own.
    const joined = await signInWithInvitation('new.rep@alpha.example', added.value.invitation_code, 'new rep picks 2026');
    expect(joined.status).toBe(200);
    const userId = joined.body.user.id as string;
    expect(await call(owner, 'admin.add_member', { email: 'new.rep@alpha.example', role: 'viewer' })).toMatchObject({
      ok: false,
      error: { code: 'refused', message: 'new.rep@alpha.example is already a member of this workspace' },
    });

    expect(await call(owner, 'admin.set_role', { user_id: userId, role: 'manager' })).toMatchObject({
      ok: true,
      value: { member: { user_id: userId, role: 'manager' } },
    });
    const { rows } = await t.db.pool.query('SELECT role FROM workspace_members WHERE user_id = $1', [userId]);
    expect(rows).toEqual([{ role: 'manager' }]);

    const removed = await call(owner, 'admin.remove_member', { user_id: userId });
    expect(removed.ok && removed.value.member.removed_at).toBeTruthy();
    const active = await call(owner, 'admin.members', {});
    expect(active.value.members.some((m: { user_id: string }) => m.user_id === userId)).toBe(false);
    const all = await call(owner, 'admin.members', { include_removed: true });
    expect(all.value.members.some((m: { user_id: string }) => m.user_id === userId)).toBe(true);
  });

  it("an admin may not touch the owner, and the server's reason is shown", async () => {
    const admin = await signedIn(a.emails.admin);
    const answer = await call(admin, 'admin.set_role', { user_id: a.users.owner, role: 'viewer' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'only an owner may change or remove an owner' } });
    expect(await call(admin, 'admin.remove_member', { user_id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('a role change reaches the member’s app through sync', async () => {
    const viewer = await signedIn(a.emails.viewer);
    expect(viewer.role()).toBe('viewer');
    expect(await call(owner, 'admin.set_role', { user_id: a.users.viewer, role: 'rep' })).toMatchObject({ ok: true });
    await waitFor(() => viewer.role() === 'rep', 'the new role in the viewer’s replica');
    expect(await call(owner, 'admin.set_role', { user_id: a.users.viewer, role: 'viewer' })).toMatchObject({ ok: true });
    await waitFor(() => viewer.role() === 'viewer', 'the role back to viewer');
  });
});

describe('devices', () => {
  it('lists every device with its user, app version and last sight', async () => {
    const answer = await call(owner, 'admin.devices', {});
    expect(answer.ok).toBe(true);
    const mine = answer.value.devices.find((d: { id: string }) => d.id === rep.deviceId);
    expect(mine).toMatchObject({ app_version: '0.9.1', revoked_at: null, user: { email: a.emails.rep } });
    expect(mine.last_seen_at).toBeTruthy();
  });

  it('force resync makes that app download the workspace again', async () => {
    // The rep's replica loses a row behind the sync engine's back: only a fresh download brings it back.
    rep.ctx.replica.prepare('DELETE FROM organizations_synced WHERE id = ?').run(graph.customerId);
    expect(rep.ctx.replica.getRow('organizations', graph.customerId)).toBeUndefined();
    const events: RuntimeEvent[] = [];
    const stop = rep.subscribe((e) => events.push(e));
    const answer = await call(owner, 'admin.resync_device', { id: rep.deviceId });
    expect(answer).toMatchObject({ ok: true, value: { device: { id: rep.deviceId } } });
    expect(answer.value.device.resync_requested_at).toBeTruthy();
    await waitFor(() => Boolean(rep.ctx.replica.getRow('organizations', graph.customerId)), 'the re-downloaded organization', 30_000);
    await waitFor(() => state(rep) === 'up_to_date', 'up to date after the resync');
    expect(events.some((e) => e.type === 'changed' && e.tables.includes('organizations'))).toBe(true);
    stop();
  });

  it('revoking a device signs that app out at once, and it stays revoked', async () => {
    const statuses: string[] = [];
    const stop = rep.subscribe((e) => {
      if (e.type === 'sync') statuses.push((e.status as { state: string }).state);
    });
    const answer = await call(owner, 'admin.revoke_device', { id: rep.deviceId });
    expect(answer.ok && answer.value.device.revoked_at).toBeTruthy();
    await waitFor(() => state(rep) === 'signed_out', 'the revoked app to be signed out', 15_000);
    expect(statuses).toContain('signed_out');
    expect((await call(rep, 'sync.status')).value).toMatchObject({ state: 'signed_out' });
    // What it asks of the server now is refused as a sign-in problem, in words.
    expect(await call(rep, 'admin.members', {})).toMatchObject({
      ok: false,
      error: { code: 'signed_out', message: 'the server no longer accepts this sign-in: sign in again' },
    });
    const devices = await call(owner, 'admin.devices', {});
    expect(devices.value.devices.find((d: { id: string }) => d.id === rep.deviceId).revoked_at).toBeTruthy();
    stop();
  });
});

describe('refused changes and health', () => {
  it("a viewer's forced write is refused, kept on the viewer's app, and listed for admins", async () => {
    const viewer = await signedIn(a.emails.viewer);
    const created = await call(viewer, 'organizations.create', { name: 'Viewer Was Here' });
    expect(created.ok).toBe(true);
    await waitFor(() => viewer.syncStatus().rejected === 1, "the viewer's refused change");
    const answer = await call(owner, 'admin.rejected', { limit: 10 });
    expect(answer.ok).toBe(true);
    expect(answer.value.rejected[0]).toMatchObject({
      table_name: 'organizations',
      op: 'insert',
      user_id: a.users.viewer,
      device_id: viewer.deviceId,
      changes: { name: 'Viewer Was Here' },
    });
    const byDevice = await call(owner, 'admin.rejected', { device_id: owner.deviceId });
    expect(byDevice.value.rejected).toEqual([]);
  });

  it('sync health reports the built-in engine and connected devices', async () => {
    const answer = await call(owner, 'admin.sync_health', {});
    expect(answer).toMatchObject({ ok: true, value: { shape_backend: 'built-in' } });
    expect(answer.value.connected_devices).toBeGreaterThanOrEqual(1);
    expect(answer.value.replication_slots.length).toBeGreaterThanOrEqual(1);
  });
});

describe('when the server is away', () => {
  it('says so in words, and works again once it is back', async () => {
    await t.stop();
    try {
      expect(await call(owner, 'admin.devices', {})).toMatchObject({
        ok: false,
        error: { code: 'offline', message: 'the server cannot be reached, so you cannot see the devices right now: try again when you are online' },
      });
    } finally {
      await t.restart();
    }
    expect(await call(owner, 'admin.devices', {})).toMatchObject({ ok: true });
  });
});

describe('invitations from the app', () => {
  it('someone new joins through the sign-in form: the code in place of a password, and one of their own', async () => {
    const added = await call(owner, 'admin.add_member', { email: 'app.joiner@alpha.example', role: 'rep', display_name: 'App Joiner' });
    expect(added.ok).toBe(true);
    const app = await newRuntime();
    const code = added.value.invitation_code as string;
    // Without a password of their own, the form is told which field to fill.
    expect(await call(app, 'session.sign_in', { server_url: t.url, email: 'app.joiner@alpha.example', password: code })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [expect.objectContaining({ path: 'new_password' })] },
    });
    const joined = await call(app, 'session.sign_in', {
      server_url: t.url,
      email: 'app.joiner@alpha.example',
      password: code,
      new_password: 'joiner picks 2026',
    });
    expect(joined).toMatchObject({ ok: true, value: { kind: 'server', workspace_id: a.workspaceId, email: 'app.joiner@alpha.example' } });
    // From then on their own password is the one that works.
    const again = await newRuntime();
    expect(await call(again, 'session.sign_in', { server_url: t.url, email: 'app.joiner@alpha.example', password: 'joiner picks 2026' })).toMatchObject({ ok: true });
  });

  it('a member of another workspace accepts with their own password and the code, and keeps their own workspace', async () => {
    const b = await createLoginTenant(t.db.pool, 'invited-elsewhere');
    const added = await call(owner, 'admin.add_member', { email: b.emails.rep, role: 'viewer' });
    expect(added.ok).toBe(true);
    // Their normal sign-in is untouched by a pending invitation.
    const own = await newRuntime();
    expect(await call(own, 'session.sign_in', { server_url: t.url, email: b.emails.rep, password: PASSWORD })).toMatchObject({
      ok: true,
      value: { workspace_id: b.workspaceId },
    });
    const app = await newRuntime();
    const accepted = await call(app, 'session.sign_in', {
      server_url: t.url,
      email: b.emails.rep,
      password: PASSWORD,
      invitation_code: added.value.invitation_code,
    });
    expect(accepted).toMatchObject({ ok: true, value: { workspace_id: a.workspaceId } });
    const { rows } = await t.db.pool.query('SELECT role FROM workspace_members WHERE workspace_id = $1 AND user_id = $2', [a.workspaceId, b.users.rep]);
    expect(rows).toEqual([{ role: 'viewer' }]);
  });
});
