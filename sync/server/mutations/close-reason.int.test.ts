/**
 * Issue 12: a deal moved to Closed - Stalled or Closed - No Fit says why. Over
 * real HTTP on real PostgreSQL: without a reason the mutation is refused with
 * the field named (the rest of the batch applies); with one it is kept, and a
 * deal reopened sheds it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
let a: LoginTenant;
let g: CrmGraph;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  a = await createLoginTenant(t.db.pool, 'alpha');
  g = await createCrmGraph(t.db.pool, a.workspaceId, a.users.rep);
  token = (await login(t.url, a.emails.rep)).token;
});
afterAll(async () => {
  await t.close();
});

type M = ReturnType<typeof mutation>;
async function send(...mutations: M[]) {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Array<{ status: string; code?: string; field?: string; message?: string }>;
}
const reasonOf = async (id: string) =>
  (await t.db.pool.query('SELECT stage, close_reason, close_reason_note FROM opportunities WHERE id = $1', [id])).rows[0];

describe('close reasons through POST /v1/mutations', () => {
  it('refuses a stalled or no-fit close without a reason, naming close_reason, and applies the rest', async () => {
    const id = randomUUID();
    const other = randomUUID();
    const results = await send(
      mutation('opportunities', 'insert', id, { name: 'Frozen desserts', organization_id: g.customerId }),
      mutation('opportunities', 'update', id, { stage: 'Closed - Stalled' }),
      mutation('opportunities', 'insert', other, { name: 'Never fit', organization_id: g.customerId, stage: 'Closed - No Fit' }),
      mutation('opportunities', 'update', id, { notes: 'Chef left' }),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    expect(results[1]).toMatchObject({ code: 'invalid', field: 'close_reason', message: 'a deal closed as Stalled needs a reason' });
    expect(results[2]).toMatchObject({ code: 'invalid', field: 'close_reason', message: 'a deal closed as No Fit needs a reason' });
    expect(await reasonOf(id)).toEqual({ stage: 'New Lead', close_reason: null, close_reason_note: null });
  });

  it('keeps the reason and its note with the close, and drops them when the deal is reopened', async () => {
    const id = randomUUID();
    await send(mutation('opportunities', 'insert', id, { name: 'Gelato line', organization_id: g.customerId }));
    const closed = await send(
      mutation('opportunities', 'update', id, { stage: 'Closed - No Fit', close_reason: 'Chose a competitor', close_reason_note: 'Went with the big distributor' }),
    );
    expect(closed[0]!.status).toBe('applied');
    expect(await reasonOf(id)).toEqual({ stage: 'Closed - No Fit', close_reason: 'Chose a competitor', close_reason_note: 'Went with the big distributor' });
    await send(mutation('opportunities', 'update', id, { stage: 'Initial Outreach' }));
    expect(await reasonOf(id)).toEqual({ stage: 'Initial Outreach', close_reason: null, close_reason_note: null });
  });

  it('refuses a reason that is not on the list, naming the field', async () => {
    const id = randomUUID();
    const [r] = await send(
      mutation('opportunities', 'insert', id, { name: 'Odd reason', organization_id: g.customerId, stage: 'Closed - Stalled', close_reason: 'Aliens' }),
    );
    expect(r).toMatchObject({ status: 'rejected', code: 'invalid', field: 'close_reason' });
  });
});
