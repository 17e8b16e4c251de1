/**
 * Sign-in over real HTTP against the real server and PostgreSQL: tokens bound
 * to user, device and workspace; logout, expiry and revocation; the 401s of
 * every protected route; workspace choice; device conflicts; one-time passwords.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call, createLoginTenant, login, newDevice, PASSWORD, setPassword, startTestServer,
  type LoginTenant, type TestServer,
} from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let b: LoginTenant;
beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  b = await createLoginTenant(t.db.pool, 'beta');
});
afterAll(async () => {
  await t.close();
});

const PROTECTED: Array<[string, string]> = [
  ['GET', '/v1/me'],
  ['PATCH', '/v1/me/device'],
  ['POST', '/v1/auth/logout'],
  ['POST', '/v1/mutations'],
  ['GET', '/v1/shape?table=organizations&offset=-1'],
  ['GET', '/v1/admin/members'],
  ['GET', '/v1/admin/devices'],
  ['GET', '/v1/admin/rejected-mutations'],
  ['GET', '/v1/admin/sync-health'],
];

async function expect401Everywhere(token: string | undefined, code: string) {
  for (const [method, route] of PROTECTED) {
    const res = await call(t.url, method, route, { ...(token ? { token } : {}) });
    expect(res.status, `${method} ${route}`).toBe(401);
    expect(res.body.error.code, `${method} ${route}`).toBe(code);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  }
}

describe('sign-in', () => {
  it('answers a token bound to user, workspace and device, and /v1/me describes it', async () => {
    const device = newDevice('Rep laptop');
    const { token, body } = await login(t.url, a.emails.rep, { device });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({
      token_type: 'Bearer', role: 'rep',
      user: { id: a.users.rep, email: a.emails.rep },
      workspace: { id: a.workspaceId, name: 'alpha' },
      device: { id: device.id, name: 'Rep laptop', platform: 'linux', app_version: '0.1.0' },
    });
    expect(new Date(body.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const me = await call(t.url, 'GET', '/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'token' && k !== 'token_type')));
    // Only the hash is stored; the device row belongs to the workspace.
    const stored = await t.db.pool.query('SELECT token_hash FROM crm_private.sessions WHERE device_id = $1', [device.id]);
    expect(stored.rows[0].token_hash).toEqual(createHash('sha256').update(token).digest());
    const d = await t.db.pool.query('SELECT workspace_id, user_id, last_seen_at FROM devices WHERE id = $1', [device.id]);
    expect(d.rows[0]).toMatchObject({ workspace_id: a.workspaceId, user_id: a.users.rep });
    expect(d.rows[0].last_seen_at).not.toBeNull();
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    for (const email of [a.emails.manager, 'nobody@example.test']) {
      const res = await call(t.url, 'POST', '/v1/auth/login', { body: { email, password: 'wrong password', device: newDevice() } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'invalid_credentials', message: 'the email or the password is wrong' } });
    }
  });

  it('asks which workspace when the user belongs to several, and honours workspace_id', async () => {
    await t.db.pool.query(`INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`, [b.workspaceId, a.users.admin]);
    const res = await call(t.url, 'POST', '/v1/auth/login', { body: { email: a.emails.admin, password: PASSWORD, device: newDevice() } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'workspace_required', field: 'workspace_id' });
    expect(res.body.error.message).toContain(`${a.workspaceId} (alpha, admin)`);
    expect(res.body.error.message).toContain(`${b.workspaceId} (beta, viewer)`);
    const inB = await login(t.url, a.emails.admin, { workspace_id: b.workspaceId });
    expect(inB.body).toMatchObject({ role: 'viewer', workspace: { id: b.workspaceId } });
    const notMine = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: a.emails.rep, password: PASSWORD, device: newDevice(), workspace_id: b.workspaceId },
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('not_a_member');
  });

  it('refuses a device id that belongs to someone else, and updates its own device on a new sign-in', async () => {
    const device = newDevice('Shared name');
    await login(t.url, a.emails.manager, { device });
    const res = await call(t.url, 'POST', '/v1/auth/login', { body: { email: a.emails.viewer, password: PASSWORD, device } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('device_conflict');
    await login(t.url, a.emails.manager, { device: { ...device, name: 'Renamed', app_version: '0.2.0' } });
    const d = await t.db.pool.query('SELECT name, app_version FROM devices WHERE id = $1', [device.id]);
    expect(d.rows[0]).toEqual({ name: 'Renamed', app_version: '0.2.0' });
  });

  it('lets a signed-in device rename itself, only itself, with a 400 naming the field for a bad name', async () => {
    const mine = newDevice('elena on vm');
    const other = newDevice('elena on vm');
    const { token } = await login(t.url, a.emails.rep, { device: mine });
    await login(t.url, a.emails.manager, { device: other });
    const res = await call(t.url, 'PATCH', '/v1/me/device', { token, body: { name: '  Elena laptop  ' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ device: { id: mine.id, name: 'Elena laptop' } });
    const names = await t.db.pool.query('SELECT id, name FROM devices WHERE id = ANY($1) ORDER BY name', [[mine.id, other.id]]);
    expect(names.rows).toEqual([
      { id: mine.id, name: 'Elena laptop' },
      { id: other.id, name: 'elena on vm' },
    ]);
    for (const body of [{ name: '' }, { name: 'x'.repeat(201) }, { name: 'bad\u0000name' }, { name: 7 }, {}]) {
      const bad = await call(t.url, 'PATCH', '/v1/me/device', { token, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'name' });
    }
    const extra = await call(t.url, 'PATCH', '/v1/me/device', { token, body: { name: 'ok', id: other.id } });
    expect(extra.status).toBe(400);
  });

  it('answers 400 JSON for a malformed sign-in', async () => {
    const res = await call(t.url, 'POST', '/v1/auth/login', { body: { email: 'x', password: PASSWORD, device: newDevice() } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'email' });
    const extra = await call(t.url, 'POST', '/v1/auth/login', { body: { email: a.emails.rep, password: PASSWORD, device: { ...newDevice(), platform: 'amiga' } } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('device.platform');
  });
});

describe('401 on every protected route', () => {
  it('without a token, or with a malformed or unknown one', async () => {
    await expect401Everywhere(undefined, 'unauthenticated');
    await expect401Everywhere('not-a-token', 'invalid_token');
    await expect401Everywhere('A'.repeat(43), 'session_expired');
  });

  it('after logout', async () => {
    const { token } = await login(t.url, a.emails.rep);
    expect((await call(t.url, 'POST', '/v1/auth/logout', { token })).body).toEqual({ signed_out: true });
    await expect401Everywhere(token, 'session_expired');
  });

  it('after the token expires', async () => {
    const { token, deviceId } = await login(t.url, a.emails.rep);
    expect((await call(t.url, 'GET', '/v1/me', { token })).status).toBe(200);
    await t.db.pool.query(`UPDATE crm_private.sessions SET expires_at = now() - interval '1 second' WHERE device_id = $1`, [deviceId]);
    await expect401Everywhere(token, 'session_expired');
  });

  it('after the device is revoked, and a revoked device cannot sign in again', async () => {
    const device = newDevice();
    const { token } = await login(t.url, a.emails.rep, { device });
    await t.db.pool.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [device.id]);
    await expect401Everywhere(token, 'session_expired');
    const again = await call(t.url, 'POST', '/v1/auth/login', { body: { email: a.emails.rep, password: PASSWORD, device } });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('device_revoked');
  });

  it('after the member is removed or the user disabled', async () => {
    const removed = await login(t.url, b.emails.rep);
    await t.db.pool.query('UPDATE workspace_members SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2', [b.workspaceId, b.users.rep]);
    await expect401Everywhere(removed.token, 'session_expired');
    const noWs = await call(t.url, 'POST', '/v1/auth/login', { body: { email: b.emails.rep, password: PASSWORD, device: newDevice() } });
    expect(noWs.body.error.code).toBe('no_workspace');

    const disabled = await login(t.url, b.emails.manager);
    await t.db.pool.query('UPDATE users SET disabled_at = now() WHERE id = $1', [b.users.manager]);
    await expect401Everywhere(disabled.token, 'session_expired');
    const res = await call(t.url, 'POST', '/v1/auth/login', { body: { email: b.emails.manager, password: PASSWORD, device: newDevice() } });
    expect(res.status).toBe(401);
  });
});

describe('one-time passwords', () => {
  it('must be replaced at the first sign-in, then only the new password works', async () => {
    const userId = b.users.viewer;
    await setPassword(t.db.pool, userId, 'one-time-1234');
    await t.db.pool.query(`INSERT INTO crm_private.one_time_passwords (user_id, expires_at) VALUES ($1, now() + interval '1 day')`, [userId]);
    const first = await call(t.url, 'POST', '/v1/auth/login', { body: { email: b.emails.viewer, password: 'one-time-1234', device: newDevice() } });
    expect(first.status).toBe(403);
    expect(first.body.error).toMatchObject({ code: 'password_change_required', field: 'new_password' });
    const short = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: b.emails.viewer, password: 'one-time-1234', new_password: 'short', device: newDevice() },
    });
    expect(short.status).toBe(400);
    const changed = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: b.emails.viewer, password: 'one-time-1234', new_password: 'my own secret 42', device: newDevice() },
    });
    expect(changed.status).toBe(200);
    expect((await call(t.url, 'POST', '/v1/auth/login', { body: { email: b.emails.viewer, password: 'one-time-1234', device: newDevice() } })).status).toBe(401);
    await login(t.url, b.emails.viewer, { password: 'my own secret 42' });
  });

  it('expires', async () => {
    await t.db.pool.query(`INSERT INTO crm_private.one_time_passwords (user_id, expires_at) VALUES ($1, now() - interval '1 minute')`, [a.users.owner]);
    const res = await call(t.url, 'POST', '/v1/auth/login', {
      body: { email: a.emails.owner, password: PASSWORD, new_password: 'whatever 12345', device: newDevice() },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('one_time_password_expired');
    await t.db.pool.query('DELETE FROM crm_private.one_time_passwords WHERE user_id = $1', [a.users.owner]);
  });
});
