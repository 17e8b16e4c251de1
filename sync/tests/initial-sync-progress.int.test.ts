/**
 * Issue 13, "progress a person can trust": the real sync client against the
 * real server (built-in engine, PostgreSQL, HTTP on loopback) reports its
 * first download in rows. The total comes from GET /v1/sync-plan before any
 * stream starts and equals the rows the replica ends with; rows and tables
 * only grow; rows never pass the total; the last progress before up to date
 * has every row. Against a server without the plan route (a FaultProxy
 * answering 404 exactly as an older server does) progress counts tables, as before.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../server-migrations/testing/fixtures.ts';
import { DOWNLOAD_CACHE_KIB } from '../client/replica/replica.ts';
import { TABLE_NAMES } from '../schema/index.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../server/testing/test-server.ts';
import { FaultProxy } from './faults/fault-proxy.ts';
import { startClient, waitFor, type TestClient } from './harness.ts';

let t: TestServer;
let a: LoginTenant;
const clients: TestClient[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'progress');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
  // Enough rows for the download to arrive in several batches (organizations and their audit rows).
  await t.db.pool.query(
    `INSERT INTO organizations (id, workspace_id, name)
     SELECT gen_random_uuid(), $1, 'Progress Deli ' || i FROM generate_series(1, 1500) AS i`,
    [a.workspaceId],
  );
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.cleanup();
  for (const p of proxies) await p.close();
  await t?.close();
});

function replicaRows(c: TestClient): number {
  return TABLE_NAMES.reduce(
    (n, table) => n + (c.replica.prepare(`SELECT count(*) AS n FROM "${table}_synced"`).get() as { n: number }).n,
    0,
  );
}

function expectNonDecreasing(values: number[]): void {
  expect(values).toEqual([...values].sort((x, y) => x - y));
}

describe('initial sync progress', () => {
  it('counts rows of the total the server planned, which is what the replica ends with', async () => {
    const c = await startClient(t, a.emails.rep);
    clients.push(c);
    await waitFor(() => c.sync.allUpToDate, 'the first download', 60_000);
    const steps = c.statuses.filter((s) => s.state === 'initial_sync').map((s) => s.progress!);
    expect(steps.length).toBeGreaterThan(3);
    const withRows = steps.filter((p) => p.rows > 0);
    // The plan comes before the streams: no row is ever reported without its total.
    expect(withRows.every((p) => p.rows_total !== undefined), JSON.stringify(withRows.slice(0, 3))).toBe(true);
    const total = withRows[0]!.rows_total!;
    expect(withRows.every((p) => p.rows_total === total)).toBe(true);
    expect(total).toBe(replicaRows(c));
    // The 1,500 organizations and the graph (audit rows no longer count: audit_log is not replicated).
    expect(total).toBeGreaterThan(1500);
    expectNonDecreasing(steps.map((p) => p.rows));
    expectNonDecreasing(steps.map((p) => p.tables_done));
    expect(steps.every((p) => p.rows <= total && (p.eta_seconds ?? 0) >= 0)).toBe(true);
    // Rows count as they arrive, before their apply: the last step before up to date has them all.
    expect(steps.at(-1)!.rows).toBe(total);
    expect(c.statuses.at(-1)!.state).toBe('up_to_date');
  });

  it('counts tables, as before, against a server without the plan route (404)', async () => {
    const proxy = await FaultProxy.start(t.url);
    proxies.push(proxy);
    proxy.addRule({
      path: '/v1/sync-plan',
      times: 100,
      action: { kind: 'answer', status: 404, body: { error: { code: 'not_found', message: 'no route GET /v1/sync-plan' } } },
    });
    const c = await startClient({ ...t, url: proxy.url }, a.emails.viewer);
    clients.push(c);
    await waitFor(() => c.sync.allUpToDate, 'the first download without a plan', 60_000);
    expect(proxy.requests.some((r) => r.path === '/v1/sync-plan' && r.fault === 'answer')).toBe(true);
    const steps = c.statuses.filter((s) => s.state === 'initial_sync').map((s) => s.progress!);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.every((p) => p.rows_total === undefined && p.eta_seconds === undefined)).toBe(true);
    expectNonDecreasing(steps.map((p) => p.tables_done));
    expect(steps.at(-1)!.rows).toBeGreaterThanOrEqual(replicaRows(c));
    expect(c.statuses.at(-1)!.state).toBe('up_to_date');
  });

  it('downloads a few tables at a time, in the order asked, the rest after', async () => {
    const proxy = await FaultProxy.start(t.url);
    proxies.push(proxy);
    const order = ['interactions', 'organizations', 'contacts'] as const;
    const c = await startClient({ ...t, url: proxy.url }, a.emails.owner, { sync: { downloadOrder: order, downloadsAtOnce: 2 } });
    clients.push(c);
    // The download runs with a small page cache (Replica.firstDownload); the app's reads get the full one back.
    expect(c.replica.db.pragma('cache_size', { simple: true })).toBe(-DOWNLOAD_CACHE_KIB);
    await waitFor(() => c.sync.allUpToDate, 'the ordered first download', 60_000);
    expect(c.replica.db.pragma('cache_size', { simple: true })).toBe(-65_536);
    const shapes = proxy.requests.filter((r) => r.path === '/v1/shape');
    // A table's download starts with its offset -1 request and is over when its first answer that
    // ended at up-to-date ended (endedAtSeq: requests seen after it came after that end).
    const startedAt = new Map<string, number>();
    const doneAt = new Map<string, number>();
    for (const r of shapes) {
      const table = r.query.get('table')!;
      if (r.query.get('offset') === '-1' && !startedAt.has(table)) startedAt.set(table, r.seq);
      if (r.upToDate && r.endedAtSeq !== undefined && !doneAt.has(table)) doneAt.set(table, r.endedAtSeq);
    }
    expect([...startedAt.keys()].sort()).toEqual([...TABLE_NAMES].sort());
    const starts = [...startedAt.entries()].sort((x, y) => x[1] - y[1]).map(([table]) => table);
    // The first two start together (either may ask first); then strictly in order, the unlisted after.
    expect(new Set(starts.slice(0, 2))).toEqual(new Set(order.slice(0, 2)));
    expect(starts[2]).toBe(order[2]);
    expect(new Set(starts.slice(3))).toEqual(new Set(TABLE_NAMES.filter((n) => !(order as readonly string[]).includes(n))));
    // Never more than two downloads at once: when a table starts, at most one other is started and not done.
    for (const [table, seq] of startedAt) {
      const open = [...startedAt].filter(([other, s]) => other !== table && s < seq && (doneAt.get(other) ?? Infinity) >= seq);
      expect(open.length, `${table} started while ${open.map(([o]) => o).join(', ')} downloaded`).toBeLessThanOrEqual(1);
    }
    expect(c.statuses.at(-1)!.state).toBe('up_to_date');
  });

  it('resumes without a new plan or initial_sync once the replica has synced', async () => {
    const first = await startClient(t, a.emails.manager);
    await waitFor(() => first.sync.allUpToDate, 'the first download', 60_000);
    first.stop();
    const proxy = await FaultProxy.start(t.url);
    proxies.push(proxy);
    const again = await startClient({ ...t, url: proxy.url }, a.emails.manager, { file: first.file, token: first.token, userId: a.users.manager });
    clients.push(first, again);
    await t.db.pool.query(`INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Resumed Grill')`, [randomUUID(), a.workspaceId]);
    await waitFor(() => again.sync.allUpToDate, 'the resumed streams');
    expect(proxy.requests.some((r) => r.path === '/v1/sync-plan')).toBe(false);
    expect(again.statuses.some((s) => s.state === 'initial_sync')).toBe(false);
  });
});
