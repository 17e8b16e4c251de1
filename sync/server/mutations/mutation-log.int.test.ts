/**
 * The mutation log as the idempotency record: a mutation_id reused with any
 * other table, op, row or changes is a `conflict` (the new change must not
 * vanish behind the first one's result); rows logged before the payload hash
 * existed still answer replays; and a value the log itself cannot store
 * rejects that mutation (its change undone) instead of failing the batch.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { authenticate } from '../auth/sessions.ts';
import { call, createLoginTenant, login, mutation, startTestServer, type LoginTenant, type TestServer } from '../testing/test-server.ts';
import { applyGroup } from './apply-group.ts';

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
type Result = { mutation_id: string; status: string; code?: string; field?: string; message?: string; txid?: string };

async function send(...mutations: M[]): Promise<Result[]> {
  const res = await call(t.url, 'POST', '/v1/mutations', { token, body: { mutations } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Result[];
}

const row = async (table: string, id: string) => (await t.db.pool.query(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0];

describe('a reused mutation_id', () => {
  it('is a conflict when anything but created_at differs, and an exact replay still gets the stored result', async () => {
    const id = randomUUID();
    const first = mutation('organizations', 'insert', id, { name: 'First Use Cafe', city: 'Austin' });
    const [applied] = await send(first);
    expect(applied).toMatchObject({ status: 'applied' });

    const reuses: M[] = [
      { ...first, changes: { name: 'First Use Cafe', city: 'Boston' } },
      { ...first, changes: { name: 'First Use Cafe' } },
      { ...first, op: 'update' },
      { ...first, row_id: randomUUID() },
      { ...first, table: 'contacts', changes: { last_name: 'Reused' } },
    ];
    for (const r of await send(...reuses)) {
      expect(r).toMatchObject({ status: 'rejected', code: 'conflict', field: 'mutation_id' });
      expect(r.message).toMatch(/already used/);
    }
    // The same change (keys in another order, a new created_at) is a replay, not a conflict.
    const replay = { ...first, changes: { city: 'Austin', name: 'First Use Cafe' }, created_at: new Date(Date.now() + 1000).toISOString() };
    expect(await send(replay)).toEqual([applied]);
    expect(await row('organizations', id)).toMatchObject({ name: 'First Use Cafe', city: 'Austin' });
  });

  it('answers from a row logged before payload hashes existed (NULL: unknown, treated as matching)', async () => {
    const first = mutation('organizations', 'update', g.customerId, { segment: 'Legacy' });
    const [applied] = await send(first);
    await t.db.pool.query('UPDATE crm_private.mutation_log SET payload_hash = NULL WHERE mutation_id = $1', [first.mutation_id]);
    expect(await send({ ...first, changes: { segment: 'Other' } })).toEqual([applied]);
    expect((await row('organizations', g.customerId)).segment).toBe('Legacy');
  });
});

/** As the route does: group after group until every mutation has its answer. */
async function applyAll(...[client, session, ms]: Parameters<typeof applyGroup>) {
  const out = [];
  while (out.length < ms.length) out.push(...(await applyGroup(client, session, ms.slice(out.length))));
  return out;
}

describe('a value the log cannot store', () => {
  it('rejects that mutation with its field and undoes its change, where the log entry used to fail the batch', async () => {
    // Past zod on purpose (it refuses year 0 at the door): the server must hold even where a rule is missing.
    const session = await authenticate(t.server.db.pool, `Bearer ${token}`, () => {});
    const id = randomUUID();
    const before = randomUUID();
    const after = randomUUID();
    const bad = { ...mutation('organizations', 'insert', id, { name: 'Year Zero Diner' }), created_at: '0000-01-01T00:00:00Z' } as M & { op: 'insert' };
    // In the middle of a group: the group's one record statement fails, and the group is redone recording each on its own.
    const group = [
      mutation('organizations', 'insert', before, { name: 'Before Zero Diner' }),
      bad,
      mutation('organizations', 'insert', after, { name: 'After Zero Diner' }),
    ] as Parameters<typeof applyGroup>[2];
    const client = await t.server.db.pool.connect();
    let results: Result[];
    try {
      results = (await applyAll(client, session, group)) as Result[];
      expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      expect(results[1]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'created_at' });
      expect(results[1]!.message).toMatch(/could not be recorded/);
      // A replay is answered from the record, the same way.
      expect(await applyAll(client, session, group)).toEqual(results);
    } finally {
      client.release();
    }
    expect(await row('organizations', id)).toBeUndefined();
    expect(await row('organizations', before)).toMatchObject({ name: 'Before Zero Diner' });
    expect(await row('organizations', after)).toMatchObject({ name: 'After Zero Diner' });
    const logged = await t.db.pool.query('SELECT status, code, field, client_created_at FROM crm_private.mutation_log WHERE mutation_id = $1', [bad.mutation_id]);
    expect(logged.rows).toEqual([{ status: 'rejected', code: 'invalid', field: 'created_at', client_created_at: null }]);
  });
});
