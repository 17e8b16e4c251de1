/**
 * GET /v1/history/:table/:id over real HTTP against the real server and
 * PostgreSQL: a member reads their workspace's history of a record (a viewer
 * too, as audit_log's RLS allows), never another workspace's (with the other
 * workspace's record id, i.e. a forged id: an empty page), pages by cursor, and
 * refuses bad input with a 400 naming the field. The RLS check is also made
 * without the route's own workspace filter, so it is the policy that refuses.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPage } from '../../schema/history.ts';
import { asUser } from '../database/as-user.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';
import { readHistoryPage } from './history.route.ts';

let t: TestServer;
let a: LoginTenant;
let b: LoginTenant;
/** An organization of alpha created then renamed twice by alpha's rep (three audit rows). */
const alphaOrg = randomUUID();
const betaOrg = randomUUID();

async function push(token: string, mutations: ReturnType<typeof mutation>[]): Promise<void> {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  for (const r of res.body.results) expect(r.status, JSON.stringify(r)).toBe('applied');
}

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  b = await createLoginTenant(t.db.pool, 'beta');
  const rep = (await login(t.url, a.emails.rep)).token;
  await push(rep, [mutation('organizations', 'insert', alphaOrg, { name: 'Alpha Foods', is_principal: false })]);
  await push(rep, [mutation('organizations', 'update', alphaOrg, { name: 'Alpha Foods Co' })]);
  await push(rep, [mutation('organizations', 'update', alphaOrg, { name: 'Alpha Foods Company' })]);
  const betaRep = (await login(t.url, b.emails.rep)).token;
  await push(betaRep, [mutation('organizations', 'insert', betaOrg, { name: 'Beta Dairy', is_principal: false })]);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function history(token: string, route: string) {
  const res = await call(t.url, 'GET', route, { token });
  return res;
}

describe('GET /v1/history/:table/:id', () => {
  it("gives a member the record's history, newest first, with who did it", async () => {
    const { token } = await login(t.url, a.emails.rep);
    const res = await history(token, `/v1/history/organizations/${alphaOrg}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = historyPage.parse(res.body);
    expect(page.entries.map((e) => [e.action, e.new_values?.name])).toEqual([
      ['update', 'Alpha Foods Company'],
      ['update', 'Alpha Foods Co'],
      ['insert', 'Alpha Foods'],
    ]);
    expect(page.entries[0]!.old_values?.name).toBe('Alpha Foods Co');
    expect(new Set(page.entries.map((e) => e.actor_id))).toEqual(new Set([a.users.rep]));
    expect(page.entries[0]!.actor_name).toEqual(expect.any(String));
    expect(page.next_cursor).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('gives a viewer the same history: reading the trail is what RLS allows every member', async () => {
    const { token } = await login(t.url, a.emails.viewer);
    const res = await history(token, `/v1/history/organizations/${alphaOrg}`);
    expect(res.status).toBe(200);
    expect(historyPage.parse(res.body).entries).toHaveLength(3);
  });

  it("never gives another workspace's history, also for a forged (foreign) record id", async () => {
    for (const role of ['owner', 'rep', 'viewer'] as const) {
      const { token } = await login(t.url, b.emails[role]);
      const foreign = await history(token, `/v1/history/organizations/${alphaOrg}`);
      expect(foreign.status).toBe(200);
      expect(historyPage.parse(foreign.body).entries).toEqual([]);
      // Under another table name, or a made-up id: the same empty answer, nothing to tell them apart.
      const otherTable = await history(token, `/v1/history/contacts/${alphaOrg}`);
      expect(historyPage.parse(otherTable.body).entries).toEqual([]);
      const own = historyPage.parse((await history(token, `/v1/history/organizations/${betaOrg}`)).body);
      expect(own.entries.map((e) => e.workspace_id)).toEqual([b.workspaceId]);
    }
  });

  it("keeps a member of both workspaces to the session's workspace", async () => {
    // Alpha's admin also joins beta: RLS would let them read beta's trail, the session's workspace does not.
    await t.db.pool.query(`INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`, [b.workspaceId, a.users.admin]);
    const inAlpha = (await login(t.url, a.emails.admin, { workspace_id: a.workspaceId })).token;
    expect(historyPage.parse((await history(inAlpha, `/v1/history/organizations/${betaOrg}`)).body).entries).toEqual([]);
    const inBeta = (await login(t.url, a.emails.admin, { workspace_id: b.workspaceId })).token;
    expect(historyPage.parse((await history(inBeta, `/v1/history/organizations/${betaOrg}`)).body).entries).toHaveLength(1);
    expect(historyPage.parse((await history(inBeta, `/v1/history/organizations/${alphaOrg}`)).body).entries).toEqual([]);
  });

  it("is refused by RLS itself: beta's user asking with alpha's workspace id reads nothing", async () => {
    const asBeta = await asUser(t.db.pool, b.users.owner, (c) =>
      readHistoryPage(c, a.workspaceId, { table: 'organizations', id: alphaOrg }, { limit: 100 }),
    );
    expect(asBeta.entries).toEqual([]);
    const asAlpha = await asUser(t.db.pool, a.users.viewer, (c) =>
      readHistoryPage(c, a.workspaceId, { table: 'organizations', id: alphaOrg }, { limit: 100 }),
    );
    expect(asAlpha.entries).toHaveLength(3);
  });

  it('pages with next_cursor passed back as before', async () => {
    const { token } = await login(t.url, a.emails.manager);
    const seen: string[] = [];
    let route = `/v1/history/organizations/${alphaOrg}?limit=2`;
    for (let i = 0; i < 3; i++) {
      const page = historyPage.parse((await history(token, route)).body);
      seen.push(...page.entries.map((e) => String(e.new_values?.name)));
      if (!page.next_cursor) break;
      route = `/v1/history/organizations/${alphaOrg}?limit=2&before=${encodeURIComponent(page.next_cursor)}`;
    }
    expect(seen).toEqual(['Alpha Foods Company', 'Alpha Foods Co', 'Alpha Foods']);
  });

  it('answers bad input with a 400 naming the field, and no token with a 401', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const cases: [string, string][] = [
      [`/v1/history/audit_log/${alphaOrg}`, 'table'],
      [`/v1/history/user_credentials/${alphaOrg}`, 'table'],
      ['/v1/history/organizations/not-a-uuid', 'id'],
      [`/v1/history/organizations/${alphaOrg}?limit=0`, 'limit'],
      [`/v1/history/organizations/${alphaOrg}?limit=501`, 'limit'],
      [`/v1/history/organizations/${alphaOrg}?limit=ten`, 'limit'],
      [`/v1/history/organizations/${alphaOrg}?before=yesterday`, 'before'],
      [`/v1/history/organizations/${alphaOrg}?where=1%3D1`, 'where'],
    ];
    for (const [route, field] of cases) {
      const res = await history(token, route);
      expect({ route, status: res.status, field: res.body.error?.field }).toEqual({ route, status: 400, field });
      expect(res.body.error.message).toContain(field);
    }
    const anonymous = await call(t.url, 'GET', `/v1/history/organizations/${alphaOrg}`);
    expect(anonymous.status).toBe(401);
  });
});
