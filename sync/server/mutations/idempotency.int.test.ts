/**
 * Exactly-once and ordering of mutations over real HTTP: a replayed batch
 * applies nothing twice; a response lost mid-batch (the client hangs up while
 * the server is applying) and retried applies each mutation once; a device's
 * mutations apply in order; concurrent edits of different fields both survive,
 * and on the same field the last commit wins with the overwritten value audited.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';
import { SAVEPOINTS_PER_GROUP } from './apply-group.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
});
afterAll(async () => {
  await t.close();
});

type M = ReturnType<typeof mutation>;

async function post(token: string, mutations: M[]) {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Array<{ mutation_id: string; status: string; txid?: string; code?: string }>;
}

async function auditCount(recordIds: string[]): Promise<Record<string, number>> {
  const { rows } = await t.db.pool.query(
    `SELECT action, count(*)::int AS n FROM audit_log WHERE record_id = ANY ($1) GROUP BY action`,
    [recordIds],
  );
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}

describe('idempotency', () => {
  it('answers a replayed batch from the record and applies nothing twice', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const id = randomUUID();
    const batch = [
      mutation('organizations', 'insert', id, { name: 'Replay Diner' }),
      mutation('organizations', 'update', id, { notes: 'first visit' }),
      mutation('organizations', 'update', id, { nonsense: 1 }),
      mutation('organizations', 'delete', id),
    ];
    const first = await post(token, batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied']);
    const second = await post(token, batch);
    expect(second).toEqual(first);
    expect(await auditCount([id])).toEqual({ insert: 1, update: 1, soft_delete: 1 });
    const log = await t.db.pool.query('SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE row_id = $1', [id]);
    expect(log.rows[0].n).toBe(4);
  });

  it('applies each mutation exactly once when the response is lost mid-batch and the batch is retried', async () => {
    const { token, deviceId } = await login(t.url, a.emails.rep);
    const ids = Array.from({ length: 200 }, () => randomUUID());
    // Two shapes in turn: no set statement, a savepoint each, so the batch spans several transactions to cut between.
    const batch = ids.map((id, i) =>
      mutation('contacts', 'insert', id, { last_name: `Lost ${i}`, organization_id: g.customerId, ...(i % 2 ? { title: 'Chef' } : {}) }));
    const body = JSON.stringify({ mutations: batch });

    // Send the batch on a raw connection and hang up as soon as the server has applied some of it.
    const req = request(`${t.url}/v1/mutations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', () => {});
    req.end(body);
    const countLogged = async () =>
      (await t.db.pool.query('SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE device_id = $1', [deviceId])).rows[0].n as number;
    const deadline = Date.now() + 20_000;
    while ((await countLogged()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    req.destroy();
    const whenCut = await countLogged();
    expect(whenCut).toBeGreaterThan(0);
    // Cut while the server was still applying: the rest were applied by one attempt or the other, never both.
    expect(whenCut).toBeLessThan(ids.length);

    const retried = await post(token, batch);
    expect(retried.map((r) => r.status)).toEqual(ids.map(() => 'applied'));
    // One transaction per group of the batch: every applied mutation of a group answers its txid.
    expect(new Set(retried.map((r) => r.txid)).size).toBe(Math.ceil(ids.length / SAVEPOINTS_PER_GROUP));
    const rows = await t.db.pool.query('SELECT count(*)::int AS n FROM contacts WHERE id = ANY ($1)', [ids]);
    expect(rows.rows[0].n).toBe(ids.length);
    expect(await auditCount(ids)).toEqual({ insert: ids.length });
    expect(await countLogged()).toBe(ids.length);
  });
});

describe('order and concurrency', () => {
  it("applies one device's mutations in order", async () => {
    const { token } = await login(t.url, a.emails.rep);
    const id = randomUUID();
    const batch = [mutation('organizations', 'insert', id, { name: 'Order Cafe' })];
    for (let i = 1; i <= 10; i++) batch.push(mutation('organizations', 'update', id, { notes: `note ${i}` }));
    batch.push(mutation('organizations', 'delete', id), mutation('organizations', 'restore', id));
    const results = await post(token, batch);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    const txids = results.map((r) => Number(r.txid));
    expect([...txids].sort((x, y) => x - y)).toEqual(txids);
    const row = (await t.db.pool.query('SELECT notes, deleted_at FROM organizations WHERE id = $1', [id])).rows[0];
    expect(row).toEqual({ notes: 'note 10', deleted_at: null });
  });

  it('keeps both of two concurrent edits of different fields', async () => {
    const rep = await login(t.url, a.emails.rep);
    const manager = await login(t.url, a.emails.manager);
    for (let round = 0; round < 5; round++) {
      const [x, y] = await Promise.all([
        post(rep.token, [mutation('organizations', 'update', g.customerId, { segment: `Bistro ${round}` })]),
        post(manager.token, [mutation('organizations', 'update', g.customerId, { city: `Lyon ${round}` })]),
      ]);
      expect([x[0]!.status, y[0]!.status]).toEqual(['applied', 'applied']);
      const row = (await t.db.pool.query('SELECT segment, city FROM organizations WHERE id = $1', [g.customerId])).rows[0];
      expect(row).toEqual({ segment: `Bistro ${round}`, city: `Lyon ${round}` });
    }
  });

  it('lets the last commit win on the same field and keeps the overwritten value in the audit log', async () => {
    const rep = await login(t.url, a.emails.rep);
    const manager = await login(t.url, a.emails.manager);
    await post(rep.token, [mutation('contacts', 'update', g.contactId, { title: 'Sous chef' })]);
    const [last] = await post(manager.token, [mutation('contacts', 'update', g.contactId, { title: 'Head chef' })]);
    expect((await t.db.pool.query('SELECT title FROM contacts WHERE id = $1', [g.contactId])).rows[0].title).toBe('Head chef');
    const audit = await t.db.pool.query(
      `SELECT actor_id, changed_fields, old_values, new_values, transaction_id::text FROM audit_log
       WHERE record_id = $1 AND action = 'update' ORDER BY occurred_at DESC LIMIT 1`,
      [g.contactId],
    );
    expect(audit.rows[0]).toEqual({
      actor_id: a.users.manager, changed_fields: ['title'], old_values: { title: 'Sous chef' }, new_values: { title: 'Head chef' },
      transaction_id: last!.txid,
    });
  });
});
