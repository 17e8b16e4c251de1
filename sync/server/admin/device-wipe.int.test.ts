/**
 * Revoke and wipe over real HTTP (built-in shape engine): POST
 * /v1/admin/devices/:id/wipe revokes the device and from then on every request
 * with any of its tokens, a long poll in flight included, is answered 401
 * device_wiped; a plain revoke keeps answering the plain 401s. Admins only;
 * bad ids are a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createLoginTenant, login, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let owner: string;

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'wipes');
  owner = (await login(t.url, a.emails.owner)).token;
});
afterAll(async () => {
  await t.close();
});

/** Catches up on a shape, then starts a live request the server holds open; returns its answer to come. */
async function liveShapeRequest(token: string) {
  let query = 'table=organizations&offset=-1';
  for (let i = 0; i < 20; i++) {
    const res = await call(t.url, 'GET', `/v1/shape?${query}`, { token });
    expect(res.status).toBe(200);
    query = `table=organizations&handle=${res.headers.get('electric-handle')}&offset=${res.headers.get('electric-offset')}`;
    if (res.headers.get('electric-up-to-date') !== null) break;
  }
  return { answer: call(t.url, 'GET', `/v1/shape?${query}&live=true`, { token }) };
}

describe('revoke and wipe', () => {
  it('answers every request of a wiped device with 401 device_wiped, the long poll in flight included', async () => {
    const rep = await login(t.url, a.emails.rep);
    const older = await login(t.url, a.emails.rep, { device: { id: rep.deviceId, name: 'Test laptop', platform: 'linux', app_version: '0.1.0' } });
    await call(t.url, 'POST', '/v1/auth/logout', { token: older.token });
    const poll = await liveShapeRequest(rep.token);
    // The long poll is registered with the access watch before the wipe lands.
    await new Promise((r) => setTimeout(r, 300));

    const wiped = await call(t.url, 'POST', `/v1/admin/devices/${rep.deviceId}/wipe`, { token: owner });
    expect(wiped.status).toBe(200);
    expect(wiped.body.device).toMatchObject({ id: rep.deviceId, revoked_at: expect.any(String), wipe_requested_at: expect.any(String) });

    const cut = await poll.answer;
    expect([cut.status, cut.body.error?.code]).toEqual([401, 'device_wiped']);
    for (const [method, route, token] of [
      ['GET', '/v1/me', rep.token],
      ['GET', '/v1/shape?table=contacts&offset=-1', rep.token],
      ['POST', '/v1/mutations', rep.token],
      // A token the device had signed out of still learns of the wipe: a laptop offline for months must.
      ['GET', '/v1/me', older.token],
    ] as const) {
      const res = await call(t.url, method, route, { token, ...(method === 'POST' ? { body: { mutations: [] } } : {}) });
      expect([route, res.status, res.body.error?.code]).toEqual([route, 401, 'device_wiped']);
    }
    // Wiping again changes nothing; the listing shows it.
    expect((await call(t.url, 'POST', `/v1/admin/devices/${rep.deviceId}/wipe`, { token: owner })).body.device.wipe_requested_at)
      .toBe(wiped.body.device.wipe_requested_at);
    const list = await call(t.url, 'GET', '/v1/admin/devices', { token: owner });
    expect(list.body.devices.find((d: { id: string }) => d.id === rep.deviceId)).toMatchObject({ wipe_requested_at: expect.any(String) });
  });

  it('a plain revoke still only signs out', async () => {
    const manager = await login(t.url, a.emails.manager);
    expect((await call(t.url, 'POST', `/v1/admin/devices/${manager.deviceId}/revoke`, { token: owner })).body.device)
      .toMatchObject({ revoked_at: expect.any(String), wipe_requested_at: null });
    const me = await call(t.url, 'GET', '/v1/me', { token: manager.token });
    expect([me.status, me.body.error.code]).toEqual([401, 'session_expired']);
  });

  it('is for owners and admins, and names the bad field', async () => {
    const viewer = await login(t.url, a.emails.viewer);
    const rep = await login(t.url, a.emails.rep);
    const refused = await call(t.url, 'POST', `/v1/admin/devices/${viewer.deviceId}/wipe`, { token: rep.token });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    const bad = await call(t.url, 'POST', '/v1/admin/devices/not-a-uuid/wipe', { token: owner });
    expect([bad.status, bad.body.error.code, bad.body.error.field]).toEqual([400, 'invalid_request', 'id']);
    const unknown = await call(t.url, 'POST', '/v1/admin/devices/0190f1f4-0000-7000-8000-0000000000ff/wipe', { token: owner });
    expect(unknown.status).toBe(404);
    expect((await call(t.url, 'GET', '/v1/me', { token: viewer.token })).status).toBe(200);
  });
});
