/**
 * A batch of same-shaped creates is one group: one set statement, one
 * transaction, one txid for all of it (the tables' statement-level triggers run
 * once). A mutation the statement refuses, deep inside such a run, is found by
 * halving the run: only it is rejected, with its own reason; every other
 * mutation is applied, the ones before it in one transaction and the ones after
 * it in the next; a replay answers the same and writes nothing twice.
 * Real HTTP, real PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmGraph, type CrmGraph } from '../../../server-migrations/testing/fixtures.ts';
import { MAX_MUTATIONS_PER_BATCH } from '../../schema/mutations.ts';
import {
  auditRowCount,
  createLoginTenant,
  login,
  mutation,
  postMutations,
  startTestServer,
  type LoginTenant,
  type TestServer,
} from '../testing/test-server.ts';

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

const contactInsert = (id: string, i: number, organizationId = g.customerId) =>
  mutation('contacts', 'insert', id, {
    last_name: `Grouped ${i}`,
    organization_id: organizationId,
  });

/** Distinct txids of the audit rows of `ids`, as the shape stream carries them. */
async function auditTxids(ids: string[]): Promise<string[]> {
  const { rows } = await t.db.pool.query<{ txid: string }>(
    `SELECT DISTINCT (transaction_id % 4294967296)::text AS txid FROM audit_log
     WHERE record_id = ANY ($1) AND action = 'insert'`,
    [ids],
  );
  return rows.map((r) => r.txid);
}

describe('a full batch of same-shaped creates', () => {
  it('applies in one transaction: every result answers the same txid, the one its audit rows carry', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const ids = Array.from({ length: MAX_MUTATIONS_PER_BATCH }, () => randomUUID());
    const results = await postMutations(
      t.url,
      token,
      ids.map((id, i) => contactInsert(id, i)),
    );
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    const txids = new Set(results.map((r) => r.txid));
    expect(txids.size).toBe(1);
    expect(await auditTxids(ids)).toEqual([...txids]);
    expect(await auditRowCount(t.db.pool, ids)).toBe(ids.length);
  });
});

describe('a refused mutation deep inside a set run', () => {
  it('is the only one rejected, with its reason; the rest apply around it and a replay writes nothing twice', async () => {
    const { token } = await login(t.url, a.emails.rep);
    const ids = Array.from({ length: MAX_MUTATIONS_PER_BATCH }, () => randomUUID());
    const bad = 300;
    // Same columns as the others (so it is in their run); its organization does not exist (a foreign key).
    const batch = ids.map((id, i) => contactInsert(id, i, i === bad ? randomUUID() : g.customerId));
    const first = await postMutations(t.url, token, batch);

    expect(first.map((r) => r.mutation_id)).toEqual(batch.map((m) => m.mutation_id));
    expect(first[bad]).toMatchObject({
      status: 'rejected',
      code: 'invalid',
      field: 'organization_id',
    });
    const others = first.filter((_, i) => i !== bad);
    expect(others.every((r) => r.status === 'applied')).toBe(true);
    // One transaction before the rejection (it ends its transaction), one after.
    const before = new Set(first.slice(0, bad).map((r) => r.txid));
    const after = new Set(first.slice(bad + 1).map((r) => r.txid));
    expect(before.size).toBe(1);
    expect(after.size).toBe(1);
    expect(Number([...after][0])).toBeGreaterThan(Number([...before][0]));

    const applied = ids.filter((_, i) => i !== bad);
    const { rows } = await t.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM contacts WHERE id = ANY ($1)',
      [ids],
    );
    expect(rows[0]!.n).toBe(applied.length);
    expect((await auditTxids(ids)).sort()).toEqual([...before, ...after].sort());
    const audit = await auditRowCount(t.db.pool, ids);
    expect(audit).toBe(applied.length);

    expect(await postMutations(t.url, token, batch)).toEqual(first);
    expect(await auditRowCount(t.db.pool, ids)).toBe(audit);
  });
});
