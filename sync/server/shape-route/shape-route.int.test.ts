/**
 * GET /v1/shape over real HTTP, through the proxy backend to a stand-in peer
 * (testing/electric-stand-in.ts: answers like Electric for trivial cases; it
 * is not the product's engine). Checks what reaches the backend, what comes
 * back, the cut-off of a revoked device or removed member in the middle of a
 * long poll, and must-refetch after a forced resync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsOf } from '../../schema/tables.ts';
import { startElectricStandIn, type ElectricStandIn } from '../testing/electric-stand-in.ts';
import { call, createLoginTenant, login, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';
import { quoteColumns } from './shape-definition.ts';

let peer: ElectricStandIn;
let t: TestServer;
let a: LoginTenant;
let b: LoginTenant;
let owner: string;
beforeAll(async () => {
  peer = await startElectricStandIn();
  t = await startTestServer({ electricUrl: peer.url, electricSecret: peer.secret, accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  b = await createLoginTenant(t.db.pool, 'beta');
  owner = (await login(t.url, a.emails.owner)).token;
});
afterAll(async () => {
  await t.close();
  await peer.close();
});

const shape = (token: string, query: string, headers: Record<string, string> = {}) =>
  call(t.url, 'GET', `/v1/shape?${query}`, { token, headers });

describe('forwarding', () => {
  it("sends the server's shape and only protocol parameters; forged where/columns/params never arrive", async () => {
    const { token } = await login(t.url, a.emails.rep);
    const forged = new URLSearchParams({
      table: 'contacts', offset: '-1', where: '1=1) OR (1=1', columns: '"id","password_hash"', 'params[1]': b.workspaceId,
      secret: 'client-guess', replica: 'full', subset__where: 'true', custom: '1', log: 'full',
    });
    const res = await shape(token, forged.toString(), { origin: 'http://renderer.local' });
    expect(res.status).toBe(200);
    const sent = peer.seen.at(-1)!.params;
    expect(Object.fromEntries(sent)).toEqual({
      table: 'contacts', where: `workspace_id = $1 AND workspace_id <> $2`, 'params[1]': a.workspaceId, 'params[2]': '00000000-0000-0000-0000-000000000000',
      columns: quoteColumns(columnsOf('contacts')), offset: '-1', log: 'full', secret: peer.secret,
    });
    // Electric's headers come back, exposed to a browser; nothing else of the peer's does.
    expect(res.headers.get('electric-handle')).toBe(peer.handleFor(sent));
    expect(res.headers.get('electric-offset')).toBe('0_0');
    expect(res.headers.get('electric-schema')).toContain('uuid');
    expect(res.headers.get('x-stand-in-internal')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBe('http://renderer.local');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/electric-offset.*electric-schema/);
    // Whose data it is is not in the URL: private caching only, keyed by the token.
    expect(res.headers.get('cache-control')).toBe('private, max-age=604800, stale-while-revalidate=2629746');
    expect(res.headers.get('vary')).toMatch(/origin.*authorization/i);
    expect(res.body).toEqual([]);
  });

  it("fills in each member's own workspace, and the members for users", async () => {
    const { token } = await login(t.url, b.emails.viewer);
    expect((await shape(token, 'table=organizations&offset=-1')).status).toBe(200);
    expect(peer.seen.at(-1)!.params.get('params[1]')).toBe(b.workspaceId);
    await shape(token, 'table=users&offset=-1');
    const seen = peer.seen.at(-1)!.params;
    expect(seen.get('where')).toBe('id <> $1 AND id IN ($2, $3, $4, $5, $6)');
    const members = [2, 3, 4, 5, 6].map((i) => seen.get(`params[${i}]`)).sort();
    expect(members).toEqual(Object.values(b.users).sort());
    expect(peer.seen.at(-1)!.params.get('columns')).toBe('"id","email","display_name","disabled_at"');
  });

  it('answers a browser preflight without a token, allowing the Authorization header', async () => {
    const res = await fetch(`${t.url}/v1/shape?table=contacts&offset=-1`, {
      method: 'OPTIONS',
      headers: { origin: 'http://renderer.local', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('passes If-None-Match and a 304 back', async () => {
    const { token } = await login(t.url, a.emails.viewer);
    const first = await shape(token, 'table=products&offset=-1');
    const again = await shape(token, 'table=products&offset=-1', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('answers the backend refusing our secret as 502, not as the client being signed out', async () => {
    const wrong = await startTestServer({ electricUrl: peer.url, electricSecret: 'wrong' });
    try {
      const tenant = await createLoginTenant(wrong.db.pool, 'gamma');
      const { token } = await login(wrong.url, tenant.emails.rep);
      const res = await call(wrong.url, 'GET', '/v1/shape?table=contacts&offset=-1', { token });
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('shape_backend_refused');
    } finally {
      await wrong.close();
    }
  });
});

/** Starts a long poll that the stand-in holds open; resolves with the answer when it ends. */
async function heldLongPoll(token: string) {
  const start = await shape(token, 'table=interactions&offset=-1');
  const handle = start.headers.get('electric-handle')!;
  const before = peer.seen.length;
  const answer = shape(token, `table=interactions&offset=0_inf&handle=${handle}&live=true&cursor=1`);
  while (peer.seen.length === before) await new Promise((r) => setTimeout(r, 10));
  return { handle, upstream: peer.seen.at(-1)!, answer };
}

describe('access ends mid long poll', () => {
  it('a revoked device gets 401 at once and the upstream request is aborted', async () => {
    const rep = await login(t.url, a.emails.rep);
    const poll = await heldLongPoll(rep.token);
    const health = await call(t.url, 'GET', '/v1/admin/sync-health', { token: owner });
    expect(health.body).toMatchObject({ connected_devices: 1, live_shape_requests: 1 });
    const started = Date.now();
    expect((await call(t.url, 'POST', `/v1/admin/devices/${rep.deviceId}/revoke`, { token: owner })).status).toBe(200);
    const res = await poll.answer;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_revoked');
    expect(await poll.upstream.closed).toEqual({ answered: false });
  });

  it('a member removed by an admin is cut off, through the database notification alone', async () => {
    const manager = await login(t.url, a.emails.manager);
    const poll = await heldLongPoll(manager.token);
    // Straight in the database, as another server replica or an admin tool would: only NOTIFY can tell us.
    await t.db.pool.query('UPDATE workspace_members SET deleted_at = now() WHERE workspace_id = $1 AND user_id = $2', [a.workspaceId, a.users.manager]);
    const started = Date.now();
    const res = await poll.answer;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(401);
    await t.db.pool.query('UPDATE workspace_members SET deleted_at = NULL WHERE workspace_id = $1 AND user_id = $2', [a.workspaceId, a.users.manager]);
  });

  it('a live poll answered from a session read moments ago is still refused once the device is revoked', async () => {
    const rep = await login(t.url, a.emails.rep);
    // A non-live request reads the session from PostgreSQL; live polls may reuse it (live-session-cache.ts).
    const start = await shape(rep.token, 'table=contacts&offset=-1');
    const handle = start.headers.get('electric-handle')!;
    // Straight in the database, then ask at once: the NOTIFY may not have reached the server yet.
    await t.db.pool.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [rep.deviceId]);
    const started = Date.now();
    const res = await shape(rep.token, `table=contacts&offset=0_inf&handle=${handle}&live=true&cursor=1`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(401);
    // session_revoked: served from the cache, then cut off by the recheck; session_expired: the NOTIFY came first.
    expect(['session_revoked', 'session_expired']).toContain(res.body.error?.code);
    // And a non-live request never reuses a session: refused by the database itself.
    const plain = await shape(rep.token, 'table=contacts&offset=-1');
    expect(plain.status).toBe(401);
  });

  it('a client that hangs up cancels its upstream request', async () => {
    const { token } = await login(t.url, a.emails.viewer);
    const start = await shape(token, 'table=contacts&offset=-1');
    const controller = new AbortController();
    const before = peer.seen.length;
    const pending = fetch(`${t.url}/v1/shape?table=contacts&offset=0_inf&live=true&cursor=1&handle=${start.headers.get('electric-handle')}`, {
      headers: { authorization: `Bearer ${token}` }, signal: controller.signal,
    }).catch(() => 'aborted');
    while (peer.seen.length === before) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await pending).toBe('aborted');
    expect(await peer.seen.at(-1)!.closed).toEqual({ answered: false });
  });
});

describe('forced resync', () => {
  it("ends the device's next request with 409 must-refetch and a new handle", async () => {
    const dev = await login(t.url, b.emails.rep);
    const first = await shape(dev.token, 'table=contacts&offset=-1');
    const oldHandle = first.headers.get('electric-handle')!;
    const other = await login(t.url, b.emails.manager);
    const otherHandle = (await shape(other.token, 'table=contacts&offset=-1')).headers.get('electric-handle');
    expect(otherHandle).toBe(oldHandle); // never-resynced devices share the shape

    const bOwner = (await login(t.url, b.emails.owner)).token;
    expect((await call(t.url, 'POST', `/v1/admin/devices/${dev.deviceId}/resync`, { token: bOwner })).status).toBe(200);
    const next = await shape(dev.token, `table=contacts&offset=0_0&handle=${oldHandle}`);
    expect(next.status).toBe(409);
    const newHandle = next.headers.get('electric-handle')!;
    expect(newHandle).toBeTruthy();
    expect(newHandle).not.toBe(oldHandle);
    expect(next.body).toEqual([{ headers: { control: 'must-refetch' } }]);
    const refetch = await shape(dev.token, 'table=contacts&offset=-1');
    expect(refetch.headers.get('electric-handle')).toBe(newHandle);
    // Other devices keep their shape.
    expect((await shape(other.token, `table=contacts&offset=0_0&handle=${oldHandle}`)).status).toBe(200);
  });

  it('ends a long poll in flight with 409 at once', async () => {
    const dev = await login(t.url, b.emails.viewer);
    const poll = await heldLongPoll(dev.token);
    const bOwner = (await login(t.url, b.emails.owner)).token;
    const started = Date.now();
    await call(t.url, 'POST', `/v1/admin/devices/${dev.deviceId}/resync`, { token: bOwner });
    const res = await poll.answer;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(409);
    expect(res.headers.get('electric-handle')).not.toBe(poll.handle);
  });
});
