/**
 * The admin API over real HTTP: allowed for owners and admins, refused for
 * managers, reps and viewers (and by PostgreSQL itself when asked directly);
 * members, devices, rejected mutations and sync health doing what they say.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAs, sqlError } from '../../../server-migrations/testing/act-as.ts';
import { ROLES, type Role } from '../../../server-migrations/testing/fixtures.ts';
import {
  call, createLoginTenant, login, mutation, newDevice, PASSWORD, startTestServer, type LoginTenant, type TestServer,
} from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let b: LoginTenant;
const tok = {} as Record<Role, string>;
const slot = `admin_test_${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  b = await createLoginTenant(t.db.pool, 'beta');
  for (const role of ROLES) tok[role] = (await login(t.url, a.emails[role], { device: newDevice(`${role} laptop`) })).token;
});
afterAll(async () => {
  await t.db.pool.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  await t.close();
});

const get = (token: string, route: string) => call(t.url, 'GET', route, { token });
const post = (token: string, route: string, body?: unknown) => call(t.url, 'POST', route, { token, ...(body ? { body } : {}) });
const patch = (token: string, route: string, body: unknown) => call(t.url, 'PATCH', route, { token, body });
const memberRow = async (userId: string) =>
  (await get(tok.admin, '/v1/admin/members?include_removed=true')).body.members.find((m: { user_id: string }) => m.user_id === userId);

describe('who may use the admin API', () => {
  it('owners and admins may; managers, reps and viewers get 403 on every route', async () => {
    const { rows } = await t.db.pool.query('SELECT id FROM devices WHERE user_id = $1', [b.users.rep]);
    const someDevice = rows[0]?.id ?? randomUUID();
    for (const role of ROLES) {
      const token = tok[role];
      const answers = [
        await get(token, '/v1/admin/members'),
        await get(token, '/v1/admin/devices'),
        await get(token, '/v1/admin/rejected-mutations'),
        await get(token, '/v1/admin/sync-health'),
        await post(token, '/v1/admin/members', { email: `${role}-invitee@example.test`, role: 'viewer' }),
        await patch(token, `/v1/admin/members/${a.users.viewer}`, { role: 'viewer' }),
        await post(token, `/v1/admin/devices/${someDevice}/resync`),
      ];
      const allowed = role === 'owner' || role === 'admin';
      for (const res of answers.slice(0, 6)) {
        expect(res.status, `${role}: ${JSON.stringify(res.body)}`).toBe(allowed ? (res.status === 201 ? 201 : 200) : 403);
        if (!allowed) expect(res.body.error.code).toBe('forbidden');
      }
      // A device of another workspace is not found even for admins.
      expect(answers[6]!.status).toBe(allowed ? 404 : 403);
    }
  });

  it('PostgreSQL refuses a manager even when the server is bypassed', async () => {
    await actAs(t.db.pool, a.users.manager, async (c) => {
      expect(await sqlError(c, 'SELECT * FROM crm.admin_rejected_mutations($1, NULL, NULL, NULL, NULL, 10)', [a.workspaceId])).toMatchObject({ code: '42501' });
      expect(await sqlError(c, 'SELECT * FROM crm.admin_sync_health($1)', [a.workspaceId])).toMatchObject({ code: '42501' });
      expect(await sqlError(c, `SELECT * FROM crm.admin_invite_member($1, 'x@example.test', 'x', 'viewer', sha256('x'), now() + interval '1 day')`, [a.workspaceId]))
        .toMatchObject({ code: '42501' });
      expect(await sqlError(c, 'SELECT * FROM crm.admin_pending_invitations($1)', [a.workspaceId])).toMatchObject({ code: '42501' });
      // Devices of others are invisible to a manager's UPDATE: nothing is revoked.
      const revoked = await c.query('UPDATE devices SET revoked_at = now() WHERE workspace_id = $1 AND user_id <> $2', [a.workspaceId, a.users.manager]);
      expect(revoked.rowCount).toBe(0);
    });
  });
});

describe('members', () => {
  it('lists the members with their roles, and pending invitations apart (they are not members)', async () => {
    const res = await get(tok.admin, '/v1/admin/members');
    expect(res.body.members.map((m: { email: string; role: string }) => [m.email, m.role]).sort()).toEqual(
      ROLES.map((r) => [a.emails[r], r]).sort(),
    );
    expect(res.body.invitations.map((i: { email: string; role: string }) => [i.email, i.role]).sort()).toEqual([
      ['admin-invitee@example.test', 'viewer'], ['owner-invitee@example.test', 'viewer'],
    ]);
  });

  it('invites a new person with a code they sign in with, choosing their own password', async () => {
    const res = await post(tok.admin, '/v1/admin/members', { email: 'Rita.Field@example.test', role: 'rep', display_name: 'Rita Field' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ invitation: { email: 'Rita.Field@example.test', role: 'rep', display_name: 'Rita Field' } });
    const code = res.body.invitation_code as string;
    expect(code).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect((await t.db.pool.query('SELECT 1 FROM users WHERE lower(email) = $1', ['rita.field@example.test'])).rowCount).toBe(0);
    const first = await call(t.url, 'POST', '/v1/auth/login', { body: { email: 'rita.field@example.test', password: code, device: newDevice() } });
    expect(first.body.error.code).toBe('password_change_required');
    const ok = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: 'rita.field@example.test', password: code, new_password: 'rita picks 2026', device: newDevice() },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ role: 'rep', workspace: { id: a.workspaceId }, user: { display_name: 'Rita Field' } });
    // The code is used up; her own password works from now on.
    expect((await call(t.url, 'POST', '/v1/auth/login', { body: { email: 'rita.field@example.test', password: code, new_password: 'another 2026 pw', device: newDevice() } })).status).toBe(401);
    expect((await login(t.url, 'rita.field@example.test', { password: 'rita picks 2026' })).body.workspace.id).toBe(a.workspaceId);
  });

  it('answers alike whether or not the invited email has an account, and attaches nobody without their sign-in', async () => {
    const existing = await post(tok.owner, '/v1/admin/members', { email: b.emails.manager, role: 'manager' });
    const unknown = await post(tok.owner, '/v1/admin/members', { email: 'nobody.yet@example.test', role: 'manager' });
    for (const res of [existing, unknown]) expect(res.status).toBe(201);
    const shape = (body: Record<string, unknown>) => JSON.stringify(body, (_k, v) => (typeof v === 'string' || typeof v === 'number' ? typeof v : v));
    expect(shape(existing.body)).toBe(shape(unknown.body));
    expect(existing.body.invitation.display_name).toBe(b.emails.manager.split('@')[0]);
    // Not a member of alpha yet: the victim's normal sign-in still lands in beta alone.
    expect((await login(t.url, b.emails.manager)).body.workspace.id).toBe(b.workspaceId);
    expect((await get(tok.owner, '/v1/admin/members')).body.members.some((m: { user_id: string }) => m.user_id === b.users.manager)).toBe(false);
    // A wrong code with the right password is refused and joins nothing.
    const wrong = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: b.emails.manager, password: PASSWORD, invitation_code: 'AAAA-BBBB-CCCC-DDDD', device: newDevice() },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_invitation', field: 'invitation_code' });
    // The code alone (as a password) does not open an existing account.
    const asPassword = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: b.emails.manager, password: existing.body.invitation_code, new_password: 'taken over 2026', device: newDevice() },
    });
    expect(asPassword.status).toBe(401);
    // Their own password plus the code: they join alpha as invited, and this session is there.
    const accepted = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: b.emails.manager, password: PASSWORD, invitation_code: existing.body.invitation_code, device: newDevice() },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'manager', workspace: { id: a.workspaceId } });
    const again = await post(tok.owner, '/v1/admin/members', { email: b.emails.manager, role: 'viewer' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_member');
    // Two workspaces now, by their own choice: a plain sign-in asks which one.
    expect((await call(t.url, 'POST', '/v1/auth/login', { body: { email: b.emails.manager, password: PASSWORD, device: newDevice() } })).body.error.code)
      .toBe('workspace_required');
  });

  it('does not lock a member of several workspaces out of a plain sign-in with a pending invitation', async () => {
    const c = await createLoginTenant(t.db.pool, 'gamma');
    const d = await createLoginTenant(t.db.pool, 'delta');
    await t.db.pool.query('INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)', [d.workspaceId, c.users.rep, 'rep']);
    expect((await post(tok.owner, '/v1/admin/members', { email: c.emails.rep, role: 'viewer' })).status).toBe(201);
    const res = await call(t.url, 'POST', '/v1/auth/login', { body: { email: c.emails.rep, password: PASSWORD, workspace_id: c.workspaceId, device: newDevice() } });
    expect(res.status).toBe(200);
    expect(res.body.workspace.id).toBe(c.workspaceId);
    const plain = await call(t.url, 'POST', '/v1/auth/login', { body: { email: c.emails.rep, password: PASSWORD, device: newDevice() } });
    expect(plain.body.error.message).toContain('2 workspaces');
  });

  it('changes roles within what the caller may grant', async () => {
    expect((await patch(tok.admin, `/v1/admin/members/${a.users.viewer}`, { role: 'rep' })).body.member.role).toBe('rep');
    expect((await patch(tok.admin, `/v1/admin/members/${a.users.viewer}`, { role: 'owner' })).status).toBe(403);
    expect((await patch(tok.admin, `/v1/admin/members/${a.users.owner}`, { role: 'viewer' })).status).toBe(403);
    expect((await patch(tok.admin, `/v1/admin/members/${b.users.rep}`, { role: 'viewer' })).status).toBe(404);
    const lastOwner = await patch(tok.owner, `/v1/admin/members/${a.users.owner}`, { role: 'admin' });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.code).toBe('last_owner');
    await patch(tok.admin, `/v1/admin/members/${a.users.viewer}`, { role: 'viewer' });
  });

  it('deactivates a member: their token stops working; adding them again reactivates them', async () => {
    const victim = await login(t.url, a.emails.viewer);
    const res = await post(tok.admin, `/v1/admin/members/${a.users.viewer}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.member.removed_at).toBeTruthy();
    expect((await get(victim.token, '/v1/me')).status).toBe(401);
    expect((await get(tok.admin, '/v1/admin/members')).body.members.some((m: { user_id: string }) => m.user_id === a.users.viewer)).toBe(false);
    expect((await get(tok.admin, '/v1/admin/members?include_removed=true')).body.members.some((m: { user_id: string }) => m.user_id === a.users.viewer)).toBe(true);
    const back = await post(tok.admin, '/v1/admin/members', { email: a.emails.viewer, role: 'viewer' });
    expect(back.status).toBe(201);
    // Back only when they sign in with the code.
    expect((await call(t.url, 'POST', '/v1/auth/login', { body: { email: a.emails.viewer, password: PASSWORD, device: newDevice() } })).body.error.code).toBe('no_workspace');
    const rejoined = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: a.emails.viewer, password: PASSWORD, invitation_code: back.body.invitation_code, device: newDevice() },
    });
    expect(rejoined.status).toBe(200);
    expect((await memberRow(a.users.viewer)).removed_at).toBeNull();
    tok.viewer = rejoined.body.token;
  });
});

describe('devices, rejected mutations, sync health', () => {
  it('lists devices with user, platform, app version, last seen and last mutation', async () => {
    const rep = await login(t.url, a.emails.rep, { device: { ...newDevice('Field tablet'), platform: 'win32', app_version: '1.2.3' } });
    await post(rep.token, '/v1/mutations', { mutations: [mutation('organizations', 'insert', randomUUID(), { name: 'Tablet Deli' })] });
    const res = await get(tok.owner, '/v1/admin/devices');
    const d = res.body.devices.find((x: { id: string }) => x.id === rep.deviceId);
    expect(d).toMatchObject({
      name: 'Field tablet', platform: 'win32', app_version: '1.2.3', revoked_at: null, resync_requested_at: null,
      user: { id: a.users.rep, email: a.emails.rep }, mutations_applied: 1, mutations_rejected: 0, live_shape_requests: 0,
    });
    expect(d.last_seen_at).toBeTruthy();
    expect(d.last_mutation_at).toBeTruthy();
    const inA = (await t.db.pool.query('SELECT id FROM devices WHERE workspace_id = $1', [a.workspaceId])).rows.map((r) => r.id).sort();
    expect(res.body.devices.map((x: { id: string }) => x.id).sort()).toEqual(inA);
  });

  it('revokes a device (its token stops working) and forces a resync', async () => {
    const victim = await login(t.url, a.emails.rep);
    const resync = await post(tok.admin, `/v1/admin/devices/${victim.deviceId}/resync`);
    expect(resync.status).toBe(200);
    expect(resync.body.device.resync_requested_at).toBeTruthy();
    expect((await get(victim.token, '/v1/me')).body.device.resync_requested_at).toBe(resync.body.device.resync_requested_at);
    const revoke = await post(tok.admin, `/v1/admin/devices/${victim.deviceId}/revoke`);
    expect(revoke.body.device.revoked_at).toBeTruthy();
    expect((await get(victim.token, '/v1/me')).status).toBe(401);
  });

  it('lists rejected mutations, newest first, filtered by user or device', async () => {
    const rep = await login(t.url, a.emails.rep);
    const manager = await login(t.url, a.emails.manager);
    const bad = (note: string) => mutation('organizations', 'update', randomUUID(), { notes: note });
    await post(rep.token, '/v1/mutations', { mutations: [bad('rep 1'), bad('rep 2')] });
    await post(manager.token, '/v1/mutations', { mutations: [bad('manager 1')] });
    await post((await login(t.url, b.emails.rep)).token, '/v1/mutations', { mutations: [bad('beta')] });
    const all = (await get(tok.admin, '/v1/admin/rejected-mutations')).body.rejected;
    expect(all.map((r: { changes: { notes: string } }) => r.changes.notes)).toEqual(['manager 1', 'rep 2', 'rep 1']);
    expect(all[0]).toMatchObject({ user_id: a.users.manager, device_id: manager.deviceId, table_name: 'organizations', op: 'update', code: 'not_found' });
    const byUser = (await get(tok.admin, `/v1/admin/rejected-mutations?user_id=${a.users.rep}`)).body.rejected;
    expect(byUser.map((r: { changes: { notes: string } }) => r.changes.notes)).toEqual(['rep 2', 'rep 1']);
    const byDevice = (await get(tok.admin, `/v1/admin/rejected-mutations?device_id=${manager.deviceId}&limit=5`)).body.rejected;
    expect(byDevice).toHaveLength(1);
  });

  it('pages through refused changes of one push (one received_at) without skipping or repeating any', async () => {
    const rep = await login(t.url, a.emails.rep);
    const bad = (note: string) => mutation('contacts', 'update', randomUUID(), { notes: note });
    const sent = ['page 1', 'page 2', 'page 3', 'page 4', 'page 5'].map(bad);
    await post(rep.token, '/v1/mutations', { mutations: sent });
    const seen: string[] = [];
    let query = `device_id=${rep.deviceId}&limit=2`;
    for (let pages = 0; pages < 10; pages++) {
      const res = await get(tok.admin, `/v1/admin/rejected-mutations?${query}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.rejected.map((r: { mutation_id: string }) => r.mutation_id));
      if (!res.body.next) break;
      query = `device_id=${rep.deviceId}&limit=2&before=${encodeURIComponent(res.body.next.before)}&before_id=${res.body.next.before_id}`;
    }
    expect([...seen].sort()).toEqual(sent.map((m) => m.mutation_id).sort());
    const lonely = await get(tok.admin, `/v1/admin/rejected-mutations?before_id=${randomUUID()}`);
    expect(lonely.status).toBe(400);
    expect(JSON.stringify(lonely.body)).toContain('before_id');
  });

  it('reports replication slot lag, mutation rates and connected devices', async () => {
    await t.db.pool.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
    const rep = await login(t.url, a.emails.rep);
    await post(rep.token, '/v1/mutations', { mutations: [mutation('organizations', 'insert', randomUUID(), { name: 'Lag Bistro' })] });
    const res = await get(tok.admin, '/v1/admin/sync-health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ connected_devices: 0, live_shape_requests: 0, shape_backend: 'built-in' });
    expect(Array.isArray(res.body.shapes)).toBe(true);
    expect(res.body.mutations_per_minute).toBeGreaterThan(0);
    expect(res.body.rejected_per_minute).toBeGreaterThan(0);
    const s = res.body.replication_slots.find((x: { slot_name: string }) => x.slot_name === slot);
    expect(s).toMatchObject({ slot_type: 'logical', active: false });
    expect(s.lag_bytes).toBeGreaterThan(0);
  });
});
