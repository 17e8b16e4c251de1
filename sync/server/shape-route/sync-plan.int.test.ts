/**
 * GET /v1/sync-plan over real HTTP against the real server, built-in shape
 * engine and PostgreSQL: the counts equal what the shapes then deliver (every
 * table followed from offset -1 to up-to-date), they are each member's own
 * workspace only (the server-decided where), and bad requests are 4xx. A
 * server whose shape backend cannot count (as in Electric proxy mode) counts
 * as the user under RLS, with the same numbers.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { syncPlan } from '../../schema/sync-plan.ts';
import { TABLE_NAMES, type TableName } from '../../schema/tables.ts';
import { UnavailableShapeBackend } from './shape-backend.ts';
import { call, createLoginTenant, login, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let b: LoginTenant;
beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'alpha');
  b = await createLoginTenant(t.db.pool, 'beta');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  await createCrmGraph(t.db.pool, b.workspaceId, b.users.rep);
  // Beta gets more organizations than alpha, one of them soft-deleted (shapes still carry it).
  for (let i = 0; i < 7; i++) {
    await t.db.pool.query('INSERT INTO organizations (id, workspace_id, name, deleted_at) VALUES ($1, $2, $3, $4)', [
      randomUUID(), b.workspaceId, `Beta Extra ${i}`, i === 0 ? new Date() : null,
    ]);
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** Follows one shape from offset -1 to up-to-date and counts the rows it delivered. */
async function shapeRows(token: string, table: TableName): Promise<number> {
  const rows = new Set<string>();
  let offset = '-1';
  let handle: string | undefined;
  for (let i = 0; i < 50; i++) {
    const q = new URLSearchParams({ table, offset, ...(handle ? { handle } : {}) });
    const res = await call(t.url, 'GET', `/v1/shape?${q}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    handle = res.headers.get('electric-handle') ?? handle;
    offset = res.headers.get('electric-offset') ?? offset;
    for (const m of res.body as { key?: string; headers: { operation?: string; control?: string } }[]) {
      if (m.headers.operation === 'delete') rows.delete(m.key!);
      else if (m.headers.operation) rows.add(m.key!);
    }
    if (res.headers.get('electric-up-to-date') !== null) return rows.size;
  }
  throw new Error(`${table}: no up-to-date after 50 requests`);
}

/** Runs `fn` while another transaction holds `table` locked, so any count of it waits. */
async function whileLocked<T>(url: string, table: string, fn: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
    return await fn();
  } finally {
    await holder.query('ROLLBACK').catch(() => {});
    await holder.end();
  }
}

async function plan(token: string) {
  const res = await call(t.url, 'GET', '/v1/sync-plan', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return syncPlan.parse(res.body).tables;
}

describe('GET /v1/sync-plan', () => {
  it('counts, per replicated table, exactly the rows its shape then delivers', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const counts = await plan(token);
    expect(Object.keys(counts).sort()).toEqual([...TABLE_NAMES].sort());
    for (const table of TABLE_NAMES) expect({ table, rows: await shapeRows(token, table) }).toEqual({ table, rows: counts[table] });
    expect(counts.organizations).toBe(3);
    expect(counts.users).toBe(Object.keys(a.users).length);
    expect(counts.workspaces).toBe(1);
  });

  it("gives each member their own workspace's counts only, never another's", async () => {
    const alpha = await plan((await login(t.url, a.emails.viewer)).token);
    const beta = await plan((await login(t.url, b.emails.viewer)).token);
    const owner = async (sql: string, id: string) => Number((await t.db.pool.query<{ n: string }>(sql, [id])).rows[0]!.n);
    expect(alpha.organizations).toBe(await owner('SELECT count(*) AS n FROM organizations WHERE workspace_id = $1', a.workspaceId));
    expect(beta.organizations).toBe(await owner('SELECT count(*) AS n FROM organizations WHERE workspace_id = $1', b.workspaceId));
    expect(beta.organizations).toBe(alpha.organizations! + 7);
    expect(alpha.interactions).toBe(await owner('SELECT count(*) AS n FROM interactions WHERE workspace_id = $1', a.workspaceId));
    // The audit trail is no longer a shape (history is read on demand): nothing to download, nothing counted.
    expect(alpha).not.toHaveProperty('audit_log');
    expect(beta.workspace_members).toBe(await owner('SELECT count(*) AS n FROM workspace_members WHERE workspace_id = $1', b.workspaceId));
  });

  it('follows writes: a new row is counted at the next plan', async () => {
    const { token } = await login(t.url, a.emails.manager);
    const before = await plan(token);
    await t.db.pool.query('INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, $3)', [randomUUID(), a.workspaceId, 'Newcomer Deli']);
    const after = await plan(token);
    expect(after.organizations).toBe(before.organizations! + 1);
    expect(after.contacts).toBe(before.contacts);
  });

  it('is never cached by anyone but this token', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const res = await call(t.url, 'GET', '/v1/sync-plan', { token });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toMatch(/authorization/i);
  });

  it('answers 401 without a valid session, as the error envelope', async () => {
    for (const token of [undefined, 'not-a-token-at-all-xxxxxxxxxxxxxxxxx']) {
      const res = await call(t.url, 'GET', '/v1/sync-plan', token ? { token } : {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it('answers 503 plan_too_slow, soon, when the counts cannot finish within the budget', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const started = Date.now();
    const res = await whileLocked(t.db.url, 'contacts', () => call(t.url, 'GET', '/v1/sync-plan', { token }));
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'plan_too_slow', message: expect.any(String) } });
    expect(Date.now() - started).toBeLessThan(4500);
    expect((await call(t.url, 'GET', '/v1/sync-plan', { token })).status).toBe(200);
  });

  it('refuses parameters by name (no workspace or table can be asked for) with a 400', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const res = await call(t.url, 'GET', `/v1/sync-plan?workspace_id=${b.workspaceId}`, { token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('workspace_id'), field: 'workspace_id' } });
  });
});

describe('GET /v1/sync-plan with a shape backend that cannot count (counted under RLS)', () => {
  let u: TestServer;
  let c: LoginTenant;
  let d: LoginTenant;
  beforeAll(async () => {
    u = await startTestServer({ accessRecheckMs: '60s' }, { shapeBackend: new UnavailableShapeBackend('no shapes in this test') });
    c = await createLoginTenant(u.db.pool, 'gamma');
    d = await createLoginTenant(u.db.pool, 'delta');
    await createCrmGraph(u.db.pool, c.workspaceId, c.users.rep);
    await createCrmGraph(u.db.pool, d.workspaceId, d.users.rep);
    await u.db.pool.query(`INSERT INTO organizations (id, workspace_id, name) SELECT gen_random_uuid(), $1, 'Delta ' || i FROM generate_series(1, 4) AS i`, [d.workspaceId]);
  }, 60_000);
  afterAll(async () => {
    await u?.close();
  });

  it("counts each member's own workspace as the owner's SQL does, per table", async () => {
    for (const tenant of [c, d]) {
      const res = await call(u.url, 'GET', '/v1/sync-plan', { token: (await login(u.url, tenant.emails.viewer)).token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const counts = syncPlan.parse(res.body).tables;
      for (const table of TABLE_NAMES) {
        const sql =
          table === 'workspaces' ? 'SELECT count(*) AS n FROM workspaces WHERE id = $1'
          : table === 'users' ? 'SELECT count(*) AS n FROM users WHERE id IN (SELECT user_id FROM workspace_members WHERE workspace_id = $1)'
          : `SELECT count(*) AS n FROM "${table}" WHERE workspace_id = $1`;
        const n = Number((await u.db.pool.query<{ n: string }>(sql, [tenant.workspaceId])).rows[0]!.n);
        expect({ table, rows: counts[table] }).toEqual({ table, rows: n });
      }
    }
  });

  it('answers 503 plan_too_slow when counting under RLS runs past the budget', async () => {
    const { token } = await login(u.url, c.emails.rep);
    const res = await whileLocked(u.db.url, 'interactions', () => call(u.url, 'GET', '/v1/sync-plan', { token }));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('plan_too_slow');
  });
});
