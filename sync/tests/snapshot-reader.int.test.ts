/**
 * A first download reads its snapshots with snapshot-reader.ts, then hands
 * each table to the official ShapeStream. Against the real server through a
 * FaultProxy: a 503 on a snapshot answer is asked again, a 409 mid-snapshot
 * starts the table over from offset -1 with the handle it names (staged rows
 * dropped, nothing doubled), and afterwards the table is live (a server change
 * arrives through the ShapeStream that took over).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { FaultProxy } from './faults/fault-proxy.ts';
import { startClient, waitFor, type TestClient } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
const clients: TestClient[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'reader');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  await t.db.pool.query(
    `INSERT INTO organizations (id, workspace_id, name)
     SELECT gen_random_uuid(), $1, 'Reader Deli ' || i FROM generate_series(1, 300) AS i`,
    [a.workspaceId],
  );
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.cleanup();
  for (const p of proxies) await p.close();
  await t?.close();
});

async function serverOrganizations(): Promise<Map<string, string>> {
  const { rows } = await t.db.pool.query<{ id: string; name: string }>(
    'SELECT id, name FROM organizations WHERE workspace_id = $1',
    [a.workspaceId],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

function replicaOrganizations(c: TestClient): Map<string, string> {
  const rows = c.replica.prepare('SELECT id, name FROM organizations_synced').all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

describe('first download through the snapshot reader', () => {
  it('asks again after a 503, starts over after a 409, and goes live after', async () => {
    const proxy = await FaultProxy.start(t.url);
    proxies.push(proxy);
    const isOrganizations = (q: URLSearchParams) => q.get('table') === 'organizations' && q.get('live') !== 'true';
    proxy.addRule({
      path: '/v1/shape',
      match: (r) => isOrganizations(r.query) && r.query.get('offset') === '-1',
      action: { kind: 'answer', status: 503, body: { error: { code: 'unavailable', message: 'balancer says no' } } },
    });
    // The snapshot's second request (after its first answer): the server "rotated" the shape.
    proxy.addRule({
      path: '/v1/shape',
      match: (r) => isOrganizations(r.query) && r.query.get('offset') !== '-1',
      action: {
        kind: 'answer',
        status: 409,
        headers: { 'electric-handle': 'rotated-handle' },
        body: [{ headers: { control: 'must-refetch' } }],
      },
    });
    const c = await startClient({ ...t, url: proxy.url }, a.emails.owner);
    clients.push(c);
    await waitFor(() => c.sync.allUpToDate, 'the first download', 60_000);

    const asked = proxy.requests.filter((r) => r.path === '/v1/shape' && isOrganizations(r.query));
    const faults = asked.filter((r) => r.fault === 'answer').map((r) => r.status);
    expect(faults).toEqual([503, 409]);
    // After the 409: offset -1 again, naming the handle the 409 gave.
    const after409 = asked.findIndex((r) => r.status === 409);
    expect(asked[after409 + 1]?.query.get('offset')).toBe('-1');
    expect(asked[after409 + 1]?.query.get('handle')).toBe('rotated-handle');
    expect(replicaOrganizations(c)).toEqual(await serverOrganizations());
    expect(c.replica.fromServer.shapeState('organizations')?.up_to_date_at).toBeTruthy();

    // Live from here: a server change arrives through the ShapeStream.
    const { rows } = await t.db.pool.query<{ id: string }>(
      `INSERT INTO organizations (id, workspace_id, name) VALUES (gen_random_uuid(), $1, 'Live Deli') RETURNING id`,
      [a.workspaceId],
    );
    const id = rows[0]!.id;
    await waitFor(() => replicaOrganizations(c).get(id) === 'Live Deli', 'the live change', 30_000);
    expect(
      proxy.requests.some((r) => r.path === '/v1/shape' && r.query.get('table') === 'organizations' && r.query.get('live') === 'true'),
    ).toBe(true);
  });
});
