/**
 * Batches applied in groups (one transaction per up to GROUP_SIZE mutations,
 * a savepoint per set statement or lone mutation, at most SAVEPOINTS_PER_GROUP),
 * over real HTTP on real PostgreSQL: a rejection in
 * the middle of a group (a rule zod checks, a row that is not there, a CHECK
 * raised by a trigger, a foreign key, a duplicate id) takes only that mutation
 * and every other keeps its result; a replay answers the same and writes
 * nothing twice; the same holds across a group boundary; an id repeated within
 * one batch is answered like a replay of its first use.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import {
  auditRowCount,
  createLoginTenant,
  login,
  mutation,
  postMutations,
  startTestServer,
  type LoginTenant,
  type MutationResult,
  type TestServer,
} from '../testing/test-server.ts';
import { GROUP_SIZE, SAVEPOINTS_PER_GROUP } from './apply-group.ts';

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
type Result = MutationResult;
const post = (token: string, mutations: M[]): Promise<Result[]> =>
  postMutations(t.url, token, mutations);

const count = async (sql: string, params: unknown[]) =>
  (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
const auditRows = (ids: string[]) => auditRowCount(t.db.pool, ids);
const logRows = (deviceId: string) =>
  count('SELECT count(*)::int AS n FROM crm_private.mutation_log WHERE device_id = $1', [deviceId]);

/**
 * Applied results carry the txid of the transaction that applied them: in batch order, at most
 * GROUP_SIZE per transaction, and the very txids the audit rows (and so the shape stream) of
 * those rows carry.
 */
async function expectTransactions(results: Result[], rowIds: string[]): Promise<void> {
  const txids = results.filter((r) => r.status === 'applied').map((r) => Number(r.txid));
  expect([...txids].sort((x, y) => x - y)).toEqual(txids);
  const perTxid = new Map<number, number>();
  for (const x of txids) perTxid.set(x, (perTxid.get(x) ?? 0) + 1);
  expect(Math.max(...perTxid.values())).toBeLessThanOrEqual(GROUP_SIZE);
  const audit = await t.db.pool.query<{ txid: string }>(
    'SELECT DISTINCT (transaction_id % 4294967296)::text AS txid FROM audit_log WHERE record_id = ANY ($1)',
    [rowIds],
  );
  expect(audit.rows.map((r) => Number(r.txid)).sort((x, y) => x - y)).toEqual([...perTxid.keys()]);
}

/** Each recorded rejection has a received_at of its own: the admins' list orders and pages by it. */
async function expectRejectionsApart(deviceId: string, rejections: number): Promise<void> {
  const n = await count(
    `SELECT count(DISTINCT received_at)::int AS n FROM crm_private.mutation_log WHERE device_id = $1 AND status = 'rejected'`,
    [deviceId],
  );
  expect(n).toBe(rejections);
}

/** Mutations that are refused, each for its own reason, as [mutation, code, field]. */
function refusals(): Array<[M, string, string | undefined]> {
  return [
    [mutation('organizations', 'update', g.customerId, { nonsense: 1 }), 'invalid', 'nonsense'],
    [
      mutation('organizations', 'update', randomUUID(), { notes: 'nobody' }),
      'not_found',
      undefined,
    ],
    // A CHECK raised by a trigger: a product's principal must be marked as principal.
    [
      mutation('products', 'insert', randomUUID(), {
        name: 'Not A Principal Sauce',
        principal_id: g.customerId,
      }),
      'invalid',
      'principal_id',
    ],
    // A foreign key to a row that does not exist.
    [
      mutation('contacts', 'insert', randomUUID(), {
        last_name: 'Orphan',
        organization_id: randomUUID(),
      }),
      'invalid',
      'organization_id',
    ],
    // An id that is taken.
    [
      mutation('organizations', 'insert', g.customerId, { name: 'Taken Id Cafe' }),
      'conflict',
      'id',
    ],
  ];
}

describe('a rejection in the middle of a group', () => {
  it('takes only that mutation; every other keeps its result, and a replay answers the same writing nothing twice', async () => {
    const { token, deviceId } = await login(t.url, a.emails.rep);
    const id = randomUUID();
    const contactId = randomUUID();
    const refused = refusals();
    const batch: M[] = [
      mutation('organizations', 'insert', id, { name: 'Middle Cafe' }),
      refused[0]![0],
      mutation('organizations', 'update', id, { notes: 'after a refusal' }),
      refused[1]![0],
      refused[2]![0],
      mutation('contacts', 'insert', contactId, { last_name: 'Kept', organization_id: id }),
      refused[3]![0],
      refused[4]![0],
      mutation('organizations', 'update', id, { city: 'Austin' }),
      mutation('organizations', 'update', id, { city: 'Austin' }),
    ];
    const first = await post(token, batch);
    expect(first.map((r) => [r.status, r.code, r.field])).toEqual([
      ['applied', undefined, undefined],
      ['rejected', refused[0]![1], refused[0]![2]],
      ['applied', undefined, undefined],
      ['rejected', refused[1]![1], refused[1]![2]],
      ['rejected', refused[2]![1], refused[2]![2]],
      ['applied', undefined, undefined],
      ['rejected', refused[3]![1], refused[3]![2]],
      ['rejected', refused[4]![1], refused[4]![2]],
      ['applied', undefined, undefined],
      ['applied', undefined, undefined],
    ]);
    // A rejection closes its transaction; the applied ones after it share the next one.
    expect(first[8]!.txid).toBe(first[9]!.txid);
    expect(first[2]!.txid).not.toBe(first[0]!.txid);
    await expectTransactions(first, [id, contactId]);
    const org = (await t.db.pool.query('SELECT notes, city FROM organizations WHERE id = $1', [id]))
      .rows[0];
    expect(org).toEqual({ notes: 'after a refusal', city: 'Austin' });
    expect(await count('SELECT count(*)::int AS n FROM contacts WHERE id = $1', [contactId])).toBe(
      1,
    );
    expect(
      await count('SELECT count(*)::int AS n FROM products WHERE id = $1', [refused[2]![0].row_id]),
    ).toBe(0);

    await expectRejectionsApart(deviceId, 5);
    const auditBefore = await auditRows([id, contactId, g.customerId]);
    const second = await post(token, batch);
    expect(second).toEqual(first);
    expect(await auditRows([id, contactId, g.customerId])).toBe(auditBefore);
    expect(await logRows(deviceId)).toBe(batch.length);
  });
});

describe('a batch across group boundaries', () => {
  it('behaves the same: refusals on both sides of a boundary, in order, one transaction per group, replayed from the log', async () => {
    const { token, deviceId } = await login(t.url, a.emails.rep);
    // Creates of two shapes in turn: each a lone mutation with its savepoint, so a group
    // holds B = SAVEPOINTS_PER_GROUP of them and the batch crosses group boundaries.
    const B = SAVEPOINTS_PER_GROUP;
    const size = 2 * B + 5;
    const ids = Array.from({ length: size }, () => randomUUID());
    const batch: M[] = ids.map((id, i) =>
      mutation('organizations', 'insert', id, {
        name: `Boundary Bistro ${i}`,
        ...(i % 2 ? { city: 'Reno' } : {}),
      }),
    );
    // Refusals at the last place of the first group, the first of the second, and the last of the batch.
    const refused = refusals();
    const at = new Map<number, [M, string, string | undefined]>([
      [B - 1, refused[2]!],
      [B, refused[4]!],
      [B + 1, refused[0]!],
      [size - 1, refused[3]!],
    ]);
    for (const [i, [m]] of at) batch[i] = m;
    // An update of a row inserted in the previous group, right after the boundary.
    batch[B + 2] = mutation('organizations', 'update', ids[3]!, {
      notes: 'across the boundary',
    });

    const first = await post(token, batch);
    expect(first.map((r) => r.mutation_id)).toEqual(batch.map((m) => m.mutation_id));
    first.forEach((r, i) => {
      const refusal = at.get(i);
      if (refusal)
        expect([i, r.status, r.code, r.field]).toEqual([i, 'rejected', refusal[1], refusal[2]]);
      else expect([i, r.status]).toEqual([i, 'applied']);
    });
    // The first group is one transaction up to its rejection; the rest follow in later ones.
    expect(first[B - 2]!.txid).toBe(first[0]!.txid);
    expect(Number(first[B + 2]!.txid)).toBeGreaterThan(Number(first[0]!.txid));
    expect(new Set(first.map((r) => r.txid).filter(Boolean)).size).toBeGreaterThanOrEqual(
      Math.ceil(size / B),
    );
    await expectTransactions(first, ids);
    await expectRejectionsApart(deviceId, at.size);
    expect(
      (await t.db.pool.query('SELECT notes FROM organizations WHERE id = $1', [ids[3]])).rows[0]
        .notes,
    ).toBe('across the boundary');
    const inserted = ids.filter((_, i) => !at.has(i) && i !== B + 2);
    expect(
      await count('SELECT count(*)::int AS n FROM organizations WHERE id = ANY ($1)', [inserted]),
    ).toBe(inserted.length);

    const auditBefore = await auditRows(ids);
    expect(await post(token, batch)).toEqual(first);
    expect(await auditRows(ids)).toBe(auditBefore);
    expect(await logRows(deviceId)).toBe(size);
  });
});

describe('a mutation_id repeated within one batch', () => {
  it('is answered like a replay of its first use, or as a conflict when its payload differs', async () => {
    const { token, deviceId } = await login(t.url, a.emails.rep);
    const id = randomUUID();
    const insert = mutation('organizations', 'insert', id, { name: 'Twice Cafe' });
    const refusedTwice = mutation('organizations', 'update', id, { nonsense: 2 });
    const results = await post(token, [
      insert,
      refusedTwice,
      { ...insert, created_at: new Date(Date.now() + 1000).toISOString() },
      { ...insert, changes: { name: 'Other Cafe' } },
      refusedTwice,
    ]);
    expect(results[0]).toMatchObject({ status: 'applied' });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'invalid', field: 'nonsense' });
    expect(results[2]).toEqual(results[0]);
    expect(results[3]).toMatchObject({
      status: 'rejected',
      code: 'conflict',
      field: 'mutation_id',
    });
    expect(results[4]).toEqual(results[1]);
    expect(
      (await t.db.pool.query('SELECT name FROM organizations WHERE id = $1', [id])).rows[0].name,
    ).toBe('Twice Cafe');
    expect(await logRows(deviceId)).toBe(2);
  });
});
