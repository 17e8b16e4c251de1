/**
 * POST /v1/mutations over real HTTP on real PostgreSQL: every operation
 * applied as the signed-in user (triggers doing their work), and every
 * rejection code produced by a real case, each stored for the admin view.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let b: LoginTenant;
let ga: CrmGraph;
let gb: CrmGraph;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  b = await createLoginTenant(t.db.pool, 'beta');
  ga = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  gb = await createCrmGraph(t.db.pool, b.workspaceId, b.users.rep);
  for (const role of ['rep', 'viewer', 'manager'] as const) tokens[role] = (await login(t.url, a.emails[role])).token;
  tokens.bRep = (await login(t.url, b.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

async function send(token: string, ...mutations: ReturnType<typeof mutation>[]) {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.results.map((r: { mutation_id: string }) => r.mutation_id)).toEqual(mutations.map((m) => m.mutation_id));
  return res.body.results as Array<{ status: string; txid?: string; code?: string; field?: string; message?: string; unchanged?: boolean }>;
}

async function one(token: string, m: ReturnType<typeof mutation>) {
  return (await send(token, m))[0]!;
}

const row = async (table: string, id: string) => (await t.db.pool.query(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0];

describe('applied', () => {
  it('insert, update, delete and restore as the signed-in rep, with the transaction id', async () => {
    const id = randomUUID();
    const inserted = await one(tokens.rep!, mutation('organizations', 'insert', id, { name: 'Harbor Grill', segment: 'Seafood' }));
    expect(inserted).toEqual({ mutation_id: expect.any(String), status: 'applied', txid: expect.stringMatching(/^\d+$/) });
    expect(await row('organizations', id)).toMatchObject({ workspace_id: a.workspaceId, name: 'Harbor Grill', created_by: a.users.rep });
    const audit = await t.db.pool.query(`SELECT action, actor_id, transaction_id::text FROM audit_log WHERE record_id = $1`, [id]);
    expect(audit.rows).toEqual([{ action: 'insert', actor_id: a.users.rep, transaction_id: inserted.txid }]);

    const updated = await one(tokens.rep!, mutation('organizations', 'update', id, { notes: 'Owner loves smoked fish' }));
    expect(updated.status).toBe('applied');
    expect(Number(updated.txid)).toBeGreaterThan(Number(inserted.txid));
    expect(await row('organizations', id)).toMatchObject({ name: 'Harbor Grill', segment: 'Seafood', notes: 'Owner loves smoked fish', updated_by: a.users.rep });

    expect((await one(tokens.rep!, mutation('organizations', 'delete', id))).status).toBe('applied');
    expect((await row('organizations', id)).deleted_at).toBeInstanceOf(Date);
    expect((await one(tokens.rep!, mutation('organizations', 'restore', id))).status).toBe('applied');
    expect((await row('organizations', id)).deleted_at).toBeNull();
    const actions = await t.db.pool.query(`SELECT action FROM audit_log WHERE record_id = $1 ORDER BY occurred_at`, [id]);
    expect(actions.rows.map((r) => r.action)).toEqual(['insert', 'update', 'soft_delete', 'restore']);
  });

  it('says when the row already was as asked: no change, so no txid will reach the stream', async () => {
    const id = randomUUID();
    await one(tokens.rep!, mutation('organizations', 'insert', id, { name: 'Dockside Cafe', city: 'Austin' }));
    const before = await row('organizations', id);
    const same = await one(tokens.rep!, mutation('organizations', 'update', id, { city: 'Austin' }));
    expect(same).toEqual({ mutation_id: expect.any(String), status: 'applied', txid: expect.stringMatching(/^\d+$/), unchanged: true });
    expect((await row('organizations', id)).updated_at).toEqual(before.updated_at);
    expect(await one(tokens.rep!, mutation('organizations', 'restore', id))).toMatchObject({ status: 'applied', unchanged: true });
    const deleted = await one(tokens.rep!, mutation('organizations', 'delete', id));
    expect(deleted).not.toHaveProperty('unchanged');
    expect(await one(tokens.rep!, mutation('organizations', 'delete', id))).toMatchObject({ status: 'applied', unchanged: true });
    // A replay is answered from the log, flag included.
    const m = mutation('organizations', 'update', id, { city: 'Austin' });
    const first = await one(tokens.rep!, m);
    expect(await one(tokens.rep!, m)).toEqual(first);
    expect(first.unchanged).toBe(true);
  });

  it('lets triggers derive data: an interaction takes its organization from the contact', async () => {
    const id = randomUUID();
    const r = await one(tokens.rep!, mutation('interactions', 'insert', id, {
      interaction_type: 'Meeting', contact_id: ga.contactId, notes: 'Tasting went well', sentiment: 'Positive',
    }));
    expect(r.status).toBe('applied');
    expect(await row('interactions', id)).toMatchObject({ organization_id: ga.customerId, created_by: a.users.rep });
  });

  it('accepts id and workspace_id repeated in an insert when they agree', async () => {
    const id = randomUUID();
    const r = await one(tokens.rep!, mutation('contacts', 'insert', id, { id, workspace_id: a.workspaceId, last_name: 'Okafor' }));
    expect(r.status).toBe('applied');
  });
});

describe('rejected', () => {
  it('forbidden: a viewer cannot insert, change or delete', async () => {
    const results = await send(
      tokens.viewer!,
      mutation('organizations', 'insert', randomUUID(), { name: 'Viewer Cafe' }),
      mutation('organizations', 'update', ga.customerId, { notes: 'viewer was here' }),
      mutation('organizations', 'delete', ga.customerId),
    );
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect((await row('organizations', ga.customerId)).notes).toBeNull();
  });

  it("not_found: no such row, and another workspace's row is not even visible", async () => {
    const results = await send(
      tokens.rep!,
      mutation('contacts', 'update', randomUUID(), { title: 'Chef' }),
      mutation('contacts', 'delete', randomUUID()),
    );
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', code: 'not_found' });
    const cross = await send(
      tokens.bRep!,
      mutation('organizations', 'update', ga.customerId, { name: 'Stolen' }),
      mutation('organizations', 'delete', ga.principalId),
      mutation('contacts', 'restore', ga.contactId),
    );
    for (const r of cross) expect(r).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await row('organizations', ga.customerId)).toMatchObject({ name: 'Elm Street Bistro', deleted_at: null });
    expect((await row('organizations', ga.principalId)).deleted_at).toBeNull();
  });

  it('conflict: an existing id, and the same product twice on an opportunity', async () => {
    const dupId = await one(tokens.rep!, mutation('organizations', 'insert', ga.customerId, { name: 'Again' }));
    expect(dupId).toMatchObject({ status: 'rejected', code: 'conflict', field: 'id' });
    const pair = await one(tokens.rep!, mutation('opportunity_products', 'insert', randomUUID(), {
      opportunity_id: ga.opportunityId, product_id: ga.productId,
    }));
    expect(pair).toMatchObject({ status: 'rejected', code: 'conflict', field: 'product_id' });
    // An id used in another workspace is a conflict too, without revealing more.
    const foreign = await one(tokens.rep!, mutation('contacts', 'insert', gb.contactId, { last_name: 'Twin' }));
    expect(foreign).toMatchObject({ status: 'rejected', code: 'conflict', field: 'id' });
  });

  it('invalid: unknown columns, wrong types, bad formats, server-kept columns', async () => {
    const results = await send(
      tokens.rep!,
      mutation('organizations', 'insert', randomUUID(), { name: 'X', favourite_colour: 'blue' }),
      mutation('organizations', 'update', ga.customerId, { is_principal: 'yes' }),
      mutation('contacts', 'update', ga.contactId, { email: 'not-an-email' }),
      mutation('organizations', 'update', ga.customerId, { last_interaction_at: new Date().toISOString() }),
      mutation('opportunities', 'update', ga.opportunityId, { stage: 'Won big' }),
      mutation('organizations', 'insert', randomUUID(), {}),
      mutation('organizations', 'update', ga.customerId, {}),
      mutation('organizations', 'delete', ga.customerId, { notes: 'x' }),
      mutation('contacts', 'insert', randomUUID(), { last_name: 'Li', workspace_id: b.workspaceId }),
    );
    expect(results.map((r) => [r.code, r.field])).toEqual([
      ['invalid', 'favourite_colour'],
      ['invalid', 'is_principal'],
      ['invalid', 'email'],
      ['invalid', 'last_interaction_at'],
      ['invalid', 'stage'],
      ['invalid', 'name'],
      ['invalid', undefined],
      ['invalid', 'changes'],
      ['invalid', 'workspace_id'],
    ]);
    for (const r of results) expect(r.message).toBeTruthy();
  });

  it('invalid: rules across fields, checks and foreign keys enforced by PostgreSQL', async () => {
    const results = await send(
      tokens.rep!,
      mutation('interactions', 'insert', randomUUID(), { interaction_type: 'Note', contact_id: ga.contactId, follow_up_date: '2026-03-01' }),
      mutation('interactions', 'update', ga.interactionId, { follow_up_required: false }),
      // Foreign key to another workspace's organization: the composite key refuses it.
      mutation('contacts', 'insert', randomUUID(), { last_name: 'Cross', organization_id: gb.customerId }),
      // A trigger's check: a product's principal must be a principal.
      mutation('products', 'insert', randomUUID(), { name: 'Mystery', principal_id: ga.customerId }),
      // It becomes a customer so that it keeps a kind: only the in-use rule refuses.
      mutation('organizations', 'update', ga.principalId, { is_principal: false, is_customer: true }),
    );
    expect(results.map((r) => [r.code, r.field])).toEqual([
      ['invalid', 'follow_up_date'],
      ['invalid', 'follow_up_date'],
      ['invalid', 'organization_id'],
      ['invalid', 'principal_id'],
      ['invalid', 'is_principal'],
    ]);
    expect(results[2]!.message).toMatch(/does not exist in this workspace/);
  });

  it('stores every rejection with who, device, what and why', async () => {
    const m = mutation('organizations', 'update', ga.customerId, { website: 'x'.repeat(400) });
    const r = await one(tokens.manager!, m);
    expect(r).toMatchObject({ status: 'rejected', code: 'invalid', field: 'website' });
    const stored = await t.db.pool.query('SELECT * FROM crm_private.mutation_log WHERE mutation_id = $1', [m.mutation_id]);
    expect(stored.rows[0]).toMatchObject({
      user_id: a.users.manager, workspace_id: a.workspaceId, table_name: 'organizations', op: 'update',
      row_id: ga.customerId, changes: { website: 'x'.repeat(400) }, status: 'rejected', code: 'invalid', field: 'website',
      txid: null, client_created_at: new Date(m.created_at),
    });
    expect(stored.rows[0].message).toMatch(/at most 300/);
  });
});
