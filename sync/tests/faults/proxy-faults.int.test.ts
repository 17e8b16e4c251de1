/**
 * Network faults between a desktop client and the real sync server, one at a
 * time, through the FaultProxy: a mutation request reset before the server
 * heard it, reset after the server applied it, answered slowly, cut half way,
 * delivered twice; shape responses delayed and cut half way (snapshot and
 * live). After each: the replica equals the server, every write is in
 * PostgreSQL exactly once, nothing is lost (invariants.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { createLoginTenant, startTestServer, type LoginTenant, type TestServer } from '../../server/testing/test-server.ts';
import { expectConvergence } from './convergence.ts';
import { startFaultClient, type FaultClient } from './fault-client.ts';
import type { FaultRule } from './fault-proxy.ts';

let t: TestServer;
let a: LoginTenant;
const clients: FaultClient[] = [];

beforeAll(async () => {
  t = await startTestServer({ accessRecheckMs: '60s' });
  a = await createLoginTenant(t.db.pool, 'faults');
  await createCrmGraph(t.db.pool, a.workspaceId, a.users.owner);
});
afterAll(async () => {
  for (const c of clients) await c.cleanup();
  await t.close();
});

async function client(label: string, rules: FaultRule[] = []): Promise<FaultClient> {
  const c = await startFaultClient(t.url, a.emails.rep, label);
  for (const r of rules) c.proxy.addRule(r);
  clients.push(c);
  return c;
}

function writeOrganizations(c: FaultClient, n: number): string[] {
  const ids = Array.from({ length: n }, () => randomUUID());
  c.ledger.write(
    c.replica,
    ids.map((id, i) => ({ table: 'organizations' as const, op: 'insert' as const, row_id: id, workspace_id: a.workspaceId, changes: { name: `${c.label} ${i}` } })),
  );
  return ids;
}

async function loggedCount(mutationIds: string[]): Promise<number> {
  const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE mutation_id = ANY($1::uuid[])', [mutationIds]);
  return rows[0].n;
}

const MUTATIONS = { method: 'POST', path: '/v1/mutations' };
const mutationPosts = (c: FaultClient) => c.proxy.requests.filter((r) => r.path === '/v1/mutations');

describe('network faults between client and server', () => {
  it('a mutation request reset before the server heard it is sent again and applied once', async () => {
    const c = await client('drop-before', [{ ...MUTATIONS, action: { kind: 'drop-before' } }]);
    writeOrganizations(c, 3);
    await expectConvergence(t.db.pool, [c], { context: c.label });
    expect(mutationPosts(c)[0]).toMatchObject({ fault: 'drop-before', outcome: 'reset' });
    expect(mutationPosts(c).length).toBeGreaterThanOrEqual(2);
  });

  it('a mutation the server applied but whose answer was lost is answered from the log, not applied again', async () => {
    const c = await client('drop-after', [{ ...MUTATIONS, action: { kind: 'drop-after' } }]);
    const ids = writeOrganizations(c, 3);
    await c.proxy.ended((r) => r.fault === 'drop-after');
    // The server has all three although the client heard nothing.
    const mutationIds = c.replica.outbox.entries().map((e) => e.mutation_id);
    expect(await loggedCount(mutationIds)).toBe(3);
    await expectConvergence(t.db.pool, [c], { context: c.label });
    expect(mutationPosts(c).filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'insert' AND record_id = ANY($1::uuid[])`, [ids]);
    expect(rows[0].n).toBe(3);
  });

  it('a slow network delays mutations and shape answers but loses nothing', async () => {
    const c = await client('delay', [
      { ...MUTATIONS, times: 3, action: { kind: 'delay', ms: 300 } },
      { path: '/v1/shape', times: 10, action: { kind: 'delay', ms: 150 } },
    ]);
    writeOrganizations(c, 2);
    writeOrganizations(c, 2);
    await expectConvergence(t.db.pool, [c], { context: c.label });
    expect(c.proxy.requests.filter((r) => r.fault === 'delay').length).toBeGreaterThanOrEqual(11);
  });

  it('a mutation answer cut half way is retried and applied once', async () => {
    const c = await client('cut-mutation', [{ ...MUTATIONS, action: { kind: 'cut' } }]);
    writeOrganizations(c, 4);
    await expectConvergence(t.db.pool, [c], { context: c.label });
    expect(mutationPosts(c)[0]).toMatchObject({ fault: 'cut', status: 200, outcome: 'reset' });
  });

  it('a snapshot answer cut half way is fetched again and the table ends complete', async () => {
    // The first answers of two tables' initial syncs are cut after their status and headers.
    const c = await client('cut-snapshot', [
      { path: '/v1/shape', query: { table: 'organizations' }, action: { kind: 'cut' } },
      // (audit_log, the biggest table once, is no longer replicated: interactions is now.)
      { path: '/v1/shape', query: { table: 'interactions' }, action: { kind: 'cut', bytes: 10 } },
    ]);
    await expectConvergence(t.db.pool, [c], { context: c.label });
    expect(c.proxy.requests.filter((r) => r.fault === 'cut').map((r) => r.outcome)).toEqual(['reset', 'reset']);
  });

  it('a live answer cut half way is fetched again and the change arrives once', async () => {
    const c = await client('cut-live');
    await expectConvergence(t.db.pool, [c], { context: `${c.label} (before)` });
    c.proxy.addRule({ path: '/v1/shape', query: { table: 'organizations', live: 'true' }, match: () => true, action: { kind: 'cut' } });
    // Cut the long polls in flight so the next live request (which the rule cuts) carries the change.
    c.proxy.cutAll();
    const id = randomUUID();
    await t.db.pool.query(`INSERT INTO organizations (id, workspace_id, name) VALUES ($1, $2, 'Live Cut Diner')`, [id, a.workspaceId]);
    await expectConvergence(t.db.pool, [c], { context: c.label });
    expect(c.replica.getRow('organizations', id)?.name).toBe('Live Cut Diner');
    expect(c.proxy.requests.some((r) => r.fault === 'cut' && r.status === 200)).toBe(true);
  });

  it('a mutation request delivered twice at once is applied once, whichever answer the client gets', async () => {
    const first = await client('duplicate-1', [{ ...MUTATIONS, action: { kind: 'duplicate', answerWith: 'first' } }]);
    const second = await client('duplicate-2', [{ ...MUTATIONS, action: { kind: 'duplicate', answerWith: 'second' } }]);
    const ids = [...writeOrganizations(first, 5), ...writeOrganizations(second, 5)];
    await expectConvergence(t.db.pool, [first, second], { context: 'duplicate' });
    for (const c of [first, second]) expect(mutationPosts(c)[0]).toMatchObject({ fault: 'duplicate', status: 200, outcome: 'answered' });
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'insert' AND record_id = ANY($1::uuid[])`, [ids]);
    expect(rows[0].n).toBe(10);
  });
});
